import { BigSet } from "../_internal/bigmap.js";
import { ancestors } from "../_internal/dotted.js";
import { invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { catalogIncomplete, queryInstant, storeOf, viewOf, type Ledger, type Store } from "../ledger/index.js";
import { declarationOf } from "../purposes/index.js";
import { allowedChecked, decideChecked, decideUseIn } from "./canUse.js";
import { checkRead, isQueryProblem, queryProblemText, readQuery } from "./query.js";
import type { Actor, Decision, DecisionOptions, Obligation, Reason, UseQuery } from "./types.js";

/** Which requested fields may be used, and why the others may not. */
export interface UsableFields {
  /** The fields that may be used. */
  readonly usable: readonly string[];
  /** The fields that may not, each with every reason that denies it (subject-level reasons included). */
  readonly denied: readonly { readonly field: string; readonly reasons: readonly Reason[] }[];
  /** Obligations for using the usable fields. */
  readonly obligations: readonly Obligation[];
  /** The full decision for all requested fields. */
  readonly decision: Decision;
}

/**
 * Which of the requested fields may be used, for callers that can proceed
 * with part of the data; the others come with the reasons that deny them.
 *
 * @example
 * ```ts
 * import { usableFields, replay } from "lawful-crm";
 * const at = "2024-03-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "g1", type: "AccessPolicyGranted", at, data: { policy: "p1", role: "sales", purposes: ["sales"], categories: ["contact"] } },
 *   { id: "f1", type: "FactRecorded", at, subject: "c-1", data: { fact: "f1", field: "email", value: "c1@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 *   { id: "b1", type: "LegalBasisRecorded", at, subject: "c-1", data: { basis: "contract", purposes: ["sales"], reference: "order-42" } },
 * ]);
 * const r = usableFields(ledger, { subject: "c-1", purpose: "sales", fields: ["email", "phone"],
 *   actor: { id: "u-1", roles: ["sales"] }, at: "2024-03-01T00:00:00Z" });
 * console.log("usable:", r.usable, "denied:", r.denied.map((d) => d.field)); //=> usable: [ 'email' ] denied: [ 'phone' ]
 * const de = usableFields(ledger, { subject: "c-1", purpose: "sales", fields: ["phone"], actor: { id: "u-1", roles: ["sales"] }, at }, { locale: "de" });
 * console.log(de.denied[0]?.reasons[0]?.message); //=> Für „phone“ ist bis 2024-03-01T00:00:00Z kein Wert zu dieser Person erfasst.
 * ```
 */
export function usableFields(ledger: Ledger, query: UseQuery, options?: DecisionOptions): UsableFields {
  // The query and the options are each read once, under guard.
  const { decision, checked } = decideUseIn(ledger, query, options, "usableFields()");
  const subjectLevel = decision.reasons.filter((r) => r.field === undefined);
  const usable = decision.fields.filter((f) => f.allowed).map((f) => f.field);
  const denied = decision.fields
    .filter((f) => !f.allowed)
    .map((f) => Object.freeze({ field: f.field, reasons: Object.freeze([...subjectLevel, ...f.reasons]) }));
  let obligations: readonly Obligation[] = decision.obligations;
  if (!decision.allowed && usable.length > 0 && checked !== undefined) {
    // The query as read once (the caller's object is not read again).
    obligations = decideChecked(storeOf(ledger), ledger.size, { ...checked, fields: usable }).obligations;
  }
  return Object.freeze({ usable: Object.freeze(usable), denied: Object.freeze(denied), obligations, decision });
}

/** The campaign audience query. */
export interface AudienceQuery {
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly actor: Actor;
  readonly at: string;
}

/**
 * Every subject for whom the use is allowed at `at` (the campaign audience),
 * in code-unit order of their ids: exactly the subjects `canUse` allows.
 * Time is linear in the number of subjects, not in the length of the
 * history. A malformed query is answered with an `INVALID_QUERY` value
 * (`isInvalidQuery`), never with an empty audience that reads as "nobody".
 *
 * @example
 * ```ts
 * import { isInvalidQuery, replay, subjectsUsableFor } from "lawful-crm";
 * const at = "2024-02-01T00:00:00Z";
 * const consent = (subject: string, method: string) => ({ id: `k-${subject}`, type: "ConsentGranted", at, subject, data: { consent: `k-${subject}`,
 *   purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method, channel: "web", evidence: `form-${subject}` } });
 * const email = (subject: string) => ({ id: `f-${subject}`, type: "FactRecorded", at, subject, data: { fact: `f-${subject}`, field: "email",
 *   value: `${subject}@example.org`, category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } });
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
 *   { id: "n1", type: "NoticePublished", at, data: { notice: "privacy", version: "1", purposes: ["marketing.email"] } },
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "g1", type: "AccessPolicyGranted", at, data: { policy: "p1", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
 *   consent("anna", "opt-in"), email("anna"),
 *   consent("ben", "pre-ticked"), email("ben"), // a pre-ticked box is no consent
 * ]);
 * const audience = subjectsUsableFor(ledger, { purpose: "marketing.email", fields: ["email"],
 *   actor: { id: "campaign-bot", roles: ["marketer"] }, at: "2024-03-01T00:00:00Z" });
 * if (isInvalidQuery(audience)) throw new Error(audience.error.message);
 * console.log("audience:", audience); //=> audience: [ 'anna' ]
 * ```
 */
export function subjectsUsableFor(ledger: Ledger, query: AudienceQuery): readonly string[] | InvalidQuery {
  if (typeof query !== "object" || query === null) return invalidQuery("subjectsUsableFor(): the query must be an object { purpose, fields, actor, at }.");
  // Read once, under guard (a getter or Proxy trap may throw).
  const read = readQuery(query);
  if (!read.ok) return invalidQuery(`subjectsUsableFor(): ${read.message}.`);
  // The audience query is a use query without its subject: checked as one, with a stand-in subject.
  const cq = checkRead({ ...(read.value as object), subject: "-" });
  if (isQueryProblem(cq)) return invalidQuery(`subjectsUsableFor(): ${queryProblemText(cq)}`);
  const store = storeOf(ledger);
  const v = viewOf(store, ledger.size);
  // Denied for every subject alike: an incomplete catalog (HISTORY_INCOMPLETE), an undeclared purpose (UNKNOWN_PURPOSE).
  if (catalogIncomplete(v, cq.t) || declarationOf(v, cq.purpose, queryInstant(cq.t)) === undefined) return Object.freeze([]);
  const out: string[] = [];
  for (const subject of candidates(store, cq.purpose)) {
    // Only the verdict: what canUse's `allowed` would be, without building the decision.
    // A literal, not a spread of `cq`: one per candidate.
    if (allowedChecked(store, ledger.size, { subject, purpose: cq.purpose, fields: cq.fields, actorId: cq.actorId, roles: cq.roles, at: cq.at, t: cq.t })) out.push(subject);
  }
  out.sort();
  return Object.freeze(out);
}

/**
 * The subjects that can have a legal basis for `u`: a consent or a recorded
 * basis naming `u` or a purpose above it (GDPR Art. 6(1): without one, every
 * requested field is denied NO_LEGAL_BASIS or has no value). Exported for
 * the bench's count of them; not part of the package's API.
 */
export function candidates(store: Store, u: string): BigSet<string> {
  // Up to every person of the ledger: a plain Set stops at 2^24 entries.
  const out = new BigSet<string>();
  for (const p of [u, ...ancestors(u)]) for (const subject of store.basisPostings.get(p) ?? []) out.add(subject);
  return out;
}
