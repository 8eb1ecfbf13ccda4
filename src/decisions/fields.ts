/** Per-field reasons: what denies one requested field of a use (access aside). */
import { covers } from "../_internal/dotted.js";
import type { Established } from "../bases/index.js";
import type { FieldState } from "../facts/index.js";
import type { Instant, SubjectState, View } from "../ledger/index.js";
import { compatibility, declaredBy, legalBasesOf, retentionExpired } from "../purposes/index.js";
import { collectionReasons, unknownSourceReason } from "./origin.js";
import { q, reason } from "./reason.js";
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
    `The value of ${q(field)} was collected for ${d.purposes.map(q).join(", ")}, which does not cover ${q(u)}; ${compat.negative.length > 0 ? "a compatibility assessment found the use incompatible" : "no compatibility assessment allows the use"} and the person has not consented to it.`,
    [rec.e.id, ...compat.negative],
    field,
  );
}

/** Reasons about the field's current fact for use purpose `u` (everything per field but the legal basis). */
function factReasons(v: View, s: SubjectState, fs: FieldState, u: string, i: Instant, field: string, established: Established[], hasEffectiveConsent: boolean): Reason[] {
  const f = fs.current!;
  const rec = f.rec;
  const out: Reason[] = [];
  const unknown = unknownSourceReason(v, fs, field);
  if (unknown !== undefined) out.push(unknown);
  out.push(...collectionReasons(v, s, f, i, field, established));
  const incompatible = incompatibleReason(v, fs, u, i, field, hasEffectiveConsent);
  if (incompatible !== undefined) out.push(incompatible);
  // GDPR Art. 5(1)(e), counted from the recording.
  if (retentionExpired(v, rec.e.data.purposes, rec.t, u, i)) {
    out.push(reason("RETENTION_EXPIRED", `The value of ${q(field)}, recorded on ${rec.e.at}, is past its retention period at this time (GDPR Art. 5(1)(e)).`, [rec.e.id], field));
  }
  return out;
}

/** What a field's reasons need from the subject-level judgement of the use. */
export interface FieldContext {
  readonly established: Established[];
  readonly hasEffectiveConsent: boolean;
  /** The consent failure reasons, computed once when a field first needs them. */
  readonly consentReasons: () => Omit<Reason, "field">[];
}

/** The per-field reasons (access aside) for `field` in state `fs`. */
export function fieldReasons(v: View, s: SubjectState, field: string, fs: FieldState, u: string, i: Instant, at: string, ctx: FieldContext): Reason[] {
  const rs: Reason[] = [];
  if (fs.current === undefined) {
    // A field without a current value reports only NO_DATA / ERASED.
    if (fs.recorded.length === 0) rs.push(reason("NO_DATA", `No value of ${q(field)} was recorded for this person by ${at}.`, [], field));
    else rs.push(reason("ERASED", `Every value of ${q(field)} was erased (GDPR Art. 17).`, fs.erasures.map((x) => x.e.id), field));
    return rs;
  }
  rs.push(...factReasons(v, s, fs, u, i, field, ctx.established, ctx.hasEffectiveConsent));
  // GDPR Art. 6(1): default deny without an established basis.
  if (ctx.established.length === 0) {
    rs.push(reason("NO_LEGAL_BASIS", `No legal basis for ${q(u)} (${legalBasesOf(v, u, i).join(", ")}) is established for this person at this time (GDPR Art. 6(1)).`, [], field));
    for (const r of ctx.consentReasons()) rs.push({ ...r, field });
  }
  // GDPR Art. 9(1),(2): special categories also need a condition of Art. 9(2), on top of the basis.
  const special = specialConditionReason(v, s, fs, u, i, field);
  if (special !== undefined) rs.push(special);
  return rs;
}
