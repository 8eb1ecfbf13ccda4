/**
 * Writes a store as a snapshot (format version 1, docs/snapshots.md). Two
 * passes over the same emitting code: the first counts strings and object
 * shapes, the second writes, with the repeated strings in a table ordered by
 * frequency (the most frequent get the one-byte references) and ties broken
 * by code-unit order, so that the bytes depend only on the store's content.
 */
import type { MapLike } from "../_internal/bigmap.js";
import type { Store } from "../ledger/index.js";
import { Writer } from "./bytes.js";
import { xxh32 } from "./checksum.js";
import { Encoder } from "./encoder.js";
import { FORMAT_VERSION, MAGIC, SECTION } from "./format.js";
import { plan, type Plan, type SourceLine } from "./plan.js";

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
export function writeSnapshot(store: Store, position: bigint | number | undefined, sources?: MapLike<number, SourceLine>): Uint8Array {
  const p = plan(store, position, sources);
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
