/**
 * A refusal prints its field path once (issue 13: `CONSENT_NOT_ACTIVE at
 * data.method: data.method: a consent captured as "pre-ticked"…`). A
 * CommandError's message names its field itself, so every display prints the
 * code and the message: CommandRefusedError, the testing helper's failures.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { COMMAND_TYPES, decideUnknown, type CommandError } from "../../src/index.js";
import { CommandRefusedError, emmettDecider } from "../../src/emmett/index.js";
import { given, ScenarioFailure } from "../../src/testing/index.js";
import { changed, exampleLedger, refusalExamples } from "./reference.js";
import { EXAMPLES, HISTORY, NOW } from "./reference-examples.js";

const preTicked = changed(EXAMPLES.grantConsent.accepted, { "data.method": "pre-ticked" });
const occurrences = (text: string, s: string) => text.split(s).length - 1;

/** Every message with a path begins with it: the one place the path is written. */
function expectPathFirst(errors: readonly CommandError[]) {
  for (const e of errors) {
    if (e.path === "") continue;
    expect(e.message.startsWith(`${e.path}: `), `${e.code} ${e.message}`).toBe(true);
    expect(occurrences(`${e.code}: ${e.message}`, `${e.path}: `), e.message).toBe(1);
  }
}

describe("a refusal names its field once", () => {
  test("CommandRefusedError (lawful-crm/emmett): the issue's example", () => {
    const d = emmettDecider({ now: () => NOW, newId: () => "e-1" });
    let thrown: unknown;
    try {
      d.decide(preTicked as Parameters<typeof d.decide>[0], exampleLedger());
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CommandRefusedError);
    const message = (thrown as CommandRefusedError).message;
    expect(message).toContain('  - CONSENT_NOT_ACTIVE: data.method: a consent captured as "pre-ticked" is not an active act of will');
    expect(occurrences(message, "data.method")).toBe(1);
  });

  test("the testing helper's failures: refused where events were expected, and other codes than expected", () => {
    const failure = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        if (e instanceof ScenarioFailure) return e.message;
        throw e;
      }
      throw new Error("expected a ScenarioFailure");
    };
    for (const message of [
      failure(() => given(HISTORY, { now: NOW }).whenUnknown(preTicked).then([{ type: "ConsentGranted" }])),
      failure(() => given(HISTORY, { now: NOW }).whenUnknown(preTicked).then(["UNKNOWN_PURPOSE"])),
      failure(() => given(HISTORY, { now: NOW }).whenUnknown(preTicked).thenDecision({ subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] } }, { allowed: true })),
    ]) {
      expect(message).toContain("  - CONSENT_NOT_ACTIVE: data.method: a consent captured as");
      expect(occurrences(message, "data.method")).toBe(1);
    }
  });

  test("every documented refusal's message begins with its path", () => {
    for (const r of refusalExamples()) expectPathFirst(r.errors);
  });

  test("so do the refusals of arbitrary input (INVALID_COMMAND from any field)", () => {
    const ledger = exampleLedger();
    const json = fc.jsonValue({ maxDepth: 2 });
    const input = fc.oneof(
      json,
      fc.record({ type: fc.constantFrom(...COMMAND_TYPES), subject: fc.option(json, { nil: undefined }), at: fc.option(json, { nil: undefined }), data: fc.dictionary(fc.constantFrom("fact", "field", "value", "source", "purposes", "basis", "consent", "method", "reason", "event", "policy"), json) }),
    );
    fc.assert(
      fc.property(input, (u) => {
        const r = decideUnknown(u, ledger, { now: () => NOW, newId: () => "e-1" });
        if (r._tag === "Left") expectPathFirst(r.left);
      }),
      { numRuns: 300 },
    );
  });
});
