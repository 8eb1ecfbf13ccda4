/**
 * Legal bases (GDPR Art. 6(1)): which basis an allowed field names and the
 * events that establish it; NO_LEGAL_BASIS and the consent conditions
 * reported alongside it; coverage, withdrawal and informed consent.
 */
import { describe, expect, test } from "vitest";
import {
  ask,
  assess,
  base,
  basis,
  confirm,
  consent,
  consented,
  declare,
  endBasis,
  expectAllowed,
  expectDenied,
  fact,
  notice,
  only,
  salesFact,
  T0,
  withdraw,
  type Ev,
} from "./helpers.js";

const K = "2024-02-01T00:00:00Z";

describe("basis of an allowed field", () => {
  const contractAndLia = [
    ...base(),
    fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }),
    basis("b-lia", "2024-02-03T00:00:00Z", "legitimate-interests", ["sales"], "lia-1"),
    basis("b-con", "2024-02-04T00:00:00Z", "contract", ["sales"], "order-1"),
  ];

  test("names the first established basis in the order of the purpose's legalBases, with its events", () => {
    expectAllowed(ask(contractAndLia, { purpose: "sales" }), "contract", ["b-con"]);
    // Before the contract was recorded, the legitimate interest is the first established one.
    expectAllowed(ask(contractAndLia, { purpose: "sales", at: "2024-02-03T12:00:00Z" }), "legitimate-interests", ["b-lia"]);
  });

  test("the order is the purpose's legalBases order, not the order of the records", () => {
    const reordered = [...contractAndLia, declare("re-sales", "2024-03-01T00:00:00Z", "sales", ["legitimate-interests", "contract"])];
    expectAllowed(ask(reordered, { purpose: "sales" }), "legitimate-interests", ["b-lia"]);
  });

  test("every requested field carries the basis", () => {
    const events = [...contractAndLia, fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "company", category: "professional.employer", purposes: ["sales"], basis: "contract" })];
    const d = ask(events, { purpose: "sales", fields: ["email", "company"] });
    expectAllowed(d, "contract", ["b-con"]);
    expect(d.fields.map((f) => f.field)).toEqual(["email", "company"]);
  });

  test("consent: the grant, plus its confirmation when the purpose requires double opt-in", () => {
    expectAllowed(ask([...base(), ...consented()]), "consent", ["k1"]);
    const doi = [...base(), declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }), ...consented(), confirm("kc1", "2024-02-01T00:05:00Z", "k1")];
    const d = ask(doi);
    expect(d.allowed).toBe(true);
    expect(d.fields[0]!.basis!.legalBasis).toBe("consent");
    expect(d.fields[0]!.basis!.eventIds).toEqual(expect.arrayContaining(["k1", "kc1"]));
  });

  test("an ineffective consent listed first does not block a later basis, and its failures are not reported", () => {
    const events = [
      ...base(),
      declare("p-shop", T0, "shop", ["consent", "contract"]),
      notice("n-2", T0, "privacy", "2", ["shop"]),
      grantPolicyShop(),
      consent("k1", K, { consent: "k1", purposes: ["shop"], noticeVersion: "2", method: "pre-ticked" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["shop"], basis: "contract" }),
      basis("b-con", "2024-02-02T00:00:00Z", "contract", ["shop"], "order-7"),
    ];
    expectAllowed(ask(events, { purpose: "shop" }), "contract", ["b-con"]);
  });

  test("with two effective consents the basis names the first granted", () => {
    const events = [...base(), ...consented(), consent("k2", "2024-03-01T00:00:00Z", { consent: "k2", purposes: ["marketing.email"] })];
    expectAllowed(ask(events), "consent", ["k1"]);
    // Withdrawing k1 leaves k2.
    const w = [...events, withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })];
    // The fact was collected on k1 alone: k2 is a basis for the use, but the data itself
    // was held on k1, which is withdrawn (issue 4, COLLECTION_CONSENT_WITHDRAWN).
    expect(ask(w).reasons.map((r) => r.code)).toEqual(["COLLECTION_CONSENT_WITHDRAWN"]);
    const wSales = [...base(), ...salesFact(), consent("k1", K, { consent: "k1" }), consent("k2", "2024-03-01T00:00:00Z", { consent: "k2" }), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })];
    expectAllowed(ask(wSales), "consent", ["k2"]);
  });
});

