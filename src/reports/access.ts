import type { InvalidQuery } from "../_internal/invalid.js";
import { covers } from "../_internal/purpose.js";
import { formatTimestamp } from "../_internal/time.js";
import {
  accountLink,
  affects,
  attribute,
  consentCovers,
  consentFailures,
  declarationOf,
  expiryOf,
  fieldState,
  latest,
  legalBasesOf,
  plusDuration,
  purposeInForce,
  recordedBasis,
  sourceInForce,
  sourceRegistration,
  withdrawalOf,
  within,
  type Instant,
  type View,
} from "../_internal/view.js";
import { incompleteRejects, knownSubject, objectionsInForce } from "../decisions/canUse.js";
import type { EventOf, SubjectEvent } from "../events/codecs.js";
import type { ConsentMethod, LegalBasis, SourceKind } from "../events/primitives.js";
import type { Ledger } from "../ledger/ledger.js";
import type { Entry, RejectCode, SubjectState } from "../ledger/types.js";
import { profileAt, type FieldHistoryItem } from "../profile/index.js";
import { usesOf, type RecordedUse } from "../uses/index.js";
import { byTimePos, cmp, deepFreeze, defined, readAt, valueState, type ReadContext, type ValueState } from "./common.js";

/** An unvoided rejected item that makes the person's history incomplete at the report's instant. */
export interface ReportedReject {
  readonly position: number;
  readonly id?: string;
  readonly code: RejectCode;
}

/** Where a value came from. */
export interface ValueOrigin {
  readonly fact: string;
  /** The `FactRecorded` event. */
  readonly eventId: string;
  readonly source: string;
  /** The source's kind (from its registration in force at the recording, else its latest registration). */
  readonly kind?: SourceKind;
  /** True when the source was registered and in force when the value was recorded. */
  readonly registered: boolean;
  /** The reference within the source (a profile URL, a form submission id); may be sealed or forgotten. */
  readonly sourceRef?: string;
  /** The linked account it came through, and the employee that account was linked to at the recording. */
  readonly account?: string;
  readonly accountEmployee?: string;
  readonly recordedBy?: string;
  readonly recordedAt: string;
}

/** The correction that set a current value. */
export interface ValueCorrection {
  readonly eventId: string;
  readonly at: string;
  readonly source: string;
  readonly kind?: SourceKind;
  readonly sourceRef?: string;
  readonly recordedBy?: string;
}

/** How long a value is kept (storage limitation, GDPR Art. 5(1)(e)), as the decisions compute it. */
export interface ValueRetention {
  /** Each collection purpose's retention as declared at the report's instant, and when it ends for this value. */
  readonly purposes: readonly { readonly purpose: string; readonly retention?: string; readonly endsAt?: string }[];
  /**
   * When the value's retention ends: the latest end among its collection
   * purposes when every one of them has a retention; absent when one has none
   * (the value may then be kept while that purpose needs it).
   */
  readonly endsAt?: string;
  /** True when `endsAt` has passed at the report's instant. */
  readonly expired: boolean;
}

/** One field of the person's data. */
export interface ReportedValue {
  readonly field: string;
  /** The data category of its current fact, or of its latest recorded fact when none is current. */
  readonly category: string;
  /**
   * `readable`: `value` is the value; `forgotten`: the value was sealed and its
   * key forgotten; `sealed`: read without the vault; `erased`: no value left.
   */
  readonly state: ValueState | "erased";
  /** The current value (a stand-in when forgotten or sealed); absent when erased. */
  readonly value?: unknown;
  readonly origin?: ValueOrigin;
  readonly correction?: ValueCorrection;
  /** The purposes it was collected for, and the basis of its collection. */
  readonly purposes?: readonly string[];
  readonly basis?: LegalBasis;
  readonly retention?: ValueRetention;
  /** Every recording, correction and erasure of the field (erased values are not kept). */
  readonly history: readonly FieldHistoryItem[];
}

