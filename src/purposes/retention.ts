/**
 * Storage limitation (GDPR Art. 5(1)(e)): how long a value may be kept,
 * counted from its recording, with each purpose's retention as declared at
 * the instant judged. The one computation behind `RETENTION_EXPIRED` and the
 * access report's retention.
 */
import { plusDuration } from "../_internal/time.js";
import type { Instant, View } from "../ledger/index.js";
import { attribute } from "./catalog.js";

/** When the retention of a value recorded at `recordedAt` ends for `purpose`; undefined when it declares none. */
function retentionEnd(v: View, purpose: string, recordedAt: number, i: Instant): number | undefined {
  return plusDuration(recordedAt, attribute(v, purpose, "retention", i));
}

/** A value's retention across its collection purposes. */
interface CollectionRetention {
  /** Each collection purpose's retention as declared at the instant, and when it ends for this value. */
  readonly purposes: readonly { readonly purpose: string; readonly retention: string | undefined; readonly endsAt: number | undefined }[];
  /**
   * When the value's retention ends: the latest end among its collection
   * purposes when every one has a retention; undefined when one has none (the
   * value may then be kept while that purpose needs it).
   */
  readonly endsAt: number | undefined;
  /** True when `endsAt` has passed at the instant. */
  readonly expired: boolean;
}

/** The retention of a value recorded at `recordedAt` for the collection `purposes`, as declared at `i`. */
export function collectionRetention(v: View, purposes: readonly string[], recordedAt: number, i: Instant): CollectionRetention {
  const each = purposes.map((purpose) => {
    const retention = attribute(v, purpose, "retention", i);
    return { purpose, retention, endsAt: plusDuration(recordedAt, retention) };
  });
  const ends = each.map((p) => p.endsAt);
  const endsAt = ends.every((e): e is number => e !== undefined) ? Math.max(...ends) : undefined;
  return { purposes: each, endsAt, expired: endsAt !== undefined && !(i.t < endsAt) };
}

/**
 * True when a value recorded at `recordedAt` for `purposes` is past its
 * retention for a use for `u` at `i`: the use purpose's own retention has
 * ended, or every collection purpose's has.
 */
export function retentionExpired(v: View, purposes: readonly string[], recordedAt: number, u: string, i: Instant): boolean {
  const useEnd = retentionEnd(v, u, recordedAt, i);
  if (useEnd !== undefined && !(i.t < useEnd)) return true;
  return collectionRetention(v, purposes, recordedAt, i).expired;
}
