/** English words, dates and the text of `explain`. */
import type { CivilTime, DateMessages, DurationUnit, ExplainMessages, WordMessages } from "../types.js";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const pad = (n: number): string => String(n).padStart(2, "0");

/** `n one` or `n many`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `a, b and c`. */
export function list(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/** English words. */
export const words: WordMessages = {
  list,
  unit: (n: number, unit: DurationUnit) => plural(n, unit, unit + "s"),
  noTime: "no time",
  legalBasis: {
    consent: "your consent (GDPR Art. 6(1)(a))",
    contract: "a contract with you, or steps you asked for before one (Art. 6(1)(b))",
    "legal-obligation": "a legal obligation we have (Art. 6(1)(c))",
    "vital-interests": "protecting someone's vital interests (Art. 6(1)(d))",
    "public-task": "a task in the public interest (Art. 6(1)(e))",
    "legitimate-interests": "our legitimate interests, weighed against yours (Art. 6(1)(f))",
  },
  consentMethod: {
    "opt-in": "you actively ticked a box or clicked to agree",
    "double-opt-in": "you agreed and then confirmed through a link we sent you",
    signature: "you signed",
    "recorded-verbal": "you agreed verbally and we recorded it",
    "pre-ticked": "a box was ticked in advance (this is not valid consent)",
    implied: "it was assumed from your behaviour (this is not valid consent)",
    hidden: "it was hidden in other text (this is not valid consent)",
    bundled: "it was bundled with other terms (this is not valid consent)",
  },
  sourceKind: {
    subject: "you gave it to us yourself",
    form: "a form you filled in",
    manual: "entered by our staff",
    import: "imported from another list or system",
    "social-network": "a social network",
    "social-app": "a social media app",
    api: "another system, through an interface",
  },
  consentProblem: {
    CONSENT_NOT_ACTIVE: "it was not given by an active act",
    CONSENT_UNINFORMED: "the notice you were shown did not describe this purpose",
    CONSENT_UNCONFIRMED: "it was never confirmed, and this purpose requires confirmation",
    CONSENT_WITHDRAWN: "you withdrew it",
    CONSENT_EXPIRED: "it has expired",
    PURPOSE_NOT_DECLARED: "this purpose did not exist yet when you gave it",
  },
  specialCondition: {
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
  },
  erasureGround: {
    COLLECTION_CONSENT_WITHDRAWN: "the consent it was collected on was withdrawn or has expired",
    OWNER_DEPARTED: "it came through an employee's account, and that employee has left",
    UNLAWFUL_COLLECTION: "it was not collected lawfully",
    RETENTION_EXPIRED: "the period for which we may keep it has ended",
    OBJECTED: "you objected to the direct marketing it was kept for",
  },
};

/** English dates: `1 February 2024, 09:05 UTC`. */
export const dates: DateMessages = {
  day: (t: CivilTime) => `${t.day} ${MONTHS[t.month - 1]} ${t.year}`,
  time: (t: CivilTime) => `${t.day} ${MONTHS[t.month - 1]} ${t.year}, ${pad(t.hour)}:${pad(t.minute)}${t.second === 0 ? "" : `:${pad(t.second)}`} ${t.zone}`,
};

/** The English text of `explain`. */
export const explain: ExplainMessages = {
  verdict: (p) =>
    `${p.allowed ? "ALLOWED" : "DENIED"}: use of ${p.fields.join(", ") || "(no fields)"} of ${JSON.stringify(p.subject)} for ${JSON.stringify(p.purpose)} at ${p.at}`,
  allowedOn: (p) => `allowed on the basis of ${p.basis} (events: ${p.eventIds.join(", ") || "none"})`,
  events: (ids) => `events: ${ids.join(", ")}`,
  discloseOrigin: (p) => `tell the person their data came from ${p.sources.join(", ")} (GDPR Art. 14(2)(f)).`,
};