/** What a consent is worth for one of its purposes at the report's instant. */
export interface ConsentPurposeState {
  readonly purpose: string;
  /** True when the consent is effective for this purpose (as `canUse` judges a use). */
  readonly effective: boolean;
  /** Why it is not: consent failure codes (and `PURPOSE_NOT_DECLARED`), each with a detail. */
  readonly problems: readonly { readonly code: string; readonly detail: string }[];
  /** When it stops lasting for this purpose (`expires`, or the purpose's maximum consent age). */
  readonly expiresAt?: string;
}

/** One consent of the person. */
export interface ReportedConsent {
  readonly consent: string;
  readonly eventId: string;
  readonly givenAt: string;
  readonly purposes: readonly string[];
  readonly notice: string;
  readonly noticeVersion: string;
  /** When that notice version was published (at or before the consent), if it was. */
  readonly noticePublishedAt?: string;
  readonly method: ConsentMethod;
  readonly channel: string;
  /** The reference to the proof (may be sealed or forgotten). */
  readonly evidence: string;
  readonly expires?: string;
  readonly confirmations: readonly { readonly at: string; readonly evidence: string; readonly eventId: string }[];
  /** Withdrawals affecting it: naming it, or naming purposes of it after it was given. */
  readonly withdrawals: readonly {
    readonly at: string;
    readonly channel: string;
    /** The purposes withdrawn; absent when the whole consent was withdrawn. */
    readonly purposes?: readonly string[];
    readonly evidence?: string;
    readonly eventId: string;
  }[];
  readonly byPurpose: readonly ConsentPurposeState[];
  /** `effective` for every purpose, `partly-effective`, or `not-effective`. */
  readonly status: "effective" | "partly-effective" | "not-effective";
}

/** A legal basis other than consent recorded for the person. */
export interface ReportedLegalBasis {
  readonly basis: LegalBasis;
  readonly purposes: readonly string[];
  readonly reference: string;
  readonly recordedAt: string;
  readonly until?: string;
  readonly eventId: string;
  readonly ended?: { readonly at: string; readonly eventId: string };
  /** True when it is established at the report's instant (not ended, `until` not reached). */
  readonly inForce: boolean;
}

/** An objection the person raised (GDPR Art. 21). */
export interface ReportedObjection {
  readonly eventId: string;
  readonly at: string;
  readonly channel: string;
  readonly purposes: readonly {
    readonly purpose: string;
    readonly inForce: boolean;
    /** The person's own lift (an `ObjectionWithdrawn` naming a covering purpose). */
    readonly lifted?: { readonly at: string; readonly eventId: string; readonly channel: string };
  }[];
}

/** Restriction of processing (GDPR Art. 18). */
export interface ReportedRestriction {
  readonly restricted: boolean;
  /** When the restriction in force began, and why. */
  readonly since?: string;
  readonly reason?: string;
  readonly history: readonly { readonly kind: "restricted" | "lifted"; readonly at: string; readonly reason?: string; readonly eventId: string }[];
}

/** A purpose the person's data is held or used for. */
export interface ReportedPurpose {
  readonly purpose: string;
  /** False when the purpose was never declared by the report's instant. */
  readonly declared: boolean;
  readonly inForce: boolean;
  readonly description?: string;
  readonly legalBases: readonly LegalBasis[];
  readonly retention?: string;
  readonly consentMaxAge?: string;
  readonly directMarketing?: boolean;
}

/** A source the person's data came from, and whether the person was told. */
export interface ReportedSource {
  readonly source: string;
  readonly kind?: SourceKind;
  /** True for sources of kinds `subject` and `form`: data the person entered themself. */
  readonly ownData: boolean;
  /** The first recording or correction from it. */
  readonly firstAt: string;
  readonly fields: readonly string[];
  /** The first `SubjectInformed` naming it, if any (GDPR Art. 14(2)(f)). */
  readonly disclosed?: { readonly at: string; readonly eventId: string };
}

/** A `SubjectInformed`: the person was told where data came from. */
export interface ReportedDisclosure {
  readonly at: string;
  readonly eventId: string;
  readonly notice: string;
  readonly noticeVersion: string;
  readonly sources: readonly string[];
}

