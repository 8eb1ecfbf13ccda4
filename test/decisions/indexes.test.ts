/**
 * The indexes a decision reads on a long history (consent spans per purpose,
 * recorded bases with their ends, withdrawals, objections with their lifts, a
 * field's current fact over time), on hand-written histories that put each
 * of them to work: every decision is asked with every index read
 * (INDEXING.from = 0) and with none (Infinity), the two must be equal to the
 * last sentence, and the answer is the one the law gives. Also: an index
 * built for a newer ledger is not read by an older ledger of the same store,
 * and an index built under one catalog is not read under the next.
 */
import { afterEach, describe, expect, it } from "vitest";
import { accessReport, apply, canUse, profile, replay, type Decision, type Ledger } from "../../src/index.js";
import { INDEXING } from "../../src/ledger/index.js";
import {
  base,
  basis,
  confirm,
  consent,
  consented,
  correct,
  declare,
  T0,
  endBasis,
  erase,
  expectAllowed,
  expectDenied,
  fact,
  grantPolicy,
  only,
  liftObjection,
  notice,
  liftRestriction,
  object,
  restrict,
  revokePolicy,
  S,
  queryOf,
  salesFact,
  withdraw,
  type Ask,
  type Ev,
} from "./helpers.js";

const usual = INDEXING.from;
afterEach(() => {
  INDEXING.from = usual;
});

/** canUse with every index read and with none: equal, and the indexed one returned. */
function decide(l: Ledger, a: Ask = {}): Decision {
  const q = queryOf(a);
  INDEXING.from = Infinity;
  const scanned = canUse(l, q);
  INDEXING.from = 0;
  const indexed = canUse(l, q);
  expect(indexed, `at ${q.at}, ${q.purpose}`).toEqual(scanned);
  return indexed;
}

const day = (d: string): string => `${d}T00:00:00Z`;

/** A decision's consent failures (of the first field: each field cites the same), as [code, ...event ids]. */
const consentReasons = (d: Decision): string[][] =>
  d.fields[0]!.reasons.filter((r) => r.code.startsWith("CONSENT_")).map((r) => [r.code, ...r.eventIds]);

describe("recorded bases, by index", () => {
  const history = (): Ev[] => [
    ...base(),
    ...salesFact(),
    // One basis names two purposes, only one of them the one asked for.
    basis("b1", day("2024-02-01"), "contract", ["research", "sales"], "order-1"),
    // One runs until a date.
    basis("b2", day("2024-02-01"), "contract", ["sales"], "order-2", day("2024-03-01")),
    // The first one ends by reference.
    endBasis("x1", day("2024-05-01"), "order-1"),
  ];

  it("a basis counts while in force: named among others, until its `until`, up to its end", () => {
    const l = replay(history());
    expectAllowed(decide(l, { purpose: "sales", at: day("2024-02-15") }), "contract");
    expectAllowed(decide(l, { purpose: "sales", at: day("2024-04-01") }), "contract", ["b1"]);
    expectDenied(decide(l, { purpose: "sales", at: day("2024-05-15") }), ["NO_LEGAL_BASIS@email"]);
    expectDenied(decide(l, { purpose: "sales", at: day("2024-01-15") }), ["UNKNOWN_SUBJECT"]);
  });

  it("an older ledger of the same store does not read the newer ledger's index", () => {
    const older = replay(history().slice(0, -1));
    expectAllowed(decide(older, { purpose: "sales", at: day("2024-05-15") }), "contract", ["b1"]);
    const newer = apply(older, history().at(-1));
    expectDenied(decide(newer, { purpose: "sales", at: day("2024-05-15") }), ["NO_LEGAL_BASIS@email"]);
    // The subject's index now holds the end; the older ledger must not see it.
    expectAllowed(decide(older, { purpose: "sales", at: day("2024-05-15") }), "contract", ["b1"]);
  });

  it("the access report reads the same index: a basis is in force until its end, then ended by it", () => {
    const l = replay(history());
    const bases = (at: string) => {
      INDEXING.from = Infinity;
      const scanned = accessReport(l, "s1", { at });
      INDEXING.from = 0;
      const indexed = accessReport(l, "s1", { at });
      expect(indexed).toEqual(scanned);
      if (!("legalBases" in indexed)) throw new Error("no report");
      return indexed.legalBases.find((b) => b.eventId === "b1")!;
    };
    expect(bases(day("2024-04-01"))).toMatchObject({ inForce: true });
    expect(bases(day("2024-04-01")).ended).toBeUndefined();
    expect(bases(day("2024-05-15"))).toMatchObject({ inForce: false, ended: { eventId: "x1" } });
  });

  it("an older ledger does not see a basis appended after it", () => {
    const older = replay([...base(), ...salesFact()]);
    expectDenied(decide(older, { purpose: "sales" }), ["NO_LEGAL_BASIS@email"]);
    const newer = apply(older, basis("b1", day("2024-02-01"), "contract", ["sales"], "order-1"));
    expectAllowed(decide(newer, { purpose: "sales" }), "contract", ["b1"]);
    expectDenied(decide(older, { purpose: "sales" }), ["NO_LEGAL_BASIS@email"]);
  });
});

