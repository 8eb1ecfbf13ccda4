/**
 * What every command shares: the envelope, the injected clock and ids, a
 * reused id, purity, the Decider triple and the outer helper.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import {
  apply,
  COMMAND_ERROR_CODES,
  COMMAND_EVENTS,
  COMMAND_TYPES,
  commandCodecs,
  decide,
  decideNow,
  decideUnknown,
  decider,
  EVENT_TYPES,
  replay,
  type CommandOf,
  type LedgerEvent,
} from "../../src/index.js";
import { given } from "../../src/testing/index.js";
import { history, S, T1, T2, type Ev } from "./fixtures.js";

const ctx = (now = T2) => {
  let n = 0;
  return { now: () => now, newId: () => `new-${++n}` };
};
const restrict = { type: "restrictProcessing", subject: S, data: { reason: "contested" } } satisfies CommandOf<"restrictProcessing">;

describe("the command set", () => {
  test("28 commands, one per event type but UseRecorded, each with a codec", () => {
    expect(COMMAND_TYPES).toHaveLength(28);
    expect(new Set(Object.values(COMMAND_EVENTS))).toEqual(new Set(EVENT_TYPES.filter((t) => t !== "UseRecorded")));
    for (const c of COMMAND_TYPES) expect(typeof commandCodecs[c].decode).toBe("function");
  });

  test("a command codec decodes a command and strips unknown fields", () => {
    const r = commandCodecs.restrictProcessing.decode({ ...restrict, extra: 1, data: { reason: "x", more: 2 } });
    expect(E.isRight(r) && r.right).toEqual({ type: "restrictProcessing", subject: S, data: { reason: "x" } });
    expect(E.isLeft(commandCodecs.grantAccess.decode({ type: "grantAccess", data: { role: "r", purposes: ["a"], categories: [] } }))).toBe(false);
  });
});

describe("INVALID_COMMAND on the envelope", () => {
  test.each([null, 42, "recordFact", [], undefined])("not an object: %j", (c) => {
    const r = decideUnknown(c, replay([]), ctx());
    expect(E.isLeft(r) && r.left).toEqual([expect.objectContaining({ code: "INVALID_COMMAND", path: "" })]);
  });

  test("an unknown or missing type names the known ones", () => {
    for (const c of [{ type: "deleteEverything", data: {} }, { data: {} }]) {
      const r = decideUnknown(c, replay([]), ctx());
      expect(E.isLeft(r) && r.left).toEqual([expect.objectContaining({ code: "INVALID_COMMAND", path: "type" })]);
      expect(E.isLeft(r) && r.left[0]!.message).toContain("recordFact");
    }
  });

  test("one error per wrong envelope field and data field", () => {
    const w = given(history()).whenUnknown({ type: "restrictProcessing", subject: "", by: "", at: "2024-13-01T00:00:00Z", id: "", data: { reason: 1 } });
    w.then(["INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path).sort()).toEqual(["at", "by", "data.reason", "id", "subject"]);
  });

  test("a now() that is not a wire-format timestamp is refused, at is then the path", () => {
    const r = decide(restrict, replay([]), { now: () => "2024-01-01 00:00", newId: () => "x" });
    expect(E.isLeft(r) && r.left).toEqual([expect.objectContaining({ code: "INVALID_COMMAND", path: "at" })]);
  });

  test("an empty id from newId is refused, not turned into a rejected event", () => {
    const r = decide(restrict, replay([]), { now: () => T2, newId: () => "" });
    expect(E.isLeft(r) && r.left).toEqual([expect.objectContaining({ code: "INVALID_COMMAND", path: "id" })]);
  });

  test("errors are frozen values with a sentence", () => {
    const r = decideUnknown({ type: "restrictProcessing", data: {} }, replay([]), ctx());
    expect(E.isLeft(r)).toBe(true);
    for (const e of E.isLeft(r) ? r.left : []) {
      expect(Object.isFrozen(e)).toBe(true);
      expect(COMMAND_ERROR_CODES).toContain(e.code);
      expect(e.message.length).toBeGreaterThan(20);
    }
  });
});

describe("WOULD_BE_REJECTED: a reused id", () => {
  test("the id of an accepted event", () => {
    const w = given(history()).when({ ...restrict, id: "e-f1" }).then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "ID_CONFLICT" });
  });

  test("the id of a rejected item", () => {
    const h = [...history(), { id: "junk", type: "Nope", at: T1, data: {} }];
    const w = given(h).when({ ...restrict, id: "junk" }).then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "ID_CONFLICT" });
  });

  test("the same command with the same id twice: the second is refused", () => {
    const first = given(history()).when({ ...restrict, id: "cmd-1" });
    given([...history(), ...first.events]).when({ ...restrict, id: "cmd-1" }).then(["WOULD_BE_REJECTED"]);
  });
});

describe("purity and the injected context", () => {
  test("the event id is made first, then the data's ids, and at defaults to now", () => {
    const r = decide({ type: "grantAccess", data: { role: "r", purposes: ["sales"], categories: [] } }, replay([]), ctx("2030-01-01T00:00:00Z"));
    expect(E.isRight(r) && r.right).toEqual([{ id: "new-1", type: "AccessPolicyGranted", at: "2030-01-01T00:00:00Z", data: { policy: "new-2", role: "r", purposes: ["sales"], categories: [] } }]);
  });

  test("decide changes neither the ledger nor the command, and returns frozen events", () => {
    const ledger = replay(history());
    const before = JSON.stringify(ledger);
    const command = { type: "recordFact", subject: S, data: { field: "phone", value: { n: [1] }, category: "contact.phone", source: "crm", purposes: ["sales"], basis: "contract" } } satisfies CommandOf<"recordFact">;
    const copy = JSON.parse(JSON.stringify(command)) as unknown;
    const r = decide(command, ledger, ctx());
    expect(JSON.stringify(ledger)).toBe(before);
    expect(command).toEqual(copy);
    expect(ledger.size).toBe(history().length);
    const ev = E.isRight(r) ? r.right[0]! : undefined;
    expect(Object.isFrozen(ev)).toBe(true);
    // The event shares nothing with the command.
    (command.data.value as { n: number[] }).n.push(2);
    expect((ev as Extract<LedgerEvent, { type: "FactRecorded" }>).data.value).toEqual({ n: [1] });
  });

  test("the same inputs give the same result", () => {
    const ledger = replay(history());
    expect(decide(restrict, ledger, ctx())).toEqual(decide(restrict, ledger, ctx()));
  });

  test("an older ledger snapshot is judged as it stood", () => {
    const old = replay(history().slice(0, -3)); // no fact f1 yet
    const newer = apply(old, history().at(-3));
    const c = { type: "correctFact", subject: S, at: T2, data: { fact: "f1", value: 1, source: "crm" } } satisfies CommandOf<"correctFact">;
    expect(E.isLeft(decide(c, old, ctx()))).toBe(true);
    expect(E.isRight(decide(c, newer, ctx()))).toBe(true);
    // Deciding against the older snapshot again after the newer exists still sees it as it was.
    expect(E.isLeft(decide(c, old, ctx()))).toBe(true);
  });
});

describe("the Decider triple and the outer helper", () => {
  test("evolve is apply, initialState the empty ledger, decide is decide", () => {
    expect(decider.evolve).toBe(apply);
    expect(decider.decide).toBe(decide);
    const s0 = decider.initialState();
    expect(s0).toEqual(replay([]));
    expect(decider.initialState()).not.toBe(s0);
    let state = s0;
    for (const e of history()) state = decider.evolve(state, e);
    expect(state).toEqual(replay(history()));
  });

  test("decideNow uses the clock and uuid v7", () => {
    const before = Date.now();
    const r = decideNow(restrict, replay([]));
    expect(E.isRight(r)).toBe(true);
    const e = E.isRight(r) ? r.right[0]! : undefined;
    expect(e?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Date.parse(e!.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(e!.at)).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
