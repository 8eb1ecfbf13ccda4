/**
 * Differential test (issue 7): for every generated history and query, the
 * engine (replay + canUse) and the naive model (test/model/model.ts) agree
 * on `allowed`, on the set of reason codes and on the obligations — and, a
 * little beyond the issue's minimum, on the decision's head, each field's
 * `allowed` and basis, and the rejected events HISTORY_INCOMPLETE names.
 *
 * FUZZ_RUNS sets the number of histories (default 2,000; `npm run test:deep`
 * runs 200,000). A disagreement found once becomes a plain regression test
 * in test/model/regressions.test.ts with the shrunk history.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apply, canUse, isInvalidQuery, recordUse, replay, subjectsUsableFor, usableFields, type Decision, type Ledger, type UseQuery } from "../../src/index.js";
import { INDEXING } from "../../src/ledger/index.js";
import { arrivalArb, backdated, scenarioArb } from "./arbitraries.js";
import { comparable } from "./compare.js";
import { before, coversP, modelCanUse, ms, queryError, walk, type Ev, type ModelDecision } from "./model.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 2000);
const SEED = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);
const seeded = SEED === undefined ? {} : { seed: SEED };

/** Codes whose reason rests on an absence: they name no event. */
const NAMES_NOTHING = new Set(["INVALID_QUERY", "UNKNOWN_SUBJECT", "UNKNOWN_PURPOSE", "NO_DATA", "NO_LEGAL_BASIS"]);
/** Event types a reason with this code must name among the events it rests on. */
const MUST_NAME: Record<string, string[]> = {
  RESTRICTED: ["ProcessingRestricted"],
  OBJECTED: ["ObjectionRaised"],
  PURPOSE_RETIRED: ["PurposeRetired"],
  ERASED: ["FactErased"],
  OWNER_DEPARTED: ["FactRecorded", "AccountLinked", "EmployeeDeparted"],
  COLLECTION_CONSENT_WITHDRAWN: ["FactRecorded", "ConsentGranted"],
  CONSENT_NOT_ACTIVE: ["ConsentGranted"],
  CONSENT_UNINFORMED: ["ConsentGranted"],
  CONSENT_UNCONFIRMED: ["ConsentGranted"],
  CONSENT_WITHDRAWN: ["ConsentGranted", "ConsentWithdrawn"],
  CONSENT_EXPIRED: ["ConsentGranted"],
  NO_SPECIAL_CONDITION: ["FactRecorded", "SpecialCategoryDeclared"],
};
/** Per-field codes about the field's value: they name the recording of that value. */
const NAMES_FACT = new Set(["ACCESS_DENIED", "UNKNOWN_SOURCE", "UNLAWFUL_COLLECTION", "OWNER_DEPARTED", "COLLECTION_CONSENT_WITHDRAWN", "PURPOSE_INCOMPATIBLE", "RETENTION_EXPIRED", "NO_SPECIAL_CONDITION"]);

/**
 * "eventIds name the events the reason rests on (the consent that was withdrawn and the withdrawal,
 * the fact and its source registration, ...)": every id names an accepted event counted at T, a reason
 * resting on an absence names none, and each reason names the events its code is about. And "message
 * is one plain sentence a compliance officer can read", about the field or purpose it concerns.
 */
