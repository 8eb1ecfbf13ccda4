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
import { replay, type CommandInput, type CommandType } from "../index.js";
import { EPOCH, latestAt } from "./clock.js";
import { checkDecision } from "./decision.js";
import { sequentialIds, usedIds } from "./ids.js";
import type { DecisionQuery, ExpectedDecision, Given, ScenarioOptions, When } from "./types.js";
import { runCommand } from "./when.js";

export { ScenarioFailure } from "./types.js";
export type { ScenarioOptions, DecisionQuery, ExpectedDecision, ExpectedOutcome, Given, When } from "./types.js";
export { sequentialIds } from "./ids.js";

/**
 * Starts a scenario from a history of raw wire-format events (replayed as
 * `replay` does). Then `.when(command)` decides a command against it with a
 * deterministic clock and ids (`.whenUnknown(input)` for input typed
 * `unknown`, such as a malformed command a test feeds on purpose), and `.then(...)` / `.thenDecision(...)`
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
  const clock = typeof nowOpt === "function" ? nowOpt : () => now;
  const self: Given = {
    ledger,
    now,
    when: <C extends CommandType>(command: CommandInput<C>): When => runCommand({ ledger, now, clock, newId: options.newId ?? sequentialIds("id-", taken) }, command),
    whenUnknown: (input: unknown): When => runCommand({ ledger, now, clock, newId: options.newId ?? sequentialIds("id-", taken) }, input),
    thenDecision(query: DecisionQuery, expected: ExpectedDecision): Given {
      checkDecision(ledger, query, expected, now, "");
      return self;
    },
  };
  return self;
}
