/**
 * Issue 12, snapshots: `restore(snapshot(L))` answers every query exactly as
 * `L` does, at every instant, keeps rejects, incomplete marks, duplicates
 * and voids, and `apply` after a restore equals `apply` on `L` — over the
 * model's generated histories and queries, and over the fuzz tests' hostile
 * logs (non-JSON items, `__proto__` keys, lone surrogates, -0, conflicting
 * reuses of ids).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apply, disclosureDue, replay, restore, snapshot, subjectsUsableFor, type Ledger } from "../../src/index.js";
import { fuzzLogArb } from "../fuzz/logs.js";
import { scenarioArb } from "../model/arbitraries.js";
import { lists, observe, restored, subjectsOf, bytesEqual } from "./observe.js";

const RUNS = Math.max(40, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 10));
/** The properties besides the main one run half as many cases (`npm run test:deep` runs 10,000 each). */
const FEWER = Math.ceil(RUNS / 2);
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

describe("restore(snapshot(L)) answers as L", () => {
  it(`for generated histories: every decision, profile and report at the queries' instants, rejected, incomplete, duplicates (${RUNS} histories)`, () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 4 }), fc.boolean(), ({ log, queries }, restoredFirst) => {
        const original = replay(log);
        const bytes = snapshot(original);
        const copy = restored(bytes);
        // The restored ledger reads its subjects lazily: ask it first half of the time.
        const fromCopy = restoredFirst ? observe(copy, queries, subjectsOf(log)) : undefined;
        const expected = observe(original, queries, subjectsOf(log));
        expect(fromCopy ?? observe(copy, queries, subjectsOf(log))).toEqual(expected);
        // Deterministic: the restored ledger snapshots to the same bytes.
        expect(bytesEqual(snapshot(copy), bytes)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 300_000);

  it(`apply of further generated items after a restore equals apply on the original (${FEWER} histories)`, () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 3 }), fc.nat(), ({ log, queries }, cut) => {
        const k = cut % (log.length + 1);
        let original = replay(log.slice(0, k));
        let copy = restored(snapshot(original));
        for (const e of log.slice(k)) {
          original = apply(original, e);
          copy = apply(copy, e);
        }
        // The same ledger: the same lists, answers and bytes (ids, conflicting variants and voids survived).
        expect(lists(copy)).toEqual(lists(original));
        expect(bytesEqual(snapshot(copy), snapshot(original))).toBe(true);
        expect(observe(copy, queries, subjectsOf(log))).toEqual(observe(original, queries, subjectsOf(log)));
        // Items repeated after the restore are exact duplicates or conflicting reuses, as on the original.
        const again = log.slice(0, Math.min(6, log.length));
        for (const e of again) {
          original = apply(original, e);
          copy = apply(copy, e);
        }
        expect(lists(copy)).toEqual(lists(original));
      }),
      { numRuns: FEWER },
    );
  }, 300_000);

  it(`for hostile logs (non-JSON items, prototype keys, lone surrogates, -0): the same lists, bytes, and apply (${FEWER} logs)`, () => {
    fc.assert(
      fc.property(fuzzLogArb, fuzzLogArb, (log, more) => {
        const original = replay(log);
        const bytes = snapshot(original);
        const copy = restored(bytes);
        expect(lists(copy)).toEqual(lists(original));
        expect(bytesEqual(snapshot(copy), bytes)).toBe(true);
        let a = original;
        let b = copy;
        for (const e of [...more, ...log]) {
          a = apply(a, e);
          b = apply(b, e);
        }
        expect(lists(b)).toEqual(lists(a));
        expect(bytesEqual(snapshot(b), snapshot(a))).toBe(true);
      }),
      { numRuns: FEWER },
    );
  }, 300_000);

  it(`an older ledger (kept from before an apply) snapshots only what it sees (${FEWER} histories)`, () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 2 }), fc.nat(), ({ log, queries }, cut) => {
        const ledgers: Ledger[] = [replay([])];
        for (const e of log) ledgers.push(apply(ledgers[ledgers.length - 1]!, e));
        const k = cut % (log.length + 1);
        const older = ledgers[k]!;
        const bytes = snapshot(older);
        expect(bytesEqual(bytes, snapshot(replay(log.slice(0, k))))).toBe(true);
        const copy = restored(bytes);
        expect(copy.size).toBe(k);
        expect(observe(copy, queries)).toEqual(observe(older, queries));
        // The newest ledger is untouched by snapshotting an older one.
        expect(bytesEqual(snapshot(ledgers[log.length]!), snapshot(replay(log)))).toBe(true);
      }),
      { numRuns: FEWER },
    );
  }, 300_000);

  it("an older ledger of a restored store (restore, apply, then the restored one again) answers and snapshots as before", () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 2 }), ({ log, queries }) => {
        const half = Math.floor(log.length / 2);
        const original = replay(log.slice(0, half));
        const bytes = snapshot(original);
        const copy = restored(bytes);
        let newer = copy;
        for (const e of log.slice(half)) newer = apply(newer, e);
        expect(bytesEqual(snapshot(copy), bytes)).toBe(true);
        expect(observe(copy, queries)).toEqual(observe(original, queries));
        // Applying to the older restored ledger forks it, as it forks any older ledger.
        const forked = apply(copy, log[0]);
        expect(lists(forked)).toEqual(lists(apply(original, log[0])));
        expect(bytesEqual(snapshot(newer), snapshot(replay(log)))).toBe(true);
      }),
      { numRuns: FEWER },
    );
  }, 300_000);
});

