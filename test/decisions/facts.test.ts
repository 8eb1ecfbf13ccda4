/**
 * Per-field rules about the fact: NO_DATA, ERASED, the current value,
 * purpose limitation (Art. 5(1)(b), 6(4)) with compatibility assessments,
 * storage limitation (Art. 5(1)(e)), and the DISCLOSE_ORIGIN obligation
 * (Art. 14(2)(f), 15(1)(g)).
 */
import { describe, expect, test } from "vitest";
import {
  ask,
  assess,
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
  informed,
  only,
  retireSource,
  source,
  T0,
  type Ev,
} from "./helpers.js";

describe("NO_DATA and ERASED", () => {
  test("NO_DATA for a field never recorded by T; the other fields are still judged", () => {
    const events = [...base(), ...consented(), fact("r2", "2024-07-01T00:00:00Z", { fact: "f2", field: "phone", category: "contact.phone" })];
    const d = ask(events, { fields: ["email", "phone"] });
    expectDenied(d, ["NO_DATA@phone"]);
    expect(only(d, "NO_DATA", "phone").eventIds).toEqual([]);
    const email = d.fields.find((f) => f.field === "email")!;
    expect(email.allowed).toBe(true);
    expect(email.basis).toEqual({ legalBasis: "consent", eventIds: ["k1"] });
    expect(d.obligations).toEqual([]);
  });

  test("ERASED names the erasure, by fact or by field", () => {
    const byFact = ask([...base(), ...consented(), erase("er1", "2024-03-01T00:00:00Z", { fact: "f1" })]);
    expectDenied(byFact, ["ERASED@email"]);
    expect(only(byFact, "ERASED", "email").eventIds).toEqual(["er1"]);
    const byField = ask([...base(), ...consented(), fact("r2", "2024-02-03T00:00:00Z", { fact: "f2" }), erase("er1", "2024-03-01T00:00:00Z", { field: "email" })]);
    expectDenied(byField, ["ERASED@email"]);
    expect(only(byField, "ERASED", "email").eventIds).toEqual(["er1"]);
    // Before the erasure the value is there.
    expectAllowed(ask([...base(), ...consented(), erase("er1", "2024-03-01T00:00:00Z", { fact: "f1" })], { at: "2024-02-29T00:00:00Z" }));
  });

  test("a field erasure erases the facts recorded up to then, not a later one", () => {
    const events = [...base(), ...consented(), erase("er1", "2024-03-01T00:00:00Z", { field: "email" }), fact("r2", "2024-04-01T00:00:00Z", { fact: "f2" })];
    expectDenied(ask(events, { at: "2024-03-15T00:00:00Z" }), ["ERASED@email"]);
    expectAllowed(ask(events));
  });

  test("a field erasure logged before a fact dated earlier still erases it", () => {
    const events = [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r0", "2024-02-01T12:00:00Z", { fact: "f0" }), erase("er1", "2024-03-01T00:00:00Z", { field: "email" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })];
    expectDenied(ask(events), ["ERASED@email"]);
  });
});

describe("the current value", () => {
  /** f1 from crm (2024-02-02) and a newer f2 from xing, never registered (2024-03-01). */
  const twoFacts = (extra: Ev[] = []): Ev[] => [...base(), ...consented(), fact("r2", "2024-03-01T00:00:00Z", { fact: "f2", source: "xing" }), ...extra];

  test("is the most recent non-erased fact", () => {
    expectAllowed(ask(twoFacts(), { at: "2024-02-29T00:00:00Z" }));
    const d = ask(twoFacts());
    expectDenied(d, ["UNKNOWN_SOURCE@email"]);
    expect(only(d, "UNKNOWN_SOURCE", "email").eventIds).toContain("r2");
  });

  test("erasing the newest fact brings the older one back", () => {
    expectAllowed(ask(twoFacts([erase("er2", "2024-04-01T00:00:00Z", { fact: "f2" })])), "consent", ["k1"]);
  });

  test("most recent by at, not by log position", () => {
    const events = [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r2", "2024-03-01T00:00:00Z", { fact: "f2", source: "xing" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })];
    expectDenied(ask(events), ["UNKNOWN_SOURCE@email"]);
  });

  test("same at: the later in the log is current", () => {
    const at = "2024-03-01T00:00:00Z";
    const xingLast = [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r1", at, { fact: "f1" }), fact("r2", at, { fact: "f2", source: "xing" })];
    const crmLast = [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r2", at, { fact: "f2", source: "xing" }), fact("r1", at, { fact: "f1" })];
    expectDenied(ask(xingLast), ["UNKNOWN_SOURCE@email"]);
    expectAllowed(ask(crmLast));
  });

  test("a correction dated before its fact's recording does not set its value", () => {
    // The correction comes from xing (never registered): were it applied, the value would be UNKNOWN_SOURCE.
    expectAllowed(ask([...base(), ...consented(), correct("c1", "2024-02-01T12:00:00Z", "f1", "early@example.org", "xing")]));
    expectDenied(ask([...base(), ...consented(), correct("c1", "2024-02-03T00:00:00Z", "f1", "late@example.org", "xing")]), ["UNKNOWN_SOURCE@email"]);
  });

  test("a correction from an unregistered source is its only problem: the recording's source is not blamed", () => {
    const d = ask([...base(), ...consented(), correct("c1", "2024-02-03T00:00:00Z", "f1", "late@example.org", "xing")]);
    const r = only(d, "UNKNOWN_SOURCE", "email");
    expect(r.eventIds).toEqual(["r1", "c1"]);
    expect(r.message).toContain('the correction that set its current value came from "xing", which was not registered and in force on 2024-02-03T00:00:00Z');
    expect(r.message).not.toContain("when it was recorded");
  });

  test("a correction changes its fact's value, not its place", () => {
    expectDenied(ask(twoFacts([correct("c1", "2024-04-01T00:00:00Z", "f1", "new@example.org")])), ["UNKNOWN_SOURCE@email"]);
  });
});

describe("PURPOSE_INCOMPATIBLE", () => {
  const research = (extra: Ev[] = [], purposes = ["sales"]): Ev[] => [
    ...base(),
    fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes, basis: "contract" }),
    basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia-r"),
    ...extra,
  ];
  const q = { purpose: "research" };

  test("collected for another purpose, no assessment, no consent", () => {
    const d = ask(research(), q);
    expectDenied(d, ["PURPOSE_INCOMPATIBLE@email"]);
    expect(only(d, "PURPOSE_INCOMPATIBLE", "email").eventIds).toContain("r1");
  });

  test("a collection purpose covering the use suffices", () => {
    expectAllowed(ask(research([], ["sales", "research"]), q), "legitimate-interests", ["b1"]);
  });

  test("a collection purpose covers a descendant only if it was declared at or before the recording", () => {
    const later = [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["research"], basis: "legitimate-interests" }), declare("p-rs", "2024-03-01T00:00:00Z", "research.survey", ["legitimate-interests"]), basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia-r")];
    expectDenied(ask(later, { purpose: "research.survey" }), ["PURPOSE_INCOMPATIBLE@email"]);
    const earlier = [...base(), declare("p-rs", "2024-01-15T00:00:00Z", "research.survey", ["legitimate-interests"]), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["research"], basis: "legitimate-interests" }), basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia-r")];
    expectAllowed(ask(earlier, { purpose: "research.survey" }), "legitimate-interests", ["b1"]);
  });

  test("a narrower collection purpose does not cover a broader use", () => {
    const events = [...base(), declare("p-rs", T0, "research.survey", ["legitimate-interests"]), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["research.survey"], basis: "legitimate-interests" }), basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia-r")];
    expectAllowed(ask(events, { purpose: "research.survey" }));
    expectDenied(ask(events, q), ["PURPOSE_INCOMPATIBLE@email"]);
  });

  test("an effective consent for the use purpose suffices on its own", () => {
    const events = [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }), consent("k1", "2024-03-01T00:00:00Z", { consent: "k1" })];
    expectAllowed(ask(events), "consent", ["k1"]);
    // Without it, the use is incompatible and has no basis.
    expectDenied(ask(events, { at: "2024-02-15T00:00:00Z" }), ["PURPOSE_INCOMPATIBLE@email", "NO_LEGAL_BASIS@email"]);
  });

  test("a consent that is not effective does not make the use compatible", () => {
    const events = [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }), consent("k1", "2024-03-01T00:00:00Z", { consent: "k1", method: "implied" })];
    expectDenied(ask(events), ["PURPOSE_INCOMPATIBLE@email", "NO_LEGAL_BASIS@email", "CONSENT_NOT_ACTIVE@email"]);
  });

  describe("compatibility assessments", () => {
    test("a compatible assessment from a covering F to a covering G makes the use compatible", () => {
      expectAllowed(ask(research([assess("as1", T0, "sales", "research", true)]), q));
      // F covers the collection purpose, G covers the use purpose.
      const events = [...base(), declare("p-rs", T0, "research.stats", ["legitimate-interests"]), declare("p-sd", T0, "sales.direct", ["contract"]), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales.direct"], basis: "contract" }), basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia-r"), assess("as1", T0, "sales", "research", true)];
      expectAllowed(ask(events, { purpose: "research.stats" }));
    });

    test("an assessment about narrower purposes does not apply", () => {
      const events = [...base(), declare("p-rs", T0, "research.stats", ["legitimate-interests"]), ...research([assess("as1", T0, "sales", "research.stats", true)])];
      expectDenied(ask(events, q), ["PURPOSE_INCOMPATIBLE@email"]);
    });

    test("only the latest assessment of a pair counts, by T", () => {
      const events = research([assess("as1", T0, "sales", "research", true), assess("as2", "2024-03-01T00:00:00Z", "sales", "research", false), assess("as3", "2024-05-01T00:00:00Z", "sales", "research", true)]);
      expectAllowed(ask(events, { ...q, at: "2024-02-15T00:00:00Z" }));
      const d = ask(events, { ...q, at: "2024-04-01T00:00:00Z" });
      expectDenied(d, ["PURPOSE_INCOMPATIBLE@email"]);
      expect(only(d, "PURPOSE_INCOMPATIBLE", "email").eventIds).toEqual(expect.arrayContaining(["r1", "as2"]));
      expectAllowed(ask(events, q));
    });

    test("an assessment dated after T does not count", () => {
      expectDenied(ask(research([assess("as1", "2024-07-01T00:00:00Z", "sales", "research", true)]), q), ["PURPOSE_INCOMPATIBLE@email"]);
    });

    test("any applicable false blocks (fail closed)", () => {
      const events = [...base(), declare("p-rs", T0, "research.stats", ["legitimate-interests"]), ...research([assess("as1", T0, "sales", "research", true), assess("as2", T0, "sales", "research.stats", false)])];
      const d = ask(events, { purpose: "research.stats" });
      expectDenied(d, ["PURPOSE_INCOMPATIBLE@email"]);
      expect(only(d, "PURPOSE_INCOMPATIBLE", "email").eventIds).toContain("as2");
      // The negative one does not apply to research itself.
      expectAllowed(ask(events, q));
    });

    test("a false assessment does not block a use covered by a collection purpose", () => {
      expectAllowed(ask(research([assess("as1", T0, "sales", "research", false)], ["sales", "research"]), q));
    });

    test("a false assessment does not block a use backed by an effective consent", () => {
      const events = [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), assess("as1", T0, "sales", "marketing", false)];
      expectAllowed(ask(events), "consent", ["k1"]);
    });

    test("a false assessment between unrelated purposes does not block", () => {
      expectAllowed(ask(research([assess("as1", T0, "sales", "research", true), assess("as2", T0, "marketing", "research", false)]), q));
    });

    test("`sale` is not an ancestor of `sales`", () => {
      expectDenied(ask(research([assess("as1", T0, "sale", "research", true)]), q), ["PURPOSE_INCOMPATIBLE@email"]);
    });
  });
});

