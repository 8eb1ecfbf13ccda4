/**
 * Who may use which data for what (GDPR Art. 5(1)(f), 25, 32): access
 * policies grant roles categories of data for purposes, both down their
 * hierarchies, until revoked.
 */
import { covers } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { byTimePos, catalogSlot, countUpTo, INDEXING, latest, type Entry, type Instant, type View } from "../ledger/index.js";

type Grant = Entry<EventOf<"AccessPolicyGranted">>;

/** The policies in force at `i`, as their latest grants, by reading every policy's list. */
function scanInForce(v: View, i: Instant): Grant[] {
  const out: Grant[] = [];
  for (const list of v.cat.policies.values()) {
    const e = latest(list, v.size, i);
    if (e !== undefined && e.e.type === "AccessPolicyGranted") out.push(e as Grant);
  }
  return out;
}

/** From one policy event to the next: the policies in force. */
interface InForce extends Instant {
  readonly grants: readonly Grant[];
}

/** Above this many policy events the timeline is not built (it holds a list per event): every query scans. */
const TIMELINE_MAX = 256;
const IN_FORCE = Symbol("access policies in force");

/** The policies in force after each policy event the view sees, in (at, position) order; undefined when there are too many. */
function inForceTimeline(v: View): readonly InForce[] | undefined {
  return catalogSlot(v, IN_FORCE, (): readonly InForce[] | undefined => {
    const events: Instant[] = [];
    for (const list of v.cat.policies.values()) for (const e of list) if (e.pos < v.size) events.push(e);
    if (events.length > TIMELINE_MAX) return undefined;
    events.sort(byTimePos);
    return events.map((e) => ({ t: e.t, pos: e.pos, grants: scanInForce(v, e) }));
  });
}

/**
 * The policies in force at `i`, as their latest grants (a list the caller
 * must not change: it is shared until the catalog changes).
 */
export function policiesInForce(v: View, i: Instant): readonly Grant[] {
  // INDEXING.from at Infinity: every index off (the tests compare the two readings).
  const timeline = INDEXING.from === Infinity ? undefined : inForceTimeline(v);
  if (timeline === undefined) return scanInForce(v, i);
  const n = countUpTo(timeline, i);
  return n === 0 ? [] : timeline[n - 1]!.grants;
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
  const out: Grant[] = [];
  for (const p of policiesInForce(v, i)) if (roles.includes(p.e.data.role) && grantsPurpose(p, u)) out.push(p);
  return out;
}
