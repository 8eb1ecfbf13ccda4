import { showControls } from "../_internal/text.js";
import type { Decision } from "./types.js";

/**
 * A short human-readable text of a decision, for logs and the demo: the
 * verdict, each field's basis or reasons, the events they rest on, and the
 * obligations.
 *
 * @example
 * ```ts
 * import { canUse, explain, replay } from "lawful-crm";
 * const at = "2024-03-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "g1", type: "AccessPolicyGranted", at, data: { policy: "p1", role: "sales", purposes: ["sales"], categories: ["contact"] } },
 *   { id: "f1", type: "FactRecorded", at, subject: "c-1", data: { fact: "f1", field: "email", value: "c1@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 * ]);
 * // The e-mail is held for a contract, but no contract with c-1 was recorded:
 * const query = { subject: "c-1", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: ["sales"] }, at };
 * console.log(explain(canUse(ledger, query)));
 * //=> DENIED: use of email of "c-1" for "sales" at 2024-03-01T00:00:00Z
 * //=>   - [email] NO_LEGAL_BASIS: No legal basis for "sales" (contract) is established for this person at this time (GDPR Art. 6(1)).
 * ```
 */
export function explain(decision: Decision): string {
  // Values stay on their line and in their place: controls in them are shown as escapes (\u202E), not obeyed.
  const v = showControls;
  const fields = decision.fields.map((f) => v(f.field)).join(", ");
  const lines = [
    `${decision.allowed ? "ALLOWED" : "DENIED"}: use of ${fields || "(no fields)"} of ${v(JSON.stringify(decision.subject))} for ${v(JSON.stringify(decision.purpose))} at ${v(decision.at)}`,
  ];
  for (const f of decision.fields) {
    if (f.allowed && f.basis !== undefined) {
      lines.push(`  + [${v(f.field)}] allowed on the basis of ${v(f.basis.legalBasis)} (events: ${f.basis.eventIds.map(v).join(", ") || "none"})`);
    }
  }
  for (const r of decision.reasons) {
    const ids = r.eventIds.length > 0 ? ` (events: ${r.eventIds.map(v).join(", ")})` : "";
    lines.push(`  - ${r.field !== undefined ? `[${v(r.field)}] ` : ""}${r.code}: ${v(r.message)}${ids}`);
  }
  for (const o of decision.obligations) {
    lines.push(`  ! [${v(o.field)}] ${o.code}: tell the person their data came from ${o.sources.map(v).join(", ")} (GDPR Art. 14(2)(f)).`);
  }
  return lines.join("\n");
}
