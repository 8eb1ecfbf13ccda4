import { defineConfig, type Options } from "tsup";

/**
 * The subpath entries (lawful-crm/testing, lawful-crm/emmett) import the core
 * only through "../index.js"; in their bundles that import becomes the
 * package's own entry, "lawful-crm", so that they share the core's ledgers
 * and classes instead of carrying a second copy of them.
 */
const coreAsPackage: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "lawful-crm-core-as-package",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/](testing|emmett)[\\/]/.test(args.importer) ? { path: "lawful-crm", external: true } : undefined,
    );
  },
};

/**
 * Three entries (the core, lawful-crm/testing, lawful-crm/emmett), two formats:
 * dist/index.js (ESM, package is "type": "module"), dist/index.cjs (CJS), with
 * dist/index.d.ts and dist/index.d.cts; likewise dist/testing/ and dist/emmett/.
 *
 * Runtime packages are never bundled: fp-ts and io-ts are peer dependencies
 * (callers must share our copy so our codecs and Eithers compose with theirs),
 * immer and uuid are dependencies resolved from the caller's node_modules.
 */
export default defineConfig({
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts", "emmett/index": "src/emmett/index.ts" },
  esbuildPlugins: [coreAsPackage],
  format: ["esm", "cjs"],
  outDir: "dist",
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: false,
  clean: true,
  splitting: false,
  treeshake: true,
  external: [/^fp-ts(\/.*)?$/, /^io-ts(\/.*)?$/, /^immer(\/.*)?$/, /^uuid(\/.*)?$/, /^@event-driven-io\//, /^lawful-crm$/],
});
