import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

/**
 * The subpath entries (lawful-crm/testing, lawful-crm/emmett, lawful-crm/postgres) and
 * the command-line tool (src/cli) import the core only through "../index.js"; in
 * their bundles that import becomes the package's own entry, "lawful-crm", so
 * that they share the core's ledgers and classes instead of carrying a second
 * copy of them (the bin reaches it by the package's self-reference).
 */
const coreAsPackage: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "lawful-crm-core-as-package",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /[\\/]src[\\/](testing|emmett|cli|postgres)[\\/]/.test(args.importer) ? { path: "lawful-crm", external: true } : undefined,
    );
  },
};

/**
 * In the ESM build, `fp-ts/lib/X.js` in the sources becomes `#fp-ts/X`, which
 * package.json "imports" maps to `fp-ts/X` for bundlers (the "module"
 * condition) and to `fp-ts/lib/X.js` for everyone else.
 *
 * Node cannot load fp-ts's ES build (`es6/` has extensionless imports and no
 * "type": "module"), so plain Node keeps the CommonJS files. A bundler resolves
 * `fp-ts/X` through that directory's package.json with the same main fields it
 * applies to `io-ts` (whose `es6/` imports `fp-ts/es6/...` and whose `lib/`
 * imports `fp-ts/lib/...`), so an application holds one copy of fp-ts, and the
 * tree-shakeable one when the bundler prefers "module". io-ts is imported by
 * its package name, which a bundler already resolves by the same fields;
 * `io-ts/lib/X` is mapped like fp-ts should the sources ever import one.
 *
 * The CJS build keeps `fp-ts/lib/X.js`: it is what `require` loads, and every
 * tool that runs it resolves that path, including test runners that predate
 * "imports" (Jest before 29.4). test/package.test.ts checks the one copy;
 * figures and the trade-off in docs/performance.md.
 */
const peerLibModule = /^(fp-ts|io-ts)\/lib\/([^/]+?)(?:\.js)?$/;
const esmPeersThroughImportsMap: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "lawful-crm-esm-peers-through-imports-map",
  setup(build) {
    // tsup has esbuild write both formats as ESM (treeshake: Rollup writes
    // the CJS), so the format is told by the TSUP_FORMAT it defines.
    const esm = build.initialOptions.define?.["TSUP_FORMAT"] === JSON.stringify("esm");
    build.onResolve({ filter: peerLibModule }, (args) => {
      const [, pkg, module] = peerLibModule.exec(args.path) ?? [];
      return { path: esm && pkg !== undefined && module !== undefined ? `#${pkg}/${module}` : args.path, external: true };
    });
  },
};

/**
 * tsup's tree-shaking pass (Rollup) already ends each chunk with its
 * `//# sourceMappingURL=` comment and tsup appends a second, identical one:
 * keep one.
 */
const oneSourceMapComment: NonNullable<Options["plugins"]>[number] = {
  name: "lawful-crm-one-source-map-comment",
  buildEnd({ writtenFiles }) {
    for (const { name } of writtenFiles) {
      if (!/\.c?js$/.test(name)) continue;
      const file = resolve(name);
      const code = readFileSync(file, "utf8");
      const fixed = code.replace(/(\n\/\/# sourceMappingURL=[^\n]+)\n\/\/# sourceMappingURL=[^\n]+$/, "$1");
      if (fixed !== code) writeFileSync(file, fixed);
    }
  },
};

/**
 * Four entries (the core, lawful-crm/testing, lawful-crm/emmett,
 * lawful-crm/postgres), two formats: dist/index.js (ESM, package is "type":
 * "module"), dist/index.cjs (CJS), with dist/index.d.ts and dist/index.d.cts;
 * likewise dist/testing/, dist/emmett/ and dist/postgres/.
 * Each .js / .cjs has its source map beside it, sources included (the
 * tarball has no src/).
 *
 * Runtime packages are never bundled: fp-ts and io-ts are peer dependencies
 * (callers must share our copy so our codecs and Eithers compose with theirs),
 * immer and uuid are dependencies resolved from the caller's node_modules.
 */
const library: Options = {
  entry: { index: "src/index.ts", "testing/index": "src/testing/index.ts", "emmett/index": "src/emmett/index.ts", "postgres/index": "src/postgres/index.ts" },
  esbuildPlugins: [coreAsPackage, esmPeersThroughImportsMap],
  plugins: [oneSourceMapComment],
  format: ["esm", "cjs"],
  outDir: "dist",
  target: "node20",
  platform: "node",
  dts: true,
  sourcemap: true,
  // The bin is built beside it, at the same time (below): leave its files.
  clean: ["!cli.js", "!cli.js.map"],
  splitting: false,
  treeshake: true,
  // tsup's own external check runs before the plugins: let `fp-ts/lib/X` through to esmPeersThroughImportsMap.
  noExternal: [peerLibModule],
  external: [/^fp-ts(\/.*)?$/, /^io-ts(\/.*)?$/, /^immer(\/.*)?$/, /^uuid(\/.*)?$/, /^@event-driven-io\//, /^pg(\/.*)?$/, /^lawful-crm$/],
};

/**
 * The `lawful-crm` bin: dist/cli.js, ESM only (Node runs it; nobody imports
 * it), its shebang kept and the file made executable by tsup. It reaches
 * the core as "lawful-crm" (coreAsPackage) and loads its own dependency,
 * cli-progress, only when it draws a progress bar; no entry point of the
 * library imports src/cli (test/package.test.ts checks what they load).
 */
const bin: Options = {
  entry: { cli: "src/cli/main.ts" },
  esbuildPlugins: [coreAsPackage],
  format: ["esm"],
  outDir: "dist",
  target: "node20",
  platform: "node",
  dts: false,
  sourcemap: true,
  clean: false,
  splitting: false,
  treeshake: false,
  external: [/^lawful-crm$/, /^cli-progress$/],
};

export default defineConfig([library, bin]);
