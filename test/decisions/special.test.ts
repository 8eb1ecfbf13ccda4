/**
 * NO_SPECIAL_CONDITION (issue 14, GDPR Art. 9): a value of a special
 * category may be used only where a condition of Art. 9(2) is established at
 * the use, for the use purpose, on top of its Art. 6 basis. Each boundary
 * of the rule, and the reject rules of the two subject events.
 */
import { describe, expect, test } from "vitest";
import { replay, type Ledger } from "../../src/index.js";
import { ask, base, basis, confirm, consent, declare, expectAllowed, expectDenied, fact, grantPolicy, notice, only, T0, withdraw, type Ev } from "./helpers.js";

const S = "s1";
const T = "2024-05-01T00:00:00Z";
const BEFORE = "2024-04-30T23:59:59.999Z";
const sub = (id: string, type: string, at: string, data: Ev, subject = S): Ev => ({ id, type, at, subject, data });
const special = (id: string, at: string, category: string): Ev => ({ id, type: "SpecialCategoryDeclared", at, data: { category, description: `special: ${category}` } });
const condition = (id: string, at: string, data: Ev, subject = S): Ev => sub(id, "SpecialConditionRecorded", at, { categories: ["health"], purposes: ["sales"], reference: "ref-h", ...data }, subject);
const endCondition = (id: string, at: string, reference = "ref-h", subject = S): Ev => sub(id, "SpecialConditionEnded", at, { reference }, subject);

/**
 * A health value collected for sales under a contract: category
 * health.allergy declared special (health) at T0, a policy for health data,
 * the contract established from 2024-02-01.
 */
const health = (): Ev[] => [
  ...base(),
  grantPolicy("pol-health", T0, "health", "staff", ["sales", "marketing"], ["health"]),
  special("sp-health", T0, "health"),
  fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", field: "allergy", category: "health.allergy", purposes: ["sales"], basis: "contract" }),
  basis("b1", "2024-02-01T00:00:00Z", "contract", ["sales"], "order-1"),
];
const use = (events: Ev[] | Ledger, at = T, purpose = "sales") => ask(events, { purpose, fields: ["allergy"], at });

