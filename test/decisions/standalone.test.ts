/**
 * Malformed queries and the stand-alone reasons: INVALID_QUERY before
 * everything, then HISTORY_INCOMPLETE > UNKNOWN_SUBJECT > UNKNOWN_PURPOSE,
 * only the first reported; purposes in force and inherited attributes.
 */
import { describe, expect, test } from "vitest";
import { canUse, replay } from "../../src/index.js";
import {
  ask,
  base,
  basis,
  consent,
  consented,
  correct,
  declare,
  expectAllowed,
  expectDenied,
  fact,
  only,
  restrict,
  retire,
  source,
  T0,
  voids,
  type Ev,
} from "./helpers.js";

const good = { subject: "s1", purpose: "marketing.email", fields: ["email"], actor: { id: "u-1", roles: ["staff"] }, at: "2024-06-01T00:00:00Z" };
/** A FactRecorded of s1 that fails to decode (no data fields). */
const badFact = (id: string, at: string, subject = "s1"): Ev => ({ id, type: "FactRecorded", at, subject, data: { fact: "fx" } });

describe("INVALID_QUERY", () => {
  const ledger = replay([...base(), ...consented()]);
  const cases: [string, unknown][] = [
    ["at without Z", { ...good, at: "2024-06-01T00:00:00" }],
    ["at with an offset", { ...good, at: "2024-06-01T00:00:00+00:00" }],
    ["at on a day that does not exist", { ...good, at: "2024-02-30T00:00:00Z" }],
    ["at with hour 24", { ...good, at: "2024-06-01T24:00:00Z" }],
    ["at with second 60", { ...good, at: "2024-06-01T23:59:60Z" }],
    ["at as a date only", { ...good, at: "2024-06-01" }],
    ["at with four fraction digits", { ...good, at: "2024-06-01T00:00:00.0000Z" }],
    ["at as a number", { ...good, at: 1717200000000 }],
    ["at missing", { ...good, at: undefined }],
    ["purpose with an empty segment", { ...good, purpose: "marketing..email" }],
    ["purpose with a trailing dot", { ...good, purpose: "marketing." }],
    ["purpose '.'", { ...good, purpose: "." }],
    ["purpose empty", { ...good, purpose: "" }],
    ["purpose not a string", { ...good, purpose: 7 }],
    ["empty fields", { ...good, fields: [] }],
    ["fields not an array", { ...good, fields: "email" }],
    ["actor missing", { ...good, actor: undefined }],
    ["actor null", { ...good, actor: null }],
    ["actor without roles", { ...good, actor: { id: "u-1" } }],
    ["actor roles not strings", { ...good, actor: { id: "u-1", roles: [1] } }],
    ["actor with an empty id", { ...good, actor: { id: "", roles: ["staff"] } }],
    ["query null", null],
    ["query a string", "may I?"],
  ];
  test.each(cases)("%s is denied with INVALID_QUERY alone", (_name, q) => {
    const d = canUse(ledger, q as never);
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    expect(d.reasons[0]!.field).toBeUndefined();
    expect(d.reasons[0]!.eventIds).toEqual([]);
    expect(d.reasons[0]!.message.length).toBeGreaterThan(10);
    expect(d.obligations).toEqual([]);
    for (const f of d.fields) expect(f.allowed).toBe(false);
  });

  test("stands alone before every other reason (incomplete history, unknown subject and purpose)", () => {
    const l = replay([...base(), badFact("bad1", "2024-01-02T00:00:00Z", "ghost")]);
    const d = canUse(l, { ...good, subject: "ghost", purpose: "nope", at: "yesterday" } as never);
    expectDenied(d, ["INVALID_QUERY"]);
  });

  test("a well-formed query on the same ledger is not INVALID_QUERY", () => {
    expectAllowed(canUse(ledger, good), "consent", ["k1"]);
    // An actor without roles is well-formed (and gets ACCESS_DENIED).
    expectDenied(canUse(ledger, { ...good, actor: { id: "u-1", roles: [] } }), ["ACCESS_DENIED"]);
    // Fractions of a second up to three digits are well-formed.
    expectAllowed(canUse(ledger, { ...good, at: "2024-06-01T00:00:00.5Z" }));
  });
});

