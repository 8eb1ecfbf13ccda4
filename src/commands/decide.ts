import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { uuidv7 } from "../_internal/ids.js";
import { preview } from "../_internal/json.js";
import { covers } from "../_internal/purpose.js";
import { parseTimestamp } from "../_internal/time.js";
import {
  accountLink,
  declarationOf,
  declaredBy,
  informedBy,
  legalBasesOf,
  purposeInForce,
  queryInstant,
  sourceInForce,
  validForCollection,
  type Instant,
  type View,
} from "../_internal/view.js";
import { describeErrors, decodeEvent } from "../events/decode.js";
import { isCatalogType, type EventOf, type LedgerEvent } from "../events/codecs.js";
import { apply, replay, storeOf, type Ledger } from "../ledger/ledger.js";
import { Store } from "../ledger/store.js";
import type { ConsentState, RejectCode, SubjectState } from "../ledger/types.js";
import { COMMAND_EVENTS, COMMAND_TYPES, GENERATED_IDS, commandCodecs, isSubjectCommand, type Command, type CommandType } from "./codecs.js";

/** Why `decide` refused a command. */
export const COMMAND_ERROR_CODES = [
  "INVALID_COMMAND",
  "WOULD_BE_REJECTED",
  "SOURCE_NOT_REGISTERED",
  "ACCOUNT_NOT_LINKED",
  "UNKNOWN_PURPOSE",
  "PURPOSE_RETIRED",
  "BASIS_NOT_DECLARED",
  "NO_CONSENT_FOR_COLLECTION",
  "IMPORT_NEEDS_CONSENT",
  "CONSENT_NOT_ACTIVE",
  "CONSENT_UNINFORMED",
] as const;
/** A refusal code of `decide`. */
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

/** One refusal: a code, the offending field's path, and a sentence. */
export interface CommandError {
  readonly code: CommandErrorCode;
  /** Dotted path of the offending field (`data.source`), `""` for the whole command. */
  readonly path: string;
  readonly message: string;
  /** With `WOULD_BE_REJECTED`: the reject code replay would give. */
  readonly reject?: RejectCode;
  /** With `WOULD_BE_REJECTED`: the sentence replay would give (the `reason` of the entry in `ledger.rejected`). */
  readonly reason?: string;
}

/** What `decide` needs from the outside world, injected so that it stays pure. */
export interface DecideContext {
  /** The current instant as an ISO 8601 UTC timestamp, used when a command has no `at`. */
  readonly now: () => string;
  /** A new unique id (uuid v7 in production). */
  readonly newId: () => string;
}

const err = (code: CommandErrorCode, path: string, message: string, reject?: { code: RejectCode; reason: string }): CommandError =>
  Object.freeze(reject === undefined ? { code, path, message } : { code, path, message, reject: reject.code, reason: reject.reason });

const q = (s: string) => JSON.stringify(s);

/** The store for a ledger snapshot, rebuilt when the ledger is not the newest on its store. */
function storeAt(ledger: Ledger): Store {
  const store = storeOf(ledger);
  if (store.size === ledger.size) return store;
  const fork = new Store();
  for (let i = 0; i < ledger.size; i++) fork.push(store.log[i]);
  return fork;
}

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

function collectionChecks(v: View, s: SubjectState | undefined, ev: EventOf<"FactRecorded">, i: Instant): CommandError[] {
  const out: CommandError[] = [];
  const d = ev.data;
  const reg = sourceInForce(v, d.source, i);
  if (reg === undefined) out.push(err("SOURCE_NOT_REGISTERED", "data.source", `data.source: ${q(d.source)} is not a registered source in force at ${ev.at}; register it (with its assessment) first.`));
  if (d.account !== undefined) {
    const link = accountLink(v, d.account, i);
    if (link === undefined || link.e.data.source !== d.source) {
      out.push(err("ACCOUNT_NOT_LINKED", "data.account", `data.account: ${q(d.account)} is not linked for source ${q(d.source)} at ${ev.at}.`));
    }
  }
  d.purposes.forEach((p, k) => {
    if (declarationOf(v, p, i) === undefined) out.push(err("UNKNOWN_PURPOSE", `data.purposes.${k}`, `data.purposes.${k}: the purpose ${q(p)} is not declared at ${ev.at}.`));
    else if (!purposeInForce(v, p, i)) out.push(err("PURPOSE_RETIRED", `data.purposes.${k}`, `data.purposes.${k}: the purpose ${q(p)} is retired at ${ev.at}.`));
  });
  if (!d.purposes.some((p) => purposeInForce(v, p, i) && legalBasesOf(v, p, i).includes(d.basis))) {
    out.push(err("BASIS_NOT_DECLARED", "data.basis", `data.basis: none of the collection purposes declares ${q(d.basis)} among its legal bases (GDPR Art. 6(1)).`));
  }
  const valid = (p: string) => (s === undefined ? [] : validForCollection(v, s, p, i));
  if (d.basis === "consent" && !d.purposes.some((p) => valid(p).length > 0)) {
    out.push(err("NO_CONSENT_FOR_COLLECTION", "data.basis", `data.basis: the fact would rest on consent, but the person has no consent valid for collection for ${d.purposes.map(q).join(", ")} at ${ev.at}.`));
  }
  const icp = reg?.e.data.importConsentPurpose;
  if (icp !== undefined && valid(icp).length === 0) {
    out.push(err("IMPORT_NEEDS_CONSENT", "data.source", `data.source: importing from ${q(d.source)} needs the person's consent for ${q(icp)}, and there is none valid at ${ev.at}.`));
  }
  return out;
}

