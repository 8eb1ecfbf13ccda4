import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { describeThrown } from "../_internal/guard.js";
import { copyJson, isPlainJson, preview, snapshotJson, type Snapshot } from "../_internal/json.js";
import { eventCodecs, isCatalogType, type LedgerEvent } from "./codecs.js";
import { DECODERS } from "./decoders.generated.js";
import { NO_INTERNING, type EventRecord, type Interner } from "./record.js";

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Replay's decoder: the record of a valid event of wire format v1 at log
 * position `pos`, its strings and string lists shared through `interner`,
 * or `undefined` when the input is not a valid event (`decodeEvent` says why).
 */
export function decodeRecord(u: unknown, pos: number, interner: Interner): EventRecord | undefined {
  if (typeof u !== "object" || u === null || Array.isArray(u)) return undefined;
  const raw = u as Record<string, unknown>;
  const type = raw["type"];
  if (typeof type !== "string" || !hasOwn.call(DECODERS, type)) return undefined;
  return DECODERS[type]!(raw, pos, interner);
}

/** The public, frozen event of a record: envelope keys in the codecs' order, optional ones only when present. */
export function eventOf(r: EventRecord): LedgerEvent {
  const out: Record<string, unknown> = r.subject === undefined ? { id: r.id, type: r.type, at: r.at, data: r.data } : { id: r.id, type: r.type, at: r.at, subject: r.subject, data: r.data };
  if (r.by !== undefined) out["by"] = r.by;
  if (r.v !== undefined) out["v"] = r.v;
  return Object.freeze(out) as unknown as LedgerEvent;
}

/**
 * The fast path of {@link decodeEvent}: the decoded frozen copy, or
 * `undefined` when the input is not a valid event (call `decodeEvent` to
 * learn why).
 */
export function decodeEventFast(u: unknown): LedgerEvent | undefined {
  const r = decodeRecord(u, 0, NO_INTERNING);
  return r === undefined ? undefined : eventOf(r);
}

/** One thing wrong with an input: the field's dotted path and a sentence saying what was wrong. */
export interface DecodeProblem {
  /** Dotted path of the offending field (`data.purposes.1`), or `""` for the whole input. */
  readonly path: string;
  /** One readable line: `data.purposes: expected a non-empty array of strings, got []`. */
  readonly message: string;
}

/** Why an input is not an event of wire format v1: the first problem, and all of them. */
export interface DecodeError extends DecodeProblem {
  readonly problems: readonly DecodeProblem[];
}

interface Wrapper {
  readonly _tag?: string;
  readonly type?: Wrapper;
  readonly types?: readonly unknown[];
  readonly inner?: Wrapper;
}

function unwrap(c: Wrapper | undefined): Wrapper | undefined {
  let x = c;
  for (let k = 0; x !== undefined && k < 8; k++) {
    if (x.inner !== undefined) x = x.inner;
    else if (x._tag === "ExactType" && x.type !== undefined) x = x.type;
    else break;
  }
  return x;
}

/**
 * Turns io-ts validation errors into readable problems, one per offending
 * field. Keys that io-ts adds for intersection and union members are dropped
 * from the path.
 */
export function describeErrors(errors: t.Errors, prefix = ""): DecodeProblem[] {
  const out: DecodeProblem[] = [];
  const seen = new Set<string>();
  for (const err of errors) {
    const keys: string[] = [];
    const ctx = err.context;
    for (let i = 1; i < ctx.length; i++) {
      const parent = unwrap(ctx[i - 1]?.type as Wrapper | undefined);
      const member = parent?._tag === "IntersectionType" || parent?._tag === "UnionType";
      if (member && parent?.types?.includes(ctx[i]?.type) === true) continue;
      const key = ctx[i]?.key;
      if (key !== undefined && key !== "") keys.push(key);
    }
    const path = [prefix, ...keys].filter((k) => k !== "").join(".");
    if (seen.has(path)) continue;
    seen.add(path);
    const leaf = ctx[ctx.length - 1];
    const expected = leaf?.type.name ?? "a valid value";
    const got = err.value === undefined ? "nothing (the field is missing)" : preview(err.value);
    out.push({ path, message: `${path === "" ? "event" : path}: expected ${expected}, got ${got}` });
  }
  return out;
}

