/**
 * The snapshot part of the bench (issue 12): on the main history's ledger,
 * the snapshot's size against the NDJSON bytes, and restore against replay.
 * Restore is timed in this process (which holds the replayed ledger) and in
 * a fresh child process that reads the snapshot from a file, as an instance
 * starting from a snapshot would; the child also times what comes after a
 * lazy restore: the first decision, the first `apply` (which builds the id
 * index) and materialising every subject (an audience over all of them).
 *
 * Run alone: `BENCH_ONLY=snapshot npm run bench`. The child is this file
 * run with `--child <snapshot file> <subjects>`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { apply, canUse, isSnapshotError, restore, snapshot, subjectsUsableFor, type Ledger } from "../src/index.js";
import { QUERY_AT, subjectId } from "./generate.js";

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
/** Process CPU ms so far (GC helper threads included): what a loaded machine does not inflate as it inflates wall time. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function restored(bytes: Uint8Array): Ledger {
  const r = restore(bytes);
  if (isSnapshotError(r)) throw new Error(`bench: restore refused the snapshot: ${r.error.message}`);
  return r;
}

const AUDIENCE = { purpose: "marketing.email", fields: ["email"], actor: { id: "campaign-bot", roles: ["marketer"] }, at: QUERY_AT };

/** What the child measures, in ms (heap in bytes). */
export interface ChildFigures {
  restore: number[];
  /** CPU ms of each restore. */
  restoreCpu: number[];
  firstDecision: number;
  /** µs per decision on subjects not read yet (reading each from the snapshot), then on the same subjects again. */
  unreadUs: number;
  readUs: number;
  firstApply: number;
  materialiseAll: number;
  audienceAfter: number;
  heapLazy: number;
  heapAll: number;
}

/** In the child: restores the file `reps` times, then times what follows a restore. */
function child(file: string, subjects: number, reps: number): ChildFigures {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const bytes = readFileSync(file);
  // The restored ledger keeps a copy of the snapshot's bytes: an ArrayBuffer, outside heapUsed.
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const heap0 = used();
  const times: number[] = [];
  const cpus: number[] = [];
  let ledger: Ledger | undefined;
  for (let r = 0; r < reps; r++) {
    ledger = undefined;
    const c = cpuMs();
    const t = performance.now();
    ledger = restored(bytes);
    times.push(performance.now() - t);
    cpus.push(cpuMs() - c);
  }
  const heapLazy = used() - heap0;
  const query = (k: number) => ({ subject: subjectId(k), purpose: "sales", fields: ["email"], actor: { id: "u-01", roles: ["sales"] }, at: QUERY_AT });
  let t = performance.now();
  canUse(ledger!, query(Math.floor(subjects / 2)));
  const firstDecision = performance.now() - t;
  const sample = Math.min(5000, Math.floor(subjects / 4));
  t = performance.now();
  for (let k = 0; k < sample; k++) canUse(ledger!, query(k * 3));
  const unreadUs = ((performance.now() - t) * 1000) / sample;
  t = performance.now();
  for (let k = 0; k < sample; k++) canUse(ledger!, query(k * 3));
  const readUs = ((performance.now() - t) * 1000) / sample;
  // On another restored ledger, so that the audience below reads every subject from the snapshot.
  const other = restored(bytes);
  t = performance.now();
  apply(other, { id: "bench-after-restore", type: "SourceRetired", at: QUERY_AT, data: { source: "xing" } });
  const firstApply = performance.now() - t;
  t = performance.now();
  subjectsUsableFor(ledger!, AUDIENCE);
  const materialiseAndAudience = performance.now() - t;
  t = performance.now();
  subjectsUsableFor(ledger!, AUDIENCE);
  const audienceAfter = performance.now() - t;
  const heapAll = used() - heap0;
  return { restore: times, restoreCpu: cpus, firstDecision, unreadUs, readUs, firstApply, materialiseAll: materialiseAndAudience - audienceAfter, audienceAfter, heapLazy, heapAll };
}

type Row = (what: string, figure: string, note?: string) => void;

/**
 * The snapshot figures for `ledger`, replayed from `events` events of
 * `ndjsonBytes` NDJSON bytes in `replayMs` (median of the replay runs).
 */
