import { formatTimestamp } from "../_internal/time.js";
import { Store } from "./store.js";
import type { Mark, Rejected, RejectRecord } from "./types.js";

const STORE: unique symbol = Symbol("lawful-crm.store");

/** One unvoided reject and what it makes incomplete. */
export interface IncompleteMark {
  /** `"catalog"` makes every subject incomplete; `"subject"` makes one subject incomplete. */
  readonly scope: "catalog" | "subject";
  /** The subject, when `scope` is `"subject"`. */
  readonly subject?: string;
  /** From when (inclusive): the reject's `at`, or `"always"` when its `at` was not a valid timestamp. */
  readonly from: string;
  /** Position of the rejected item. */
  readonly position: number;
  /** Its id when it had one. */
  readonly id?: string;
}

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
  const s = (ledger as LedgerInternal)[STORE];
  if (!(s instanceof Store)) throw new LawfulCrmError("NOT_A_LEDGER", "expected a Ledger made by replay() or apply().");
  return s;
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
 * import { LawfulCrmError } from "lawful-crm";
 * try { /* misuse *\/ } catch (e) { if (e instanceof LawfulCrmError) console.error(e.code); }
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

function publicReject(r: RejectRecord, size: number): Rejected {
  const voided = isVoided(r, size);
  const known = publicForms.get(r);
  if (known !== undefined && known.voided === voided) return known.value;
  const out: Record<string, unknown> = { position: r.position };
  if (r.id !== undefined) out["id"] = r.id;
  if (r.type !== undefined) out["type"] = r.type;
  if (r.subject !== undefined) out["subject"] = r.subject;
  if (r.at !== undefined) out["at"] = r.at;
  out["code"] = r.code;
  out["reason"] = r.reason;
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
function snapshot(store: Store, prev: LedgerInternal | undefined): Ledger {
  const size = store.size;
  const before = prev?.[LISTS];
  const lists: PublicLists = { size, rejectCount: store.rejects.length, voidCount: store.voidCount, duplicateCount: store.duplicates.length };
  const rejectsSame = before !== undefined && before.rejectCount === lists.rejectCount && before.voidCount === lists.voidCount;
  const dupsSame = before !== undefined && before.duplicateCount === lists.duplicateCount;
  const ledger = { size, accepted: store.accepted };
  Object.defineProperties(ledger, {
    duplicates: {
      enumerable: true,
      get: () => (lists.duplicates ??= dupsSame && before.duplicates !== undefined ? before.duplicates : Object.freeze(store.duplicates.slice(0, lists.duplicateCount))),
    },
    rejected: {
      enumerable: true,
      get: () => {
        if (lists.rejected !== undefined) return lists.rejected;
        if (rejectsSame && before.rejected !== undefined) return (lists.rejected = before.rejected);
        const rs: Rejected[] = [];
        for (let k = 0; k < lists.rejectCount; k++) rs.push(publicReject(store.rejects[k]!, size));
        return (lists.rejected = Object.freeze(rs));
      },
    },
    incomplete: {
      enumerable: true,
      get: () => {
        if (lists.incomplete !== undefined) return lists.incomplete;
        if (rejectsSame && before.incomplete !== undefined) return (lists.incomplete = before.incomplete);
        return (lists.incomplete = Object.freeze(incompleteMarks(store.rejects.slice(0, lists.rejectCount), size)));
      },
    },
    [STORE]: { value: store, enumerable: false },
    [LISTS]: { value: lists, enumerable: false },
  });
  return Object.freeze(ledger) as Ledger;
}

/** A ledger over a store built elsewhere (a restored snapshot, src/snapshot). Internal. */
export function ledgerOfStore(store: Store): Ledger {
  return snapshot(store, undefined);
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
 * ]);
 * console.log(ledger.accepted, ledger.rejected.length); // 1 0
 * ```
 */
export function replay(events: Iterable<unknown>): Ledger {
  if (events === null || events === undefined || typeof (events as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function") {
    throw new LawfulCrmError("INVALID_ARGUMENT", "replay() expects an iterable of events (an array, a generator, ...).");
  }
  const store = new Store();
  for (const item of events) store.push(item);
  return snapshot(store, undefined);
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
 * console.log(before.size, after.size); // 0 1
 * ```
 */
export function apply(ledger: Ledger, event: unknown): Ledger {
  let store = storeOf(ledger);
  if (store.size !== ledger.size) {
    // An older snapshot: rebuild its store so that the newer one stays intact.
    const fork = new Store();
    for (let i = 0; i < ledger.size; i++) fork.push(store.log[i]);
    store = fork;
  }
  store.push(event);
  return snapshot(store, ledger as LedgerInternal);
}
