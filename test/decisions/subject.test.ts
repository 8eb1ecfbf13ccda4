/**
 * Subject-level rules: access policies (GDPR Art. 5(1)(f), 25, 32),
 * restriction (Art. 18) and objection (Art. 21).
 */
import { describe, expect, test } from "vitest";
import {
  ask,
  base,
  basis,
  consent,
  consented,
  declare,
  endBasis,
  expectAllowed,
  expectDenied,
  fact,
  grantPolicy,
  liftObjection,
  liftRestriction,
  notice,
  object,
  only,
  restrict,
  revokePolicy,
  salesFact,
  T0,
  type Ev,
} from "./helpers.js";

describe("ACCESS_DENIED", () => {
  /** Contact with an e-mail (contact.email) and an employer (professional.employer), both usable for marketing. */
  const twoFields = (policies: Ev[]): Ev[] => [
    ...base().filter((e) => e["id"] !== "pol-staff"),
    ...policies,
    ...consented(),
    fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "employer", category: "professional.employer" }),
  ];

  test("subject level when none of the valued fields is covered (no policy for the role)", () => {
    const d = ask(twoFields([grantPolicy("pol-m", T0, "pm", "marketer", ["marketing"], ["contact"])]), { fields: ["email", "employer"], roles: ["intern"] });
    expectDenied(d, ["ACCESS_DENIED"]);
    for (const f of d.fields) expect(f.reasons).toEqual([]);
  });

  test("per field when some valued fields are covered", () => {
    const d = ask(twoFields([grantPolicy("pol-m", T0, "pm", "marketer", ["marketing"], ["contact"])]), { fields: ["email", "employer"], roles: ["marketer"] });
    expectDenied(d, ["ACCESS_DENIED@employer"]);
    expect(only(d, "ACCESS_DENIED", "employer").eventIds).toContain("r2");
    expect(d.fields.find((f) => f.field === "email")!.allowed).toBe(true);
    expect(d.fields.find((f) => f.field === "email")!.basis!.legalBasis).toBe("consent");
  });

  test("fields without a value are not judged for access: they report only NO_DATA", () => {
    const d = ask(twoFields([]), { fields: ["email", "phone"], roles: ["marketer"] });
    expectDenied(d, ["ACCESS_DENIED", "NO_DATA@phone"]);
    // With only unvalued fields, no access reason at all, and no missing basis either.
    expectDenied(ask(twoFields([]), { fields: ["phone"], roles: [] }), ["NO_DATA@phone"]);
    expectDenied(ask([...base()], { subject: "s1", fields: ["phone"] }), ["UNKNOWN_SUBJECT"]);
  });

  test("one policy must cover both the purpose and the category", () => {
    const split = [grantPolicy("pol-a", T0, "pa", "marketer", ["marketing"], ["professional"]), grantPolicy("pol-b", T0, "pb", "marketer", ["sales"], ["contact"])];
    expectDenied(ask(twoFields(split), { roles: ["marketer"] }), ["ACCESS_DENIED"]);
  });

  test("a policy purpose covers its descendants, not its ancestors; a category covers its dotted descendants only", () => {
    const p = (purposes: string[], categories: string[]) => twoFields([grantPolicy("pol-x", T0, "px", "marketer", purposes, categories)]);
    expectAllowed(ask(p(["marketing"], ["contact"]), { roles: ["marketer"] }));
    expectAllowed(ask(p(["marketing.email"], ["contact.email"]), { roles: ["marketer"] }));
    expectDenied(ask(p(["marketing.email"], ["contact"]), { purpose: "marketing", roles: ["marketer"] }), ["ACCESS_DENIED"]);
    expectDenied(ask(p(["marketing"], ["contact.email.work"]), { roles: ["marketer"] }), ["ACCESS_DENIED"]);
    expectDenied(ask(p(["marketing"], ["contac"]), { roles: ["marketer"] }), ["ACCESS_DENIED"]);
    expectDenied(ask(p(["market"], ["contact"]), { roles: ["marketer"] }), ["ACCESS_DENIED"]);
  });

  test("any of the actor's roles may carry the policy", () => {
    const events = twoFields([grantPolicy("pol-m", T0, "pm", "marketer", ["marketing"], ["contact", "professional"])]);
    expectAllowed(ask(events, { fields: ["email", "employer"], roles: ["intern", "marketer"] }));
  });

  test("a revoked policy is not in force; re-granting the same id replaces its content", () => {
    const events = twoFields([
      grantPolicy("pol-m", T0, "pm", "marketer", ["marketing"], ["contact"]),
      revokePolicy("rv1", "2024-03-01T00:00:00Z", "pm"),
      grantPolicy("pol-m2", "2024-04-01T00:00:00Z", "pm", "marketer", ["marketing"], ["professional"]),
    ]);
    const q = { fields: ["email", "employer"], roles: ["marketer"] };
    expectDenied(ask(events, { ...q, at: "2024-02-15T00:00:00Z" }), ["ACCESS_DENIED@employer"]);
    expectDenied(ask(events, { ...q, at: "2024-03-15T00:00:00Z" }), ["ACCESS_DENIED"]);
    expectDenied(ask(events, q), ["ACCESS_DENIED@email"]);
  });

  test("a revocation and a grant at the same instant take effect in log order", () => {
    const at = "2024-03-01T00:00:00Z";
    const revokedLast = twoFields([grantPolicy("g1", T0, "pm", "marketer", ["marketing"], ["contact"]), grantPolicy("g2", at, "pm", "marketer", ["marketing"], ["contact"]), revokePolicy("rv", at, "pm")]);
    const grantedLast = twoFields([grantPolicy("g1", T0, "pm", "marketer", ["marketing"], ["contact"]), revokePolicy("rv", at, "pm"), grantPolicy("g2", at, "pm", "marketer", ["marketing"], ["contact"])]);
    expectDenied(ask(revokedLast, { roles: ["marketer"], at }), ["ACCESS_DENIED"]);
    expectAllowed(ask(grantedLast, { roles: ["marketer"], at }));
  });

  test("the category judged is that of the field's current value", () => {
    const events = [
      ...twoFields([grantPolicy("pol-m", T0, "pm", "marketer", ["marketing"], ["contact"])]),
      fact("r3", "2024-03-01T00:00:00Z", { fact: "f3", field: "email", category: "professional.email" }),
    ];
    expectAllowed(ask(events, { roles: ["marketer"], at: "2024-02-15T00:00:00Z" }));
    expectDenied(ask(events, { roles: ["marketer"] }), ["ACCESS_DENIED"]);
  });
});

