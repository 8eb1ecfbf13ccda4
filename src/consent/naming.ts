/** The consents of a subject that name a purpose: what every consent rule starts from. */
import { covers, coveringBits } from "../_internal/dotted.js";
import { byTimePos, INDEXING, subjectSlot, type ConsentState, type SubjectState } from "../ledger/index.js";

const BY_PURPOSE = Symbol("consents by purpose");

const NO_CONSENTS: readonly ConsentState[] = Object.freeze([]);

/**
 * True when no consent of `s` names a purpose that covers `u`, read from the
 * subject's filter of its consents' purposes alone (no consent is read).
 * False says only that one may.
 */
export function namesNone(s: SubjectState, u: string): boolean {
  return (s.consentPurposeBits & coveringBits(u)) === 0;
}

/** The consents of `s` whose own purposes cover `u`, in grant order (whenever they were granted). */
export function consentsNaming(s: SubjectState, u: string): readonly ConsentState[] {
  if (namesNone(s, u)) return NO_CONSENTS;
  if (s.consents.size < INDEXING.from) return naming(s, u);
  const index = subjectSlot(s, BY_PURPOSE, () => new Map<string, ConsentState[]>());
  let list = index.get(u);
  if (list === undefined) index.set(u, (list = naming(s, u)));
  return list;
}

/** {@link consentsNaming}, computed (a plain function: no closure made per call). */
function naming(s: SubjectState, u: string): ConsentState[] {
  const out: ConsentState[] = [];
  for (const c of s.consents.values()) if (c.purposes.some((p) => covers(p, u))) out.push(c);
  return out.length < 2 ? out : out.sort(byGrant);
}

const byGrant = (a: ConsentState, b: ConsentState): number => byTimePos(a.grant, b.grant);