describe("HISTORY_INCOMPLETE", () => {
  test("names the rejected subject event, from its at on, until it is voided", () => {
    const events = [...base(), ...consented(), badFact("bad1", "2024-03-01T00:00:00Z")];
    const d = ask(events);
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(only(d, "HISTORY_INCOMPLETE").eventIds).toEqual(["bad1"]);
    for (const f of d.fields) expect(f.reasons).toEqual([]);
    // Before the reject's at the subject is complete.
    expectAllowed(ask(events, { at: "2024-02-29T23:59:59Z" }));
    // A void repairs the log at every T, even one before the void's own at.
    const repaired = [...events, voids("v1", "2024-09-01T00:00:00Z", { event: "bad1" })];
    expectAllowed(ask(repaired));
    expectAllowed(ask(repaired, { at: "2024-03-01T00:00:00Z" }));
  });

  test("a catalog reject (a source registered without assessment) makes every subject incomplete", () => {
    const bad = { id: "badsrc", type: "SourceRegistered", at: "2024-03-01T00:00:00Z", data: { source: "xing", kind: "social-network" } };
    const events = [...base(), ...consented(), bad];
    const d = ask(events);
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(only(d, "HISTORY_INCOMPLETE").eventIds).toEqual(["badsrc"]);
    expectAllowed(ask(events, { at: "2024-02-15T00:00:00Z" }));
  });

  test("an item without a usable id is named #<position>", () => {
    const events: unknown[] = [...base(), ...consented()];
    const pos = events.length;
    events.push({ type: "FactRecorded", at: "2024-03-01T00:00:00Z", subject: "s1", data: {} });
    const d = ask(events as Ev[]);
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(only(d, "HISTORY_INCOMPLETE").eventIds).toEqual([`#${pos}`]);
    // Voiding it by position repairs the log.
    expectAllowed(ask([...(events as Ev[]), voids("v1", "2024-03-02T00:00:00Z", { position: pos })]));
  });

  test("a rejected event without a valid at makes its subject incomplete at every T", () => {
    const events = [...base(), ...consented(), { id: "bad2", type: "FactRecorded", at: "someday", subject: "s1", data: {} }];
    expectDenied(ask(events, { at: "2024-02-03T00:00:00Z" }), ["HISTORY_INCOMPLETE"]);
  });

  test("names the subject's and the catalog's rejects in log order, and says when the catalog is involved", () => {
    const badSrc = { id: "badsrc", type: "SourceRegistered", at: "2024-03-01T00:00:00Z", data: { source: "xing", kind: "social-network" } };
    // The subject's reject comes first in the log, the catalog's second: the scan order (catalog first) must not show.
    const events = [...base(), ...consented(), badFact("bad1", "2024-03-02T00:00:00Z"), badSrc];
    const d = ask(events);
    const r = only(d, "HISTORY_INCOMPLETE");
    expect(r.eventIds).toEqual(["bad1", "badsrc"]);
    expect(r.message).toBe("The history of this person or of the catalog is incomplete: 2 rejected event(s) have not been voided, so no decision can be trusted.");
    const subjectOnly = only(ask([...base(), ...consented(), badFact("bad1", "2024-03-02T00:00:00Z")]), "HISTORY_INCOMPLETE");
    expect(subjectOnly.message).toBe("The history of this person is incomplete: 1 rejected event(s) have not been voided, so no decision can be trusted.");
    // Between the two instants only the catalog's reject counts.
    expect(only(ask(events, { at: "2024-03-01T12:00:00Z" }), "HISTORY_INCOMPLETE").eventIds).toEqual(["badsrc"]);
  });

  test("a reject about another subject does not touch s1", () => {
    expectAllowed(ask([...base(), ...consented(), badFact("bad3", "2024-03-01T00:00:00Z", "s2")]));
  });

  test("a referential reject (a correction of an unknown fact) marks the subject from its at", () => {
    const events = [...base(), ...consented(), correct("bad1", "2024-03-01T00:00:00Z", "no-such-fact", "x")];
    const d = ask(events);
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(only(d, "HISTORY_INCOMPLETE").eventIds).toEqual(["bad1"]);
    expectAllowed(ask(events, { at: "2024-02-29T23:59:59Z" }));
  });

  test("a conflicting id reuse marks what each copy would mark, each from its own at", () => {
    // The first copy is a catalog event (2024-05-01): the catalog is marked from then, so s1 is incomplete too.
    const events = [...base(), ...consented(), { ...source("dup", "2024-05-01T00:00:00Z", "fax", "manual"), subject: undefined }, fact("dup", "2024-05-02T00:00:00Z", { fact: "fz", subject: "s2" })];
    const d = ask(events);
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
    expect(only(d, "HISTORY_INCOMPLETE").eventIds).toEqual(["dup"]);
    expectDenied(ask(events, { at: "2024-05-01T00:00:00Z" }), ["HISTORY_INCOMPLETE"]);
    expectAllowed(ask(events, { at: "2024-04-30T23:59:59Z" }));
  });

  test("an exact duplicate is skipped and marks nothing", () => {
    const events = [...base(), ...consented()];
    expectAllowed(ask([...events, ...consented(), base()[0]!]), "consent", ["k1"]);
  });

  test("names every unvoided reject, and only those", () => {
    const events = [...base(), ...consented(), badFact("bad1", "2024-03-01T00:00:00Z"), badFact("bad2", "2024-03-02T00:00:00Z"), badFact("bad3", "2024-03-03T00:00:00Z"), voids("v1", "2024-03-04T00:00:00Z", { event: "bad2" })];
    expect([...only(ask(events), "HISTORY_INCOMPLETE").eventIds].sort()).toEqual(["bad1", "bad3"]);
    expect([...only(ask(events, { at: "2024-03-01T12:00:00Z" }), "HISTORY_INCOMPLETE").eventIds]).toEqual(["bad1"]);
  });
});

