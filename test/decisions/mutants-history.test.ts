/**
 * Behaviour pinned by the survivors of a mutation run on src/facts/field.ts,
 * src/ledger/history.ts and src/decisions/validity.ts: an older ledger of
 * the same store does not see what was appended after it (its field values,
 * its rejects, its clock-driven ends, a merge), however the newer ledger was
 * read first; rejects that mark the catalog and a subject are named once and
 * date the catalog's gap by its own mark; `validUntil` stops at the first
 * mark ahead, and never before the decision's instant.
 */
import { describe, expect, it } from "vitest";
import { accessReport, apply, canUse, profile, replay, type Ledger } from "../../src/index.js";
import {
  base,
  basis,
  consent,
  consented,
  correct,
  declare,
  erase,
  expectAllowed,
  expectDenied,
  fact,
  only,
  queryOf,
  S,
  type Ask,
  type Ev,
} from "./helpers.js";

const day = (d: string): string => `${d}T00:00:00Z`;
const decide = (l: Ledger, a: Ask = {}) => canUse(l, queryOf(a));
const until = (l: Ledger, a: Ask = {}) => decide(l, a).validUntil;
/** A catalog event that does not decode: it marks the catalog from its `at`. */
const badCatalog = (id: string, at: string): Ev => ({ id, type: "PurposeDeclared", at, data: {} });

describe("an older ledger of the same store: its validUntil ignores what was appended after it", () => {
  it("a consent's expiry appended later does not bound the older ledger's decision, even after the newer one was asked", () => {
    const older = replay([...base(), ...consented()]);
    const newer = apply(older, consent("k2", day("2024-03-01"), { consent: "k2", expires: day("2024-08-01") }));
    expect(until(newer)).toBe(day("2024-08-01"));
    expectAllowed(decide(older), "consent", ["k1"]);
    expect(until(older)).toBeUndefined();
  });

  it("a fact appended later (back-dated) does not bring the older ledger's retention end forward", () => {
    const crm = declare("p-crm", day("2024-01-01"), "crm", ["contract"], { retention: "P1Y" });
    const older = replay([...base(), crm, ...consented()]);
    const newer = apply(older, fact("r2", day("2024-01-15"), { fact: "f2", field: "phone", purposes: ["crm"], basis: "contract" }));
    expect(until(newer)).toBe(day("2025-01-15"));
    // The older ledger's own fact r1 (2024-02-02) is kept a year.
    expect(until(older)).toBe(day("2025-02-02"));
  });

  it("a basis with an end date appended later does not bound the older ledger's decision", () => {
    const older = replay([...base(), ...consented()]);
    const newer = apply(older, basis("b1", day("2024-03-01"), "contract", ["sales"], "o-1", day("2024-09-01")));
    expect(until(newer)).toBe(day("2024-09-01"));
    expect(until(older)).toBeUndefined();
  });

  it("a special condition with an end date appended later does not bound the older ledger's decision", () => {
    const older = replay([...base(), ...consented()]);
    const condition = { id: "sc1", type: "SpecialConditionRecorded", at: day("2024-03-01"), subject: S, data: { categories: ["health"], purposes: ["sales"], reference: "ref-h", condition: "A9-2-h", until: day("2024-10-01") } };
    const newer = apply(older, condition);
    expect(until(newer)).toBe(day("2024-10-01"));
    expect(until(older)).toBeUndefined();
  });

  it("a purpose declared later with a maximum consent age does not bound the older ledger's decision", () => {
    const older = replay([...base(), ...consented()]);
    const newer = apply(older, declare("p-news", day("2024-01-01"), "news", ["consent"], { consentMaxAge: "P6M" }));
    // k1 (2024-02-01) is six months old on 2024-08-01 under the newer catalog.
    expect(until(newer)).toBe(day("2024-08-01"));
    expect(until(older)).toBeUndefined();
  });

  it("two older ledgers each bound their decision by what they see, whichever is asked first", () => {
    const l0 = replay([...base(), ...consented()]);
    const l1 = apply(l0, consent("k2", day("2024-03-01"), { consent: "k2", expires: day("2024-08-01") }));
    apply(l1, consent("k3", day("2024-03-02"), { consent: "k3" }));
    expect(until(l1)).toBe(day("2024-08-01"));
    expect(until(l0)).toBeUndefined();
  });

  it("two older ledgers under two catalogs each bound their decision by their own catalog, whichever is asked first", () => {
    const l0 = replay([...base(), ...consented()]);
    const l1 = apply(l0, declare("p-news", day("2024-01-01"), "news", ["consent"], { consentMaxAge: "P6M" }));
    apply(l1, declare("p-billing", day("2024-01-01"), "billing", ["contract"]));
    expect(until(l1)).toBe(day("2024-08-01"));
    expect(until(l0)).toBeUndefined();
  });

  it("a merge appended later does not end the older ledger's decision about the subject merged away", () => {
    const older = replay([...base(), ...consented(), consent("k9", day("2024-02-01"), { consent: "k9", subject: "s1-web" })]);
    const newer = apply(older, { id: "m1", type: "SubjectsMerged", at: day("2024-07-01"), subject: S, data: { from: "s1-web", reason: "same person" } });
    expect(until(newer, { subject: "s1-web" })).toBe(day("2024-07-01"));
    expect(until(older, { subject: "s1-web" })).toBeUndefined();
  });
});

