/**
 * The streamed-replay bench (`BENCH_ONLY=stream npm run bench`; opt-in, not
 * part of the default run): writes the bench generator's history as an
 * NDJSON file on disk and replays it with `replayStream` from a file stream,
 * for each size of `BENCH_STREAM_EVENTS` (default 1M and 10M events, 10
 * events per subject as in the main bench). For each size it reports the
 * time, events/s, the process's peak RSS and the heap the ledger retains, and
 * checks the target of issue 12: peak RSS below the ledger's own heap +
 * 300 MiB, with a cost that grows linearly.
 *
 * Each step runs in a child process of its own, so that no figure includes
 * another step's memory: one child writes the file (the generator holds the
 * whole history to sort it by time, so it needs a few GiB at 10M events), a
 * fresh one replays it. Peak RSS is the kernel's high-water mark of the
 * replaying process (`VmHWM` in /proc/self/status, Linux), read after the
 * replay; a 50 ms sampler of `process.memoryUsage.rss()` runs beside it as a
 * cross-check (and is the figure used where /proc is missing).
 *
 * Environment (all optional):
 *   BENCH_STREAM_EVENTS  comma-separated event counts        (default 1000000,10000000)
 *   BENCH_STREAM_DIR     where the NDJSON files go           (default os.tmpdir())
 *   BENCH_STREAM_KEEP=1  keep the files (and reuse them on the next run; their
 *                        name holds events, subjects and seed)
 *   BENCH_SEED           generator seed                      (default 20240601)
 *   BENCH_HEAP_MB        old-space limit of the children     (default 16384)
 *   BENCH_STREAM_PARSE_ONLY=1  also run the stream layer alone (no ledger) on each file
 *   BENCH_STREAM_NODE_FLAGS  extra node flags for the replaying child, e.g.
 *                        "--max-semi-space-size=64" (default none)
 *
 * Run one child by hand: `node --expose-gc --max-old-space-size=16384
 * --import tsx bench/stream.ts replay FILE` (or `write FILE EVENTS SUBJECTS SEED`).
 */
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants as perfConstants, performance, PerformanceObserver } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const MiB = 2 ** 20;
const mb = (b: number): string => `${(b / MiB).toFixed(0)} MiB`;
const fmtInt = (n: number): string => Math.round(n).toLocaleString("en-US");
const log = (s: string): void => {
  process.stdout.write(s + "\n");
};

