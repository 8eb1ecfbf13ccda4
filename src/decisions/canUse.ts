/**
 * `canUse`: the rules of src/consent, src/purposes, src/provenance,
 * src/bases, src/rights, src/facts and src/access composed into one decision.
 */
import { formatTimestamp } from "../_internal/time.js";
import { fieldState, singleFactState, type FieldState } from "../facts/index.js";
import { queryInstant, storeOf, subjectAt, viewOf, type FactState, type Instant, type Ledger, type Store, type SubjectState } from "../ledger/index.js";
import { undisclosedSources } from "../provenance/index.js";
import { attribute } from "../purposes/index.js";
import { fieldAccessReason, judgeAccess } from "./access.js";
import { fieldReasons, type FieldContext } from "./fields.js";
import { checkRead, invalidDecision, isQueryProblem, readQuery, type CheckedQuery } from "./query.js";
import { denyAll, freezeDecision } from "./reason.js";
import { standAloneReason } from "./standalone.js";
import { consentFailureReasons, subjectContext } from "./subject.js";
import type { Shape } from "../_internal/read.js";
import { inLanguage, readDecisionOptions, unreadableProblem } from "./say.js";
import type { Decision, DecisionOptions, FieldBasis, FieldDecision, Obligation, Reason, UseQuery } from "./types.js";
import { validUntilOf } from "./validity.js";

/**
 * The decision for a raw query, and the checked query when it was
 * well-formed (for callers that act on it). The query is read once, under
 * guard: one that throws when read is INVALID_QUERY, quoting the exception.
 */
export function decideQuery(ledger: Ledger, query: unknown): { readonly decision: Decision; readonly checked?: CheckedQuery } {
  const read = readQuery(query);
  if (!read.ok) return { decision: invalidDecision(undefined, unreadableProblem(read)) };
  const cq = checkRead(read.value);
  if (isQueryProblem(cq)) return { decision: invalidDecision(read.value, cq) };
  return { decision: decideChecked(storeOf(ledger), ledger.size, cq), checked: cq };
}

/** The decision for a checked query on a snapshot of `size` items. */
export function decideChecked(store: Store, size: number, cq: CheckedQuery): Decision {
  const v = viewOf(store, size);
  const i = queryInstant(cq.t);
  const u = cq.purpose;
  // issue 14: a survivor is read as its merged history at the query instant.
  const found = subjectAt(store, size, cq.subject, cq.t);
  const until = validUntilOf(v, cq.subject, found, cq.t);
  const head = until === Infinity ? { subject: cq.subject, purpose: u, at: cq.at } : { subject: cq.subject, purpose: u, at: cq.at, validUntil: formatTimestamp(until) };
  // Stand-alone reasons, first in this order.
  const alone = standAloneReason(store, size, cq.subject, u, cq.at, cq.t, found);
  if (alone !== undefined) return denyAll(head, cq.fields, alone);
  const s = found!;
  const { established, subjectLevel, hasEffectiveConsent } = subjectContext(v, s, u, i);
  const states = cq.fields.map((field) => ({ field, fs: fieldState(s, field, size, i) }));
  const access = judgeAccess(v, cq, states, i);
  if (access.denied !== undefined) subjectLevel.unshift(access.denied);

  const basis: FieldBasis | undefined = established[0] === undefined ? undefined : { legalBasis: established[0].basis, eventIds: established[0].eventIds };
  let consentReasons: Omit<Reason, "field">[] | undefined;
  const ctx: FieldContext = { established, hasEffectiveConsent, consentReasons: () => (consentReasons ??= consentFailureReasons(v, s, u, i)) };
  const fieldDecisions: FieldDecision[] = [];
  const allReasons: Reason[] = [...subjectLevel];
  const obligations: Obligation[] = [];
  const disclose = attribute(v, u, "originDisclosure", i) === true;
  for (const { field, fs } of states) {
    const rs: Reason[] = access.uncovered.has(field) && fs.current !== undefined ? [fieldAccessReason(cq, field, fs)] : [];
    fieldReasons(v, s, field, fs, u, i, cq.at, ctx, rs);
    const allowed = rs.length === 0 && subjectLevel.length === 0;
    fieldDecisions.push(allowed && basis !== undefined ? { field, allowed, basis: { legalBasis: basis.legalBasis, eventIds: [...basis.eventIds] }, reasons: rs } : { field, allowed, reasons: rs });
    allReasons.push(...rs);
    // GDPR Art. 14(2)(f), 15(1)(g): an allowed use of data from elsewhere obliges telling the person its origin.
    if (allowed && disclose) {
      const sources = undisclosedSources(v, s, fs, i);
      if (sources.length > 0) obligations.push({ code: "DISCLOSE_ORIGIN", field, sources });
    }
  }
  const allowed = allReasons.length === 0;
  const ob = allowed ? obligations : [];
  // One literal per shape, not a spread of `head` (a generic copy, measured in the profile of a decision); the same member order.
  return freezeDecision(
    until === Infinity
      ? { allowed, subject: cq.subject, purpose: u, at: cq.at, fields: fieldDecisions, reasons: allReasons, obligations: ob }
      : { allowed, subject: cq.subject, purpose: u, at: cq.at, validUntil: head.validUntil!, fields: fieldDecisions, reasons: allReasons, obligations: ob },
  );
}

