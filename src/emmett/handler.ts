/**
 * The command handler over Emmett streams: the catalog on its own stream,
 * each subject on theirs, optimistic concurrency on the stream appended to,
 * and the ledger it decides against kept by a {@link LedgerCache}.
 */
import { isExpectedVersionConflictError, STREAM_DOES_NOT_EXIST, type EventStore, type ExpectedStreamVersion } from "@event-driven-io/emmett";
import { CATALOG_EVENT_TYPES, COMMAND_EVENTS, LawfulCrmError, replay, type CommandType, type Ledger } from "../index.js";
import { CacheImpl, type LedgerCache } from "./cache.js";
import { CommandRefusedError, emmettDecider, type EmmettDeciderOptions, type LawfulCrmEmmettCommand, type LawfulCrmEmmettDecider } from "./decider.js";
import { fromEmmettEvent, type LawfulCrmEmmettEvent } from "./events.js";
import { CATALOG_STREAM, mergeCandidates, readStreams, readWithMerges, subjectStream, type StreamNaming } from "./streams.js";

// ---------------------------------------------------------------- handling

/** Options of {@link LawfulCrmCommandHandler}. */
export interface LawfulCrmCommandHandlerOptions extends EmmettDeciderOptions, StreamNaming {
  /** How many times to re-read and re-decide when the stream changed meanwhile (a version conflict); default 3. */
  readonly retries?: number;
  /**
   * The ledger the handler decides against. Default: one {@link LedgerCache}
   * per event store the handler is called with, which reads the catalog once
   * and then only what was appended since. A `LedgerCache` of your own (to
   * share it with your reads; it must be for the store you call the handler
   * with). `false`: read and replay the catalog and the subject's stream on
   * every call.
   */
  readonly cache?: LedgerCache | false;
  /** The default cache's `maxSubjectEvents` (see {@link LedgerCacheOptions}). */
  readonly maxSubjectEvents?: number;
}

/** Per-call options of a handler made by {@link LawfulCrmCommandHandler}. */
export interface LawfulCrmHandleOptions {
  /**
   * Optimistic concurrency on the stream appended to; default: the version
   * read. `STREAM_DOES_NOT_EXIST` is passed on as version 0n, which every
   * Emmett store checks (the PostgreSQL store 0.42.0 does not check
   * `STREAM_DOES_NOT_EXIST` itself).
   */
  readonly expectedStreamVersion?: ExpectedStreamVersion;
  /**
   * For `voidEvent` only: the subject whose stream holds the rejected item.
   * The void is then checked against, and appended to, that subject's stream,
   * so that every ledger that reads the item also reads its void.
   */
  readonly subject?: string;
}

/** What a handler made by {@link LawfulCrmCommandHandler} returns. */
export interface LawfulCrmHandleResult {
  /** The stream appended to. */
  readonly streamName: string;
  /** The events appended, as Emmett events. */
  readonly newEvents: LawfulCrmEmmettEvent[];
  /**
   * The ledger decided against, with the new events: for a catalog command
   * the catalog alone; for a subject command it answers for that subject as
   * the catalog and the subject's stream do (with the cache it may hold other
   * subjects read before: ask it about this subject).
   */
  readonly newState: Ledger;
  readonly nextExpectedStreamVersion: bigint;
  readonly createdNewStream: boolean;
}

const CATALOG_COMMANDS: ReadonlySet<string> = new Set(
  (Object.keys(COMMAND_EVENTS) as CommandType[]).filter((c) => (CATALOG_EVENT_TYPES as readonly string[]).includes(COMMAND_EVENTS[c])),
);

function refuse(command: unknown, path: string, message: string): never {
  throw new CommandRefusedError([Object.freeze({ code: "INVALID_COMMAND" as const, path, message })]);
}

