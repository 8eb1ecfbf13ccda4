/**
 * Shared plumbing of the reports: what a stored value's state is, and the
 * plain-language words the renderers use. Internal.
 */
import { isForgotten, isSealed } from "../vault/index.js";

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

/** Each condition of GDPR Art. 9(2) for special categories of data, in words a non-lawyer reads, with its point. */
export const CONDITION_WORDS: Readonly<Record<string, string>> = {
  "A9-2-a": "your explicit consent (GDPR Art. 9(2)(a))",
  "A9-2-b": "obligations and rights in employment and social security law (Art. 9(2)(b))",
  "A9-2-c": "protecting someone's vital interests when you cannot consent (Art. 9(2)(c))",
  "A9-2-d": "the activities of a not-for-profit body you are a member of or in regular contact with (Art. 9(2)(d))",
  "A9-2-e": "data you have manifestly made public yourself (Art. 9(2)(e))",
  "A9-2-f": "establishing, exercising or defending legal claims (Art. 9(2)(f))",
  "A9-2-g": "a substantial public interest set out in law (Art. 9(2)(g))",
  "A9-2-h": "health or social care (Art. 9(2)(h))",
  "A9-2-i": "public interest in public health (Art. 9(2)(i))",
  "A9-2-j": "archiving, research or statistics in the public interest (Art. 9(2)(j))",
};

/** Each ground of GDPR Art. 17(1) on which a value is due for erasure, in words. */
export const ERASURE_WORDS: Readonly<Record<string, string>> = {
  COLLECTION_CONSENT_WITHDRAWN: "the consent it was collected on was withdrawn or has expired",
  OWNER_DEPARTED: "it came through an employee's account, and that employee has left",
  UNLAWFUL_COLLECTION: "it was not collected lawfully",
  RETENTION_EXPIRED: "the period for which we may keep it has ended",
  OBJECTED: "you objected to the direct marketing it was kept for",
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
