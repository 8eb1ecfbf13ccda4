/**
 * Per-field reasons about how a value entered the CRM (where it came from,
 * whether its collection was lawful, what became of the account it came
 * through): the rules are in src/provenance/, the sentences here.
 */
import type { Established } from "../bases/index.js";
import type { FactState, Instant, SubjectState, View } from "../ledger/index.js";
import { accountLinkedFor, collectionProblems, lostCollectionConsents, ownerDeparture, sourceEventAt, sourceInForce } from "../provenance/index.js";
import type { FieldState } from "../facts/index.js";
import { withdrawalsOf } from "../consent/index.js";
import { q, reason } from "./reason.js";
import type { Reason } from "./types.js";

/** UNKNOWN_SOURCE (GDPR Art. 14(2)(f), 15(1)(g): every value must have a known origin), if its origin cannot be traced. */
export function unknownSourceReason(v: View, fs: FieldState, field: string): Reason | undefined {
  const rec = fs.current!.rec;
  const d = rec.e.data;
  const problems: string[] = [];
  const ids: string[] = [rec.e.id];
  if (sourceInForce(v, d.source, rec) === undefined) {
    problems.push(`its source ${q(d.source)} was not registered and in force when it was recorded on ${rec.e.at}`);
    const retired = sourceEventAt(v, d.source, rec);
    if (retired !== undefined) ids.push(retired.e.id);
  }
  const cor = fs.correction;
  if (cor !== undefined && sourceInForce(v, cor.e.data.source, cor) === undefined) {
    problems.push(`the correction that set its current value came from ${q(cor.e.data.source)}, which was not registered and in force on ${cor.e.at}`);
    ids.push(cor.e.id);
    const retired = sourceEventAt(v, cor.e.data.source, cor);
    if (retired !== undefined) ids.push(retired.e.id);
  }
  if (d.account !== undefined && !accountLinkedFor(v, d.account, d.source, rec)) {
    problems.push(`it names account ${q(d.account)}, which was not linked for source ${q(d.source)} when it was recorded`);
  }
  if (problems.length === 0) return undefined;
  return reason("UNKNOWN_SOURCE", `The origin of ${q(field)} cannot be traced: ${problems.join("; ")}.`, ids, field);
}

/** UNLAWFUL_COLLECTION (GDPR Art. 6(1)), judged at the recording: a later consent does not heal it. */
function unlawfulCollectionReason(v: View, s: SubjectState, f: FactState, field: string): Reason | undefined {
  const rec = f.rec;
  const d = rec.e.data;
  const p = collectionProblems(v, s, d, rec);
  const unlawful: string[] = [];
  const ids: string[] = [rec.e.id];
  if (p.basisNotDeclared) {
    unlawful.push(`none of its collection purposes (${d.purposes.map(q).join(", ")}) declared the basis ${q(d.basis)} when it was recorded`);
  }
  if (p.importConsentMissing) {
    unlawful.push(`its source ${q(d.source)} needs the person's consent for ${q(p.importConsentPurpose!)} to import data, and there was none when it was recorded`);
    if (p.registration !== undefined) ids.push(p.registration.e.id);
  }
  if (p.consentMissing) {
    unlawful.push(`it was recorded on the basis of consent, and no valid consent covered its collection purposes when it was recorded`);
  }
  if (unlawful.length === 0) return undefined;
  return reason(
    "UNLAWFUL_COLLECTION",
    `The value of ${q(field)} was collected unlawfully: ${unlawful.join("; ")}. A consent given later does not heal this; record the fact again after a lawful basis exists.`,
    ids,
    field,
  );
}

/** OWNER_DEPARTED: the employee whose account the value came through left, and the account's agreement removes it. */
function ownerDepartedReason(v: View, f: FactState, i: Instant, field: string): Reason | undefined {
  const gone = ownerDeparture(v, f, i);
  if (gone === undefined) return undefined;
  const account = q(f.rec.e.data.account!);
  const employee = q(gone.link.e.data.employee);
  return reason(
    "OWNER_DEPARTED",
    gone.agreement === "erase"
      ? `The value of ${q(field)} came through account ${account} of employee ${employee}, who left on ${gone.departure.e.at}; the agreement is to erase those contacts.`
      : `The value of ${q(field)} came through account ${account} of employee ${employee}, who left on ${gone.departure.e.at}; the agreement keeps only contacts marked as company contacts, and this one is not.`,
    [f.rec.e.id, gone.link.e.id, gone.departure.e.id],
    field,
  );
}

/** COLLECTION_CONSENT_WITHDRAWN: the value is held on a consent no longer valid (GDPR Art. 17(1)(b)). */
function collectionConsentReason(v: View, s: SubjectState, f: FactState, i: Instant, field: string, established: Established[]): Reason | undefined {
  const lost = lostCollectionConsents(v, s, f, i, established);
  if (lost.length === 0) return undefined;
  const ids = [f.rec.e.id];
  for (const c of lost) {
    ids.push(c.grant.e.id);
    for (const w of withdrawalsOf(v, s, c, i)) ids.push(w.e.id);
  }
  return reason(
    "COLLECTION_CONSENT_WITHDRAWN",
    `The value of ${q(field)} is held on the strength of a consent that is no longer valid (withdrawn or expired); it may only be used under a legal obligation or public task and is due for erasure (GDPR Art. 17(1)(b)). Record it again under a basis that exists now.`,
    ids,
    field,
  );
}

/** The reasons about how fact `f` entered the CRM, judged at `i`: unlawful collection, owner departed, collection consent withdrawn. */
export function collectionReasons(v: View, s: SubjectState, f: FactState, i: Instant, field: string, established: Established[]): Reason[] {
  const out: Reason[] = [];
  for (const r of [unlawfulCollectionReason(v, s, f, field), ownerDepartedReason(v, f, i, field), collectionConsentReason(v, s, f, i, field, established)]) {
    if (r !== undefined) out.push(r);
  }
  return out;
}

