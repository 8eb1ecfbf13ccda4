import { covers, isDottedId } from "../_internal/purpose.js";
import { parseTimestamp } from "../_internal/time.js";
import {
  accountLink,
  attribute,
  consentCovers,
  consentFailures,
  coveringConsents,
  declarationOf,
  declaredBy,
  departureOf,
  fieldState,
  legalBasesOf,
  plusDuration,
  policiesInForce,
  purposeInForce,
  queryInstant,
  recordedBasis,
  retirementsOf,
  sourceInForce,
  validForCollection,
  within,
  affects,
  latest,
  type FieldState,
  type Instant,
  type View,
} from "../_internal/view.js";
import type { LegalBasis } from "../events/primitives.js";
import { isVoided, storeOf, type Ledger } from "../ledger/ledger.js";
import type { Store } from "../ledger/store.js";
import type { ConsentState, FactState, RejectRecord, SubjectState } from "../ledger/types.js";
import type { Decision, FieldBasis, FieldDecision, Obligation, Reason, ReasonCode, UseQuery } from "./types.js";

const q = (s: string) => JSON.stringify(s);

function reason(code: ReasonCode, message: string, eventIds: readonly string[], field?: string): Reason {
  const ids = [...new Set(eventIds)];
  return field === undefined ? { code, message, eventIds: ids } : { code, message, field, eventIds: ids };
}

function rejectId(r: RejectRecord): string {
  return r.id ?? `#${r.position}`;
}

/** A checked query: the raw query after validation. */
export interface CheckedQuery {
  readonly subject: string;
  readonly purpose: string;
  readonly fields: string[];
  readonly actorId: string;
  readonly roles: readonly string[];
  readonly at: string;
  readonly t: number;
}

/** Validates a query; a sentence naming what is wrong when it is malformed. */
export function checkQuery(query: unknown): CheckedQuery | string {
  if (typeof query !== "object" || query === null) return "the query must be an object { subject, purpose, fields, actor, at }.";
  const o = query as Record<string, unknown>;
  const subject = o["subject"];
  if (typeof subject !== "string" || subject === "") return "subject must be a non-empty string.";
  const purpose = o["purpose"];
  if (!isDottedId(purpose)) return `purpose must be a dotted purpose id like marketing.email, got ${typeof purpose === "string" ? q(purpose) : typeof purpose}.`;
  const fields = o["fields"];
  if (!Array.isArray(fields) || fields.length === 0) return "fields must be a non-empty array of field names.";
  if (!fields.every((f) => typeof f === "string" && f !== "")) return "every field must be a non-empty string.";
  const actor = o["actor"];
  if (typeof actor !== "object" || actor === null) return "actor must be an object { id, roles }.";
  const a = actor as Record<string, unknown>;
  if (typeof a["id"] !== "string" || a["id"] === "") return "actor.id must be a non-empty string.";
  const roles = a["roles"];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) return "actor.roles must be an array of role names.";
  const at = o["at"];
  const t = parseTimestamp(at);
  if (t === undefined) return `at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got ${typeof at === "string" ? q(at) : typeof at}.`;
  return {
    subject,
    purpose,
    fields: [...new Set(fields as string[])],
    actorId: a["id"] as string,
    roles: [...(roles as string[])],
    at: at as string,
    t,
  };
}

function freezeDecision(d: Decision): Decision {
  // A hand-written walk: immer's generic deep freeze measured 20% of a decision.
  for (const f of d.fields) {
    for (const r of f.reasons) Object.freeze(r.eventIds), Object.freeze(r);
    if (f.basis !== undefined) Object.freeze(f.basis.eventIds), Object.freeze(f.basis);
    Object.freeze(f.reasons);
    Object.freeze(f);
  }
  for (const r of d.reasons) Object.freeze(r.eventIds), Object.freeze(r);
  for (const o of d.obligations) Object.freeze(o.sources), Object.freeze(o);
  Object.freeze(d.fields);
  Object.freeze(d.reasons);
  Object.freeze(d.obligations);
  return Object.freeze(d);
}

