/**
 * `lawful-crm snapshot` and `lawful-crm restore` with the library's real
 * `snapshot` and `restore` (issue 12), run as the bin: the bytes written are
 * `snapshot(replayStream(log))`, a restore reads them back with every reject
 * and its line, and damaged bytes exit 65 with the library's code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replayStream, restore, snapshot } from "../../src/index.js";
import { bundleBin, CRM, jsonOf, REJECTS, runBin, type Run } from "./helpers.js";

let bin = "";
let dispose = () => {};
let scratch = "";
const run = (args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<Run> => runBin(bin, args, options);

beforeAll(async () => {
  ({ bin, dispose } = await bundleBin());
  scratch = mkdtempSync(join(tmpdir(), "lawful-crm-cli-snap-"));
});

afterAll(() => {
  dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent("lawful-crm snapshot and restore", () => {
  it("are listed in --help now that the library exports snapshot and restore", async () => {
    const r = await run(["--help"]);
    expect(r.stdout).toMatch(/^ {2}snapshot /m);
    expect(r.stdout).toMatch(/^ {2}restore /m);
  });

  it("snapshot writes the library's bytes for the log; restore reads them back as validate reads the log", async () => {
    const out = join(scratch, "crm.snap");
    const s = await run(["snapshot", CRM, "--out", out]);
    expect([s.code, s.stdout]).toEqual([0, ""]);
    expect(s.stderr).toMatch(/^lawful-crm: wrote a snapshot of 16 events \(\d+ bytes\) to /);
    const bytes = readFileSync(out);
    expect(new Uint8Array(bytes)).toEqual(snapshot(await replayStream(readFileSync(CRM))));
    const r = await run(["restore", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/16 events: 16 accepted, 0 duplicates skipped, 0 rejected\. OK\n$/);
  });

  it("a log with rejects: its snapshot keeps each reject with its line, and restore exits 1 as validate does", async () => {
    const out = join(scratch, "rejects.snap");
    const s = await run(["snapshot", REJECTS, "--out", out, "--json"]);
    expect(s.code).toBe(1);
    expect(jsonOf(s)).toMatchObject({ out, events: 19, accepted: 16, rejected: 3 });
    const ledger = restore(readFileSync(out));
    if ("error" in ledger) throw new Error(ledger.error.message);
    expect(ledger.rejected.map((x) => x.line)).toEqual([18, 19, 20]);
    const r = await run(["restore", out, "--json"]);
    const v = await run(["validate", REJECTS, "--json"]);
    expect(r.code).toBe(1);
    const { snapshot: name, ...restored } = jsonOf(r) as Record<string, unknown>;
    expect(name).toBe(out);
    expect(restored).toMatchObject({ ok: false, events: 19, accepted: 16 });
    expect(restored["rejected"]).toEqual((jsonOf(v) as Record<string, unknown>)["rejected"]);
  });

  it("snapshot --out - writes the bytes to standard output; restore - reads standard input (empty: not a snapshot)", async () => {
    const s = await run(["snapshot", CRM, "--out", "-"]);
    expect(s.code).toBe(0);
    expect(s.stdout.slice(0, 8)).toContain("LCSNAP"); // the magic number (its first byte is not UTF-8)
    const r = await run(["restore", "-"], { input: "" });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("SNAPSHOT_INVALID");
  });

  it("damaged, truncated or foreign bytes exit 65 with the library's code and reason", async () => {
    const good = snapshot(await replayStream(readFileSync(CRM)));
    const cases: [string, Uint8Array, string][] = [
      ["flipped.snap", Uint8Array.from(good, (b, k) => (k === 40 ? b ^ 1 : b)), "SNAPSHOT_INVALID"],
      ["truncated.snap", good.slice(0, good.length - 9), "SNAPSHOT_INVALID"],
      ["log.snap", readFileSync(CRM), "SNAPSHOT_INVALID"],
    ];
    for (const [name, bytes, code] of cases) {
      const file = join(scratch, name);
      writeFileSync(file, bytes);
      const r = await run(["restore", file]);
      expect([name, r.code]).toEqual([name, 65]);
      expect(r.stderr).toContain(code);
      expect(r.stdout).toBe("");
    }
  });
});
