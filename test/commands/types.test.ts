/**
 * The two entry points of the write side, at compile time and at run time.
 * `decide` (and every helper built on it) is typed on the `Command` union: the
 * `@ts-expect-error` lines below must be compile errors, which
 * test/typecheck.test.ts checks (an unused `@ts-expect-error` is itself an
 * error). Each of them is also run, and refused at run time as JSON from
 * outside would be. `decideUnknown` takes `unknown` and checks at run time
 * only. test/commands/editor.test.ts checks what an editor shows.
 */
import type * as E from "fp-ts/lib/Either.js";
import { describe, expect, expectTypeOf, test } from "vitest";
import {
  createMemoryVault,
  decide,
  decideAndApply,
  decideNow,
  decider,
  decideUnknown,
  decideWithVault,
  replay,
  type Command,
  type CommandData,
  type CommandError,
  type CommandOf,
  type CommandType,
  type DecideContext,
  type Decided,
  type Ledger,
  type LedgerEvent,
} from "../../src/index.js";
import { given } from "../../src/testing/index.js";

const ledger = replay([]);
const context: DecideContext = { now: () => "2024-03-01T00:00:00Z", newId: () => "e-1" };
const codes = (r: E.Either<readonly CommandError[], unknown>) => (r._tag === "Left" ? r.left.map((e) => `${e.code} ${e.path}`) : "accepted");