function invalid(query: unknown, why: string): Decision {
  const o = typeof query === "object" && query !== null ? (query as Record<string, unknown>) : {};
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");
  const fields = Array.isArray(o["fields"]) ? (o["fields"] as unknown[]).filter((f): f is string => typeof f === "string") : [];
  const r = reason("INVALID_QUERY", `The query is malformed: ${why}`, []);
  return freezeDecision({
    allowed: false,
    subject: str("subject"),
    purpose: str("purpose"),
    at: str("at"),
    fields: [...new Set(fields)].map((field) => ({ field, allowed: false, reasons: [] })),
    reasons: [r],
    obligations: [],
  });
}

/** Options of the internal decision engine. */
export interface EngineOptions {
  /** Leave out the access-policy check (assessSource judges collection, not who asks). */
  readonly skipAccess?: boolean;
}

/** The unvoided rejects that make `subject` incomplete at `t`. */
export function incompleteRejects(store: Store, size: number, subject: string, t: number): RejectRecord[] {
  const s = store.subjects.get(subject);
  if (store.catalog.rejects.length === 0 && (s === undefined || s.rejects.length === 0)) return [];
  const out: RejectRecord[] = [];
  const scan = (list: readonly RejectRecord[], matches: (r: RejectRecord) => boolean) => {
    for (const r of list) {
      if (r.position >= size || isVoided(r, size) || out.includes(r)) continue;
      if (matches(r)) out.push(r);
    }
  };
  scan(store.catalog.rejects, (r) => r.marks.some((m) => "catalog" in m.scope && m.from <= t));
  if (s !== undefined) scan(s.rejects, (r) => r.marks.some((m) => "subject" in m.scope && m.scope.subject === subject && m.from <= t));
  out.sort((a, b) => a.position - b.position);
  return out;
}

/** True when `s` has an accepted event by instant `i`. */
export function knownSubject(s: SubjectState | undefined, size: number, i: Instant): boolean {
  if (s === undefined) return false;
  for (const e of s.events) {
    if (e.t > i.t) break;
    if (e.pos < size) return true;
  }
  return false;
}

interface Established {
  readonly basis: LegalBasis;
  readonly eventIds: string[];
}

/** The first consent of `s` effective for `u` at `i`, if any. */
export function effectiveConsent(v: View, s: SubjectState, u: string, i: Instant): ConsentState | undefined {
  for (const c of coveringConsents(v, s, u, i)) if (consentFailures(v, s, c, u, i, "use").length === 0) return c;
  return undefined;
}

/** The bases of `u`'s own `legalBases` established for `s` at `i`, in the purpose's order. */
export function establishedBases(v: View, s: SubjectState, u: string, i: Instant, effective = effectiveConsent(v, s, u, i)): Established[] {
  const out: Established[] = [];
  for (const b of legalBasesOf(v, u, i)) {
    if (b === "consent") {
      const c = effective;
      if (c !== undefined) {
        const ids = [c.grant.e.id];
        const conf = latest(c.confirmations, v.size, i);
        if (attribute(v, u, "doubleOptIn", i) === true && conf !== undefined) ids.push(conf.e.id);
        out.push({ basis: b, eventIds: ids });
      }
    } else {
      const recs = recordedBasis(v, s, b, u, i);
      if (recs.length > 0) out.push({ basis: b, eventIds: recs.map((r) => r.e.id) });
    }
  }
  return out;
}

