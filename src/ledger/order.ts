/**
 * The order of the log, written once: an entry counts by its `at` (epoch ms
 * `t`) and, at the same `at`, by its log position `pos` (events at one
 * instant take effect in log order). A query instant T is `{ t: T, pos:
 * Infinity }` (events count when their `at` <= T); an event's own instant is
 * its `{ t, pos }` (events count when they precede or are it).
 */

/** A point in the log's order: an `at` in epoch ms and a position (Infinity for a query instant). */
export interface Instant {
  readonly t: number;
  readonly pos: number;
}

/** The query instant for `t`. */
export function queryInstant(t: number): Instant {
  return { t, pos: Infinity };
}

/** True when `a` comes strictly before `b` by (at, log position). */
export function precedes(a: Instant, b: Instant): boolean {
  return a.t < b.t || (a.t === b.t && a.pos < b.pos);
}

/** {@link precedes} of `i` and the instant (`t`, `pos`) that an index keeps as two numbers rather than as an entry. */
export function precedesPair(i: Instant, t: number, pos: number): boolean {
  return i.t < t || (i.t === t && i.pos < pos);
}

/** Orders two entries by (at, log position), for `sort`. */
export function byTimePos(a: Instant, b: Instant): number {
  return a.t - b.t || a.pos - b.pos;
}

/** True when entry `e` is in the snapshot of `size` items and at or before instant `i`. */
export function within(e: Instant, size: number, i: Instant): boolean {
  return e.pos < size && !precedes(i, e);
}

/** How many entries of the (t, pos)-sorted `list` are at or before instant `i` (a binary search). */
export function countUpTo(list: readonly Instant[], i: Instant): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = list[mid]!;
    if (e.t < i.t || (e.t === i.t && e.pos <= i.pos)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The latest entry of a (t, pos)-sorted list within the snapshot and instant. */
export function latest<E extends Instant>(list: readonly E[] | undefined, size: number, i: Instant): E | undefined {
  if (list === undefined) return undefined;
  for (let k = countUpTo(list, i) - 1; k >= 0; k--) {
    const e = list[k]!;
    if (e.pos < size) return e;
  }
  return undefined;
}

/** The first entry of a (t, pos)-sorted list within the snapshot and instant. */
export function earliest<E extends Instant>(list: readonly E[] | undefined, size: number, i: Instant): E | undefined {
  if (list === undefined) return undefined;
  for (const e of list) {
    if (precedes(i, e)) return undefined;
    if (e.pos < size) return e;
  }
  return undefined;
}
