/**
 * The examples and sentences of docs/commands.md (rendered by reference.ts).
 * Typed by command, so that a new command without an example, a description
 * or a refusal code without its meaning is a compile error, and each accepted
 * example is a well-typed `CommandOf` its type.
 */
import type { CommandErrorCode, CommandOf, CommandType } from "../../src/index.js";

/** A change to the accepted example, by dotted path; `undefined` removes the key. */
export type Change = Readonly<Record<string, unknown>>;

/** The `now` of every example. */
export const NOW = "2024-03-01T09:00:00Z";

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";

/** The history every example is decided against. */
export const HISTORY: readonly Record<string, unknown>[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
  { id: "c2", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Orders and invoices", legalBases: ["contract", "legitimate-interests"] } },
  { id: "c3", type: "PurposeDeclared", at: T0, data: { purpose: "crm.import", description: "Importing contacts from social networks", legalBases: ["consent"] } },
  { id: "c4", type: "PurposeDeclared", at: T0, data: { purpose: "marketing.postal", description: "Postal mailings", legalBases: ["consent"] } },
  { id: "c5", type: "PurposeRetired", at: "2024-01-15T00:00:00Z", data: { purpose: "marketing.postal" } },
  { id: "c6", type: "NoticePublished", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing.email", "sales", "crm.import"] } },
  { id: "c7", type: "SourceRegistered", at: T0, data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { id: "c8", type: "SourceRegistered", at: T0, data: { source: "linkedin", kind: "social-network", assessment: "DPIA-2024-02", importConsentPurpose: "crm.import" } },
  { id: "c9", type: "AccountLinked", at: T0, data: { account: "li:bob", employee: "bob", source: "linkedin", onDeparture: "keep-company-contacts" } },
  { id: "c10", type: "AccessPolicyGranted", at: T0, data: { policy: "sales-team", role: "sales", purposes: ["sales"], categories: ["contact"] } },
  { id: "a1", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
  { id: "a2", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f2", field: "phone", value: "+49 30 1234567", category: "contact.phone", source: "web-form", purposes: ["sales"], basis: "contract" } },
  { id: "a3", type: "FactErased", at: "2024-02-10T00:00:00Z", subject: "anna", data: { fact: "f2", reason: "Art. 17 request of 2024-02-09" } },
  { id: "a4", type: "ConsentGranted", at: T1, subject: "anna", data: { consent: "k1", purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-123" } },
  { id: "a5", type: "LegalBasisRecorded", at: T1, subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "order-42" } },
  { id: "a6", type: "SpecialConditionRecorded", at: T1, subject: "anna", data: { condition: "A9-2-a", categories: ["health"], purposes: ["marketing.email"], reference: "explicit-2024", consent: "k1" } },
  { id: "w1", type: "FactRecorded", at: T1, subject: "anna-web", data: { fact: "f7", field: "email", value: "a.schmidt@example.org", category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
  { id: "legacy-17", type: "FactRecorded", at: T1, subject: "ben", data: { field: "email", value: "ben@example.org" } },
];

/** What each command is for. */
export const ABOUT: Readonly<Record<CommandType, string>> = {
  recordFact:
    "Records one value of a field about a person (an email address, a phone number) with its provenance: the `source` (and the employee's linked `account`, for a social network), the purposes it is collected for and the legal basis of its collection. A fact whose origin cannot be traced, or whose collection would be unlawful, is refused before it enters the log.",
  correctFact: "Corrects the value of a fact (GDPR Art. 16), with the correction's own source; the fact keeps its purposes and basis.",
  eraseFact:
    "Erases one fact (`fact`) or every fact of a field (`field`): exactly one of the two (GDPR Art. 17). The value is gone from every reading after it; the history keeps that, when and why it was erased.",
  grantConsent:
    "Records a consent: its purposes, the notice version shown, how it was captured and the evidence (GDPR Art. 4(11), 7(1)). Only an active act of will on a published notice that describes every purpose is accepted.",
  confirmConsent: "Confirms a consent (double opt-in: the owner of the address confirmed it), with the evidence.",
  withdrawConsent: "Withdraws one consent (`consent`), or every earlier consent for some purposes (`purposes`): at least one of the two. Not retroactive (GDPR Art. 7(3)).",
  recordLegalBasis:
    "Records a legal basis other than consent for purposes (a contract, a legal obligation, legitimate interests…; GDPR Art. 6(1)(b)–(f)) under a `reference` (the contract, the assessment), optionally `until` an instant.",
  endLegalBasis: "Ends every earlier legal basis of the person recorded under this `reference`.",
  raiseObjection: "The person objects to processing for purposes (GDPR Art. 21).",
  withdrawObjection: "The person lifts their own objection for purposes, with the evidence.",
  restrictProcessing: "Processing of the person's data is restricted, with the reason (GDPR Art. 18).",
  liftRestriction: "The restriction of processing is lifted.",
  informSubject: "Records that the person was informed with a notice version, including of the origin of their data from these `sources` (GDPR Art. 14).",
  declarePurpose:
    "Declares a purpose of processing (a dotted id: `marketing.email` is under `marketing`) with its legal bases and, optionally, its retention, whether its origin must be disclosed, whether consent needs a double opt-in, a maximum age of consent and whether it is direct marketing. Declaring it again re-declares it from the command's `at` on.",
  retirePurpose: "Retires a purpose and its descendants: facts can no longer be collected for it.",
  assessCompatibility: "Records a compatibility assessment from one purpose to another (GDPR Art. 6(4)).",
  publishNotice: "Publishes a version of a notice with the purposes it describes: a consent given on it is informed for those purposes.",
  registerSource:
    "Registers a source of facts (a form, an import, a social network…) with the reference of the assessment made before enabling it; with `importConsentPurpose`, a fact imported from it needs the person's consent for that purpose.",
  retireSource: "Retires a source: facts recorded from it afterwards are refused.",
  grantAccess: "Grants a role the use of data categories for purposes (GDPR Art. 5(1)(f), 25, 32).",
  revokeAccess: "Revokes an access policy.",
  linkAccount: "Links an employee's own social account to the CRM for a source, with what becomes of its facts when the employee leaves (`onDeparture`).",
  recordDeparture: "Records that an employee left: the facts of their linked accounts are then kept, kept for company contacts only, or no longer usable, as each link agreed.",
  declareSpecialCategory:
    "Declares a data category special (GDPR Art. 9(1): health, religion, trade union membership, political opinions…): from its `at`, a value of that category or of a dotted descendant also needs a condition of Art. 9(2) for every use. It cannot be retired.",
  recordSpecialCondition:
    "Records a condition of GDPR Art. 9(2) (`A9-2-a` explicit consent … `A9-2-j`) for the person's data of some special categories and some purposes, under a `reference`; `A9-2-a` names the explicit consent (`consent`), the other points none.",
  endSpecialCondition: "Ends every condition of Art. 9(2) of the person recorded under `reference` before it.",
  mergeSubjects:
    "Merges a duplicate record of the same person (`from`) into the command's `subject`, the survivor: from the command's `at`, the survivor is answered from both histories together, and `from` only as merged. Refused when `from` is the survivor, has no event by then, either is merged away already, or the two histories share a fact or consent id (`MERGE_INVALID`).",
  voidEvent: "Voids a rejected item earlier in the log, named by its `event` id or its `position` (at least one): a repair of the log, not a business fact.",
};

/** What each refusal code means. */
export const CODE_MEANING: Readonly<Record<CommandErrorCode, string>> = {
  INVALID_COMMAND:
    "The command is malformed: not an object, an unknown `type`, a `subject` on a catalog command or none on a person's command, a missing or wrong field, an `at` (or a `now()`) that is not an ISO 8601 UTC timestamp. One error per wrong field, each with its `path`.",
  WOULD_BE_REJECTED:
    "Replay would reject the event: an `id` the log already holds (`ID_CONFLICT`), a fact, consent or legal-basis reference the person does not have, a fact already erased, a fact or consent id already used, nothing to erase, a void of an item that was not rejected. The error also carries the `reject` code and the `reason` replay would give.",
  SOURCE_NOT_REGISTERED:
    "The source of the fact (or of the correction) is not registered, or is retired, at the command's `at`: the person could not be told where their data came from (GDPR Art. 14(2)(f), 15(1)(g)).",
  ACCOUNT_NOT_LINKED: "The fact names an `account` that is not linked for its source at `at`.",
  UNKNOWN_PURPOSE: "A purpose named by a fact or a consent is not declared at `at`: purposes are specified before collection (GDPR Art. 5(1)(b)). One error per purpose.",
  PURPOSE_RETIRED: "A purpose the fact is collected for is retired at `at`.",
  BASIS_NOT_DECLARED: "None of the fact's purposes declares its legal basis (GDPR Art. 6(1)).",
  NO_CONSENT_FOR_COLLECTION: "The fact rests on consent, and the person has no consent valid for collection for its purposes at `at` (GDPR Art. 6(1)(a), 7).",
  IMPORT_NEEDS_CONSENT: "The fact comes from a source registered with an `importConsentPurpose`, and the person has no consent valid for that purpose at `at`.",
  CONSENT_NOT_ACTIVE:
    "The consent was captured in a way that is not an active act of will (`pre-ticked`, `implied`, `hidden`, `bundled`): it would be ineffective (GDPR Recital 32, CJEU C-673/17 Planet49).",
  CONSENT_UNINFORMED: "The consent was given on a notice version that is not published, or that does not describe one of its purposes (GDPR Art. 4(11), 7(2)).",
};

interface Examples<C extends CommandType> {
  /** Accepted against the example history. */
  readonly accepted: CommandOf<C>;
  /** Each refusal code the command can give, with the change that makes the accepted example give it (and only it). */
  readonly refused: readonly { readonly code: CommandErrorCode; readonly change: Change }[];
}

/** A used event id: replay would reject the event (`ID_CONFLICT`). */
const reusedId = { code: "WOULD_BE_REJECTED", change: { id: "a1" } } as const;

export const EXAMPLES: { readonly [C in CommandType]: Examples<C> } = {
  recordFact: {
    accepted: { type: "recordFact", subject: "anna", data: { field: "company", value: "ACME GmbH", category: "contact.company", source: "web-form", purposes: ["sales"], basis: "contract" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.category": undefined } },
      { code: "WOULD_BE_REJECTED", change: { "data.fact": "f1" } },
      { code: "SOURCE_NOT_REGISTERED", change: { "data.source": "fax" } },
      { code: "ACCOUNT_NOT_LINKED", change: { "data.account": "li:bob" } },
      { code: "UNKNOWN_PURPOSE", change: { "data.purposes": ["sales", "billing"] } },
      { code: "PURPOSE_RETIRED", change: { "data.purposes": ["sales", "marketing.postal"] } },
      { code: "BASIS_NOT_DECLARED", change: { "data.basis": "legal-obligation" } },
      { code: "NO_CONSENT_FOR_COLLECTION", change: { subject: "carl", "data.purposes": ["marketing.email"], "data.basis": "consent" } },
      { code: "IMPORT_NEEDS_CONSENT", change: { "data.source": "linkedin", "data.account": "li:bob" } },
    ],
  },
  correctFact: {
    accepted: { type: "correctFact", subject: "anna", data: { fact: "f1", value: "anna.schmidt@example.org", source: "web-form" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.value": undefined } },
      { code: "WOULD_BE_REJECTED", change: { "data.fact": "f9" } },
      { code: "WOULD_BE_REJECTED", change: { "data.fact": "f2" } },
      { code: "SOURCE_NOT_REGISTERED", change: { "data.source": "phone-call" } },
    ],
  },
  eraseFact: {
    accepted: { type: "eraseFact", subject: "anna", data: { fact: "f1", reason: "Art. 17 request of 2024-02-28" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.field": "email" } },
      { code: "WOULD_BE_REJECTED", change: { "data.fact": "f9" } },
      { code: "WOULD_BE_REJECTED", change: { "data.fact": "f2" } },
      { code: "WOULD_BE_REJECTED", change: { "data.fact": undefined, "data.field": "phone" } },
    ],
  },
  grantConsent: {
    accepted: {
      type: "grantConsent",
      subject: "anna",
      data: { purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "double-opt-in", channel: "web", evidence: "form-456" },
    },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.method": "checkbox" } },
      { code: "WOULD_BE_REJECTED", change: { "data.consent": "k1" } },
      { code: "CONSENT_NOT_ACTIVE", change: { "data.method": "pre-ticked" } },
      { code: "UNKNOWN_PURPOSE", change: { "data.purposes": ["marketing.email", "profiling"] } },
      { code: "CONSENT_UNINFORMED", change: { "data.noticeVersion": "2" } },
    ],
  },
  confirmConsent: {
    accepted: { type: "confirmConsent", subject: "anna", data: { consent: "k1", evidence: "confirmation-link-789" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.evidence": undefined } },
      { code: "WOULD_BE_REJECTED", change: { "data.consent": "k9" } },
    ],
  },
  withdrawConsent: {
    accepted: { type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "unsubscribe-link" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.consent": undefined } },
      { code: "WOULD_BE_REJECTED", change: { "data.consent": "k9" } },
    ],
  },
  recordLegalBasis: {
    accepted: { type: "recordLegalBasis", subject: "anna", data: { basis: "legitimate-interests", purposes: ["sales"], until: "2025-03-01T00:00:00Z" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.basis": "consent" } }, reusedId],
  },
  endLegalBasis: {
    accepted: { type: "endLegalBasis", subject: "anna", data: { reference: "order-42" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.reference": "" } },
      { code: "WOULD_BE_REJECTED", change: { "data.reference": "order-99" } },
    ],
  },
  raiseObjection: {
    accepted: { type: "raiseObjection", subject: "anna", data: { purposes: ["marketing.email"], channel: "email" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.purposes": [] } }, reusedId],
  },
  withdrawObjection: {
    accepted: { type: "withdrawObjection", subject: "anna", data: { purposes: ["marketing.email"], channel: "phone", evidence: "call-2024-03-01" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.evidence": undefined } }, reusedId],
  },
  restrictProcessing: {
    accepted: { type: "restrictProcessing", subject: "anna", data: { reason: "Accuracy contested (GDPR Art. 18(1)(a))" } },
    refused: [{ code: "INVALID_COMMAND", change: { subject: undefined } }, reusedId],
  },
  liftRestriction: {
    accepted: { type: "liftRestriction", subject: "anna", data: { reason: "Accuracy verified" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.reason": 42 } }, reusedId],
  },
  informSubject: {
    accepted: { type: "informSubject", subject: "anna", data: { notice: "privacy", noticeVersion: "1", sources: ["web-form"] } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.sources": "web-form" } }, reusedId],
  },
  declarePurpose: {
    accepted: { type: "declarePurpose", data: { purpose: "marketing.sms", description: "Text messages", legalBases: ["consent"], doubleOptIn: true, retention: "P2Y" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.retention": "2 years" } }, reusedId],
  },
  retirePurpose: {
    accepted: { type: "retirePurpose", data: { purpose: "crm.import" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.purpose": "crm..import" } }, reusedId],
  },
  assessCompatibility: {
    accepted: { type: "assessCompatibility", data: { from: "sales", to: "marketing.email", compatible: false, rationale: "Customers do not expect newsletters from an order" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.compatible": "no" } }, reusedId],
  },
  publishNotice: {
    accepted: { type: "publishNotice", data: { notice: "privacy", version: "2", purposes: ["marketing.email", "sales"], language: "de" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.purposes": [] } }, reusedId],
  },
  registerSource: {
    accepted: { type: "registerSource", data: { source: "trade-fair", kind: "manual", assessment: "DPIA-2024-03" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.kind": "fair" } }, reusedId],
  },
  retireSource: {
    accepted: { type: "retireSource", data: { source: "linkedin" } },
    refused: [{ code: "INVALID_COMMAND", change: { subject: "anna" } }, reusedId],
  },
  grantAccess: {
    accepted: { type: "grantAccess", data: { role: "marketing", purposes: ["marketing.email"], categories: ["contact.email"] } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.categories": "contact.email" } }, reusedId],
  },
  revokeAccess: {
    accepted: { type: "revokeAccess", data: { policy: "sales-team" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.policy": undefined } }, reusedId],
  },
  linkAccount: {
    accepted: { type: "linkAccount", data: { account: "li:mia", employee: "mia", source: "linkedin", onDeparture: "erase" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.onDeparture": "delete" } }, reusedId],
  },
  recordDeparture: {
    accepted: { type: "recordDeparture", by: "hr-system", data: { employee: "bob" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.employee": "" } }, reusedId],
  },
  declareSpecialCategory: {
    accepted: { type: "declareSpecialCategory", data: { category: "health", description: "Data concerning health (GDPR Art. 9(1))" } },
    refused: [{ code: "INVALID_COMMAND", change: { "data.category": "health." } }, reusedId],
  },
  recordSpecialCondition: {
    accepted: {
      type: "recordSpecialCondition",
      subject: "anna",
      data: { condition: "A9-2-a", categories: ["health"], purposes: ["marketing.email"], reference: "explicit-2024-03", consent: "k1" },
    },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.consent": undefined } },
      { code: "WOULD_BE_REJECTED", change: { "data.consent": "k9" } },
    ],
  },
  endSpecialCondition: {
    accepted: { type: "endSpecialCondition", subject: "anna", data: { reference: "explicit-2024" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.reference": "" } },
      { code: "WOULD_BE_REJECTED", change: { "data.reference": "order-42" } },
    ],
  },
  mergeSubjects: {
    accepted: { type: "mergeSubjects", subject: "anna", data: { from: "anna-web", reason: "The same person, entered from the web form twice" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.from": "" } },
      { code: "WOULD_BE_REJECTED", change: { "data.from": "anna" } },
    ],
  },
  voidEvent: {
    accepted: { type: "voidEvent", data: { event: "legacy-17", reason: "Imported for the wrong person; re-recorded" } },
    refused: [
      { code: "INVALID_COMMAND", change: { "data.event": undefined } },
      { code: "WOULD_BE_REJECTED", change: { "data.event": "c1" } },
    ],
  },
};