/** Subject-level reasons beyond the stand-alone ones: retired purpose, restriction, objection. */
function subjectReasons(v: View, s: SubjectState, u: string, i: Instant, established: Established[]): Reason[] {
  const out: Reason[] = [];
  if (!purposeInForce(v, u, i)) {
    const ret = retirementsOf(v, u, i);
    out.push(
      reason(
        "PURPOSE_RETIRED",
        `The purpose ${q(u)} was retired${ret[0] !== undefined ? ` on ${ret[0].e.at}` : ""} and is not in force at this time.`,
        ret.map((e) => e.e.id),
      ),
    );
  }
  const r = latest(s.restrictions, v.size, i);
  if (r !== undefined && r.e.type === "ProcessingRestricted") {
    // GDPR Art. 18: the Art. 18(2) exceptions are not modelled; a restriction denies every use.
    out.push(reason("RESTRICTED", `Processing of this person's data has been restricted since ${r.e.at} (GDPR Art. 18) and the restriction has not been lifted.`, [r.e.id]));
  }
  const objections = objectionsInForce(v, s, u, i);
  if (objections.length > 0) {
    const dm = attribute(v, u, "directMarketing", i) === true;
    // GDPR Art. 21(1) reaches only processing on public task or legitimate interests; an
    // objection to direct marketing (Art. 21(2),(3)) is absolute.
    const overriding = !dm && established.some((e) => e.basis === "contract" || e.basis === "legal-obligation" || e.basis === "vital-interests");
    if (!overriding) {
      out.push(
        reason(
          "OBJECTED",
          dm
            ? `The person objected to direct marketing for ${objections.map((o) => q(o.purpose)).join(", ")} (GDPR Art. 21(2)), which covers ${q(u)}; the objection is absolute.`
            : `The person objected to processing for ${objections.map((o) => q(o.purpose)).join(", ")} (GDPR Art. 21), which affects ${q(u)}, and no contract, legal obligation or vital interest is established for it.`,
          objections.map((o) => o.eventId),
        ),
      );
    }
  }
  return out;
}

/** Objected purposes in force at `i` that affect `u`, with the objection's event id. */
export function objectionsInForce(v: View, s: SubjectState, u: string, i: Instant): { purpose: string; eventId: string }[] {
  const out: { purpose: string; eventId: string }[] = [];
  const list = s.objections;
  for (let k = 0; k < list.length; k++) {
    const e = list[k]!;
    if (e.e.type !== "ObjectionRaised" || !within(e, v.size, i)) continue;
    for (const p of e.e.data.purposes) {
      if (!affects(p, u)) continue;
      let lifted = false;
      for (let j = k + 1; j < list.length && !lifted; j++) {
        const w = list[j]!;
        if (w.e.type === "ObjectionWithdrawn" && within(w, v.size, i) && w.e.data.purposes.some((x) => covers(x, p))) lifted = true;
      }
      if (!lifted) out.push({ purpose: p, eventId: e.e.id });
    }
  }
  return out;
}

/** A fact's collection purposes that declare its basis at its recording (GDPR Art. 6(1)). */
function collectionBasisDeclared(v: View, f: FactState): boolean {
  const d = f.rec.e.data;
  return d.purposes.some((p) => purposeInForce(v, p, f.rec) && legalBasesOf(v, p, f.rec).includes(d.basis));
}