/** What kind of moment a timeline entry is. */
export type TimelineKind =
  | "data-recorded"
  | "data-corrected"
  | "data-erased"
  | "consent-given"
  | "consent-confirmed"
  | "consent-withdrawn"
  | "consent-expired"
  | "basis-recorded"
  | "basis-ended"
  | "objection-raised"
  | "objection-lifted"
  | "restricted"
  | "restriction-lifted"
  | "informed"
  | "use";

/** One moment of the person's history. */
export interface TimelineItem {
  readonly at: string;
  readonly kind: TimelineKind;
  /** The event; absent for a computed moment (a consent's expiry). */
  readonly eventId?: string;
  readonly field?: string;
  readonly fields?: readonly string[];
  readonly purposes?: readonly string[];
  readonly purpose?: string;
  readonly consent?: string;
  readonly source?: string;
  readonly sources?: readonly string[];
  readonly channel?: string;
  readonly actor?: string;
  readonly roles?: readonly string[];
  readonly basis?: LegalBasis;
  readonly reference?: string;
  readonly reason?: string;
}

/** Everything the controller holds about a person at an instant (GDPR Art. 15). */
export interface AccessReport {
  readonly subject: string;
  readonly at: string;
  /** False when nothing about the person was recorded by `at`. */
  readonly known: boolean;
  /** Unvoided rejected items that make the history incomplete at `at` (the report may then miss something). */
  readonly incomplete: readonly ReportedReject[];
  readonly values: readonly ReportedValue[];
  readonly consents: readonly ReportedConsent[];
  readonly legalBases: readonly ReportedLegalBasis[];
  readonly objections: readonly ReportedObjection[];
  readonly restriction: ReportedRestriction;
  readonly purposes: readonly ReportedPurpose[];
  /** Every recorded use (who, when, purpose, fields, basis). */
  readonly uses: readonly RecordedUse[];
  readonly sources: readonly ReportedSource[];
  readonly disclosures: readonly ReportedDisclosure[];
  /** Consents, uses and every other moment, in time order. */
  readonly timeline: readonly TimelineItem[];
}

const ts = (t: number) => formatTimestamp(t);

function sourceKind(v: View, source: string, at: Instant, i: Instant): { kind?: SourceKind; registered: boolean } {
  const inForce = sourceInForce(v, source, at);
  const kind = inForce?.e.data.kind ?? sourceRegistration(v, source, i)?.e.data.kind;
  return kind === undefined ? { registered: inForce !== undefined } : { kind, registered: inForce !== undefined };
}

function reportValues(ledger: Ledger, c: ReadContext, s: SubjectState): ReportedValue[] {
  const { v, size, i } = c;
  const profiles = new Map(profileAt(ledger, s.id, i).map((f) => [f.field, f]));
  const out: ReportedValue[] = [];
  for (const field of [...s.factsByField.keys()].sort(cmp)) {
    const fs = fieldState(s, field, size, i);
    if (fs.recorded.length === 0) continue;
    const history = profiles.get(field)?.history ?? [];
    const f = fs.current;
    if (f === undefined) {
      const last = fs.recorded.reduce((a, b) => (byTimePos(a.rec, b.rec) >= 0 ? a : b));
      out.push({ field, category: last.rec.e.data.category, state: "erased", history: [...history] });
      continue;
    }
    const rec = f.rec;
    const d = rec.e.data;
    const value = fs.correction !== undefined ? fs.correction.e.data.value : d.value;
    const link = d.account === undefined ? undefined : accountLink(v, d.account, rec);
    const origin: ValueOrigin = defined({
      fact: d.fact,
      eventId: rec.e.id,
      source: d.source,
      ...sourceKind(v, d.source, rec, i),
      sourceRef: d.sourceRef,
      account: d.account,
      accountEmployee: link?.e.data.employee,
      recordedBy: rec.e.by,
      recordedAt: rec.e.at,
    }) as ValueOrigin;
    const cor = fs.correction;
    const correction: ValueCorrection | undefined =
      cor === undefined
        ? undefined
        : (defined({
            eventId: cor.e.id,
            at: cor.e.at,
            source: cor.e.data.source,
            kind: sourceKind(v, cor.e.data.source, cor, i).kind,
            sourceRef: cor.e.data.sourceRef,
            recordedBy: cor.e.by,
          }) as ValueCorrection);
    // Retention as the decisions compute it: from the recording, with retentions as declared at T.
    const purposes = d.purposes.map((p) => {
      const retention = attribute(v, p, "retention", i);
      const end = plusDuration(rec.t, retention);
      return defined({ purpose: p, retention, endsAt: end === undefined ? undefined : ts(end) }) as ValueRetention["purposes"][number];
    });
    const ends = d.purposes.map((p) => plusDuration(rec.t, attribute(v, p, "retention", i)));
    const all = ends.every((e): e is number => e !== undefined);
    const end = all ? Math.max(...(ends as number[])) : undefined;
    const retention: ValueRetention = defined({
      purposes,
      endsAt: end === undefined ? undefined : ts(end),
      expired: end !== undefined && !(c.t < end),
    }) as ValueRetention;
    out.push(
      defined({
        field,
        category: d.category,
        state: valueState(value),
        value,
        origin,
        correction,
        purposes: [...d.purposes],
        basis: d.basis,
        retention,
        history: [...history],
      }) as ReportedValue,
    );
  }
  return out;
}

