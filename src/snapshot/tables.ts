/**
 * The parts of a snapshot that records and values refer to: where each
 * section is, the string table, the object shapes, and the decoding of
 * values and records (format version 1, docs/snapshots.md).
 */
import { makeRecord, type EventRecord } from "../events/index.js";
import { Malformed, Reader } from "./bytes.js";
import { formatInstant } from "./instant.js";
import { REC, SECTION_NAMES, SECTION_ORDER, TABLE_TAG_BASE, TAG } from "./format.js";

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
export class Tables {
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
    return makeRecord(id, type, at, subj, by, (code & REC.V) !== 0 ? 1 : undefined, data as Record<string, unknown>, t, pos);
  }
}

export function readStrings(b: Uint8Array, s: { start: number; end: number }): string[] {
  const r = new Reader(b, s.start, s.end);
  const n = r.count();
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = r.text(r.varint());
  r.done("the strings section");
  return out;
}

export function readShapes(b: Uint8Array, s: { start: number; end: number }, strings: readonly string[]): string[][] {
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
