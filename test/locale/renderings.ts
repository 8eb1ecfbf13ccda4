/**
 * Every language-dependent rendering of the reports' history, as one string:
 * run by test/locale/determinism.test.ts in this process and in child
 * processes with another TZ and LANG, which must print the same. Run as a
 * script, it prints the string.
 */
import { accessReport, canUse, explain, processingRecord, renderAccessReport, renderProcessingRecord, replay, type LocaleOptions } from "../../src/index.js";
import { must } from "../must.js";
import { AT, history } from "../reports/history.js";

const OPTIONS: LocaleOptions[] = [{}, { locale: "de" }, { locale: "de", timeZone: "Europe/Berlin" }, { locale: "en", timeZone: "America/Los_Angeles" }, { locale: "de", timeZone: "Asia/Kolkata" }];

/** The renderings, joined. */
export function renderings(): string {
  const ledger = replay(history);
  const out: string[] = [];
  for (const options of OPTIONS) {
    for (const subject of ["anna", "ben"]) {
      const r = must(accessReport(ledger, subject, { at: AT }));
      out.push(renderAccessReport(r, "markdown", options), renderAccessReport(r, "html", options));
      const d = canUse(ledger, { subject, purpose: "marketing.email", fields: ["email", "phone"], actor: { id: "u-1", roles: ["marketer"] }, at: AT }, options);
      out.push(JSON.stringify(d), explain(d, options));
    }
    out.push(renderProcessingRecord(must(processingRecord(ledger, { at: AT })), options));
  }
  return out.join("\n\u0000\n");
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop()!)) process.stdout.write(renderings());
