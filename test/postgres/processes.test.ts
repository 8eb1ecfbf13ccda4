/**
 * The PostgreSQL vault across processes, on a real server:
 * - a restart: one process writes a sealed history through decideWithVault
 *   to Emmett's PostgreSQL store and exits; this process and a third one read
 *   it back with vaults of their own; after an erasure and forget, every
 *   process reads the person's values as forgotten, and no plaintext of them
 *   is anywhere in the database;
 * - the first-key race: two child processes encrypt the first value of the
 *   same hundreds of people at the same moment, and again after every key
 *   was forgotten: each person ends with one key that both used.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canUse, eraseSubject, isForgotten, replay, replayWithVault, type LedgerEvent } from "../../src/index.js";
import { fromEmmettEvent, subjectStream, toEmmettEvent } from "../../src/emmett/index.js";
import { allRecorded, storeOn } from "../emmett/postgres/server.js";
import { describeOnPostgres, freshDatabase, kek, migratedVault, newTable, poolsOf, rowsOf } from "./helpers.js";
import { SECRETS } from "./history.js";
import { must } from "../must.js";
import { createPostgresVault } from "../../src/postgres/index.js";

const worker = join(import.meta.dirname, "worker.ts");
const RACE_SUBJECTS = Number(process.env["LAWFUL_CRM_PG_RACES"] ?? 200);
const BATCH = 10;

/** Runs the worker to its end: what it printed on stdout. */
function runWorker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`worker ${args[0]} exited with ${String(code)}:\n${err}`))));
  });
}

