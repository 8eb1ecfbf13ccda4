/**
 * Issue 10, finding 5 (c): one nesting limit for decoding, copying and
 * comparing. The same event sent twice is an exact duplicate at every depth
 * that decoding accepts; beyond the limit the event does not decode and both
 * copies are rejected. The limit counts from the event object itself (level
 * 0): `data` is level 1, a fact's `value` level 2, so a value may hold
 * containers down to level 512 (MAX_DEPTH).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyJson, jsonEqual, MAX_DEPTH, snapshotJson } from "../../src/_internal/json.js";
import { apply, decodeEvent, replay, type Ledger } from "../../src/index.js";
import { reverseKeys } from "../arbitraries.js";
import { VALID } from "./nasty.js";

/** `leaf` wrapped in `n` containers, each an array or an object (`kinds[i % kinds.length]`: true for an array). */
function nest(n: number, kinds: readonly boolean[], leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < n; i++) v = kinds[i % kinds.length] ? [v] : { k: v, [`x${i % 3}`]: i };
  return v;
}

/** A FactRecorded whose value holds `n` nested containers (the value itself is the first one, at level 2). */
function eventWith(n: number, kinds: readonly boolean[], leaf: unknown): Record<string, unknown> {
  const e = JSON.parse(JSON.stringify(VALID["FactRecorded"])) as Record<string, unknown>;
  (e["data"] as Record<string, unknown>)["value"] = nest(n, kinds, leaf);
  return e;
}

/** The most containers a value at level 2 may hold. */
const DEEPEST = MAX_DEPTH - 1;

const face = (l: Ledger) => ({ size: l.size, accepted: l.accepted, duplicates: l.duplicates, rejected: l.rejected.map((r) => r.code) });

describe("a value nested near the limit", () => {
  const depthArb = fc.oneof(fc.integer({ min: DEEPEST - 8, max: DEEPEST + 8 }), fc.integer({ min: 0, max: DEEPEST + 40 }));
  const kindsArb = fc.array(fc.boolean(), { minLength: 1, maxLength: 5 });
  const leafArb = fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), fc.constant({}), fc.constant([]));

  it("sent twice is an exact duplicate at every depth that decodes, and rejected twice beyond", () => {
    fc.assert(
      fc.property(depthArb, kindsArb, leafArb, fc.boolean(), (n, kinds, leaf, reorder) => {
        const first = eventWith(n, kinds, leaf);
        // The repeat is an equal copy, with its keys in another order when `reorder`.
        const second = reorder ? reverseKeys(JSON.parse(JSON.stringify(first))) : JSON.parse(JSON.stringify(first));
        const decoded = decodeEvent(first);
        const ledger = replay([first, second]);
        let applied = replay([]);
        for (const x of [first, second]) applied = apply(applied, x);
        expect(face(applied)).toEqual(face(ledger));
        // Empty containers as the leaf add a level of their own.
        const containers = n + (typeof leaf === "object" && leaf !== null ? 1 : 0);
        if (containers <= DEEPEST) {
          expect(decoded._tag).toBe("Right");
          expect(face(ledger)).toEqual({ size: 2, accepted: 1, duplicates: [1], rejected: [] });
        } else {
          expect(decoded._tag).toBe("Left");
          if (decoded._tag === "Left") expect(decoded.left.message).toMatch(/^data\.value\..*: could not be read, it nests deeper than 512 levels/);
          expect(face(ledger)).toEqual({ size: 2, accepted: 0, duplicates: [], rejected: ["DECODE_FAILED", "ID_CONFLICT"] });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("at the boundary: 511 containers decode and repeat as a duplicate, 512 do not decode", () => {
    for (const kinds of [[true], [false], [true, false]]) {
      const ok = eventWith(DEEPEST, kinds, "bottom");
      expect(decodeEvent(ok)._tag).toBe("Right");
      expect(replay([ok, JSON.parse(JSON.stringify(ok))]).duplicates).toEqual([1]);
      const deep = eventWith(DEEPEST + 1, kinds, "bottom");
      expect(decodeEvent(deep)._tag).toBe("Left");
      expect(replay([deep, deep]).rejected.map((r) => r.code)).toEqual(["DECODE_FAILED", "ID_CONFLICT"]);
    }
  });

  it("copying, comparing and reading share the limit: a value copies, and equals its copy, exactly when it nests no deeper", () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_DEPTH - 4, max: MAX_DEPTH + 4 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (n, kinds) => {
        // n containers: the outermost at level 0, the innermost at level n - 1.
        const v = nest(n, kinds, "leaf");
        const w = nest(n, kinds, "leaf");
        const fits = n - 1 <= MAX_DEPTH;
        expect(copyJson(v) !== undefined).toBe(fits);
        expect(snapshotJson(v).ok).toBe(fits);
        // Distinct but equal objects at every level: equal exactly when they fit.
        expect(jsonEqual(v, w)).toBe(fits);
      }),
      { numRuns: 100 },
    );
  });
});
