/**
 * A rich CRM history for the transparency tests: one person (anna) with
 * values from a form, LinkedIn, XING (through an employee's account) and a
 * manual correction, an erasure, four consents (withdrawn, not active,
 * effective, expired), a contract, objections (lifted and in force), a
 * restriction that was lifted, a disclosure, uses; plus ben and carl for
 * the origin-disclosure work list. The report instant is `AT`; events after
 * it carry `LATE` markers that no report at `AT` may show.
 */
export type Ev = Record<string, unknown>;

export const AT = "2024-06-15T00:00:00Z";
const day = (d: string, time = "09:00:00") => `${d}T${time}Z`;
const T0 = day("2024-01-02");

const cat = (id: string, type: string, at: string, data: Ev): Ev => ({ id, type, at, data });
const sub = (id: string, type: string, at: string, subject: string, data: Ev, by?: string): Ev =>
  by === undefined ? { id, type, at, subject, data } : { id, type, at, subject, by, data };

export const catalog: Ev[] = [
  cat("c01", "PurposeDeclared", T0, { purpose: "marketing", description: "Direct marketing", legalBases: ["consent"], directMarketing: true }),
  cat("c02", "PurposeDeclared", T0, { purpose: "marketing.email", description: "E-mail newsletter", legalBases: ["consent"], doubleOptIn: true, originDisclosure: true, consentMaxAge: "P2Y", retention: "P2Y" }),
  cat("c03", "PurposeDeclared", T0, { purpose: "sales", description: "Sales contacts and contracts", legalBases: ["contract", "legitimate-interests"], retention: "P3Y" }),
  cat("c04", "PurposeDeclared", T0, { purpose: "support", description: "Customer support", legalBases: ["legitimate-interests"] }),
  cat("c05", "NoticePublished", T0, { notice: "privacy-notice", version: "2024-01", purposes: ["marketing", "marketing.email", "sales"], language: "en", textHash: "sha256:abc123" }),
  cat("c06", "SourceRegistered", T0, { source: "newsletter-form", kind: "form", assessment: "DPIA-2024-001" }),
  cat("c07", "SourceRegistered", T0, { source: "linkedin", kind: "social-network", assessment: "DPIA-2024-002" }),
  cat("c08", "SourceRegistered", T0, { source: "crm-manual", kind: "manual", assessment: "DPIA-2024-003" }),
  cat("c09", "SourceRegistered", T0, { source: "self-service", kind: "subject", assessment: "DPIA-2024-004" }),
  cat("c10", "SourceRegistered", T0, { source: "xing", kind: "social-network", assessment: "DPIA-2024-005" }),
  cat("c11", "AccessPolicyGranted", T0, { policy: "pol-marketing", role: "marketer", purposes: ["marketing"], categories: ["contact"] }),
  cat("c12", "AccessPolicyGranted", T0, { policy: "pol-sales", role: "sales", purposes: ["sales"], categories: ["contact", "professional"] }),
  cat("c13", "AccountLinked", day("2024-01-03"), { account: "xing:bob", employee: "bob", source: "xing", onDeparture: "keep-company-contacts" }),
];

