/**
 * Behaviour the mutation run showed untested (surviving mutants of
 * src/decisions, src/bases): each test asserts what a caller relies on
 * through the public API.
 */
import { describe, expect, test } from "vitest";
import { canUse, explain, isInvalidQuery, replay, subjectsUsableFor, usableFields } from "../../src/index.js";
import { assess, ask, base, confirm, consent, consented, declare, expectAllowed, fact, NOW, only, queryOf, S } from "./helpers.js";

describe("the events a consent basis rests on", () => {
  test("a confirmation is not part of the basis when the purpose does not require double opt-in", () => {
    // marketing.email has no doubleOptIn in base(): the grant alone establishes consent.
    const d = ask([...base(), ...consented(), confirm("kc1", "2024-02-01T00:05:00Z", "k1")]);
    expectAllowed(d, "consent", ["k1"]);
  });
});

describe("PURPOSE_INCOMPATIBLE says whether an assessment found the use incompatible", () => {
  const collectedForSales = fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" });
  test("without any assessment: no assessment allows the use", () => {
    const r = only(ask([...base(), collectedForSales]), "PURPOSE_INCOMPATIBLE", "email");
    expect(r.message).toContain("no compatibility assessment allows the use");
    expect(r.message).not.toContain("found the use incompatible");
    expect(r.eventIds).toEqual(["r1"]);
  });
  test("with a negative assessment: it found the use incompatible, and the reason names it", () => {
    const r = only(ask([...base(), assess("as1", "2024-01-01T00:00:01Z", "sales", "marketing.email", false), collectedForSales]), "PURPOSE_INCOMPATIBLE", "email");
    expect(r.message).toContain("found the use incompatible");
    expect(r.eventIds).toEqual(["r1", "as1"]);
  });
});

describe("the audience", () => {
  const actor = { id: "bot", roles: ["staff"] };
  test("includes a subject whose consent names a purpose above the one asked for", () => {
    // k1 consents to `marketing`; the campaign is for `marketing.email`.
    const ledger = replay([
      ...base(),
      ...consented(),
      consent("k2", "2024-02-01T00:00:00Z", { consent: "k2", purposes: ["marketing.email"], subject: "s2" }),
      fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", purposes: ["marketing.email"], subject: "s2" }),
    ]);
    expect(canUse(ledger, queryOf()).allowed).toBe(true);
    expect(subjectsUsableFor(ledger, { purpose: "marketing.email", fields: ["email"], actor, at: NOW })).toEqual([S, "s2"]);
  });
  test("a malformed audience query is INVALID_QUERY naming subjectsUsableFor()", () => {
    const ledger = replay([...base(), ...consented()]);
    const bad = subjectsUsableFor(ledger, { purpose: "marketing.email", fields: [], actor, at: NOW });
    expect(isInvalidQuery(bad)).toBe(true);
    if (isInvalidQuery(bad)) expect(bad.error.message).toMatch(/^subjectsUsableFor\(\): \S/);
  });
});

test("an audience query that is not an object is INVALID_QUERY saying so", () => {
  const ledger = replay([...base(), ...consented()]);
  for (const q of [null, 5, "marketing"]) {
    const r = subjectsUsableFor(ledger, q as never);
    expect(isInvalidQuery(r)).toBe(true);
    if (isInvalidQuery(r)) expect(r.error.message).toBe("subjectsUsableFor(): the query must be an object { purpose, fields, actor, at }.");
  }
});

describe("an unknown locale is a programmer error naming the function called", () => {
  const ledger = replay([...base(), ...consented()]);
  const bad = { locale: "xx" } as never;
  test("canUse()", () => expect(() => canUse(ledger, queryOf(), bad)).toThrow(/canUse\(\)/));
  test("usableFields()", () => expect(() => usableFields(ledger, queryOf(), bad)).toThrow(/usableFields\(\)/));
  test("explain()", () => expect(() => explain(canUse(ledger, queryOf()), bad)).toThrow(/explain\(\)/));
  test("explain() with options that throw when read", () => {
    const throwing = Object.defineProperty({}, "locale", { enumerable: true, get: () => { throw new Error("boom"); } });
    expect(() => explain(canUse(ledger, queryOf()), throwing as never)).toThrow(/explain\(\)/);
  });
});