describe("stand-alone order: HISTORY_INCOMPLETE > UNKNOWN_SUBJECT > UNKNOWN_PURPOSE", () => {
  test("an incomplete, unknown subject asked about an unknown purpose gets HISTORY_INCOMPLETE only", () => {
    const d = ask([...base(), badFact("bad1", "2024-03-01T00:00:00Z", "ghost")], { subject: "ghost", purpose: "nope" });
    expectDenied(d, ["HISTORY_INCOMPLETE"]);
  });

  test("an unknown subject asked about an unknown purpose gets UNKNOWN_SUBJECT only", () => {
    expectDenied(ask([...base(), ...consented()], { subject: "nobody", purpose: "nope", roles: [] }), ["UNKNOWN_SUBJECT"]);
  });

  test("a subject whose only event was rejected and then voided is unknown", () => {
    expectDenied(ask([...base(), badFact("bad1", "2024-02-01T00:00:00Z", "ghost"), voids("v1", "2024-02-02T00:00:00Z", { event: "bad1" })], { subject: "ghost" }), ["UNKNOWN_SUBJECT"]);
  });

  test("a subject known only after T is unknown at T", () => {
    expectDenied(ask([...base(), ...consented()], { at: "2024-01-31T23:59:59Z" }), ["UNKNOWN_SUBJECT"]);
    // Its first event (the consent) counts at exactly its at.
    expectDenied(ask([...base(), ...consented()], { at: "2024-02-01T00:00:00Z" }), ["NO_DATA@email"]);
  });

  test("UNKNOWN_PURPOSE stands alone: no RESTRICTED, no field reason", () => {
    const d = ask([...base(), ...consented(), restrict("rs1", "2024-03-01T00:00:00Z")], { purpose: "nope", fields: ["email", "phone"], roles: [] });
    expectDenied(d, ["UNKNOWN_PURPOSE"]);
    for (const f of d.fields) expect(f.reasons).toEqual([]);
  });

  test("a purpose declared after T is unknown at T; a descendant of a declared purpose is not declared by it", () => {
    const events = [...base(), ...consented(), declare("p-sms", "2024-07-01T00:00:00Z", "marketing.sms", ["consent"])];
    expectDenied(ask(events, { purpose: "marketing.sms" }), ["UNKNOWN_PURPOSE"]);
    expectDenied(ask(events, { purpose: "marketing.email.weekly" }), ["UNKNOWN_PURPOSE"]);
    // After its declaration it is known (and the old consent does not cover it: declared after the consent).
    expect(ask(events, { purpose: "marketing.sms", at: "2024-07-02T00:00:00Z" }).reasons.map((r) => r.code)).not.toContain("UNKNOWN_PURPOSE");
  });

  test("a retired purpose is not unknown: PURPOSE_RETIRED is subject level and not stand-alone", () => {
    const d = ask([...base(), ...consented(), retire("ret1", "2024-03-01T00:00:00Z", "marketing.email"), restrict("rs1", "2024-03-02T00:00:00Z")], { fields: ["email", "phone"] });
    expectDenied(d, ["PURPOSE_RETIRED", "RESTRICTED", "NO_DATA@phone"]);
    expect(only(d, "PURPOSE_RETIRED").eventIds).toEqual(["ret1"]);
  });
});

