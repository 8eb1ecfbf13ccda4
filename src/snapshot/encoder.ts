/**
 * Emits a snapshot's content (format version 1, docs/snapshots.md): values,
 * records, rejects and subject blocks. The same code runs twice: to count
 * the strings and object shapes, then to write them through the tables the
 * counts gave.
 */
import { BigMap } from "../_internal/bigmap.js";
import type { EventRecord } from "../events/index.js";
import { Undecoded, type RejectRecord } from "../ledger/index.js";
import type { Writer } from "./bytes.js";
import { MARK, RAW, REC, REJ, TABLE_INLINE, TABLE_TAG_BASE, TAG } from "./format.js";
import type { PlannedReject, PlannedSubject } from "./plan.js";

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
export class Encoder {
  private w: Writer | undefined = undefined;
  /** Every string written (each event id among them): a BigMap, since a V8 Map holds at most 2^24 entries. */
  private readonly counts = new BigMap<string, number>();
  /** Strings that go into the table whatever their count (event types: a record's type code indexes the table). */
  private readonly forced = new Set<string>();
  private readonly shapeRoot = new ShapeNode([]);
  private readonly shapeNodes: ShapeNode[] = [];
  private table = new BigMap<string, number>();
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
    this.table = new BigMap(this.tableList.map((s, k) => [s, k] as const));
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
    const isRecord = !(canon instanceof Undecoded);
    this.varint(
      (p.marksCatalog ? REJ.MARKS_CATALOG : 0) |
        (rec.id !== undefined ? REJ.ID : 0) |
        (rec.type !== undefined ? REJ.TYPE : 0) |
        (rec.subject !== undefined ? REJ.SUBJECT : 0) |
        (rec.at !== undefined ? REJ.AT : 0) |
        (isRecord ? REJ.RECORD : 0) |
        (p.variant !== undefined ? REJ.VARIANT_RECORD : 0) |
        (p.source !== undefined ? REJ.LINE : 0) |
        (p.source?.reason !== undefined ? REJ.LINE_REASON : 0),
    );
    this.slot(rec.code);
    this.slot(rec.reason);
    if (rec.id !== undefined) this.slot(rec.id);
    if (rec.type !== undefined) this.slot(rec.type);
    if (rec.subject !== undefined) this.slot(rec.subject);
    if (rec.at !== undefined) this.slot(rec.at);
    if (p.source !== undefined) this.varint(p.source.line);
    if (p.source?.reason !== undefined) this.slot(p.source.reason);
    this.varint(rec.marks.length);
    for (const m of rec.marks) this.mark(m);
    if (!(canon instanceof Undecoded)) {
      this.slot(canon.id);
      this.record(canon, 0, true);
    } else {
      const raw = canon;
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
