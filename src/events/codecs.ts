import * as t from "io-ts";
import {
  arrayOf,
  CategoryId,
  ConsentMethod,
  DepartureAgreement,
  Duration,
  LegalBasis,
  NonConsentBasis,
  NonEmptyString,
  nonEmptyArray,
  Position,
  PresentJsonValue,
  PurposeId,
  SourceKind,
  Timestamp,
} from "./primitives.js";

import { catalogEvent, checked, data, subjectEvent } from "./envelope.js";
import { SpecialCategoryDeclared, SpecialConditionEnded, SpecialConditionRecorded } from "./special.js";
import { SubjectsMerged } from "./merge.js";

// io-ts codecs are the single source of truth of wire format v1: every static
// event type below is `t.TypeOf` of its codec. `t.exact` drops unknown fields,
// in the envelope and in `data` alike, as the wire format requires.

const Purposes = nonEmptyArray(PurposeId, "strings");

// ---------------------------------------------------------------- catalog

/** Declares (or re-declares, from its `at` on) a purpose of processing. */
export const PurposeDeclared = catalogEvent(
  "PurposeDeclared",
  data(
    "PurposeDeclared data",
    { purpose: PurposeId, description: t.string, legalBases: nonEmptyArray(LegalBasis, "legal bases") },
    {
      retention: Duration,
      originDisclosure: t.boolean,
      doubleOptIn: t.boolean,
      consentMaxAge: Duration,
      directMarketing: t.boolean,
    },
  ),
);
/** Retires a purpose and, with it, its descendants. */
export const PurposeRetired = catalogEvent("PurposeRetired", data("PurposeRetired data", { purpose: PurposeId }, {}));
/** Records a compatibility assessment (GDPR Art. 6(4)) from one purpose to another. */
export const PurposeCompatibilityAssessed = catalogEvent(
  "PurposeCompatibilityAssessed",
  data(
    "PurposeCompatibilityAssessed data",
    { from: PurposeId, to: PurposeId, compatible: t.boolean, rationale: t.string },
    {},
  ),
);
/** Publishes a version of a notice shown when consent is asked. */
export const NoticePublished = catalogEvent(
  "NoticePublished",
  data(
    "NoticePublished data",
    { notice: NonEmptyString, version: NonEmptyString, purposes: Purposes },
    { language: t.string, textHash: t.string },
  ),
);
/** Registers a source of facts, with the reference of the assessment made before enabling it. */
export const SourceRegistered = catalogEvent(
  "SourceRegistered",
  data(
    "SourceRegistered data",
    { source: NonEmptyString, kind: SourceKind, assessment: NonEmptyString },
    { importConsentPurpose: PurposeId },
  ),
);
/** Retires a source: facts recorded from it afterwards have an unknown source. */
export const SourceRetired = catalogEvent("SourceRetired", data("SourceRetired data", { source: NonEmptyString }, {}));
/** Grants a role the use of data categories for purposes. */
export const AccessPolicyGranted = catalogEvent(
  "AccessPolicyGranted",
  data(
    "AccessPolicyGranted data",
    {
      policy: NonEmptyString,
      role: NonEmptyString,
      purposes: Purposes,
      categories: arrayOf(CategoryId, "dotted category ids"),
    },
    {},
  ),
);
/** Revokes an access policy. */
export const AccessPolicyRevoked = catalogEvent(
  "AccessPolicyRevoked",
  data("AccessPolicyRevoked data", { policy: NonEmptyString }, {}),
);
/** Links an employee's own social account to the CRM, with the agreement for their departure. */
export const AccountLinked = catalogEvent(
  "AccountLinked",
  data(
    "AccountLinked data",
    { account: NonEmptyString, employee: NonEmptyString, source: NonEmptyString, onDeparture: DepartureAgreement },
    {},
  ),
);
/** Records that an employee left. */
export const EmployeeDeparted = catalogEvent(
  "EmployeeDeparted",
  data("EmployeeDeparted data", { employee: NonEmptyString }, {}),
);
/** Voids rejected items earlier in the log: a repair of the log, not a business fact. */
export const EventVoided = catalogEvent(
  "EventVoided",
  checked(data("EventVoided data", { reason: t.string }, { event: NonEmptyString, position: Position }), (d) =>
    d.event === undefined && d.position === undefined
      ? { key: "event", expected: "the id of the rejected event to void (or a position)", actual: undefined }
      : undefined,
  ),
);

