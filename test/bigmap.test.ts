/**
 * A V8 Map or Set holds at most 2^24 entries; the store keeps one entry per
 * person, per rejected item and per purpose's subjects in BigMap/BigSet,
 * chains of tables of a bounded size (its ids are in an IdIndex, one flat
 * table of its own: test/id-index.test.ts). These tests run the chain with
 * tables of 1–4 entries: BigMap and BigSet behave exactly as Map and Set for
 * any sequence of operations, and a ledger whose store keeps its subjects
 * and posting lists in tiny tables (replayed, restored from a snapshot, then
 * applied to) answers every query as one built with the default tables. The
 * 17M-id run itself is the opt-in scripts/bigmap-17m.ts (too heavy for
 * `npm test`).
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { BigMap, BigSet, SHARD_CAPACITY, setDefaultShardCapacity } from "../src/_internal/bigmap.js";
import { apply, replay, snapshot, type Ledger } from "../src/index.js";
import { storeOf } from "../src/ledger/index.js";
import { fuzzLogArb } from "./fuzz/logs.js";
import { scenarioArb } from "./model/arbitraries.js";
import { lists, observe, restored, subjectsOf, bytesEqual } from "./snapshot/observe.js";

const RUNS = Math.max(30, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 40));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

/** A few keys, so that operations hit present keys often; 0 and -0 are one key in a Map. */
const keyArb = fc.oneof(fc.integer({ min: 0, max: 7 }), fc.constantFrom("a", "b", "c", -0, NaN));
type Key = number | string;
type Op = { op: "set"; key: Key; value: number } | { op: "delete" | "get" | "has"; key: Key } | { op: "clear" } | { op: "iterate" };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("set" as const), key: keyArb, value: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), key: keyArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom("get" as const, "has" as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.constant({ op: "iterate" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
);

/** Everything an iteration of a Map-like shows, in order. */
function mapView(m: { entries(): Iterable<[Key, number]>; keys(): Iterable<Key>; values(): Iterable<number>; forEach(fn: (v: number, k: Key) => void): void } & Iterable<[Key, number]>) {
  const each: [Key, number][] = [];
  m.forEach((v, k) => each.push([k, v]));
  return { entries: [...m.entries()], keys: [...m.keys()], values: [...m.values()], spread: [...m], each };
}

function setView(s: { values(): Iterable<Key>; keys(): Iterable<Key>; forEach(fn: (v: Key, v2: Key) => void): void } & Iterable<Key>) {
  const each: Key[] = [];
  s.forEach((v, v2) => {
    expect(v2).toBe(v);
    each.push(v);
  });
  return { values: [...s.values()], keys: [...s.keys()], spread: [...s], each };
}

describe("BigMap and BigSet behave as Map and Set", () => {
  it("BigMap: any sequence of set/get/has/delete/clear gives Map's results, size and insertion order, for tables of 1–4 entries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 60 }), (capacity, ops) => {
        const want = new Map<Key, number>();
        const got = new BigMap<Key, number>(undefined, capacity);
        for (const o of ops) {
          switch (o.op) {
            case "set":
              expect(got.set(o.key, o.value)).toBe(got);
              want.set(o.key, o.value);
              break;
            case "delete":
              expect(got.delete(o.key)).toBe(want.delete(o.key));
              break;
            case "get":
              expect(got.get(o.key)).toBe(want.get(o.key));
              break;
            case "has":
              expect(got.has(o.key)).toBe(want.has(o.key));
              break;
            case "clear":
              got.clear();
              want.clear();
              break;
            case "iterate":
              expect(mapView(got)).toEqual(mapView(want));
          }
          expect(got.size).toBe(want.size);
        }
        expect(mapView(got)).toEqual(mapView(want));
        expect([...new BigMap(want, capacity)]).toEqual([...want]);
      }),
      { numRuns: RUNS * 20 },
    );
  });

  it("BigSet: any sequence of add/has/delete/clear gives Set's results, size and insertion order, for tables of 1–4 entries", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 60 }), (capacity, ops) => {
        const want = new Set<Key>();
        const got = new BigSet<Key>(undefined, capacity);
        for (const o of ops) {
          switch (o.op) {
            case "set":
              expect(got.add(o.key)).toBe(got);
              want.add(o.key);
              break;
            case "delete":
              expect(got.delete(o.key)).toBe(want.delete(o.key));
              break;
            case "get":
            case "has":
              expect(got.has(o.key)).toBe(want.has(o.key));
              break;
            case "clear":
              got.clear();
              want.clear();
              break;
            case "iterate":
              expect(setView(got)).toEqual(setView(want));
          }
          expect(got.size).toBe(want.size);
        }
        expect(setView(got)).toEqual(setView(want));
        expect([...new BigSet(want, capacity)]).toEqual([...want]);
      }),
      { numRuns: RUNS * 20 },
    );
  });

  it("holds more entries than fit in one table, in insertion order", () => {
    const m = new BigMap<number, number>(undefined, 3);
    const s = new BigSet<number>(undefined, 3);
    for (let k = 0; k < 100; k++) {
      m.set(k, k * 2);
      s.add(k);
    }
    m.set(5, -1); // an update keeps its place
    expect(m.size).toBe(100);
    expect(s.size).toBe(100);
    expect([...m.keys()]).toEqual([...Array(100).keys()]);
    expect(m.get(5)).toBe(-1);
    expect(m.get(99)).toBe(198);
    expect([...s]).toEqual([...Array(100).keys()]);
  });

  it("refuses a table capacity that is not an integer in [1, 2^24]", () => {
    expect(() => new BigMap(undefined, 0)).toThrow(RangeError);
    expect(() => new BigSet(undefined, 2 ** 24 + 1)).toThrow(RangeError);
    expect(() => setDefaultShardCapacity(1.5)).toThrow(RangeError);
  });
});

