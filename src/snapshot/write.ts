/**
 * Writes a store as a snapshot (format version 1, docs/snapshots.md). Two
 * passes over the same emitting code: the first counts strings and object
 * shapes, the second writes, with the repeated strings in a table ordered by
 * frequency (the most frequent get the one-byte references) and ties broken
 * by code-unit order, so that the bytes depend only on the store's content.
 */
import { EventRecord } from "../events/record.js";
import { Store, Undecoded } from "../ledger/store.js";
import type { RejectRecord } from "../ledger/types.js";
import { Writer } from "./bytes.js";
import { xxh32 } from "./checksum.js";
import { FORMAT_VERSION, MAGIC, MARK, RAW, REC, REJ, SECTION, TABLE_INLINE, TABLE_TAG_BASE, TAG } from "./format.js";

type Canon = Store["log"][number];

/** One reject as the snapshot keeps it. */
interface PlannedReject {
  readonly rec: RejectRecord;
  readonly canon: Canon;
  readonly marksCatalog: boolean;
  /** A conflicting reuse's decoded record, kept apart from its raw copy for duplicate detection. */
  readonly variant: EventRecord | undefined;
}

interface PlannedSubject {
  readonly id: string;
  /** Accepted records in log order. */
  readonly records: readonly EventRecord[];
  /** Indexes into the store's rejects of those that mark the subject, in log order. */
  readonly rejects: readonly number[];
}

/** What a store holds, in the order the snapshot writes it. */
interface Plan {
  readonly size: number;
  readonly accepted: number;
  readonly position: bigint | number | undefined;
  readonly catalog: readonly EventRecord[];
  readonly rejects: readonly PlannedReject[];
  /** Each duplicate's position and what it repeats: position × 2, + 1 when it is a conflicting reuse's decoded record. */
  readonly duplicates: readonly { readonly pos: number; readonly ref: number }[];
  readonly subjects: readonly PlannedSubject[];
}

const byPosition = (a: EventRecord, b: EventRecord) => a.pos - b.pos;

