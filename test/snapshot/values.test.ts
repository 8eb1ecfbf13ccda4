/**
 * What a snapshot must bring back byte for byte although the generated
 * histories rarely or never contain it: `at` strings that are not the
 * canonical form of their instant, extreme instants, every kind of JSON
 * value (-0, fractions, huge numbers, `__proto__` keys, lone surrogates,
 * a leading byte-order mark), more distinct strings than one-byte
 * references, items that are not JSON, and conflicting reuses of ids.
 */
import { describe, expect, it } from "vitest";
import { apply, isSnapshotError, profile, replay, restore, snapshot, type Ledger } from "../../src/index.js";
import { lists } from "./observe.js";

const T0 = "2024-01-01T00:00:00Z";
const catalog = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
  { id: "c2", type: "SourceRegistered", at: T0, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
];
const fact = (id: string, subject: string, at: string, value: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  type: "FactRecorded",
  at,
  subject,
  ...extra,
  data: { fact: `f-${id}`, field: "email", value, category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" },
});

function roundTrip(log: unknown[]): { original: Ledger; copy: Ledger; bytes: Uint8Array } {
  const original = replay(log);
  const bytes = snapshot(original);
  const copy = restore(bytes);
  if (isSnapshotError(copy)) throw new Error(copy.error.message);
  return { original, copy, bytes };
}

/** Every field's current value and history as JSON text, with -0 told apart from 0. */
const text = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (Object.is(v, -0) ? "-0" : v));

