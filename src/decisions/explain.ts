import type { Decision } from "./types.js";

/**
 * A short human-readable text of a decision, for logs and the demo: the
 * verdict, each field's basis or reasons, the events they rest on, and the
 * obligations.
 *
 * @example
 * ```ts
 * import { canUse, explain } from "lawful-crm";
 * console.log(explain(canUse(ledger, query)));
 * // DENIED: use of email of "c-1" for "marketing.email" at 2024-03-03T12:00:00Z
 * //   - [email] CONSENT_WITHDRAWN: Consent "k1" was withdrawn on ... (events: a2, a9)
 * ```
 */
export function explain(decision: Decision): string {
  const fields = decision.fields.map((f) => f.field).join(", ");
  const lines = [
    `${decision.allowed ? "ALLOWED" : "DENIED"}: use of ${fields || "(no fields)"} of ${JSON.stringify(decision.subject)} for ${JSON.stringify(decision.purpose)} at ${decision.at}`,
  ];
  for (const f of decision.fields) {
    if (f.allowed && f.basis !== undefined) {
      lines.push(`  + [${f.field}] allowed on the basis of ${f.basis.legalBasis} (events: ${f.basis.eventIds.join(", ") || "none"})`);
    }
  }
  for (const r of decision.reasons) {
    const ids = r.eventIds.length > 0 ? ` (events: ${r.eventIds.join(", ")})` : "";
    lines.push(`  - ${r.field !== undefined ? `[${r.field}] ` : ""}${r.code}: ${r.message}${ids}`);
  }
  for (const o of decision.obligations) {
    lines.push(`  ! [${o.field}] ${o.code}: tell the person their data came from ${o.sources.join(", ")} (GDPR Art. 14(2)(f)).`);
  }
  return lines.join("\n");
}
