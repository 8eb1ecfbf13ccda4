/**
 * Issue 12, snapshots, on a real PostgreSQL server: an instance builds its
 * ledger from Emmett's global log (`readMessagesBatch`), snapshots it with
 * the global position it read up to; two writer processes (the other
 * instances) append conflicting commands; a third instance restores the
 * snapshot and catches up, once while they write and once after: it then
 * answers for every person as a replay of the whole store does, and its
 * position is the store's last global position.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { dumbo, type Dumbo } from "@event-driven-io/dumbo";
import { readMessagesBatch } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { isSnapshotError, replay, restore, snapshot, type Ledger } from "../../../src/index.js";
import { catchUp, LawfulCrmCommandHandler, type GlobalLogReader } from "../../../src/emmett/index.js";
import { lists } from "../../snapshot/observe.js";
import { describeOnPostgres, freshDatabase, replayStore, storeOn } from "./server.js";
import { answersFor, CATALOG, commandsOf, PEOPLE } from "./scenario.js";

const COUNT = Number(process.env["LAWFUL_CRM_PG_COMMANDS"] ?? 200) / 2;
const worker = join(import.meta.dirname, "worker.ts");

/** Runs a writer process of the two-process test with `count` commands; resolves when it is done. */
function write(url: string, id: number, count: number): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", worker, url, String(id), String(count)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  let done = false;
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line === "ready") child.stdin.end("go\n");
    else if (line === "done") done = true;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 && done ? resolve() : reject(new Error(`writer ${id} exited with ${String(code)}:\n${stderr}`))));
  });
}

async function lastGlobalPosition(url: string): Promise<bigint> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ p: string | null }>("SELECT max(global_position)::text AS p FROM emt_messages");
    return BigInt(r.rows[0]?.p ?? "0");
  } finally {
    await c.end();
  }
}

const answers = (ledger: Ledger) => PEOPLE.map((p) => answersFor(ledger, p));

describeOnPostgres("catchUp on Emmett's PostgreSQL store", () => {
  let db: { url: string; drop: () => Promise<void> };
  let pool: Dumbo;
  let read: GlobalLogReader;

  beforeAll(async () => {
    db = await freshDatabase("lawful_catchup");
    pool = dumbo({ connectionString: db.url });
    read = (options) => readMessagesBatch(pool.execute, options);
    const store = storeOn(db.url);
    await LawfulCrmCommandHandler()(store, CATALOG);
    await store.close();
  });

  afterAll(async () => {
    await pool?.close();
    await db?.drop();
  });

  test("restore a snapshot, then apply what two other processes appended since: the whole store's answers and last position", async () => {
    await write(db.url, 1, COUNT);
    // Instance A: the whole log, then a snapshot with the position it read up to.
    const built = await catchUp(read, replay([]), { batchSize: 50 });
    expect(built.position).toBe(await lastGlobalPosition(db.url));
    const reference = await replayStore(db.url);
    expect(lists(built.ledger)).toEqual(lists(reference));
    const bytes = snapshot(built.ledger, { position: built.position });

    // Two other instances write; instance C restores and catches up again and again while they do, and once after.
    let writing = true;
    const writers = Promise.all([write(db.url, 2, COUNT), write(db.url, 3, COUNT)]).finally(() => (writing = false));
    const restored = restore(bytes);
    if (isSnapshotError(restored)) throw new Error(restored.error.message);
    let during = { ledger: restored, position: built.position, applied: 0 };
    let reads = 0;
    while (writing) {
      const next = await catchUp(read, during.ledger, { after: during.position, batchSize: 7 });
      during = { ...next, applied: during.applied + next.applied };
      reads++;
      await new Promise((r) => setTimeout(r, 20));
    }
    await writers;
    const after = await catchUp(read, during.ledger, { after: during.position, batchSize: 7 });

    const whole = await replayStore(db.url);
    expect(reads).toBeGreaterThan(0);
    expect(after.position).toBe(await lastGlobalPosition(db.url));
    expect(during.applied + after.applied).toBe(whole.size - built.ledger.size);
    expect(lists(after.ledger)).toEqual(lists(whole));
    expect(answers(after.ledger)).toEqual(answers(whole));
    expect(snapshot(after.ledger, { position: after.position })).toEqual(snapshot(whole, { position: after.position }));
  }, 240_000);
});
