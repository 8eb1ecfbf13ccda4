/**
 * Issue 10, finding 5 (a, b): every rendering escapes every value. Values
 * carry bidirectional control characters (U+061C, U+200E/U+200F,
 * U+202A–U+202E, U+2066–U+2069) and markup, generated; every renderer is
 * checked: the access report as HTML (each value isolated in a <bdi>, no
 * control outside one) and as Markdown (each control shown as `\u202E`),
 * the processing record (its placeholders too), and `explain`. The data
 * results (reports, receipts, exports) keep values verbatim: escaping is
 * the renderers' job.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accessReport,
  canUse,
  consentReceipt,
  explain,
  portabilityExport,
  processingRecord,
  renderAccessReport,
  renderProcessingRecord,
  replay,
} from "../../src/index.js";
import { escapeMarkdown } from "../../src/reports/writers.js";
import { must } from "../must.js";
import { HOSTILE_AT, hostileHistoryWith } from "./hostile.js";

const RUNS = Math.max(50, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 20));

/** The Unicode Bidi_Control characters. */
const BIDI = ["\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"];
const ANY_BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** What a control looks like once shown: `\u202E`. */
const shown = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** A value with at least one bidirectional control, among text that spoofs (a reversed address), right-to-left letters and markup. */
const bidiValue: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...BIDI),
    fc.array(
      fc.oneof(
        fc.constantFrom(...BIDI),
        fc.constantFrom("gro.elpmaxe@anna", "anna@example.org", "אבג", "عربي", " ", "(", ")", "1", "<b>", "*", "\\", "&", "|", "\n"),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 6 },
    ),
    fc.nat(),
  )
  .map(([c, rest, k]) => {
    rest.splice(k % (rest.length + 1), 0, c);
    return rest.join("");
  });

/** A history whose free texts, ids, purpose, category and subject all carry `value`. */
function historyOf(value: string) {
  const dotted = value.replace(/\./g, "-");
  const purpose = `news.${dotted}`;
  const subject = `subject${value}`;
  return { purpose, subject, log: hostileHistoryWith((tag) => `${tag}${value}`, purpose, `contact.${dotted}`, subject) };
}

/** The history of a generated value replayed, and the subject's access report (built in the property: a counterexample shows the value only). */
function build(value: string) {
  const h = historyOf(value);
  const ledger = replay(h.log);
  return { value, purpose: h.purpose, subject: h.subject, ledger, report: must(accessReport(ledger, h.subject, { at: HOSTILE_AT })) };
}
// Not shrunk: each attempt replays and renders a whole history, and a generated value is short enough to read.
const cases = fc.noShrink(bidiValue);

/** An HTML document with every `<bdi>…</bdi>` and the `<title>` taken out: the text around the values. */
function outsideValues(html: string): string {
  return html.replace(/<bdi>[^<]*<\/bdi>/g, "").replace(/<title>[^<]*<\/title>/, "");
}

/** `escapeHtml` as the renderer applies it (the five characters). */
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

