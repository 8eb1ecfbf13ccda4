import fc from "fast-check";
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { copyJson } from "../src/_internal/json.js";
import { decodeEventFast, eventOf } from "../src/events/decode.js";
import { DECODERS } from "../src/events/decoders.generated.js";
import { NO_INTERNING } from "../src/events/record.js";
import { generate } from "../scripts/gen-decoders.js";
import { decodeEvent, eventCodecs, replay, type EventType } from "../src/index.js";
import { ALL_TYPES, anyEventArb, CATALOG_TYPES, clone, deepFreeze, EXAMPLES, exoticArb, mutatedEventArb } from "./arbitraries.js";

// The fast path (a check-and-copy per event type, generated from the io-ts
// codecs by scripts/gen-decoders.ts) is what replay uses; io-ts only explains
// failures. Both must accept exactly the same inputs, or replay and
// decodeEvent would disagree about an event.

const FAIL = Symbol("fail");

type Codec = { decode(u: unknown): { _tag: "Left" | "Right"; right?: unknown } };

const codecOf = (type: string) => (eventCodecs as Record<string, Codec>)[type];
const catalog = new Set<string>(CATALOG_TYPES);

/** What the contract says about `u`: the io-ts codec of its type accepts it, and a catalog event carries no subject. */
function ioAccepts(u: unknown): boolean {
  if (typeof u !== "object" || u === null || Array.isArray(u)) return false;
  const type = (u as { type?: unknown }).type;
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(eventCodecs, type)) return false;
  if (catalog.has(type) && (u as { subject?: unknown }).subject !== undefined) return false;
  return codecOf(type)!.decode(u)._tag === "Right";
}

/** Inputs close to valid events: valid ones, mutated ones, with their type or subject changed, and arbitrary values. */
const inputArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: anyEventArb },
  { weight: 6, arbitrary: mutatedEventArb },
  { weight: 1, arbitrary: fc.tuple(anyEventArb, fc.constantFrom(...ALL_TYPES)).map(([e, type]) => ({ ...e, type })) },
  { weight: 1, arbitrary: fc.tuple(anyEventArb, fc.option(fc.string(), { nil: undefined })).map(([e, subject]) => ({ ...e, subject })) },
  { weight: 1, arbitrary: fc.tuple(anyEventArb, exoticArb).map(([e, data]) => ({ ...e, data })) },
  { weight: 1, arbitrary: exoticArb },
  { weight: 1, arbitrary: fc.record({ id: fc.string(), type: fc.constantFrom(...ALL_TYPES), at: fc.string(), subject: fc.string(), data: fc.object() }, { requiredKeys: ["type"] }) },
);

