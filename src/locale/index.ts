// Public: re-exported by name from src/index.ts.
export { defineLocale, englishMessages, germanMessages } from "./locale.js";
export type { Locale, LocaleName, LocaleOptions } from "./locale.js";
export type {
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
} from "./types.js";
export type {
  AccessReportMessages,
  ReportFrameMessages,
  ReportHeadings,
  ReportSummaryMessages,
  ReportValueMessages,
  ReportConsentMessages,
  ReportTableMessages,
  ReportTimelineMessages,
  RightMessage,
} from "./reportTypes.js";
export type { ProcessingRecordMessages, PlaceholderHints } from "./recordTypes.js";

// Internal to the library: the renderers' and the decisions' access to the catalogues.
export { messagesOf, wordingOf, durationWords, readOptions, readRenderOptions } from "./locale.js";
export type { Wording } from "./locale.js";
export { english } from "./en/index.js";
export { queryProblem as englishQueryProblem } from "./en/reasons.js";
