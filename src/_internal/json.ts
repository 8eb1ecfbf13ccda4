/**
 * JSON helpers that never throw and never touch a prototype: inputs may be
 * deeply nested, carry `__proto__` keys or be cyclic.
 */

const MAX_DEPTH = 512;

/**
 * Deep-copies a JSON value into fresh, frozen objects. Returns `undefined`
 * when `v` is not JSON (functions, non-finite numbers, cycles, class
 * instances) or nests deeper than the limit. Keys such as `__proto__` are
 * copied as own data properties.
 */
export function copyJson(v: unknown, depth = 0): { value: unknown } | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean") return { value: v };
  if (typeof v === "number") return Number.isFinite(v) ? { value: v } : undefined;
  if (typeof v !== "object" || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = copyJson(v[i], depth + 1);
      if (c === undefined) return undefined;
      out[i] = c.value;
    }
    return { value: Object.freeze(out) };
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const c = copyJson((v as Record<string, unknown>)[k], depth + 1);
    if (c === undefined) return undefined;
    Object.defineProperty(out, k, { value: c.value, enumerable: true, writable: false, configurable: false });
  }
  return { value: Object.freeze(out) };
}

/** Structural equality of two JSON values, key order irrelevant. */
export function jsonEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > MAX_DEPTH || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(x[i], y[i], depth + 1)) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

/** A short, safe rendering of an arbitrary value for an error message. */
export function preview(v: unknown): string {
  if (v === undefined) return "nothing";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "number" || typeof v === "boolean" || v === null) return String(v);
  if (Array.isArray(v)) return v.length === 0 ? "[]" : `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  return typeof v;
}
