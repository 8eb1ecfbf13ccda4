/**
 * The conditions each covering consent fails for a purpose, as an index:
 * what {@link consentFailures} finds for each consent that names the
 * purpose, with what it reads kept as values (the grant's, first
 * confirmation's and first withdrawals' instants and ids, the consent's own
 * expiry), so that a denial citing dozens of consents reads one dense array
 * instead of each consent's grant, confirmation and withdrawal events (each
 * a cache miss on a long history). The same rules decide: what does not
 * change with the instant (the purpose existed at the grant, an active act
 * of will, an informed one) is decided once by them; the rest (granted,
 * confirmed, withdrawn, expired by the instant) compares the instant with
 * the kept values in the order {@link consentFailures} checks them.
 *
 * Kept per subject until its next event and per catalog version, built
 * under the same conditions as the consent timeline (src/consent/timeline.ts):
 * a subject with a few consents or more, a snapshot that sees the whole
 * subject and the whole catalog.
 */
import { addDuration, parseTimestamp } from "../_internal/time.js";
import { INDEXING, precedesPair, subjectSlot, type ConsentState, type Instant, type SubjectState, type View } from "../ledger/index.js";
import { attribute, declaredBy, durationAttribute } from "../purposes/index.js";
import type { ConsentFailureWhy } from "./effectiveness.js";
import { informedBy, isInformed } from "./informed.js";
import { isInactiveMethod } from "./methods.js";
import { consentsNaming } from "./naming.js";
import { firstReaching } from "./withdrawal.js";

/** One condition a consent fails, without the English detail (a decision words it in its own language). */
export interface CoveringFailure {
  /** The consent's id. */
  readonly consent: string;
  readonly code: ConsentFailureWhy["code"];
  readonly eventIds: string[];
  readonly why: ConsentFailureWhy;
}

// Per consent, in grant order: NUMS numbers and REFS references.
const NUMS = 9;
const [GRANT_T, GRANT_POS, CONF_T, CONF_POS, NAMED_T, NAMED_POS, GENERAL_T, GENERAL_POS, EXPIRES_T] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const REFS = 8;
const [CONSENT, GRANT_ID, FIXED, NAMED_ID, NAMED_AT, GENERAL_ID, GENERAL_AT, EXPIRES] = [0, 1, 2, 3, 4, 5, 6, 7];

/** The consents naming one purpose, as values; `fixed` holds the failures that hold at every instant (not active, uninformed). */
interface FailureIndex {
  readonly n: number;
  readonly nums: Float64Array;
  readonly refs: unknown[];
}

/** Writes the instant of `e` (or "never": Infinity) at `at` of `nums`. */
function putInstant(nums: Float64Array, at: number, e: { readonly t: number; readonly pos: number } | undefined): void {
  nums[at] = e === undefined ? Infinity : e.t;
  nums[at + 1] = e === undefined ? Infinity : e.pos;
}

function build(v: View, s: SubjectState, u: string): FailureIndex {
  const cs: ConsentState[] = consentsNaming(s, u).filter((c) => declaredBy(v, u, c.grant));
  const nums = new Float64Array(cs.length * NUMS);
  const refs: unknown[] = new Array(cs.length * REFS).fill(undefined);
  for (let k = 0; k < cs.length; k++) {
    const c = cs[k]!;
    const g = c.grant;
    const d = g.e.data;
    const fixed: { code: ConsentFailureWhy["code"]; ids: string[]; why: ConsentFailureWhy }[] = [];
    if (isInactiveMethod(d.method)) fixed.push({ code: "CONSENT_NOT_ACTIVE", ids: [g.e.id], why: { code: "CONSENT_NOT_ACTIVE", method: d.method } });
    const informed = isInformed(v, c, u) ? undefined : informedBy(v, c, u);
    if (informed !== undefined && informed.ok === false) {
      fixed.push({ code: "CONSENT_UNINFORMED", ids: [g.e.id, ...informed.eventIds], why: { code: "CONSENT_UNINFORMED", notice: d.notice, version: d.noticeVersion, published: informed.published } });
    }
    const [named, general] = firstReaching(s, c, u);
    const n = k * NUMS;
    putInstant(nums, n + GRANT_T, g);
    putInstant(nums, n + CONF_T, c.confirmations[0]);
    putInstant(nums, n + NAMED_T, named);
    putInstant(nums, n + GENERAL_T, general);
    nums[n + EXPIRES_T] = parseTimestamp(d.expires) ?? NaN;
    const r = k * REFS;
    refs[r + CONSENT] = d.consent;
    refs[r + GRANT_ID] = g.e.id;
    refs[r + FIXED] = fixed.length === 0 ? undefined : fixed;
    refs[r + NAMED_ID] = named?.e.id;
    refs[r + NAMED_AT] = named?.e.at;
    refs[r + GENERAL_ID] = general?.e.id;
    refs[r + GENERAL_AT] = general?.e.at;
    refs[r + EXPIRES] = d.expires;
  }
  return { n: cs.length, nums, refs };
}

