/**
 * fast-check properties of canUse (issue 3, "Tests"). Histories are built
 * from a fixed catalog prelude plus random catalog and subject commands over
 * a small vocabulary, so that allowed decisions, denials and same-instant
 * ties all occur. Catalog events fall on hour 0 and subject events on hour
 * 12 of a day, so no catalog event shares its `at` with a subject event.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canUse, replay, REASON_CODES, type Decision, type UseQuery } from "../../src/index.js";
import type { Ev } from "./helpers.js";

const RUNS = 200;
const SUBJECTS = ["s1", "s2"] as const;
const PURPOSES = ["marketing", "marketing.email", "marketing.sms", "sales", "research"] as const;
const BASES = ["consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"] as const;
const SOURCES = ["crm", "web-form", "linkedin", "fb", "xing"] as const;
const KIND: Record<string, string> = { crm: "manual", "web-form": "form", linkedin: "social-network", fb: "social-app", xing: "social-network" };
const METHODS = ["opt-in", "double-opt-in", "signature", "pre-ticked", "implied"] as const;
const FIELDS = ["email", "phone"] as const;
const CATEGORY: Record<string, string> = { email: "contact.email", phone: "professional.phone" };
const STAND_ALONE = new Set(["INVALID_QUERY", "HISTORY_INCOMPLETE", "UNKNOWN_SUBJECT", "UNKNOWN_PURPOSE"]);

const DAY = 86_400_000;
const EPOCH = Date.UTC(2024, 0, 1);
/** The instant of day `d` (0 = 2024-01-01) at hour `h`. */
const ts = (d: number, h: number): string => new Date(EPOCH + d * DAY + h * 3_600_000).toISOString().replace(".000Z", "Z");
const DAYS = 40;
const CATALOG_HOUR = 0;
const SUBJECT_HOUR = 12;

const isDm = (p: string) => p === "marketing" || p.startsWith("marketing.");
const covers = (p: string, u: string) => p === u || u.startsWith(p + ".");
const affects = (w: string, u: string) => covers(w, u) || covers(u, w);

/** The fixed catalog every generated history starts with (the day before EPOCH). */
function prelude(): Ev[] {
  const at = ts(-1, CATALOG_HOUR);
  const c = (id: string, type: string, data: Ev): Ev => ({ id, type, at, data });
  return [
    c("pre-1", "PurposeDeclared", { purpose: "marketing", description: "m", legalBases: ["consent"], directMarketing: true }),
    c("pre-2", "PurposeDeclared", { purpose: "marketing.email", description: "m", legalBases: ["consent"] }),
    c("pre-3", "PurposeDeclared", { purpose: "marketing.sms", description: "m", legalBases: ["consent"] }),
    c("pre-4", "PurposeDeclared", { purpose: "sales", description: "s", legalBases: ["contract", "legitimate-interests"] }),
    c("pre-5", "PurposeDeclared", { purpose: "research", description: "r", legalBases: ["legitimate-interests", "consent"] }),
    c("pre-6", "NoticePublished", { notice: "privacy", version: "1", purposes: ["marketing", "sales", "research"] }),
    c("pre-7", "SourceRegistered", { source: "crm", kind: "manual", assessment: "a" }),
    c("pre-8", "SourceRegistered", { source: "web-form", kind: "form", assessment: "a" }),
    c("pre-9", "SourceRegistered", { source: "linkedin", kind: "social-network", assessment: "a" }),
    c("pre-10", "SourceRegistered", { source: "fb", kind: "social-app", assessment: "a", importConsentPurpose: "marketing" }),
    c("pre-11", "AccessPolicyGranted", { policy: "pstaff", role: "staff", purposes: ["marketing", "sales", "research"], categories: ["contact", "professional"] }),
    c("pre-12", "AccountLinked", { account: "acc1", employee: "emp1", source: "linkedin", onDeparture: "keep-company-contacts" }),
  ];
}

