/**
 * Standard vocabularies: start a catalog from the Fides default taxonomy
 * (fideslang) and from the W3C Data Privacy Vocabulary (DPV) purposes, and
 * see the legal bases in DPV / GDPR terms in the record of processing.
 * Run with `npx tsx examples/vocabularies.ts`.
 *
 * The data files are the unmodified copies kept for the tests (see
 * test/vocabularies/fixtures/README.md for sources and licences). In your
 * project, download them: `data_files/*.json` of ethyca/fideslang (CC BY 4.0,
 * © Ethyca, Inc.) and `2.3/dpv/modules/purposes.csv` of w3c/dpv (material from
 * the Data Privacy Vocabulary, https://w3id.org/dpv, Copyright © World Wide Web
 * Consortium (W3C DPVCG), https://www.w3.org/copyright/software-license-2023/).
 */
import { readFileSync } from "node:fs";
import {
  accessPolicyFromVocabulary,
  fromDpv,
  fromFideslang,
  isInvalidQuery,
  processingRecord,
  renderProcessingRecord,
  replay,
} from "lawful-crm";

const data = (path: string) => readFileSync(new URL(`../test/vocabularies/fixtures/${path}`, import.meta.url), "utf8");
const at = "2024-01-01T00:00:00Z";

// fideslang: data uses become purposes, under their own dotted keys; data categories are the ids facts are recorded under.
const taxonomy = { ...JSON.parse(data("fideslang/data_uses.json")), ...JSON.parse(data("fideslang/data_categories.json")) };
const fides = fromFideslang(taxonomy, {
  at,
  idPrefix: "fides:",
  // A taxonomy says nothing about legal bases (GDPR Art. 6(1)); the controller does. Uses not listed are left out.
  legalBases: { essential: ["contract", "legal-obligation"], "marketing.communications": ["consent"] },
});
if (fides._tag === "Left") throw new Error(fides.left.message);
console.log(`fideslang: ${fides.right.events.length} purposes declared, ${fides.right.categories.length} data categories`);
const noBasis = fides.right.unmapped.filter((u) => u.code === "NO_LEGAL_BASIS").map((u) => u.term);
console.log(`  left out for want of a legal basis: ${noBasis.length} (${noBasis.slice(0, 3).join(", ")}, …)`);

// DPV: CamelCase concepts in a poly-hierarchy become one dotted id each, under their first broader purpose.
const dpv = fromDpv(data("dpv/dpv-core/purposes.csv"), { at, idPrefix: "dpv:", legalBases: ["consent"] });
if (dpv._tag === "Left") throw new Error(dpv.left.message);
console.log(`DPV: ${dpv.right.events.length} purposes declared`);
for (const term of ["dpv:DirectMarketing", "dpv:PersonalisedAdvertising"]) {
  const p = dpv.right.purposes.find((x) => x.term === term)!;
  console.log(`  ${term} -> ${p.purpose}${p.alsoUnder !== undefined ? ` (also under ${p.alsoUnder.join(", ")})` : ""}`);
}
for (const u of dpv.right.unmapped) console.log(`  left out: ${u.term} ${u.code}: ${u.reason}`);

// An access policy on fideslang categories: a misspelt category is refused now instead of silently granting nothing.
const typo = accessPolicyFromVocabulary(fides.right, { policy: "p-support", role: "support", purposes: ["essential.service"], categories: ["user.contct"] }, { at, id: "policy-1" });
console.log(`grant with a typo: ${typo._tag === "Left" ? `${typo.left.code}: ${typo.left.message}` : "made"}`);
const grant = accessPolicyFromVocabulary(fides.right, { policy: "p-support", role: "support", purposes: ["essential.service"], categories: ["user.contact"] }, { at, id: "policy-1" });
if (grant._tag === "Left") throw new Error(grant.left.message);

// The record of processing (Art. 30) names each basis with its article and DPV / EU GDPR identifier.
const ledger = replay([...fides.right.events, grant.right]);
const record = processingRecord(ledger, { at: "2024-02-01T00:00:00Z" });
if (isInvalidQuery(record)) throw new Error(record.error.message);
const service = record.activities.find((a) => a.purpose === "essential.service")!;
console.log(`essential.service rests on: ${service.legalBasisIdentifiers.map((b) => `${b.basis} = ${b.gdpr} (${b.article}, ${b.dpv.join(", ")})`).join("; ")}`);
console.log(`in the rendered record: ${renderProcessingRecord(record).split("\n").find((l) => l.startsWith("- **Legal bases:**"))}`);
