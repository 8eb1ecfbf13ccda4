/**
 * The shape of a catalogue of messages: every sentence the library writes
 * for a person, as a typed function of what it says (or a fixed string when
 * it says nothing variable). A catalogue that lacks one is a compile error.
 */
import type { ConsentMethod, LegalBasis, SourceKind, SpecialCondition } from "../events/index.js";
import type { AccessReportMessages } from "./reportTypes.js";
import type { ProcessingRecordMessages } from "./recordTypes.js";

/**
 * Inline text of a rendered document: plain text, a part set in bold
 * (`{ strong }`), or a sequence. The renderers escape every string.
 *
 * @example
 * ```ts
 * import type { Phrase } from "lawful-crm";
 * const intro: Phrase = ["As of ", { strong: "1 June 2024" }, ", we hold:"];
 * console.log(JSON.stringify(intro)); //=> ["As of ",{"strong":"1 June 2024"},", we hold:"]
 * ```
 */
export type Phrase = string | { readonly strong: Phrase } | readonly Phrase[];

/**
 * An instant as the wall clock of the chosen time zone shows it.
 *
 * @example
 * ```ts
 * import { germanMessages, type CivilTime } from "lawful-crm";
 * const t: CivilTime = { year: 2024, month: 2, day: 1, hour: 10, minute: 5, second: 0, zone: "UTC+01:00", timeZone: "Europe/Berlin" };
 * console.log(germanMessages.dates.time(t)); //=> 1. Februar 2024, 10:05 Uhr UTC+01:00
 * ```
 */
export interface CivilTime {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** `UTC` when the time zone is UTC, else the offset from UTC at that instant, e.g. `UTC+02:00`. */
  readonly zone: string;
  /** The IANA name of the time zone asked for, e.g. `Europe/Berlin` (`UTC` by default). */
  readonly timeZone: string;
}

/**
 * The units of an ISO 8601 duration, largest first.
 *
 * @example
 * ```ts
 * import { germanMessages, type DurationUnit } from "lawful-crm";
 * const unit: DurationUnit = "month";
 * console.log(germanMessages.words.unit(6, unit)); //=> 6 Monate
 * ```
 */
export type DurationUnit = "year" | "month" | "week" | "day" | "hour" | "minute" | "second";

/**
 * Why a consent is not effective for a purpose, in an access report.
 *
 * @example
 * ```ts
 * import { englishMessages, type ConsentProblemCode } from "lawful-crm";
 * const code: ConsentProblemCode = "CONSENT_WITHDRAWN";
 * console.log(englishMessages.words.consentProblem[code]); //=> you withdrew it
 * ```
 */
export type ConsentProblemCode = "CONSENT_NOT_ACTIVE" | "CONSENT_UNINFORMED" | "CONSENT_UNCONFIRMED" | "CONSENT_WITHDRAWN" | "CONSENT_EXPIRED" | "PURPOSE_NOT_DECLARED";

/**
 * Words shared by every rendering.
 *
 * @example
 * ```ts
 * import { germanMessages, type WordMessages } from "lawful-crm";
 * const words: WordMessages = germanMessages.words;
 * console.log(words.list(["E-Mail", "Telefon", "Anschrift"])); //=> E-Mail, Telefon und Anschrift
 * ```
 */
export interface WordMessages {
  /** A list in running text: `a, b and c`. */
  readonly list: (items: readonly string[]) => string;
  /** `n` of a duration unit: `1 year`, `6 months`. */
  readonly unit: (n: number, unit: DurationUnit) => string;
  /** A duration of zero. */
  readonly noTime: string;
  /** Each legal basis in words a non-lawyer reads, with its article. */
  readonly legalBasis: Readonly<Record<LegalBasis, string>>;
  /** How a consent was captured. */
  readonly consentMethod: Readonly<Record<ConsentMethod, string>>;
  /** What kind of source data came from. */
  readonly sourceKind: Readonly<Record<SourceKind, string>>;
  /** Why a consent is not in effect for a purpose. */
  readonly consentProblem: Readonly<Record<ConsentProblemCode, string>>;
  /** Each condition of GDPR Art. 9(2) for special categories of data, in words a non-lawyer reads, with its point. */
  readonly specialCondition: Readonly<Record<SpecialCondition, string>>;
  /** Each ground of GDPR Art. 17(1) on which a value is due for erasure, as a clause ("the consent it was collected on was withdrawn"). */
  readonly erasureGround: Readonly<Record<ErasureGroundCode, string>>;
}

