/** `lawful-crm validate <log>`: every reject, with its line, code and reason. */
import type { IncompleteMark, Ledger, Rejected } from "../index.js";
import type { CommandSpec } from "./command.js";
import { EXIT } from "./exit.js";
import { json, write } from "./io.js";
import { readLogArg, unvoided } from "./log.js";

/** A reject as `validate --json` prints it: the library's `Rejected` without the raw item (the line is named; the file has it). */
export function rejectJson(r: Rejected): Omit<Rejected, "event"> {
  const { event: _event, ...rest } = r;
  return rest;
}

/** The line an incomplete mark's reject came from. */
export function lineOf(ledger: Ledger, m: IncompleteMark): number | undefined {
  return ledger.rejected.find((r) => r.position === m.position)?.line;
}

/** What a mark makes incomplete, in words. */
function markText(ledger: Ledger, m: IncompleteMark): string {
  const what = m.scope === "catalog" ? "the catalog (every subject)" : `subject ${JSON.stringify(m.subject ?? "")}`;
  const from = m.from === "always" ? "at every instant" : `from ${m.from}`;
  const line = lineOf(ledger, m);
  return `incomplete: ${what} ${from} (${line !== undefined ? `line ${line}` : `position ${m.position}`}${m.id !== undefined ? `, id ${m.id}` : ""})`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A ledger to summarise, with how it is named and how many lines it was read from (none for a snapshot). */
export interface Summarised {
  readonly ledger: Ledger;
  readonly name: string;
  readonly lines?: number;
}

/**
 * The text `validate` (and `restore`) prints: a summary line, every reject
 * with its line, code and reason, and what the rejects not voided make
 * incomplete.
 *
 * @example
 * ```ts
 * summaryText({ ledger, name: "events.ndjson", lines: 12 }, false);
 * ```
 */
export function summaryText(log: Summarised, ok: boolean): string {
  const l = log.ledger;
  const open = unvoided(l);
  const head =
    `${log.name === "-" ? "standard input" : log.name}: ${log.lines !== undefined ? `${plural(log.lines, "line", "lines")}, ` : ""}${plural(l.size, "event", "events")}: ` +
    `${l.accepted} accepted, ${plural(l.duplicates.length, "duplicate", "duplicates")} skipped, ${l.rejected.length} rejected` +
    (l.rejected.length > 0 ? ` (${open} not voided)` : "") +
    (ok ? ". OK" : ".");
  const rejects = l.rejected.map((r) => {
    const where = `line ${r.line ?? "?"}${r.id !== undefined ? ` (id ${r.id})` : ""}`;
    return `${where}: ${r.code}: ${r.reason}${r.voidedBy !== undefined ? ` [voided by the item at position ${r.voidedBy}]` : ""}`;
  });
  return [head, ...rejects, ...l.incomplete.map((m) => markText(l, m))].join("\n") + "\n";
}

/** The `validate` command. */
export const validate: CommandSpec = {
  name: "validate",
  summary: "list every rejected line of a log, with its line number, code and reason",
  synopsis: "validate <log> [--allow-voided]",
  description:
    "Reads the log as a stream, line by line, and prints a summary and every reject: its line number, its code and the reason in one sentence, and what it makes incomplete. " +
    "A reject that a later EventVoided voided is still listed, marked as voided.",
  positionals: ["log"],
  options: {
    "allow-voided": { type: "boolean", help: "exit 0 when every reject is voided (by default any reject exits 1)" },
  },
  readsLog: true,
  exits: ["0  nothing rejected (with --allow-voided: every reject voided) and the history complete", "1  something rejected, or the history incomplete"],
  run: async ({ io, args }) => {
    const log = await readLogArg(io, args);
    if ("failed" in log) return log;
    const l = log.ledger;
    const allowVoided = args.values["allow-voided"] === true;
    const ok = l.incomplete.length === 0 && unvoided(l) === 0 && (allowVoided || l.rejected.length === 0);
    if (args.values["json"] === true) {
      await write(
        io.stdout,
        json({
          log: log.name,
          ok,
          lines: log.lines,
          bytes: log.bytes,
          events: l.size,
          accepted: l.accepted,
          duplicates: l.duplicates.length,
          rejected: l.rejected.map(rejectJson),
          incomplete: l.incomplete.map((m) => ({ ...m, ...(lineOf(l, m) !== undefined ? { line: lineOf(l, m) } : {}) })),
        }),
      );
    } else {
      await write(io.stdout, summaryText(log, ok));
    }
    return ok ? EXIT.OK : EXIT.NOT_CLEAN;
  },
};