export const anna: Ev[] = [
  sub("a01", "ConsentGranted", day("2024-02-01"), "anna", { consent: "k1", purposes: ["marketing.email"], notice: "privacy-notice", noticeVersion: "2024-01", method: "double-opt-in", channel: "web", evidence: "form-post-8812" }),
  sub("a02", "FactRecorded", day("2024-02-01"), "anna", { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "newsletter-form", sourceRef: "submission-8812", purposes: ["marketing.email", "sales"], basis: "consent" }, "newsletter-form"),
  sub("a03", "ConsentConfirmed", day("2024-02-01", "09:05:00"), "anna", { consent: "k1", evidence: "confirm-link-8812" }),
  sub("a04", "LegalBasisRecorded", day("2024-02-10"), "anna", { basis: "contract", purposes: ["sales"], reference: "contract-2024-17", until: "2026-02-10T00:00:00Z" }),
  sub("a05", "FactRecorded", day("2024-02-10"), "anna", { fact: "f2", field: "employer", value: "ACME GmbH", category: "professional.employer", source: "linkedin", sourceRef: "linkedin.com/in/anna", purposes: ["sales"], basis: "contract" }, "carla"),
  sub("a06", "FactCorrected", day("2024-03-01"), "anna", { fact: "f2", value: "ACME Holding GmbH", source: "crm-manual", sourceRef: "call-2024-03-01" }, "carla"),
  sub("a07", "FactRecorded", day("2024-03-02"), "anna", { fact: "f3", field: "phone", value: "+49 30 1234567", category: "contact.phone", source: "xing", account: "xing:bob", purposes: ["sales"], basis: "legitimate-interests" }, "bob"),
  sub("a08", "UseRecorded", day("2024-03-05"), "anna", { purpose: "marketing.email", fields: ["email"], actor: "mia", roles: ["marketer"], bases: [{ field: "email", legalBasis: "consent", eventIds: ["a01", "a03"] }] }, "mia"),
  sub("a09", "SubjectInformed", day("2024-03-10"), "anna", { notice: "privacy-notice", noticeVersion: "2024-01", sources: ["linkedin"] }),
  sub("a10", "FactErased", day("2024-03-20"), "anna", { fact: "f3", reason: "number no longer valid" }),
  sub("a11", "ConsentGranted", day("2024-04-01"), "anna", { consent: "k2", purposes: ["marketing"], notice: "privacy-notice", noticeVersion: "2024-01", method: "pre-ticked", channel: "partner-site", evidence: "partner-batch-7" }),
  sub("a12", "ObjectionRaised", day("2024-04-15"), "anna", { purposes: ["marketing"], channel: "letter" }),
  sub("a13", "ConsentWithdrawn", day("2024-05-01"), "anna", { consent: "k1", channel: "unsubscribe-link", evidence: "mail-log-889" }),
  sub("a14", "ProcessingRestricted", day("2024-05-10"), "anna", { reason: "accuracy of employer contested" }),
  sub("a15", "RestrictionLifted", day("2024-05-20"), "anna", { reason: "employer verified" }),
  sub("a16", "UseRecorded", day("2024-05-21"), "anna", { purpose: "sales", fields: ["email", "employer"], actor: "carla", roles: ["sales"], bases: [{ field: "email", legalBasis: "contract", eventIds: ["a04"] }, { field: "employer", legalBasis: "contract", eventIds: ["a04"] }] }, "carla"),
  sub("a17", "ObjectionRaised", day("2024-05-25"), "anna", { purposes: ["support"], channel: "phone" }),
  sub("a18", "ObjectionWithdrawn", day("2024-06-01"), "anna", { purposes: ["marketing"], channel: "e-mail", evidence: "mail-2024-06-01" }),
  sub("a19", "ConsentGranted", day("2024-06-02"), "anna", { consent: "k3", purposes: ["marketing.email"], notice: "privacy-notice", noticeVersion: "2024-01", method: "double-opt-in", channel: "web", evidence: "form-post-9001", expires: "2025-06-02T00:00:00Z" }),
  sub("a20", "ConsentConfirmed", day("2024-06-02", "09:10:00"), "anna", { consent: "k3", evidence: "confirm-link-9001" }),
  sub("a21", "ConsentGranted", day("2024-06-05"), "anna", { consent: "k4", purposes: ["marketing.email"], notice: "privacy-notice", noticeVersion: "2024-01", method: "opt-in", channel: "app", evidence: "app-tap-77", expires: "2024-06-10T00:00:00Z" }),
  sub("a22", "FactRecorded", day("2024-06-06"), "anna", { fact: "f5", field: "city", value: "Berlin", category: "contact.address", source: "self-service", purposes: ["sales"], basis: "contract" }),
];

export const others: Ev[] = [
  // ben: LinkedIn data never disclosed (overdue at AT).
  sub("b01", "FactRecorded", day("2024-03-01"), "ben", { fact: "fb1", field: "employer", value: "Beta AG", category: "professional.employer", source: "linkedin", purposes: ["sales"], basis: "legitimate-interests" }),
  // carl: XING data from 2024-06-01 (due 2024-07-01, not overdue at AT), and data he entered himself.
  sub("k01", "FactRecorded", day("2024-06-01"), "carl", { fact: "fc1", field: "phone", value: "+49 89 7654321", category: "contact.phone", source: "xing", purposes: ["sales"], basis: "legitimate-interests" }),
  sub("k02", "FactRecorded", day("2024-06-01"), "carl", { fact: "fc2", field: "email", value: "carl@example.org", category: "contact.email", source: "self-service", purposes: ["sales"], basis: "contract" }),
];

/** Events after AT: nothing of them may appear in a report at AT. */
export const late: Ev[] = [
  sub("LATE-1", "UseRecorded", day("2024-07-01"), "anna", { purpose: "sales", fields: ["email"], actor: "LATE-ACTOR", roles: ["sales"] }),
  sub("LATE-2", "FactRecorded", day("2024-07-02"), "anna", { fact: "LATE-FACT", field: "LATE-FIELD", value: "LATE-VALUE", category: "contact.other", source: "LATE-SOURCE", purposes: ["sales"], basis: "contract" }),
  sub("LATE-3", "ConsentWithdrawn", day("2024-07-03"), "anna", { consent: "k3", channel: "LATE-CHANNEL" }),
  sub("LATE-4", "SubjectInformed", day("2024-07-04"), "anna", { notice: "privacy-notice", noticeVersion: "2024-01", sources: ["xing", "crm-manual"] }),
  cat("LATE-5", "PurposeDeclared", day("2024-07-05"), { purpose: "sales", description: "LATE-DESCRIPTION", legalBases: ["contract"], retention: "P1Y" }),
  sub("LATE-6", "FactErased", day("2024-07-06"), "anna", { field: "email", reason: "LATE-REASON" }),
];

export const history: Ev[] = [...catalog, ...anna, ...others, ...late];
