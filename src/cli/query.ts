/**
 * The parts of a question the commands share: the instant (`--at`) and the
 * actor (`--actor`, `--roles`). Whether a value is valid is asked of the
 * library itself, on an empty ledger, before the log is read: one rule in
 * one place, and a bad argument fails at once, not after a long log.
 */
import { disclosureDue, isInvalidQuery, replay, type Actor, type Ledger } from "../index.js";
import { listOf, stringOf, type OptionSpec, type ParsedArgs } from "./args.js";
import { EXIT, failure, isFailure, type Failure } from "./exit.js";
import type { CliIo } from "./io.js";

/** A ledger with no events: what the tool checks a question against before reading the log. */
export const EMPTY: Ledger = replay([]);

/** The actor's id when `--actor` is not given. */
export const DEFAULT_ACTOR = "cli";

/** `--at`, as every command that judges an instant has it. */
export const AT_OPTION: OptionSpec = {
  type: "string",
  value: "INSTANT",
  help: "the instant judged, an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z (default: now, in UTC)",
};

/** `--purpose`, `--fields`, `--roles`, `--actor`: the use asked about. */
export const USE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  purpose: { type: "string", value: "ID", required: true, help: "the purpose of the use, a dotted purpose id like marketing.email" },
  fields: { type: "string", value: "LIST", multiple: true, required: true, help: "the fields to use, separated by commas (or the option repeated)" },
  roles: { type: "string", value: "LIST", multiple: true, required: true, help: 'the actor\'s roles, separated by commas; "" for none' },
  actor: { type: "string", value: "ID", help: `the actor's id, named in the reasons (default: ${DEFAULT_ACTOR})` },
};

/**
 * The instant of `--at`, or now in UTC when it is not given. A value the
 * library would not read as an instant is a usage failure, said before the
 * log is read.
 *
 * @example
 * ```ts
 * const at = instantOf(args, io); // "2024-03-01T09:30:00Z", or e.g. "2026-12-06T10:41:07.512Z"
 * if (isFailure(at)) return at;
 * ```
 */
export function instantOf(args: ParsedArgs, io: CliIo): string | Failure {
  const given = stringOf(args, "at");
  if (given === undefined) return io.now().toISOString();
  if (isInvalidQuery(disclosureDue(EMPTY, { at: given }))) {
    return failure(EXIT.USAGE, `--at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z (date, "T", time, "Z"), got ${JSON.stringify(given)}.`);
  }
  return given;
}

/** The actor of `--actor` and `--roles`. */
export function actorOf(args: ParsedArgs): Actor | Failure {
  const roles = listOf(args, "roles", true);
  if (isFailure(roles)) return roles;
  const id = stringOf(args, "actor") ?? DEFAULT_ACTOR;
  if (id === "") return failure(EXIT.USAGE, "--actor must not be empty.");
  return { id, roles };
}
