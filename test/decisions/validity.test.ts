/**
 * `validUntil` (how long a decision holds): sound over the model's generated
 * histories and queries — for every T' in [at, validUntil), canUse at T'
 * gives the same allowed, reasons and obligations as at `at` — checked at
 * `at`, just before the boundary and at random instants in between; and
 * plain examples of each kind of boundary.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canUse, replay, type Decision, type UseQuery } from "../../src/index.js";
import { scenarioArb } from "../model/arbitraries.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 300);
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

/**
 * What must not change before `validUntil`: `allowed`, the obligations, and
 * each reason's code, field and events. A reason's sentence may quote the
 * query's own instant ("… by 2024-03-01T00:00:00Z"), so sentences are not
 * compared.
 */
function answer(d: Decision) {
  return {
    allowed: d.allowed,
    reasons: d.reasons.map((r) => ({ code: r.code, field: r.field, eventIds: r.eventIds })),
    fields: d.fields.map((f) => ({ field: f.field, allowed: f.allowed, basis: f.basis })),
    obligations: d.obligations,
  };
}

describe("validUntil", () => {
  it("is sound: the answer is the same at every instant from at until just before validUntil (model histories)", () => {
    let bounded = 0;
    let total = 0;
    fc.assert(
      fc.property(scenarioArb(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 2 }), ({ log, queries }, fractions) => {
        const ledger = replay(log);
        for (const q of queries) {
          const d = canUse(ledger, q as UseQuery);
          total++;
          if (d.reasons[0]?.code === "INVALID_QUERY") {
            expect(d.validUntil).toBeUndefined();
            continue;
          }
          if (d.validUntil === undefined) continue;
          bounded++;
          const from = Date.parse(d.at);
          const until = Date.parse(d.validUntil);
          expect(until).toBeGreaterThan(from);
          const instants = [from, until - 1, ...fractions.map((f) => from + Math.floor(f * (until - 1 - from)))];
          for (const t of instants) {
            const again = canUse(ledger, { ...(q as UseQuery), at: iso(t) });
            expect(answer(again), `at ${iso(t)} (decided at ${d.at}, valid until ${d.validUntil})`).toEqual(answer(d));
          }
        }
      }),
      { numRuns: RUNS },
    );
    // The property is not vacuous: most decisions have a boundary ahead in these histories.
    expect(bounded / total).toBeGreaterThan(0.3);
  });

  const at0 = "2024-01-01T00:00:00Z";
  const setup = [
    { id: "p1", type: "PurposeDeclared", at: at0, data: { purpose: "sales", description: "Orders", legalBases: ["contract"], retention: "P1Y" } },
    { id: "p2", type: "PurposeDeclared", at: at0, data: { purpose: "news", description: "News", legalBases: ["consent"], consentMaxAge: "P6M" } },
    { id: "s1", type: "SourceRegistered", at: at0, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
    { id: "n1", type: "NoticePublished", at: at0, data: { notice: "n", version: "1", purposes: ["news"] } },
    { id: "a1", type: "AccessPolicyGranted", at: at0, data: { policy: "p", role: "r", purposes: ["sales", "news"], categories: ["contact"] } },
    { id: "f1", type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: "anna", data: { fact: "f1", field: "email", value: "a@x.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" } },
    { id: "b1", type: "LegalBasisRecorded", at: "2024-02-01T00:00:00Z", subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "o-1", until: "2024-09-01T00:00:00Z" } },
  ];
  const query = (purpose: string, at: string): UseQuery => ({ subject: "anna", purpose, fields: ["email"], actor: { id: "u", roles: ["r"] }, at });

  it("ends at a basis's until, the first clock-driven end ahead", () => {
    const d = canUse(replay(setup), query("sales", "2024-03-01T00:00:00Z"));
    expect(d.allowed).toBe(true);
    expect(d.validUntil).toBe("2024-09-01T00:00:00Z");
    expect(canUse(replay(setup), query("sales", "2024-08-31T23:59:59.999Z")).allowed).toBe(true);
    expect(canUse(replay(setup), query("sales", "2024-09-01T00:00:00Z")).allowed).toBe(false);
  });

  it("ends at a retention period's end, then at nothing when the clock has no end left", () => {
    const d = canUse(replay(setup), query("sales", "2024-10-01T00:00:00Z"));
    expect(d.validUntil).toBe("2025-02-01T00:00:00Z"); // recorded 2024-02-01, retention P1Y
    expect(canUse(replay(setup), query("sales", "2025-03-01T00:00:00Z")).validUntil).toBeUndefined();
  });

  it("ends at a consent's maximum age and at its own expiry", () => {
    const log = [
      ...setup,
      { id: "c1", type: "ConsentGranted", at: "2024-03-01T00:00:00Z", subject: "anna", data: { consent: "c1", purposes: ["news"], notice: "n", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1", expires: "2024-06-01T00:00:00Z" } },
    ];
    // Both ends are ahead at 2024-04-01: the expiry (2024-06-01) comes before the maximum age (2024-09-01).
    expect(canUse(replay(log), query("news", "2024-04-01T00:00:00Z")).validUntil).toBe("2024-06-01T00:00:00Z");
    expect(canUse(replay(log), query("news", "2024-07-01T00:00:00Z")).validUntil).toBe("2024-09-01T00:00:00Z");
  });

  it("ends at an event already in the log but dated later: the subject's, the catalog's, or a reject marking either", () => {
    const later = { id: "r1", type: "ProcessingRestricted", at: "2024-05-01T00:00:00Z", subject: "anna", data: { reason: "dispute" } };
    expect(canUse(replay([...setup, later]), query("sales", "2024-03-01T00:00:00Z")).validUntil).toBe("2024-05-01T00:00:00Z");
    const retired = { id: "x1", type: "PurposeRetired", at: "2024-04-01T00:00:00Z", data: { purpose: "sales" } };
    expect(canUse(replay([...setup, retired]), query("sales", "2024-03-01T00:00:00Z")).validUntil).toBe("2024-04-01T00:00:00Z");
    const bad = { id: "z1", type: "FactRecorded", at: "2024-04-15T00:00:00Z", subject: "anna", data: {} };
    const d = canUse(replay([...setup, bad]), query("sales", "2024-03-01T00:00:00Z"));
    expect(d.allowed).toBe(true);
    expect(d.validUntil).toBe("2024-04-15T00:00:00Z");
  });

  it("does not end at a reject marking the subject from the query's own instant: that mark already holds then", () => {
    const bad = { id: "z1", type: "FactRecorded", at: "2024-04-15T00:00:00Z", subject: "anna", data: {} };
    const d = canUse(replay([...setup, bad]), query("sales", "2024-04-15T00:00:00Z"));
    expect(d.reasons.map((r) => r.code)).toEqual(["HISTORY_INCOMPLETE"]);
    // The next end ahead is the basis's until, after `at`; never `at` itself.
    expect(d.validUntil).toBe("2024-09-01T00:00:00Z");
  });

  it("is absent for a malformed query", () => {
    expect(canUse(replay(setup), { ...query("sales", "2024-03-01T00:00:00Z"), at: "yesterday" }).validUntil).toBeUndefined();
  });
});
