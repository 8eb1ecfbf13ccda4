/**
 * The audience read model on a real server: for generated histories (the
 * model's generators, wild and lawful), appended to the catalog and subject
 * streams as the handler routes them, once Emmett's projector has caught up,
 * `audience(name, at)` equals `subjectsUsableFor` on the store replayed up to
 * the position it reports, at every interesting instant of the history
 * (each event's instant and a millisecond either side, the ends of
 * retentions and consent ages, expiries, a far future); and again after a
 * catalog change, more subject events and a restart of the projector.
 */
import { postgreSQLEventStoreConsumer } from "@event-driven-io/emmett-postgresql";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CATALOG_EVENT_TYPES, isInvalidQuery, subjectsUsableFor, type Ledger } from "../../../src/index.js";
import { audienceReadModel, CATALOG_STREAM, subjectStream, type AudienceDefinition, type AudienceReadModel } from "../../../src/emmett/index.js";
import { historyArb, instantsOf } from "../../model/arbitraries.js";
import { allRecorded, describeOnPostgres, freshDatabase, replayStore, storeOn } from "./server.js";

const HISTORIES = Number(process.env["LAWFUL_CRM_PG_HISTORIES"] ?? 8);
const catalogTypes = new Set<string>(CATALOG_EVENT_TYPES);

const AUDIENCES: AudienceDefinition[] = [
  { name: "news-mkt", purpose: "marketing.email.news", fields: ["email"], actor: { id: "u1", roles: ["mkt"] } },
  { name: "email-mkt", purpose: "marketing.email", fields: ["email", "phone"], actor: { id: "u1", roles: ["mkt", "sales"] } },
  { name: "sales", purpose: "sales", fields: ["email"], actor: { id: "u1", roles: ["sales"] } },
  { name: "phone-ops", purpose: "marketing.phone", fields: ["phone", "job"], actor: { id: "u1", roles: ["ops", "mkt"] } },
];

/** A generated event as the Emmett event the handler's routing would append, and the stream it goes to. */
function routed(x: unknown): { stream: string; event: { type: string; data: Record<string, unknown> | null; metadata: Record<string, unknown> } } | undefined {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return undefined; // not storable as an Emmett event
  const e = x as Record<string, unknown>;
  const metadata: Record<string, unknown> = {};
  for (const k of ["id", "at", "subject", "by", "v"]) if (e[k] !== undefined) metadata[k] = e[k];
  const type = typeof e["type"] === "string" && e["type"] !== "" ? e["type"] : "Unknown";
  const subject = e["subject"];
  const stream = catalogTypes.has(type) || typeof subject !== "string" || subject === "" ? CATALOG_STREAM : subjectStream(subject);
  const data = typeof e["data"] === "object" && e["data"] !== null ? (e["data"] as Record<string, unknown>) : null;
  return { stream, event: { type, data, metadata } };
}

async function appendAll(url: string, log: readonly unknown[]): Promise<void> {
  const store = storeOn(url);
  try {
    for (const x of log) {
      const r = routed(x);
      if (r !== undefined) await store.appendToStream(r.stream, [r.event as never]);
    }
  } finally {
    await store.close();
  }
}

/** Runs Emmett's consumer with the model's projector until no message is left. */
async function catchUp(url: string, model: AudienceReadModel): Promise<void> {
  const consumer = postgreSQLEventStoreConsumer({ connectionString: url, stopWhen: { noMessagesLeft: true }, pulling: { batchSize: 50 } });
  consumer.projector({ projection: model.projection });
  await consumer.start();
  await consumer.close();
}

async function lastPosition(url: string): Promise<bigint> {
  const all = await allRecorded(url);
  return all.length === 0 ? 0n : (all[all.length - 1]!.metadata["globalPosition"] as bigint);
}

/** Every audience at every instant: the read model's answer against subjectsUsableFor on the replayed store. */
async function compare(pool: pg.Pool, model: AudienceReadModel, ledger: Ledger, instants: readonly string[], position: bigint): Promise<{ fromRows: number; redecided: number }> {
  let fromRows = 0;
  let redecided = 0;
  for (const a of model.audiences) {
    for (const at of instants) {
      const answer = await model.audience(pool, a.name, at);
      if ("error" in answer) throw new Error(answer.error.message);
      const expected = subjectsUsableFor(ledger, { purpose: a.purpose, fields: a.fields, actor: a.actor, at });
      if (isInvalidQuery(expected)) throw new Error(expected.error.message);
      expect({ audience: a.name, at, subjects: answer.subjects }).toEqual({ audience: a.name, at, subjects: expected });
      expect(answer.position).toBe(position);
      fromRows += answer.fromRows;
      redecided += answer.redecided;
    }
  }
  return { fromRows, redecided };
}

