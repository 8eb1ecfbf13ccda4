/**
 * Fuzzing of decodeEvent, replay and apply (issue 7): arbitrary JSON and
 * strings, deep nesting, 10 MB strings, `__proto__` / `constructor` /
 * `prototype` as fields and ids, numbers and nulls where strings belong,
 * invalid dates, durations that are not ISO 8601, purposes like `.`, `a..b`,
 * `marketing.`. Nothing throws, no prototype is polluted, every bad event
 * lands in `rejected` with a reason.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { apply, decodeEvent, replay, type Ledger } from "../../src/index.js";
import { expectNoPollution, hostileIdEvent, mutatedEvent, nastyString, nastyValue, protoPayload, TYPES, VALID } from "./nasty.js";

const RUNS = Math.max(200, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 4));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

afterEach(() => expectNoPollution());

/** Anything an input log may hold. */
const item = fc.oneof({ weight: 3, arbitrary: mutatedEvent }, { weight: 1, arbitrary: nastyValue }, { weight: 1, arbitrary: hostileIdEvent }, { weight: 1, arbitrary: fc.constantFrom(...TYPES).map((t) => VALID[t]) });

/** The public face of a ledger, for comparisons. */
const face = (l: Ledger) => ({ size: l.size, accepted: l.accepted, duplicates: l.duplicates, rejected: l.rejected, incomplete: l.incomplete });

