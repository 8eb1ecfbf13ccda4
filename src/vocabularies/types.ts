import type { PurposeDeclared, LegalBasis } from "../events/index.js";

/**
 * Options of {@link fromFideslang} and {@link fromDpv}: everything an event
 * needs that a taxonomy does not say. Nothing is read from a clock.
 */
export interface VocabularyOptions {
  /** The `at` of every event made (a wire-format timestamp). */
  readonly at: string;
  /**
   * Event ids are `idPrefix` + the purpose id (`fides:marketing.advertising`):
   * importing the same taxonomy again with the same options gives the same
   * events, which replay skips as exact duplicates. Give `idPrefix` or `newId`, not both.
   */
  readonly idPrefix?: string;
  /** Called once per event made, in the order of `events`; each id must be new and non-empty. */
  readonly newId?: () => string;
  /** The `by` of every event made (who imported the vocabulary). */
  readonly by?: string;
  /**
   * The legal bases each purpose may rest on (GDPR Art. 6(1)), which no
   * taxonomy carries: one list for every purpose, or a list per purpose id,
   * where an entry also serves the purpose's descendants (the nearest entry
   * wins). A purpose no entry serves is not declared: it is listed in
   * `unmapped` with `NO_LEGAL_BASIS`. A key that is neither a purpose of the
   * vocabulary nor an ancestor of one is an error (a typo would otherwise
   * leave its purposes undeclared without saying so).
   */
  readonly legalBases?: readonly LegalBasis[] | Readonly<Record<string, readonly LegalBasis[]>>;
}

/** A purpose of a standard vocabulary, declared by one `PurposeDeclared` event of {@link Vocabulary.events}. */
export interface VocabularyPurpose {
  /** Our dotted purpose id (the fideslang key; for DPV, the chain of first broader purposes in kebab case). */
  readonly purpose: string;
  /** The vocabulary's own identifier: the fideslang key, or the DPV term prefixed (`dpv:ServiceProvision`). */
  readonly term: string;
  /** The vocabulary's name (label) of it. */
  readonly name: string;
  /** The `description` of its `PurposeDeclared` event. */
  readonly description: string;
  /** The dotted id of its parent purpose, when it has one. */
  readonly parent?: string;
  /** DPV only: the other broader purposes it has besides the first (prefixed terms), named in its description too. */
  readonly alsoUnder?: readonly string[];
  readonly legalBases: readonly LegalBasis[];
  /** The id of its `PurposeDeclared` event. */
  readonly eventId: string;
}

/** A data category of a standard vocabulary, for `FactRecorded.category` and `AccessPolicyGranted.categories`. */
export interface VocabularyCategory {
  /** The dotted category id (the fideslang key, e.g. `user.contact.email`). */
  readonly category: string;
  /** The vocabulary's own identifier of it. */
  readonly term: string;
  readonly name: string;
  readonly description: string;
  /** The dotted id of its parent category, when it has one. */
  readonly parent?: string;
}

/** Why a term of a vocabulary was not turned into a purpose or a category. */
export type UnmappedCode =
  /** Not an object, or without a string key (fideslang `fides_key`; DPV `term`, `type`, `iri`, `dpvtype`, `hasbroader`). */
  | "INVALID_ENTRY"
  /** Its key is not a dotted id (fideslang), or gives no id segment (DPV). */
  | "INVALID_ID"
  /** The same key (fideslang) or IRI (DPV) appears more than once: every copy is left out. */
  | "DUPLICATE_TERM"
  /** fideslang: its `parent_key` is not its key without the last segment. */
  | "PARENT_MISMATCH"
  /** Its parent (fideslang `parent_key`; DPV first broader purpose) is not a term of the input. */
  | "PARENT_NOT_FOUND"
  /** DPV: its chain of first broader purposes loops. */
  | "CYCLE"
  /** DPV: another term gives the same dotted id: every one of them is left out. */
  | "ID_COLLISION"
  /** An ancestor was left out for one of the reasons above, so its id is not well defined either. */
  | "ANCESTOR_NOT_MAPPED"
  /** fideslang: marked deprecated (`version_deprecated`); its replacement, if any, is named. */
  | "DEPRECATED"
  /** DPV: the root concept `dpv:Purpose` itself, which every purpose is under. */
  | "ROOT_CONCEPT"
  /** DPV: a row that is not a purpose class (a property, or a class of another kind). */
  | "NOT_A_PURPOSE"
  /** No entry of `options.legalBases` serves it, and a purpose needs its legal bases (GDPR Art. 6(1)). */
  | "NO_LEGAL_BASIS";

/** A term of the input that is not in the result, and why: nothing is dropped silently. */
export interface Unmapped {
  /** Which part of the input: fideslang `data_use` / `data_category`, or a DPV row. */
  readonly kind: "purpose" | "category";
  /** Its key, IRI-prefixed term, or `#<index>` when it has none. */
  readonly term: string;
  readonly code: UnmappedCode;
  /** One sentence. */
  readonly reason: string;
}

/** The catalog a standard vocabulary gives: events to append to the log, and what they mean. */
export interface Vocabulary {
  readonly source: "fideslang" | "dpv";
  /** One `PurposeDeclared` per mapped purpose, parents before children (sorted by purpose id), ready for `replay` or an event store. */
  readonly events: readonly PurposeDeclared[];
  /** The mapped purposes, in the order of `events`. */
  readonly purposes: readonly VocabularyPurpose[];
  /** The mapped data categories, sorted by id (always empty for DPV purposes). */
  readonly categories: readonly VocabularyCategory[];
  /** Every term of the input that is not in `purposes` or `categories`, in input order. */
  readonly unmapped: readonly Unmapped[];
}

/** Why a vocabulary could not be read at all, or an access policy not made from it. */
export interface VocabularyError {
  readonly code: "INVALID_INPUT" | "INVALID_OPTIONS" | "NOT_IN_VOCABULARY";
  /** One sentence naming what is wrong. */
  readonly message: string;
}
