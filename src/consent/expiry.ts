/** How long a consent lasts: its own `expires`, or the purpose's maximum consent age. */
import { addDuration, parseTimestamp } from "../_internal/time.js";
import type { ConsentState, Instant, View } from "../ledger/index.js";
import { attribute, durationAttribute } from "../purposes/index.js";

/** When a consent stops lasting, and why: its own `expires`, or the purpose's maximum consent age. */
interface Expiry {
  readonly at: number;
  readonly detail: string;
  readonly why: { readonly expires: string } | { readonly maxAge: string };
}

/** When consent `c` stops lasting for `u`: its `expires` or the purpose's `consentMaxAge` from the grant, whichever is first. */
export function expiryOf(v: View, c: ConsentState, u: string, i: Instant): Expiry | undefined {
  let best: Expiry | undefined;
  const expires = c.grant.e.data.expires;
  if (expires !== undefined) {
    const at = parseTimestamp(expires)!;
    best = { at, detail: `expired on ${expires}`, why: { expires } };
  }
  const maxAge = durationAttribute(v, u, "consentMaxAge", i);
  const end = maxAge === undefined ? undefined : addDuration(c.grant.t, maxAge);
  if (end !== undefined && (best === undefined || end < best.at)) {
    const age = attribute(v, u, "consentMaxAge", i)!;
    best = { at: end, detail: `is older than the purpose's maximum consent age ${age}`, why: { maxAge: age } };
  }
  return best;
}

/** True when consent `c` no longer lasts for `u` at `i` (what {@link expiryOf} says, without its sentence). */
export function isExpired(v: View, c: ConsentState, u: string, i: Instant): boolean {
  const expires = c.grant.e.data.expires;
  if (expires !== undefined && i.t >= parseTimestamp(expires)!) return true;
  const maxAge = durationAttribute(v, u, "consentMaxAge", i);
  return maxAge !== undefined && i.t >= addDuration(c.grant.t, maxAge);
}