function reportConsents(c: ReadContext, s: SubjectState): ReportedConsent[] {
  const { v, size, i } = c;
  const consents = [...s.consents.values()].filter((k) => within(k.grant, size, i)).sort((a, b) => byTimePos(a.grant, b.grant));
  return consents.map((k) => {
    const g = k.grant;
    const d = g.e.data;
    const pub = latest(v.cat.notices.get(`${d.notice}\u0000${d.noticeVersion}`), size, g);
    const withdrawals = [
      ...k.withdrawals.filter((w) => within(w, size, i)),
      ...s.purposeWithdrawals.filter(
        (w) => within(w, size, i) && byTimePos(g, w) < 0 && w.e.data.purposes!.some((p) => d.purposes.some((q) => affects(p, q))),
      ),
    ].sort(byTimePos);
    const byPurpose: ConsentPurposeState[] = d.purposes.map((p) => {
      const problems: { code: string; detail: string }[] = [];
      if (!consentCovers(v, k, p)) problems.push({ code: "PURPOSE_NOT_DECLARED", detail: `the purpose ${p} was not declared when the consent was given` });
      for (const f of consentFailures(v, s, k, p, i, "use")) problems.push({ code: f.code, detail: f.detail });
      const exp = expiryOf(v, k, p, i);
      return defined({ purpose: p, effective: problems.length === 0, problems, expiresAt: exp === undefined ? undefined : ts(exp.at) }) as ConsentPurposeState;
    });
    const n = byPurpose.filter((p) => p.effective).length;
    return defined({
      consent: d.consent,
      eventId: g.e.id,
      givenAt: g.e.at,
      purposes: [...d.purposes],
      notice: d.notice,
      noticeVersion: d.noticeVersion,
      noticePublishedAt: pub?.e.at,
      method: d.method,
      channel: d.channel,
      evidence: d.evidence,
      expires: d.expires,
      confirmations: k.confirmations.filter((x) => within(x, size, i)).map((x) => ({ at: x.e.at, evidence: x.e.data.evidence, eventId: x.e.id })),
      withdrawals: withdrawals.map(
        (w) =>
          defined({
            at: w.e.at,
            channel: w.e.data.channel,
            purposes: w.e.data.purposes === undefined ? undefined : [...w.e.data.purposes],
            evidence: w.e.data.evidence,
            eventId: w.e.id,
          }) as ReportedConsent["withdrawals"][number],
      ),
      byPurpose,
      status: n === byPurpose.length ? "effective" : n === 0 ? "not-effective" : "partly-effective",
    }) as ReportedConsent;
  });
}

