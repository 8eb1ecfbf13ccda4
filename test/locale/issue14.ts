/**
 * A history with every part of issue 14 a report shows: a special category
 * and its conditions of Art. 9(2) (one ended), a second record merged into
 * the person's, and a value due for erasure. `h(tag)` is its free text, so
 * that the property tests can put generated values there.
 */
export const ISSUE14_AT = "2024-09-01T00:00:00Z";

export function issue14History(h: (tag: string) => string = (tag) => tag): { subject: string; from: string; log: Record<string, unknown>[] } {
  const T0 = "2024-01-01T00:00:00Z";
  const subject = h("anna");
  const from = h("anna-dup");
  const log: Record<string, unknown>[] = [
    { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "care", description: h("Care"), legalBases: ["contract", "consent"] } },
    { id: "c2", type: "PurposeDeclared", at: T0, data: { purpose: "news", description: h("Newsletter"), legalBases: ["consent"], retention: "P3M" } },
    { id: "c3", type: "SourceRegistered", at: T0, data: { source: h("web"), kind: "form", assessment: h("DPIA-1") } },
    { id: "c4", type: "SpecialCategoryDeclared", at: T0, data: { category: "health", description: h("Health data") } },
    { id: "c5", type: "NoticePublished", at: T0, data: { notice: h("privacy"), version: "1", purposes: ["care", "news"] } },
    { id: "e1", type: "FactRecorded", at: "2024-02-01T09:00:00Z", subject, data: { fact: "f1", field: h("diagnosis"), value: h("flu"), category: "health.diagnosis", source: h("web"), purposes: ["care"], basis: "contract" } },
    { id: "e2", type: "LegalBasisRecorded", at: "2024-02-01T09:00:00Z", subject, data: { basis: "contract", purposes: ["care"], reference: h("contract-1") } },
    { id: "e3", type: "SpecialConditionRecorded", at: "2024-02-01T09:00:00Z", subject, data: { condition: "A9-2-h", categories: ["health"], purposes: ["care"], reference: h("care-1") } },
    { id: "e4", type: "SpecialConditionRecorded", at: "2024-02-02T09:00:00Z", subject, data: { condition: "A9-2-b", categories: ["health"], purposes: ["care"], reference: h("work-1") } },
    { id: "e5", type: "SpecialConditionEnded", at: "2024-03-01T09:00:00Z", subject, data: { reference: h("work-1") } },
    { id: "e6", type: "ConsentGranted", at: "2024-02-01T09:00:00Z", subject: from, data: { consent: h("k1"), purposes: ["news"], notice: h("privacy"), noticeVersion: "1", method: "opt-in", channel: h("web"), evidence: h("form-1") } },
    { id: "e7", type: "FactRecorded", at: "2024-02-01T09:00:00Z", subject: from, data: { fact: "f2", field: h("email"), value: h("anna@example.org"), category: "contact.email", source: h("web"), purposes: ["news"], basis: "consent" } },
    { id: "e8", type: "SubjectsMerged", at: "2024-04-01T09:00:00Z", subject, data: { from, reason: h("same person") } },
  ];
  return { subject, from, log };
}
