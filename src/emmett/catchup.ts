/**
 * Catching a ledger up from a store position: an instance restores a
 * snapshot (or keeps a ledger it built), then applies what any instance
 * appended to the store's global log after the position the ledger holds.
 * The global log is read through a {@link GlobalLogReader}: Emmett's
 * PostgreSQL store has one (`readMessagesBatch`), the in-memory store gets
 * one from {@link recordGlobalLog}. Emmett's core `EventStore` interface has
 * no read of the whole log, so the reader is the caller's to give.
 */
import { apply, LawfulCrmError, snapshotPosition, type Ledger } from "../index.js";
import { fromEmmettEvent, type EmmettEventLike } from "./events.js";
import { CATALOG_STREAM, globalPositionOf } from "./streams.js";

/** One batch of the global log: the shape `readMessagesBatch` of `@event-driven-io/emmett-postgresql` returns. */
export interface GlobalLogBatch {
  /** Recorded messages, each with `metadata.globalPosition` (and `metadata.streamName`). */
  readonly messages: readonly EmmettEventLike[];
  /** True when more messages may follow this batch. */
  readonly areMessagesLeft: boolean;
}

/**
 * Reads the messages of the store's global log whose global position is
 * greater than `after`, at most `batchSize` of them, in log order. With
 * Emmett's PostgreSQL store:
 * `(options) => readMessagesBatch(pool.execute, options)`.
 */
export type GlobalLogReader = (options: { readonly after: bigint; readonly batchSize: number }) => Promise<GlobalLogBatch>;

/** Options of {@link catchUp}. */
export interface CatchUpOptions {
  /**
   * The global position the ledger holds everything up to; default: the
   * position of the snapshot the ledger was restored from
   * (`snapshotPosition`), or 0 for an empty ledger. Required otherwise.
   */
  readonly after?: bigint | number;
  /** Messages per read; default 1000. */
  readonly batchSize?: number;
  /**
   * Which streams hold the ledger's events; default: the catalog stream
   * (`lawful_crm-catalog`) and the default subject streams
   * (`lawful_crm_subject-…`). Give it when the handler was given another
   * stream naming. Messages of other streams (another application's) are
   * skipped, as `readLedger` never reads them; a message without a stream
   * name is applied.
   */
  readonly isLedgerStream?: (streamName: string) => boolean;
}

/** What {@link catchUp} returns. */
export interface CaughtUp {
  /** The ledger with every new event of the ledger's streams applied, in log order. */
  readonly ledger: Ledger;
  /** The greatest global position read (the `after` given when nothing was new): pass it to `snapshot` or to the next `catchUp`. */
  readonly position: bigint;
  /** How many messages were applied. */
  readonly applied: number;
}

const DEFAULT_BATCH = 1000;
const SUBJECT_PREFIX = "lawful_crm_subject-";

const defaultIsLedgerStream = (name: string): boolean => name === CATALOG_STREAM || name.startsWith(SUBJECT_PREFIX);

/** The position to read after, from the options or the ledger; a LawfulCrmError when neither says. */
function startOf(ledger: Ledger, after: unknown): bigint {
  if (after === undefined) {
    const p = snapshotPosition(ledger);
    if (p !== undefined) return BigInt(p);
    if (ledger.size === 0) return 0n;
    throw new LawfulCrmError(
      "INVALID_ARGUMENT",
      "catchUp(): the ledger was not restored from a snapshot with a position: give options.after, the global position it holds everything up to (applying the log again would count every event twice as duplicates).",
    );
  }
  if (typeof after === "bigint" && after >= 0n) return after;
  if (typeof after === "number" && Number.isSafeInteger(after) && after >= 0) return BigInt(after);
  throw new LawfulCrmError("INVALID_ARGUMENT", "catchUp(): options.after must be a non-negative bigint or safe integer (a global position).");
}

const positionOf = (m: EmmettEventLike): bigint => globalPositionOf(m, streamOf(m) ?? "#global");

function streamOf(m: EmmettEventLike): string | undefined {
  const meta = m.metadata as { streamName?: unknown } | undefined;
  return typeof meta?.streamName === "string" ? meta.streamName : undefined;
}

