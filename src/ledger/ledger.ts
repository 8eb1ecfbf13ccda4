import { BigMap, type MapLike } from "../_internal/bigmap.js";
import { describeThrown } from "../_internal/guard.js";
import { formatTimestamp } from "../_internal/time.js";
import { mergedIds } from "./merges.js";
import { Store } from "./store.js";
import type { IncompleteMark, Mark, Rejected, RejectRecord } from "./types.js";

const STORE: unique symbol = Symbol("lawful-crm.store");

/**
 * The immutable result of folding an event log: what was accepted, skipped
 * (exact duplicates), rejected and voided, with every projection answered
 * from it for any instant. Create one with {@link replay}, extend it with
 * {@link apply}; query it with `profile`, `canUse` and the reports.
 */
export interface Ledger {
  /** Number of input items folded (accepted, duplicate or rejected). */
  readonly size: number;
  /** Number of accepted events. */
  readonly accepted: number;
  /** Positions of exact duplicates (skipped). */
  readonly duplicates: readonly number[];
  /** Every rejected item, in log order, with its position, id, reason and whether it was voided. */
  readonly rejected: readonly Rejected[];
  /** Every unvoided reject with what it makes incomplete and from when. */
  readonly incomplete: readonly IncompleteMark[];
}

const LISTS: unique symbol = Symbol("lawful-crm.lists");

interface LedgerInternal extends Ledger {
  readonly [STORE]: Store;
  readonly [LISTS]: PublicLists;
}

/** The store behind a ledger; internal to the library. */
export function storeOf(ledger: Ledger): Store {
  let s: unknown;
  try {
    s = (ledger as LedgerInternal)[STORE];
  } catch {
    // A Proxy or getter that throws is not a ledger either: misuse, reported as such.
    s = undefined;
  }
  if (!(s instanceof Store)) throw new LawfulCrmError("NOT_A_LEDGER", "expected a Ledger made by replay() or apply().");
  return s;
}

/**
 * A store whose newest snapshot is `ledger`, to append to or to dry-run an
 * append on: the ledger's own store when it is the newest, else a fork
 * rebuilt from the ledger's items, so that the newer snapshots stay intact.
 */
export function appendableStore(ledger: Ledger): Store {
  const store = storeOf(ledger);
  if (store.size === ledger.size) return store;
  const fork = new Store();
  for (let i = 0; i < ledger.size; i++) fork.pushEntry(store.log[i]!);
  // A streamed replay's rejects keep the line they came from.
  const notes = SOURCE_NOTES.get(store);
  if (notes !== undefined) SOURCE_NOTES.set(fork, new BigMap([...notes].filter(([pos]) => pos < ledger.size)));
  return fork;
}

/** Error codes of programmer errors (misuse of the API), the only exceptions the library throws. */
export type LawfulCrmErrorCode = "NOT_A_LEDGER" | "INVALID_ARGUMENT";

/**
 * The one error class the library throws, for programmer errors only (a
 * value that is not a ledger, a wrong argument type); expected failures are
 * returned as values.
 *
 * @example
 * ```ts
 * import { LawfulCrmError, profile, replay } from "lawful-crm";
 * const notALedger = JSON.parse(JSON.stringify(replay([]))); // a ledger sent through JSON is a ledger no more
 * try { profile(notALedger, "anna"); } catch (e) { if (e instanceof LawfulCrmError) console.error(e.code); } //=> NOT_A_LEDGER
 * ```
 */
export class LawfulCrmError extends Error {
  constructor(
    readonly code: LawfulCrmErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "LawfulCrmError";
  }
}

function fromLabel(from: number): string {
  return from === -Infinity ? "always" : formatTimestamp(from);
}

/** The public, frozen form of a reject at a snapshot, reused while its voided state does not change. */
const publicForms = new WeakMap<RejectRecord, { voided: boolean; value: Rejected }>();