// keep the declare import honest: a purpose requiring double opt-in still lists the confirmation
test("with double opt-in the confirmation is part of the basis", () => {
  const d = ask([...base(), declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }), ...consented(), confirm("kc1", "2024-02-01T00:05:00Z", "k1")]);
  expectAllowed(d, "consent", ["k1", "kc1"]);
});

describe("reasons in the language asked for (GDPR Art. 12(1)), and only in that call", () => {
  const ledger = replay([...base(), ...consented()]);
  const q = queryOf({ fields: ["email", "phone"] });
  test("German when asked, English again in the next call without a locale", () => {
    const de = only(canUse(ledger, q, { locale: "de" }), "NO_DATA", "phone");
    expect(de.message).toContain("kein Wert");
    const en = only(canUse(ledger, q), "NO_DATA", "phone");
    expect(en.message).not.toContain("kein Wert");
    expect(en.message).toContain("phone");
    // the same through usableFields
    expect(usableFields(ledger, q, { locale: "de" }).denied[0]!.reasons[0]!.message).toBe(de.message);
    expect(usableFields(ledger, q).denied[0]!.reasons[0]!.message).toBe(en.message);
  });
});

describe("a partly denied use", () => {
  // Decided inside each test, not while the file loads: mutation testing counts only what a test runs (docs/quality.md).
  const decide = () => canUse(replay([...base(), ...consented()]), queryOf({ fields: ["email", "phone"] }));
  test("the allowed field carries its basis, the denied one none", () => {
    const d = decide();
    expect(d.allowed).toBe(false);
    expect(d.fields.map((f) => [f.field, f.allowed, f.basis])).toEqual([
      ["email", true, { legalBasis: "consent", eventIds: ["k1"] }],
      ["phone", false, undefined],
    ]);
  });
  test("explain lists the allowed field with its basis, and the denied one by its reason", () => {
    const lines = explain(decide()).split("\n");
    expect(lines.filter((l) => l.startsWith("  + "))).toEqual(["  + [email] allowed on the basis of consent (events: k1)"]);
    expect(lines.filter((l) => l.startsWith("  - ")).map((l) => l.split(":")[0])).toEqual(["  - [phone] NO_DATA"]);
  });
});

test("HISTORY_INCOMPLETE says the catalog is concerned when a rejected event of the person reused a catalog event's id", () => {
  // r-bad is about s1 but reuses the id of the purpose declaration p-mkt: rejected (ID_CONFLICT), it marks both.
  const ledger = replay([...base(), ...consented(), { ...fact("r-bad", "2024-02-03T00:00:00Z", { fact: "f9" }), id: "p-mkt" }]);
  const r = only(ask(ledger), "HISTORY_INCOMPLETE");
  expect(r.message).toContain("or of the catalog");
});

describe("a decision's members, as its JSON carries them", () => {
  // Callers store and compare decisions as JSON: the member order is part of that form, and
  // `validUntil` is left out (not `undefined`) when nothing time-driven is ahead (docs/decisions.md).
  test("without anything ahead: no validUntil member at all", () => {
    const d = ask([...base(), ...consented()]);
    expect(d.allowed).toBe(true);
    expect(Object.keys(d)).toEqual(["allowed", "subject", "purpose", "at", "fields", "reasons", "obligations"]);
    expect("validUntil" in d).toBe(false);
  });
  test("with an end ahead: validUntil after at, before the fields", () => {
    const d = ask([...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", expires: "2030-01-01T00:00:00Z" }), ...consented().slice(1)]);
    expect(d.allowed).toBe(true);
    expect(d.validUntil).toBe("2030-01-01T00:00:00Z");
    expect(Object.keys(d)).toEqual(["allowed", "subject", "purpose", "at", "validUntil", "fields", "reasons", "obligations"]);
  });
});
