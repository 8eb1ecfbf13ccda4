/**
 * Issue 4 rules added to canUse, judged on the fact's recording whatever
 * corrections followed: UNLAWFUL_COLLECTION, OWNER_DEPARTED,
 * COLLECTION_CONSENT_WITHDRAWN, UNKNOWN_SOURCE.
 */
import { describe, expect, test } from "vitest";
import {
  ask,
  base,
  basis,
  confirm,
  consent,
  correct,
  declare,
  departed,
  expectAllowed,
  expectDenied,
  fact,
  link,
  notice,
  only,
  retire,
  retireSource,
  source,
  T0,
  voids,
  withdraw,
  type Ev,
} from "./helpers.js";

const K = "2024-02-01T00:00:00Z";
const R = "2024-02-02T00:00:00Z";

describe("UNLAWFUL_COLLECTION: the basis must be declared by a collection purpose at the recording", () => {
  const salesFact = (b: string, purposes = ["sales"]) => fact("r1", R, { fact: "f1", purposes, basis: b });
  const use = basis("b1", R, "contract", ["sales"], "o-1");

  test("a basis none of the collection purposes declared", () => {
    const d = ask([...base(), salesFact("vital-interests"), use], { purpose: "sales" });
    expectDenied(d, ["UNLAWFUL_COLLECTION@email"]);
    expect(only(d, "UNLAWFUL_COLLECTION", "email").eventIds).toContain("r1");
  });

  test("judged at the recording: declaring the basis later does not heal; removing it later does not taint", () => {
    const later = [...base(), declare("p-tax", T0, "tax", ["legal-obligation"]), salesFact("legitimate-interests", ["tax"]), declare("re-tax", "2024-03-01T00:00:00Z", "tax", ["legal-obligation", "legitimate-interests"]), basis("b1", R, "legal-obligation", ["tax"], "hgb-257")];
    expectDenied(ask(later, { purpose: "tax" }), ["UNLAWFUL_COLLECTION@email"]);
    const removed = [...base(), salesFact("legitimate-interests"), declare("re-sales", "2024-03-01T00:00:00Z", "sales", ["contract"]), use];
    expectAllowed(ask(removed, { purpose: "sales" }), "contract", ["b1"]);
  });

  test("a collection purpose retired at the recording declares nothing then", () => {
    const events = [...base(), retire("ret-s", "2024-02-01T00:00:00Z", "sales"), salesFact("contract"), declare("re-sales", "2024-03-01T00:00:00Z", "sales", ["contract", "legitimate-interests"]), use];
    expectDenied(ask(events, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
  });

  test("one collection purpose declaring the basis suffices", () => {
    const events = [...base(), salesFact("legitimate-interests", ["marketing", "sales"]), use];
    expectAllowed(ask(events, { purpose: "sales" }), "contract", ["b1"]);
  });

  test("a fact collected only for undeclared purposes has no basis", () => {
    const events = [...base(), salesFact("contract", ["crm.misc"]), declare("p-misc", "2024-03-01T00:00:00Z", "crm.misc", ["contract"]), basis("b1", R, "contract", ["crm"], "o-1"), declare("p-crm", "2024-03-01T00:00:00Z", "crm", ["contract"])];
    expectDenied(ask(events, { purpose: "crm.misc" }), ["UNLAWFUL_COLLECTION@email"]);
  });

  test("recorded on consent with no consent valid for collection at the recording", () => {
    const noConsent = [...base(), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), use];
    expectDenied(ask(noConsent, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
    const inactive = [...base(), consent("k1", K, { consent: "k1", method: "pre-ticked" }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), use];
    expectDenied(ask(inactive, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
    const uninformed = [...base(), consent("k1", K, { consent: "k1", noticeVersion: "8" }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), use];
    expectDenied(ask(uninformed, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
    const withdrawn = [...base(), consent("k1", K, { consent: "k1" }), withdraw("w0", "2024-02-01T12:00:00Z", { consent: "k1" }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), use];
    expectDenied(ask(withdrawn, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
    const expiredConsent = [...base(), consent("k1", K, { consent: "k1", expires: "2024-02-02T00:00:00Z" }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), use];
    expectDenied(ask(expiredConsent, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
  });

  test("a consent covering only another purpose does not make a consent-based collection lawful", () => {
    const events = [...base(), consent("k1", K, { consent: "k1", purposes: ["research"] }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), use];
    expectDenied(ask(events, { purpose: "sales" }), ["UNLAWFUL_COLLECTION@email"]);
  });

  test("double opt-in confirmation is not needed for collection", () => {
    const events = [
      ...base(),
      declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }),
      consent("k1", K, { consent: "k1", purposes: ["marketing.email"], method: "double-opt-in" }),
      fact("r1", R, { fact: "f1", purposes: ["marketing.email"] }),
      confirm("kc1", "2024-02-03T00:00:00Z", "k1"),
    ];
    expectAllowed(ask(events), "consent");
    expectDenied(ask(events, { at: "2024-02-02T12:00:00Z" }), ["CONSENT_UNCONFIRMED@email", "NO_LEGAL_BASIS@email"]);
  });

  test("a consent given after the recording does not heal it, and the message says so", () => {
    const events = [...base(), fact("r1", R, { fact: "f1" }), consent("k1", "2024-03-01T00:00:00Z", { consent: "k1" })];
    const d = ask(events);
    expectDenied(d, ["UNLAWFUL_COLLECTION@email"]);
    expect(only(d, "UNLAWFUL_COLLECTION", "email").message).toMatch(/later/i);
    // Recording the fact again after the consent is the remedy.
    expectAllowed(ask([...events, fact("r2", "2024-03-02T00:00:00Z", { fact: "f2" })]), "consent", ["k1"]);
  });

  test("consent at the recording's instant: valid when logged before it", () => {
    const before = [...base(), consent("k1", R, { consent: "k1" }), fact("r1", R, { fact: "f1" })];
    const after = [...base(), fact("r1", R, { fact: "f1" }), consent("k1", R, { consent: "k1" })];
    expectAllowed(ask(before));
    expectDenied(ask(after), ["UNLAWFUL_COLLECTION@email"]);
  });
});

describe("UNLAWFUL_COLLECTION: sources whose import needs consent (the Facebook-app example)", () => {
  /** fb-app needs consent for crm.import; the fact is collected for sales under a contract. */
  const fb = (extra: Ev[]): Ev[] => [
    ...base(),
    declare("p-imp", T0, "crm.import", ["consent"]),
    notice("n-2", T0, "privacy", "2", ["crm.import"]),
    source("src-fb", T0, "fb-app", "social-app", { importConsentPurpose: "crm.import" }),
    basis("b1", K, "contract", ["sales"], "o-1"),
    ...extra,
  ];
  const fbFact = (id = "r1", at = R, f = "f1") => fact(id, at, { fact: f, source: "fb-app", purposes: ["sales"], basis: "contract" });
  const q = { purpose: "sales" };

  test("without an import consent at the recording: unlawful, naming the fact and the source registration", () => {
    const d = ask(fb([fbFact()]), q);
    expectDenied(d, ["UNLAWFUL_COLLECTION@email"]);
    expect(only(d, "UNLAWFUL_COLLECTION", "email").eventIds).toEqual(expect.arrayContaining(["r1", "src-fb"]));
  });

  test("with an import consent before the recording: lawful", () => {
    expectAllowed(ask(fb([consent("k1", K, { consent: "k1", purposes: ["crm.import"], noticeVersion: "2" }), fbFact()]), q), "contract", ["b1"]);
  });

  test("a later consent does not heal an earlier import; recording it again after the consent does", () => {
    const events = fb([fbFact(), consent("k1", "2024-03-01T00:00:00Z", { consent: "k1", purposes: ["crm.import"], noticeVersion: "2" })]);
    const d = ask(events, q);
    expectDenied(d, ["UNLAWFUL_COLLECTION@email"]);
    expect(only(d, "UNLAWFUL_COLLECTION", "email").message).toMatch(/later/i);
    expectAllowed(ask([...events, fbFact("r2", "2024-03-02T00:00:00Z", "f2")], q));
  });

  test("an import consent that is not valid for collection does not count", () => {
    expectDenied(ask(fb([consent("k1", K, { consent: "k1", purposes: ["crm.import"], noticeVersion: "2", method: "bundled" }), fbFact()]), q), ["UNLAWFUL_COLLECTION@email"]);
    expectDenied(ask(fb([consent("k1", K, { consent: "k1", purposes: ["crm.import"] }), fbFact()]), q), ["UNLAWFUL_COLLECTION@email"]);
  });

  test("a consent for the parent purpose covers the import purpose (declared before it)", () => {
    expectAllowed(ask(fb([consent("k1", K, { consent: "k1", purposes: ["crm"], noticeVersion: "2" }), fbFact()]), q));
  });

  test("a correction does not launder the recording", () => {
    const events = fb([fbFact(), consent("k1", "2024-03-01T00:00:00Z", { consent: "k1", purposes: ["crm.import"], noticeVersion: "2" }), correct("c1", "2024-03-02T00:00:00Z", "f1", "verified@example.org", "crm")]);
    expectDenied(ask(events, q), ["UNLAWFUL_COLLECTION@email"]);
  });
});

describe("OWNER_DEPARTED", () => {
  const owned = (agreement: "erase" | "keep-company-contacts" | "keep", companyContact?: boolean, extra: Ev[] = []): Ev[] => [
    ...base(),
    link("ln1", T0, "acc1", "emp1", "linkedin", agreement),
    basis("b1", K, "legitimate-interests", ["sales"], "lia-1"),
    fact("r1", R, { fact: "f1", source: "linkedin", account: "acc1", purposes: ["sales"], basis: "legitimate-interests", ...(companyContact === undefined ? {} : { companyContact }) }),
    departed("dep1", "2024-03-01T00:00:00Z", "emp1"),
    ...extra,
  ];
  const q = { purpose: "sales" };

  test("erase: unusable from the departure on, naming the fact, the link and the departure", () => {
    const events = owned("erase", true);
    expectAllowed(ask(events, { ...q, at: "2024-02-29T23:59:59Z" }), "legitimate-interests", ["b1"]);
    const d = ask(events, { ...q, at: "2024-03-01T00:00:00Z" });
    expectDenied(d, ["OWNER_DEPARTED@email"]);
    expect([...only(d, "OWNER_DEPARTED", "email").eventIds].sort()).toEqual(["dep1", "ln1", "r1"]);
  });

  test("keep-company-contacts: company contacts stay usable, others do not", () => {
    expectAllowed(ask(owned("keep-company-contacts", true), q));
    expectDenied(ask(owned("keep-company-contacts", false), q), ["OWNER_DEPARTED@email"]);
    expectDenied(ask(owned("keep-company-contacts"), q), ["OWNER_DEPARTED@email"]);
  });

  test("keep: nothing changes", () => {
    expectAllowed(ask(owned("keep"), q), "legitimate-interests", ["b1"]);
  });

  test("another employee's departure changes nothing", () => {
    const events = [...owned("erase").filter((e) => e["id"] !== "dep1"), departed("dep2", "2024-03-01T00:00:00Z", "emp2")];
    expectAllowed(ask(events, q));
  });

  test("facts not recorded through the account are untouched", () => {
    const events = [...owned("erase"), fact("r2", R, { fact: "f2", field: "phone", category: "contact.phone", source: "linkedin", purposes: ["sales"], basis: "legitimate-interests" })];
    const d = ask(events, { ...q, fields: ["email", "phone"] });
    expectDenied(d, ["OWNER_DEPARTED@email"]);
    expect(d.fields.find((f) => f.field === "phone")!.allowed).toBe(true);
  });

  test("the agreement is the one of the link in force at the recording (a later re-link does not change it)", () => {
    // Spec (issue 3, In force): "A fact is judged against the source registration and account link in force at its recording."
    const events = owned("erase", undefined, [link("ln2", "2024-02-15T00:00:00Z", "acc1", "emp1", "linkedin", "keep")]);
    const d = ask(events, q);
    expectDenied(d, ["OWNER_DEPARTED@email"]);
    expect(only(d, "OWNER_DEPARTED", "email").eventIds).toEqual(expect.arrayContaining(["r1", "ln1", "dep1"]));
  });

  test("re-linked to another employee later: the departure of the employee linked at the recording counts", () => {
    // Issue 3, In force: "A fact is judged against the source registration and account link in force at its recording."
    const events = owned("erase", undefined, [link("ln2", "2024-02-15T00:00:00Z", "acc1", "emp2", "linkedin", "keep")]);
    expectDenied(ask(events, q), ["OWNER_DEPARTED@email"]);
  });

  test("a correction does not launder a departed owner's fact", () => {
    expectDenied(ask(owned("erase", undefined, [correct("c1", "2024-02-20T00:00:00Z", "f1", "x@example.org", "crm")]), q), ["OWNER_DEPARTED@email"]);
  });
});

describe("COLLECTION_CONSENT_WITHDRAWN", () => {
  /** Collected on consent k1 for marketing and sales; a contract for sales recorded afterwards. */
  const held = (extra: Ev[]): Ev[] => [
    ...base(),
    declare("p-tax", T0, "tax", ["legal-obligation"]),
    declare("p-pub", T0, "a", ["public-task"]),
    consent("k1", K, { consent: "k1" }),
    fact("r1", R, { fact: "f1", purposes: ["marketing", "sales", "tax", "a"] }),
    basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "o-1"),
    ...extra,
  ];
  const W = "2024-03-01T00:00:00Z";

  test("after the collection consent is withdrawn, no other basis may be switched to", () => {
    const events = held([withdraw("w1", W, { consent: "k1" })]);
    expectAllowed(ask(events, { purpose: "sales", at: "2024-02-29T00:00:00Z" }), "contract", ["b1"]);
    const d = ask(events, { purpose: "sales" });
    expectDenied(d, ["COLLECTION_CONSENT_WITHDRAWN@email"]);
    expect(only(d, "COLLECTION_CONSENT_WITHDRAWN", "email").eventIds).toEqual(expect.arrayContaining(["r1", "k1", "w1"]));
  });

  test("a withdrawal by purposes counts as well (the fact also has collection purposes the consent never covered)", () => {
    const d = ask(held([withdraw("w1", W, { purposes: ["marketing"] })]), { purpose: "sales" });
    expectDenied(d, ["COLLECTION_CONSENT_WITHDRAWN@email"]);
    expect(only(d, "COLLECTION_CONSENT_WITHDRAWN", "email").eventIds).toEqual(expect.arrayContaining(["r1", "k1", "w1"]));
  });

  test("a consent withdrawn by id for its only purpose is not still valid for collection purposes it never covered", () => {
    // k1 covers marketing only; the fact was collected for marketing and sales on it.
    const events = [
      ...base(),
      consent("k1", K, { consent: "k1" }),
      fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }),
      basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "o-1"),
      withdraw("w1", W, { consent: "k1", purposes: ["marketing"] }),
    ];
    const d = ask(events, { purpose: "sales" });
    expectDenied(d, ["COLLECTION_CONSENT_WITHDRAWN@email"]);
    expect(only(d, "COLLECTION_CONSENT_WITHDRAWN", "email").eventIds).toEqual(expect.arrayContaining(["r1", "k1", "w1"]));
  });

  test("an expired collection consent counts as well", () => {
    const events = [...base(), consent("k1", K, { consent: "k1", expires: "2024-04-01T00:00:00Z" }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), basis("b1", R, "contract", ["sales"], "o-1")];
    expectAllowed(ask(events, { purpose: "sales", at: "2024-03-31T23:59:59Z" }));
    expectDenied(ask(events, { purpose: "sales" }), ["COLLECTION_CONSENT_WITHDRAWN@email"]);
  });

  test("a withdrawal for one collection purpose only leaves the consent valid for another: nothing lost", () => {
    const events = [...base(), consent("k1", K, { consent: "k1", purposes: ["marketing", "sales"] }), fact("r1", R, { fact: "f1", purposes: ["marketing", "sales"] }), basis("b1", R, "contract", ["sales"], "o-1"), withdraw("w1", W, { consent: "k1", purposes: ["marketing"] })];
    expectAllowed(ask(events, { purpose: "sales" }), "contract", ["b1"]);
  });

  test("a later consent does not restore the data collected on the withdrawn one", () => {
    const events = held([withdraw("w1", W, { consent: "k1" }), consent("k2", "2024-04-01T00:00:00Z", { consent: "k2" })]);
    expectDenied(ask(events, { purpose: "sales" }), ["COLLECTION_CONSENT_WITHDRAWN@email"]);
    expectDenied(ask(events), ["COLLECTION_CONSENT_WITHDRAWN@email"]);
    // Recording it again under the new consent is the remedy.
    expectAllowed(ask([...events, fact("r2", "2024-04-02T00:00:00Z", { fact: "f2" })]), "consent", ["k2"]);
  });

  test.each([
    ["legal-obligation", "tax"],
    ["public-task", "a"],
  ])("except where %s is established for the use (Art. 17(3)(b))", (b, purpose) => {
    const events = held([basis("b2", "2024-02-03T00:00:00Z", b, [purpose], "law-1"), withdraw("w1", W, { consent: "k1" })]);
    expectAllowed(ask(events, { purpose }), b, ["b2"]);
  });

  test("the exception needs the basis established, not merely declared", () => {
    expectDenied(ask(held([withdraw("w1", W, { consent: "k1" })]), { purpose: "tax" }), ["COLLECTION_CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
  });

  test("the import-consent clause: an import consent withdrawn after the recording", () => {
    const events = [
      ...base(),
      declare("p-imp", T0, "crm.import", ["consent"]),
      notice("n-2", T0, "privacy", "2", ["crm.import"]),
      source("src-fb", T0, "fb-app", "social-app", { importConsentPurpose: "crm.import" }),
      consent("k1", K, { consent: "k1", purposes: ["crm.import"], noticeVersion: "2" }),
      fact("r1", R, { fact: "f1", source: "fb-app", purposes: ["sales"], basis: "contract" }),
      basis("b1", R, "contract", ["sales"], "o-1"),
      withdraw("w1", W, { purposes: ["crm.import"] }),
    ];
    expectAllowed(ask(events, { purpose: "sales", at: "2024-02-29T00:00:00Z" }), "contract", ["b1"]);
    const d = ask(events, { purpose: "sales" });
    expectDenied(d, ["COLLECTION_CONSENT_WITHDRAWN@email"]);
    expect(only(d, "COLLECTION_CONSENT_WITHDRAWN", "email").eventIds).toEqual(expect.arrayContaining(["r1", "k1", "w1"]));
  });

  test("facts collected on another basis are not touched by a withdrawal", () => {
    const events = [...base(), consent("k1", K, { consent: "k1" }), fact("r1", R, { fact: "f1", purposes: ["sales"], basis: "contract" }), basis("b1", R, "contract", ["sales"], "o-1"), withdraw("w1", W, { consent: "k1" })];
    expectAllowed(ask(events, { purpose: "sales" }));
  });
});

describe("UNKNOWN_SOURCE", () => {
  const lia = basis("b1", K, "legitimate-interests", ["sales"], "lia-1");
  const q = { purpose: "sales" };
  const liFact = (extra: Partial<Parameters<typeof fact>[2]> = {}) => fact("r1", R, { fact: "f1", purposes: ["sales"], basis: "legitimate-interests", source: "xing", ...extra });

  test("a source never registered", () => {
    const d = ask([...base(), lia, liFact()], q);
    expectDenied(d, ["UNKNOWN_SOURCE@email"]);
    expect(only(d, "UNKNOWN_SOURCE", "email").eventIds).toContain("r1");
  });

  test("a fact recorded before its source's registration stays unknown after it", () => {
    const events = [...base(), lia, liFact(), source("src-xing", "2024-03-01T00:00:00Z", "xing", "social-network")];
    const d = ask(events, q);
    expectDenied(d, ["UNKNOWN_SOURCE@email"]);
    expect(only(d, "UNKNOWN_SOURCE", "email").eventIds).toContain("r1");
    // Registered at the recording's instant, logged before it: known.
    expectAllowed(ask([...base(), lia, source("src-xing", R, "xing", "social-network"), liFact()], q));
    // Logged after it: not yet registered at the recording.
    expectDenied(ask([...base(), lia, liFact(), source("src-xing", R, "xing", "social-network")], q), ["UNKNOWN_SOURCE@email"]);
  });

  const retiredXing = (): Ev[] => [
      ...base(),
      lia,
      source("src-xing", T0, "xing", "social-network"),
      fact("r0", "2024-01-15T00:00:00Z", { fact: "f0", field: "phone", category: "contact.phone", purposes: ["sales"], basis: "legitimate-interests", source: "xing" }),
      retireSource("rt-xing", "2024-02-01T00:00:00Z", "xing"),
      liFact(),
  ];

  test("a fact recorded from a retired source; facts recorded before the retirement stay known", () => {
    const events = retiredXing();
    const d = ask(events, { ...q, fields: ["email", "phone"] });
    expectDenied(d, ["UNKNOWN_SOURCE@email"]);
    expect(only(d, "UNKNOWN_SOURCE", "email").eventIds).toContain("r1");
    // Re-registering after the recording does not help the fact recorded while retired.
    expectDenied(ask([...events, source("src-xing2", "2024-03-01T00:00:00Z", "xing", "social-network")], q), ["UNKNOWN_SOURCE@email"]);
  });

  test("UNKNOWN_SOURCE from a retired source names the fact and the retirement it rests on", () => {
    // Issue 3: "eventIds name the events the reason rests on (..., the fact and its source registration, ...)".
    const d = ask(retiredXing(), q);
    expect([...only(d, "UNKNOWN_SOURCE", "email").eventIds].sort()).toEqual(expect.arrayContaining(["r1", "rt-xing"]));
  });

  test("a source registration rejected at decode (no assessment) marks the catalog; voided, its facts are UNKNOWN_SOURCE", () => {
    const badReg = { id: "src-bad", type: "SourceRegistered", at: T0, data: { source: "xing", kind: "social-network" } };
    const events = [...base(), badReg, lia, liFact()];
    expectDenied(ask(events, q), ["HISTORY_INCOMPLETE"]);
    expect(only(ask(events, q), "HISTORY_INCOMPLETE").eventIds).toEqual(["src-bad"]);
    expectDenied(ask([...events, voids("v1", "2024-03-01T00:00:00Z", { event: "src-bad" })], q), ["UNKNOWN_SOURCE@email"]);
  });

  test("a correction from an unregistered source taints the current value; an earlier correction overridden later does not", () => {
    const events = [...base(), lia, fact("r1", R, { fact: "f1", purposes: ["sales"], basis: "legitimate-interests", source: "crm" }), correct("c1", "2024-03-01T00:00:00Z", "f1", "x@example.org", "xing"), correct("c2", "2024-04-01T00:00:00Z", "f1", "y@example.org", "crm")];
    const d = ask(events, { ...q, at: "2024-03-15T00:00:00Z" });
    expectDenied(d, ["UNKNOWN_SOURCE@email"]);
    expect(only(d, "UNKNOWN_SOURCE", "email").eventIds).toContain("c1");
    expectAllowed(ask(events, q));
  });

  test("a correction from a registered source does not launder an unknown recording source", () => {
    const events = [...base(), lia, liFact(), correct("c1", "2024-03-01T00:00:00Z", "f1", "x@example.org", "crm")];
    expectDenied(ask(events, q), ["UNKNOWN_SOURCE@email"]);
  });

  test("an account that was not linked for the recording's source by the recording", () => {
    const acc = (links: Ev[]) => [...base(), lia, ...links, fact("r1", R, { fact: "f1", purposes: ["sales"], basis: "legitimate-interests", source: "linkedin", account: "acc1" })];
    expectAllowed(ask(acc([link("ln1", T0, "acc1", "emp1", "linkedin", "keep")]), q));
    expectDenied(ask(acc([]), q), ["UNKNOWN_SOURCE@email"]);
    expectDenied(ask(acc([link("ln1", T0, "acc1", "emp1", "web-form", "keep")]), q), ["UNKNOWN_SOURCE@email"]);
    expectDenied(ask(acc([link("ln1", "2024-03-01T00:00:00Z", "acc1", "emp1", "linkedin", "keep")]), q), ["UNKNOWN_SOURCE@email"]);
  });
});

describe("several rules at once", () => {
  test("every reason that applies is reported, for each field", () => {
    const events = [
      ...base(),
      link("ln1", T0, "acc1", "emp1", "xing", "erase"),
      basis("b1", K, "contract", ["sales"], "o-1"),
      fact("r1", R, { fact: "f1", purposes: ["research"], basis: "vital-interests", source: "xing", account: "acc1" }),
      fact("r2", R, { fact: "f2", field: "phone", category: "contact.phone", purposes: ["sales"], basis: "contract" }),
      departed("dep1", "2024-03-01T00:00:00Z", "emp1"),
    ];
    const d = ask(events, { purpose: "sales", fields: ["email", "phone", "fax"] });
    expectDenied(d, ["UNKNOWN_SOURCE@email", "UNLAWFUL_COLLECTION@email", "OWNER_DEPARTED@email", "PURPOSE_INCOMPATIBLE@email", "NO_DATA@fax"]);
    expect(d.fields.find((f) => f.field === "phone")).toMatchObject({ allowed: true, basis: { legalBasis: "contract", eventIds: ["b1"] } });
  });
});
