/**
 * Which of a purpose's declared legal bases are established for a subject
 * (GDPR Art. 6(1)): only the bases the purpose declares count, consent
 * through an effective consent, the others through a recorded basis.
 */
import type { LegalBasis } from "../events/index.js";
import type { ConsentState, Instant, SubjectState, View } from "../ledger/index.js";
import { confirmationOf, effectiveConsent } from "../consent/index.js";
import { attribute, legalBasesOf } from "../purposes/index.js";
import { recordedBasisIds } from "./recorded.js";

/** A legal basis established for a use, and the events establishing it. */
export interface Established {
  readonly basis: LegalBasis;
  readonly eventIds: string[];
}

/** The bases of `u`'s own `legalBases` established for `s` at `i`, in the purpose's order. */
export function establishedBases(v: View, s: SubjectState, u: string, i: Instant, effective: ConsentState | undefined = effectiveConsent(v, s, u, i)): Established[] {
  const out: Established[] = [];
  for (const b of legalBasesOf(v, u, i)) {
    if (b === "consent") {
      if (effective !== undefined) {
        const ids = [effective.grant.e.id];
        const conf = confirmationOf(v, effective, i);
        if (attribute(v, u, "doubleOptIn", i) === true && conf !== undefined) ids.push(conf.e.id);
        out.push({ basis: b, eventIds: ids });
      }
    } else {
      const ids = recordedBasisIds(v, s, b, u, i);
      if (ids.length > 0) out.push({ basis: b, eventIds: ids });
    }
  }
  return out;
}

/** True when one of `bases` is established. */
export function isEstablished(established: readonly Established[], ...bases: LegalBasis[]): boolean {
  return established.some((e) => bases.includes(e.basis));
}
