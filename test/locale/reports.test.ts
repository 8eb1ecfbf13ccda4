/**
 * The reports in the person's language (GDPR Art. 12(1)): the access report
 * (Markdown and HTML) and the record of processing activities in German,
 * dates on the clock of the time zone asked for; English unchanged, byte for
 * byte, when no locale is given.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { accessReport, consentReceipt, processingRecord, renderAccessReport, renderProcessingRecord, replay } from "../../src/index.js";
import { must } from "../must.js";
import { AT, history } from "../reports/history.js";

const ledger = replay(history);
const report = must(accessReport(ledger, "anna", { at: AT }));
const record = must(processingRecord(ledger, { at: AT }));
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

describe("English stays as it was", () => {
  it("byte for byte when no locale is given, or English is asked for (hashes of main's renderings)", () => {
    // The renderings of this history by main's English-only renderer (as of the merge of issue 14, which
    // deliberately writes "due for erasure since …" for a value on the erasure work list instead of its
    // retention): the catalogue writes exactly what it wrote, in Markdown and in the record of processing.
    const md = "5e6249ac02e9d5939767c483e1494332a2e6f02a73205a5a04a7ab1b2ef76fdc";
    const art30 = "0c0099d38081e75eb78642a020e36444d34e40a0f2851354cd8409fa8ccad7d6";
    // Issue 10 (finding 5) isolates each value from the records in a <bdi>. Without those tags the page is
    // main's; with them, this one: every value isolated, none of our own words (main's also isolated some).
    const html = "46331ebf593d97fe504701513834ac5436a732d08c4715e3b50a31538cc728b6";
    const htmlWithBdi = "1f67e5170a1af94aef7283de618f4e016fa50f8328b82d8139fe250e4889dcd3";
    const withoutBdi = (s: string) => s.replace(/<\/?bdi>/g, "");
    expect(sha256(renderAccessReport(report, "markdown"))).toBe(md);
    expect(sha256(renderAccessReport(report, "html"))).toBe(htmlWithBdi);
    expect(sha256(withoutBdi(renderAccessReport(report, "html")))).toBe(html);
    expect(sha256(renderProcessingRecord(record))).toBe(art30);
    expect(sha256(renderAccessReport(report, "markdown", { locale: "en", timeZone: "UTC" }))).toBe(md);
    expect(sha256(renderAccessReport(report, "html", {}))).toBe(htmlWithBdi);
    expect(sha256(renderProcessingRecord(record, { locale: "en" }))).toBe(art30);
  });

  it("the HTML isolates the values and only them: the person's id, fields, sources, channels, reasons; not dates or our words", () => {
    const page = renderAccessReport(report, "html");
    const isolated = new Set([...page.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((x) => x[1]));
    for (const v of ["anna", "email", "newsletter-form", "marketing.email"]) expect(isolated).toContain(v);
    for (const words of ["1 February 2024, 09:00 UTC", "a form you filled in", "3 years", "your consent (GDPR Art. 6(1)(a))"]) expect(isolated).not.toContain(words);
    expect(page).not.toContain("<bdi></bdi>");
  });
});

describe("the access report in German", () => {
  const md = renderAccessReport(report, "markdown", { locale: "de" });
  const html = renderAccessReport(report, "html", { locale: "de", timeZone: "Europe/Berlin" });

  it("has German headings, the DSGVO's terms and its rights, in Markdown and HTML alike", () => {
    for (const doc of [md, html]) {
      for (const s of [
        "Ihre bei uns gespeicherten personenbezogenen Daten",
        "Art. 15 der Datenschutz-Grundverordnung (DSGVO)",
        "Auf einen Blick",
        "Ihre Einwilligungen",
        "Weitere Rechtsgrundlagen, auf die wir uns stützen",
        "Ihre Widersprüche und Einschränkungen",
        "Woher Ihre Daten stammen",
        "Ihre Rechte",
        "Widerruf der Einwilligung",
        "Art. 6 Abs. 1 lit. b DSGVO",
        "unsere berechtigten Interessen, abgewogen gegen Ihre Interessen (Art. 6 Abs. 1 lit. f DSGVO)",
        "Beschwerde",
      ]) {
        expect(doc).toContain(s);
      }
      expect(doc).not.toMatch(/Your personal data|In short|Your rights|GDPR| the /);
    }
  });

  it("writes dates the German way, on the clock of the time zone asked for (UTC by default)", () => {
    // 2024-02-01T09:00:00Z: 10:00 in Berlin in winter; 2024-06-15T00:00:00Z: 02:00 in Berlin in summer.
    expect(md).toContain("am 1. Februar 2024, 09:00 Uhr UTC");
    expect(md).toContain("*Auskunft mit Stand vom 15. Juni 2024, 00:00 Uhr UTC (2024-06-15T00:00:00Z).*");
    expect(html).toContain("am 1. Februar 2024, 10:00 Uhr UTC+01:00");
    expect(html).toContain("Auskunft mit Stand vom 15. Juni 2024, 02:00 Uhr UTC+02:00 (2024-06-15T00:00:00Z)");
    const ny = renderAccessReport(report, "markdown", { timeZone: "America/New_York" });
    expect(ny).toContain("*Report as of 14 June 2024, 20:00 UTC-04:00 (2024-06-15T00:00:00Z).*");
  });

  it("is a German HTML page: lang, title, anchors of ASCII letters", () => {
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("<title>Ihre personenbezogenen Daten — anna</title>");
    expect(html).toContain('<h2 id="ihre-widersprueche-und-einschraenkungen">');
    for (const [, id] of html.matchAll(/\sid="([^"]*)"/g)) expect(id).toMatch(/^[a-z0-9-]+$/);
  });

  it("says the same as the English report about the same facts: the same values, ids and references", () => {
    const en = renderAccessReport(report, "markdown");
    for (const s of ["anna@example.org", "ACME Holding GmbH", "submission-8812", "contract-2024-17", "form-post-8812", "confirm-link-8812"]) {
      expect(en).toContain(s);
      expect(md).toContain(s);
    }
    expect(md.split("\n### ").length).toBe(en.split("\n### ").length);
  });

  it("for a person we know nothing about, too", () => {
    const none = renderAccessReport(must(accessReport(ledger, "nobody", { at: AT })), "markdown", { locale: "de" });
    expect(none).toContain("Wir haben keine Daten über Sie gespeichert.");
    expect(none).toContain("Ihre Rechte");
  });
});

describe("the record of processing activities in German", () => {
  const md = renderProcessingRecord(record, { locale: "de", fill: { "sales/recipients": "Steuerberater" } });

  it("is the Verzeichnis von Verarbeitungstätigkeiten, citing articles as German law does", () => {
    expect(md.split("\n")[0]).toBe("# Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)");
    expect(md).toContain("- **Verantwortlicher:** {{controller}} — *Name und Kontaktdaten des Verantwortlichen");
    expect(md).toContain("(Art. 30 Abs. 1 lit. a DSGVO)*");
    expect(md).toContain("(Art. 30 Abs. 1 lit. g, Art. 32 Abs. 1 DSGVO)*");
    expect(md).toContain("- **Rechtsgrundlagen:** Vertrag (Art. 6 Abs. 1 lit. b DSGVO, eu-gdpr:A6-1-b), berechtigte Interessen (Art. 6 Abs. 1 lit. f DSGVO, eu-gdpr:A6-1-f)");
    expect(md).toContain("- **Löschfrist:** P3Y (3 Jahre) ab Erfassung");
    expect(md).toContain("- **Empfänger:** Steuerberater");
    expect(md).not.toMatch(/Record of processing|Controller|Retention|GDPR/);
  });
});

describe("the JSON forms know no language", () => {
  it("a consent receipt, an access report and a record are plain data: the renderers alone take a locale", () => {
    const receipt = consentReceipt(ledger, "anna", "k1", { at: AT, controller: "company:acme" });
    expect(JSON.stringify(receipt)).not.toMatch(/DSGVO|Einwilligung/);
    // The report a German rendering was made from is untouched by it.
    const before = JSON.stringify(report);
    renderAccessReport(report, "html", { locale: "de", timeZone: "Europe/Berlin" });
    expect(JSON.stringify(report)).toBe(before);
  });
});
