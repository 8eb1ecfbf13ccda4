/**
 * The built-in catalogues are complete (issue 13, "Reports and reasons in the
 * person's language"): every message of English and German, called with
 * every variant of its parameters, gives a sentence; German differs from
 * English everywhere a sentence says something, and carries no English left
 * over; every reason code has its sentence in both.
 */
import { describe, expect, it } from "vitest";
import { REASON_CODES, englishMessages, germanMessages, type Phrase } from "../../src/index.js";
import { SAMPLES } from "./samples.js";

/** The text of a phrase, bold parts included. */
function textOf(p: Phrase): string {
  if (typeof p === "string") return p;
  if (Array.isArray(p)) return (p as readonly Phrase[]).map(textOf).join("");
  return textOf((p as { strong: Phrase }).strong);
}

interface Rendered {
  readonly path: string;
  readonly en: string;
  readonly de: string;
}

/** Every message of both catalogues at `path`, as text, for every sample. */
function render(samples: unknown, en: unknown, de: unknown, path: string, out: Rendered[]): Rendered[] {
  if (samples === true) {
    const texts = (x: unknown) => (Array.isArray(x) ? (x as string[]).join(" | ") : (x as string));
    out.push({ path, en: texts(en), de: texts(de) });
  } else if (Array.isArray(samples)) {
    expect(typeof en, `${path} in English`).toBe("function");
    expect(typeof de, `${path} in German`).toBe("function");
    samples.forEach((args: unknown[], k) => {
      const call = (f: unknown) => textOf((f as (...a: unknown[]) => Phrase)(...args));
      out.push({ path: `${path}#${k}`, en: call(en), de: call(de) });
    });
  } else {
    for (const [key, sub] of Object.entries(samples as object)) {
      const at = (x: unknown) => (x as Record<string, unknown>)[key];
      expect(at(en), `${path}.${key} in English`).toBeDefined();
      expect(at(de), `${path}.${key} in German`).toBeDefined();
      render(sub, at(en), at(de), path === "" ? key : `${path}.${key}`, out);
    }
  }
  return out;
}

const rendered = render(SAMPLES, englishMessages, germanMessages, "", []);

/** Messages the same in both languages by nature: a list of one item, the separator "; ". */
// A condition of Art. 9(2) without a consent is its words alone, in either language.
const SAME_BY_NATURE = new Set<string>(["words.list#0", "accessReport.value.unregisteredSeparator", "accessReport.tables.specialCondition#0"]);

/**
 * English words no German sentence has: a hit means a message was left
 * untranslated. (`in`, `an`, `was` are German words too and are not listed.)
 */
const ENGLISH =
  /\b(the|and|of|is|are|were|your|you|we|our|not|with|has|have|been|by|this|that|which|from|data|consent|purposes?|GDPR|erased|recorded|none|yes|until|since|through|report|used|value|source|cannot|nothing|no longer|allowed|denied|events)\b/i;

/**
 * A sentence without what is code, not language: the fields of a query
 * (`purpose muss ...`, `{ subject, ... }`) and identifiers (`eu-gdpr:A6-1-b`).
 */
function words(sentence: string): string {
  return sentence
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\b[\w-]+:[\w-]+\b/g, " ")
    .replace(/\b(subject|purpose|fields|actor(\.id|\.roles)?|at) muss\b/g, " ");
}

describe("the built-in catalogues", () => {
  it("have every message of the catalogue type, in English and in German", () => {
    // 'render' asserted each message exists with the right kind; this many sentences came out.
    expect(rendered.length).toBeGreaterThan(250);
    for (const r of rendered) {
      expect(r.en, `${r.path} in English`).not.toBe("");
      expect(r.de, `${r.path} in German`).not.toBe("");
    }
  });

  it("say everything in German differently from English", () => {
    const untranslated = rendered.filter((r) => r.en === r.de && !SAME_BY_NATURE.has(r.path)).map((r) => r.path);
    expect(untranslated).toEqual([]);
  });

  it("leave no English word in a German sentence", () => {
    const leftovers = rendered.filter((r) => ENGLISH.test(words(r.de))).map((r) => `${r.path}: ${r.de}`);
    expect(leftovers).toEqual([]);
  });

  it("write every reason code in both languages, and the German ones cite the DSGVO, not the GDPR", () => {
    for (const code of REASON_CODES) {
      expect(typeof englishMessages.reasons[code], code).toBe("function");
      expect(typeof germanMessages.reasons[code], code).toBe("function");
      const mine = rendered.filter((r) => r.path.startsWith(`reasons.${code}#`));
      expect(mine.length, code).toBeGreaterThan(0);
      for (const r of mine) expect(r.de).not.toMatch(/GDPR/);
    }
    expect(Object.keys(germanMessages.reasons).sort()).toEqual([...REASON_CODES].sort());
  });

  it("name the language of each catalogue", () => {
    expect(englishMessages.locale).toBe("en");
    expect(germanMessages.locale).toBe("de");
  });
});
