// Public: re-exported by name from src/index.ts.
export { erasureDue } from "./due.js";
export { ERASURE_REASON_CODES } from "./types.js";
export type { ErasureDue, ErasureDueItem, ErasureKeptItem, ErasureIncompleteSubject, ErasureReason, ErasureReasonCode } from "./types.js";

// Internal: the access report reads one subject's items.
export { subjectErasure } from "./due.js";