function fail(problems: DecodeProblem[]): E.Either<DecodeError, never> {
  const first = problems[0] ?? { path: "", message: "event: not a valid event" };
  return E.left({ path: first.path, message: first.message, problems });
}

/** The decode problem of an item that could not be read (a throwing getter or Proxy trap, too deep). */
function unreadableProblem(s: Extract<Snapshot, { ok: false }>): DecodeProblem {
  return { path: s.path, message: `${s.path === "" ? "event" : s.path}: could not be read, ${s.why}` };
}

/** The decode problem when decoding a snapshot ran into a caller's value that throws. */
function threwProblem(e: unknown): DecodeProblem {
  return { path: "", message: `event: could not be read, reading it threw ${describeThrown(e)}` };
}

/**
 * Decodes one raw JSON value into an event of wire format v1, or says in one
 * readable line which field is wrong and why. Unknown extra fields are
 * dropped; the result is a frozen copy that shares nothing with the input.
 * It never throws: an input whose getter or Proxy trap throws, or that nests
 * deeper than 512 levels, is a `Left` naming where (and the exception's
 * message).
 *
 * @example
 * ```ts
 * import { decodeEvent } from "lawful-crm";
 * const r = decodeEvent({ id: "e1", type: "PurposeRetired", at: "2024-01-01 00:00", data: { purpose: "marketing" } });
 * if (r._tag === "Left") console.error(r.left.message); //=> at: expected an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "2024-01-01 00:00"
 * ```
 */
export function decodeEvent(u: unknown): E.Either<DecodeError, LedgerEvent> {
  // Read as replay reads it (src/ledger/intake.ts), so that the two agree: plain
  // JSON in place, anything else (or what threw in place) through one guarded copy.
  if (isPlainJson(u)) {
    try {
      return decodeSnapshot(u);
    } catch {
      // A trap the walk did not need (a property's descriptor), or a getter that throws on a later read.
    }
  }
  const s = snapshotJson(u);
  if (!s.ok) return fail([unreadableProblem(s)]);
  try {
    return decodeSnapshot(s.value);
  } catch (e) {
    // Only a value the copy keeps as it is (a class instance, a Map...) can still run a caller's code.
    return fail([threwProblem(e)]);
  }
}

function decodeSnapshot(u: unknown): E.Either<DecodeError, LedgerEvent> {
  if (typeof u !== "object" || u === null || Array.isArray(u)) {
    return fail([{ path: "", message: `event: expected a JSON object, got ${preview(u)}` }]);
  }
  const raw = u as Record<string, unknown>;
  const type = raw["type"];
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(eventCodecs, type)) {
    return fail([
      {
        path: "type",
        message:
          typeof type === "string"
            ? `type: unknown event type ${preview(type)} (wire format v1 has ${Object.keys(eventCodecs).length} event types, see docs/events.md)`
            : `type: expected an event type name, got ${preview(type)}`,
      },
    ]);
  }
  const fast = decodeEventFast(u);
  if (fast !== undefined) return E.right(fast);
  const codec = eventCodecs[type as keyof typeof eventCodecs] as unknown as t.Type<LedgerEvent, unknown, unknown>;
  const problems: DecodeProblem[] = [];
  if (isCatalogType(type) && raw["subject"] !== undefined) {
    problems.push({ path: "subject", message: `subject: a ${type} is a catalog event and carries no subject, got ${preview(raw["subject"])}` });
  }
  const r = codec.decode(u);
  if (r._tag === "Left") problems.push(...describeErrors(r.left));
  if (problems.length > 0) return fail(problems);
  if (r._tag === "Left") return fail(problems);
  const copy = copyJson(r.right);
  if (copy === undefined) return fail([{ path: "", message: "event: expected a JSON object, got a value that is not JSON" }]);
  return E.right(copy.value as LedgerEvent);
}
