/**
 * Lawful collection (GDPR Art. 6(1)): a fact must enter the CRM on a basis
 * one of its collection purposes declares, with the consent its source needs
 * for imports, and with a valid consent when it rests on consent. Judged at
 * the recording; a consent given later does not heal it. The write side
 * refuses such a fact with the same rule, and a decision denies its use.
 */
import type { DataOf, EventOf } from "../events/index.js";
import type { ConsentState, Entry, FactState, Instant, SubjectState, View } from "../ledger/index.js";
import { anyValidForCollection, firstValidForCollection, isValidForCollection, validForCollection } from "../consent/index.js";
import { precedes } from "../ledger/index.js";
import { isEstablished, type Established } from "../bases/index.js";
import { legalBasesOf, purposeInForce } from "../purposes/index.js";
import { sourceInForce } from "./sources.js";

type Collected = Pick<DataOf<"FactRecorded">, "source" | "purposes" | "basis">;

/** What a collection at instant `i` lacks; every flag false means it was lawful. */
interface CollectionProblems {
  /** The source's registration in force at the collection, if any. */
  readonly registration: Entry<EventOf<"SourceRegistered">> | undefined;
  /** No collection purpose in force declared the fact's basis. */
  readonly basisNotDeclared: boolean;
  /** The source's registration in force requires consent for this purpose to import data, if it does. */
  readonly importConsentPurpose: string | undefined;
  /** That consent was missing. */
  readonly importConsentMissing: boolean;
  /** The fact rests on consent, and no valid consent covered a collection purpose. */
  readonly consentMissing: boolean;
}

/** True when one of the collection `purposes`, in force at `i`, declares `basis`. */
function basisDeclaredForCollection(v: View, purposes: readonly string[], basis: Collected["basis"], i: Instant): boolean {
  return purposes.some((p) => purposeInForce(v, p, i) && legalBasesOf(v, p, i).includes(basis));
}

/** True when a consent of `s` is valid for collection for `p` at `i` (none for a subject not seen yet). */
function anyValid(v: View, s: SubjectState | undefined, p: string, i: Instant): boolean {
  return s !== undefined && anyValidForCollection(v, s, p, i);
}

/** What the collection of `d` by subject `s` at instant `i` (its recording) lacks. */
export function collectionProblems(v: View, s: SubjectState | undefined, d: Collected, i: Instant): CollectionProblems {
  const registration = sourceInForce(v, d.source, i);
  const icp = registration?.e.data.importConsentPurpose;
  return {
    registration,
    basisNotDeclared: !basisDeclaredForCollection(v, d.purposes, d.basis, i),
    importConsentPurpose: icp,
    importConsentMissing: icp !== undefined && !anyValid(v, s, icp, i),
    consentMissing: d.basis === "consent" && !d.purposes.some((p) => anyValid(v, s, p, i)),
  };
}

/**
 * True when a consent of `s` found valid for collection for one of
 * `purposes` at the recording `rec` is valid for one of them at `i`, looked
 * for cheaply: the first consent valid at `i` for each purpose, checked at
 * the recording. False means "not found this way" (the full check decides).
 */
function stillValid(v: View, s: SubjectState, purposes: readonly string[], rec: Instant, i: Instant): boolean {
  for (const p of purposes) {
    const c = firstValidForCollection(v, s, p, i);
    if (c !== undefined && !precedes(rec, c.grant) && purposes.some((q) => isValidForCollection(v, s, c, q, rec))) return true;
  }
  return false;
}

/**
 * The consents fact `f` was collected on that are no longer valid for
 * collection at `i` (withdrawn or expired): the data is held on a withdrawn
 * consent and due for erasure (GDPR Art. 17(1)(b)), unless a legal obligation
 * or public task is established for the use (Art. 17(3)(b)); another basis
 * cannot take over after a withdrawal (EDPB Guidelines 05/2020). Empty when
 * nothing is lost or the use is exempt.
 */
export function lostCollectionConsents(v: View, s: SubjectState, f: FactState, i: Instant, established: readonly Established[]): ConsentState[] {
  const rec = f.rec;
  const d = rec.e.data;
  const lost: ConsentState[] = [];
  if (d.basis === "consent" && !stillValid(v, s, d.purposes, rec, i)) {
    const atRec = new Set<ConsentState>();
    for (const p of d.purposes) for (const c of validForCollection(v, s, p, rec)) atRec.add(c);
    if (atRec.size > 0) {
      const still = [...atRec].some((c) => d.purposes.some((p) => isValidForCollection(v, s, c, p, i)));
      if (!still) lost.push(...atRec);
    }
  }
  const icp = sourceInForce(v, d.source, rec)?.e.data.importConsentPurpose;
  if (icp !== undefined) {
    const atRec = validForCollection(v, s, icp, rec);
    if (atRec.length > 0 && !atRec.some((c) => isValidForCollection(v, s, c, icp, i))) lost.push(...atRec);
  }
  if (lost.length === 0 || isEstablished(established, "legal-obligation", "public-task")) return [];
  return lost;
}
