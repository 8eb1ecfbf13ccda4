/**
 * Corners of canUse that mutation testing found unpinned: each test is one
 * sentence of the decisions or foundation issue on an input the generators
 * reach too rarely. (docs/quality.md lists the mutants these kill.)
 */
import { describe, expect, test } from "vitest";
import { apply, canUse, replay } from "../../src/index.js";
import {
  ask,
  base,
  confirm,
  consent,
  consented,
  correct,
  declare,
  expectAllowed,
  expectDenied,
  fact,
  liftObjection,
  notice,
  NOW,
  object,
  only,
  retire,
  retireSource,
  S,
  withdraw,
  salesFact,
  source,
  type Ev,
} from "./helpers.js";

describe("the basis names the events that establish it", () => {
  test("a confirmation is named only when the purpose asks for double opt-in", () => {
    // marketing.email has no doubleOptIn: the consent's grant alone establishes it.
    expectAllowed(ask([...base(), ...consented(), confirm("c1", "2024-02-03T00:00:00Z", "k1")]), "consent", ["k1"]);
    const doi = [...base(), declare("p-doi", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }), ...consented()];
    expectAllowed(ask([...doi, confirm("c1", "2024-02-03T00:00:00Z", "k1")]), "consent", ["k1", "c1"]);
  });

  test("of two effective consents, the one granted first in time, whatever the log order", () => {
    const events = [...base(), consent("k-late", "2024-02-10T00:00:00Z", { consent: "k-late" }), consent("k-early", "2024-02-05T00:00:00Z", { consent: "k-early" }), fact("r1", "2024-02-20T00:00:00Z", { fact: "f1" })];
    expectAllowed(ask(events), "consent", ["k-early"]);
  });
});

describe("objections", () => {
  test("two objections to the same purpose are both named", () => {
    const d = ask([...base(), ...consented(), object("o1", "2024-03-01T00:00:00Z", ["marketing"]), object("o2", "2024-03-02T00:00:00Z", ["marketing"])]);
    expectDenied(d, ["OBJECTED"]);
    expect([...only(d, "OBJECTED").eventIds].sort()).toEqual(["o1", "o2"]);
  });

  test("a withdrawal of the objection naming more purposes than the objection lifts it", () => {
    const events = [...base(), ...consented(), object("o1", "2024-03-01T00:00:00Z", ["marketing"]), liftObjection("w1", "2024-03-05T00:00:00Z", ["marketing", "sales"])];
    expectDenied(ask(events, { at: "2024-03-03T00:00:00Z" }), ["OBJECTED"]);
    expectAllowed(ask(events));
  });
});

describe("sources", () => {
  test("a correction from a source retired before it: UNKNOWN_SOURCE names the correction and the retirement", () => {
    const events: Ev[] = [...base(), ...salesFact(), source("src-old", "2024-01-01T00:00:00Z", "old-list", "import"), retireSource("ret-old", "2024-02-10T00:00:00Z", "old-list"), correct("cor1", "2024-03-01T00:00:00Z", "f1", "new@example.org", "old-list")];
    const d = ask(events, { purpose: "sales" });
    const r = only(d, "UNKNOWN_SOURCE", "email");
    expect(r.eventIds).toContain("cor1");
    expect(r.eventIds).toContain("ret-old");
  });
});

describe("HISTORY_INCOMPLETE", () => {
  test("a conflicting reuse marks each copy's subject from that copy's own at, and no other", () => {
    const events: Ev[] = [
      ...base(),
      ...consented(),
      ...consented().map((e) => ({ ...e, id: `b-${String(e["id"])}`, subject: "s2", data: { ...(e["data"] as Ev), ...("fact" in (e["data"] as Ev) ? { fact: "f2" } : { consent: "k2" }) } })),
      fact("dup", "2024-03-01T00:00:00Z", { fact: "fa", subject: S }),
      fact("dup", "2024-05-01T00:00:00Z", { fact: "fb", subject: "s2" }),
    ];
    const ledger = replay(events);
    const q = (subject: string, at: string) => canUse(ledger, { subject, purpose: "marketing.email", fields: ["email"], actor: { id: "u", roles: ["staff"] }, at });
    // s2 is marked from its copy's at (2024-05-01), not from the other copy's (2024-03-01).
    expect(q("s2", "2024-04-01T00:00:00Z").allowed).toBe(true);
    expect(q("s2", NOW).reasons.map((r) => r.code)).toEqual(["HISTORY_INCOMPLETE"]);
    expect(q(S, "2024-04-01T00:00:00Z").reasons.map((r) => r.code)).toEqual(["HISTORY_INCOMPLETE"]);
    expect(q(S, "2024-02-15T00:00:00Z").allowed).toBe(true);
  });
});

