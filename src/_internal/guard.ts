/**
 * Reading a caller's value can run the caller's code: a getter, or a trap of
 * a Proxy. That code may throw. The library promises that nothing a caller
 * passes makes it throw (only `LawfulCrmError`, for misuse), so every first
 * read of a caller's object goes through here: each property is read once,
 * into a plain copy, and an exception becomes a value naming what could not
 * be read and the exception's own message.
 */

/** A value read from a caller's object, or why it could not be read. */
export type Read<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** The sentence: `query.actor could not be read: reading it threw Error: boom`. */
      readonly message: string;
      /** Its parts, for a catalogue to put in words: what could not be read (`query.actor`)... */
      readonly what: string;
      /** ...and what reading it threw, described (`Error: boom`); absent when it nests too deep. */
      readonly thrown?: string;
    };

const MAX_THROWN = 200;

/** Replaces line breaks and other control characters so that a message stays one line. */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ");
  return flat.length > MAX_THROWN ? flat.slice(0, MAX_THROWN) + "…" : flat;
}

/**
 * A short one-line description of a thrown value (`Error: boom`), for a
 * reason or an error message. Never throws, even when the thrown value is a
 * Proxy or an error whose `message` getter throws; never calls a thrown
 * object's own `toString`.
 */
export function describeThrown(e: unknown): string {
  try {
    if (typeof e === "string") return oneLine(e);
    if (typeof e === "object" && e !== null) {
      const name = e instanceof Error ? (e as Error).name : undefined;
      const message = (e as { message?: unknown }).message;
      if (typeof message === "string") return oneLine(`${typeof name === "string" && name !== "" ? name : "Error"}: ${message}`);
      return typeof name === "string" && name !== "" ? oneLine(name) : "an object that is not an Error";
    }
    if (typeof e === "symbol") return oneLine(Symbol.prototype.toString.call(e));
    if (typeof e === "function") return "a function";
    return oneLine(String(e));
  } catch {
    return "a value that could not be described (describing it threw too)";
  }
}

/** Every Unreadable made: a membership test that, unlike `instanceof`, runs no trap of a thrown Proxy. */
const UNREADABLE = new WeakSet<object>();

/** Thrown inside a guarded read; carries the path (innermost key first) of what could not be read. */
export class Unreadable {
  readonly keys: (string | number)[] = [];
  /** `why` is a sentence; `thrown` the exception described, when it is one. */
  constructor(
    readonly why: string,
    readonly thrown?: string,
  ) {
    UNREADABLE.add(this);
  }
}

/** `e` as an {@link Unreadable}, with `key` (when given) added to its path. */
export function unreadable(e: unknown, key: string | number | undefined): Unreadable {
  const u = typeof e === "object" && e !== null && UNREADABLE.has(e) ? (e as Unreadable) : unreadableThrown(describeThrown(e));
  if (key !== undefined) u.keys.push(key);
  return u;
}

function unreadableThrown(thrown: string): Unreadable {
  return new Unreadable(`reading it threw ${thrown}`, thrown);
}

/** A dotted label of a path given innermost key first; long paths and keys are shortened. */
export function pathLabel(innermostFirst: readonly (string | number)[], root: string): string {
  const keys = innermostFirst.map((k) => (typeof k === "string" && k.length > 40 ? k.slice(0, 40) + "…" : String(k))).reverse();
  const shown = keys.length > 12 ? [...keys.slice(0, 6), `…(${keys.length - 9} more levels)…`, ...keys.slice(-3)] : keys;
  return [root, ...shown].filter((k) => k !== "").join(".");
}

/**
 * Runs `f`, which reads a caller's value, and returns its result or the
 * exception as a sentence. A last line of defence around code that works on
 * a snapshot that may still hold a caller's object kept as it is.
 */
export function guarded<T>(f: () => T, what: string): Read<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    const thrown = describeThrown(e);
    return { ok: false, message: `${what} could not be read: reading it threw ${thrown}`, what, thrown };
  }
}
