/**
 * `restore` never returns a partial ledger and never throws: bytes that are
 * not a snapshot, truncated, corrupted or of another format version give an
 * error value with the right code (docs/snapshots.md, "What restore
 * checks").
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSnapshotError, profile, replay, restore, snapshot, SNAPSHOT_ERROR_CODES, SNAPSHOT_FORMAT_VERSION, type SnapshotErrorCode } from "../../src/index.js";
import { xxh32 } from "../../src/snapshot/checksum.js";
import { historyArb } from "../model/arbitraries.js";
import { lists } from "./observe.js";

const T0 = "2024-01-01T00:00:00Z";
const log: unknown[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
  { id: "c2", type: "SourceRegistered", at: T0, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
  { id: "e1", type: "FactRecorded", at: T0, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" } },
  { id: "e2", type: "FactCorrected", at: T0, subject: "bob", data: { fact: "f9", value: "x", source: "crm" } },
  { id: "e1", type: "FactRecorded", at: T0, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" } },
];
const good = snapshot(replay(log), { position: 77n });

/** The offsets where each section starts (its id byte), from the layout in docs/snapshots.md. */
function sectionStarts(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: number[] = [];
  let p = 20;
  for (let k = 0; k < 8; k++) {
    out.push(p);
    p += 9 + dv.getUint32(p + 1, true) + dv.getUint32(p + 5, true) * 2 ** 32;
  }
  expect(p).toBe(b.length - 4);
  return out;
}

function code(x: unknown): SnapshotErrorCode | "ledger" {
  const r = restore(x as Uint8Array);
  if (isSnapshotError(r)) {
    expect(r.error.message).toMatch(/^restore\(\): .*\.$/);
    expect(Object.isFrozen(r) && Object.isFrozen(r.error)).toBe(true);
    return r.error.code;
  }
  return "ledger";
}

/** The bytes with the checksum recomputed: structure errors behind a valid checksum. */
function resealed(b: Uint8Array): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(out.length - 4, xxh32(out, 0, out.length - 4), true);
  return out;
}