/** Reads everything a snapshot holds out of a store whose every item is the ledger's (not an older ledger's). */
function plan(store: Store, position: bigint | number | undefined): Plan {
  const log = store.log;
  const catalogRejects = new Set(store.catalog.rejects);
  const rejectIndex = new Map<RejectRecord, number>();
  /** The position of each raw item's canonical copy (duplicates point at it). */
  const rawAt = new Map<Canon, number>();
  const rejects: PlannedReject[] = store.rejects.map((rec, k) => {
    rejectIndex.set(rec, k);
    const canon = log[rec.position]!;
    if (canon instanceof Undecoded && !rawAt.has(canon)) rawAt.set(canon, rec.position);
    let variant: EventRecord | undefined;
    if (rec.code === "ID_CONFLICT" && rec.id !== undefined) {
      const found = store.variants.get(rec.id)?.find((v) => (v instanceof EventRecord ? v.pos === rec.position : v === canon));
      if (found instanceof EventRecord) variant = found;
    }
    return { rec, canon, marksCatalog: catalogRejects.has(rec), variant };
  });
  const duplicates = store.duplicates.map((pos) => {
    const canon = log[pos]!;
    if (canon instanceof EventRecord) return { pos, ref: canon.pos * 2 + (log[canon.pos] === canon ? 0 : 1) };
    return { pos, ref: rawAt.get(canon)! * 2 };
  });
  const subjects: PlannedSubject[] = [];
  for (const [id, s] of store.subjects) {
    const records = (s.events as readonly EventRecord[]).slice().sort(byPosition);
    subjects.push({ id, records, rejects: s.rejects.map((r) => rejectIndex.get(r)!) });
  }
  const catalog = (store.catalog.events as readonly EventRecord[]).slice().sort(byPosition);
  return { size: store.size, accepted: store.accepted, position, catalog, rejects, duplicates, subjects };
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A node of the trie of key lists: the shape of the objects whose keys lead here. */
class ShapeNode {
  readonly next = new Map<string, ShapeNode>();
  count = 0;
  index = -1;
  constructor(readonly keys: readonly string[]) {}
}

/**
 * True when `at` (a valid wire-format timestamp of instant `t`) is the
 * canonical text of `t`: no fraction when the milliseconds are zero, three
 * digits when they are not. The fields of a valid timestamp have fixed
 * widths, so its length says which (test/snapshot/values.test.ts checks
 * this against the formatter).
 */
export function isCanonicalAt(at: string, t: number): boolean {
  return at.length === 20 || (at.length === 24 && t % 1000 !== 0);
}

/**
 * Emits the snapshot's content. In the counting pass (`w === undefined`) it
 * only counts the strings and shapes it would write; in the writing pass it
 * writes them through the tables the counts gave.
 */
class Encoder {
  private w: Writer | undefined = undefined;
  private readonly counts = new Map<string, number>();
  /** Strings that go into the table whatever their count (event types: a record's type code indexes the table). */
  private readonly forced = new Set<string>();
  private readonly shapeRoot = new ShapeNode([]);
  private readonly shapeNodes: ShapeNode[] = [];
  private table = new Map<string, number>();
  tableList: string[] = [];
  shapeList: string[][] = [];

  /** Ends the counting pass: orders the string table and the shapes by what was counted. */
  finish(): void {
    const ordered = this.shapeNodes
      .map((node) => ({ node, text: JSON.stringify(node.keys) }))
      .sort((a, b) => b.node.count - a.node.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    ordered.forEach((x, k) => (x.node.index = k));
    this.shapeList = ordered.map((x) => [...x.node.keys]);
    // A shape's keys are written once, in the shapes section.
    for (const keys of this.shapeList) for (const k of keys) this.count(k);
    this.tableList = [...this.counts.entries()]
      .filter(([s, n]) => n > 1 || this.forced.has(s))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([s]) => s);
    this.table = new Map(this.tableList.map((s, k) => [s, k]));
  }

  /** Writes from now on into `w` (after {@link finish}). */
  to(w: Writer): void {
    this.w = w;
  }

  private count(s: string): void {
    this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
  }

  varint(n: number): void {
    this.w?.varint(n);
  }

  /** A string slot: a table reference (index × 2) or an inline string (its length varint × 2 + 1). */
  slot(s: string): void {
    const w = this.w;
    if (w === undefined) return this.count(s);
    const k = this.table.get(s);
    if (k !== undefined) w.varint(k * 2);
    else w.text(s, 2, 1);
  }

  value(v: unknown): void {
    const w = this.w;
    switch (typeof v) {
      case "string": {
        if (w === undefined) return this.count(v);
        const k = this.table.get(v);
        if (k === undefined) {
          w.u8(TAG.STRING);
          w.text(v);
        } else if (k < TABLE_INLINE) w.u8(TABLE_TAG_BASE + k);
        else {
          w.u8(TAG.TABLE_STRING);
          w.varint(k);
        }
        return;
      }
      case "number":
        if (w === undefined) return;
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
          w.u8(v >= 0 ? TAG.UINT : TAG.NEGINT);
          w.varint(Math.abs(v));
        } else {
          w.u8(TAG.FLOAT);
          w.f64(v);
        }
        return;
      case "boolean":
        w?.u8(v ? TAG.TRUE : TAG.FALSE);
        return;
      case "undefined":
        w?.u8(TAG.UNDEFINED);
        return;
      default:
        break;
    }
    if (v === null) {
      w?.u8(TAG.NULL);
      return;
    }
    if (Array.isArray(v)) {
      if (w !== undefined) {
        w.u8(TAG.ARRAY);
        w.varint(v.length);
      }
      for (let k = 0; k < v.length; k++) this.value(v[k]);
      return;
    }
    // A plain object (everything a ledger keeps is JSON-like: decoded events, copies of raw items).
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    let node = this.shapeRoot;
    for (let k = 0; k < keys.length; k++) {
      let next = node.next.get(keys[k]!);
      if (next === undefined) {
        next = new ShapeNode(keys.slice(0, k + 1));
        node.next.set(keys[k]!, next);
      }
      node = next;
    }
    if (w === undefined) {
      if (node.count++ === 0) this.shapeNodes.push(node);
    } else {
      w.u8(TAG.OBJECT);
      w.varint(node.index);
    }
    for (const k of keys) this.value(hasOwn.call(o, k) ? o[k] : undefined);
  }

  /**
   * A record after its position and id: type code, instant, optional `at`
   * text, subject and `by`, then its data. Returns its `t` (the next
   * record's instant is a delta from it).
   */
  record(r: EventRecord, prevT: number, withSubject: boolean): number {
    const w = this.w;
    const subject = withSubject && r.subject !== undefined;
    const canonical = isCanonicalAt(r.at, r.t);
    if (w === undefined) {
      this.count(r.type);
      this.forced.add(r.type);
    } else {
      w.varint(this.table.get(r.type)! * 8 + (subject ? REC.SUBJECT : 0) + (r.by !== undefined ? REC.BY : 0) + (r.v !== undefined ? REC.V : 0));
      const d = r.t - prevT;
      const seconds = d % 1000 === 0;
      const unit = seconds ? d / 1000 : d;
      const zigzag = unit < 0 ? -2 * unit - 1 : 2 * unit;
      w.varint(zigzag * 4 + (seconds ? 2 : 0) + (canonical ? 0 : 1));
    }
    if (!canonical) this.slot(r.at);
    if (subject) this.slot(r.subject!);
    if (r.by !== undefined) this.slot(r.by);
    this.value(r.data);
    return r.t;
  }

  mark(m: RejectRecord["marks"][number]): void {
    const always = m.from === -Infinity;
    if ("catalog" in m.scope) {
      this.varint(always ? MARK.CATALOG_ALWAYS : MARK.CATALOG);
    } else {
      this.varint(always ? MARK.SUBJECT_ALWAYS : MARK.SUBJECT);
      this.slot(m.scope.subject);
    }
    if (!always) this.w?.zigzag(m.from);
  }

  reject(p: PlannedReject): void {
    const { rec, canon } = p;
    const isRecord = canon instanceof EventRecord;
    this.varint(
      (p.marksCatalog ? REJ.MARKS_CATALOG : 0) |
        (rec.id !== undefined ? REJ.ID : 0) |
        (rec.type !== undefined ? REJ.TYPE : 0) |
        (rec.subject !== undefined ? REJ.SUBJECT : 0) |
        (rec.at !== undefined ? REJ.AT : 0) |
        (isRecord ? REJ.RECORD : 0) |
        (p.variant !== undefined ? REJ.VARIANT_RECORD : 0),
    );
    this.slot(rec.code);
    this.slot(rec.reason);
    if (rec.id !== undefined) this.slot(rec.id);
    if (rec.type !== undefined) this.slot(rec.type);
    if (rec.subject !== undefined) this.slot(rec.subject);
    if (rec.at !== undefined) this.slot(rec.at);
    this.varint(rec.marks.length);
    for (const m of rec.marks) this.mark(m);
    if (isRecord) {
      this.slot(canon.id);
      this.record(canon, 0, true);
    } else {
      const raw = canon as Undecoded;
      const head = raw.head !== raw.raw;
      this.varint((raw.copyable ? RAW.COPYABLE : 0) | (head ? RAW.HEAD : 0) | (raw.unreadable !== undefined ? RAW.UNREADABLE : 0));
      if (raw.copyable) this.value(raw.raw);
      if (head) this.value(raw.head);
      if (raw.unreadable !== undefined) this.slot(raw.unreadable);
    }
    if (p.variant !== undefined) {
      this.slot(p.variant.id);
      this.record(p.variant, 0, true);
    }
  }

  /** One subject's block: reject count, positions, ids (lengths and one text), records, reject indexes. */
  block(s: PlannedSubject): void {
    this.varint(s.rejects.length);
    let prev = 0;
    for (const r of s.records) {
      this.varint(r.pos - prev);
      prev = r.pos;
    }
    this.texts(s.records.map((r) => r.id));
    let t = 0;
    for (const r of s.records) t = this.record(r, t, false);
    prev = 0;
    for (const k of s.rejects) {
      this.varint(k - prev);
      prev = k;
    }
  }

  /** Strings that are read together: each one's length in UTF-16 code units, then all of them as one text (decoded in one call, then cut). */
  texts(list: readonly string[]): void {
    const w = this.w;
    if (w === undefined) return;
    for (const s of list) w.varint(s.length);
    w.text(list.join(""));
  }
}

