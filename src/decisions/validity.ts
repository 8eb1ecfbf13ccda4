/**
 * How long a decision holds (`validUntil`): the earliest instant after its
 * `at` at which the same query could be answered otherwise with no new event.
 * Two things move an answer without a new event: an event already in the log
 * but dated later (about the subject, in the catalog, or a reject marking
 * either), and the clock reaching an end a rule reads — a consent's
 * `expires` or maximum age, a retention period, a basis's or a special
 * condition's `until`. The bound
 * is sound and conservative: every such instant of the subject counts,
 * whichever purpose or field the query names (so it may come earlier than
 * the real change, never later).
 */
import { addDuration, parseTimestamp } from "../_internal/time.js";
import { nextAfter, nextMarkAfter, subjectSlot, type SubjectState, type View } from "../ledger/index.js";
import { declaredDurations } from "../purposes/index.js";

const ENDS = Symbol("clock-driven ends of a subject");
const NO_ENDS: readonly number[] = Object.freeze([]);
const byValue = (a: number, b: number): number => a - b;

/** The instants at which the clock ends something of `s` (any consent, fact or basis) in the snapshot, sorted. */
function computeEnds(v: View, s: SubjectState): readonly number[] {
  const durations = declaredDurations(v);
  const ends: number[] = [];
  for (const c of s.consents.values()) {
    if (c.grant.pos >= v.size) continue;
    const expires = parseTimestamp(c.grant.e.data.expires);
    if (expires !== undefined) ends.push(expires);
    for (const d of durations.consentMaxAge) ends.push(addDuration(c.grant.t, d));
  }
  for (const f of s.facts.values()) {
    if (f.rec.pos >= v.size) continue;
    for (const d of durations.retention) ends.push(addDuration(f.rec.t, d));
  }
  for (const b of s.bases) {
    if (b.pos >= v.size) continue;
    const until = parseTimestamp(b.e.data.until);
    if (until !== undefined) ends.push(until);
  }
  // GDPR Art. 9(2): a special condition's `until` ends it with no new event.
  for (const c of s.conditions) {
    if (c.pos >= v.size) continue;
    const until = parseTimestamp(c.e.data.until);
    if (until !== undefined) ends.push(until);
  }
  // A plain array of doubles: a typed array costs more to make than these few ends cost to sort.
  return ends.length === 0 ? NO_ENDS : ends.length === 1 ? ends : ends.sort(byValue);
}

/** {@link computeEnds}, kept per catalog version while the snapshot sees the whole subject and catalog (an older snapshot computes its own). */
function clockEnds(v: View, s: SubjectState): readonly number[] {
  if (s.lastPos >= v.size || v.cat.lastPos >= v.size) return computeEnds(v, s);
  const memo = subjectSlot(s, ENDS, (): { version: number; ends: readonly number[] } => ({ version: -1, ends: NO_ENDS }));
  const version = v.cat.version;
  if (memo.version !== version) {
    memo.ends = computeEnds(v, s);
    memo.version = version;
  }
  return memo.ends;
}

/** The first of the sorted `ends` later than `t`, or Infinity. */
function firstAfter(ends: readonly number[], t: number): number {
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ends[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < ends.length ? ends[lo]! : Infinity;
}

/** The earliest instant after `t` (epoch ms) at which a decision about `subject` could change with no new event; Infinity when none is ahead. */
export function validUntilOf(v: View, subject: string, s: SubjectState | undefined, t: number): number {
  let next = Math.min(nextAfter(v.cat.events, v.size, t), nextMarkAfter(v, subject, s, t));
  // s.maxT <= t: no event of the subject after t, in any snapshot (read from the subject, not from its last event).
  if (s !== undefined) next = Math.min(next, s.maxT <= t ? Infinity : nextAfter(s.events, v.size, t), firstAfter(clockEnds(v, s), t));
  // issue 14: a subject merged away later is answered MERGED from the merge's at (the merge is its survivor's event).
  const away = s?.mergedInto;
  if (away !== undefined && away.pos < v.size && away.t > t) next = Math.min(next, away.t);
  return next;
}
