/**
 * Storage limitation (GDPR Art. 5(1)(e)): how long a value may be kept,
 * counted from its recording, with each purpose's retention as declared at
 * the instant judged. The one computation behind `RETENTION_EXPIRED` and the
 * access report's retention.
 */
import { addDuration } from "../_internal/time.js";
import type { Instant, View } from "../ledger/index.js";
import { durationAttribute } from "./catalog.js";

/** When the retention of a value recorded at `recordedAt` ends for `purpose`; undefined when it declares none. */
export function retentionEnd(v: View, purpose: string, recordedAt: number, i: Instant): number | undefined {
  const d = durationAttribute(v, purpose, "retention", i);
  return d === undefined ? undefined : addDuration(recordedAt, d);
}

/**
 * When the retention of a value recorded at `recordedAt` for the collection
 * `purposes` ends: the latest end among them when every one has a retention;
 * undefined when one has none (the value may then be kept while that purpose
 * needs it).
 */
export function collectionRetentionEnd(v: View, purposes: readonly string[], recordedAt: number, i: Instant): number | undefined {
  let end = -Infinity;
  for (const p of purposes) {
    const e = retentionEnd(v, p, recordedAt, i);
    if (e === undefined) return undefined;
    if (e > end) end = e;
  }
  return end;
}

/** True when a retention ending at `end` has passed at `i`. */
export function retentionPassed(end: number | undefined, i: Instant): boolean {
  return end !== undefined && !(i.t < end);
}

/**
 * True when a value recorded at `recordedAt` for `purposes` is past its
 * retention for a use for `u` at `i`: the use purpose's own retention has
 * ended, or every collection purpose's has.
 */
export function retentionExpired(v: View, purposes: readonly string[], recordedAt: number, u: string, i: Instant): boolean {
  return retentionPassed(retentionEnd(v, u, recordedAt, i), i) || retentionPassed(collectionRetentionEnd(v, purposes, recordedAt, i), i);
}