describe("RETENTION_EXPIRED", () => {
  test("the use purpose's retention, counted from the recording, exclusive", () => {
    const events = [...base(), declare("re-email", T0, "marketing.email", ["consent"], { retention: "P6M" }), ...consented()];
    expectAllowed(ask(events, { at: "2024-08-01T23:59:59Z" }));
    const d = ask(events, { at: "2024-08-02T00:00:00Z" });
    expectDenied(d, ["RETENTION_EXPIRED@email"]);
    expect(only(d, "RETENTION_EXPIRED", "email").eventIds).toContain("r1");
    // Another use purpose without a retention is not affected (marketing has none, nor does the collection purpose).
    expectAllowed(ask(events, { purpose: "marketing", at: "2024-08-02T00:00:00Z" }));
  });

  test("a correction does not extend the retention; a new recording is a new fact", () => {
    const events = [...base(), declare("re-email", T0, "marketing.email", ["consent"], { retention: "P6M" }), ...consented(), correct("c1", "2024-07-01T00:00:00Z", "f1", "fixed@example.org")];
    expectDenied(ask(events, { at: "2024-08-02T00:00:00Z" }), ["RETENTION_EXPIRED@email"]);
    const again = [...events, fact("r2", "2024-08-10T00:00:00Z", { fact: "f2" })];
    expectAllowed(ask(again, { at: "2024-08-10T00:00:00Z" }));
  });

  test("every collection purpose's retention must have expired (the longest one allows keeping it)", () => {
    const events = [
      ...base(),
      declare("re-sales", T0, "sales", ["contract", "legitimate-interests"], { retention: "P1Y" }),
      declare("p-sup", T0, "support", ["contract"], { retention: "P2Y" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales", "support"], basis: "contract" }),
      basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia"),
      assess("as1", T0, "sales", "research", true),
    ];
    const q = { purpose: "research" };
    expectAllowed(ask(events, { ...q, at: "2025-06-01T00:00:00Z" }));
    expectDenied(ask(events, { ...q, at: "2026-02-02T00:00:00Z" }), ["RETENTION_EXPIRED@email"]);
    expectAllowed(ask(events, { ...q, at: "2026-02-01T23:59:59Z" }));
  });

  test("a collection purpose without retention keeps the fact", () => {
    const events = [
      ...base(),
      declare("re-sales", T0, "sales", ["contract", "legitimate-interests"], { retention: "P1Y" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales", "research"], basis: "contract" }),
      basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia"),
    ];
    expectAllowed(ask(events, { purpose: "research", at: "2030-01-01T00:00:00Z" }));
  });

  test("a collection purpose's retention is inherited from its nearest ancestor, and read as declared at T", () => {
    const events = [
      ...base(),
      declare("re-sales", T0, "sales", ["contract", "legitimate-interests"], { retention: "P1Y" }),
      declare("p-sd", T0, "sales.direct", ["contract"]),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales.direct"], basis: "contract" }),
      basis("b1", "2024-02-02T00:00:00Z", "legitimate-interests", ["research"], "lia"),
      assess("as1", T0, "sales", "research", true),
      declare("re-sales2", "2025-06-01T00:00:00Z", "sales", ["contract", "legitimate-interests"], { retention: "P3Y" }),
    ];
    const q = { purpose: "research" };
    expectDenied(ask(events, { ...q, at: "2025-03-01T00:00:00Z" }), ["RETENTION_EXPIRED@email"]);
    // Re-declared with a longer retention: the retention declared at T holds.
    expectAllowed(ask(events, { ...q, at: "2025-07-01T00:00:00Z" }));
  });
});

describe("DISCLOSE_ORIGIN obligations", () => {
  /** marketing re-declared with originDisclosure (marketing.email inherits it), consent k1, and e-mail facts as given. */
  const disclosing = (extra: Ev[]): Ev[] => [
    ...base(),
    declare("re-mkt", "2024-01-01T00:00:01Z", "marketing", ["consent"], { directMarketing: true, originDisclosure: true }),
    source("src-imp", T0, "list-import", "import"),
    consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }),
    ...extra,
  ];

  test("a source that is not the person's own must be disclosed", () => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" })]));
    expectAllowed(d, "consent", ["k1"]);
    expect(d.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
  });

  test.each([
    ["web-form", "form"],
    ["self", "subject"],
  ])("no obligation for %s (kind %s: entered by the person)", (src) => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: src })]));
    expectAllowed(d);
    expect(d.obligations).toEqual([]);
  });

  test("manual entry is not the person's own", () => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "crm" })]));
    expect(d.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["crm"] }]);
  });

  test("the correction's source is added; a source disclosed by SubjectInformed by T is left out", () => {
    const events = disclosing([
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" }),
      correct("c1", "2024-02-10T00:00:00Z", "f1", "fixed@example.org", "list-import"),
      informed("i1", "2024-03-01T00:00:00Z", ["linkedin"]),
      informed("i2", "2024-07-01T00:00:00Z", ["list-import"]),
    ]);
    const before = ask(events, { at: "2024-02-15T00:00:00Z" });
    expect(before.allowed).toBe(true);
    expect(before.obligations).toHaveLength(1);
    expect([...before.obligations[0]!.sources].sort()).toEqual(["linkedin", "list-import"]);
    expect(ask(events).obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["list-import"] }]);
    // Once both are disclosed, no obligation is left.
    expect(ask(events, { at: "2024-07-01T00:00:00Z" }).obligations).toEqual([]);
  });

  test("a correction by the person themself adds nothing; the recording's source stays", () => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" }), correct("c1", "2024-02-10T00:00:00Z", "f1", "mine@example.org", "self")]));
    expect(d.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
  });

  test("one obligation per field, only for fields with undisclosed sources", () => {
    const d = ask(
      disclosing([
        fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" }),
        fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "name", category: "contact.name", source: "web-form" }),
        fact("r3", "2024-02-02T00:00:00Z", { fact: "f3", field: "phone", category: "contact.phone", source: "list-import" }),
      ]),
      { fields: ["email", "name", "phone"] },
    );
    expect(d.allowed).toBe(true);
    expect([...d.obligations].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] },
      { code: "DISCLOSE_ORIGIN", field: "phone", sources: ["list-import"] },
    ]);
  });

  test("only on allowed decisions", () => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" })]), { fields: ["email", "phone"] });
    expectDenied(d, ["NO_DATA@phone"]);
    expect(d.obligations).toEqual([]);
  });

  test("only when the use purpose requires it", () => {
    const events = [...base(), ...consented().slice(0, 1), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" })];
    const d = ask(events);
    expectAllowed(d);
    expect(d.obligations).toEqual([]);
    // A child's own originDisclosure: false overrides the parent's true.
    const off = [...disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" })]), declare("re-email", "2024-01-01T00:00:02Z", "marketing.email", ["consent"], { originDisclosure: false })];
    expect(ask(off).obligations).toEqual([]);
    expect(ask(off, { purpose: "marketing" }).obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
  });

  test("a SubjectInformed about another subject discloses nothing to s1", () => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" }), fact("x1", "2024-02-02T00:00:00Z", { fact: "g1", subject: "s2", source: "crm", basis: "legitimate-interests" }), informed("i1", "2024-03-01T00:00:00Z", ["linkedin"], "s2")]));
    expect(d.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
  });

  test("a source retired after the recording keeps its kind for the obligation (judged at the recording)", () => {
    const d = ask(disclosing([fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "web-form" }), retireSource("rs-form", "2024-03-01T00:00:00Z", "web-form")]));
    expectAllowed(d);
    expect(d.obligations).toEqual([]);
  });
});
