/**
 * toNdjson / toNdjsonLines (issue 12): one JSON.stringify per event and
 * line, envelope keys in a fixed order, other keys kept after data, each line
 * ending in "\n"; an item that is not JSON is refused, never altered.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LawfulCrmError, toNdjson, toNdjsonLines } from "../../src/index.js";
import { anyEventArb, historyArb } from "../arbitraries.js";
import { anna, catalog } from "../fixtures/history.js";

const ENVELOPE = ["id", "type", "at", "subject", "by", "v", "data"];

/** The object's keys in the order JSON.parse met them. */
const keysOf = (line: string): string[] => Object.keys(JSON.parse(line) as object);

describe("toNdjson", () => {
  it("writes one line per event, each ending in \\n, that parses back to the event", () => {
    fc.assert(
      fc.property(historyArb(), (events) => {
        const text = toNdjson(events);
        expect(text.endsWith("\n") || events.length === 0).toBe(true);
        const lines = text.split("\n").slice(0, -1);
        expect(lines).toHaveLength(events.length);
        expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(events);
        expect([...toNdjsonLines(events)].join("")).toBe(text);
      }),
    );
  });

  it("puts the envelope keys first, in the order id, type, at, subject, by, v, data, whatever the event's own order", () => {
    fc.assert(
      fc.property(anyEventArb, fc.boolean(), fc.boolean(), (event, withBy, withV) => {
        const e: Record<string, unknown> = { ...event };
        if (withBy) e["by"] = "clerk";
        if (withV) e["v"] = 1;
        const reversed = Object.fromEntries(Object.entries(e).reverse());
        const line = toNdjson([reversed]);
        expect(keysOf(line)).toEqual(ENVELOPE.filter((k) => k in e));
        // Exactly JSON.stringify of the event with its keys in that order.
        expect(line).toBe(JSON.stringify(Object.fromEntries(ENVELOPE.filter((k) => k in e).map((k) => [k, e[k]]))) + "\n");
      }),
    );
  });

  it("keeps keys the format does not know, after data, in the event's own order (integer-like ones included)", () => {
    const line = toNdjson([{ zeta: 1, data: { b: 1, a: 2 }, "0": "zero", id: "e1", alpha: [true], type: "SourceRetired", __proto__x: null, at: "2024-01-01T00:00:00Z" }]);
    expect(line).toBe('{"id":"e1","type":"SourceRetired","at":"2024-01-01T00:00:00Z","data":{"b":1,"a":2},"0":"zero","zeta":1,"alpha":[true],"__proto__x":null}\n');
    const proto = JSON.parse('{"__proto__":{"polluted":true},"id":"e2"}') as unknown;
    expect(toNdjson([proto])).toBe('{"id":"e2","__proto__":{"polluted":true}}\n');
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("writes items that are not objects as they are (replay rejects them, and so does a streamed replay)", () => {
    expect(toNdjson(["x", 1, null, [1, "a"], true])).toBe('"x"\n1\nnull\n[1,"a"]\ntrue\n');
    expect(toNdjson([])).toBe("");
  });

  it("escapes what would break a line: a line feed or carriage return inside a value stays inside its line", () => {
    const text = toNdjson([{ id: "e1", type: "X", data: { v: "a\nb\r\nc\u2028d" } }]);
    expect(text.split("\n")).toHaveLength(2);
  });

  it("refuses an item that is not JSON with a LawfulCrmError naming its position and where, rather than change it", () => {
    const cases: [unknown, string][] = [
      [undefined, "event is undefined"],
      [{ id: "e1", data: { value: undefined } }, "event.data.value is undefined"],
      [{ id: "e1", data: { value: NaN } }, "event.data.value is NaN"],
      [{ id: "e1", data: { list: [1, Infinity] } }, "event.data.list[1] is Infinity"],
      [{ id: "e1", at: new Date(0) }, "event.at is a Date, not a plain object"],
      [{ id: "e1", data: { "a-b": () => 1 } }, 'event.data["a-b"] is a function'],
      [{ id: "e1", n: 1n }, "event.n is a bigint"],
      [new Map(), "event is a Map, not a plain object"],
    ];
    for (const [item, where] of cases) {
      let thrown: unknown;
      try {
        toNdjson([...catalog, item]);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(LawfulCrmError);
      expect((thrown as LawfulCrmError).code).toBe("INVALID_ARGUMENT");
      expect((thrown as Error).message).toContain(`the item at position ${catalog.length} is not JSON (${where})`);
    }
    const cyclic: Record<string, unknown> = { id: "e1" };
    cyclic["self"] = cyclic;
    expect(() => toNdjson([cyclic])).toThrow(/nests deeper than 512 levels \(or is cyclic\)/);
  });

  it("refuses an item whose getter or Proxy trap throws with a LawfulCrmError quoting the exception, never the caller's exception", () => {
    const getter = { id: "e1", data: {} };
    Object.defineProperty(getter.data, "value", { enumerable: true, get: () => { throw new Error("boom-getter"); } });
    const proxy = new Proxy({ id: "e1" }, { ownKeys: () => { throw new Error("boom-keys"); } });
    let reads = 0;
    // Answers the check, then throws when the line is written.
    const flaky = { id: "e1", get data() { if (++reads > 1) throw new Error("boom-late"); return {}; } };
    for (const [item, quoted] of [[getter, "boom-getter"], [proxy, "boom-keys"], [flaky, "boom-late"]] as const) {
      let thrown: unknown;
      try {
        toNdjson([item]);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(LawfulCrmError);
      expect((thrown as LawfulCrmError).code).toBe("INVALID_ARGUMENT");
      expect((thrown as Error).message).toMatch(new RegExp(`the item at position 0 .*reading it threw Error: ${quoted}`));
    }
  });

  it("accepts any iterable, and refuses what is not one (a string is not a list of events)", () => {
    function* gen() {
      yield* anna;
    }
    expect(toNdjson(gen())).toBe(toNdjson(anna));
    for (const bad of [undefined, null, 42, "{}", { id: "e1" }]) {
      expect(() => toNdjson(bad as never)).toThrow(LawfulCrmError);
      expect(() => toNdjsonLines(bad as never)).toThrow(LawfulCrmError);
    }
  });

  it("toNdjsonLines yields lazily, one line per event", () => {
    let pulled = 0;
    function* gen() {
      for (const e of anna) {
        pulled++;
        yield e;
      }
    }
    const it = toNdjsonLines(gen());
    expect(pulled).toBe(0);
    expect(it.next().value).toBe(toNdjson([anna[0]]));
    expect(pulled).toBe(1);
  });
});