// ---------------------------------------------------------------- subject

/** Records one fact (a field's value) about a subject, with its provenance. */
export const FactRecorded = subjectEvent(
  "FactRecorded",
  data(
    "FactRecorded data",
    {
      fact: NonEmptyString,
      field: t.string,
      value: PresentJsonValue,
      category: CategoryId,
      source: NonEmptyString,
      purposes: Purposes,
      basis: LegalBasis,
    },
    { sourceRef: t.string, account: NonEmptyString, companyContact: t.boolean },
  ),
);
/** Corrects the value of a fact (GDPR Art. 16), with the correction's own provenance. */
export const FactCorrected = subjectEvent(
  "FactCorrected",
  data(
    "FactCorrected data",
    { fact: NonEmptyString, value: PresentJsonValue, source: NonEmptyString },
    { sourceRef: t.string },
  ),
);
/** Erases one fact, or every fact of a field (GDPR Art. 17). */
export const FactErased = subjectEvent(
  "FactErased",
  checked(data("FactErased data", { reason: t.string }, { fact: NonEmptyString, field: t.string }), (d) =>
    d.fact === undefined && d.field === undefined
      ? { key: "fact", expected: "exactly one of fact or field", actual: undefined }
      : d.fact !== undefined && d.field !== undefined
        ? { key: "field", expected: "exactly one of fact or field (both were given)", actual: d.field }
        : undefined,
  ),
);
/** A consent, with the notice shown, how it was captured and its evidence (GDPR Art. 7(1)). */
export const ConsentGranted = subjectEvent(
  "ConsentGranted",
  data(
    "ConsentGranted data",
    {
      consent: NonEmptyString,
      purposes: Purposes,
      notice: NonEmptyString,
      noticeVersion: NonEmptyString,
      method: ConsentMethod,
      channel: t.string,
      evidence: NonEmptyString,
    },
    { expires: Timestamp },
  ),
);
/** Confirms a consent (double opt-in: the address owner confirmed it). */
export const ConsentConfirmed = subjectEvent(
  "ConsentConfirmed",
  data("ConsentConfirmed data", { consent: NonEmptyString, evidence: NonEmptyString }, {}),
);
/** Withdraws one consent, or every earlier consent, for some or all purposes (GDPR Art. 7(3)). */
export const ConsentWithdrawn = subjectEvent(
  "ConsentWithdrawn",
  checked(
    data("ConsentWithdrawn data", { channel: t.string }, { consent: NonEmptyString, purposes: Purposes, evidence: t.string }),
    (d) =>
      d.consent === undefined && d.purposes === undefined
        ? { key: "consent", expected: "a consent id or a list of purposes (at least one of them)", actual: undefined }
        : undefined,
  ),
);
/** Records a legal basis other than consent for purposes (GDPR Art. 6(1)(b)–(f)). */
export const LegalBasisRecorded = subjectEvent(
  "LegalBasisRecorded",
  data(
    "LegalBasisRecorded data",
    { basis: NonConsentBasis, purposes: Purposes, reference: NonEmptyString },
    { until: Timestamp },
  ),
);
/** Ends every earlier legal basis of the subject with this reference. */
export const LegalBasisEnded = subjectEvent(
  "LegalBasisEnded",
  data("LegalBasisEnded data", { reference: NonEmptyString }, {}),
);
/** The person objects to processing for purposes (GDPR Art. 21). */
export const ObjectionRaised = subjectEvent(
  "ObjectionRaised",
  data("ObjectionRaised data", { purposes: Purposes, channel: t.string }, {}),
);
/** The person lifts their own objection. */
export const ObjectionWithdrawn = subjectEvent(
  "ObjectionWithdrawn",
  data("ObjectionWithdrawn data", { purposes: Purposes, channel: t.string, evidence: NonEmptyString }, {}),
);
/** Processing is restricted (GDPR Art. 18). */
export const ProcessingRestricted = subjectEvent(
  "ProcessingRestricted",
  data("ProcessingRestricted data", { reason: t.string }, {}),
);
/** The restriction of processing is lifted. */
export const RestrictionLifted = subjectEvent("RestrictionLifted", data("RestrictionLifted data", {}, { reason: t.string }));
/** The person was informed (GDPR Art. 14), including of the origin of their data from these sources. */
export const SubjectInformed = subjectEvent(
  "SubjectInformed",
  data(
    "SubjectInformed data",
    { notice: NonEmptyString, noticeVersion: NonEmptyString, sources: arrayOf(NonEmptyString, "source ids") },
    {},
  ),
);
/** One field's basis in a recorded use. */
export const UseBasis = t.exact(
  t.type({ field: t.string, legalBasis: LegalBasis, eventIds: arrayOf(t.string, "event ids") }),
  "a use basis { field, legalBasis, eventIds }",
);
/** Records a use of a subject's data (accountability, GDPR Art. 5(2)). */
export const UseRecorded = subjectEvent(
  "UseRecorded",
  data(
    "UseRecorded data",
    {
      purpose: PurposeId,
      fields: arrayOf(t.string, "field names"),
      actor: NonEmptyString,
      roles: arrayOf(NonEmptyString, "role ids"),
    },
    { bases: arrayOf(UseBasis, "use bases") },
  ),
);

