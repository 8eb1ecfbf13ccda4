/** The CRM history the restart test writes in one process and reads in others (commands, decided with a fixed clock). */
export interface Command {
  readonly type: string;
  readonly at: string;
  readonly subject?: string;
  readonly data: Record<string, unknown>;
}

const T0 = "2024-01-01T09:00:00Z";
export const HISTORY: readonly Command[] = [
  { type: "declarePurpose", at: T0, data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
  { type: "declarePurpose", at: T0, data: { purpose: "sales", description: "Sales", legalBases: ["contract"] } },
  { type: "publishNotice", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing.email", "sales"] } },
  { type: "registerSource", at: T0, data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { type: "grantAccess", at: T0, data: { policy: "marketing", role: "marketer", purposes: ["marketing.email"], categories: ["contact"] } },
  { type: "grantConsent", subject: "anna", at: "2024-02-01T09:00:00Z", data: { consent: "anna-news", purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-anna-7731" } },
  { type: "recordFact", subject: "anna", at: "2024-02-01T09:00:00Z", data: { fact: "anna-email", field: "email", value: "anna.berg@example.org", category: "contact.email", source: "web-form", sourceRef: "submission-anna-88", purposes: ["marketing.email"], basis: "consent" } },
  { type: "recordFact", subject: "anna", at: "2024-02-02T09:00:00Z", data: { fact: "anna-city", field: "city", value: "Uppsala", category: "contact.address", source: "web-form", purposes: ["marketing.email"], basis: "consent" } },
  { type: "grantConsent", subject: "ben", at: "2024-02-03T09:00:00Z", data: { consent: "ben-news", purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-ben-1204" } },
  { type: "recordFact", subject: "ben", at: "2024-02-03T09:00:00Z", data: { fact: "ben-email", field: "email", value: "ben.kowalski@example.org", category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } },
  { type: "correctFact", subject: "ben", at: "2024-03-01T09:00:00Z", data: { fact: "ben-email", value: "ben.k@example.org", source: "web-form", sourceRef: "ticket-ben-5" } },
];

/** The plaintexts of the history's sealed fields, which must never be found in the database. */
export const SECRETS: Record<string, readonly string[]> = {
  anna: ["anna.berg@example.org", "submission-anna-88", "Uppsala", "form-anna-7731"],
  ben: ["ben.kowalski@example.org", "ben.k@example.org", "ticket-ben-5", "form-ben-1204"],
};