describe("values and instants come back exactly", () => {
  it("keeps `at` strings that are not the canonical form of their instant, byte for byte", () => {
    const ats = [
      "2024-01-01T00:00:00.000Z",
      "2024-01-01T00:00:00.5Z",
      "2024-01-01T00:00:00.50Z",
      "2024-01-01T00:00:00.120Z",
      "2024-01-01T00:00:00.001Z",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59.999Z",
      "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59.999Z",
      "2024-02-29T12:00:00Z",
    ];
    const log = [...catalog, ...ats.map((at, k) => fact(`e${k}`, "anna", at, `v${k}`))];
    // Back-dated and forward-dated in log order: deltas of both signs.
    log.push(fact("late", "anna", "2023-06-01T00:00:00.000Z", "late"));
    const { original, copy } = roundTrip(log);
    expect(text(profile(copy, "anna"))).toBe(text(profile(original, "anna")));
    const history = profile(copy, "anna").fields[0]!.history.map((h) => (h as { at?: string }).at);
    expect(history).toEqual(profile(original, "anna").fields[0]!.history.map((h) => (h as { at?: string }).at));
    for (const at of ats) expect(text(profile(copy, "anna", { at }))).toBe(text(profile(original, "anna", { at })));
  });

  it("keeps every kind of JSON value: -0, fractions, huge and negative numbers, nesting, __proto__ keys, unusual strings", () => {
    const values: unknown[] = [
      -0,
      0,
      1.5,
      -1,
      -(2 ** 53) + 1,
      2 ** 53 + 2,
      1e308,
      5e-324,
      null,
      true,
      false,
      "",
      "\u0000",
      "\ud800",
      "a\udc00b",
      "\ufeffbom",
      "💥 Ünïcödé",
      "x".repeat(300),
      "é".repeat(100),
      [],
      [1, [2, [3, [4]]], { a: [] }],
      {},
      JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": 1}, "10": "ten", "2": "two", "b": 1, "a": 2}'),
    ];
    const log = [...catalog, ...values.map((v, k) => fact(`e${k}`, `s${k % 3}`, T0, v))];
    const { original, copy } = roundTrip(log);
    for (const s of ["s0", "s1", "s2"]) expect(text(profile(copy, s))).toBe(text(profile(original, s)));
    const current = profile(copy, "s0").fields[0]!.history;
    expect(current.length).toBeGreaterThan(0);
    // A restored `__proto__` key is an own key, not a prototype.
    const pollutedAt = values.length - 1;
    const p = profile(copy, `s${pollutedAt % 3}`).fields[0]!.history.find((h) => JSON.stringify(h).includes("polluted"));
    expect(p).toBeDefined();
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(text(lists(copy))).toBe(text(lists(original)));
  });

  it("keeps `by` and `v`, and the envelope's own subject of rejected events", () => {
    const log = [
      ...catalog,
      fact("e1", "anna", T0, "a", { by: "clerk-7", v: 1 }),
      { id: "e2", type: "FactCorrected", at: T0, subject: "anna", by: "clerk-8", data: { fact: "nope", value: 1, source: "crm" } },
      { id: "e3", type: "PurposeRetired", at: T0, v: 1, by: "dpo", data: { purpose: "sales" } },
    ];
    const { original, copy } = roundTrip(log);
    expect(lists(copy)).toEqual(lists(original));
    expect(profile(copy, "anna")).toEqual(profile(original, "anna"));
  });

  it("uses table references beyond one byte when thousands of strings repeat", () => {
    // 3,000 distinct values, each used twice: the table outgrows the one-byte tags and two-byte slots.
    const log: unknown[] = [...catalog];
    for (let k = 0; k < 3000; k++) {
      log.push(fact(`a${k}`, `subject-${k}`, T0, `value-${k}`));
      log.push(fact(`b${k}`, `subject-${k}`, T0, `value-${k}`));
    }
    const { original, copy, bytes } = roundTrip(log);
    for (const k of [0, 1, 239, 240, 241, 2999]) expect(profile(copy, `subject-${k}`)).toEqual(profile(original, `subject-${k}`));
    expect(lists(copy)).toEqual(lists(original));
    // Compact: each event here is about 250 bytes of JSON.
    expect(bytes.length).toBeLessThan(JSON.stringify(log).length / 4);
  });

  it("keeps items that are not JSON as replay kept them (no copy, but their envelope strings)", () => {
    const cyclic: Record<string, unknown> = { id: "x1", type: "FactRecorded", at: T0, subject: "anna" };
    cyclic["data"] = cyclic;
    const log: unknown[] = [
      ...catalog,
      cyclic,
      { id: "x2", type: "FactRecorded", at: T0, subject: "bob", data: { value: 10n } },
      () => 1,
      Symbol("s"),
      undefined,
      42,
      "a string",
      [1, 2],
      { id: "x3", type: "Nope", at: "yesterday", subject: "carl", data: new Map() },
      fact("x4", "dora", T0, "ok", { extra: () => 1 }),
    ];
    const { original, copy } = roundTrip(log);
    expect(lists(copy)).toEqual(lists(original));
    for (const s of ["anna", "bob", "carl", "dora"]) expect(profile(copy, s)).toEqual(profile(original, s));
    // Those items repeated: never exact duplicates (nothing to compare), so conflicting reuses, on both.
    let a = original;
    let b = copy;
    for (const x of log) {
      a = apply(a, x);
      b = apply(b, x);
    }
    expect(lists(b)).toEqual(lists(a));
  });

  it("remembers conflicting reuses of an id, decoded or not, so that their repeats stay exact duplicates", () => {
    const first = fact("dup", "anna", T0, "first");
    const decodedReuse = fact("dup", "anna", T0, "second");
    const rawReuse = { id: "dup", type: "FactRecorded", at: T0, subject: "anna", data: { broken: true } };
    const log = [...catalog, first, decodedReuse, rawReuse];
    const { original, copy } = roundTrip(log);
    expect(lists(copy)).toEqual(lists(original));
    let a = original;
    let b = copy;
    // A repeat of each variant, and of the decoded one with `v: 1` (which exact duplicates ignore), and a third variant.
    for (const x of [decodedReuse, rawReuse, first, { ...decodedReuse, v: 1 }, fact("dup", "anna", T0, "third")]) {
      a = apply(a, x);
      b = apply(b, x);
    }
    expect(lists(b)).toEqual(lists(a));
    expect(b.duplicates.length).toBe(4);
    expect(b.rejected.map((r) => r.code)).toEqual(["ID_CONFLICT", "ID_CONFLICT", "ID_CONFLICT"]);
  });

  it("restores voids: which rejects they voided, and a later reject with a voided id stays unvoided", () => {
    const bad = { id: "bad", type: "FactCorrected", at: T0, subject: "anna", data: { fact: "none", value: 1, source: "crm" } };
    const log = [
      ...catalog,
      bad,
      { id: "v1", type: "EventVoided", at: T0, data: { event: "bad", reason: "typo" } },
      // The same id again later: a conflicting reuse, not voided by the earlier void.
      { ...bad, data: { fact: "none", value: 2, source: "crm" } },
      { id: "bad2", type: "FactRecorded", at: "not a time", subject: "bob", data: {} },
      { id: "v2", type: "EventVoided", at: T0, data: { position: 5, reason: "typo" } },
    ];
    const { original, copy } = roundTrip(log);
    expect(lists(copy)).toEqual(lists(original));
    expect(copy.rejected.map((r) => r.voidedBy)).toEqual([3, undefined, 6]);
    expect(copy.incomplete).toEqual(original.incomplete);
    // A void applied after the restore voids what it would have voided on the original.
    const repair = { id: "v3", type: "EventVoided", at: T0, data: { position: 4, reason: "typo" } };
    expect(lists(apply(copy, repair))).toEqual(lists(apply(original, repair)));
  });

  it("keeps the source line of each reject of a streamed replay, and why a line could not be read", async () => {
    const { storeOf } = await import("../../src/ledger/index.js");
    const { writeSnapshot } = await import("../../src/snapshot/write.js");
    const { openSnapshot } = await import("../../src/snapshot/snapshot.js");
    const log = [...catalog, "not an event", { id: "r1", type: "Nope", at: T0 }, fact("e1", "anna", T0, "a")];
    const original = replay(log);
    const sources = new Map([
      [2, { line: 4, reason: "line 4 is not JSON." }],
      [3, { line: 6 }],
    ]);
    const opened = openSnapshot(writeSnapshot(storeOf(original), undefined, sources));
    if ("error" in opened) throw new Error(opened.error.message);
    expect([...opened.restored.sources]).toEqual([...sources]);
    // Without sources (a ledger replayed from values) there are none, and the bytes do not change.
    const plain = openSnapshot(snapshot(original));
    if ("error" in plain) throw new Error(plain.error.message);
    expect(plain.restored.sources.size).toBe(0);
    expect(writeSnapshot(storeOf(original), undefined, new Map())).toEqual(snapshot(original));
  });

  it("a ledger of replayStream keeps each reject's line (and why a line could not be read) through snapshot and restore", async () => {
    const { replayStream, toNdjson } = await import("../../src/index.js");
    const text = `${toNdjson(catalog)}\nnot json\n${JSON.stringify({ id: "r1", type: "Nope", at: T0 })}\n${toNdjson([fact("e1", "anna", T0, "a")])}`;
    const original = await replayStream(text);
    expect(original.rejected.map((r) => r.line)).toEqual([catalog.length + 2, catalog.length + 3]);
    const copy = restore(snapshot(original));
    if (isSnapshotError(copy)) throw new Error(copy.error.message);
    expect(lists(copy)).toEqual(lists(original));
    // An older ledger keeps the lines it saw; apply after the restore keeps them too.
    const next = { id: "r2", type: "Nope", at: T0 };
    expect(lists(apply(copy, next))).toEqual(lists(apply(original, next)));
  });

  it("restores an empty ledger", () => {
    const { original, copy } = roundTrip([]);
    expect(lists(copy)).toEqual(lists(original));
    expect(lists(apply(copy, catalog[0]))).toEqual(lists(apply(original, catalog[0])));
  });
});

