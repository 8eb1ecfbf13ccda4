/**
 * What a user can see of a ledger through the public API, gathered into one
 * value: the lists of the ledger, every decision and report for the given
 * queries, subjects and instants, and what `decide` would do next. Two
 * ledgers that answer alike give deep-equal observations.
 */
import {
  accessMatrix,
  accessReport,
  assessSource,
  canUse,
  consentReceipt,
  decideUnknown,
  departureImpact,
  disclosureDue,
  eraseSubject,
  isSnapshotError,
  portabilityExport,
  processingRecord,
  profile,
  restore,
  subjectsUsableFor,
  usableFields,
  usesOf,
  whoMayUse,
  type Ledger,
  type UseQuery,
} from "../../src/index.js";
import { ACCOUNTS, EMPLOYEES, PURPOSES, SOURCES, SUBJECTS } from "../model/arbitraries.js";

/** The lists every ledger exposes. */
export function lists(l: Ledger) {
  return { size: l.size, accepted: l.accepted, rejected: l.rejected, incomplete: l.incomplete, duplicates: l.duplicates };
}

const NOW = "2030-01-01T00:00:00Z";
/** Commands that exercise every referential check `decide` makes against the store. */
const COMMANDS: Record<string, unknown>[] = [
  { type: "recordFact", subject: "s1", data: { fact: "f1", field: "email", value: "x@y.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" } },
  { type: "correctFact", subject: "s1", data: { fact: "f1", value: "z@y.org", source: "crm" } },
  { type: "eraseFact", subject: "s2", data: { field: "email", reason: "asked" } },
  { type: "confirmConsent", subject: "s1", data: { consent: "c-path", evidence: "click" } },
  { type: "endLegalBasis", subject: "s2", data: { reference: "r1" } },
  { type: "voidEvent", data: { position: 3, reason: "repair" } },
  { type: "voidEvent", data: { event: "v0", reason: "repair" } },
  { type: "declarePurpose", id: "c1", data: { purpose: "sales", description: "d", legalBases: ["contract"] } },
];

function tryIt<T>(f: () => T): T | { threw: string } {
  try {
    return f();
  } catch (e) {
    return { threw: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/**
 * Every public answer about `ledger` for the queries and at the instants
 * given (the instants of valid queries plus a few fixed ones), for the
 * model's subjects and those of the log.
 */
export function observe(ledger: Ledger, queries: readonly unknown[], extraSubjects: readonly string[] = []) {
  const instants = [
    ...new Set([
      "2024-01-01T00:00:00Z",
      "2024-06-30T00:00:00Z",
      NOW,
      ...queries.map((q) => (q as { at?: unknown })?.at).filter((a): a is string => typeof a === "string" && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(a)),
    ]),
  ].slice(0, 6);
  const subjects = [...new Set([...SUBJECTS, "s9", ...extraSubjects])];
  const out: Record<string, unknown> = { lists: lists(ledger) };
  const decisions = queries.map((q) => tryIt(() => canUse(ledger, q as UseQuery)));
  out["canUse"] = decisions;
  // Each decision's validUntil (the engine's lazily computed validity), and the answer at that instant.
  out["atValidUntil"] = decisions.map((d, k) => {
    const until = typeof d === "object" && d !== null && "validUntil" in d ? d.validUntil : undefined;
    return until === undefined ? null : tryIt(() => canUse(ledger, { ...(queries[k] as UseQuery), at: until }));
  });
  out["usableFields"] = queries.map((q) => tryIt(() => usableFields(ledger, q as UseQuery)));
  out["audiences"] = queries.map((q) => {
    if (typeof q !== "object" || q === null) return null;
    const { subject: _s, ...audience } = q as UseQuery;
    return tryIt(() => subjectsUsableFor(ledger, audience));
  });
  out["profiles"] = subjects.map((s) => [tryIt(() => profile(ledger, s)), ...instants.map((at) => tryIt(() => profile(ledger, s, { at })))]);
  out["reports"] = subjects.map((s) =>
    instants.slice(0, 3).map((at) => ({
      access: tryIt(() => accessReport(ledger, s, { at })),
      portability: tryIt(() => portabilityExport(ledger, s, { at })),
      erase: tryIt(() => eraseSubject(ledger, s, { at, by: "dpo" })),
      receipts: ["c-path", "k1", "c1"].map((c) => tryIt(() => consentReceipt(ledger, s, c, { at, controller: "acme" }))),
      uses: tryIt(() => usesOf(ledger, s)),
    })),
  );
  out["catalog"] = instants.map((at) => ({
    disclosure: tryIt(() => disclosureDue(ledger, { at })),
    processing: tryIt(() => processingRecord(ledger, { at })),
    matrix: tryIt(() => accessMatrix(ledger, { at })),
    who: PURPOSES.slice(0, 3).map((purpose) => tryIt(() => whoMayUse(ledger, { purpose, category: "contact.email", at }))),
    departures: EMPLOYEES.map((e) => tryIt(() => departureImpact(ledger, e, { at }))),
    sources: SOURCES.map((s) => tryIt(() => assessSource(ledger, s, { at }))),
  }));
  out["accounts"] = ACCOUNTS;
  let n = 0;
  out["decide"] = COMMANDS.map((c) => tryIt(() => decideUnknown(c, ledger, { now: () => NOW, newId: () => `new-${++n}` })));
  return out;
}

/** `restore` of bytes a test just made: a refusal fails the test with its message. */
export function restored(bytes: Uint8Array): Ledger {
  const r = restore(bytes);
  if (isSnapshotError(r)) throw new Error(`restore refused a fresh snapshot: ${r.error.message}`);
  return r;
}

/** The distinct string subjects named by the items of a log, in order of first appearance. */
export const subjectsOf = (log: readonly unknown[]): string[] =>
  [...new Set(log.map((e) => (typeof e === "object" && e !== null ? (e as { subject?: unknown }).subject : undefined)))].filter((s): s is string => typeof s === "string");

/** Byte-for-byte equality of two snapshots. */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, k) => x === b[k]);
