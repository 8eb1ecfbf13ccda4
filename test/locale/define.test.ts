/**
 * A catalogue of one's own (`defineLocale`): a missing or mistyped message is
 * a compile error (checked by `tsc` through test/typecheck.test.ts: each
 * `@ts-expect-error` below fails the type check if the line compiles), and
 * at run time, for a catalogue built in JavaScript, a `LawfulCrmError`.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  LawfulCrmError,
  accessReport,
  canUse,
  defineLocale,
  englishMessages,
  explain,
  germanMessages,
  renderAccessReport,
  replay,
  type Locale,
  type Messages,
  type ReasonMessages,
} from "../../src/index.js";
import { must } from "../must.js";

const { ERASED: _erased, ...reasonsWithoutErased } = germanMessages.reasons;

describe("defineLocale: the type asks for every message", () => {
  it("accepts a complete catalogue and gives a Locale", () => {
    expectTypeOf(defineLocale).parameter(0).toEqualTypeOf<Messages>();
    expectTypeOf(defineLocale(germanMessages)).toEqualTypeOf<Locale>();
    // Each message is a function of typed parameters.
    expectTypeOf<Parameters<ReasonMessages["NO_DATA"]>[0]>().toEqualTypeOf<{ readonly field: string; readonly at: string }>();
  });

  it("refuses, at compile time, a catalogue missing a message or with a message of the wrong shape", () => {
    const missing = () =>
      defineLocale({
        ...germanMessages,
        // @ts-expect-error ERASED is missing: a catalogue must have every reason.
        reasons: reasonsWithoutErased,
      });
    const wrongParams = () =>
      defineLocale({
        ...germanMessages,
        reasons: {
          ...germanMessages.reasons,
          // @ts-expect-error NO_DATA is given `{ field, at }`; there is no `subject` to read.
          NO_DATA: (p: { subject: string }) => p.subject,
        },
      });
    const missingGroup = () =>
      // @ts-expect-error processingRecord is missing.
      defineLocale({ locale: "de", words: germanMessages.words, dates: germanMessages.dates, reasons: germanMessages.reasons, explain: germanMessages.explain, accessReport: germanMessages.accessReport });
    // And at run time (JavaScript, or a cast), the same catalogues throw, naming the message.
    expect(missing).toThrow(LawfulCrmError);
    expect(missing).toThrow(/"reasons\.ERASED"/);
    expect(missingGroup).toThrow(/"processingRecord"/);
    // A function of the wrong parameters cannot be told at run time: the type check is what catches it.
    expect(wrongParams).not.toThrow();
  });

  it("throws for a message of the wrong kind, and for a catalogue without a language tag", () => {
    expect(() => defineLocale({ ...englishMessages, accessReport: { ...englishMessages.accessReport, headings: { ...englishMessages.accessReport.headings, timeline: 7 } } } as never)).toThrow(
      /"accessReport\.headings\.timeline"/,
    );
    expect(() => defineLocale({ ...englishMessages, locale: "" })).toThrow(LawfulCrmError);
    expect(() => defineLocale(undefined as never)).toThrow(/no message at all/);
  });
});

describe("a locale of one's own is used everywhere the built-in ones are", () => {
  const pirate = defineLocale({
    ...englishMessages,
    locale: "en-x-pirate",
    reasons: { ...englishMessages.reasons, UNKNOWN_SUBJECT: (p) => `Arr, no soul named ${p.subject} aboard by ${p.at}.` },
    explain: { ...englishMessages.explain, verdict: (p) => `${p.allowed ? "AYE" : "NAY"}: ${p.purpose}` },
    accessReport: { ...englishMessages.accessReport, frame: { ...englishMessages.accessReport.frame, title: "Yer treasure in our hold" } },
  });
  const query = { subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: [] }, at: "2024-01-01T00:00:00Z" };

  it("a regional tag picks its language's catalogue", () => {
    const de = canUse(replay([]), query, { locale: "de" });
    expect(canUse(replay([]), query, { locale: "de-AT" as never })).toEqual(de);
    expect(canUse(replay([]), query, { locale: "de_DE" as never })).toEqual(de);
    expect(canUse(replay([]), query, { locale: "en-GB" as never })).toEqual(canUse(replay([]), query));
    // A bare name where the options go is read as { locale } (JavaScript callers).
    expect(canUse(replay([]), query, "de" as never)).toEqual(de);
    const r = must(accessReport(replay([]), "anna", { at: "2024-01-01T00:00:00Z" }));
    expect(renderAccessReport(r, "markdown", "de" as never)).toBe(renderAccessReport(r, "markdown", { locale: "de" }));
  });

  it("in decisions and explain", () => {
    const d = canUse(replay([]), query, { locale: pirate });
    expect(d.reasons.map((r) => r.message)).toEqual(["Arr, no soul named anna aboard by 2024-01-01T00:00:00Z."]);
    expect(explain(d, { locale: pirate }).split("\n")[0]).toBe("NAY: sales");
  });

  it("in the access report, with its language tag", () => {
    const page = renderAccessReport(must(accessReport(replay([]), "anna", { at: "2024-01-01T00:00:00Z" })), "html", { locale: pirate });
    expect(page).toContain('<html lang="en-x-pirate">');
    expect(page).toContain("<h1>Yer treasure in our hold</h1>");
  });

  it("refuses an unknown locale name or a time zone that does not exist, naming the function", () => {
    const r = must(accessReport(replay([]), "anna", { at: "2024-01-01T00:00:00Z" }));
    expect(() => canUse(replay([]), query, { locale: "fr" as never })).toThrow(/canUse\(\): options\.locale must be "en", "de"/);
    expect(() => canUse(replay([]), query, { locale: "fr-DE" as never })).toThrow(LawfulCrmError);
    expect(() => renderAccessReport(r, "markdown", { locale: "de", timeZone: "Mars/Olympus" })).toThrow(/renderAccessReport\(\): options\.timeZone/);
    expect(() => renderAccessReport(r, "markdown", { timeZone: "" })).toThrow(LawfulCrmError);
  });
});
