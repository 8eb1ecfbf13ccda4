/**
 * Runs programs as a reader runs them, and records what each printed, from
 * which line: `node --import tsx test/docs/runner.ts <results.json> [--exit] <file>...`.
 *
 * Each file is imported in turn (top-level await included) while console's
 * methods record what they print with the line of the file that called them
 * (tsx maps the stack to the TypeScript source), so that a `//=>` comment can
 * be checked against the output of its own line. The results are written
 * when the process exits. With --exit the process exits once the last file
 * has run (many small blocks in one process); without it, it exits on its
 * own as `tsx file.ts` would, so an example that leaves something running
 * is caught by the caller's timeout.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatWithOptions } from "node:util";

export interface Printed {
  readonly stream: "log" | "info" | "warn" | "error" | "debug";
  /** The line of the file that printed it (1-based), if the call came from the file itself. */
  readonly line: number | undefined;
  readonly text: string;
}

export interface RunResult {
  readonly file: string;
  /** The error it threw, or an unhandled rejection while it ran; undefined if it ran through. */
  error: string | undefined;
  readonly printed: Printed[];
  done: boolean;
}

const [resultsFile, ...rest] = process.argv.slice(2);
const exitWhenDone = rest[0] === "--exit";
const files = (exitWhenDone ? rest.slice(1) : rest).map((f) => resolve(f));
if (resultsFile === undefined || files.length === 0) throw new Error("usage: runner.ts <results.json> [--exit] <file>...");

const results: RunResult[] = [];
let current: RunResult | undefined;
Error.stackTraceLimit = 100;

/** The line of `file` the current call comes from, read from the stack. */
function callerLine(file: string): number | undefined {
  for (const frame of (new Error().stack ?? "").split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?$/.exec(frame.trim());
    if (m === null) continue;
    const path = m[1]?.startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    if (path === file) return Number(m[2]);
  }
  return undefined;
}

for (const stream of ["log", "info", "warn", "error", "debug"] as const) {
  const original = console[stream].bind(console);
  console[stream] = (...args: unknown[]) => {
    if (current === undefined) return original(...args);
    current.printed.push({ stream, line: callerLine(current.file), text: formatWithOptions({ colors: false }, ...args) });
  };
}

const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `thrown: ${formatWithOptions({ colors: false }, e)}`);
process.on("unhandledRejection", (e) => {
  const into = current ?? results.at(-1);
  if (into !== undefined) into.error ??= `unhandled rejection: ${describe(e)}`;
});
process.on("exit", () => {
  writeFileSync(resultsFile, JSON.stringify(results));
});

for (const file of files) {
  current = { file, error: undefined, printed: [], done: false };
  results.push(current);
  try {
    await import(pathToFileURL(file).href);
    current.done = true;
  } catch (e) {
    current.error = describe(e);
  }
}
if (exitWhenDone) {
  // Let callbacks a block scheduled without awaiting (a console.log in a then) print first.
  await new Promise((done) => setTimeout(done, 50));
  process.exit(0);
}
