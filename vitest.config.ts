import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // The files run in one module graph per worker instead of a fresh one
    // each: `npm test` took 420 s isolated and 312 s so on the slow host of
    // 2026-12-07 (docs/quality.md). The library keeps three module-level
    // settings; test/setup/shared-state.ts fails any file that leaves one
    // changed, so no file's answers depend on the files before it.
    isolate: false,
    setupFiles: ["test/setup/shared-state.ts"],
    // One worker per CPU, not vitest's default of one less: the main process
    // only collects results, and many files wait on a child process (tsc,
    // npm, PostgreSQL, Chromium) while the other worker computes. On the
    // two-CPU host of 2026-12-07: 277 s with one worker, 212 s with two
    // (docs/quality.md).
    maxWorkers: availableParallelism(),
  },
});