/** Per-field rules about how the fact entered the CRM (the channel issue), judged at T. */
function collectionReasons(v: View, s: SubjectState, f: FactState, u: string, i: Instant, field: string, established: Established[]): Reason[] {
  const out: Reason[] = [];
  const rec = f.rec;
  const d = rec.e.data;
  const reg = sourceInForce(v, d.source, rec);
  // --- UNLAWFUL_COLLECTION
  const unlawful: string[] = [];
  const unlawfulIds: string[] = [rec.e.id];
  if (!collectionBasisDeclared(v, f)) {
    unlawful.push(`none of its collection purposes (${d.purposes.map(q).join(", ")}) declared the basis ${q(d.basis)} when it was recorded`);
  }
  const icp = reg?.e.data.importConsentPurpose;
  if (icp !== undefined && validForCollection(v, s, icp, rec).length === 0) {
    unlawful.push(`its source ${q(d.source)} needs the person's consent for ${q(icp)} to import data, and there was none when it was recorded`);
    if (reg !== undefined) unlawfulIds.push(reg.e.id);
  }
  if (d.basis === "consent" && !d.purposes.some((p) => validForCollection(v, s, p, rec).length > 0)) {
    unlawful.push(`it was recorded on the basis of consent, and no valid consent covered its collection purposes when it was recorded`);
  }
  if (unlawful.length > 0) {
    out.push(
      reason(
        "UNLAWFUL_COLLECTION",
        `The value of ${q(field)} was collected unlawfully: ${unlawful.join("; ")}. A consent given later does not heal this; record the fact again after a lawful basis exists.`,
        unlawfulIds,
        field,
      ),
    );
  }
  // --- OWNER_DEPARTED
  if (d.account !== undefined) {
    // The agreement is the one of the link in force at the recording.
    const link = accountLink(v, d.account, rec);
    if (link !== undefined) {
      const dep = departureOf(v, link.e.data.employee, i);
      const agreement = link.e.data.onDeparture;
      if (dep !== undefined && (agreement === "erase" || (agreement === "keep-company-contacts" && d.companyContact !== true))) {
        out.push(
          reason(
            "OWNER_DEPARTED",
            agreement === "erase"
              ? `The value of ${q(field)} came through account ${q(d.account)} of employee ${q(link.e.data.employee)}, who left on ${dep.e.at}; the agreement is to erase those contacts.`
              : `The value of ${q(field)} came through account ${q(d.account)} of employee ${q(link.e.data.employee)}, who left on ${dep.e.at}; the agreement keeps only contacts marked as company contacts, and this one is not.`,
            [rec.e.id, link.e.id, dep.e.id],
            field,
          ),
        );
      }
    }
  }
  // --- COLLECTION_CONSENT_WITHDRAWN: data held on a withdrawn consent (GDPR Art. 17(1)(b)),
  // usable only where a legal obligation or public task is established (Art. 17(3)(b));
  // no switching to another basis after a withdrawal (EDPB Guidelines 05/2020).
  const lost: ConsentState[] = [];
  if (d.basis === "consent") {
    const atRec = new Set<ConsentState>();
    for (const p of d.purposes) for (const c of validForCollection(v, s, p, rec)) atRec.add(c);
    if (atRec.size > 0) {
      const still = [...atRec].some((c) => d.purposes.some((p) => consentCovers(v, c, p) && consentFailures(v, s, c, p, i, "collection").length === 0));
      if (!still) lost.push(...atRec);
    }
  }
  if (icp !== undefined) {
    const atRec = validForCollection(v, s, icp, rec);
    if (atRec.length > 0 && !atRec.some((c) => consentFailures(v, s, c, icp, i, "collection").length === 0)) lost.push(...atRec);
  }
  if (lost.length > 0) {
    const exempt = established.some((e) => e.basis === "legal-obligation" || e.basis === "public-task");
    if (!exempt) {
      const ids = [rec.e.id];
      for (const c of lost) {
        ids.push(c.grant.e.id);
        for (const w of c.withdrawals) if (within(w, v.size, i)) ids.push(w.e.id);
        for (const w of s.purposeWithdrawals) if (within(w, v.size, i) && (c.grant.t < w.t || (c.grant.t === w.t && c.grant.pos < w.pos))) ids.push(w.e.id);
      }
      out.push(
        reason(
          "COLLECTION_CONSENT_WITHDRAWN",
          `The value of ${q(field)} is held on the strength of a consent that is no longer valid (withdrawn or expired); it may only be used under a legal obligation or public task and is due for erasure (GDPR Art. 17(1)(b)). Record it again under a basis that exists now.`,
          ids,
          field,
        ),
      );
    }
  }
  return out;
}

