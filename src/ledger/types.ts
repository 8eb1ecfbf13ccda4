import type { EventOf, LedgerEvent, SubjectEvent } from "../events/index.js";

/**
 * An accepted event as the ledger keeps it: the decoded frozen event, its
 * 0-based position in the input and its `at` in epoch milliseconds.
 * Internal: the public surface shows events, not entries.
 */
export interface Entry<E extends LedgerEvent = LedgerEvent> {
  readonly e: E;
  readonly pos: number;
  readonly t: number;
}

/** A scope a rejected item makes incomplete: the catalog (every subject) or one subject. */
export type RejectScope = { readonly catalog: true } | { readonly subject: string };

/** What one rejected item marks, and from when (`from` = -Infinity: at every instant). */
export interface Mark {
  readonly scope: RejectScope;
  readonly from: number;
}

/** Why replay rejected an item. */
export type RejectCode =
  | "DECODE_FAILED"
  | "ID_CONFLICT"
  | "UNKNOWN_FACT"
  | "FACT_ERASED"
  | "UNKNOWN_CONSENT"
  | "UNKNOWN_REFERENCE"
  | "DUPLICATE_FACT_ID"
  | "DUPLICATE_CONSENT_ID"
  | "NOTHING_TO_ERASE"
  | "INVALID_VOID"
  | "SEALED_VALUE_UNREADABLE"
  | "MERGE_INVALID"
  | "SUBJECT_MERGED";

/** The reject codes as a runtime list. */
export const REJECT_CODES: readonly RejectCode[] = [
  "DECODE_FAILED",
  "ID_CONFLICT",
  "UNKNOWN_FACT",
  "FACT_ERASED",
  "UNKNOWN_CONSENT",
  "UNKNOWN_REFERENCE",
  "DUPLICATE_FACT_ID",
  "DUPLICATE_CONSENT_ID",
  "NOTHING_TO_ERASE",
  "INVALID_VOID",
  // Only `replayWithVault` / `unsealEvents` give it: the vault could not open a sealed value (src/vault/seal.ts).
  "SEALED_VALUE_UNREADABLE",
  // issue 14: a merge that cannot be made; an event about a subject merged away, dated at or after the merge.
  "MERGE_INVALID",
  "SUBJECT_MERGED",
];

/** Why replay rejects an item: a code, a sentence, and what it marks when that is not the item's own scope. */
export type Problem = readonly [RejectCode, string, Mark[]?];

/** A rejected item, kept with its position, its id when it had one, and why. */
export interface Rejected {
  /** 0-based index of the item in the input sequence. */
  readonly position: number;
  /**
   * 1-based line number of the item in the NDJSON source, on every reject of
   * a streamed replay (`replayStream`); absent for items given as values
   * (`replay`, `apply`). Blank lines count as lines but take no position.
   */
  readonly line?: number;
  /** The item's `id` when it carried a non-empty string one. */
  readonly id?: string;
  /** The item's raw `type` when it carried a string one. */
  readonly type?: string;
  /** The item's raw `subject` when it carried a non-empty string one. */
  readonly subject?: string;
  /** The item's raw `at` when it was a valid wire-format timestamp. */
  readonly at?: string;
  readonly code: RejectCode;
  /** One readable sentence. */
  readonly reason: string;
  /** A frozen copy of the raw item (absent when the item was not JSON). */
  readonly event?: unknown;
  /** What this reject makes incomplete, and from when (`"always"` when its `at` was not valid). */
  readonly marks: readonly { readonly catalog?: true; readonly subject?: string; readonly from: string | "always" }[];
  /** The position of the `EventVoided` that voided it, if any. */
  readonly voidedBy?: number;
}

/** Internal reject record: the public {@link Rejected} plus numeric marks. */
export interface RejectRecord {
  readonly position: number;
  readonly id: string | undefined;
  readonly type: string | undefined;
  readonly subject: string | undefined;
  readonly at: string | undefined;
  readonly code: RejectCode;
  readonly reason: string;
  readonly raw: unknown;
  readonly marks: Mark[];
  /** Position of the first accepted void naming it; mutable in the append-only store, read through a snapshot's size. */
  voidedBy: number | undefined;
}

/**
 * The state of one fact (a field's value with its provenance) in the store.
 * Its lists are kept in (at, position) order; back-dated additions are
 * sorted in on the next read, not spliced in on arrival.
 */
export interface FactState {
  readonly rec: Entry<EventOf<"FactRecorded">>;
  /** Accepted corrections that follow the recording by (at, position), in (at, position) order. */
  readonly corrections: readonly Entry<EventOf<"FactCorrected">>[];
  /** Accepted erasures that affect it (by fact or by field), in (at, position) order. */
  readonly erasures: readonly Entry<EventOf<"FactErased">>[];
}

/** The state of one consent in the store. */
export interface ConsentState {
  readonly grant: Entry<EventOf<"ConsentGranted">>;
  /** The grant's purposes (the same array as `grant.e.data.purposes`), kept on the consent: naming a purpose reads no event. */
  readonly purposes: readonly string[];
  readonly confirmations: readonly Entry<EventOf<"ConsentConfirmed">>[];
  /** Withdrawals naming this consent by id. */
  readonly withdrawals: readonly Entry<EventOf<"ConsentWithdrawn">>[];
}

