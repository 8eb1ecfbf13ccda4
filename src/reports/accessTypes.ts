/** The shape of the access report (GDPR Art. 15): every part a person is told. */
import type { ConsentMethod, LegalBasis, SourceKind, SpecialCondition } from "../events/index.js";
import type { ErasureReasonCode } from "../erasure/index.js";
import type { RejectCode } from "../ledger/index.js";
import type { FieldHistoryItem, MergedInto } from "../profile/index.js";
import type { RecordedUse } from "../uses/index.js";
import type { ValueState } from "./common.js";

/** An unvoided rejected item that makes the person's history incomplete at the report's instant. */
export interface ReportedReject {
  readonly position: number;
  readonly id?: string;
  readonly code: RejectCode;
}

/** Where a value came from. */
export interface ValueOrigin {
  readonly fact: string;
  /** The `FactRecorded` event. */
  readonly eventId: string;
  readonly source: string;
  /** The source's kind (from its registration in force at the recording, else its latest registration). */
  readonly kind?: SourceKind;
  /** True when the source was registered and in force when the value was recorded. */
  readonly registered: boolean;
  /** The reference within the source (a profile URL, a form submission id); may be sealed or forgotten. */
  readonly sourceRef?: string;
  /** The linked account it came through, and the employee that account was linked to at the recording. */
  readonly account?: string;
  readonly accountEmployee?: string;
  readonly recordedBy?: string;
  readonly recordedAt: string;
}

/** The correction that set a current value. */
export interface ValueCorrection {
  readonly eventId: string;
  readonly at: string;
  readonly source: string;
  readonly kind?: SourceKind;
  readonly sourceRef?: string;
  readonly recordedBy?: string;
}

/** How long a value is kept (storage limitation, GDPR Art. 5(1)(e)), as the decisions compute it. */
export interface ValueRetention {
  /** Each collection purpose's retention as declared at the report's instant, and when it ends for this value. */
  readonly purposes: readonly { readonly purpose: string; readonly retention?: string; readonly endsAt?: string }[];
  /**
   * When the value's retention ends: the latest end among its collection
   * purposes when every one of them has a retention; absent when one has none
   * (the value may then be kept while that purpose needs it).
   */
  readonly endsAt?: string;
  /** True when `endsAt` has passed at the report's instant. */
  readonly expired: boolean;
}

/** One field of the person's data. */
export interface ReportedValue {
  readonly field: string;
  /** The data category of its current fact, or of its latest recorded fact when none is current. */
  readonly category: string;
  /**
   * `readable`: `value` is the value; `forgotten`: the value was sealed and its
   * key forgotten; `sealed`: read without the vault; `erased`: no value left.
   */
  readonly state: ValueState | "erased";
  /** The current value (a stand-in when forgotten or sealed); absent when erased. */
  readonly value?: unknown;
  readonly origin?: ValueOrigin;
  readonly correction?: ValueCorrection;
  /** The purposes it was collected for, and the basis of its collection. */
  readonly purposes?: readonly string[];
  readonly basis?: LegalBasis;
  /** How long it is kept; absent when it is due for erasure (`dueForErasure` says since when instead). */
  readonly retention?: ValueRetention;
  /** When the value must be erased now (the item of `erasureDue` for it): since when, and on which grounds of GDPR Art. 17(1). */
  readonly dueForErasure?: { readonly since: string; readonly reasons: readonly ErasureReasonCode[] };
  /** Every recording, correction and erasure of the field (erased values are not kept). */
  readonly history: readonly FieldHistoryItem[];
}

/** What a consent is worth for one of its purposes at the report's instant. */
export interface ConsentPurposeState {
  readonly purpose: string;
  /** True when the consent is effective for this purpose (as `canUse` judges a use). */
  readonly effective: boolean;
  /** Why it is not: consent failure codes (and `PURPOSE_NOT_DECLARED`), each with a detail. */
  readonly problems: readonly { readonly code: string; readonly detail: string }[];
  /** When it stops lasting for this purpose (`expires`, or the purpose's maximum consent age). */
  readonly expiresAt?: string;
}

