/**
 * The store's index of event ids: for each id, the log position of the first
 * item that carried it. A duplicate check is one lookup per item; in a V8
 * Map each lookup of an absent id walks a chain of entries and reads each
 * entry's key string, a cache miss each on a large log. Here a lookup reads
 * one slot of a flat table of (hash, position) pairs, and compares an id
 * only where the 32-bit hashes match (the id itself is read from the log
 * through `idAt`). The tables hold positions, not ids or items: 8 bytes per
 * slot, at most half of the slots used.
 *
 * A new index is one table of 8 slots, small enough for V8 to keep inside
 * the JS heap (a store is made for every replay and every fork, most of them
 * small). Past {@link SPLIT_AT} slots it splits into 16 tables, picked by
 * the top bits of a hash, each then grown on its own: no single growth copies
 * more than a sixteenth of a large index. Internal.
 */

/** Tables once split: the top 4 bits of a hash pick one. */
const TABLES = 16;
const TABLE_SHIFT = 28;
/** Slots of a new index: 8 (16 numbers, 64 bytes: a typed array V8 keeps in the JS heap). */
const INITIAL = 8;
/** The one table splits into 16 when it would grow past this many slots (2^16 ids). */
export const SPLIT_AT = 2 ** 17;
/**
 * The largest table: 2^28 slots (a 2 GiB Uint32Array), so at most 2^31 ids
 * in all. A ledger of that many events needs far more heap than a Node
 * process gets (the ledger keeps about 500 bytes per event), so no ledger
 * that fits in memory reaches it.
 */
const MAX_SLOTS = 2 ** 28;

/** The 32-bit FNV-1a hash of the UTF-16 code units of `s`, mixed (murmur3's finaliser) so that every bit depends on every unit. */
export function hashId(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class IdIndex {
  /** Table t, slot k: its id's hash at 2k, its position + 1 at 2k + 1 (0: empty). One table until split, then 16. */
  private tables: Uint32Array[] = [new Uint32Array(2 * INITIAL)];
  /** Which table a hash's top bits pick: 0 while there is one table, 15 once split. */
  private pick = 0;
  /** Ids held by each table. */
  private counts: number[] = [0];
  private count = 0;

  /** `idAt(p)` is the id of the item at log position `p` (one the index was given). */
  constructor(private readonly idAt: (pos: number) => string | undefined) {}

  /** Ids held. */
  get size(): number {
    return this.count;
  }

  /** The position of the first item with id `id`, or -1 when no item had it. */
  find(id: string): number {
    const h = hashId(id);
    const slots = this.tables[(h >>> TABLE_SHIFT) & this.pick]!;
    const mask = (slots.length >>> 1) - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const p = slots[2 * k + 1]!;
      if (p === 0) return -1;
      if (slots[2 * k] === h && this.idAt(p - 1) === id) return p - 1;
    }
  }

  /** Records that the item at `pos` is the first with id `id` (which {@link find} did not find). */
  add(id: string, pos: number): void {
    const h = hashId(id);
    let t = (h >>> TABLE_SHIFT) & this.pick;
    let slots = this.tables[t]!;
    if (2 * (this.counts[t]! + 1) > slots.length >>> 1) {
      if (this.pick === 0 && slots.length >= 2 * SPLIT_AT) {
        this.split();
        t = (h >>> TABLE_SHIFT) & this.pick;
        slots = this.tables[t]!;
      } else slots = this.grow(t);
    }
    place(slots, h, pos + 1);
    this.counts[t]!++;
    this.count++;
  }

  /** Doubles table `t`. */
  private grow(t: number): Uint32Array {
    const old = this.tables[t]!;
    const n = old.length; // the new number of slots: twice the old
    if (n > MAX_SLOTS) throw new RangeError(`the id index holds at most ${(TABLES * MAX_SLOTS) / 2} ids`);
    const slots = new Uint32Array(2 * n);
    for (let k = 0; k < old.length; k += 2) if (old[k + 1] !== 0) place(slots, old[k]!, old[k + 1]!);
    this.tables[t] = slots;
    return slots;
  }

  /**
   * Spreads the one table over 16: each gets an eighth of its slots (a
   * quarter full when the hashes spread), or more when more of the ids fall
   * to it, so that every table stays at most half full whatever the ids.
   */
  private split(): void {
    const old = this.tables[0]!;
    const counts = new Array<number>(TABLES).fill(0);
    for (let k = 0; k < old.length; k += 2) if (old[k + 1] !== 0) counts[old[k]! >>> TABLE_SHIFT]!++;
    const tables = counts.map((c) => {
      let slots = old.length >>> 4;
      while (2 * (c + 1) > slots) slots *= 2;
      return new Uint32Array(2 * slots);
    });
    for (let k = 0; k < old.length; k += 2) if (old[k + 1] !== 0) place(tables[old[k]! >>> TABLE_SHIFT]!, old[k]!, old[k + 1]!);
    this.tables = tables;
    this.counts = counts;
    this.pick = TABLES - 1;
  }
}

/** Puts (h, p1) into the first empty slot from h's own, in `slots` (which has one). */
function place(slots: Uint32Array, h: number, p1: number): void {
  const mask = (slots.length >>> 1) - 1;
  let k = h & mask;
  while (slots[2 * k + 1] !== 0) k = (k + 1) & mask;
  slots[2 * k] = h;
  slots[2 * k + 1] = p1;
}
