import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { uuidv7 } from "../_internal/ids.js";
import { describeThrown } from "../_internal/guard.js";
import { preview, snapshotJson } from "../_internal/json.js";
import { parseTimestamp } from "../_internal/time.js";
import { decodeEvent, describeErrors, type LedgerEvent } from "../events/index.js";
import { apply, appendableStore, LawfulCrmError, queryInstant, replay, subjectAt, viewOf, type Ledger, type RejectCode, type Store } from "../ledger/index.js";
import { collectionChecks, consentChecks, correctionChecks } from "./checks.js";
import { COMMAND_EVENTS, GENERATED_IDS, COMMAND_TYPES, commandCodecs, isSubjectCommand, type Command, type CommandInput, type CommandType } from "./codecs.js";
import { err, type CommandError } from "./errors.js";

/**
 * What `decide` needs from the outside world, injected so that it stays pure:
 * the clock, for a command without `at`, and an id maker, for the event's id
 * and the ids the command's data omits.
 *
 * @example
 * ```ts
 * import type { DecideContext } from "lawful-crm";
 * let n = 0;
 * const context: DecideContext = { now: () => "2024-05-01T09:00:00Z", newId: () => `evt-${++n}` };
 * console.log("ids:", context.newId(), context.newId()); //=> ids: evt-1 evt-2
 * ```
 */
export interface DecideContext {
  /** The current instant as an ISO 8601 UTC timestamp, used when a command has no `at`. */
  readonly now: () => string;
  /** A new unique id (uuid v7 in production). */
  readonly newId: () => string;
}

const q = (s: string) => JSON.stringify(s);

/**
 * The command `input` holds, or one `INVALID_COMMAND` per wrong field. The
 * input is read once, under guard (a getter or Proxy trap may throw: then
 * one `INVALID_COMMAND` quoting the exception), and only that copy is decoded.
 */
function decodeCommand(input: unknown): E.Either<CommandError[], Command> {
  const s = snapshotJson(input);
  if (!s.ok) return E.left([err("INVALID_COMMAND", s.path, `${s.path === "" ? "command" : s.path}: could not be read, ${s.why}`)]);
  try {
    return decodeSnapshot(s.value);
  } catch (e) {
    // Only a caller's object the copy kept as it is (a class instance) can still run the caller's code.
    return E.left([err("INVALID_COMMAND", "", `command: could not be read, reading it threw ${describeThrown(e)}`)]);
  }
}

function decodeSnapshot(command: unknown): E.Either<CommandError[], Command> {
  if (typeof command !== "object" || command === null || Array.isArray(command)) {
    return E.left([err("INVALID_COMMAND", "", `command: expected an object { type, subject?, by?, at?, data }, got ${preview(command)}`)]);
  }
  const type = (command as Record<string, unknown>)["type"];
  if (typeof type !== "string" || !(COMMAND_TYPES as string[]).includes(type)) {
    return E.left([err("INVALID_COMMAND", "type", `type: expected one of ${COMMAND_TYPES.join(", ")}, got ${preview(type)}`)]);
  }
  const errors: CommandError[] = [];
  const ct = type as CommandType;
  if (!isSubjectCommand(ct) && (command as Record<string, unknown>)["subject"] !== undefined) {
    errors.push(err("INVALID_COMMAND", "subject", `subject: ${ct} is a catalog command and takes no subject`));
  }
  const r = (commandCodecs[ct] as unknown as t.Mixed).decode(command);
  if (r._tag === "Left") for (const p of describeErrors(r.left)) errors.push(err("INVALID_COMMAND", p.path, p.message));
  if (errors.length > 0 || r._tag === "Left") return E.left(errors);
  return E.right(r.right as Command);
}

/** Checks that replay would give; the reject code and sentence, if any. */
function replayProblem(store: Store, ev: LedgerEvent): { code: RejectCode; reason: string } | undefined {
  if (store.ids.find(ev.id) !== -1) return { code: "ID_CONFLICT", reason: `id ${q(ev.id)} is already used in the log` };
  const p = store.dryRun(ev);
  return p === undefined ? undefined : { code: p[0], reason: p[1] };
}