/** One consent of the person. */
export interface ReportedConsent {
  readonly consent: string;
  readonly eventId: string;
  readonly givenAt: string;
  readonly purposes: readonly string[];
  readonly notice: string;
  readonly noticeVersion: string;
  /** When that notice version was published (at or before the consent), if it was. */
  readonly noticePublishedAt?: string;
  readonly method: ConsentMethod;
  readonly channel: string;
  /** The reference to the proof (may be sealed or forgotten). */
  readonly evidence: string;
  readonly expires?: string;
  readonly confirmations: readonly { readonly at: string; readonly evidence: string; readonly eventId: string }[];
  /** Withdrawals affecting it: naming it, or naming purposes of it after it was given. */
  readonly withdrawals: readonly {
    readonly at: string;
    readonly channel: string;
    /** The purposes withdrawn; absent when the whole consent was withdrawn. */
    readonly purposes?: readonly string[];
    readonly evidence?: string;
    readonly eventId: string;
  }[];
  readonly byPurpose: readonly ConsentPurposeState[];
  /** `effective` for every purpose, `partly-effective`, or `not-effective`. */
  readonly status: "effective" | "partly-effective" | "not-effective";
}

/** A legal basis other than consent recorded for the person. */
export interface ReportedLegalBasis {
  readonly basis: LegalBasis;
  readonly purposes: readonly string[];
  readonly reference: string;
  readonly recordedAt: string;
  readonly until?: string;
  readonly eventId: string;
  readonly ended?: { readonly at: string; readonly eventId: string };
  /** True when it is established at the report's instant (not ended, `until` not reached). */
  readonly inForce: boolean;
}

/** A condition of GDPR Art. 9(2) recorded for the person, for special categories of their data. */
export interface ReportedSpecialCondition {
  readonly condition: SpecialCondition;
  /** The special categories it is for (each with its dotted descendants). */
  readonly categories: readonly string[];
  readonly purposes: readonly string[];
  readonly reference: string;
  /** The explicit consent it rests on (A9-2-a only). */
  readonly consent?: string;
  /** With `consent`: true when that consent is effective for every purpose of the condition at the report's instant. */
  readonly consentEffective?: boolean;
  readonly until?: string;
  readonly recordedAt: string;
  readonly eventId: string;
  readonly ended?: { readonly at: string; readonly eventId: string };
  /** True when it stands at the report's instant: not ended, `until` not reached (its consent aside). */
  readonly inForce: boolean;
}

/** An objection the person raised (GDPR Art. 21). */
export interface ReportedObjection {
  readonly eventId: string;
  readonly at: string;
  readonly channel: string;
  readonly purposes: readonly {
    readonly purpose: string;
    readonly inForce: boolean;
    /** The person's own lift (an `ObjectionWithdrawn` naming a covering purpose). */
    readonly lifted?: { readonly at: string; readonly eventId: string; readonly channel: string };
  }[];
}

/** Restriction of processing (GDPR Art. 18). */
export interface ReportedRestriction {
  readonly restricted: boolean;
  /** When the restriction in force began, and why. */
  readonly since?: string;
  readonly reason?: string;
  readonly history: readonly { readonly kind: "restricted" | "lifted"; readonly at: string; readonly reason?: string; readonly eventId: string }[];
}

/** A purpose the person's data is held or used for. */
export interface ReportedPurpose {
  readonly purpose: string;
  /** False when the purpose was never declared by the report's instant. */
  readonly declared: boolean;
  readonly inForce: boolean;
  readonly description?: string;
  readonly legalBases: readonly LegalBasis[];
  readonly retention?: string;
  readonly consentMaxAge?: string;
  readonly directMarketing?: boolean;
}

