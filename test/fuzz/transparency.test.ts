/**
 * Fuzzing of the transparency reports and the erasure planner (issue 7:
 * "canUse and every report"): accessReport and its rendering, disclosureDue,
 * portabilityExport, processingRecord and its rendering, consentReceipt,
 * eraseSubject and the erasure work list (erasureDue), on realistic and hostile ledgers with hostile subjects,
 * instants and options. None throws, no prototype is polluted, a malformed
 * `at` gets an INVALID_QUERY value, and a rendered page escapes what it shows.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  accessReport,
  apply,
  consentReceipt,
  decide,
  disclosureDue,
  eraseSubject,
  erasureDue,
  isInvalidQuery,
  portabilityExport,
  processingRecord,
  renderAccessReport,
  renderProcessingRecord,
  replay,
  type Ledger,
} from "../../src/index.js";
import { fuzzLogArb } from "./logs.js";
import { expectNoPollution, nastyString, nastyValue } from "./nasty.js";

const RUNS = Math.max(100, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 8));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

afterEach(() => expectNoPollution());

/** Realistic histories (the differential test's generator) and hostile ones, replayed; the log is kept to replay the planned erasures. */
const logs = new WeakMap<Ledger, unknown[]>();
const ledgerArb: fc.Arbitrary<Ledger> = fuzzLogArb.map((log) => {
  const l = replay(log);
  logs.set(l, log);
  return l;
});

const validAt = fc.constantFrom("2023-01-01T00:00:00Z", "2024-02-29T00:00:00Z", "2024-06-30T00:00:00Z", "2030-01-01T00:00:00.001Z");
const badAt = fc.oneof(fc.constantFrom("2024-02-30T00:00:00Z", "2024-01-01T00:00:00", "2024-06-30T23:59:60Z", "", "yesterday"), nastyValue.filter((v) => typeof v !== "string"));
const subjectArb = fc.oneof(fc.constantFrom("s1", "s2", "anna", "__proto__", "constructor", "prototype"), nastyString);

function noThrow<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

/** Each report on a valid instant: a value, never an INVALID_QUERY; the renderings are strings without a raw `<script`. */
function reportsAt(ledger: Ledger, subject: string, at: string): void {
  const a = noThrow("accessReport", () => accessReport(ledger, subject, { at }));
  if (isInvalidQuery(a)) throw new Error(`accessReport refused a valid instant: ${a.error.message}`);
  expect(a.at).toBe(at);
  for (const format of ["markdown", "html"] as const) {
    const page = noThrow(`renderAccessReport ${format}`, () => renderAccessReport(a, format));
    expect(typeof page).toBe("string");
    if (format === "html") expect(page.toLowerCase()).not.toContain("<script");
  }
  expect(isInvalidQuery(noThrow("disclosureDue", () => disclosureDue(ledger, { at })))).toBe(false);
  expect(isInvalidQuery(noThrow("portabilityExport", () => portabilityExport(ledger, subject, { at })))).toBe(false);
  const record = noThrow("processingRecord", () => processingRecord(ledger, { at }));
  if (isInvalidQuery(record)) throw new Error(`processingRecord refused a valid instant: ${record.error.message}`);
  expect(typeof noThrow("renderProcessingRecord", () => renderProcessingRecord(record))).toBe("string");
  for (const consent of ["k1", "c1", "__proto__", subject]) {
    const r = noThrow("consentReceipt", () => consentReceipt(ledger, subject, consent, { at, controller: "acme" }));
    expect(r === undefined || !isInvalidQuery(r)).toBe(true);
  }
  const plan = noThrow("eraseSubject", () => eraseSubject(ledger, subject, { at }));
  if (isInvalidQuery(plan)) throw new Error(`eraseSubject refused a valid instant: ${plan.error.message}`);
  // What the planner proposes, replay accepts.
  const after = noThrow("replaying the erasure", () => replay([...(logs.get(ledger) ?? []), ...plan.events]));
  expect(after.rejected.length).toBe(ledger.rejected.length);
  // The erasure work list: a value; each of its commands is accepted and replays without a reject.
  const list = noThrow("erasureDue", () => erasureDue(ledger, { at }));
  if (isInvalidQuery(list)) throw new Error(`erasureDue refused a valid instant: ${list.error.message}`);
  let cleaned = ledger;
  let n = 0;
  for (const item of list.due) {
    const command = item.command;
    if (command === undefined) continue;
    const r = noThrow("decide(eraseFact)", () => decide(command, ledger, { now: () => at, newId: () => `fuzz-erase-${++n}` }));
    if (r._tag === "Left") throw new Error(`decide refused the work list's command: ${r.left.map((e) => e.message).join("; ")}`);
    for (const e of r.right) cleaned = apply(cleaned, e);
  }
  expect(cleaned.rejected.length).toBe(ledger.rejected.length);
}

describe("the transparency reports on hostile arguments", () => {
  it("answer every valid instant with a value, never throw, and the erasures they plan replay without a reject", () => {
    fc.assert(
      fc.property(ledgerArb, subjectArb, validAt, (ledger, subject, at) => reportsAt(ledger, subject, at)),
      { numRuns: RUNS },
    );
  });

  it("answer a malformed instant, or options that are not an object, with an INVALID_QUERY value", () => {
    fc.assert(
      fc.property(ledgerArb, subjectArb, fc.oneof(badAt.map((at) => ({ at })), nastyValue.filter((v) => typeof v !== "object" || v === null)), (ledger, subject, options) => {
        const o = options as { at: string };
        expect(isInvalidQuery(noThrow("accessReport", () => accessReport(ledger, subject, o)))).toBe(true);
        expect(isInvalidQuery(noThrow("disclosureDue", () => disclosureDue(ledger, o)))).toBe(true);
        expect(isInvalidQuery(noThrow("portabilityExport", () => portabilityExport(ledger, subject, o)))).toBe(true);
        expect(isInvalidQuery(noThrow("processingRecord", () => processingRecord(ledger, o)))).toBe(true);
        expect(isInvalidQuery(noThrow("consentReceipt", () => consentReceipt(ledger, subject, "k1", { ...(typeof o === "object" && o !== null ? o : {}), controller: "acme" } as never)))).toBe(true);
        expect(isInvalidQuery(noThrow("eraseSubject", () => eraseSubject(ledger, subject, o)))).toBe(true);
        expect(isInvalidQuery(noThrow("erasureDue", () => erasureDue(ledger, o)))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("consentReceipt and eraseSubject never throw on hostile controllers, ids, by and reason", () => {
    fc.assert(
      fc.property(ledgerArb, subjectArb, fc.oneof(fc.constantFrom("k1", "__proto__"), nastyString), nastyValue, nastyValue, validAt, (ledger, subject, consent, controller, text, at) => {
        noThrow("consentReceipt", () => consentReceipt(ledger, subject, consent, { at, controller } as never));
        noThrow("eraseSubject", () => eraseSubject(ledger, subject, { at, by: text, reason: text } as never));
        noThrow("eraseSubject with a hostile newId", () => eraseSubject(ledger, subject, { at, newId: () => text } as never));
      }),
      { numRuns: RUNS },
    );
  });
});
