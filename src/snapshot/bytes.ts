/**
 * Byte-level reading and writing for snapshots: unsigned LEB128 varints for
 * every integer up to 2^53 (bigints for the store position), zigzag for
 * signed ones, UTF-8 strings. Platform-neutral: Uint8Array, DataView,
 * TextEncoder and TextDecoder only, so that a snapshot reads the same in
 * Node and in a browser.
 */

const utf8Encoder = new TextEncoder();
// ignoreBOM: a string that starts with U+FEFF keeps it (the default would drop it).
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Thrown by a {@link Reader} on bytes that do not hold what the format says; `restore` turns it into an error value. */
export class Malformed extends Error {
  override readonly name = "Malformed";
}

/** A growable output buffer. */
export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(initial = 1 << 16) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  u32(n: number): void {
    this.room(4);
    this.view.setUint32(this.length, n, true);
    this.length += 4;
  }

  /** Writes a u32 at an earlier offset (a length or checksum known only later). */
  u32At(at: number, n: number): void {
    this.view.setUint32(at, n, true);
  }

  f64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.length, x, true);
    this.length += 8;
  }

  /** An unsigned integer up to 2^53 as LEB128. */
  varint(n: number): void {
    this.room(8);
    const b = this.buf;
    let p = this.length;
    while (n >= 0x80) {
      b[p++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    b[p++] = n;
    this.length = p;
  }

  /** A signed integer (|n| < 2^52) as the varint of its zigzag form. */
  zigzag(n: number): void {
    this.varint(n < 0 ? -2 * n - 1 : 2 * n);
  }

  /** A non-negative bigint (the store position) as LEB128. */
  bigVarint(n: bigint): void {
    while (n >= 0x80n) {
      this.u8(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.u8(Number(n));
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /**
   * A string, inline: the varint `L × times + plus`, then its bytes, where
   * `L` = 2 × (UTF-8 byte length) for a well-formed string, or 2 × (UTF-16
   * code units) + 1 for one with a lone surrogate (kept as UTF-16LE code
   * units, which UTF-8 cannot hold). `times`/`plus` fold a caller's flag
   * into the same varint.
   */
  text(s: string, times = 1, plus = 0): void {
    const n = s.length;
    let ascii = true;
    for (let k = 0; k < n; k++) {
      if (s.charCodeAt(k) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      this.varint(2 * n * times + plus);
      this.room(n);
      const b = this.buf;
      let p = this.length;
      for (let k = 0; k < n; k++) b[p++] = s.charCodeAt(k);
      this.length = p;
      return;
    }
    if (!isWellFormed(s)) {
      this.varint((2 * n + 1) * times + plus);
      this.room(2 * n);
      for (let k = 0; k < n; k++) this.view.setUint16(this.length + 2 * k, s.charCodeAt(k), true);
      this.length += 2 * n;
      return;
    }
    const enc = utf8Encoder.encode(s);
    this.varint(2 * enc.length * times + plus);
    this.bytes(enc);
  }

  /** The bytes written, copied into an array of their exact length. */
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** True when `s` has no lone surrogate (so that it survives UTF-8 exactly). */
export function isWellFormed(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return false;
    const d = s.charCodeAt(k + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    k++;
  }
  return true;
}

const fromCharCode = String.fromCharCode as (...codes: number[]) => string;

/** A cursor over `bytes` from `pos` up to `end`. */
export class Reader {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    public end: number,
  ) {}

  private fail(what: string): never {
    throw new Malformed(`${what} at byte ${this.pos}`);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end of section");
    return this.b[this.pos++]!;
  }

  u32(): number {
    if (this.pos + 4 > this.end) this.fail("unexpected end of section");
    const b = this.b;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }

  f64(): number {
    if (this.pos + 8 > this.end) this.fail("unexpected end of section");
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  varint(): number {
    const b = this.b;
    let p = this.pos;
    if (p >= this.end) this.fail("unexpected end of section");
    let x = b[p++]!;
    if (x < 0x80) {
      this.pos = p;
      return x;
    }
    let result = x & 0x7f;
    let mul = 0x80;
    for (;;) {
      if (p >= this.end || mul > 2 ** 49) this.fail("malformed varint");
      x = b[p++]!;
      result += (x & 0x7f) * mul;
      if (x < 0x80) break;
      mul *= 0x80;
    }
    this.pos = p;
    return result;
  }

  zigzag(): number {
    const z = this.varint();
    return z % 2 === 1 ? -(z + 1) / 2 : z / 2;
  }

  bigVarint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (shift > 63n) this.fail("malformed position");
      const x = this.u8();
      result |= BigInt(x & 0x7f) << shift;
      if (x < 0x80) return result;
      shift += 7n;
    }
  }

  /** A count of items that each take at least one byte: never more than the bytes left. */
  count(): number {
    const n = this.varint();
    if (n > this.end - this.pos) this.fail("count larger than its section");
    return n;
  }

  /** The string of a `L` read by the caller (see {@link Writer.text}). */
  text(L: number): string {
    const n = Math.floor(L / 2);
    if (L % 2 === 1) return this.utf16(n);
    const b = this.b;
    const p = this.pos;
    const e = p + n;
    if (e > this.end) this.fail("string past the end of its section");
    this.pos = e;
    if (n <= 48) {
      let ascii = true;
      for (let k = p; k < e; k++) {
        if (b[k]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        if (n <= 8) {
          let s = "";
          for (let k = p; k < e; k++) s += fromCharCode(b[k]!);
          return s;
        }
        return fromCharCode.apply(null, b.subarray(p, e) as unknown as number[]);
      }
    }
    try {
      return utf8Decoder.decode(b.subarray(p, e));
    } catch {
      return this.fail("invalid UTF-8");
    }
  }

  private utf16(units: number): string {
    if (this.pos + 2 * units > this.end) this.fail("string past the end of its section");
    const b = this.b;
    let s = "";
    for (let k = 0; k < units; k++) {
      const p = this.pos + 2 * k;
      s += fromCharCode(b[p]! | (b[p + 1]! << 8));
    }
    this.pos += 2 * units;
    return s;
  }

  /** `n` strings written together (see Encoder.texts): their lengths, then one text cut into them. */
  texts(n: number): string[] {
    const lengths: number[] = new Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) total += lengths[k] = this.varint();
    const all = this.text(this.varint());
    if (all.length !== total) this.fail(`strings of ${total} code units in a text of ${all.length}`);
    if (n === 1) return [all];
    const out: string[] = new Array(n);
    let p = 0;
    for (let k = 0; k < n; k++) {
      const e = p + lengths[k]!;
      out[k] = all.slice(p, e);
      p = e;
    }
    return out;
  }

  /** Fails unless every byte of the section was read. */
  done(what: string): void {
    if (this.pos !== this.end) this.fail(`${this.end - this.pos} unread bytes in ${what}`);
  }
}