/** Codec of each catalog event type, by type. */
export const catalogCodecs = {
  PurposeDeclared,
  PurposeRetired,
  PurposeCompatibilityAssessed,
  NoticePublished,
  SourceRegistered,
  SourceRetired,
  AccessPolicyGranted,
  AccessPolicyRevoked,
  AccountLinked,
  EmployeeDeparted,
  EventVoided,
  SpecialCategoryDeclared,
} as const;

/** Codec of each subject event type, by type. */
export const subjectCodecs = {
  FactRecorded,
  FactCorrected,
  FactErased,
  ConsentGranted,
  ConsentConfirmed,
  ConsentWithdrawn,
  LegalBasisRecorded,
  LegalBasisEnded,
  ObjectionRaised,
  ObjectionWithdrawn,
  ProcessingRestricted,
  RestrictionLifted,
  SubjectInformed,
  UseRecorded,
  SpecialConditionRecorded,
  SpecialConditionEnded,
  SubjectsMerged,
} as const;

/** Codec of each event type of wire format v1, by type. */
export const eventCodecs = { ...catalogCodecs, ...subjectCodecs } as const;

/** Every catalog event type (events without a subject). */
export type CatalogEventType = keyof typeof catalogCodecs;
/** Every subject event type. */
export type SubjectEventType = keyof typeof subjectCodecs;
/** Every event type of wire format v1. */
export type EventType = CatalogEventType | SubjectEventType;

/** The catalog event types, as a runtime list. */
export const CATALOG_EVENT_TYPES = Object.keys(catalogCodecs) as CatalogEventType[];
/** The subject event types, as a runtime list. */
export const SUBJECT_EVENT_TYPES = Object.keys(subjectCodecs) as SubjectEventType[];
/** Every event type of wire format v1, as a runtime list. */
export const EVENT_TYPES = [...CATALOG_EVENT_TYPES, ...SUBJECT_EVENT_TYPES] as EventType[];

/** A decoded catalog event. */
export type CatalogEvent = { [K in CatalogEventType]: t.TypeOf<(typeof catalogCodecs)[K]> }[CatalogEventType];
/** A decoded subject event. */
export type SubjectEvent = { [K in SubjectEventType]: t.TypeOf<(typeof subjectCodecs)[K]> }[SubjectEventType];
/** Any decoded event of wire format v1. */
export type LedgerEvent = CatalogEvent | SubjectEvent;
/** The decoded event of one type. */
export type EventOf<K extends EventType> = Extract<LedgerEvent, { type: K }>;
/** The `data` of one event type. */
export type DataOf<K extends EventType> = EventOf<K>["data"];

