import type { LegalBasis } from "../events/index.js";
import { preview } from "../_internal/json.js";
import { LawfulCrmError } from "../ledger/index.js";

/**
 * A legal basis of wire format v1 in the terms of the W3C Data Privacy
 * Vocabulary (DPV 2.3) and its EU GDPR extension, so that receipts and
 * records can be read by tools that speak DPV.
 */
export interface LegalBasisIdentifiers {
  /** Our name of the basis (`consent`, `contract`, ...). */
  readonly basis: LegalBasis;
  /** The paragraph of the GDPR it is, e.g. `Art. 6(1)(a)`. */
  readonly article: string;
  /** The term of DPV's EU GDPR extension, prefixed: `eu-gdpr:A6-1-a`. */
  readonly gdpr: string;
  /** The full IRI of that term: `https://w3id.org/dpv/legal/eu/gdpr#A6-1-a`. */
  readonly gdprIri: string;
  /** The DPV core concept(s) it is an instance of: `dpv:Consent` (two for Art. 6(1)(e)). */
  readonly dpv: readonly string[];
}

const GDPR_NS = "https://w3id.org/dpv/legal/eu/gdpr#";

function ids(basis: LegalBasis, letter: string, dpv: readonly string[]): LegalBasisIdentifiers {
  const term = `A6-1-${letter}`;
  return Object.freeze({ basis, article: `Art. 6(1)(${letter})`, gdpr: `eu-gdpr:${term}`, gdprIri: GDPR_NS + term, dpv: Object.freeze([...dpv]) });
}

/**
 * Each legal basis of GDPR Art. 6(1) with its DPV / EU GDPR identifiers. The
 * GDPR terms are the un-suffixed `A6-1-a` … `A6-1-f` of DPV's eu-gdpr extension
 * (its finer variants, such as `A6-1-a-explicit-consent`, need facts the
 * ledger does not record). The DPV concepts are those the extension lists as
 * broader (`public-task`, Art. 6(1)(e), is both public interest and official
 * authority, in DPV's order).
 */
export const LEGAL_BASIS_IDENTIFIERS: Readonly<Record<LegalBasis, LegalBasisIdentifiers>> = Object.freeze({
  consent: ids("consent", "a", ["dpv:Consent"]),
  contract: ids("contract", "b", ["dpv:Contract"]),
  "legal-obligation": ids("legal-obligation", "c", ["dpv:LegalObligation"]),
  "vital-interests": ids("vital-interests", "d", ["dpv:VitalInterest"]),
  "public-task": ids("public-task", "e", ["dpv:OfficialAuthorityOfController", "dpv:PublicInterest"]),
  "legitimate-interests": ids("legitimate-interests", "f", ["dpv:LegitimateInterest"]),
});

/**
 * The DPV / EU GDPR identifiers of one of our legal bases (`consent` is
 * `eu-gdpr:A6-1-a` and `dpv:Consent`).
 *
 * @example
 * ```ts
 * import { legalBasisIdentifiers } from "lawful-crm";
 * const ids = legalBasisIdentifiers("contract");
 * console.log(ids.gdpr, ids.article, ids.dpv); //=> eu-gdpr:A6-1-b Art. 6(1)(b) [ 'dpv:Contract' ]
 * ```
 */
export function legalBasisIdentifiers(basis: LegalBasis): LegalBasisIdentifiers {
  if (typeof basis !== "string" || !Object.prototype.hasOwnProperty.call(LEGAL_BASIS_IDENTIFIERS, basis)) {
    throw new LawfulCrmError("INVALID_ARGUMENT", `legalBasisIdentifiers(): expected one of ${Object.keys(LEGAL_BASIS_IDENTIFIERS).join(", ")}, got ${preview(basis)}.`);
  }
  return LEGAL_BASIS_IDENTIFIERS[basis];
}
