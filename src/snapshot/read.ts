/**
 * Reads a snapshot back into a store. What is small is read at once: the
 * header, the string table, the shapes, the catalog (re-accepted through the
 * store, with the rejects filed in log order between its events so that each
 * void finds what it found in the original), the duplicates and the subject
 * directory. Each subject's records are decoded, and re-accepted through the
 * store's own accept path, the first time anything asks for that subject
 * ({@link LazySubjects}); the id index and the log are filled on first use
 * too ({@link LazyIds}, {@link lazyLog}).
 */
import { eventOf } from "../events/decode.js";
import { EventRecord } from "../events/record.js";
import { LawfulCrmError } from "../ledger/ledger.js";
import { Subject } from "../ledger/state.js";
import { Store, Undecoded } from "../ledger/store.js";
import type { Mark, RejectCode, RejectRecord } from "../ledger/types.js";
import { Malformed, Reader } from "./bytes.js";
import { formatInstant } from "./instant.js";
import { MARK, RAW, REC, REJ, SECTION_NAMES, SECTION_ORDER, TABLE_TAG_BASE, TAG } from "./format.js";

type Canon = Store["log"][number];

/** Where each section's content is. */
export type Sections = ReadonlyMap<number, { readonly start: number; readonly end: number }>;

/** Splits the body (after the header, before the checksum) into its sections, in the fixed order. */
export function readSections(b: Uint8Array, start: number, end: number): Sections {
  const out = new Map<number, { start: number; end: number }>();
  const r = new Reader(b, start, end);
  for (const id of SECTION_ORDER) {
    const at = r.pos;
    const got = r.u8();
    if (got !== id) throw new Malformed(`expected the ${SECTION_NAMES[id]} section (id ${id}) at byte ${at}, found id ${got}`);
    const len = r.u32() + r.u32() * 2 ** 32;
    if (len > r.end - r.pos) throw new Malformed(`the ${SECTION_NAMES[id]} section claims ${len} bytes, ${r.end - r.pos} are left`);
    out.set(id, { start: r.pos, end: r.pos + len });
    r.pos += len;
  }
  r.done("the snapshot body");
  return out;
}

/** The string table and the object shapes: what records and values refer to. */
class Tables {
  constructor(
    readonly strings: readonly string[],
    readonly shapes: readonly (readonly string[])[],
  ) {}

  tableString(k: number): string {
    const s = this.strings[k];
    if (s === undefined) throw new Malformed(`string-table index ${k} out of range`);
    return s;
  }

  slot(r: Reader): string {
    const v = r.varint();
    return v % 2 === 0 ? this.tableString(v / 2) : r.text((v - 1) / 2);
  }

  value(r: Reader, depth = 0): unknown {
    const tag = r.u8();
    if (tag >= TABLE_TAG_BASE) return this.tableString(tag - TABLE_TAG_BASE);
    switch (tag) {
      case TAG.NULL:
        return null;
      case TAG.FALSE:
        return false;
      case TAG.TRUE:
        return true;
      case TAG.UNDEFINED:
        return undefined;
      case TAG.STRING:
        return r.text(r.varint());
      case TAG.TABLE_STRING:
        return this.tableString(r.varint());
      case TAG.UINT:
        return r.varint();
      case TAG.NEGINT:
        return -r.varint();
      case TAG.FLOAT:
        return r.f64();
      case TAG.ARRAY: {
        if (depth > 600) throw new Malformed("values nest too deep");
        const n = r.count();
        const shared = this.sharedList(r, n);
        if (shared !== undefined) return shared;
        const out: unknown[] = new Array(n);
        for (let k = 0; k < n; k++) out[k] = this.value(r, depth + 1);
        return Object.freeze(out);
      }
      case TAG.OBJECT: {
        if (depth > 600) throw new Malformed("values nest too deep");
        const k = r.varint();
        const keys = this.shapes[k];
        if (keys === undefined) throw new Malformed(`shape index ${k} out of range`);
        const o: Record<string, unknown> = {};
        for (let j = 0; j < keys.length; j++) {
          const key = keys[j]!;
          const v = this.value(r, depth + 1);
          // An own "__proto__" key stays a key (an assignment would set the prototype).
          if (key === "__proto__") Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
          else o[key] = v;
        }
        return Object.freeze(o);
      }
      default:
        throw new Malformed(`unknown value tag ${tag}`);
    }
  }

