/** The English sentence of each reason code (the library's original wording). */
import { quoteJson } from "../../_internal/text.js";
import type { ConsentFailureWhy, ErasureMessages, QueryProblem, ReasonMessages, SpecialConditionProblem, UnknownSourceProblem, UnlawfulCollectionProblem } from "../types.js";

/** A value quoted as JSON. */
const q = quoteJson;

/** What is wrong with a query, in English (also the text of `InvalidQuery` values, which are for programmers). */
export function queryProblem(p: QueryProblem): string {
  switch (p.kind) {
    case "not-object":
      return "the query must be an object { subject, purpose, fields, actor, at }.";
    case "subject":
      return "subject must be a non-empty string.";
    case "purpose":
      return `purpose must be a dotted purpose id like marketing.email, got ${p.got}.`;
    case "fields":
      return "fields must be a non-empty array of field names.";
    case "field":
      return "every field must be a non-empty string.";
    case "actor":
      return "actor must be an object { id, roles }.";
    case "actor-id":
      return "actor.id must be a non-empty string.";
    case "actor-roles":
      return "actor.roles must be an array of role names.";
    case "at":
      return `at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got ${p.got}.`;
    case "unreadable":
      return `${p.what} could not be read: ${p.thrown !== undefined ? `reading it threw ${p.thrown}` : "it nests deeper than 512 levels (or refers to itself)"}.`;
  }
}

function unknownSource(p: UnknownSourceProblem): string {
  switch (p.kind) {
    case "unregistered":
      return `its source ${q(p.source)} was not registered and in force when it was recorded on ${p.at}`;
    case "correction-unregistered":
      return `the correction that set its current value came from ${q(p.source)}, which was not registered and in force on ${p.at}`;
    case "account-not-linked":
      return `it names account ${q(p.account)}, which was not linked for source ${q(p.source)} when it was recorded`;
  }
}

function unlawful(p: UnlawfulCollectionProblem): string {
  switch (p.kind) {
    case "basis-not-declared":
      return `none of its collection purposes (${p.purposes.map(q).join(", ")}) declared the basis ${q(p.basis)} when it was recorded`;
    case "import-consent-missing":
      return `its source ${q(p.source)} needs the person's consent for ${q(p.purpose)} to import data, and there was none when it was recorded`;
    case "consent-missing":
      return "it was recorded on the basis of consent, and no valid consent covered its collection purposes when it was recorded";
  }
}

/** The English reason sentences. */
/** Why a consent an explicit-consent condition rests on is not effective: a clause after "which". */
function consentWhy(w: ConsentFailureWhy, purpose: string): string {
  switch (w.code) {
    case "CONSENT_NOT_ACTIVE":
      return `was captured as "${w.method}", which is not an active act of will`;
    case "CONSENT_UNINFORMED":
      return `was given on notice ${w.notice} version ${w.version}, which ${w.published ? `does not describe the purpose ${purpose}` : "had not been published by then"}`;
    case "CONSENT_UNCONFIRMED":
      return "was never confirmed, and the purpose requires double opt-in";
    case "CONSENT_WITHDRAWN":
      return `was withdrawn on ${w.at}`;
    case "CONSENT_EXPIRED":
      return w.expires !== undefined ? `expired on ${w.expires}` : `is older than the purpose's maximum consent age ${w.maxAge ?? ""}`;
  }
}

/** Why a condition of Art. 9(2) does not hold: a clause after "condition A9-2-x (reference ...)". */
function conditionProblem(p: SpecialConditionProblem): string {
  switch (p.kind) {
    case "ended":
      return `was ended on ${p.at}`;
    case "expired":
      return `lasted only until ${p.until}`;
    case "category-not-covered":
      return `is for ${p.categories.map(q).join(", ")}, which does not cover ${q(p.category)}`;
    case "purpose-not-covered":
      return `is for ${p.purposes.map(q).join(", ")}, which does not cover ${q(p.purpose)}`;
    case "consent-missing":
      return `rests on consent ${q(p.consent)}, which the person had not given by then`;
    case "consent-not-covering":
      return `rests on consent ${q(p.consent)}, which does not cover ${q(p.purpose)}`;
    case "consent-not-effective":
      return `rests on consent ${q(p.consent)}, which ${consentWhy(p.why, p.purpose)}`;
  }
}

/** The English sentences of the erasure work list's own grounds. */
export const erasure: ErasureMessages = {
  RETENTION_EXPIRED: (p) =>
    `The value of ${q(p.field)}, recorded on ${p.recordedAt} for ${p.purposes.map(q).join(", ")}, is past the retention of every purpose it was collected for since ${p.since} (GDPR Art. 5(1)(e), 17(1)(a)).`,
  OBJECTED: (p) => `The value of ${q(p.field)} was collected only for direct marketing (${p.purposes.map(q).join(", ")}), to which the person objected (GDPR Art. 17(1)(c), 21(2)).`,
};

