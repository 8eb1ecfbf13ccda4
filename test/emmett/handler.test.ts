/**
 * `lawful-crm/emmett` on Emmett's in-memory event store: the catalog on its
 * own stream, each subject on its own, the subject handler reading the
 * catalog, and the log order taken from the store's global position.
 */
import { ExpectedVersionConflictError, getInMemoryEventStore, type EventStore } from "@event-driven-io/emmett";
import { describe, expect, test } from "vitest";
import { canUse, LawfulCrmError, replay, type LedgerEvent } from "../../src/index.js";
import {
  CATALOG_STREAM,
  CommandRefusedError,
  fromEmmettEvent,
  LawfulCrmCommandHandler,
  readLedger,
  replayRecorded,
  subjectStream,
  toEmmettEvent,
  type LawfulCrmEmmettCommand,
} from "../../src/emmett/index.js";

const T0 = "2024-01-01T00:00:00Z";
const NOW = "2024-03-01T00:00:00Z";
const ids = () => {
  let n = 0;
  return () => `e-${++n}`;
};
const marketer = { id: "u-1", roles: ["marketer"] };
const ask = (subject = "anna", at = NOW) => ({ subject, purpose: "marketing", fields: ["email"], actor: marketer, at });

const setup: LawfulCrmEmmettCommand[] = [
  { type: "declarePurpose", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
  { type: "publishNotice", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
  { type: "registerSource", at: T0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { type: "grantAccess", at: T0, data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
];
const consent = (subject: string): LawfulCrmEmmettCommand => ({
  type: "grantConsent",
  subject,
  at: "2024-02-01T00:00:00Z",
  data: { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" },
});
const email = (subject: string, at = "2024-02-02T00:00:00Z"): LawfulCrmEmmettCommand => ({
  type: "recordFact",
  subject,
  at,
  data: { fact: "f1", field: "email", value: `${subject}@example.org`, category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" },
});

async function seeded() {
  const eventStore = getInMemoryEventStore();
  const handle = LawfulCrmCommandHandler({ now: () => NOW, newId: ids() });
  await handle(eventStore, setup);
  return { eventStore, handle };
}

describe("LawfulCrmCommandHandler", () => {
  test("catalog commands go to the catalog stream, subject commands to the subject's stream", async () => {
    const { eventStore, handle } = await seeded();
    const r1 = await handle(eventStore, consent("anna"));
    const r2 = await handle(eventStore, email("anna"));
    await handle(eventStore, consent("ben"));
    expect(r1.streamName).toBe(subjectStream("anna"));
    expect(r1.createdNewStream).toBe(true);
    expect(r2.nextExpectedStreamVersion).toBe(2n);
    expect(r2.newEvents).toEqual([
      { type: "FactRecorded", data: email("anna").data, metadata: { id: "e-6", at: "2024-02-02T00:00:00Z", subject: "anna" } },
    ]);
    const catalog = await eventStore.readStream(CATALOG_STREAM);
    expect(catalog.events.map((e) => e.type)).toEqual(["PurposeDeclared", "NoticePublished", "SourceRegistered", "AccessPolicyGranted"]);
    const anna = await eventStore.readStream(subjectStream("anna"));
    expect(anna.events.map((e) => e.type)).toEqual(["ConsentGranted", "FactRecorded"]);
    expect((await eventStore.readStream(subjectStream("ben"))).events.map((e) => e.type)).toEqual(["ConsentGranted"]);
  });

  test("the subject handler reads the catalog: a fact needs the source registered on the catalog stream", async () => {
    const eventStore = getInMemoryEventStore();
    const handle = LawfulCrmCommandHandler({ now: () => NOW, newId: ids() });
    await handle(eventStore, setup.slice(0, 2));
    await handle(eventStore, consent("anna"));
    await expect(handle(eventStore, email("anna"))).rejects.toMatchObject({ codes: ["SOURCE_NOT_REGISTERED"] });
    await handle(eventStore, setup[2]!);
    const r = await handle(eventStore, email("anna"));
    expect(r.newEvents).toHaveLength(1);
    expect(r.newState.accepted).toBe(5);
  });

  test("a refusal throws one CommandRefusedError and appends nothing", async () => {
    const { eventStore, handle } = await seeded();
    const e = await handle(eventStore, email("anna")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CommandRefusedError);
    expect((e as CommandRefusedError).codes).toEqual(["NO_CONSENT_FOR_COLLECTION"]);
    expect((await eventStore.readStream(subjectStream("anna"))).streamExists).toBe(false);
  });

  test("several commands for one stream are decided in turn and appended together; all or nothing", async () => {
    const { eventStore, handle } = await seeded();
    const r = await handle(eventStore, [consent("anna"), email("anna")]);
    expect(r.newEvents.map((e) => e.type)).toEqual(["ConsentGranted", "FactRecorded"]);
    await expect(handle(eventStore, [{ type: "restrictProcessing", subject: "anna", data: { reason: "x" } }, email("anna")])).rejects.toMatchObject({ codes: ["WOULD_BE_REJECTED"] });
    expect((await eventStore.readStream(subjectStream("anna"))).events).toHaveLength(2);
    await expect(handle(eventStore, [consent("anna"), consent("ben")])).rejects.toBeInstanceOf(LawfulCrmError);
    await expect(handle(eventStore, [])).rejects.toBeInstanceOf(LawfulCrmError);
  });

  test("a malformed command is refused before any stream is touched", async () => {
    const { eventStore, handle } = await seeded();
    await expect(handle(eventStore, { type: "recordFact", data: {} } as unknown as LawfulCrmEmmettCommand)).rejects.toMatchObject({ errorCode: 400 });
    await expect(handle(eventStore, { type: "nope" } as unknown as LawfulCrmEmmettCommand)).rejects.toMatchObject({ codes: ["INVALID_COMMAND"] });
  });

  test("after the handler, readLedger answers decisions (and the result state agrees)", async () => {
    const { eventStore, handle } = await seeded();
    await handle(eventStore, consent("anna"));
    const r = await handle(eventStore, email("anna"));
    const ledger = await readLedger(eventStore, { subjects: ["anna"] });
    expect(ledger).toEqual(r.newState);
    expect(canUse(ledger, ask()).allowed).toBe(true);
    await handle(eventStore, { type: "withdrawConsent", subject: "anna", at: "2024-02-10T00:00:00Z", data: { consent: "k1", channel: "unsubscribe" } });
    const after = await readLedger(eventStore, { subjects: ["anna"] });
    expect(canUse(after, ask()).reasons.map((x) => x.code)).toContain("CONSENT_WITHDRAWN");
    expect(canUse(after, ask("anna", "2024-02-05T00:00:00Z")).allowed).toBe(true);
  });

  test("custom stream names", async () => {
    const eventStore = getInMemoryEventStore();
    const handle = LawfulCrmCommandHandler({ now: () => NOW, catalogStream: "crm_catalog-1", subjectStream: (s) => `crm_person-${s}` });
    await handle(eventStore, setup);
    await handle(eventStore, consent("anna"));
    expect((await eventStore.readStream("crm_person-anna")).events).toHaveLength(1);
    const ledger = await readLedger(eventStore, { subjects: ["anna"], catalogStream: "crm_catalog-1", subjectStream: (s) => `crm_person-${s}` });
    expect(ledger.accepted).toBe(5);
  });
});

describe("log order is the store's global position", () => {
  test("streams are merged by global position, not catalog first", async () => {
    // A legacy import: the fact was written before its source was registered, both at T0.
    const eventStore = getInMemoryEventStore();
    const fact = { id: "f", type: "FactRecorded", at: T0, subject: "anna", data: { fact: "f1", field: "email", value: "a@b.c", category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } };
    const catalog = [
      { id: "p", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Sales", legalBases: ["contract"] } },
      { id: "a", type: "AccessPolicyGranted", at: T0, data: { policy: "s", role: "marketer", purposes: ["sales"], categories: ["contact"] } },
    ];
    const source = { id: "s", type: "SourceRegistered", at: T0, data: { source: "web", kind: "form", assessment: "DPIA" } };
    const toEm = (e: Record<string, unknown>) => toEmmettEvent(e as unknown as LedgerEvent);
    await eventStore.appendToStream(CATALOG_STREAM, catalog.map(toEm));
    await eventStore.appendToStream(subjectStream("anna"), [toEm(fact)]);
    await eventStore.appendToStream(CATALOG_STREAM, [toEm(source)]);
    const q = { ...ask(), purpose: "sales" };

    const ledger = await readLedger(eventStore, { subjects: ["anna"] });
    expect(ledger).toEqual(replay([...catalog, fact, source]));
    // The source was registered after the fact in the log: its origin is unknown.
    expect(canUse(ledger, q).reasons.map((r) => r.code)).toContain("UNKNOWN_SOURCE");
    // Catalog first would have hidden it.
    expect(canUse(replay([...catalog, source, fact]), q).reasons.map((r) => r.code)).not.toContain("UNKNOWN_SOURCE");

    // replayRecorded sorts recorded events by global position, whatever order they come in.
    const all = [...(await eventStore.readStream(subjectStream("anna"))).events, ...(await eventStore.readStream(CATALOG_STREAM)).events];
    expect(replayRecorded(all)).toEqual(ledger);
    expect(replayRecorded([...all].reverse())).toEqual(ledger);
  });

  test("a store without global positions is a usage error", async () => {
    const plain = {
      readStream: async () => ({ currentStreamVersion: 1n, streamExists: true, events: [{ type: "SourceRetired", data: { source: "x" }, metadata: { id: "a", at: T0, streamName: "s", messageId: "m", streamPosition: 1n } }] }),
    } as unknown as EventStore;
    await expect(readLedger(plain)).rejects.toThrow(/global position/);
    expect(() => replayRecorded([{ type: "SourceRetired", data: {} }])).toThrow(LawfulCrmError);
  });
});

describe("concurrency", () => {
  test("a version conflict re-reads and re-decides; an explicit expected version is not retried", async () => {
    const { eventStore, handle } = await seeded();
    await handle(eventStore, consent("anna"));
    // Another writer appends to anna's stream between this handler's read and append, once.
    let sneaked = false;
    const racing: EventStore = {
      ...eventStore,
      readStream: eventStore.readStream.bind(eventStore),
      aggregateStream: eventStore.aggregateStream.bind(eventStore),
      appendToStream: async (name, events, options) => {
        if (!sneaked && name === subjectStream("anna")) {
          sneaked = true;
          await eventStore.appendToStream(name, [toEmmettEvent({ id: "other", type: "ProcessingRestricted", at: T0, subject: "anna", data: { reason: "other writer" } })]);
        }
        return eventStore.appendToStream(name, events, options);
      },
    };
    const r = await handle(racing, email("anna"));
    expect(sneaked).toBe(true);
    expect(r.nextExpectedStreamVersion).toBe(3n);
    expect(r.newState.accepted).toBe(7);
    await expect(handle(eventStore, { type: "restrictProcessing", subject: "anna", data: { reason: "x" } }, { expectedStreamVersion: 1n })).rejects.toBeInstanceOf(ExpectedVersionConflictError);
  });
});

describe("voids over streams", () => {
  async function withLegacyReject() {
    const { eventStore, handle } = await seeded();
    // A legacy import wrote a correction of a fact anna does not have: rejected on replay.
    await eventStore.appendToStream(subjectStream("anna"), [
      { type: "FactCorrected", data: { fact: "nope", value: 1, source: "web" }, metadata: { id: "bad-1", at: T0, subject: "anna" } },
    ]);
    return { eventStore, handle };
  }

  test("a void by id goes beside the rejected item, in the subject's stream", async () => {
    const { eventStore, handle } = await withLegacyReject();
    const before = await readLedger(eventStore, { subjects: ["anna"] });
    expect(before.incomplete).toHaveLength(1);
    // On the catalog stream alone the rejected item is not visible: refused.
    await expect(handle(eventStore, { type: "voidEvent", data: { event: "bad-1", reason: "bad import" } })).rejects.toMatchObject({ codes: ["WOULD_BE_REJECTED"] });
    const r = await handle(eventStore, { type: "voidEvent", data: { event: "bad-1", reason: "bad import" } }, { subject: "anna" });
    expect(r.streamName).toBe(subjectStream("anna"));
    const after = await readLedger(eventStore, { subjects: ["anna"] });
    expect(after.incomplete).toEqual([]);
    // Another subject's ledger reads neither the reject nor its void.
    expect((await readLedger(eventStore, { subjects: ["ben"] })).rejected).toEqual([]);
  });

  test("a void by position is refused over streams", async () => {
    const { eventStore, handle } = await withLegacyReject();
    await expect(handle(eventStore, { type: "voidEvent", data: { position: 4, reason: "x" } })).rejects.toMatchObject({ codes: ["INVALID_COMMAND"], errors: [expect.objectContaining({ path: "data.position" })] });
  });

  test("what the handler wrote replays without rejects, read back in any way", async () => {
    const { eventStore, handle } = await seeded();
    for (const s of ["anna", "ben"]) {
      await handle(eventStore, consent(s));
      await handle(eventStore, email(s));
    }
    await handle(eventStore, { type: "retireSource", data: { source: "web" } });
    const both = await readLedger(eventStore, { subjects: ["anna", "ben"] });
    expect(both.rejected).toEqual([]);
    expect(both.accepted).toBe(9);
    const events = [CATALOG_STREAM, subjectStream("anna"), subjectStream("ben")];
    const raw = (await Promise.all(events.map((n) => eventStore.readStream(n)))).flatMap((r) => r.events);
    expect(replayRecorded(raw)).toEqual(both);
    expect(raw.map(fromEmmettEvent).every((e) => typeof e["id"] === "string")).toBe(true);
  });
});
