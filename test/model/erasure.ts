/**
 * The naive model of `erasureDue` (issue 14, part 3), written from the
 * issue's text on top of the model's walk and its catalog and consent rules
 * (test/model/model.ts). Like the rest of the model it re-reads the whole
 * log with plain filters, and finds "since" by judging every instant at
 * which anything in the log happens or a period ends.
 */
import { before, closureOf, coversP, latestOf, membersAt, mergeOf, ms, plus, rulesOf, upTo, walk, type Ev, type Instant } from "./model.js";

/** The five codes (issue 14: "reason codes are the five above"). */
export const MODEL_ERASURE_CODES = ["COLLECTION_CONSENT_WITHDRAWN", "OWNER_DEPARTED", "UNLAWFUL_COLLECTION", "RETENTION_EXPIRED", "OBJECTED"] as const;

export interface ModelErasureItem {
  subject: string;
  fact: string;
  field: string;
  /** The codes that hold at `at`, in the order above. */
  codes: string[];
  /** Epoch ms. */
  since: number;
  /** Ids of the events that hold the value. */
  heldIn: string[];
  /** The id of an erasure of the fact the log holds, dated after `at`, when there is one (then no command). */
  erasedBy?: string;
  /** For a kept item: the basis that keeps it. */
  keptBy?: "legal-obligation" | "public-task";
  /** For a kept item: the LegalBasisRecorded events that may keep it. */
  keepers?: string[];
}

export interface ModelErasureDue {
  due: ModelErasureItem[];
  kept: ModelErasureItem[];
  /** The incomplete subjects, each with the rejects that make it so (their ids, `#<position>` without one). */
  incomplete: { subject: string; rejects: string[] }[];
}

/** `erasureDue(ledger, { at })` by the text; undefined for a malformed `at`. */
export function modelErasureDue(log: readonly unknown[], at: string): ModelErasureDue | undefined {
  const T = ms(at);
  if (T === undefined) return undefined;
  const items = walk(log);
  const all = items.filter((i) => i.status === "accepted").map((i) => i.ev!);
  // "It judges each subject whose history is complete at at; subjects whose history is incomplete at at (and
  // all subjects when the catalog is) are listed under incomplete with the rejects that make them so, and get
  // no items." A subject is in the list at `at` when it has an accepted event by then, or a reject of its own
  // marks it by then (the engine's documented reading).
  // issue 14: "For a merged-away subject the items appear under the survivor": a survivor is judged on its merged
  // history at `at`, with the marks of every subject merged into it by then.
  const merges = all.filter((e) => e.type === "SubjectsMerged");
  const members = (S: string) => membersAt(S, merges, T);
  const marking = (S: string) =>
    items.filter((i) => i.status === "rejected" && !i.voided && i.marks.some((m) => (m.scope === "catalog" || members(S).includes(m.scope)) && m.from <= T));
  const ownMark = (S: string) => items.some((i) => i.status === "rejected" && !i.voided && i.marks.some((m) => m.scope === S && m.from <= T));
  const subjects = new Set<string>();
  for (const e of all) if (e.subject !== undefined && e.t <= T) subjects.add(e.subject);
  for (const i of items) for (const m of i.marks) if (m.scope !== "catalog" && ownMark(m.scope)) subjects.add(m.scope);
  const out: ModelErasureDue = { due: [], kept: [], incomplete: [] };
  for (const S of [...subjects].sort()) {
    const away = mergeOf(S, merges);
    if (away !== undefined && away.t <= T) continue;
    const rejects = marking(S);
    if (rejects.length > 0) {
      out.incomplete.push({ subject: S, rejects: rejects.map((i) => i.id ?? `#${i.pos}`) });
      continue;
    }
    judgeSubject(all, S, T, out, members(S));
  }
  const order = (a: ModelErasureItem, b: ModelErasureItem) => a.since - b.since || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0) || (a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : 0);
  out.due.sort(order);
  out.kept.sort(order);
  return out;
}