describe("consents, by index", () => {
  it("a catalog change after the index was built is read: a double opt-in required from now on", () => {
    const l1 = replay([...base(), ...consented()]);
    expectAllowed(decide(l1), "consent", ["k1"]);
    const l2 = apply(l1, declare("re-email", day("2024-01-01").replace("00:00:00", "00:00:01"), "marketing.email", ["consent"], { doubleOptIn: true }));
    expect(decide(l2).allowed).toBe(false);
    expect(decide(l2).reasons.map((r) => r.code)).toContain("CONSENT_UNCONFIRMED");
    // The older ledger still answers under its own catalog.
    expectAllowed(decide(l1), "consent", ["k1"]);
  });

  it("withdrawals: by purposes among others, by consent, and a later consent", () => {
    const l = replay([
      ...base(),
      // The value is held under a contract, so a withdrawal takes away the use's basis only.
      ...salesFact(),
      consent("k1", day("2024-02-01"), { consent: "k1" }),
      consent("k2", day("2024-02-10"), { consent: "k2", purposes: ["marketing.email"] }),
      // A withdrawal by purposes that reaches neither consent.
      withdraw("w0", day("2024-02-20"), { purposes: ["research"] }),
      // A withdrawal naming purposes, one of which reaches marketing.email: both consents fall.
      withdraw("w1", day("2024-03-01"), { purposes: ["research", "marketing"] }),
      consent("k3", day("2024-04-01"), { consent: "k3", purposes: ["marketing.email"] }),
      withdraw("w2", day("2024-05-01"), { consent: "k3" }),
      consent("k4", day("2024-05-10"), { consent: "k4", purposes: ["marketing.email", "sales"] }),
    ]);
    expectAllowed(decide(l, { at: day("2024-02-15") }), "consent");
    const after = decide(l, { at: day("2024-03-15") });
    expect(after.allowed).toBe(false);
    expect(after.reasons.map((r) => r.code)).toContain("CONSENT_WITHDRAWN");
    // Each withdrawn consent rests on the withdrawal that reached it, never on w0.
    const withdrawn = after.reasons.filter((r) => r.code === "CONSENT_WITHDRAWN");
    for (const r of withdrawn) expect(r.eventIds).toContain("w1");
    expect(after.reasons.flatMap((r) => r.eventIds)).not.toContain("w0");
    expectAllowed(decide(l, { at: day("2024-04-15") }), "consent", ["k3"]);
    expect(decide(l, { at: day("2024-05-05") }).allowed).toBe(false);
    expectAllowed(decide(l, { at: day("2024-05-15") }), "consent", ["k4"]);
  });

  it("a consent whose own expiry falls on the very instant its maximum age ends is expired by its expiry", () => {
    // Granted 2024-02-01, maximum age P30D: both end at 2024-03-02T00:00:00Z; the consent's own date is the one cited.
    const l = replay([
      ...base(),
      declare("p-email-age", T0, "marketing.email", ["consent"], { consentMaxAge: "P30D" }),
      consent("k1", day("2024-02-01"), { consent: "k1", expires: day("2024-03-02") }),
      fact("r1", day("2024-02-02"), { fact: "f1" }),
    ]);
    expectAllowed(decide(l, { at: "2024-03-01T23:59:59Z" }), "consent", ["k1"]);
    const expired = decide(l, { at: day("2024-03-02") }).reasons.filter((r) => r.code === "CONSENT_EXPIRED");
    expect(expired.map((r) => r.eventIds)).toEqual([["k1"]]);
    expect(expired[0]!.message).toContain("2024-03-02");
    expect(expired[0]!.message).not.toContain("P30D");
  });

  it("a denial counts each event at the very instant asked: a grant, a confirmation, both kinds of withdrawal, the end of the maximum age", () => {
    const at = day("2024-03-02");
    const l = replay([
      ...base(),
      declare("p-email-doi", T0, "marketing.email", ["consent"], { doubleOptIn: true, consentMaxAge: "P30D" }),
      fact("r1", day("2024-01-20"), { fact: "f1" }),
      // k1's maximum age ends at `at` (2024-02-01 + 30 days), when it is also confirmed.
      consent("k1", day("2024-02-01"), { consent: "k1" }),
      confirm("c1", at, "k1"),
      consent("k3", day("2024-02-10"), { consent: "k3" }),
      consent("k4", day("2024-02-10"), { consent: "k4" }),
      withdraw("w3", at, { consent: "k3" }),
      withdraw("w4", at, { purposes: ["marketing.email"] }),
      // Granted at `at`, after w4 in the log: w4 does not reach it.
      consent("k2", at, { consent: "k2", method: "pre-ticked" }),
    ]);
    // A second before, none of these has happened yet.
    const before = consentReasons(decide(l, { at: "2024-03-01T23:59:59Z" }));
    expect(before.map((f) => f[0]).sort()).toEqual(["CONSENT_UNCONFIRMED", "CONSENT_UNCONFIRMED", "CONSENT_UNCONFIRMED"]);
    const failures = consentReasons(decide(l, { at }));
    expect(failures).toContainEqual(["CONSENT_EXPIRED", "k1"]);
    expect(failures).not.toContainEqual(["CONSENT_UNCONFIRMED", "k1"]);
    expect(failures).toContainEqual(["CONSENT_WITHDRAWN", "k1", "w4"]);
    expect(failures).toContainEqual(["CONSENT_WITHDRAWN", "k3", "w3"]);
    expect(failures).toContainEqual(["CONSENT_WITHDRAWN", "k4", "w4"]);
    expect(failures).toContainEqual(["CONSENT_NOT_ACTIVE", "k2"]);
    expect(failures.filter((f) => f[1] === "k2").map((f) => f[0])).toEqual(["CONSENT_NOT_ACTIVE", "CONSENT_UNCONFIRMED"]);
  });

  it("an older ledger's denial does not cite a consent granted after it", () => {
    const older = replay([...base(), ...consented(), withdraw("w1", day("2024-03-01"), { consent: "k1" })]);
    expect(consentReasons(decide(older))).toEqual([["CONSENT_WITHDRAWN", "k1", "w1"]]);
    const newer = apply(older, consent("k2", day("2024-04-01"), { consent: "k2", method: "pre-ticked" }));
    expect(consentReasons(decide(newer))).toEqual([["CONSENT_WITHDRAWN", "k1", "w1"], ["CONSENT_NOT_ACTIVE", "k2"]]);
    expect(consentReasons(decide(older))).toEqual([["CONSENT_WITHDRAWN", "k1", "w1"]]);
  });

  it("an older ledger's denial does not read a notice published after it, even back-dated", () => {
    const older = replay([
      ...base(),
      consent("k1", day("2024-02-01"), { consent: "k1", noticeVersion: "2" }),
      fact("r1", day("2024-02-02"), { fact: "f1" }),
      withdraw("w1", day("2024-03-01"), { consent: "k1" }),
    ]);
    expect(consentReasons(decide(older)).map((r) => r[0])).toEqual(["CONSENT_UNINFORMED", "CONSENT_WITHDRAWN"]);
    const newer = apply(older, notice("n-2", day("2024-01-15"), "privacy", "2", ["marketing"]));
    expect(consentReasons(decide(newer)).map((r) => r[0])).toEqual(["CONSENT_WITHDRAWN"]);
    expect(consentReasons(decide(older)).map((r) => r[0])).toEqual(["CONSENT_UNINFORMED", "CONSENT_WITHDRAWN"]);
  });

  it("an older ledger does not see a withdrawal appended after it", () => {
    const older = replay([...base(), ...consented()]);
    expectAllowed(decide(older), "consent", ["k1"]);
    const newer = apply(older, withdraw("w1", day("2024-03-01"), { consent: "k1" }));
    expect(decide(newer).allowed).toBe(false);
    expectAllowed(decide(older), "consent", ["k1"]);
  });
});