function publicReject(r: RejectRecord, size: number, source: SourceNote | undefined): Rejected {
  const voided = isVoided(r, size);
  const known = publicForms.get(r);
  if (known !== undefined && known.voided === voided) return known.value;
  const out: Record<string, unknown> = { position: r.position };
  if (source !== undefined) out["line"] = source.line;
  if (r.id !== undefined) out["id"] = r.id;
  if (r.type !== undefined) out["type"] = r.type;
  if (r.subject !== undefined) out["subject"] = r.subject;
  if (r.at !== undefined) out["at"] = r.at;
  out["code"] = r.code;
  out["reason"] = source?.reason ?? r.reason;
  if (r.raw !== undefined) out["event"] = r.raw;
  out["marks"] = Object.freeze(
    r.marks.map((m) =>
      Object.freeze("catalog" in m.scope ? { catalog: true as const, from: fromLabel(m.from) } : { subject: m.scope.subject, from: fromLabel(m.from) }),
    ),
  );
  if (voided) out["voidedBy"] = r.voidedBy;
  const value = Object.freeze(out) as unknown as Rejected;
  publicForms.set(r, { voided, value });
  return value;
}

/** True when reject `r` is voided as of a snapshot of `size` items. */
export function isVoided(r: RejectRecord, size: number): boolean {
  return r.voidedBy !== undefined && r.voidedBy < size;
}

function incompleteMarks(rejects: readonly RejectRecord[], size: number): IncompleteMark[] {
  const out: IncompleteMark[] = [];
  for (const r of rejects) {
    if (r.position >= size || isVoided(r, size)) continue;
    // A conflicting reuse marks what each copy would mark, each from its own
    // `at`: one scope marked by both copies is incomplete from the earlier one.
    const earliest = new Map<string, Mark>();
    for (const m of r.marks) {
      const key = "catalog" in m.scope ? "\u0000" : m.scope.subject;
      const prev = earliest.get(key);
      if (prev === undefined || m.from < prev.from) earliest.set(key, m);
    }
    for (const m of earliest.values()) {
      const base: Record<string, unknown> =
        "catalog" in m.scope ? { scope: "catalog" } : { scope: "subject", subject: m.scope.subject };
      base["from"] = fromLabel(m.from);
      base["position"] = r.position;
      if (r.id !== undefined) base["id"] = r.id;
      out.push(Object.freeze(base) as unknown as IncompleteMark);
    }
  }
  return out;
}

/** The lists a snapshot shares with its predecessor when nothing changed them. */
interface PublicLists {
  readonly store: Store;
  /** The previous snapshot's lists, whose arrays this one may share. */
  before: PublicLists | undefined;
  readonly size: number;
  readonly rejectCount: number;
  readonly voidCount: number;
  rejected?: readonly Rejected[];
  incomplete?: readonly IncompleteMark[];
  duplicates?: readonly number[];
  readonly duplicateCount: number;
}

/**
 * A snapshot of the store at its current size. `rejected`, `incomplete` and
 * `duplicates` are built on first read (and shared with the previous snapshot
 * while no reject, void or duplicate came in between): appending to a ledger
 * costs O(1) amortised however many items it has rejected.
 */
/** A snapshot's lists, built on first read; the getters are shared by every snapshot (they read `this`). */
const LIST_GETTERS: PropertyDescriptorMap = {
  duplicates: {
    enumerable: true,
    get(this: LedgerInternal) {
      const lists = this[LISTS];
      if (lists.duplicates !== undefined) return lists.duplicates;
      const before = lists.before;
      return (lists.duplicates =
        before !== undefined && before.duplicateCount === lists.duplicateCount && before.duplicates !== undefined
          ? before.duplicates
          : Object.freeze(lists.store.duplicates.slice(0, lists.duplicateCount)));
    },
  },
  rejected: {
    enumerable: true,
    get(this: LedgerInternal) {
      const lists = this[LISTS];
      if (lists.rejected !== undefined) return lists.rejected;
      const before = lists.before;
      if (before !== undefined && sameRejects(before, lists) && before.rejected !== undefined) return (lists.rejected = before.rejected);
      const rs: Rejected[] = [];
      const notes = SOURCE_NOTES.get(lists.store);
      for (let k = 0; k < lists.rejectCount; k++) {
        const r = lists.store.rejects[k]!;
        rs.push(publicReject(r, lists.size, notes?.get(r.position)));
      }
      return (lists.rejected = Object.freeze(rs));
    },
  },
  incomplete: {
    enumerable: true,
    get(this: LedgerInternal) {
      const lists = this[LISTS];
      if (lists.incomplete !== undefined) return lists.incomplete;
      const before = lists.before;
      if (before !== undefined && sameRejects(before, lists) && before.incomplete !== undefined) return (lists.incomplete = before.incomplete);
      return (lists.incomplete = Object.freeze(incompleteMarks(lists.store.rejects.slice(0, lists.rejectCount), lists.size)));
    },
  },
};

