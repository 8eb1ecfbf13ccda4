/** Comparing and printing what a scenario expected and what came out (JSON, key order irrelevant). */

export const pretty = (v: unknown): string => {
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
};

/** A JSON-normalized copy: key order and `undefined` members do not matter. */
export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = normalize(x);
    }
    return out;
  }
  return v;
}

/** The path of the first difference between two normalized JSON values, or undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = ""): { path: string; expected: unknown; actual: unknown } | undefined {
  if (a === b) return undefined;
  const here = { path: path === "" ? "(root)" : path, expected: a, actual: b };
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return here;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, expected: a[i], actual: b[i] };
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (const k of [...new Set([...ka, ...kb])].sort()) {
    const p = path === "" ? k : `${path}.${k}`;
    if (!(k in a) || !(k in b)) return { path: p, expected: (a as Record<string, unknown>)[k], actual: (b as Record<string, unknown>)[k] };
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], p);
    if (d !== undefined) return d;
  }
  return undefined;
}

export const show = (v: unknown): string => (v === undefined ? "(missing)" : JSON.stringify(v));
