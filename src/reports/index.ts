export { accessReport } from "./access.js";
export type {
  AccessReport,
  ReportedReject,
  ReportedValue,
  ValueOrigin,
  ValueCorrection,
  ValueRetention,
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
} from "./access.js";
export type { ValueState } from "./common.js";
export { renderAccessReport } from "./render.js";
export { disclosureDue } from "./disclosure.js";
export type { DisclosureDue, DisclosureDueItem } from "./disclosure.js";
export { portabilityExport } from "./portability.js";
export type { PortabilityExport, PortableFact } from "./portability.js";
export { processingRecord } from "./processing.js";
export { renderProcessingRecord } from "./recordRender.js";
export type { RecordRenderOptions } from "./recordRender.js";
export type { ProcessingRecord, ProcessingActivity, Placeholder } from "./processing.js";
export { consentReceipt } from "./receipt.js";
export type { ConsentReceipt, ReceiptController, ReceiptStatus, ReceiptPurpose } from "./receipt.js";
