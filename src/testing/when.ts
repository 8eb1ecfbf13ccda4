/** One command decided against a scenario's history, and the assertions on its outcome. */
import { apply, COMMAND_ERROR_CODES, decideUnknown, type CommandError, type Ledger, type LedgerEvent } from "../index.js";
import { latestAt } from "./clock.js";
import { checkDecision, refusalLines, rejectNote } from "./decision.js";
import { firstDifference, normalize, pretty, show } from "./json.js";
import { ScenarioFailure, type DecisionQuery, type ExpectedDecision, type ExpectedOutcome, type When } from "./types.js";

const CODES: ReadonlySet<string> = new Set(COMMAND_ERROR_CODES);

type Result = When["result"];

/** The scenario a command runs in: the given ledger, its `now`, and the clock and ids `decide` gets. */
interface Scene {
  readonly ledger: Ledger;
  readonly now: string;
  readonly clock: () => string;
  readonly newId: () => string;
}

/** Applies the events `decide` made; a failure when replay rejects one (a bug in lawful-crm). */
function applyMade(ledger: Ledger, command: unknown, made: readonly LedgerEvent[]): Ledger {
  let after = ledger;
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
  return after;
}

/** Asserts a refusal with exactly the kinds of `expected` codes. */
function expectRefusal(scene: Scene, result: Result, expected: readonly string[], describeCommand: string): void {
  const unknown = expected.filter((c) => !CODES.has(c));
  if (unknown.length > 0) throw new TypeError(`lawful-crm/testing: unknown refusal code(s) ${JSON.stringify(unknown)}; the codes are ${COMMAND_ERROR_CODES.join(", ")}.`);
  // The set of codes: decide reports one INVALID_COMMAND per wrong field, and a scenario names the kinds of refusal.
  const want = [...new Set(expected)].sort();
  if (result._tag === "Right") {
    throw new ScenarioFailure(
      `lawful-crm/testing: expected the command to be refused with ${JSON.stringify(want)}, but it was accepted.${describeCommand}\nEvents made:\n${pretty(result.right)}${rejectNote(scene.ledger)}`,
      want,
      result.right,
    );
  }
  const got = [...new Set(result.left.map((e) => e.code))].sort();
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    throw new ScenarioFailure(
      `lawful-crm/testing: the command was refused with other codes than expected.\nExpected codes: ${JSON.stringify(want)}\nActual codes:   ${JSON.stringify(got)}${describeCommand}\nRefusal:\n${refusalLines(result.left)}${rejectNote(scene.ledger)}`,
      want,
      got,
    );
  }
}

/** Asserts that the command was accepted with exactly the `expected` events (deep-equal, key order irrelevant). */
function expectEvents(scene: Scene, result: Result, expected: readonly unknown[], describeCommand: string): void {
  const want = normalize(expected);
  if (result._tag === "Left") {
    throw new ScenarioFailure(
      `lawful-crm/testing: expected the command to be accepted, but it was refused.${describeCommand}\nExpected events:\n${pretty(want)}\nRefusal:\n${refusalLines(result.left)}${rejectNote(scene.ledger)}`,
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
}

/** Decides `command` in `scene` (checked at run time: `when` is typed, `whenUnknown` is not) and returns its outcome with the assertions on it. */
export function runCommand(scene: Scene, command: unknown): When {
  const result = decideUnknown(command, scene.ledger, { now: scene.clock, newId: scene.newId });
  const made = result._tag === "Right" ? result.right : [];
  const after = applyMade(scene.ledger, command, made);
  const describeCommand = `\nCommand:\n${pretty(command)}`;
  const outcome: When = {
    command,
    result: result._tag === "Right" ? { _tag: "Right", right: result.right } : { _tag: "Left", left: result.left as CommandError[] },
    ledger: after,
    events: made,
    then(expected: ExpectedOutcome): When {
      if (!Array.isArray(expected)) throw new TypeError("lawful-crm/testing: then() expects an array of events or of refusal codes.");
      const codes = expected.length > 0 && expected.every((x) => typeof x === "string");
      if (codes) expectRefusal(scene, outcome.result, expected as string[], describeCommand);
      else expectEvents(scene, outcome.result, expected, describeCommand);
      return outcome;
    },
    thenDecision(query: DecisionQuery, expected: ExpectedDecision): When {
      if (result._tag === "Left") {
        throw new ScenarioFailure(
          `lawful-crm/testing: expected the command to be accepted before checking the decision, but it was refused.${describeCommand}\nRefusal:\n${refusalLines(result.left)}${rejectNote(scene.ledger)}`,
          "accepted",
          result.left,
        );
      }
      const at = latestAt([...made, { at: scene.now }], scene.now);
      checkDecision(after, query, expected, at, `${describeCommand}\nEvents made:\n${pretty(made)}`);
      return outcome;
    },
  };
  return outcome;
}