describe("decide is typed on the Command union", () => {
  test("a well-formed command of each kind compiles", () => {
    expect(codes(decide({ type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } }, ledger, context))).toBe("accepted");
    expect(codes(decide({ type: "restrictProcessing", subject: "anna", by: "dpo", at: "2024-03-02T00:00:00Z", id: "r1", data: { reason: "Accuracy contested" } }, ledger, context))).toBe("accepted");
    // The ids decide can make are optional in the data, and allowed.
    expectTypeOf<CommandData<"recordFact">>().toHaveProperty("fact").toEqualTypeOf<string | undefined>();
    expectTypeOf<CommandData<"grantConsent">["consent"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<CommandData<"recordFact">["field"]>().toEqualTypeOf<string>();
  });

  test("a misspelt data key is a compile error, and refused at run time", () => {
    const r = decide(
      // @ts-expect-error 'feild' does not exist in recordFact's data (and `field` is then missing).
      { type: "recordFact", subject: "anna", data: { feild: "email", value: "a@example.org", category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } },
      ledger,
      context,
    );
    expect(codes(r)).toEqual(["INVALID_COMMAND data.field"]);
  });

  test("an unknown command type, a wrong enum value, a wrong field type are compile errors", () => {
    // @ts-expect-error there is no command "recordFat".
    expect(codes(decide({ type: "recordFat", subject: "anna", data: {} }, ledger, context))).toEqual(["INVALID_COMMAND type"]);
    const consent = { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", channel: "web", evidence: "form-1" };
    // @ts-expect-error "pre-tickd" is not a ConsentMethod.
    expect(codes(decide({ type: "grantConsent", subject: "anna", data: { ...consent, method: "pre-tickd" } }, ledger, context))).toEqual(["INVALID_COMMAND data.method"]);
    // @ts-expect-error purposes is a list.
    expect(codes(decide({ type: "raiseObjection", subject: "anna", data: { purposes: "marketing", channel: "email" } }, ledger, context))).toEqual(["INVALID_COMMAND data.purposes"]);
  });

  test("a command about a person needs its subject; a catalog command takes none", () => {
    // @ts-expect-error restrictProcessing is about a person: subject is required.
    expect(codes(decide({ type: "restrictProcessing", data: { reason: "contested" } }, ledger, context))).toEqual(["INVALID_COMMAND subject"]);
    // @ts-expect-error retireSource is a catalog command: it has no subject.
    expect(codes(decide({ type: "retireSource", subject: "anna", data: { source: "web" } }, ledger, context))).toEqual(["INVALID_COMMAND subject"]);
    expectTypeOf<CommandOf<"retireSource">>().not.toHaveProperty("subject");
    expectTypeOf<CommandOf<"withdrawConsent">["subject"]>().toEqualTypeOf<string>();
  });

  test("a value typed unknown or as a loose record does not compile: that is what decideUnknown is for", () => {
    const fromOutside: unknown = JSON.parse('{"type":"retireSource","data":{"source":"web"}}');
    // @ts-expect-error decide takes a Command, not unknown.
    decide(fromOutside, ledger, context);
    const loose: Record<string, unknown> = { type: "retireSource", data: { source: "web" } };
    // @ts-expect-error nor a Record<string, unknown>.
    decide(loose, ledger, context);
    expect(codes(decideUnknown(fromOutside, ledger, context))).toBe("accepted");
    expect(codes(decideUnknown(loose, ledger, context))).toBe("accepted");
  });

  test("a Command value of any type passes, and a variable keeps its literals with satisfies", () => {
    const commands: Command[] = [
      { type: "declarePurpose", data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
      { type: "endLegalBasis", subject: "anna", data: { reference: "order-42" } },
    ];
    for (const c of commands) decide(c, ledger, context);
    const one = { type: "liftRestriction", subject: "anna", data: {} } satisfies CommandOf<"liftRestriction">;
    expect(codes(decide(one, ledger, context))).toBe("accepted");
    // Without satisfies (or an annotation) the literals widen to string, and the variable is not a command.
    const widened = { type: "liftRestriction", subject: "anna", data: {} };
    // @ts-expect-error type: string is not a command type.
    decide(widened, ledger, context);
  });

  test("the signatures: a Command in, Either<CommandError[], LedgerEvent[]> out; decideUnknown takes unknown", () => {
    expectTypeOf(decide<"retireSource">).parameter(0).toEqualTypeOf<{ readonly type: "retireSource" } & CommandOf<"retireSource">>();
    expectTypeOf(decide<CommandType>).parameter(0).toMatchTypeOf<Command>();
    expectTypeOf<Command>().toMatchTypeOf<Parameters<typeof decide<CommandType>>[0]>();
    expectTypeOf(decideUnknown).parameter(0).toEqualTypeOf<unknown>();
    expectTypeOf(decide<"retireSource">).returns.toEqualTypeOf<E.Either<CommandError[], LedgerEvent[]>>();
    expectTypeOf(decideUnknown).returns.toEqualTypeOf<E.Either<CommandError[], LedgerEvent[]>>();
    expectTypeOf(decideAndApply<"retireSource">).returns.toEqualTypeOf<E.Either<CommandError[], Decided>>();
    expectTypeOf<Decided["ledger"]>().toEqualTypeOf<Ledger>();
  });
});

describe("every typed helper checks the command at compile time", () => {
  const typo = { type: "retirePurpose", data: { purpos: "sales" } } as const;

  test("decideNow, decider.decide, decideAndApply", () => {
    // @ts-expect-error 'purpos' does not exist in retirePurpose's data.
    expect(codes(decideNow({ type: "retirePurpose", data: { purpos: "sales" } }, ledger))).toEqual(["INVALID_COMMAND data.purpose"]);
    // @ts-expect-error 'purpos' does not exist in retirePurpose's data.
    expect(codes(decider.decide({ type: "retirePurpose", data: { purpos: "sales" } }, ledger, context))).toEqual(["INVALID_COMMAND data.purpose"]);
    // @ts-expect-error 'purpos' does not exist in retirePurpose's data.
    expect(codes(decideAndApply({ type: "retirePurpose", data: { purpos: "sales" } }, ledger, context))).toEqual(["INVALID_COMMAND data.purpose"]);
    // @ts-expect-error a readonly value with the wrong key is not a command either.
    decide(typo, ledger, context);
  });

  test("decideWithVault", async () => {
    // @ts-expect-error 'purpos' does not exist in retirePurpose's data.
    const r = await decideWithVault({ type: "retirePurpose", data: { purpos: "sales" } }, ledger, context, createMemoryVault());
    expect(codes(r)).toEqual(["INVALID_COMMAND data.purpose"]);
  });

  test("given(...).when; whenUnknown takes anything", () => {
    // @ts-expect-error 'purpos' does not exist in retirePurpose's data.
    given([]).when({ type: "retirePurpose", data: { purpos: "sales" } }).then(["INVALID_COMMAND"]);
    given([]).whenUnknown({ type: "retirePurpose", data: { purpos: "sales" } }).then(["INVALID_COMMAND"]);
    given([]).whenUnknown(typo).then(["INVALID_COMMAND"]);
    expectTypeOf(given([]).whenUnknown).parameter(0).toEqualTypeOf<unknown>();
  });
});
