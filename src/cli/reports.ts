/**
 * `lawful-crm report`: the access report of GDPR Art. 15 for one person;
 * `lawful-crm ropa`: the record of processing activities of Art. 30.
 */
import { accessReport, isInvalidQuery, LawfulCrmError, processingRecord, renderAccessReport, renderProcessingRecord, type LocaleOptions, type ProcessingRecord } from "../index.js";
import { stringOf, type ParsedArgs } from "./args.js";
import type { CommandSpec } from "./command.js";
import { EXIT, failure, isFailure, type Failure } from "./exit.js";
import { json, write, type CliIo } from "./io.js";
import { readLogArg, rejectsWarning, statusOf } from "./log.js";
import { formatOf, OUT_OPTION, writeDocument, type DocumentFormat } from "./output.js";
import { AT_OPTION, instantOf } from "./query.js";

/** What a command that wrote its document to a file says about it: on standard error, or as JSON on standard output. */
async function wrote(io: CliIo, args: ParsedArgs, what: string, done: { out: string | undefined; bytes: number }, format: DocumentFormat, extra: object): Promise<void> {
  if (done.out === undefined) return;
  if (args.values["json"] === true) await write(io.stdout, json({ out: done.out, format, bytes: done.bytes, ...extra }));
  else await write(io.stderr, `lawful-crm: wrote ${what} (${format}, ${done.bytes} bytes) to ${done.out}.\n`);
}

/** `--locale` and `--time-zone`, shared by `report` and `ropa`: the document's language and the clock its dates are on. */
const LOCALE_OPTIONS = {
  locale: { type: "string", value: "LANG", help: "the language of the document: en (default) or de (GDPR Art. 12(1))" },
  "time-zone": { type: "string", value: "ZONE", help: "the IANA time zone its dates are shown in, e.g. Europe/Berlin (default: UTC, never the machine's)" },
} as const;

/** The locale options given; an unknown language is a usage failure (a time zone is checked by the renderer: see `rendered`). */
function localeOf(args: ParsedArgs): LocaleOptions | Failure {
  const locale = stringOf(args, "locale");
  const timeZone = stringOf(args, "time-zone");
  if (locale !== undefined && locale !== "en" && locale !== "de") return failure(EXIT.USAGE, `--locale must be en or de, got ${JSON.stringify(locale)}.`);
  return { ...(locale !== undefined ? { locale } : {}), ...(timeZone !== undefined ? { timeZone } : {}) };
}

/** A rendering; a time zone the renderer refuses is a usage failure naming the option. */
function rendered(render: () => string): string | Failure {
  try {
    return render();
  } catch (e) {
    if (e instanceof LawfulCrmError && /timeZone/.test(e.message)) return failure(EXIT.USAGE, "--time-zone must be an IANA time zone such as Europe/Berlin.");
    throw e;
  }
}

/** The `report` command. */
export const report: CommandSpec = {
  name: "report",
  summary: "write the access report of GDPR Art. 15 for one person (Markdown, HTML or JSON)",
  synopsis: "report <log> --subject ID [--at INSTANT] [--format markdown|html|json] [--out FILE] [--locale en|de] [--time-zone ZONE]",
  description:
    "Everything held about the person at the instant (accessReport), written as a document to send them (renderAccessReport): Markdown, or one self-contained HTML page. " +
    "The format comes from --format, else from the extension of --out (.html, .htm, .json; anything else is Markdown). " +
    "--locale de writes it in German, --time-zone shows its dates on that clock (the JSON is the same in every language). " +
    "With --json and no --out, the AccessReport object; with --json and --out, the document goes to the file and a summary { out, format, bytes, subject, at, known, incomplete } to standard output.",
  positionals: ["log"],
  options: {
    subject: { type: "string", value: "ID", required: true, help: "the person the report is about" },
    at: AT_OPTION,
    format: { type: "string", value: "FORMAT", help: "markdown, html or json (default: from --out's extension, else markdown)" },
    out: OUT_OPTION,
    ...LOCALE_OPTIONS,
  },
  readsLog: true,
  exits: ["0  the report is written", "1  the report is written, but the log has rejects that are not voided", "73 --out cannot be written"],
  run: async ({ io, args }) => {
    const subject = stringOf(args, "subject") ?? "";
    if (subject === "") return failure(EXIT.USAGE, "--subject must not be empty.");
    const at = instantOf(args, io);
    if (isFailure(at)) return at;
    const format = formatOf(args, ["markdown", "html", "json"]);
    if (isFailure(format)) return format;
    const locale = localeOf(args);
    if (isFailure(locale)) return locale;
    const log = await readLogArg(io, args);
    if (isFailure(log)) return log;
    const r = accessReport(log.ledger, subject, { at });
    if (isInvalidQuery(r)) return failure(EXIT.USAGE, r.error.message);
    const document = format === "json" ? json(r) : rendered(() => renderAccessReport(r, format, locale));
    if (isFailure(document)) return document;
    await write(io.stderr, rejectsWarning(log));
    if (!r.known) await write(io.stderr, `lawful-crm: note: nothing is known about ${JSON.stringify(subject)} at ${at}; the report says so.\n`);
    const done = await writeDocument(io, args, document);
    if (isFailure(done)) return done;
    await wrote(io, args, `the access report of ${JSON.stringify(subject)} at ${at}`, done, format, { subject, at, known: r.known, incomplete: r.incomplete.length });
    return statusOf(log);
  },
};

