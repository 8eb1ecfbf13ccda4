/**
 * How the store takes in a caller's item (issue 10, finding 4: nothing a
 * caller passes makes replay throw). Reading an item can run the caller's
 * code, a getter or a Proxy trap, and that code may throw; it can also nest
 * deeper than anything decoding, copying and comparing agree on.
 *
 * The hot path stays allocation-free: an item that a non-allocating walk
 * finds to be plain JSON within the nesting limit (what `JSON.parse` makes)
 * is decoded in place. Anything else (a class instance, `undefined`, a value
 * whose reading throws, nesting past 512 levels) is read once more, under
 * guard, into a plain copy, and only that copy is decoded and kept.
 */
import { decodeEvent, decodeRecord, type EventRecord, type Interner } from "../events/index.js";
import { freezeJson, isPlainJson, snapshotJson, type Snapshot } from "../_internal/json.js";

const NOT_JSON = "event: the item is not JSON and could not be kept.";

/** Every Undecoded made: a membership test that, unlike `instanceof`, runs no trap of a caller's Proxy. */
const KEPT = new WeakSet<object>();

/** A raw item that did not decode, kept for duplicate detection and forks. */
export class Undecoded {
  constructor(
    /** The item's frozen JSON copy, when it is JSON and could be read. */
    readonly raw: unknown,
    readonly copyable: boolean,
    /** The raw envelope strings (id, type, subject, at) of an item that is not JSON: what it marks, and its id, still come from them. */
    readonly head: unknown = raw,
    /** Vault hook: why a sealed value of the stored item `raw` could not be opened (see {@link unreadableItem}). */
    readonly unreadable?: string,
    /** Why an item that is not kept could not be (it is not JSON, or reading it threw): its DECODE_FAILED reason. */
    readonly why: string = NOT_JSON,
  ) {
    KEPT.add(this);
  }
}

/** True when `item` is an Undecoded the store made (never a caller's object, whatever its prototype says). */
export function isKept(item: unknown): item is Undecoded {
  return typeof item === "object" && item !== null && KEPT.has(item);
}

/**
 * The string envelope fields (`id`, `type`, `subject`, `at`) of an item that
 * cannot be copied, each read on its own so that one throwing getter loses
 * only its own field: what the reject marks, and its id, still come from
 * them.
 */
export function envelopeOf(item: unknown): unknown {
  let isObject: boolean;
  try {
    isObject = typeof item === "object" && item !== null && !Array.isArray(item);
  } catch {
    // Array.isArray throws on a revoked Proxy.
    isObject = false;
  }
  if (!isObject) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of ["id", "type", "subject", "at"]) {
    try {
      const v = (item as Record<string, unknown>)[k];
      if (typeof v === "string") out[k] = v;
    } catch {
      // This field could not be read: the reject goes without it (and marks the catalog when it is the subject).
    }
  }
  return Object.freeze(out);
}

/** The decode error line of a value that is not JSON (decodeEvent is guarded). */
function whyNot(v: unknown): string {
  const r = decodeEvent(v);
  return r._tag === "Left" ? r.left.message : NOT_JSON;
}

/**
 * What the log keeps of a caller's item that is not kept as a decoded event:
 * its frozen JSON copy, or (when it is not JSON or could not be read) its
 * envelope and why. One guarded read; never throws.
 */
export function keptCopy(item: unknown): Undecoded {
  return isKept(item) ? item : keptFrom(item, snapshotJson(item));
}

function keptFrom(item: unknown, s: Snapshot): Undecoded {
  if (!s.ok) return new Undecoded(undefined, false, envelopeOf(item), undefined, `${s.path === "" ? "event" : s.path}: could not be read, ${s.why}`);
  if (s.json) return new Undecoded(freezeJson(s.value), true);
  return new Undecoded(undefined, false, envelopeOf(s.value), undefined, whyNot(s.value));
}

/**
 * A caller's item as the store folds it: the decoded record, or what is kept
 * of an item that does not decode. Never throws.
 */
export function intake(item: unknown, pos: number, interner: Interner): EventRecord | Undecoded {
  if (isPlainJson(item)) {
    try {
      const r = decodeRecord(item, pos, interner);
      if (r !== undefined) return r;
    } catch {
      // A getter that threw on this second read: read again below, under guard.
    }
    return keptCopy(item);
  }
  if (isKept(item)) return item;
  const s = snapshotJson(item);
  if (s.ok) {
    // Decode the copy: it may still hold a caller's object kept as it is (a class instance), whose getters may throw.
    try {
      const r = decodeRecord(s.value, pos, interner);
      // Not JSON only where decoding looks away (an unknown field set to undefined): the event stands.
      if (r !== undefined) return r;
    } catch {
      // Not an event: kept below with its decode error line.
    }
  }
  return keptFrom(item, s);
}

// ---- Vault hook (SEALED_VALUE_UNREADABLE) ----------------------------------
// The vault's reader hands replay this wrapper for a stored event whose sealed
// value its vault cannot open (no key, fails authentication). Replay rejects it
// with SEALED_VALUE_UNREADABLE, marking what the stored event would mark (its
// subject), never decodes it, and treats it as an exact duplicate only of
// another unreadable item with the same stored content.

/** Wraps a stored item whose sealed value a vault cannot open, for replay to reject with `reason`. */
export function unreadableItem(item: unknown, reason: string): unknown {
  const s = snapshotJson(item);
  if (s.ok && s.json) {
    const raw = freezeJson(s.value);
    return new Undecoded(raw, true, raw, reason);
  }
  return new Undecoded(undefined, false, envelopeOf(s.ok ? s.value : item), reason);
}

/** True for an item the vault could not open. */
export const isUnreadable = (x: unknown): boolean => isKept(x) && x.unreadable !== undefined;