/**
 * Applies to `ledger` every event appended to the store's global log after
 * a position (by default the one recorded in the snapshot the ledger was
 * restored from), in the log's order, and returns the new ledger with the
 * greatest global position read. The result answers as `readLedger` of the
 * whole store (every subject) would. Events of streams that are not the
 * ledger's are skipped; a message that is not a valid event is kept as a
 * reject, as `apply` keeps it. Throws a `LawfulCrmError` for a bad argument,
 * and passes on what the reader throws (the ledger given is unchanged).
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { replay, restore, snapshot } from "lawful-crm";
 * import { catchUp, LawfulCrmCommandHandler, recordGlobalLog } from "lawful-crm/emmett";
 * const log = recordGlobalLog(); // the in-memory store's global log; with PostgreSQL: (o) => readMessagesBatch(pool.execute, o)
 * const eventStore = getInMemoryEventStore({ hooks: { onAfterCommit: log.onAfterCommit } });
 * const handle = LawfulCrmCommandHandler();
 * await handle(eventStore, { type: "registerSource", data: { source: "web", kind: "form", assessment: "DPIA-1" } });
 * const first = await catchUp(log.read, replay([])); // the whole log
 * const bytes = snapshot(first.ledger, { position: first.position });
 * await handle(eventStore, { type: "restrictProcessing", subject: "anna", data: { reason: "Accuracy contested" } }); // another instance
 * const restored = restore(bytes);
 * if ("error" in restored) throw new Error(restored.error.message);
 * const { ledger, position } = await catchUp(log.read, restored);
 * console.log(ledger.accepted, position); //=> 2 2n
 * ```
 */
export async function catchUp(read: GlobalLogReader, ledger: Ledger, options: CatchUpOptions = {}): Promise<CaughtUp> {
  if (typeof read !== "function") throw new LawfulCrmError("INVALID_ARGUMENT", "catchUp(): read must be a function (options) => Promise<{ messages, areMessagesLeft }>, such as readMessagesBatch bound to a pool.");
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new LawfulCrmError("INVALID_ARGUMENT", "catchUp(): options.batchSize must be a positive integer.");
  const isLedgerStream = options.isLedgerStream ?? defaultIsLedgerStream;
  let position = startOf(ledger, options.after);
  let current = ledger;
  let applied = 0;
  for (;;) {
    const after = position;
    const batch = await read({ after, batchSize });
    // In the order of the global position, as readLedger and replayRecorded replay (a reader may give
    // a batch in commit order: PostgreSQL's readMessagesBatch orders by transaction first).
    const ordered = batch.messages.map((m, k) => ({ m, k, gp: positionOf(m) })).sort((a, b) => (a.gp < b.gp ? -1 : a.gp > b.gp ? 1 : a.k - b.k));
    for (const { m, gp } of ordered) {
      // A reader may repeat what precedes `after` (an overlapping batch): it is in the ledger already.
      if (gp <= after) continue;
      if (gp > position) position = gp;
      const stream = streamOf(m);
      if (stream !== undefined && !isLedgerStream(stream)) continue;
      current = apply(current, fromEmmettEvent(m));
      applied++;
    }
    if (!batch.areMessagesLeft || position === after) break;
  }
  return Object.freeze({ ledger: current, position, applied });
}

/** The in-memory store's global log, as {@link recordGlobalLog} records it. */
export interface RecordedGlobalLog {
  /** Give it to `getInMemoryEventStore({ hooks: { onAfterCommit } })`: it records every committed message. */
  readonly onAfterCommit: (messages: readonly EmmettEventLike[]) => void;
  /** A {@link GlobalLogReader} over what was recorded. */
  readonly read: GlobalLogReader;
}

/**
 * A global log for Emmett's in-memory store, which has no read of its whole
 * log: pass `onAfterCommit` to the store's hooks when you make it, and
 * `read` to {@link catchUp}. For tests and single-process use; a database
 * store reads its own log (PostgreSQL: `readMessagesBatch`).
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { CATALOG_STREAM, recordGlobalLog, toEmmettEvent } from "lawful-crm/emmett";
 * const log = recordGlobalLog();
 * const eventStore = getInMemoryEventStore({ hooks: { onAfterCommit: log.onAfterCommit } });
 * await eventStore.appendToStream(CATALOG_STREAM, [toEmmettEvent({ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } })]);
 * const batch = await log.read({ after: 0n, batchSize: 100 });
 * console.log(batch.messages.length, batch.areMessagesLeft); //=> 1 false
 * ```
 */
export function recordGlobalLog(): RecordedGlobalLog {
  const messages: { readonly m: EmmettEventLike; readonly gp: bigint }[] = [];
  return Object.freeze({
    onAfterCommit(batch: readonly EmmettEventLike[]) {
      for (const m of batch) {
        const gp = positionOf(m);
        // Kept in global order (one process commits in that order; an out-of-order hook call is sorted in).
        let k = messages.length;
        while (k > 0 && messages[k - 1]!.gp > gp) k--;
        messages.splice(k, 0, { m, gp });
      }
    },
    read({ after, batchSize }: { readonly after: bigint; readonly batchSize: number }) {
      // Commits arrive in global order in one process; binary search for the first after `after`.
      let lo = 0;
      let hi = messages.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (messages[mid]!.gp <= after) lo = mid + 1;
        else hi = mid;
      }
      const slice = messages.slice(lo, lo + batchSize).map((x) => x.m);
      return Promise.resolve({ messages: slice, areMessagesLeft: lo + batchSize < messages.length });
    },
  });
}
