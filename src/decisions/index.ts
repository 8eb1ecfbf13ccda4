export { canUse } from "./canUse.js";
export { explain } from "./explain.js";
export { usableFields, subjectsUsableFor } from "./audience.js";
export type { UsableFields, AudienceQuery } from "./audience.js";
export { REASON_CODES } from "./types.js";
export type { Decision, FieldDecision, FieldBasis, Reason, ReasonCode, Obligation, Actor, UseQuery } from "./types.js";
