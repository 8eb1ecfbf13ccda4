/**
 * departureImpact lists only what existed at the instant asked about (a
 * surviving mutant of src/channels/departures.ts showed it untested).
 */
import { describe, expect, test } from "vitest";
import { departureImpact, isInvalidQuery, replay } from "../../src/index.js";
import { base, departed, fact, link, T0 } from "../decisions/helpers.js";

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
