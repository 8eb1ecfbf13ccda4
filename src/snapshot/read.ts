/**
 * Reads a snapshot back into a store. What is small is read at once: the
 * catalog (re-accepted through the store, with the rejects filed in log
 * order between its events so that each void finds what it found in the
 * original), the duplicates and the subject directory. Each subject's
 * records are decoded, and re-accepted through the store's own accept path,
 * the first time anything asks for that subject (lazy.ts); the id index
 * and the log are filled on first use too.
 */
import { BigMap } from "../_internal/bigmap.js";
import type { EventOf, EventRecord } from "../events/index.js";
import { idOf, linkMerge, Subject, type Entry } from "../ledger/index.js";
import { Malformed, Reader } from "./bytes.js";
import { inconsistent, LazyIdIndex, lazyLog, LazyPostings, LazySubjects, RestoredStore, type Canon, type SnapshotSource } from "./lazy.js";
import type { SourceLine } from "./plan.js";
import { readReject } from "./rejects.js";
import type { Sections, Tables } from "./tables.js";

/** What stays of a snapshot after `restore`: the bytes of the subjects not read yet, and where each is. */
export class Restored implements SnapshotSource {
  readonly store: RestoredStore;
  readonly size: number;
  /** The canonical item of each position read so far (the log's backing array). */
  private readonly items: Canon[];
  private readonly subjectIds: string[];
  /** Each subject's number of records. */
  private readonly counts: number[];
  /** Start of each subject's block; one more entry for the end of the last. */
  private readonly offsets: Float64Array;
  // Per duplicate, per conflicting reuse, per reject: BigMap, since a V8 Map holds at most 2^24 entries.
  private readonly duplicateRefs = new BigMap<number, number>();
  private readonly variantRecords = new BigMap<number, EventRecord>();
  /** The source lines of a streamed replay's rejects, by position (empty for a ledger replayed from values). */
  readonly sources = new BigMap<number, SourceLine>();
  private owner: Int32Array | undefined;
  private readonly subjects: LazySubjects;

  constructor(
    private readonly bytes: Uint8Array,
    sections: Sections,
    private readonly tables: Tables,
    meta: { size: number; accepted: number },
  ) {
    this.size = meta.size;
    this.items = new Array<Canon>(meta.size).fill(undefined as unknown as Canon);
    const subjects = (this.subjects = new LazySubjects());
    const ids = new LazyIdIndex((p) => idOf(this.store.log[p]!));
    const postings = new LazyPostings();
    this.store = new RestoredStore(lazyLog(this, this.items), ids, subjects, postings);
    const { catalog, rejects } = this.readCatalogAndRejects(sections.get(4)!, sections.get(5)!);
    const duplicates = this.readDuplicates(sections.get(6)!);
    const directory = readDirectory(bytes, sections.get(7)!, sections.get(8)!);
    this.subjectIds = directory.ids;
    this.counts = directory.counts;
    this.offsets = directory.offsets;
    for (let k = 0; k < directory.ids.length; k++) subjects.set(directory.ids[k]!, k as unknown as Subject);
    if (subjects.size !== directory.ids.length) throw new Malformed("a subject is listed twice");
    if (catalog + directory.records !== meta.accepted) throw new Malformed(`${catalog + directory.records} accepted records for ${meta.accepted} accepted events`);
    if (meta.accepted + rejects + duplicates !== meta.size) throw new Malformed(`${meta.accepted} accepted, ${rejects} rejected and ${duplicates} duplicates for ${meta.size} items`);
    this.store.size = meta.size;
    this.store.accepted = meta.accepted;
    subjects.source = this;
    ids.source = this;
    postings.source = this;
    if (tables.strings.includes("SubjectsMerged")) this.linkMerges();
  }

  /**
   * Merged subjects (issue 14): a survivor's merged history spans other
   * subjects' events, so a snapshot that may hold a merge is read whole at
   * once, and each accepted merge is linked in log order as `push` linked it.
   */
  private linkMerges(): void {
    this.subjects.settle();
    const merges: { entry: Entry<EventOf<"SubjectsMerged">>; survivor: Subject }[] = [];
    for (const s of this.subjects.values()) {
      for (const e of s.events) if (e.e.type === "SubjectsMerged") merges.push({ entry: e as unknown as Entry<EventOf<"SubjectsMerged">>, survivor: s });
    }
    merges.sort((a, b) => a.entry.pos - b.entry.pos);
    for (const m of merges) linkMerge(this.store, m.entry, m.survivor);
  }

