/**
 * Running the `lawful-crm` bin as a child process, as a user does. The bin's
 * sources (src/cli/main.ts and the library under it) are bundled once per
 * test file with esbuild into node_modules/.cache, with the npm packages left
 * external (cli-progress, fp-ts, io-ts, immer, uuid resolve from the
 * checkout's node_modules, as they do from a user's): a start of plain
 * `node` per run instead of a TypeScript loader's. The published
 * dist/cli.js is run from the packed tarball by test/package.test.ts.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

export const ROOT = resolve(import.meta.dirname, "../..");
export const FIXTURES = join(ROOT, "test/cli/fixtures");
/** 16 events, nothing rejected: anna (consent to the newsletter), ben (LinkedIn, never told), dora (consent withdrawn). */
export const CRM = join(FIXTURES, "crm.ndjson");
/** crm.ndjson plus a blank line, a line cut short (18), a correction of an unknown fact (19) and a consent by telepathy (20). */
export const REJECTS = join(FIXTURES, "rejects.ndjson");
/** crm.ndjson plus a line cut short (17), voided by the next. */
export const VOIDED = join(FIXTURES, "voided.ndjson");
/** The instant the fixtures are judged at. */
export const AT = "2024-05-01T00:00:00Z";

export const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** What a run of the bin gave. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Bundles the bin into a fresh directory under node_modules/.cache and
 * returns its path and a cleanup. (Under node_modules, so that the external
 * packages resolve from the checkout.)
 */
export async function bundleBin(): Promise<{ bin: string; dispose: () => void }> {
  const cache = join(ROOT, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "lawful-crm-cli-test-"));
  const bin = join(dir, "cli.mjs");
  await build({ entryPoints: [join(ROOT, "src/cli/main.ts")], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile: bin, logLevel: "error" });
  return { bin, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `node <bin> ...args` with `input` on standard input (closed at once without), collecting both outputs. */
export function runBin(bin: string, args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.on("error", () => {}); // the bin may exit before reading it all
    child.stdin.end(options.input ?? "");
  });
}

/** The JSON a run printed on standard output. */
export function jsonOf(run: Run): unknown {
  return JSON.parse(run.stdout);
}
