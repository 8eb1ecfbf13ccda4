/**
 * The write side's checks of the rules: a fact or a consent that a decision
 * would hold unlawful is refused before it enters the log. Each check calls
 * the same rule the decisions call (src/provenance, src/consent,
 * src/purposes); only the refusal's wording is the write side's own.
 */
import type { EventOf } from "../events/index.js";
import type { ConsentState, Instant, SubjectState, View } from "../ledger/index.js";
import { informedBy, isInactiveMethod } from "../consent/index.js";
import { accountLinkedFor, collectionProblems, sourceInForce } from "../provenance/index.js";
import { declarationOf, declaredBy, purposeInForce } from "../purposes/index.js";
import { err, type CommandError } from "./errors.js";

const q = (s: string) => JSON.stringify(s);

/** UNKNOWN_PURPOSE / PURPOSE_RETIRED for each named purpose not declared or not in force at `i`. */
function purposeChecks(v: View, purposes: readonly string[], at: string, i: Instant, retiredToo: boolean): CommandError[] {
  const out: CommandError[] = [];
  purposes.forEach((p, k) => {
    if (declarationOf(v, p, i) === undefined) out.push(err("UNKNOWN_PURPOSE", `data.purposes.${k}`, `data.purposes.${k}: the purpose ${q(p)} is not declared at ${at}.`));
    else if (retiredToo && !purposeInForce(v, p, i)) out.push(err("PURPOSE_RETIRED", `data.purposes.${k}`, `data.purposes.${k}: the purpose ${q(p)} is retired at ${at}.`));
  });
  return out;
}

/** A `FactRecorded` to append: its origin must be traceable and its collection lawful (GDPR Art. 6(1), 14). */
export function collectionChecks(v: View, s: SubjectState | undefined, ev: EventOf<"FactRecorded">, i: Instant): CommandError[] {
  const out: CommandError[] = [];
  const d = ev.data;
  if (sourceInForce(v, d.source, i) === undefined) {
    out.push(err("SOURCE_NOT_REGISTERED", "data.source", `data.source: ${q(d.source)} is not a registered source in force at ${ev.at}; register it (with its assessment) first.`));
  }
  if (d.account !== undefined && !accountLinkedFor(v, d.account, d.source, i)) {
    out.push(err("ACCOUNT_NOT_LINKED", "data.account", `data.account: ${q(d.account)} is not linked for source ${q(d.source)} at ${ev.at}.`));
  }
  out.push(...purposeChecks(v, d.purposes, ev.at, i, true));
  const p = collectionProblems(v, s, d, i);
  if (p.basisNotDeclared) {
    out.push(err("BASIS_NOT_DECLARED", "data.basis", `data.basis: none of the collection purposes declares ${q(d.basis)} among its legal bases (GDPR Art. 6(1)).`));
  }
  if (p.consentMissing) {
    out.push(err("NO_CONSENT_FOR_COLLECTION", "data.basis", `data.basis: the fact would rest on consent, but the person has no consent valid for collection for ${d.purposes.map(q).join(", ")} at ${ev.at}.`));
  }
  if (p.importConsentMissing) {
    out.push(err("IMPORT_NEEDS_CONSENT", "data.source", `data.source: importing from ${q(d.source)} needs the person's consent for ${q(p.importConsentPurpose!)}, and there is none valid at ${ev.at}.`));
  }
  return out;
}

/** A `FactCorrected` to append: the correction's source must be registered and in force. */
export function correctionChecks(v: View, ev: EventOf<"FactCorrected">, i: Instant): CommandError[] {
  if (sourceInForce(v, ev.data.source, i) !== undefined) return [];
  return [err("SOURCE_NOT_REGISTERED", "data.source", `data.source: ${q(ev.data.source)} is not a registered source in force at ${ev.at}.`)];
}

/** A `ConsentGranted` to append: an active act of will, for declared purposes, on a notice that describes them. */
export function consentChecks(v: View, ev: EventOf<"ConsentGranted">, i: Instant): CommandError[] {
  const out: CommandError[] = [];
  const d = ev.data;
  if (isInactiveMethod(d.method)) {
    out.push(err("CONSENT_NOT_ACTIVE", "data.method", `data.method: a consent captured as ${q(d.method)} is not an active act of will and is ineffective (GDPR Recital 32, CJEU C-673/17).`));
  }
  out.push(...purposeChecks(v, d.purposes, ev.at, i, false));
  // Informed for each consented purpose, as the decisions define it (GDPR Art. 4(11), 7(2)).
  const probe: ConsentState = { grant: { e: ev, t: i.t, pos: i.pos }, purposes: d.purposes, confirmations: [], withdrawals: [] };
  for (const p of d.purposes) {
    const inf = informedBy(v, probe, p);
    // An unpublished notice version informs nothing, whatever the purposes; otherwise undeclared purposes are UNKNOWN_PURPOSE's.
    if (!inf.ok && (inf.eventIds.length === 0 || declaredBy(v, p, i))) {
      out.push(err("CONSENT_UNINFORMED", "data.noticeVersion", `data.noticeVersion: the consent ${inf.detail}.`));
      break;
    }
  }
  return out;
}
