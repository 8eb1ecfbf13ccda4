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
import type { UnknownSourceProblem, UnlawfulCollectionProblem } from "../locale/index.js";
import { reason } from "./reason.js";
import { say } from "./say.js";
import type { Reason } from "./types.js";

/** UNKNOWN_SOURCE (GDPR Art. 14(2)(f), 15(1)(g): every value must have a known origin), if its origin cannot be traced. */
export function unknownSourceReason(v: View, fs: FieldState, field: string): Reason | undefined {
  const rec = fs.current!.rec;
  const d = rec.e.data;
  const cor = fs.correction;
  const unregistered = sourceInForce(v, d.source, rec) === undefined;
  const correctionUnregistered = cor !== undefined && sourceInForce(v, cor.e.data.source, cor) === undefined;
  const notLinked = d.account !== undefined && !accountLinkedFor(v, d.account, d.source, rec);
  // Nearly every value's origin is known: nothing is built for it.
  if (!unregistered && !correctionUnregistered && !notLinked) return undefined;
  const problems: UnknownSourceProblem[] = [];
  const ids: string[] = [rec.e.id];
  if (unregistered) {
    problems.push({ kind: "unregistered", source: d.source, at: rec.e.at });
    const retired = sourceEventAt(v, d.source, rec);
    if (retired !== undefined) ids.push(retired.e.id);
  }
  if (correctionUnregistered) {
    problems.push({ kind: "correction-unregistered", source: cor.e.data.source, at: cor.e.at });
    ids.push(cor.e.id);
    const retired = sourceEventAt(v, cor.e.data.source, cor);
    if (retired !== undefined) ids.push(retired.e.id);
  }
  if (notLinked) {
    problems.push({ kind: "account-not-linked", account: d.account!, source: d.source });
  }
  return reason("UNKNOWN_SOURCE", say().UNKNOWN_SOURCE({ field, problems }), ids, field);
}

/** UNLAWFUL_COLLECTION (GDPR Art. 6(1)), judged at the recording: a later consent does not heal it. */
function unlawfulCollectionReason(v: View, s: SubjectState, f: FactState, field: string): Reason | undefined {
  const rec = f.rec;
  const d = rec.e.data;
  const p = collectionProblems(v, s, d, rec);
  if (!p.basisNotDeclared && !p.importConsentMissing && !p.consentMissing) return undefined;
  const unlawful: UnlawfulCollectionProblem[] = [];
  const ids: string[] = [rec.e.id];
  if (p.basisNotDeclared) {
    unlawful.push({ kind: "basis-not-declared", purposes: d.purposes, basis: d.basis });
  }
  if (p.importConsentMissing) {
    unlawful.push({ kind: "import-consent-missing", source: d.source, purpose: p.importConsentPurpose! });
    if (p.registration !== undefined) ids.push(p.registration.e.id);
  }
  if (p.consentMissing) {
    unlawful.push({ kind: "consent-missing" });
  }
  return reason(
    "UNLAWFUL_COLLECTION",
    say().UNLAWFUL_COLLECTION({ field, problems: unlawful }),
    ids,
    field,
  );
}

/** OWNER_DEPARTED: the employee whose account the value came through left, and the account's agreement removes it. */
function ownerDepartedReason(v: View, f: FactState, i: Instant, field: string): Reason | undefined {
  const gone = ownerDeparture(v, f, i);
  if (gone === undefined) return undefined;
  return reason(
    "OWNER_DEPARTED",
    say().OWNER_DEPARTED({ field, account: f.rec.e.data.account!, employee: gone.link.e.data.employee, leftAt: gone.departure.e.at, agreement: gone.agreement }),
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
    say().COLLECTION_CONSENT_WITHDRAWN({ field }),
    ids,
    field,
  );
}

/** The reasons about how fact `f` entered the CRM, judged at `i`: unlawful collection, owner departed, collection consent withdrawn (appended to `out`, returned). */
export function collectionReasons(v: View, s: SubjectState, f: FactState, i: Instant, field: string, established: Established[], out: Reason[] = []): Reason[] {
  const unlawful = unlawfulCollectionReason(v, s, f, field);
  if (unlawful !== undefined) out.push(unlawful);
  const departed = ownerDepartedReason(v, f, i, field);
  if (departed !== undefined) out.push(departed);
  const withdrawn = collectionConsentReason(v, s, f, i, field, established);
  if (withdrawn !== undefined) out.push(withdrawn);
  return out;
}

