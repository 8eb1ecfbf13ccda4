/**
 * Issue 14's sentences in the person's language: the reasons MERGED and
 * NO_SPECIAL_CONDITION, the erasure work list's reasons, and the access
 * report's new parts (a record merged away, the records merged in, the
 * conditions of Art. 9(2), "due for erasure since …", the new moments of the
 * timeline) and the record's special categories, in German; English as main
 * writes it; every value isolated in HTML in both languages.
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { accessReport, canUse, erasureDue, processingRecord, renderAccessReport, renderProcessingRecord, replay, type Decision } from "../../src/index.js";
import { must } from "../must.js";
import { ISSUE14_AT, issue14History } from "./issue14.js";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const { subject, from, log } = issue14History();
const ledger = replay(log);
const survivor = must(accessReport(ledger, subject, { at: ISSUE14_AT }));
const mergedAway = must(accessReport(ledger, from, { at: ISSUE14_AT }));
const record = must(processingRecord(ledger, { at: ISSUE14_AT }));
const query = (s: string, purpose: string) => ({ subject: s, purpose, fields: ["diagnosis"], actor: { id: "u", roles: [] }, at: ISSUE14_AT });

/** A decision without its sentences. */
const codesOf = (d: Decision) => d.reasons.map(({ message: _m, ...rest }) => rest);

describe("issue 14 in the person's language", () => {
  it("the history has every part the report shows (the test renders what it means to)", () => {
    expect(ledger.rejected).toEqual([]);
    expect(survivor.mergedFrom.length).toBe(1);
    expect(survivor.specialConditions.length).toBe(2);
    expect(survivor.values.some((v) => v.dueForErasure !== undefined)).toBe(true);
    expect(mergedAway.merged?.into).toBe(subject);
  });

  it("English is main's, byte for byte (hashes of its renderings)", () => {
    expect(sha256(renderAccessReport(survivor, "markdown"))).toBe("373e8ba851aa59320ec8e5874b4128fcadb28868cf51a9da493ef0021ebab22a");
    expect(sha256(renderAccessReport(mergedAway, "markdown"))).toBe("2ebf8d2b19e5cab84150e551dcc86d69ed2ffea553f4babd23135e6d62f1d9e3");
    expect(sha256(renderProcessingRecord(record))).toBe("42b4991d77ff43937986f301ebd183884d543212ef15997c4508df53eea13a74");
  });

  it("MERGED and NO_SPECIAL_CONDITION: the same codes and events, German sentences", () => {
    for (const q of [query(from, "news"), query(subject, "news")]) {
      const en = canUse(ledger, q);
      const de = canUse(ledger, q, { locale: "de" });
      expect(codesOf(de)).toEqual(codesOf(en));
      de.reasons.forEach((r, k) => expect(r.message).not.toBe(en.reasons[k]!.message));
    }
    const merged = canUse(ledger, query(from, "news"), { locale: "de" }).reasons;
    expect(merged.map((r) => r.code)).toEqual(["MERGED"]);
    expect(merged[0]!.message).toBe("Der Datensatz „anna-dup“ wurde am 2024-04-01T09:00:00Z mit „anna“ zusammengeführt: Seine Daten werden seither als Teil der Daten von „anna“ beurteilt.");
    const special = canUse(ledger, query(subject, "news"), { locale: "de" }).reasons.find((r) => r.code === "NO_SPECIAL_CONDITION")!;
    expect(special.message).toContain("eine besondere Kategorie personenbezogener Daten (festgelegt als „health“, Art. 9 Abs. 1 DSGVO)");
    expect(special.message).toContain("die Bedingung A9-2-b (Aktenzeichen „work-1“) wurde am 2024-03-01T09:00:00Z beendet und gilt für „care“, was „news“ nicht umfasst.");
  });

  it("erasureDue writes its reasons in the language asked for; everything else is the same", () => {
    const en = must(erasureDue(ledger, { at: ISSUE14_AT }));
    const de = must(erasureDue(ledger, { at: ISSUE14_AT, locale: "de" }));
    const strip = (x: typeof en) => JSON.stringify({ ...x, due: x.due.map((d) => ({ ...d, reasons: d.reasons.map(({ message: _m, ...r }) => r) })) });
    expect(strip(de)).toEqual(strip(en));
    expect(en).toEqual(must(erasureDue(ledger, { at: ISSUE14_AT, locale: "en" })));
    const messages = de.due.flatMap((d) => d.reasons.map((r) => r.message));
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) expect(m).toMatch(/DSGVO\)\.$/);
    expect(() => erasureDue(ledger, { at: ISSUE14_AT, locale: "fr" as never })).toThrow(/erasureDue\(\): options\.locale must be/);
  });

  it("the German report says what the English one says about merges, conditions and erasure", () => {
    for (const format of ["markdown", "html"] as const) {
      const doc = renderAccessReport(survivor, format, { locale: "de", timeZone: "Europe/Berlin" });
      for (const s of [
        "Mit diesem Datensatz zusammengeführte Datensätze",
        "Bedingungen für besondere Kategorien Ihrer Daten, auf die wir uns stützen",
        "Gesundheitsvorsorge, medizinische Versorgung oder Sozialfürsorge (Art. 9 Abs. 2 lit. h DSGVO)",
        "beendet am 1. März 2024",
        "seit dem 1. Mai 2024 zu löschen",
        "die Frist, für die wir ihn speichern dürfen, ist abgelaufen",
        "ist entfallen",
        "mit diesem zusammengeführt. Angegebener Grund:",
      ]) {
        expect(doc).toContain(s);
      }
      expect(doc).not.toMatch(/\b(merged|condition|sensitive|due for erasure|reference)\b/);
    }
    expect(renderAccessReport(mergedAway, "markdown", { locale: "de" })).toContain("> Dieser Datensatz wurde am 1. April 2024, 09:00 Uhr UTC mit einem anderen Datensatz zu Ihrer Person (anna) zusammengeführt");
    const art30 = renderProcessingRecord(record, { locale: "de" });
    expect(art30).toContain("- **Besondere Kategorien personenbezogener Daten (Art. 9 DSGVO):** health.diagnosis (1 Wert)");
    expect(art30).toContain("- **Herangezogene Bedingungen (Art. 9 Abs. 2 DSGVO):** A9-2-h für health (1 Person)");
  });

  it("isolates every value of the new parts in HTML, in English and in German (generated bidirectional controls)", () => {
    const ANY_BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
    const controls = fc.constantFrom("\u202E", "\u2066", "\u200F", "\u061C", "\u202B");
    fc.assert(
      fc.property(controls, fc.string({ maxLength: 3 }), (c, s) => {
        const h = issue14History((tag) => `${tag}${c}${s}`);
        const l = replay(h.log);
        for (const who of [h.subject, h.from]) {
          const r = must(accessReport(l, who, { at: ISSUE14_AT }));
          for (const locale of ["en", "de"] as const) {
            const html = renderAccessReport(r, "html", { locale });
            expect(html.replace(/<bdi>[^<]*<\/bdi>/g, "").replace(/<title>[^<]*<\/title>/, "")).not.toMatch(ANY_BIDI);
            expect(renderAccessReport(r, "markdown", { locale })).not.toMatch(ANY_BIDI);
          }
        }
        expect(renderProcessingRecord(must(processingRecord(l, { at: ISSUE14_AT })), { locale: "de" })).not.toMatch(ANY_BIDI);
      }),
      { numRuns: 25 },
    );
  });
});