function grantPolicyShop(): Ev {
  return { id: "pol-shop", type: "AccessPolicyGranted", at: T0, data: { policy: "pol-shop", role: "staff", purposes: ["shop"], categories: ["contact"] } };
}

describe("NO_LEGAL_BASIS", () => {
  const salesOnly = [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" })];

  test("a fact's own basis establishes nothing for a use", () => {
    const d = ask(salesOnly, { purpose: "sales" });
    expectDenied(d, ["NO_LEGAL_BASIS@email"]);
    expect(only(d, "NO_LEGAL_BASIS", "email").field).toBe("email");
  });

  test("a basis recorded for a purpose not in the use purpose's own legalBases establishes nothing", () => {
    expectDenied(ask([...salesOnly, basis("b1", "2024-02-03T00:00:00Z", "vital-interests", ["sales"], "v-1")], { purpose: "sales" }), ["NO_LEGAL_BASIS@email"]);
  });

  test("a basis recorded for a narrower purpose does not cover the use; one for a broader purpose does", () => {
    const events = [...salesOnly, declare("p-up", T0, "sales.upsell", ["contract"])];
    expectDenied(ask([...events, basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales.upsell"], "o-1")], { purpose: "sales" }), ["NO_LEGAL_BASIS@email"]);
    expectAllowed(ask([...events, basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "o-1")], { purpose: "sales.upsell" }), "contract", ["b1"]);
  });

  test("a basis counts from its at, ends with LegalBasisEnded, and until is exclusive", () => {
    const events = [
      ...salesOnly,
      basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "o-1"),
      endBasis("e1", "2024-04-01T00:00:00Z", "o-1"),
      basis("b2", "2024-02-03T00:00:00Z", "legitimate-interests", ["sales"], "lia-1", "2024-05-01T00:00:00Z"),
    ];
    expectDenied(ask(events, { purpose: "sales", at: "2024-02-02T23:59:59Z" }), ["NO_LEGAL_BASIS@email"]);
    expectAllowed(ask(events, { purpose: "sales", at: "2024-02-03T00:00:00Z" }), "contract", ["b1"]);
    expectAllowed(ask(events, { purpose: "sales", at: "2024-03-31T23:59:59Z" }), "contract", ["b1"]);
    expectAllowed(ask(events, { purpose: "sales", at: "2024-04-01T00:00:00Z" }), "legitimate-interests", ["b2"]);
    expectAllowed(ask(events, { purpose: "sales", at: "2024-04-30T23:59:59.999Z" }), "legitimate-interests", ["b2"]);
    expectDenied(ask(events, { purpose: "sales", at: "2024-05-01T00:00:00Z" }), ["NO_LEGAL_BASIS@email"]);
  });

  test("an end dated before the basis it names does not end it", () => {
    const events = [...salesOnly, basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "o-1"), endBasis("e1", "2024-02-01T00:00:00Z", "o-1")];
    expectAllowed(ask(events, { purpose: "sales" }), "contract", ["b1"]);
  });

  test("an ended reference ends only the bases recorded before the end; a later record with that reference counts", () => {
    const events = [
      ...salesOnly,
      basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "o-1"),
      endBasis("e1", "2024-03-01T00:00:00Z", "o-1"),
      basis("b2", "2024-04-01T00:00:00Z", "contract", ["sales"], "o-1"),
    ];
    expectDenied(ask(events, { purpose: "sales", at: "2024-03-15T00:00:00Z" }), ["NO_LEGAL_BASIS@email"]);
    expectAllowed(ask(events, { purpose: "sales" }), "contract", ["b2"]);
  });

  test("reported once per field with a value, alongside the consent conditions of each covering consent", () => {
    const events = [
      ...base(),
      ...salesFact(),
      fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "name", category: "contact.name", purposes: ["sales"], basis: "contract" }),
      consent("k1", K, { consent: "k1", method: "hidden" }),
      consent("k2", K, { consent: "k2", purposes: ["marketing.email"], noticeVersion: "7", method: "implied" }),
      consent("k3", K, { consent: "k3", purposes: ["sales"] }),
    ];
    const d = ask(events, { fields: ["email", "name", "phone"] });
    expectDenied(d, [
      "NO_DATA@phone",
      "NO_LEGAL_BASIS@email",
      "NO_LEGAL_BASIS@name",
      "CONSENT_NOT_ACTIVE@email",
      "CONSENT_NOT_ACTIVE@email",
      "CONSENT_UNINFORMED@email",
      "CONSENT_NOT_ACTIVE@name",
      "CONSENT_NOT_ACTIVE@name",
      "CONSENT_UNINFORMED@name",
    ]);
    const na = d.reasons.filter((r) => r.code === "CONSENT_NOT_ACTIVE" && r.field === "email");
    expect(na.map((r) => r.eventIds.includes("k1")).filter(Boolean)).toHaveLength(1);
    expect(na.map((r) => r.eventIds.includes("k2")).filter(Boolean)).toHaveLength(1);
    expect(only(d, "CONSENT_UNINFORMED", "email").eventIds).toContain("k2");
    // k3 (for sales) does not cover marketing.email: no reason names it.
    for (const r of d.reasons) expect(r.eventIds).not.toContain("k3");
  });

  test("consent conditions are not reported when a basis is established", () => {
    const events = [...base(), ...consented(), consent("k0", "2024-01-15T00:00:00Z", { consent: "k0", method: "pre-ticked" })];
    expectAllowed(ask(events), "consent", ["k1"]);
  });
});