// ------------------------------------------------------------ commands

const purposes = fc.subarray([...PURPOSES], { minLength: 1, maxLength: 2 });
const day = fc.integer({ min: 0, max: DAYS });
const subject = fc.constantFrom(...SUBJECTS);

type Cmd = { readonly kind: string; readonly day: number; readonly [k: string]: unknown };

const catalogCmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    kind: fc.constant("declare"),
    day,
    purpose: fc.constantFrom(...PURPOSES),
    legalBases: fc.subarray([...BASES], { minLength: 1, maxLength: 3 }),
    retention: fc.option(fc.constantFrom("P10D", "P1M", "P1Y"), { nil: undefined }),
    consentMaxAge: fc.option(fc.constantFrom("P15D", "P1M"), { nil: undefined }),
    doubleOptIn: fc.option(fc.boolean(), { nil: undefined }),
    originDisclosure: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("retire"), day, purpose: fc.constantFrom(...PURPOSES) }),
  fc.record({ kind: fc.constant("assess"), day, from: fc.constantFrom(...PURPOSES), to: fc.constantFrom(...PURPOSES), compatible: fc.boolean() }),
  fc.record({ kind: fc.constant("notice"), day, version: fc.constantFrom("1", "2"), purposes }),
  fc.record({ kind: fc.constant("source"), day, source: fc.constantFrom(...SOURCES) }),
  fc.record({ kind: fc.constant("retireSource"), day, source: fc.constantFrom(...SOURCES) }),
  fc.record({ kind: fc.constant("policy"), day, policy: fc.constantFrom("pstaff", "p2"), role: fc.constantFrom("staff", "intern"), purposes, categories: fc.subarray(["contact", "contact.email", "professional"], { minLength: 1 }) }),
  fc.record({ kind: fc.constant("revoke"), day, policy: fc.constantFrom("pstaff", "p2") }),
  fc.record({ kind: fc.constant("link"), day, onDeparture: fc.constantFrom("erase", "keep-company-contacts", "keep") }),
  fc.record({ kind: fc.constant("depart"), day }),
);

const subjectCmd: fc.Arbitrary<Cmd> = fc.oneof(
  // A lawful contact: consent for marketing, an e-mail collected on it for marketing and sales, a contract for sales.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("happy"), day, subject, field: fc.constantFrom(...FIELDS), source: fc.constantFrom("crm", "web-form", "linkedin") }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("fact"), day, subject, field: fc.constantFrom(...FIELDS), source: fc.constantFrom(...SOURCES), purposes, basis: fc.constantFrom("consent", "contract", "legitimate-interests"), account: fc.boolean(), companyContact: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("correct"), day, subject, idx: fc.nat(), source: fc.constantFrom(...SOURCES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("erase"), day, subject, idx: fc.nat(), byField: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("consent"), day, subject, purposes, version: fc.constantFrom("1", "1", "2"), method: fc.constantFrom(...METHODS), expires: fc.option(day, { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("confirm"), day, subject, idx: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw"), day, subject, idx: fc.nat(), byId: fc.boolean(), purposes: fc.option(purposes, { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("basis"), day, subject, basis: fc.constantFrom("contract", "legitimate-interests", "legal-obligation"), purposes, ref: fc.constantFrom("r1", "r2"), until: fc.option(day, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("endBasis"), day, subject, idx: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("object"), day, subject, purposes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("liftObjection"), day, subject, purposes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("restrict"), day, subject }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("lift"), day, subject }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("informed"), day, subject, sources: fc.subarray([...SOURCES], { minLength: 1 }) }) },
);