describe("restore refuses what is not a whole snapshot of this version", () => {
  it("accepts a Uint8Array, a Node Buffer (also one at an odd offset of a larger buffer) and an ArrayBuffer", () => {
    const expected = lists(replay(log));
    for (const input of [good, Buffer.from(good), Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(good)]).subarray(3), good.slice().buffer]) {
      const r = restore(input);
      if (isSnapshotError(r)) throw new Error(r.error.message);
      expect(lists(r)).toEqual(expected);
    }
  });

  it("copies its input: changing the bytes after restore changes nothing (a Uint8Array, a Buffer, an ArrayBuffer)", () => {
    for (const bytes of [good.slice(), Buffer.from(good), Buffer.concat([Buffer.from([9]), Buffer.from(good)]).subarray(1)]) {
      const r = restore(bytes);
      bytes.fill(0);
      if (isSnapshotError(r)) throw new Error(r.error.message);
      // Every subject is read after the bytes changed.
      expect(lists(r)).toEqual(lists(replay(log)));
      expect(profile(r, "anna")).toEqual(profile(replay(log), "anna"));
    }
    const buffer = good.slice().buffer;
    const r = restore(buffer);
    new Uint8Array(buffer).fill(0);
    if (isSnapshotError(r)) throw new Error(r.error.message);
    expect(profile(r, "anna")).toEqual(profile(replay(log), "anna"));
  });

  it("answers anything that is not bytes with SNAPSHOT_INVALID, without throwing", () => {
    const hostile = new Proxy(new Uint8Array(4), {
      get() {
        throw new Error("trap");
      },
    });
    for (const x of [undefined, null, 0, "bytes", [...good], { length: 3 }, new DataView(good.buffer), new Int8Array(good.buffer), new Uint16Array(4), Symbol("x"), () => good, hostile]) {
      expect(code(x)).toBe("SNAPSHOT_INVALID");
    }
  });

  it("answers bytes that are not a snapshot (empty, text, JSON, another binary format) with SNAPSHOT_INVALID", () => {
    const enc = new TextEncoder();
    for (const x of [new Uint8Array(0), enc.encode("hello"), enc.encode(JSON.stringify(log)), new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]), new Uint8Array(100)]) {
      expect(code(x)).toBe("SNAPSHOT_INVALID");
    }
  });

  it("answers another format version with SNAPSHOT_VERSION, whatever follows the version number", () => {
    for (const v of [0, 2, 3, 255, 2 ** 32 - 1]) {
      const b = good.slice();
      new DataView(b.buffer).setUint32(8, v, true);
      expect(code(b)).toBe("SNAPSHOT_VERSION");
      expect(code(resealed(b))).toBe("SNAPSHOT_VERSION");
      expect(code(b.subarray(0, 12))).toBe("SNAPSHOT_VERSION");
    }
    expect(SNAPSHOT_FORMAT_VERSION).toBe(1);
    expect(SNAPSHOT_ERROR_CODES).toEqual(["SNAPSHOT_INVALID", "SNAPSHOT_VERSION"]);
  });

  it("answers a snapshot truncated at any byte, and at every section boundary, with SNAPSHOT_INVALID", () => {
    for (let n = 0; n < good.length; n++) expect(code(good.subarray(0, n)), `truncated to ${n} bytes`).toBe("SNAPSHOT_INVALID");
    const big = snapshot(replay(fc.sample(historyArb(), { numRuns: 1, seed: 7 })[0]!.log));
    for (const at of sectionStarts(big)) for (const n of [at, at + 1, at + 9]) expect(code(big.subarray(0, n))).toBe("SNAPSHOT_INVALID");
    expect(code(big.subarray(0, big.length - 4))).toBe("SNAPSHOT_INVALID");
  });

  it("answers trailing bytes with SNAPSHOT_INVALID", () => {
    expect(code(Buffer.concat([Buffer.from(good), Buffer.from([0])]))).toBe("SNAPSHOT_INVALID");
    expect(code(Buffer.concat([Buffer.from(good), Buffer.from(good)]))).toBe("SNAPSHOT_INVALID");
  });

  it("answers any single flipped bit with SNAPSHOT_INVALID (SNAPSHOT_VERSION in the version number)", () => {
    for (let k = 0; k < good.length; k++) {
      for (let bit = 0; bit < 8; bit++) {
        const b = good.slice();
        b[k]! ^= 1 << bit;
        expect(code(b), `byte ${k} bit ${bit}`).toBe(k >= 8 && k < 12 ? "SNAPSHOT_VERSION" : "SNAPSHOT_INVALID");
      }
    }
  });

  it("answers corruption anywhere in a larger snapshot (each section, the length, the checksum) with SNAPSHOT_INVALID", () => {
    fc.assert(
      fc.property(historyArb(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), ({ log: l }, edits) => {
        const b = snapshot(replay(l));
        const starts = [0, 8, 12, ...sectionStarts(b), b.length - 4];
        const regions = starts.map((s, k) => [s, k + 1 < starts.length ? starts[k + 1]! : b.length] as const).filter(([s, e]) => e > s);
        for (const [start, end] of regions) {
          if (start === 8) continue; // the version number: SNAPSHOT_VERSION, checked above
          const c = b.slice();
          for (const [at, x] of edits) c[start + (at % (end - start))]! ^= x;
          // Two edits of one byte may cancel out (x ^ x = 0): then nothing is corrupt, and the snapshot restores.
          if (c.every((v, k) => v === b[k])) continue;
          expect(code(c)).toBe("SNAPSHOT_INVALID");
        }
      }),
      { numRuns: 30 },
    );
  });

  it("never throws on bytes whose checksum holds but whose structure is broken (written by something else)", () => {
    fc.assert(
      fc.property(historyArb(), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }), fc.nat(), ({ log: l }, edits, cut) => {
        const b = snapshot(replay(l));
        const c = b.slice();
        for (const [at, x] of edits) c[20 + (at % (c.length - 24))] = x;
        expect(["SNAPSHOT_INVALID", "ledger"]).toContain(code(resealed(c)));
        // Cut inside the body, with the header's length and the checksum made to fit.
        const n = 24 + (cut % (b.length - 24));
        const d = new Uint8Array(n);
        d.set(b.subarray(0, n - 4));
        new DataView(d.buffer).setUint32(12, n, true);
        expect(["SNAPSHOT_INVALID", "ledger"]).toContain(code(resealed(d)));
      }),
      { numRuns: 100 },
    );
  });
});
