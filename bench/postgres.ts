/**
 * `BENCH_ONLY=pg npm run bench` (or `npx tsx bench/postgres.ts`): a subject
 * command's round trip through `LawfulCrmCommandHandler` on Emmett's
 * PostgreSQL store and a real server — catch up (catalog tail, the person's
 * stream), decide, append with optimistic concurrency — p50 and p99, for a
 * small and a large catalog stream, with the cache (the default) and without
 * it. Not part of `npm test`; nothing here asserts a timing.
 *
 * Needs LAWFUL_CRM_PG_URL (`eval "$(bash .ci/pg.sh start)"`); each catalog
 * size runs in a database of its own, dropped at the end.
 *
 * Environment (all optional):
 *   BENCH_PG_SUBJECTS   people in the store                      (default 2000)
 *   BENCH_PG_EVENTS     events per person (the bench generator)  (default 10)
 *   BENCH_PG_CATALOGS   extra catalog events, one run per value  (default "0,10000")
 *   BENCH_PG_COMMANDS   timed commands per measure               (default 2000)
 *   BENCH_SEED          generator seed                           (default 20240601)
 */
import { getPostgreSQLEventStore, type PostgresEventStore } from "@event-driven-io/emmett-postgresql";
import { performance } from "node:perf_hooks";
import os from "node:os";
import pg from "pg";
import type { LedgerEvent } from "../src/index.js";
import { CATALOG_STREAM, LawfulCrmCommandHandler, ledgerCache, subjectStream, toEmmettEvent, type LawfulCrmEmmettCommand } from "../src/emmett/index.js";
import { generate, lines } from "./generate.js";

const env = process.env;
const num = (k: string, d: number): number => {
  const v = env[k];
  if (v === undefined || v === "") return d;
  const n = Number(v.replace(/_/g, ""));
  if (!Number.isFinite(n) || n < 0) throw new Error(`${k} must be a non-negative number, got ${JSON.stringify(v)}`);
  return Math.floor(n);
};
const URL_BASE = env["LAWFUL_CRM_PG_URL"] ?? "";
if (URL_BASE === "") {
  console.error('bench/postgres.ts needs LAWFUL_CRM_PG_URL: `eval "$(bash .ci/pg.sh start)"` starts a throwaway server.');
  process.exit(1);
}
const SUBJECTS = num("BENCH_PG_SUBJECTS", 2000);
const PER_SUBJECT = num("BENCH_PG_EVENTS", 10);
const CATALOGS = (env["BENCH_PG_CATALOGS"] ?? "0,10000").split(",").map((x) => {
  const n = Number(x.trim().replace(/_/g, ""));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`BENCH_PG_CATALOGS must be a comma-separated list of non-negative integers, got ${JSON.stringify(env["BENCH_PG_CATALOGS"])}`);
  return n;
});
const COMMANDS = num("BENCH_PG_COMMANDS", 2000);
const SEED = num("BENCH_SEED", 20240601);

const log = (s: string): void => void process.stdout.write(`${s}\n`);
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

