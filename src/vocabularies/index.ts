export { fromFideslang } from "./fideslang.js";
export type { FideslangTaxonomy, FideslangEntry } from "./fideslang.js";
export { fromDpv } from "./dpv.js";
export type { DpvRow } from "./dpv.js";
export { accessPolicyFromVocabulary } from "./access.js";
export type { VocabularyGrant } from "./access.js";
export { legalBasisIdentifiers, LEGAL_BASIS_IDENTIFIERS } from "./legalBases.js";
export type { LegalBasisIdentifiers } from "./legalBases.js";
export type { Vocabulary, VocabularyOptions, VocabularyPurpose, VocabularyCategory, VocabularyError, Unmapped, UnmappedCode } from "./types.js";
