/**
 * The one way the library reads a caller's query or options object: a
 * guarded snapshot first (see `snapshotJson`), then the named members of the
 * snapshot. Checking and answering use the copy only, so the caller's code
 * (getters, Proxy traps) runs once, and an exception it throws becomes a
 * value naming the member and the exception's message.
 */
import { pathLabel, unreadable, type Read } from "./guard.js";
import { snapshotJson } from "./json.js";

/** Copies an array once: its length and each element read one time. */
function copyList(list: readonly unknown[]): unknown[] {
  const n = list.length;
  const out = new Array<unknown>(n);
  let i = 0;
  try {
    for (; i < n; i++) out[i] = list[i];
  } catch (e) {
    throw unreadable(e, i);
  }
  return out;
}

/** True for an object the snapshot copied (plain), false for one it kept as it is (a class instance, a Map...). */
function isPlain(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Which members of a caller's object to read: `true` for a value, a nested shape for an object whose members to read the same way. */
export interface Shape {
  readonly [member: string]: true | Shape;
}

/**
 * The members of `v` (a snapshot, or a caller's object the snapshot kept as
 * it is) named by `shape`; throws an Unreadable. `fresh`: `v` is a snapshot
 * that shares nothing with the caller's value (all JSON), so its arrays are
 * already the library's own copies.
 */
function pick(v: unknown, shape: Shape, fresh: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v === undefined || v === null) return out;
  if (typeof v !== "object") {
    // A primitive or a function: read its members as property access would ("x".at), still under guard.
    for (const k of Object.keys(shape)) {
      try {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = x;
      } catch (e) {
        throw unreadable(e, k);
      }
    }
    return out;
  }
  // A plain snapshot is the library's own copy; anything else is the caller's object: read once, under guard.
  const own = !Array.isArray(v) && isPlain(v);
  for (const k in shape) {
    const inner = shape[k]!;
    let x: unknown;
    try {
      x = own && !Object.prototype.hasOwnProperty.call(v, k) ? undefined : (v as Record<string, unknown>)[k];
      // Arrays are copied even from a snapshot: one with holes is kept there as the caller's own.
      if (Array.isArray(x)) x = fresh && own ? x : copyList(x);
      else if (inner !== true && typeof x === "object" && x !== null) x = pick(x, inner, fresh && own);
    } catch (e) {
      throw unreadable(e, k);
    }
    if (x !== undefined) out[k] = x;
  }
  return out;
}

/**
 * Reads the members of a caller's query or options object named by `shape`
 * once, into a plain object. `null` and `undefined` read as an object
 * without members; a member that reads as `undefined` is left out. When
 * reading throws, or the object nests deeper than 512 levels, the result is
 * a sentence: `query.actor.roles could not be read: reading it threw Error: boom`.
 */
export function readProps(o: unknown, shape: Shape, label: string): Read<Record<string, unknown>> {
  const s = snapshotJson(o);
  if (!s.ok) {
    const what = [label, s.path].filter((x) => x !== "").join(".");
    return { ok: false, message: `${what} could not be read: ${s.why}`, what, ...(s.thrown !== undefined ? { thrown: s.thrown } : {}) };
  }
  try {
    return { ok: true, value: pick(s.value, shape, s.json) };
  } catch (e) {
    const u = unreadable(e, undefined);
    const what = pathLabel(u.keys, label);
    return { ok: false, message: `${what} could not be read: ${u.why}`, what, ...(u.thrown !== undefined ? { thrown: u.thrown } : {}) };
  }
}