describe("the consent conditions", () => {
  const withConsent = (c: Partial<Parameters<typeof consent>[2]>, extra: Ev[] = []) => [...base(), ...salesFact(), consent("k1", K, { consent: "k1", ...c }), ...extra];

  test.each(["pre-ticked", "implied", "hidden", "bundled"])("CONSENT_NOT_ACTIVE for method %s (Recital 32, Planet49)", (method) => {
    const d = ask(withConsent({ method }));
    expectDenied(d, ["CONSENT_NOT_ACTIVE@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_NOT_ACTIVE", "email").eventIds).toEqual(["k1"]);
  });

  test.each(["opt-in", "double-opt-in", "signature", "recorded-verbal"])("method %s is an active act", (method) => {
    expectAllowed(ask(withConsent({ method })), "consent", ["k1"]);
  });

  test("CONSENT_UNINFORMED: the notice version was published after the consent (even if before T)", () => {
    const events = withConsent({ noticeVersion: "2" }, [notice("n-2", "2024-02-01T00:00:01Z", "privacy", "2", ["marketing"])]);
    const d = ask(events);
    expectDenied(d, ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_UNINFORMED", "email").eventIds).toContain("k1");
    // Published at the consent's own at, earlier in the log: informed.
    const sameInstant = [...base(), ...salesFact(), notice("n-2", K, "privacy", "2", ["marketing"]), consent("k1", K, { consent: "k1", noticeVersion: "2" })];
    expectAllowed(ask(sameInstant), "consent", ["k1"]);
    // Same instant, but logged after the consent: not yet published at the consent.
    const after = [...base(), ...salesFact(), consent("k1", K, { consent: "k1", noticeVersion: "2" }), notice("n-2", K, "privacy", "2", ["marketing"])];
    expectDenied(ask(after), ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
  });

  test("CONSENT_UNINFORMED: the notice describes neither the use purpose nor an ancestor", () => {
    const events = withConsent({ noticeVersion: "2" }, [notice("n-2", T0, "privacy", "2", ["sales"])]);
    const d = ask(events);
    expectDenied(d, ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_UNINFORMED", "email").eventIds).toContain("k1");
  });

  test("CONSENT_UNCONFIRMED until the ConsentConfirmed, which counts from its at", () => {
    const events = [
      ...base(),
      declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }),
      ...salesFact(),
      consent("k1", K, { consent: "k1", method: "double-opt-in" }),
      confirm("kc1", "2024-03-01T00:00:00Z", "k1"),
    ];
    const d = ask(events, { at: "2024-02-29T23:59:59Z" });
    expectDenied(d, ["CONSENT_UNCONFIRMED@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_UNCONFIRMED", "email").eventIds).toContain("k1");
    expectAllowed(ask(events, { at: "2024-03-01T00:00:00Z" }), "consent");
    // marketing itself does not require double opt-in.
    expectAllowed(ask(events, { purpose: "marketing", at: "2024-02-29T23:59:59Z" }), "consent", ["k1"]);
  });

  test("a confirmation dated before its grant does not confirm it", () => {
    const events = [
      ...base(),
      declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true }),
      ...salesFact(),
      consent("k1", K, { consent: "k1", method: "double-opt-in" }),
      confirm("kc1", "2024-01-20T00:00:00Z", "k1"),
    ];
    expectDenied(ask(events), ["CONSENT_UNCONFIRMED@email", "NO_LEGAL_BASIS@email"]);
  });

  test("CONSENT_WITHDRAWN names the consent and the withdrawal", () => {
    const d = ask(withConsent({}, [withdraw("w1", "2024-03-01T00:00:00Z", { purposes: ["marketing"] })]));
    expectDenied(d, ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expect([...only(d, "CONSENT_WITHDRAWN", "email").eventIds].sort()).toEqual(["k1", "w1"]);
  });

  test("CONSENT_EXPIRED by expires (exclusive) and by consentMaxAge from the grant", () => {
    const byExpires = withConsent({ expires: "2024-05-01T00:00:00Z" });
    expectAllowed(ask(byExpires, { at: "2024-04-30T23:59:59.999Z" }));
    const d = ask(byExpires, { at: "2024-05-01T00:00:00Z" });
    expectDenied(d, ["CONSENT_EXPIRED@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_EXPIRED", "email").eventIds).toContain("k1");

    const byAge = withConsent({}, [declare("re-email", T0, "marketing.email", ["consent"], { consentMaxAge: "P3M" })]);
    expectAllowed(ask(byAge, { at: "2024-04-30T23:59:59Z" }));
    expectDenied(ask(byAge, { at: "2024-05-01T00:00:00Z" }), ["CONSENT_EXPIRED@email", "NO_LEGAL_BASIS@email"]);
    // consentMaxAge is the use purpose's: marketing has none.
    expectAllowed(ask(byAge, { purpose: "marketing", at: "2024-05-01T00:00:00Z" }));
  });

  test("one reason per failed condition of one consent", () => {
    const events = [
      ...base(),
      declare("re-email", "2024-01-01T00:00:01Z", "marketing.email", ["consent"], { doubleOptIn: true, consentMaxAge: "P1M" }),
      ...salesFact(),
      consent("k1", K, { consent: "k1", method: "bundled", noticeVersion: "5", expires: "2024-04-01T00:00:00Z" }),
      withdraw("w1", "2024-03-01T00:00:00Z", { consent: "k1" }),
    ];
    const d = ask(events);
    expectDenied(d, ["CONSENT_NOT_ACTIVE@email", "CONSENT_UNINFORMED@email", "CONSENT_UNCONFIRMED@email", "CONSENT_WITHDRAWN@email", "CONSENT_EXPIRED@email", "NO_LEGAL_BASIS@email"]);
    for (const r of d.reasons) if (r.code.startsWith("CONSENT_")) expect(r.eventIds).toContain("k1");
  });
});

