/**
 * Who may use which data for what (GDPR Art. 5(1)(f), 25, 32): access
 * policies grant roles categories of data for purposes, both down their
 * hierarchies, until revoked.
 */
import { covers } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { latest, type Entry, type Instant, type View } from "../ledger/index.js";

type Grant = Entry<EventOf<"AccessPolicyGranted">>;

/** The policies in force at `i`, as their latest grants. */
export function policiesInForce(v: View, i: Instant): Grant[] {
  const out: Grant[] = [];
  for (const list of v.cat.policies.values()) {
    const e = latest(list, v.size, i);
    if (e !== undefined && e.e.type === "AccessPolicyGranted") out.push(e as Grant);
  }
  return out;
}

/** True when policy `p` grants `purpose` (or an ancestor of it). */
export function grantsPurpose(p: Grant, purpose: string): boolean {
  return p.e.data.purposes.some((x) => covers(x, purpose));
}

/** True when policy `p` grants `category` (or an ancestor of it). */
export function grantsCategory(p: Grant, category: string): boolean {
  return p.e.data.categories.some((c) => covers(c, category));
}

/** The policies in force at `i` that grant one of `roles` the purpose `u`. */
export function policiesFor(v: View, roles: readonly string[], u: string, i: Instant): Grant[] {
  return policiesInForce(v, i).filter((p) => roles.includes(p.e.data.role) && grantsPurpose(p, u));
}