/**
 * The grounds of GDPR Art. 17(1) on which `erasureDue` lists a value (its reason codes).
 *
 * @example
 * ```ts
 * import { germanMessages, type ErasureGroundCode } from "lawful-crm";
 * const code: ErasureGroundCode = "RETENTION_EXPIRED";
 * console.log(germanMessages.words.erasureGround[code]); //=> die Frist, für die wir ihn speichern dürfen, ist abgelaufen
 * ```
 */
export type ErasureGroundCode = "COLLECTION_CONSENT_WITHDRAWN" | "OWNER_DEPARTED" | "UNLAWFUL_COLLECTION" | "RETENTION_EXPIRED" | "OBJECTED";

/**
 * Why a consent a condition of Art. 9(2)(a) rests on is not effective for the use (each as the CONSENT_* reason says it).
 *
 * @example
 * ```ts
 * import type { ConsentFailureWhy } from "lawful-crm";
 * const why: ConsentFailureWhy = { code: "CONSENT_WITHDRAWN", at: "2024-05-01T09:00:00Z" };
 * console.log(why.code); //=> CONSENT_WITHDRAWN
 * ```
 */
export type ConsentFailureWhy =
  | { readonly code: "CONSENT_NOT_ACTIVE"; readonly method: string }
  | { readonly code: "CONSENT_UNINFORMED"; readonly notice: string; readonly version: string; readonly published: boolean }
  | { readonly code: "CONSENT_UNCONFIRMED" }
  | { readonly code: "CONSENT_WITHDRAWN"; readonly at: string }
  | { readonly code: "CONSENT_EXPIRED"; readonly expires?: string; readonly maxAge?: string };

/**
 * Why a recorded condition of GDPR Art. 9(2) does not hold for a value and a use.
 *
 * @example
 * ```ts
 * import { englishMessages, type SpecialConditionProblem } from "lawful-crm";
 * const problems: SpecialConditionProblem[] = [{ kind: "ended", at: "2024-05-01T00:00:00Z" }];
 * const m = englishMessages.reasons.NO_SPECIAL_CONDITION({ field: "diagnosis", category: "health", since: "2024-01-01T00:00:00Z", declaredAs: "health",
 *   purpose: "care", conditions: [{ condition: "A9-2-h", reference: "care-1", problems }] });
 * console.log(m.endsWith('condition A9-2-h (reference "care-1") was ended on 2024-05-01T00:00:00Z.')); //=> true
 * ```
 */
export type SpecialConditionProblem =
  | { readonly kind: "ended"; readonly at: string }
  | { readonly kind: "expired"; readonly until: string }
  | { readonly kind: "category-not-covered"; readonly categories: readonly string[]; readonly category: string }
  | { readonly kind: "purpose-not-covered"; readonly purposes: readonly string[]; readonly purpose: string }
  | { readonly kind: "consent-missing"; readonly consent: string }
  | { readonly kind: "consent-not-covering"; readonly consent: string; readonly purpose: string }
  /** `purpose`: the use purpose (named when the notice did not describe it). */
  | { readonly kind: "consent-not-effective"; readonly consent: string; readonly purpose: string; readonly why: ConsentFailureWhy };

/**
 * A recorded condition of GDPR Art. 9(2) that does not hold, and why.
 *
 * @example
 * ```ts
 * import type { SpecialConditionFailure } from "lawful-crm";
 * const c: SpecialConditionFailure = { condition: "A9-2-a", reference: "k-health", problems: [{ kind: "consent-missing", consent: "k9" }] };
 * console.log(c.problems.length); //=> 1
 * ```
 */
export interface SpecialConditionFailure {
  readonly condition: string;
  readonly reference: string;
  readonly problems: readonly SpecialConditionProblem[];
}

/**
 * The sentences of the erasure work list (`erasureDue`) that are its own;
 * its collection grounds are the decisions' reasons.
 *
 * @example
 * ```ts
 * import { germanMessages, type ErasureMessages } from "lawful-crm";
 * const erasure: ErasureMessages = germanMessages.erasure;
 * console.log(erasure.OBJECTED({ field: "email", purposes: ["newsletter"] }).split(" (")[0]);
 * //=> Der Wert von „email“ wurde nur für Direktwerbung erhoben
 * ```
 */
