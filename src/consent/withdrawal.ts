/**
 * Withdrawal of consent (GDPR Art. 7(3)): effective from when the controller
 * received it, never retroactive. A withdrawal names a consent (all of it, or
 * some of its purposes), or names purposes only, reaching every consent given
 * before it.
 */
import { overlaps } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { earliest, INDEXING, precedes, subjectSlot, within, type ConsentState, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

type Withdrawal = Entry<EventOf<"ConsentWithdrawn">>;

/** True when a withdrawal naming purpose `w` reaches purpose `u` (one covers the other). */
function withdrawalReaches(w: string, u: string): boolean {
  return overlaps(w, u);
}

/** True when purpose-only withdrawal `w` reaches consent `c`: the consent was given before it. */
function reachesConsent(c: ConsentState, w: Withdrawal): boolean {
  return precedes(c.grant, w);
}

/** True when withdrawal `w`, naming consent `c` or purposes only, reaches `c` for `u`. */
function reaches(c: ConsentState, w: Withdrawal, u: string): boolean {
  const ps = w.e.data.purposes;
  if (w.e.data.consent !== undefined) return ps === undefined || ps.some((p) => withdrawalReaches(p, u));
  return reachesConsent(c, w) && ps!.some((p) => withdrawalReaches(p, u));
}

const REACHING = Symbol("withdrawals reaching a consent for a purpose");

/** The withdrawals that reach `c` for `u` (named, then purpose-only), each list in (at, position) order. */
function reaching(s: SubjectState, c: ConsentState, u: string): readonly [readonly Withdrawal[], readonly Withdrawal[]] {
  const index = subjectSlot(s, REACHING, () => new Map<ConsentState, Map<string, readonly [Withdrawal[], Withdrawal[]]>>());
  let byPurpose = index.get(c);
  if (byPurpose === undefined) index.set(c, (byPurpose = new Map()));
  let lists = byPurpose.get(u);
  if (lists === undefined) {
    lists = [c.withdrawals.filter((w) => reaches(c, w, u)), s.purposeWithdrawals.filter((w) => reaches(c, w, u))];
    byPurpose.set(u, lists);
  }
  return lists;
}

/** The first withdrawal by `i` that affects consent `c` for `u`, if any. */
export function withdrawalOf(v: View, s: SubjectState, c: ConsentState, u: string, i: Instant): Withdrawal | undefined {
  if (s.purposeWithdrawals.length >= INDEXING.from) {
    const [named, general] = reaching(s, c, u);
    return earliest(named, v.size, i) ?? earliest(general, v.size, i);
  }
  for (const w of c.withdrawals) if (within(w, v.size, i) && reaches(c, w, u)) return w;
  for (const w of s.purposeWithdrawals) if (within(w, v.size, i) && reaches(c, w, u)) return w;
  return undefined;
}

/**
 * The earliest withdrawal, at any instant, that affects consent `c` for `u`
 * (every entry of `s` counted: for a snapshot that sees the whole subject).
 * From it on, {@link withdrawalOf} finds one; before it, none.
 */
export function firstWithdrawal(s: SubjectState, c: ConsentState, u: string): Withdrawal | undefined {
  const [named, general] = firstReaching(s, c, u);
  if (named === undefined || general === undefined) return named ?? general;
  return precedes(general, named) ? general : named;
}

/**
 * The earliest withdrawal naming consent `c` that reaches `u`, and the
 * earliest naming purposes only that reaches it, at any instant (every entry
 * of `s` counted). {@link withdrawalOf} at `i` is the first of them that is
 * not after `i`, the named one first.
 */
export function firstReaching(s: SubjectState, c: ConsentState, u: string): readonly [Withdrawal | undefined, Withdrawal | undefined] {
  return [c.withdrawals.find((w) => reaches(c, w, u)), s.purposeWithdrawals.find((w) => reaches(c, w, u))];
}

/** True when a withdrawal by `i` affects consent `c` for `u`. */
export function isWithdrawn(v: View, s: SubjectState, c: ConsentState, u: string, i: Instant): boolean {
  return withdrawalOf(v, s, c, u, i) !== undefined;
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
