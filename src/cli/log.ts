/**
 * Reading an NDJSON log, from a file or from standard input (`-`), as a
 * stream, line by line, with `replayStream`: only the ledger and the current
 * line are held, whatever the size of the log.
 */
import { fstatSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { Readable } from "node:stream";
import { replayStream, type Ledger, type StreamProgress } from "../index.js";
import type { ParsedArgs } from "./args.js";
import { EXIT, failure, type Failure } from "./exit.js";
import { write, type CliIo } from "./io.js";
import { progressFor, type ProgressMode } from "./progress.js";

/** A log as read: its ledger, how it is named in messages, and how much was read. */
export interface ReadLog {
  readonly ledger: Ledger;
  /** The path as given, or `-` for standard input. */
  readonly name: string;
  readonly lines: number;
  readonly bytes: number;
}

/** Why a file cannot be opened, in a few words. */
export function openError(e: unknown, writing = false): string {
  const code = (e as { code?: string }).code;
  if (code === "ENOENT") return writing ? "its directory does not exist" : "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (code === "ENOTDIR") return "a part of the path is not a directory";
  return (e as { message?: string }).message ?? String(e);
}

/** The mode of `--progress` / `--no-progress` (both: a usage failure). */
export function progressMode(args: ParsedArgs): ProgressMode | Failure {
  const on = args.values["progress"] === true;
  const off = args.values["no-progress"] === true;
  if (on && off) return failure(EXIT.USAGE, "--progress and --no-progress contradict each other: give one.");
  return on ? "always" : off ? "never" : "auto";
}

/** The log's stream and its size when known (a file; standard input redirected from a file). */
async function openLog(io: CliIo, name: string): Promise<{ stream: Readable; size: number | undefined } | Failure> {
  if (name === "-") {
    let stats: Stats | undefined;
    try {
      stats = io.stdin.fd === undefined ? undefined : fstatSync(io.stdin.fd);
    } catch {
      stats = undefined;
    }
    return { stream: io.stdin, size: stats?.isFile() === true ? stats.size : undefined };
  }
  try {
    const handle = await open(resolve(io.cwd, name), "r");
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      await handle.close();
      return failure(EXIT.NO_INPUT, `cannot read the log ${JSON.stringify(name)}: it is a directory.`);
    }
    return { stream: handle.createReadStream({ highWaterMark: 1024 * 1024 }), size: stats.isFile() ? stats.size : undefined };
  } catch (e) {
    return failure(EXIT.NO_INPUT, `cannot read the log ${JSON.stringify(name)}: ${openError(e)}.`);
  }
}

/**
 * Replays the log named `name` (a path, or `-` for standard input) with
 * `replayStream`, showing progress on a terminal. A log that cannot be
 * opened fails with exit 66; one whose reading breaks off (an I/O error)
 * with 74: a partial ledger would look like a complete one. Bad lines are
 * not failures: they are rejects in the ledger.
 *
 * @example
 * ```ts
 * const log = await readLog(io, "events.ndjson", "auto");
 * if (isFailure(log)) return log;
 * console.log(log.ledger.accepted, log.lines);
 * ```
 */
export async function readLog(io: CliIo, name: string, mode: ProgressMode): Promise<ReadLog | Failure> {
  const opened = await openLog(io, name);
  if ("failed" in opened) return opened;
  if (name === "-" && io.stdin.isTTY === true) await write(io.stderr, "lawful-crm: reading the log from standard input (one JSON event per line; end it with Ctrl-D).\n");
  const progress = await progressFor(io, name === "-" ? "standard input" : basename(name), opened.size, mode);
  let last: StreamProgress = { lines: 0, bytes: 0 };
  try {
    const ledger = await replayStream(opened.stream, {
      onProgress: (p) => {
        last = p;
        progress.onProgress(p);
      },
    });
    return { ledger, name, lines: last.lines, bytes: last.bytes };
  } catch (e) {
    return failure(EXIT.IO, `reading the log ${JSON.stringify(name)} failed after ${last.lines} lines: ${(e as { message?: string }).message ?? String(e)}`);
  } finally {
    progress.stop();
  }
}

/** The log of a command's `<log>` argument, read with the command's progress mode. */
export async function readLogArg(io: CliIo, args: ParsedArgs): Promise<ReadLog | Failure> {
  const mode = progressMode(args);
  if (typeof mode !== "string") return mode;
  return readLog(io, args.positionals[0] ?? "-", mode);
}

/** How many rejects of the log are not voided. */
export function unvoided(ledger: Ledger): number {
  return ledger.rejected.filter((r) => r.voidedBy === undefined).length;
}

/** The status of a command that read a log and wrote its answer: 1 when the log has rejects that are not voided (fail closed: the answer may lack what they held). */
export function statusOf(log: ReadLog): typeof EXIT.OK | typeof EXIT.NOT_CLEAN {
  return unvoided(log.ledger) === 0 ? EXIT.OK : EXIT.NOT_CLEAN;
}

/** An id on a line of its own: as it is, or as a JSON string when it holds a control character (a line break would split it). */
export function lineSafe(id: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(id) ? JSON.stringify(id) : id;
}

/**
 * The warning for a log with rejects that are not voided: the answers they
 * touch are denied or incomplete (docs/cli.md: exit status 1).
 */
export function rejectsWarning(log: ReadLog): string {
  const n = unvoided(log.ledger);
  if (n === 0) return "";
  const where = log.name === "-" ? "the log" : JSON.stringify(log.name);
  return `lawful-crm: warning: ${n} ${n === 1 ? "line" : "lines"} of ${where} ${n === 1 ? "was" : "were"} rejected and not voided: what ${n === 1 ? "it touches" : "they touch"} is denied or missing here. Run "lawful-crm validate ${log.name}" to see ${n === 1 ? "it" : "them"}.\n`;
}