/** `--fill name=text` → [name, text]; a value without `=` is a usage failure. */
function fillsOf(args: ParsedArgs): Readonly<Record<string, string>> | Failure {
  const raw = args.values["fill"];
  const given: readonly string[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
  const out: Record<string, string> = {};
  for (const g of given) {
    const eq = g.indexOf("=");
    if (eq <= 0) return failure(EXIT.USAGE, `--fill must be NAME=TEXT, like --fill "controller=ACME GmbH, Berlin", got ${JSON.stringify(g)}.`);
    out[g.slice(0, eq)] = g.slice(eq + 1);
  }
  return out;
}

/** The placeholders of a record, by name: a `--fill` naming none of them is a typo, not a no-op. */
function placeholdersOf(record: ProcessingRecord): string[] {
  return [record.controller, record.securityMeasures, ...record.activities.flatMap((a) => [a.dataSubjectCategories, a.recipients, a.transfers])].map((p) => p.placeholder);
}

/** The `ropa` command. */
export const ropa: CommandSpec = {
  name: "ropa",
  summary: "write the record of processing activities of GDPR Art. 30 (Markdown or JSON)",
  synopsis: "ropa <log> [--at INSTANT] [--format markdown|json] [--out FILE] [--fill NAME=TEXT ...] [--locale en|de] [--time-zone ZONE]",
  description:
    "The parts of the record of processing activities the ledger can fill at the instant (processingRecord): per declared purpose its description, legal bases, data categories, sources, roles with access and retention, " +
    "written as Markdown (renderProcessingRecord) with the parts only the controller can supply as {{placeholders}}. --fill NAME=TEXT supplies one (repeat it); a NAME that is no placeholder of the record is an error. " +
    "--locale de writes the Verzeichnis von Verarbeitungstätigkeiten in German, --time-zone shows its instant on that clock. " +
    "With --json and no --out, the ProcessingRecord object.",
  positionals: ["log"],
  options: {
    at: AT_OPTION,
    format: { type: "string", value: "FORMAT", help: "markdown or json (default: from --out's extension, else markdown)" },
    out: OUT_OPTION,
    fill: { type: "string", value: "NAME=TEXT", multiple: true, help: "the text of a placeholder, e.g. controller=ACME GmbH (repeat for more)" },
    ...LOCALE_OPTIONS,
  },
  readsLog: true,
  exits: ["0  the record is written", "1  the record is written, but the log has rejects that are not voided", "73 --out cannot be written"],
  run: async ({ io, args }) => {
    const at = instantOf(args, io);
    if (isFailure(at)) return at;
    const format = formatOf(args, ["markdown", "json"]);
    if (isFailure(format)) return format;
    const fill = fillsOf(args);
    if (isFailure(fill)) return fill;
    const locale = localeOf(args);
    if (isFailure(locale)) return locale;
    if (format === "json" && Object.keys(fill).length > 0) return failure(EXIT.USAGE, "--fill fills the placeholders of the Markdown record; the JSON record keeps them as objects: leave out --fill, or write Markdown.");
    const log = await readLogArg(io, args);
    if (isFailure(log)) return log;
    const record = processingRecord(log.ledger, { at });
    if (isInvalidQuery(record)) return failure(EXIT.USAGE, record.error.message);
    const names = placeholdersOf(record);
    const unknown = Object.keys(fill).filter((k) => !names.includes(k));
    if (unknown.length > 0) return failure(EXIT.USAGE, `--fill names no placeholder of the record: ${unknown.map((k) => JSON.stringify(k)).join(", ")}. The placeholders are: ${names.join(", ")}.`);
    const document = format === "json" ? json(record) : rendered(() => renderProcessingRecord(record, { fill, ...locale }));
    if (isFailure(document)) return document;
    await write(io.stderr, rejectsWarning(log));
    const done = await writeDocument(io, args, document);
    if (isFailure(done)) return done;
    await wrote(io, args, `the record of processing activities at ${at}`, done, format, { at, activities: record.activities.length, undeclaredPurposes: record.undeclaredPurposes.length });
    return statusOf(log);
  },
};
