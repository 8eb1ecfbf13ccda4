/**
 * The indexes the rules keep for long histories (issue 11: when each consent
 * is effective per purpose, recorded bases with their ends, objections with
 * their lifts, a field's current fact over time) answer exactly as the scans
 * they replace. The generated histories are short, so the indexes are forced
 * on for every subject (INDEXING.from = 0) and compared, decision for
 * decision, to the same ledgers read with every index off — to the last
 * event id and sentence — and to the naive model; on the newest ledger and
 * on an older snapshot of the same store, with back-dated arrivals too.
 *
 * FUZZ_RUNS scales the number of histories (default 2,000 → 500 here).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { apply, canUse, replay, type Decision, type Ledger, type UseQuery } from "../../src/index.js";
import { INDEXING } from "../../src/ledger/index.js";
import { arrivalArb, scenarioArb } from "./arbitraries.js";
import { comparable } from "./compare.js";
import { modelCanUse } from "./model.js";

const RUNS = Math.max(50, Math.ceil(Number(process.env["FUZZ_RUNS"] ?? 2000) / 4));
const SEED = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);
const seeded = SEED === undefined ? {} : { seed: SEED };
const usual = INDEXING.from;
afterAll(() => {
  INDEXING.from = usual;
});

/** The decision with every index read, and with none. */
function both(l: Ledger, q: unknown): { indexed: Decision; scanned: Decision } {
  INDEXING.from = 0;
  const indexed = canUse(l, q as UseQuery);
  INDEXING.from = Infinity;
  const scanned = canUse(l, q as UseQuery);
  INDEXING.from = 0;
  return { indexed, scanned };
}

/** The newest ledger of `log` built by apply, and an older snapshot of the same store (its first `k` items). */
function ledgers(log: readonly unknown[], cut: number): { newest: Ledger; older: Ledger; k: number } {
  const k = cut % (log.length + 1);
  let l = replay([]);
  let older = l;
  for (let n = 0; n < log.length; n++) {
    if (n === k) older = l;
    l = apply(l, log[n]);
  }
  return { newest: l, older: k === log.length ? l : older, k };
}

describe("the rules' indexes answer as the scans they replace", () => {
  it(
    `indexed = scanned, to the last sentence, and = the model (${RUNS} histories)`,
    () => {
      fc.assert(
        fc.property(scenarioArb({ queries: 4 }), fc.nat(), ({ log, queries }, cut) => {
          const { newest, older, k } = ledgers(log, cut);
          for (const q of queries) {
            for (const [l, prefix] of [
              [newest, log],
              [older, log.slice(0, k)],
            ] as const) {
              const { indexed, scanned } = both(l, q);
              expect(indexed, `query ${JSON.stringify(q)}`).toEqual(scanned);
              expect(comparable(indexed), `query ${JSON.stringify(q)}`).toEqual(comparable(modelCanUse(prefix, q)));
            }
          }
        }),
        { numRuns: RUNS, ...seeded },
      );
    },
    Math.max(120_000, RUNS * 120),
  );

  it(
    `indexed = scanned when events arrive back-dated, in any order (${Math.ceil(RUNS / 2)} histories)`,
    () => {
      fc.assert(
        fc.property(arrivalArb({ queries: 4 }), ({ log, queries }) => {
          const l = replay(log);
          for (const q of queries) {
            const { indexed, scanned } = both(l, q);
            expect(indexed, `query ${JSON.stringify(q)}`).toEqual(scanned);
            expect(comparable(indexed), `query ${JSON.stringify(q)}`).toEqual(comparable(modelCanUse(log, q)));
          }
        }),
        { numRuns: Math.ceil(RUNS / 2), ...seeded },
      );
    },
    Math.max(120_000, RUNS * 120),
  );
});