describe("coverage", () => {
  test("a consent does not cover a channel declared after it (specific consent)", () => {
    const events = [
      ...base(),
      ...salesFact(),
      consent("k1", K, { consent: "k1" }),
      declare("p-sms", "2024-03-01T00:00:00Z", "marketing.sms", ["consent"]),
      notice("n-2", "2024-03-01T00:00:00Z", "privacy", "2", ["marketing"]),
    ];
    // Not covered: no consent condition is reported, only the missing basis.
    expectDenied(ask(events, { purpose: "marketing.sms" }), ["NO_LEGAL_BASIS@email"]);
    // A new consent after the declaration (on a notice published after it) covers it.
    const renewed = [...events, consent("k2", "2024-04-01T00:00:00Z", { consent: "k2", noticeVersion: "2" })];
    expectAllowed(ask(renewed, { purpose: "marketing.sms" }), "consent", ["k2"]);
  });

  test("declared at the consent's instant: covered only when logged before it", () => {
    const at = "2024-03-01T00:00:00Z";
    const common = [...base(), ...salesFact(), notice("n-2", "2024-02-15T00:00:00Z", "privacy", "2", ["marketing.sms"])];
    const before = [...common, declare("p-sms", at, "marketing.sms", ["consent"]), consent("k1", at, { consent: "k1", noticeVersion: "2" })];
    const after = [...common, consent("k1", at, { consent: "k1", noticeVersion: "2" }), declare("p-sms", at, "marketing.sms", ["consent"])];
    expectAllowed(ask(before, { purpose: "marketing.sms" }), "consent", ["k1"]);
    expectDenied(ask(after, { purpose: "marketing.sms" }), ["NO_LEGAL_BASIS@email"]);
  });

  test("`market` does not cover `marketing` (whole segments)", () => {
    const events = [...base(), declare("p-market", T0, "market", ["consent"]), notice("n-2", T0, "privacy", "2", ["market", "marketing"]), ...salesFact(), consent("k1", K, { consent: "k1", purposes: ["market"], noticeVersion: "2" })];
    expectDenied(ask(events, { purpose: "marketing" }), ["NO_LEGAL_BASIS@email"]);
    expectDenied(ask(events), ["NO_LEGAL_BASIS@email"]);
  });

  test("a consent for a child does not cover the parent", () => {
    const events = [...base(), ...salesFact(), consent("k1", K, { consent: "k1", purposes: ["marketing.email"] })];
    expectAllowed(ask(events), "consent", ["k1"]);
    expectDenied(ask(events, { purpose: "marketing" }), ["NO_LEGAL_BASIS@email"]);
  });
});

