// Public: re-exported by name from src/index.ts.
export { replay, apply, mergedSubjects, LawfulCrmError } from "./ledger.js";
export type { Ledger, LawfulCrmErrorCode } from "./ledger.js";
export type { IncompleteMark } from "./types.js";
export { REJECT_CODES } from "./types.js";
export type { Rejected, RejectCode } from "./types.js";

// Internal to the library: what the rules, decisions and reports read, and what snapshots read and restore.
export { storeOf, appendableStore, startFold, ledgerOfStore, sourceNotesOf } from "./ledger.js";
export type { ItemFold, SourceNote } from "./ledger.js";
export { Store, unreadableItem, Undecoded, idOf } from "./store.js";
export { IdIndex } from "./ids.js";
export { Subject, factsOf, isFactList } from "./state.js";
export type { Entry, FactState, ConsentState, SubjectState, RejectRecord, Mark } from "./types.js";
export { queryInstant, precedes, precedesPair, byTimePos, within, latest, earliest, countUpTo } from "./order.js";
export type { Instant } from "./order.js";
export { INDEXING, END, clockAt, later, earlier, inSpans, addSpan, firstOwners, ownerAt } from "./spans.js";
export type { Span, Owners } from "./spans.js";
export { viewOf, readAt, catalogSlot, subjectSlot, View } from "./read.js";
export type { ReadContext } from "./read.js";
export { subjectAt, mergedAt, mergedMessage, mergedIds, subjectsAt, survivorAt, noMerges, linkMerge } from "./merges.js";
export { incompleteRejects, catalogIncomplete, catalogRejectsAt, knownSubject, rejectRef, nextMarkAfter, nextAfter } from "./history.js";