describe("fast decode path", () => {
  it("is generated from the codecs as they are now (run npx tsx scripts/gen-decoders.ts after changing a codec)", () => {
    const file = fs.readFileSync(new URL("../src/events/decoders.generated.ts", import.meta.url), "utf8");
    expect(file).toBe(generate());
  });

  it("accepts exactly the inputs the io-ts codecs accept (plus the catalog-subject rule), and decodes them alike", () => {
    fc.assert(
      fc.property(inputArb, (u) => {
        const expected = ioAccepts(u);
        const fast = decodeEventFast(u);
        expect(fast !== undefined).toBe(expected);
        const r = decodeEvent(u);
        expect(r._tag === "Right").toBe(expected);
        // On JSON input both give the same event (on non-JSON objects io-ts may hand back the input itself, e.g. a Map as data).
        if (expected && r._tag === "Right" && copyJson(u) !== undefined) {
          const io = codecOf((u as { type: string }).type)!.decode(u);
          expect(r.right).toEqual(io.right);
          expect(fast).toEqual(r.right);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it.each(ALL_TYPES)("generates for the %s codec a decoder that agrees with io-ts on every input", (type) => {
    const codec = codecOf(type)!;
    const decoder = DECODERS[type]!;
    const compiled = (u: unknown) => {
      if (typeof u !== "object" || u === null || Array.isArray(u)) return FAIL;
      const r = decoder(u as Record<string, unknown>, 0, NO_INTERNING);
      return r === undefined ? FAIL : eventOf(r);
    };
    const near: fc.Arbitrary<unknown> = fc.oneof(
      fc.constant(clone(EXAMPLES[type as EventType])),
      mutatedEventArb.map((m) => (typeof m === "object" && m !== null && !Array.isArray(m) ? { ...m, type } : m)),
      exoticArb,
    );
    fc.assert(
      fc.property(near, (u) => {
        const io = codec.decode(u);
        const out = compiled(u);
        expect(out !== FAIL).toBe(io._tag === "Right");
        if (out !== FAIL && copyJson(u) !== undefined) expect(out).toEqual(io.right);
      }),
      { numRuns: 400 },
    );
  });

  it("agrees on the edge cases of each primitive", () => {
    const base = clone(EXAMPLES.FactRecorded) as { data: Record<string, unknown> } & Record<string, unknown>;
    const edge: unknown[] = [
      { ...base, id: "" },
      { ...base, id: new String("x") },
      { ...base, v: 1 },
      { ...base, v: 1.0 },
      { ...base, v: 2 },
      { ...base, v: undefined },
      { ...base, subject: undefined },
      { ...base, at: "2024-02-29T23:59:59.999Z" },
      { ...base, at: "2024-02-29T23:59:59.9999Z" },
      { ...base, data: { ...base.data, value: undefined } },
      { ...base, data: { ...base.data, value: null } },
      { ...base, data: { ...base.data, value: Number.NaN } },
      { ...base, data: { ...base.data, value: new Date(0) } },
      { ...base, data: { ...base.data, value: { toJSON: 1 } } },
      { ...base, data: { ...base.data, purposes: ["a", , "b"] } },
      { ...base, data: { ...base.data, purposes: Object.assign(["a"], { extra: 1 }) } },
      { ...base, data: { ...base.data, sourceRef: undefined } },
      { ...base, data: Object.assign(Object.create(null), base.data) },
      { ...clone(EXAMPLES.EventVoided), data: { reason: "r", position: -0 } },
      { ...clone(EXAMPLES.EventVoided), data: { reason: "r", position: Number.MAX_SAFE_INTEGER + 1 } },
      { ...clone(EXAMPLES.EventVoided), data: { reason: "r", position: Infinity } },
      { ...clone(EXAMPLES.EventVoided), data: { reason: "r", event: undefined, position: undefined } },
      { ...clone(EXAMPLES.FactErased), data: { reason: "r", fact: "f", field: undefined } },
      { ...clone(EXAMPLES.RestrictionLifted), data: new Date(0) },
      { ...clone(EXAMPLES.RestrictionLifted), data: new Map() },
      { ...clone(EXAMPLES.PurposeRetired), subject: undefined },
      { ...clone(EXAMPLES.PurposeRetired), subject: null },
    ];
    for (const u of edge) {
      expect(decodeEventFast(u) !== undefined, JSON.stringify(u)).toBe(ioAccepts(u));
      expect(decodeEvent(u)._tag === "Right").toBe(ioAccepts(u));
    }
  });

  it("makes replay accept a single event exactly when decodeEvent does", () => {
    fc.assert(
      fc.property(inputArb, (u) => {
        const ledger = replay([u]);
        expect(ledger.accepted + ledger.rejected.length).toBe(1);
        // A lone valid event can only be rejected by a referential check.
        if (decodeEvent(u)._tag === "Left") {
          expect(ledger.accepted).toBe(0);
          expect(ledger.rejected[0]!.code).toBe("DECODE_FAILED");
        } else if (ledger.rejected.length > 0) {
          expect(ledger.rejected[0]!.code).not.toBe("DECODE_FAILED");
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("does not mutate what it decodes", () => {
    fc.assert(
      fc.property(anyEventArb, (e) => {
        const frozen = deepFreeze(clone(e));
        expect(decodeEventFast(frozen)).toEqual(clone(e));
        expect(frozen).toEqual(clone(e));
      }),
      { numRuns: 200 },
    );
  });
});