  /** Short lists of table strings (purposes, roles, fields...), shared and frozen as replay's interner shares them. */
  private readonly lists = new Map<number, readonly string[]>();

  /** The shared list when the `n` next values are all one-byte table strings (n ≤ 4), reading them; else undefined, reading nothing. */
  private sharedList(r: Reader, n: number): readonly string[] | undefined {
    if (n === 0 || n > 4 || r.pos + n > r.end) return undefined;
    const b = r.b;
    let key = n;
    for (let k = 0; k < n; k++) {
      const tag = b[r.pos + k]!;
      if (tag < TABLE_TAG_BASE) return undefined;
      key = key * 256 + tag;
    }
    let list = this.lists.get(key);
    if (list === undefined) {
      const out: string[] = new Array(n);
      for (let k = 0; k < n; k++) out[k] = this.tableString(b[r.pos + k]! - TABLE_TAG_BASE);
      list = Object.freeze(out);
      this.lists.set(key, list);
    }
    r.pos += n;
    return list;
  }

  /** A record after its position and id (see Encoder.record). */
  record(r: Reader, pos: number, id: string, subject: string | undefined, prevT: number): EventRecord {
    const code = r.varint();
    const type = this.tableString(Math.floor(code / 8));
    const when = r.varint();
    const unit = Math.floor(when / 4);
    const delta = unit % 2 === 1 ? -(unit + 1) / 2 : unit / 2;
    const t = prevT + (Math.floor(when / 2) % 2 === 1 ? delta * 1000 : delta);
    const at = when % 2 === 1 ? this.slot(r) : formatInstant(t);
    const subj = (code & REC.SUBJECT) !== 0 ? this.slot(r) : subject;
    const by = (code & REC.BY) !== 0 ? this.slot(r) : undefined;
    const data = this.value(r);
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new Malformed(`the data of event ${JSON.stringify(id)} is not an object`);
    return new EventRecord(id, type, at, subj, by, (code & REC.V) !== 0 ? 1 : undefined, data as Record<string, unknown>, t, pos);
  }
}

function readStrings(b: Uint8Array, s: { start: number; end: number }): string[] {
  const r = new Reader(b, s.start, s.end);
  const n = r.count();
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = r.text(r.varint());
  r.done("the strings section");
  return out;
}

function readShapes(b: Uint8Array, s: { start: number; end: number }, strings: readonly string[]): string[][] {
  const t = new Tables(strings, []);
  const r = new Reader(b, s.start, s.end);
  const n = r.count();
  const out: string[][] = new Array(n);
  for (let k = 0; k < n; k++) {
    const m = r.count();
    const keys: string[] = new Array(m);
    for (let j = 0; j < m; j++) keys[j] = t.slot(r);
    out[k] = keys;
  }
  r.done("the shapes section");
  return out;
}

const REJECT_CODE_NAMES: ReadonlySet<string> = new Set<RejectCode>([
  "DECODE_FAILED",
  "ID_CONFLICT",
  "UNKNOWN_FACT",
  "FACT_ERASED",
  "UNKNOWN_CONSENT",
  "UNKNOWN_REFERENCE",
  "DUPLICATE_FACT_ID",
  "DUPLICATE_CONSENT_ID",
  "NOTHING_TO_ERASE",
  "INVALID_VOID",
  "SEALED_VALUE_UNREADABLE",
]);

interface ReadReject {
  readonly rec: RejectRecord;
  readonly canon: Canon;
  readonly marksCatalog: boolean;
  readonly variant: EventRecord | undefined;
}