  /**
   * Re-accepts the catalog's records and files the rejects, merged by
   * position: each void is re-accepted after exactly the rejects that
   * preceded it, and finds what it found in the original. Returns their counts.
   */
  private readCatalogAndRejects(cat: { start: number; end: number }, rej: { start: number; end: number }): { catalog: number; rejects: number } {
    const { store, tables, items, size } = this;
    const cr = new Reader(this.bytes, cat.start, cat.end);
    const rr = new Reader(this.bytes, rej.start, rej.end);
    const nCatalog = cr.count();
    const nRejects = rr.count();
    let catalogLeft = nCatalog;
    let rejectsLeft = nRejects;
    let catalogPos = catalogLeft > 0 ? cr.varint() : Infinity;
    let rejectPos = rejectsLeft > 0 ? rr.varint() : Infinity;
    let catalogT = 0;
    while (catalogLeft > 0 || rejectsLeft > 0) {
      if (catalogPos === rejectPos) throw new Malformed(`position ${catalogPos} is both accepted and rejected`);
      if (catalogPos < rejectPos) {
        if (catalogPos >= size) throw new Malformed(`catalog position ${catalogPos} beyond the log`);
        const rec = tables.record(cr, catalogPos, tables.slot(cr), undefined, catalogT);
        catalogT = rec.t;
        if (rec.subject !== undefined) throw new Malformed(`catalog event ${JSON.stringify(rec.id)} has a subject`);
        items[catalogPos] = rec;
        store.reaccept(rec, undefined);
        catalogPos = --catalogLeft > 0 ? catalogPos + cr.varint() : Infinity;
      } else {
        if (rejectPos >= size) throw new Malformed(`reject position ${rejectPos} beyond the log`);
        const x = readReject(tables, rr, rejectPos);
        items[rejectPos] = x.canon;
        store.refile(x.rec, x.marksCatalog);
        if (x.source !== undefined) this.sources.set(rejectPos, x.source);
        if (x.rec.code === "ID_CONFLICT") this.addVariant(x.rec.id, rejectPos, x.variant ?? x.canon, x.variant !== undefined);
        rejectPos = --rejectsLeft > 0 ? rejectPos + rr.varint() : Infinity;
      }
    }
    cr.done("the catalog section");
    rr.done("the rejects section");
    return { catalog: nCatalog, rejects: nRejects };
  }

  /** A conflicting reuse's content, kept for duplicate detection as `push` kept it. */
  private addVariant(id: string | undefined, pos: number, variant: Canon, decoded: boolean): void {
    if (id === undefined) throw new Malformed(`conflicting reuse at ${pos} without an id`);
    if (decoded) this.variantRecords.set(pos, variant as EventRecord);
    const list = this.store.variants.get(id);
    if (list === undefined) this.store.variants.set(id, [variant]);
    else list.push(variant);
  }

  /** The duplicates' positions, and what each repeats (resolved on first read of the log). Returns their count. */
  private readDuplicates(dup: { start: number; end: number }): number {
    const dr = new Reader(this.bytes, dup.start, dup.end);
    const n = dr.count();
    let pos = 0;
    for (let k = 0; k < n; k++) {
      pos += dr.varint();
      const ref = dr.varint();
      const q = Math.floor(ref / 2);
      if (pos >= this.size || q >= pos || this.items[pos] !== undefined) throw new Malformed(`duplicate at ${pos} refers to ${q}`);
      if (ref % 2 === 1 && !this.variantRecords.has(q)) throw new Malformed(`duplicate at ${pos} refers to a missing decoded reuse at ${q}`);
      this.duplicateRefs.set(pos, ref);
      this.store.duplicates.push(pos);
    }
    dr.done("the duplicates section");
    return n;
  }

  /** Subject `k`'s state: its records decoded and re-accepted in log order, its rejects attached. */
  materialise(k: number): Subject {
    try {
      return this.store.basisPostings.filled(() => this.readSubject(k));
    } catch (e) {
      if (e instanceof Malformed) inconsistent(`subject ${JSON.stringify(this.subjectIds[k])}: ${e.message}`);
      throw e;
    }
  }

