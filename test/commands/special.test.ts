/**
 * declareSpecialCategory, recordSpecialCondition, endSpecialCondition
 * (issue 14, GDPR Art. 9): accepted, and refused with the reason replay
 * would give.
 */
import { describe, expect, test } from "vitest";
import { decideUnknown, replay } from "../../src/index.js";
import { given } from "../../src/testing/index.js";
import { history, S, staff, staffPolicy, T0, T1, T2, type Ev } from "./fixtures.js";

const cmd = (type: string, data: Ev, env: Ev = {}): Ev => ({ type, subject: S, at: T2, ...env, data });
const declareHealth: Ev = { id: "sc-contact", type: "SpecialCategoryDeclared", at: T0, data: { category: "contact", description: "treated as special here" } };
const explicit = { condition: "A9-2-a", categories: ["contact"], purposes: ["sales"], reference: "x-1", consent: "k1" };

/** Asserts a refusal with exactly these codes at these paths. */
function refused(command: Ev, paths: string[], h: Ev[] = history()): void {
  const w = given(h).whenUnknown(command);
  w.then(paths.map(() => "INVALID_COMMAND") as ["INVALID_COMMAND"]);
  expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(paths);
}

describe("declareSpecialCategory", () => {
  test("accepted: a catalog command, without subject", () => {
    given(history())
      .whenUnknown({ type: "declareSpecialCategory", at: T2, data: { category: "health", description: "Data concerning health" } })
      .then([{ id: "id-1", type: "SpecialCategoryDeclared", at: T2, data: { category: "health", description: "Data concerning health" } }]);
  });

  test("INVALID_COMMAND: a category that is not a dotted id, a subject on a catalog command", () => {
    refused({ type: "declareSpecialCategory", data: { category: "health.", description: "d" } }, ["data.category"]);
    refused({ type: "declareSpecialCategory", subject: S, data: { category: "health", description: "d" } }, ["subject"]);
  });

  test("from its instant the value of that category needs a condition of Art. 9(2) for every use", () => {
    const h = [...history(), staffPolicy()];
    const use = { subject: S, purpose: "sales", fields: ["email"], actor: staff };
    given(h).thenDecision({ ...use, at: T2 }, { allowed: true, basis: "contract" });
    given(h)
      .whenUnknown({ type: "declareSpecialCategory", at: T2, data: { category: "contact", description: "d" } })
      .thenDecision({ ...use, at: T2 }, { allowed: false, reasons: ["NO_SPECIAL_CONDITION"] })
      .thenDecision({ ...use, at: T1 }, { allowed: true, basis: "contract" });
  });
});

