/** The access report's purposes: each purpose the person's data is held or used for, as declared at the report's instant. */
import { cmp, defined } from "../_internal/values.js";
import type { ReadContext } from "../ledger/index.js";
import { attribute, declarationOf, legalBasesOf, purposeInForce } from "../purposes/index.js";
import type { ReportedPurpose } from "./accessTypes.js";

/** The purposes `names`, deduplicated and in code-unit order. */
export function reportPurposes(c: ReadContext, names: Iterable<string>): ReportedPurpose[] {
  const { v, i } = c;
  return [...new Set(names)].sort(cmp).map((p) => {
    const decl = declarationOf(v, p, i);
    return defined({
      purpose: p,
      declared: decl !== undefined,
      inForce: purposeInForce(v, p, i),
      description: decl?.e.data.description,
      legalBases: [...legalBasesOf(v, p, i)],
      retention: attribute(v, p, "retention", i),
      consentMaxAge: attribute(v, p, "consentMaxAge", i),
      directMarketing: attribute(v, p, "directMarketing", i),
    }) as ReportedPurpose;
  });
}