export interface ErasureMessages {
  /** The retention of every collection purpose of the value (`recordedAt`, for `purposes`) has ended, since `since`. */
  readonly RETENTION_EXPIRED: (p: { readonly field: string; readonly recordedAt: string; readonly purposes: readonly string[]; readonly since: string }) => string;
  /** The value was collected only for direct marketing (`purposes`), to which the person objected. */
  readonly OBJECTED: (p: { readonly field: string; readonly purposes: readonly string[] }) => string;
}

/**
 * Dates and times.
 *
 * @example
 * ```ts
 * import { englishMessages, type DateMessages } from "lawful-crm";
 * // ISO 8601 days instead of words:
 * const iso: DateMessages = { ...englishMessages.dates, day: (t) => `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}` };
 * console.log(iso.day({ year: 2024, month: 2, day: 1, hour: 0, minute: 0, second: 0, zone: "UTC", timeZone: "UTC" })); //=> 2024-02-01
 * ```
 */
export interface DateMessages {
  /** A calendar day: `1 February 2024`. */
  readonly day: (t: CivilTime) => string;
  /** An instant: `1 February 2024, 09:05 UTC` (seconds when not zero). */
  readonly time: (t: CivilTime) => string;
}

/**
 * What makes a query malformed.
 *
 * @example
 * ```ts
 * import { germanMessages, type QueryProblem } from "lawful-crm";
 * const problem: QueryProblem = { kind: "at", got: '"gestern"' };
 * console.log(germanMessages.reasons.INVALID_QUERY({ problem }).split(":")[0]); //=> Die Anfrage ist fehlerhaft
 * ```
 */
export type QueryProblem =
  | { readonly kind: "not-object" | "subject" | "fields" | "field" | "actor" | "actor-id" | "actor-roles" }
  /** `got`: the value given, quoted as JSON, or its type. */
  | { readonly kind: "purpose" | "at"; readonly got: string }
  /**
   * Reading the query (or the options) ran the caller's code, and it threw:
   * `what` could not be read (`query.actor.roles`, `canUse(): options.locale`),
   * `thrown` is the exception described (`Error: boom`); without `thrown`, the
   * object nests deeper than 512 levels or refers to itself.
   */
  | { readonly kind: "unreadable"; readonly what: string; readonly thrown?: string };

/**
 * Why the origin of a value cannot be traced.
 *
 * @example
 * ```ts
 * import { englishMessages, type UnknownSourceProblem } from "lawful-crm";
 * const problems: UnknownSourceProblem[] = [{ kind: "account-not-linked", account: "li-carla", source: "linkedin" }];
 * console.log(englishMessages.reasons.UNKNOWN_SOURCE({ field: "employer", problems }).split(":")[0]); //=> The origin of "employer" cannot be traced
 * ```
 */
export type UnknownSourceProblem =
  | { readonly kind: "unregistered"; readonly source: string; readonly at: string }
  | { readonly kind: "correction-unregistered"; readonly source: string; readonly at: string }
  | { readonly kind: "account-not-linked"; readonly account: string; readonly source: string };

/**
 * Why the collection of a value was unlawful.
 *
 * @example
 * ```ts
 * import { germanMessages, type UnlawfulCollectionProblem } from "lawful-crm";
 * const problems: UnlawfulCollectionProblem[] = [{ kind: "consent-missing" }];
 * console.log(germanMessages.reasons.UNLAWFUL_COLLECTION({ field: "email", problems }).startsWith("Der Wert von „email“ wurde rechtswidrig erhoben")); //=> true
 * ```
 */
export type UnlawfulCollectionProblem =
  | { readonly kind: "basis-not-declared"; readonly purposes: readonly string[]; readonly basis: string }
  | { readonly kind: "import-consent-missing"; readonly source: string; readonly purpose: string }
  | { readonly kind: "consent-missing" };