/** A racing worker: `send(subjects)` has it encrypt for all of them at once and resolves to its answer. */
function racer(url: string, table: string) {
  const child = spawn(process.execPath, ["--import", "tsx", worker, "race", url, table], { stdio: ["pipe", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const waiting: { resolve: (line: string) => void; reject: (e: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => waiting.shift()?.resolve(line));
  child.on("close", (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`race worker exited with ${String(code)}:\n${err}`));
  });
  const next = () => new Promise<string>((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next();
  return {
    ready,
    async send(subjects: string[]): Promise<{ tokens: string[]; lost: number }> {
      const answer = next();
      child.stdin.write(`${JSON.stringify({ subjects })}\n`);
      return JSON.parse(await answer) as { tokens: string[]; lost: number };
    },
    end: () => new Promise<void>((resolve) => (child.once("close", () => resolve()), child.stdin.end())),
  };
}

let db: { url: string; drop: () => Promise<void> };
const pools = poolsOf(() => db.url);

describeOnPostgres("the PostgreSQL vault across processes", () => {
  beforeAll(async () => {
    db = await freshDatabase("lawful_vault_proc");
  });
  afterAll(async () => {
    await pools.end();
    await db?.drop();
  });

  describe("a restart: what one process sealed, the next ones read", () => {
    it("reads the history another process wrote; after erasure and forget, every process reads the values as forgotten, and no plaintext is in the database", async () => {
      const table = newTable("restart");
      const pool = pools.pool();
      await migratedVault(pool, { table }); // created and registered once, as a deployment does
      const decided = JSON.parse(await runWorker(["write", db.url, table])) as LedgerEvent[];
      expect(decided.length).toBeGreaterThan(8);

      // This process: a vault of its own on the same table and KEK.
      const vault = createPostgresVault({ pool: pools.pool(), kek: await kek(), table });
      const stored = (await allRecorded(db.url)).map(fromEmmettEvent);
      expect(JSON.stringify(stored)).not.toContain("anna.berg@example.org");
      const read = await replayWithVault(stored, vault);
      const plain = replay(decided);
      expect(read.rejected).toEqual([]);
      expect(read.accepted).toBe(plain.accepted);
      const ask = (subject: string) => ({ subject, purpose: "marketing.email", fields: ["email"], actor: { id: "mia", roles: ["marketer"] }, at: "2024-06-01T00:00:00Z" });
      for (const s of ["anna", "ben"]) expect(canUse(read, ask(s))).toEqual(canUse(plain, ask(s)));
      // A third process reads the same values.
      expect(JSON.parse(await runWorker(["read", db.url, table]))).toEqual({
        rejected: 0,
        people: { anna: { city: "Uppsala", email: "anna.berg@example.org" }, ben: { email: "ben.k@example.org" } },
      });

      // Erasure: FactErased events appended to anna's stream, then her key forgotten.
      const plan = must(eraseSubject(read, "anna", { at: "2024-06-10T00:00:00Z", by: "dpo" }));
      const store = storeOn(db.url);
      await store.appendToStream(subjectStream("anna"), plan.events.map(toEmmettEvent));
      await store.close();
      await vault.forget(plan.forget.subject);

      const after = JSON.parse(await runWorker(["read", db.url, table])) as { rejected: number; people: Record<string, Record<string, unknown>> };
      expect(after.rejected).toBe(0);
      expect(Object.keys(after.people["anna"]!)).toEqual(["city", "email"]);
      expect(Object.values(after.people["anna"]!).every((v) => isForgotten(v))).toBe(true);
      expect(after.people["ben"]).toEqual({ email: "ben.k@example.org" });

      // Nothing of anna's in the database in clear, neither in the events nor in the key table.
      const dump = await pool.query(
        `SELECT string_agg(message_data::text || message_metadata::text, ' ') AS events FROM emt_messages UNION ALL SELECT string_agg(subject || coalesce(encode(wrapped, 'escape'), ''), ' ') FROM ${table}`,
      );
      const text = dump.rows.map((r: { events: string }) => r.events).join(" ");
      for (const secret of [...SECRETS["anna"]!, ...SECRETS["ben"]!]) expect(text, secret).not.toContain(secret);
      const rows = await rowsOf(pool, table);
      expect(rows.find((r) => r.subject === "anna")).toMatchObject({ generation: 1, kek: null, wrapped: null });
    }, 120_000);
  });

  describe("the first-key race between two processes", () => {
    it(`${RACE_SUBJECTS} people, twice (first keys, then new keys after forget): each ends with one key that both processes used`, async () => {
      const table = newTable("race");
      const pool = pools.pool();
      const vault = await migratedVault(pool, { table });
      const subjects = Array.from({ length: RACE_SUBJECTS }, (_, i) => `person-${i}`);
      const workers = [racer(db.url, table), racer(db.url, table)];
      await Promise.all(workers.map((w) => w.ready));
      let lost = 0;
      for (const generation of [1, 2]) {
        for (let k = 0; k < subjects.length; k += BATCH) {
          const batch = subjects.slice(k, k + BATCH);
          const [a, b] = await Promise.all(workers.map((w) => w.send(batch)));
          lost += a!.lost + b!.lost;
          // The same context and plaintext under the same key give the same bytes: one key, both used it.
          expect(a!.tokens, `batch ${k}, generation ${generation}`).toEqual(b!.tokens);
          for (const t of a!.tokens) expect(t.startsWith(`k${generation}.`)).toBe(true);
          const opened = await Promise.all(batch.map((s, i) => vault.decrypt(s, a!.tokens[i]!, '["race","value"]')));
          expect(opened).toEqual(batch.map(() => "race"));
        }
        const rows = await rowsOf(pool, table);
        expect(rows).toHaveLength(subjects.length);
        expect(rows.every((r) => r.generation === generation && r.wrapped !== null)).toBe(true);
        if (generation === 1) await Promise.all(subjects.map((s) => vault.forget(s)));
      }
      await Promise.all(workers.map((w) => w.end()));
      console.log(`first-key race: ${2 * RACE_SUBJECTS} races, ${lost} writes that found the other process first`);
      // The processes really raced: some of their writes found the other's key already made.
      expect(lost).toBeGreaterThan(0);
    }, 240_000);
  });
});
