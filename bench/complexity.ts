/**
 * The complexity cases of the hardening issue (#10): inputs that made the
 * library quadratic. Each case runs at a base size and at 2×, 4×, 8× that
 * size and prints the time and the growth factor for each doubling: a linear
 * (or n log n) cost doubles, a quadratic one quadruples. The bound we keep is
 * ≤ 2.5× per doubling. Nothing here asserts a timing (run by `npm run bench`,
 * or alone with BENCH_ONLY=complexity; BENCH_COMPLEXITY_SCALE scales the sizes).
 */
import { apply, canUse, replay, subjectsUsableFor, type Ledger } from "../src/index.js";

const AT0 = Date.UTC(2024, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");
const catalogSetup = (): unknown[] => [
  { id: "c-p", type: "PurposeDeclared", at: iso(AT0), data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
  { id: "c-s", type: "SourceRegistered", at: iso(AT0), data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
  { id: "c-a", type: "AccessPolicyGranted", at: iso(AT0), data: { policy: "p", role: "sales", purposes: ["sales"], categories: ["contact"] } },
];
const fact = (id: string, subject: string, t: number, fact: string): unknown => ({
  id,
  type: "FactRecorded",
  at: iso(t),
  subject,
  data: { fact, field: "email", value: `${subject}@example.org`, category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" },
});
const contract = (id: string, subject: string, t: number): unknown => ({
  id,
  type: "LegalBasisRecorded",
  at: iso(t),
  subject,
  data: { basis: "contract", purposes: ["sales"], reference: `ctr-${subject}` },
});
/** An item that does not decode: rejected, marking the catalog (no subject) or `subject`. */
const bad = (id: string, t: number, subject?: string): unknown =>
  subject === undefined ? { id, type: "PurposeDeclared", at: iso(t), data: { purpose: "" } } : { id, type: "FactRecorded", at: iso(t), subject, data: {} };
const query = (subject: string) => ({ subject, purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: "2025-01-01T00:00:00Z" });

interface Case {
  readonly name: string;
  readonly unit: string;
  readonly base: number;
  /** Builds the input for size n outside the timed section, and returns the timed work. */
  readonly prepare: (n: number) => () => unknown;
}

const CASES: Case[] = [
  {
    name: "apply one event at a time to a log with r rejected items",
    unit: "r",
    // Sizes from 8,000 up: at 1,000-4,000 one run takes 20-110 ms and the best of three jitters
    // by half (70-110 ms at 4,000), so a doubling read 2.48-2.98x with a flat cost per item
    // (17.7, 18.1, 13.8, 11.5, 10.4, 11.2, 10.3 us from 1,000 to 64,000: docs/performance.md).
    base: 8_000,
    prepare: (r) => {
      const items: unknown[] = [...catalogSetup()];
      for (let k = 0; k < r; k++) items.push(bad(`x${k}`, AT0 + k * 1000, `s${k % 50}`));
      for (let k = 0; k < r; k++) items.push(fact(`f${k}`, `s${k % 50}`, AT0 + k * 1000, `f${k}`));
      return () => {
        let l: Ledger = replay([]);
        for (const it of items) l = apply(l, it);
        return l.size;
      };
    },
  },
  {
    name: "canUse on a ledger with r unvoided catalog rejects (20,000 decisions)",
    unit: "r",
    base: 10_000,
    prepare: (r) => {
      const items: unknown[] = [...catalogSetup(), fact("f", "anna", AT0, "f1"), contract("b", "anna", AT0)];
      for (let k = 0; k < r; k++) items.push(bad(`x${k}`, AT0 + k * 1000));
      const l = replay(items);
      return () => {
        let denied = 0;
        for (let k = 0; k < 20_000; k++) if (!canUse(l, query("anna")).allowed) denied++;
        return denied;
      };
    },
  },
  {
    name: "subjectsUsableFor over n subjects with 2n rejects (half of the catalog, half of subjects)",
    unit: "n",
    // Sizes from 32,000 subjects up: between 8,000 and 16,000 the subjects' records outgrow the
    // core's 2 MiB L2 cache, and that one doubling cost 2.5-5.9x whatever the algorithm (per subject
    // 1.4 us at 2,000, 2.2 at 8,000, 3.4 at 16,000, then 2.7-3.1 up to 256,000: docs/performance.md).
    base: 32_000,
    prepare: (n) => {
      const items: unknown[] = [...catalogSetup()];
      for (let k = 0; k < n; k++) items.push(fact(`f${k}`, `s${k}`, AT0 + 1000, "f1"), contract(`b${k}`, `s${k}`, AT0 + 1000));
      for (let k = 0; k < n; k++) items.push(bad(`x${k}`, AT0 + 2000, `s${k}`), bad(`y${k}`, Date.UTC(2030, 0, 1) + k));
      const l = replay(items);
      return () => {
        const audience = subjectsUsableFor(l, { purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: "2025-01-01T00:00:00Z" });
        return "error" in audience ? -1 : audience.length;
      };
    },
  },
  {
    name: "replay of one subject's n events arriving in reverse time order",
    unit: "n",
    base: 25_000,
    prepare: (n) => {
      const items: unknown[] = [...catalogSetup()];
      for (let k = n - 1; k >= 0; k--) {
        const t = AT0 + 86_400_000 + k * 1000;
        items.push(k % 2 === 0 ? fact(`f${k}`, "anna", t, `f${k}`) : contract(`b${k}`, "anna", t));
      }
      return () => {
        const l = replay(items);
        // Read the subject once, so that anything deferred to the first read is paid here.
        return canUse(l, query("anna")).allowed;
      };
    },
  },
];

/**
 * The process's CPU time (user + system, ms) spent in `f`: on a shared
 * machine wall time grows with the other work, CPU time much less, and what
 * the cases compare is growth.
 */
const time = (f: () => unknown): number => {
  // Collect first (the bench runs with --expose-gc), so that a case does not pay for the garbage its preparation left.
  (globalThis as { gc?: () => void }).gc?.();
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** Runs every case at 4 doublings; returns the table rows. */
export function runComplexity(log: (s: string) => void, scale = 1): { name: string; sizes: number[]; ms: number[]; factors: number[] }[] {
  const out: { name: string; sizes: number[]; ms: number[]; factors: number[] }[] = [];
  for (const c of CASES) {
    const sizes = [1, 2, 4, 8].map((m) => Math.max(1, Math.round(c.base * scale * m)));
    const ms: number[] = [];
    for (const n of sizes) {
      const work = c.prepare(n);
      // The best of 3: the machine may be shared, and what we compare is growth.
      ms.push(Math.min(time(work), time(work), time(work)));
    }
    const factors = ms.slice(1).map((m, k) => m / ms[k]!);
    out.push({ name: c.name, sizes, ms, factors });
    log(
      `  ${c.name}: ${sizes.map((n, k) => `${c.unit}=${n.toLocaleString("en-US")} ${ms[k]!.toFixed(1)} ms CPU`).join(", ")}; per doubling ${factors.map((f) => f.toFixed(2) + "×").join(", ")} (bound ≤ 2.5×: ${factors.every((f) => f <= 2.5) ? "met" : "NOT met"})`,
    );
  }
  return out;
}