describe("a special category needs a condition of Art. 9(2) at the use", () => {
  test("without a condition: NO_SPECIAL_CONDITION, naming the value and the declaration, and saying none is recorded", () => {
    const d = use(health());
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    const r = only(d, "NO_SPECIAL_CONDITION", "allergy");
    expect(r.eventIds).toEqual(["r1", "sp-health"]);
    expect(r.message).toBe(
      'The value of "allergy" is of category "health.allergy", a special category of personal data since 2024-01-01T00:00:00Z (declared as "health", GDPR Art. 9(1)); for its use for "sales" no condition of Art. 9(2) is recorded for this person.',
    );
  });

  test("with a condition for its category and the use purpose: allowed on the Art. 6 basis (the condition is not a basis)", () => {
    expectAllowed(use([...health(), condition("sc1", "2024-02-03T00:00:00Z", { condition: "A9-2-h" })]), "contract", ["b1"]);
  });

  test("the category is special from the declaration's at: a use one millisecond before is judged as before", () => {
    const h = [...health().filter((e) => e["id"] !== "sp-health"), special("sp-health", T, "health")];
    expectAllowed(use(h, BEFORE), "contract");
    expectDenied(use(h, T), ["NO_SPECIAL_CONDITION@allergy"]);
  });

  test("an ancestor's declaration covers the category; a sibling's or a descendant's does not; segments are whole", () => {
    const without = health().filter((e) => e["id"] !== "sp-health");
    expectDenied(use([...without, special("sp", T0, "health.allergy")]), ["NO_SPECIAL_CONDITION@allergy"]);
    expectAllowed(use([...without, special("sp", T0, "health.allergy.nuts")]), "contract");
    expectAllowed(use([...without, special("sp", T0, "health.diagnosis")]), "contract");
    expectAllowed(use([...without, special("sp", T0, "heal")]), "contract");
  });

  test("a condition recorded at T holds at T, not a millisecond before", () => {
    const h = [...health(), condition("sc1", T, { condition: "A9-2-h" })];
    expectDenied(use(h, BEFORE), ["NO_SPECIAL_CONDITION@allergy"]);
    expectAllowed(use(h, T), "contract");
  });

  test("a condition ending at T does not hold at T (ended at or before T), and held a millisecond before", () => {
    const h = [...health(), condition("sc1", "2024-02-03T00:00:00Z", { condition: "A9-2-h" }), endCondition("end1", T)];
    expectAllowed(use(h, BEFORE), "contract");
    const d = use(h, T);
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    const r = only(d, "NO_SPECIAL_CONDITION", "allergy");
    expect(r.eventIds).toEqual(["r1", "sp-health", "sc1", "end1"]);
    expect(r.message).toContain('condition A9-2-h (reference "ref-h") was ended on 2024-05-01T00:00:00Z');
  });

  test("until = T: the condition does not hold at T (until is exclusive), and did a millisecond before", () => {
    const h = [...health(), condition("sc1", "2024-02-03T00:00:00Z", { condition: "A9-2-h", until: T })];
    expectAllowed(use(h, BEFORE), "contract");
    const d = use(h, T);
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    expect(only(d, "NO_SPECIAL_CONDITION", "allergy").message).toContain("lasted only until 2024-05-01T00:00:00Z");
  });

  test("an end affects only the conditions that precede it by (at, position); the reference may be recorded again", () => {
    // Back-dated before the condition: ends nothing.
    expectAllowed(use([...health(), condition("sc1", "2024-03-01T00:00:00Z", { condition: "A9-2-h" }), endCondition("end1", "2024-02-01T00:00:00Z")]), "contract");
    // At the same instant, later in the log: ends it.
    expectDenied(use([...health(), condition("sc1", "2024-03-01T00:00:00Z", { condition: "A9-2-h" }), endCondition("end1", "2024-03-01T00:00:00Z")]), ["NO_SPECIAL_CONDITION@allergy"]);
    // Recorded again after the end: holds again.
    const again = [...health(), condition("sc1", "2024-02-03T00:00:00Z", { condition: "A9-2-h" }), endCondition("end1", "2024-03-01T00:00:00Z"), condition("sc2", "2024-04-01T00:00:00Z", { condition: "A9-2-h" })];
    expectAllowed(use(again), "contract");
    expectDenied(use(again, "2024-03-15T00:00:00Z"), ["NO_SPECIAL_CONDITION@allergy"]);
  });

  test("its categories must cover the value's (descendants yes, a narrower or other category no); its purposes the use's", () => {
    expectAllowed(use([...health(), condition("sc1", T0, { condition: "A9-2-h", categories: ["health.allergy"] })]), "contract");
    const narrow = use([...health(), condition("sc1", T0, { condition: "A9-2-h", categories: ["health.allergy.nuts", "religion"] })]);
    expectDenied(narrow, ["NO_SPECIAL_CONDITION@allergy"]);
    expect(only(narrow, "NO_SPECIAL_CONDITION", "allergy").message).toContain('is for "health.allergy.nuts", "religion", which does not cover "health.allergy"');
    const other = use([...health(), condition("sc1", T0, { condition: "A9-2-h", purposes: ["marketing"] })]);
    expectDenied(other, ["NO_SPECIAL_CONDITION@allergy"]);
    expect(only(other, "NO_SPECIAL_CONDITION", "allergy").message).toContain('is for "marketing", which does not cover "sales"');
    // A condition for a parent purpose covers its descendants (as for recorded bases).
    const h = [...health(), declare("p-sales-eu", T0, "sales.eu", ["contract"]), basis("b2", T0, "contract", ["sales.eu"], "order-2"), condition("sc1", T0, { condition: "A9-2-h", purposes: ["sales"] })];
    expectAllowed(use(h, T, "sales.eu"), "contract");
  });

  test("it comes in addition to every other reason: no basis and no condition give both", () => {
    const noBasis = health().filter((e) => e["id"] !== "b1");
    expectDenied(use(noBasis), ["NO_LEGAL_BASIS@allergy", "NO_SPECIAL_CONDITION@allergy"]);
    // A condition does not replace the Art. 6 basis.
    expectDenied(use([...noBasis, condition("sc1", T0, { condition: "A9-2-h" })]), ["NO_LEGAL_BASIS@allergy"]);
  });

  test("only the special field is denied for it; a field without a value gets NO_DATA only", () => {
    const d = ask([...health(), fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "email", purposes: ["sales"], basis: "contract" })], { purpose: "sales", fields: ["allergy", "email", "phone"], at: T });
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy", "NO_DATA@phone"]);
    expect(d.fields.find((f) => f.field === "email")!.allowed).toBe(true);
  });
});

