/** The shape of the erasure work list (GDPR Art. 17). */
import type { CommandOf } from "../commands/index.js";
import type { LegalBasis } from "../events/index.js";
import type { RejectCode } from "../ledger/index.js";

/** The grounds of GDPR Art. 17(1) on which a held value must be erased now, as a runtime list in the order items give them. */
export const ERASURE_REASON_CODES = ["COLLECTION_CONSENT_WITHDRAWN", "OWNER_DEPARTED", "UNLAWFUL_COLLECTION", "RETENTION_EXPIRED", "OBJECTED"] as const;
/**
 * Why a value is due for erasure: the consents its collection rested on are
 * withdrawn or expired (Art. 17(1)(b)); the departure agreement of the
 * account it came through no longer allows keeping it; it was collected
 * unlawfully (Art. 17(1)(d)); every collection purpose's retention has ended
 * (Art. 5(1)(e), 17(1)(a)); every collection purpose is direct marketing the
 * person objected to (Art. 17(1)(c) with 21(2)).
 */
export type ErasureReasonCode = (typeof ERASURE_REASON_CODES)[number];

/** One ground of an item, shaped as a decision's reason: a code, a plain sentence, the events it rests on. */
export interface ErasureReason {
  readonly code: ErasureReasonCode;
  readonly message: string;
  readonly eventIds: readonly string[];
}

/** What an item of the work list is about, and why. */
interface ErasureItemBase {
  readonly subject: string;
  /** The fact id: the current fact of its field at the list's instant. */
  readonly fact: string;
  readonly field: string;
  /** Every ground that holds at the list's instant, in the order of {@link ERASURE_REASON_CODES}. */
  readonly reasons: readonly ErasureReason[];
  /**
   * The events that hold its value: its `FactRecorded` and every accepted
   * `FactCorrected` naming it (whatever their `at`), in (at, position) order;
   * what a store that keeps sealed copies must purge for the erasure to reach.
   */
  readonly heldIn: readonly string[];
  /** Since when it is due: the start of the latest uninterrupted stretch up to the list's instant in which at least one of its grounds held. */
  readonly since: string;
}

/** A value that must be erased now. */
export interface ErasureDueItem extends ErasureItemBase {
  /**
   * A ready `eraseFact` command that `decide` accepts on the same ledger
   * with `now` = the list's instant. Absent when the log already holds an
   * erasure of the fact dated after that instant, or one that reaches the
   * fact through a merge dated after it: `erasedBy` names it.
   */
  readonly command?: CommandOf<"eraseFact">;
  /** The erasure of the fact the log already holds, dated after the list's instant or reaching the fact through a merge dated after it (replay rejects a second one). */
  readonly erasedBy?: { readonly eventId: string; readonly at: string };
}

/** A value one of whose grounds holds but that a legal obligation or a public task keeps (GDPR Art. 17(3)(b)). */
export interface ErasureKeptItem extends ErasureItemBase {
  /** The basis that keeps it, and the events it rests on (its `LegalBasisRecorded` events and any compatibility assessment that links it to the data). */
  readonly basis: { readonly legalBasis: Extract<LegalBasis, "legal-obligation" | "public-task">; readonly eventIds: readonly string[] };
}

/** A subject whose history is incomplete at the list's instant: judged only once the log is repaired. */
export interface ErasureIncompleteSubject {
  readonly subject: string;
  /** The unvoided rejects that make it incomplete (its own or the catalog's), in log order. */
  readonly rejects: readonly { readonly position: number; readonly id?: string; readonly code: RejectCode }[];
}

/** The erasure work list (GDPR Art. 17) at an instant. */
export interface ErasureDue {
  readonly at: string;
  /** The values to erase now, ordered by `since`, then subject, then fact (code-unit order). */
  readonly due: readonly ErasureDueItem[];
  /** The values a legal obligation or public task keeps, in the same order. */
  readonly kept: readonly ErasureKeptItem[];
  /** Subjects whose history is incomplete at `at`, by subject: no item is given for them. */
  readonly incomplete: readonly ErasureIncompleteSubject[];
}