describe("recordSpecialCondition", () => {
  test("accepted with its explicit consent, and the use it lifts is allowed", () => {
    const h = [...history(), staffPolicy(), declareHealth];
    const data = { condition: "A9-2-e", categories: ["contact"], purposes: ["sales"], reference: "public-profile-1", until: "2025-01-01T00:00:00Z" };
    given(h)
      .whenUnknown(cmd("recordSpecialCondition", data))
      .then([{ id: "id-1", type: "SpecialConditionRecorded", at: T2, subject: S, data }])
      .thenDecision({ subject: S, purpose: "sales", fields: ["email"], actor: staff, at: T2 }, { allowed: true, basis: "contract" });
    given(h).whenUnknown(cmd("recordSpecialCondition", explicit)).then([{ id: "id-1", type: "SpecialConditionRecorded", at: T2, subject: S, data: explicit }]);
  });

  test("a reference may be recorded again (a renewed condition)", () => {
    const h = [...history(), { id: "sc-1", type: "SpecialConditionRecorded", at: T1, subject: S, data: explicit }];
    given(h).whenUnknown(cmd("recordSpecialCondition", explicit)).then([{ id: "id-1", type: "SpecialConditionRecorded", at: T2, subject: S, data: explicit }]);
  });

  test("an explicit consent that exists but is not effective is accepted, as replay accepts it (the decision says why)", () => {
    const h = [...history(), staffPolicy(), declareHealth, { id: "w", type: "ConsentWithdrawn", at: T1, subject: S, data: { consent: "k1", channel: "web" } }];
    const w = given(h).whenUnknown(cmd("recordSpecialCondition", { ...explicit, purposes: ["marketing"] }));
    expect(w.result._tag).toBe("Right");
  });

  test("INVALID_COMMAND: A9-2-a without its consent; another point with one; an unknown point; empty lists; a bad until", () => {
    refused(cmd("recordSpecialCondition", { ...explicit, consent: undefined }), ["data.consent"]);
    refused(cmd("recordSpecialCondition", { ...explicit, condition: "A9-2-h" }), ["data.consent"]);
    refused(cmd("recordSpecialCondition", { ...explicit, condition: "A9-2-z", consent: undefined }), ["data.condition"]);
    refused(cmd("recordSpecialCondition", { ...explicit, categories: [], purposes: [], until: "soon" }), ["data.categories", "data.purposes", "data.until"]);
    // The reference is never generated: it names what the condition rests on.
    refused(cmd("recordSpecialCondition", { ...explicit, reference: undefined }), ["data.reference"]);
    refused({ type: "recordSpecialCondition", data: explicit }, ["subject"]);
  });

  test("WOULD_BE_REJECTED: an explicit consent the person does not have (UNKNOWN_CONSENT), also another person's", () => {
    for (const c of [cmd("recordSpecialCondition", { ...explicit, consent: "k9" }), cmd("recordSpecialCondition", explicit, { subject: "ben" })]) {
      const w = given(history()).whenUnknown(c).then(["WOULD_BE_REJECTED"]);
      const replayed = replay([...history(), { id: "x", type: "SpecialConditionRecorded", at: T2, subject: c["subject"], data: c["data"] }]);
      expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "UNKNOWN_CONSENT", path: "", reason: replayed.rejected[0]!.reason });
      expect(replayed.rejected[0]!.code).toBe("UNKNOWN_CONSENT");
    }
  });

  test("a consent granted later in time but earlier in the log is known: accepted", () => {
    const h = [...history(), { id: "e-k2", type: "ConsentGranted", at: "2024-06-01T00:00:00Z", subject: S, data: { consent: "k2", purposes: ["sales"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "f" } }];
    expect(given(h).whenUnknown(cmd("recordSpecialCondition", { ...explicit, consent: "k2" })).result._tag).toBe("Right");
  });
});

describe("endSpecialCondition", () => {
  const recorded: Ev = { id: "sc-1", type: "SpecialConditionRecorded", at: T1, subject: S, data: { condition: "A9-2-h", categories: ["contact"], purposes: ["sales"], reference: "care-1" } };

  test("accepted, and the condition no longer holds from its instant", () => {
    const h = [...history(), staffPolicy(), declareHealth, recorded];
    const use = { subject: S, purpose: "sales", fields: ["email"], actor: staff };
    given(h).thenDecision({ ...use, at: T2 }, { allowed: true, basis: "contract" });
    given(h)
      .whenUnknown(cmd("endSpecialCondition", { reference: "care-1" }))
      .then([{ id: "id-1", type: "SpecialConditionEnded", at: T2, subject: S, data: { reference: "care-1" } }])
      .thenDecision({ ...use, at: T2 }, { allowed: false, reasons: ["NO_SPECIAL_CONDITION"] })
      .thenDecision({ ...use, at: "2024-02-29T23:59:59.999Z" }, { allowed: true, basis: "contract" });
  });

  test("WOULD_BE_REJECTED: an unknown reference (UNKNOWN_REFERENCE); a legal basis's reference is another namespace", () => {
    // ref-1 is the reference of anna's contract (a LegalBasisRecorded), not of a condition.
    for (const c of [cmd("endSpecialCondition", { reference: "ref-1" }), cmd("endSpecialCondition", { reference: "care-1" }, { subject: "ben" })]) {
      const w = given([...history(), recorded]).whenUnknown(c).then(["WOULD_BE_REJECTED"]);
      expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "UNKNOWN_REFERENCE", path: "" });
    }
    // And a condition's reference does not end a legal basis.
    const w = given([...history(), recorded]).whenUnknown(cmd("endLegalBasis", { reference: "care-1" })).then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "UNKNOWN_REFERENCE" });
  });

  test("INVALID_COMMAND: an empty reference", () => {
    refused(cmd("endSpecialCondition", { reference: "" }), ["data.reference"]);
  });

  test("decide is pure: the same command on the same ledger gives the same events", () => {
    const l = replay([...history(), recorded]);
    const ctx = { now: () => T2, newId: () => "n-1" };
    expect(decideUnknown(cmd("endSpecialCondition", { reference: "care-1" }), l, ctx)).toEqual(decideUnknown(cmd("endSpecialCondition", { reference: "care-1" }), l, ctx));
  });
});