export const reasons: ReasonMessages = {
  INVALID_QUERY: (p) => `The query is malformed: ${queryProblem(p.problem)}`,
  HISTORY_INCOMPLETE: (p) =>
    `The history of this person${p.catalog ? " or of the catalog" : ""} is incomplete: ${p.rejected} rejected event(s) have not been voided, so no decision can be trusted.`,
  UNKNOWN_SUBJECT: (p) => `Nothing is recorded about subject ${q(p.subject)} by ${p.at}.`,
  UNKNOWN_PURPOSE: (p) => `The purpose ${q(p.purpose)} was never declared by ${p.at}; undeclared processing is not permitted (GDPR Art. 5(1)(b)).`,
  PURPOSE_RETIRED: (p) => `The purpose ${q(p.purpose)} was retired${p.retiredAt !== undefined ? ` on ${p.retiredAt}` : ""} and is not in force at this time.`,
  ACCESS_DENIED: (p) =>
    "field" in p
      ? `No access policy in force for the roles of ${q(p.actor)} covers the purpose ${q(p.purpose)} and the category ${q(p.category)} of ${q(p.field)}.`
      : `No access policy in force for the roles ${p.roles.length > 0 ? p.roles.map(q).join(", ") : "(none)"} of ${q(p.actor)} covers the purpose ${q(p.purpose)} and the categories of the requested data.`,
  RESTRICTED: (p) => `Processing of this person's data has been restricted since ${p.since} (GDPR Art. 18) and the restriction has not been lifted.`,
  OBJECTED: (p) =>
    p.directMarketing
      ? `The person objected to direct marketing for ${p.objected.map(q).join(", ")} (GDPR Art. 21(2)), which covers ${q(p.purpose)}; the objection is absolute.`
      : `The person objected to processing for ${p.objected.map(q).join(", ")} (GDPR Art. 21), which affects ${q(p.purpose)}, and no contract, legal obligation or vital interest is established for it.`,
  NO_DATA: (p) => `No value of ${q(p.field)} was recorded for this person by ${p.at}.`,
  ERASED: (p) => `Every value of ${q(p.field)} was erased (GDPR Art. 17).`,
  UNKNOWN_SOURCE: (p) => `The origin of ${q(p.field)} cannot be traced: ${p.problems.map(unknownSource).join("; ")}.`,
  UNLAWFUL_COLLECTION: (p) =>
    `The value of ${q(p.field)} was collected unlawfully: ${p.problems.map(unlawful).join("; ")}. A consent given later does not heal this; record the fact again after a lawful basis exists.`,
  OWNER_DEPARTED: (p) =>
    p.agreement === "erase"
      ? `The value of ${q(p.field)} came through account ${q(p.account)} of employee ${q(p.employee)}, who left on ${p.leftAt}; the agreement is to erase those contacts.`
      : `The value of ${q(p.field)} came through account ${q(p.account)} of employee ${q(p.employee)}, who left on ${p.leftAt}; the agreement keeps only contacts marked as company contacts, and this one is not.`,
  COLLECTION_CONSENT_WITHDRAWN: (p) =>
    `The value of ${q(p.field)} is held on the strength of a consent that is no longer valid (withdrawn or expired); it may only be used under a legal obligation or public task and is due for erasure (GDPR Art. 17(1)(b)). Record it again under a basis that exists now.`,
  PURPOSE_INCOMPATIBLE: (p) =>
    `The value of ${q(p.field)} was collected for ${p.collectedFor.map(q).join(", ")}, which does not cover ${q(p.purpose)}; ${p.assessedIncompatible ? "a compatibility assessment found the use incompatible" : "no compatibility assessment allows the use"} and the person has not consented to it.`,
  NO_LEGAL_BASIS: (p) => `No legal basis for ${q(p.purpose)} (${p.bases.join(", ")}) is established for this person at this time (GDPR Art. 6(1)).`,
  CONSENT_NOT_ACTIVE: (p) => `Consent ${q(p.consent)} was captured as "${p.method}", which is not an active act of will, so it is not effective for ${q(p.purpose)}.`,
  CONSENT_UNINFORMED: (p) =>
    `Consent ${q(p.consent)} was given on notice ${p.notice} version ${p.version}, which ${p.published ? `does not describe the purpose ${p.purpose}` : "had not been published by then"}, so it is not effective for ${q(p.purpose)}.`,
  CONSENT_UNCONFIRMED: (p) => `Consent ${q(p.consent)} was never confirmed, and the purpose requires double opt-in, so it is not effective for ${q(p.purpose)}.`,
  CONSENT_WITHDRAWN: (p) => `Consent ${q(p.consent)} was withdrawn on ${p.withdrawnAt}, so it is not effective for ${q(p.purpose)}.`,
  CONSENT_EXPIRED: (p) =>
    `Consent ${q(p.consent)} ${"expires" in p ? `expired on ${p.expires}` : `is older than the purpose's maximum consent age ${p.maxAge}`}, so it is not effective for ${q(p.purpose)}.`,
  RETENTION_EXPIRED: (p) => `The value of ${q(p.field)}, recorded on ${p.recordedAt}, is past its retention period at this time (GDPR Art. 5(1)(e)).`,
  MERGED: (p) => `Subject ${q(p.from)} was merged into ${q(p.into)} at ${p.at}: its data is answered for as part of ${q(p.into)}'s.`,
  NO_SPECIAL_CONDITION: (p) => {
    const clauses = p.conditions.map((c) => `condition ${c.condition} (reference ${q(c.reference)}) ${c.problems.map(conditionProblem).join(", and ")}`);
    const why = clauses.length === 0 ? "no condition of Art. 9(2) is recorded for this person" : `no condition of Art. 9(2) holds: ${clauses.join("; ")}`;
    return `The value of ${q(p.field)} is of category ${q(p.category)}, a special category of personal data since ${p.since} (declared as ${q(p.declaredAs)}, GDPR Art. 9(1)); for its use for ${q(p.purpose)} ${why}.`;
  },
};
