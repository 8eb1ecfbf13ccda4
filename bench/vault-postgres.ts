/**
 * `npx tsx bench/vault-postgres.ts`: the PostgreSQL vault (`lawful-crm/postgres`)
 * on a real server — a subject's first key, `encrypt` and `decrypt` with a
 * live key (p50, p99), `replayWithVault` of a sealed log against the
 * in-memory vault's, and the key table's size per subject. Not part of
 * `npm test`; nothing here asserts a timing.
 *
 * Needs LAWFUL_CRM_PG_URL (`eval "$(bash .ci/pg.sh start)"`); runs in a
 * database of its own, dropped at the end.
 *
 * Environment (all optional):
 *   BENCH_VAULT_SUBJECTS  subjects (one first key each, then a sealed log of them)  (default 5000)
 *   BENCH_VAULT_CALLS     timed encrypt and decrypt calls                          (default 5000)
 */
import { performance } from "node:perf_hooks";
import os from "node:os";
import pg from "pg";
import { createMemoryVault, replayWithVault, sealEvents, type Vault } from "../src/index.js";
import { aesKeyEncryptionKey, createPostgresVault } from "../src/postgres/index.js";

const env = process.env;
const num = (k: string, d: number): number => {
  const n = Number((env[k] ?? "").replace(/_/g, "") || d);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${k} must be a positive integer, got ${JSON.stringify(env[k])}`);
  return n;
};
const URL_BASE = env["LAWFUL_CRM_PG_URL"] ?? "";
if (URL_BASE === "") {
  console.error('bench/vault-postgres.ts needs LAWFUL_CRM_PG_URL: `eval "$(bash .ci/pg.sh start)"` starts a throwaway server.');
  process.exit(1);
}
const SUBJECTS = num("BENCH_VAULT_SUBJECTS", 5000);
const CALLS = num("BENCH_VAULT_CALLS", 5000);
const log = (s: string): void => void process.stdout.write(`${s}\n`);

function quantiles(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `p50 ${at(0.5).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms`;
}

async function timed(n: number, call: (k: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const t = performance.now();
    await call(k);
    out.push(performance.now() - t);
  }
  return out;
}

const admin = new pg.Client({ connectionString: URL_BASE });
await admin.connect();
const dbName = `lawful_bench_vault_${process.pid}`;
await admin.query(`CREATE DATABASE ${dbName}`);
const url = new URL(URL_BASE);
url.pathname = `/${dbName}`;
const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
// pool.end() resolves before its connections close; DROP ... WITH (FORCE) may terminate one (57P01).
pool.on("error", (e: Error & { code?: string }) => {
  if (e.code !== "57P01") throw e;
});
try {
  log(`PostgreSQL vault bench: ${SUBJECTS} subjects, ${CALLS} timed calls; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
  const vault = createPostgresVault({ pool, kek: await aesKeyEncryptionKey("bench", globalThis.crypto.getRandomValues(new Uint8Array(32))) });
  await vault.migrate();
  const subject = (k: number) => `person-${k}`;
  log(`first key (read, insert):        ${quantiles(await timed(SUBJECTS, (k) => vault.encrypt(subject(k), "x")))}`);
  const sealed: string[] = [];
  log(`encrypt, live key (one read):    ${quantiles(await timed(CALLS, async (k) => sealed.push(await vault.encrypt(subject(k % SUBJECTS), `value ${k}`, `["e${k}","value"]`))))}`);
  log(`decrypt (one read):              ${quantiles(await timed(CALLS, (k) => vault.decrypt(subject(k % SUBJECTS), sealed[k]!, `["e${k}","value"]`)))}`);

  const size = (await pool.query("SELECT pg_total_relation_size('lawful_crm_vault_keys') AS bytes, count(*)::int AS rows FROM lawful_crm_vault_keys")).rows[0] as { bytes: string; rows: number };
  log(`key table: ${(Number(size.bytes) / 1024 / 1024).toFixed(1)} MiB for ${size.rows} subjects (${Math.round(Number(size.bytes) / size.rows)} B per subject, indexes included)`);

  // A sealed log: three personal values per subject.
  const events = Array.from({ length: SUBJECTS }, (_, k) => [
    { id: `c${k}`, type: "ConsentGranted", at: "2024-02-01T00:00:00Z", subject: subject(k), data: { consent: `k${k}`, purposes: ["sales"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: `form-${k}` } },
    { id: `f${k}`, type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: subject(k), data: { fact: `f${k}`, field: "email", value: `${k}@example.org`, category: "contact.email", source: "crm", sourceRef: `ref-${k}`, purposes: ["sales"], basis: "contract" } },
  ]).flat();
  const replayRate = async (v: Vault) => {
    const stored = await sealEvents(events, v);
    const t = performance.now();
    const ledger = await replayWithVault(stored, v);
    const s = (performance.now() - t) / 1000;
    return `${Math.round(events.length / s)} events/s (${Math.round((3 * SUBJECTS) / s)} values/s), ${s.toFixed(2)} s, ${ledger.accepted} accepted`;
  };
  log(`replayWithVault, PostgreSQL:     ${await replayRate(vault)}`);
  log(`replayWithVault, in memory:      ${await replayRate(createMemoryVault())}`);
} finally {
  await pool.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
}
