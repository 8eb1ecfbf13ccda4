/**
 * The reports beyond one decision, checked against the naive model on
 * generated histories (issue 4: departureImpact, assessSource) and against
 * the decisions they render (issue 3: explain).
 *
 * Two disagreements found here (departureImpact judged the account link at T,
 * assessSource left the CONSENT_* codes out) were fixed in src and are pinned
 * in regressions.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as lib from "../../src/index.js";
import { canUse, explain, isInvalidQuery, replay, type Decision, type UseQuery } from "../../src/index.js";
import { mustOf } from "../must.js";
import { EMPLOYEES, historyArb, instantsOf, scenarioArb, SOURCES } from "./arbitraries.js";
import { before, modelAssessSource, modelDepartureImpact, ms, walk, type Ev } from "./model.js";

const assessSource = mustOf(lib.assessSource);
const departureImpact = mustOf(lib.departureImpact);

const RUNS = Math.max(100, Math.ceil(Number(process.env["FUZZ_RUNS"] ?? 2000) / 8));
/** Generous: the model judges every fact for every collection purpose with a full walk of the log. */
const TIMEOUT = Math.max(120_000, RUNS * 100);
const SEED = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);
const seeded = SEED === undefined ? {} : { seed: SEED };

/** A history with an instant from its interesting ones. */
const withInstant = historyArb({ maxSteps: 16 }).chain(({ log }) => fc.constantFrom(...instantsOf(log)).map((at) => ({ log, at })));

describe("departureImpact = the naive model", () => {
  it(`lists the facts OWNER_DEPARTED denies once the employee has left, and the ones kept (${RUNS} histories)`, () => {
    let compared = 0;
    fc.assert(
      fc.property(withInstant, fc.constantFrom(...EMPLOYEES), ({ log, at }, employee) => {
        const ledger = replay(log);
        const impact = departureImpact(ledger, employee, { at });
        expect(impact.employee).toBe(employee);
        expect(impact.at).toBe(at);
        // "the accounts they linked": the accounts whose link in force at T names the employee.
        const all = walk(log)
          .filter((i) => i.status === "accepted")
          .map((i) => i.ev!);
        const t = ms(at)!;
        const accounts = [...new Set(all.filter((e) => e.type === "AccountLinked").map((e) => e.data.account as string))].filter((a) => {
          const links = all.filter((l) => l.type === "AccountLinked" && l.data.account === a && l.t <= t);
          const last = links.reduce<Ev | undefined>((x, l) => (x === undefined || before(x, l) ? l : x), undefined);
          return last?.data.employee === employee;
        });
        expect(impact.accounts.map((a) => a.account)).toEqual(accounts.sort());
        const dep = all.filter((e) => e.type === "EmployeeDeparted" && e.data.employee === employee && e.t <= t);
        expect(impact.departed?.eventId).toBe(dep.reduce<Ev | undefined>((x, e) => (x === undefined || before(e, x) ? e : x), undefined)?.id);
        compared++;
        const m = modelDepartureImpact(log, employee, at)!;
        expect(impact.facts.map((f) => `${f.subject}/${f.fact}`).sort()).toEqual(m.facts);
        expect(impact.kept).toBe(m.kept);
        for (const f of impact.facts) expect(f.erasureReason).toContain(employee);
      }),
      { numRuns: RUNS, ...seeded },
    );
    expect(compared).toBeGreaterThan(RUNS / 4);
  }, TIMEOUT);

  // The model has no answer for an invalid instant; the error policy (docs/compatibility.md) gives INVALID_QUERY.
  it("answers an invalid instant with an INVALID_QUERY value", () => {
    expect(modelDepartureImpact([], "emp1", "2024-02-30T00:00:00Z")).toBeUndefined();
    const impact = lib.departureImpact(replay([]), "emp1", { at: "2024-02-30T00:00:00Z" });
    expect(isInvalidQuery(impact)).toBe(true);
  });
});

describe("assessSource = the naive model", () => {
  it(`counts a source's facts, erasures, unusable facts and reasons as canUse without access checks (${RUNS} histories)`, () => {
    fc.assert(
      fc.property(withInstant, fc.constantFrom(...SOURCES), ({ log, at }, source) => {
        const a = assessSource(replay(log), source, { at });
        const m = modelAssessSource(log, source, at)!;
        expect(a.source).toBe(source);
        expect(a.at).toBe(at);
        expect({ registered: a.registered, importNeedsConsent: a.importNeedsConsent, purposes: a.purposes, facts: a.facts, erased: a.erased, unusable: a.unusable }).toEqual({
          registered: m.registered,
          importNeedsConsent: m.importNeedsConsent,
          purposes: m.purposes,
          facts: m.facts,
          erased: m.erased,
          unusable: m.unusable,
        });
        expect(a.byReason).toEqual(m.byReason);
        // "its registration and assessment reference": the latest registration by T.
        const regs = walk(log)
          .filter((i) => i.status === "accepted" && i.ev!.type === "SourceRegistered" && i.ev!.data.source === source && i.ev!.t <= ms(at)!)
          .map((i) => i.ev!);
        const last = regs.reduce<Ev | undefined>((x, r) => (x === undefined || before(x, r) ? r : x), undefined);
        expect(a.registration?.eventId).toBe(last?.id);
        expect(a.registration?.assessment).toBe(last?.data.assessment);
        expect(a.registration?.importConsentPurpose).toBe(last?.data.importConsentPurpose);
        expect(a.registration?.kind).toBe(last?.data.kind);
        expect(a.registration?.at).toBe(last?.at);
      }),
      { numRuns: RUNS, ...seeded },
    );
  }, TIMEOUT);

  it("answers an invalid instant with an INVALID_QUERY value", () => {
    expect(modelAssessSource([], "crm", "yesterday")).toBeUndefined();
    expect(isInvalidQuery(lib.assessSource(replay([]), "crm", { at: "yesterday" }))).toBe(true);
  });
});