describe("objections, by index", () => {
  const history = (): Ev[] => [
    ...base(),
    ...consented(),
    object("o0", day("2024-02-10"), ["research"]),
    object("o1", day("2024-03-01"), ["marketing"]),
    liftObjection("l1", day("2024-04-01"), ["marketing"]),
    object("o2", day("2024-05-01"), ["marketing.email"]),
  ];

  it("an objection holds from its raising to its lift, and again when raised again", () => {
    const l = replay(history());
    expectAllowed(decide(l, { at: day("2024-02-15") }), "consent", ["k1"]);
    expect(decide(l, { at: day("2024-03-15") }).allowed).toBe(false);
    expectAllowed(decide(l, { at: day("2024-04-15") }), "consent", ["k1"]);
    expect(decide(l, { at: day("2024-05-15") }).allowed).toBe(false);
  });

  it("an older ledger does not see an objection appended after it", () => {
    const older = replay([...base(), ...consented(), object("o0", day("2024-02-10"), ["research"])]);
    expectAllowed(decide(older), "consent", ["k1"]);
    const newer = apply(older, object("o1", day("2024-03-01"), ["marketing"]));
    expect(decide(newer).allowed).toBe(false);
    expectAllowed(decide(older), "consent", ["k1"]);
  });
});

describe("restrictions, by index", () => {
  const history = (): Ev[] => [
    ...base(),
    ...consented(),
    restrict("rs1", day("2024-03-01")),
    liftRestriction("ul1", day("2024-04-01")),
    restrict("rs2", day("2024-05-01")),
  ];

  it("a restriction holds from its start to its lift, and again when restricted again", () => {
    const l = replay(history());
    expectAllowed(decide(l, { at: day("2024-02-15") }), "consent", ["k1"]);
    expectDenied(decide(l, { at: day("2024-03-15") }), ["RESTRICTED"]);
    expect(only(decide(l, { at: day("2024-03-15") }), "RESTRICTED", null).eventIds).toEqual(["rs1"]);
    expectAllowed(decide(l, { at: day("2024-04-15") }), "consent", ["k1"]);
    expect(only(decide(l, { at: day("2024-05-15") }), "RESTRICTED", null).eventIds).toEqual(["rs2"]);
  });

  it("an older ledger does not see a restriction appended right after it", () => {
    const older = replay(history().slice(0, -1));
    expectAllowed(decide(older, { at: day("2024-05-15") }), "consent", ["k1"]);
    const newer = apply(older, history().at(-1));
    expectDenied(decide(newer, { at: day("2024-05-15") }), ["RESTRICTED"]);
    // The subject's index now holds rs2, at the older ledger's size: the older ledger must not see it.
    expectAllowed(decide(older, { at: day("2024-05-15") }), "consent", ["k1"]);
  });
});

