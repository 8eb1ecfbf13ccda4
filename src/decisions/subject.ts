/**
 * Subject-level reasons: what denies every field of a use, whatever the
 * field (a retired purpose, a restriction, an objection, and the consent
 * failures reported when no basis is established).
 */
import { coveringConsents, coveringFailures, consentFailures, effectiveConsent, type ConsentFailureWhy } from "../consent/index.js";
import { establishedBases, isEstablished, type Established } from "../bases/index.js";
import type { Instant, SubjectState, View } from "../ledger/index.js";
import { attribute, purposeInForce, retirementsOf } from "../purposes/index.js";
import { objectionsInForce, restrictionInForce } from "../rights/index.js";
import { reason } from "./reason.js";
import { say } from "./say.js";
import type { Reason } from "./types.js";

/** What a use of `u` by subject `s` at `i` rests on, and what denies it as a whole (access and the stand-alone reasons aside). */
interface SubjectContext {
  readonly established: Established[];
  readonly subjectLevel: Reason[];
  readonly hasEffectiveConsent: boolean;
}

/** Everything subject-level for a use of `u` by subject `s` at `i`, except access and the stand-alone reasons. */
export function subjectContext(v: View, s: SubjectState, u: string, i: Instant): SubjectContext {
  const effective = effectiveConsent(v, s, u, i);
  const established = establishedBases(v, s, u, i, effective);
  return {
    established,
    subjectLevel: subjectReasons(v, s, u, i, established),
    hasEffectiveConsent: effective !== undefined,
  };
}

/** Subject-level reasons beyond the stand-alone ones: retired purpose, restriction, objection. */
function subjectReasons(v: View, s: SubjectState, u: string, i: Instant, established: Established[]): Reason[] {
  const out: Reason[] = [];
  if (!purposeInForce(v, u, i)) {
    const ret = retirementsOf(v, u, i);
    out.push(
      reason(
        "PURPOSE_RETIRED",
        say().PURPOSE_RETIRED(ret[0] !== undefined ? { purpose: u, retiredAt: ret[0].e.at } : { purpose: u }),
        ret.map((e) => e.e.id),
      ),
    );
  }
  const r = restrictionInForce(v, s, i);
  if (r !== undefined) {
    // GDPR Art. 18: the Art. 18(2) exceptions are not modelled; a restriction denies every use.
    out.push(reason("RESTRICTED", say().RESTRICTED({ since: r.e.at }), [r.e.id]));
  }
  const objected = objectionReason(v, s, u, i, established);
  if (objected !== undefined) out.push(objected);
  return out;
}

/** OBJECTED, when an objection in force affects `u` and nothing overrides it. */
function objectionReason(v: View, s: SubjectState, u: string, i: Instant, established: Established[]): Reason | undefined {
  const objections = objectionsInForce(v, s, u, i);
  if (objections.length === 0) return undefined;
  const dm = attribute(v, u, "directMarketing", i) === true;
  // GDPR Art. 21(1) reaches only processing on public task or legitimate interests; an
  // objection to direct marketing (Art. 21(2),(3)) is absolute.
  const overriding = !dm && isEstablished(established, "contract", "legal-obligation", "vital-interests");
  if (overriding) return undefined;
  return reason(
    "OBJECTED",
    say().OBJECTED({ objected: objections.map((o) => o.purpose), purpose: u, directMarketing: dm }),
    objections.map((o) => o.eventId),
  );
}

/** One reason per condition each covering consent fails for a use of `u` at `i` (given when no basis is established). */
export function consentFailureReasons(v: View, s: SubjectState, u: string, i: Instant): Omit<Reason, "field">[] {
  const out: Omit<Reason, "field">[] = [];
  // A query instant (position Infinity): an event counts when its `at` is not after `i.t`.
  const indexed = coveringFailures(v, s, u, i.t);
  if (indexed !== undefined) {
    for (const f of indexed) out.push({ code: f.code, message: consentFailureMessage({ consent: f.consent, purpose: u }, f.why), eventIds: f.eventIds });
    return out;
  }
  for (const c of coveringConsents(v, s, u, i)) {
    for (const f of consentFailures(v, s, c, u, i, "use")) {
      const message = consentFailureMessage({ consent: c.grant.e.data.consent, purpose: u }, f.why);
      // Each failure cites the grant and at most one other event (a withdrawal, a notice's publication): no repeats to drop.
      out.push({ code: f.code, message, eventIds: f.eventIds });
    }
  }
  return out;
}

/** The sentence of one consent failure `why` of consent `ref.consent` for a use for `ref.purpose`. */
function consentFailureMessage(ref: { consent: string; purpose: string }, why: ConsentFailureWhy): string {
  const m = say();
  const { consent, purpose } = ref;
  switch (why.code) {
    case "CONSENT_NOT_ACTIVE":
      return m.CONSENT_NOT_ACTIVE({ consent, purpose, method: why.method });
    case "CONSENT_UNINFORMED":
      return m.CONSENT_UNINFORMED({ consent, purpose, notice: why.notice, version: why.version, published: why.published });
    case "CONSENT_UNCONFIRMED":
      return m.CONSENT_UNCONFIRMED(ref);
    case "CONSENT_WITHDRAWN":
      return m.CONSENT_WITHDRAWN({ consent, purpose, withdrawnAt: why.at });
    case "CONSENT_EXPIRED":
      return m.CONSENT_EXPIRED(why.expires !== undefined ? { consent, purpose, expires: why.expires } : { consent, purpose, maxAge: why.maxAge ?? "" });
  }
}