/** Everything the store indexes for one subject; every list is in (at, position) order. */
export interface SubjectState {
  readonly id: string;
  /** Every accepted event of the subject, sorted by (at, position). */
  readonly events: readonly Entry<SubjectEvent>[];
  /** Facts by id, in log order of recording. */
  readonly facts: ReadonlyMap<string, FactState>;
  /**
   * Facts by field, in log order of recording (the states themselves: a
   * decision reads a field without a lookup by fact id): a field's only fact
   * is kept as itself, several as a list (read them with `factsOf`).
   */
  readonly factsByField: ReadonlyMap<string, FactState | readonly FactState[]>;
  readonly consents: ReadonlyMap<string, ConsentState>;
  /**
   * A filter of the purposes its consents name: the `idBit` of each
   * (0 when it has none; src/_internal/dotted.ts). When it holds none of a
   * purpose's `coveringBits`, no consent names the purpose: a decision learns
   * it without reading a consent (each a cache miss on a large ledger).
   */
  readonly consentPurposeBits: number;
  /** Withdrawals without a consent id (every earlier consent, for purposes). */
  readonly purposeWithdrawals: readonly Entry<EventOf<"ConsentWithdrawn">>[];
  readonly bases: readonly Entry<EventOf<"LegalBasisRecorded">>[];
  readonly basisEnds: readonly Entry<EventOf<"LegalBasisEnded">>[];
  readonly objections: readonly Entry<EventOf<"ObjectionRaised"> | EventOf<"ObjectionWithdrawn">>[];
  readonly restrictions: readonly Entry<EventOf<"ProcessingRestricted"> | EventOf<"RestrictionLifted">>[];
  readonly informed: readonly Entry<EventOf<"SubjectInformed">>[];
  readonly uses: readonly Entry<EventOf<"UseRecorded">>[];
  /** Conditions of GDPR Art. 9(2) recorded, and their ends. */
  readonly conditions: readonly Entry<EventOf<"SpecialConditionRecorded">>[];
  readonly conditionEnds: readonly Entry<EventOf<"SpecialConditionEnded">>[];
  /** Rejects that mark this subject, in log order. */
  readonly rejects: readonly RejectRecord[];
  /** The highest log position of the subject's accepted events (-1 when none). */
  readonly lastPos: number;
  /** The earliest `at` of the subject's accepted events, in epoch ms (Infinity when none). */
  readonly minT: number;
  /** The latest `at` of the subject's accepted events, in epoch ms (-Infinity when none). */
  readonly maxT: number;
  /** The accepted merges this subject survived, in log order (issue 14). */
  readonly merges: readonly Entry<EventOf<"SubjectsMerged">>[];
  /** The accepted merge that took this subject away, if any. */
  readonly mergedInto: Entry<EventOf<"SubjectsMerged">> | undefined;
  /** On a merged view: every subject whose events and marks it holds (its own id among them); undefined otherwise. */
  readonly members: ReadonlySet<string> | undefined;
}

/** Catalog indexes: every list is sorted by (at, position). */
export interface CatalogState {
  readonly purposes: ReadonlyMap<string, readonly Entry<EventOf<"PurposeDeclared"> | EventOf<"PurposeRetired">>[]>;
  readonly compat: ReadonlyMap<string, readonly Entry<EventOf<"PurposeCompatibilityAssessed">>[]>;
  readonly notices: ReadonlyMap<string, readonly Entry<EventOf<"NoticePublished">>[]>;
  readonly sources: ReadonlyMap<string, readonly Entry<EventOf<"SourceRegistered"> | EventOf<"SourceRetired">>[]>;
  readonly policies: ReadonlyMap<string, readonly Entry<EventOf<"AccessPolicyGranted"> | EventOf<"AccessPolicyRevoked">>[]>;
  readonly accounts: ReadonlyMap<string, readonly Entry<EventOf<"AccountLinked">>[]>;
  readonly departures: ReadonlyMap<string, readonly Entry<EventOf<"EmployeeDeparted">>[]>;
  readonly voids: readonly Entry<EventOf<"EventVoided">>[];
  /** Special-category declarations (GDPR Art. 9(1)). */
  readonly specials: readonly Entry<EventOf<"SpecialCategoryDeclared">>[];
  /** Every accepted catalog event, sorted by (at, position). */
  readonly events: readonly Entry<LedgerEvent>[];
  /** Rejects that mark the catalog, in log order. */
  readonly rejects: readonly RejectRecord[];
  /** Accepted catalog events so far (voids included): changes whenever the catalog does. */
  readonly version: number;
  /** The highest log position of an accepted catalog event (-1 when none). */
  readonly lastPos: number;
}

/** One unvoided reject and what it makes incomplete. */
export interface IncompleteMark {
  /** `"catalog"` makes every subject incomplete; `"subject"` makes one subject incomplete. */
  readonly scope: "catalog" | "subject";
  /** The subject, when `scope` is `"subject"`. */
  readonly subject?: string;
  /** From when (inclusive): the reject's `at`, or `"always"` when its `at` was not a valid timestamp. */
  readonly from: string;
  /** Position of the rejected item. */
  readonly position: number;
  /** Its id when it had one. */
  readonly id?: string;
}
