/**
 * `lawful-crm/emmett`: the Decider in Emmett's shape, proven with Emmett's own
 * DeciderSpecification, and the event mapping in both directions.
 */
import { DeciderCommandHandler, DeciderSpecification, EmmettError, getInMemoryEventStore, type Decider } from "@event-driven-io/emmett";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeEvent, replay, type Ledger, type LedgerEvent } from "../../src/index.js";
import {
  CATALOG_STREAM,
  CommandRefusedError,
  emmettDecider,
  fromEmmettEvent,
  toEmmettEvent,
  type LawfulCrmEmmettCommand,
  type LawfulCrmEmmettEvent,
} from "../../src/emmett/index.js";
import { anyEventArb, EXAMPLES } from "../arbitraries.js";

const T0 = "2024-01-01T00:00:00Z";
const NOW = "2024-03-01T00:00:00Z";
const ids = () => {
  let n = 0;
  return () => `e-${++n}`;
};
const ev = (type: string, id: string, data: Record<string, unknown>, subject?: string): LawfulCrmEmmettEvent =>
  ({ type, data, metadata: subject === undefined ? { id, at: T0 } : { id, at: T0, subject } }) as LawfulCrmEmmettEvent;

const catalog: LawfulCrmEmmettEvent[] = [
  ev("PurposeDeclared", "p1", { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] }),
  ev("NoticePublished", "n1", { notice: "privacy", version: "1", purposes: ["marketing"] }),
  ev("SourceRegistered", "s1", { source: "web", kind: "form", assessment: "DPIA-1" }),
];
const grant = {
  type: "grantConsent",
  subject: "anna",
  data: { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" },
} satisfies LawfulCrmEmmettCommand;

describe("the event mapping", () => {
  test("the envelope goes to metadata, and back; nothing is lost", () => {
    for (const raw of Object.values(EXAMPLES)) {
      const e = decodeEvent(raw);
      if (e._tag === "Left") throw new Error(e.left.message);
      const em = toEmmettEvent(e.right);
      expect(em.type).toBe(e.right.type);
      expect(em.data).toEqual(e.right.data);
      expect(Object.keys(em).sort()).toEqual(["data", "metadata", "type"]);
      const back = decodeEvent(fromEmmettEvent(em));
      expect(back._tag === "Right" && back.right).toEqual(e.right);
    }
  });

  test("property: any valid event survives the round trip, also with a store's metadata added", () => {
    fc.assert(
      fc.property(anyEventArb, fc.bigInt({ min: 1n, max: 1n << 40n }), (raw, gp) => {
        const e = decodeEvent(raw);
        if (e._tag === "Left") return;
        const em = toEmmettEvent(e.right);
        const read = { ...em, kind: "Event", metadata: { ...em.metadata, streamName: "x", messageId: "m", streamPosition: 1n, globalPosition: gp } };
        for (const x of [em, read]) {
          const back = decodeEvent(fromEmmettEvent(x));
          expect(back._tag === "Right" && back.right).toEqual(e.right);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("an Emmett event without our envelope becomes a raw event that replay rejects, never a throw", () => {
    const raw = fromEmmettEvent({ type: "ShoppingCartOpened", data: { id: 1 } });
    expect(raw).toEqual({ type: "ShoppingCartOpened", data: { id: 1 } });
    const l = replay([raw, fromEmmettEvent({ type: "SourceRetired", data: { source: "x" }, metadata: "nope" })]);
    expect(l.rejected.map((r) => r.code)).toEqual(["DECODE_FAILED", "DECODE_FAILED"]);
  });
});

describe("emmettDecider with Emmett's DeciderSpecification", () => {
  const spec = DeciderSpecification.for(emmettDecider({ now: () => NOW, newId: ids() }));

  test("it is Emmett's Decider type", () => {
    const d: Decider<Ledger, LawfulCrmEmmettCommand, LawfulCrmEmmettEvent> = emmettDecider();
    expect(typeof d.decide).toBe("function");
    expect(d.initialState()).toEqual(replay([]));
  });

  test("given Emmett events, when a command, then the Emmett events with id, at and subject in metadata", () => {
    const decider = emmettDecider({ now: () => NOW, newId: ids() });
    DeciderSpecification.for(decider)(catalog)
      .when(grant)
      .then([{ type: "ConsentGranted", data: { ...grant.data }, metadata: { id: "e-1", at: NOW, subject: "anna" } }]);
  });

  test("a catalog command, with by and at from the command", () => {
    spec(catalog)
      .when({ type: "retireSource", by: "dpo", at: "2024-02-02T00:00:00Z", data: { source: "web" } })
      // Emmett's `then` matches a subset: here, without the generated id.
      .then([{ type: "SourceRetired", data: { source: "web" }, metadata: { at: "2024-02-02T00:00:00Z", by: "dpo" } } as unknown as LawfulCrmEmmettEvent]);
  });

  test("Emmett's metadata.now is the command's now", () => {
    const decider = emmettDecider({ now: () => NOW, newId: ids() });
    const out = decider.decide({ type: "retireSource", data: { source: "web" }, metadata: { now: new Date("2024-05-05T00:00:00Z") } }, decider.initialState());
    expect(out).toEqual([{ type: "SourceRetired", data: { source: "web" }, metadata: { id: "e-1", at: "2024-05-05T00:00:00.000Z" } }]);
  });

  test("a refusal throws one CommandRefusedError carrying every CommandError", () => {
    spec(catalog)
      .when({ ...grant, data: { ...grant.data, method: "pre-ticked", purposes: ["marketing", "profiling"] } })
      .thenThrows(CommandRefusedError, (e) => JSON.stringify(e.codes) === JSON.stringify(["CONSENT_NOT_ACTIVE", "UNKNOWN_PURPOSE"]) && e.errors.length === 2);
  });

  test("refusals are EmmettErrors: 400 when malformed, 403 when refused by the rules", () => {
    const d = emmettDecider({ now: () => NOW });
    const state = catalog.reduce(d.evolve, d.initialState());
    const thrown = (c: unknown) => {
      try {
        d.decide(c as LawfulCrmEmmettCommand, state);
      } catch (e) {
        return e as CommandRefusedError;
      }
      throw new Error("expected a refusal");
    };
    const bad = thrown({ type: "retireSource", data: {} });
    expect(bad).toBeInstanceOf(EmmettError);
    expect(bad.errorCode).toBe(400);
    expect(bad.message).toContain("  - INVALID_COMMAND: data.source: expected a non-empty string");
    // The path is printed once: the message names its field itself.
    expect(bad.message.match(/data\.source/g)).toHaveLength(1);
    const refused = thrown({ type: "recordFact", subject: "anna", data: { field: "email", value: "a@b.c", category: "contact", source: "fax", purposes: ["marketing"], basis: "consent" } });
    expect(refused.errorCode).toBe(403);
    expect(refused.codes).toEqual(["SOURCE_NOT_REGISTERED", "NO_CONSENT_FOR_COLLECTION"]);
  });

  test("evolve folds Emmett events as apply folds wire-format events", () => {
    const d = emmettDecider();
    const state = catalog.reduce(d.evolve, d.initialState());
    expect(state).toEqual(replay(catalog.map(fromEmmettEvent)));
    expect(state.accepted).toBe(3);
  });
});

describe("with Emmett's own DeciderCommandHandler on one stream", () => {
  test("the catalog stream, appended and read back by Emmett", async () => {
    const eventStore = getInMemoryEventStore();
    const handle = DeciderCommandHandler({ ...emmettDecider({ now: () => NOW, newId: ids() }), mapToStreamId: () => CATALOG_STREAM });
    await handle(eventStore, "catalog", [
      { type: "declarePurpose", data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
      { type: "publishNotice", data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
    ]);
    const r = await handle(eventStore, "catalog", { type: "retirePurpose", data: { purpose: "marketing" } });
    expect(r.newEvents).toEqual([{ type: "PurposeRetired", data: { purpose: "marketing" }, metadata: { id: "e-3", at: NOW } }]);
    expect(r.newState.accepted).toBe(3);
    await expect(handle(eventStore, "catalog", { type: "retirePurpose", data: { purpose: "" } })).rejects.toBeInstanceOf(CommandRefusedError);
    const { events } = await eventStore.readStream(CATALOG_STREAM);
    expect(events).toHaveLength(3);
    const ledger = replay(events.map(fromEmmettEvent));
    expect(ledger.rejected).toEqual([]);
    expect(events.map((e) => (e.metadata as unknown as { id: string }).id)).toEqual(["e-1", "e-2", "e-3"]);
  });

  test("the mapping keeps what replay needs: ids, at, subject, by", () => {
    const e = decodeEvent(EXAMPLES.FactRecorded);
    const em = toEmmettEvent((e as { right: LedgerEvent }).right);
    expect(em.metadata).toEqual({ id: "a-1", at: "2024-02-01T10:00:00Z", subject: "anna", by: "web" });
  });
});
