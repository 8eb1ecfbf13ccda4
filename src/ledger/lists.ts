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

/** Appends `x` to `list` (a fresh list when `list` is {@link NONE}); true when it went in out of order. */
export function append<T extends Timed>(list: T[], x: T): { list: T[]; late: boolean } {
  if (list === NONE) return { list: [x], late: false };
  const last = list[list.length - 1]!;
  list.push(x);
  return { list, late: byTimeThenPosition(last, x) > 0 };
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
    const r = append(this.lists.get(key) ?? NONE, x);
    this.lists.set(key, r.list);
    if (r.late) this.late.add(key);
  }

  get(key: K): readonly V[] | undefined {
    const list = this.lists.get(key);
    if (list !== undefined && this.late.size > 0 && this.late.delete(key)) sortByTime(list);
    return list;
  }

  private settle(): void {
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
