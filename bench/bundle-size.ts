/**
 * What the library costs in a user's bundle: esbuild bundles, minifies
 * and gzips two consumers of the built package (dist/, run `npm run build`
 * first) — one that imports `canUse` and `replay`, one that re-exports the
 * whole entry — and prints the total size and the bytes each package
 * contributes. It resolves "lawful-crm" as a bundler does for an application
 * (package self-reference, the "module" condition, esbuild's default browser
 * platform, then again for Node). Nothing here is asserted; the figures are
 * in docs/performance.md.
 *
 *   npm run bench:size   (builds first)
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");

const consumers = {
  "canUse + replay": `import { canUse, replay } from "lawful-crm";\nexport { canUse, replay };\n`,
  "whole entry": `export * from "lawful-crm";\n`,
};

/** `node_modules/fp-ts/es6/Either.js` → `fp-ts (es6)`; a file of ours → `lawful-crm`. */
function owner(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?:(lib|es6|dist)\/)?/.exec(input);
  if (m === null) return "lawful-crm";
  const pkg = m[1] ?? "?";
  return m[2] === "lib" || m[2] === "es6" ? `${pkg} (${m[2]})` : pkg;
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;

/** One bundle: its minified and gzipped size, and the minified bytes each package contributes. */
async function measure(contents: string, platform: "browser" | "node"): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: "consumer.js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const byOwner = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byOwner.set(owner(input), (byOwner.get(owner(input)) ?? 0) + bytesInOutput);
    }
  }
  const parts = [...byOwner.entries()].sort((a, b) => b[1] - a[1]).map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`);
  return `${kb(code.byteLength)} minified, ${kb(gzipSync(code).byteLength)} gzipped — ${parts.join(", ")}`;
}

async function main(): Promise<void> {
  if (!existsSync(resolve(root, "dist/index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  // esbuild's default platform, browser, takes the "module" field first; node takes "main" first.
  for (const platform of ["browser", "node"] as const) {
    for (const [name, contents] of Object.entries(consumers)) {
      console.log(`${name} (platform ${platform}): ${await measure(contents, platform)}`);
    }
  }
}

await main();
