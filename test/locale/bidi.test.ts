/**
 * Issue 10 (finding 5) in every language: a value carrying bidirectional
 * control characters cannot reorder the text around it in a German report,
 * a German record of processing or a German `explain`, nor in a report
 * written from a catalogue of one's own — even one that cuts values short or
 * writes them twice. The sentences come from the catalogue, the values are
 * marked before they reach it, and the HTML writer isolates each in a <bdi>.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accessReport,
  canUse,
  defineLocale,
  englishMessages,
  explain,
  processingRecord,
  renderAccessReport,
  renderProcessingRecord,
  replay,
  type Locale,
} from "../../src/index.js";
import { must } from "../must.js";
import { HOSTILE_AT, hostileHistoryWith } from "../reports/hostile.js";

const RUNS = Math.max(30, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 40));
const BIDI = ["\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
const ANY_BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** A value with a bidirectional control, among spoofing text, markup and the two noncharacters the renderer marks values with. */
const bidiValue: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...BIDI),
    fc.array(fc.oneof(fc.constantFrom(...BIDI), fc.constantFrom("gro.elpmaxe@anna", "אבג", " ", "<b>", "*", "\uFDD0", "\uFDD1", "\n"), fc.string({ maxLength: 3 })), {
      maxLength: 6,
    }),
    fc.nat(),
  )
  .map(([c, rest, k]) => {
    rest.splice(k % (rest.length + 1), 0, c);
    return rest.join("");
  });

/** A careless catalogue: it cuts the person's id short in the title and the intro, and writes a field's name twice. */
const careless: Locale = defineLocale({
  ...englishMessages,
  locale: "en-x-careless",
  accessReport: {
    ...englishMessages.accessReport,
    frame: { ...englishMessages.accessReport.frame, htmlTitle: (p) => `About ${p.subject.slice(0, 4)}`, intro: (p) => `As of ${p.time}, about ${p.subject.slice(2)}.` },
    timeline: { ...englishMessages.accessReport.timeline, "data-recorded": (p) => `We recorded ${p.field ?? ""} (${p.field ?? ""}), from ${p.source}.` },
  },
});

function build(value: string) {
  const dotted = value.replace(/\./g, "-");
  const purpose = `news.${dotted}`;
  const subject = `subject${value}`;
  const ledger = replay(hostileHistoryWith((tag) => `${tag}${value}`, purpose, `contact.${dotted}`, subject));
  return { ledger, purpose, subject, report: must(accessReport(ledger, subject, { at: HOSTILE_AT })) };
}

describe("bidirectional controls in a German report, record and explain, and in a catalogue of one's own", () => {
  for (const locale of ["de", careless] as const) {
    const name = typeof locale === "string" ? locale : locale.tag;
    it(`${name}: HTML isolates each value in a <bdi> and has no control outside one; Markdown shows every control as an escape`, () => {
      fc.assert(
        fc.property(fc.noShrink(bidiValue), (value) => {
          const { report } = build(value);
          const html = renderAccessReport(report, "html", { locale, timeZone: "Europe/Berlin" });
          for (const [, inner] of html.matchAll(/<bdi>([\s\S]*?)<\/bdi>/g)) expect(inner).not.toMatch(/[<>]/);
          expect(html.replace(/<bdi>[^<]*<\/bdi>/g, "")).not.toMatch(ANY_BIDI);
          expect(html).not.toMatch(/[\uFDD0\uFDD1]/);
          const md = renderAccessReport(report, "markdown", { locale });
          expect(md).not.toMatch(ANY_BIDI);
          expect(md).not.toMatch(/[\uFDD0\uFDD1]/);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("de: the record of processing and explain show every control as an escape, each value on its line", () => {
    fc.assert(
      fc.property(fc.noShrink(bidiValue), (value) => {
        const { ledger, purpose, subject } = build(value);
        const md = renderProcessingRecord(must(processingRecord(ledger, { at: HOSTILE_AT })), { locale: "de" });
        expect(md).not.toMatch(ANY_BIDI);
        expect(md).not.toContain("<");
        const d = canUse(ledger, { subject, purpose, fields: ["json", `x${value}`], actor: { id: `actor${value}`, roles: ["mkt"] }, at: HOSTILE_AT }, { locale: "de" });
        const text = explain(d, { locale: "de" });
        expect(text).not.toMatch(ANY_BIDI);
        expect(text.split("\n")).toHaveLength(1 + d.fields.filter((f) => f.allowed && f.basis !== undefined).length + d.reasons.length + d.obligations.length);
      }),
      { numRuns: RUNS },
    );
  });

  it("the German report isolates the same values as the English one", () => {
    const { report } = build("\u202Eevil");
    const isolated = (html: string) => new Set([...html.matchAll(/<bdi>([^<]*)<\/bdi>/g)].map((x) => x[1]));
    const en = isolated(renderAccessReport(report, "html"));
    const de = isolated(renderAccessReport(report, "html", { locale: "de" }));
    // Dates and durations are words of each language; every other value is the same text in both.
    const values = (s: Set<string | undefined>) => [...s].filter((x) => x !== undefined && x.includes("evil")).sort();
    expect(values(de)).toEqual(values(en));
    expect(values(en).length).toBeGreaterThan(10);
  });
});