describe("a one-event catalog", () => {
  it("a decision still ends at the clock-driven end of the subject's basis", () => {
    const l = replay([
      declare("p-sales", day("2024-01-01"), "sales", ["contract"]),
      basis("b1", day("2024-02-01"), "contract", ["sales"], "o-1", day("2024-09-01")),
    ]);
    expect(until(l, { purpose: "sales" })).toBe(day("2024-09-01"));
  });
});

describe("an older ledger of the same store: rejects appended after it", () => {
  it("a reject about the subject appended later does not make the older ledger's history incomplete", () => {
    const older = replay([...base(), ...consented()]);
    const newer = apply(older, correct("c1", day("2024-03-01"), "no-such-fact", "x@example.org"));
    only(decide(newer), "HISTORY_INCOMPLETE");
    expectAllowed(decide(older), "consent", ["k1"]);
  });

  it("a reject about the subject dated ahead and appended later does not bound the older ledger's decision", () => {
    const older = replay([...base(), ...consented()]);
    const newer = apply(older, correct("c1", day("2024-07-01"), "no-such-fact", "x@example.org"));
    expect(until(newer)).toBe(day("2024-07-01"));
    expect(until(older)).toBeUndefined();
  });
});

describe("rejects and validUntil", () => {
  it("an incomplete history stays incomplete with no new event: validUntil is never at or before the decision's instant", () => {
    const l = replay([...base(), ...consented(), correct("c1", day("2024-03-01"), "no-such-fact", "x@example.org")]);
    const d = decide(l);
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(d.validUntil).toBeUndefined();
  });

  it("validUntil is the first of the subject's marks ahead, whatever their log order", () => {
    const l = replay([
      ...base(),
      ...consented(),
      correct("c1", day("2024-07-01"), "no-such-fact", "x@example.org"),
      correct("c2", day("2024-08-01"), "no-such-fact", "y@example.org"),
    ]);
    expect(until(l)).toBe(day("2024-07-01"));
  });

  it("a mark on another subject, carried by the same reject (an id reused), does not bound this subject's decision", () => {
    const l = replay([
      ...base(),
      ...consented(),
      consent("X", day("2024-07-01"), { consent: "k-other", subject: "s2" }),
      // The same id about s1, different content: a conflicting reuse marking s1 (from its at) and s2 (from hers).
      consent("X", day("2024-08-01"), { consent: "k-mine" }),
    ]);
    expect(until(l)).toBe(day("2024-08-01"));
    expect(until(l, { subject: "s2" })).toBe(day("2024-07-01"));
  });

  it("a catalog reject dated ahead bounds every decision: validUntil is its at", () => {
    const l = replay([...base(), ...consented(), badCatalog("bad", day("2024-07-01"))]);
    const d = decide(l);
    expectAllowed(d, "consent", ["k1"]);
    expect(d.validUntil).toBe(day("2024-07-01"));
    expectDenied(decide(l, { at: day("2024-07-01") }), ["HISTORY_INCOMPLETE"]);
  });

  it("an unknown subject under an incomplete catalog is denied, naming the catalog's reject", () => {
    const l = replay([...base(), badCatalog("bad", day("2024-01-01"))]);
    const d = decide(l, { subject: "nobody" });
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toContain("HISTORY_INCOMPLETE");
  });
});