function consentChecks(v: View, ev: EventOf<"ConsentGranted">, i: Instant): CommandError[] {
  const out: CommandError[] = [];
  const d = ev.data;
  if (["pre-ticked", "implied", "hidden", "bundled"].includes(d.method)) {
    out.push(err("CONSENT_NOT_ACTIVE", "data.method", `data.method: a consent captured as ${q(d.method)} is not an active act of will and is ineffective (GDPR Recital 32, CJEU C-673/17).`));
  }
  d.purposes.forEach((p, k) => {
    if (declarationOf(v, p, i) === undefined) out.push(err("UNKNOWN_PURPOSE", `data.purposes.${k}`, `data.purposes.${k}: the purpose ${q(p)} is not declared at ${ev.at}.`));
  });
  // Informed for each consented purpose, as the decisions define it (GDPR Art. 4(11), 7(2)).
  const grant = { e: ev, t: i.t, pos: i.pos };
  const probe: ConsentState = { grant, confirmations: [], withdrawals: [] };
  for (const p of d.purposes) {
    const inf = informedBy(v, probe, p);
    // An unpublished notice version informs nothing, whatever the purposes; otherwise undeclared purposes are UNKNOWN_PURPOSE's.
    if (!inf.ok && (inf.eventIds.length === 0 || declaredBy(v, p, i))) {
      out.push(err("CONSENT_UNINFORMED", "data.noticeVersion", `data.noticeVersion: the consent ${inf.detail}.`));
      break;
    }
  }
  return out;
}

/**
 * The write side: checks a command against the ledger as of the command's
 * `at` and either turns it into the events to append or refuses it with
 * every error found. Pure: `now` and `newId` are injected.
 *
 * @example
 * ```ts
 * import { decide, replay } from "lawful-crm";
 * const ledger = replay(history);
 * const r = decide({ type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "web" } }, ledger,
 *   { now: () => "2024-05-01T09:00:00Z", newId: () => "e-42" });
 * if (r._tag === "Left") console.error(r.left.map((e) => e.message)); else append(r.right);
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
  const store = storeAt(ledger);
  const problem = replayProblem(store, event);
  if (problem !== undefined) {
    return E.left([err("WOULD_BE_REJECTED", "", `replay would reject this event (${problem.code}): ${problem.reason}`, problem)]);
  }
  const v: View = { cat: store.catalog, size: store.size };
  const i = queryInstant(t);
  let errors: CommandError[] = [];
  if (event.type === "FactRecorded") errors = collectionChecks(v, store.subjects.get(event.subject), event, i);
  else if (event.type === "FactCorrected" && sourceInForce(v, event.data.source, i) === undefined) {
    errors = [err("SOURCE_NOT_REGISTERED", "data.source", `data.source: ${q(event.data.source)} is not a registered source in force at ${at}.`)];
  } else if (event.type === "ConsentGranted") errors = consentChecks(v, event, i);
  if (errors.length > 0) return E.left(errors);
  return E.right([event]);
}

/**
 * `decide` with the real clock and uuid v7: the thin outer helper for
 * production code. Tests should call `decide` with injected `now`/`newId`.
 *
 * @example
 * ```ts
 * import { decideNow } from "lawful-crm";
 * const r = decideNow({ type: "retireSource", data: { source: "xing" } }, ledger);
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
 * const r = decider.decide(command, state, { now: () => "2024-01-01T00:00:00Z", newId: () => "e1" });
 * if (r._tag === "Right") for (const e of r.right) state = decider.evolve(state, e);
 * ```
 */
export const decider: LawfulCrmDecider = Object.freeze({
  decide,
  evolve: apply,
  initialState: () => replay([]),
});

void isCatalogType;
void covers;