/** Turns commands into events with unique ids (prefix `idp`), referencing facts/consents/references that exist earlier in the log. */
function build(cmds: readonly Cmd[], idp = "e", state = newState()): Ev[] {
  const out: Ev[] = [];
  let n = 0;
  for (const c of cmds) {
    const id = `${idp}${n++}`;
    const cat = (type: string, data: Ev): Ev => ({ id, type, at: ts(c.day, CATALOG_HOUR), data });
    const sub = (type: string, data: Ev): Ev => ({ id, type, at: ts(c.day, SUBJECT_HOUR), subject: c["subject"], data });
    const s = c["subject"] as string | undefined;
    const facts = s === undefined ? [] : (state.facts[s] ??= []);
    const consents = s === undefined ? [] : (state.consents[s] ??= []);
    const refs = s === undefined ? [] : (state.refs[s] ??= []);
    const pick = <T,>(xs: T[]): T | undefined => (xs.length === 0 ? undefined : xs[(c["idx"] as number) % xs.length]);
    switch (c.kind) {
      case "declare": {
        const p = c["purpose"] as string;
        const data: Ev = { purpose: p, description: p, legalBases: c["legalBases"] };
        for (const k of ["retention", "consentMaxAge", "doubleOptIn", "originDisclosure"]) if (c[k] !== undefined) data[k] = c[k];
        if (isDm(p)) data["directMarketing"] = true;
        out.push(cat("PurposeDeclared", data));
        break;
      }
      case "retire":
        out.push(cat("PurposeRetired", { purpose: c["purpose"] }));
        break;
      case "assess":
        out.push(cat("PurposeCompatibilityAssessed", { from: c["from"], to: c["to"], compatible: c["compatible"], rationale: "r" }));
        break;
      case "notice":
        out.push(cat("NoticePublished", { notice: "privacy", version: c["version"], purposes: c["purposes"] }));
        break;
      case "source": {
        const src = c["source"] as string;
        out.push(cat("SourceRegistered", { source: src, kind: KIND[src], assessment: "a", ...(src === "fb" ? { importConsentPurpose: "marketing" } : {}) }));
        break;
      }
      case "retireSource":
        out.push(cat("SourceRetired", { source: c["source"] }));
        break;
      case "policy":
        out.push(cat("AccessPolicyGranted", { policy: c["policy"], role: c["role"], purposes: c["purposes"], categories: c["categories"] }));
        break;
      case "revoke":
        out.push(cat("AccessPolicyRevoked", { policy: c["policy"] }));
        break;
      case "link":
        out.push(cat("AccountLinked", { account: "acc1", employee: "emp1", source: "linkedin", onDeparture: c["onDeparture"] }));
        break;
      case "depart":
        out.push(cat("EmployeeDeparted", { employee: "emp1" }));
        break;
      case "fact": {
        const f = `${id}-f`;
        const field = c["field"] as string;
        facts.push(f);
        const data: Ev = { fact: f, field, value: `${f}@x`, category: CATEGORY[field], source: c["source"], purposes: c["purposes"], basis: c["basis"] };
        if (c["account"] === true && c["source"] === "linkedin") data["account"] = "acc1";
        if (c["companyContact"] === true) data["companyContact"] = true;
        out.push(sub("FactRecorded", data));
        break;
      }
      case "happy": {
        const k = `${id}-k`;
        const f = `${id}-f`;
        consents.push(k);
        facts.push(f);
        refs.push("r1");
        const field = c["field"] as string;
        const at = ts(c.day, SUBJECT_HOUR);
        out.push({ id: `${id}a`, type: "ConsentGranted", at, subject: s, data: { consent: k, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "ev" } });
        out.push({ id: `${id}b`, type: "FactRecorded", at, subject: s, data: { fact: f, field, value: `${f}@x`, category: CATEGORY[field], source: c["source"], purposes: ["marketing", "sales"], basis: "consent" } });
        out.push({ id: `${id}c`, type: "LegalBasisRecorded", at, subject: s, data: { basis: "contract", purposes: ["sales"], reference: "r1" } });
        break;
      }
      case "correct": {
        const f = pick(facts);
        if (f !== undefined) out.push(sub("FactCorrected", { fact: f, value: `${id}@fixed`, source: c["source"] }));
        break;
      }
      case "erase": {
        const f = pick(facts);
        if (f !== undefined) out.push(sub("FactErased", c["byField"] === true ? { field: "email", reason: "r" } : { fact: f, reason: "r" }));
        break;
      }
      case "consent": {
        const k = `${id}-k`;
        consents.push(k);
        const data: Ev = { consent: k, purposes: c["purposes"], notice: "privacy", noticeVersion: c["version"], method: c["method"], channel: "web", evidence: "ev" };
        if (c["expires"] !== undefined) data["expires"] = ts(c["expires"] as number, 6);
        out.push(sub("ConsentGranted", data));
        break;
      }
      case "confirm": {
        const k = pick(consents);
        if (k !== undefined) out.push(sub("ConsentConfirmed", { consent: k, evidence: "click" }));
        break;
      }
      case "withdraw": {
        const k = c["byId"] === true ? pick(consents) : undefined;
        const ps = c["purposes"] as string[] | undefined;
        if (k === undefined && ps === undefined) break;
        const data: Ev = { channel: "email" };
        if (k !== undefined) data["consent"] = k;
        if (ps !== undefined) data["purposes"] = ps;
        out.push(sub("ConsentWithdrawn", data));
        break;
      }
      case "basis": {
        refs.push(c["ref"] as string);
        const data: Ev = { basis: c["basis"], purposes: c["purposes"], reference: c["ref"] };
        if (c["until"] !== undefined) data["until"] = ts(c["until"] as number, 6);
        out.push(sub("LegalBasisRecorded", data));
        break;
      }
      case "endBasis": {
        const r = pick(refs);
        if (r !== undefined) out.push(sub("LegalBasisEnded", { reference: r }));
        break;
      }
      case "object":
        out.push(sub("ObjectionRaised", { purposes: c["purposes"], channel: "letter" }));
        break;
      case "liftObjection":
        out.push(sub("ObjectionWithdrawn", { purposes: c["purposes"], channel: "letter", evidence: "signed" }));
        break;
      case "restrict":
        out.push(sub("ProcessingRestricted", { reason: "r" }));
        break;
      case "lift":
        out.push(sub("RestrictionLifted", { reason: "r" }));
        break;
      case "informed":
        out.push(sub("SubjectInformed", { notice: "privacy", noticeVersion: "1", sources: c["sources"] }));
        break;
    }
  }
  return out;
}