/**
 * The `allowed` of {@link decideChecked} for the same query, without the
 * rest of the decision: the same rule functions in the same composition,
 * stopping at the first reason that denies. No `validUntil`, no obligations
 * (they do not decide whether a use is allowed) and no sentence of a reason
 * that is not reached: for the audience, which needs only the verdict of
 * each candidate.
 */
export function allowedChecked(store: Store, size: number, cq: CheckedQuery): boolean {
  const i = queryInstant(cq.t);
  const u = cq.purpose;
  const found = subjectAt(store, size, cq.subject, cq.t);
  if (standAloneReason(store, size, cq.subject, u, cq.at, cq.t, found) !== undefined) return false;
  const s = found!;
  const states = cq.fields.map((field) => ({ field, fs: fieldState(s, field, size, i) }));
  // A requested field without a current value is denied NO_DATA or ERASED.
  if (states.some((x) => x.fs.current === undefined)) return false;
  const v = viewOf(store, size);
  const { established, subjectLevel, hasEffectiveConsent } = subjectContext(v, s, u, i);
  if (subjectLevel.length > 0) return false;
  // Every requested field has a value: without an established basis each is denied NO_LEGAL_BASIS.
  if (established.length === 0 && states.length > 0) return false;
  const access = judgeAccess(v, cq, states, i);
  if (access.denied !== undefined || access.uncovered.size > 0) return false;
  const ctx: FieldContext = { established, hasEffectiveConsent, consentReasons: () => consentFailureReasons(v, s, u, i) };
  for (const { field, fs } of states) if (fieldReasons(v, s, field, fs, u, i, cq.at, ctx).length > 0) return false;
  return true;
}

/**
 * The reasons that deny using one fact `f` of subject `s` for purpose `u` at
 * `i`, judged as `canUse` judges the value of its field, access left out (a
 * source's assessment judges who collected the data, not who asks).
 */
export function judgeFact(store: Store, size: number, own: SubjectState, fact: FactState, u: string, i: Instant, at: string): Reason[] {
  // issue 14: a survivor's fact is judged in its merged history at `i` (a restriction, a withdrawal of the other record).
  const s = subjectAt(store, size, own.id, i.t) ?? own;
  const f = s.facts.get(fact.rec.e.data.fact) ?? fact;
  const alone = standAloneReason(store, size, s.id, u, at, i.t, s);
  if (alone !== undefined) return [alone];
  const v = viewOf(store, size);
  const ctx = subjectContext(v, s, u, i);
  const fs: FieldState = singleFactState(f, size, i);
  const fieldCtx: FieldContext = { established: ctx.established, hasEffectiveConsent: ctx.hasEffectiveConsent, consentReasons: () => consentFailureReasons(v, s, u, i) };
  return [...ctx.subjectLevel, ...fieldReasons(v, s, f.rec.e.data.field, fs, u, i, at, fieldCtx)];
}

/**
 * Answers "may this actor use these fields of this subject for this purpose
 * at time T?", deterministically, with every reason that applies and the
 * events each rests on. Fails closed: an incomplete history, an unknown
 * subject or purpose, a missing basis or a malformed query all deny.
 *
 * @example
 * ```ts
 * import { canUse, replay } from "lawful-crm";
 * const at = "2024-03-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "g1", type: "AccessPolicyGranted", at, data: { policy: "p1", role: "marketing", purposes: ["marketing"], categories: ["contact"] } },
 *   { id: "f1", type: "FactRecorded", at, subject: "c-1", data: { fact: "f1", field: "email", value: "c1@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } },
 * ]);
 * const d = canUse(ledger, {
 *   subject: "c-1", purpose: "marketing.email", fields: ["email"],
 *   actor: { id: "u-7", roles: ["marketing"] }, at: "2024-03-03T12:00:00Z",
 * });
 * // c-1 never consented: the e-mail was collected unlawfully, and nothing else allows its use.
 * if (!d.allowed) console.log("denied:", d.reasons.map((r) => r.code)); //=> denied: [ 'UNLAWFUL_COLLECTION', 'NO_LEGAL_BASIS' ]
 * // The same decision with its reasons in German (GDPR Art. 12(1)): only the sentences change.
 * const de = canUse(ledger, { subject: "c-1", purpose: "marketing.email", fields: ["email"],
 *   actor: { id: "u-7", roles: ["marketing"] }, at: "2024-03-03T12:00:00Z" }, { locale: "de" });
 * console.log(de.reasons[1]?.message.split(" (")[0]); //=> Für „marketing.email“
 * ```
 */
export function canUse(ledger: Ledger, query: UseQuery, options?: DecisionOptions): Decision {
  return decideUseIn(ledger, query, options, "canUse()").decision;
}

/**
 * {@link decideQuery} with the reasons in the language of `options` (read
 * once, under guard, with the members of `more`; `caller` names the function
 * in messages). Options that throw when read make the decision INVALID_QUERY,
 * in English (the language asked for could not be read).
 */
export function decideUseIn(
  ledger: Ledger,
  query: unknown,
  options: unknown,
  caller: string,
  more: Shape = {},
): { readonly decision: Decision; readonly checked?: CheckedQuery; readonly options: Readonly<Record<string, unknown>> } {
  const o = readDecisionOptions(options, caller, more);
  if (!o.ok) {
    const read = readQuery(query);
    return { decision: invalidDecision(read.ok ? read.value : undefined, o.problem), options: {} };
  }
  const r = inLanguage(o.messages, () => decideQuery(ledger, query));
  return r.checked === undefined ? { decision: r.decision, options: o.options } : { decision: r.decision, checked: r.checked, options: o.options };
}
