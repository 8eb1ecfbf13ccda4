/**
 * Text hygiene for what the library writes for people to read: the Unicode
 * bidirectional control characters (Bidi_Control: ALM U+061C, LRM U+200E,
 * RLM U+200F, LRE/RLE/PDF/LRO/RLO U+202A–U+202E, LRI/RLI/FSI/PDI
 * U+2066–U+2069) reorder the text around them when displayed, so a value
 * carrying one can make a spoofed e-mail address or purpose read as another.
 */

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Writes each bidirectional control character of `s` as a visible escape: U+202E becomes the six characters `\u202E`. */
export function showBidiControls(s: string): string {
  return s.replace(BIDI_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

const LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * Writes each control character of `s` (C0, DEL, C1, the line and paragraph
 * separators) and each bidirectional control as a visible `\u000A` escape:
 * for a value placed in one line of plain text, which it must not break or
 * reorder.
 */
export function showControls(s: string): string {
  return showBidiControls(s.replace(LINE_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`));
}

/**
 * `JSON.stringify(s)` for a string (the same text), without the general
 * serializer for the plain ASCII ids, fields and purposes reasons quote.
 */
export function quoteJson(s: string): string {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return JSON.stringify(s);
  }
  return `"${s}"`;
}
