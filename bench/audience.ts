/**
 * `BENCH_ONLY=audience npm run bench` (or `npx tsx bench/audience.ts`): the
 * audience read model on Emmett's PostgreSQL store and a real server — the
 * projection's catch-up rate from an empty read model (events/s), the
 * catch-up after one catalog event (every subject re-decided), the size of
 * its rows, and `audience(name, at)` over all subjects from the rows (at an
 * instant the rows hold, and at a past instant where every row is decided
 * again), checked against `subjectsUsableFor` on the replayed store. The
 * subject command's round trip is bench/postgres.ts (`BENCH_ONLY=pg`). Not
 * part of `npm test`; nothing here asserts a timing.
 *
 * Needs LAWFUL_CRM_PG_URL (`eval "$(bash .ci/pg.sh start)"`); runs in a
 * database of its own, dropped at the end (BENCH_PG_KEEP=1 keeps it).
 *
 * Environment (all optional):
 *   BENCH_AUD_SUBJECTS  people in the store                      (default 100000)
 *   BENCH_AUD_EVENTS    events per person (the bench generator)  (default 10)
 *   BENCH_AUD_BATCH     the consumer's batch size                (default 1000)
 *   BENCH_REPS          timed audience queries per measure       (default 5)
 *   BENCH_SEED          generator seed                           (default 20240601)
 *   BENCH_PG_KEEP=1     keep the database (named by the people and events), and
 *                       reuse its events on the next run (the read model starts empty)
 */
import { getPostgreSQLEventStore, postgreSQLEventStoreConsumer } from "@event-driven-io/emmett-postgresql";
import { performance } from "node:perf_hooks";
import os from "node:os";
import pg from "pg";
import { isInvalidQuery, replay, subjectsUsableFor, type LedgerEvent } from "../src/index.js";
import { audienceReadModel, CATALOG_STREAM, subjectStream, toEmmettEvent, type AudienceReadModel } from "../src/emmett/index.js";
import { generateLines, QUERY_AT } from "./generate.js";

const env = process.env;
const num = (k: string, d: number): number => {
  const v = env[k];
  if (v === undefined || v === "") return d;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isFinite(n) || n < 1) throw new Error(`${k} must be a positive number, got ${JSON.stringify(v)}`);
  return Math.floor(n);
};
const URL_BASE = env["LAWFUL_CRM_PG_URL"] ?? "";
if (URL_BASE === "") {
  console.error('bench/audience.ts needs LAWFUL_CRM_PG_URL: `eval "$(bash .ci/pg.sh start)"` starts a throwaway server.');
  process.exit(1);
}
const SUBJECTS = num("BENCH_AUD_SUBJECTS", 100_000);
const PER_SUBJECT = num("BENCH_AUD_EVENTS", 10);
const BATCH = num("BENCH_AUD_BATCH", 1000);
const REPS = num("BENCH_REPS", 5);
const SEED = num("BENCH_SEED", 20240601);
const PAST = "2023-06-01T00:00:00Z";

const log = (s: string): void => void process.stdout.write(`${s}\n`);
const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const AUDIENCES = [
  { name: "newsletter", purpose: "marketing.email", fields: ["email"], actor: { id: "campaign-bot", roles: ["marketer"] } },
  { name: "sales-calls", purpose: "sales", fields: ["email", "phone"], actor: { id: "u-01", roles: ["sales"] } },
];

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The generated history into the store: the catalog stream, then each person's stream in one append, 16 at once. */
async function load(url: string): Promise<{ events: LedgerEvent[]; ms: number }> {
  const g = generateLines({ subjects: SUBJECTS, eventsPerSubject: PER_SUBJECT, seed: SEED });
  const events = g.lines.map((l) => JSON.parse(l) as LedgerEvent & { subject?: string });
  const byStream = new Map<string, LedgerEvent[]>();
  for (const e of events) {
    const s = "subject" in e && typeof e.subject === "string" ? subjectStream(e.subject) : CATALOG_STREAM;
    const list = byStream.get(s);
    if (list === undefined) byStream.set(s, [e]);
    else list.push(e);
  }
  const store = getPostgreSQLEventStore(url);
  const t0 = performance.now();
  try {
    await store.appendToStream(CATALOG_STREAM, byStream.get(CATALOG_STREAM)!.map(toEmmettEvent));
    byStream.delete(CATALOG_STREAM);
    const streams = [...byStream.entries()];
    for (let k = 0; k < streams.length; k += 16) await Promise.all(streams.slice(k, k + 16).map(([s, es]) => store.appendToStream(s, es.map(toEmmettEvent))));
  } finally {
    await store.close();
  }
  return { events, ms: performance.now() - t0 };
}

