/**
 * `lawful-crm/emmett` on Emmett's PostgreSQL event store 0.42.0, on a real
 * server: routing and versions, optimistic concurrency where the store's own
 * check has a hole, the cache catching up what other processes appended,
 * and a catalog append that commits after a later-numbered one.
 */
import { STREAM_DOES_NOT_EXIST, type EventStore } from "@event-driven-io/emmett";
import { defaultTag, type PostgresEventStore } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { canUse, replay, type Ledger, type LedgerEvent } from "../../../src/index.js";
import { CATALOG_STREAM, fromEmmettEvent, LawfulCrmCommandHandler, ledgerCache, readLedger, subjectStream, toEmmettEvent, type LawfulCrmEmmettCommand } from "../../../src/emmett/index.js";
import { allRecorded, describeOnPostgres, freshDatabase, replayStore, storeOn } from "./server.js";
import { answersFor, CATALOG } from "./scenario.js";

const consent = (subject: string, consentId = "k1"): LawfulCrmEmmettCommand => ({
  type: "grantConsent",
  subject,
  data: { consent: consentId, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" },
});
const email = (subject: string): LawfulCrmEmmettCommand => ({
  type: "recordFact",
  subject,
  data: { fact: "f1", field: "email", value: `${subject}@example.org`, category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" },
});
const ask = (subject: string) => ({ subject, purpose: "marketing", fields: ["email"], actor: { id: "mia", roles: ["marketer"] }, at: "2100-01-01T00:00:00Z" });

describeOnPostgres("lawful-crm/emmett on Emmett's PostgreSQL store", () => {
  let db: { url: string; drop: () => Promise<void> };
  const stores: PostgresEventStore[] = [];
  const open = () => {
    const s = storeOn(db.url);
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    db = await freshDatabase("lawful_store");
    await LawfulCrmCommandHandler()(open(), CATALOG);
  });

  afterAll(async () => {
    for (const s of stores) await s.close();
    await db?.drop();
  });

  test("routes to the catalog and per-person streams; versions and createdNewStream as the store holds them", async () => {
    const store = open();
    const handle = LawfulCrmCommandHandler();
    const r1 = await handle(store, consent("anna"));
    const r2 = await handle(store, email("anna"));
    expect([r1.streamName, r1.nextExpectedStreamVersion, r1.createdNewStream]).toEqual([subjectStream("anna"), 1n, true]);
    // Emmett 0.42.0's PostgreSQL store reports createdNewStream true on every append; the handler says what happened.
    expect([r2.nextExpectedStreamVersion, r2.createdNewStream]).toEqual([2n, false]);
    expect(canUse(r2.newState, ask("anna")).allowed).toBe(true);
    const anna = await store.readStream(subjectStream("anna"));
    expect(anna.events.map((e) => e.type)).toEqual(["ConsentGranted", "FactRecorded"]);
    expect((await store.readStream(CATALOG_STREAM)).events).toHaveLength(CATALOG.length);
  });

  test("the store's STREAM_DOES_NOT_EXIST is no check; the handler appends a new stream at version 0, which is", async () => {
    const store = open();
    const name = subjectStream("probe");
    const e = toEmmettEvent({ id: "p1", type: "ProcessingRestricted", at: "2024-01-01T00:00:00Z", subject: "probe", data: { reason: "x" } } as unknown as LedgerEvent);
    await store.appendToStream(name, [e], { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
    // Emmett 0.42.0 appends to the existing stream anyway: the hole the handler avoids.
    await expect(store.appendToStream(name, [{ ...e, metadata: { ...e.metadata, id: "p2" } }], { expectedStreamVersion: STREAM_DOES_NOT_EXIST })).resolves.toMatchObject({ nextExpectedStreamVersion: 2n });
    await expect(store.appendToStream(name, [{ ...e, metadata: { ...e.metadata, id: "p3" } }], { expectedStreamVersion: 0n })).rejects.toThrow(/version/i);
    // Two writers create the same person's stream: the one that read "no stream" and comes second re-reads.
    const base = open();
    let raced = false;
    const racing: EventStore = {
      ...base,
      readStream: base.readStream.bind(base),
      aggregateStream: base.aggregateStream.bind(base),
      appendToStream: async (stream, events, options) => {
        if (!raced && stream === subjectStream("ella")) {
          raced = true;
          await LawfulCrmCommandHandler()(open(), consent("ella"));
        }
        return base.appendToStream(stream, events, options);
      },
    };
    await expect(LawfulCrmCommandHandler()(racing, consent("ella"))).rejects.toMatchObject({ codes: ["WOULD_BE_REJECTED"] });
    expect(raced).toBe(true);
    const r = await LawfulCrmCommandHandler()(racing, email("ella"));
    expect([r.nextExpectedStreamVersion, r.createdNewStream]).toEqual([2n, false]);
    expect((await replayStore(db.url)).rejected).toEqual([]);
  });

  test("a cache catches up what another process appended: the catalog by its position, a person's stream by theirs", async () => {
    const mine = open();
    const cache = ledgerCache(mine);
    const other = LawfulCrmCommandHandler();
    await other(open(), consent("finn"));
    const first = await cache.readLedger({ subjects: ["finn"] });
    expect(canUse(first, ask("finn")).allowed).toBe(false);
    const before = cache.stats();
    await other(open(), email("finn"));
    await other(open(), { type: "retirePurpose", data: { purpose: "marketing" } });
    const second = await cache.readLedger({ subjects: ["finn"] });
    const after = cache.stats();
    expect([after.eventsRead - before.eventsRead, after.rebuilds - before.rebuilds, after.catalogEvents - before.catalogEvents]).toEqual([2, 0, 1]);
    const exact = await readLedger(mine, { subjects: ["finn"] });
    expect(answersFor(second, "finn")).toEqual(answersFor(exact, "finn"));
    expect(canUse(second, ask("finn")).reasons.map((x) => x.code)).toContain("PURPOSE_RETIRED");
    // Put the purpose back for the other tests.
    await other(open(), { type: "declarePurpose", data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } });
  });

  test("a catalog append that took a lower global position but commits later is placed by its position", async () => {
    const mine = open();
    const cache = ledgerCache(mine);
    const T = "2030-01-01T00:00:00Z";
    // A transaction appends to the catalog (its global position is taken now) and stays open.
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    let early: Ledger;
    try {
      const retired = toEmmettEvent({ id: "slow-1", type: "SourceRetired", at: T, data: { source: "web" } } as unknown as LedgerEvent);
      await slow.query("BEGIN");
      await slow.query("SELECT * FROM emt_append_to_stream(ARRAY[$1]::text[], ARRAY[$2]::jsonb[], ARRAY[$3]::jsonb[], ARRAY['1']::text[], ARRAY[$4]::text[], ARRAY['E']::text[], $5::text, 'lawful_crm'::text, NULL::bigint, $6::text)", [
        "m-slow-1",
        JSON.stringify(retired.data),
        JSON.stringify(retired.metadata),
        retired.type,
        CATALOG_STREAM,
        defaultTag,
      ]);
      // Meanwhile a fact at the same instant is appended, and read by the cache.
      await LawfulCrmCommandHandler()(open(), consent("gus"));
      await LawfulCrmCommandHandler()(open(), { ...email("gus"), at: T });
      early = await cache.readLedger({ subjects: ["gus"] });
      await slow.query("COMMIT");
    } finally {
      await slow.end();
    }
    // The retirement precedes the fact in the global order (same instant, lower position): the source was retired when it was collected.
    const late = await cache.readLedger({ subjects: ["gus"] });
    const exact = await readLedger(mine, { subjects: ["gus"] });
    expect(answersFor(late, "gus")).toEqual(answersFor(exact, "gus"));
    expect(cache.stats().rebuilds).toBe(1);
    expect(canUse(early, { ...ask("gus"), at: T }).allowed).toBe(true);
    // Folding the retirement after the fact, in the order it became visible, would have answered otherwise.
    const arrival = (await allRecorded(db.url)).filter((e) => e.metadata["streamName"] === CATALOG_STREAM || e.metadata["streamName"] === subjectStream("gus"));
    const moved = [...arrival.filter((e) => e.metadata["id"] !== "slow-1"), ...arrival.filter((e) => e.metadata["id"] === "slow-1")];
    expect(answersFor(replay(moved.map(fromEmmettEvent)), "gus")).not.toEqual(answersFor(exact, "gus"));
  });
});
