/**
 * Whether a consent is a valid basis (GDPR Art. 6(1)(a), 7): for collection,
 * and for a use, at an instant. Each condition it fails is named, so that a
 * decision, a report and a receipt say the same thing.
 */
import { covers } from "../_internal/dotted.js";
import { latest, precedes, within, type ConsentState, type Instant, type SubjectState, type View } from "../ledger/index.js";
import { attribute, declaredBy } from "../purposes/index.js";
import { expiryOf, isExpired } from "./expiry.js";
import { informedBy, isInformed } from "./informed.js";
import { isInactiveMethod } from "./methods.js";
import { consentsNaming, namesNone } from "./naming.js";
import { consentIndex, firstEffective, isValidIn, validIn } from "./timeline.js";
import { isWithdrawn, withdrawalOf } from "./withdrawal.js";

/** What a failed condition rests on, for a sentence in any language. */
export type ConsentFailureWhy =
  | { readonly code: "CONSENT_NOT_ACTIVE"; readonly method: string }
  | { readonly code: "CONSENT_UNINFORMED"; readonly notice: string; readonly version: string; readonly published: boolean }
  | { readonly code: "CONSENT_UNCONFIRMED" }
  | { readonly code: "CONSENT_WITHDRAWN"; readonly at: string }
  | { readonly code: "CONSENT_EXPIRED"; readonly expires?: string; readonly maxAge?: string };

/** A condition a consent fails for a purpose at an instant. */
export type ConsentFailure = {
  readonly code: ConsentFailureWhy["code"];
  /** The grant's id, then at most one other event's (the withdrawal, the notice's publication): never a repeat. */
  readonly eventIds: string[];
  /** In English, for the access report's JSON and the commands' errors. */
  readonly detail: string;
  readonly why: ConsentFailureWhy;
};

/**
 * True when consent `c` covers purpose `u`: one of its purposes covers `u`,
 * and `u` was first declared at or before the consent (a consent reaches only
 * the purposes that existed when it was given).
 */
export function consentCovers(v: View, c: ConsentState, u: string): boolean {
  if (!c.purposes.some((p) => covers(p, u))) return false;
  return declaredBy(v, u, c.grant);
}

/**
 * The conditions consent `c` fails for purpose `u` at instant `i`, empty when
 * it is effective (mode "use") or valid for collection (mode "collection",
 * which skips the double opt-in confirmation). Assumes `c` covers `u`.
 */
export function consentFailures(v: View, s: SubjectState, c: ConsentState, u: string, i: Instant, mode: "use" | "collection"): ConsentFailure[] {
  const out = fixedFailures(v, c, u);
  const g = c.grant;
  if (mode === "use" && attribute(v, u, "doubleOptIn", i) === true && confirmationOf(v, c, i) === undefined) {
    out.push({ code: "CONSENT_UNCONFIRMED", eventIds: [g.e.id], detail: "was never confirmed, and the purpose requires double opt-in", why: { code: "CONSENT_UNCONFIRMED" } });
  }
  const w = withdrawalOf(v, s, c, u, i);
  if (w !== undefined) out.push({ code: "CONSENT_WITHDRAWN", eventIds: [g.e.id, w.e.id], detail: `was withdrawn on ${w.e.at}`, why: { code: "CONSENT_WITHDRAWN", at: w.e.at } });
  const exp = isExpired(v, c, u, i) ? expiryOf(v, c, u, i) : undefined;
  if (exp !== undefined && i.t >= exp.at) out.push({ code: "CONSENT_EXPIRED", eventIds: [g.e.id], detail: exp.detail, why: { code: "CONSENT_EXPIRED", ...exp.why } });
  return out;
}

/**
 * The conditions covering consent `c` fails for `u` whatever the instant
 * (under one catalog): not an active act of will, not informed. The first
 * of {@link consentFailures}, in its order.
 */