export function runSnapshotBench(opts: {
  ledger: Ledger;
  events: number;
  subjects: number;
  ndjsonBytes: number;
  replayMs: number;
  /** CPU ms of the replay (median). */
  replayCpu: number;
  reps: number;
  log: (s: string) => void;
  row: Row;
}): void {
  const { ledger, events, ndjsonBytes, replayMs, replayCpu, reps, log, row } = opts;
  log("");
  log("snapshots (issue 12)");
  let bytes = snapshot(ledger);
  const writes: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    bytes = snapshot(ledger);
    writes.push(performance.now() - t);
  }
  row("snapshot(ledger)", `${(median(writes) / 1000).toFixed(2)} s`, `${((events / median(writes)) * 1000 / 1e3).toFixed(0)} k events/s`);
  const ratio = bytes.length / ndjsonBytes;
  row("snapshot size / NDJSON bytes", `${ratio.toFixed(3)}×`, `${mb(bytes.length)} for ${mb(ndjsonBytes)}, ${(bytes.length / events).toFixed(1)} bytes/event; target ≤ 0.5×, aim ≤ 0.25× — ${ratio <= 0.25 ? "aim met" : ratio <= 0.5 ? "target met" : "NOT met"}`);

  // In this process (the replayed ledger alive), back to back: a forced gc() here would make
  // the next allocation pay a full collection of that heap, which a starting instance does not have.
  restored(bytes);
  const here: number[] = [];
  const hereCpus: number[] = [];
  for (let r = 0; r < reps; r++) {
    const c = cpuMs();
    const t = performance.now();
    restored(bytes);
    here.push(performance.now() - t);
    hereCpus.push(cpuMs() - c);
  }
  const hereMs = median(here);
  const hereCpu = median(hereCpus);
  const verdict = (x: number) => (x >= 10 ? "aim met" : x >= 5 ? "target met" : "NOT met");
  row(
    "restore(bytes), in the bench process",
    `${hereMs.toFixed(0)} ms (CPU ${hereCpu.toFixed(0)} ms)`,
    `replay / restore ${(replayMs / hereMs).toFixed(0)}× (replay ${(replayMs / 1000).toFixed(1)} s), by CPU time ${(replayCpu / hereCpu).toFixed(0)}× (replay CPU ${(replayCpu / 1000).toFixed(1)} s); target ≥ 5×, aim ≥ 10× — ${verdict(Math.min(replayMs / hereMs, replayCpu / hereCpu))}`,
  );

  const dir = mkdtempSync(path.join(os.tmpdir(), "lawful-crm-bench-"));
  try {
    const file = path.join(dir, "ledger.snap");
    writeFileSync(file, bytes);
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, [...process.execArgv, self, "--child", file, String(opts.subjects), String(Math.max(reps, 5))], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`bench: the restore child failed: ${r.stderr}`);
    const c = JSON.parse(r.stdout.trim().split("\n").pop()!) as ChildFigures;
    const freshMs = median(c.restore);
    const freshCpu = median(c.restoreCpu);
    row(
      "restore(bytes), in a fresh process (an instance starting)",
      `${freshMs.toFixed(0)} ms (CPU ${freshCpu.toFixed(0)} ms)`,
      `replay / restore ${(replayMs / freshMs).toFixed(0)}×, by CPU time ${(replayCpu / freshCpu).toFixed(0)}×; target ≥ 5×, aim ≥ 10× — ${verdict(Math.min(replayMs / freshMs, replayCpu / freshCpu))}; memory ${mb(c.heapLazy)} (the snapshot's bytes, catalog and directory)`,
    );
    row("first canUse after a restore (reads one subject; code not yet compiled)", `${c.firstDecision.toFixed(2)} ms`);
    row("canUse on subjects not read yet (each read from the snapshot)", `${c.unreadUs.toFixed(1)} µs/decision`, `then ${c.readUs.toFixed(1)} µs/decision on the same subjects, read`);
    row("first apply after a restore (builds the id index of every event)", `${c.firstApply.toFixed(0)} ms`, `restore + first apply ${((replayMs / (freshMs + c.firstApply))).toFixed(0)}× faster than replay`);
    row(
      "reading every subject after a restore (an audience over all)",
      `${(c.materialiseAll / 1000).toFixed(2)} s`,
      `restore + all subjects ${(replayMs / (freshMs + c.materialiseAll)).toFixed(1)}× faster than replay; the audience itself then ${(c.audienceAfter / 1000).toFixed(2)} s; memory with every subject read ${mb(c.heapAll)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  const [file, subjects, reps] = process.argv.slice(3);
  process.stdout.write(JSON.stringify(child(file!, Number(subjects), Number(reps))) + "\n");
}
