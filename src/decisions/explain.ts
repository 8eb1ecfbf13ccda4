import { showControls } from "../_internal/text.js";
import { messagesOf, readRenderOptions, type LocaleOptions } from "../locale/index.js";
import type { Decision, DecisionOptions } from "./types.js";

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
 * // In German: the frame of the text by `explain`, the reasons by `canUse`.
 * console.log(explain(canUse(ledger, query, { locale: "de" }), { locale: "de" }).split("\n")[0]);
 * //=> UNZULÄSSIG: Verwendung von email zu „c-1“ für „sales“ am 2024-03-01T00:00:00Z
 * ```
 */
export function explain(decision: Decision, options?: DecisionOptions): string {
  // The options are read once, under guard: options that throw when read are a programmer error (LawfulCrmError).
  const m = messagesOf(readRenderOptions(options, "explain()") as LocaleOptions, "explain()").explain;
  const lines = [m.verdict({ allowed: decision.allowed, fields: decision.fields.map((f) => f.field), subject: decision.subject, purpose: decision.purpose, at: decision.at })];
  for (const f of decision.fields) {
    if (f.allowed && f.basis !== undefined) lines.push(`  + [${f.field}] ${m.allowedOn({ basis: f.basis.legalBasis, eventIds: f.basis.eventIds })}`);
  }
  for (const r of decision.reasons) {
    const ids = r.eventIds.length > 0 ? ` (${m.events(r.eventIds)})` : "";
    lines.push(`  - ${r.field !== undefined ? `[${r.field}] ` : ""}${r.code}: ${r.message}${ids}`);
  }
  for (const o of decision.obligations) lines.push(`  ! [${o.field}] ${o.code}: ${m.discloseOrigin({ sources: o.sources })}`);
  // Values stay on their line and in their place: controls in them (line breaks, U+202E) are shown as escapes, not obeyed.
  // The catalogue's own words carry none, so escaping each whole line escapes exactly the values.
  return lines.map(showControls).join("\n");
}