  private readSubject(k: number): Subject {
    const id = this.subjectIds[k]!;
    const t = this.tables;
    const r = new Reader(this.bytes, this.offsets[k]!, this.offsets[k + 1]!);
    const n = this.counts[k]!;
    const nRejects = r.count();
    const positions: number[] = new Array(n);
    let pos = 0;
    for (let j = 0; j < n; j++) positions[j] = pos += r.varint();
    const ids = r.texts(n);
    const s = new Subject(id);
    const store = this.store;
    const items = this.items;
    let time = 0;
    for (let j = 0; j < n; j++) {
      const p = positions[j]!;
      if (p >= this.size || items[p] !== undefined) throw new Malformed(`position ${p} is taken`);
      const rec = t.record(r, p, ids[j]!, id, time);
      time = rec.t;
      items[p] = rec;
      store.reaccept(rec, s);
    }
    let ri = 0;
    const rejects = store.rejects;
    for (let j = 0; j < nRejects; j++) {
      ri += r.varint();
      const rec = rejects[ri];
      if (rec === undefined || rec.position >= this.size) throw new Malformed(`reject index ${ri} out of range`);
      s.addReject(rec);
    }
    r.done("a subject block");
    return s;
  }

  /** Materialises every subject not read yet. */
  materialiseAll(): void {
    this.subjects.settle();
  }

  /** The canonical item at position `p` of the snapshot (materialising its subject when it is one's). */
  canonAt(p: number): Canon {
    const known = this.items[p];
    if (known !== undefined) return known;
    const ref = this.duplicateRefs.get(p);
    if (ref !== undefined) {
      const q = Math.floor(ref / 2);
      const c = ref % 2 === 1 ? this.variantRecords.get(q)! : this.canonAt(q);
      this.items[p] = c;
      return c;
    }
    const k = this.ownerOf(p);
    if (k >= 0) this.store.subjects.get(this.subjectIds[k]!);
    const c = this.items[p];
    if (c === undefined) inconsistent(`no item at position ${p}`);
    return c;
  }

  /** The subject (directory index) whose record is at `p`, or -1. */
  private ownerOf(p: number): number {
    if (this.owner === undefined) {
      const owner = new Int32Array(this.size).fill(-1);
      this.forEachBlock((k, _r, positions) => {
        for (const p of positions) if (p < owner.length) owner[p] = k;
      });
      this.owner = owner;
    }
    return this.owner[p] ?? -1;
  }

  /** Calls `f` with each subject's block, read up to its positions (returned by `f`'s reader). */
  private forEachBlock(f: (k: number, r: Reader, positions: number[]) => void): void {
    try {
      for (let k = 0; k < this.subjectIds.length; k++) {
        const r = new Reader(this.bytes, this.offsets[k]!, this.offsets[k + 1]!);
        r.count();
        const n = this.counts[k]!;
        const positions: number[] = new Array(n);
        let pos = 0;
        for (let j = 0; j < n; j++) positions[j] = pos += r.varint();
        f(k, r, positions);
      }
    } catch (e) {
      if (e instanceof Malformed) inconsistent(e.message);
      throw e;
    }
  }

  /**
   * The id each position adds to the store's id index, as `push` added it:
   * the first item carrying an id (accepted, or rejected for any reason but
   * a conflicting reuse); never a duplicate or a conflicting reuse.
   */
  idsByPosition(): (string | undefined)[] {
    const out = new Array<string | undefined>(this.size).fill(undefined);
    for (const r of this.store.rejects) if (r.code !== "ID_CONFLICT" && r.position < this.size) out[r.position] = r.id;
    for (const e of this.store.catalog.events) if (e.pos < this.size) out[e.pos] = e.e.id;
    this.forEachBlock((_k, r, positions) => {
      const ids = r.texts(positions.length);
      for (let j = 0; j < positions.length; j++) if (positions[j]! < this.size) out[positions[j]!] = ids[j];
    });
    return out;
  }
}

/** The subject directory: each subject's id, record count and block (offsets into the subjects section, one more for its end). */
function readDirectory(
  b: Uint8Array,
  dir: { start: number; end: number },
  sub: { start: number; end: number },
): { ids: string[]; counts: number[]; offsets: Float64Array; records: number } {
  const rd = new Reader(b, dir.start, dir.end);
  const n = rd.count();
  const counts: number[] = new Array(n);
  const offsets = new Float64Array(n + 1);
  let records = 0;
  for (let k = 0; k < n; k++) records += counts[k] = rd.varint();
  let offset = sub.start;
  for (let k = 0; k < n; k++) {
    offsets[k] = offset;
    offset += rd.varint();
  }
  offsets[n] = offset;
  const ids = rd.texts(n);
  rd.done("the directory section");
  if (offset !== sub.end) throw new Malformed(`the subject blocks take ${offset - sub.start} bytes of a ${sub.end - sub.start}-byte section`);
  return { ids, counts, offsets, records };
}