export function fixedFailures(v: View, c: ConsentState, u: string): ConsentFailure[] {
  const out: ConsentFailure[] = [];
  const g = c.grant;
  const d = g.e.data;
  if (isInactiveMethod(d.method)) {
    out.push({ code: "CONSENT_NOT_ACTIVE", eventIds: [g.e.id], detail: `was captured as "${d.method}", which is not an active act of will`, why: { code: "CONSENT_NOT_ACTIVE", method: d.method } });
  }
  // The cheap checks first: the sentences are built only for a condition that fails.
  const informed = isInformed(v, c, u) ? undefined : informedBy(v, c, u);
  if (informed !== undefined && informed.ok === false) {
    const why = { code: "CONSENT_UNINFORMED" as const, notice: d.notice, version: d.noticeVersion, published: informed.published };
    out.push({ code: "CONSENT_UNINFORMED", eventIds: [g.e.id, ...informed.eventIds], detail: informed.detail, why });
  }
  return out;
}

/** The latest confirmation (double opt-in) of consent `c` by `i`, if any. */
export function confirmationOf(v: View, c: ConsentState, i: Instant) {
  return latest(c.confirmations, v.size, i);
}

/** Consents of `s` granted by `i` that cover `u`, in (at, position) order. */
export function coveringConsents(v: View, s: SubjectState, u: string, i: Instant): ConsentState[] {
  const out: ConsentState[] = [];
  for (const c of consentsNaming(s, u)) if (within(c.grant, v.size, i) && declaredBy(v, u, c.grant)) out.push(c);
  return out;
}

/** The consents of `s` valid for collection for `p` at `i`. */
export function validForCollection(v: View, s: SubjectState, p: string, i: Instant): ConsentState[] {
  const ix = consentIndex(v, s, p, "collection");
  if (ix !== undefined) return validIn(ix, i);
  return coveringConsents(v, s, p, i).filter((c) => consentFailures(v, s, c, p, i, "collection").length === 0);
}

/**
 * True when covering consent `c` is a valid basis for `u` at `i`: what
 * {@link consentFailures} finds empty, decided without naming the failures
 * (cheapest conditions first).
 */
function isEffective(v: View, s: SubjectState, c: ConsentState, u: string, i: Instant): boolean {
  if (isInactiveMethod(c.grant.e.data.method)) return false;
  if (attribute(v, u, "doubleOptIn", i) === true && confirmationOf(v, c, i) === undefined) return false;
  if (isExpired(v, c, u, i)) return false;
  if (isWithdrawn(v, s, c, u, i)) return false;
  return isInformed(v, c, u);
}

/** The first consent of `s` effective for a use for `u` at `i`, if any. */
export function effectiveConsent(v: View, s: SubjectState, u: string, i: Instant): ConsentState | undefined {
  if (namesNone(s, u)) return undefined;
  const ix = consentIndex(v, s, u, "use");
  if (ix !== undefined) return firstEffective(ix, i);
  for (const c of consentsNaming(s, u)) {
    if (within(c.grant, v.size, i) && declaredBy(v, u, c.grant) && isEffective(v, s, c, u, i)) return c;
  }
  return undefined;
}

/** The first consent (in grant order) of `s` valid for collection for `p` at `i`: the first of {@link validForCollection}. */
export function firstValidForCollection(v: View, s: SubjectState, p: string, i: Instant): ConsentState | undefined {
  if (namesNone(s, p)) return undefined;
  const ix = consentIndex(v, s, p, "collection");
  if (ix !== undefined) return firstEffective(ix, i);
  return validForCollection(v, s, p, i)[0];
}

/** True when some consent of `s` is valid for collection for `p` at `i` ({@link validForCollection} is not empty). */
export function anyValidForCollection(v: View, s: SubjectState, p: string, i: Instant): boolean {
  return firstValidForCollection(v, s, p, i) !== undefined;
}

/**
 * True when consent `c` of `s` covers `p` and is valid for collection for it
 * at `i` (whether or not it was granted by then).
 */
export function isValidForCollection(v: View, s: SubjectState, c: ConsentState, p: string, i: Instant): boolean {
  const ix = precedes(i, c.grant) ? undefined : consentIndex(v, s, p, "collection");
  if (ix !== undefined) return isValidIn(ix, c, i);
  return consentCovers(v, c, p) && consentFailures(v, s, c, p, i, "collection").length === 0;
}
