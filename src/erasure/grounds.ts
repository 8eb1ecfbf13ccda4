/**
 * The grounds of GDPR Art. 17(1) on which a held value must be erased,
 * judged for one fact at an instant, independently of any use purpose. Each
 * calls the rule the decisions call (src/provenance, src/purposes,
 * src/rights); the sentences of the collection grounds are the decisions',
 * the others the catalogue's (`erasure`), in the language of the list.
 */
import { attribute, collectionRetentionEnd, retentionPassed } from "../purposes/index.js";
import { collectionProblems, lostCollectionConsents, ownerDeparture } from "../provenance/index.js";
import { objectionsInForce } from "../rights/index.js";
import { collectionReasons, sayErasure } from "../decisions/index.js";
import { formatTimestamp } from "../_internal/time.js";
import type { FactState, Instant, SubjectState, View } from "../ledger/index.js";
import { ERASURE_REASON_CODES, type ErasureReason, type ErasureReasonCode } from "./types.js";

/** The objections in force at `i` when every collection purpose of `f` is direct marketing affected by one; undefined otherwise. */
function objectedGround(v: View, s: SubjectState, f: FactState, i: Instant): string[] | undefined {
  const ids: string[] = [];
  for (const p of f.rec.e.data.purposes) {
    // Art. 21(2),(3) with 17(1)(c): an objection to direct marketing is absolute, so the data kept only for it must go.
    if (attribute(v, p, "directMarketing", i) !== true) return undefined;
    const objections = objectionsInForce(v, s, p, i);
    if (objections.length === 0) return undefined;
    for (const o of objections) ids.push(o.eventId);
  }
  return ids;
}

/** True when the retention of every collection purpose of `f` has ended at `i` (a purpose without one never ends). */
function retentionGround(v: View, f: FactState, i: Instant): number | undefined {
  const end = collectionRetentionEnd(v, f.rec.e.data.purposes, f.rec.t, i);
  return retentionPassed(end, i) ? end : undefined;
}

/** The codes of the grounds that hold for `f` at `i` (cheap: no sentences), for walking back in time. */
export function groundCodes(v: View, s: SubjectState, f: FactState, i: Instant): ErasureReasonCode[] {
  const out: ErasureReasonCode[] = [];
  // Before canUse's exception for a legal obligation or public task: that exception is the `kept` list's.
  if (lostCollectionConsents(v, s, f, i, []).length > 0) out.push("COLLECTION_CONSENT_WITHDRAWN");
  if (ownerDeparture(v, f, i) !== undefined) out.push("OWNER_DEPARTED");
  const p = collectionProblems(v, s, f.rec.e.data, f.rec);
  if (p.basisNotDeclared || p.importConsentMissing || p.consentMissing) out.push("UNLAWFUL_COLLECTION");
  if (retentionGround(v, f, i) !== undefined) out.push("RETENTION_EXPIRED");
  if (objectedGround(v, s, f, i) !== undefined) out.push("OBJECTED");
  return out;
}

/** Every ground that holds for `f` at `i`, with its sentence and events, in the order of the codes. */
export function groundsAt(v: View, s: SubjectState, f: FactState, i: Instant): ErasureReason[] {
  const d = f.rec.e.data;
  const out: ErasureReason[] = [];
  for (const r of collectionReasons(v, s, f, i, d.field, [])) {
    out.push({ code: r.code as ErasureReasonCode, message: r.message, eventIds: r.eventIds });
  }
  const end = retentionGround(v, f, i);
  if (end !== undefined) {
    out.push({
      code: "RETENTION_EXPIRED",
      message: sayErasure().RETENTION_EXPIRED({ field: d.field, recordedAt: f.rec.e.at, purposes: d.purposes, since: formatTimestamp(end) }),
      eventIds: [f.rec.e.id],
    });
  }
  const objected = objectedGround(v, s, f, i);
  if (objected !== undefined) {
    out.push({
      code: "OBJECTED",
      message: sayErasure().OBJECTED({ field: d.field, purposes: d.purposes }),
      eventIds: [f.rec.e.id, ...new Set(objected)],
    });
  }
  return out.sort((a, b) => ERASURE_REASON_CODES.indexOf(a.code) - ERASURE_REASON_CODES.indexOf(b.code));
}