const FAILURES = Symbol("the failures of the consents naming a purpose");

interface Memo {
  version: number;
  readonly byPurpose: Map<string, FailureIndex>;
}

/** The index for `u`, or undefined when the snapshot does not see the whole subject and catalog (the caller checks consent by consent). */
function failureIndex(v: View, s: SubjectState, u: string): FailureIndex | undefined {
  if (s.consents.size < INDEXING.from || s.lastPos >= v.size || v.cat.lastPos >= v.size) return undefined;
  const memo = subjectSlot(s, FAILURES, (): Memo => ({ version: v.cat.version, byPurpose: new Map() }));
  if (memo.version !== v.cat.version) {
    memo.byPurpose.clear();
    memo.version = v.cat.version;
  }
  let ix = memo.byPurpose.get(u);
  if (ix === undefined) memo.byPurpose.set(u, (ix = build(v, s, u)));
  return ix;
}

/**
 * Every condition each consent of `s` covering `u` fails for a use at `i`,
 * consent by consent in grant order, each consent's in the order of
 * {@link consentFailures}; undefined when no index can be read (the caller
 * then asks {@link consentFailures} of each covering consent).
 */
export function coveringFailures(v: View, s: SubjectState, u: string, i: Instant): CoveringFailure[] | undefined {
  const ix = failureIndex(v, s, u);
  if (ix === undefined) return undefined;
  const { nums, refs } = ix;
  const out: CoveringFailure[] = [];
  const doubleOptIn = attribute(v, u, "doubleOptIn", i) === true;
  const maxAge = durationAttribute(v, u, "consentMaxAge", i);
  for (let k = 0; k < ix.n; k++) {
    const n = k * NUMS;
    // In grant order: once a grant is after `i`, so are the rest.
    if (precedesPair(i, nums[n + GRANT_T]!, nums[n + GRANT_POS]!)) break;
    const r = k * REFS;
    const consent = refs[r + CONSENT] as string;
    const grantId = refs[r + GRANT_ID] as string;
    const fixed = refs[r + FIXED] as { code: ConsentFailureWhy["code"]; ids: string[]; why: ConsentFailureWhy }[] | undefined;
    if (fixed !== undefined) for (const f of fixed) out.push({ consent, code: f.code, eventIds: [...f.ids], why: f.why });
    if (doubleOptIn && precedesPair(i, nums[n + CONF_T]!, nums[n + CONF_POS]!)) {
      out.push({ consent, code: "CONSENT_UNCONFIRMED", eventIds: [grantId], why: { code: "CONSENT_UNCONFIRMED" } });
    }
    // A withdrawal naming the consent first, else one naming purposes only (as withdrawalOf looks).
    const side = !precedesPair(i, nums[n + NAMED_T]!, nums[n + NAMED_POS]!) ? NAMED_ID : !precedesPair(i, nums[n + GENERAL_T]!, nums[n + GENERAL_POS]!) ? GENERAL_ID : undefined;
    if (side !== undefined) {
      const at = refs[r + side + 1] as string;
      out.push({ consent, code: "CONSENT_WITHDRAWN", eventIds: [grantId, refs[r + side] as string], why: { code: "CONSENT_WITHDRAWN", at } });
    }
    const expired = expiredWhy(v, u, i, nums[n + EXPIRES_T]!, nums[n + GRANT_T]!, maxAge, refs, r);
    if (expired !== undefined) out.push({ consent, code: "CONSENT_EXPIRED", eventIds: [grantId], why: expired });
  }
  return out;
}

/** CONSENT_EXPIRED's why when the consent no longer lasts at `i`: its own `expires`, or the purpose's maximum age if that ends first (as expiryOf decides). */
function expiredWhy(
  v: View,
  u: string,
  i: Instant,
  expiresT: number,
  grantT: number,
  maxAge: ReturnType<typeof durationAttribute>,
  refs: readonly unknown[],
  r: number,
): ConsentFailureWhy | undefined {
  const end = maxAge === undefined ? undefined : addDuration(grantT, maxAge);
  const byMaxAge = end !== undefined && (Number.isNaN(expiresT) || end < expiresT);
  const at = byMaxAge ? end! : expiresT;
  if (Number.isNaN(at) || i.t < at) return undefined;
  return byMaxAge ? { code: "CONSENT_EXPIRED", maxAge: attribute(v, u, "consentMaxAge", i)! } : { code: "CONSENT_EXPIRED", expires: refs[r + EXPIRES] as string };
}
