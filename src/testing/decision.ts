/** Asserting a decision, and the notes a failure message carries. */
import { canUse, type CommandError, type Decision, type Ledger } from "../index.js";
import { pretty } from "./json.js";
import { ScenarioFailure, type DecisionQuery, type ExpectedDecision } from "./types.js";

/** One line per refusal: its code, then its message, which names the field itself (the path is printed once). */
export function refusalLines(errors: readonly CommandError[]): string {
  return errors.map((e) => `  - ${e.code}: ${e.message}`).join("\n");
}

export function rejectNote(ledger: Ledger): string {
  if (ledger.rejected.length === 0) return "";
  const lines = ledger.rejected.map((r) => `  - position ${r.position}${r.id === undefined ? "" : ` (id ${JSON.stringify(r.id)})`}: ${r.code}: ${r.reason}`);
  return `\nNote: replay rejected ${ledger.rejected.length} of the given events, which makes what they mark incomplete:\n${lines.join("\n")}`;
}

function summarize(d: Decision): unknown {
  return {
    allowed: d.allowed,
    at: d.at,
    reasons: d.reasons.map((r) => (r.field === undefined ? { code: r.code, message: r.message } : { code: r.code, field: r.field, message: r.message })),
    fields: d.fields.map((f) => (f.basis === undefined ? { field: f.field, allowed: f.allowed } : { field: f.field, allowed: f.allowed, basis: f.basis.legalBasis })),
  };
}

export function checkDecision(ledger: Ledger, query: DecisionQuery, expected: ExpectedDecision, at: string, context: string): void {
  if (typeof expected !== "object" || expected === null || typeof expected.allowed !== "boolean") {
    throw new TypeError("lawful-crm/testing: thenDecision expects { allowed: boolean, reasons?: ReasonCode[], basis?: LegalBasis }.");
  }
  const q = { subject: query.subject, purpose: query.purpose, fields: [...query.fields], actor: query.actor, at: query.at ?? at };
  const d = canUse(ledger, q);
  const problems: string[] = [];
  if (d.allowed !== expected.allowed) problems.push(`expected the use to be ${expected.allowed ? "allowed" : "denied"}, but it is ${d.allowed ? "allowed" : "denied"}`);
  if (expected.reasons !== undefined) {
    const want = [...new Set(expected.reasons)].sort();
    const got = [...new Set(d.reasons.map((r) => r.code))].sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) problems.push(`expected the reasons ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
  if (expected.basis !== undefined) {
    const bases = d.fields.map((f) => f.basis?.legalBasis ?? null);
    if (!d.allowed || bases.some((b) => b !== expected.basis)) problems.push(`expected every field to rest on ${JSON.stringify(expected.basis)}, got ${JSON.stringify(bases)}`);
  }
  if (problems.length === 0) return;
  const actual = summarize(d);
  throw new ScenarioFailure(
    `lawful-crm/testing: the decision differs from the expected one: ${problems.join("; ")}.\n` +
      `Query:\n${pretty(q)}\nExpected:\n${pretty(expected)}\nActual decision:\n${pretty(actual)}${context}${rejectNote(ledger)}`,
    expected,
    actual,
  );
}