describe("RESTRICTED (Art. 18)", () => {
  test("denies every field from the restriction until it is lifted, and again after a new restriction", () => {
    const events = [
      ...base(),
      ...consented(),
      restrict("rs1", "2024-03-01T00:00:00Z"),
      liftRestriction("lr1", "2024-04-01T00:00:00Z"),
      restrict("rs2", "2024-05-01T00:00:00Z"),
    ];
    expectAllowed(ask(events, { at: "2024-02-29T00:00:00Z" }));
    const d = ask(events, { at: "2024-03-15T00:00:00Z", fields: ["email", "phone"] });
    expectDenied(d, ["RESTRICTED", "NO_DATA@phone"]);
    expect(only(d, "RESTRICTED").eventIds).toEqual(["rs1"]);
    expect(d.fields.every((f) => !f.allowed)).toBe(true);
    expectAllowed(ask(events, { at: "2024-04-01T00:00:00Z" }));
    expect(only(ask(events), "RESTRICTED").eventIds).toEqual(["rs2"]);
  });

  test("a consent given during the restriction does not lift it (Art. 18(2) is not modelled)", () => {
    const events = [...base(), ...consented(), restrict("rs1", "2024-03-01T00:00:00Z"), consent("k2", "2024-03-02T00:00:00Z", { consent: "k2" })];
    expectDenied(ask(events), ["RESTRICTED"]);
  });

  test("every purpose is restricted, whatever its basis", () => {
    const events = [...base(), ...salesFact(), basis("b1", "2024-02-02T00:00:00Z", "contract", ["sales"], "o-1"), restrict("rs1", "2024-03-01T00:00:00Z")];
    expectDenied(ask(events, { purpose: "sales" }), ["RESTRICTED"]);
  });

  test("a restriction of another subject does not touch s1", () => {
    expectAllowed(ask([...base(), ...consented(), fact("x1", "2024-02-02T00:00:00Z", { fact: "g1", subject: "s2" }), restrict("rs1", "2024-03-01T00:00:00Z", "s2")]));
  });
});