describe("the restore path's instant formatter", () => {
  it("formats every instant of years 0000–9999 exactly as the wire format's formatter", async () => {
    const fc = (await import("fast-check")).default;
    const { formatInstant } = await import("../../src/snapshot/instant.js");
    const { formatTimestamp, parseTimestamp } = await import("../../src/_internal/time.js");
    const lo = parseTimestamp("0000-01-01T00:00:00Z")!;
    const hi = parseTimestamp("9999-12-31T23:59:59.999Z")!;
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: lo, max: hi }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(lo, hi, 0, -1, 951_782_400_000)), (t) => {
        expect(formatInstant(t)).toBe(formatTimestamp(t));
        // Twice: the second call reads the day from the cache.
        expect(formatInstant(t)).toBe(formatTimestamp(t));
      }),
      { numRuns: 5000 },
    );
  });

  it("tells a canonical `at` from the length of a valid timestamp as the formatter would", async () => {
    const fc = (await import("fast-check")).default;
    const { isCanonicalAt } = await import("../../src/snapshot/encoder.js");
    const { formatTimestamp, parseTimestamp } = await import("../../src/_internal/time.js");
    const hi = parseTimestamp("9999-12-31T23:59:59.999Z")!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: hi }), fc.constantFrom(0, 1, 2, 3), (t, digits) => {
        // Every valid text of that instant's second: no fraction, or 1 to 3 fraction digits.
        const base = formatTimestamp(t - (t % 1000)).slice(0, 19);
        const ms = String(t % 1000).padStart(3, "0");
        const at = digits === 0 ? `${base}Z` : `${base}.${ms.slice(0, digits)}Z`;
        const parsed = parseTimestamp(at)!;
        expect(isCanonicalAt(at, parsed)).toBe(formatTimestamp(parsed) === at);
      }),
      { numRuns: 5000 },
    );
  });
});