/**
 * A command handler over Emmett streams: catalog commands go to the catalog
 * stream, a subject's commands to that subject's stream. Before deciding it
 * catches up the catalog and, for a subject command, the subject's stream
 * (the ledger of the catalog and that stream in the order of the store's
 * global position, kept by a {@link LedgerCache}: after the first call only
 * what was appended since is read and folded); then it decides each command
 * (throwing one {@link CommandRefusedError} on a refusal, appending nothing)
 * and appends the events with optimistic concurrency on the stream appended
 * to, re-reading and re-deciding on a version conflict.
 *
 * Several commands in one call must go to one stream; they are decided in
 * turn and appended together. A `voidEvent` by `position` is refused here:
 * positions belong to one replayed sequence, not to a multi-stream store;
 * void by event id. Ids are checked for reuse within the streams read
 * (generated ids are uuid v7). The catalog read is not part of the
 * concurrency check of a subject command. Calls on one store run one at a
 * time (they share the cache); run more processes for parallel writes.
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { LawfulCrmCommandHandler } from "lawful-crm/emmett";
 * const handle = LawfulCrmCommandHandler();
 * const eventStore = getInMemoryEventStore();
 * await handle(eventStore, { type: "registerSource", data: { source: "web", kind: "form", assessment: "DPIA-1" } });
 * const { newEvents, streamName } = await handle(eventStore, { type: "restrictProcessing", subject: "anna", data: { reason: "Accuracy contested" } });
 * console.log(streamName, newEvents.map((e) => e.type)); //=> lawful_crm_subject-anna [ 'ProcessingRestricted' ]
 * ```
 */
export function LawfulCrmCommandHandler(options: LawfulCrmCommandHandlerOptions = {}) {
  const given = options.cache === undefined || options.cache === false ? undefined : options.cache;
  if (given !== undefined && !(given instanceof CacheImpl)) throw new LawfulCrmError("INVALID_ARGUMENT", "cache: expected a LedgerCache made by ledgerCache(), or false.");
  const own = given as CacheImpl | undefined;
  if (own !== undefined && ((options.catalogStream !== undefined && options.catalogStream !== own.catalogStream) || (options.subjectStream !== undefined && options.subjectStream !== own.naming))) {
    throw new LawfulCrmError("INVALID_ARGUMENT", "cache: the cache names its streams otherwise than the handler's catalogStream / subjectStream options; give the names to ledgerCache() only.");
  }
  const catalog = own?.catalogStream ?? options.catalogStream ?? CATALOG_STREAM;
  const naming = own?.naming ?? options.subjectStream ?? subjectStream;
  const retries = options.retries ?? 3;
  const deciderOptions: { now?: () => string; newId?: () => string } = {};
  if (options.now !== undefined) deciderOptions.now = options.now;
  if (options.newId !== undefined) deciderOptions.newId = options.newId;
  const d = emmettDecider(deciderOptions);
  const caches = new WeakMap<EventStore, CacheImpl>();

  function cacheFor(eventStore: EventStore): CacheImpl | undefined {
    if (options.cache === false) return undefined;
    if (own !== undefined) {
      if (own.eventStore !== eventStore) throw new LawfulCrmError("INVALID_ARGUMENT", "the handler's cache reads another event store than the one it was called with.");
      return own;
    }
    let c = caches.get(eventStore);
    if (c === undefined) {
      const cacheOptions: { catalogStream: string; subjectStream: (s: string) => string; maxSubjectEvents?: number } = { catalogStream: catalog, subjectStream: naming };
      if (options.maxSubjectEvents !== undefined) cacheOptions.maxSubjectEvents = options.maxSubjectEvents;
      c = new CacheImpl(eventStore, cacheOptions);
      caches.set(eventStore, c);
    }
    return c;
  }

  /** The stream a command goes to, or a refusal for a command that cannot be routed. */
  function target(command: unknown, handleOptions: LawfulCrmHandleOptions): Target {
    const c = (typeof command === "object" && command !== null ? command : {}) as Record<string, unknown>;
    const type = c["type"];
    if (typeof type === "string" && CATALOG_COMMANDS.has(type)) {
      if (type === "voidEvent") {
        const data = c["data"] as Record<string, unknown> | undefined;
        if (data !== undefined && data["position"] !== undefined) {
          refuse(command, "data.position", "data.position: over Emmett streams a void names the rejected event by its id (data.event); positions belong to one replayed sequence, not to a store of several streams.");
        }
        if (handleOptions.subject !== undefined) return { stream: naming(handleOptions.subject), subject: handleOptions.subject };
      }
      return { stream: catalog, subject: undefined };
    }
    const subject = c["subject"];
    if (typeof subject === "string" && subject !== "") return { stream: naming(subject), subject };
    // Not routable: let decide say what is wrong with it.
    d.decide(command as LawfulCrmEmmettCommand, replay([]));
    return refuse(command, "subject", "subject: expected a non-empty string");
  }

  return async function handle(
    eventStore: EventStore,
    commands: LawfulCrmEmmettCommand | readonly LawfulCrmEmmettCommand[],
    handleOptions: LawfulCrmHandleOptions = {},
  ): Promise<LawfulCrmHandleResult> {
    const list = (Array.isArray(commands) ? commands : [commands]) as readonly LawfulCrmEmmettCommand[];
    if (list.length === 0) throw new LawfulCrmError("INVALID_ARGUMENT", "handle() needs at least one command.");
    const targets = list.map((c) => target(c, handleOptions));
    const first = targets[0]!;
    if (targets.some((t) => t.stream !== first.stream)) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `the commands of one call must go to one stream, got ${JSON.stringify([...new Set(targets.map((t) => t.stream))])}.`);
    }
    const cache = cacheFor(eventStore);
    const call: Call = { eventStore, list, target: first, handleOptions, decider: d, catalog, naming };
    for (let attempt = 0; ; attempt++) {
      try {
        return cache === undefined ? await uncached(call) : await cache.exclusive(() => cachedUnlessMerged(cache, call));
      } catch (e) {
        if (attempt < retries && handleOptions.expectedStreamVersion === undefined && isExpectedVersionConflictError(e)) continue;
        throw e;
      }
    }
  };
}

