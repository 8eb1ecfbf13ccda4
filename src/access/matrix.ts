import { cmp } from "../_internal/values.js";
import { isDottedId } from "../_internal/dotted.js";
import { parseTimestamp } from "../_internal/time.js";
import { queryInstant, storeOf, viewOf, type Ledger } from "../ledger/index.js";
import { grantsCategory, grantsPurpose, policiesInForce } from "./policies.js";

/**
 * The roles that may use data of `category` for `purpose` at `at`: those with
 * an access policy in force whose purposes cover the purpose and whose
 * categories cover the category (GDPR Art. 5(1)(f), 25, 32). Sorted; empty for
 * a malformed query.
 *
 * @example
 * ```ts
 * import { whoMayUse } from "lawful-crm";
 * whoMayUse(ledger, { purpose: "marketing.email", category: "contact.email", at: "2024-03-01T00:00:00Z" }); // ["marketer"]
 * ```
 */
export function whoMayUse(ledger: Ledger, query: { readonly purpose: string; readonly category: string; readonly at: string }): readonly string[] {
  const t = parseTimestamp(query?.at);
  if (t === undefined || !isDottedId(query.purpose) || !isDottedId(query.category)) return Object.freeze([]);
  const store = storeOf(ledger);
  const roles = new Set<string>();
  for (const p of policiesInForce(viewOf(store, ledger.size), queryInstant(t))) {
    if (grantsPurpose(p, query.purpose) && grantsCategory(p, query.category)) roles.add(p.e.data.role);
  }
  return Object.freeze([...roles].sort());
}

/** One cell of the access matrix: a role may use a category (and its descendants) for a purpose (and its descendants). */
export interface AccessGrant {
  readonly role: string;
  readonly purpose: string;
  readonly category: string;
  /** The policies granting it, and the events that granted them. */
  readonly policies: readonly string[];
  readonly eventIds: readonly string[];
}

/**
 * Roles × purposes × categories as granted by the access policies in force at
 * `at`, for audits. Sorted by role, purpose, category.
 *
 * @example
 * ```ts
 * import { accessMatrix } from "lawful-crm";
 * for (const g of accessMatrix(ledger, { at: "2024-03-01T00:00:00Z" })) console.log(g.role, g.purpose, g.category);
 * ```
 */
export function accessMatrix(ledger: Ledger, options: { readonly at: string }): readonly AccessGrant[] {
  const t = parseTimestamp(options?.at);
  if (t === undefined) return Object.freeze([]);
  const store = storeOf(ledger);
  const cells = new Map<string, { role: string; purpose: string; category: string; policies: string[]; eventIds: string[] }>();
  for (const p of policiesInForce(viewOf(store, ledger.size), queryInstant(t))) {
    const d = p.e.data;
    for (const purpose of d.purposes) {
      for (const category of d.categories) {
        const key = JSON.stringify([d.role, purpose, category]);
        let c = cells.get(key);
        if (c === undefined) cells.set(key, (c = { role: d.role, purpose, category, policies: [], eventIds: [] }));
        if (!c.policies.includes(d.policy)) c.policies.push(d.policy);
        c.eventIds.push(p.e.id);
      }
    }
  }
  const out = [...cells.values()].sort((a, b) => cmp(a.role, b.role) || cmp(a.purpose, b.purpose) || cmp(a.category, b.category));
  return Object.freeze(out.map((c) => Object.freeze({ ...c, policies: Object.freeze(c.policies.sort()), eventIds: Object.freeze(c.eventIds) })));
}