describe("INVALID_QUERY", () => {
  test("keeps the string members of a malformed field list as denied fields, and no field when there is no list", () => {
    const ledger = replay(base());
    const withNumber = canUse(ledger, { subject: S, purpose: "sales", fields: ["email", 42] as unknown as string[], actor: { id: "u", roles: [] }, at: NOW });
    expect(withNumber.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    expect(withNumber.fields).toEqual([{ field: "email", allowed: false, reasons: [] }]);
    const noList = canUse(ledger, { subject: S, purpose: "sales", actor: { id: "u", roles: [] }, at: NOW } as unknown as Parameters<typeof canUse>[1]);
    expect(noList.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    expect(noList.fields).toEqual([]);
  });
});

describe("COLLECTION_CONSENT_WITHDRAWN names the events the loss rests on, and no others", () => {
  test("a consent lost by expiry: the fact and the grant, not a withdrawal dated after T", () => {
    const events = [
      ...base(),
      consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", expires: "2024-04-01T00:00:00Z" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" }),
      withdraw("w-late", "2024-07-01T00:00:00Z", { consent: "k1" }),
    ];
    const r = only(ask(events), "COLLECTION_CONSENT_WITHDRAWN", "email");
    expect(r.eventIds).toEqual(["r1", "k1"]);
  });

  test("a withdrawal for purposes at the grant's instant, later in the log, is named", () => {
    const T = "2024-02-01T00:00:00Z";
    const events = [...base(), consent("k1", T, { consent: "k1" }), fact("r1", T, { fact: "f1" }), withdraw("w1", T, { purposes: ["marketing"] })];
    const r = only(ask(events), "COLLECTION_CONSENT_WITHDRAWN", "email");
    expect(r.eventIds).toEqual(["r1", "k1", "w1"]);
  });

  test("a withdrawal for purposes dated before the grant does not touch it and is not named", () => {
    const events = [
      ...base(),
      consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", expires: "2024-04-01T00:00:00Z" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" }),
      withdraw("w-early", "2024-01-15T00:00:00Z", { purposes: ["marketing"] }),
    ];
    expectAllowed(ask(events, { at: "2024-03-01T00:00:00Z" }), "consent", ["k1"]);
    const r = only(ask(events), "COLLECTION_CONSENT_WITHDRAWN", "email");
    expect(r.eventIds).toEqual(["r1", "k1"]);
  });
});

describe("a purpose's first declaration", () => {
  test("a back-dated retirement before the first declaration is not a declaration: a consent between them covers nothing", () => {
    const events: Ev[] = [
      ...base(),
      retire("ret-x", "2024-01-10T00:00:00Z", "research.panel"),
      notice("n-2", "2024-01-20T00:00:00Z", "privacy", "2", ["research.panel"]),
      consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", purposes: ["research.panel"], noticeVersion: "2" }),
      declare("p-x", "2024-03-01T00:00:00Z", "research.panel", ["consent"]),
      fact("r1", "2024-03-02T00:00:00Z", { fact: "f1", purposes: ["research.panel"] }),
    ];
    const d = ask(events, { purpose: "research.panel" });
    expectDenied(d, ["NO_LEGAL_BASIS@email", "UNLAWFUL_COLLECTION@email"]);
    // The same consent given after the declaration covers it.
    const later = events.map((e) => (e["id"] === "k1" ? { ...e, at: "2024-03-01T12:00:00Z" } : e));
    expectAllowed(ask(later, { purpose: "research.panel" }), "consent", ["k1"]);
  });

  test("an older ledger does not see a back-dated first declaration appended after it", () => {
    const events: Ev[] = [
      ...base(),
      notice("n-2", "2024-01-20T00:00:00Z", "privacy", "2", ["research.panel"]),
      consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", purposes: ["research.panel"], noticeVersion: "2" }),
      declare("p-x", "2024-03-01T00:00:00Z", "research.panel", ["consent"]),
      fact("r1", "2024-03-02T00:00:00Z", { fact: "f1", purposes: ["research.panel"] }),
    ];
    const older = replay(events);
    const newer = apply(older, declare("p-x0", "2024-01-15T00:00:00Z", "research.panel", ["consent"]));
    expectAllowed(ask(newer, { purpose: "research.panel" }), "consent", ["k1"]);
    expectDenied(ask(older, { purpose: "research.panel" }), ["NO_LEGAL_BASIS@email", "UNLAWFUL_COLLECTION@email"]);
    // A consent given after the declaration the older ledger knows: covered there, although the newer ledger's first declaration is another.
    const after = [...events, consent("k2", "2024-03-01T06:00:00Z", { consent: "k2", purposes: ["research.panel"], noticeVersion: "2" }), fact("r2", "2024-03-02T06:00:00Z", { fact: "f2", field: "phone", category: "contact.phone", purposes: ["research.panel"] })];
    const older2 = replay(after);
    apply(older2, declare("p-x0", "2024-01-15T00:00:00Z", "research.panel", ["consent"]));
    expectAllowed(ask(older2, { purpose: "research.panel", fields: ["phone"] }), "consent", ["k2"]);
  });
});