describe("whether a subject is known, read from the subject", () => {
  it("an older ledger does not know a subject whose first event was appended right after it", () => {
    const older = replay(base());
    expectDenied(decide(older), ["UNKNOWN_SUBJECT"]);
    const newer = apply(older, consented()[0]);
    expect(decide(newer).reasons.map((r) => r.code)).not.toContain("UNKNOWN_SUBJECT");
    expectDenied(decide(older), ["UNKNOWN_SUBJECT"]);
  });
});

describe("a field's current fact over time, by index", () => {
  it("recorded, corrected, erased, recorded again: the same answer at every instant", () => {
    const l = replay([
      ...base(),
      ...salesFact(),
      basis("b1", day("2024-02-01"), "contract", ["sales"], "order-1"),
      correct("c1", day("2024-03-01"), "f1", "new@example.org"),
      erase("e1", day("2024-04-01"), { fact: "f1" }),
      fact("r2", day("2024-05-01"), { fact: "f2", purposes: ["sales"], basis: "contract" }),
    ]);
    expectDenied(decide(l, { purpose: "sales", at: day("2024-01-15") }), ["UNKNOWN_SUBJECT"]);
    for (const at of ["2024-02-15", "2024-03-15", "2024-05-15"]) expectAllowed(decide(l, { purpose: "sales", at: day(at) }), "contract", ["b1"]);
    expectDenied(decide(l, { purpose: "sales", at: day("2024-04-15") }), ["ERASED@email"]);
  });
});

