/**
 * The lazy parts of a restored store: its subjects' states, its id index
 * and its log are filled from the snapshot on first use, and otherwise
 * behave as the plain BigMap, IdIndex and array every reader of the store
 * expects.
 */
import { BigMap, type BigSet } from "../_internal/bigmap.js";
import { IdIndex, LawfulCrmError, Store, type Subject } from "../ledger/index.js";

/** The canonical item of a log position: a decoded record or a raw copy. */
export type Canon = Store["log"][number];

/** What the lazy parts read from: the snapshot still held by a restored store. */
export interface SnapshotSource {
  /** Items in the snapshot. */
  readonly size: number;
  /** Subject `k` of the directory, decoded and re-accepted. */
  materialise(k: number): Subject;
  /** The canonical item at position `p` of the snapshot. */
  canonAt(p: number): Canon;
  /** The id each position adds to the id index, as `push` added it. */
  idsByPosition(): (string | undefined)[];
  /** Materialises every subject not read yet. */
  materialiseAll(): void;
}

/** The subjects' states, materialised from the snapshot on first access; the keys (and their order) are known at once. */
export class LazySubjects extends BigMap<string, Subject> {
  source: SnapshotSource | undefined;

  override get(id: string): Subject | undefined {
    const v = super.get(id) as unknown;
    if (typeof v !== "number") return v as Subject | undefined;
    const s = this.source!.materialise(v);
    super.set(id, s);
    return s;
  }

  /** Materialises every subject not yet read (an iteration over all of them needs them all). */
  settle(): void {
    for (const [id, v] of super.entries()) if (typeof v === "number") this.get(id);
  }

  override values(): IterableIterator<Subject> {
    this.settle();
    return super.values();
  }

  override entries(): IterableIterator<[string, Subject]> {
    this.settle();
    return super.entries();
  }

  override forEach(fn: (value: Subject, key: string, map: this) => void, thisArg?: unknown): void {
    this.settle();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): IterableIterator<[string, Subject]> {
    return this.entries();
  }
}

/** The store's id index, built from the snapshot's ids on first use. */
export class LazyIdIndex extends IdIndex {
  source: SnapshotSource | undefined;
  private built = false;

  private ensure(): void {
    if (this.built) return;
    this.built = true;
    const ids = this.source!.idsByPosition();
    // Each id appears once, at the position that first carried it (see idsByPosition).
    for (let p = 0; p < ids.length; p++) {
      const id = ids[p];
      if (id !== undefined) super.add(id, p);
    }
  }

  override find(id: string): number {
    this.ensure();
    return super.find(id);
  }

  override add(id: string, pos: number): void {
    this.ensure();
    super.add(id, pos);
  }

  override get size(): number {
    this.ensure();
    return super.size;
  }
}

/**
 * The store's log over `items`: a position of the snapshot not read yet is
 * read on first access (the log is read only to fork an older ledger, to
 * find an id's position, and by duplicates); what `push` appends is plain.
 */
export function lazyLog(source: SnapshotSource, items: Canon[]): Canon[] {
  const restored = source.size;
  return new Proxy(items, {
    get(target, prop, receiver) {
      if (typeof prop === "string") {
        const c = prop.charCodeAt(0);
        if (c >= 48 && c <= 57) {
          const i = Number(prop);
          if (i < restored && target[i] === undefined && Number.isInteger(i)) return source.canonAt(i);
        }
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/**
 * The audience posting lists (purpose → subjects with a consent or basis
 * naming it) of a restored store. The fold fills them as each subject is
 * re-accepted, so they are whole only once every subject is: the first read
 * (an audience) materialises the subjects not read yet. The fold's own reads
 * and writes, while a subject is re-accepted or an item pushed, are `filling`
 * and see the lists as they are.
 */
export class LazyPostings extends BigMap<string, BigSet<string>> {
  source: SnapshotSource | undefined;
  /** Nesting depth of fold work in progress: reads then do not settle. */
  filling = 0;
  private settled = false;

  private settle(): void {
    if (this.settled || this.filling > 0 || this.source === undefined) return;
    this.settled = true;
    this.source.materialiseAll();
  }

  override get(purpose: string): BigSet<string> | undefined {
    this.settle();
    return super.get(purpose);
  }

  override has(purpose: string): boolean {
    this.settle();
    return super.has(purpose);
  }

  override get size(): number {
    this.settle();
    return super.size;
  }

  override keys(): IterableIterator<string> {
    this.settle();
    return super.keys();
  }

  override values(): IterableIterator<BigSet<string>> {
    this.settle();
    return super.values();
  }

  override entries(): IterableIterator<[string, BigSet<string>]> {
    this.settle();
    return super.entries();
  }

  override forEach(fn: (value: BigSet<string>, key: string, map: this) => void, thisArg?: unknown): void {
    this.settle();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): IterableIterator<[string, BigSet<string>]> {
    return this.entries();
  }

  /** Runs fold work whose reads of the lists must not settle them. */
  filled<T>(work: () => T): T {
    this.filling++;
    try {
      return work();
    } finally {
      this.filling--;
    }
  }
}

/** A store restored from a snapshot: its subjects, ids, log and posting lists are the lazy ones. */
export class RestoredStore extends Store {
  declare readonly log: Canon[];
  declare readonly ids: IdIndex;
  declare readonly subjects: BigMap<string, Subject>;
  declare readonly basisPostings: LazyPostings;

  constructor(log: Canon[], ids: IdIndex, subjects: BigMap<string, Subject>, postings: LazyPostings) {
    super();
    this.log = log;
    this.ids = ids;
    this.subjects = subjects;
    this.basisPostings = postings;
  }

  /** As `Store.push`: the fold adds to the posting lists without first reading every subject. */
  override push(item: unknown): ReturnType<Store["push"]> {
    return this.basisPostings.filled(() => super.push(item));
  }
}

/** For a snapshot whose checksum holds but whose subject blocks do not (crafted): read on first use, so too late for an error value. */
export function inconsistent(what: string): never {
  throw new LawfulCrmError("INVALID_ARGUMENT", `restore(): the snapshot is inconsistent although its checksum holds (${what}); restore the ledger from its log.`);
}