function reportBases(c: ReadContext, s: SubjectState): ReportedLegalBasis[] {
  const { v, size, i } = c;
  return s.bases
    .filter((b) => within(b, size, i))
    .map((b) => {
      const d = b.e.data;
      const end = s.basisEnds.find((x) => x.e.data.reference === d.reference && within(x, size, i) && byTimePos(b, x) < 0);
      const inForce = recordedBasis(v, s, d.basis, d.purposes[0]!, i).includes(b);
      return defined({
        basis: d.basis,
        purposes: [...d.purposes],
        reference: d.reference,
        recordedAt: b.e.at,
        until: d.until,
        eventId: b.e.id,
        ended: end === undefined ? undefined : { at: end.e.at, eventId: end.e.id },
        inForce,
      }) as ReportedLegalBasis;
    });
}

function reportObjections(c: ReadContext, s: SubjectState): ReportedObjection[] {
  const { v, size, i } = c;
  const list = s.objections.filter((e) => within(e, size, i));
  const out: ReportedObjection[] = [];
  for (const e of list) {
    if (e.e.type !== "ObjectionRaised") continue;
    const raised = e as Entry<EventOf<"ObjectionRaised">>;
    out.push({
      eventId: raised.e.id,
      at: raised.e.at,
      channel: raised.e.data.channel,
      purposes: raised.e.data.purposes.map((p) => {
        const inForce = objectionsInForce(v, s, p, i).some((o) => o.purpose === p && o.eventId === raised.e.id);
        const lift = inForce
          ? undefined
          : (list.find((w) => w.e.type === "ObjectionWithdrawn" && byTimePos(raised, w) < 0 && w.e.data.purposes.some((x) => covers(x, p))) as
              | Entry<EventOf<"ObjectionWithdrawn">>
              | undefined);
        return defined({ purpose: p, inForce, lifted: lift === undefined ? undefined : { at: lift.e.at, eventId: lift.e.id, channel: lift.e.data.channel } }) as ReportedObjection["purposes"][number];
      }),
    });
  }
  return out;
}

function reportRestriction(c: ReadContext, s: SubjectState): ReportedRestriction {
  const { size, i } = c;
  const history = s.restrictions
    .filter((e) => within(e, size, i))
    .map((e) => defined({ kind: e.e.type === "ProcessingRestricted" ? "restricted" : "lifted", at: e.e.at, reason: e.e.data.reason, eventId: e.e.id }) as ReportedRestriction["history"][number]);
  const cur = latest(s.restrictions, size, i);
  if (cur === undefined || cur.e.type !== "ProcessingRestricted") return { restricted: false, history };
  return { restricted: true, since: cur.e.at, reason: cur.e.data.reason, history };
}

function reportPurposes(c: ReadContext, names: Iterable<string>): ReportedPurpose[] {
  const { v, i } = c;
  return [...new Set(names)].sort(cmp).map((p) => {
    const decl = declarationOf(v, p, i);
    return defined({
      purpose: p,
      declared: decl !== undefined,
      inForce: purposeInForce(v, p, i),
      description: decl?.e.data.description,
      legalBases: [...legalBasesOf(v, p, i)],
      retention: attribute(v, p, "retention", i),
      consentMaxAge: attribute(v, p, "consentMaxAge", i),
      directMarketing: attribute(v, p, "directMarketing", i),
    }) as ReportedPurpose;
  });
}

function reportSources(c: ReadContext, s: SubjectState): ReportedSource[] {
  const { v, size, i } = c;
  const seen = new Map<string, { kind?: SourceKind; firstAt: string; first: { t: number; pos: number }; fields: Set<string> }>();
  const note = (source: string, at: Entry, field: string) => {
    const cur = seen.get(source);
    if (cur === undefined || byTimePos(at, cur.first) < 0) {
      const kind = sourceKind(v, source, at, i).kind;
      const fields = cur?.fields ?? new Set<string>();
      fields.add(field);
      seen.set(source, defined({ kind, firstAt: at.e.at, first: at, fields }) as never);
    } else cur.fields.add(field);
  };
  for (const f of s.facts.values()) {
    if (!within(f.rec, size, i)) continue;
    note(f.rec.e.data.source, f.rec, f.rec.e.data.field);
    for (const x of f.corrections) if (within(x, size, i)) note(x.e.data.source, x, f.rec.e.data.field);
  }
  const informed = s.informed.filter((x) => within(x, size, i));
  return [...seen.entries()]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([source, x]) => {
      const disc = informed.find((e) => e.e.data.sources.includes(source));
      return defined({
        source,
        kind: x.kind,
        ownData: x.kind === "subject" || x.kind === "form",
        firstAt: x.firstAt,
        fields: [...x.fields].sort(cmp),
        disclosed: disc === undefined ? undefined : { at: disc.e.at, eventId: disc.e.id },
      }) as ReportedSource;
    });
}