describe("a long field erased, after the subject's last event", () => {
  // Two e-mails, each erased by its own event; the second recorded after the first was erased.
  const history = (): Ev[] => [
    ...base(),
    ...salesFact(),
    basis("b1", day("2024-02-01"), "contract", ["sales"], "order-1"),
    erase("e1", day("2024-04-01"), { fact: "f1" }),
    fact("r2", day("2024-05-15"), { fact: "f2", purposes: ["sales"], basis: "contract" }),
    erase("e2", day("2024-06-01"), { fact: "f2" }),
  ];
  const erasedBy = (d: Decision): readonly string[] => only(d, "ERASED", "email").eventIds;

  it("cites every erasure at its last event and after it, asked again (the kept scan), and only what was erased earlier", () => {
    const l = replay(history());
    for (const at of ["2024-06-01", "2024-06-15", "2024-06-15", "2024-07-01"]) expect(erasedBy(decide(l, { purpose: "sales", at: day(at) })), at).toEqual(["e1", "e2"]);
    // Asked after the scan of the present was kept: an earlier instant is scanned at that instant.
    expect(erasedBy(decide(l, { purpose: "sales", at: day("2024-04-15") }))).toEqual(["e1"]);
    expectAllowed(decide(l, { purpose: "sales", at: day("2024-05-20") }), "contract", ["b1"]);
  });

  it("a fact appended to a newer ledger is read by it, in decisions and in the profile, and not by the older ledger", () => {
    // A field erasure: it also erases a fact recorded before it but appended after it.
    const h = [...history().slice(0, -1), erase("eF", day("2024-06-01"), { field: "email" })];
    const older = replay(h);
    expect(erasedBy(decide(older, { purpose: "sales", at: day("2024-07-01") }))).toEqual(["e1", "eF"]);
    const backdated = apply(older, fact("r3", day("2024-05-20"), { fact: "f3", purposes: ["sales"], basis: "contract" }));
    const newer = apply(older, fact("r4", day("2024-06-15"), { fact: "f4", purposes: ["sales"], basis: "contract" }));
    expect(erasedBy(decide(backdated, { purpose: "sales", at: day("2024-07-01") }))).toEqual(["e1", "eF"]);
    expectAllowed(decide(newer, { purpose: "sales", at: day("2024-07-01") }), "contract", ["b1"]);
    expect(erasedBy(decide(older, { purpose: "sales", at: day("2024-07-01") }))).toEqual(["e1", "eF"]);
    // The profile reads every recording of the field: the older ledger first, then the one that holds r3.
    INDEXING.from = 0;
    const recordings = (l: Ledger): string[] =>
      profile(l, S).fields.find((f) => f.field === "email")!.history.filter((x) => x.kind === "recorded").map((x) => x.eventId);
    expect(recordings(older)).toEqual(["r1", "r2"]);
    expect(recordings(backdated)).toEqual(["r1", "r2", "r3"]);
    // Once a later event of the subject follows both, neither ledger sees all of it: each scans its own.
    const latest = apply(backdated, basis("b2", day("2024-07-15"), "contract", ["sales"], "order-2"));
    expect(recordings(older)).toEqual(["r1", "r2"]);
    expect(recordings(backdated)).toEqual(["r1", "r2", "r3"]);
    expect(recordings(latest)).toEqual(["r1", "r2", "r3"]);
  });
});

describe("a field's only fact, then a second one (one fact is kept without a list)", () => {
  const value = (l: Ledger, at: string): unknown => {
    const p = profile(l, S, { at: day(at) });
    if (!("fields" in p)) throw new Error("profile refused the query");
    return p.fields.find((f) => f.field === "email")?.current?.value;
  };

  it("answers the same from one fact as from a list, at every instant, in an older ledger too", () => {
    const one = replay([...base(), ...salesFact(), basis("b1", day("2024-02-01"), "contract", ["sales"], "order-1")]);
    // Before the recording, after it; a field never recorded beside it is NO_DATA.
    expectDenied(decide(one, { purpose: "sales", at: day("2024-02-01") }), ["NO_DATA@email"]);
    expectAllowed(decide(one, { purpose: "sales", at: day("2024-02-15") }), "contract", ["b1"]);
    expectDenied(decide(one, { purpose: "sales", fields: ["email", "phone"], at: day("2024-02-15") }), ["NO_DATA@phone"]);
    // A second fact of the field makes it a list; the older ledger keeps its one fact.
    const two = apply(one, fact("r2", day("2024-03-01"), { fact: "f2", value: "second@example.org", purposes: ["sales"], basis: "contract" }));
    expect(value(one, "2024-03-15")).toBe("f1@example.org");
    expect(value(two, "2024-02-15")).toBe("f1@example.org");
    expect(value(two, "2024-03-15")).toBe("second@example.org");
    expectAllowed(decide(two, { purpose: "sales", at: day("2024-03-15") }), "contract", ["b1"]);
    // An erasure of the field erases the one fact, and each fact of the list.
    const oneErased = apply(one, erase("eF", day("2024-04-01"), { field: "email" }));
    const twoErased = apply(two, erase("eF", day("2024-04-01"), { field: "email" }));
    expect(only(decide(oneErased, { purpose: "sales", at: day("2024-04-15") }), "ERASED", "email").eventIds).toEqual(["eF"]);
    expect(only(decide(twoErased, { purpose: "sales", at: day("2024-04-15") }), "ERASED", "email").eventIds).toEqual(["eF"]);
    expectAllowed(decide(twoErased, { purpose: "sales", at: day("2024-03-15") }), "contract", ["b1"]);
    expect(value(twoErased, "2024-04-15")).toBeUndefined();
  });
});