describe("a reused id in the catalog, back-dated", () => {
  it("the catalog is incomplete from the earliest of its reject's marks", () => {
    const l = replay([
      ...base(),
      ...consented(),
      declare("Y", day("2024-05-01"), "research.survey", ["consent"]),
      // The same id, other content, dated earlier: rejected, marking the catalog from 2024-03-01 and from 2024-05-01.
      declare("Y", day("2024-03-01"), "research.panel", ["consent"]),
    ]);
    expectAllowed(decide(l, { at: day("2024-02-15") }), "consent", ["k1"]);
    expectDenied(decide(l, { at: day("2024-04-01") }), ["HISTORY_INCOMPLETE"]);
  });
});

describe("a reused id that marks the catalog and a subject", () => {
  // s1's event X (2024-03-01) is accepted; the catalog event X (2024-05-01) reuses its id: rejected,
  // marking the catalog from 2024-05-01 and s1 from 2024-03-01.
  const history = (): Ev[] => [
    ...base(),
    ...consented(),
    consent("k2", day("2024-02-01"), { consent: "k2", subject: "s2" }),
    fact("r2", day("2024-02-02"), { fact: "f2", subject: "s2" }),
    consent("X", day("2024-03-01"), { consent: "k3" }),
    declare("X", day("2024-05-01"), "research.survey", ["consent"]),
  ];

  it("the catalog is incomplete from the catalog's own mark, not from the subject's", () => {
    const l = replay(history());
    expectAllowed(decide(l, { subject: "s2", at: day("2024-04-01") }), "consent", ["k2"]);
    expectDenied(decide(l, { subject: "s2", at: day("2024-05-01") }), ["HISTORY_INCOMPLETE"]);
  });

  it("the subject's incomplete history names the reject once", () => {
    const d = decide(replay(history()));
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(only(d, "HISTORY_INCOMPLETE").eventIds).toEqual(["X"]);
    const report = accessReport(replay(history()), S, { at: day("2024-06-01") });
    if (!("incomplete" in report)) throw new Error("the access report query is valid");
    expect(report.incomplete.map((r) => [r.id, r.code])).toEqual([["X", "ID_CONFLICT"]]);
  });
});

describe("fields", () => {
  it("a field never recorded for a known subject is NO_DATA, not ERASED", () => {
    const d = decide(replay([...base(), ...consented()]), { fields: ["email", "phone"] });
    expectDenied(d, ["NO_DATA@phone"]);
    expect(only(d, "NO_DATA", "phone").eventIds).toEqual([]);
  });

  it("an erasure of the whole field is named once, however many facts it erased", () => {
    const l = replay([
      ...base(),
      ...consented(),
      fact("r2", day("2024-02-03"), { fact: "f2" }),
      erase("x1", day("2024-03-01"), { field: "email" }),
    ]);
    const d = decide(l);
    expectDenied(d, ["ERASED@email"]);
    expect(only(d, "ERASED", "email").eventIds).toEqual(["x1"]);
  });

  describe("a long field (eight facts), read by an older ledger", () => {
    const facts = (): Ev[] =>
      Array.from({ length: 8 }, (_, k) => fact(`r${k + 1}`, day(`2024-02-0${k + 1}`), { fact: `f${k + 1}`, value: `v${k + 1}@example.org` }));
    const history = (): Ev[] => [...base(), consent("k1", day("2024-01-15"), { consent: "k1" }), ...facts(), correct("c8", day("2024-02-20"), "f8", "fixed@example.org")];
    const current = (l: Ledger) => {
      const p = profile(l, S, { at: day("2024-06-01") });
      if (!("fields" in p)) throw new Error("the profile query is valid");
      return p.fields.find((f) => f.field === "email")?.current;
    };

    it("the current value is the last fact's correction, not a fact appended after the older ledger", () => {
      const older = replay(history());
      const newer = apply(older, fact("r9", day("2024-03-01"), { fact: "f9", value: "new@example.org" }));
      expect(current(newer)?.value).toBe("new@example.org");
      expect(current(older)?.value).toBe("fixed@example.org");
      expect(current(older)?.correction?.eventId).toBe("c8");
      expectAllowed(decide(older), "consent", ["k1"]);
    });

    it("the current value is the last fact's correction when the fact appended later is back-dated", () => {
      const older = replay(history());
      apply(older, fact("r0", day("2024-01-20"), { fact: "f0", value: "old@example.org" }));
      expect(current(older)?.value).toBe("fixed@example.org");
    });
  });
});
