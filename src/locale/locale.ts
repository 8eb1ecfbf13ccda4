/**
 * Choosing the language of what the library writes: the built-in English and
 * German catalogues, a user's own, and the time zone dates are shown in.
 * Nothing is read from the machine (no default locale, no TZ): the same
 * inputs and options give the same text everywhere.
 */
import type { Read } from "../_internal/guard.js";
import { readProps, type Shape } from "../_internal/read.js";
import { parseDuration } from "../_internal/time.js";
import { LawfulCrmError } from "../ledger/index.js";
import { german } from "./de/index.js";
import { english } from "./en/index.js";
import type { CivilTime, DurationUnit, Messages } from "./types.js";
import { civilTime, isTimeZone } from "./zone.js";

/**
 * A catalogue of messages ready to be passed as `{ locale }`: made by {@link defineLocale}.
 *
 * @example
 * ```ts
 * import { defineLocale, germanMessages, type Locale } from "lawful-crm";
 * const swiss: Locale = defineLocale({ ...germanMessages, locale: "de-CH" });
 * console.log(swiss.tag); //=> de-CH
 * ```
 */
export interface Locale {
  /** The catalogue's language tag (`messages.locale`). */
  readonly tag: string;
  readonly messages: Messages;
}

/**
 * The names of the built-in locales.
 *
 * @example
 * ```ts
 * import { canUse, replay, type LocaleName } from "lawful-crm";
 * const locale: LocaleName = "de";
 * const d = canUse(replay([]), { subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: [] }, at: "2024-01-01T00:00:00Z" }, { locale });
 * console.log(d.reasons[0]?.message); //=> Zur betroffenen Person „anna“ ist bis 2024-01-01T00:00:00Z nichts erfasst.
 * ```
 */
export type LocaleName = "en" | "de";

/**
 * Options of every function that writes sentences: the language, and for dates the time zone.
 *
 * @example
 * ```ts
 * import { accessReport, isInvalidQuery, renderAccessReport, replay, type LocaleOptions } from "lawful-crm";
 * const options: LocaleOptions = { locale: "de", timeZone: "Europe/Berlin" };
 * const report = accessReport(replay([]), "anna", { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(report)) throw new Error(report.error.message);
 * console.log(renderAccessReport(report, "markdown", options).includes("Wir haben keine Daten über Sie gespeichert.")); //=> true
 * ```
 */
export interface LocaleOptions {
  /** `"en"` (the default), `"de"`, or a catalogue of your own from {@link defineLocale}. A regional tag picks its language's catalogue (`"de-AT"`: German); another language throws. */
  readonly locale?: LocaleName | Locale;
  /** The IANA time zone dates and times are shown in, e.g. `Europe/Berlin`; default `UTC`. */
  readonly timeZone?: string;
}

/**
 * Checks that `messages` has every message `shape` has, of the same kind
 * (function, text, group): a catalogue written in JavaScript, or cast in
 * TypeScript, fails here rather than in the middle of a report.
 */
function missingIn(messages: unknown, shape: unknown, path: string): string | undefined {
  if (typeof shape === "function") return typeof messages === "function" ? undefined : path;
  if (typeof shape === "string") return typeof messages === "string" ? undefined : path;
  if (typeof messages !== "object" || messages === null) return path;
  for (const [key, value] of Object.entries(shape as object)) {
    const missing = missingIn((messages as Record<string, unknown>)[key], value, path === "" ? key : `${path}.${key}`);
    if (missing !== undefined) return missing;
  }
  return undefined;
}

/**
 * Makes a locale of a complete catalogue of messages. The type
 * {@link Messages} asks for every message, so a catalogue missing one does
 * not compile; at run time a missing or wrongly typed message throws
 * `LawfulCrmError` (`INVALID_ARGUMENT`) naming it.
 *
 * @example
 * ```ts
 * import { canUse, defineLocale, englishMessages, explain, replay } from "lawful-crm";
 * // A catalogue of your own: the English one, with a shorter first line for `explain`.
 * const terse = defineLocale({
 *   ...englishMessages,
 *   locale: "en-GB",
 *   explain: { ...englishMessages.explain, verdict: (p) => `${p.allowed ? "Yes" : "No"}: ${p.fields.join(", ")} for ${p.purpose}` },
 * });
 * const query = { subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: [] }, at: "2024-01-01T00:00:00Z" };
 * console.log(explain(canUse(replay([]), query, { locale: terse }), { locale: terse }).split("\n")[0]); //=> No: email for sales
 * ```
 */
export function defineLocale(messages: Messages): Locale {
  const missing = missingIn(messages, english, "");
  if (missing !== undefined) throw new LawfulCrmError("INVALID_ARGUMENT", `defineLocale(): the catalogue has no message ${missing === "" ? "at all" : `"${missing}"`}.`);
  if (typeof messages.locale !== "string" || messages.locale === "") throw new LawfulCrmError("INVALID_ARGUMENT", "defineLocale(): messages.locale must be a language tag such as \"de\".");
  return new DefinedLocale(messages.locale, messages);
}

/**
 * A locale made by {@link defineLocale}. An instance of a class, not a plain
 * object: reading a caller's options under guard keeps it as it is (it is
 * the library's own frozen value) instead of copying the whole catalogue on
 * every call.
 */
class DefinedLocale implements Locale {
  constructor(
    readonly tag: string,
    readonly messages: Messages,
  ) {
    Object.freeze(this);
  }
}

const BUILT_IN: Readonly<Record<LocaleName, Locale>> = { en: defineLocale(english), de: defineLocale(german) };

