/** The shapes of a scenario: its options, what it expects, and the failure it throws. */
import type { Actor, CommandInput, CommandType, CommandError, CommandErrorCode, Ledger, LedgerEvent, LegalBasis, ReasonCode } from "../index.js";

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
 * try {
 *   // wrong: registering a source is accepted, not refused
 *   given([]).when({ type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } }).then(["SOURCE_NOT_REGISTERED"]);
 * } catch (e) {
 *   if (e instanceof ScenarioFailure) console.error(e.message.split("\n")[0]);
 *   //=> lawful-crm/testing: expected the command to be refused with ["SOURCE_NOT_REGISTERED"], but it was accepted.
 * }
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
  /**
   * Decides `command` against the given history with `decide`: typed on
   * `Command`, so the editor completes it and a misspelt key is a compile
   * error.
   */
  when<C extends CommandType>(command: CommandInput<C>): When;
  /**
   * Decides input of unknown shape (a JSON fixture, a deliberately malformed
   * command) against the given history with `decideUnknown`, checked at run
   * time only.
   */
  whenUnknown(input: unknown): When;
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
