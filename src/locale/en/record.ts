/** The English record of processing activities (the library's original wording). */
import type { ProcessingRecordMessages } from "../recordTypes.js";

/** The English sentences of the record of processing activities. */
export const processingRecord: ProcessingRecordMessages = {
  title: "Record of processing activities (GDPR Art. 30)",
  asOf: (p) => `As of ${p.at}. Derived from the event ledger; the parts marked \`{{…}}\` are for the controller to supply.`,
  gap: (p) => `> **Gap:** data or consents name purposes that were never declared: ${p.purposes}.`,
  retired: " (retired)",
  hints: {
    controller: "Name and contact details of the controller and, where applicable, the joint controller, the representative and the data protection officer.",
    securityMeasures: "A general description of the technical and organisational security measures.",
    dataSubjectCategories: "The categories of data subjects (customers, prospects, newsletter subscribers, ...).",
    recipients: "The categories of recipients the data is disclosed to, including in third countries.",
    transfers: 'Transfers to a third country or international organisation, and their safeguards; or "none".',
  },
  labels: {
    controller: "Controller",
    securityMeasures: "Security measures",
    description: "Description",
    retiredAt: "Retired",
    legalBases: "Legal bases",
    retention: "Retention",
    rules: "Rules",
    categories: "Categories of personal data",
    sources: "Sources",
    access: "Roles with access",
    dataSubjects: "Categories of data subjects",
    recipients: "Recipients",
    transfers: "Transfers to third countries",
  },
  article: (a) => a,
  legalBasis: (p) => (p.article === undefined ? p.basis : `${p.basis} (${p.article}, ${p.gdpr ?? ""})`),
  yes: "yes",
  none: "none",
  retention: (p) => `${p.duration} (${p.words}) from recording`,
  notDeclared: "not declared",
  directMarketing: "direct marketing",
  doubleOptIn: "double opt-in required",
  consentMaxAge: (p) => `consent lasts at most ${p.duration}`,
  originDisclosure: "origin of data disclosed on use",
  noneHeld: "none held",
  category: (p) => `${p.category} (${p.values} value${p.values === 1 ? "" : "s"}, ${p.persons} person${p.persons === 1 ? "" : "s"})`,
  source: (p) =>
    `${p.source}${p.kind !== undefined ? ` (${p.kind}` : " (unregistered"}${p.assessment !== undefined ? `, assessment ${p.assessment}` : ""}${p.registered ? "" : ", not in force"})`,
  access: (p) => `${p.role} (policy ${p.policy}: ${p.categories.join(", ") || "no categories"})`,
};
