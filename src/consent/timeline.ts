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
 * spans). Built only for a snapshot that sees the whole subject and the whole
 * catalog; an older snapshot checks the consents one by one, as before.
 */
import { addDuration, parseTimestamp } from "../_internal/time.js";
import { byTimePos, countUpTo, precedes, subjectSlot, type ConsentState, type Instant, type SubjectState, type View } from "../ledger/index.js";
import { consentTermsOf, declaredBy, type ConsentTerms } from "../purposes/index.js";
import { isInformed } from "./informed.js";
import { isInactiveMethod } from "./methods.js";
import { consentsNaming } from "./naming.js";
import { firstWithdrawal } from "./withdrawal.js";

/** "use" checks the double opt-in confirmation; "collection" does not (a consent is valid for collection before it is confirmed). */
export type ConsentMode = "use" | "collection";

/** A half-open span [lo, hi) of instants in (at, position) order. */
interface Span {
  readonly lo: Instant;
  readonly hi: Instant;
}

/** A consent naming the purpose that is effective at some instant, and the spans in which it is. */
interface Candidate {
  readonly c: ConsentState;
  readonly spans: readonly Span[];
}

/** When each consent of one subject is effective for one purpose, in one mode. */
interface ConsentIndex {
  /** The consents effective at some instant, in grant order. */
  readonly candidates: readonly Candidate[];
  readonly byConsent: ReadonlyMap<ConsentState, Candidate>;
  /** Where the first effective consent changes, sorted: `owners[k]` holds from `starts[k]` up to `starts[k + 1]`. */
  readonly starts: readonly Instant[];
  readonly owners: readonly (ConsentState | undefined)[];
}

/** The end of time, after every instant. */
const END: Instant = Object.freeze({ t: Infinity, pos: Infinity });

/** The instant from which only the `at` counts: `t` before any event at `t` (for ends that the clock reaches). */
const clock = (t: number): Instant => ({ t, pos: -Infinity });

const later = (a: Instant, b: Instant): Instant => (precedes(a, b) ? b : a);
const earlier = (a: Instant, b: Instant): Instant => (precedes(a, b) ? a : b);
const sameInstant = (a: Instant, b: Instant): boolean => a.t === b.t && a.pos === b.pos;

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
    if (expires !== undefined) hi = earlier(hi, clock(expires));
    if (term.consentMaxAge !== undefined) hi = earlier(hi, clock(addDuration(g.t, term.consentMaxAge)));
    if (withdrawn !== undefined) hi = earlier(hi, withdrawn);
    if (!precedes(lo, hi)) continue;
    const last = out[out.length - 1];
    if (last !== undefined && sameInstant(last.hi, lo)) out[out.length - 1] = { lo: last.lo, hi };
    else out.push({ lo, hi });
  }
  return out;
}

/** The index of the sorted, distinct `points` equal to `x`. */
function indexOf(points: readonly Instant[], x: Instant): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byTimePos(points[mid]!, x) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The first effective candidate over time: every span boundary is a change
 * point, and each piece between two goes to the first candidate (in grant
 * order) whose spans cover it. Pieces are painted once each (a "next
 * unpainted piece" pointer skips painted ones), then equal neighbours merged.
 */
function firstOwners(candidates: readonly Candidate[]): { starts: Instant[]; owners: (ConsentState | undefined)[] } {
  const points: Instant[] = [];
  for (const x of candidates) for (const sp of x.spans) points.push(sp.lo, sp.hi);
  points.sort(byTimePos);
  const distinct: Instant[] = [];
  for (const p of points) if (distinct.length === 0 || !sameInstant(distinct[distinct.length - 1]!, p)) distinct.push(p);
  const owner: (ConsentState | undefined)[] = new Array<ConsentState | undefined>(distinct.length).fill(undefined);
  const next = Int32Array.from({ length: distinct.length + 1 }, (_, k) => k);
  const find = (k: number): number => {
    let r = k;
    while (next[r] !== r) r = next[r]!;
    while (next[k] !== r) {
      const n = next[k]!;
      next[k] = r;
      k = n;
    }
    return r;
  };
  for (const x of candidates) {
    for (const sp of x.spans) {
      const end = indexOf(distinct, sp.hi);
      for (let k = find(indexOf(distinct, sp.lo)); k < end; k = find(k)) {
        owner[k] = x.c;
        next[k] = k + 1;
      }
    }
  }
  const starts: Instant[] = [];
  const owners: (ConsentState | undefined)[] = [];
  for (let k = 0; k < distinct.length; k++) {
    if (owners.length > 0 && owners[owners.length - 1] === owner[k]) continue;
    starts.push(distinct[k]!);
    owners.push(owner[k]);
  }
  return { starts, owners };
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
    const x = { c, spans };
    candidates.push(x);
    byConsent.set(c, x);
  }
  return { candidates, byConsent, ...firstOwners(candidates) };
}

const INDEX = Symbol("when each consent is effective, per purpose");

interface Memo {
  version: number;
  readonly use: Map<string, ConsentIndex>;
  readonly collection: Map<string, ConsentIndex>;
}

/**
 * The index of when the consents of `s` are effective for `u` in `mode`, or
 * undefined when the snapshot does not see the whole subject and catalog
 * (the caller then checks the consents one by one).
 */
export function consentIndex(v: View, s: SubjectState, u: string, mode: ConsentMode): ConsentIndex | undefined {
  if (s.lastPos >= v.size || v.cat.lastPos >= v.size) return undefined;
  const memo = subjectSlot(s, INDEX, (): Memo => ({ version: v.cat.version, use: new Map(), collection: new Map() }));
  if (memo.version !== v.cat.version) {
    memo.use.clear();
    memo.collection.clear();
    memo.version = v.cat.version;
  }
  const byPurpose = memo[mode];
  let ix = byPurpose.get(u);
  if (ix === undefined) byPurpose.set(u, (ix = build(v, s, u, mode)));
  return ix;
}

/** True when instant `i` is in one of `spans`. */
function inSpans(spans: readonly Span[], i: Instant): boolean {
  for (const sp of spans) if (!precedes(i, sp.lo) && precedes(i, sp.hi)) return true;
  return false;
}

/** The first consent (in grant order) effective at `i`, by binary search. */
export function firstEffective(ix: ConsentIndex, i: Instant): ConsentState | undefined {
  const k = countUpTo(ix.starts, i) - 1;
  return k < 0 ? undefined : ix.owners[k];
}

/** Every consent effective at `i`, in grant order. */
export function validIn(ix: ConsentIndex, i: Instant): ConsentState[] {
  const out: ConsentState[] = [];
  for (const x of ix.candidates) if (inSpans(x.spans, i)) out.push(x.c);
  return out;
}

/** True when consent `c` is effective at `i` (not before its grant: the caller asks only then). */
export function isValidIn(ix: ConsentIndex, c: ConsentState, i: Instant): boolean {
  const x = ix.byConsent.get(c);
  return x !== undefined && inSpans(x.spans, i);
}
