/**
 * Map and Set without V8's cap. A V8 Map or Set holds at most 2^24
 * (16,777,216) entries and throws a RangeError past that; the store keeps
 * one entry per event id and one per person, so a log or a population
 * larger than that must not sit in one table. These keep a chain of plain
 * tables, each of at most `shardCapacity` entries: new keys go into the
 * newest, a key lives in exactly one, and iterating the chain in order
 * gives insertion order, as Map and Set do. A side benefit: no table ever
 * grows past `shardCapacity`, so no single rehash copies hundreds of MiB.
 * Internal: only the part of the Map/Set API the library uses.
 */

/** Entries per table: 2^22, a quarter of V8's cap (a table's backing store doubles past its size). */
export const SHARD_CAPACITY = 2 ** 22;

let defaultCapacity = SHARD_CAPACITY;

/**
 * Sets the capacity that new containers get when none is given, and returns
 * the previous one. For tests only (a tiny capacity exercises the chain with
 * small inputs); never called by the library itself.
 */
export function setDefaultShardCapacity(capacity: number): number {
  checkCapacity(capacity);
  const previous = defaultCapacity;
  defaultCapacity = capacity;
  return previous;
}

function checkCapacity(capacity: number): void {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 2 ** 24) throw new RangeError(`shard capacity must be an integer in [1, 2^24], got ${capacity}`);
}

/** Iterates what `pick` gives of each table of `shards` in turn, reading the chain live (tables added meanwhile are visited too). */
class ChainIterator<S, T> implements IterableIterator<T> {
  private k = 0;
  private inner: Iterator<T> | undefined;

  constructor(
    private readonly shards: readonly S[],
    private readonly pick: (shard: S) => Iterator<T>,
  ) {}

  next(): IteratorResult<T> {
    for (;;) {
      if (this.inner === undefined) {
        const shard = this.shards[this.k];
        if (shard === undefined) return { done: true, value: undefined };
        this.inner = this.pick(shard);
      }
      const r = this.inner.next();
      if (r.done !== true) return r;
      this.inner = undefined;
      this.k++;
    }
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}

const pickEntries = <K, V>(m: Map<K, V>): Iterator<[K, V]> => m.entries();
const pickKeys = <K, V>(m: Map<K, V> | Set<K>): Iterator<K> => m.keys();
const pickValues = <K, V>(m: Map<K, V>): Iterator<V> => m.values();
const pickSetValues = <K>(m: Set<K>): Iterator<K> => m.values();

/** What a reader needs of a Map or a BigMap: both fit. */
export interface MapLike<K, V> extends Iterable<[K, V]> {
  readonly size: number;
  get(key: K): V | undefined;
  has(key: K): boolean;
}

/** A Map of any size (see the module comment). */
export class BigMap<K, V> implements MapLike<K, V> {
  private readonly shards: Map<K, V>[];
  /** The newest table, where new keys go. */
  private last: Map<K, V>;
  private readonly capacity: number;

  constructor(entries?: Iterable<readonly [K, V]>, shardCapacity: number = defaultCapacity) {
    checkCapacity(shardCapacity);
    this.capacity = shardCapacity;
    this.last = new Map();
    this.shards = [this.last];
    if (entries !== undefined) for (const [k, v] of entries) this.set(k, v);
  }

  get size(): number {
    const s = this.shards;
    if (s.length === 1) return this.last.size;
    let n = 0;
    for (const m of s) n += m.size;
    return n;
  }

  get(key: K): V | undefined {
    const s = this.shards;
    if (s.length === 1) return this.last.get(key);
    // Keys are unique across the tables: the first value found is the one.
    for (let k = s.length - 1; k >= 0; k--) {
      const v = s[k]!.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  has(key: K): boolean {
    const s = this.shards;
    for (let k = s.length - 1; k >= 0; k--) if (s[k]!.has(key)) return true;
    return false;
  }

  /** Sets `key`: where it lives when present (its place in the order is kept), else in the newest table. */
  set(key: K, value: V): this {
    const s = this.shards;
    for (let k = 0; k < s.length - 1; k++) {
      const m = s[k]!;
      if (m.has(key)) {
        m.set(key, value);
        return this;
      }
    }
    const last = this.last;
    if (last.size < this.capacity || last.has(key)) last.set(key, value);
    else {
      const m = new Map<K, V>([[key, value]]);
      s.push(m);
      this.last = m;
    }
    return this;
  }

  delete(key: K): boolean {
    // A table left empty stays in the chain: an iteration in progress may be positioned past it.
    for (const m of this.shards) if (m.delete(key)) return true;
    return false;
  }

  clear(): void {
    for (const m of this.shards) m.clear();
    this.shards.length = 1;
    this.last = this.shards[0]!;
  }

  entries(): IterableIterator<[K, V]> {
    return new ChainIterator(this.shards, pickEntries<K, V>);
  }

  keys(): IterableIterator<K> {
    return new ChainIterator(this.shards, pickKeys<K, V>);
  }

  values(): IterableIterator<V> {
    return new ChainIterator(this.shards, pickValues<K, V>);
  }

  forEach(fn: (value: V, key: K, map: this) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}

/** A Set of any size (see the module comment). */
export class BigSet<T> implements Iterable<T> {
  private readonly shards: Set<T>[];
  private last: Set<T>;
  private readonly capacity: number;

  constructor(values?: Iterable<T>, shardCapacity: number = defaultCapacity) {
    checkCapacity(shardCapacity);
    this.capacity = shardCapacity;
    this.last = new Set();
    this.shards = [this.last];
    if (values !== undefined) for (const v of values) this.add(v);
  }

  get size(): number {
    const s = this.shards;
    if (s.length === 1) return this.last.size;
    let n = 0;
    for (const m of s) n += m.size;
    return n;
  }

  has(value: T): boolean {
    const s = this.shards;
    for (let k = s.length - 1; k >= 0; k--) if (s[k]!.has(value)) return true;
    return false;
  }

  add(value: T): this {
    const s = this.shards;
    for (let k = 0; k < s.length - 1; k++) if (s[k]!.has(value)) return this;
    const last = this.last;
    if (last.size < this.capacity || last.has(value)) last.add(value);
    else {
      const m = new Set<T>([value]);
      s.push(m);
      this.last = m;
    }
    return this;
  }

  delete(value: T): boolean {
    for (const m of this.shards) if (m.delete(value)) return true;
    return false;
  }

  clear(): void {
    for (const m of this.shards) m.clear();
    this.shards.length = 1;
    this.last = this.shards[0]!;
  }

  values(): IterableIterator<T> {
    return new ChainIterator(this.shards, pickSetValues<T>);
  }

  keys(): IterableIterator<T> {
    return new ChainIterator(this.shards, pickKeys<T, T>);
  }

  forEach(fn: (value: T, value2: T, set: this) => void, thisArg?: unknown): void {
    for (const v of this.values()) fn.call(thisArg, v, v, this);
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this.values();
  }
}
