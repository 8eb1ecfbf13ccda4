/** The usage texts: `lawful-crm --help` and `lawful-crm <command> --help`. */
import type { OptionSpec } from "./args.js";
import type { CommandSpec } from "./command.js";

const WIDTH = 78;

/** `text` wrapped at {@link WIDTH} columns, each line after `indent`. */
function wrap(text: string, indent = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(indent + line);
  return lines.join("\n");
}

/** Exit statuses every command shares. */
const COMMON_EXITS = [
  "64 bad usage: an unknown command or option, a missing or extra argument, an invalid value (an instant, a purpose id, a format)",
  "66 the log cannot be opened (missing, a directory, no permission)",
  "70 an internal error (a bug: please report it)",
  "74 reading the log failed part-way",
];

/** Exit status lines (`  64 bad usage ...`), each wrapped under its text. */
function exitLines(exits: readonly string[]): string[] {
  return exits.map((e) => {
    const [, code = "", text = e] = /^(\d+)\s+(.*)$/s.exec(e) ?? [];
    return `  ${code.padEnd(3)}${wrap(text, " ".repeat(5)).trimStart()}`;
  });
}

/** One option as its help line shows it: `  --at INSTANT        the instant judged ...`. */
function optionLine(name: string, o: OptionSpec): string {
  const flag = `${o.short !== undefined ? `-${o.short}, ` : "    "}--${name}${o.value !== undefined ? ` ${o.value}` : ""}`;
  const help = `${o.help}${o.required === true ? " (required)" : ""}`;
  const head = `  ${flag}`;
  return head.length >= 26 ? `${head}\n${wrap(help, " ".repeat(26))}` : `${head.padEnd(26)}${wrap(help, " ".repeat(26)).trimStart()}`;
}

/**
 * The help of one command: usage, what it does, its options (its own, the
 * log ones, the common ones) and its exit statuses.
 *
 * @example
 * ```ts
 * console.log(commandHelp(check, { ...check.options, ...COMMON_OPTIONS }));
 * ```
 */
export function commandHelp(spec: CommandSpec, options: Readonly<Record<string, OptionSpec>>): string {
  const log = spec.positionals[0] === "log" ? ["", wrap("<log> is a file of NDJSON events (one JSON event per line, docs/events.md), or - for standard input; it is read as a stream, line by line.")] : [];
  return [
    `Usage: lawful-crm ${spec.synopsis}`,
    "",
    wrap(spec.description),
    ...log,
    "",
    "Options:",
    ...Object.entries(options).map(([name, o]) => optionLine(name, o)),
    "",
    "Exit status:",
    ...exitLines([...spec.exits, ...COMMON_EXITS].sort((a, b) => parseInt(a, 10) - parseInt(b, 10))),
    "",
    "Full reference: docs/cli.md in the lawful-crm sources.",
    "",
  ].join("\n");
}

/**
 * The help of the tool: the commands available in this version, what a log
 * is, and the exit statuses.
 *
 * @example
 * ```ts
 * console.log(globalHelp(COMMANDS));
 * ```
 */
export function globalHelp(commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 4;
  return [
    "lawful-crm: lawful uses of CRM data under the GDPR, decided and explained from an NDJSON event log",
    "",
    "Usage: lawful-crm <command> <log> [options]",
    "       lawful-crm <command> --help",
    "       lawful-crm --help | --version",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}${wrap(c.summary, " ".repeat(width + 2)).trimStart()}`),
    "",
    wrap(
      "<log> is a file of NDJSON events (one JSON event per line, docs/events.md), or - for standard input. It is read as a stream, line by line; on a terminal, a progress bar shows lines, bytes and the rate on standard error while a long log is read.",
    ),
    "",
    wrap("Every command takes --json (machine-readable output on standard output) and --help. An instant (--at) is an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z; without --at, the current time in UTC is judged, and printed."),
    "",
    "Exit status:",
    ...exitLines([
      "0  done; check: allowed",
      "1  validate: something rejected, or the history incomplete; the commands that write an answer (audience, report, disclosure-due, ropa, ...): written, but the log has rejects not voided",
      "2  check: denied",
      ...COMMON_EXITS,
      "73 --out cannot be written",
    ].sort((a, b) => parseInt(a, 10) - parseInt(b, 10))),
    "",
    "Full reference: docs/cli.md in the lawful-crm sources.",
    "",
  ].join("\n");
}
