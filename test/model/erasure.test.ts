/**
 * The erasure work list (issue 14, part 3) against the naive model on the
 * differential test's generated histories, and its own property: every due
 * item's command is accepted by `decide` on the same ledger with now = at,
 * and once all are applied the next list at the same instant names none of
 * them. Plus, on a fixed seed, that the generated histories reach every
 * ground, the kept list, the incomplete list and the named later erasures.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apply, decide, erasureDue, ERASURE_REASON_CODES, isInvalidQuery, replay, type ErasureDue, type ErasureDueItem, type Ledger } from "../../src/index.js";
import { historyArb, instantsOf } from "./arbitraries.js";
import { modelErasureDue, MODEL_ERASURE_CODES, type ModelErasureDue } from "./erasure.js";
import { ms, walk, type Ev } from "./model.js";

const RUNS = Math.max(100, Math.ceil(Number(process.env["FUZZ_RUNS"] ?? 2000) / 8));
/** Generous: the model judges every current fact at every instant of the log for `since`. */
const TIMEOUT = Math.max(120_000, RUNS * 200);
const SEED = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);
const seeded = SEED === undefined ? {} : { seed: SEED };

/**
 * A history and up to three of its interesting instants: the differential test's histories half the time,
 * otherwise lawful ones whose path always takes a twist that puts its value on the list (some erased later).
 */
const withInstants = fc
  .oneof(historyArb({ maxSteps: 16 }), historyArb({ maxSteps: 16, kind: "lawful", erasure: true }))
  .chain(({ log }) => fc.shuffledSubarray(instantsOf(log), { minLength: 1, maxLength: 3 }).map((ats) => ({ log, ats })));

function must(x: ErasureDue | ReturnType<typeof erasureDue>): ErasureDue {
  if (isInvalidQuery(x)) throw new Error(x.error.message);
  return x;
}

/** The engine's list in the model's terms. */
function asModel(l: ErasureDue): ModelErasureDue {
  const item = (i: ErasureDueItem | ErasureDue["kept"][number]) => ({
    subject: i.subject,
    fact: i.fact,
    field: i.field,
    codes: i.reasons.map((r) => r.code as string),
    since: ms(i.since)!,
    heldIn: [...i.heldIn],
  });
  return {
    due: l.due.map((i) => ({ ...item(i), ...(i.erasedBy === undefined ? {} : { erasedBy: i.erasedBy.eventId }) })),
    kept: l.kept.map((i) => ({ ...item(i), keptBy: i.basis.legalBasis })),
    incomplete: l.incomplete.map((x) => ({ subject: x.subject, rejects: x.rejects.map((r) => r.id ?? `#${r.position}`) })),
  };
}

/** Asserts the engine's list says what the model's says, and that each item explains itself. */
function expectAsModel(ledger: Ledger, log: readonly unknown[], at: string): ErasureDue {
  const list = must(erasureDue(ledger, { at }));
  const model = modelErasureDue(log, at)!;
  const where = `at ${at}`;
  expect(list.at, where).toBe(at);
  const { kept: modelKept, ...modelRest } = model;
  const mine = asModel(list);
  expect({ ...mine, kept: undefined }, where).toEqual({ ...modelRest, kept: undefined });
  expect(mine.kept, where).toEqual(modelKept.map(({ keepers: _k, ...k }) => k));
  // Every reason is a sentence resting on accepted events counted at `at`, the value's recording first among them.
  const T = ms(at)!;
  const counted = new Map<string, Ev>();
  for (const i of walk(log)) if (i.status === "accepted" && i.ev!.t <= T) counted.set(i.ev!.id, i.ev!);
  for (const i of [...list.due, ...list.kept]) {
    for (const r of i.reasons) {
      expect(r.message, where).toMatch(/^[A-Z].*\.$/);
      expect(r.message, where).toContain(JSON.stringify(i.field));
      expect(Object.keys(r).sort(), where).toEqual(["code", "eventIds", "message"]);
      expect(r.eventIds, where).toContain(i.heldIn.find((id) => counted.get(id)?.type === "FactRecorded"));
      for (const id of r.eventIds) expect(counted.has(id), `${where}: ${r.code} names ${id}`).toBe(true);
    }
  }
  // "a kept item names that basis and its events": a LegalBasisRecorded that keeps it, and only such ones.
  list.kept.forEach((k, n) => {
    const keepers = model.kept[n]!.keepers!;
    const named = k.basis.eventIds.filter((id) => counted.get(id)?.type === "LegalBasisRecorded");
    expect(named.length, where).toBeGreaterThan(0);
    for (const id of named) expect(keepers, where).toContain(id);
  });
  // A command exactly when the log holds no later erasure of the fact.
  for (const i of list.due) {
    if (i.erasedBy === undefined) expect(i.command, where).toEqual({ type: "eraseFact", subject: i.subject, data: { fact: i.fact, reason: expect.any(String) } });
    else expect(i.command, where).toBeUndefined();
  }
  expect(Object.isFrozen(list) && Object.isFrozen(list.due) && list.due.every((i) => Object.isFrozen(i) && Object.isFrozen(i.reasons))).toBe(true);
  return list;
}

