/**
 * Writing a log as NDJSON: one `JSON.stringify` per event and line, the
 * envelope keys first in a fixed order, so that the same events always give
 * the same bytes.
 */
import { describeThrown } from "../_internal/guard.js";
import { LawfulCrmError } from "../ledger/index.js";

/** The envelope keys, in the order every line writes them (wire format v1, docs/events.md). */
export const ENVELOPE_KEYS = ["id", "type", "at", "subject", "by", "v", "data"] as const;
const ENVELOPE = new Set<string>(ENVELOPE_KEYS);
const MAX_DEPTH = 512;

/** Where `v` stops being JSON ("data.value is undefined"), or undefined when all of it is JSON. */
function notJson(v: unknown, path: string, depth: number): string | undefined {
  if (v === null || typeof v === "string" || typeof v === "boolean") return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? undefined : `${path} is ${String(v)}`;
  if (v === undefined) return `${path} is undefined`;
  if (typeof v !== "object") return `${path} is a ${typeof v}`;
  if (depth > MAX_DEPTH) return `${path} nests deeper than ${MAX_DEPTH} levels (or is cyclic)`;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = notJson(v[i], `${path}[${i}]`, depth + 1);
      if (p !== undefined) return p;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return `${path} is ${typeof name === "string" && name !== "" ? `a ${name}` : "an object with a prototype"}, not a plain object`;
  }
  for (const k of Object.keys(v)) {
    const p = notJson((v as Record<string, unknown>)[k], /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, depth + 1);
    if (p !== undefined) return p;
  }
  return undefined;
}

/**
 * The NDJSON line of one item, `\n` included; throws a LawfulCrmError when
 * the item is not JSON, or when reading it throws (a getter, a Proxy trap:
 * the caller's exception is quoted, never let out).
 */
export function ndjsonLine(item: unknown, position: number): string {
  let problem: string | undefined;
  try {
    problem = notJson(item, "event", 0);
  } catch (e) {
    problem = `reading it threw ${describeThrown(e)}`;
  }
  if (problem !== undefined) {
    // Writing it anyway would change or drop part of the log (JSON.stringify skips undefined, turns NaN into null).
    throw new LawfulCrmError("INVALID_ARGUMENT", `toNdjson(): the item at position ${position} is not JSON (${problem}), so it cannot be written without changing it.`);
  }
  try {
    return lineOf(item);
  } catch (e) {
    // A getter that answered the check and throws now.
    throw new LawfulCrmError("INVALID_ARGUMENT", `toNdjson(): the item at position ${position} could not be read: reading it threw ${describeThrown(e)}.`);
  }
}

function lineOf(item: unknown): string {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return JSON.stringify(item) + "\n";
  const o = item as Record<string, unknown>;
  // Built by hand, not as an object: an object would put integer-like keys before the envelope.
  let out = "{";
  let first = true;
  for (const k of ENVELOPE_KEYS) {
    if (!Object.prototype.propertyIsEnumerable.call(o, k)) continue;
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + JSON.stringify(o[k]);
    first = false;
  }
  // Keys the format does not know are kept, after data, in the object's own order: never drop what the log holds.
  for (const k of Object.keys(o)) {
    if (ENVELOPE.has(k)) continue;
    out += (first ? "" : ",") + JSON.stringify(k) + ":" + JSON.stringify(o[k]);
    first = false;
  }
  return out + "}\n";
}

/** Throws unless `events` is iterable. */
export function assertIterable(events: unknown, fn: string): asserts events is Iterable<unknown> {
  if (events === null || events === undefined || typeof (events as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function" || typeof events === "string") {
    throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}() expects an iterable of events (an array, a generator, ...).`);
  }
}
