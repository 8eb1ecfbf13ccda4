/**
 * Issue 12, snapshots: "the Emmett subpath can catch a restored ledger up
 * from that position: an instance restores, then applies what other
 * instances appended since". On Emmett's in-memory store, over the model's
 * generated histories (valid and invalid items, voids, duplicates): a
 * ledger built from the global log, snapshotted with its position,
 * restored and caught up after more appends, answers every query as a
 * replay of the whole store does.
 */
import { getInMemoryEventStore, type EventStore } from "@event-driven-io/emmett";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LawfulCrmError, replay, snapshot, type Ledger } from "../../src/index.js";
import { catchUp, CATALOG_STREAM, recordGlobalLog, replayRecorded, subjectStream, type GlobalLogReader } from "../../src/emmett/index.js";
import { scenarioArb } from "../model/arbitraries.js";
import { lists, observe, restored, subjectsOf } from "../snapshot/observe.js";

const RUNS = Math.max(20, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 40));

/** Any generated item as an Emmett event on the stream replay would give it (an object's subject, else the catalog). */
function toStored(item: unknown): { stream: string; event: { type: string; data: unknown; metadata: Record<string, unknown> } } {
  const o = typeof item === "object" && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : { data: item };
  const metadata: Record<string, unknown> = {};
  for (const k of ["id", "at", "subject", "by", "v"]) if (o[k] !== undefined) metadata[k] = o[k];
  const subject = typeof o["subject"] === "string" && o["subject"] !== "" ? o["subject"] : undefined;
  return { stream: subject === undefined ? CATALOG_STREAM : subjectStream(subject), event: { type: typeof o["type"] === "string" ? o["type"] : "NotAnEvent", data: o["data"] ?? null, metadata } };
}

async function append(store: EventStore, items: readonly unknown[]): Promise<void> {
  for (const item of items) {
    const { stream, event } = toStored(item);
    await store.appendToStream(stream, [event as { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }]);
  }
}

/** Every message of the ledger's streams, replayed in global order: the reference a caught-up ledger must equal. */
async function replayWholeStore(read: GlobalLogReader): Promise<Ledger> {
  const { messages } = await read({ after: 0n, batchSize: 1_000_000 });
  return replayRecorded(messages.filter((m) => !String((m.metadata as { streamName?: string }).streamName).startsWith("orders-")));
}

describe("catchUp on Emmett's in-memory store", () => {
  it(`restore, then what other instances appended since: the same answers as a replay of the whole store (${RUNS} histories)`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ queries: 3 }), fc.nat(), fc.integer({ min: 1, max: 7 }), async ({ log, queries }, cut, batchSize) => {
        const k = cut % (log.length + 1);
        const global = recordGlobalLog();
        const store = getInMemoryEventStore({ hooks: { onAfterCommit: global.onAfterCommit } });
        await append(store, log.slice(0, k));
        // Another application's stream in the same store: never part of the ledger.
        await store.appendToStream("orders-1", [{ type: "OrderPlaced", data: { total: 3 } }]);
        // Instance A builds its ledger from the global log and writes a snapshot with the position it read up to.
        const built = await catchUp(global.read, replay([]), { batchSize });
        expect(built.position).toBe(BigInt(k + 1));
        const bytes = snapshot(built.ledger, { position: built.position });
        // Other instances append the rest.
        await append(store, log.slice(k));
        // Instance B restores and catches up.
        const { ledger, position, applied } = await catchUp(global.read, restored(bytes), { batchSize });
        expect(position).toBe(BigInt(log.length + 1));
        expect(applied).toBe(log.length - k);
        const whole = await replayWholeStore(global.read);
        expect(lists(ledger)).toEqual(lists(whole));
        expect(observe(ledger, queries, subjectsOf(log))).toEqual(observe(whole, queries, subjectsOf(log)));
        expect(snapshot(ledger, { position })).toEqual(snapshot(whole, { position }));
        // Caught up: nothing more to apply, the same ledger back.
        const again = await catchUp(global.read, ledger, { after: position });
        expect(again.applied).toBe(0);
        expect(again.position).toBe(position);
        expect(again.ledger).toBe(ledger);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it("starts after the position the snapshot recorded (a number too), or after `after` when given", async () => {
    const global = recordGlobalLog();
    const store = getInMemoryEventStore({ hooks: { onAfterCommit: global.onAfterCommit } });
    const T = "2024-01-01T00:00:00Z";
    await append(store, [
      { id: "p1", type: "PurposeDeclared", at: T, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
      { id: "s1", type: "SourceRegistered", at: T, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
    ]);
    const first = await catchUp(global.read, replay([]));
    const fromNumber = restored(snapshot(first.ledger, { position: 2 }));
    await append(store, [{ id: "s2", type: "SourceRetired", at: T, data: { source: "crm" } }]);
    const caught = await catchUp(global.read, fromNumber);
    expect([caught.applied, caught.position, caught.ledger.accepted]).toEqual([1, 3n, 3]);
    // An explicit `after` wins over the snapshot's position.
    const twice = await catchUp(global.read, fromNumber, { after: 1n });
    expect(twice.ledger.duplicates).toEqual([2]);
  });

  it("refuses to guess where a ledger that holds events but no position stands, and keeps the ledger when the read fails", async () => {
    const global = recordGlobalLog();
    const ledger = replay([{ id: "s1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "crm" } }]);
    await expect(catchUp(global.read, ledger)).rejects.toThrow(LawfulCrmError);
    await expect(catchUp(global.read, ledger, { after: -1n })).rejects.toThrow(/options.after/);
    await expect(catchUp(global.read, ledger, { after: 0n, batchSize: 0 })).rejects.toThrow(/batchSize/);
    await expect(catchUp(undefined as unknown as GlobalLogReader, ledger, { after: 0n })).rejects.toThrow(/read must be a function/);
    const failing: GlobalLogReader = () => Promise.reject(new Error("connection lost"));
    await expect(catchUp(failing, ledger, { after: 1n })).rejects.toThrow("connection lost");
    expect(ledger.size).toBe(1);
  });

  it("reads every batch until the reader says nothing is left, in global order within a batch", async () => {
    const message = (gp: number, id: string) => ({
      type: "SourceRetired",
      data: { source: id },
      metadata: { id, at: "2024-01-01T00:00:00Z", streamName: CATALOG_STREAM, globalPosition: BigInt(gp) },
    });
    // A reader in commit order (PostgreSQL orders by transaction first): 3 before 2, then a repeat of 3.
    const batches = [[message(1, "a"), message(3, "c"), message(2, "b")], [message(3, "c"), message(4, "d")], []];
    let calls = 0;
    const read: GlobalLogReader = () => Promise.resolve({ messages: batches[calls] ?? [], areMessagesLeft: ++calls < batches.length });
    const { ledger, position, applied } = await catchUp(read, replay([]));
    expect([position, applied, calls]).toEqual([4n, 4, 3]);
    expect(ledger.rejected).toEqual([]);
    expect(ledger.duplicates).toEqual([]);
  });
});
