/**
 * The reports and the special categories of data (issue 14, GDPR Art. 9):
 * the access report shows the conditions of Art. 9(2) (Art. 15), the record
 * of processing lists the special categories each purpose uses and the
 * conditions relied on (Art. 30).
 */
import { describe, expect, it } from "vitest";
import { accessReport, processingRecord, renderAccessReport, renderProcessingRecord, replay } from "../../src/index.js";
import { base, basis, consent, fact, grantPolicy, T0, withdraw, type Ev } from "../decisions/helpers.js";
import { must } from "../must.js";

const at = "2024-06-01T00:00:00Z";
const sub = (id: string, type: string, when: string, data: Ev, subject = "s1"): Ev => ({ id, type, at: when, subject, data });
const history = (): Ev[] => [
  ...base(),
  grantPolicy("pol-health", T0, "health", "staff", ["sales"], ["health"]),
  { id: "sp-health", type: "SpecialCategoryDeclared", at: T0, data: { category: "health", description: "Data concerning health" } },
  fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", field: "allergy", category: "health.allergy", purposes: ["sales"], basis: "contract" }),
  fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "email", purposes: ["sales"], basis: "contract" }),
  fact("r3", "2024-02-02T00:00:00Z", { fact: "f3", field: "allergy", category: "health.allergy", purposes: ["sales"], basis: "contract", subject: "s2" }),
  basis("b1", "2024-02-01T00:00:00Z", "contract", ["sales"], "order-1"),
  consent("k9", "2024-02-03T00:00:00Z", { consent: "k9", purposes: ["sales"] }),
  sub("sc-a", "SpecialConditionRecorded", "2024-02-03T00:00:00Z", { condition: "A9-2-a", categories: ["health"], purposes: ["sales"], reference: "x-1", consent: "k9" }),
  sub("sc-h", "SpecialConditionRecorded", "2024-02-03T00:00:00Z", { condition: "A9-2-h", categories: ["health.allergy"], purposes: ["sales"], reference: "care-1", until: "2025-01-01T00:00:00Z" }),
  sub("sc-end", "SpecialConditionEnded", "2024-04-01T00:00:00Z", { reference: "care-1" }),
  sub("sc-s2", "SpecialConditionRecorded", "2024-02-03T00:00:00Z", { condition: "A9-2-h", categories: ["health"], purposes: ["sales"], reference: "care-2" }, "s2"),
];

describe("accessReport: the conditions of Art. 9(2)", () => {
  it("lists each condition with its categories, purposes, reference, consent and whether it stands", () => {
    const r = must(accessReport(replay(history()), "s1", { at }));
    expect(r.specialConditions).toEqual([
      { condition: "A9-2-a", categories: ["health"], purposes: ["sales"], reference: "x-1", consent: "k9", consentEffective: true, recordedAt: "2024-02-03T00:00:00Z", eventId: "sc-a", inForce: true },
      {
        condition: "A9-2-h",
        categories: ["health.allergy"],
        purposes: ["sales"],
        reference: "care-1",
        until: "2025-01-01T00:00:00Z",
        recordedAt: "2024-02-03T00:00:00Z",
        eventId: "sc-h",
        ended: { at: "2024-04-01T00:00:00Z", eventId: "sc-end" },
        inForce: false,
      },
    ]);
    expect(r.timeline.filter((t) => t.kind.startsWith("special-")).map((t) => [t.kind, t.eventId, t.reference])).toEqual([
      ["special-condition-recorded", "sc-a", "x-1"],
      ["special-condition-recorded", "sc-h", "care-1"],
      ["special-condition-ended", "sc-end", "care-1"],
    ]);
    // Its explicit consent withdrawn: the condition stands in time, its consent is no longer effective.
    const w = must(accessReport(replay([...history(), withdraw("w9", "2024-05-01T00:00:00Z", { consent: "k9" })]), "s1", { at }));
    expect(w.specialConditions[0]).toMatchObject({ inForce: true, consentEffective: false });
    // Before they were recorded, none.
    expect(must(accessReport(replay(history()), "s1", { at: "2024-02-02T00:00:00Z" })).specialConditions).toEqual([]);
  });

  it("renders them in plain words", () => {
    const md = renderAccessReport(must(accessReport(replay(history()), "s1", { at })), "markdown");
    expect(md).toContain("Conditions for sensitive data we rely on");
    expect(md).toContain("your explicit consent (GDPR Art. 9(2)(a)) (consent k9)");
    expect(md).toContain("health or social care (Art. 9(2)(h))");
    expect(md).toContain("ended on 1 April 2024");
    expect(md).toContain("We recorded the condition your explicit consent (GDPR Art. 9(2)(a)) for processing health data for");
  });
});

describe("processingRecord: special categories and the conditions relied on, per purpose", () => {
  it("counts the special categories held for each purpose and the conditions in force for it", () => {
    const record = must(processingRecord(replay(history()), { at }));
    const sales = record.activities.find((a) => a.purpose === "sales")!;
    expect(sales.specialCategories).toEqual([{ category: "health.allergy", facts: 2, subjects: 2 }]);
    // care-1 ended: only the explicit consent of s1 and the care condition of s2.
    expect(sales.specialConditions).toEqual([
      { condition: "A9-2-a", categories: ["health"], subjects: 1 },
      { condition: "A9-2-h", categories: ["health"], subjects: 1 },
    ]);
    const marketing = record.activities.find((a) => a.purpose === "marketing")!;
    expect(marketing.specialCategories).toEqual([]);
    expect(marketing.specialConditions).toEqual([]);
    const md = renderProcessingRecord(record);
    expect(md).toContain("- **Special categories of data (Art. 9):** health.allergy (2 values)");
    expect(md).toContain("- **Conditions relied on (Art. 9(2)):** A9-2-a for health (1 person), A9-2-h for health (1 person)");
  });
});
