/**
 * `lawful-crm snapshot` and `lawful-crm restore`: shown only when the
 * library exports `snapshot(ledger)` and `restore(bytes)` (issue 12,
 * docs/snapshots.md once it lands). A snapshot is the ledger of a log in a
 * few bytes, so that a start need not replay the whole log.
 */
import { readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Ledger } from "../index.js";
import { stringOf } from "./args.js";
import type { CommandContext, CommandSpec } from "./command.js";
import { EXIT, failure, isFailure, type ExitCode, type Failure } from "./exit.js";
import { json, write } from "./io.js";
import { openError, readLogArg, unvoided } from "./log.js";
import { OUT_OPTION } from "./output.js";
import { lineOf, rejectJson, summaryText } from "./validate.js";

/** Runs `snapshot`: the log's ledger, as the library's snapshot bytes, to `--out`. */
async function runSnapshot({ io, args, later }: CommandContext): Promise<ExitCode | Failure> {
  if (later.snapshot === undefined) return failure(EXIT.USAGE, "this version of the library has no snapshot().");
  const out = stringOf(args, "out");
  if (out === undefined) return failure(EXIT.USAGE, "missing --out FILE (a snapshot is bytes: give --out - to write them to standard output).");
  const log = await readLogArg(io, args);
  if (isFailure(log)) return log;
  const bytes = later.snapshot(log.ledger as never);
  if (out === "-") await new Promise<void>((done) => io.stdout.write(bytes, () => done()));
  else {
    try {
      await writeFile(resolve(io.cwd, out), bytes);
    } catch (e) {
      return failure(EXIT.CANT_CREATE, `cannot write ${JSON.stringify(out)}: ${openError(e, true)}.`);
    }
    const l = log.ledger;
    if (args.values["json"] === true) await write(io.stdout, json({ out, bytes: bytes.byteLength, events: l.size, accepted: l.accepted, rejected: l.rejected.length }));
    else await write(io.stderr, `lawful-crm: wrote a snapshot of ${l.size} events (${bytes.byteLength} bytes) to ${out}.\n`);
  }
  return unvoided(log.ledger) === 0 ? EXIT.OK : EXIT.NOT_CLEAN;
}

/** The bytes of a snapshot file, or of standard input for `-`. */
async function readBytes({ io }: CommandContext, name: string): Promise<Uint8Array | Failure> {
  try {
    if (name !== "-") return await readFile(resolve(io.cwd, name));
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks);
  } catch (e) {
    return failure(EXIT.NO_INPUT, `cannot read the snapshot ${JSON.stringify(name)}: ${openError(e)}.`);
  }
}

/** Runs `restore`: reads a snapshot back into a ledger and summarises it as `validate` does. */
async function runRestore(ctx: CommandContext): Promise<ExitCode | Failure> {
  const { io, args, later } = ctx;
  if (later.restore === undefined) return failure(EXIT.USAGE, "this version of the library has no restore().");
  const name = args.positionals[0] ?? "-";
  const bytes = await readBytes(ctx, name);
  if (isFailure(bytes)) return bytes;
  const restored = later.restore(bytes) as Ledger | { readonly error: { readonly code: string; readonly message: string } };
  if ("error" in restored) return failure(EXIT.DATA, `${JSON.stringify(name)} cannot be restored: ${restored.error.code}: ${restored.error.message}`);
  const ok = restored.incomplete.length === 0 && unvoided(restored) === 0;
  if (args.values["json"] === true) {
    const l = restored;
    await write(io.stdout, json({ snapshot: name, ok, events: l.size, accepted: l.accepted, duplicates: l.duplicates.length, rejected: l.rejected.map(rejectJson), incomplete: l.incomplete.map((m) => ({ ...m, line: lineOf(l, m) })) }));
  } else await write(io.stdout, summaryText({ ledger: restored, name }, ok));
  return ok ? EXIT.OK : EXIT.NOT_CLEAN;
}

/** The `snapshot` command: present when the library exports `snapshot` (issue 12). */
export const snapshotCommand: CommandSpec = {
  name: "snapshot",
  summary: "write the ledger of a log as a snapshot, for a fast start",
  synopsis: "snapshot <log> --out FILE",
  description: "Replays the log and writes the library's snapshot of its ledger (snapshot(ledger)) to --out (- for standard output). With --json, a summary { out, bytes, events, accepted, rejected }.",
  positionals: ["log"],
  options: { out: { ...OUT_OPTION, help: "write the snapshot to FILE (- for standard output)" } },
  readsLog: true,
  exits: ["0  the snapshot is written", "1  the snapshot is written, but the log has rejects that are not voided", "73 --out cannot be written"],
  available: (later) => later.snapshot !== undefined,
  unavailable: "snapshot needs snapshot() from the library, which this version does not have yet.",
  run: runSnapshot,
};

/** The `restore` command: present when the library exports `restore` (issue 12). */
export const restoreCommand: CommandSpec = {
  name: "restore",
  summary: "check a snapshot: restore it and summarise its ledger as validate does",
  synopsis: "restore <snapshot>",
  description:
    "Restores the ledger of a snapshot file (- for standard input) with the library's restore(bytes) and prints what validate prints for a log: the counts and every reject. " +
    "Bytes that are not a snapshot this version reads (truncated, corrupted, another format version) exit 65 with the library's code and reason.",
  positionals: ["snapshot"],
  options: {},
  readsLog: false,
  exits: ["0  restored, nothing rejected", "1  restored, with rejects not voided", "65 not a snapshot this version reads"],
  available: (later) => later.restore !== undefined,
  unavailable: "restore needs restore() from the library, which this version does not have yet.",
  run: runRestore,
};