/** A /proc/self/status field in bytes (VmHWM: peak resident set; VmRSS: current), or undefined off Linux. */
function procStatus(field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
    return m === null ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------ children

interface Written {
  events: number;
  subjects: number;
  seed: number;
  fileBytes: number;
  ms: number;
}

interface Replayed {
  events: number;
  lines: number;
  bytes: number;
  accepted: number;
  rejected: number;
  ms: number;
  cpuMs: number;
  /** Kernel high-water mark of the resident set (the peak RSS), when /proc is there. */
  peakRss: number | undefined;
  /** Highest RSS the 50 ms sampler saw. */
  sampledPeakRss: number;
  /** RSS before the replay (node, tsx, the library, after a warm-up). */
  baseRss: number;
  /** heapUsed + arrayBuffers before the replay (after the warm-up and a GC). */
  heap0: number;
  /** V8's heap (used, committed) at the sample of the highest RSS: where the peak's memory was. */
  atPeak: { heapUsed: number; heapTotal: number; arrayBuffers: number };
  /** Heap the ledger retains: heapUsed + arrayBuffers after GC with the ledger alive, minus before the replay. */
  ledgerHeap: number;
  /** V8's heap (used and committed) after the final GC. */
  heapUsedAfter: number;
  heapTotalAfter: number;
  /** Garbage-collection pauses during the replay (ms, count): mark-compact (major) and scavenges (minor). */
  gc: { majorMs: number; major: number; minorMs: number; minor: number };
  loadAvg: number[];
}

async function writeChild(file: string, events: number, subjects: number, seed: number): Promise<void> {
  const { writeNdjsonFile } = await import("./generate.js");
  const t0 = performance.now();
  const r = writeNdjsonFile(file, { events, subjects, seed });
  const out: Written = { events: r.events, subjects, seed, fileBytes: r.fileBytes, ms: performance.now() - t0 };
  log(JSON.stringify(out));
}

/**
 * The stream layer alone, for comparison: the same reader (bytes to lines,
 * UTF-8 decoding, JSON.parse) with a fold that counts the parsed lines and
 * keeps nothing. Its peak RSS is what reading costs without a ledger.
 */
async function parseOnly(source: AsyncIterable<unknown>, onProgress: (p: { lines: number; bytes: number }) => void): Promise<{ size: number; accepted: number; rejected: readonly unknown[] }> {
  const { NdjsonReader } = await import("../src/ndjson/read.js");
  let parsed = 0;
  let unreadable = 0;
  const reader = new NdjsonReader({
    push: () => {
      parsed++;
    },
    pushUnreadable: () => {
      unreadable++;
    },
    ledger: () => {
      throw new Error("not used");
    },
  });
  for await (const chunk of source) {
    reader.chunk(chunk);
    onProgress({ lines: reader.lines, bytes: reader.bytes });
  }
  reader.end();
  onProgress({ lines: reader.lines, bytes: reader.bytes });
  return { size: parsed + unreadable, accepted: parsed, rejected: new Array<unknown>(unreadable) };
}

async function replayChild(file: string, mode: "replay" | "parse"): Promise<void> {
  const { replayStream: realReplay } = await import("../src/index.js");
  const replayStream = mode === "replay" ? realReplay : (source: AsyncIterable<unknown>, o: { onProgress?: (p: { lines: number; bytes: number }) => void } = {}) => parseOnly(source, o.onProgress ?? (() => undefined));
  const gcFn = (globalThis as { gc?: () => void }).gc;
  if (gcFn === undefined) throw new Error("bench/stream.ts replay: run node with --expose-gc");
  const gc = (): void => {
    gcFn();
    gcFn();
  };
  // Warm-up on the first 2 MiB (about 10,000 events; the cut last line is a reject), then forget it.
  await replayStream(createReadStream(file, { end: 2 * MiB - 1 }));
  gc();
  const baseRss = procStatus("VmRSS") ?? process.memoryUsage.rss();
  // The ledger's id index is a typed array, outside heapUsed: counted with arrayBuffers.
  const m0 = process.memoryUsage();
  const heap0 = m0.heapUsed + m0.arrayBuffers;

  const gcStats = { majorMs: 0, major: 0, minorMs: 0, minor: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR) {
        gcStats.majorMs += e.duration;
        gcStats.major++;
      } else if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
        gcStats.minorMs += e.duration;
        gcStats.minor++;
      }
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  let sampledPeakRss = process.memoryUsage.rss();
  let atPeak = { heapUsed: 0, heapTotal: 0, arrayBuffers: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    if (m.rss >= sampledPeakRss) {
      sampledPeakRss = m.rss;
      atPeak = { heapUsed: m.heapUsed, heapTotal: m.heapTotal, arrayBuffers: m.arrayBuffers };
    }
  }, 50);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let lastNote = t0;
  let read = { lines: 0, bytes: 0 };
  const ledger = await replayStream(createReadStream(file), {
    onProgress: (p) => {
      read = p;
      const { lines, bytes } = p;
      const t = performance.now();
      if (t - lastNote < 20_000) return;
      lastNote = t;
      process.stderr.write(`  … ${fmtInt(lines)} lines, ${mb(bytes)}, ${((t - t0) / 1000).toFixed(0)} s, RSS ${mb(process.memoryUsage.rss())}\n`);
    },
  });
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  clearInterval(sampler);
  await new Promise((resolve) => setImmediate(resolve)); // let the last GC entries arrive
  observer.disconnect();
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage.rss());
  const peakRss = procStatus("VmHWM");
  gc();
  const mem = process.memoryUsage();
  const out: Replayed = {
    events: ledger.size,
    lines: read.lines,
    bytes: read.bytes,
    accepted: ledger.accepted,
    rejected: ledger.rejected.length,
    ms,
    cpuMs: (c.user + c.system) / 1000,
    peakRss,
    sampledPeakRss,
    baseRss,
    heap0,
    atPeak,
    ledgerHeap: mem.heapUsed + mem.arrayBuffers - heap0,
    heapUsedAfter: mem.heapUsed,
    heapTotalAfter: mem.heapTotal,
    gc: gcStats,
    loadAvg: os.loadavg(),
  };
  log(JSON.stringify(out));
}

// ------------------------------------------------------------------ orchestration

const here = fileURLToPath(import.meta.url);

