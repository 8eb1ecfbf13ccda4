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
  catalogCodecs,
  subjectCodecs,
  EVENT_TYPES,
  CATALOG_EVENT_TYPES,
  SUBJECT_EVENT_TYPES,
  isCatalogType,
  isSubjectType,
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
  Duration,
  PurposeId,
  CategoryId,
} from "./primitives.js";
export { decodeEvent } from "./decode.js";
export type { DecodeError, DecodeProblem } from "./decode.js";

// Internal to the library (not re-exported by src/index.ts): what snapshots read and make.
export { eventOf } from "./decode.js";
export { makeRecord } from "./record.js";
export type { EventRecord } from "./record.js";