describe("merged subjects (issue 14) through a snapshot", () => {
  it("a chain of merges (a into b, then b into c) and a late event about a answer as on the original, before and after each merge", () => {
    const at = (d: string) => `2024-${d}T09:00:00Z`;
    const fact = (id: string, subject: string, d: string, field: string) => ({
      id, type: "FactRecorded", at: at(d), subject,
      data: { fact: id, field, value: `${subject}-${field}`, category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" },
    });
    const log = [
      { id: "p", type: "PurposeDeclared", at: at("01-01"), data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
      { id: "s", type: "SourceRegistered", at: at("01-01"), data: { source: "web", kind: "form", assessment: "DPIA-1" } },
      { id: "g", type: "AccessPolicyGranted", at: at("01-01"), data: { policy: "p1", role: "sales", purposes: ["sales"], categories: ["contact"] } },
      fact("fa", "a", "02-01", "email"),
      { id: "ba", type: "LegalBasisRecorded", at: at("02-01"), subject: "a", data: { basis: "contract", purposes: ["sales"], reference: "order-1" } },
      fact("fb", "b", "02-02", "phone"),
      fact("fc", "c", "02-03", "name"),
      { id: "m1", type: "SubjectsMerged", at: at("03-01"), subject: "b", data: { from: "a", reason: "same person" } },
      { id: "m2", type: "SubjectsMerged", at: at("04-01"), subject: "c", data: { from: "b", reason: "same person" } },
      fact("fa2", "a", "02-15", "title"),
      { id: "late", type: "FactRecorded", at: at("05-01"), subject: "a", data: { fact: "fa3", field: "city", value: "x", category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } },
    ];
    const original = replay(log);
    expect(original.rejected.map((r) => r.code)).toEqual(["SUBJECT_MERGED"]);
    const queries = ["a", "b", "c"].flatMap((subject) =>
      ["02-20", "03-15", "04-15", "06-01"].map((d) => ({ subject, purpose: "sales", fields: ["email", "phone", "name", "title"], actor: { id: "u", roles: ["sales"] }, at: at(d) })),
    );
    const copy = restored(snapshot(original));
    expect(observe(copy, queries, ["a", "b", "c"])).toEqual(observe(original, queries, ["a", "b", "c"]));
    // Appending after the restore goes through the links too: an event about b after its merge into c.
    const more = { id: "after", type: "FactRecorded", at: at("07-01"), subject: "b", data: { fact: "fb2", field: "city", value: "y", category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } };
    expect(lists(apply(copy, more))).toEqual(lists(apply(original, more)));
  });
});

describe("what a restored ledger reads lazily", () => {
  it(`answers an audience, a report over every subject and an apply asked before any subject was read (${FEWER} histories)`, () => {
    fc.assert(
      fc.property(scenarioArb({ queries: 2 }), fc.nat(2), ({ log, queries }, first) => {
        const original = replay(log);
        const bytes = snapshot(original);
        const q = queries.find((x) => typeof x === "object" && x !== null) as { subject?: string; at?: string } | undefined;
        if (q === undefined) return;
        const { subject: _s, ...audience } = q;
        // Each on a fresh restore, so that nothing was read before it.
        if (first === 0) expect(subjectsUsableFor(restored(bytes), audience as never)).toEqual(subjectsUsableFor(original, audience as never));
        if (first === 1) expect(disclosureDue(restored(bytes), { at: q.at ?? "2030-01-01T00:00:00Z" })).toEqual(disclosureDue(original, { at: q.at ?? "2030-01-01T00:00:00Z" }));
        if (first === 2) expect(lists(apply(restored(bytes), log[0]))).toEqual(lists(apply(original, log[0])));
      }),
      { numRuns: FEWER },
    );
  }, 300_000);
});

describe("snapshots are deterministic", () => {
  it(`the same ledger, two replays of the same log, and a ledger built by apply give the same bytes (${FEWER} logs)`, () => {
    fc.assert(
      fc.property(fuzzLogArb, (log) => {
        const a = replay(log);
        const bytes = snapshot(a);
        expect(bytesEqual(snapshot(a), bytes)).toBe(true);
        expect(bytesEqual(snapshot(replay(log)), bytes)).toBe(true);
        let b = replay([]);
        for (const e of log) b = apply(b, e);
        expect(bytesEqual(snapshot(b), bytes)).toBe(true);
      }),
      { numRuns: FEWER },
    );
  }, 300_000);
});
