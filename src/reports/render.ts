/** Writing an access report as Markdown or HTML, in the reader's language. */
import { readRenderOptions, wordingOf, type LocaleOptions } from "../locale/index.js";
import { LawfulCrmError } from "../ledger/index.js";
import type { AccessReport } from "./access.js";
import { documentOf, wordsOf } from "./document.js";
import { html, markdown, val, type Frame } from "./writers.js";

/**
 * Writes an access report as a document to send to the person, in plain
 * language: a summary, each value with where it came from, why it is held and
 * for how long, each consent and its state, legal grounds, objections and
 * restriction, purposes, every use, the sources and whether the person was
 * told of them, a timeline of consents and uses, and the person's rights.
 * `options.locale` chooses the language (`"en"` by default, `"de"`, or a
 * catalogue from `defineLocale`) and `options.timeZone` the clock times are
 * shown on (default `UTC`); nothing is read from the machine's settings.
 * `"html"` gives one self-contained page (inline CSS, no script, no external
 * asset, a Content-Security-Policy that forbids loading anything); every value
 * is escaped, so a value like `<script>` stays text. `"markdown"` escapes
 * values the same way for Markdown.
 *
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises";
 * import { accessReport, isInvalidQuery, renderAccessReport, replay } from "lawful-crm";
 * const at = "2024-02-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 * ]);
 * const report = accessReport(ledger, "anna", { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(report)) throw new Error(report.error.message);
 * await writeFile("anna.html", renderAccessReport(report, "html"));
 * console.log(renderAccessReport(report, "markdown").split("\n")[0]); //=> # Your personal data held by us
 * // In German, with times on the clock of Berlin (GDPR Art. 12(1): in a language the person understands):
 * const de = renderAccessReport(report, "markdown", { locale: "de", timeZone: "Europe/Berlin" });
 * console.log(de.split("\n")[0]); //=> # Ihre bei uns gespeicherten personenbezogenen Daten
 * ```
 */
export function renderAccessReport(report: AccessReport, format: "markdown" | "html", options?: LocaleOptions): string {
  if (format !== "markdown" && format !== "html") {
    throw new LawfulCrmError("INVALID_ARGUMENT", `renderAccessReport(): format must be "markdown" or "html", got ${JSON.stringify(String(format))}.`);
  }
  // The options are read once, under guard: options that throw when read are a programmer error (LawfulCrmError).
  const w = wordsOf(report, wordingOf(readRenderOptions(options, "renderAccessReport()") as LocaleOptions, "renderAccessReport()"));
  const blocks = documentOf(report, w);
  const f = w.m.accessReport.frame;
  const time = w.time(report.at);
  const frame: Frame = { m: w.m, htmlTitle: f.htmlTitle({ subject: val(report.subject) }), footer: f.footer({ time, at: report.at }), markdownFooter: f.markdownFooter({ time, at: report.at }) };
  return format === "html" ? html(frame, blocks) : markdown(frame, blocks);
}