/** The built-in locale of a BCP 47 tag by its language (`de-AT` → `de`), if there is one. */
function builtIn(tag: string): Locale | undefined {
  const language = tag.split(/[-_]/)[0]!.toLowerCase();
  return Object.prototype.hasOwnProperty.call(BUILT_IN, language) ? BUILT_IN[language as LocaleName] : undefined;
}

/** A bare locale name where options were expected is read as `{ locale }`. */
function optionsOf(options: LocaleOptions | LocaleName | undefined): LocaleOptions | undefined {
  return typeof options === "string" ? { locale: options } : options;
}

/**
 * Reads a caller's options once, under guard (a getter or Proxy trap may
 * throw): `locale`, `timeZone` and the members named in `more`, into a plain
 * copy, or what could not be read. A bare locale name reads as `{ locale }`.
 */
export function readOptions(given: unknown, caller: string, more: Shape = {}): Read<Record<string, unknown>> {
  if (given === undefined) return { ok: true, value: {} };
  if (typeof given === "string") return { ok: true, value: { locale: given } };
  return readProps(given, { locale: true, timeZone: true, ...more }, `${caller}: options`);
}

/** {@link readOptions} for a renderer: options that cannot be read are a programmer error (`LawfulCrmError`). */
export function readRenderOptions(given: unknown, caller: string, more: Shape = {}): Readonly<Record<string, unknown>> {
  const read = readOptions(given, caller, more);
  if (!read.ok) throw new LawfulCrmError("INVALID_ARGUMENT", `${read.message}.`);
  return read.value;
}

/** The messages `options.locale` names (English by default); throws for an unknown one. Give it options read by {@link readOptions}. */
export function messagesOf(given: LocaleOptions | undefined, caller: string): Messages {
  const options = optionsOf(given);
  const locale = options?.locale;
  if (locale === undefined) return english;
  // A regional tag (`de-DE`, `en-GB`) gets the catalogue of its language.
  if (typeof locale === "string" && builtIn(locale) !== undefined) return builtIn(locale)!.messages;
  if (typeof locale === "object" && locale !== null && typeof locale.messages === "object" && locale.messages !== null) return locale.messages;
  throw new LawfulCrmError("INVALID_ARGUMENT", `${caller}: options.locale must be "en", "de" or a locale made by defineLocale(), got ${JSON.stringify(String(locale))}.`);
}

/** What a renderer writes with: the messages, and dates, durations and lists in their words. */
export interface Wording {
  readonly m: Messages;
  /** A timestamp as a day in the time zone (the text as given when it is not a timestamp). */
  day(iso: string): string;
  /** A timestamp as a time in the time zone. */
  time(iso: string): string;
  /** An ISO 8601 duration in words (as given when it is not one). */
  duration(iso: string): string;
  list(items: readonly string[]): string;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNITS: readonly DurationUnit[] = ["year", "month", "week", "day", "hour", "minute", "second"];

/** `P1Y6M` in the words of `m`: `1 year and 6 months`. */
export function durationWords(d: string, m: Messages): string {
  const match = parseDuration(d) === undefined ? null : DURATION.exec(d);
  if (match === null) return d;
  const parts: string[] = [];
  UNITS.forEach((unit, k) => {
    const n = match[k + 1];
    if (n !== undefined && Number(n) !== 0) parts.push(m.words.unit(Number(n), unit));
  });
  return parts.length === 0 ? m.words.noTime : m.words.list(parts);
}

/** The wording for `options` (language and time zone checked: a bad one throws `LawfulCrmError`). */
export function wordingOf(given: LocaleOptions | undefined, caller: string): Wording {
  const options = optionsOf(given);
  const m = messagesOf(options, caller);
  const timeZone = options?.timeZone ?? "UTC";
  if (!isTimeZone(timeZone)) {
    throw new LawfulCrmError("INVALID_ARGUMENT", `${caller}: options.timeZone must be an IANA time zone such as "Europe/Berlin" (default "UTC"), got ${JSON.stringify(String(timeZone))}.`);
  }
  // A document names the same instants many times: each is put in words once per rendering.
  const days = new Map<string, string>();
  const times = new Map<string, string>();
  const inWords = (memo: Map<string, string>, iso: string, say: (t: CivilTime) => string): string => {
    let s = memo.get(iso);
    if (s === undefined) {
      const t = civilTime(iso, timeZone);
      memo.set(iso, (s = t === undefined ? iso : say(t)));
    }
    return s;
  };
  return {
    m,
    day: (iso) => inWords(days, iso, (t) => m.dates.day(t)),
    time: (iso) => inWords(times, iso, (t) => m.dates.time(t)),
    duration: (iso) => durationWords(iso, m),
    list: (items) => m.words.list(items),
  };
}

/**
 * The built-in English messages: the library's wording when no locale is given. Spread it to start a catalogue of your own.
 *
 * @example
 * ```ts
 * import { englishMessages } from "lawful-crm";
 * console.log(englishMessages.accessReport.frame.title); //=> Your personal data held by us
 * console.log(englishMessages.reasons.ERASED({ field: "email" })); //=> Every value of "email" was erased (GDPR Art. 17).
 * ```
 */
export const englishMessages: Messages = english;
/**
 * The built-in German messages, in the terms of the DSGVO. Spread it to start a catalogue of your own.
 *
 * @example
 * ```ts
 * import { germanMessages } from "lawful-crm";
 * console.log(germanMessages.processingRecord.title); //=> Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)
 * console.log(germanMessages.reasons.ERASED({ field: "email" })); //=> Sämtliche Werte von „email“ wurden gelöscht (Art. 17 DSGVO).
 * ```
 */
export const germanMessages: Messages = german;