// Each codec's static type under the codec's own name (the io-ts idiom: `FactRecorded` is both).
/** A decoded `PurposeDeclared` event. */
export type PurposeDeclared = EventOf<"PurposeDeclared">;
/** A decoded `PurposeRetired` event. */
export type PurposeRetired = EventOf<"PurposeRetired">;
/** A decoded `PurposeCompatibilityAssessed` event. */
export type PurposeCompatibilityAssessed = EventOf<"PurposeCompatibilityAssessed">;
/** A decoded `NoticePublished` event. */
export type NoticePublished = EventOf<"NoticePublished">;
/** A decoded `SourceRegistered` event. */
export type SourceRegistered = EventOf<"SourceRegistered">;
/** A decoded `SourceRetired` event. */
export type SourceRetired = EventOf<"SourceRetired">;
/** A decoded `AccessPolicyGranted` event. */
export type AccessPolicyGranted = EventOf<"AccessPolicyGranted">;
/** A decoded `AccessPolicyRevoked` event. */
export type AccessPolicyRevoked = EventOf<"AccessPolicyRevoked">;
/** A decoded `AccountLinked` event. */
export type AccountLinked = EventOf<"AccountLinked">;
/** A decoded `EmployeeDeparted` event. */
export type EmployeeDeparted = EventOf<"EmployeeDeparted">;
/** A decoded `EventVoided` event. */
export type EventVoided = EventOf<"EventVoided">;
/** A decoded `FactRecorded` event. */
export type FactRecorded = EventOf<"FactRecorded">;
/** A decoded `FactCorrected` event. */
export type FactCorrected = EventOf<"FactCorrected">;
/** A decoded `FactErased` event. */
export type FactErased = EventOf<"FactErased">;
/** A decoded `ConsentGranted` event. */
export type ConsentGranted = EventOf<"ConsentGranted">;
/** A decoded `ConsentConfirmed` event. */
export type ConsentConfirmed = EventOf<"ConsentConfirmed">;
/** A decoded `ConsentWithdrawn` event. */
export type ConsentWithdrawn = EventOf<"ConsentWithdrawn">;
/** A decoded `LegalBasisRecorded` event. */
export type LegalBasisRecorded = EventOf<"LegalBasisRecorded">;
/** A decoded `LegalBasisEnded` event. */
export type LegalBasisEnded = EventOf<"LegalBasisEnded">;
/** A decoded `ObjectionRaised` event. */
export type ObjectionRaised = EventOf<"ObjectionRaised">;
/** A decoded `ObjectionWithdrawn` event. */
export type ObjectionWithdrawn = EventOf<"ObjectionWithdrawn">;
/** A decoded `ProcessingRestricted` event. */
export type ProcessingRestricted = EventOf<"ProcessingRestricted">;
/** A decoded `RestrictionLifted` event. */
export type RestrictionLifted = EventOf<"RestrictionLifted">;
/** A decoded `SubjectInformed` event. */
export type SubjectInformed = EventOf<"SubjectInformed">;
/** A decoded `UseRecorded` event. */
export type UseRecorded = EventOf<"UseRecorded">;

/** Codec of any event of wire format v1 (a union on `type`; prefer `decodeEvent` for readable errors). */
export const LedgerEventCodec = t.union(
  Object.values(eventCodecs) as unknown as [t.Mixed, t.Mixed, ...t.Mixed[]],
  "a lawful-crm event",
) as unknown as t.Type<LedgerEvent, LedgerEvent, unknown>;

const catalogTypeSet: ReadonlySet<string> = new Set(CATALOG_EVENT_TYPES);

/** True when `type` names a catalog event type. */
export function isCatalogType(type: unknown): type is CatalogEventType {
  return typeof type === "string" && catalogTypeSet.has(type);
}
