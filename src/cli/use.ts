/**
 * `lawful-crm check`: one use decided and explained; `lawful-crm audience`:
 * every subject for whom a use is allowed (the campaign audience).
 */
import { canUse, explain, isInvalidQuery, subjectsUsableFor, type UseQuery } from "../index.js";
import { listOf, stringOf, type ParsedArgs } from "./args.js";
import type { CommandSpec } from "./command.js";
import { EXIT, failure, isFailure, type Failure } from "./exit.js";
import { json, write, type CliIo } from "./io.js";
import { lineSafe, readLogArg, rejectsWarning, statusOf } from "./log.js";
import { actorOf, AT_OPTION, EMPTY, instantOf, USE_OPTIONS } from "./query.js";

/** The query of the command line, checked by the library on an empty ledger before the log is read. */
function queryOf(io: CliIo, args: ParsedArgs, subject: string): UseQuery | Failure {
  const at = instantOf(args, io);
  if (isFailure(at)) return at;
  const fields = listOf(args, "fields", false);
  if (isFailure(fields)) return fields;
  const actor = actorOf(args);
  if (isFailure(actor)) return actor;
  const query: UseQuery = { subject, purpose: stringOf(args, "purpose") ?? "", fields, actor, at };
  const invalid = canUse(EMPTY, query).reasons.find((r) => r.code === "INVALID_QUERY");
  if (invalid !== undefined) return failure(EXIT.USAGE, invalid.message.replace(/^The query is malformed: /, ""));
  return query;
}

/** The `check` command. */
export const check: CommandSpec = {
  name: "check",
  summary: "decide one use of a person's data, and explain the decision",
  synopsis: "check <log> --subject ID --purpose ID --fields LIST --roles LIST [--actor ID] [--at INSTANT]",
  description:
    "May an actor with these roles use these fields of this subject for this purpose at this instant? Prints canUse's decision as explain() writes it: " +
    "ALLOWED or DENIED, the basis of each allowed field, every reason with its code and the events it rests on, and the obligations. With --json, the Decision object.",
  positionals: ["log"],
  options: { subject: { type: "string", value: "ID", required: true, help: "the data subject" }, ...USE_OPTIONS, at: AT_OPTION },
  readsLog: true,
  exits: ["0  allowed", "2  denied (also when the history it rests on is incomplete)"],
  run: async ({ io, args }) => {
    const query = queryOf(io, args, stringOf(args, "subject") ?? "");
    if (isFailure(query)) return query;
    const log = await readLogArg(io, args);
    if (isFailure(log)) return log;
    const decision = canUse(log.ledger, query);
    await write(io.stderr, rejectsWarning(log));
    await write(io.stdout, args.values["json"] === true ? json(decision) : `${explain(decision)}\n`);
    return decision.allowed ? EXIT.OK : EXIT.DENIED;
  },
};

/** The `audience` command. */
export const audience: CommandSpec = {
  name: "audience",
  summary: "list every subject for whom a use is allowed (the campaign audience)",
  synopsis: "audience <log> --purpose ID --fields LIST --roles LIST [--actor ID] [--at INSTANT]",
  description:
    "Prints, one per line in code-unit order, every subject for whom canUse allows the use at the instant: exactly the subjects `check` would allow (subjectsUsableFor). " +
    "A subject whose history is incomplete is left out. With --json, { at, purpose, fields, actor, subjects }.",
  positionals: ["log"],
  options: { ...USE_OPTIONS, at: AT_OPTION },
  readsLog: true,
  exits: ["0  the list is written", "1  the list is written, but the log has rejects that are not voided"],
  run: async ({ io, args }) => {
    const query = queryOf(io, args, "-");
    if (isFailure(query)) return query;
    const { purpose, fields, actor, at } = query;
    const log = await readLogArg(io, args);
    if (isFailure(log)) return log;
    const subjects = subjectsUsableFor(log.ledger, { purpose, fields, actor, at });
    if (isInvalidQuery(subjects)) return failure(EXIT.USAGE, subjects.error.message);
    await write(io.stderr, rejectsWarning(log));
    await write(io.stdout, args.values["json"] === true ? json({ at, purpose, fields, actor, subjects }) : subjects.map((s) => `${lineSafe(s)}\n`).join(""));
    return statusOf(log);
  },
};
