/**
 * Shared plumbing of the reports: reading a ledger at an instant, code-unit
 * ordering, deep freezing, and the plain-language words the renderers use.
 * Internal.
 */
import { parseTimestamp } from "../_internal/time.js";
import { queryInstant, type Instant, type View } from "../_internal/view.js";
import { storeOf, type Ledger } from "../ledger/ledger.js";
import { badAt, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import type { Store } from "../ledger/store.js";
import { isForgotten, isSealed } from "../vault/markers.js";

/** A ledger snapshot read at one query instant. */
export interface ReadContext {
  readonly store: Store;
  readonly size: number;
  readonly v: View;
  readonly i: Instant;
  readonly t: number;
  readonly at: string;
}

/** Reads `ledger` at `at`; an {@link InvalidQuery} when `at` is not a wire-format timestamp. */
export function readAt(ledger: Ledger, at: unknown, fn: string): ReadContext | InvalidQuery {
  const t = parseTimestamp(at);
  if (t === undefined) return invalidQuery(badAt(fn, "options.at", at));
  const store = storeOf(ledger);
  const size = ledger.size;
  return { store, size, v: { cat: store.catalog, size }, i: queryInstant(t), t, at: at as string };
}

/** Code-unit order of strings (no locale). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two entries by (at, log position). */
export function byTimePos(a: { t: number; pos: number }, b: { t: number; pos: number }): number {
  return a.t - b.t || a.pos - b.pos;
}

/** Freezes a freshly built value and everything reachable from it; returns it. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** Builds an object without the keys whose value is `undefined` (for exactOptionalPropertyTypes). */
export function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (val !== undefined) out[k] = val;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}

/** What a stored personal value is, as a report sees it. */
export type ValueState = "readable" | "forgotten" | "sealed";

/** Whether a personal value is readable, forgotten (key shredded) or still sealed (read without its vault). */
export function valueState(v: unknown): ValueState {
  return isForgotten(v) ? "forgotten" : isSealed(v) ? "sealed" : "readable";
}

// ------------------------------------------------------------ plain words

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** `2024-02-01T09:05:00Z` as `1 February 2024, 09:05 UTC` (seconds only when not zero); no locale. */
export function humanTime(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (m === null) return iso;
  const sec = m[6] === "00" ? "" : `:${m[6]}`;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}, ${m[4]}:${m[5]}${sec} UTC`;
}

/** `2024-02-01T09:05:00Z` as `1 February 2024`; no locale. */
export function humanDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(iso);
  return m === null ? iso : `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** Each legal basis in words a non-lawyer reads, with its article. */
export const BASIS_WORDS: Readonly<Record<string, string>> = {
  consent: "your consent (GDPR Art. 6(1)(a))",
  contract: "a contract with you, or steps you asked for before one (Art. 6(1)(b))",
  "legal-obligation": "a legal obligation we have (Art. 6(1)(c))",
  "vital-interests": "protecting someone's vital interests (Art. 6(1)(d))",
  "public-task": "a task in the public interest (Art. 6(1)(e))",
  "legitimate-interests": "our legitimate interests, weighed against yours (Art. 6(1)(f))",
};

/** How a consent was captured, in words. */
export const METHOD_WORDS: Readonly<Record<string, string>> = {
  "opt-in": "you actively ticked a box or clicked to agree",
  "double-opt-in": "you agreed and then confirmed through a link we sent you",
  signature: "you signed",
  "recorded-verbal": "you agreed verbally and we recorded it",
  "pre-ticked": "a box was ticked in advance (this is not valid consent)",
  implied: "it was assumed from your behaviour (this is not valid consent)",
  hidden: "it was hidden in other text (this is not valid consent)",
  bundled: "it was bundled with other terms (this is not valid consent)",
};

/** Each source kind in words. */
export const KIND_WORDS: Readonly<Record<string, string>> = {
  subject: "you gave it to us yourself",
  form: "a form you filled in",
  manual: "entered by our staff",
  import: "imported from another list or system",
  "social-network": "a social network",
  "social-app": "a social media app",
  api: "another system, through an interface",
};

/** A consent failure code in words. */
export const CONSENT_PROBLEM_WORDS: Readonly<Record<string, string>> = {
  CONSENT_NOT_ACTIVE: "it was not given by an active act",
  CONSENT_UNINFORMED: "the notice you were shown did not describe this purpose",
  CONSENT_UNCONFIRMED: "it was never confirmed, and this purpose requires confirmation",
  CONSENT_WITHDRAWN: "you withdrew it",
  CONSENT_EXPIRED: "it has expired",
  PURPOSE_NOT_DECLARED: "this purpose did not exist yet when you gave it",
};
