/**
 * The store's index of event ids: for each id, the log position of the first
 * item that carried it. A duplicate check is one lookup per item; in a V8
 * Map each lookup of an absent id walks a chain of entries and reads each
 * entry's key string, a cache miss each on a large log. Here a lookup reads
 * one slot of a flat table of (hash, position) pairs, and compares an id
 * only where the 32-bit hashes match (the id itself is read from the log
 * through `idAt`). The table holds positions, not ids or items: 8 bytes per
 * slot, at most half of the slots used. Internal.
 */

/** Slots of a new table. */
const INITIAL = 1 << 10;
/**
 * The largest table: 2^29 slots (a 4 GiB Uint32Array), for up to 2^28 ids.
 * A ledger of that many events needs far more heap than Node gives a process
 * (the ledger keeps about 500 bytes per event), so it is never reached by a
 * ledger that fits in memory.
 */
const MAX_SLOTS = 2 ** 29;

/** The 32-bit FNV-1a hash of the UTF-16 code units of `s`, mixed (murmur3's finaliser) so that the low bits spread. */
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
  /** Slot k: its id's hash at 2k, its position + 1 at 2k + 1 (0: empty). */
  private slots = new Uint32Array(2 * INITIAL);
  private mask = INITIAL - 1;
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
    const slots = this.slots;
    const mask = this.mask;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const p = slots[2 * k + 1]!;
      if (p === 0) return -1;
      if (slots[2 * k] === h && this.idAt(p - 1) === id) return p - 1;
    }
  }

  /** Records that the item at `pos` is the first with id `id` (which {@link find} did not find). */
  add(id: string, pos: number): void {
    if (2 * (this.count + 1) > this.mask + 1) this.grow();
    this.place(hashId(id), pos + 1);
    this.count++;
  }

  private place(h: number, p1: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let k = h & mask;
    while (slots[2 * k + 1] !== 0) k = (k + 1) & mask;
    slots[2 * k] = h;
    slots[2 * k + 1] = p1;
  }

  private grow(): void {
    const n = 2 * (this.mask + 1);
    if (n > MAX_SLOTS) throw new RangeError(`the id index holds at most ${MAX_SLOTS / 2} ids`);
    const old = this.slots;
    this.slots = new Uint32Array(2 * n);
    this.mask = n - 1;
    for (let k = 0; k < old.length; k += 2) if (old[k + 1] !== 0) this.place(old[k]!, old[k + 1]!);
  }
}