export function expectSoundReasons(engine: Decision, model: ModelDecision, log: readonly unknown[], q: unknown): void {
  const where = `query ${JSON.stringify(q)}`;
  const T = ms((q as { at?: unknown }).at);
  const types = new Map<string, Ev>();
  for (const i of walk(log)) if (i.status === "accepted" && T !== undefined && i.ev!.t <= T) types.set(i.ev!.id, i.ev!);
  for (const r of engine.reasons) {
    const why = `${where}: ${r.code} ${JSON.stringify(r.eventIds)}`;
    expect(r.message, why).toMatch(/^[A-Z].*\.$/);
    expect(r.message, why).not.toMatch(/ {2}| ,| \.|undefined|\(\)/);
    if (r.field !== undefined && (NAMES_FACT.has(r.code) || r.code === "NO_DATA" || r.code === "ERASED")) expect(r.message, why).toContain(JSON.stringify(r.field));
    if (["PURPOSE_RETIRED", "UNKNOWN_PURPOSE", "NO_LEGAL_BASIS", "OBJECTED", "NO_SPECIAL_CONDITION"].includes(r.code) || r.code.startsWith("CONSENT_")) {
      expect(r.message, why).toContain(JSON.stringify(engine.purpose));
    }
    if (r.code === "HISTORY_INCOMPLETE") continue;
    if (NAMES_NOTHING.has(r.code)) {
      expect(r.eventIds, why).toEqual([]);
      continue;
    }
    for (const id of r.eventIds) expect(types.has(id), `${why}: ${id} is not an accepted event counted at T`).toBe(true);
    const named = r.eventIds.map((id) => types.get(id)!);
    for (const type of MUST_NAME[r.code] ?? []) expect(named.map((e) => e.type), why).toContain(type);
    if (r.field !== undefined && NAMES_FACT.has(r.code)) expect(r.eventIds, why).toContain(model.current?.[r.field]);
    if (r.field === undefined && r.code === "ACCESS_DENIED") for (const id of Object.values(model.current ?? {})) expect(r.eventIds, why).toContain(id);
    // issue 14: NO_SPECIAL_CONDITION "names the conditions that exist but do not hold, and why ..., with their
    // events" — every condition of the person recorded by T — and "adds no CONSENT_* codes of its own (those stay
    // tied to NO_LEGAL_BASIS)".
    if (r.code === "NO_SPECIAL_CONDITION") {
      for (const c of types.values()) if (c.type === "SpecialConditionRecorded" && c.subject === engine.subject) expect(r.eventIds, why).toContain(c.id);
    }
    if (r.code.startsWith("CONSENT_")) expect(engine.reasons.some((x) => x.code === "NO_LEGAL_BASIS" && x.field === r.field), why).toBe(true);
    // "the consent that was withdrawn and the withdrawal": a withdrawal named follows a consent named,
    // and a consent named that a withdrawal counted at T took back (for the purposes the reason is
    // about) has such a withdrawal named — also one at the grant's very instant, later in the log.
    if (r.code === "COLLECTION_CONSENT_WITHDRAWN" || r.code === "CONSENT_WITHDRAWN") {
      const grants = named.filter((e) => e.type === "ConsentGranted");
      for (const w of named.filter((e) => e.type === "ConsentWithdrawn")) expect(grants.some((g) => before(g, w)), why).toBe(true);
      const about = r.code === "CONSENT_WITHDRAWN" ? [engine.purpose] : collectionPurposes(types, model.current?.[r.field ?? ""]);
      const touches = (ps: readonly string[]) => ps.some((p) => about.some((u) => coversP(p, u) || coversP(u, p)));
      // issue 14: after a merge the survivor is answered from one merged history (its events and those
      // of every record merged into it, down a chain): a withdrawal anywhere in it reaches a consent
      // anywhere in it.
      const into = new Map<string, string>();
      for (const e of types.values()) if (e.type === "SubjectsMerged") into.set(e.data.from as string, e.subject as string);
      const root = (subject: string | undefined): string | undefined => {
        let s = subject;
        for (let n = 0; s !== undefined && into.has(s) && n <= into.size; n++) s = into.get(s);
        return s;
      };
      const heldBy = (a: string | undefined, b: string | undefined): boolean => root(a) === root(b);
      for (const g of grants) {
        const took = [...types.values()].filter(
          (w) =>
            w.type === "ConsentWithdrawn" &&
            heldBy(w.subject as string | undefined, g.subject as string | undefined) &&
            before(g, w) &&
            (w.data.consent === undefined ? touches(w.data.purposes) : w.data.consent === g.data.consent && (w.data.purposes === undefined || touches(w.data.purposes))),
        );
        if (took.length > 0) expect(took.map((w) => w.id).some((id) => r.eventIds.includes(id)), `${why}: names none of ${took.map((w) => w.id)}`).toBe(true);
      }
    }
  }
}

/**
 * The purposes a consent must have been valid for at a fact's recording: its collection purposes
 * when it was recorded on consent, and its source's importConsentPurpose (the registration in force
 * at the recording).
 */
function collectionPurposes(types: Map<string, Ev>, factId: string | undefined): string[] {
  const f = factId === undefined ? undefined : types.get(factId);
  if (f === undefined) return [];
  const out: string[] = f.data.basis === "consent" ? [...f.data.purposes] : [];
  const reg = [...types.values()]
    .filter((e) => (e.type === "SourceRegistered" || e.type === "SourceRetired") && e.data.source === f.data.source && (e === f || before(e, f)))
    .reduce<Ev | undefined>((a, e) => (a === undefined || before(a, e) ? e : a), undefined);
  if (reg?.type === "SourceRegistered" && reg.data.importConsentPurpose !== undefined) out.push(reg.data.importConsentPurpose);
  return out;
}