/** Runs `f` with the store's containers created with tables of `capacity` entries. */
function withCapacity<T>(capacity: number, f: () => T): T {
  const previous = setDefaultShardCapacity(capacity);
  try {
    return f();
  } finally {
    setDefaultShardCapacity(previous);
  }
}

/** The number of tables a store container uses (to see that the tests run the chain, not one table). */
const tables = (c: unknown) => (c as { shards: unknown[] }).shards.length;

describe("a store whose subjects and posting lists span many tables answers as one with a single table", () => {
  afterEach(() => expect(setDefaultShardCapacity(SHARD_CAPACITY)).toBe(SHARD_CAPACITY));

  it(`replay, snapshot, restore and apply, for generated histories (${RUNS} histories)`, () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat(), ({ log, queries }, capacity, cut) => {
        const k = cut % (log.length + 1);
        const subjects = subjectsOf(log);
        let expected = replay(log.slice(0, k));
        const bytes = snapshot(expected);
        for (const e of log.slice(k)) expected = apply(expected, e);
        const want = observe(expected, queries, subjects);

        withCapacity(capacity, () => {
          const whole = replay(log);
          if (storeOf(whole).subjects.size > capacity) expect(tables(storeOf(whole).subjects)).toBeGreaterThan(1);
          expect(lists(whole)).toEqual(lists(expected));
          expect(observe(whole, queries, subjects)).toEqual(want);
          expect(bytesEqual(snapshot(whole), snapshot(expected))).toBe(true);

          // Restored at the small capacity, then applied to: the lazy containers chain their tables too.
          let copy = restored(bytes);
          for (const e of log.slice(k)) copy = apply(copy, e);
          expect(lists(copy)).toEqual(lists(expected));
          expect(observe(copy, queries, subjects)).toEqual(want);
          expect(bytesEqual(snapshot(copy), snapshot(expected))).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`hostile logs (conflicting reuses of ids, non-JSON items): the same lists and bytes (${RUNS} logs)`, () => {
    fc.assert(
      fc.property(fuzzLogArb, fc.integer({ min: 1, max: 3 }), (log, capacity) => {
        const expected = replay(log);
        const bytes = snapshot(expected);
        withCapacity(capacity, () => {
          const whole = replay(log);
          expect(lists(whole)).toEqual(lists(expected));
          expect(bytesEqual(snapshot(whole), bytes)).toBe(true);
          const copy = restored(bytes);
          expect(lists(copy)).toEqual(lists(expected));
          const again = log.reduce<Ledger>((l, e) => apply(l, e), copy);
          expect(lists(again)).toEqual(lists(log.reduce<Ledger>((l, e) => apply(l, e), expected)));
        });
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