describe("explain renders every part of a decision", () => {
  /** What explain must show: the verdict and head, each allowed field's basis, each reason, each obligation. */
  function expectRendered(d: Decision): void {
    const text = explain(d);
    const lines = text.split("\n");
    const based = d.fields.filter((f) => f.allowed && f.basis !== undefined);
    expect(lines).toHaveLength(1 + based.length + d.reasons.length + d.obligations.length);
    const head = lines[0]!;
    expect(head.startsWith(d.allowed ? "ALLOWED: " : "DENIED: ")).toBe(true);
    expect(head).toContain(d.fields.length === 0 ? "(no fields)" : d.fields.map((f) => f.field).join(", "));
    for (const part of [JSON.stringify(d.subject), JSON.stringify(d.purpose), ` at ${d.at}`]) expect(head).toContain(part);
    let k = 1;
    for (const f of based) {
      const line = lines[k++]!;
      expect(line).toBe(`  + [${f.field}] allowed on the basis of ${f.basis!.legalBasis} (events: ${f.basis!.eventIds.join(", ") || "none"})`);
    }
    for (const r of d.reasons) {
      const ids = r.eventIds.length > 0 ? ` (events: ${r.eventIds.join(", ")})` : "";
      expect(lines[k++]).toBe(`  - ${r.field !== undefined ? `[${r.field}] ` : ""}${r.code}: ${r.message}${ids}`);
    }
    for (const o of d.obligations) {
      const line = lines[k++]!;
      expect(line.startsWith(`  ! [${o.field}] DISCLOSE_ORIGIN: `)).toBe(true);
      expect(line).toContain(o.sources.join(", "));
    }
  }

  it(`on generated decisions (${RUNS} histories)`, () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 3 }), ({ log, queries }) => {
        const ledger = replay(log);
        for (const q of queries) expectRendered(canUse(ledger, q as UseQuery));
      }),
      { numRuns: RUNS, ...seeded },
    );
  }, TIMEOUT);

  it("renders an allowed decision with its bases and obligations, and a denied one, line by line", () => {
    const at0 = "2024-01-01T00:00:00Z";
    const log = [
      { id: "p1", type: "PurposeDeclared", at: at0, data: { purpose: "marketing", description: "ads", legalBases: ["consent"], originDisclosure: true } },
      { id: "n1", type: "NoticePublished", at: at0, data: { notice: "n", version: "1", purposes: ["marketing"] } },
      { id: "s1", type: "SourceRegistered", at: at0, data: { source: "linkedin", kind: "social-network", assessment: "DPIA-3" } },
      { id: "a1", type: "AccessPolicyGranted", at: at0, data: { policy: "p", role: "mkt", purposes: ["marketing"], categories: ["contact"] } },
      { id: "k1", type: "ConsentGranted", at: "2024-01-02T00:00:00Z", subject: "c-1", data: { consent: "k", purposes: ["marketing"], notice: "n", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form" } },
      { id: "f1", type: "FactRecorded", at: "2024-01-03T00:00:00Z", subject: "c-1", data: { fact: "f", field: "email", value: "a@x.org", category: "contact", source: "linkedin", purposes: ["marketing"], basis: "consent" } },
    ];
    const ledger = replay(log);
    const ok = canUse(ledger, { subject: "c-1", purpose: "marketing", fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at: "2024-02-01T00:00:00Z" });
    expect(explain(ok)).toBe(
      [
        'ALLOWED: use of email of "c-1" for "marketing" at 2024-02-01T00:00:00Z',
        "  + [email] allowed on the basis of consent (events: k1)",
        "  ! [email] DISCLOSE_ORIGIN: tell the person their data came from linkedin (GDPR Art. 14(2)(f)).",
      ].join("\n"),
    );
    const no = canUse(ledger, { subject: "c-1", purpose: "marketing", fields: ["email", "phone"], actor: { id: "u", roles: [] }, at: "2024-02-01T00:00:00Z" });
    expectRendered(no);
    expect(explain(no).split("\n")[0]).toBe('DENIED: use of email, phone of "c-1" for "marketing" at 2024-02-01T00:00:00Z');
    const bad = canUse(ledger, { subject: "c-1", purpose: "marketing", fields: [], actor: { id: "u", roles: [] }, at: "2024-02-01T00:00:00Z" });
    expect(explain(bad).split("\n")[0]).toBe('DENIED: use of (no fields) of "c-1" for "marketing" at 2024-02-01T00:00:00Z');
    expect(explain(bad).split("\n")[1]).toMatch(/^ {2}- INVALID_QUERY: The query is malformed: /);
  });
});
