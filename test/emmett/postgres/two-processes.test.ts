/**
 * Two writer processes (child processes, each with its own handler and
 * cache) send conflicting commands for the same four people at once,
 * hundreds of times, against a real PostgreSQL server. No update may be
 * lost: every command is appended exactly once at the version it was decided
 * on, or refused with its reason; the streams hold exactly what was
 * appended; a replay of the whole store rejects nothing and answers for each
 * person as the ledger each process saw at its appends.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, expect, test } from "vitest";
import { replayRecorded, LawfulCrmCommandHandler, subjectStream, CATALOG_STREAM } from "../../../src/emmett/index.js";
import { allRecorded, describeOnPostgres, freshDatabase, storeOn } from "./server.js";
import { answersFor, CATALOG, PEOPLE, type Outcome } from "./scenario.js";

const COUNT = Number(process.env["LAWFUL_CRM_PG_COMMANDS"] ?? 200);
const worker = join(import.meta.dirname, "worker.ts");

/** Starts a worker; resolves its outcomes once it printed "done". */
function start(url: string, id: number): { ready: Promise<void>; go: () => void; outcomes: Promise<Outcome[]>; conflicts: () => number } {
  const child = spawn(process.execPath, ["--import", "tsx", worker, url, String(id), String(COUNT)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const outcomes: Outcome[] = [];
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  let done = false;
  let conflicts = 0;
  lines.on("line", (line) => {
    if (line === "ready") readyResolve();
    else if (line === "done") done = true;
    else {
      const parsed = JSON.parse(line) as Outcome | { conflicts: number };
      if ("conflicts" in parsed) conflicts = parsed.conflicts;
      else outcomes.push(parsed);
    }
  });
  const finished = new Promise<Outcome[]>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 && done ? resolve(outcomes) : reject(new Error(`worker ${id} exited with ${String(code)}:\n${stderr}`))));
  });
  return { ready, go: () => child.stdin.end("go\n"), outcomes: finished, conflicts: () => conflicts };
}

describeOnPostgres("two processes writing the same people on PostgreSQL", () => {
  let db: { url: string; drop: () => Promise<void> };
  let outcomes: Outcome[] = [];
  let conflicts: number[] = [];

  beforeAll(async () => {
    db = await freshDatabase("lawful_two");
    const store = storeOn(db.url);
    await LawfulCrmCommandHandler()(store, CATALOG);
    await store.close();
    const workers = [start(db.url, 1), start(db.url, 2)];
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    outcomes = (await Promise.all(workers.map((w) => w.outcomes))).flat();
    conflicts = workers.map((w) => w.conflicts());
    console.log(`two processes: ${outcomes.filter((o) => o.appended !== undefined).length} appended, ${outcomes.filter((o) => o.refused !== undefined).length} refused, ${conflicts.join(" + ")} version conflicts re-read`);
  }, 240_000);

  afterAll(async () => {
    await db?.drop();
  });

  test("every command is either appended once or refused with its reason", () => {
    expect(outcomes).toHaveLength(2 * COUNT);
    for (const o of outcomes) {
      expect((o.appended === undefined) !== (o.refused === undefined), JSON.stringify(o)).toBe(true);
      if (o.refused !== undefined) {
        expect(o.refused.codes.length).toBeGreaterThan(0);
        expect(o.refused.messages.every((m) => m.length > 10)).toBe(true);
      }
    }
    // The commands really conflicted: both processes appended to every person, and some commands were refused.
    for (const p of PEOPLE) for (const w of [1, 2]) expect(outcomes.some((o) => o.worker === w && o.subject === p && o.appended !== undefined)).toBe(true);
    expect(outcomes.filter((o) => o.refused !== undefined).length).toBeGreaterThan(10);
    // And they raced: the store refused appends decided on a stale version, which the handlers re-read and re-decided.
    expect(conflicts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  test("no lost update: each person's stream is exactly the appends, one after the other, at the versions they were decided on", async () => {
    const recorded = await allRecorded(db.url);
    for (const p of PEOPLE) {
      const stream = recorded.filter((e) => e.metadata["streamName"] === subjectStream(p));
      const appends = outcomes.filter((o) => o.subject === p && o.appended !== undefined).map((o) => o.appended!);
      appends.sort((a, b) => Number(BigInt(a.from) - BigInt(b.from)));
      let version = 0n;
      const ids: string[] = [];
      for (const a of appends) {
        expect(BigInt(a.from)).toBe(version);
        version = BigInt(a.to);
        ids.push(...a.ids);
      }
      expect(stream.map((e) => e.metadata["id"])).toEqual(ids);
      expect(stream.map((e) => e.metadata["streamPosition"])).toEqual(ids.map((_, k) => BigInt(k + 1)));
    }
  });

  test("a replay of the whole store rejects nothing and answers as each process's ledger at its appends", async () => {
    const recorded = await allRecorded(db.url);
    const whole = replayRecorded(recorded);
    expect(whole.rejected).toEqual([]);
    expect(whole.accepted).toBe(recorded.length);
    const catalog = recorded.filter((e) => e.metadata["streamName"] === CATALOG_STREAM);
    for (const p of PEOPLE) {
      const stream = recorded.filter((e) => e.metadata["streamName"] === subjectStream(p));
      const appends = outcomes.filter((o) => o.subject === p && o.appended !== undefined);
      for (const o of appends) {
        // What the store held for this person right after that append.
        const upTo = BigInt(o.appended!.to);
        const prefix = replayRecorded([...catalog, ...stream.filter((e) => (e.metadata["streamPosition"] as bigint) <= upTo)]);
        expect(o.appended!.answers, `${p} after worker ${o.worker}'s command ${o.k}`).toEqual(answersFor(prefix, p));
      }
      // The last append of each process: the newest ledger is the whole store's.
      const last = appends.reduce((a, b) => (BigInt(a.appended!.to) > BigInt(b.appended!.to) ? a : b));
      expect(last.appended!.answers).toEqual(answersFor(whole, p));
    }
  });
});
