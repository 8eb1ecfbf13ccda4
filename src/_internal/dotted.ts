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
