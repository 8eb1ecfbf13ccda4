export { replay, apply, LawfulCrmError } from "./ledger.js";
export type { Ledger, IncompleteMark, LawfulCrmErrorCode } from "./ledger.js";
export { REJECT_CODES } from "./types.js";
export type { Rejected, RejectCode } from "./types.js";

// Internal to the library (not re-exported by src/index.ts): what snapshots read and restore.
export { storeOf, ledgerOfStore } from "./ledger.js";
export { Store, Undecoded } from "./store.js";
export { Subject } from "./state.js";
export type { Mark, RejectRecord } from "./types.js";
