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
  },
});
