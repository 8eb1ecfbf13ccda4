/**
 * Withdrawal of consent (GDPR Art. 7(3)): effective from when the controller
 * received it, never retroactive. A withdrawal names a consent (all of it, or
 * some of its purposes), or names purposes only, reaching every consent given
 * before it.
 */
import { overlaps } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { precedes, within, type ConsentState, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

type Withdrawal = Entry<EventOf<"ConsentWithdrawn">>;

/** True when a withdrawal naming purpose `w` reaches purpose `u` (one covers the other). */
function withdrawalReaches(w: string, u: string): boolean {
  return overlaps(w, u);
}

/** True when purpose-only withdrawal `w` reaches consent `c`: the consent was given before it. */
function reachesConsent(c: ConsentState, w: Withdrawal): boolean {
  return precedes(c.grant, w);
}

/** The first withdrawal by `i` that affects consent `c` for `u`, if any. */
export function withdrawalOf(v: View, s: SubjectState, c: ConsentState, u: string, i: Instant): Withdrawal | undefined {
  for (const w of c.withdrawals) {
    if (!within(w, v.size, i)) continue;
    const ps = w.e.data.purposes;
    if (ps === undefined || ps.some((p) => withdrawalReaches(p, u))) return w;
  }
  for (const w of s.purposeWithdrawals) {
    if (!within(w, v.size, i) || !reachesConsent(c, w)) continue;
    if (w.e.data.purposes!.some((p) => withdrawalReaches(p, u))) return w;
  }
  return undefined;
}

/**
 * Every withdrawal by `i` that names consent `c`, or names purposes only
 * after it was given; with `purposes`, only the purpose-only withdrawals
 * that reach one of them. In the order named, then the purpose-only ones.
 */
export function withdrawalsOf(v: View, s: SubjectState, c: ConsentState, i: Instant, purposes?: readonly string[]): Withdrawal[] {
  const out = c.withdrawals.filter((w) => within(w, v.size, i));
  for (const w of s.purposeWithdrawals) {
    if (!within(w, v.size, i) || !reachesConsent(c, w)) continue;
    if (purposes === undefined || w.e.data.purposes!.some((p) => purposes.some((q) => withdrawalReaches(p, q)))) out.push(w);
  }
  return out;
}
