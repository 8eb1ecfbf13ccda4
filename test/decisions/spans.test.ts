/**
 * The spans the indexes are made of (src/ledger/spans.ts): half-open spans
 * of (at, position) instants, appended in order and joined where they meet,
 * and the first owner of each stretch of time.
 */
import { describe, expect, it } from "vitest";
import { precedesPair } from "../../src/ledger/order.js";
import { addSpan, END, firstOwners, inSpans, ownerAt, type Span } from "../../src/ledger/spans.js";

const at = (t: number, pos = 0) => ({ t, pos });

describe("spans", () => {
  it("addSpan skips an empty span, joins one that starts where the last ends, appends one after a gap", () => {
    const spans: Span[] = [];
    addSpan(spans, at(5), at(5));
    expect(spans).toEqual([]);
    addSpan(spans, at(1), at(3));
    addSpan(spans, at(3), at(4));
    expect(spans).toEqual([{ lo: at(1), hi: at(4) }]);
    addSpan(spans, at(6), END);
    expect(spans).toEqual([
      { lo: at(1), hi: at(4) },
      { lo: at(6), hi: END },
    ]);
    expect([0, 1, 3.5, 4, 5, 6, 1e15].map((t) => inSpans(spans, at(t)))).toEqual([false, true, true, false, false, true, true]);
  });

  it("firstOwners gives each stretch to the first item covering it, and joins equal neighbours", () => {
    const o = firstOwners([
      { owner: "a", spans: [{ lo: at(2), hi: at(4) }] },
      { owner: "b", spans: [{ lo: at(1), hi: at(5) }] },
      { owner: "c", spans: [{ lo: at(1), hi: at(3) }, { lo: at(7), hi: END }] },
    ]);
    // The end of time is a change point too: after it, nobody.
    const starts = [at(1), at(2), at(4), at(5), at(7), END];
    expect(o.starts).toEqual(starts.flatMap((x) => [x.t, x.pos]));
    expect(o.owners).toEqual(["b", "a", "b", undefined, "c", undefined]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 1e15].map((t) => ownerAt(o, at(t)))).toEqual([undefined, "b", "a", "a", "b", undefined, undefined, "c", "c"]);
  });

  it("firstOwners of nothing owns nothing", () => {
    const o = firstOwners<string>([]);
    expect(o).toEqual({ starts: [], owners: [] });
    expect(ownerAt(o, at(1))).toBeUndefined();
  });
});

describe("an instant against one kept as two numbers", () => {
  it("precedesPair orders by time, then by log position, strictly", () => {
    const i = at(10, 5);
    expect(precedesPair(i, 11, 0)).toBe(true);
    expect(precedesPair(i, 9, 99)).toBe(false);
    expect(precedesPair(i, 10, 6)).toBe(true);
    expect(precedesPair(i, 10, 5)).toBe(false);
    expect(precedesPair(i, 10, 4)).toBe(false);
    // The end of time: after every instant, but not after itself.
    expect(precedesPair(i, END.t, END.pos)).toBe(true);
    expect(precedesPair(END, END.t, END.pos)).toBe(false);
  });
});