function timelineOf(c: ReadContext, s: SubjectState): TimelineItem[] {
  const { size, i } = c;
  const items: { t: number; pos: number; item: TimelineItem }[] = [];
  // A correction or erasure names its fact; its field is known only when the recording counts at T.
  const fieldOfFact = (fact: string | undefined) => {
    const f = fact === undefined ? undefined : s.facts.get(fact);
    return f !== undefined && within(f.rec, size, i) ? f.rec.e.data.field : undefined;
  };
  for (const entry of s.events as Entry<SubjectEvent>[]) {
    if (!within(entry, size, i)) continue;
    const e = entry.e;
    const base = { at: e.at, eventId: e.id };
    let item: TimelineItem | undefined;
    switch (e.type) {
      case "FactRecorded":
        item = { ...base, kind: "data-recorded", field: e.data.field, source: e.data.source, purposes: [...e.data.purposes] };
        break;
      case "FactCorrected":
        item = defined({ ...base, kind: "data-corrected", field: fieldOfFact(e.data.fact), source: e.data.source }) as TimelineItem;
        break;
      case "FactErased":
        item = defined({ ...base, kind: "data-erased", field: e.data.field ?? fieldOfFact(e.data.fact), reason: e.data.reason }) as TimelineItem;
        break;
      case "ConsentGranted":
        item = { ...base, kind: "consent-given", consent: e.data.consent, purposes: [...e.data.purposes], channel: e.data.channel };
        break;
      case "ConsentConfirmed":
        item = { ...base, kind: "consent-confirmed", consent: e.data.consent };
        break;
      case "ConsentWithdrawn":
        item = defined({ ...base, kind: "consent-withdrawn", consent: e.data.consent, purposes: e.data.purposes === undefined ? undefined : [...e.data.purposes], channel: e.data.channel }) as TimelineItem;
        break;
      case "LegalBasisRecorded":
        item = { ...base, kind: "basis-recorded", basis: e.data.basis, purposes: [...e.data.purposes], reference: e.data.reference };
        break;
      case "LegalBasisEnded":
        item = { ...base, kind: "basis-ended", reference: e.data.reference };
        break;
      case "ObjectionRaised":
        item = { ...base, kind: "objection-raised", purposes: [...e.data.purposes], channel: e.data.channel };
        break;
      case "ObjectionWithdrawn":
        item = { ...base, kind: "objection-lifted", purposes: [...e.data.purposes], channel: e.data.channel };
        break;
      case "ProcessingRestricted":
        item = { ...base, kind: "restricted", reason: e.data.reason };
        break;
      case "RestrictionLifted":
        item = defined({ ...base, kind: "restriction-lifted", reason: e.data.reason }) as TimelineItem;
        break;
      case "SubjectInformed":
        item = { ...base, kind: "informed", sources: [...e.data.sources] };
        break;
      case "UseRecorded":
        item = { ...base, kind: "use", purpose: e.data.purpose, fields: [...e.data.fields], actor: e.data.actor, roles: [...e.data.roles] };
        break;
    }
    if (item !== undefined) items.push({ t: entry.t, pos: entry.pos, item });
  }
  // Computed moments: a consent stopping to last (by `expires` or a maximum age) by T.
  const { v } = c;
  for (const k of s.consents.values()) {
    if (!within(k.grant, size, i)) continue;
    const byInstant = new Map<number, string[]>();
    for (const p of k.grant.e.data.purposes) {
      const exp = expiryOf(v, k, p, i);
      if (exp === undefined || !(exp.at <= c.t)) continue;
      // A consent withdrawn for the purpose before it expired does not expire again.
      const w = withdrawalOf(v, s, k, p, i);
      if (w !== undefined && w.t <= exp.at) continue;
      const list = byInstant.get(exp.at) ?? [];
      list.push(p);
      byInstant.set(exp.at, list);
    }
    for (const [t, purposes] of byInstant) {
      items.push({ t, pos: -1, item: { at: ts(t), kind: "consent-expired", consent: k.grant.e.data.consent, purposes } });
    }
  }
  items.sort(byTimePos);
  return items.map((x) => x.item);
}