describe("purposes in force", () => {
  const life = (extra: Ev[]) => [...base(), ...consented(), ...extra];

  test("retiring a parent retires its children; re-declaring the parent revives only the parent", () => {
    const events = life([retire("ret-mkt", "2024-03-01T00:00:00Z", "marketing"), declare("re-mkt", "2024-04-01T00:00:00Z", "marketing", ["consent"], { directMarketing: true })]);
    expectAllowed(ask(events, { at: "2024-02-28T00:00:00Z" }));
    const child = ask(events, { at: "2024-03-15T00:00:00Z" });
    expectDenied(child, ["PURPOSE_RETIRED"]);
    expect(only(child, "PURPOSE_RETIRED").eventIds).toEqual(["ret-mkt"]);
    expectDenied(ask(events, { purpose: "marketing", at: "2024-03-15T00:00:00Z" }), ["PURPOSE_RETIRED"]);
    // After the parent's re-declaration: the parent is in force, the child still retired.
    expectAllowed(ask(events, { purpose: "marketing" }));
    expectDenied(ask(events), ["PURPOSE_RETIRED"]);
  });

  test("re-declaring the child revives the child, not its own children", () => {
    // weekly is declared before notice privacy v1 (which lists marketing) is published: informed.
    const events = [
      declare("p-weekly", T0, "marketing.email.weekly", ["consent"]),
      ...life([]),
      retire("ret-mkt", "2024-03-01T00:00:00Z", "marketing"),
      declare("re-mkt", "2024-04-01T00:00:00Z", "marketing", ["consent"], { directMarketing: true }),
      declare("re-email", "2024-04-02T00:00:00Z", "marketing.email", ["consent"]),
    ];
    expectAllowed(ask(events, { purpose: "marketing.email.weekly", at: "2024-02-15T00:00:00Z" }));
    expectAllowed(ask(events));
    expectDenied(ask(events, { purpose: "marketing.email.weekly" }), ["PURPOSE_RETIRED"]);
  });

  test("a retirement of the purpose itself after its re-declaration retires it again", () => {
    const events = life([retire("ret1", "2024-03-01T00:00:00Z", "marketing.email"), declare("re1", "2024-04-01T00:00:00Z", "marketing.email", ["consent"]), retire("ret2", "2024-05-01T00:00:00Z", "marketing.email")]);
    expectDenied(ask(events, { at: "2024-03-15T00:00:00Z" }), ["PURPOSE_RETIRED"]);
    expectAllowed(ask(events, { at: "2024-04-15T00:00:00Z" }));
    const d = ask(events);
    expectDenied(d, ["PURPOSE_RETIRED"]);
    expect(only(d, "PURPOSE_RETIRED").eventIds).toContain("ret2");
  });

  test("a declaration and a retirement at the same instant take effect in log order", () => {
    const at = "2024-04-01T00:00:00Z";
    const retiredLast = life([declare("re1", at, "marketing.email", ["consent"]), retire("ret1", at, "marketing.email")]);
    const declaredLast = life([retire("ret1", at, "marketing.email"), declare("re1", at, "marketing.email", ["consent"])]);
    expectDenied(ask(retiredLast, { at }), ["PURPOSE_RETIRED"]);
    expectAllowed(ask(declaredLast, { at }));
  });

  test("a retirement at exactly T counts; one after T does not", () => {
    const events = life([retire("ret1", "2024-04-01T00:00:00Z", "marketing.email")]);
    expectDenied(ask(events, { at: "2024-04-01T00:00:00Z" }), ["PURPOSE_RETIRED"]);
    expectAllowed(ask(events, { at: "2024-03-31T23:59:59.999Z" }));
  });
});

