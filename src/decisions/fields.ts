/** Per-field reasons: what denies one requested field of a use (access aside). */
import { covers } from "../_internal/dotted.js";
import type { Established } from "../bases/index.js";
import type { FieldState } from "../facts/index.js";
import type { Instant, SubjectState, View } from "../ledger/index.js";
import { compatibility, declaredBy, legalBasesOf, retentionExpired } from "../purposes/index.js";
import { collectionReasons, unknownSourceReason } from "./origin.js";
import { reason } from "./reason.js";
import { say } from "./say.js";
import { specialConditionReason } from "./special.js";
import type { Reason } from "./types.js";

/** PURPOSE_INCOMPATIBLE (GDPR Art. 5(1)(b), 6(4)): a use beyond the collection purposes needs a compatibility assessment or consent. */
function incompatibleReason(v: View, fs: FieldState, u: string, i: Instant, field: string, hasEffectiveConsent: boolean): Reason | undefined {
  const rec = fs.current!.rec;
  const d = rec.e.data;
  const collected = d.purposes.some((p) => p === u || (covers(p, u) && declaredBy(v, u, rec)));
  if (collected || hasEffectiveConsent) return undefined;
  const compat = compatibility(v, d.purposes, u, i);
  if (compat.compatible) return undefined;
  return reason(
    "PURPOSE_INCOMPATIBLE",
    say().PURPOSE_INCOMPATIBLE({ field, collectedFor: d.purposes, purpose: u, assessedIncompatible: compat.negative.length > 0 }),
    [rec.e.id, ...compat.negative],
    field,
  );
}

/** Reasons about the field's current fact for use purpose `u` (everything per field but the legal basis), appended to `out`. */
function factReasons(v: View, s: SubjectState, fs: FieldState, u: string, i: Instant, field: string, established: Established[], hasEffectiveConsent: boolean, out: Reason[]): void {
  const f = fs.current!;
  const rec = f.rec;
  const unknown = unknownSourceReason(v, fs, field);
  if (unknown !== undefined) out.push(unknown);
  collectionReasons(v, s, f, i, field, established, out);
  const incompatible = incompatibleReason(v, fs, u, i, field, hasEffectiveConsent);
  if (incompatible !== undefined) out.push(incompatible);
  // GDPR Art. 5(1)(e), counted from the recording.
  if (retentionExpired(v, rec.e.data.purposes, rec.t, u, i)) {
    out.push(reason("RETENTION_EXPIRED", say().RETENTION_EXPIRED({ field, recordedAt: rec.e.at }), [rec.e.id], field));
  }
}

/** What a field's reasons need from the subject-level judgement of the use. */
export interface FieldContext {
  readonly established: Established[];
  readonly hasEffectiveConsent: boolean;
  /** The consent failure reasons, computed once when a field first needs them. */
  readonly consentReasons: () => Omit<Reason, "field">[];
}

/** The per-field reasons (access aside) for `field` in state `fs`, appended to `rs` (a new array by default), which is returned. */
export function fieldReasons(v: View, s: SubjectState, field: string, fs: FieldState, u: string, i: Instant, at: string, ctx: FieldContext, rs: Reason[] = []): Reason[] {
  if (fs.current === undefined) {
    // A field without a current value reports only NO_DATA / ERASED.
    if (fs.recorded.length === 0) rs.push(reason("NO_DATA", say().NO_DATA({ field, at }), [], field));
    else rs.push(reason("ERASED", say().ERASED({ field }), fs.erasures.map((x) => x.e.id), field));
    return rs;
  }
  factReasons(v, s, fs, u, i, field, ctx.established, ctx.hasEffectiveConsent, rs);
  // GDPR Art. 6(1): default deny without an established basis.
  if (ctx.established.length === 0) {
    rs.push(reason("NO_LEGAL_BASIS", say().NO_LEGAL_BASIS({ purpose: u, bases: legalBasesOf(v, u, i) }), [], field));
    // A literal, not a spread: a decision on a long history copies dozens of these per field.
    for (const r of ctx.consentReasons()) rs.push({ code: r.code, message: r.message, eventIds: r.eventIds, field });
  }
  // GDPR Art. 9(1),(2): special categories also need a condition of Art. 9(2), on top of the basis.
  const special = specialConditionReason(v, s, fs, u, i, field);
  if (special !== undefined) rs.push(special);
  return rs;
}
