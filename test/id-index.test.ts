/**
 * The store's id index (src/ledger/ids.ts): each id's first log position,
 * found by a 32-bit hash and confirmed against the id the log holds. These
 * tests check what replay's duplicate handling rests on: every id added is
 * found at its position after the table has grown many times and split into
 * 16 (also when every id falls to one of them), an id never
 * added is not found even when its hash is that of one added, and a replayed
 * log tells exact duplicates and conflicting reuses apart at any size.
 */
import { describe, expect, it } from "vitest";
import { replay } from "../src/index.js";
import { hashId, IdIndex, SPLIT_AT } from "../src/ledger/ids.js";

/** Two distinct strings with the same hashId (a birthday search: about 77,000 strings for even odds). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let k = 0; ; k++) {
    const s = `id-${k}`;
    const h = hashId(s);
    const other = seen.get(h);
    if (other !== undefined) return [other, s];
    seen.set(h, s);
  }
}

describe("IdIndex", () => {
  it("finds every id it was given at its position, across many doublings of its table", () => {
    const log: string[] = [];
    const ids = new IdIndex((p) => log[p]);
    for (let k = 0; k < 20_000; k++) {
      const id = `e${k.toString(36)}`;
      expect(ids.find(id)).toBe(-1);
      log.push(id);
      ids.add(id, k);
    }
    expect(ids.size).toBe(20_000);
    for (let k = 0; k < 20_000; k += 7) expect(ids.find(`e${k.toString(36)}`)).toBe(k);
    expect(ids.find("e")).toBe(-1);
    expect(ids.find("")).toBe(-1);
  });

  it("splits into 16 tables when large, and still finds every id, also when all ids fall to one table", () => {
    // Past SPLIT_AT / 2 ids the one table splits; the second run's ids all have hashes whose top 4 bits are 0.
    const n = SPLIT_AT / 2 + 5_000;
    const spread = Array.from({ length: n }, (_, k) => `s${k}`);
    const skewed: string[] = [];
    for (let k = 0; skewed.length < n; k++) if (hashId(`k${k}`) >>> 28 === 0) skewed.push(`k${k}`);
    for (const log of [spread, skewed]) {
      const ids = new IdIndex((p) => log[p]);
      log.forEach((id, k) => ids.add(id, k));
      expect(ids.size).toBe(n);
      for (let k = 0; k < n; k += 97) expect(ids.find(log[k]!)).toBe(k);
      expect(ids.find(log[n - 1]!)).toBe(n - 1);
      expect(ids.find("none")).toBe(-1);
    }
  });

  it("keeps positions that are not the ids' order in the log (a position is whatever the caller gives)", () => {
    const log = ["x", "a", "y", "b"];
    const ids = new IdIndex((p) => log[p]);
    ids.add("b", 3);
    ids.add("a", 1);
    expect(ids.find("a")).toBe(1);
    expect(ids.find("b")).toBe(3);
    expect(ids.find("x")).toBe(-1);
  });

  it("compares the ids themselves where two hashes match: an id never added is not found", () => {
    const [a, b] = collidingPair();
    expect(a).not.toBe(b);
    expect(hashId(a)).toBe(hashId(b));
    const log = [a];
    const ids = new IdIndex((p) => log[p]);
    ids.add(a, 0);
    expect(ids.find(b)).toBe(-1);
    log.push(b);
    ids.add(b, 1);
    expect(ids.find(a)).toBe(0);
    expect(ids.find(b)).toBe(1);
  });

  it("hashes UTF-16 code units: ids that differ only beyond ASCII, or only in length, are told apart", () => {
    const all = ["é", "e\u0301", "😀", "\ud83d", "a", "a\u0000", "", "\u0000"];
    const ids = new IdIndex((p) => all[p]);
    all.forEach((id, k) => ids.add(id, k));
    all.forEach((id, k) => expect(ids.find(id)).toBe(k));
  });
});

describe("replay's duplicate handling on a log larger than the index's first table", () => {
  const ev = (id: string, subject: string, at: string) => ({ id, type: "ObjectionRaised", at, subject, data: { purposes: ["marketing"], channel: "email" } });

  it("skips exact repeats and rejects conflicting reuses of ids seen thousands of items earlier", () => {
    const log: unknown[] = [];
    for (let k = 0; k < 5_000; k++) log.push(ev(`e-${k}`, `c-${k % 50}`, `2024-01-01T00:00:${String(k % 60).padStart(2, "0")}Z`));
    const n = log.length;
    log.push(log[3]); // exact duplicate of position 3
    log.push(ev("e-4000", "c-0", "2024-02-01T00:00:00Z")); // conflicting reuse of position 4000's id
    log.push(ev("e-new", "c-1", "2024-02-01T00:00:00Z"));
    log.push(ev("e-new", "c-1", "2024-02-01T00:00:00Z")); // exact duplicate of the item just before
    const ledger = replay(log);
    expect(ledger.duplicates).toEqual([n, n + 3]);
    expect(ledger.rejected.map((r) => [r.position, r.code])).toEqual([[n + 1, "ID_CONFLICT"]]);
    expect(ledger.accepted).toBe(n + 1);
  });
});
