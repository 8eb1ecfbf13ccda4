/**
 * decideAndApply: the write side's loop once. It answers as decide answers,
 * applies exactly the events decide made, changes nothing it is given, reads
 * no clock, and a log built with it replays to the ledger it built.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { apply, COMMAND_TYPES, decide, decideAndApply, LawfulCrmError, replay, type Command, type LedgerEvent } from "../../src/index.js";
import { exampleLedger } from "./reference.js";
import { EXAMPLES, HISTORY, NOW } from "./reference-examples.js";
import { changed } from "./reference.js";

const context = () => {
  let n = 0;
  return { now: () => NOW, newId: () => `id-${++n}` };
};

describe("decideAndApply", () => {
  test("accepted: decide's events, and the ledger with them applied, for every command's example", () => {
    const ledger = exampleLedger();
    for (const type of COMMAND_TYPES) {
      const command = EXAMPLES[type].accepted as Command;
      const made = decide(command, ledger, context());
      const r = decideAndApply(command, ledger, context());
      expect(E.isRight(made) && E.isRight(r), type).toBe(true);
      if (!E.isRight(made) || !E.isRight(r)) continue;
      expect(r.right.events).toEqual(made.right);
      expect(r.right.ledger).toEqual(made.right.reduce(apply, ledger));
      expect(r.right.ledger.accepted).toBe(ledger.accepted + 1);
      expect(r.right.ledger.rejected).toHaveLength(ledger.rejected.length); // voidEvent marks one voided, nothing is rejected anew
      expect(Object.isFrozen(r.right)).toBe(true);
      expect(Object.isFrozen(r.right.events)).toBe(true);
    }
  });

  test("refused: exactly decide's refusal, and the ledger given is unchanged", () => {
    const ledger = exampleLedger();
    const before = JSON.stringify(ledger);
    for (const type of COMMAND_TYPES) {
      for (const { change } of EXAMPLES[type].refused) {
        const command = changed(EXAMPLES[type].accepted, change) as Command;
        const r = decideAndApply(command, ledger, context());
        expect(E.isLeft(r), `${type} ${JSON.stringify(change)}`).toBe(true);
        expect(r).toEqual(decide(command, ledger, context()));
      }
    }
    expect(JSON.stringify(ledger)).toBe(before);
  });

  test("a log built with it replays to the ledger it built, refusals leaving no trace", () => {
    let ledger = replay([]);
    const log: LedgerEvent[] = [];
    const ctx = context();
    const commands: Command[] = [
      { type: "declarePurpose", data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
      { type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
      { type: "recordFact", subject: "anna", data: { field: "email", value: "a@example.org", category: "contact.email", source: "fax", purposes: ["sales"], basis: "contract" } },
      { type: "recordFact", subject: "anna", data: { field: "email", value: "a@example.org", category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
      { type: "grantConsent", subject: "anna", data: { purposes: ["sales"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } },
      { type: "correctFact", subject: "anna", data: { fact: "id-6", value: "anna@example.org", source: "web-form" } },
    ];
    const refused: string[] = [];
    for (const c of commands) {
      const r = decideAndApply(c, ledger, ctx);
      if (E.isLeft(r)) {
        refused.push(...r.left.map((e) => e.code));
        continue;
      }
      log.push(...r.right.events);
      ledger = r.right.ledger;
    }
    expect(refused).toEqual(["SOURCE_NOT_REGISTERED", "CONSENT_UNINFORMED"]);
    expect(log.map((e) => e.type)).toEqual(["PurposeDeclared", "SourceRegistered", "FactRecorded", "FactCorrected"]);
    expect(replay(log)).toEqual(ledger);
  });

  test("pure: the same inputs give the same answer, and no clock is read when the command brings at and ids", () => {
    const ledger = replay(HISTORY);
    const c = EXAMPLES.recordFact.accepted;
    expect(decideAndApply(c, ledger, context())).toEqual(decideAndApply(c, ledger, context()));
    const noClock = {
      now: () => {
        throw new Error("now() was called");
      },
      newId: () => {
        throw new Error("newId() was called");
      },
    };
    const complete = { ...c, at: "2024-02-15T00:00:00Z", id: "evt-1", data: { ...c.data, fact: "f9" } };
    const r = decideAndApply(complete, ledger, noClock);
    expect(E.isRight(r) && r.right.events.map((e) => [e.id, e.at])).toEqual([["evt-1", "2024-02-15T00:00:00Z"]]);
  });

  test("a context without the function a command needs is a programmer error, named", () => {
    const c = { type: "retireSource", data: { source: "web-form" } } satisfies Command;
    expect(() => decideAndApply(c, replay(HISTORY), { newId: () => "x" } as never)).toThrow(LawfulCrmError);
    expect(() => decideAndApply(c, replay(HISTORY), { newId: () => "x" } as never)).toThrow(/needs now: \(\) => string/);
    expect(() => decide({ ...c, at: NOW }, replay(HISTORY), { now: () => NOW } as never)).toThrow(/needs newId: \(\) => string/);
  });
});