interface Target {
  readonly stream: string;
  /** The subject whose stream it is; undefined for the catalog stream. */
  readonly subject: string | undefined;
}

interface Call {
  readonly eventStore: EventStore;
  readonly list: readonly LawfulCrmEmmettCommand[];
  readonly target: Target;
  readonly handleOptions: LawfulCrmHandleOptions;
  readonly decider: LawfulCrmEmmettDecider;
  readonly catalog: string;
  readonly naming: (subject: string) => string;
}

/** The subjects a merge command of the call names as `from` (issue 14): their streams are read with the survivor's. */
function mergedFroms(call: Call): string[] {
  const out: string[] = [];
  for (const c of call.list) {
    const from = c.type === "mergeSubjects" ? (c.data as { from?: unknown } | undefined)?.from : undefined;
    if (typeof from === "string" && from !== "") out.push(from);
  }
  return out;
}

/**
 * The cached path, unless merges are involved (issue 14): a merge command, or
 * a subject with subjects merged into it, is decided against the streams of
 * every subject merged into it (and into `from`), read whole.
 */
async function cachedUnlessMerged(cache: CacheImpl, call: Call): Promise<LawfulCrmHandleResult> {
  const subject = call.target.subject;
  if (subject === undefined) return cached(cache, call);
  if (mergedFroms(call).length === 0 && mergeCandidates(await cache.subjects([subject]), subject).length === 0) return cached(cache, call);
  return uncached(call);
}

/** The version to append at: the one read unless the caller gave one. */
function expectedVersion(handleOptions: LawfulCrmHandleOptions, read: bigint): ExpectedStreamVersion {
  const given = handleOptions.expectedStreamVersion;
  if (given === undefined) return read;
  // The PostgreSQL store 0.42.0 appends without any check when given
  // STREAM_DOES_NOT_EXIST; version 0n is "no event yet" to every store.
  return given === STREAM_DOES_NOT_EXIST ? 0n : given;
}

function lastGlobalPosition(result: unknown): bigint | undefined {
  const p = (result as { lastEventGlobalPosition?: unknown }).lastEventGlobalPosition;
  return typeof p === "bigint" ? p : undefined;
}

/**
 * Decides the commands in turn, folding each one's events before deciding
 * the next (so never for a single command): `state` is `base` with every
 * event but the last command's, which are `last`.
 */
function decideAll(call: Call, base: Ledger, progress: { evolved: boolean } = { evolved: false }): { events: LawfulCrmEmmettEvent[]; state: Ledger; last: LawfulCrmEmmettEvent[] } {
  let state = base;
  const events: LawfulCrmEmmettEvent[] = [];
  let last: LawfulCrmEmmettEvent[] = [];
  call.list.forEach((c, k) => {
    last = call.decider.decide(c, state);
    events.push(...last);
    if (k < call.list.length - 1) {
      for (const e of last) state = call.decider.evolve(state, e);
      progress.evolved = true;
    }
  });
  return { events, state, last };
}

