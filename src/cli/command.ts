/**
 * What a command of the tool is: its name and help, its options, and what
 * it does. run.ts dispatches to these; help.ts prints them.
 */
import type { OptionSpec, ParsedArgs } from "./args.js";
import type { ExitCode, Failure } from "./exit.js";
import type { CliIo } from "./io.js";

/**
 * The library functions that other work adds later (issue 12's snapshots,
 * issue 14's erasure work list), as the tool calls them. The commands that
 * need them appear when the library exports them (see {@link laterOf}).
 */
export interface Later {
  readonly erasureDue?: (ledger: never, options: { readonly at: string }) => unknown;
  readonly snapshot?: (ledger: never) => Uint8Array;
  readonly restore?: (bytes: Uint8Array) => unknown;
}

/** The functions of {@link Later} the library object has. */
export function laterOf(lib: Readonly<Record<string, unknown>>): Later {
  const fn = (name: keyof Later) => (typeof lib[name] === "function" ? { [name]: lib[name] } : {});
  return { ...fn("erasureDue"), ...fn("snapshot"), ...fn("restore") } as Later;
}

/** What a command runs with. */
export interface CommandContext {
  readonly io: CliIo;
  readonly args: ParsedArgs;
  /** The library's exports, looked up by name for {@link Later} functions. */
  readonly later: Later;
}

/** One command of the tool. */
export interface CommandSpec {
  readonly name: string;
  /** One line, for `lawful-crm --help`. */
  readonly summary: string;
  /** What follows `lawful-crm` in the usage line: `check <log> --subject ID ...`. */
  readonly synopsis: string;
  /** A paragraph for `lawful-crm <command> --help`. */
  readonly description: string;
  readonly positionals: readonly string[];
  /** Its own options; the common ones (and the log ones when it reads a log) are added. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly readsLog: boolean;
  /** Its exit statuses, one line each, for its help. */
  readonly exits: readonly string[];
  /** Present only when the library has what it needs ({@link Later}). */
  readonly available?: (later: Later) => boolean;
  /** Why it is missing, when `available` says so. */
  readonly unavailable?: string;
  readonly run: (ctx: CommandContext) => Promise<ExitCode | Failure>;
}
