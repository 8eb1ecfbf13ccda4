/**
 * Values that run code when read and throw (issue 10, finding 4): getters,
 * Proxies whose traps throw, revoked Proxies, and the odd things a caller can
 * throw. `makeHostile` puts one of them at a path inside a clean JSON value;
 * `readThrows` says whether reading the value the way the library promises
 * to read it (docs/compatibility.md: the prototype, the own enumerable keys
 * and their values of an object; the length and elements of an array) runs
 * into the exception.
 */
import fc from "fast-check";

/** The Proxy traps a reader of plain data could hit. */
export const TRAPS = ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"] as const;
export type Trap = (typeof TRAPS)[number];

/** What the hostile code throws; `marker` is what the reason must quote (undefined when it cannot be described). */
export type Thrown = { readonly kind: "error" | "type-error" | "string"; readonly marker: string } | { readonly kind: "plain-object" | "bad-message" | "proxy" };

export type Hostility =
  | { readonly kind: "proxy"; readonly traps: readonly Trap[]; readonly thrown: Thrown }
  | { readonly kind: "getter"; readonly key: string; readonly thrown: Thrown }
  | { readonly kind: "revoked" };

export type Path = readonly (string | number)[];

let counter = 0;

/** A fresh marker, so that a reason can be matched to its exception. */
const markerArb: fc.Arbitrary<string> = fc.constant(null).map(() => `boom-${++counter}`);

export const thrownArb: fc.Arbitrary<Thrown> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom("error" as const, "type-error" as const, "string" as const), markerArb).map(([kind, marker]) => ({ kind, marker })) },
  { weight: 1, arbitrary: fc.constantFrom<Thrown>({ kind: "plain-object" }, { kind: "bad-message" }, { kind: "proxy" }) },
);

const allThrow = (): ProxyHandler<object> => {
  const boom = () => {
    throw new Error("the thrown value itself throws");
  };
  return { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom };
};

/** Throws `t` (as the hostile code would). */
export function raise(t: Thrown): never {
  switch (t.kind) {
    case "error":
      throw new Error(t.marker);
    case "type-error":
      throw new TypeError(t.marker);
    case "string":
      throw t.marker;
    case "plain-object":
      throw { code: 42 };
    case "bad-message": {
      const e = new Error("unused");
      Object.defineProperty(e, "message", {
        get() {
          throw new Error("message getter");
        },
      });
      throw e;
    }
    case "proxy":
      throw new Proxy({}, allThrow());
  }
}

/** The sentence fragment a reason must contain for `t`: its marker, or that it could not be described. */
export function quoted(t: Thrown): RegExp {
  if ("marker" in t) return new RegExp(`\\b${t.marker}\\b`);
  return t.kind === "plain-object" ? /an object that is not an Error/ : /could not be described/;
}

/** Every path to an object or an array inside a JSON value, the root included. */
export function containerPaths(v: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (typeof v !== "object" || v === null) return out;
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => containerPaths(x, [...path, i], out));
  else for (const k of Object.keys(v)) containerPaths((v as Record<string, unknown>)[k], [...path, k], out);
  return out;
}

export function at(v: unknown, path: Path): unknown {
  let x = v;
  for (const k of path) x = (x as Record<string | number, unknown>)[k];
  return x;
}

/** A hostility that fits the container at `path` of `clean`. */
export function hostilityArb(clean: unknown, path: Path): fc.Arbitrary<Hostility> {
  const node = at(clean, path) as object;
  const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
  const getter = keys.length > 0 || !Array.isArray(node);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("proxy" as const), traps: fc.subarray([...TRAPS], { minLength: 1 }), thrown: thrownArb }) },
    ...(getter ? [{ weight: 3, arbitrary: fc.record({ kind: fc.constant("getter" as const), key: fc.constantFrom(...keys, ...(Array.isArray(node) ? [] : ["extra"])), thrown: thrownArb }) }] : []),
    { weight: 1, arbitrary: fc.constant<Hostility>({ kind: "revoked" }) },
  );
}

/** A deep copy of `clean` with `h` applied to the container at `path`. */
export function makeHostile<T>(clean: T, path: Path, h: Hostility): T {
  const copy = JSON.parse(JSON.stringify(clean)) as T;
  const target = at(copy, path) as Record<string, unknown>;
  let replaced: object;
  if (h.kind === "getter") {
    Object.defineProperty(target, h.key, {
      get() {
        return raise(h.thrown);
      },
      enumerable: true,
      configurable: true,
    });
    replaced = target;
  } else if (h.kind === "revoked") {
    const r = Proxy.revocable(target, {});
    r.revoke();
    replaced = r.proxy;
  } else {
    const handler: ProxyHandler<object> = {};
    for (const trap of h.traps) {
      (handler as Record<string, unknown>)[trap] = () => raise(h.thrown);
    }
    replaced = new Proxy(target, handler);
  }
  if (path.length === 0) return replaced as T;
  (at(copy, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]!] = replaced;
  return copy;
}

/**
 * Whether reading the container at `path` the promised way runs into the
 * hostile code: an object's prototype, own keys (with their descriptors)
 * and values; an array's length and elements. `has` is never needed.
 */
export function readThrows(clean: unknown, path: Path, h: Hostility): boolean {
  if (h.kind === "revoked" || h.kind === "getter") return true;
  const node = at(clean, path) as object;
  const t = new Set<Trap>(h.traps);
  if (Array.isArray(node)) return t.has("get");
  // Own keys are read with their descriptors and values: an empty object needs neither.
  const keyed = Object.keys(node).length > 0;
  return t.has("getPrototypeOf") || t.has("ownKeys") || (keyed && (t.has("getOwnPropertyDescriptor") || t.has("get")));
}

/** Whether a top-level string member `key` of the hostile value can still be read on its own (what a reject keeps of the envelope). */
export function memberReadable(path: Path, h: Hostility, key: string): boolean {
  if (path.length > 0) return true;
  if (h.kind === "revoked") return false;
  if (h.kind === "getter") return h.key !== key;
  return !h.traps.includes("get");
}