function readReject(t: Tables, r: Reader, position: number): ReadReject {
  const flags = r.varint();
  const code = t.slot(r);
  if (!REJECT_CODE_NAMES.has(code)) throw new Malformed(`unknown reject code ${JSON.stringify(code)}`);
  const reason = t.slot(r);
  const id = (flags & REJ.ID) !== 0 ? t.slot(r) : undefined;
  const type = (flags & REJ.TYPE) !== 0 ? t.slot(r) : undefined;
  const subject = (flags & REJ.SUBJECT) !== 0 ? t.slot(r) : undefined;
  const at = (flags & REJ.AT) !== 0 ? t.slot(r) : undefined;
  const nMarks = r.count();
  const marks: Mark[] = [];
  for (let k = 0; k < nMarks; k++) {
    const kind = r.varint();
    if (kind > MARK.SUBJECT_ALWAYS) throw new Malformed(`unknown mark kind ${kind}`);
    const scope = kind === MARK.CATALOG || kind === MARK.CATALOG_ALWAYS ? { catalog: true as const } : { subject: t.slot(r) };
    const from = kind === MARK.CATALOG_ALWAYS || kind === MARK.SUBJECT_ALWAYS ? -Infinity : r.zigzag();
    marks.push({ scope, from });
  }
  let canon: Canon;
  let raw: unknown;
  if ((flags & REJ.RECORD) !== 0) {
    const rec = t.record(r, position, t.slot(r), undefined, 0);
    canon = rec;
    raw = eventOf(rec);
  } else {
    const rawFlags = r.varint();
    const copyable = (rawFlags & RAW.COPYABLE) !== 0;
    const value = copyable ? t.value(r) : undefined;
    const head = (rawFlags & RAW.HEAD) !== 0 ? t.value(r) : value;
    const unreadable = (rawFlags & RAW.UNREADABLE) !== 0 ? t.slot(r) : undefined;
    canon = new Undecoded(value, copyable, head, unreadable);
    raw = value;
  }
  const variant = (flags & REJ.VARIANT_RECORD) !== 0 ? t.record(r, position, t.slot(r), undefined, 0) : undefined;
  const rec: RejectRecord = { position, id, type, subject, at, code: code as RejectCode, reason, raw, marks, voidedBy: undefined };
  return { rec, canon, marksCatalog: (flags & REJ.MARKS_CATALOG) !== 0, variant };
}

/** The subjects' states, materialised from the snapshot on first access; the keys (and their order) are known at once. */
class LazySubjects extends Map<string, Subject> {
  source: Restored | undefined;

  override get(id: string): Subject | undefined {
    const v = super.get(id) as unknown;
    if (typeof v !== "number") return v as Subject | undefined;
    const s = this.source!.materialise(v);
    super.set(id, s);
    return s;
  }

  /** Materialises every subject not yet read (an iteration over all of them needs them all). */
  private settle(): void {
    for (const [id, v] of super.entries()) if (typeof v === "number") this.get(id);
  }

  override values(): MapIterator<Subject> {
    this.settle();
    return super.values();
  }

  override entries(): MapIterator<[string, Subject]> {
    this.settle();
    return super.entries();
  }

  override forEach(fn: (value: Subject, key: string, map: Map<string, Subject>) => void, thisArg?: unknown): void {
    this.settle();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Subject]> {
    return this.entries();
  }
}

/** The store's id index, built from the snapshot on first use; each value (a canonical item) resolved on first read. */
class LazyIds extends Map<string, Canon> {
  source: Restored | undefined;
  private built = false;

  private ensure(): void {
    if (this.built) return;
    this.built = true;
    const ids = this.source!.idsByPosition();
    for (let p = 0; p < ids.length; p++) {
      const id = ids[p];
      if (id !== undefined) super.set(id, p as unknown as Canon);
    }
  }

  private resolve(id: string, v: unknown): Canon | undefined {
    if (typeof v !== "number") return v as Canon | undefined;
    const c = this.source!.canonAt(v);
    super.set(id, c);
    return c;
  }

  override get(id: string): Canon | undefined {
    this.ensure();
    return this.resolve(id, super.get(id));
  }

