/**
 * Half-open spans of instants in the log's (at, position) order, and the
 * "first owner over time" of a list of items with spans: what the indexes
 * of the rules record so that a query at an instant is a binary search.
 */
import { byTimePos, precedes, precedesPair, type Instant } from "./order.js";

/**
 * From how many entries a subject's list (its consents, recorded bases,
 * objections, a field's facts) is indexed by the rules rather than scanned:
 * below it a scan is cheaper than building the index. Internal; the tests
 * set it to 0 to read every index, and compare with it at Infinity.
 */
export const INDEXING = { from: 8 };

/** A half-open span [lo, hi) of instants. */
export interface Span {
  readonly lo: Instant;
  readonly hi: Instant;
}

/** The end of time, after every instant. */
export const END: Instant = Object.freeze({ t: Infinity, pos: Infinity });

/** The instant from which only the `at` counts: `t`, before any event at `t` (for ends the clock reaches). */
export const clockAt = (t: number): Instant => ({ t, pos: -Infinity });

/** The later of two instants. */
export const later = (a: Instant, b: Instant): Instant => (precedes(a, b) ? b : a);
/** The earlier of two instants. */
export const earlier = (a: Instant, b: Instant): Instant => (precedes(a, b) ? a : b);
const sameInstant = (a: Instant, b: Instant): boolean => a.t === b.t && a.pos === b.pos;

/** True when instant `i` is in one of `spans`. */
export function inSpans(spans: readonly Span[], i: Instant): boolean {
  for (const sp of spans) if (!precedes(i, sp.lo) && precedes(i, sp.hi)) return true;
  return false;
}

/** Appends [lo, hi) to the sorted, disjoint `spans`, joined to the last one when they meet; nothing when empty. */
export function addSpan(spans: Span[], lo: Instant, hi: Instant): void {
  if (!precedes(lo, hi)) return;
  const last = spans[spans.length - 1];
  if (last !== undefined && sameInstant(last.hi, lo)) spans[spans.length - 1] = { lo: last.lo, hi };
  else spans.push({ lo, hi });
}

/**
 * Who owns each stretch of time: `owners[k]` from the k-th start up to the
 * next (undefined: nobody). The starts are kept as numbers, the k-th start's
 * `t` at `starts[2k]` and its `pos` at `starts[2k + 1]`, not as the entries
 * they come from: a binary search then reads one dense array instead of
 * entries spread over the heap (each a cache miss on a long history).
 */
export interface Owners<T> {
  readonly starts: readonly number[];
  readonly owners: readonly (T | undefined)[];
}

/** The index of `x` in the sorted, distinct `points`. */
function indexOf(points: readonly Instant[], x: Instant): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byTimePos(points[mid]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first item (in the order of `items`) whose spans cover each instant:
 * every span boundary is a change point, each piece between two goes to the
 * first item covering it. Pieces are painted once each (a "next unpainted
 * piece" pointer skips painted ones), then equal neighbours merged: n log n.
 */
export function firstOwners<T>(items: readonly { readonly owner: T; readonly spans: readonly Span[] }[]): Owners<T> {
  const points: Instant[] = [];
  for (const x of items) for (const sp of x.spans) points.push(sp.lo, sp.hi);
  points.sort(byTimePos);
  const distinct: Instant[] = [];
  for (const p of points) if (distinct.length === 0 || !sameInstant(distinct[distinct.length - 1]!, p)) distinct.push(p);
  const owner = new Array<T | undefined>(distinct.length).fill(undefined);
  const next = Int32Array.from({ length: distinct.length + 1 }, (_, k) => k);
  const find = (k: number): number => {
    let r = k;
    while (next[r] !== r) r = next[r]!;
    while (next[k] !== r) {
      const n = next[k]!;
      next[k] = r;
      k = n;
    }
    return r;
  };
  for (const x of items) {
    for (const sp of x.spans) {
      const end = indexOf(distinct, sp.hi);
      for (let k = find(indexOf(distinct, sp.lo)); k < end; k = find(k)) {
        owner[k] = x.owner;
        next[k] = k + 1;
      }
    }
  }
  const starts: number[] = [];
  const owners: (T | undefined)[] = [];
  for (let k = 0; k < distinct.length; k++) {
    if (owners.length > 0 && owners[owners.length - 1] === owner[k]) continue;
    starts.push(distinct[k]!.t, distinct[k]!.pos);
    owners.push(owner[k]);
  }
  return { starts, owners };
}

/** The owner at instant `i`: the last start at or before `i`, by binary search. */
export function ownerAt<T>(o: Owners<T>, i: Instant): T | undefined {
  const xs = o.starts;
  let lo = 0;
  let hi = xs.length >>> 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (precedesPair(i, xs[2 * mid]!, xs[2 * mid + 1]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo === 0 ? undefined : o.owners[lo - 1];
}
