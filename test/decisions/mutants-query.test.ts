/**
 * Malformed queries whose mutants survived the mutation run: a query that is
 * not an object, and a purpose that is not a dotted id, are denied
 * INVALID_QUERY with the sentence that says what was wrong, by canUse and by
 * subjectsUsableFor alike.
 */
import { describe, expect, it } from "vitest";
import { canUse, isInvalidQuery, replay, subjectsUsableFor, type UseQuery } from "../../src/index.js";
import { base, consented, queryOf } from "./helpers.js";

const ledger = replay([...base(), ...consented()]);

describe("INVALID_QUERY", () => {
  for (const [name, query] of [["a number", 5], ["null", null], ["a string", "s1"], ["undefined", undefined]] as const) {
    it(`canUse denies a query that is ${name} as not an object`, () => {
      const d = canUse(ledger, query as unknown as UseQuery);
      expect(d.allowed).toBe(false);
      expect(d.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
      expect(d.reasons[0]!.message).toContain("the query must be an object { subject, purpose, fields, actor, at }");
    });
  }

  it("canUse quotes the malformed purpose it was given", () => {
    const d = canUse(ledger, { ...queryOf(), purpose: "marketing..email" });
    expect(d.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    expect(d.reasons[0]!.message).toContain('got "marketing..email"');
  });

  it("canUse names the type of a purpose that is not a string", () => {
    const d = canUse(ledger, { ...queryOf(), purpose: 42 } as unknown as UseQuery);
    expect(d.reasons[0]!.message).toContain("got number");
  });

  it("subjectsUsableFor says what is wrong with its query", () => {
    const { subject: _s, ...rest } = queryOf();
    const r = subjectsUsableFor(ledger, { ...rest, at: "yesterday" });
    expect(isInvalidQuery(r)).toBe(true);
    if (!isInvalidQuery(r)) return;
    expect(r.error.message).toBe('subjectsUsableFor(): at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "yesterday".');
  });
});
