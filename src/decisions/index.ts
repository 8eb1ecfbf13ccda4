// Public: re-exported by name from src/index.ts.
export { canUse } from "./canUse.js";
export { explain } from "./explain.js";
export { usableFields, subjectsUsableFor } from "./audience.js";
export type { UsableFields, AudienceQuery } from "./audience.js";
export { REASON_CODES, ReasonCode } from "./types.js";
export type { DecisionOptions, Decision, FieldDecision, FieldBasis, Reason, Obligation, Actor, UseQuery } from "./types.js";

// Internal to the library: the decision engine, for recordUse and the channel reports.
export { decideQuery, decideUseIn, judgeFact } from "./canUse.js";
export { invalidDecision } from "./query.js";
export { inLanguage, sayErasure } from "./say.js";
// Internal: the collection reasons, read by the erasure work list (src/erasure) for the same sentences.
export { collectionReasons } from "./origin.js";