/** Writes a section: its id, its length (u64, patched once known), its content. */
function section(w: Writer | undefined, id: number, body: () => void): void {
  if (w === undefined) return body();
  w.u8(id);
  const at = w.length;
  w.u32(0);
  w.u32(0);
  body();
  const len = w.length - at - 8;
  w.u32At(at, len >>> 0);
  w.u32At(at + 4, Math.floor(len / 2 ** 32));
}

function emit(p: Plan, e: Encoder, w: Writer | undefined): void {
  section(w, SECTION.META, () => {
    e.varint(p.size);
    e.varint(p.accepted);
    // Flags: 1 a position follows, 2 it was given as a number (and comes back as one).
    e.varint(p.position === undefined ? 0 : typeof p.position === "number" ? 3 : 1);
    if (p.position !== undefined) w?.bigVarint(BigInt(p.position));
  });
  section(w, SECTION.STRINGS, () => {
    if (w === undefined) return;
    w.varint(e.tableList.length);
    for (const s of e.tableList) w.text(s);
  });
  section(w, SECTION.SHAPES, () => {
    if (w === undefined) return;
    w.varint(e.shapeList.length);
    for (const keys of e.shapeList) {
      w.varint(keys.length);
      for (const k of keys) e.slot(k);
    }
  });
  section(w, SECTION.CATALOG, () => {
    e.varint(p.catalog.length);
    let prev = 0;
    let t = 0;
    for (const r of p.catalog) {
      e.varint(r.pos - prev);
      prev = r.pos;
      e.slot(r.id);
      t = e.record(r, t, true);
    }
  });
  section(w, SECTION.REJECTS, () => {
    e.varint(p.rejects.length);
    let prev = 0;
    for (const r of p.rejects) {
      e.varint(r.rec.position - prev);
      prev = r.rec.position;
      e.reject(r);
    }
  });
  section(w, SECTION.DUPLICATES, () => {
    e.varint(p.duplicates.length);
    let prev = 0;
    for (const d of p.duplicates) {
      e.varint(d.pos - prev);
      prev = d.pos;
      e.varint(d.ref);
    }
  });
  // The blocks first (into their own buffer), so that the directory can give each one's length.
  let blocks: Writer | undefined;
  const lengths: number[] = [];
  if (w !== undefined) {
    blocks = new Writer(1 << 20);
    e.to(blocks);
  }
  for (const s of p.subjects) {
    const before = blocks?.length ?? 0;
    e.block(s);
    lengths.push((blocks?.length ?? 0) - before);
  }
  if (w !== undefined) e.to(w);
  section(w, SECTION.DIRECTORY, () => {
    e.varint(p.subjects.length);
    for (const s of p.subjects) e.varint(s.records.length);
    for (const n of lengths) e.varint(n);
    e.texts(p.subjects.map((s) => s.id));
  });
  section(w, SECTION.SUBJECTS, () => {
    if (blocks !== undefined) w!.bytes(blocks.result());
  });
}

/** The snapshot of `store` (every item of it), version 1. */
export function writeSnapshot(store: Store, position: bigint | number | undefined): Uint8Array {
  const p = plan(store, position);
  const e = new Encoder();
  emit(p, e, undefined);
  const w = new Writer(1 << 20);
  for (const b of MAGIC) w.u8(b);
  w.u32(FORMAT_VERSION);
  const lengthAt = w.length;
  w.u32(0);
  w.u32(0);
  e.finish();
  e.to(w);
  emit(p, e, w);
  const total = w.length + 4;
  w.u32At(lengthAt, total >>> 0);
  w.u32At(lengthAt + 4, Math.floor(total / 2 ** 32));
  w.u32(0);
  const out = w.result();
  new DataView(out.buffer).setUint32(total - 4, xxh32(out, 0, total - 4), true);
  return out;
}
