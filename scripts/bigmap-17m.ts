/**
 * Opt-in check (not in `npm test`: about a minute and a few GiB): V8's Map
 * throws past 2^24 entries; the store's id index (an IdIndex, flat
 * tables of hashes and positions) and its BigMaps do not.
 *
 *   node --expose-gc --max-old-space-size=8192 --import tsx scripts/bigmap-17m.ts [plain|store|bigmap|all]
 *
 * Inserts 17,000,000 ids, one string per event as a log would carry, into a
 * plain Map, into an IdIndex as the store's (the ids it reads back from an
 * array standing for the log) and into a BigMap; reports where the plain
 * Map throws, that the others hold them all and answer lookups, and the
 * largest jump of V8's large-object space between two checkpoints (65,536
 * inserts apart), the slowest 65,536 inserts and the slowest single insert:
 * a single table's rehash shows there (with a collection it triggers).
 */
import { getHeapSpaceStatistics } from "node:v8";
import { BigMap } from "../src/_internal/bigmap.js";
import { IdIndex } from "../src/ledger/ids.js";

const N = 17_000_000;
const STEP = 65_536;
const which = process.argv[2] ?? "all";

const largeObjects = () => getHeapSpaceStatistics().find((s) => s.space_name === "large_object_space")!.space_used_size;
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function fill(name: string, set: (id: string, k: number) => void, size: () => number): void {
  gc();
  let before = largeObjects();
  let worst = { jump: 0, at: 0, ms: 0, slowest: 0, slowestAt: 0, one: 0, oneAt: 0 };
  const t0 = performance.now();
  let last = t0;
  try {
    for (let k = 0; k < N; k++) {
      const id = `ev-${k.toString(36).padStart(6, "0")}`;
      const s = performance.now();
      set(id, k);
      const one = performance.now() - s;
      if (one > worst.one) worst = { ...worst, one, oneAt: k + 1 };
      if ((k + 1) % STEP === 0) {
        const now = performance.now();
        const lo = largeObjects();
        if (lo - before > worst.jump) worst = { ...worst, jump: lo - before, at: k + 1 };
        if (now - last > worst.slowest) worst = { ...worst, slowest: now - last, slowestAt: k + 1 };
        before = lo;
        last = now;
      }
    }
  } catch (e) {
    console.log(
      `${name}: threw after ${size().toLocaleString("en")} entries: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}; ` +
        `until then the largest large-object-space jump was ${mib(worst.jump)} (at ${worst.at.toLocaleString("en")})`,
    );
    return;
  }
  const ms = performance.now() - t0;
  console.log(
    `${name}: ${size().toLocaleString("en")} entries in ${(ms / 1000).toFixed(1)} s; largest large-object-space jump ${mib(worst.jump)} (at ${worst.at.toLocaleString("en")}); ` +
      `slowest ${STEP.toLocaleString("en")} inserts ${worst.slowest.toFixed(0)} ms (ending at ${worst.slowestAt.toLocaleString("en")}); ` +
      `slowest single insert ${worst.one.toFixed(0)} ms (the ${worst.oneAt.toLocaleString("en")}th)`,
  );
}

if (which === "plain" || which === "all") {
  let m: Map<string, number> | undefined = new Map<string, number>();
  fill("plain Map", (id, k) => m!.set(id, k), () => m!.size);
  m = undefined;
}

const idOf = (k: number) => `ev-${k.toString(36).padStart(6, "0")}`;
const PROBE = [0, 8_388_607, 16_777_215, 16_777_216, N - 1];

if (which === "store" || which === "all") {
  // The ids as the log carries them, made first (so that the times are the index's): it reads an id back only where two hashes match.
  const log = Array.from({ length: N }, (_, k) => idOf(k));
  const ids = new IdIndex((p) => log[p]);
  fill("Store ids (IdIndex)", (_id, k) => ids.add(log[k]!, k), () => ids.size);
  const ok = PROBE.every((k) => ids.find(idOf(k)) === k) && ids.find("ev-none") === -1;
  console.log(`Store ids: lookups below and above 2^24 ${ok ? "answer" : "FAIL"}; ${mib(process.memoryUsage().arrayBuffers)} of typed arrays`);
  if (!ok) process.exitCode = 1;
}

if (which === "bigmap" || which === "all") {
  const m = new BigMap<string, number>();
  fill("BigMap", (id, k) => m.set(id, k), () => m.size);
  const ok = PROBE.every((k) => m.get(idOf(k)) === k) && !m.has("ev-none");
  console.log(`BigMap: lookups below and above 2^24 ${ok ? "answer" : "FAIL"}`);
  if (!ok) process.exitCode = 1;
}
