/**
 * When each consent of a subject is effective for a purpose, as an index:
 * what {@link effectiveConsent} and {@link validForCollection} would find by
 * checking every consent naming the purpose (method, notice, double opt-in,
 * expiry, maximum age, withdrawal), compiled once into half-open spans of
 * instants per consent, and the first effective consent over time, so that
 * a query reads it by binary search instead of scanning the subject's
 * consents. The same rules decide (src/consent/): the index only records
 * where their answer changes.
 *
 * Kept per subject until its next event, and per catalog version (a purpose
 * redeclared with another `doubleOptIn` or `consentMaxAge` changes the
 * spans). Built only for a subject with a few consents or more (see
 * INDEXING) and a snapshot that sees the whole subject and the whole
 * catalog; otherwise the consents are checked one by one, as before.
 */
import { addDuration, parseTimestamp } from "../_internal/time.js";
import {
  addSpan,
  clockAt,
  earlier,
  END,
  firstOwners,
  inSpans,
  later,
  ownerAt,
  type ConsentState,
  type Instant,
  type Owners,
  type Span,
  type SubjectState,
  type View,
} from "../ledger/index.js";
import { consentTermsOf, declaredBy, type ConsentTerms } from "../purposes/index.js";
import { isInformed } from "./informed.js";
import { isInactiveMethod } from "./methods.js";
import { consentMemo } from "./memo.js";
import { consentsNaming } from "./naming.js";
import { firstWithdrawal } from "./withdrawal.js";

/** "use" checks the double opt-in confirmation; "collection" does not (a consent is valid for collection before it is confirmed). */
export type ConsentMode = "use" | "collection";

/** A consent naming the purpose that is effective at some instant, and the spans in which it is. */
interface Candidate {
  readonly owner: ConsentState;
  readonly spans: readonly Span[];
}

/** When each consent of one subject is effective for one purpose, in one mode. */
export interface ConsentIndex {
  /** The consents effective at some instant, in grant order. */
  readonly candidates: readonly Candidate[];
  readonly byConsent: ReadonlyMap<ConsentState, Candidate>;
  /** The first effective consent (in grant order) over time. */
  readonly first: Owners<ConsentState>;
}

/**
 * The spans in which consent `c` (covering the purpose, declared by its
 * grant, of an active method and informed) is effective, given the purpose's
 * `terms` over time: from the grant (and, under double opt-in, its first
 * confirmation) until its `expires`, its maximum age or its first withdrawal.
 */
function spansOf(c: ConsentState, terms: readonly ConsentTerms[], mode: ConsentMode, withdrawn: Instant | undefined): Span[] {
  const g = c.grant;
  const expires = parseTimestamp(g.e.data.expires);
  const confirmed = c.confirmations[0];
  const out: Span[] = [];
  for (let k = 0; k < terms.length; k++) {
    const term = terms[k]!;
    let lo = later(term, g);
    if (mode === "use" && term.doubleOptIn) {
      if (confirmed === undefined) continue;
      lo = later(lo, confirmed);
    }
    let hi = terms[k + 1] ?? END;
    if (expires !== undefined) hi = earlier(hi, clockAt(expires));
    if (term.consentMaxAge !== undefined) hi = earlier(hi, clockAt(addDuration(g.t, term.consentMaxAge)));
    if (withdrawn !== undefined) hi = earlier(hi, withdrawn);
    addSpan(out, lo, hi);
  }
  return out;
}

function build(v: View, s: SubjectState, u: string, mode: ConsentMode): ConsentIndex {
  const terms = consentTermsOf(v, u);
  const candidates: Candidate[] = [];
  const byConsent = new Map<ConsentState, Candidate>();
  for (const c of consentsNaming(s, u)) {
    // What does not change with the instant: the purpose existed at the grant, an active act of will, an informed one.
    if (!declaredBy(v, u, c.grant) || isInactiveMethod(c.grant.e.data.method) || !isInformed(v, c, u)) continue;
    const spans = spansOf(c, terms, mode, firstWithdrawal(s, c, u));
    if (spans.length === 0) continue;
    const x = { owner: c, spans };
    candidates.push(x);
    byConsent.set(c, x);
  }
  return { candidates, byConsent, first: firstOwners(candidates) };
}

/**
 * The index of when the consents of `s` are effective for `u` in `mode`, or
 * undefined when the snapshot does not see the whole subject and catalog
 * (the caller then checks the consents one by one).
 */
export function consentIndex(v: View, s: SubjectState, u: string, mode: ConsentMode): ConsentIndex | undefined {
  const memo = consentMemo(v, s);
  if (memo === undefined) return undefined;
  const byPurpose = memo[mode];
  let ix = byPurpose.get(u);
  if (ix === undefined) byPurpose.set(u, (ix = build(v, s, u, mode)));
  return ix;
}

/** The first consent (in grant order) effective at `i`, by binary search. */
export function firstEffective(ix: ConsentIndex, i: Instant): ConsentState | undefined {
  return ownerAt(ix.first, i);
}

/** Every consent effective at `i`, in grant order. */
export function validIn(ix: ConsentIndex, i: Instant): ConsentState[] {
  const out: ConsentState[] = [];
  for (const x of ix.candidates) if (inSpans(x.spans, i)) out.push(x.owner);
  return out;
}

/** True when consent `c` is effective at `i` (not before its grant: the caller asks only then). */
export function isValidIn(ix: ConsentIndex, c: ConsentState, i: Instant): boolean {
  const x = ix.byConsent.get(c);
  return x !== undefined && inSpans(x.spans, i);
}