/** Asserts that the engine's decision says what the model says. */
export function expectAgreement(engine: Decision, model: ModelDecision, q: unknown): void {
  const where = `query ${JSON.stringify(q)}`;
  // The issue's property: allowed, the set of reason codes (with the field each concerns), the obligations.
  expect(comparable(engine), where).toEqual(comparable(model));
  // Each field's verdict, in the order asked (duplicates asked once).
  expect(
    engine.fields.map((f) => ({ field: f.field, allowed: f.allowed })),
    where,
  ).toEqual(model.fields);
  // "An allowed field's basis names the first established basis in the order of the use purpose's
  // legalBases, and the events that establish it."
  for (const f of engine.fields) {
    if (!f.allowed) {
      expect(f.basis, where).toBeUndefined();
      continue;
    }
    expect(f.basis?.legalBasis, where).toBe(model.basis?.legalBasis);
    const ids = f.basis?.eventIds ?? [];
    if (model.basis?.legalBasis === "consent") expect(model.basis.eventIds, where).toContain(ids[0]);
    else expect([...ids].sort(), where).toEqual([...(model.basis?.eventIds ?? [])].sort());
  }
  // HISTORY_INCOMPLETE "names the rejected events" (#<position> without a usable id).
  const inc = engine.reasons.find((r) => r.code === "HISTORY_INCOMPLETE");
  if (inc !== undefined) expect([...new Set(inc.eventIds)].sort(), where).toEqual([...new Set(model.incompleteIds ?? [])].sort());
  // The head echoes the query; every reason is a sentence; per-field reasons are also the field's.
  const o = typeof q === "object" && q !== null ? (q as Record<string, unknown>) : {};
  for (const k of ["subject", "purpose", "at"] as const) expect(engine[k], where).toBe(typeof o[k] === "string" ? o[k] : "");
  // A decision is an immutable value, and a subject-level reason carries no `field` key at all.
  const frozen = (x: object) => expect(Object.isFrozen(x), where).toBe(true);
  [engine, engine.fields, engine.reasons, engine.obligations].forEach(frozen);
  for (const f of engine.fields) [f, f.reasons, ...(f.basis === undefined ? [] : [f.basis, f.basis.eventIds])].forEach(frozen);
  for (const o of engine.obligations) [o, o.sources].forEach(frozen);
  for (const r of engine.reasons) {
    [r, r.eventIds].forEach(frozen);
    if (r.field === undefined) expect(Object.keys(r), where).not.toContain("field");
    expect(r.message.length, where).toBeGreaterThan(10);
    if (r.field !== undefined) expect(engine.fields.find((f) => f.field === r.field)?.reasons, where).toContainEqual(r);
  }
}

/** What a ledger says about the log it folded, beyond decisions. */
const face = (l: Ledger) => ({ size: l.size, accepted: l.accepted, duplicates: l.duplicates, rejected: l.rejected, incomplete: l.incomplete });

/**
 * The ledger keeps, skips and rejects what the model's walk of the same log does ("every item is
 * accepted, skipped or rejected"), with the same reject codes and ids, voids the same rejects, and its
 * incomplete marks are those of the unvoided rejects: each scope (the catalog or a subject) a reject
 * marks, from the earliest `at` that marks it ("always" when the `at` is not a valid timestamp).
 */
function expectFaceAsModel(l: Ledger, log: readonly unknown[]): void {
  const items = walk(log);
  const where = `log of ${log.length} items`;
  expect(l.size, where).toBe(log.length);
  expect(l.accepted, where).toBe(items.filter((i) => i.status === "accepted").length);
  expect([...l.duplicates], where).toEqual(items.filter((i) => i.status === "skipped").map((i) => i.pos));
  const rejected = items.filter((i) => i.status === "rejected");
  expect(
    l.rejected.map((r) => ({ position: r.position, code: r.code, id: r.id, voided: r.voidedBy !== undefined })),
    where,
  ).toEqual(rejected.map((i) => ({ position: i.pos, code: i.why, id: i.id, voided: i.voided })));
  // One line per (reject, scope): the earliest instant from which that reject marks that scope.
  const earliest = new Map<string, number>();
  for (const i of rejected.filter((r) => !r.voided))
    for (const m of i.marks) {
      const key = `${i.pos} ${m.scope === "catalog" ? "catalog" : `subject ${m.scope}`}`;
      earliest.set(key, Math.min(earliest.get(key) ?? Infinity, m.from));
    }
  const line = (m: Ledger["incomplete"][number]) =>
    `${m.position} ${m.scope === "catalog" ? "catalog" : `subject ${m.subject}`} @${m.from === "always" ? -Infinity : ms(m.from)}`;
  expect(l.incomplete.map(line).sort(), where).toEqual([...earliest].map(([key, from]) => `${key} @${from}`).sort());
}

