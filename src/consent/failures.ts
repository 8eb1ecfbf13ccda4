/**
 * The conditions each covering consent fails for a purpose, as an index:
 * what {@link consentFailures} finds for each consent that names the
 * purpose, with what it reads kept as values (the instants of the grant,
 * the first confirmation and the first withdrawals, the consent's own
 * expiry; the ids and dates a reason cites), so that a denial citing dozens
 * of consents reads a few dense arrays instead of each consent's grant,
 * confirmation and withdrawal events (each a cache miss on a long history).
 * The same rules decide: what does not change with the instant (the purpose
 * existed at the grant, an active act of will, an informed one) is decided
 * once by them; the rest (granted, confirmed, withdrawn, expired by the
 * instant) compares the instant with the kept values, in the order
 * {@link consentFailures} checks them.
 *
 * Kept with the consent timeline (src/consent/memo.ts): per subject until
 * its next event, per catalog version, for a snapshot that sees the whole
 * subject and catalog.
 */
import { addDuration, parseTimestamp } from "../_internal/time.js";
import { queryInstant, type ConsentState, type Entry, type SubjectState, type View } from "../ledger/index.js";
import { attribute, declaredBy, durationAttribute } from "../purposes/index.js";
import { fixedFailures, type ConsentFailure, type ConsentFailureWhy } from "./effectiveness.js";
import { consentMemo } from "./memo.js";
import { consentsNaming, namesNone } from "./naming.js";
import { firstReaching } from "./withdrawal.js";

/** One condition a consent fails, without the English detail (a decision words it in its own language). */
export interface CoveringFailure {
  /** The consent's id. */
  readonly consent: string;
  readonly code: ConsentFailureWhy["code"];
  readonly eventIds: string[];
  readonly why: ConsentFailureWhy;
}

/**
 * The consents naming one purpose (declared by their grant), in grant order,
 * as parallel arrays: instants in epoch ms (Infinity for "never"), the ids
 * and dates the reasons cite, the failures that hold at every instant.
 */
export interface FailureIndex {
  readonly consents: readonly string[];
  readonly grantIds: readonly string[];
  readonly grantT: Float64Array;
  readonly confirmedT: Float64Array;
  /** The first withdrawal naming the consent, and the first naming purposes only, that reach the purpose: instant, id, `at`. */
  readonly namedT: Float64Array;
  readonly namedIds: readonly (string | undefined)[];
  readonly namedAts: readonly (string | undefined)[];
  readonly generalT: Float64Array;
  readonly generalIds: readonly (string | undefined)[];
  readonly generalAts: readonly (string | undefined)[];
  /** The consent's own `expires` (epoch ms), NaN when it has none; and as written. */
  readonly expiresT: Float64Array;
  readonly expires: readonly (string | undefined)[];
  /** What each fails whatever the instant ({@link fixedFailures}). */
  readonly fixed: readonly (readonly ConsentFailure[])[];
}

const tOf = (e: Entry | undefined): number => (e === undefined ? Infinity : e.t);

function build(v: View, s: SubjectState, u: string): FailureIndex {
  const cs: ConsentState[] = consentsNaming(s, u).filter((c) => declaredBy(v, u, c.grant));
  const reaching = cs.map((c) => firstReaching(s, c, u));
  return {
    consents: cs.map((c) => c.grant.e.data.consent),
    grantIds: cs.map((c) => c.grant.e.id),
    grantT: Float64Array.from(cs, (c) => c.grant.t),
    confirmedT: Float64Array.from(cs, (c) => tOf(c.confirmations[0])),
    namedT: Float64Array.from(reaching, (r) => tOf(r[0])),
    namedIds: reaching.map((r) => r[0]?.e.id),
    namedAts: reaching.map((r) => r[0]?.e.at),
    generalT: Float64Array.from(reaching, (r) => tOf(r[1])),
    generalIds: reaching.map((r) => r[1]?.e.id),
    generalAts: reaching.map((r) => r[1]?.e.at),
    expiresT: Float64Array.from(cs, (c) => parseTimestamp(c.grant.e.data.expires) ?? NaN),
    expires: cs.map((c) => c.grant.e.data.expires),
    fixed: cs.map((c) => fixedFailures(v, c, u)),
  };
}

/**
 * Every condition each consent of `s` covering `u` fails for a use at the
 * query instant `t` (epoch ms: an event counts when its `at` is not after
 * `t`), consent by consent in grant order, each consent's in the order of
 * {@link consentFailures}; undefined when the snapshot cannot read the index
 * (the caller then asks {@link consentFailures} of each covering consent).
 */
export function coveringFailures(v: View, s: SubjectState, u: string, t: number): CoveringFailure[] | undefined {
  if (namesNone(s, u)) return [];
  const memo = consentMemo(v, s);
  if (memo === undefined) return undefined;
  let ix = memo.failures.get(u);
  if (ix === undefined) memo.failures.set(u, (ix = build(v, s, u)));
  const out: CoveringFailure[] = [];
  const i = queryInstant(t);
  const doubleOptIn = attribute(v, u, "doubleOptIn", i) === true;
  const maxAge = durationAttribute(v, u, "consentMaxAge", i);
  // In grant order: once a grant is after `t`, so are the rest.
  for (let k = 0; k < ix.grantT.length && ix.grantT[k]! <= t; k++) {
    const consent = ix.consents[k]!;
    const grantId = ix.grantIds[k]!;
    for (const f of ix.fixed[k]!) out.push({ consent, code: f.code, eventIds: [...f.eventIds], why: f.why });
    if (doubleOptIn && ix.confirmedT[k]! > t) out.push({ consent, code: "CONSENT_UNCONFIRMED", eventIds: [grantId], why: { code: "CONSENT_UNCONFIRMED" } });
    // A withdrawal naming the consent first, else one naming purposes only (as withdrawalOf looks).
    if (ix.namedT[k]! <= t) out.push(withdrawn(consent, grantId, ix.namedIds[k]!, ix.namedAts[k]!));
    else if (ix.generalT[k]! <= t) out.push(withdrawn(consent, grantId, ix.generalIds[k]!, ix.generalAts[k]!));
    // Its own `expires`, or the maximum age from the grant if that ends first (as expiryOf decides).
    const expiresT = ix.expiresT[k]!;
    const end = maxAge === undefined ? NaN : addDuration(ix.grantT[k]!, maxAge);
    if (!Number.isNaN(end) && !(end >= expiresT)) {
      if (end <= t) out.push({ consent, code: "CONSENT_EXPIRED", eventIds: [grantId], why: { code: "CONSENT_EXPIRED", maxAge: attribute(v, u, "consentMaxAge", i)! } });
    } else if (expiresT <= t) out.push({ consent, code: "CONSENT_EXPIRED", eventIds: [grantId], why: { code: "CONSENT_EXPIRED", expires: ix.expires[k]! } });
  }
  return out;
}

function withdrawn(consent: string, grantId: string, id: string, at: string): CoveringFailure {
  return { consent, code: "CONSENT_WITHDRAWN", eventIds: [grantId, id], why: { code: "CONSENT_WITHDRAWN", at } };
}