function newState() {
  return { facts: {} as Record<string, string[]>, consents: {} as Record<string, string[]>, refs: {} as Record<string, string[]> };
}

const commands = fc.array(fc.oneof({ weight: 1, arbitrary: catalogCmd }, { weight: 3, arbitrary: subjectCmd }), { maxLength: 40 });
/** A history: the prelude, then random events in random log order (not sorted by at). */
const historyWithState = fc
  .tuple(fc.constantFrom<string[]>(["s1"], ["s2"], ["s1", "s2"], ["s1", "s2"], []), fc.integer({ min: 0, max: 3 }), fc.constantFrom("crm", "linkedin"), commands)
  .map(([seeded, d, src, cmds]) => {
    const state = newState();
    const events = [...prelude(), ...build([...seeded.map((s): Cmd => ({ kind: "happy", day: d, subject: s, field: "email", source: src })), ...cmds], "e", state)];
    return { events, state };
  });
const history = historyWithState.map((x) => x.events);

const query = fc.record({
  subject: subject,
  purpose: fc.constantFrom(...PURPOSES, "marketing.email", "marketing.email", "sales", "unknown"),
  fields: fc.constantFrom(["email"], ["email"], ["phone"], ["email", "phone"]),
  roles: fc.constantFrom(["staff"], ["staff"], ["staff"], ["intern"], ["staff", "intern"]),
  day: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 3, max: DAYS + 5 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }),
  hour: fc.constantFrom(CATALOG_HOUR, SUBJECT_HOUR, 18),
});
type Q = { subject: string; purpose: string; fields: readonly string[]; roles: readonly string[]; day: number; hour: number };
const toQuery = (q: Q, at = ts(q.day, q.hour)): UseQuery => ({ subject: q.subject, purpose: q.purpose, fields: [...q.fields], actor: { id: "u", roles: [...q.roles] }, at });

