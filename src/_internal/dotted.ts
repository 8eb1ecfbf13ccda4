/**
 * Dotted identifiers (purposes, data categories): non-empty segments joined
 * by single dots, ordered by descent on whole segments. Generic: what a
 * hierarchy means for the law lives in src/purposes/.
 */

/** True when `s` is a non-empty string of non-empty segments joined by single dots. */
export function isDottedId(s: unknown): s is string {
  if (typeof s !== "string" || s.length === 0) return false;
  if (s.charCodeAt(0) === 46 || s.charCodeAt(s.length - 1) === 46) return false;
  return !s.includes("..");
}

/**
 * True when `p` covers `u`: `u` equals `p` or descends from it on whole
 * segments (`market` does not cover `marketing`).
 */
export function covers(p: string, u: string): boolean {
  if (p === u) return true;
  return u.length > p.length && u.charCodeAt(p.length) === 46 && u.startsWith(p);
}

/** One step of the hash {@link idBit} and {@link coveringBits} share (31x + c, in 32 bits). */
const step = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;

/** One of 30 bits standing for the hash `h` of a dotted id (a Smi, whatever `h`). */
const bitOf = (h: number): number => 1 << (h >>> 0) % 30;

/**
 * A bit standing for dotted id `p` in a filter of ids: ids with different
 * bits are different; two ids may share one bit.
 */
export function idBit(p: string): number {
  let h = 0;
  for (let k = 0; k < p.length; k++) h = step(h, p.charCodeAt(k));
  return bitOf(h);
}

/**
 * The bits ({@link idBit}) of every id that covers `u` (`u` itself and each
 * ancestor), in one pass over `u`: a filter holding none of them holds no id
 * that covers `u`.
 */
export function coveringBits(u: string): number {
  let h = 0;
  let bits = 0;
  for (let k = 0; k < u.length; k++) {
    const c = u.charCodeAt(k);
    // The hash so far is the ancestor's before each dot.
    if (c === 46) bits |= bitOf(h);
    h = step(h, c);
  }
  return bits | bitOf(h);
}

/** True when one of `a` and `b` covers the other (they lie on one line of descent). */
export function overlaps(a: string, b: string): boolean {
  return covers(a, b) || covers(b, a);
}

/** The strict ancestors of a dotted id, nearest first (`a.b.c` gives `a.b`, `a`). */
export function ancestors(p: string): string[] {
  const out: string[] = [];
  let i = p.lastIndexOf(".");
  while (i > 0) {
    out.push(p.slice(0, i));
    i = p.lastIndexOf(".", i - 1);
  }
  return out;
}