/**
 * Runs Emmett's consumer with the model's projector until the projection has
 * folded the store up to its last global position, then stops it. The
 * projection folds everything at its first call; Emmett's consumer then goes
 * on through the messages one by one (a checkpoint write each, about 1,200
 * messages/s here) with nothing left to fold, which is not timed.
 */
async function catchUp(url: string, model: AudienceReadModel): Promise<{ ms: number; cpu: number }> {
  const target = await admin(url, async (c) => BigInt((await c.query<{ p: string }>("SELECT max(global_position)::text AS p FROM emt_messages")).rows[0]!.p));
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const consumer = postgreSQLEventStoreConsumer({ connectionString: url, pulling: { batchSize: BATCH } });
  consumer.projector({ projection: model.projection });
  const running = consumer.start();
  while (model.stats().position < target) await new Promise((done) => setTimeout(done, 20));
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  await consumer.close();
  await running;
  return { ms, cpu: (c.user + c.system) / 1000 };
}

async function queries(pool: pg.Pool, model: AudienceReadModel, events: readonly LedgerEvent[], at: string, reps: number, audiences = AUDIENCES.length): Promise<void> {
  const ledger = replay(events);
  for (const a of AUDIENCES.slice(0, audiences)) {
    const times: number[] = [];
    let answer: Awaited<ReturnType<AudienceReadModel["audience"]>> | undefined;
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      answer = await model.audience(pool, a.name, at);
      times.push(performance.now() - t);
    }
    if (answer === undefined || "error" in answer) throw new Error(`audience ${a.name}: ${answer === undefined ? "no answer" : answer.error.message}`);
    const expected = subjectsUsableFor(ledger, { purpose: a.purpose, fields: a.fields, actor: a.actor, at });
    if (isInvalidQuery(expected) || JSON.stringify(expected) !== JSON.stringify(answer.subjects)) throw new Error(`audience ${a.name} at ${at} differs from subjectsUsableFor on the replayed store`);
    log(`| audience(${a.name}, ${at}) over ${int(SUBJECTS)} people | ${median(times).toFixed(1)} ms median of ${reps} (min ${Math.min(...times).toFixed(1)}) | ${int(answer.subjects.length)} in the audience; ${int(answer.fromRows)} from rows, ${int(answer.redecided)} rows decided again; equal to subjectsUsableFor |`);
  }
}

log(`# The audience read model on PostgreSQL (${new Date().toISOString()})`);
log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
log(`server: ${await admin(URL_BASE, async (c) => (await c.query<{ v: string }>("SELECT version() AS v")).rows[0]!.v.split(" on ")[0])}`);
log(`${int(SUBJECTS)} people × ${PER_SUBJECT} events of the bench generator; audiences ${AUDIENCES.map((a) => a.name).join(", ")}; consumer batch ${BATCH}\n`);
log("| measure | figure | notes |");
log("|---|---:|---|");