/** Reasons about the field's fact for use purpose `u` (everything per field but the legal basis). */
function factReasons(v: View, s: SubjectState, fs: FieldState, u: string, i: Instant, field: string, established: Established[], hasEffectiveConsent: boolean): Reason[] {
  const out: Reason[] = [];
  const f = fs.current!;
  const rec = f.rec;
  const d = rec.e.data;
  // --- UNKNOWN_SOURCE (GDPR Art. 14(2)(f), 15(1)(g): every value must have a known origin)
  const srcProblems: string[] = [];
  const srcIds: string[] = [rec.e.id];
  if (sourceInForce(v, d.source, rec) === undefined) {
    srcProblems.push(`its source ${q(d.source)} was not registered and in force when it was recorded on ${rec.e.at}`);
    const retired = latest(v.cat.sources.get(d.source), v.size, rec);
    if (retired !== undefined) srcIds.push(retired.e.id);
  }
  if (fs.correction !== undefined && sourceInForce(v, fs.correction.e.data.source, fs.correction) === undefined) {
    srcProblems.push(`the correction that set its current value came from ${q(fs.correction.e.data.source)}, which was not registered and in force on ${fs.correction.e.at}`);
    srcIds.push(fs.correction.e.id);
    const retired = latest(v.cat.sources.get(fs.correction.e.data.source), v.size, fs.correction);
    if (retired !== undefined) srcIds.push(retired.e.id);
  }
  if (d.account !== undefined) {
    const link = accountLink(v, d.account, rec);
    if (link === undefined || link.e.data.source !== d.source) srcProblems.push(`it names account ${q(d.account)}, which was not linked for source ${q(d.source)} when it was recorded`);
  }
  if (srcProblems.length > 0) {
    out.push(reason("UNKNOWN_SOURCE", `The origin of ${q(field)} cannot be traced: ${srcProblems.join("; ")}.`, srcIds, field));
  }
  out.push(...collectionReasons(v, s, f, u, i, field, established));
  // --- PURPOSE_INCOMPATIBLE (GDPR Art. 5(1)(b), 6(4))
  const collected = d.purposes.some((p) => p === u || (covers(p, u) && declaredBy(v, u, rec)));
  if (!collected && !hasEffectiveConsent) {
    const compat = compatibility(v, d.purposes, u, i);
    if (!compat.compatible) {
      out.push(
        reason(
          "PURPOSE_INCOMPATIBLE",
          `The value of ${q(field)} was collected for ${d.purposes.map(q).join(", ")}, which does not cover ${q(u)}; ${compat.negative.length > 0 ? "a compatibility assessment found the use incompatible" : "no compatibility assessment allows the use"} and the person has not consented to it.`,
          [rec.e.id, ...compat.negative],
          field,
        ),
      );
    }
  }
  // --- RETENTION_EXPIRED (GDPR Art. 5(1)(e)), counted from the recording.
  const useRetention = attribute(v, u, "retention", i);
  const useEnd = plusDuration(rec.t, useRetention);
  let expired = useEnd !== undefined && !(i.t < useEnd);
  if (!expired) {
    const ends = d.purposes.map((p) => plusDuration(rec.t, attribute(v, p, "retention", i)));
    expired = ends.every((e) => e !== undefined && !(i.t < e));
  }
  if (expired) {
    out.push(reason("RETENTION_EXPIRED", `The value of ${q(field)}, recorded on ${rec.e.at}, is past its retention period at this time (GDPR Art. 5(1)(e)).`, [rec.e.id], field));
  }
  return out;
}

/** Whether compatibility assessments make a use for `u` of data collected for `purposes` compatible. */
export function compatibility(v: View, purposes: readonly string[], u: string, i: Instant): { compatible: boolean; positive: string[]; negative: string[] } {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const list of v.cat.compat.values()) {
    const a = latest(list, v.size, i);
    if (a === undefined) continue;
    const { from, to, compatible } = a.e.data;
    if (!covers(to, u) || !purposes.some((p) => covers(from, p))) continue;
    (compatible ? positive : negative).push(a.e.id);
  }
  return { compatible: positive.length > 0 && negative.length === 0, positive, negative };
}

/** The DISCLOSE_ORIGIN sources of a field's current value at `i`: not the person's own, not yet disclosed. */
export function undisclosedSources(v: View, s: SubjectState, fs: FieldState, i: Instant): string[] {
  const f = fs.current;
  if (f === undefined) return [];
  const candidates: [string, { t: number; pos: number }][] = [[f.rec.e.data.source, f.rec]];
  if (fs.correction !== undefined) candidates.push([fs.correction.e.data.source, fs.correction]);
  const out: string[] = [];
  for (const [src, at] of candidates) {
    const kind = sourceInForce(v, src, at)?.e.data.kind;
    if (kind === "subject" || kind === "form") continue;
    if (out.includes(src)) continue;
    if (s.informed.some((x) => within(x, v.size, i) && x.e.data.sources.includes(src))) continue;
    out.push(src);
  }
  return out;
}

/** The decision engine behind `canUse` and the reports. */
export function decideUse(ledger: Ledger, query: unknown, opts: EngineOptions = {}): Decision {
  const cq = checkQuery(query);
  if (typeof cq === "string") return invalid(query, cq);
  const store = storeOf(ledger);
  return decideChecked(store, ledger.size, cq, opts);
}