describe("A9-2-a: explicit consent, effective for the use by every consent rule", () => {
  // The catalog's notice privacy v1 lists marketing, sales and research.
  const explicit = (extra: Ev = {}) => condition("sc-a", "2024-02-03T00:00:00Z", { condition: "A9-2-a", consent: "k9", ...extra });
  const grant = (extra: Ev = {}) => consent("k9", "2024-02-03T00:00:00Z", { consent: "k9", purposes: ["sales"], ...extra });

  test("holds while its consent is effective for the use purpose", () => {
    expectAllowed(use([...health(), grant(), explicit()]), "contract", ["b1"]);
  });

  test("a withdrawn consent: the condition does not hold, and the reason says why without any CONSENT_* code of its own", () => {
    const d = use([...health(), grant(), explicit(), withdraw("w9", "2024-04-01T00:00:00Z", { consent: "k9" })]);
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    const r = only(d, "NO_SPECIAL_CONDITION", "allergy");
    expect(r.eventIds).toEqual(["r1", "sp-health", "sc-a", "k9", "w9"]);
    expect(r.message).toContain('condition A9-2-a (reference "ref-h") rests on consent "k9", which was withdrawn on 2024-04-01T00:00:00Z');
  });

  test.each([
    ["pre-ticked", { method: "pre-ticked" }, "not an active act of will"],
    ["uninformed", { noticeVersion: "9" }, "had not been published"],
    ["expired at T", { expires: T }, "expired on 2024-05-01T00:00:00Z"],
    ["not covering the use purpose", { purposes: ["marketing"] }, 'which does not cover "sales"'],
  ])("a consent %s: not effective, the condition does not hold", (_what, extra, says) => {
    const d = use([...health(), grant(extra), explicit()]);
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    expect(only(d, "NO_SPECIAL_CONDITION", "allergy").message).toContain(says);
  });

  test("a consent expiring at T held a millisecond before", () => {
    expectAllowed(use([...health(), grant({ expires: T }), explicit()], BEFORE), "contract");
  });

  test("double opt-in: unconfirmed, the condition does not hold; confirmed, it does", () => {
    const h = [...health().filter((e) => e["id"] !== "p-sales"), declare("p-sales", T0, "sales", ["contract"], { doubleOptIn: true }), grant(), explicit()];
    const d = use(h);
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    expect(only(d, "NO_SPECIAL_CONDITION", "allergy").message).toContain("requires double opt-in");
    expectAllowed(use([...h, confirm("cf9", "2024-03-01T00:00:00Z", "k9")]), "contract");
  });

  test("a consent granted later in time than T (earlier in the log): the condition does not hold until it is given", () => {
    const h = [...health(), consent("k9", "2024-06-01T00:00:00Z", { consent: "k9", purposes: ["sales"] }), explicit()];
    const d = use(h);
    expectDenied(d, ["NO_SPECIAL_CONDITION@allergy"]);
    expect(only(d, "NO_SPECIAL_CONDITION", "allergy").message).toContain('rests on consent "k9", which the person had not given by then');
    // A reason names only events counted at its instant: not the later grant (found by the differential test).
    expect(only(d, "NO_SPECIAL_CONDITION", "allergy").eventIds).toEqual(["r1", "sp-health", "sc-a"]);
    expectAllowed(use(h, "2024-06-01T00:00:00Z"), "contract");
  });

  test("the consent basis and the explicit consent are judged apart: a basis on consent still reports its CONSENT_* codes under NO_LEGAL_BASIS", () => {
    const h = [
      ...base(),
      grantPolicy("pol-health", T0, "health", "staff", ["marketing"], ["health"]),
      special("sp-health", T0, "health"),
      notice("n-2", T0, "privacy", "2", ["marketing"]),
      consent("k9", "2024-02-01T00:00:00Z", { consent: "k9", purposes: ["marketing"] }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", field: "allergy", category: "health.allergy", purposes: ["marketing"], basis: "consent" }),
      condition("sc-a", "2024-02-03T00:00:00Z", { condition: "A9-2-a", consent: "k9", purposes: ["marketing"] }),
      withdraw("w9", "2024-04-01T00:00:00Z", { consent: "k9" }),
    ];
    const d = use(h, T, "marketing");
    expect(d.reasons.map((r) => r.code).sort()).toEqual(["COLLECTION_CONSENT_WITHDRAWN", "CONSENT_WITHDRAWN", "NO_LEGAL_BASIS", "NO_SPECIAL_CONDITION"]);
    // One CONSENT_WITHDRAWN, the basis's: NO_SPECIAL_CONDITION adds none of its own.
    expect(d.reasons.filter((r) => r.code === "CONSENT_WITHDRAWN")).toHaveLength(1);
  });
});

describe("replay of the two subject events", () => {
  test("an A9-2-a naming a consent the person does not have earlier in the log is rejected UNKNOWN_CONSENT, and marks the person", () => {
    const l = replay([
      ...health(),
      condition("sc-a", "2024-02-03T00:00:00Z", { condition: "A9-2-a", consent: "k9" }),
      // Granted later in the log (earlier in time): too late, log order decides.
      consent("k9", "2024-02-01T00:00:00Z", { consent: "k9", purposes: ["sales"] }),
      condition("sc-b", "2024-02-03T00:00:00Z", { condition: "A9-2-a", consent: "k1" }, "s2"),
    ]);
    expect(l.rejected.map((r) => [r.id, r.code, r.marks])).toEqual([
      ["sc-a", "UNKNOWN_CONSENT", [{ subject: "s1", from: "2024-02-03T00:00:00Z" }]],
      ["sc-b", "UNKNOWN_CONSENT", [{ subject: "s2", from: "2024-02-03T00:00:00Z" }]],
    ]);
    expect(l.rejected[0]!.reason).toBe('names consent "k9" as its explicit consent, which subject "s1" does not have earlier in the log.');
    expectDenied(use(l), ["HISTORY_INCOMPLETE"]);
  });

  test("an end naming a reference no condition of the person recorded earlier in the log is rejected UNKNOWN_REFERENCE", () => {
    const l = replay([
      ...health(),
      endCondition("end0", "2024-03-01T00:00:00Z", "order-1"), // a legal basis's reference: another namespace
      endCondition("end1", "2024-03-01T00:00:00Z"), // before the condition in the log
      condition("sc1", "2024-02-03T00:00:00Z", { condition: "A9-2-h" }),
      endCondition("end2", "2024-03-01T00:00:00Z"),
      endCondition("end3", "2024-03-01T00:00:00Z", "ref-h", "s2"), // another person's
    ]);
    expect(l.rejected.map((r) => [r.id, r.code])).toEqual([
      ["end0", "UNKNOWN_REFERENCE"],
      ["end1", "UNKNOWN_REFERENCE"],
      ["end3", "UNKNOWN_REFERENCE"],
    ]);
    expect(l.rejected[0]!.reason).toBe('ends special condition reference "order-1", which subject "s1" has not recorded earlier in the log.');
  });

  test("a SpecialCategoryDeclared is a catalog event: its reject marks the catalog", () => {
    const l = replay([...health(), { id: "sp-bad", type: "SpecialCategoryDeclared", at: T, data: { category: "health..x", description: "d" } }]);
    expect(l.rejected[0]!.marks).toEqual([{ catalog: true, from: T }]);
  });
});
