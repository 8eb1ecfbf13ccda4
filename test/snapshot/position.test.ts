/**
 * A snapshot records the position of the last event it holds (the store's
 * global position, a bigint for Emmett), so that an instance restores and
 * then applies what was appended after that position.
 */
import { describe, expect, it } from "vitest";
import { apply, createMemoryVault, isSnapshotError, LawfulCrmError, replay, restoreWithVault, snapshot, snapshotPosition, type Ledger } from "../../src/index.js";
import { lists, restored } from "./observe.js";

const T0 = "2024-01-01T00:00:00Z";
const log: unknown[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
  { id: "c2", type: "SourceRegistered", at: T0, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
  { id: "e1", type: "FactRecorded", at: T0, subject: "anna", data: { fact: "f1", field: "email", value: "a@x.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" } },
];

describe("the position a snapshot records", () => {
  it("comes back as given: a bigint (up to 2^64 - 1) as a bigint, a safe integer as a number", () => {
    const ledger = replay(log);
    for (const given of [0, 3, 127, 128, Number.MAX_SAFE_INTEGER, 0n, 127n, 128n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 64n - 1n]) {
      expect(snapshotPosition(restored(snapshot(ledger, { position: given })))).toBe(given);
    }
  });

  it("is absent when none was given, and for a ledger that did not come from a snapshot", () => {
    const ledger = replay(log);
    expect(snapshotPosition(restored(snapshot(ledger)))).toBeUndefined();
    expect(snapshotPosition(restored(snapshot(ledger, {})))).toBeUndefined();
    expect(snapshotPosition(ledger)).toBeUndefined();
  });

  it("belongs to the restored ledger only: a ledger applied on top holds more, and has none; snapshotting the restored ledger again keeps it", () => {
    const copy = restored(snapshot(replay(log.slice(0, 2)), { position: 41n }));
    expect(snapshotPosition(copy)).toBe(41n);
    const caughtUp = apply(copy, log[2]);
    expect(snapshotPosition(caughtUp)).toBeUndefined();
    expect(snapshotPosition(copy)).toBe(41n);
    expect(snapshotPosition(restored(snapshot(copy)))).toBe(41n);
    expect(snapshotPosition(restored(snapshot(caughtUp, { position: 42 })))).toBe(42);
    expect(snapshotPosition(restored(snapshot(copy, { position: 7n })))).toBe(7n);
  });

  it("lets an instance catch up: restore, then apply the events after the position, gives the ledger of the whole log", () => {
    // A store whose global positions are 1-based and shared with other streams: events 1..2 are in the snapshot.
    const stored = log.map((event, k) => ({ position: BigInt(k + 1), event }));
    const bytes = snapshot(replay(stored.slice(0, 2).map((s) => s.event)), { position: stored[1]!.position });
    let ledger = restored(bytes);
    const from = snapshotPosition(ledger)!;
    for (const s of stored) if (s.position > from) ledger = apply(ledger, s.event);
    expect(lists(ledger)).toEqual(lists(replay(log)));
  });

  it("survives restoreWithVault", async () => {
    const r = await restoreWithVault(snapshot(replay(log), { position: 99n }), createMemoryVault());
    if (isSnapshotError(r)) throw new Error(r.error.message);
    expect(snapshotPosition(r)).toBe(99n);
  });

  it("must be a non-negative safe integer or a bigint below 2^64: anything else is a programmer error", () => {
    const ledger = replay(log);
    for (const position of [-1, 1.5, NaN, Infinity, 2 ** 53, -1n, 2n ** 64n, "5", null, {}]) {
      expect(() => snapshot(ledger, { position } as never)).toThrow(LawfulCrmError);
    }
    for (const options of [null, 5, "x", []]) expect(() => snapshot(ledger, options as never)).toThrow(LawfulCrmError);
    expect(() => snapshot({} as Ledger)).toThrow(LawfulCrmError);
  });
});
