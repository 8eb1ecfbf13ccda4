/**
 * UTF-8 helpers for the NDJSON reader: strict decoding of one line (an
 * invalid byte sequence is reported, never replaced by U+FFFD) and byte
 * counts of text chunks.
 */

/**
 * Byte offset of the first invalid UTF-8 sequence in `bytes` (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF, no sequence cut
 * short), or -1 when all of it is valid.
 */
export function invalidUtf8At(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = i + k < n ? bytes[i + k]! : -1;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * UTF-8 length of a text chunk. A lone surrogate counts 3 bytes (as U+FFFD
 * would); a high surrogate ending the chunk is not counted here and is
 * reported in `pendingHigh`, so that a pair split across two chunks counts 4.
 */
export function utf8Length(text: string, pendingHigh: boolean): { bytes: number; pendingHigh: boolean } {
  let bytes = 0;
  let i = 0;
  const n = text.length;
  if (n === 0) return { bytes: 0, pendingHigh };
  if (pendingHigh) {
    const c = n > 0 ? text.charCodeAt(0) : -1;
    if (c >= 0xdc00 && c <= 0xdfff) {
      bytes += 4;
      i = 1;
    } else bytes += 3;
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      if (i + 1 === n) return { bytes, pendingHigh: true };
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return { bytes, pendingHigh: false };
}
