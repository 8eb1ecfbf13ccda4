/**
 * The work lists: `lawful-crm disclosure-due` (GDPR Art. 14(3)) and
 * `lawful-crm erasure-due` (Art. 17, issue 14: shown only when the library
 * exports `erasureDue`).
 */
import { disclosureDue, isInvalidQuery, type DisclosureDue } from "../index.js";
import type { CommandContext, CommandSpec } from "./command.js";
import { EXIT, failure, isFailure, type ExitCode, type Failure } from "./exit.js";
import { json, write } from "./io.js";
import { lineSafe, readLogArg, rejectsWarning, statusOf } from "./log.js";
import { AT_OPTION, instantOf } from "./query.js";

/** The text of the Art. 14(3) work list: a summary line, then one line per item, soonest due first. */
function disclosureText(list: DisclosureDue): string {
  const head = `Origin disclosures due (GDPR Art. 14(3)) at ${list.at}: ${list.items.length}, ${list.overdue} overdue.`;
  const items = list.items.map(
    (i) =>
      `${i.due}  ${i.overdue ? "OVERDUE" : "due    "}  ${lineSafe(i.subject)}  ${i.source}${i.kind !== undefined ? ` (${i.kind})` : ""}  fields: ${i.fields.join(", ")}  events: ${i.eventIds.join(", ")}`,
  );
  return [head, ...items].join("\n") + "\n";
}

/** The `disclosure-due` command. */
export const disclosureDueCommand: CommandSpec = {
  name: "disclosure-due",
  summary: "list the sources each person must still be told about (GDPR Art. 14(3)), with due dates",
  synopsis: "disclosure-due <log> [--at INSTANT]",
  description:
    "The work list of Art. 14(3) at the instant (disclosureDue): for every person with data not obtained from them, each source no SubjectInformed has disclosed yet, " +
    "with the first recording from it, the due date (one month later) and whether it is overdue; soonest due first. With --json, the DisclosureDue object.",
  positionals: ["log"],
  options: { at: AT_OPTION },
  readsLog: true,
  exits: ["0  the list is written (overdue items do not change the status)", "1  the list is written, but the log has rejects that are not voided"],
  run: async ({ io, args }) => {
    const at = instantOf(args, io);
    if (isFailure(at)) return at;
    const log = await readLogArg(io, args);
    if (isFailure(log)) return log;
    const list = disclosureDue(log.ledger, { at });
    if (isInvalidQuery(list)) return failure(EXIT.USAGE, list.error.message);
    await write(io.stderr, rejectsWarning(log));
    await write(io.stdout, args.values["json"] === true ? json(list) : disclosureText(list));
    return statusOf(log);
  },
};

/** The parts of an erasure work list the text shows, read defensively: it is another issue's value, passed through as is with --json. */
interface ErasureListView {
  readonly at?: string;
  readonly due?: readonly { readonly subject?: string; readonly field?: string; readonly fact?: string; readonly since?: string; readonly reasons?: readonly { readonly code?: string }[] }[];
  readonly kept?: readonly unknown[];
  readonly incomplete?: readonly unknown[];
}

/**
 * The text of the Art. 17 work list: a summary line, then one line per due
 * item (since, subject, field and fact, reason codes).
 *
 * @example
 * ```ts
 * erasureText({ at: "2024-06-01T00:00:00Z", due: [], kept: [], incomplete: [] }) // "Erasures due (GDPR Art. 17) at 2024-06-01T00:00:00Z: 0, 0 kept, 0 incomplete.\n"
 * ```
 */
export function erasureText(list: ErasureListView): string {
  const due = list.due ?? [];
  const head = `Erasures due (GDPR Art. 17) at ${list.at ?? "?"}: ${due.length}, ${list.kept?.length ?? 0} kept under a legal obligation or public task, ${list.incomplete?.length ?? 0} incomplete.`;
  const items = due.map((i) => `${i.since ?? "?"}  ${lineSafe(i.subject ?? "?")}  ${i.field ?? "?"} (fact ${i.fact ?? "?"})  ${(i.reasons ?? []).map((r) => r.code ?? "?").join(", ")}`);
  const incomplete = (list.incomplete?.length ?? 0) > 0 ? ["Subjects whose history is incomplete get no items until the log is repaired: see --json, or lawful-crm validate."] : [];
  return [head, ...items, ...incomplete].join("\n") + "\n";
}

/** Runs `erasure-due` with the library's `erasureDue`. */
async function runErasureDue({ io, args, later }: CommandContext): Promise<ExitCode | Failure> {
  const erasureDue = later.erasureDue;
  if (erasureDue === undefined) return failure(EXIT.USAGE, "this version of the library has no erasureDue().");
  const at = instantOf(args, io);
  if (isFailure(at)) return at;
  const log = await readLogArg(io, args);
  if (isFailure(log)) return log;
  const list = erasureDue(log.ledger as never, { at });
  if (isInvalidQuery(list)) return failure(EXIT.USAGE, list.error.message);
  await write(io.stderr, rejectsWarning(log));
  await write(io.stdout, args.values["json"] === true ? json(list) : erasureText(list as ErasureListView));
  const incomplete = (list as ErasureListView).incomplete?.length ?? 0;
  return incomplete > 0 ? EXIT.NOT_CLEAN : statusOf(log);
}

/**
 * The `erasure-due` command: present when the library exports
 * `erasureDue(ledger, { at })` (issue 14), absent before.
 */
export const erasureDueCommand: CommandSpec = {
  name: "erasure-due",
  summary: "list the values that must be erased now (GDPR Art. 17)",
  synopsis: "erasure-due <log> [--at INSTANT]",
  description:
    "The work list of Art. 17 at the instant (erasureDue): each value that must be erased, since when and why, with a ready eraseFact command (in --json); " +
    "values kept under a legal obligation or public task; subjects whose history is incomplete, who get no items until the log is repaired. With --json, the library's object as it is.",
  positionals: ["log"],
  options: { at: AT_OPTION },
  readsLog: true,
  exits: ["0  the list is written", "1  the list is written, but the log has rejects that are not voided, or subjects are incomplete"],
  available: (later) => later.erasureDue !== undefined,
  unavailable: "erasure-due needs erasureDue() from the library, which this version does not have yet.",
  run: runErasureDue,
};
