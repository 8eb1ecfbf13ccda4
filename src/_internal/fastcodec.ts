import type * as t from "io-ts";
import { copyJson } from "./json.js";

/**
 * Compiles an io-ts codec made of exact object types, intersections, partials,
 * arrays and leaf types into a single-pass "check and copy" function. The
 * codec stays the single source of truth; this is its fast path for replay,
 * where a full io-ts decode per event costs ten times the fold. On failure it
 * returns `undefined` and the caller runs the codec itself to explain why.
 * A test checks that both accept exactly the same inputs.
 */
export type FastDecoder = (u: unknown) => unknown;

/** A fail marker distinct from every JSON value. */
export const FAIL: unique symbol = Symbol("fail");

type Copier = (u: unknown) => unknown | typeof FAIL;

interface AnyCodec {
  readonly _tag?: string;
  readonly name: string;
  is(u: unknown): boolean;
  readonly type?: AnyCodec;
  readonly types?: readonly AnyCodec[];
  readonly props?: Record<string, AnyCodec>;
  /** Set by `checked` codecs: the inner codec and the cross-field rule. */
  readonly inner?: AnyCodec;
  readonly check?: (a: unknown) => unknown;
  /** Set on leaf codecs whose decoded value is a copy (JSON values). */
  readonly copies?: boolean;
  /** Set on non-empty array codecs. */
  readonly nonEmpty?: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

function collectProps(c: AnyCodec, required: Map<string, AnyCodec>, optional: Map<string, AnyCodec>): boolean {
  if (c._tag === "InterfaceType" && c.props) {
    for (const [k, v] of Object.entries(c.props)) required.set(k, v);
    return true;
  }
  if (c._tag === "PartialType" && c.props) {
    for (const [k, v] of Object.entries(c.props)) optional.set(k, v);
    return true;
  }
  if (c._tag === "IntersectionType" && c.types) return c.types.every((m) => collectProps(m, required, optional));
  return false;
}

function compileNode(c: AnyCodec): Copier {
  if (c.inner !== undefined && c.check !== undefined) {
    const inner = compileNode(c.inner);
    const check = c.check;
    return (u) => {
      const r = inner(u);
      return r === FAIL || check(r) !== undefined ? FAIL : r;
    };
  }
  if (c._tag === "ExactType" && c.type) {
    const required = new Map<string, AnyCodec>();
    const optional = new Map<string, AnyCodec>();
    if (!collectProps(c.type, required, optional)) throw new Error(`fastcodec: unsupported exact type ${c.name}`);
    const req = [...required].map(([k, v]) => [k, compileNode(v)] as const);
    const opt = [...optional].map(([k, v]) => [k, compileNode(v)] as const);
    return (u) => {
      if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL;
      const o = u as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (let i = 0; i < req.length; i++) {
        const [k, f] = req[i]!;
        const v = f(hasOwn.call(o, k) ? o[k] : undefined);
        if (v === FAIL) return FAIL;
        out[k] = v;
      }
      for (let i = 0; i < opt.length; i++) {
        const [k, f] = opt[i]!;
        if (!hasOwn.call(o, k)) continue;
        const raw = o[k];
        if (raw === undefined) continue;
        const v = f(raw);
        if (v === FAIL) return FAIL;
        out[k] = v;
      }
      return Object.freeze(out);
    };
  }
  if (c._tag === "ArrayType" && c.type) {
    const item = compileNode(c.type);
    return (u) => {
      if (!Array.isArray(u)) return FAIL;
      const out = new Array<unknown>(u.length);
      for (let i = 0; i < u.length; i++) {
        const v = item(u[i]);
        if (v === FAIL) return FAIL;
        out[i] = v;
      }
      return Object.freeze(out);
    };
  }
  if (c.copies === true) {
    return (u) => {
      if (u === undefined) return FAIL;
      const r = copyJson(u);
      return r === undefined ? FAIL : r.value;
    };
  }
  // Non-empty arrays are declared as leaf types over an inner array codec.
  if (c.inner !== undefined && c.nonEmpty === true) {
    const inner = compileNode(c.inner);
    return (u) => (Array.isArray(u) && u.length > 0 ? inner(u) : FAIL);
  }
  // A leaf whose decoded value is the input itself (strings, numbers, booleans, literals, keyofs).
  return (u) => (c.is(u) ? u : FAIL);
}

/** Compiles `codec` into a check-and-copy function returning the decoded copy or {@link FAIL}. */
export function compileCodec(codec: t.Any): Copier {
  return compileNode(codec as unknown as AnyCodec);
}