describe("erasureDue = the naive model", () => {
  it(
    `agrees on the due, kept and incomplete lists, their grounds, since, heldIn and the later erasures named (${RUNS} histories)`,
    () => {
      fc.assert(
        fc.property(withInstants, ({ log, ats }) => {
          const ledger = replay(log);
          for (const at of ats) expectAsModel(ledger, log, at);
        }),
        { numRuns: RUNS, ...seeded },
      );
    },
    TIMEOUT,
  );

  it(
    `every due item's command is accepted by decide with now = at, and once all are applied the list at the same instant names none of them (${RUNS} histories)`,
    () => {
      let applied = 0;
      fc.assert(
        fc.property(withInstants, ({ log, ats }) => {
          const ledger = replay(log);
          for (const at of ats) {
            const list = must(erasureDue(ledger, { at }));
            let after = ledger;
            let n = 0;
            for (const item of list.due) {
              if (item.command === undefined) continue;
              const r = decide(item.command, ledger, { now: () => at, newId: () => `erase-${++n}-${item.subject}-${item.fact}` });
              expect(r._tag, `${item.subject}/${item.fact} at ${at}: ${r._tag === "Left" ? JSON.stringify(r.left) : ""}`).toBe("Right");
              if (r._tag === "Right") for (const e of r.right) after = apply(after, e);
              applied++;
            }
            expect(after.rejected.length).toBe(ledger.rejected.length);
            const next = must(erasureDue(after, { at }));
            const gone = new Set(list.due.filter((i) => i.command !== undefined).map((i) => `${i.subject}/${i.fact}`));
            for (const i of [...next.due, ...next.kept]) expect(gone.has(`${i.subject}/${i.fact}`), `${i.subject}/${i.fact} at ${at}`).toBe(false);
            // What a legal obligation keeps, and what was already bound to a later erasure, stays as it was.
            expect(next.kept.filter((i) => list.kept.some((k) => k.fact === i.fact && k.subject === i.subject))).toEqual(list.kept);
          }
        }),
        { numRuns: RUNS, ...seeded },
      );
      expect(applied).toBeGreaterThan(RUNS / 4);
    },
    TIMEOUT,
  );
});

describe("the generated histories reach the erasure rules (fixed seed)", () => {
  it("every ground, kept items, incomplete subjects, later erasures named, and stretches that began before the instant", () => {
    const sample = fc.sample(withInstants, { seed: 20261214, numRuns: 500 });
    const codes: Record<string, number> = Object.fromEntries(ERASURE_REASON_CODES.map((c) => [c, 0]));
    const seen = { due: 0, kept: 0, incomplete: 0, erasedBy: 0, earlier: 0, several: 0 };
    for (const { log, ats } of sample) {
      const ledger = replay(log);
      for (const at of ats) {
        const list = must(erasureDue(ledger, { at }));
        seen.due += list.due.length;
        seen.kept += list.kept.length;
        seen.incomplete += list.incomplete.length;
        for (const i of [...list.due, ...list.kept]) {
          for (const r of i.reasons) codes[r.code]!++;
          if (i.since !== at && ms(i.since)! < ms(at)!) seen.earlier++;
          if (i.reasons.length > 1) seen.several++;
        }
        seen.erasedBy += list.due.filter((i) => i.erasedBy !== undefined).length;
      }
    }
    if (process.env["MODEL_STATS"] !== undefined) console.log(codes, seen);
    expect(MODEL_ERASURE_CODES).toEqual([...ERASURE_REASON_CODES]);
    for (const c of ERASURE_REASON_CODES) expect(codes[c], c).toBeGreaterThanOrEqual(20);
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThanOrEqual(10);
  });
});
