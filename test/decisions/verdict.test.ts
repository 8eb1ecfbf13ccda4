/**
 * The audience's verdict (`allowedChecked`, issue 11): `subjectsUsableFor`
 * decides each candidate with only the verdict of a decision, stopping at
 * the first reason that denies. It must be canUse's `allowed` for every
 * subject, query and instant: on the model's generated histories (every
 * reason code is reached there, test/model/coverage.test.ts) and on the
 * cases where it stops early by hand.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canUse, replay, subjectsUsableFor, type UseQuery } from "../../src/index.js";
import { allowedChecked } from "../../src/decisions/canUse.js";
import { checkRead, isQueryProblem } from "../../src/decisions/query.js";
import { storeOf } from "../../src/ledger/index.js";
import { instantsOf, scenarioArb } from "../model/arbitraries.js";
import { base, consent, fact, NOW, retire, S, type Ev } from "./helpers.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 2000);
const SEED = process.env["FUZZ_SEED"] === undefined ? undefined : Number(process.env["FUZZ_SEED"]);
const seeded = SEED === undefined ? {} : { seed: SEED };

const actor = { id: "u-1", roles: ["staff"] };

/** The verdict for `query` on `events`, and canUse's `allowed` for it. */
function both(events: readonly unknown[], query: UseQuery): [boolean, boolean] {
  const ledger = replay(events);
  const cq = checkRead(query);
  if (isQueryProblem(cq)) throw new Error(`a malformed query in a test: ${JSON.stringify(query)}`);
  return [allowedChecked(storeOf(ledger), ledger.size, cq), canUse(ledger, query).allowed];
}

describe("the audience's verdict is canUse's allowed", () => {
  test(`for every subject of a generated history, at every instant it names (${Math.ceil(RUNS / 4)} histories)`, () => {
    let allowed = 0;
    let denied = 0;
    fc.assert(
      fc.property(scenarioArb({ queries: 2 }), ({ log, queries }) => {
        const ledger = replay(log);
        const store = storeOf(ledger);
        const subjects = [...new Set(log.map((e) => (typeof e === "object" && e !== null ? (e as { subject?: unknown }).subject : undefined)))].filter(
          (x): x is string => typeof x === "string" && x !== "",
        );
        const instants = instantsOf(log);
        for (const q of queries) {
          const cq = checkRead(q);
          if (isQueryProblem(cq)) continue;
          for (const at of instants.length > 0 ? [cq.at, instants[instants.length >> 1]!] : [cq.at]) {
            const atq = checkRead({ ...(q as object), at });
            if (isQueryProblem(atq)) continue;
            for (const subject of subjects) {
              const want = canUse(ledger, { ...(q as UseQuery), at, subject }).allowed;
              expect(allowedChecked(store, ledger.size, { ...atq, subject }), `${subject} ${JSON.stringify({ ...(q as object), at })}`).toBe(want);
              if (want) allowed++;
              else denied++;
            }
          }
        }
      }),
      { numRuns: Math.ceil(RUNS / 4), ...seeded },
    );
    // Not vacuous: both verdicts are reached, many times.
    expect(allowed).toBeGreaterThan(RUNS / 20);
    expect(denied).toBeGreaterThan(RUNS / 20);
  }, Math.max(60_000, RUNS * 60));

  const q = (fields: string[], extra: Partial<UseQuery> = {}): UseQuery => ({ subject: S, purpose: "marketing.email", fields, actor, at: NOW, ...extra });
  const lawful = (): Ev[] => [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })];

  test("allowed: a consented e-mail", () => {
    expect(both(lawful(), q(["email"]))).toEqual([true, true]);
  });

  test("denied when one of the fields has no value, though the other would be allowed (NO_DATA)", () => {
    expect(both(lawful(), q(["email", "phone"]))).toEqual([false, false]);
  });

  test("denied when there is no basis and every field has a value (NO_LEGAL_BASIS)", () => {
    expect(both([...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })], q(["email"]))).toEqual([false, false]);
  });

  test("denied for an actor whose roles no policy names (ACCESS_DENIED)", () => {
    expect(both(lawful(), q(["email"], { actor: { id: "u-2", roles: ["nobody"] } }))).toEqual([false, false]);
  });

  test("denied when the actor may read one field's category but not the other's (ACCESS_DENIED on one field)", () => {
    // The staff policy covers contact and professional, not finance.
    const events: Ev[] = [...lawful(), fact("r2", "2024-02-03T00:00:00Z", { fact: "f2", field: "iban", category: "finance.iban" })];
    expect(both(events, q(["email"]))).toEqual([true, true]);
    expect(both(events, q(["email", "iban"]))).toEqual([false, false]);
  });

  test("denied for a retired purpose (a subject-level reason)", () => {
    const events: Ev[] = [...lawful(), retire("x1", "2024-02-03T00:00:00Z", "marketing.email")];
    expect(both(events, q(["email"]))).toEqual([false, false]);
  });

  test("denied for an unknown subject, and the audience never lists it", () => {
    expect(both(lawful(), q(["email"], { subject: "nobody" }))).toEqual([false, false]);
    const audience = subjectsUsableFor(replay(lawful()), { purpose: "marketing.email", fields: ["email"], actor, at: NOW });
    expect(audience).toEqual([S]);
  });

  test("denied by a per-field reason once the basis holds (UNKNOWN_SOURCE of an unregistered source)", () => {
    const events: Ev[] = [...lawful(), fact("r2", "2024-02-03T00:00:00Z", { fact: "f2", source: "nowhere" })];
    expect(both(events, q(["email"]))).toEqual([false, false]);
  });
});