function quantiles(xs: number[]): { p50: number; p99: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: URL_BASE });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Loads the generated history: the catalog stream (with `pad` extra declarations), then each person's stream. */
async function load(store: PostgresEventStore, pad: number): Promise<{ events: number; ms: number; subjects: string[] }> {
  const g = generate({ subjects: SUBJECTS, eventsPerSubject: PER_SUBJECT, seed: SEED });
  const byStream = new Map<string, LedgerEvent[]>();
  const catalog: LedgerEvent[] = [];
  for (const line of lines(g.ndjson)) {
    const e = JSON.parse(line) as LedgerEvent & { subject?: string };
    if (e.subject === undefined) catalog.push(e);
    else {
      const s = subjectStream(e.subject);
      const list = byStream.get(s);
      if (list === undefined) byStream.set(s, [e]);
      else list.push(e);
    }
  }
  for (let k = 0; k < pad; k++) {
    catalog.push({ id: `pad-${k}`, type: "PurposeDeclared", at: "2019-01-01T00:00:00Z", data: { purpose: `bench.padding.p${k}`, description: "Padding of the catalog stream", legalBases: ["consent"] } } as LedgerEvent);
  }
  const started = performance.now();
  const chunk = 1000;
  for (let k = 0; k < catalog.length; k += chunk) await store.appendToStream(CATALOG_STREAM, catalog.slice(k, k + chunk).map(toEmmettEvent));
  let n = catalog.length;
  const streams = [...byStream.entries()];
  // A few appends at once, as several writers would.
  for (let k = 0; k < streams.length; k += 8) {
    await Promise.all(streams.slice(k, k + 8).map(([s, es]) => store.appendToStream(s, es.map(toEmmettEvent))));
    for (const [, es] of streams.slice(k, k + 8)) n += es.length;
  }
  return { events: n, ms: performance.now() - started, subjects: g.subjects.slice() };
}

/** Wall ms of each call, and the client's CPU ms per call (this process: decide, fold, JSON, the driver). */
async function timed(count: number, call: (k: number) => Promise<unknown>): Promise<{ times: number[]; cpu: number }> {
  const times: number[] = [];
  const c0 = process.cpuUsage();
  for (let k = 0; k < count; k++) {
    const t = performance.now();
    await call(k);
    times.push(performance.now() - t);
  }
  const c = process.cpuUsage(c0);
  return { times, cpu: (c.user + c.system) / 1000 / count };
}

/** A command for person `subject`: restrict processing, or lift the restriction, in turn. */
const toggles = new Map<string, boolean>();
function command(subject: string, k: number): LawfulCrmEmmettCommand {
  const on = !(toggles.get(subject) ?? false);
  toggles.set(subject, on);
  return on
    ? { type: "restrictProcessing", subject, by: "bench", data: { reason: `bench ${k}` } }
    : { type: "liftRestriction", subject, by: "bench", data: { reason: `bench ${k}` } };
}

log(`# PostgreSQL round trips (${new Date().toISOString()})`);
log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
log(`server: ${await withAdmin(async (c) => (await c.query<{ v: string }>("SELECT version() AS v")).rows[0]!.v.split(" on ")[0])}`);
log(`${SUBJECTS} people × ${PER_SUBJECT} events; ${COMMANDS} timed calls per measure (200 without the cache); load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}\n`);
log("| catalog events | measure | calls | p50 ms | p99 ms | mean ms | client CPU ms / call | folded / call | rebuilds |");
log("|---:|---|---:|---:|---:|---:|---:|---:|---:|");

