/**
 * The sentences of the access report (GDPR Art. 15) sent to the person. Every
 * value arrives as plain text already put in words (times, purposes with
 * their descriptions, lists); the renderers escape what the catalogue returns.
 */
import type { Phrase } from "./types.js";

/**
 * One right of the person, as the report's last section lists it.
 *
 * @example
 * ```ts
 * import { germanMessages, type RightMessage } from "lawful-crm";
 * const right: RightMessage = germanMessages.accessReport.rights.complaint;
 * console.log(right.title); //=> Beschwerde
 * ```
 */
export interface RightMessage {
  /** Set in bold. */
  readonly title: string;
  /** Follows the title, with its own leading punctuation (` — ...`). */
  readonly text: string;
}

/**
 * The section headings, in the order of the report.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReportHeadings } from "lawful-crm";
 * const headings: ReportHeadings = germanMessages.accessReport.headings;
 * console.log(headings.consents); //=> Ihre Einwilligungen
 * ```
 */
export interface ReportHeadings {
  readonly inShort: string;
  readonly values: string;
  readonly consents: string;
  readonly legalBases: string;
  readonly objections: string;
  readonly purposes: string;
  readonly uses: string;
  readonly sources: string;
  readonly timeline: string;
  readonly rights: string;
  /** Records merged into this one (issue 14). */
  readonly mergedFrom: string;
  /** The conditions of GDPR Art. 9(2) relied on for special categories of data. */
  readonly specialConditions: string;
}

/**
 * The frame of the document: titles, introduction, footer, timeline legend.
 *
 * @example
 * ```ts
 * import { englishMessages, type ReportFrameMessages } from "lawful-crm";
 * const frame: ReportFrameMessages = { ...englishMessages.accessReport.frame, title: "What ACME holds about you" };
 * console.log(frame.title); //=> What ACME holds about you
 * ```
 */
export interface ReportFrameMessages {
  /** The document's title (the HTML `h1`, the Markdown `#`). */
  readonly title: string;
  /** The HTML `<title>`. */
  readonly htmlTitle: (p: { readonly subject: string }) => string;
  /** The first paragraph: the instant `time` and the person's reference `subject`. */
  readonly intro: (p: { readonly time: string; readonly subject: string }) => Phrase;
  /** A warning: `count` entries could not be processed yet. */
  readonly incomplete: (p: { readonly count: number }) => string;
  readonly nothingHeld: string;
  /** Before a warning in Markdown (set in bold). */
  readonly pleaseNote: string;
  /** The HTML footer: `time` in words, `at` as given. */
  readonly footer: (p: { readonly time: string; readonly at: string }) => string;
  /** The Markdown footer. */
  readonly markdownFooter: (p: { readonly time: string; readonly at: string }) => string;
  readonly legend: { readonly consent: string; readonly stop: string; readonly use: string; readonly data: string; readonly other: string };
  readonly emptyTimeline: string;
  readonly none: string;
  /** This record was merged into the person's record `into` at `time`: the report holds no data (issue 14). */
  readonly mergedInto: (p: { readonly into: string; readonly time: string }) => string;
}

/**
 * The "In short" list.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReportSummaryMessages } from "lawful-crm";
 * const summary: ReportSummaryMessages = germanMessages.accessReport.summary;
 * console.log(summary.uses({ count: 2 })); //=> Ihre Daten wurden zweimal verwendet (jede Verwendung ist unten aufgeführt).
 * ```
 */
export interface ReportSummaryMessages {
  readonly heldNone: string;
  /** `count` values are held: `fields`. */
  readonly held: (p: { readonly count: number; readonly fields: string }) => string;
  /** `count` values were erased: `fields`. */
  readonly erased: (p: { readonly count: number; readonly fields: string }) => string;
  /** `count` values were crypto-shredded: `fields`. */
  readonly forgotten: (p: { readonly count: number; readonly fields: string }) => string;
  readonly noConsents: string;
  /** `count` consents were given, `inEffect` of them are in effect. */
  readonly consents: (p: { readonly count: number; readonly inEffect: number }) => string;
  /** An objection is in force for `purposes`. */
  readonly objectedTo: (p: { readonly purposes: string }) => string;
  /** Set in bold. */
  readonly restrictedSince: (p: { readonly day: string }) => string;
  /** The data was used `count` times. */
  readonly uses: (p: { readonly count: number }) => string;
  /** `count` sources were not yet disclosed: `sources`. */
  readonly undisclosed: (p: { readonly count: number; readonly sources: string }) => string;
}

/**
 * The card of one value.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReportValueMessages } from "lawful-crm";
 * const value: ReportValueMessages = germanMessages.accessReport.value;
 * console.log(value.labels.origin); //=> Herkunft
 * ```
 */