describe("engine = naive model", () => {
  // Found by the deep run of 2026-12-06 (seed -1113060708, run 146,941): consent c2 came to s1 with s2's
  // history (merged), and s1 withdrew it by name after the merge. The engine names that withdrawal;
  // the soundness check looked only for withdrawals by the grant's own subject (s2's e4) and missed it.
  it("a consent merged into the survivor and withdrawn by the survivor names the survivor's withdrawal", () => {
    const log = [
      { id: "e0", at: "2024-02-29T00:00:00Z", type: "PurposeDeclared", data: { purpose: "marketing", description: "a purpose", legalBases: ["consent"] } },
      { id: "e1", at: "2023-12-31T23:59:59.999Z", type: "PurposeDeclared", data: { purpose: "marketing", description: "a purpose", legalBases: ["public-task"], retention: "P1D" } },
      { id: "e2", at: "2023-12-31T23:59:59.999Z", type: "ConsentGranted", subject: "s2", data: { purposes: ["marketing", "marketing.email.news"], notice: "n1", noticeVersion: "v1", method: "opt-in", channel: "web", evidence: "ev-1", consent: "c2" } },
      { id: "e3", at: "2024-01-01T00:00:00Z", type: "SubjectInformed", subject: "s1", data: { notice: "n1", noticeVersion: "v1", sources: ["crm"] } },
      { id: "e4", at: "2024-02-29T00:00:00Z", type: "ConsentWithdrawn", subject: "s2", data: { channel: "mail", purposes: ["marketing.email"] } },
      { id: "e5", at: "2024-02-29T12:00:00Z", type: "SubjectsMerged", subject: "s1", data: { from: "s2", reason: "same person" } },
      { id: "e6", at: "2024-03-01T00:00:00Z", type: "ConsentGranted", subject: "s1", data: { purposes: ["marketing.email.news"], notice: "n1", noticeVersion: "v1", method: "opt-in", channel: "web", evidence: "ev-1", consent: "c2" } },
      { id: "e7", at: "2024-03-31T00:00:00Z", type: "FactRecorded", subject: "s1", data: { field: "phone", value: { v: [1] }, category: "contact", source: "crm", purposes: ["sales"], basis: "consent", fact: "f7" } },
      { id: "e8", at: "2024-06-30T00:00:00Z", type: "ConsentWithdrawn", subject: "s1", data: { channel: "mail", consent: "c2" } },
      { id: "v0", type: "EventVoided", at: "2023-12-31T23:59:59.999Z", data: { reason: "re-recorded correctly", event: "e6" } },
    ];
    const q = { subject: "s1", purpose: "marketing", fields: ["phone"], actor: { id: "u1", roles: ["ops"] }, at: "2030-01-01T00:00:00Z" };
    const engine = canUse(replay(log), q);
    const model = modelCanUse(log, q);
    expectAgreement(engine, model, q);
    expectSoundReasons(engine, model, log, q);
    const withdrawn = engine.reasons.find((r) => r.code === "CONSENT_WITHDRAWN");
    expect(withdrawn?.eventIds).toEqual(["e2", "e8"]);
  });

  // Found by the second deep run of 2026-12-06 (seed -562155346, run 133,173): the other way round — the
  // survivor's own consent, withdrawn (for the purposes asked) by the record merged into it.
  it("a survivor's own consent withdrawn by the record merged into it names that record's withdrawal", () => {
    const log = [
      { id: "e0", at: "2024-02-29T00:00:00Z", type: "PurposeDeclared", data: { purpose: "marketing", description: "a purpose", legalBases: ["consent"], consentMaxAge: "P1D" } },
      { id: "e1", at: "2024-01-01T00:00:00Z", type: "PurposeDeclared", data: { purpose: "marketing", description: "the use", legalBases: ["consent"] } },
      { id: "e2", at: "2024-01-01T00:00:00Z", type: "ConsentGranted", subject: "s1", data: { consent: "c-path", purposes: ["marketing"], notice: "n1", noticeVersion: "v1", method: "opt-in", channel: "web", evidence: "form-1", expires: "2023-12-31T23:59:59.999Z" } },
      { id: "e3", at: "2024-01-01T00:00:00Z", type: "FactRecorded", subject: "s1", data: { fact: "f-path", field: "email", value: "path@x.org", category: "contact", source: "crm", purposes: ["marketing"], basis: "consent" } },
      { id: "e4", at: "2024-01-31T00:00:00Z", type: "ConsentWithdrawn", subject: "s2", data: { channel: "mail", purposes: ["marketing.email"] } },
      { id: "e5", at: "2024-01-31T00:00:00Z", type: "SubjectsMerged", subject: "s1", data: { from: "s2", reason: "same person" } },
      { id: "e6", at: "2024-01-31T00:00:00Z", type: "ConsentWithdrawn", subject: "s1", data: { channel: "mail", purposes: ["marketing.phone"] } },
      { id: "e7", at: "2024-01-31T00:00:00Z", type: "SubjectInformed", subject: "s1", data: { notice: "n1", noticeVersion: "v1", sources: ["crm"] } },
    ];
    const q = { subject: "s1", purpose: "marketing", fields: ["email", "phone"], actor: { id: "u1", roles: ["mkt"] }, at: "2024-02-29T00:00:00.001Z" };
    const engine = canUse(replay(log), q);
    const model = modelCanUse(log, q);
    expectAgreement(engine, model, q);
    expectSoundReasons(engine, model, log, q);
    expect(engine.reasons.filter((r) => r.code === "CONSENT_WITHDRAWN").map((r) => r.eventIds)).toContainEqual(["e2", "e4"]);
  });

  it(
    `agrees on allowed, reason codes and obligations (${RUNS} histories)`,
    () => {
      fc.assert(
        // Every other history reads the long-history indexes for every subject (they are built
        // from 8 entries up, which these short histories rarely reach): the model judges both paths.
        fc.property(scenarioArb(), fc.boolean(), ({ log, queries }, indexAll) => {
          const usual = INDEXING.from;
          if (indexAll) INDEXING.from = 0;
          try {
            const ledger = replay(log);
            for (const q of queries) {
              const engine = canUse(ledger, q as UseQuery);
              const model = modelCanUse(log, q);
              expectAgreement(engine, model, q);
              expectSoundReasons(engine, model, log, q);
            }
          } finally {
            INDEXING.from = usual;
          }
        }),
        { numRuns: RUNS, ...seeded },
      );
    },
    Math.max(120_000, RUNS * 60),
  );

  it(
    `apply event by event answers as replay of the same log, and an older ledger as the model on its prefix (${Math.ceil(RUNS / 4)} histories)`,
    () => {
      fc.assert(
        fc.property(scenarioArb({ queries: 2 }), fc.nat(), ({ log, queries }, cut) => {
          // "apply(ledger, event) adds one event to an existing ledger (incremental, same result as a full
          // replay)", and the older ledger keeps answering as before.
          const ledgers: Ledger[] = [replay([])];
          for (const e of log) ledgers.push(apply(ledgers[ledgers.length - 1]!, e));
          const newest = ledgers[log.length]!;
          const k = cut % (log.length + 1);
          // The newest and the older ledger are what replay of the same log gives: the same rejects,
          // incomplete marks and duplicates, and the same decision, to the last event id and sentence;
          // and they keep, skip and reject what the model's walk of that log does.
          for (const [l, prefix] of [
            [newest, log],
            [ledgers[k]!, log.slice(0, k)],
          ] as const) {
            const replayed = replay(prefix);
            expect(face(l)).toEqual(face(replayed));
            expectFaceAsModel(l, prefix);
            for (const q of queries) expect(canUse(l, q as UseQuery), `query ${JSON.stringify(q)}`).toEqual(canUse(replayed, q as UseQuery));
          }
          for (const q of queries) expectAgreement(canUse(ledgers[k]!, q as UseQuery), modelCanUse(log.slice(0, k), q), q);
          // Appending to an older ledger forks it: the newest ledger is untouched.
          const forked = apply(ledgers[k]!, log[log.length - 1]);
          expect(forked.size).toBe(k + 1);
          for (const q of queries) expectAgreement(canUse(newest, q as UseQuery), modelCanUse(log, q), q);
        }),
        { numRuns: Math.ceil(RUNS / 4), ...seeded },
      );
    },
    Math.max(120_000, RUNS * 60),
  );

  it(
    `a ledger whose subject events arrive back-dated, in any order, answers as the model on that log (${Math.ceil(RUNS / 4)} histories)`,
    () => {
      const seen = { backdated: 0, events: 0 };
      fc.assert(
        fc.property(arrivalArb({ queries: 3 }), ({ log, queries }) => {
          const b = backdated(log);
          seen.backdated += b.backdated;
          seen.events += b.events;
          // The events arrive one by one, as a service appends them.
          let ledger = replay([]);
          for (const e of log) ledger = apply(ledger, e);
          expectFaceAsModel(ledger, log);
          for (const q of queries) {
            const model = modelCanUse(log, q);
            const engine = canUse(ledger, q as UseQuery);
            expectAgreement(engine, model, q);
            expectSoundReasons(engine, model, log, q);
          }
        }),
        { numRuns: Math.ceil(RUNS / 4), ...seeded },
      );
      // Not vacuous: about half the subject events arrived after an event of the same subject with a
      // later `at` (a quarter in the histories as generated).
      expect(seen.backdated / seen.events).toBeGreaterThan(0.4);
    },
    Math.max(120_000, RUNS * 60),
  );

  it(
    `subjectsUsableFor is the set of subjects the model allows; usableFields and recordUse follow the model (${Math.ceil(RUNS / 4)} histories)`,
    () => {
      fc.assert(
        fc.property(scenarioArb({ queries: 2 }), ({ log, queries }) => {
          const ledger = replay(log);
          const subjects = [...new Set(log.map((e) => (typeof e === "object" && e !== null ? (e as { subject?: unknown }).subject : undefined)))].filter(
            (x): x is string => typeof x === "string" && x !== "",
          );
          for (const q of queries) {
            if (typeof q !== "object" || q === null) continue;
            const { subject: _s, ...audience } = q as UseQuery;
            // "all subjects for whom the use is allowed — the campaign audience query"; a malformed
            // audience query is answered with INVALID_QUERY (the error policy, docs/compatibility.md).
            const audienceAnswer = subjectsUsableFor(ledger, audience);
            if (queryError({ ...audience, subject: "-" }) !== undefined) expect(isInvalidQuery(audienceAnswer), `audience ${JSON.stringify(audience)}`).toBe(true);
            else {
              const expected = subjects.filter((subject) => modelCanUse(log, { ...audience, subject }).allowed).sort();
              expect(audienceAnswer, `audience ${JSON.stringify(audience)}`).toEqual(expected);
            }
            const m = modelCanUse(log, q);
            const u = usableFields(ledger, q as UseQuery);
            // "which of the requested fields may be used (the rest with reasons)".
            const usable = m.fields.filter((f) => f.allowed).map((f) => f.field);
            expect(u.usable).toEqual(usable);
            expect(u.denied.map((d) => d.field)).toEqual(m.fields.filter((f) => !f.allowed).map((f) => f.field));
            for (const d of u.denied) {
              const codes = new Set(d.reasons.map((r) => (r.field === undefined ? r.code : `${r.code}@${r.field}`)));
              const want = new Set(m.reasons.filter((r) => r.field === undefined || r.field === d.field).map((r) => (r.field === undefined ? r.code : `${r.code}@${r.field}`)));
              expect(codes).toEqual(want);
            }
            // The obligations for using the usable fields: those of the decision for exactly those fields.
            const forUsable = usable.length === 0 ? [] : modelCanUse(log, { ...(q as UseQuery), fields: usable }).obligations;
            expect(comparable({ ...m, obligations: u.obligations as ModelDecision["obligations"] }).obligations).toEqual(comparable({ ...m, obligations: forUsable }).obligations);
            // "the event only when the decision is allowed, with actor the actor's id and bases the allowed fields' bases".
            const r = recordUse(ledger, q as UseQuery, { newId: () => "u-1" });
            expect(r._tag).toBe(m.allowed ? "Right" : "Left");
            if (r._tag === "Right") {
              expect(r.right.id).toBe("u-1");
              expect(r.right.data.actor).toBe((q as UseQuery).actor.id);
              expect(r.right.data.bases?.map((b) => [b.field, b.legalBasis])).toEqual(m.fields.map((f) => [f.field, m.basis?.legalBasis]));
            }
          }
        }),
        { numRuns: Math.ceil(RUNS / 4), ...seeded },
      );
    },
    Math.max(120_000, RUNS * 60),
  );
});