  override has(id: string): boolean {
    this.ensure();
    return super.has(id);
  }

  override set(id: string, v: Canon): this {
    this.ensure();
    return super.set(id, v);
  }

  override delete(id: string): boolean {
    this.ensure();
    return super.delete(id);
  }

  override clear(): void {
    this.built = true;
    super.clear();
  }

  override get size(): number {
    this.ensure();
    return super.size;
  }

  override keys(): MapIterator<string> {
    this.ensure();
    return super.keys();
  }

  private settle(): void {
    this.ensure();
    for (const [id, v] of super.entries()) this.resolve(id, v);
  }

  override values(): MapIterator<Canon> {
    this.settle();
    return super.values();
  }

  override entries(): MapIterator<[string, Canon]> {
    this.settle();
    return super.entries();
  }

  override forEach(fn: (value: Canon, key: string, map: Map<string, Canon>) => void, thisArg?: unknown): void {
    this.settle();
    super.forEach(fn, thisArg);
  }

  override [Symbol.iterator](): MapIterator<[string, Canon]> {
    return this.entries();
  }
}

/**
 * The store's log over `items`: a position of the snapshot not read yet is
 * read on first access (the log is read only to fork an older ledger, to
 * find an id's position, and by duplicates); what `push` appends is plain.
 */