/** A source the person's data came from, and whether the person was told. */
export interface ReportedSource {
  readonly source: string;
  readonly kind?: SourceKind;
  /** True for sources of kinds `subject` and `form`: data the person entered themself. */
  readonly ownData: boolean;
  /** The first recording or correction from it. */
  readonly firstAt: string;
  readonly fields: readonly string[];
  /** The first `SubjectInformed` naming it, if any (GDPR Art. 14(2)(f)). */
  readonly disclosed?: { readonly at: string; readonly eventId: string };
}

/** A `SubjectInformed`: the person was told where data came from. */
export interface ReportedDisclosure {
  readonly at: string;
  readonly eventId: string;
  readonly notice: string;
  readonly noticeVersion: string;
  readonly sources: readonly string[];
}

/** What kind of moment a timeline entry is. */
export type TimelineKind =
  | "data-recorded"
  | "data-corrected"
  | "data-erased"
  | "consent-given"
  | "consent-confirmed"
  | "consent-withdrawn"
  | "consent-expired"
  | "basis-recorded"
  | "basis-ended"
  | "objection-raised"
  | "objection-lifted"
  | "restricted"
  | "restriction-lifted"
  | "informed"
  | "use"
  | "special-condition-recorded"
  | "special-condition-ended"
  | "subjects-merged";

/** One moment of the person's history. */
export interface TimelineItem {
  readonly at: string;
  readonly kind: TimelineKind;
  /** The event; absent for a computed moment (a consent's expiry). */
  readonly eventId?: string;
  readonly field?: string;
  readonly fields?: readonly string[];
  readonly purposes?: readonly string[];
  readonly purpose?: string;
  readonly consent?: string;
  readonly source?: string;
  readonly sources?: readonly string[];
  readonly channel?: string;
  readonly actor?: string;
  readonly roles?: readonly string[];
  readonly basis?: LegalBasis;
  readonly reference?: string;
  readonly reason?: string;
  /** A condition of GDPR Art. 9(2) (`A9-2-a` ... `A9-2-j`), and the special categories it is for. */
  readonly condition?: SpecialCondition;
  readonly categories?: readonly string[];
  /** For `subjects-merged`: the subject whose history was merged into this one (issue 14). */
  readonly from?: string;
}

/** A subject merged into the person's record (issue 14): the facts and consents that came from it, and when. */
export interface ReportedMerge {
  /** The subject merged in (a duplicate record of the same person). */
  readonly subject: string;
  /** When its data joined this history: the merge's `at` (in a chain, the latest merge on the way). */
  readonly at: string;
  /** That `SubjectsMerged` event. */
  readonly eventId: string;
  /** The ids of the facts and consents recorded about it (by the report's instant). */
  readonly facts: readonly string[];
  readonly consents: readonly string[];
}

/** Everything the controller holds about a person at an instant (GDPR Art. 15). */
export interface AccessReport {
  readonly subject: string;
  readonly at: string;
  /** False when nothing about the person was recorded by `at`. */
  readonly known: boolean;
  /** Unvoided rejected items that make the history incomplete at `at` (the report may then miss something). */
  readonly incomplete: readonly ReportedReject[];
  readonly values: readonly ReportedValue[];
  readonly consents: readonly ReportedConsent[];
  readonly legalBases: readonly ReportedLegalBasis[];
  /** The conditions of GDPR Art. 9(2) recorded for special categories of the person's data. */
  readonly specialConditions: readonly ReportedSpecialCondition[];
  readonly objections: readonly ReportedObjection[];
  readonly restriction: ReportedRestriction;
  readonly purposes: readonly ReportedPurpose[];
  /** The records merged into this one (issue 14): which facts and consents came from which, and when. */
  readonly mergedFrom: readonly ReportedMerge[];
  /** Present when this subject was itself merged into another by `at`: the report then holds no data. */
  readonly merged?: MergedInto;
  /** Every recorded use (who, when, purpose, fields, basis). */
  readonly uses: readonly RecordedUse[];
  readonly sources: readonly ReportedSource[];
  readonly disclosures: readonly ReportedDisclosure[];
  /** Consents, uses and every other moment, in time order. */
  readonly timeline: readonly TimelineItem[];
}
