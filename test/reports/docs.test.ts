/** Every function of the transparency and erasure API is documented with an example, and the docs exist. */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as api from "../../src/index.js";

const DIRS = ["../../src/reports/", "../../src/vault/"];

/** Exported functions of a source file, each with the comment block right above it (if any). */
function documented(path: URL): { name: string; doc: string }[] {
  const src = readFileSync(path, "utf8");
  const out: { name: string; doc: string }[] = [];
  for (const m of src.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export (?:async )?function (\w+)/g)) out.push({ name: m[2]!, doc: m[1] ?? "" });
  return out;
}

describe("documentation of the transparency and erasure API", () => {
  const publicFunctions = new Set(Object.entries(api).filter(([, v]) => typeof v === "function").map(([k]) => k));
  const found = DIRS.flatMap((d) =>
    readdirSync(new URL(d, import.meta.url))
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => documented(new URL(d + f, import.meta.url))),
  ).filter((f) => publicFunctions.has(f.name));

  it("covers every public function of src/reports and src/vault", () => {
    expect(found.map((f) => f.name).sort()).toEqual(
      ["accessReport", "consentReceipt", "createKeyStoreVault", "createMemoryVault", "decideWithVault", "disclosureDue", "eraseSubject", "isForgotten", "isSealed", "isVaultError", "portabilityExport", "processingRecord", "renderAccessReport", "renderProcessingRecord", "replayWithVault", "sealEvents", "unsealEvents", "vaultError"].sort(),
    );
  });

  it.each(found.map((f) => [f.name, f.doc] as const))("%s has TSDoc with an @example", (_name, doc) => {
    expect(doc).toMatch(/^\/\*\*/);
    expect(doc).toContain("@example");
  });

  it("docs/transparency.md and docs/erasure.md name every function", () => {
    const docs = readFileSync(new URL("../../docs/transparency.md", import.meta.url), "utf8") + readFileSync(new URL("../../docs/erasure.md", import.meta.url), "utf8");
    for (const f of found) expect(docs, f.name).toContain(f.name);
  });
});
