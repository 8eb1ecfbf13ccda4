/**
 * The bench generator (bench/generate.ts) is deterministic, and writing its
 * history to a file (for the streamed-replay bench) changes none of its
 * bytes: the figures in docs/performance.md stay comparable across runs.
 * Nothing here measures time.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { generate, writeNdjsonFile } from "../bench/generate.js";
import { replayStream } from "../src/index.js";

const opts = { subjects: 200, events: 3000, seed: 20240601 };

it("generates the same history, byte for byte, as when the bench figures were recorded", () => {
  const g = generate(opts);
  // Pinned on the generator before it could write files (commit a42b008).
  expect(createHash("sha256").update(g.ndjson).digest("hex")).toBe("7f5570e27b4a2c1335cdf9475802eb455d85993a54dddfb993ff2f79071080b5");
  expect([g.events, g.bytes]).toEqual([3000, 634375]);
});

it("writes that history to a file as NDJSON (a line feed after every line), which replays without a reject", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lawful-crm-gen-"));
  try {
    const file = path.join(dir, "h.ndjson");
    const w = writeNdjsonFile(file, opts);
    const text = readFileSync(file, "utf8");
    expect(text).toBe(generate(opts).ndjson + "\n");
    expect(w.fileBytes).toBe(Buffer.byteLength(text));
    const ledger = await replayStream(text);
    expect([ledger.accepted, ledger.rejected.length]).toEqual([3000, 0]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