export interface ReportValueMessages {
  readonly labels: {
    readonly value: string;
    readonly category: string;
    readonly origin: string;
    readonly corrected: string;
    readonly purposes: string;
    readonly basis: string;
    readonly retention: string;
    readonly history: string;
  };
  readonly erasedValue: string;
  readonly forgottenValue: string;
  readonly sealedValue: string;
  /** Where a value came from: `source`, at `time`. */
  readonly originFrom: (p: { readonly source: string; readonly time: string }) => string;
  /** Each of the following starts with its own punctuation. */
  readonly recordedBy: (p: { readonly by: string }) => string;
  readonly reference: string;
  /** The linked account it came through, and the employee it belongs to. */
  readonly throughAccount: (p: { readonly account: string; readonly employee?: string }) => string;
  readonly unregisteredSeparator: string;
  /** Set in bold. */
  readonly unregistered: string;
  /** When and from which source a value was corrected. */
  readonly correctedOn: (p: { readonly time: string; readonly source: string }) => string;
  /** The retention period ended on `day` (`periods`: each purpose's period). */
  readonly retentionEnded: (p: { readonly day: string; readonly periods: string }) => Phrase;
  /** Kept until `day` at the latest (`periods`: each purpose's period). */
  readonly retentionUntil: (p: { readonly day: string; readonly periods: string }) => Phrase;
  /** No fixed end: kept while `purposes` need it. */
  readonly retentionOpen: (p: { readonly purposes: string }) => string;
  /** After the time of a history entry, set in bold. */
  readonly historyErased: (p: { readonly reason: string }) => string;
  readonly historyRecorded: string;
  readonly historyCorrected: string;
  readonly historyAs: string;
  readonly historyValueErased: string;
  /** The source of a history entry. */
  readonly historyFrom: (p: { readonly source: string }) => string;
  /** The value is due for erasure since `day`, on `grounds` (GDPR Art. 17(1), a list in words): instead of its retention. */
  readonly dueForErasure: (p: { readonly day: string; readonly grounds: string }) => Phrase;
}

/**
 * The card of one consent.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReportConsentMessages } from "lawful-crm";
 * const consent: ReportConsentMessages = germanMessages.accessReport.consent;
 * console.log(consent.title({ consent: "k1" })); //=> Einwilligung k1
 * ```
 */
export interface ReportConsentMessages {
  /** The title of a consent's card. */
  readonly title: (p: { readonly consent: string }) => string;
  readonly labels: {
    readonly given: string;
    readonly purposes: string;
    readonly shown: string;
    readonly proof: string;
    readonly confirmed: string;
    readonly withdrawn: string;
    readonly expires: string;
    readonly statusNow: string;
  };
  /** When, through which channel and how a consent was given. */
  readonly given: (p: { readonly time: string; readonly channel: string; readonly method: string }) => string;
  /** `published`: the day the notice version was published, if it was by the consent. */
  readonly shown: (p: { readonly notice: string; readonly version: string; readonly published?: string }) => string;
  /** Followed by the proof. */
  readonly confirmed: (p: { readonly time: string }) => string;
  /** When, through which channel (and for which purposes) a consent was withdrawn. */
  readonly withdrawn: (p: { readonly time: string; readonly channel: string; readonly purposes?: string }) => string;
  /** Before the proof of a withdrawal. */
  readonly withdrawnProof: string;
  readonly inEffect: string;
  /** After "in effect": until when. */
  readonly inEffectUntil: (p: { readonly time: string }) => string;
  readonly notInEffect: string;
}

/**
 * Legal grounds, objections and restriction, purposes, uses, sources.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReportTableMessages } from "lawful-crm";
 * const tables: ReportTableMessages = germanMessages.accessReport.tables;
 * console.log(tables.basesHead[0]); //=> Rechtsgrundlage
 * ```
 */
export interface ReportTableMessages {
  readonly noOtherBases: string;
  readonly basesHead: readonly [string, string, string, string, string, string];
  /** A legal ground ended on `day`. */
  readonly basisEnded: (p: { readonly day: string }) => string;
  readonly noEndDate: string;
  readonly yes: string;
  readonly no: string;
  /** Followed by the objection's state. */
  readonly objection: (p: { readonly time: string; readonly channel: string; readonly purpose: string }) => string;
  /** Set in bold. */
  readonly objectionInForce: string;
  /** The person lifted the objection on `day`. */
  readonly objectionLifted: (p: { readonly day: string }) => string;
  readonly objectionEnded: string;
  readonly noObjections: string;
  /** Processing is restricted now, since `time`, for `reason`. */
  readonly restrictedNow: (p: { readonly time: string; readonly reason: string }) => Phrase;
  /** Processing was restricted and lifted in the past: each change with its day. */
  readonly restrictedBefore: (p: { readonly changes: readonly { readonly restricted: boolean; readonly day: string }[] }) => string;
  readonly notRestricted: string;
  readonly purposesHead: readonly [string, string, string, string];
  /** Set in bold, after the description. */
  readonly noLongerPursued: string;
  /** Set in bold. */
  readonly undeclaredPurpose: string;
  readonly noFixedPeriod: string;
  readonly noUses: string;
  readonly usesHead: readonly [string, string, string, string, string];
  readonly sourcesHead: readonly [string, string, string, string, string];
  readonly unknownKind: string;
  readonly ownData: string;
  /** The person was told of the source on `day`. */
  readonly toldOn: (p: { readonly day: string }) => string;
  /** Set in bold. */
  readonly notYetTold: string;
  /** A record `subject` merged into this one at `time`: `values` values and `consents` consents came from it, `ids` (a list in words) absent when none. */
  readonly merged: (p: { readonly subject: string; readonly time: string; readonly values: number; readonly consents: number; readonly ids?: string }) => string;
  readonly specialHead: readonly [string, string, string, string, string, string, string];
  /** A condition of Art. 9(2) in words, with the explicit `consent` it rests on (A9-2-a). */
  readonly specialCondition: (p: { readonly condition: string; readonly consent?: string }) => string;
}

