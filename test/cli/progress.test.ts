/**
 * The progress bar: shown on standard error only when it is a terminal,
 * never when it is piped or redirected. A terminal is given to the bin by
 * util-linux `script` (a pseudo-terminal), as a user's shell would; its
 * standard output is redirected to a file, so what `script` records is what
 * the bin drew on standard error.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressLine } from "../../src/cli/progress.js";
import { bundleBin, CRM, runBin } from "./helpers.js";

let bin = "";
let dispose = () => {};
let scratch = "";

beforeAll(async () => {
  ({ bin, dispose } = await bundleBin());
  scratch = mkdtempSync(join(tmpdir(), "lawful-crm-progress-"));
});

afterAll(() => {
  dispose();
  rmSync(scratch, { recursive: true, force: true });
});

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b(\[[0-9;?]*[A-Za-z]|[78])/g, "").replace(/\r/g, "\n");

/** Runs a shell command line under a pseudo-terminal; resolves to what the terminal showed. */
function onTerminal(command: string): Promise<{ code: number | null; screen: string }> {
  return new Promise((done, fail) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { stdio: ["ignore", "pipe", "pipe"] });
    let screen = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (screen += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, screen }));
  });
}

const hasScript = spawnSync("script", ["--version"], { stdio: "ignore" }).status === 0;
const node = quote(process.execPath);

describe("the progress bar", () => {
  it("is never drawn when standard error is not a terminal, even with --progress", async () => {
    const r = await runBin(bin, ["validate", CRM, "--progress"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const piped = await runBin(bin, ["validate", "-", "--progress"], { input: readFileSync(CRM, "utf8") });
    expect(piped.stderr).toBe("");
  });

  // Skipped only where util-linux `script` is missing: nothing else here can give the bin a terminal.
  it.skipIf(!hasScript)("on a terminal, --progress draws lines, bytes, the rate and the share read, then clears its line", async () => {
    const out = join(scratch, "validate.txt");
    const t = await onTerminal(`${node} ${quote(bin)} validate ${quote(CRM)} --progress > ${quote(out)}`);
    expect(t.code).toBe(0);
    const size = readFileSync(CRM).byteLength;
    const shown = plain(t.screen);
    expect(shown).toMatch(new RegExp(`crm\\.ndjson .* 100% \\| 16 lines \\| ${(size / 1024).toFixed(1)} KiB of ${(size / 1024).toFixed(1)} KiB \\| [0-9.]+ (KiB|MiB)/s \\| ETA`));
    expect(t.screen).toContain("\u001b[2K"); // the bar's line is cleared at the end
    expect(readFileSync(out, "utf8")).toMatch(/16 events: 16 accepted, 0 duplicates skipped, 0 rejected\. OK\n$/);
  });

  it.skipIf(!hasScript)("on a terminal, without --progress, appears once reading takes longer than half a second (standard input: no size, so no bar)", async () => {
    const out = join(scratch, "slow.txt");
    const log = quote(CRM);
    const t = await onTerminal(`{ head -n 8 ${log}; sleep 3; tail -n 8 ${log}; } | ${node} ${quote(bin)} validate - > ${quote(out)}`);
    expect(t.code).toBe(0);
    expect(plain(t.screen)).toMatch(/standard input \| 16 lines \| [0-9.]+ KiB \| [0-9.]+ KiB\/s/);
    expect(readFileSync(out, "utf8")).toContain("standard input: 16 lines, 16 events");
  });

  it.skipIf(!hasScript)("on a terminal, --no-progress draws nothing", async () => {
    const out = join(scratch, "none.txt");
    const t = await onTerminal(`${node} ${quote(bin)} validate ${quote(CRM)} --no-progress > ${quote(out)}`);
    expect(t.code).toBe(0);
    expect(t.screen).toBe("");
  });
});

describe("the progress line", () => {
  it("with a known size: bar, share, lines, bytes of the size, rate and time left", () => {
    expect(progressLine("events.ndjson", { lines: 120_000, bytes: 3 * 1024 * 1024 }, 12 * 1024 * 1024, 2, "[##--]")).toBe(
      "events.ndjson [##--] 25% | 120000 lines | 3.0 MiB of 12.0 MiB | 1.5 MiB/s | ETA 6s",
    );
  });

  it("without a size: lines, bytes and rate only", () => {
    expect(progressLine("standard input", { lines: 1, bytes: 512 }, undefined, 0.5, "")).toBe("standard input | 1 line | 0.5 KiB | 1.0 KiB/s");
  });

  it("before any time has passed, no rate and an unknown time left", () => {
    expect(progressLine("x", { lines: 0, bytes: 0 }, 2048, 0, "[]")).toBe("x [] 0% | 0 lines | 0.0 KiB of 2.0 KiB | 0.0 KiB/s | ETA ?");
  });
});
