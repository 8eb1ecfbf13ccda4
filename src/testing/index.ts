/**
 * `lawful-crm/testing`: a given/when/then helper to write compliance rules as
 * tests. `given(history).when(command).then(expected)` runs the write side
 * (`decide`) deterministically and throws a readable `Error` on a mismatch,
 * so it works with vitest, jest, node:test, mocha or a plain script.
 *
 * It uses only the public API of `lawful-crm`.
 *
 * @packageDocumentation
 * @module lawful-crm/testing
 */
import {
  apply,
  canUse,
  COMMAND_ERROR_CODES,
  decide,
  replay,
  type Actor,
  type CommandError,
  type CommandErrorCode,
  type Decision,
  type Ledger,
  type LedgerEvent,
  type LegalBasis,
  type ReasonCode,
} from "../index.js";

/** Options of {@link given}: the clock and id generator `decide` gets. */
export interface ScenarioOptions {
  /**
   * The current instant for commands without `at`: an ISO 8601 UTC
   * timestamp, or a function returning one. Defaults to the latest `at`
   * among the given events, or `1970-01-01T00:00:00Z` when there is none.
   */
  readonly now?: string | (() => string);
  /**
   * Makes the ids a command omits (the event id first, then the data's ids).
   * Defaults to `id-1`, `id-2`, ... afresh for each `when`, skipping the ids
   * the given events already use (event, fact, consent, reference and policy
   * ids), so that chained scenarios do not collide.
   */
  readonly newId?: () => string;
}

/** A lawful-use query for {@link Given.thenDecision}; `at` defaults to the scenario's latest instant. */
export interface DecisionQuery {
  readonly subject: string;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly actor: Actor;
  readonly at?: string;
}

/** What a decision is expected to say. */
export interface ExpectedDecision {
  readonly allowed: boolean;
  /** The exact set of reason codes (order and repetition across fields do not matter). */
  readonly reasons?: readonly ReasonCode[];
  /** When allowed: the legal basis every requested field rests on. */
  readonly basis?: LegalBasis;
}

/** The outcome `then` expects: the events `decide` makes, or the codes of its refusal. */
export type ExpectedOutcome = readonly CommandErrorCode[] | readonly unknown[];

/**
 * The error the helper throws on a mismatch. Its message says what was
 * expected, what came out (pretty-printed JSON) and, for refusals, every
 * refusal message. `expected` and `actual` let test runners show a diff.
 *
 * @example
 * ```ts
 * import { given, ScenarioFailure } from "lawful-crm/testing";
 * try { given([]).when(command).then(["SOURCE_NOT_REGISTERED"]); }
 * catch (e) { if (e instanceof ScenarioFailure) console.error(e.message); }
 * ```
 */
export class ScenarioFailure extends Error {
  /** What the scenario expected. */
  readonly expected: unknown;
  /** What came out. */
  readonly actual: unknown;
  constructor(message: string, expected: unknown, actual: unknown) {
    super(message);
    this.name = "ScenarioFailure";
    this.expected = expected;
    this.actual = actual;
  }
}

/** A history to run commands against (see {@link given}). */
export interface Given {
  /** The ledger of the given events. */
  readonly ledger: Ledger;
  /** The `now` commands without `at` get. */
  readonly now: string;
  /** Decides `command` against the given history. */
  when(command: unknown): When;
  /** Asserts a decision on the given history (no command). */
  thenDecision(query: DecisionQuery, expected: ExpectedDecision): Given;
}

/** The outcome of one command (see {@link Given.when}). */
export interface When {
  readonly command: unknown;
  /** What `decide` returned: the refusal's errors, or the events to append. */
  readonly result: { readonly _tag: "Left"; readonly left: CommandError[] } | { readonly _tag: "Right"; readonly right: LedgerEvent[] };
  /** The given ledger with the accepted events applied (unchanged when refused). */
  readonly ledger: Ledger;
  /** The events made (empty when refused). */
  readonly events: readonly LedgerEvent[];
  /**
   * Asserts the outcome: a list of events (deep-equal, key order irrelevant)
   * or a list of refusal codes (the same codes, order irrelevant).
   */
  then(expected: ExpectedOutcome): When;
  /** Asserts that the command was accepted, then a decision on the ledger after it. */
  thenDecision(query: DecisionQuery, expected: ExpectedDecision): When;
}