/** The decision for a checked query. */
export function decideChecked(store: Store, size: number, cq: CheckedQuery, opts: EngineOptions = {}): Decision {
  const v: View = { cat: store.catalog, size };
  const i = queryInstant(cq.t);
  const u = cq.purpose;
  const head = { subject: cq.subject, purpose: u, at: cq.at };
  const denyAll = (r: Reason): Decision =>
    freezeDecision({ allowed: false, ...head, fields: cq.fields.map((field) => ({ field, allowed: false, reasons: [] })), reasons: [r], obligations: [] });

  // Stand-alone reasons, first in this order.
  const alone = standAloneReason(store, size, cq.subject, u, cq.at, cq.t);
  if (alone !== undefined) return denyAll(alone);
  const s = store.subjects.get(cq.subject)!;
  const { established, subjectLevel, hasEffectiveConsent } = subjectContext(v, s, u, i);

  const states = cq.fields.map((field) => ({ field, fs: fieldState(s, field, size, i) }));

  // Access policies (GDPR Art. 5(1)(f), 25, 32).
  const uncovered = new Set<string>();
  if (opts.skipAccess !== true) {
    const policies = policiesInForce(v, i).filter((p) => cq.roles.includes(p.e.data.role) && p.e.data.purposes.some((pp) => covers(pp, u)));
    const withValue = states.filter((x) => x.fs.current !== undefined);
    for (const x of withValue) {
      const cat = x.fs.current!.rec.e.data.category;
      if (!policies.some((p) => p.e.data.categories.some((c) => covers(c, cat)))) uncovered.add(x.field);
    }
    if (withValue.length > 0 && uncovered.size === withValue.length) {
      subjectLevel.splice(
        0,
        0,
        reason(
          "ACCESS_DENIED",
          `No access policy in force for the roles ${cq.roles.length > 0 ? cq.roles.map(q).join(", ") : "(none)"} of ${q(cq.actorId)} covers the purpose ${q(u)} and the categories of the requested data.`,
          withValue.map((x) => x.fs.current!.rec.e.id),
        ),
      );
      uncovered.clear();
    }
  }

  const basis: FieldBasis | undefined = established[0] === undefined ? undefined : { legalBasis: established[0].basis, eventIds: established[0].eventIds };
  let consentReasons: Omit<Reason, "field">[] | undefined;
  const fieldDecisions: FieldDecision[] = [];
  const allReasons: Reason[] = [...subjectLevel];
  const obligations: Obligation[] = [];
  const disclose = attribute(v, u, "originDisclosure", i) === true;

  for (const { field, fs } of states) {
    const rs: Reason[] = [];
    if (uncovered.has(field) && fs.current !== undefined) {
      rs.push(
        reason(
          "ACCESS_DENIED",
          `No access policy in force for the roles of ${q(cq.actorId)} covers the purpose ${q(u)} and the category ${q(fs.current.rec.e.data.category)} of ${q(field)}.`,
          [fs.current.rec.e.id],
          field,
        ),
      );
    }
    rs.push(...fieldReasons(v, s, field, fs, u, i, established, hasEffectiveConsent, cq.at, () => (consentReasons ??= consentFailureReasons(v, s, u, i))));
    const allowed = rs.length === 0 && subjectLevel.length === 0;
    const fd: FieldDecision = allowed && basis !== undefined ? { field, allowed, basis: { legalBasis: basis.legalBasis, eventIds: [...basis.eventIds] }, reasons: rs } : { field, allowed, reasons: rs };
    fieldDecisions.push(fd);
    allReasons.push(...rs);
    if (allowed && disclose) {
      const sources = undisclosedSources(v, s, fs, i);
      if (sources.length > 0) obligations.push({ code: "DISCLOSE_ORIGIN", field, sources });
    }
  }
  const allowed = allReasons.length === 0;
  return freezeDecision({ allowed, ...head, fields: fieldDecisions, reasons: allReasons, obligations: allowed ? obligations : [] });
}