/** Runs this file as a child with a large heap; returns the JSON of its last stdout line. */
function child<T>(args: string[], heapMb: number, flags: readonly string[] = []): T {
  const execArgv = process.execArgv.filter((a) => !a.startsWith("--max-old-space-size") && a !== "--expose-gc");
  const r = spawnSync(process.execPath, [...execArgv, "--expose-gc", `--max-old-space-size=${heapMb}`, ...flags, here, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * MiB,
  });
  const lines = (r.stdout ?? "").trim().split("\n");
  if (r.status !== 0) {
    throw new Error(`bench/stream.ts ${args[0]} failed (exit ${r.status ?? "none"}, signal ${r.signal ?? "none"})\n${lines.slice(-5).join("\n")}`);
  }
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** The opt-in streamed-replay part of `npm run bench`. */
export function streamBench(): void {
  const env = process.env;
  const sizes = (env["BENCH_STREAM_EVENTS"] ?? "1000000,10000000").split(",").map((s) => Number(s.replace(/_/g, "")));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`BENCH_STREAM_EVENTS must be positive integers, got ${env["BENCH_STREAM_EVENTS"]}`);
  const seed = Number(env["BENCH_SEED"] ?? 20240601);
  const heapMb = Number(env["BENCH_HEAP_MB"] ?? 16_384);
  const dir = env["BENCH_STREAM_DIR"] ?? os.tmpdir();
  const keepFiles = env["BENCH_STREAM_KEEP"] === "1";
  const parseOnlyToo = env["BENCH_STREAM_PARSE_ONLY"] === "1";
  const replayFlags = (env["BENCH_STREAM_NODE_FLAGS"] ?? "").split(/\s+/).filter((f) => f !== "");
  log(
    `lawful-crm streamed-replay bench — node ${process.version}, ${os.cpus().length} cpu(s), ${mb(os.totalmem())} RAM (${mb(os.freemem())} free), ` +
      `children's heap limit ${fmtInt(heapMb)} MiB${replayFlags.length > 0 ? `, replay flags ${replayFlags.join(" ")}` : ""}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`,
  );

  const results: { w: Written; r: Replayed }[] = [];
  for (const events of sizes) {
    const subjects = Math.max(1, Math.round(events / 10));
    const file = path.join(dir, `lawful-crm-bench-${events}-${subjects}-${seed}.ndjson`);
    const meta = `${file}.json`;
    let w: Written;
    if (keepFiles && existsSync(file) && existsSync(meta) && (JSON.parse(readFileSync(meta, "utf8")) as Written).fileBytes === statSync(file).size) {
      w = JSON.parse(readFileSync(meta, "utf8")) as Written;
      log(`\n${fmtInt(events)} events: reusing ${file} (${mb(w.fileBytes)})`);
    } else {
      log(`\n${fmtInt(events)} events, ${fmtInt(subjects)} subjects: writing ${file} ...`);
      w = child<Written>(["write", file, String(events), String(subjects), String(seed)], heapMb);
      writeFileSync(meta, JSON.stringify(w));
      log(`  written: ${mb(w.fileBytes)} (${(w.fileBytes / w.events).toFixed(0)} bytes/line) in ${(w.ms / 1000).toFixed(1)} s`);
    }
    log(`  replaying it with replayStream(createReadStream(file)) in a fresh process ...`);
    let r: Replayed;
    let parsed: Replayed | undefined;
    try {
      r = child<Replayed>(["replay", file], heapMb, replayFlags);
      if (parseOnlyToo) {
        log(`  the stream layer alone (bytes to lines, UTF-8, JSON.parse; no ledger) in a fresh process ...`);
        parsed = child<Replayed>(["parse", file], heapMb, replayFlags);
      }
    } finally {
      if (!keepFiles) {
        rmSync(file, { force: true });
        rmSync(meta, { force: true });
      }
    }
    if (r.rejected !== 0 || r.accepted !== w.events) throw new Error(`bench: the streamed replay of ${file} has ${r.rejected} rejects, ${r.accepted} of ${w.events} accepted`);
    const peak = r.peakRss ?? r.sampledPeakRss;
    log(
      `  ${(r.ms / 1000).toFixed(1)} s, ${fmtInt((r.events / r.ms) * 1000)} events/s (CPU ${(r.cpuMs / 1000).toFixed(1)} s), ${((r.bytes / MiB) / (r.ms / 1000)).toFixed(1)} MiB/s; ` +
        `peak RSS ${mb(peak)} (sampled ${mb(r.sampledPeakRss)}), ledger heap ${mb(r.ledgerHeap)}, peak − ledger ${mb(peak - r.ledgerHeap)} ` +
        `(target < 300 MiB: ${peak < r.ledgerHeap + 300 * MiB ? "met" : "NOT met"}); GC pauses: ${r.gc.major} mark-compacts ${(r.gc.majorMs / 1000).toFixed(1)} s, ${r.gc.minor} scavenges ${(r.gc.minorMs / 1000).toFixed(1)} s; RSS before ${mb(r.baseRss)}; heap after ${mb(r.heapUsedAfter)} used / ${mb(r.heapTotalAfter)} committed; load ${r.loadAvg.map((x) => x.toFixed(1)).join(" ")}`,
    );
    {
      // Where the memory above the ledger is at the sampled peak: garbage not yet collected (heap used
      // above the ledger's final heap), heap V8 committed but left empty, and memory outside the JS heap.
      const { heapUsed, heapTotal, arrayBuffers } = r.atPeak;
      log(
        `  at the sampled peak (${mb(r.sampledPeakRss)}): JS heap used ${mb(heapUsed)} (${mb(heapUsed + arrayBuffers - r.heap0 - r.ledgerHeap)} above the heap before the replay + the final ledger, typed arrays counted: ` +
          `garbage not yet collected), committed ${mb(heapTotal)} (${mb(heapTotal - heapUsed)} empty), outside the JS heap ${mb(r.sampledPeakRss - heapTotal)} ` +
          `(node and its libraries, malloc of the GC and the runtime; ${mb(r.baseRss)} RSS in all before the replay)`,
      );
    }
    if (parsed !== undefined) {
      const p = parsed;
      log(
        `  parse only: ${(p.ms / 1000).toFixed(1)} s, ${fmtInt((p.events / p.ms) * 1000)} lines/s (CPU ${(p.cpuMs / 1000).toFixed(1)} s); peak RSS ${mb(p.peakRss ?? p.sampledPeakRss)}, ` +
          `RSS before ${mb(p.baseRss)}; GC pauses: ${p.gc.major} mark-compacts ${(p.gc.majorMs / 1000).toFixed(1)} s, ${p.gc.minor} scavenges ${(p.gc.minorMs / 1000).toFixed(1)} s`,
      );
    }
    results.push({ w, r });
  }

  log("\n| events | file | time | events/s (by CPU time) | peak RSS | ledger heap | peak RSS − ledger heap | µs/event | ledger B/event | peak RSS B/event |");
  log("|---|---|---|---|---|---|---|---|---|---|");
  for (const { w, r } of results) {
    const peak = r.peakRss ?? r.sampledPeakRss;
    log(
      `| ${fmtInt(w.events)} | ${mb(w.fileBytes)} | ${(r.ms / 1000).toFixed(1)} s | ${fmtInt((r.events / r.ms) * 1000)} (${fmtInt((r.events / r.cpuMs) * 1000)}) | ${mb(peak)} | ${mb(r.ledgerHeap)} | ${mb(peak - r.ledgerHeap)} | ` +
        `${((r.ms * 1000) / r.events).toFixed(1)} | ${(r.ledgerHeap / r.events).toFixed(0)} | ${(peak / r.events).toFixed(0)} |`,
    );
  }
  if (results.length > 1) {
    const a = results[0]!;
    const b = results[results.length - 1]!;
    const k = b.r.events / a.r.events;
    const pa = a.r.peakRss ?? a.r.sampledPeakRss;
    const pb = b.r.peakRss ?? b.r.sampledPeakRss;
    log(
      `\n${fmtInt(b.r.events)} vs ${fmtInt(a.r.events)} events (×${k.toFixed(1)}): time ×${(b.r.ms / a.r.ms).toFixed(2)}, ` +
        `ledger heap ×${(b.r.ledgerHeap / a.r.ledgerHeap).toFixed(2)}, peak RSS ×${(pb / pa).toFixed(2)} (linear: ×${k.toFixed(1)})`,
    );
  }
}

// `node --import tsx bench/stream.ts write|replay ...`: one child's step.
if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === here) {
  const [mode, file, events, subjects, seed] = process.argv.slice(2);
  if (mode === "write" && file !== undefined) await writeChild(file, Number(events), Number(subjects), Number(seed));
  else if ((mode === "replay" || mode === "parse") && file !== undefined) await replayChild(file, mode);
  else streamBench();
}