const KEEP = env["BENCH_PG_KEEP"] === "1";
const db = KEEP ? `lawful_audience_bench_${SUBJECTS}_${PER_SUBJECT}_${SEED}` : `lawful_audience_bench_${process.pid}`;
const reuse = KEEP && (await admin(URL_BASE, async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])).rows.length > 0));
if (!reuse) await admin(URL_BASE, (c) => c.query(`DROP DATABASE IF EXISTS ${db}`).then(() => c.query(`CREATE DATABASE ${db}`)));
const url = new URL(URL_BASE);
url.pathname = `/${db}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
try {
  let events: LedgerEvent[];
  if (reuse) {
    // The same history (the generator is deterministic); the read model and Emmett's checkpoints start empty.
    events = generateLines({ subjects: SUBJECTS, eventsPerSubject: PER_SUBJECT, seed: SEED }).lines.map((l) => JSON.parse(l) as LedgerEvent);
    await admin(url.toString(), (c) => c.query("DROP TABLE IF EXISTS lawful_crm_audience, lawful_crm_audience_position; DELETE FROM emt_processors; DROP INDEX IF EXISTS lawful_crm_emt_messages_position"));
    log(`| load: reused the kept database ${db} | | ${int(events.length)} events |`);
  } else {
    const loaded = await load(url.toString());
    events = loaded.events;
    log(`| load: appendToStream, one append per person, 16 at once | ${int((events.length / loaded.ms) * 1000)} events/s | ${int(events.length)} events in ${(loaded.ms / 1000).toFixed(1)} s |`);
  }

  // The projection creates this index when missing (it reads by global position); timed on its own here.
  const i0 = performance.now();
  await admin(url.toString(), (c) => c.query("CREATE INDEX IF NOT EXISTS lawful_crm_emt_messages_position ON emt_messages (partition, global_position)"));
  log(`| index on emt_messages (partition, global_position), created by the projection when missing | ${((performance.now() - i0) / 1000).toFixed(1)} s | built once over ${int(events.length)} events |`);
  const model = audienceReadModel({ audiences: AUDIENCES });
  const first = await catchUp(url.toString(), model);
  const s = model.stats();
  log(`| projection catch-up from empty (fold, decide, write rows) | **${int((s.events / first.ms) * 1000)} events/s** | ${int(s.events)} events in ${(first.ms / 1000).toFixed(1)} s; ${int(s.decisions)} decisions, ${int(s.rowsWritten)} rows written; client CPU ${(first.cpu / 1000).toFixed(1)} s |`);

  const size = await admin(url.toString(), async (c) => {
    const r = await c.query<{ rows: string; bytes: string; idx: string }>(
      "SELECT (SELECT count(*) FROM lawful_crm_audience) AS rows, pg_total_relation_size('lawful_crm_audience') AS bytes, pg_indexes_size('lawful_crm_audience') AS idx",
    );
    return { rows: Number(r.rows[0]!.rows), bytes: Number(r.rows[0]!.bytes), idx: Number(r.rows[0]!.idx) };
  });
  log(`| rows: lawful_crm_audience with its indexes | ${int(size.bytes / size.rows)} bytes/row | ${int(size.rows)} rows (${AUDIENCES.length} audiences × people), ${(size.bytes / 2 ** 20).toFixed(1)} MiB of which indexes ${(size.idx / 2 ** 20).toFixed(1)} MiB |`);

  await queries(pool, model, events, QUERY_AT, REPS);
  await queries(pool, model, events, PAST, 1, 1);

  // One catalog event: a policy granted again re-decides every person.
  const store = getPostgreSQLEventStore(url.toString());
  const change = { id: "bench-catalog-change", type: "SourceRetired", at: "2024-12-31T00:00:00Z", data: { source: "bench-unused-source" } } as unknown as LedgerEvent;
  await store.appendToStream(CATALOG_STREAM, [toEmmettEvent(change)]);
  await store.close();
  const before = model.stats();
  const after = await catchUp(url.toString(), model);
  const d = model.stats().decisions - before.decisions;
  log(`| catch-up after one catalog event (every person re-decided) | ${(after.ms / 1000).toFixed(1)} s | ${int(d)} decisions (${((after.cpu * 1000) / d).toFixed(1)} µs client CPU each), ${int(model.stats().rowsWritten - before.rowsWritten)} rows rewritten |`);
  await queries(pool, model, [...events, change], QUERY_AT, REPS);
} finally {
  await pool.end();
  if (!KEEP) await admin(URL_BASE, (c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
}