describe("decodeEvent on hostile input", () => {
  it("never throws; a failure is one readable line naming the field", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedEvent, nastyValue, hostileIdEvent), (u) => {
        const r = decodeEvent(u);
        if (r._tag === "Left") {
          expect(typeof r.left.message).toBe("string");
          expect(r.left.message.length).toBeGreaterThan(0);
          expect(r.left.message).not.toMatch(/[\n\r]/);
          expect(r.left.message.length).toBeLessThan(2000);
          expect(typeof r.left.path).toBe("string");
          expect(r.left.problems.length).toBeGreaterThan(0);
        } else {
          // A decoded event is a frozen copy that shares nothing with the input.
          expect(Object.isFrozen(r.right)).toBe(true);
          expect(r.right).not.toBe(u);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("rejects invalid timestamps, durations and dotted ids wherever they appear", () => {
    const bad = {
      at: ["2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T00:00:00", "2024-06-30T23:59:60Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00.1234Z", "", 1704067200000, null],
      duration: ["P", "PT", "P1DT", "1Y", "P-1D", "P1.5Y", "p1y", "P1Y ", "", 365, null],
      dotted: [".", "a..b", "marketing.", ".marketing", "", 7, null, ["marketing"]],
    };
    for (const at of bad.at) expect(decodeEvent({ ...VALID["PurposeRetired"], at })._tag).toBe("Left");
    for (const expires of bad.at) {
      expect(decodeEvent({ ...VALID["ConsentGranted"], data: { ...(VALID["ConsentGranted"]!["data"] as object), expires } })._tag).toBe("Left");
    }
    for (const retention of bad.duration) {
      expect(decodeEvent({ ...VALID["PurposeDeclared"], data: { ...(VALID["PurposeDeclared"]!["data"] as object), retention } })._tag).toBe("Left");
    }
    for (const purpose of bad.dotted) {
      expect(decodeEvent({ ...VALID["PurposeRetired"], data: { purpose } })._tag).toBe("Left");
      expect(decodeEvent({ ...VALID["FactRecorded"], data: { ...(VALID["FactRecorded"]!["data"] as object), purposes: [purpose] } })._tag).toBe("Left");
      expect(decodeEvent({ ...VALID["FactRecorded"], data: { ...(VALID["FactRecorded"]!["data"] as object), category: purpose } })._tag).toBe("Left");
    }
    // Valid corners stay valid.
    for (const at of ["2024-02-29T00:00:00Z", "2024-12-31T23:59:59.999Z", "2024-01-01T00:00:00.5Z"]) expect(decodeEvent({ ...VALID["PurposeRetired"], at })._tag).toBe("Right");
  });

  it("keeps __proto__, constructor and prototype as plain data (values, extra fields, ids)", () => {
    const payload = protoPayload();
    const withValue = { ...VALID["FactRecorded"], data: { ...(VALID["FactRecorded"]!["data"] as object), value: payload } };
    const r = decodeEvent(withValue);
    expect(r._tag).toBe("Right");
    if (r._tag === "Right") {
      const v = (r.right.data as { value: Record<string, unknown> }).value;
      expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(v, "__proto__")).toBe(true);
    }
    const extra = JSON.parse(JSON.stringify(VALID["SourceRegistered"])) as Record<string, unknown>;
    Object.assign(extra, JSON.parse('{"__proto__": {"polluted": 1}}'));
    Object.assign(extra["data"] as object, JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}'));
    expect(decodeEvent(extra)._tag).toBe("Right");
    for (const e of fc.sample(hostileIdEvent, 200)) decodeEvent(e);
  });

  it("survives 10 MB strings in every string slot and deep nesting", () => {
    const big = "x".repeat(10 * 1024 * 1024);
    for (const type of TYPES) {
      const e = JSON.parse(JSON.stringify(VALID[type])) as Record<string, unknown>;
      const d = e["data"] as Record<string, unknown>;
      for (const k of Object.keys(d)) if (typeof d[k] === "string") d[k] = big;
      for (const k of ["id", "at", "subject", "by"]) if (typeof e[k] === "string") e[k] = big;
      const r = decodeEvent(e);
      if (r._tag === "Left") expect(r.left.message.length).toBeLessThan(2000);
    }
    let deepArray: unknown = "bottom";
    let deepObject: unknown = "bottom";
    for (let k = 0; k < 100_000; k++) {
      deepArray = [deepArray];
      deepObject = { a: deepObject, __proto__x: 1 };
    }
    for (const value of [deepArray, deepObject]) {
      const e = { ...VALID["FactRecorded"], data: { ...(VALID["FactRecorded"]!["data"] as object), value } };
      expect(() => decodeEvent(e)).not.toThrow();
      expect(() => decodeEvent(value)).not.toThrow();
      expect(() => replay([e, value, { ...VALID["PurposeRetired"], id: "deep", extra: value }])).not.toThrow();
    }
    const cyclic: Record<string, unknown> = { ...VALID["FactRecorded"] };
    cyclic["self"] = cyclic;
    expect(() => replay([cyclic, cyclic])).not.toThrow();
  });
});

describe("replay and apply on hostile logs", () => {
  it("never throw; every item is accepted, skipped or rejected; every bad event is rejected with a reason", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 20 }), (log) => {
        const ledger = replay(log);
        expect(ledger.size).toBe(log.length);
        expect(ledger.accepted + ledger.duplicates.length + ledger.rejected.length).toBe(log.length);
        const rejectedAt = new Map(ledger.rejected.map((r) => [r.position, r]));
        for (const r of ledger.rejected) {
          expect(typeof r.reason).toBe("string");
          expect(r.reason.length).toBeGreaterThan(0);
          expect(r.reason).not.toMatch(/[\n\r]/);
        }
        log.forEach((u, position) => {
          if (decodeEvent(u)._tag === "Right") return;
          // A bad event is rejected — unless it exactly repeats an earlier item with its id (skipped, marks nothing).
          if (ledger.duplicates.includes(position)) {
            const id = (u as { id?: unknown }).id;
            expect(typeof id === "string" && log.slice(0, position).some((x) => typeof x === "object" && x !== null && (x as { id?: unknown }).id === id)).toBe(true);
          } else {
            expect(rejectedAt.get(position)?.reason, `item ${position}`).toBeTruthy();
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("apply one by one gives the same ledger as replay", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), (log) => {
        let l = replay([]);
        for (const u of log) l = apply(l, u);
        expect(face(l)).toEqual(face(replay(log)));
      }),
      { numRuns: Math.floor(RUNS / 2) },
    );
  });

  it("hostile strings as every id, subject, purpose and field are data, not keys into a prototype", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(hostileIdEvent, fc.constantFrom(...TYPES).map((t) => VALID[t])), { maxLength: 25 }), (log) => {
        const ledger = replay(log);
        expect(ledger.size).toBe(log.length);
      }),
      { numRuns: Math.floor(RUNS / 2) },
    );
  });

  it("replay rejects an iterable that is not one with a LawfulCrmError only", () => {
    for (const bad of [null, undefined, 42, {}, "str".length]) {
      expect(() => replay(bad as unknown as unknown[])).toThrow(/INVALID_ARGUMENT/);
    }
    // A string is iterable: its characters are (bad) items.
    fc.assert(
      fc.property(nastyString, (s) => {
        expect(replay(s).size).toBe([...s].length);
      }),
      { numRuns: 100 },
    );
  });
});
