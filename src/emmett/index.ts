/**
 * `lawful-crm/emmett`: run the lawful-crm write side on Emmett's event stores
 * (`@event-driven-io/emmett`, an optional peer dependency; only this subpath
 * imports it).
 *
 * - {@link emmettDecider}: the Decider in Emmett's shape; its `decide`
 *   returns Emmett events and throws one {@link CommandRefusedError} carrying
 *   every `CommandError`.
 * - {@link toEmmettEvent} / {@link fromEmmettEvent}: a wire-format event as
 *   an Emmett event `{ type, data, metadata: { id, at, subject?, by?, v? } }`
 *   and back, losing nothing.
 * - {@link LawfulCrmCommandHandler}: a command handler that keeps the catalog
 *   on its own stream and each subject on its own stream; a subject command
 *   reads the catalog too, and the log order replay needs is the store's
 *   global position.
 * - {@link readLedger} / {@link replayRecorded}: the read side, a `Ledger`
 *   from streams or from recorded events ordered by global position.
 *
 * Uses only the public API of `lawful-crm`.
 *
 * @packageDocumentation
 * @module lawful-crm/emmett
 */
import {
  EmmettError,
  STREAM_DOES_NOT_EXIST,
  isExpectedVersionConflictError,
  type Decider,
  type Event,
  type EventStore,
  type ExpectedStreamVersion,
} from "@event-driven-io/emmett";
import { v7 as uuidv7 } from "uuid";
import {
  apply,
  CATALOG_EVENT_TYPES,
  COMMAND_EVENTS,
  decide,
  LawfulCrmError,
  replay,
  type Command,
  type CommandError,
  type CommandErrorCode,
  type CommandType,
  type EventType,
  type Ledger,
  type LedgerEvent,
} from "../index.js";

// ------------------------------------------------------------------ events

/** Where a wire-format event's envelope goes in an Emmett event. */
export type LawfulCrmEventMetadata = {
  readonly id: string;
  readonly at: string;
  /** Present on subject events only. */
  readonly subject?: string;
  readonly by?: string;
  readonly v?: 1;
};

/** A lawful-crm event as an Emmett event: the wire format's `type` and `data`, the envelope in `metadata`. */
export type LawfulCrmEmmettEvent = Event<EventType, Record<string, unknown>, LawfulCrmEventMetadata>;

