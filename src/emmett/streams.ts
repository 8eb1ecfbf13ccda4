/**
 * Stream names, global positions, and the uncached read side.
 */
import type { EventStore } from "@event-driven-io/emmett";
import { LawfulCrmError, replay, type Ledger } from "../index.js";
import { fromEmmettEvent, type EmmettEventLike } from "./events.js";

// ----------------------------------------------------------------- streams

/** The default name of the catalog stream. */
export const CATALOG_STREAM = "lawful_crm-catalog";

/**
 * The default name of a subject's stream: `lawful_crm_subject-<subject>`
 * (Emmett stores take the part before the first `-` as the stream type).
 *
 * @example
 * ```ts
 * import { subjectStream } from "lawful-crm/emmett";
 * subjectStream("anna"); // "lawful_crm_subject-anna"
 * ```
 */
export function subjectStream(subject: string): string {
  return `lawful_crm_subject-${subject}`;
}

/** Where the catalog and the subjects live. */
export interface StreamNaming {
  /** The catalog stream; default {@link CATALOG_STREAM}. */
  readonly catalogStream?: string;
  /** A subject's stream; default {@link subjectStream}. */
  readonly subjectStream?: (subject: string) => string;
}

/** A recorded event as a store returns it. */
export type Recorded = EmmettEventLike & { readonly metadata?: unknown };

/** The event's `metadata.globalPosition`, or a `LawfulCrmError` naming the stream when the store records none. */
export function globalPositionOf(e: Recorded, stream: string): bigint {
  const m = e.metadata as { globalPosition?: unknown } | undefined;
  const p = m?.globalPosition;
  if (typeof p === "bigint") return p;
  if (typeof p === "number" && Number.isSafeInteger(p)) return BigInt(p);
  throw new LawfulCrmError(
    "INVALID_ARGUMENT",
    `an event read from stream ${JSON.stringify(stream)} has no global position: lawful-crm needs an event store that records one (metadata.globalPosition) to replay several streams in log order.`,
  );
}

/**
 * Replays recorded Emmett events in the order of their global position (the
 * log order replay needs), whatever order they are given in. Each must carry
 * `metadata.globalPosition`, as Emmett's in-memory, SQLite and PostgreSQL
 * stores record it.
 *
 * @example
 * ```ts
 * import { readMessagesBatch, sqliteConnection } from "@event-driven-io/emmett-sqlite";
 * import { replayRecorded } from "lawful-crm/emmett";
 * const { messages } = await readMessagesBatch(sqliteConnection({ fileName }), { from: 0n, to: 1_000_000n });
 * const ledger = replayRecorded(messages);
 * ```
 */
export function replayRecorded(events: Iterable<EmmettEventLike>): Ledger {
  const list = [...events].map((e, k) => ({ e, p: globalPositionOf(e, `#${k}`), k }));
  list.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : a.k - b.k));
  return replay(list.map((x) => fromEmmettEvent(x.e)));
}

export interface StreamRead {
  readonly name: string;
  readonly events: Recorded[];
  readonly version: bigint;
  readonly exists: boolean;
}

/** Reads whole streams and merges their events in the order of the global position. */
export async function readStreams(store: EventStore, names: readonly string[]): Promise<{ reads: StreamRead[]; log: Record<string, unknown>[] }> {
  const unique = [...new Set(names)];
  const reads: StreamRead[] = [];
  for (const name of unique) {
    const r = await store.readStream(name);
    reads.push({ name, events: r.events as Recorded[], version: r.currentStreamVersion as bigint, exists: r.streamExists });
  }
  const all: { e: Recorded; p: bigint }[] = [];
  for (const r of reads) for (const e of r.events) all.push({ e, p: globalPositionOf(e, r.name) });
  all.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  return { reads, log: all.map((x) => fromEmmettEvent(x.e)) };
}

/** Options of {@link readLedger}. */
export interface ReadLedgerOptions extends StreamNaming {
  /** The subjects whose streams to read with the catalog (none: the catalog alone). */
  readonly subjects?: readonly string[];
  /** Further streams to read, by name. */
  readonly streams?: readonly string[];
}

/**
 * The read side: a `Ledger` of the catalog stream and the given subjects'
 * streams, merged in the order of the store's global position. Query it
 * with `canUse`, `profile` and the reports of `lawful-crm`.
 *
 * @example
 * ```ts
 * import { canUse } from "lawful-crm";
 * import { readLedger } from "lawful-crm/emmett";
 * const ledger = await readLedger(eventStore, { subjects: ["anna"] });
 * canUse(ledger, { subject: "anna", purpose: "marketing", fields: ["email"], actor, at: new Date().toISOString() });
 * ```
 */
export async function readLedger(eventStore: EventStore, options: ReadLedgerOptions = {}): Promise<Ledger> {
  const catalog = options.catalogStream ?? CATALOG_STREAM;
  const naming = options.subjectStream ?? subjectStream;
  const names = [catalog, ...(options.subjects ?? []).map(naming), ...(options.streams ?? [])];
  const { log } = await readStreams(eventStore, names);
  return replay(log);
}
