export {
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
  UseBasis,
  LedgerEventCodec,
  eventCodecs,
  EVENT_TYPES,
  CATALOG_EVENT_TYPES,
  SUBJECT_EVENT_TYPES,
} from "./codecs.js";
export type { CatalogEvent, SubjectEvent, LedgerEvent, EventOf, DataOf, EventType, CatalogEventType, SubjectEventType } from "./codecs.js";
export {
  LegalBasis,
  LEGAL_BASES,
  ConsentMethod,
  CONSENT_METHODS,
  SourceKind,
  SOURCE_KINDS,
  DepartureAgreement,
  DEPARTURE_AGREEMENTS,
  NonEmptyString,
  Timestamp,
} from "./primitives.js";
export { SpecialCategoryDeclared, SpecialConditionRecorded, SpecialConditionEnded, SpecialCondition, SPECIAL_CONDITIONS, EXPLICIT_CONSENT } from "./special.js";
export { SubjectsMerged } from "./merge.js";
export { decodeEvent, describeErrors } from "./decode.js";
export type { DecodeError, DecodeProblem } from "./decode.js";

// Internal to the library: what the store uses to decode and keep events, and what snapshots read and make.
export { decodeRecord, eventOf } from "./decode.js";
export { createInterner, makeRecord, type EventRecord, type Interner } from "./record.js";
export { isCatalogType } from "./codecs.js";