describe("the access policies in force over time, compiled per catalog", () => {
  const marketer = (at: string): Ask => ({ roles: ["marketer"], at });
  // pol-m grants marketers marketing from 02-10, is revoked on 03-01 and granted again on 04-01;
  // the new grant arrives before the revocation in the log (back-dated arrival of the revocation).
  const history = (): Ev[] => [
    ...base(),
    ...consented(),
    // pol-a (assistants) arrives first but is granted after pol-m: the policies' order is not the time order.
    grantPolicy("ga-1", day("2024-02-20"), "pol-a", "assistant", ["marketing"], ["contact"]),
    grantPolicy("gm-1", day("2024-02-10"), "pol-m", "marketer", ["marketing"], ["contact"]),
    grantPolicy("gm-2", day("2024-04-01"), "pol-m", "marketer", ["marketing"], ["contact"]),
    revokePolicy("rm-1", day("2024-03-01"), "pol-m"),
  ];

  it("a policy grants from its grant, not at its revocation's very instant, and again from its new grant", () => {
    const l = replay(history());
    expectDenied(decide(l, marketer(day("2024-02-09"))), ["ACCESS_DENIED"]);
    expectAllowed(decide(l, marketer(day("2024-02-10"))), "consent");
    expectAllowed(decide(l, marketer("2024-02-29T23:59:59Z")), "consent");
    expectDenied(decide(l, marketer(day("2024-03-01"))), ["ACCESS_DENIED"]);
    expectDenied(decide(l, marketer("2024-03-31T23:59:59Z")), ["ACCESS_DENIED"]);
    expectAllowed(decide(l, marketer(day("2024-04-01"))), "consent");
    // Another role's policy is not changed by it.
    expectAllowed(decide(l, { at: day("2024-03-15") }), "consent");
    expectDenied(decide(l, { roles: ["assistant"], at: day("2024-02-19") }), ["ACCESS_DENIED"]);
    expectAllowed(decide(l, { roles: ["assistant"], at: day("2024-02-25") }), "consent");
    expectAllowed(decide(l, { roles: ["assistant"], at: day("2024-03-15") }), "consent");
  });

  it("an older ledger of the same store does not read the policies appended after it", () => {
    const older = replay(history().slice(0, -2));
    expectAllowed(decide(older, { roles: ["assistant"], at: day("2024-02-25") }), "consent");
    expectAllowed(decide(older, marketer(day("2024-03-15"))), "consent");
    const newer = apply(apply(older, history().at(-2)), history().at(-1));
    expectDenied(decide(newer, marketer(day("2024-03-15"))), ["ACCESS_DENIED"]);
    expectAllowed(decide(older, marketer(day("2024-03-15"))), "consent");
  });

  it("a catalog with more policy events than the timeline holds is read by scanning, with the same answers", () => {
    // 300 policy events: pol-k granted on day k and revoked on day k + 1; pol-m granted on 03-10 only.
    const many: Ev[] = [];
    for (let k = 0; k < 150; k++) {
      const at = Date.UTC(2024, 1, 1) + k * 86_400_000;
      many.push(grantPolicy(`g-${k}`, new Date(at).toISOString().replace(".000", ""), `pol-${k}`, "marketer", ["marketing"], k % 2 === 0 ? ["contact"] : ["professional"]));
      many.push(revokePolicy(`r-${k}`, new Date(at + 86_400_000).toISOString().replace(".000", ""), `pol-${k}`));
    }
    const l = replay([...base(), ...consented(), ...many]);
    // Day 30 (03-02): pol-30 (contact) is in force; day 31: pol-31 (professional) only.
    expectAllowed(decide(l, marketer("2024-03-02T12:00:00Z")), "consent");
    expectDenied(decide(l, marketer("2024-03-03T12:00:00Z")), ["ACCESS_DENIED"]);
    expectDenied(decide(l, marketer(day("2025-01-01"))), ["ACCESS_DENIED"]);
  });
});
