/**
 * What the ledger cache (cache.ts) reads from an Emmett event
 * store: its public option and stats types, one event as read (stream,
 * global and stream position, instant, id), and reading a stream's tail
 * after a stream position whatever the store's meaning of `from`.
 */
import type { EventStore } from "@event-driven-io/emmett";
import type { Ledger } from "../index.js";
import { fromEmmettEvent } from "./events.js";
import { globalPositionOf, type Recorded, type StreamNaming } from "./streams.js";

/** Options of `ledgerCache`. */
export interface LedgerCacheOptions extends StreamNaming {
  /**
   * How many subject events (plus subjects) the cached ledger may hold before
   * it starts over with the catalog and the subjects of the call at hand;
   * default 100,000. Never fewer than the catalog's own events, so that
   * starting over costs at most one replay of the catalog per as many subject
   * events as the catalog holds.
   */
  readonly maxSubjectEvents?: number;
}

/** What a {@link LedgerCache} holds and has done, for monitoring and tests. */
export interface LedgerCacheStats {
  /** The catalog stream's version (stream position of its last event) read so far. */
  readonly catalogVersion: bigint;
  /** Catalog events held. */
  readonly catalogEvents: number;
  /** Subjects whose streams the cached ledger holds. */
  readonly subjects: number;
  /** Subject events the cached ledger holds. */
  readonly subjectEvents: number;
  /** Events read from the store since the cache was made. */
  readonly eventsRead: number;
  /** Events folded into ledgers (by `apply` or a replay) since the cache was made. */
  readonly eventsFolded: number;
  /** How many times the ledger was rebuilt from the catalog (an order the checks could not keep, a size limit, a stream that concerns more than its subject). */
  readonly rebuilds: number;
}

/** Options of {@link LedgerCache.readLedger}. */
export interface CachedReadOptions {
  /** The subjects whose streams to read with the catalog (none: the catalog alone). */
  readonly subjects?: readonly string[];
}

/**
 * A ledger of the catalog and of the subjects read through it, caught up by
 * stream position on every call. Made by `ledgerCache`; the command
 * handler keeps one per event store.
 */
export interface LedgerCache {
  /** The store this cache reads. */
  readonly eventStore: EventStore;
  /**
   * Catches up the catalog and the given subjects' streams and returns a
   * ledger answering for those subjects as a replay of the catalog and their
   * streams in global order would. Without subjects: exactly the catalog.
   * The ledger may hold other subjects read before; ask it about the
   * subjects you named.
   */
  readLedger(options?: CachedReadOptions): Promise<Ledger>;
  /** What the cache holds and has done. */
  stats(): LedgerCacheStats;
}

/** One event as the cache reads it. */
export interface Read {
  /** The wire-format event. */
  readonly raw: Record<string, unknown>;
  readonly stream: string;
  /** The subject whose stream it was read from; undefined for the catalog stream. */
  readonly subject: string | undefined;
  /** Global position; for the handler's own appends an upper bound of it. */
  readonly gp: bigint;
  /** Stream position. */
  readonly pos: bigint;
  /** `at` in epoch ms, for the order check; undefined when not a timestamp. */
  readonly t: number | undefined;
  readonly id: string | undefined;
}

export function byGlobalPosition(a: Read, b: Read): number {
  return a.gp < b.gp ? -1 : a.gp > b.gp ? 1 : 0;
}

export function instantOf(raw: Record<string, unknown>): number | undefined {
  const at = raw["at"];
  if (typeof at !== "string") return undefined;
  const t = Date.parse(at);
  return Number.isFinite(t) ? t : undefined;
}

export function stringId(raw: Record<string, unknown>): string | undefined {
  const id = raw["id"];
  return typeof id === "string" && id !== "" ? id : undefined;
}

export function voidData(raw: Record<string, unknown>): { event: unknown; position: unknown } | undefined {
  if (raw["type"] !== "EventVoided") return undefined;
  const d = typeof raw["data"] === "object" && raw["data"] !== null ? (raw["data"] as Record<string, unknown>) : {};
  return { event: d["event"], position: d["position"] };
}

function streamPositionOf(e: Recorded): bigint | undefined {
  const p = (e.metadata as { streamPosition?: unknown } | undefined)?.streamPosition;
  if (typeof p === "bigint") return p;
  if (typeof p === "number" && Number.isSafeInteger(p)) return BigInt(p);
  return undefined;
}

function toRead(e: Recorded, stream: string, subject: string | undefined, pos: bigint): Read {
  const raw = fromEmmettEvent(e);
  return { raw, stream, subject, gp: globalPositionOf(e, stream), pos, t: instantOf(raw), id: stringId(raw) };
}

/**
 * The events of `stream` after stream position `after`. Stores disagree on
 * what `from` means (the in-memory store skips `from` events, the SQL stores
 * start at position `from`), so read from `after` and keep the positions
 * beyond it; without stream positions, read the whole stream.
 */
export async function readTail(store: EventStore, stream: string, subject: string | undefined, after: bigint): Promise<Read[]> {
  const r = await store.readStream(stream, after > 0n ? { from: after } : undefined);
  const events = r.events as Recorded[];
  const positions = events.map(streamPositionOf);
  if (positions.every((p) => p !== undefined)) {
    const out: Read[] = [];
    events.forEach((e, k) => {
      if (positions[k]! > after) out.push(toRead(e, stream, subject, positions[k]!));
    });
    return out;
  }
  const all = after > 0n ? ((await store.readStream(stream)).events as Recorded[]) : events;
  return all.slice(Number(after)).map((e, k) => toRead(e, stream, subject, after + BigInt(k + 1)));
}

/** The larger of two global positions, the first possibly unknown. */
export function max(a: bigint | undefined, b: bigint): bigint {
  return a === undefined || b > a ? b : a;
}