describeOnPostgres("the audience read model (an Emmett projection in PostgreSQL)", () => {
  const dbs: { url: string; drop: () => Promise<void> }[] = [];
  let pools: pg.Pool[] = [];
  const fresh = async () => {
    const db = await freshDatabase("lawful_audience");
    dbs.push(db);
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    pools.push(pool);
    return { url: db.url, pool };
  };

  beforeAll(() => {
    pools = [];
  });
  afterAll(async () => {
    for (const p of pools) await p.end();
    for (const db of dbs) await db.drop();
  });

  test(`for ${HISTORIES} generated histories, audience(name, at) equals subjectsUsableFor on the replayed store at the same position, at every interesting instant`, async () => {
    const histories = fc.sample(historyArb({ maxSteps: 30 }), { numRuns: HISTORIES, seed: 20261206 });
    let fromRows = 0;
    let redecided = 0;
    for (const { log, target } of histories) {
      const { url, pool } = await fresh();
      await appendAll(url, log);
      // The fixed audiences, and the one the history's lawful path is about.
      const onPath = { name: "target", purpose: target.purpose, fields: target.fields, actor: { id: "u1", roles: [target.role] } };
      const model = audienceReadModel({ audiences: [...AUDIENCES, onPath] });
      await catchUp(url, model);
      const position = await lastPosition(url);
      expect(await model.position(pool)).toBe(position);
      const counts = await compare(pool, model, await replayStore(url), instantsOf(log), position);
      fromRows += counts.fromRows;
      redecided += counts.redecided;
    }
    console.log(`audience: ${fromRows} subjects from rows, ${redecided} rows decided again`);
    // The rows answer most questions; the others (time travel, lapsed rows) were decided again.
    expect(fromRows).toBeGreaterThan(0);
    expect(redecided).toBeGreaterThan(0);
  });

  test("a catalog change re-decides every subject; more subject events, a restarted projector and minPosition", async () => {
    const { log } = fc.sample(historyArb({ maxSteps: 30, kind: "lawful" }), { numRuns: 1, seed: 7 })[0]!;
    const { url, pool } = await fresh();
    await appendAll(url, log);
    const model = audienceReadModel({ audiences: AUDIENCES });
    await catchUp(url, model);
    const instants = [...instantsOf(log), "2031-01-01T00:00:00Z"];
    const before = await lastPosition(url);
    // The catalog changes (every purpose retired, then one declared again), a subject gets events.
    const later = [
      ...["marketing", "sales"].map((purpose, k) => ({ id: `r${k}`, type: "PurposeRetired", at: "2025-06-01T00:00:00Z", data: { purpose } })),
      { id: "back", type: "PurposeDeclared", at: "2025-07-01T00:00:00Z", data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
      { id: "x1", type: "ObjectionRaised", at: "2025-08-01T00:00:00Z", subject: "s1", data: { purposes: ["sales"] } },
    ];
    await appendAll(url, later);
    // Not caught up yet: an answer that must include the new events is refused, not given stale.
    const behind = await model.audience(pool, "sales", "2026-01-01T00:00:00Z", { minPosition: before + 1n });
    expect(behind).toMatchObject({ error: { code: "PROJECTION_BEHIND" } });
    await catchUp(url, model);
    const position = await lastPosition(url);
    await compare(pool, model, await replayStore(url), [...instants, ...instantsOf(later)], position);
    // A new process: the projection state is rebuilt from the store up to its position, the rows written again.
    const restarted = audienceReadModel({ audiences: AUDIENCES });
    await appendAll(url, [{ id: "x2", type: "ObjectionWithdrawn", at: "2025-09-01T00:00:00Z", subject: "s1", data: { purposes: ["sales"] } }]);
    await catchUp(url, restarted);
    expect(restarted.stats().events).toBe((await allRecorded(url)).length);
    await compare(pool, restarted, await replayStore(url), [...instants, "2025-09-01T00:00:00Z"], await lastPosition(url));
  });

  test("an unknown audience or a malformed instant is an error value, never an empty audience", async () => {
    const { pool } = await fresh();
    const model = audienceReadModel({ audiences: AUDIENCES });
    expect(await model.audience(pool, "nobody", "2025-01-01T00:00:00Z")).toMatchObject({ error: { code: "UNKNOWN_AUDIENCE" } });
    expect(await model.audience(pool, "sales", "2025-02-30T00:00:00Z")).toMatchObject({ error: { code: "INVALID_QUERY" } });
    expect(() => audienceReadModel({ audiences: [AUDIENCES[0]!, AUDIENCES[0]!] })).toThrow(/twice/);
    expect(() => audienceReadModel({ audiences: [{ ...AUDIENCES[0]!, fields: [] }] })).toThrow(/news-mkt/);
  });
});
