import { defineConfig } from "tsup";

/**
 * One entry, two formats: dist/index.js (ESM, package is "type": "module"),
 * dist/index.cjs (CJS), with dist/index.d.ts and dist/index.d.cts.
 *
 * Runtime packages are never bundled: fp-ts and io-ts are peer dependencies
 * (callers must share our copy so our codecs and Eithers compose with theirs),
 * immer and uuid are dependencies resolved from the caller's node_modules.
 */
export default defineConfig({
  entry: { index: "src/index.ts" },
  format: ["esm", "cjs"],
  outDir: "dist",
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: false,
  clean: true,
  splitting: false,
  treeshake: true,
  external: [/^fp-ts(\/.*)?$/, /^io-ts(\/.*)?$/, /^immer(\/.*)?$/, /^uuid(\/.*)?$/],
});
