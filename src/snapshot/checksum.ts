/**
 * XXH32 (seed 0), the 32-bit xxHash, over a byte range: the snapshot's
 * checksum. Chosen because it is fast in plain JavaScript (32-bit
 * multiplications with Math.imul over 32-bit little-endian words), any
 * change of one 32-bit word changes it (each step is a bijection of the
 * word), and it is a published algorithm that other tools compute
 * (`xxh32sum`), so a snapshot can be checked outside this library.
 * Written from the algorithm's description.
 */

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The little-endian 32-bit word of `b` at `p`. */
const word = (b: Uint8Array, p: number): number => b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);

/** XXH32 with seed 0 of `bytes[start, end)`, as an unsigned 32-bit number. */
export function xxh32(bytes: Uint8Array, start: number, end: number): number {
  const len = end - start;
  let p = start;
  let acc: number;
  if (len >= 16) {
    let v1 = (P1 + P2) | 0;
    let v2 = P2 | 0;
    let v3 = 0;
    let v4 = -P1 | 0;
    const stripesEnd = end - 16;
    const offset = bytes.byteOffset + p;
    if (LITTLE_ENDIAN && offset % 4 === 0) {
      // Whole 16-byte stripes read as aligned words (this platform is little-endian, as the format is).
      const words = new Uint32Array(bytes.buffer, offset, Math.floor(len / 16) * 4);
      const n = words.length;
      for (let k = 0; k < n; k += 4) {
        v1 = Math.imul(rotl((v1 + Math.imul(words[k]!, P2)) | 0, 13), P1);
        v2 = Math.imul(rotl((v2 + Math.imul(words[k + 1]!, P2)) | 0, 13), P1);
        v3 = Math.imul(rotl((v3 + Math.imul(words[k + 2]!, P2)) | 0, 13), P1);
        v4 = Math.imul(rotl((v4 + Math.imul(words[k + 3]!, P2)) | 0, 13), P1);
      }
      p += n * 4;
    } else {
      for (; p <= stripesEnd; p += 16) {
        v1 = Math.imul(rotl((v1 + Math.imul(word(bytes, p), P2)) | 0, 13), P1);
        v2 = Math.imul(rotl((v2 + Math.imul(word(bytes, p + 4), P2)) | 0, 13), P1);
        v3 = Math.imul(rotl((v3 + Math.imul(word(bytes, p + 8), P2)) | 0, 13), P1);
        v4 = Math.imul(rotl((v4 + Math.imul(word(bytes, p + 12), P2)) | 0, 13), P1);
      }
    }
    acc = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    acc = P5 | 0;
  }
  // The length modulo 2^32, as the algorithm specifies.
  acc = (acc + (len >>> 0)) | 0;
  for (; p + 4 <= end; p += 4) acc = Math.imul(rotl((acc + Math.imul(word(bytes, p), P3)) | 0, 17), P4);
  for (; p < end; p++) acc = Math.imul(rotl((acc + Math.imul(bytes[p]!, P5)) | 0, 11), P1);
  acc ^= acc >>> 15;
  acc = Math.imul(acc, P2);
  acc ^= acc >>> 13;
  acc = Math.imul(acc, P3);
  acc ^= acc >>> 16;
  return acc >>> 0;
}