for (const pad of CATALOGS) {
  const db = `lawful_bench_${process.pid}_${pad}`;
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${db}`).then(() => c.query(`CREATE DATABASE ${db}`)));
  const url = new URL(URL_BASE);
  url.pathname = `/${db}`;
  const store = getPostgreSQLEventStore(url.toString());
  try {
    const loaded = await load(store, pad);
    const catalogEvents = (await store.readStream(CATALOG_STREAM)).events.length;
    const size = await withAdmin(async () => {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        const r = await c.query<{ bytes: string; rows: string }>(
          "SELECT (SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('emt_messages')) AS bytes, (SELECT count(*) FROM emt_messages) AS rows",
        );
        return { bytes: Number(r.rows[0]!.bytes), rows: Number(r.rows[0]!.rows) };
      } finally {
        await c.end();
      }
    });
    log(`| ${catalogEvents} | storage: emt_messages with its indexes | ${size.rows} events | | | | | ${Math.round(size.bytes / size.rows)} bytes/event | |`);
    log(`| ${catalogEvents} | load: appendToStream, 8 streams at once | ${loaded.events} events | | | ${fmt(loaded.ms)} total | | ${Math.round((loaded.events / loaded.ms) * 1000)} events/s | |`);
    const people = loaded.subjects;
    let x = SEED;
    const rand = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0), x);
    const anyone = () => people[rand() % people.length]!;
    const row = (what: string, r: { times: number[]; cpu: number }, folded = "", rebuilds = ""): void => {
      const q = quantiles(r.times);
      log(`| ${catalogEvents} | ${what} | ${r.times.length} | ${fmt(q.p50)} | ${fmt(q.p99)} | ${fmt(q.mean)} | ${r.cpu.toFixed(2)} | ${folded} | ${rebuilds} |`);
    };

    // The floor: Emmett alone, no lawful-crm (a read of a person's stream; an append of one event).
    row("floor: readStream of a person's stream", await timed(COMMANDS, () => store.readStream(subjectStream(anyone()))));
    row(
      "floor: appendToStream of one event, no concurrency check",
      await timed(COMMANDS, (k) => store.appendToStream(subjectStream("floor"), [toEmmettEvent({ id: `floor-${k}`, type: "ProcessingRestricted", at: "2024-01-01T00:00:00Z", subject: "floor", data: { reason: "floor" } } as LedgerEvent)])),
    );

    const cache = ledgerCache(store);
    const handle = LawfulCrmCommandHandler({ cache });
    const delta = (() => {
      let last = cache.stats();
      return (calls: number): [string, string] => {
        const now = cache.stats();
        const out: [string, string] = [((now.eventsFolded - last.eventsFolded) / calls).toFixed(1), String(now.rebuilds - last.rebuilds)];
        last = now;
        return out;
      };
    })();
    // The first command reads the catalog: not timed.
    await handle(store, { type: "restrictProcessing", subject: "warm-up", data: { reason: "warm-up" } });
    delta(1);
    const cold = Math.min(COMMANDS, people.length);
    const firsts = await timed(cold, (k) => handle(store, command(people[k]!, k)));
    row("round trip, cached: a person's first command (reads their whole stream)", firsts, ...delta(cold));
    const touched = people.slice(0, cold);
    const warm = await timed(COMMANDS, (k) => handle(store, command(touched[rand() % cold]!, k)));
    row("round trip, cached: warm (reads what was appended since)", warm, ...delta(COMMANDS));
    // Throughput: 8 writers at once (8 handlers on 8 connection pools, as 8
    // service instances would be, here sharing this process's one CPU thread),
    // each on people of its own.
    {
      const writers = 8;
      const stores = Array.from({ length: writers }, () => getPostgreSQLEventStore(url.toString()));
      try {
        const handlers = stores.map(() => LawfulCrmCommandHandler());
        const per = Math.ceil(COMMANDS / writers);
        const slice = Math.max(1, Math.floor(cold / writers));
        await Promise.all(handlers.map((h, w) => h(stores[w]!, command(touched[w * slice]!, -1))));
        const all: number[] = [];
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        await Promise.all(
          handlers.map(async (h, w) => {
            const r = await timed(per, (k) => h(stores[w]!, command(touched[w * slice + (k % slice)]!, k)));
            all.push(...r.times);
          }),
        );
        const wall = performance.now() - t0;
        const c = process.cpuUsage(c0);
        row(`throughput: ${writers} writers at once, people of their own: ${Math.round((all.length / wall) * 1000)} commands/s`, { times: all, cpu: (c.user + c.system) / 1000 / all.length });
      } finally {
        await Promise.all(stores.map((x) => x.close()));
      }
    }
    const plain = LawfulCrmCommandHandler({ cache: false });
    const n = Math.min(COMMANDS, 200);
    row("round trip without the cache (reads the catalog and the stream whole)", await timed(n, (k) => plain(store, command(touched[rand() % cold]!, k))), `${catalogEvents + PER_SUBJECT}+`, "");
  } finally {
    await store.close();
    if (env["BENCH_PG_KEEP"] !== "1") await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  }
}