describe("OBJECTED (Art. 21)", () => {
  const O = "2024-03-01T00:00:00Z";

  test("an objection to direct marketing is absolute, even against an effective consent", () => {
    const events = [...base(), ...consented(), object("ob1", O, ["marketing"])];
    expectAllowed(ask(events, { at: "2024-02-29T23:59:59Z" }));
    const d = ask(events);
    expectDenied(d, ["OBJECTED"]);
    expect(only(d, "OBJECTED").eventIds).toEqual(["ob1"]);
  });

  test("absolute also when the direct-marketing purpose rests on an established contract", () => {
    const events = [
      ...base(),
      declare("p-cat", T0, "marketing.catalog", ["contract"]),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["marketing.catalog"], basis: "contract" }),
      basis("b1", "2024-02-02T00:00:00Z", "contract", ["marketing.catalog"], "o-1"),
      object("ob1", O, ["marketing"]),
    ];
    expectAllowed(ask(events, { purpose: "marketing.catalog", at: "2024-02-15T00:00:00Z" }), "contract", ["b1"]);
    expectDenied(ask(events, { purpose: "marketing.catalog" }), ["OBJECTED"]);
  });

  test("W covers U and U covers W; siblings and `market` are not affected", () => {
    const events = (purposes: string[]) => [...base(), declare("p-sms", T0, "marketing.sms", ["consent"]), declare("p-market", T0, "market", ["consent"]), ...consented(), object("ob1", O, purposes)];
    expectDenied(ask(events(["marketing.email"]), { purpose: "marketing" }), ["OBJECTED"]);
    expectDenied(ask(events(["marketing"])), ["OBJECTED"]);
    expectAllowed(ask(events(["marketing.sms"])));
    expectAllowed(ask(events(["market"])));
  });

  test("a narrower lift lifts nothing; a lift naming a covering purpose lifts", () => {
    const narrow = [...base(), ...consented(), object("ob1", O, ["marketing"]), liftObjection("lo1", "2024-04-01T00:00:00Z", ["marketing.email"])];
    const d = ask(narrow);
    expectDenied(d, ["OBJECTED"]);
    expect(only(d, "OBJECTED").eventIds).toEqual(["ob1"]);
    expectAllowed(ask([...base(), ...consented(), object("ob1", O, ["marketing"]), liftObjection("lo1", "2024-04-01T00:00:00Z", ["marketing"])]));
    expectAllowed(ask([...base(), ...consented(), object("ob1", O, ["marketing.email"]), liftObjection("lo1", "2024-04-01T00:00:00Z", ["marketing"])]));
  });

  test("a lift counts only against objections before it; a new objection after a lift is in force", () => {
    const events = [
      ...base(),
      ...consented(),
      liftObjection("lo0", "2024-02-15T00:00:00Z", ["marketing"]),
      object("ob1", O, ["marketing"]),
      liftObjection("lo1", "2024-04-01T00:00:00Z", ["marketing"]),
      object("ob2", "2024-05-01T00:00:00Z", ["marketing.email"]),
    ];
    expectDenied(ask(events, { at: "2024-03-15T00:00:00Z" }), ["OBJECTED"]);
    expectAllowed(ask(events, { at: "2024-04-15T00:00:00Z" }));
    const d = ask(events);
    expectDenied(d, ["OBJECTED"]);
    expect(only(d, "OBJECTED").eventIds).toEqual(["ob2"]);
  });

  test("a consent given after the objection does not lift it", () => {
    expectDenied(ask([...base(), ...consented(), object("ob1", O, ["marketing"]), consent("k2", "2024-04-01T00:00:00Z", { consent: "k2" })]), ["OBJECTED"]);
  });

  describe("not direct marketing: overridden only by contract, legal-obligation or vital-interests of the purpose's own legalBases, established", () => {
    /** A non-DM purpose `p` with legalBases `bases`, a fact for it and the recorded bases `recorded`, then an objection to `p`. */
    const nonDm = (bases: string[], recorded: string[], extra: Ev[] = []): Ev[] => [
      ...base(),
      declare("p-x", T0, "support", bases),
      notice("n-2", T0, "privacy", "2", ["support"]),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["support"], basis: bases[0]! }),
      ...recorded.map((b, i) => basis(`b-${b}`, "2024-02-02T00:00:00Z", b, ["support"], `ref-${i}`)),
      ...extra,
      object("ob1", O, ["support"]),
    ];
    const q = { purpose: "support" };

    test("legitimate interests alone: objected", () => {
      const d = ask(nonDm(["legitimate-interests"], ["legitimate-interests"]), q);
      expectDenied(d, ["OBJECTED"]);
      expect(only(d, "OBJECTED").eventIds).toEqual(["ob1"]);
    });

    test.each(["contract", "legal-obligation", "vital-interests"])("%s in legalBases and established: not objected", (b) => {
      expectAllowed(ask(nonDm([b, "legitimate-interests"], [b, "legitimate-interests"]), q), b, [`b-${b}`]);
      // Listed second: it still overrides the objection; the basis named is the first established.
      expectAllowed(ask(nonDm(["legitimate-interests", b], ["legitimate-interests", b]), q), "legitimate-interests", ["b-legitimate-interests"]);
    });

    test("contract in legalBases but not established: objected", () => {
      expectDenied(ask(nonDm(["contract", "legitimate-interests"], ["legitimate-interests"]), q), ["OBJECTED"]);
    });

    test("contract established but not in the purpose's own legalBases: objected", () => {
      expectDenied(ask(nonDm(["legitimate-interests"], ["legitimate-interests", "contract"]), q), ["OBJECTED"]);
    });

    test("contract ended before T: objected", () => {
      const events = nonDm(["contract", "legitimate-interests"], ["contract", "legitimate-interests"], [endBasis("e1", "2024-02-20T00:00:00Z", "ref-0")]);
      expectDenied(ask(events, q), ["OBJECTED"]);
    });

    test("public task does not override", () => {
      expectDenied(ask(nonDm(["public-task"], ["public-task"]), q), ["OBJECTED"]);
    });

    test("an effective consent does not outweigh the objection", () => {
      const events = nonDm(["consent", "legitimate-interests"], [], [consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", purposes: ["support"], noticeVersion: "2" })]);
      expectAllowed(ask(events, { ...q, at: "2024-02-15T00:00:00Z" }), "consent", ["k1"]);
      expectDenied(ask(events, q), ["OBJECTED"]);
    });

    test("directMarketing inherited from a parent makes the objection absolute", () => {
      const events = [
        ...base(),
        declare("p-x", T0, "support", ["contract"], { directMarketing: true }),
        declare("p-xy", T0, "support.upsell", ["contract"]),
        fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["support.upsell"], basis: "contract" }),
        basis("b1", "2024-02-02T00:00:00Z", "contract", ["support"], "o-1"),
        object("ob1", O, ["support.upsell"]),
      ];
      expectDenied(ask(events, { purpose: "support.upsell" }), ["OBJECTED"]);
      const notDm = [...events, declare("p-xy2", "2024-02-01T00:00:00Z", "support.upsell", ["contract"], { directMarketing: false })];
      expectAllowed(ask(notDm, { purpose: "support.upsell" }), "contract", ["b1"]);
    });
  });
});
