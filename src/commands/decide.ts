import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { uuidv7 } from "../_internal/ids.js";
import { preview } from "../_internal/json.js";
import { parseTimestamp } from "../_internal/time.js";
import { decodeEvent, describeErrors, type LedgerEvent } from "../events/index.js";
import { apply, appendableStore, queryInstant, replay, viewOf, type Ledger, type RejectCode, type Store } from "../ledger/index.js";
import { collectionChecks, consentChecks, correctionChecks } from "./checks.js";
import { COMMAND_EVENTS, GENERATED_IDS, COMMAND_TYPES, commandCodecs, isSubjectCommand, type Command, type CommandType } from "./codecs.js";
import { err, type CommandError } from "./errors.js";

/** What `decide` needs from the outside world, injected so that it stays pure. */
export interface DecideContext {
  /** The current instant as an ISO 8601 UTC timestamp, used when a command has no `at`. */
  readonly now: () => string;
  /** A new unique id (uuid v7 in production). */
  readonly newId: () => string;
}

const q = (s: string) => JSON.stringify(s);

function decodeCommand(command: unknown): E.Either<CommandError[], Command> {
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
  if (store.ids.has(ev.id)) return { code: "ID_CONFLICT", reason: `id ${q(ev.id)} is already used in the log` };
  const p = store.dryRun(ev);
  return p === undefined ? undefined : { code: p[0], reason: p[1] };
}

/**
 * The write side: checks a command against the ledger as of the command's
 * `at` and either turns it into the events to append or refuses it with
 * every error found. Pure: `now` and `newId` are injected.
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
export function decide(command: unknown, ledger: Ledger, context: DecideContext): E.Either<CommandError[], LedgerEvent[]> {
  const decoded = decodeCommand(command);
  if (decoded._tag === "Left") return decoded;
  const c = decoded.right;
  const at = c.at ?? context.now();
  const t = parseTimestamp(at);
  if (t === undefined) return E.left([err("INVALID_COMMAND", "at", `at: now() returned ${preview(at)}, which is not an ISO 8601 UTC timestamp`)]);
  // The event id is made first, then the ids the data omits, in their declared order.
  const raw: Record<string, unknown> = { id: c.id ?? context.newId(), type: COMMAND_EVENTS[c.type], at };
  const data: Record<string, unknown> = { ...(c.data as Record<string, unknown>) };
  for (const k of (GENERATED_IDS as Partial<Record<CommandType, readonly string[]>>)[c.type] ?? []) {
    if (data[k] === undefined) data[k] = context.newId();
  }
  if (c.subject !== undefined) raw["subject"] = c.subject;
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
  if (event.type === "FactRecorded") errors = collectionChecks(v, store.subjects.get(event.subject), event, i);
  else if (event.type === "FactCorrected") errors = correctionChecks(v, event, i);
  else if (event.type === "ConsentGranted") errors = consentChecks(v, event, i);
  if (errors.length > 0) return E.left(errors);
  return E.right([event]);
}

/**
 * `decide` with the real clock and uuid v7: the thin outer helper for
 * production code. Tests should call `decide` with injected `now`/`newId`.
 *
 * @example
 * ```ts
 * import { decideNow, replay } from "lawful-crm";
 * const ledger = replay([{ id: "s1", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "xing", kind: "social-network", assessment: "DPIA-1" } }]);
 * const r = decideNow({ type: "retireSource", data: { source: "xing" } }, ledger); // at: now, id: a fresh uuid v7
 * if (r._tag === "Right") console.log("append:", r.right.map((e) => e.type)); //=> append: [ 'SourceRetired' ]
 * ```
 */
export function decideNow(command: unknown, ledger: Ledger): E.Either<CommandError[], LedgerEvent[]> {
  return decide(command, ledger, { now: () => new Date().toISOString(), newId: uuidv7 });
}

/** The write side as a Decider: `decide`, `evolve` (the same fold as `apply`) and `initialState` (the empty ledger). */
export interface LawfulCrmDecider {
  /** Turns a command into the events it makes, or refuses it with every error: {@link decide}. */
  readonly decide: (command: unknown, state: Ledger, context: DecideContext) => E.Either<CommandError[], LedgerEvent[]>;
  /** Folds one more event into the ledger: {@link apply}. */
  readonly evolve: (state: Ledger, event: unknown) => Ledger;
  /** The empty ledger, `replay([])`. */
  readonly initialState: () => Ledger;
}
/** The write side's Decider type: {@link LawfulCrmDecider} under the pattern's name. */
export type Decider = LawfulCrmDecider;

/**
 * The triple `{ decide, evolve, initialState }` of the write side, the shape
 * event-sourcing libraries such as Emmett expect (see `lawful-crm/emmett`).
 *
 * @example
 * ```ts
 * import { decider } from "lawful-crm";
 * let state = decider.initialState();
 * const command = { type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } };
 * const r = decider.decide(command, state, { now: () => "2024-01-01T00:00:00Z", newId: () => "e1" });
 * if (r._tag === "Right") for (const e of r.right) state = decider.evolve(state, e);
 * console.log("accepted:", state.accepted); //=> accepted: 1
 * ```
 */
export const decider: LawfulCrmDecider = Object.freeze({
  decide,
  evolve: apply,
  initialState: () => replay([]),
});
