/**
 * What the differential test's generated decisions cover: the share that is
 * allowed, the share that carries obligations, how often each reason code is
 * given, and how often each obligation case occurs. Judged by the naive model
 * (the oracle); the differential test checks that the engine says the same.
 *
 * `MODEL_STATS=1 npx vitest run test/model/coverage.test.ts` prints the
 * figures of the fixed sample the coverage test asserts on.
 */
import fc from "fast-check";
import { REASON_CODES } from "../../src/decisions/index.js";
import { scenarioArb } from "./arbitraries.js";
import { before, coversP, modelCanUse, ms, walk, type Ev } from "./model.js";

/**
 * The two obligation cases of an allowed decision for a purpose that requires
 * `originDisclosure` (docs/decisions.md, "Obligations"; `undisclosedSources`
 * in src/decisions/canUse.ts):
 *
 * - `disclose`: at least one field's value came from a source that is not the
 *   person's own (a kind other than `subject` and `form`) and that no
 *   `SubjectInformed` by T has disclosed: the decision carries `DISCLOSE_ORIGIN`.
 * - `disclosed`: the origin was already disclosed: no obligation is left, and
 *   at least one field's value came from a source that is not the person's
 *   own, so the only thing that took its obligation away is a
 *   `SubjectInformed` by T naming that source. This is the case a rule that
 *   forgets the disclosure (or counts it at the wrong instant) gets wrong.
 * - `own` (counted, not required): no obligation because every value came
 *   from the person's own sources (or a purpose without the requirement).
 */
export interface Coverage {
  /** Histories sampled. */
  histories: number;
  /** Decisions (queries) judged. */
  decisions: number;
  allowed: number;
  /** Decisions that carry at least one obligation. */
  withObligations: number;
  /** Decisions whose reasons include each code (a code given for two fields counts once). */
  codes: Record<string, number>;
  /** Allowed decisions for a purpose that requires originDisclosure, by obligation case. */
  obligationCases: { disclose: number; disclosed: number; own: number };
  /**
   * Allowed decisions using a value of a special category (GDPR Art. 9(1)): a condition of Art. 9(2) was
   * established (`allowed`); of those, with an explicit-consent condition (A9-2-a) recorded for the person.
   */
  special: { allowed: number; explicit: number };
}

/** The nearest `originDisclosure` of U and its ancestors, as declared at T (the model's attribute rule, read again). */
function requiresDisclosure(all: Ev[], u: string, t: number): boolean {
  const segs = u.split(".");
  for (let k = segs.length; k > 0; k--) {
    const p = segs.slice(0, k).join(".");
    const decl = all
      .filter((e) => e.type === "PurposeDeclared" && e.data.purpose === p && e.t <= t)
      .reduce<Ev | undefined>((a, e) => (a === undefined || before(a, e) ? e : a), undefined);
    const v = decl?.data.originDisclosure;
    if (v !== undefined) return v === true;
  }
  return false;
}

/** Measures the model's decisions on the given scenarios. */
export function measure(scenarios: readonly { log: unknown[]; queries: unknown[] }[]): Coverage {
  const out: Coverage = {
    histories: scenarios.length,
    decisions: 0,
    allowed: 0,
    withObligations: 0,
    codes: Object.fromEntries(REASON_CODES.map((c) => [c, 0])),
    obligationCases: { disclose: 0, disclosed: 0, own: 0 },
    special: { allowed: 0, explicit: 0 },
  };
  for (const { log, queries } of scenarios) {
    let accepted: Ev[] | undefined;
    for (const q of queries) {
      const d = modelCanUse(log, q);
      out.decisions++;
      for (const code of new Set(d.reasons.map((r) => r.code))) out.codes[code] = (out.codes[code] ?? 0) + 1;
      if (d.obligations.length > 0) out.withObligations++;
      if (!d.allowed) continue;
      out.allowed++;
      const { subject, purpose, at } = q as { subject: string; purpose: string; at: string };
      const t = ms(at)!;
      const all = (accepted ??= walk(log)
        .filter((i) => i.status === "accepted")
        .map((i) => i.ev!));
      const byIdAll = new Map(all.map((e) => [e.id, e]));
      const special = Object.values(d.current ?? {}).some((id) =>
        all.some((e) => e.type === "SpecialCategoryDeclared" && e.t <= t && coversP(e.data.category, byIdAll.get(id)!.data.category)),
      );
      if (special) {
        out.special.allowed++;
        if (all.some((e) => e.type === "SpecialConditionRecorded" && e.subject === subject && e.t <= t && e.data.condition === "A9-2-a")) out.special.explicit++;
      }
      if (!requiresDisclosure(all, purpose, t)) continue;
      if (d.obligations.length > 0) {
        out.obligationCases.disclose++;
        continue;
      }
      // No obligation: was a source that is not the person's own disclosed by a SubjectInformed by T?
      const informed = all.filter((e) => e.type === "SubjectInformed" && e.subject === subject && e.t <= t).flatMap((e) => e.data.sources as string[]);
      const byId = new Map(all.map((e) => [e.id, e]));
      const notOwn = Object.values(d.current ?? {}).some((id) => {
        const f = byId.get(id)!;
        const reg = all
          .filter((e) => (e.type === "SourceRegistered" || e.type === "SourceRetired") && e.data.source === f.data.source && (e === f || before(e, f)))
          .reduce<Ev | undefined>((a, e) => (a === undefined || before(a, e) ? e : a), undefined);
        return reg?.type === "SourceRegistered" && reg.data.kind !== "subject" && reg.data.kind !== "form" && informed.includes(f.data.source);
      });
      if (notOwn) out.obligationCases.disclosed++;
      else out.obligationCases.own++;
    }
  }
  return out;
}

/** The fixed sample the coverage test asserts on: the differential test's generator, seeded. */
export const COVERAGE_SEED = 20261130;
export const COVERAGE_HISTORIES = 1000;
export const coverageSample = () => fc.sample(scenarioArb(), { seed: COVERAGE_SEED, numRuns: COVERAGE_HISTORIES });

/** The figures as a few lines of text. */
export function report(c: Coverage): string {
  const pct = (n: number) => `${((100 * n) / c.decisions).toFixed(1)} %`;
  return [
    `${c.histories} histories, ${c.decisions} decisions`,
    `allowed: ${c.allowed} (${pct(c.allowed)}), with obligations: ${c.withObligations} (${pct(c.withObligations)})`,
    `allowed for a disclosure purpose: DISCLOSE_ORIGIN ${c.obligationCases.disclose}, already disclosed ${c.obligationCases.disclosed}, own sources only ${c.obligationCases.own}`,
    `allowed using a special category: ${c.special.allowed} (with an explicit-consent condition recorded: ${c.special.explicit})`,
    ...Object.entries(c.codes).map(([code, n]) => `  ${code}: ${n}`),
  ].join("\n");
}
