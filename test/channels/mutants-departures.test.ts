/**
 * departureImpact lists only what existed at the instant asked about (a
 * surviving mutant of src/channels/departures.ts showed it untested).
 */
import { describe, expect, test } from "vitest";
import { assessSource, canUse, departureImpact, isInvalidQuery, replay } from "../../src/index.js";
import { base, basis, departed, erase, fact, link, restrict, T0 } from "../decisions/helpers.js";

describe("departureImpact at an instant", () => {
  const ledger = replay([
    ...base(),
    link("l-bob", T0, "li:bob", "emp-bob", "linkedin", "erase"),
    fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin", account: "li:bob", purposes: ["sales"], basis: "legitimate-interests" }),
    departed("d-bob", "2024-03-01T00:00:00Z", "emp-bob"),
    // Recorded through the account after the departure, and after the instant asked about below.
    fact("r2", "2024-05-01T00:00:00Z", { fact: "f2", subject: "s2", source: "linkedin", account: "li:bob", purposes: ["sales"], basis: "legitimate-interests" }),
  ]);

  test("a fact recorded after the instant is not part of the impact at that instant", () => {
    const d = departureImpact(ledger, "emp-bob", { at: "2024-04-01T00:00:00Z" });
    if (isInvalidQuery(d)) throw new Error(d.error.message);
    expect(d.departed).toEqual({ at: "2024-03-01T00:00:00Z", eventId: "d-bob" });
    expect(d.facts.map((f) => [f.subject, f.fact, f.eventId])).toEqual([["s1", "f1", "r1"]]);
  });

  test("once recorded, it is", () => {
    const d = departureImpact(ledger, "emp-bob", { at: "2024-06-01T00:00:00Z" });
    if (isInvalidQuery(d)) throw new Error(d.error.message);
    expect(d.facts.map((f) => [f.subject, f.fact, f.eventId])).toEqual([["s1", "f1", "r1"], ["s2", "f2", "r2"]]);
  });
});

describe("assessSource judges a survivor's facts in its merged history (issue 14)", () => {
  const merge = (id: string, subject: string, from: string, at: string) => ({ id, type: "SubjectsMerged", at, subject, data: { from, reason: "same person" } });
  const ledger = replay([
    ...base(),
    fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", subject: "s2", source: "web-form", purposes: ["sales"], basis: "contract" }),
    basis("b2", "2024-02-02T00:00:00Z", "contract", ["sales"], "order-2", undefined, "s2"),
    // The absorbed record restricted processing: after the merge, that binds the survivor's data too.
    restrict("x1", "2024-02-03T00:00:00Z", "s1"),
    merge("m1", "s2", "s1", "2024-03-01T00:00:00Z"),
  ]);
  test("before the merge the survivor's fact is usable; after it, the absorbed record's restriction makes it unusable", () => {
    const before = assessSource(ledger, "web-form", { at: "2024-02-15T00:00:00Z" });
    const after = assessSource(ledger, "web-form", { at: "2024-04-01T00:00:00Z" });
    if (isInvalidQuery(before) || isInvalidQuery(after)) throw new Error("invalid");
    expect([before.facts, before.unusable, before.byReason]).toEqual([1, 0, {}]);
    expect([after.facts, after.unusable, after.byReason]).toEqual([1, 1, { RESTRICTED: 1 }]);
  });
  test("an erasure by field on the absorbed record before the merge: the fact is unusable, as canUse says", () => {
    const l = replay([
      ...base(),
      fact("r1", "2024-02-01T00:00:00Z", { fact: "f1", subject: "s1", source: "crm", purposes: ["sales"], basis: "contract" }),
      fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", subject: "s2", source: "web-form", purposes: ["sales"], basis: "contract" }),
      basis("b2", "2024-02-02T00:00:00Z", "contract", ["sales"], "order-2", undefined, "s2"),
      erase("e1", "2024-02-10T00:00:00Z", { field: "email" }, "s1"),
      merge("m1", "s2", "s1", "2024-03-01T00:00:00Z"),
    ]);
    const at = "2024-04-01T00:00:00Z";
    const d = canUse(l, { subject: "s2", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: ["staff"] }, at });
    expect(d.reasons.map((r) => [r.code, r.eventIds])).toEqual([["ERASED", ["e1"]]]);
    const a = assessSource(l, "web-form", { at });
    if (isInvalidQuery(a)) throw new Error(a.error.message);
    expect([a.facts, a.unusable, a.byReason]).toEqual([1, 1, { ERASED: 1 }]);
  });
});
