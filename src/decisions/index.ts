export { canUse } from "./canUse.js";
export { REASON_CODES } from "./types.js";
export type { Decision, FieldDecision, FieldBasis, Reason, ReasonCode, Obligation, Actor, UseQuery } from "./types.js";