async function cached(cache: CacheImpl, call: Call): Promise<LawfulCrmHandleResult> {
  const { eventStore, list, target, handleOptions } = call;
  const subject = target.subject;
  // A void is decided against exactly the catalog and the stream it goes to.
  const exact = list.some((c) => c.type === "voidEvent");
  const base = subject === undefined ? await cache.catalog() : await cache.subjects([subject], exact);
  const version = subject === undefined ? cache.catalogPosition : cache.versionOf(subject);
  // One subject command is decided against the cached ledger without
  // extending it; several are folded in turn, which extends it tentatively.
  const tentative = subject !== undefined && list.length > 1;
  const progress = { evolved: false };
  let decided: ReturnType<typeof decideAll>;
  let result: Awaited<ReturnType<EventStore["appendToStream"]>>;
  const expected = expectedVersion(handleOptions, version);
  try {
    decided = decideAll(call, subject === undefined && list.length > 1 ? cache.catalogCopy() : base, progress);
    result = await eventStore.appendToStream(target.stream, decided.events, { expectedStreamVersion: expected });
  } catch (e) {
    // Refused or not appended: what was folded tentatively is not in the store.
    if (tentative && progress.evolved) cache.discardTentative();
    throw e;
  }
  const next = result.nextExpectedStreamVersion as bigint;
  const createdNewStream = typeof expected === "bigint" ? expected === 0n : version === 0n && result.createdNewStream;
  const out = { streamName: target.stream, newEvents: decided.events, nextExpectedStreamVersion: next, createdNewStream };
  if (subject === undefined) return { ...out, newState: await cache.catalog() };
  const raws = decided.events.map(fromEmmettEvent);
  if (next !== version + BigInt(raws.length)) {
    // Appended without the check, after others: read it all back in order.
    if (tentative) cache.discardTentative();
    return { ...out, newState: await cache.subjects([subject]) };
  }
  const last = lastGlobalPosition(result);
  // Several commands: the earlier ones' events are in `decided.state` already.
  const folded = raws.length - decided.last.length;
  if (tentative) cache.adoptFolded(decided.state, subject, raws.slice(0, folded), version, last);
  const newState = cache.adoptAppended(subject, raws.slice(folded), version + BigInt(folded), last);
  return { ...out, newState };
}

/** Without a cache: read the catalog and the subject's stream whole, replay them, decide, append. */
async function uncached(call: Call): Promise<LawfulCrmHandleResult> {
  const { eventStore, target, handleOptions } = call;
  // issue 14: a subject is decided with the streams of every subject merged into it, and a merge with those of `from`.
  const subjects = target.subject === undefined ? [] : [target.subject, ...mergedFroms(call)];
  const { reads, ledger: base } = await readWithMerges(eventStore, call.catalog, call.naming, subjects, target.subject === undefined ? [target.stream] : []);
  const own = reads.find((r) => r.name === target.stream) ?? { exists: false, version: 0n };
  const { events, state, last } = decideAll(call, base);
  let newState = state;
  for (const e of last) newState = call.decider.evolve(newState, e);
  const expected = expectedVersion(handleOptions, own.exists ? own.version : 0n);
  const r = await eventStore.appendToStream(target.stream, events, { expectedStreamVersion: expected });
  // A copy of each merge in the stream of `from`: a command about it is then refused (SUBJECT_MERGED) from its own
  // stream; read with the survivor's, the copy is an exact duplicate that replay skips.
  for (const e of events) {
    const from = e.type === "SubjectsMerged" ? (e.data as { from: string }).from : undefined;
    if (from !== undefined) await eventStore.appendToStream(call.naming(from), [e]);
  }
  return {
    streamName: target.stream,
    newEvents: events,
    newState,
    nextExpectedStreamVersion: r.nextExpectedStreamVersion as bigint,
    createdNewStream: typeof expected === "bigint" ? expected === 0n : !own.exists && r.createdNewStream,
  };
}