/** The per-field reasons (access aside) for `field` in state `fs`. */
export function fieldReasons(
  v: View,
  s: SubjectState,
  field: string,
  fs: FieldState,
  u: string,
  i: Instant,
  established: Established[],
  hasEffectiveConsent: boolean,
  at: string,
  consentReasons: () => Omit<Reason, "field">[],
): Reason[] {
  const rs: Reason[] = [];
  if (fs.current === undefined) {
    // A field without a current value reports only NO_DATA / ERASED.
    if (fs.recorded.length === 0) rs.push(reason("NO_DATA", `No value of ${q(field)} was recorded for this person by ${at}.`, [], field));
    else rs.push(reason("ERASED", `Every value of ${q(field)} was erased (GDPR Art. 17).`, fs.erasures.map((x) => x.e.id), field));
    return rs;
  }
  rs.push(...factReasons(v, s, fs, u, i, field, established, hasEffectiveConsent));
  // GDPR Art. 6(1): default deny without an established basis.
  if (established.length === 0) {
    rs.push(
      reason(
        "NO_LEGAL_BASIS",
        `No legal basis for ${q(u)} (${legalBasesOf(v, u, i).join(", ")}) is established for this person at this time (GDPR Art. 6(1)).`,
        [],
        field,
      ),
    );
    for (const r of consentReasons()) rs.push({ ...r, field });
  }
  return rs;
}

/** Everything subject-level for a use of `u` by subject `s` at `i`, except access and the stand-alone reasons. */
export function subjectContext(v: View, s: SubjectState, u: string, i: Instant) {
  const effective = effectiveConsent(v, s, u, i);
  const established = establishedBases(v, s, u, i, effective);
  return {
    established,
    subjectLevel: subjectReasons(v, s, u, i, established),
    hasEffectiveConsent: effective !== undefined,
  };
}

/** The stand-alone reason (incomplete, unknown subject, unknown purpose) for a use, if any. */
export function standAloneReason(store: Store, size: number, subject: string, u: string, at: string, t: number): Reason | undefined {
  const v: View = { cat: store.catalog, size };
  const i = queryInstant(t);
  const rejects = incompleteRejects(store, size, subject, t);
  if (rejects.length > 0) {
    return reason(
      "HISTORY_INCOMPLETE",
      `The history of this person${rejects.some((r) => r.marks.some((m) => "catalog" in m.scope)) ? " or of the catalog" : ""} is incomplete: ${rejects.length} rejected event(s) have not been voided, so no decision can be trusted.`,
      rejects.map(rejectId),
    );
  }
  const s = store.subjects.get(subject);
  if (s === undefined || !knownSubject(s, size, i)) return reason("UNKNOWN_SUBJECT", `Nothing is recorded about subject ${q(subject)} by ${at}.`, []);
  if (declarationOf(v, u, i) === undefined) {
    return reason("UNKNOWN_PURPOSE", `The purpose ${q(u)} was never declared by ${at}; undeclared processing is not permitted (GDPR Art. 5(1)(b)).`, []);
  }
  return undefined;
}

export function consentFailureReasons(v: View, s: SubjectState, u: string, i: Instant): Omit<Reason, "field">[] {
  const out: Omit<Reason, "field">[] = [];
  for (const c of coveringConsents(v, s, u, i)) {
    for (const f of consentFailures(v, s, c, u, i, "use")) {
      out.push({ code: f.code, message: `Consent ${q(c.grant.e.data.consent)} ${f.detail}, so it is not effective for ${q(u)}.`, eventIds: [...new Set(f.eventIds)] });
    }
  }
  return out;
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
 * const ledger = replay(events);
 * const d = canUse(ledger, {
 *   subject: "c-1", purpose: "marketing.email", fields: ["email"],
 *   actor: { id: "u-7", roles: ["marketing"] }, at: "2024-03-03T12:00:00Z",
 * });
 * if (!d.allowed) console.log(d.reasons.map((r) => r.code));
 * ```
 */
export function canUse(ledger: Ledger, query: UseQuery): Decision {
  return decideUse(ledger, query);
}

export type { SubjectState };
void parseTimestamp;