/** The clock or the id maker, or a {@link LawfulCrmError} naming what is missing: a context is the caller's code, not data. */
function fromContext(context: DecideContext, key: "now" | "newId"): string {
  const f = (context as Partial<DecideContext> | undefined)?.[key];
  if (typeof f !== "function") {
    throw new LawfulCrmError("INVALID_ARGUMENT", `decide(): the context needs ${key === "now" ? "now: () => string (the current instant, for a command without at)" : "newId: () => string (for the ids a command omits)"}; got ${preview(f)}.`);
  }
  return f();
}

/**
 * The write side for input whose shape is not known at compile time (a JSON
 * body, a message from a queue): checks it at run time exactly as
 * {@link decide} does, and turns it into the events to append or refuses it
 * with every error found. TypeScript code that builds its commands should
 * call {@link decide}, which also checks them at compile time.
 *
 * @example
 * ```ts
 * import { decideUnknown, replay } from "lawful-crm";
 * // A JSON body from outside, with a misspelt key ("sourc"):
 * const input: unknown = JSON.parse('{"type":"retireSource","data":{"sourc":"xing"}}');
 * const r = decideUnknown(input, replay([]), { now: () => "2024-05-01T09:00:00Z", newId: () => "e-42" });
 * if (r._tag === "Left") console.log("refused:", r.left.map((e) => `${e.code}: ${e.message}`));
 * //=> refused: [ 'INVALID_COMMAND: data.source: expected a non-empty string, got nothing (the field is missing)' ]
 * ```
 */
export function decideUnknown(input: unknown, ledger: Ledger, context: DecideContext): E.Either<CommandError[], LedgerEvent[]> {
  const decoded = decodeCommand(input);
  if (decoded._tag === "Left") return decoded;
  const c = decoded.right;
  const at = c.at ?? fromContext(context, "now");
  const t = parseTimestamp(at);
  if (t === undefined) return E.left([err("INVALID_COMMAND", "at", `at: now() returned ${preview(at)}, which is not an ISO 8601 UTC timestamp`)]);
  // The event id is made first, then the ids the data omits, in their declared order.
  const raw: Record<string, unknown> = { id: c.id ?? fromContext(context, "newId"), type: COMMAND_EVENTS[c.type], at };
  const data: Record<string, unknown> = { ...(c.data as Record<string, unknown>) };
  for (const k of (GENERATED_IDS as Partial<Record<CommandType, readonly string[]>>)[c.type] ?? []) {
    if (data[k] === undefined) data[k] = fromContext(context, "newId");
  }
  if ("subject" in c) raw["subject"] = c.subject;
  if (c.by !== undefined) raw["by"] = c.by;
  raw["data"] = data;
  const ev = decodeEvent(raw);
  if (ev._tag === "Left") {
    return E.left(ev.left.problems.map((p) => err("INVALID_COMMAND", p.path, p.message)));
  }
  const event = ev.right;
  const store = appendableStore(ledger);
  const problem = replayProblem(store, event);
  if (problem !== undefined) {
    return E.left([err("WOULD_BE_REJECTED", "", `replay would reject this event (${problem.code}): ${problem.reason}`, problem)]);
  }
  const v = viewOf(store, store.size);
  const i = queryInstant(t);
  let errors: CommandError[] = [];
  if (event.type === "FactRecorded") errors = collectionChecks(v, subjectAt(store, store.size, event.subject, t), event, i);
  else if (event.type === "FactCorrected") errors = correctionChecks(v, event, i);
  else if (event.type === "ConsentGranted") errors = consentChecks(v, event, i);
  if (errors.length > 0) return E.left(errors);
  return E.right([event]);
}

