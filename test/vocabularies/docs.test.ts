/** docs/vocabularies.md: its example runs as written and prints what its comments say. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as api from "../../src/index.js";

const doc = readFileSync(new URL("../../docs/vocabularies.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = mkdtempSync(join(tmpdir(), "lawful-crm-vocabularies-doc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/vocabularies.md", () => {
  it("has one runnable example, which prints what its comments say", async () => {
    expect(blocks).toHaveLength(1);
    const src = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
    const file = join(dir, "example.ts");
    writeFileSync(file, blocks[0]!.replace(/from "lawful-crm"/g, `from ${JSON.stringify(src)}`));
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      spy.mockRestore();
    }
    expect(lines).toEqual([
      'declared: ["essential","essential.service"]',
      'left out: ["marketing NO_LEGAL_BASIS"]',
      'categories: ["user","user.contact","user.contact.email"]',
      "support may use anna's email: true",
      'dpv: ["dpv:Marketing -> marketing","dpv:DirectMarketing -> marketing.direct-marketing"]',
    ]);
  });

  it("names every public function of the vocabularies", () => {
    for (const name of ["fromFideslang", "fromDpv", "accessPolicyFromVocabulary", "legalBasisIdentifiers", "LEGAL_BASIS_IDENTIFIERS"]) {
      expect(name in api, name).toBe(true);
      expect(doc, name).toContain(`\`${name}`);
    }
  });

  it("carries the attributions the data's licences require", () => {
    const text = doc.replace(/\s+/g, " ");
    expect(text).toContain("Fides Taxonomy (fideslang) © Ethyca, Inc., https://github.com/ethyca/fideslang, licensed [CC BY 4.0]");
    expect(text).toContain("material copied from the Data Privacy Vocabulary (DPV), https://w3id.org/dpv, Copyright © World Wide Web Consortium (W3C DPVCG). https://www.w3.org/copyright/software-license-2023/");
  });
});