const EPOCH = "1970-01-01T00:00:00Z";
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const CODES: ReadonlySet<string> = new Set(COMMAND_ERROR_CODES);

function millis(s: unknown): number | undefined {
  if (typeof s !== "string" || !TIMESTAMP.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

function latestAt(events: readonly unknown[], fallback: string): string {
  let best: string | undefined;
  let bestT = -Infinity;
  for (const e of events) {
    const at = typeof e === "object" && e !== null ? (e as Record<string, unknown>)["at"] : undefined;
    const t = millis(at);
    if (t !== undefined && t > bestT) {
      bestT = t;
      best = at as string;
    }
  }
  return best ?? fallback;
}

const pretty = (v: unknown): string => {
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
};

/** A JSON-normalized copy: key order and `undefined` members do not matter. */
function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalize(x);
    }
    return out;
  }
  return v;
}

/** The path of the first difference between two normalized JSON values, or undefined when equal. */
function firstDifference(a: unknown, b: unknown, path = ""): { path: string; expected: unknown; actual: unknown } | undefined {
  if (a === b) return undefined;
  const here = { path: path === "" ? "(root)" : path, expected: a, actual: b };
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return here;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, expected: a[i], actual: b[i] };
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of [...new Set([...ka, ...kb])].sort()) {
    const p = path === "" ? k : `${path}.${k}`;
    if (!(k in a) || !(k in b)) return { path: p, expected: (a as Record<string, unknown>)[k], actual: (b as Record<string, unknown>)[k] };
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p);
    if (d !== undefined) return d;
  }
  return undefined;
}

const show = (v: unknown): string => (v === undefined ? "(missing)" : JSON.stringify(v));

function refusalLines(errors: readonly CommandError[]): string {
  return errors.map((e) => `  - ${e.code}${e.path === "" ? "" : ` at ${e.path}`}: ${e.message}`).join("\n");
}

function rejectNote(ledger: Ledger): string {
  if (ledger.rejected.length === 0) return "";
  const lines = ledger.rejected.map((r) => `  - position ${r.position}${r.id === undefined ? "" : ` (id ${JSON.stringify(r.id)})`}: ${r.code}: ${r.reason}`);
  return `\nNote: replay rejected ${ledger.rejected.length} of the given events, which makes what they mark incomplete:\n${lines.join("\n")}`;
}

/**
 * Makes ids `${prefix}1`, `${prefix}2`, ..., skipping those in `skip`: a
 * deterministic `newId`.
 *
 * @example
 * ```ts
 * import { given, sequentialIds } from "lawful-crm/testing";
 * given(history, { newId: sequentialIds("evt-") }).when(command).then([{ id: "evt-1", ... }]);
 * ```
 */
export function sequentialIds(prefix = "id-", skip: Iterable<string> = []): () => string {
  const used = new Set(skip);
  let n = 0;
  return () => {
    let id: string;
    do id = `${prefix}${++n}`;
    while (used.has(id));
    return id;
  };
}

const ID_KEYS = ["fact", "consent", "reference", "policy"] as const;

/** Every id the given events use, so that the default ids avoid them. */
function usedIds(events: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (typeof e !== "object" || e === null) continue;
    const o = e as Record<string, unknown>;
    if (typeof o["id"] === "string") out.push(o["id"]);
    const d = o["data"];
    if (typeof d !== "object" || d === null) continue;
    for (const k of ID_KEYS) {
      const v = (d as Record<string, unknown>)[k];
      if (typeof v === "string") out.push(v);
    }
  }
  return out;
}