/**
 * One sentence per kind of moment of the timeline; purposes, sources and fields arrive as lists in words.
 *
 * @example
 * ```ts
 * import { germanMessages, type ReportTimelineMessages } from "lawful-crm";
 * const timeline: ReportTimelineMessages = germanMessages.accessReport.timeline;
 * console.log(timeline["consent-confirmed"]({ consent: "k1" })); //=> Sie haben Ihre Einwilligung (k1) bestätigt.
 * ```
 */
export interface ReportTimelineMessages {
  /** A value of `field` was recorded from `source`. */
  readonly "data-recorded": (p: { readonly field?: string; readonly source: string }) => string;
  /** A value of `field` was corrected from `source`. */
  readonly "data-corrected": (p: { readonly field?: string; readonly source: string }) => string;
  /** A value of `field` was erased, for `reason`. */
  readonly "data-erased": (p: { readonly field?: string; readonly reason: string }) => string;
  /** A consent was given for `purposes` through `channel`. */
  readonly "consent-given": (p: { readonly consent: string; readonly purposes: string; readonly channel: string }) => string;
  /** A consent was confirmed (double opt-in). */
  readonly "consent-confirmed": (p: { readonly consent: string }) => string;
  /** `consent` absent: a withdrawal of purposes; `purposes` absent: of the whole consent. */
  readonly "consent-withdrawn": (p: { readonly consent?: string; readonly purposes?: string; readonly channel: string }) => string;
  /** A consent expired for `purposes`. */
  readonly "consent-expired": (p: { readonly consent: string; readonly purposes: string }) => string;
  /** A legal basis was recorded for `purposes`, with its `reference`. */
  readonly "basis-recorded": (p: { readonly purposes: string; readonly basis: string; readonly reference: string }) => string;
  /** The legal basis with `reference` ended. */
  readonly "basis-ended": (p: { readonly reference: string }) => string;
  /** The person objected to `purposes` through `channel`. */
  readonly "objection-raised": (p: { readonly purposes: string; readonly channel: string }) => string;
  /** The person lifted an objection to `purposes` through `channel`. */
  readonly "objection-lifted": (p: { readonly purposes: string; readonly channel: string }) => string;
  /** Processing was restricted, for `reason`. */
  readonly restricted: (p: { readonly reason: string }) => string;
  /** The restriction was lifted (for `reason`). */
  readonly "restriction-lifted": (p: { readonly reason?: string }) => string;
  /** The person was told where their data came from: `sources`. */
  readonly informed: (p: { readonly sources: string }) => string;
  /** `actor` (with `roles`) used `fields` for `purpose`. */
  readonly use: (p: { readonly actor: string; readonly roles: readonly string[]; readonly fields: string; readonly purpose: string }) => string;
  /** A condition of Art. 9(2) (in words) was recorded for `categories` of data and `purposes`, with its `reference`. */
  readonly "special-condition-recorded": (p: { readonly condition: string; readonly categories: string; readonly purposes: string; readonly reference: string }) => string;
  /** The condition with `reference` ended. */
  readonly "special-condition-ended": (p: { readonly reference: string }) => string;
  /** A second record of the person was merged into this one, for `reason`. */
  readonly "subjects-merged": (p: { readonly reason: string }) => string;
}

/**
 * Every sentence of the access report.
 *
 * @example
 * ```ts
 * import { englishMessages, type AccessReportMessages } from "lawful-crm";
 * const report: AccessReportMessages = { ...englishMessages.accessReport, headings: { ...englishMessages.accessReport.headings, inShort: "At a glance" } };
 * console.log(report.headings.inShort); //=> At a glance
 * ```
 */
export interface AccessReportMessages {
  readonly frame: ReportFrameMessages;
  readonly headings: ReportHeadings;
  readonly summary: ReportSummaryMessages;
  readonly value: ReportValueMessages;
  readonly consent: ReportConsentMessages;
  readonly tables: ReportTableMessages;
  readonly timeline: ReportTimelineMessages;
  readonly rights: {
    readonly correction: RightMessage;
    readonly erasure: RightMessage;
    readonly restriction: RightMessage;
    readonly portability: RightMessage;
    readonly objection: RightMessage;
    readonly withdrawal: RightMessage;
    readonly complaint: RightMessage;
  };
}