describe("bidirectional controls in values never reorder the text around them", () => {
  it("the log keeps the generated values (the test renders what it means to)", () => {
    fc.assert(
      fc.property(cases, (generated) => {
        const { ledger, report } = build(generated);
        expect(ledger.rejected).toEqual([]);
        expect(report.known).toBe(true);
        expect(report.values.length).toBeGreaterThan(0);
      }),
      { numRuns: 20 },
    );
  });

  it("HTML access report: each value isolated in a <bdi>; no control outside one; the title shows them", () => {
    fc.assert(
      fc.property(cases, (generated) => {
        const { report, subject } = build(generated);
        const doc = renderAccessReport(report, "html");
        // A <bdi> holds text only, so it always closes where its value ends.
        for (const [, inner] of doc.matchAll(/<bdi>([\s\S]*?)<\/bdi>/g)) expect(inner).not.toMatch(/[<>]/);
        expect(outsideValues(doc)).not.toMatch(ANY_BIDI);
        expect(doc).toContain(`<bdi>${html(subject)}</bdi>`);
        const title = /<title>([^<]*)<\/title>/.exec(doc)![1]!;
        expect(title).not.toMatch(ANY_BIDI);
        for (const c of BIDI) if (subject.includes(c)) expect(title).toContain(shown(c));
      }),
      { numRuns: RUNS },
    );
  });

  it("Markdown access report: no control left, each shown as \\u escape", () => {
    fc.assert(
      fc.property(cases, (generated) => {
        const { report, value } = build(generated);
        const md = renderAccessReport(report, "markdown");
        expect(md).not.toMatch(ANY_BIDI);
        for (const c of BIDI) if (value.includes(c)) expect(md).toContain(shown(c));
      }),
      { numRuns: RUNS },
    );
  });

  it("processing record: no control left, and a purpose in a placeholder is escaped like every other value", () => {
    fc.assert(
      fc.property(cases, (generated) => {
        const { ledger, purpose, value } = build(generated);
        const record = must(processingRecord(ledger, { at: HOSTILE_AT }));
        expect(record.activities.map((a) => a.purpose)).toContain(purpose);
        const md = renderProcessingRecord(record);
        expect(md).not.toMatch(ANY_BIDI);
        for (const c of BIDI) if (value.includes(c)) expect(md).toContain(shown(c));
        // The hostile history's text carries <script> and <img>: no raw "<" anywhere, placeholders included.
        expect(md).not.toContain("<");
        expect(md).toContain(`{{${escapeMarkdown(purpose)}/dataSubjectCategories}}`);
        expect(md).not.toContain(`{{${purpose}/`);
      }),
      { numRuns: RUNS },
    );
  });

  it("explain: values stay on their line, controls shown as escapes", () => {
    fc.assert(
      fc.property(cases, fc.constantFrom("email", "json"), (generated, field) => {
        const { ledger, subject, purpose, value } = build(generated);
        const d = canUse(ledger, { subject, purpose, fields: [field, `x${value}`], actor: { id: `actor${value}`, roles: ["mkt"] }, at: HOSTILE_AT });
        const text = explain(d);
        expect(text).not.toMatch(ANY_BIDI);
        // One line per field basis, reason and obligation, plus the verdict: no value broke a line.
        expect(text.split("\n")).toHaveLength(1 + d.fields.filter((f) => f.allowed && f.basis !== undefined).length + d.reasons.length + d.obligations.length);
      }),
      { numRuns: RUNS },
    );
  });

  it("the data results keep every value verbatim (escaping is the renderers' job)", () => {
    fc.assert(
      fc.property(cases, (generated) => {
        const { ledger, report, subject, value } = build(generated);
        expect(report.subject).toBe(subject);
        const receipt = consentReceipt(ledger, subject, `consent${value}`, { at: HOSTILE_AT, controller: "company:acme" });
        expect(JSON.stringify(receipt)).toContain(JSON.stringify(`consent${value}`).slice(1, -1));
        expect(JSON.stringify(report)).toContain(JSON.stringify(`value${value}`).slice(1, -1));
        expect(must(portabilityExport(ledger, subject, { at: HOSTILE_AT })).subject).toBe(subject);
      }),
      { numRuns: 20 },
    );
  });
});

describe("a purpose with markup in the processing record's placeholders", () => {
  it("is escaped like every other value", () => {
    const purposeArb = fc
      .array(fc.constantFrom("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "*bold*", "_x_", "[a](javascript:x)", "a", "-"), { minLength: 1, maxLength: 4 })
      .map((xs) => `p.${xs.join("")}`);
    fc.assert(
      fc.property(purposeArb, (purpose) => {
        const ledger = replay([{ id: "c1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose, description: "d", legalBases: ["consent"] } }]);
        const md = renderProcessingRecord(must(processingRecord(ledger, { at: HOSTILE_AT })));
        expect(md).not.toContain("<");
        for (const slot of ["dataSubjectCategories", "recipients", "transfers"]) {
          expect(md).toContain(`{{${escapeMarkdown(purpose)}/${slot}}}`);
          if (escapeMarkdown(purpose) !== purpose) expect(md).not.toContain(`{{${purpose}/${slot}}}`);
        }
        if (purpose.startsWith("p.<script>")) expect(md).toContain("{{p.&lt;script&gt;");
      }),
      { numRuns: RUNS },
    );
    // The example, literally.
    const ledger = replay([{ id: "c1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "<script>alert(1)</script>", description: "d", legalBases: ["consent"] } }]);
    const md = renderProcessingRecord(must(processingRecord(ledger, { at: HOSTILE_AT })));
    expect(md).not.toContain("{{<script>alert(1)</script>/dataSubjectCategories}}");
    expect(md).toContain("{{&lt;script&gt;alert(1)&lt;/script&gt;/dataSubjectCategories}}");
  });
});
