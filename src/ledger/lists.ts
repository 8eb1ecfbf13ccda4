/**
 * Time-ordered lists for the store. Events mostly arrive in time order, so
 * an append is O(1); a back-dated one only marks its list, which is sorted
 * once, stably, on its next read. A whole history arriving in reverse costs
 * n log n, not the n² of splicing each event into place.
 */

/** Anything with an `at` (epoch ms) and a log position. */
export interface Timed {
  readonly t: number;
  readonly pos: number;
}

/** The (at, log position) order of every list of the store. */
export function byTimeThenPosition(a: Timed, b: Timed): number {
  return a.t - b.t || a.pos - b.pos;
}

/** True when `a` precedes `b` by (at, log position). */
export function precedes(a: Timed, b: Timed): boolean {
  return a.t < b.t || (a.t === b.t && a.pos < b.pos);
}

/** The shared empty list every lazily created list starts as; never written to. */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/** Lists shorter than this grow one slot at a time (most stay short: a plain push would reserve 17 slots). */
const SMALL = 16;

/**
 * `list` with `x` appended: the same array, or a new one when `list` is
 * {@link NONE} or short (a short list is copied into an array of its exact
 * new length, so that a list of three entries does not hold seventeen slots).
 */
export function append<T extends Timed>(list: T[], x: T): T[] {
  const n = list.length;
  if (n >= SMALL) {
    list.push(x);
    return list;
  }
  const out = new Array<T>(n + 1);
  for (let k = 0; k < n; k++) out[k] = list[k]!;
  out[n] = x;
  return out;
}

/** True when appending `x` to `list` would put it out of (at, position) order. */
export function isLate<T extends Timed>(list: readonly T[], x: T): boolean {
  const n = list.length;
  return n > 0 && byTimeThenPosition(list[n - 1]!, x) > 0;
}

/** Sorts `list` in place into (at, position) order and returns it. */
export function sortByTime<T extends Timed>(list: T[]): T[] {
  return list.sort(byTimeThenPosition);
}

/**
 * A map of time-ordered lists (the catalog's lists by purpose, source,
 * policy...): `get` hands out each list sorted, sorting a back-dated one once.
 */
export class TimeListMap<K, V extends Timed> implements ReadonlyMap<K, readonly V[]> {
  private readonly lists = new Map<K, V[]>();
  private readonly late = new Set<K>();

  add(key: K, x: V): void {
    const list = this.lists.get(key) ?? NONE;
    if (isLate(list, x)) this.late.add(key);
    this.lists.set(key, append(list, x));
  }

  get(key: K): readonly V[] | undefined {
    const list = this.lists.get(key);
    if (list !== undefined && this.late.size > 0 && this.late.delete(key)) sortByTime(list);
    return list;
  }

  private settle(): void {
    if (this.late.size === 0) return;
    for (const key of this.late) sortByTime(this.lists.get(key)!);
    this.late.clear();
  }

  has(key: K): boolean {
    return this.lists.has(key);
  }

  get size(): number {
    return this.lists.size;
  }

  keys(): MapIterator<K> {
    return this.lists.keys();
  }

  values(): MapIterator<V[]> {
    this.settle();
    return this.lists.values();
  }

  entries(): MapIterator<[K, V[]]> {
    this.settle();
    return this.lists.entries();
  }

  forEach(fn: (value: readonly V[], key: K, map: ReadonlyMap<K, readonly V[]>) => void): void {
    this.settle();
    for (const [k, v] of this.lists) fn(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[K, V[]]> {
    return this.entries();
  }
}
