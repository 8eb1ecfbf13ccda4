/** Where a command's document goes: standard output, or the file of `--out`. */
import { writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { stringOf, type OptionSpec, type ParsedArgs } from "./args.js";
import { EXIT, failure, type Failure } from "./exit.js";
import { write, type CliIo } from "./io.js";
import { openError } from "./log.js";

/** `--out FILE`: the document's file; `-` (the default) is standard output. */
export const OUT_OPTION: OptionSpec = { type: "string", value: "FILE", help: "write the document to FILE (default: standard output, also -)" };

/** A document format a command can write. */
export type DocumentFormat = "markdown" | "html" | "json";

/** The file of `--out`, or undefined for standard output. */
export function outOf(args: ParsedArgs): string | undefined {
  const out = stringOf(args, "out");
  return out === undefined || out === "-" ? undefined : out;
}

/**
 * The format of the document: `--format` when given; else from the
 * extension of `--out` (`.html`/`.htm`, `.json`, anything else Markdown);
 * else JSON when `--json` asks for it on standard output, Markdown
 * otherwise. `--json` with a document on standard output in another format
 * is a contradiction, and a usage failure.
 *
 * @example
 * ```ts
 * formatOf(args, ["markdown", "html", "json"]); // --out anna.html → "html"
 * ```
 */
export function formatOf(args: ParsedArgs, allowed: readonly DocumentFormat[]): DocumentFormat | Failure {
  const given = stringOf(args, "format");
  const out = outOf(args);
  const asJson = args.values["json"] === true && out === undefined;
  if (given !== undefined) {
    if (!(allowed as readonly string[]).includes(given)) return failure(EXIT.USAGE, `--format must be ${allowed.join(" or ")}, got ${JSON.stringify(given)}.`);
    if (asJson && given !== "json") return failure(EXIT.USAGE, `--json prints JSON on standard output, --format ${given} asks for ${given}: give --out FILE for the ${given} document, or leave out one of them.`);
    return given as DocumentFormat;
  }
  if (asJson) return "json";
  const ext = out === undefined ? "" : extname(out).toLowerCase();
  if ((ext === ".html" || ext === ".htm") && allowed.includes("html")) return "html";
  if (ext === ".json") return "json";
  return "markdown";
}

/**
 * Writes the document to `--out`, or to standard output. A file that
 * cannot be written is a failure with exit 73.
 *
 * @example
 * ```ts
 * const done = await writeDocument(io, args, renderAccessReport(report, "html"));
 * if (isFailure(done)) return done;
 * ```
 */
export async function writeDocument(io: CliIo, args: ParsedArgs, text: string): Promise<{ readonly out: string | undefined; readonly bytes: number } | Failure> {
  const out = outOf(args);
  const bytes = Buffer.byteLength(text, "utf8");
  if (out === undefined) {
    await write(io.stdout, text);
    return { out, bytes };
  }
  try {
    await writeFile(resolve(io.cwd, out), text, "utf8");
  } catch (e) {
    return failure(EXIT.CANT_CREATE, `cannot write ${JSON.stringify(out)}: ${openError(e, true)}.`);
  }
  return { out, bytes };
}