describe("attributes come from the purpose's latest declaration, else the nearest ancestor's", () => {
  test("doubleOptIn inherited from the parent; the child's own false wins", () => {
    const parentDoi = [...base(), declare("re-mkt", "2024-01-01T00:00:01Z", "marketing", ["consent"], { directMarketing: true, doubleOptIn: true }), ...consented()];
    expectDenied(ask(parentDoi), ["CONSENT_UNCONFIRMED@email", "NO_LEGAL_BASIS@email"]);
    const childFalse = [...parentDoi, declare("re-email", "2024-01-01T00:00:02Z", "marketing.email", ["consent"], { doubleOptIn: false })];
    expectAllowed(ask(childFalse), "consent", ["k1"]);
  });

  test("a re-declaration that no longer sets an attribute falls back to the ancestor", () => {
    const events = [
      ...base(),
      declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }),
      ...consented(),
      declare("re-email2", "2024-04-01T00:00:00Z", "marketing.email", ["consent"]),
    ];
    expectDenied(ask(events, { at: "2024-03-01T00:00:00Z" }), ["CONSENT_UNCONFIRMED@email", "NO_LEGAL_BASIS@email"]);
    expectAllowed(ask(events));
  });

  test("retention from the nearest ancestor that sets it (a.b over a)", () => {
    const events = [
      ...base(),
      declare("pa", T0, "a", ["legitimate-interests"], { retention: "P1Y" }),
      declare("pab", T0, "a.b", ["legitimate-interests"], { retention: "P3Y" }),
      declare("pabc", T0, "a.b.c", ["legitimate-interests"]),
      fact("r1", "2024-01-10T00:00:00Z", { fact: "f1", purposes: ["a.b.c"], basis: "legitimate-interests" }),
      basis("b1", "2024-01-10T00:00:00Z", "legitimate-interests", ["a"], "lia-a"),
    ];
    expectAllowed(ask(events, { purpose: "a.b.c", at: "2025-06-01T00:00:00Z" }), "legitimate-interests", ["b1"]);
    expectDenied(ask(events, { purpose: "a.b.c", at: "2027-01-10T00:00:00Z" }), ["RETENTION_EXPIRED@email"]);
  });

  test("legalBases are the purpose's own: a legitimate interest for news does not serve news.letter (consent only)", () => {
    const events = [
      ...base(),
      declare("pn", T0, "news", ["legitimate-interests"]),
      declare("pnl", T0, "news.letter", ["consent"]),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["news"], basis: "legitimate-interests" }),
      basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["news"], "lia-news"),
    ];
    expectAllowed(ask(events, { purpose: "news" }), "legitimate-interests", ["b1"]);
    expectDenied(ask(events, { purpose: "news.letter" }), ["NO_LEGAL_BASIS@email"]);
  });

  test("legalBases of the latest declaration at T", () => {
    const events = [
      ...base(),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }),
      basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["sales"], "lia"),
      declare("re-sales", "2024-04-01T00:00:00Z", "sales", ["contract"]),
    ];
    expectAllowed(ask(events, { purpose: "sales", at: "2024-03-01T00:00:00Z" }), "legitimate-interests", ["b1"]);
    expectDenied(ask(events, { purpose: "sales" }), ["NO_LEGAL_BASIS@email"]);
  });

  test("a purpose's source registration in the base catalog is in place (sanity)", () => {
    expect(source("x", T0, "x", "manual")).toMatchObject({ type: "SourceRegistered" });
    expect(consent("k", T0, { consent: "k" })).toMatchObject({ type: "ConsentGranted" });
  });
});