/**
 * What every consent failure names: the consent and the purpose of the use.
 *
 * @example
 * ```ts
 * import { englishMessages, type ConsentRef } from "lawful-crm";
 * const ref: ConsentRef = { consent: "k1", purpose: "marketing.email" };
 * console.log(englishMessages.reasons.CONSENT_WITHDRAWN({ ...ref, withdrawnAt: "2024-05-01T09:00:00Z" }));
 * //=> Consent "k1" was withdrawn on 2024-05-01T09:00:00Z, so it is not effective for "marketing.email".
 * ```
 */
export interface ConsentRef {
  readonly consent: string;
  readonly purpose: string;
}

/**
 * The sentence of each reason code of a decision (`Reason.message`). Values
 * arrive raw (ids, purposes, ISO 8601 timestamps); the catalogue quotes them.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReasonMessages } from "lawful-crm";
 * const reasons: ReasonMessages = { ...germanMessages.reasons, RESTRICTED: (p) => `Gesperrt seit ${p.since} (Art. 18 DSGVO).` };
 * console.log(reasons.RESTRICTED({ since: "2024-05-10T09:00:00Z" })); //=> Gesperrt seit 2024-05-10T09:00:00Z (Art. 18 DSGVO).
 * ```
 */
export interface ReasonMessages {
  /** The query is malformed: `problem` says how. */
  readonly INVALID_QUERY: (p: { readonly problem: QueryProblem }) => string;
  /** Subject `from` was merged into `into` at `at` (issue 14): its data is answered for as the survivor's. */
  readonly MERGED: (p: { readonly from: string; readonly into: string; readonly at: string }) => string;
  /** `rejected` unvoided rejects make the history incomplete; `catalog`: some mark the catalog. */
  readonly HISTORY_INCOMPLETE: (p: { readonly rejected: number; readonly catalog: boolean }) => string;
  /** Nothing is recorded about `subject` by `at`. */
  readonly UNKNOWN_SUBJECT: (p: { readonly subject: string; readonly at: string }) => string;
  /** `purpose` was never declared by `at`. */
  readonly UNKNOWN_PURPOSE: (p: { readonly purpose: string; readonly at: string }) => string;
  /** `purpose` was retired (at `retiredAt`). */
  readonly PURPOSE_RETIRED: (p: { readonly purpose: string; readonly retiredAt?: string }) => string;
  /** Subject-level (no `field`: no requested value is covered, `roles` named) or for one field and its category. */
  readonly ACCESS_DENIED: (
    p: { readonly actor: string; readonly purpose: string; readonly roles: readonly string[] } | { readonly actor: string; readonly purpose: string; readonly field: string; readonly category: string },
  ) => string;
  /** Processing is restricted since `since` (Art. 18). */
  readonly RESTRICTED: (p: { readonly since: string }) => string;
  /** `objected`: the purposes objected to; `directMarketing`: the objection is to direct marketing (absolute). */
  readonly OBJECTED: (p: { readonly objected: readonly string[]; readonly purpose: string; readonly directMarketing: boolean }) => string;
  /** No value of `field` was recorded by `at`. */
  readonly NO_DATA: (p: { readonly field: string; readonly at: string }) => string;
  /** Every value of `field` was erased (Art. 17). */
  readonly ERASED: (p: { readonly field: string }) => string;
  /** The origin of `field` cannot be traced, for each of `problems`. */
  readonly UNKNOWN_SOURCE: (p: { readonly field: string; readonly problems: readonly UnknownSourceProblem[] }) => string;
  /** `field` was collected unlawfully, for each of `problems`. */
  readonly UNLAWFUL_COLLECTION: (p: { readonly field: string; readonly problems: readonly UnlawfulCollectionProblem[] }) => string;
  /** `agreement`: `erase` (the agreement erases the account's contacts) or `keep-company-contacts`. */
  readonly OWNER_DEPARTED: (p: { readonly field: string; readonly account: string; readonly employee: string; readonly leftAt: string; readonly agreement: string }) => string;
  /** `field` is held on a consent no longer valid (Art. 17(1)(b)). */
  readonly COLLECTION_CONSENT_WITHDRAWN: (p: { readonly field: string }) => string;
  /** `assessedIncompatible`: a compatibility assessment found the use incompatible (else none allows it). */
  readonly PURPOSE_INCOMPATIBLE: (p: { readonly field: string; readonly collectedFor: readonly string[]; readonly purpose: string; readonly assessedIncompatible: boolean }) => string;
  /** `bases`: the bases the purpose may rest on. */
  readonly NO_LEGAL_BASIS: (p: { readonly purpose: string; readonly bases: readonly string[] }) => string;
  /** The consent was captured by `method`, not an active act. */
  readonly CONSENT_NOT_ACTIVE: (p: ConsentRef & { readonly method: string }) => string;
  /** `published`: false when the notice version had not been published by the consent. */
  readonly CONSENT_UNINFORMED: (p: ConsentRef & { readonly notice: string; readonly version: string; readonly published: boolean }) => string;
  /** The consent was never confirmed, and the purpose requires double opt-in. */
  readonly CONSENT_UNCONFIRMED: (p: ConsentRef) => string;
  /** The consent was withdrawn at `withdrawnAt`. */
  readonly CONSENT_WITHDRAWN: (p: ConsentRef & { readonly withdrawnAt: string }) => string;
  /** Either the consent's own `expires`, or the purpose's maximum consent age `maxAge` (ISO 8601 duration). */
  readonly CONSENT_EXPIRED: (p: ConsentRef & ({ readonly expires: string } | { readonly maxAge: string })) => string;
  /** The value of `field`, recorded at `recordedAt`, is past its retention period. */
  readonly RETENTION_EXPIRED: (p: { readonly field: string; readonly recordedAt: string }) => string;
  /**
   * The value of `field` is of `category`, a special category (GDPR Art. 9(1)) since `since` by the
   * declaration of `declaredAs`, and no condition of Art. 9(2) holds for its use for `purpose`:
   * `conditions` are those recorded for the person, each with why it fails (none: none is recorded).
   */
  readonly NO_SPECIAL_CONDITION: (p: {
    readonly field: string;
    readonly category: string;
    readonly since: string;
    readonly declaredAs: string;
    readonly purpose: string;
    readonly conditions: readonly SpecialConditionFailure[];
  }) => string;
}