/** A decision with every reason's eventIds sorted (their order carries no meaning). */
function normal(d: Decision): unknown {
  const r = (x: Decision["reasons"][number]) => ({ ...x, eventIds: [...x.eventIds].sort() });
  return { ...d, reasons: d.reasons.map(r), fields: d.fields.map((f) => ({ ...f, reasons: f.reasons.map(r), ...(f.basis ? { basis: { ...f.basis, eventIds: [...f.basis.eventIds].sort() } } : {}) })) };
}

const standAlone = (d: Decision) => d.reasons.some((r) => STAND_ALONE.has(r.code));

describe("properties of canUse", () => {
  test("the generator is not vacuous: it yields allowed and denied decisions", () => {
    const samples = fc.sample(fc.tuple(history, query), { numRuns: 300, seed: 42 });
    let allowed = 0;
    const codes = new Set<string>();
    for (const [h, q] of samples) {
      const d = canUse(replay(h), toQuery(q));
      if (d.allowed) allowed++;
      for (const r of d.reasons) codes.add(r.code);
    }
    expect(allowed).toBeGreaterThan(30);
    expect(allowed).toBeLessThan(270);
    // Most reason codes occur in generated histories.
    expect(codes.size).toBeGreaterThan(REASON_CODES.length / 2);
  });

  test("no decision is allowed without a basis naming at least one event of the ledger", () => {
    fc.assert(
      fc.property(history, query, (h, q) => {
        const d = canUse(replay(h), toQuery(q));
        const ids = new Set(h.map((e) => e["id"] as string));
        expect(d.allowed).toBe(d.reasons.length === 0);
        for (const f of d.fields) {
          if (!f.allowed) continue;
          expect(f.basis).toBeDefined();
          expect(f.basis!.eventIds.length).toBeGreaterThan(0);
          for (const id of f.basis!.eventIds) expect(ids.has(id)).toBe(true);
        }
        if (d.allowed) expect(d.fields.length).toBeGreaterThan(0);
        else expect(d.obligations).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test("appending valid events dated after T never changes a decision at T (no voids)", () => {
    fc.assert(
      fc.property(historyWithState, commands, query, ({ events: h, state }, more, q) => {
        const t = ts(q.day, q.hour);
        // Later events: shifted after T (day offset beyond q.day), unique ids.
        const shifted = more.map((c) => ({ ...c, day: q.day + 1 + c.day, ...(c["expires"] !== undefined ? { expires: q.day + 1 + (c["expires"] as number) } : {}), ...(c["until"] !== undefined ? { until: q.day + 1 + (c["until"] as number) } : {}) }));
        // Later events may name the facts, consents and references of the history.
        const later = build(shifted, "x", structuredClone(state));
        for (const e of later) expect((e["at"] as string) > t).toBe(true);
        const before = canUse(replay(h), toQuery(q));
        const after = canUse(replay([...h, ...later]), toQuery(q));
        // The answer stays; only how long it holds may shorten (a later event is a boundary of validUntil).
        const { validUntil: untilBefore, ...answerBefore } = before;
        const { validUntil: untilAfter, ...answerAfter } = after;
        expect(normal(answerAfter as typeof after)).toEqual(normal(answerBefore as typeof before));
        if (untilAfter !== undefined && untilBefore !== undefined) expect(untilAfter <= untilBefore).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  test("a restriction at T denies every decision after T until it is lifted", () => {
    fc.assert(
      fc.property(history, query, fc.integer({ min: 0, max: DAYS }), fc.integer({ min: 0, max: 10 }), fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }), (h0, q, rDay, gap, liftAfter) => {
        const h = h0.filter((e) => e["type"] !== "ProcessingRestricted" && e["type"] !== "RestrictionLifted");
        const rAt = ts(rDay, SUBJECT_HOUR);
        const events = [...h, { id: "R", type: "ProcessingRestricted", at: rAt, subject: q.subject, data: { reason: "r" } }];
        let liftAt: string | undefined;
        if (liftAfter !== undefined) {
          liftAt = ts(rDay + gap + liftAfter, SUBJECT_HOUR);
          events.push({ id: "L", type: "RestrictionLifted", at: liftAt, subject: q.subject, data: {} });
        }
        const at = ts(rDay + gap, q.hour);
        fc.pre(at >= rAt && (liftAt === undefined || at < liftAt));
        const d = canUse(replay(events), toQuery(q, at));
        expect(d.allowed).toBe(false);
        if (!standAlone(d)) expect(d.reasons.map((r) => r.code)).toContain("RESTRICTED");
      }),
      { numRuns: RUNS },
    );
  });

  test("an objection at T denies, after T, every direct-marketing use it affects", () => {
    const dmPurpose = fc.constantFrom("marketing", "marketing.email", "marketing.sms");
    fc.assert(
      fc.property(history, query, dmPurpose, dmPurpose, fc.integer({ min: 0, max: DAYS }), fc.integer({ min: 0, max: 10 }), (h0, q, objected, use, oDay, gap) => {
        fc.pre(affects(objected, use));
        const h = h0.filter((e) => e["type"] !== "ObjectionWithdrawn");
        const oAt = ts(oDay, SUBJECT_HOUR);
        const events = [...h, { id: "O", type: "ObjectionRaised", at: oAt, subject: q.subject, data: { purposes: [objected], channel: "letter" } }];
        const at = ts(oDay + gap, q.hour);
        fc.pre(at >= oAt);
        const d = canUse(replay(events), toQuery({ ...q, purpose: use }, at));
        expect(d.allowed).toBe(false);
        if (!standAlone(d)) expect(d.reasons.map((r) => r.code)).toContain("OBJECTED");
      }),
      { numRuns: RUNS },
    );
  });

  test("a withdrawal never turns a denial into an allowed decision", () => {
    fc.assert(
      fc.property(history, query, fc.integer({ min: 0, max: DAYS }), fc.option(purposes, { nil: undefined }), fc.nat(), fc.nat({ max: 1000 }), (h, q, wDay, ps, kIdx, insertAt) => {
        const consentIds = h.filter((e) => e["type"] === "ConsentGranted" && e["subject"] === q.subject).map((e) => (e["data"] as Ev)["consent"] as string);
        const k = consentIds.length > 0 && (ps === undefined || kIdx % 2 === 0) ? consentIds[kIdx % consentIds.length] : undefined;
        fc.pre(k !== undefined || ps !== undefined);
        const data: Ev = { channel: "email" };
        if (k !== undefined) data["consent"] = k;
        if (ps !== undefined) data["purposes"] = ps;
        const w = { id: "W", type: "ConsentWithdrawn", at: ts(wDay, SUBJECT_HOUR), subject: q.subject, data };
        const before = canUse(replay(h), toQuery(q));
        fc.pre(!before.allowed);
        // Anywhere in the log after the consent it names.
        const minPos = k === undefined ? 0 : h.findIndex((e) => e["type"] === "ConsentGranted" && (e["data"] as Ev)["consent"] === k) + 1;
        const pos = minPos + (insertAt % (h.length - minPos + 1));
        const events = [...h.slice(0, pos), w, ...h.slice(pos)];
        expect(canUse(replay(events), toQuery(q)).allowed).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  test("the interleaving of the per-subject and catalog sequences does not matter", () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(), { minLength: 1, maxLength: 200 }), fc.array(query, { minLength: 1, maxLength: 4 }), (h, picks, qs) => {
        // Split into the catalog sequence and one sequence per subject, each keeping its order.
        const seqs = new Map<string, Ev[]>();
        for (const e of h) {
          const key = (e["subject"] as string | undefined) ?? "\u0000catalog";
          const list = seqs.get(key) ?? [];
          list.push(e);
          seqs.set(key, list);
        }
        const queues = [...seqs.values()].map((l) => [...l]);
        const mixed: Ev[] = [];
        let i = 0;
        while (queues.some((qq) => qq.length > 0)) {
          const open = queues.filter((qq) => qq.length > 0);
          mixed.push(open[picks[i++ % picks.length]! % open.length]!.shift()!);
        }
        expect(mixed).toHaveLength(h.length);
        const a = replay(h);
        const b = replay(mixed);
        for (const q of qs) expect(normal(canUse(b, toQuery(q)))).toEqual(normal(canUse(a, toQuery(q))));
      }),
      { numRuns: RUNS },
    );
  });

  test("canUse never throws on any query (fc.anything)", () => {
    const ledgers = [replay([...prelude(), ...build(fc.sample(commands, { numRuns: 1, seed: 7 })[0]!)]), replay([]), replay([null, 1, "x", { type: "FactRecorded" }])];
    fc.assert(
      fc.property(fc.anything(), fc.nat({ max: ledgers.length - 1 }), (q, li) => {
        const d = canUse(ledgers[li]!, q as UseQuery);
        expect(d.allowed).toBe(false);
        expect(d.reasons.length).toBeGreaterThan(0);
        expect(d.obligations).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test("canUse never throws on near-valid queries with odd parts", () => {
    const odd = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined));
    const nearQuery = fc.record({
      subject: fc.oneof(subject, odd),
      purpose: fc.oneof(fc.constantFrom(...PURPOSES), fc.constantFrom("a..b", ".", "x.", ""), odd),
      fields: fc.oneof(fc.subarray([...FIELDS]), fc.array(odd), odd),
      actor: fc.oneof(fc.record({ id: fc.oneof(fc.constant("u"), odd), roles: fc.oneof(fc.constant(["staff"]), fc.array(odd), odd) }), odd),
      at: fc.oneof(fc.constantFrom("2024-01-10T12:00:00Z", "2024-01-10T12:00:00.123Z", "2024-02-30T00:00:00Z", "2024-01-10T12:00:00"), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), odd),
    });
    fc.assert(
      fc.property(history, nearQuery, (h, q) => {
        const d = canUse(replay(h), q as unknown as UseQuery);
        expect(typeof d.allowed).toBe("boolean");
        expect(d.allowed).toBe(d.reasons.length === 0);
        if (d.reasons.some((r) => r.code === "INVALID_QUERY")) expect(d.reasons).toHaveLength(1);
      }),
      { numRuns: RUNS },
    );
  });

  test("canUse never throws on any ledger built from arbitrary items", () => {
    const mutated = fc.tuple(history, fc.array(fc.tuple(fc.nat(), fc.constantFrom("at", "subject", "data", "type", "id", "data.purposes", "data.legalBases", "data.retention", "data.expires", "data.fact"), fc.anything()), { maxLength: 5 })).map(([h, muts]) => {
      const events = h.map((e) => structuredClone(e)) as Record<string, unknown>[];
      for (const [i, key, v] of muts) {
        const e = events[i % events.length]!;
        if (key.startsWith("data.")) {
          const data = e["data"];
          if (typeof data === "object" && data !== null) (data as Record<string, unknown>)[key.slice(5)] = v;
        } else e[key] = v;
      }
      return events;
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.array(fc.anything(), { maxLength: 10 })), query, (events, q) => {
        const d = canUse(replay(events), toQuery(q));
        expect(d.allowed).toBe(d.reasons.length === 0);
      }),
      { numRuns: RUNS },
    );
  });
});