const sameRejects = (a: PublicLists, b: PublicLists) => a.rejectCount === b.rejectCount && a.voidCount === b.voidCount;

/**
 * A snapshot of the store at its current size. `rejected`, `incomplete` and
 * `duplicates` are built on first read (and shared with the previous snapshot
 * while no reject, void or duplicate came in between): appending to a ledger
 * costs O(1) amortised however many items it has rejected.
 */
function snapshot(store: Store, prev: LedgerInternal | undefined): Ledger {
  const size = store.size;
  const before = prev?.[LISTS];
  // The previous snapshot's lists are kept only while they can still be shared (read, or readable later).
  const lists: PublicLists = { store, size, rejectCount: store.rejects.length, voidCount: store.voidCount, duplicateCount: store.duplicates.length, before };
  if (before !== undefined) before.before = undefined;
  const ledger = { size, accepted: store.accepted };
  Object.defineProperty(ledger, STORE, { value: store });
  Object.defineProperty(ledger, LISTS, { value: lists });
  Object.defineProperties(ledger, LIST_GETTERS);
  return Object.freeze(ledger) as Ledger;
}

/**
 * A ledger over a store built elsewhere (a restored snapshot, src/snapshot),
 * with the source lines of its streamed rejects when it had some. Internal.
 */
export function ledgerOfStore(store: Store, notes?: MapLike<number, SourceNote>): Ledger {
  if (notes !== undefined && notes.size > 0) SOURCE_NOTES.set(store, new BigMap(notes));
  return snapshot(store, undefined);
}

/** The source lines of a streamed replay's rejects, by position (what a snapshot keeps of them). Internal. */
export function sourceNotesOf(store: Store): MapLike<number, SourceNote> | undefined {
  return SOURCE_NOTES.get(store);
}

/**
 * Folds raw JSON events, in log order, into an immutable {@link Ledger}. It
 * never throws on bad events: each is kept in `ledger.rejected` with its
 * position and reason, and makes the catalog or its subject incomplete until
 * an `EventVoided` voids it. Exact duplicates (same id, same content) are
 * skipped and counted. The ledger shares no object with the input.
 *
 * @example
 * ```ts
 * import { replay } from "lawful-crm";
 * const ledger = replay([
 *   { id: "e1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z",
 *     data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
 *   { id: "e2", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "sales" } }, // no description, no basis
 * ]);
 * console.log("accepted:", ledger.accepted, "rejected:", ledger.rejected.map((r) => r.id)); //=> accepted: 1 rejected: [ 'e2' ]
 * ```
 */
export function replay(events: Iterable<unknown>): Ledger {
  return snapshot(replayInto(new Store(), events), undefined);
}

/**
 * Folds the items of the caller's iterable into `store`. An argument that is
 * not iterable, or whose iteration throws (a generator, a Proxy, a getter on
 * an array's element), is misuse: a LawfulCrmError INVALID_ARGUMENT that
 * quotes the exception, never the caller's exception itself. The store reads
 * each item under guard.
 */