function judgeSubject(all: Ev[], S: string, T: number, out: ModelErasureDue, members: readonly string[]): void {
  const rules = rulesOf(all, S, members);
  const { cat, subj, attr, legalBases, inForce, registration, link, grants, validForCollection, lasts } = rules;
  const NOW: Instant = { t: T, pos: Infinity };
  const everyMember = closureOf(S, all.filter((e) => e.type === "SubjectsMerged"));
  const erasedBy = (f: Ev, i: Instant) =>
    subj("FactErased").filter((x) => upTo(x, i) && before(f, x) && (x.data.fact === f.data.fact || x.data.field === f.data.field));

  /** The codes that hold for fact `f` at instant `i`, independently of any use purpose. */
  const codesAt = (f: Ev, i: Instant): string[] => {
    const R: Instant = { t: f.t, pos: f.pos };
    const d = f.data;
    const codes: string[] = [];
    const icp: string | undefined = registration(d.source, R)?.data.importConsentPurpose;
    const validAtRec = (p: string) => grants.filter((c) => validForCollection(c, p, R));
    // COLLECTION_CONSENT_WITHDRAWN: "the condition under which canUse gives that per-field reason (the consents
    // its collection rested on are withdrawn or expired), before canUse's exception for uses on a legal
    // obligation or public task".
    let lost = false;
    if (d.basis === "consent") {
      const those = grants.filter((c) => d.purposes.some((p: string) => validForCollection(c, p, R)));
      if (those.length > 0 && !those.some((c) => d.purposes.some((p: string) => validForCollection(c, p, i)))) lost = true;
    }
    if (icp !== undefined) {
      const those = validAtRec(icp);
      if (those.length > 0 && !those.some((c) => validForCollection(c, icp, i))) lost = true;
    }
    if (lost) codes.push("COLLECTION_CONSENT_WITHDRAWN");
    // OWNER_DEPARTED: "the departure agreement of the account it came through no longer allows keeping it".
    const l = d.account === undefined ? undefined : link(d.account, R);
    if (
      l !== undefined &&
      cat("EmployeeDeparted").some((e) => e.data.employee === l.data.employee && upTo(e, i)) &&
      (l.data.onDeparture === "erase" || (l.data.onDeparture === "keep-company-contacts" && d.companyContact !== true))
    )
      codes.push("OWNER_DEPARTED");
    // UNLAWFUL_COLLECTION: "as canUse defines it".
    if (
      !d.purposes.some((p: string) => inForce(p, R) && legalBases(p, R).includes(d.basis)) ||
      (icp !== undefined && validAtRec(icp).length === 0) ||
      (d.basis === "consent" && !d.purposes.some((p: string) => validAtRec(p).length > 0))
    )
      codes.push("UNLAWFUL_COLLECTION");
    // RETENTION_EXPIRED: "the retention period of every one of the fact's collection purposes has ended (a
    // collection purpose without a retention period never ends)".
    if (d.purposes.every((p: string) => attr(p, "retention", i) !== undefined && !lasts(f, attr(p, "retention", i), i))) codes.push("RETENTION_EXPIRED");
    // OBJECTED: "every collection purpose of the fact is a direct-marketing purpose (directMarketing: true)
    // affected by an objection in force, by the decisions' rule of which objections affect which purposes".
    const objected = (p: string) =>
      subj("ObjectionRaised").some(
        (o) =>
          upTo(o, i) &&
          o.data.purposes.some(
            (w: string) =>
              (coversP(w, p) || coversP(p, w)) &&
              !subj("ObjectionWithdrawn").some((x) => upTo(x, i) && before(o, x) && x.data.purposes.some((q: string) => coversP(q, w))),
          ),
      );
    if (d.purposes.every((p: string) => attr(p, "directMarketing", i) === true && objected(p))) codes.push("OBJECTED");
    return codes;
  };

  // "An item is listed under kept instead of as due when a LegalBasisRecorded with basis legal-obligation or
  // public-task is established for the subject at at (recorded, not ended, before until) whose purposes cover
  // one of the fact's collection purposes, or a purpose that a compatibility assessment in force at at makes
  // compatible with one of them by the decisions' compatibility rule."
  const assessments = cat("PurposeCompatibilityAssessed").filter((a) => a.t <= T);
  const inForceAssessments = assessments.filter((a) => latestOf(assessments.filter((b) => b.data.from === a.data.from && b.data.to === a.data.to)) === a);
  const compatible = (collected: string[], x: string) => {
    const applicable = inForceAssessments.filter((a) => collected.some((p) => coversP(a.data.from, p)) && coversP(a.data.to, x));
    return applicable.some((a) => a.data.compatible === true) && !applicable.some((a) => a.data.compatible === false);
  };
  // Every purpose the log names: a purpose under a basis purpose that no assessment names behaves as one it names.
  const named = new Set<string>();
  for (const e of all) {
    const d = e.data ?? {};
    for (const k of ["purpose", "from", "to", "importConsentPurpose"]) if (typeof d[k] === "string") named.add(d[k]);
    if (Array.isArray(d.purposes)) for (const p of d.purposes) named.add(p);
  }
  const keepers = (f: Ev, basis: string) =>
    subj("LegalBasisRecorded").filter(
      (b) =>
        b.t <= T &&
        b.data.basis === basis &&
        !subj("LegalBasisEnded").some((x) => x.t <= T && x.data.reference === b.data.reference && before(b, x)) &&
        (b.data.until === undefined || T < ms(b.data.until)!) &&
        b.data.purposes.some(
          (p: string) => f.data.purposes.some((c: string) => coversP(p, c)) || [p, ...named].some((x) => coversP(p, x) && compatible(f.data.purposes, x)),
        ),
    );

  // Every instant at which a code may change: each event's at, each retention's end, each consent's expiry.
  const durations = (key: string) => [...new Set(cat("PurposeDeclared").map((e) => e.data[key]).filter((x): x is string => typeof x === "string"))];
  const momentsFor = (f: Ev): number[] => {
    const ts = new Set<number>([f.t]);
    for (const e of all) ts.add(e.t);
    for (const r of durations("retention")) ts.add(plus(f.at, r));
    for (const g of grants) {
      if (g.data.expires !== undefined) ts.add(ms(g.data.expires)!);
      for (const m of durations("consentMaxAge")) ts.add(plus(g.at, m));
    }
    return [...ts].filter((x) => x >= f.t && x <= T).sort((a, b) => b - a);
  };

  // "One item per subject and fact that is the current fact of its field at at (not erased, not superseded)."
  for (const field of new Set(subj("FactRecorded").filter((f) => f.t <= T).map((f) => f.data.field as string))) {
    const current = latestOf(subj("FactRecorded").filter((f) => f.data.field === field && f.t <= T && erasedBy(f, NOW).length === 0));
    if (current === undefined) continue;
    const codes = codesAt(current, NOW);
    if (codes.length === 0) continue;
    // "since (the start of the latest uninterrupted stretch up to at during which at least one of its conditions held)".
    let since = T;
    for (const m of momentsFor(current)) {
      if (codesAt(current, { t: m, pos: Infinity }).length === 0) break;
      since = m;
    }
    const heldIn = [current, ...subj("FactCorrected").filter((c) => c.data.fact === current.data.fact)].sort((a, b) => a.t - b.t || a.pos - b.pos).map((e) => e.id);
    const item: ModelErasureItem = { subject: S, fact: current.data.fact, field, codes, since, heldIn };
    const basis = (["legal-obligation", "public-task"] as const).find((b) => keepers(current, b).length > 0);
    if (basis !== undefined) {
      out.kept.push({ ...item, keptBy: basis, keepers: keepers(current, basis).map((b) => b.id) });
      continue;
    }
    // "when the log already holds an erasure of that fact dated after at (so no such command can be accepted), the
    // item names that erasure": replay's FACT_ERASED check reads the history with every merge into S counted, whatever
    // its at, so an erasure about a subject merged into S after at counts too, though it may be dated before at.
    const later = all
      .filter((x) => x.type === "FactErased" && x.subject !== undefined && everyMember.includes(x.subject))
      .filter((x) => before(current, x) && (x.data.fact === current.data.fact || x.data.field === field))
      .sort((a, b) => a.t - b.t || a.pos - b.pos)[0];
    out.due.push(later === undefined ? item : { ...item, erasedBy: later.id });
  }
}
