/**
 * Legal bases other than consent (GDPR Art. 6(1)(b)-(f)), recorded per
 * subject with a reference, ended by a `LegalBasisEnded` naming it or by
 * their own `until` (exclusive).
 */
import { covers } from "../_internal/dotted.js";
import { parseTimestamp } from "../_internal/time.js";
import type { EventOf, LegalBasis } from "../events/index.js";
import { precedes, within, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

type Recorded = Entry<EventOf<"LegalBasisRecorded">>;

/** The first `LegalBasisEnded` by `i` that ends recorded basis `b` (same reference, after it), if any. */
export function basisEndOf(v: View, s: SubjectState, b: Recorded, i: Instant): Entry<EventOf<"LegalBasisEnded">> | undefined {
  return s.basisEnds.find((x) => x.e.data.reference === b.e.data.reference && within(x, v.size, i) && precedes(b, x));
}

/** True when recorded basis `b` is still established at query instant `i`: not ended, `until` not reached. */
export function basisInForce(v: View, s: SubjectState, b: Recorded, i: Instant): boolean {
  const until = b.e.data.until;
  if (until !== undefined && !(i.t < parseTimestamp(until)!)) return false;
  return basisEndOf(v, s, b, i) === undefined;
}

/** The `LegalBasisRecorded` entries of `s` that establish `basis` for `u` at query instant `i`. */
export function recordedBasis(v: View, s: SubjectState, basis: LegalBasis, u: string, i: Instant): Recorded[] {
  const out: Recorded[] = [];
  for (const b of s.bases) {
    if (!within(b, v.size, i)) continue;
    const d = b.e.data;
    if (d.basis !== basis || !d.purposes.some((p) => covers(p, u))) continue;
    if (basisInForce(v, s, b, i)) out.push(b);
  }
  return out;
}
