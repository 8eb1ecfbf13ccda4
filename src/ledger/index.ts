export { replay, apply, LawfulCrmError } from "./ledger.js";
export type { Ledger, IncompleteMark, LawfulCrmErrorCode } from "./ledger.js";
export { REJECT_CODES } from "./types.js";
export type { Rejected, RejectCode } from "./types.js";