/**
 * The text of `explain(decision)`.
 *
 * @example
 * ```ts
 * import { englishMessages, type ExplainMessages } from "lawful-crm";
 * const explainText: ExplainMessages = { ...englishMessages.explain, events: (ids) => `based on ${ids.join(" + ")}` };
 * console.log(explainText.events(["e1", "e2"])); //=> based on e1 + e2
 * ```
 */
export interface ExplainMessages {
  /** The first line: the verdict and what was asked. */
  readonly verdict: (p: { readonly allowed: boolean; readonly fields: readonly string[]; readonly subject: string; readonly purpose: string; readonly at: string }) => string;
  /** An allowed field (after `[field] `). */
  readonly allowedOn: (p: { readonly basis: string; readonly eventIds: readonly string[] }) => string;
  /** The events a reason rests on (in parentheses after it). */
  readonly events: (eventIds: readonly string[]) => string;
  /** A DISCLOSE_ORIGIN obligation (after `[field] DISCLOSE_ORIGIN: `). */
  readonly discloseOrigin: (p: { readonly sources: readonly string[] }) => string;
}

/**
 * A complete catalogue of messages for one language. Build your own with
 * `defineLocale`; start from `englishMessages` or `germanMessages` and
 * replace what you need. Leaving a message out does not compile.
 *
 * @example
 * ```ts
 * import { defineLocale, englishMessages, type Messages } from "lawful-crm";
 * const plain: Messages = {
 *   ...englishMessages,
 *   locale: "en-GB",
 *   reasons: { ...englishMessages.reasons, ERASED: (p) => `We deleted every ${p.field} we had.` },
 * };
 * console.log(defineLocale(plain).messages.reasons.ERASED({ field: "phone number" })); //=> We deleted every phone number we had.
 * ```
 */
export interface Messages {
  /** The BCP 47 language tag of the catalogue (`en`, `de`): the HTML report's `lang`. */
  readonly locale: string;
  readonly words: WordMessages;
  readonly dates: DateMessages;
  readonly reasons: ReasonMessages;
  readonly explain: ExplainMessages;
  readonly accessReport: AccessReportMessages;
  readonly processingRecord: ProcessingRecordMessages;
  /** The erasure work list's own sentences (`erasureDue`). */
  readonly erasure: ErasureMessages;
}
