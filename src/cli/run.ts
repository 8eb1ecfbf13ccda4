/**
 * The tool's dispatcher: `lawful-crm <command> [arguments]`, `--help`,
 * `--version`. Every failure becomes one message on standard error and one
 * exit status here (docs/cli.md lists them).
 */
import * as core from "../index.js";
import { COMMON_OPTIONS, LOG_OPTIONS, parseCommandArgs, prefix, type OptionSpec } from "./args.js";
import { laterOf, type CommandSpec, type Later } from "./command.js";
import { EXIT, failure, isFailure, type ExitCode, type Failure } from "./exit.js";
import { commandHelp, globalHelp } from "./help.js";
import { write, type CliIo } from "./io.js";
import { ropa, report } from "./reports.js";
import { restoreCommand, snapshotCommand } from "./snapshots.js";
import { audience, check } from "./use.js";
import { validate } from "./validate.js";
import { disclosureDueCommand, erasureDueCommand } from "./worklists.js";

/**
 * Every command, in the order the help lists them. `erasure-due`,
 * `snapshot` and `restore` are here already and show only when the library
 * exports what they call (erasureDue: issue 14; snapshot and restore: issue
 * 12); a new work list is one more entry.
 */
export const COMMANDS: readonly CommandSpec[] = [validate, check, audience, report, disclosureDueCommand, erasureDueCommand, ropa, snapshotCommand, restoreCommand];

/** Options of {@link runCli}. */
export interface RunOptions {
  /** The library's exports, where the commands of {@link Later} functions look them up (default: the library itself). */
  readonly library?: Readonly<Record<string, unknown>>;
  /** What `--version` prints. */
  readonly version?: string;
}

/** All the options a command takes: its own, the log ones if it reads a log, and the common ones. */
function optionsOf(spec: CommandSpec): Readonly<Record<string, OptionSpec>> {
  return { ...spec.options, ...(spec.readsLog ? LOG_OPTIONS : {}), ...COMMON_OPTIONS };
}

/** The commands this version has. */
function availableCommands(later: Later): CommandSpec[] {
  return COMMANDS.filter((c) => c.available?.(later) ?? true);
}

/** Prints a failure on standard error and gives its status. */
async function printFailure(io: CliIo, command: string, f: Failure): Promise<ExitCode> {
  const hint = f.usage ? `Run "lawful-crm ${command === "" ? "" : `${command} `}--help" for the usage.\n` : "";
  await write(io.stderr, `${prefix(command)}${f.message}\n${hint}`);
  return f.exit;
}

/** The command named `name`, or why there is none. */
function commandNamed(name: string, later: Later): CommandSpec | Failure {
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec !== undefined && (spec.available?.(later) ?? true)) return spec;
  if (spec !== undefined) return failure(EXIT.USAGE, spec.unavailable ?? `${name} is not available in this version.`);
  const names = availableCommands(later).map((c) => c.name);
  return failure(EXIT.USAGE, `unknown command ${JSON.stringify(name)}. The commands are: ${names.join(", ")}.`);
}

/** Runs one command with the words after its name. */
async function runCommand(io: CliIo, spec: CommandSpec, argv: readonly string[], later: Later): Promise<ExitCode> {
  const options = optionsOf(spec);
  const args = parseCommandArgs(argv, options, spec.positionals);
  if (isFailure(args)) return printFailure(io, spec.name, args);
  if (args.values["help"] === true) {
    await write(io.stdout, commandHelp(spec, options));
    return EXIT.OK;
  }
  let result: ExitCode | Failure;
  try {
    result = await spec.run({ io, args, later });
  } catch (e) {
    // Not a failure any command expects: a bug, said as such rather than as a stack trace alone.
    const err = e as { stack?: string; message?: string };
    result = failure(EXIT.SOFTWARE, `internal error: ${err.message ?? String(e)}\n${err.stack ?? ""}`.trimEnd());
  }
  return isFailure(result) ? printFailure(io, spec.name, result) : result;
}

/**
 * Runs the `lawful-crm` command line `argv` (the words after the program's
 * name) with the given streams, and resolves to the exit status. It never
 * exits the process and never throws: main.ts sets `process.exitCode`.
 *
 * @example
 * ```ts
 * const status = await runCli(["check", "events.ndjson", "--subject", "anna", "--purpose", "sales",
 *   "--fields", "email", "--roles", "sales", "--at", "2024-03-01T00:00:00Z"], io);
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo, options: RunOptions = {}): Promise<ExitCode> {
  const later = laterOf(options.library ?? (core as unknown as Readonly<Record<string, unknown>>));
  const [first, ...rest] = argv;
  if (first === undefined) {
    await write(io.stderr, globalHelp(availableCommands(later)));
    return EXIT.USAGE;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    if (rest.length === 0) {
      await write(io.stdout, globalHelp(availableCommands(later)));
      return EXIT.OK;
    }
    const spec = commandNamed(rest[0] ?? "", later);
    if (isFailure(spec)) return printFailure(io, "", spec);
    await write(io.stdout, commandHelp(spec, optionsOf(spec)));
    return EXIT.OK;
  }
  if (first === "--version" || first === "-V") {
    await write(io.stdout, `${options.version ?? "unknown"}\n`);
    return EXIT.OK;
  }
  if (first.startsWith("-")) return printFailure(io, "", failure(EXIT.USAGE, `unknown option ${first}: options follow the command, like lawful-crm validate events.ndjson --json.`));
  const spec = commandNamed(first, later);
  if (isFailure(spec)) return printFailure(io, "", spec);
  return runCommand(io, spec, rest, later);
}