function lazyLog(source: Restored, items: Canon[]): Canon[] {
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

/** A store restored from a snapshot: its subjects, ids and log are the lazy ones. */
class RestoredStore extends Store {
  declare readonly log: Canon[];
  declare readonly ids: Map<string, Canon>;
  declare readonly subjects: Map<string, Subject>;

  constructor(log: Canon[], ids: Map<string, Canon>, subjects: Map<string, Subject>) {
    super();
    this.log = log;
    this.ids = ids;
    this.subjects = subjects;
  }
}

function inconsistent(what: string): never {
  throw new LawfulCrmError("INVALID_ARGUMENT", `restore(): the snapshot is inconsistent although its checksum holds (${what}); restore the ledger from its log.`);
}

/** What stays of a snapshot after `restore`: the bytes of the subjects not read yet, and where each is. */
export class Restored {
  readonly store: RestoredStore;
  readonly size: number;
  /** The canonical item of each position read so far (the log's backing array). */
  private readonly items: Canon[];
  private readonly subjectIds: string[];
  /** Each subject's number of records. */
  private readonly counts: number[];
  /** Start of each subject's block; one more entry for the end of the last. */
  private readonly offsets: Float64Array;
  private readonly duplicateRefs = new Map<number, number>();
  private readonly variantRecords = new Map<number, EventRecord>();
  private owner: Int32Array | undefined;

  constructor(
    private readonly bytes: Uint8Array,
    sections: Sections,
    private readonly tables: Tables,
    meta: { size: number; accepted: number },
  ) {
    this.size = meta.size;
    const items = new Array<Canon>(meta.size).fill(undefined as unknown as Canon);
    this.items = items;
    const subjects = new LazySubjects();
    const ids = new LazyIds();
    this.store = new RestoredStore(lazyLog(this, items), ids, subjects);
    const store = this.store;
    const b = bytes;

    // Catalog records and rejects, merged by position: each void re-accepted
    // after exactly the rejects that preceded it.
    const cat = sections.get(4)!;
    const cr = new Reader(b, cat.start, cat.end);
    const nCatalog = cr.count();
    const rej = sections.get(5)!;
    const rr = new Reader(b, rej.start, rej.end);
    const nRejects = rr.count();
    let catalogLeft = nCatalog;
    let rejectsLeft = nRejects;
    let catalogPos = catalogLeft > 0 ? cr.varint() : Infinity;
    let rejectPos = rejectsLeft > 0 ? rr.varint() : Infinity;
    let catalogT = 0;
    while (catalogLeft > 0 || rejectsLeft > 0) {
      if (catalogPos === rejectPos) throw new Malformed(`position ${catalogPos} is both accepted and rejected`);
      if (catalogPos < rejectPos) {
        if (catalogPos >= meta.size) throw new Malformed(`catalog position ${catalogPos} beyond the log`);
        const rec = tables.record(cr, catalogPos, tables.slot(cr), undefined, catalogT);
        catalogT = rec.t;
        if (rec.subject !== undefined) throw new Malformed(`catalog event ${JSON.stringify(rec.id)} has a subject`);
        items[catalogPos] = rec;
        store.reaccept(rec, undefined);
        catalogPos = --catalogLeft > 0 ? catalogPos + cr.varint() : Infinity;
      } else {
        if (rejectPos >= meta.size) throw new Malformed(`reject position ${rejectPos} beyond the log`);
        const x = readReject(tables, rr, rejectPos);
        items[rejectPos] = x.canon;
        store.refile(x.rec, x.marksCatalog);
        if (x.rec.code === "ID_CONFLICT") {
          if (x.rec.id === undefined) throw new Malformed(`conflicting reuse at ${rejectPos} without an id`);
          const variant = x.variant ?? x.canon;
          if (x.variant !== undefined) this.variantRecords.set(rejectPos, x.variant);
          const list = store.variants.get(x.rec.id);
          if (list === undefined) store.variants.set(x.rec.id, [variant]);
          else list.push(variant);
        }
        rejectPos = --rejectsLeft > 0 ? rejectPos + rr.varint() : Infinity;
      }
    }
    cr.done("the catalog section");
    rr.done("the rejects section");

    const dup = sections.get(6)!;
    const dr = new Reader(b, dup.start, dup.end);
    const nDup = dr.count();
    let pos = 0;
    for (let k = 0; k < nDup; k++) {
      pos += dr.varint();
      const ref = dr.varint();
      const q = Math.floor(ref / 2);
      if (pos >= meta.size || q >= pos || items[pos] !== undefined) throw new Malformed(`duplicate at ${pos} refers to ${q}`);
      if (ref % 2 === 1 && !this.variantRecords.has(q)) throw new Malformed(`duplicate at ${pos} refers to a missing decoded reuse at ${q}`);
      this.duplicateRefs.set(pos, ref);
      store.duplicates.push(pos);
    }
    dr.done("the duplicates section");

    const dir = sections.get(7)!;
    const sub = sections.get(8)!;
    const rd = new Reader(b, dir.start, dir.end);
    const nSubjects = rd.count();
    this.counts = new Array(nSubjects);
    this.offsets = new Float64Array(nSubjects + 1);
    let subjectRecords = 0;
    for (let k = 0; k < nSubjects; k++) subjectRecords += this.counts[k] = rd.varint();
    let offset = sub.start;
    for (let k = 0; k < nSubjects; k++) {
      this.offsets[k] = offset;
      offset += rd.varint();
    }
    this.offsets[nSubjects] = offset;
    this.subjectIds = rd.texts(nSubjects);
    rd.done("the directory section");
    if (offset !== sub.end) throw new Malformed(`the subject blocks take ${offset - sub.start} bytes of a ${sub.end - sub.start}-byte section`);
    for (let k = 0; k < nSubjects; k++) subjects.set(this.subjectIds[k]!, k as unknown as Subject);
    if (subjects.size !== nSubjects) throw new Malformed("a subject is listed twice");
    if (nCatalog + subjectRecords !== meta.accepted) throw new Malformed(`${nCatalog + subjectRecords} accepted records for ${meta.accepted} accepted events`);
    if (meta.accepted + nRejects + nDup !== meta.size) throw new Malformed(`${meta.accepted} accepted, ${nRejects} rejected and ${nDup} duplicates for ${meta.size} items`);

    store.size = meta.size;
    store.accepted = meta.accepted;
    subjects.source = this;
    ids.source = this;
  }

  /** Subject `k`'s state: its records decoded and re-accepted in log order, its rejects attached. */
  materialise(k: number): Subject {
    try {
      return this.readSubject(k);
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

export { Tables, readShapes, readStrings };