/**
 * Everything the controller holds about a person as it stood at `at` (GDPR
 * Art. 15): every value with its category, origin (source, kind, reference,
 * linked account), collection purposes and basis, its history of corrections
 * and erasures, and when its retention ends; every consent with its notice,
 * method, channel, evidence reference, confirmations, withdrawals and expiry;
 * legal bases, objections, restriction; the purposes involved with their
 * retention; every recorded use; the sources and whether the person was told
 * of them; and a timeline. A pure function of the ledger: only events with
 * `at` ≤ `at` count. Sealed values (read without the vault) and forgotten
 * values (key shredded) are shown as such, never decrypted here.
 *
 * @example
 * ```ts
 * import { accessReport, renderAccessReport, replay } from "lawful-crm";
 * const report = accessReport(replay(events), "anna", { at: "2024-06-01T00:00:00Z" });
 * console.log(report.values.map((v) => `${v.field}: ${v.origin?.source}`));
 * const html = renderAccessReport(report, "html"); // send this to the person
 * ```
 */
export function accessReport(ledger: Ledger, subject: string, options: { readonly at: string }): AccessReport | InvalidQuery {
  const c = readAt(ledger, options?.at, "accessReport");
  if ("error" in c) return c;
  const { store, size, i } = c;
  const s = store.subjects.get(subject);
  const incomplete = incompleteRejects(store, size, subject, c.t).map((r) => defined({ position: r.position, id: r.id, code: r.code }) as ReportedReject);
  const known = knownSubject(s, size, i);
  if (s === undefined || !known) {
    return deepFreeze({
      subject,
      at: c.at,
      known: false,
      incomplete,
      values: [],
      consents: [],
      legalBases: [],
      objections: [],
      restriction: { restricted: false, history: [] },
      purposes: [],
      uses: [],
      sources: [],
      disclosures: [],
      timeline: [],
    });
  }
  const values = reportValues(ledger, c, s);
  const consents = reportConsents(c, s);
  const legalBases = reportBases(c, s);
  const objections = reportObjections(c, s);
  const uses = usesOf(ledger, subject, { to: c.at });
  const purposeNames: string[] = [];
  for (const f of s.facts.values()) if (within(f.rec, size, i)) purposeNames.push(...f.rec.e.data.purposes);
  for (const k of consents) purposeNames.push(...k.purposes);
  for (const b of legalBases) purposeNames.push(...b.purposes);
  for (const o of objections) purposeNames.push(...o.purposes.map((p) => p.purpose));
  for (const u of uses) purposeNames.push(u.purpose);
  const disclosures = s.informed
    .filter((x) => within(x, size, i))
    .map((x) => ({ at: x.e.at, eventId: x.e.id, notice: x.e.data.notice, noticeVersion: x.e.data.noticeVersion, sources: [...x.e.data.sources] }));
  return deepFreeze({
    subject,
    at: c.at,
    known: true,
    incomplete,
    values,
    consents,
    legalBases,
    objections,
    restriction: reportRestriction(c, s),
    purposes: reportPurposes(c, purposeNames),
    uses: uses.map((u) => ({ ...u, roles: [...u.roles], fields: [...u.fields], bases: u.bases.map((b) => ({ ...b, eventIds: [...b.eventIds] })) })),
    sources: reportSources(c, s),
    disclosures,
    timeline: timelineOf(c, s),
  });
}
