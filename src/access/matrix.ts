import { isDottedId } from "../_internal/dotted.js";
import { badDottedId, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { readProps } from "../_internal/read.js";
import { cmp } from "../_internal/values.js";
import { readAt, type Ledger } from "../ledger/index.js";
import { grantsCategory, grantsPurpose, policiesInForce } from "./policies.js";

/**
 * The roles that may use data of `category` for `purpose` at `at`: those with
 * an access policy in force whose purposes cover the purpose and whose
 * categories cover the category (GDPR Art. 5(1)(f), 25, 32). Sorted. A
 * malformed query (a purpose or category that is not a dotted id, an `at`
 * that is not a timestamp) is answered with an `INVALID_QUERY` value
 * (`isInvalidQuery`), never with an empty list that reads as "nobody".
 *
 * @example
 * ```ts
 * import { replay, whoMayUse } from "lawful-crm";
 * const ledger = replay([
 *   { id: "g1", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "p1", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
 *   { id: "g2", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "p2", role: "sales", purposes: ["sales"], categories: ["contact"] } },
 * ]);
 * console.log(whoMayUse(ledger, { purpose: "marketing.email", category: "contact.email", at: "2024-03-01T00:00:00Z" })); //=> [ 'marketer' ]
 * ```
 */
export function whoMayUse(ledger: Ledger, query: { readonly purpose: string; readonly category: string; readonly at: string }): readonly string[] | InvalidQuery {
  if (typeof query !== "object" || query === null) return invalidQuery("whoMayUse(): the query must be an object { purpose, category, at }.");
  // The caller's query, read once under guard (a getter or Proxy trap may throw).
  const read = readProps(query, { purpose: true, category: true, at: true }, "whoMayUse(): query");
  if (!read.ok) return invalidQuery(`${read.message}.`);
  const { purpose, category } = read.value;
  if (!isDottedId(purpose)) return invalidQuery(badDottedId("whoMayUse", "query.purpose", "purpose", purpose));
  if (!isDottedId(category)) return invalidQuery(badDottedId("whoMayUse", "query.category", "category", category));
  const c = readAt(ledger, read.value, "whoMayUse", {}, "query");
  if ("error" in c) return c;
  const roles = new Set<string>();
  for (const p of policiesInForce(c.v, c.i)) {
    if (grantsPurpose(p, purpose) && grantsCategory(p, category)) roles.add(p.e.data.role);
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
 * `at`, for audits. Sorted by role, purpose, category. A malformed `at` is
 * answered with an `INVALID_QUERY` value (`isInvalidQuery`).
 *
 * @example
 * ```ts
 * import { accessMatrix, isInvalidQuery, replay } from "lawful-crm";
 * const ledger = replay([
 *   { id: "g1", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "p1", role: "marketer", purposes: ["marketing"], categories: ["contact.email"] } },
 *   { id: "g2", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "p2", role: "sales", purposes: ["sales"], categories: ["contact", "professional"] } },
 * ]);
 * const matrix = accessMatrix(ledger, { at: "2024-03-01T00:00:00Z" });
 * if (!isInvalidQuery(matrix)) for (const g of matrix) console.log(g.role, "may use", g.category, "for", g.purpose);
 * //=> marketer may use contact.email for marketing
 * //=> sales may use contact for sales
 * //=> sales may use professional for sales
 * ```
 */
export function accessMatrix(ledger: Ledger, options: { readonly at: string }): readonly AccessGrant[] | InvalidQuery {
  const c = readAt(ledger, options, "accessMatrix");
  if ("error" in c) return c;
  const cells = new Map<string, { role: string; purpose: string; category: string; policies: string[]; eventIds: string[] }>();
  for (const p of policiesInForce(c.v, c.i)) {
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
