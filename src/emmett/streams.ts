/**
 * Stream names, global positions, and the uncached read side.
 */
import type { EventStore } from "@event-driven-io/emmett";
import { LawfulCrmError, mergedSubjects, replay, type Ledger } from "../index.js";
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
 * console.log(subjectStream("anna")); //=> lawful_crm_subject-anna
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
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { LawfulCrmCommandHandler, CATALOG_STREAM, replayRecorded, subjectStream } from "lawful-crm/emmett";
 * const eventStore = getInMemoryEventStore();
 * const handle = LawfulCrmCommandHandler();
 * await handle(eventStore, { type: "registerSource", data: { source: "web", kind: "form", assessment: "DPIA-1" } });
 * await handle(eventStore, { type: "restrictProcessing", subject: "anna", data: { reason: "Accuracy contested" } });
 * // Recorded events from any read (a stream, a batch of the whole log), in any order: sorted by global position.
 * const recorded = [...(await eventStore.readStream(subjectStream("anna"))).events, ...(await eventStore.readStream(CATALOG_STREAM)).events];
 * const ledger = replayRecorded(recorded);
 * console.log("accepted:", ledger.accepted); //=> accepted: 2
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
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { canUse } from "lawful-crm";
 * import { LawfulCrmCommandHandler, readLedger } from "lawful-crm/emmett";
 * const eventStore = getInMemoryEventStore();
 * const handle = LawfulCrmCommandHandler();
 * await handle(eventStore, { type: "declarePurpose", data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } });
 * const ledger = await readLedger(eventStore, { subjects: ["anna"] });
 * const actor = { id: "mia", roles: ["marketer"] };
 * const d = canUse(ledger, { subject: "anna", purpose: "marketing", fields: ["email"], actor, at: new Date().toISOString() });
 * console.log("allowed:", d.allowed, d.reasons.map((r) => r.code)); //=> allowed: false [ 'UNKNOWN_SUBJECT' ]
 * ```
 */
export async function readLedger(eventStore: EventStore, options: ReadLedgerOptions = {}): Promise<Ledger> {
  const catalog = options.catalogStream ?? CATALOG_STREAM;
  const naming = options.subjectStream ?? subjectStream;
  const { ledger } = await readWithMerges(eventStore, catalog, naming, options.subjects ?? [], options.streams ?? []);
  return ledger;
}

/**
 * The subjects whose streams a reader of `subject` needs (issue 14): those
 * merged into it, and the `from` of each merge about it that was rejected,
 * since a merge read without the stream of `from` is rejected (`from` has no
 * event): read with it, it may be accepted.
 */
export function mergeCandidates(ledger: Ledger, subject: string): string[] {
  const out = [...mergedSubjects(ledger, subject)];
  for (const r of ledger.rejected) {
    if (r.type !== "SubjectsMerged" || r.subject !== subject) continue;
    const from = (r.event as { data?: { from?: unknown } } | undefined)?.data?.from;
    if (typeof from === "string" && from !== "" && !out.includes(from)) out.push(from);
  }
  return out;
}

/**
 * Reads the catalog, the subjects' streams and the streams of every subject
 * merged into one of them (issue 14: the merge is in its survivor's stream;
 * chains are followed until no new subject appears), merged by global
 * position, and replays them.
 */
export async function readWithMerges(
  eventStore: EventStore,
  catalog: string,
  naming: (subject: string) => string,
  subjects: readonly string[],
  streams: readonly string[] = [],
): Promise<{ reads: StreamRead[]; log: Record<string, unknown>[]; ledger: Ledger }> {
  const names = new Set(subjects);
  for (;;) {
    const { reads, log } = await readStreams(eventStore, [catalog, ...[...names].map(naming), ...streams]);
    const ledger = replay(log);
    const more = [...names].flatMap((s) => mergeCandidates(ledger, s)).filter((s) => !names.has(s));
    if (more.length === 0) return { reads, log, ledger };
    for (const s of more) names.add(s);
  }
}
