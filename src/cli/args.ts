/**
 * Reading a command's arguments with `node:util` parseArgs (built into
 * Node, strict: an unknown option is an error, never ignored), plus what
 * parseArgs leaves to us: required options, an option given twice, lists,
 * and the one positional `<log>`.
 */
import { parseArgs } from "node:util";
import { EXIT, failure, type Failure } from "./exit.js";

/** One option of a command, as its help shows it. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** May be given more than once (lists: `--fields email --fields phone`, or `--fields email,phone`). */
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's name in the help (`ID`, `LIST`, `INSTANT`). */
  readonly value?: string;
  readonly required?: boolean;
  readonly help: string;
}

/** The options every command has. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  json: { type: "boolean", help: "print machine-readable JSON on standard output" },
  help: { type: "boolean", short: "h", help: "print this help" },
};

/** The options of every command that reads a log. */
export const LOG_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  progress: { type: "boolean", help: "show the progress bar from the start (it shows only on a terminal, after half a second by default)" },
  "no-progress": { type: "boolean", help: "never show the progress bar" },
};

/** What parseArgs gives: option values by name, and the positionals. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** "check" → "lawful-crm check: " */
export function prefix(command: string): string {
  return command === "" ? "lawful-crm: " : `lawful-crm ${command}: `;
}

/** parseArgs' own error, said as a sentence about the command line. */
function parseError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? String(e);
  if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const name = /'([^']+)'/.exec(message)?.[1];
    return `unknown option ${name ?? message}.`;
  }
  if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const name = /'(--[^' ]+)/.exec(message)?.[1];
    if (/argument missing/.test(message)) return `option ${name ?? ""} needs a value.`.replace("  ", " ");
    if (/does not take an argument/.test(message)) return `option ${name ?? ""} takes no value.`.replace("  ", " ");
  }
  if (err.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument: ${message}`;
  return message.endsWith(".") ? message : `${message}.`;
}

type ParseConfig = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

/** parseArgs in strict mode with its tokens, or the usage failure it threw. */
function tryParse(argv: readonly string[], options: ParseConfig) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, tokens: true, strict: true });
  } catch (e) {
    return failure(EXIT.USAGE, parseError(e));
  }
}

/**
 * Parses `argv` (the words after the command's name) against `options`:
 * unknown options, an option that needs a value and has none, a
 * single-valued option given twice, a missing required option and a wrong
 * number of positionals are usage failures (exit 64). `--help` skips the
 * checks of required options and positionals, so that it always works.
 *
 * @example
 * ```ts
 * const args = parseCommandArgs(argv, { ...COMMON_OPTIONS, subject: { type: "string", required: true, help: "" } }, ["log"]);
 * ```
 */
export function parseCommandArgs(argv: readonly string[], options: Readonly<Record<string, OptionSpec>>, positionals: readonly string[]): ParsedArgs | Failure {
  const config: ParseConfig = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [name, { type: o.type, ...(o.multiple === true ? { multiple: true } : {}), ...(o.short !== undefined ? { short: o.short } : {}) }]),
  );
  const parsed = tryParse(argv, config);
  if ("failed" in parsed) return parsed;
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values["help"] === true) return { values, positionals: parsed.positionals };
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== "option") continue;
    if (options[token.name]?.multiple !== true && seen.has(token.name)) return failure(EXIT.USAGE, `option --${token.name} is given twice; give it once.`);
    seen.add(token.name);
  }
  for (const [name, o] of Object.entries(options)) {
    if (o.required === true && values[name] === undefined) return failure(EXIT.USAGE, `missing --${name}${o.value !== undefined ? ` ${o.value}` : ""}.`);
  }
  if (parsed.positionals.length < positionals.length) {
    return failure(EXIT.USAGE, `missing <${positionals[parsed.positionals.length] ?? ""}>${positionals[0] === "log" ? ` (a file of NDJSON events, or - for standard input)` : ""}.`);
  }
  if (parsed.positionals.length > positionals.length) {
    return failure(EXIT.USAGE, `unexpected argument ${JSON.stringify(parsed.positionals[positionals.length])}: give ${positionals.length === 1 ? `one <${positionals[0]}>` : "no argument"}.`);
  }
  return { values, positionals: parsed.positionals };
}

/** A string option's value, or `undefined`. */
export function stringOf(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === "string" ? v : undefined;
}

/**
 * A list option: every occurrence, each split at commas, trimmed. An empty
 * item (`--fields email,,phone`) is a usage failure; `allowEmpty` lets a
 * single empty value mean the empty list (`--roles ""`: an actor with no
 * roles).
 *
 * @example
 * ```ts
 * listOf(args, "fields", false); // --fields email,phone --fields city → ["email", "phone", "city"]
 * ```
 */
export function listOf(args: ParsedArgs, name: string, allowEmpty: boolean): readonly string[] | Failure {
  const raw = args.values[name];
  const given: readonly string[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  if (allowEmpty && given.length === 1 && given[0]?.trim() === "") return [];
  const items = given.flatMap((v) => v.split(",").map((x) => x.trim()));
  if (items.some((x) => x === "")) return failure(EXIT.USAGE, `--${name} has an empty item: give names separated by commas, like --${name} a,b.`);
  return [...new Set(items)];
}