function summarize(d: Decision): unknown {
  return {
    allowed: d.allowed,
    at: d.at,
    reasons: d.reasons.map((r) => (r.field === undefined ? { code: r.code, message: r.message } : { code: r.code, field: r.field, message: r.message })),
    fields: d.fields.map((f) => (f.basis === undefined ? { field: f.field, allowed: f.allowed } : { field: f.field, allowed: f.allowed, basis: f.basis.legalBasis })),
  };
}

function checkDecision(ledger: Ledger, query: DecisionQuery, expected: ExpectedDecision, at: string, context: string): void {
  if (typeof expected !== "object" || expected === null || typeof expected.allowed !== "boolean") {
    throw new TypeError("lawful-crm/testing: thenDecision expects { allowed: boolean, reasons?: ReasonCode[], basis?: LegalBasis }.");
  }
  const q = { subject: query.subject, purpose: query.purpose, fields: [...query.fields], actor: query.actor, at: query.at ?? at };
  const d = canUse(ledger, q);
  const problems: string[] = [];
  if (d.allowed !== expected.allowed) problems.push(`expected the use to be ${expected.allowed ? "allowed" : "denied"}, but it is ${d.allowed ? "allowed" : "denied"}`);
  if (expected.reasons !== undefined) {
    const want = [...new Set(expected.reasons)].sort();
    const got = [...new Set(d.reasons.map((r) => r.code))].sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`expected the reasons ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  if (expected.basis !== undefined) {
    const bases = d.fields.map((f) => f.basis?.legalBasis ?? null);
    if (!d.allowed || bases.some((b) => b !== expected.basis)) problems.push(`expected every field to rest on ${JSON.stringify(expected.basis)}, got ${JSON.stringify(bases)}`);
  }
  if (problems.length === 0) return;
  const actual = summarize(d);
  throw new ScenarioFailure(
    `lawful-crm/testing: the decision differs from the expected one: ${problems.join("; ")}.\n` +
      `Query:\n${pretty(q)}\nExpected:\n${pretty(expected)}\nActual decision:\n${pretty(actual)}${context}${rejectNote(ledger)}`,
    expected,
    actual,
  );
}

/**
 * Starts a scenario from a history of raw wire-format events (replayed as
 * `replay` does). Then `.when(command)` decides a command against it with a
 * deterministic clock and ids, and `.then(...)` / `.thenDecision(...)`
 * assert the outcome, throwing a {@link ScenarioFailure} with a readable
 * message on a mismatch.
 *
 * Defaults: `now` is the latest `at` among the given events (or
 * `1970-01-01T00:00:00Z`); ids are `id-1`, `id-2`, ... afresh for each `when`
 * (the event id first, then the ids the command's data omits), skipping ids
 * the given events already use.
 *
 * @example
 * ```ts
 * import { given } from "lawful-crm/testing";
 *
 * const catalog = [
 *   { id: "p1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
 * ];
 *
 * // A consent given on a notice that was never published is refused.
 * given(catalog)
 *   .when({ type: "grantConsent", subject: "anna", data: { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } })
 *   .then(["CONSENT_UNINFORMED"]);
 *
 * // Accepted: the exact event, with the deterministic id and `now`.
 * given(catalog)
 *   .when({ type: "retirePurpose", data: { purpose: "marketing" } })
 *   .then([{ id: "id-1", type: "PurposeRetired", at: "2024-01-01T00:00:00Z", data: { purpose: "marketing" } }]);
 * ```
 */
export function given(events: Iterable<unknown> = [], options: ScenarioOptions = {}): Given {
  const list = [...events];
  const ledger = replay(list);
  const taken = usedIds(list);
  const nowOpt = options.now;
  const now = typeof nowOpt === "string" ? nowOpt : typeof nowOpt === "function" ? nowOpt() : latestAt(list, EPOCH);
  const self: Given = {
    ledger,
    now,
    when(command: unknown): When {
      const newId = options.newId ?? sequentialIds("id-", taken);
      const clock = typeof nowOpt === "function" ? nowOpt : () => now;
      const result = decide(command, ledger, { now: clock, newId });
      let after = ledger;
      const made = result._tag === "Right" ? result.right : [];
      for (const e of made) {
        const before = after.rejected.length;
        after = apply(after, e);
        if (after.rejected.length > before) {
          const r = after.rejected[after.rejected.length - 1]!;
          throw new ScenarioFailure(
            `lawful-crm/testing: decide accepted the command, but replay rejects the event it made (${r.code}: ${r.reason}). This is a bug in lawful-crm.\nCommand:\n${pretty(command)}\nEvent:\n${pretty(e)}`,
            "an event replay accepts",
            r,
          );
        }
      }
      const describeCommand = `\nCommand:\n${pretty(command)}`;
      const outcome: When = {
        command,
        result: result._tag === "Right" ? { _tag: "Right", right: result.right } : { _tag: "Left", left: result.left },
        ledger: after,
        events: made,
        then(expected: ExpectedOutcome): When {
          if (!Array.isArray(expected)) throw new TypeError("lawful-crm/testing: then() expects an array of events or of refusal codes.");
          const codes = expected.length > 0 && expected.every((x) => typeof x === "string");
          if (codes) {
            const unknown = (expected as string[]).filter((c) => !CODES.has(c));
            if (unknown.length > 0) throw new TypeError(`lawful-crm/testing: unknown refusal code(s) ${JSON.stringify(unknown)}; the codes are ${COMMAND_ERROR_CODES.join(", ")}.`);
            // The set of codes: decide reports one INVALID_COMMAND per wrong field, and a scenario names the kinds of refusal.
            const want = [...new Set(expected as string[])].sort();
            if (result._tag === "Right") {
              throw new ScenarioFailure(
                `lawful-crm/testing: expected the command to be refused with ${JSON.stringify(want)}, but it was accepted.${describeCommand}\nEvents made:\n${pretty(result.right)}${rejectNote(ledger)}`,
                want,
                result.right,
              );
            }
            const got = [...new Set(result.left.map((e) => e.code))].sort();
            if (JSON.stringify(want) !== JSON.stringify(got)) {
              throw new ScenarioFailure(
                `lawful-crm/testing: the command was refused with other codes than expected.\nExpected codes: ${JSON.stringify(want)}\nActual codes:   ${JSON.stringify(got)}${describeCommand}\nRefusal:\n${refusalLines(result.left)}${rejectNote(ledger)}`,
                want,
                got,
              );
            }
            return outcome;
          }
          const want = normalize(expected);
          if (result._tag === "Left") {
            throw new ScenarioFailure(
              `lawful-crm/testing: expected the command to be accepted, but it was refused.${describeCommand}\nExpected events:\n${pretty(want)}\nRefusal:\n${refusalLines(result.left)}${rejectNote(ledger)}`,
              want,
              result.left,
            );
          }
          const got = normalize(result.right);
          const diff = firstDifference(want, got);
          if (diff !== undefined) {
            throw new ScenarioFailure(
              `lawful-crm/testing: the events differ from the expected ones (first difference at ${diff.path}: expected ${show(diff.expected)}, got ${show(diff.actual)}).${describeCommand}\nExpected events:\n${pretty(want)}\nActual events:\n${pretty(got)}`,
              want,
              got,
            );
          }
          return outcome;
        },
        thenDecision(query: DecisionQuery, expected: ExpectedDecision): When {
          if (result._tag === "Left") {
            throw new ScenarioFailure(
              `lawful-crm/testing: expected the command to be accepted before checking the decision, but it was refused.${describeCommand}\nRefusal:\n${refusalLines(result.left)}${rejectNote(ledger)}`,
              "accepted",
              result.left,
            );
          }
          const at = latestAt([...made, { at: now }], now);
          checkDecision(after, query, expected, at, `${describeCommand}\nEvents made:\n${pretty(made)}`);
          return outcome;
        },
      };
      return outcome;
    },
    thenDecision(query: DecisionQuery, expected: ExpectedDecision): Given {
      checkDecision(ledger, query, expected, now, "");
      return self;
    },
  };
  return self;
}
