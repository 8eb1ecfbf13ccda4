/**
 * The vitest configuration Stryker runs (stryker.config.json): only the tests
 * of the decision and rule code — the decision, channel, command and report tests,
 * the differential test against the naive model and the fuzz tests — with fewer generated cases
 * per mutant (FUZZ_RUNS) and a fixed seed, so that a score is reproducible.
 *
 * `isolate: false`: the test files of a mutant's run share one module graph
 * instead of importing src/ again per file (a run of this set: 21 s instead
 * of 48 s, two thirds of it imports). Safe here because every cache in the
 * mutated code hangs off a ledger, a store or a subject, and the tests build
 * their ledgers in the test files, which vitest runs afresh each time; no
 * mutated module keeps a module-level cache keyed by objects that outlive a
 * run (docs/quality.md, "Mutation score").
 */
import { defineConfig } from "vitest/config";

process.env["FUZZ_RUNS"] ??= "300";
process.env["FUZZ_SEED"] ??= "20261129";

export default defineConfig({
  test: {
    include: ["test/decisions/**/*.test.ts", "test/channels/**/*.test.ts", "test/commands/**/*.test.ts", "test/reports/**/*.test.ts", "test/model/**/*.test.ts", "test/fuzz/**/*.test.ts"],
    // The Chromium check renders reports; it tests no decision code and would start a browser per mutant.
    exclude: ["test/reports/browser.test.ts", "**/node_modules/**"],
    env: { FUZZ_RUNS: process.env["FUZZ_RUNS"], FUZZ_SEED: process.env["FUZZ_SEED"] },
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
