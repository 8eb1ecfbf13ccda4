/**
 * lawful-crm: contact facts with provenance, consents, legal bases and
 * purposes as immutable events, folded into a ledger that answers whether a
 * use is lawful at any instant, and why.
 *
 * @packageDocumentation
 * @module lawful-crm
 */
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
  SpecialCategoryDeclared,
  SpecialConditionRecorded,
  SpecialConditionEnded,
  SubjectsMerged,
  SpecialCondition,
  SPECIAL_CONDITIONS,
  UseBasis,
  LedgerEventCodec,
  eventCodecs,
  EVENT_TYPES,
  CATALOG_EVENT_TYPES,
  SUBJECT_EVENT_TYPES,
  LegalBasis,
  LEGAL_BASES,
  ConsentMethod,
  CONSENT_METHODS,
  SourceKind,
  SOURCE_KINDS,
  DepartureAgreement,
  DEPARTURE_AGREEMENTS,
  decodeEvent,
} from "./events/index.js";
export type {
  CatalogEvent,
  SubjectEvent,
  LedgerEvent,
  EventOf,
  DataOf,
  EventType,
  CatalogEventType,
  SubjectEventType,
  DecodeError,
  DecodeProblem,
} from "./events/index.js";
export { replay, apply, mergedSubjects, LawfulCrmError, REJECT_CODES } from "./ledger/index.js";
export type { Ledger, IncompleteMark, LawfulCrmErrorCode, Rejected, RejectCode } from "./ledger/index.js";
export { replayStream, toNdjson, toNdjsonLines } from "./ndjson/index.js";
export type { NdjsonSource, NdjsonChunk, NdjsonStreamReader, StreamProgress, ReplayStreamOptions } from "./ndjson/index.js";
export { profile } from "./profile/index.js";
export type { Profile, MergedInto, FieldProfile, FieldHistoryItem, Provenance, CorrectionProvenance } from "./profile/index.js";
export { canUse, explain, usableFields, subjectsUsableFor, REASON_CODES, ReasonCode } from "./decisions/index.js";
export type {
  Decision,
  FieldDecision,
  FieldBasis,
  Reason,
  Obligation,
  Actor,
  UseQuery,
  UsableFields,
  AudienceQuery,
  DecisionOptions,
} from "./decisions/index.js";
export { defineLocale, englishMessages, germanMessages } from "./locale/index.js";
export type {
  Locale,
  LocaleName,
  LocaleOptions,
  Messages,
  Phrase,
  CivilTime,
  DurationUnit,
  ConsentProblemCode,
  WordMessages,
  DateMessages,
  ReasonMessages,
  ExplainMessages,
  QueryProblem,
  ConsentRef,
  UnknownSourceProblem,
  UnlawfulCollectionProblem,
  ErasureMessages,
  ErasureGroundCode,
  ConsentFailureWhy,
  SpecialConditionProblem,
  SpecialConditionFailure,
  AccessReportMessages,
  ReportFrameMessages,
  ReportHeadings,
  ReportSummaryMessages,
  ReportValueMessages,
  ReportConsentMessages,
  ReportTableMessages,
  ReportTimelineMessages,
  RightMessage,
  ProcessingRecordMessages,
  PlaceholderHints,
} from "./locale/index.js";
export { departureImpact, assessSource } from "./channels/index.js";
export type { DepartureImpact, DepartedFact, SourceAssessment } from "./channels/index.js";
export { whoMayUse, accessMatrix } from "./access/index.js";
export type { AccessGrant } from "./access/index.js";
export { recordUse, usesOf } from "./uses/index.js";
export type { RecordedUse } from "./uses/index.js";
export { decide, decideUnknown, decideAndApply, decideNow, decider, commandCodecs, COMMAND_TYPES, COMMAND_EVENTS, COMMAND_ERROR_CODES } from "./commands/index.js";
export type { Command, CommandInput, CommandOf, CommandType, CommandData, CommandError, CommandErrorCode, DecideContext, Decided, Decider, LawfulCrmDecider } from "./commands/index.js";
export { accessReport, renderAccessReport, disclosureDue, portabilityExport, processingRecord, renderProcessingRecord, consentReceipt } from "./reports/index.js";
export type {
  AccessReport,
  ReportedReject,
  ReportedValue,
  ValueOrigin,
  ValueCorrection,
  ValueRetention,
  ValueState,
  ReportedConsent,
  ConsentPurposeState,
  ReportedLegalBasis,
  ReportedSpecialCondition,
  ReportedMerge,
  ReportedObjection,
  ReportedRestriction,
  ReportedPurpose,
  ReportedSource,
  ReportedDisclosure,
  TimelineItem,
  TimelineKind,
  DisclosureDue,
  DisclosureDueItem,
  PortabilityExport,
  PortableFact,
  ProcessingRecord,
  ProcessingActivity,
  Placeholder,
  RecordRenderOptions,
  ConsentReceipt,
  ReceiptController,
  ReceiptStatus,
  ReceiptPurpose,
} from "./reports/index.js";
export {
  createMemoryVault,
  createKeyStoreVault,
  sealEvents,
  unsealEvents,
  replayWithVault,
  decideWithVault,
  eraseSubject,
  isSealed,
  isForgotten,
  SEALED_PREFIX,
  FORGOTTEN_PREFIX,
  SEALED_FIELDS,
  isVaultError,
  vaultError,
  VAULT_ERROR_CODES,
} from "./vault/index.js";
export type { Vault, MemoryVault, MemoryVaultOptions, VaultKeyStore, VaultKeys, VaultKey, SubjectErasure, EraseSubjectOptions, HeldValue, NotErased, VaultError, VaultErrorCode } from "./vault/index.js";
export { erasureDue, ERASURE_REASON_CODES } from "./erasure/index.js";
export type { ErasureDue, ErasureDueItem, ErasureKeptItem, ErasureIncompleteSubject, ErasureReason, ErasureReasonCode } from "./erasure/index.js";
export { isInvalidQuery } from "./_internal/invalid.js";
export type { InvalidQuery } from "./_internal/invalid.js";
export { fromFideslang, fromDpv, accessPolicyFromVocabulary, legalBasisIdentifiers, LEGAL_BASIS_IDENTIFIERS } from "./vocabularies/index.js";
export type {
  FideslangTaxonomy,
  FideslangEntry,
  DpvRow,
  VocabularyGrant,
  LegalBasisIdentifiers,
  Vocabulary,
  VocabularyOptions,
  VocabularyPurpose,
  VocabularyCategory,
  VocabularyError,
  Unmapped,
  UnmappedCode,
} from "./vocabularies/index.js";
export { snapshot, restore, restoreWithVault, snapshotPosition, isSnapshotError, SNAPSHOT_ERROR_CODES, SNAPSHOT_FORMAT_VERSION } from "./snapshot/index.js";
export type { SnapshotError, SnapshotErrorCode, SnapshotOptions } from "./snapshot/index.js";
