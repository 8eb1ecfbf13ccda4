/**
 * Social channels end to end: a company registers LinkedIn, XING and a
 * Facebook app (whose import needs consent), checks a channel before and
 * after switching it on, audits who may use what, and records every use.
 * Run with `npx tsx examples/channels.ts`.
 */
import { accessMatrix, apply, assessSource, canUse, explain, isInvalidQuery, recordUse, replay, usesOf, whoMayUse, type InvalidQuery } from "lawful-crm";

/** A query answer, or a stop with its message: every query below is well-formed. */
function must<T>(x: T | InvalidQuery): T {
  if (isInvalidQuery(x)) throw new Error(x.error.message);
  return x;
}

const T = (d: string) => `${d}T10:00:00Z`;
let n = 0;
const newId = () => `use-${++n}`;

let ledger = replay([
  { id: "p1", type: "PurposeDeclared", at: T("2024-01-01"), data: { purpose: "marketing", description: "Marketing", legalBases: ["consent"], directMarketing: true } },
  { id: "p2", type: "PurposeDeclared", at: T("2024-01-01"), data: { purpose: "sales", description: "Sales", legalBases: ["legitimate-interests"] } },
  { id: "n1", type: "NoticePublished", at: T("2024-01-01"), data: { notice: "fb-app", version: "1", purposes: ["marketing"] } },
  { id: "s1", type: "SourceRegistered", at: T("2024-01-01"), data: { source: "linkedin", kind: "social-network", assessment: "DPIA-LI-1" } },
  { id: "s2", type: "SourceRegistered", at: T("2024-01-01"), data: { source: "xing", kind: "social-network", assessment: "DPIA-XING-1" } },
  { id: "s3", type: "SourceRegistered", at: T("2024-01-01"), data: { source: "facebook-app", kind: "social-app", assessment: "DPIA-FB-1", importConsentPurpose: "marketing" } },
  { id: "g1", type: "AccessPolicyGranted", at: T("2024-01-01"), data: { policy: "sales-contacts", role: "sales", purposes: ["sales"], categories: ["contact"] } },
  { id: "g2", type: "AccessPolicyGranted", at: T("2024-01-01"), data: { policy: "marketing-contacts", role: "marketer", purposes: ["marketing"], categories: ["contact.email"] } },
  // Eve used the Facebook app and consented to marketing; Finn used it without consenting.
  { id: "e1", type: "ConsentGranted", at: T("2024-02-01"), subject: "eve", data: { consent: "k-eve", purposes: ["marketing"], notice: "fb-app", noticeVersion: "1", method: "opt-in", channel: "facebook-app", evidence: "fb-consent-991" } },
  { id: "e2", type: "FactRecorded", at: T("2024-02-01"), subject: "eve", data: { fact: "eve-mail", field: "email", value: "eve@example.net", category: "contact.email", source: "facebook-app", purposes: ["marketing"], basis: "consent" } },
  { id: "f1", type: "FactRecorded", at: T("2024-02-02"), subject: "finn", data: { fact: "finn-mail", field: "email", value: "finn@example.net", category: "contact.email", source: "facebook-app", purposes: ["marketing"], basis: "consent" } },
  { id: "f2", type: "ConsentGranted", at: T("2024-02-03"), subject: "finn", data: { consent: "k-finn", purposes: ["marketing"], notice: "fb-app", noticeVersion: "1", method: "opt-in", channel: "facebook-app", evidence: "fb-consent-992" } },
]);

console.log(`Channel check for the Facebook app:\n${JSON.stringify(assessSource(ledger, "facebook-app", { at: T("2024-03-01") }), null, 2)}`);

console.log("\nWho may use contact.email for marketing?", whoMayUse(ledger, { purpose: "marketing", category: "contact.email", at: T("2024-03-01") }));
console.log("Access matrix:");
for (const g of must(accessMatrix(ledger, { at: T("2024-03-01") }))) console.log(`  ${g.role} may use ${g.category} for ${g.purpose} (policy ${g.policies.join(", ")})`);

const mia = { id: "mia", roles: ["marketer"] };
for (const subject of ["eve", "finn"]) {
  const query = { subject, purpose: "marketing", fields: ["email"], actor: mia, at: T("2024-03-01") };
  const r = recordUse(ledger, query, { newId });
  if (r._tag === "Right") {
    ledger = apply(ledger, r.right);
    console.log(`\nRecorded use ${r.right.id} of ${subject}'s email by mia.`);
  } else {
    console.log(`\nNo use recorded for ${subject}:\n${explain(r.left)}`);
  }
}

console.log("\nEvery recorded use of eve's data:");
for (const u of must(usesOf(ledger, "eve"))) console.log(`  ${u.at} ${u.actor} used ${u.fields.join(", ")} for ${u.purpose} (${u.bases.map((b) => `${b.field}: ${b.legalBasis}`).join("; ")})`);

const forSales = canUse(ledger, { subject: "eve", purpose: "sales", fields: ["email"], actor: { id: "sam", roles: ["sales"] }, at: T("2024-03-01") });
console.log(`\nA sales employee asking for eve's email for sales:\n${explain(forSales)}`);