/** Any Emmett event as a store returns it (its metadata may carry the store's own keys too). */
export interface EmmettEventLike {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

/**
 * A wire-format event as an Emmett event: `type` and `data` as they are, the
 * envelope (`id`, `at`, `subject`, `by`, `v`) in `metadata`.
 *
 * @example
 * ```ts
 * import { toEmmettEvent } from "lawful-crm/emmett";
 * const e = toEmmettEvent({ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } });
 * console.log(e); //=> { type: 'SourceRetired', data: { source: 'xing' }, metadata: { id: 'e1', at: '2024-01-01T00:00:00Z' } }
 * ```
 */
export function toEmmettEvent(event: LedgerEvent): LawfulCrmEmmettEvent {
  const e = event as LedgerEvent & { readonly subject?: string; readonly by?: string; readonly v?: 1 };
  const metadata: { id: string; at: string; subject?: string; by?: string; v?: 1 } = { id: e.id, at: e.at };
  if (e.subject !== undefined) metadata.subject = e.subject;
  if (e.by !== undefined) metadata.by = e.by;
  if (e.v !== undefined) metadata.v = e.v;
  return { type: e.type, data: e.data as Record<string, unknown>, metadata };
}

/**
 * An Emmett event (as appended, or as read back with the store's metadata)
 * as the raw wire-format event `{ id, type, at, subject?, by?, v?, data }`.
 * It is not validated here: `replay` / `apply` decode it and keep it as
 * rejected if it is not a valid event, so this never throws.
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { replay } from "lawful-crm";
 * import { CATALOG_STREAM, fromEmmettEvent, toEmmettEvent } from "lawful-crm/emmett";
 * const eventStore = getInMemoryEventStore();
 * await eventStore.appendToStream(CATALOG_STREAM, [toEmmettEvent({ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } })]);
 * const { events } = await eventStore.readStream(CATALOG_STREAM);
 * const ledger = replay(events.map(fromEmmettEvent));
 * console.log("accepted:", ledger.accepted); //=> accepted: 1
 * ```
 */
export function fromEmmettEvent(event: EmmettEventLike): Record<string, unknown> {
  const m = typeof event.metadata === "object" && event.metadata !== null ? (event.metadata as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  if (m["id"] !== undefined) out["id"] = m["id"];
  out["type"] = event.type;
  if (m["at"] !== undefined) out["at"] = m["at"];
  if (m["subject"] !== undefined) out["subject"] = m["subject"];
  if (m["by"] !== undefined) out["by"] = m["by"];
  if (m["v"] !== undefined) out["v"] = m["v"];
  out["data"] = event.data;
  return out;
}

// ---------------------------------------------------------------- commands

/**
 * A lawful-crm command in Emmett's command shape: the command itself
 * (`{ type, subject?, by?, at?, id?, data }`), optionally with Emmett's
 * `metadata.now`, which then is the command's `now`.
 */
export type LawfulCrmEmmettCommand = Command & { readonly metadata?: { readonly now: Date } };

/**
 * What an Emmett `decide` throws when `decide` refuses a command: one error
 * carrying every `CommandError`. Its `errorCode` is 400 when the command is
 * malformed (only `INVALID_COMMAND`) and 403 when it is refused by the rules,
 * as Emmett's web integrations map `EmmettError`s to HTTP statuses.
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { CommandRefusedError, LawfulCrmCommandHandler } from "lawful-crm/emmett";
 * const handle = LawfulCrmCommandHandler();
 * const eventStore = getInMemoryEventStore();
 * try {
 *   await handle(eventStore, { type: "recordFact", subject: "anna", data: { field: "email", value: "anna@example.org",
 *     category: "contact.email", source: "fax", purposes: ["sales"], basis: "contract" } });
 * } catch (e) {
 *   if (e instanceof CommandRefusedError) console.error(e.errorCode, e.codes); //=> 403 [ 'SOURCE_NOT_REGISTERED', 'UNKNOWN_PURPOSE', 'BASIS_NOT_DECLARED' ]
 * }
 * ```
 */
export class CommandRefusedError extends EmmettError {
  /** Every refusal, as `decide` returned them. */
  readonly errors: readonly CommandError[];
  /** The refusal codes, in order. */
  readonly codes: readonly CommandErrorCode[];
  constructor(errors: readonly CommandError[]) {
    const invalid = errors.every((e) => e.code === "INVALID_COMMAND");
    super({ errorCode: invalid ? 400 : 403, message: `lawful-crm refused the command:\n${errors.map((e) => `  - ${e.code}${e.path === "" ? "" : ` at ${e.path}`}: ${e.message}`).join("\n")}` });
    // EmmettError resets the prototype to its own; restore ours so that instanceof works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "CommandRefusedError";
    this.errors = Object.freeze([...errors]);
    this.codes = Object.freeze(errors.map((e) => e.code));
  }
}

/** The clock and id generator of {@link emmettDecider} (defaults: the real clock and uuid v7). */
export interface EmmettDeciderOptions {
  /** The current instant as an ISO 8601 UTC timestamp; a command's `metadata.now` wins over it. */
  readonly now?: () => string;
  /** A fresh id for each event made; ids the command's data omits are drawn from it too. */
  readonly newId?: () => string;
}

/**
 * lawful-crm's Decider in Emmett's `Decider<Ledger, LawfulCrmEmmettCommand,
 * LawfulCrmEmmettEvent>` shape, with `decide` always returning an array.
 */
export type LawfulCrmEmmettDecider = {
  /** The Emmett events to append for a command, or throws one {@link CommandRefusedError}. */
  decide: (command: LawfulCrmEmmettCommand, state: Ledger) => LawfulCrmEmmettEvent[];
  /** Folds one Emmett event (as appended or as read back) into the ledger. */
  evolve: (currentState: Ledger, event: LawfulCrmEmmettEvent) => Ledger;
  /** The empty ledger. */
  initialState: () => Ledger;
};

// Compile-time proof that the shape is Emmett's Decider.
type IsEmmettDecider = LawfulCrmEmmettDecider extends Decider<Ledger, LawfulCrmEmmettCommand, LawfulCrmEmmettEvent> ? true : false;
const isEmmettDecider: IsEmmettDecider = true;
void isEmmettDecider;

/**
 * lawful-crm's `{ decide, evolve, initialState }` in Emmett's `Decider`
 * shape: `decide(command, ledger)` returns the Emmett events to append or
 * throws one {@link CommandRefusedError}; `evolve(ledger, event)` accepts an
 * Emmett event as appended or as read back from a store; `initialState()` is
 * the empty ledger. Works with `DeciderCommandHandler` and
 * `DeciderSpecification`.
 *
 * @example
 * ```ts
 * import { DeciderSpecification } from "@event-driven-io/emmett";
 * import { emmettDecider, CommandRefusedError } from "lawful-crm/emmett";
 * const spec = DeciderSpecification.for(emmettDecider({ now: () => "2024-03-01T00:00:00Z", newId: () => "e-1" }));
 * spec([]).when({ type: "retireSource", data: { source: "xing" } })
 *   .then([{ type: "SourceRetired", data: { source: "xing" }, metadata: { id: "e-1", at: "2024-03-01T00:00:00Z" } }]);
 * spec([]).when({ type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "web" } })
 *   .thenThrows(CommandRefusedError, (e) => e.codes.includes("WOULD_BE_REJECTED")); // anna gave no consent "k1"
 * ```
 */
export function emmettDecider(options: EmmettDeciderOptions = {}): LawfulCrmEmmettDecider {
  const newId = options.newId ?? (uuidv7 as () => string);
  const clock = options.now ?? (() => new Date().toISOString());
  return {
    decide(command: LawfulCrmEmmettCommand, state: Ledger): LawfulCrmEmmettEvent[] {
      const metaNow = (command as { metadata?: { now?: unknown } } | undefined)?.metadata?.now;
      const now = metaNow instanceof Date ? () => metaNow.toISOString() : clock;
      const r = decide(command, state, { now, newId });
      if (r._tag === "Left") throw new CommandRefusedError(r.left);
      return r.right.map(toEmmettEvent);
    },
    evolve: (state: Ledger, event: LawfulCrmEmmettEvent): Ledger => apply(state, fromEmmettEvent(event)),
    initialState: () => replay([]),
  };
}

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

type Recorded = EmmettEventLike & { readonly metadata?: unknown };

function globalPositionOf(e: Recorded, stream: string): bigint {
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

interface StreamRead {
  readonly name: string;
  readonly events: Recorded[];
  readonly version: bigint;
  readonly exists: boolean;
}

async function readStreams(store: EventStore, names: readonly string[]): Promise<{ reads: StreamRead[]; log: Record<string, unknown>[] }> {
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
  const names = [catalog, ...(options.subjects ?? []).map(naming), ...(options.streams ?? [])];
  const { log } = await readStreams(eventStore, names);
  return replay(log);
}

// ---------------------------------------------------------------- handling

/** Options of {@link LawfulCrmCommandHandler}. */
export interface LawfulCrmCommandHandlerOptions extends EmmettDeciderOptions, StreamNaming {
  /** How many times to re-read and re-decide when the stream changed meanwhile (a version conflict); default 3. */
  readonly retries?: number;
}

/** Per-call options of a handler made by {@link LawfulCrmCommandHandler}. */
export interface LawfulCrmHandleOptions {
  /** Optimistic concurrency on the stream appended to; default: the version read. */
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
  /** The ledger of the streams read (the catalog, and the subject's stream) with the new events. */
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
 * reads the catalog stream and, for a subject command, the subject's stream,
 * merges them in the order of the store's global position and replays them
 * into a `Ledger`; then it decides each command (throwing one
 * {@link CommandRefusedError} on a refusal, appending nothing) and appends
 * the events with optimistic concurrency on the stream appended to,
 * re-reading and re-deciding on a version conflict.
 *
 * Several commands in one call must go to one stream; they are decided in
 * turn and appended together. A `voidEvent` by `position` is refused here:
 * positions belong to one replayed sequence, not to a multi-stream store;
 * void by event id. Ids are checked for reuse within the streams read
 * (generated ids are uuid v7). The catalog read is not part of the
 * concurrency check of a subject command.
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
  const catalog = options.catalogStream ?? CATALOG_STREAM;
  const naming = options.subjectStream ?? subjectStream;
  const retries = options.retries ?? 3;
  const deciderOptions: { now?: () => string; newId?: () => string } = {};
  if (options.now !== undefined) deciderOptions.now = options.now;
  if (options.newId !== undefined) deciderOptions.newId = options.newId;
  const d = emmettDecider(deciderOptions);

  /** The stream a command goes to, or a refusal for a command that cannot be routed. */
  function target(command: unknown, handleOptions: LawfulCrmHandleOptions): { stream: string; subject?: string } {
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
      return { stream: catalog };
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
    const stream = targets[0]!.stream;
    if (targets.some((t) => t.stream !== stream)) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `the commands of one call must go to one stream, got ${JSON.stringify([...new Set(targets.map((t) => t.stream))])}.`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const { reads, log } = await readStreams(eventStore, stream === catalog ? [catalog] : [catalog, stream]);
        const own = reads.find((r) => r.name === stream)!;
        let state = replay(log);
        const newEvents: LawfulCrmEmmettEvent[] = [];
        for (const c of list) {
          for (const e of d.decide(c, state)) {
            newEvents.push(e);
            state = d.evolve(state, e);
          }
        }
        const expected = handleOptions.expectedStreamVersion ?? (own.exists ? own.version : STREAM_DOES_NOT_EXIST);
        const r = await eventStore.appendToStream(stream, newEvents, { expectedStreamVersion: expected });
        return {
          streamName: stream,
          newEvents,
          newState: state,
          nextExpectedStreamVersion: r.nextExpectedStreamVersion as bigint,
          createdNewStream: r.createdNewStream,
        };
      } catch (e) {
        if (attempt < retries && handleOptions.expectedStreamVersion === undefined && isExpectedVersionConflictError(e)) continue;
        throw e;
      }
    }
  };
}