/**
 * The write side: checks a command against the ledger as of the command's
 * `at` and either turns it into the events to append or refuses it with
 * every error found (`Left`: each a `code`, the `path` of the offending
 * field and a sentence). Pure: `now` and `newId` are injected.
 *
 * Typed on {@link Command}: the editor completes the command types and each
 * one's data, and a misspelt key or a missing field is a compile error. The
 * command is still checked at run time (a JavaScript caller, an `any`); for
 * input typed `unknown`, call {@link decideUnknown}.
 *
 * @example
 * ```ts
 * import { decide, replay } from "lawful-crm";
 * const at = "2024-01-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
 *   { id: "n1", type: "NoticePublished", at, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
 *   { id: "c1", type: "ConsentGranted", at, subject: "anna", data: { consent: "k1", purposes: ["marketing"], notice: "privacy",
 *     noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } },
 * ]);
 * const context = { now: () => "2024-05-01T09:00:00Z", newId: () => "e-42" };
 * const r = decide({ type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "web" } }, ledger, context);
 * if (r._tag === "Right") console.log("append:", r.right);
 * //=> append: [ { id: 'e-42', type: 'ConsentWithdrawn', at: '2024-05-01T09:00:00Z', subject: 'anna', data: { channel: 'web', consent: 'k1' } } ]
 * const refused = decide({ type: "withdrawConsent", subject: "anna", data: { consent: "k2", channel: "web" } }, ledger, context);
 * // anna has no consent "k2" to withdraw:
 * if (refused._tag === "Left") console.log("refused:", refused.left.map((e) => e.code)); //=> refused: [ 'WOULD_BE_REJECTED' ]
 * ```
 */
export function decide<C extends CommandType>(command: CommandInput<C>, ledger: Ledger, context: DecideContext): E.Either<CommandError[], LedgerEvent[]> {
  return decideUnknown(command, ledger, context);
}

/**
 * `decide` with the real clock and uuid v7: the thin outer helper for
 * production code. Tests should call `decide` with injected `now`/`newId`.
 *
 * @example
 * ```ts
 * import { decideNow, replay } from "lawful-crm";
 * const ledger = replay([{ id: "s1", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "xing", kind: "social-network", assessment: "DPIA-1" } }]);
 * // at: now, id: a fresh uuid v7
 * const r = decideNow({ type: "retireSource", data: { source: "xing" } }, ledger);
 * if (r._tag === "Right") console.log("append:", r.right.map((e) => e.type)); //=> append: [ 'SourceRetired' ]
 * ```
 */
export function decideNow<C extends CommandType>(command: CommandInput<C>, ledger: Ledger): E.Either<CommandError[], LedgerEvent[]> {
  return decideUnknown(command, ledger, { now: () => new Date().toISOString(), newId: uuidv7 });
}

/**
 * The write side as a Decider: `decide`, `evolve` (the same fold as `apply`)
 * and `initialState` (the empty ledger).
 *
 * @example
 * ```ts
 * import { decider, type LawfulCrmDecider } from "lawful-crm";
 * const d: LawfulCrmDecider = decider;
 * console.log("accepted at first:", d.initialState().accepted); //=> accepted at first: 0
 * ```
 */
export interface LawfulCrmDecider {
  /** Turns a command into the events it makes, or refuses it with every error: {@link decide}. */
  readonly decide: <C extends CommandType>(command: CommandInput<C>, state: Ledger, context: DecideContext) => E.Either<CommandError[], LedgerEvent[]>;
  /** Folds one more event into the ledger: {@link apply}. */
  readonly evolve: (state: Ledger, event: unknown) => Ledger;
  /** The empty ledger, `replay([])`. */
  readonly initialState: () => Ledger;
}
/**
 * The write side's Decider type: {@link LawfulCrmDecider} under the pattern's name.
 *
 * @example
 * ```ts
 * import { decider, type Decider } from "lawful-crm";
 * const d: Decider = decider;
 * console.log("decide is a", typeof d.decide); //=> decide is a function
 * ```
 */
export type Decider = LawfulCrmDecider;

/**
 * The triple `{ decide, evolve, initialState }` of the write side, the shape
 * event-sourcing libraries such as Emmett expect (see `lawful-crm/emmett`).
 * Its `decide` is {@link decide}, typed on {@link Command}.
 *
 * @example
 * ```ts
 * import { decider } from "lawful-crm";
 * let state = decider.initialState();
 * const r = decider.decide({ type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   state, { now: () => "2024-01-01T00:00:00Z", newId: () => "e1" });
 * if (r._tag === "Right") for (const e of r.right) state = decider.evolve(state, e);
 * console.log("accepted:", state.accepted); //=> accepted: 1
 * ```
 */
export const decider: LawfulCrmDecider = Object.freeze({
  decide,
  evolve: apply,
  initialState: () => replay([]),
});
