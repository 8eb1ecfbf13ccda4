import { describe, expect, it } from "vitest";
import { accessPolicyFromVocabulary, fromDpv, fromFideslang, replay } from "../../src/index.js";
import { fidesTaxonomy, fixture } from "./fixtures.js";

const AT = "2024-01-01T00:00:00Z";
const fides = fromFideslang(fidesTaxonomy(), { at: AT, idPrefix: "fides:" });
if (fides._tag === "Left") throw new Error(fides.left.message);
const vocabulary = fides.right;

describe("accessPolicyFromVocabulary", () => {
  it("makes the AccessPolicyGranted event when every category is one of the vocabulary's", () => {
    const r = accessPolicyFromVocabulary(vocabulary, { policy: "p1", role: "sales", purposes: ["sales", "marketing.email"], categories: ["user.contact", "user.contact.email"] }, { at: AT, id: "g1", by: "dpo" });
    expect(r).toEqual({
      _tag: "Right",
      right: { id: "g1", type: "AccessPolicyGranted", at: AT, by: "dpo", data: { policy: "p1", role: "sales", purposes: ["sales", "marketing.email"], categories: ["user.contact", "user.contact.email"] } },
    });
    if (r._tag === "Right") {
      expect(Object.isFrozen(r.right)).toBe(true);
      expect(replay([r.right]).rejected).toEqual([]);
    }
  });

  it("names every category the vocabulary does not have (a typo would grant nothing without a word)", () => {
    const r = accessPolicyFromVocabulary(vocabulary, { policy: "p1", role: "sales", purposes: ["sales"], categories: ["user.contct", "user", "contact.email"] }, { at: AT, id: "g1" });
    expect(r).toEqual({ _tag: "Left", left: { code: "NOT_IN_VOCABULARY", message: 'accessPolicyFromVocabulary(): "user.contct", "contact.email" are not data categories of this fideslang vocabulary.' } });
    // DPV purposes give no categories at all.
    const dpv = fromDpv(fixture("dpv/dpv-core/purposes.csv"), { at: AT, idPrefix: "" });
    if (dpv._tag === "Left") throw new Error(dpv.left.message);
    expect(accessPolicyFromVocabulary(dpv.right, { policy: "p", role: "r", purposes: ["marketing"], categories: ["user"] }, { at: AT, id: "g" })).toMatchObject({ left: { code: "NOT_IN_VOCABULARY" } });
    // No categories is a valid (empty) grant.
    expect(accessPolicyFromVocabulary(dpv.right, { policy: "p", role: "r", purposes: ["marketing"], categories: [] }, { at: AT, id: "g" })._tag).toBe("Right");
  });

  it("refuses what the wire format refuses, naming the field", () => {
    const grant = { policy: "p1", role: "sales", purposes: ["sales"], categories: ["user"] };
    expect(accessPolicyFromVocabulary(vocabulary, { ...grant, purposes: [] }, { at: AT, id: "g1" })).toMatchObject({ left: { code: "INVALID_INPUT", message: expect.stringContaining("data.purposes") } });
    expect(accessPolicyFromVocabulary(vocabulary, grant, { at: "now", id: "g1" })).toMatchObject({ left: { code: "INVALID_INPUT", message: expect.stringContaining("at:") } });
    expect(accessPolicyFromVocabulary(vocabulary, grant, { at: AT, id: "" })).toMatchObject({ left: { code: "INVALID_INPUT", message: expect.stringContaining("id:") } });
    expect(accessPolicyFromVocabulary(vocabulary, { ...grant, categories: "user" as never }, { at: AT, id: "g1" })).toMatchObject({ left: { code: "INVALID_INPUT", message: expect.stringContaining("grant.categories") } });
  });
});