describe("withdrawal", () => {
  const granted = (extra: Ev[]) => [...base(), ...salesFact(), declare("p-sms", T0, "marketing.sms", ["consent"]), notice("n-2", T0, "privacy", "2", ["marketing"]), consent("k1", K, { consent: "k1", noticeVersion: "2" }), ...extra];
  const W = "2024-03-01T00:00:00Z";

  test("W covers U: withdrawing marketing affects marketing.email", () => {
    expectDenied(ask(granted([withdraw("w1", W, { purposes: ["marketing"] })])), ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
  });

  test("U covers W: withdrawing marketing.email affects a use for marketing", () => {
    const events = granted([withdraw("w1", W, { purposes: ["marketing.email"] })]);
    const d = ask(events, { purpose: "marketing" });
    expectDenied(d, ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expect([...only(d, "CONSENT_WITHDRAWN", "email").eventIds].sort()).toEqual(["k1", "w1"]);
  });

  test("a sibling is not affected: withdrawing marketing.email leaves marketing.sms", () => {
    const events = granted([withdraw("w1", W, { purposes: ["marketing.email"] })]);
    expectAllowed(ask(events, { purpose: "marketing.sms" }), "consent", ["k1"]);
    expectDenied(ask(events), ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
  });

  test("by consent id with purposes: only that consent, only for those purposes", () => {
    const events = granted([consent("k2", K, { consent: "k2", noticeVersion: "2" }), withdraw("w1", W, { consent: "k1", purposes: ["marketing.sms"] })]);
    expectAllowed(ask(events), "consent", ["k1"]);
    // For marketing.sms k1 is withdrawn, k2 still effective.
    expectAllowed(ask(events, { purpose: "marketing.sms" }), "consent", ["k2"]);
  });

  test("by consent id without purposes: that consent for all its purposes, other consents untouched", () => {
    const events = granted([consent("k2", "2024-01-20T00:00:00Z", { consent: "k2", noticeVersion: "2", purposes: ["marketing.email"] }), withdraw("w1", W, { consent: "k2" })]);
    expectAllowed(ask(events), "consent", ["k1"]);
  });

  test("affects only consents granted before it; a later consent is effective again", () => {
    const events = granted([withdraw("w1", W, { purposes: ["marketing"] }), consent("k2", "2024-04-01T00:00:00Z", { consent: "k2", noticeVersion: "2" })]);
    expectDenied(ask(events, { at: "2024-03-15T00:00:00Z" }), ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expectAllowed(ask(events), "consent", ["k2"]);
  });

  test("a withdrawal at the grant's instant affects it only when logged after it", () => {
    const after = [...base(), ...salesFact(), consent("k1", W, { consent: "k1" }), withdraw("w1", W, { purposes: ["marketing"] })];
    const before = [...base(), ...salesFact(), withdraw("w1", W, { purposes: ["marketing"] }), consent("k1", W, { consent: "k1" })];
    expectDenied(ask(after), ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expectAllowed(ask(before), "consent", ["k1"]);
  });

  test("a withdrawal logged before the grant but dated after it still affects it (events are ordered by at)", () => {
    const events = [...base(), ...salesFact(), withdraw("w1", W, { purposes: ["marketing"] }), consent("k1", K, { consent: "k1" })];
    expectDenied(ask(events), ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expectAllowed(ask(events, { at: "2024-02-29T00:00:00Z" }), "consent", ["k1"]);
  });

  test("a withdrawal naming a consent but dated before its grant does not affect it", () => {
    const events = [...base(), ...salesFact(), consent("k1", K, { consent: "k1" }), withdraw("w1", "2024-01-15T00:00:00Z", { consent: "k1" })];
    expectAllowed(ask(events), "consent", ["k1"]);
  });

  test("a withdrawal after T does not count", () => {
    expectAllowed(ask(granted([withdraw("w1", "2024-07-01T00:00:00Z", { purposes: ["marketing"] })])), "consent", ["k1"]);
  });

  test("withdrawing `market` does not affect `marketing`", () => {
    expectAllowed(ask(granted([declare("p-market", T0, "market", ["consent"]), withdraw("w1", W, { purposes: ["market"] })])), "consent", ["k1"]);
  });
});

describe("informed", () => {
  test("a consent for marketing shown a notice about marketing.email is informed for marketing.email only", () => {
    const events = [...base(), ...salesFact(), notice("n-2", T0, "privacy", "2", ["marketing.email"]), consent("k1", K, { consent: "k1", noticeVersion: "2" })];
    expectAllowed(ask(events), "consent", ["k1"]);
    expectDenied(ask(events, { purpose: "marketing" }), ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
  });

  test("a notice listing a parent informs only for children declared when it was published", () => {
    const events = [
      ...base(),
      ...salesFact(),
      notice("n-2", "2024-01-10T00:00:00Z", "privacy", "2", ["marketing"]),
      declare("p-sms", "2024-01-20T00:00:00Z", "marketing.sms", ["consent"]),
      // Granted after sms was declared, so it covers sms; but its notice predates sms.
      consent("k1", K, { consent: "k1", noticeVersion: "2" }),
    ];
    expectAllowed(ask(events), "consent", ["k1"]);
    const d = ask(events, { purpose: "marketing.sms" });
    expectDenied(d, ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_UNINFORMED", "email").eventIds).toContain("k1");
  });

  test("a notice that lists the use purpose itself informs, even if the purpose was declared later", () => {
    const events = [
      ...base(),
      ...salesFact(),
      notice("n-2", "2024-01-10T00:00:00Z", "privacy", "2", ["marketing", "marketing.sms"]),
      declare("p-sms", "2024-01-20T00:00:00Z", "marketing.sms", ["consent"]),
      consent("k1", K, { consent: "k1", noticeVersion: "2" }),
    ];
    expectAllowed(ask(events, { purpose: "marketing.sms" }), "consent", ["k1"]);
  });

  test("notice versions are distinct: version 1 listing marketing does not inform a consent on version 2", () => {
    const events = [...base(), ...salesFact(), notice("n-2", T0, "privacy", "2", ["sales"]), consent("k1", K, { consent: "k1", noticeVersion: "2" })];
    expectDenied(ask(events), ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
    // and another notice with the same version is another notice
    const other = [...base(), ...salesFact(), notice("n-x", T0, "cookies", "1", ["sales"]), consent("k1", K, { consent: "k1", notice: "cookies" })];
    expectDenied(ask(other), ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"]);
  });
});

describe("assessments do not create a basis", () => {
  test("a compatible assessment makes the use compatible, but the use still needs its own basis", () => {
    const events = [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }), assess("as1", T0, "sales", "research", true)];
    expectDenied(ask(events, { purpose: "research" }), ["NO_LEGAL_BASIS@email"]);
  });
});
