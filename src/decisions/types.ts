import type { LegalBasis } from "../events/index.js";
import type { LocaleOptions } from "../locale/index.js";

/**
 * Options of a decision: the language of its reason sentences (`"en"` by
 * default, `"de"`, or a catalogue of your own from `defineLocale`). Codes,
 * event ids and every other field are the same whatever the language.
 *
 * @example
 * ```ts
 * import { canUse, replay, type DecisionOptions } from "lawful-crm";
 * const options: DecisionOptions = { locale: "de" };
 * const query = { subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: [] }, at: "2024-01-01T00:00:00Z" };
 * const en = canUse(replay([]), query);
 * const de = canUse(replay([]), query, options);
 * console.log(de.reasons[0]?.code === en.reasons[0]?.code, de.reasons[0]?.message !== en.reasons[0]?.message); //=> true true
 * ```
 */
export type DecisionOptions = Pick<LocaleOptions, "locale">;

/** Every reason a decision can give, as a runtime list (see docs/decisions.md for the law behind each). */
export const REASON_CODES = [
  "INVALID_QUERY",
  // issue 14: the subject was merged into another (stand-alone, as INVALID_QUERY).
  "MERGED",
  "HISTORY_INCOMPLETE",
  "UNKNOWN_SUBJECT",
  "UNKNOWN_PURPOSE",
  "PURPOSE_RETIRED",
  "ACCESS_DENIED",
  "RESTRICTED",
  "OBJECTED",
  "NO_DATA",
  "ERASED",
  "UNKNOWN_SOURCE",
  "UNLAWFUL_COLLECTION",
  "OWNER_DEPARTED",
  "COLLECTION_CONSENT_WITHDRAWN",
  "PURPOSE_INCOMPATIBLE",
  "NO_LEGAL_BASIS",
  "CONSENT_NOT_ACTIVE",
  "CONSENT_UNINFORMED",
  "CONSENT_UNCONFIRMED",
  "CONSENT_WITHDRAWN",
  "CONSENT_EXPIRED",
  "RETENTION_EXPIRED",
  "NO_SPECIAL_CONDITION",
] as const;

/** Why a use is denied. */
export type ReasonCode = (typeof REASON_CODES)[number];
/** The reason codes as a runtime list under the type's own name (the same list as {@link REASON_CODES}). */
export const ReasonCode: readonly ReasonCode[] = REASON_CODES;

/** One reason of a decision: a code, a plain sentence, the field it concerns (if any) and the events it rests on. */
export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
  readonly field?: string;
  /** Ids of the events the reason rests on; an item without a usable id is named `#<position>`. */
  readonly eventIds: readonly string[];
}

/** What an allowed use obliges the controller to do. */
export interface Obligation {
  /** GDPR Art. 14(2)(f), 15(1)(g): tell the person where the data came from. */
  readonly code: "DISCLOSE_ORIGIN";
  readonly field: string;
  /** The sources not yet disclosed to the person. */
  readonly sources: readonly string[];
}

/** The legal basis an allowed field rests on, and the events that establish it. */
export interface FieldBasis {
  readonly legalBasis: LegalBasis;
  readonly eventIds: readonly string[];
}

/** The decision for one requested field. */
export interface FieldDecision {
  readonly field: string;
  readonly allowed: boolean;
  readonly basis?: FieldBasis;
  /** The reasons that concern this field (subject-level reasons are in `Decision.reasons`). */
  readonly reasons: readonly Reason[];
}

/** The answer to "may this actor use these fields of this subject for this purpose at time T?". */
export interface Decision {
  /** True only if every requested field is allowed. */
  readonly allowed: boolean;
  readonly subject: string;
  readonly purpose: string;
  readonly at: string;
  /**
   * How long the answer holds: the earliest instant after `at` at which the
   * same query could be answered otherwise with no new event (an event
   * already in the log but dated later, a consent's expiry or maximum age, a
   * retention period's end, a basis's `until`); absent when nothing
   * time-driven is ahead. Sound, and conservative: it may come earlier than
   * the real change, never later. Cache the decision until then.
   */
  readonly validUntil?: string;
  readonly fields: readonly FieldDecision[];
  /** Every reason, subject-level (no `field`) and per field (with `field`). */
  readonly reasons: readonly Reason[];
  /** Only when allowed. */
  readonly obligations: readonly Obligation[];
}

/** Who asks to use the data. */
export interface Actor {
  readonly id: string;
  readonly roles: readonly string[];
}

/** A lawful-use query. */
export interface UseQuery {
  readonly subject: string;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly actor: Actor;
  /** The instant judged: an ISO 8601 UTC timestamp. */
  readonly at: string;
}