function replayInto(store: Store, events: Iterable<unknown>): Store {
  const misuse = (e: unknown) => new LawfulCrmError("INVALID_ARGUMENT", `replay(): iterating the events threw ${describeThrown(e)}.`);
  let f: unknown;
  try {
    f = events === null || events === undefined ? undefined : (events as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  } catch (e) {
    throw misuse(e);
  }
  if (typeof f !== "function") throw new LawfulCrmError("INVALID_ARGUMENT", "replay() expects an iterable of events (an array, a generator, ...).");
  // The store never throws on an item: what is caught outside a push is the iteration's.
  let pushing = false;
  try {
    for (const item of events) {
      pushing = true;
      store.push(item);
      pushing = false;
    }
  } catch (e) {
    if (pushing) throw e;
    throw misuse(e);
  }
  return store;
}

/**
 * Adds one raw event to a ledger, returning a new ledger; the same result as
 * replaying the whole log with the event appended. The given ledger keeps
 * answering as before. Appending to the newest ledger costs O(1) amortised;
 * appending to an older one rebuilds its store first.
 *
 * @example
 * ```ts
 * import { apply, replay } from "lawful-crm";
 * const before = replay([]);
 * const after = apply(before, { id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } });
 * console.log("before:", before.size, "after:", after.size); //=> before: 0 after: 1
 * ```
 */
export function apply(ledger: Ledger, event: unknown): Ledger {
  const store = appendableStore(ledger);
  store.push(event);
  return snapshot(store, ledger as LedgerInternal);
}

// ------------------------------------------------------------------ streamed replay hook
// The one seam src/ndjson (replayStream) needs: a fold that takes items one at a
// time and remembers, per rejected position, the source line it came from and,
// for a line that could not be read at all, why. Kept beside the store rather
// than in it, so that the store knows nothing about where items come from.

/** Where a rejected item came from in a streamed source, and why it could not be read (when it could not). */
export interface SourceNote {
  readonly line: number;
  readonly reason?: string;
}

// Per rejected item: a BigMap, since a V8 Map holds at most 2^24 entries.
const SOURCE_NOTES = new WeakMap<Store, BigMap<number, SourceNote>>();

/** A replay fed one item at a time (internal: the engine of `replayStream`). */
export interface ItemFold {
  /** Folds one item that came from `line` of the source, exactly as `replay` folds it. */
  push(item: unknown, line: number): void;
  /**
   * Folds an item that could not be read (not JSON, not UTF-8): `text` is what
   * is kept of it as the reject's `event` (absent when nothing can be kept),
   * `reason` replaces the decode error. It marks what any undecodable item marks.
   */
  pushUnreadable(text: string | undefined, reason: string, line: number): void;
  /** The ledger of everything pushed so far. */
  ledger(): Ledger;
}

/** Starts a fold for a streamed replay; `ledger()` equals `replay` of the pushed items, rejects carrying their `line`. */
export function startFold(): ItemFold {
  const store = new Store();
  const notes = new BigMap<number, SourceNote>();
  SOURCE_NOTES.set(store, notes);
  return {
    push(item, line) {
      const pos = store.size;
      if (store.push(item) === "rejected") notes.set(pos, { line });
    },
    pushUnreadable(text, reason, line) {
      const pos = store.size;
      // A string is kept as it is (it is JSON, and no event); `undefined` is not JSON, so nothing is kept.
      if (store.push(text) === "rejected") notes.set(pos, { line, reason });
    },
    ledger() {
      return snapshot(store, undefined);
    },
  };
}

/**
 * The subjects merged into `subject` in `ledger` (issue 14), following
 * chains, in the order the merges were accepted: the records of the same
 * person whose events its merged history holds, whatever the merges'
 * instants. Empty for a subject no merge names, or that is not a string.
 *
 * @example
 * ```ts
 * import { mergedSubjects, replay } from "lawful-crm";
 * const at = "2024-03-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "e1", type: "ObjectionRaised", at, subject: "anna-web", data: { purposes: ["marketing"], channel: "letter" } },
 *   { id: "e2", type: "SubjectsMerged", at, subject: "anna", data: { from: "anna-web", reason: "same person" } },
 * ]);
 * console.log("merged into anna:", mergedSubjects(ledger, "anna")); //=> merged into anna: [ 'anna-web' ]
 * ```
 */
export function mergedSubjects(ledger: Ledger, subject: string): readonly string[] {
  if (typeof subject !== "string") return Object.freeze([]);
  return Object.freeze(mergedIds(storeOf(ledger), ledger.size, subject).slice(1));
}
