/**
 * The demo: replays a small CRM history (a newsletter sign-up, a LinkedIn
 * enrichment, a XING contact that came through a sales employee's own
 * account, a withdrawal, the employee leaving) and prints what the library
 * derives from it. Run with `npm run demo`.
 */
import { canUse, departureImpact, explain, profile, replay, subjectsUsableFor, isInvalidQuery, type InvalidQuery } from "lawful-crm";

/** Reports answer a malformed query with an INVALID_QUERY value; this script's queries are well formed. */
function must<T>(x: T | InvalidQuery): T {
  if (isInvalidQuery(x)) throw new Error(x.error.message);
  return x;
}

const at = (d: string) => `${d}T09:00:00Z`;

const history = [
  // The catalog: purposes, the notice, registered sources (each with its assessment), access, linked accounts.
  { id: "e01", type: "PurposeDeclared", at: at("2024-01-02"), data: { purpose: "marketing", description: "Direct marketing", legalBases: ["consent"], directMarketing: true } },
  { id: "e02", type: "PurposeDeclared", at: at("2024-01-02"), data: { purpose: "marketing.email", description: "E-mail newsletter", legalBases: ["consent"], doubleOptIn: true, originDisclosure: true, consentMaxAge: "P2Y" } },
  { id: "e03", type: "PurposeDeclared", at: at("2024-01-02"), data: { purpose: "sales", description: "Sales contacts and contracts", legalBases: ["contract", "legitimate-interests"], retention: "P3Y" } },
  { id: "e04", type: "NoticePublished", at: at("2024-01-02"), data: { notice: "privacy-notice", version: "2024-01", purposes: ["marketing.email", "sales"] } },
  { id: "e05", type: "SourceRegistered", at: at("2024-01-02"), data: { source: "newsletter-form", kind: "form", assessment: "DPIA-2024-001" } },
  { id: "e06", type: "SourceRegistered", at: at("2024-01-02"), data: { source: "linkedin", kind: "social-network", assessment: "DPIA-2024-002" } },
  { id: "e07", type: "SourceRegistered", at: at("2024-01-02"), data: { source: "xing", kind: "social-network", assessment: "DPIA-2024-003" } },
  { id: "e08", type: "AccessPolicyGranted", at: at("2024-01-02"), data: { policy: "pol-marketing", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
  { id: "e09", type: "AccessPolicyGranted", at: at("2024-01-02"), data: { policy: "pol-sales", role: "sales", purposes: ["sales"], categories: ["contact", "professional"] } },
  { id: "e10", type: "AccountLinked", at: at("2024-01-03"), data: { account: "xing:bob", employee: "bob", source: "xing", onDeparture: "keep-company-contacts" } },

  // Anna signs up for the newsletter and confirms (double opt-in); sales enriches her record from LinkedIn.
  { id: "a1", type: "ConsentGranted", at: at("2024-02-01"), subject: "anna", data: { consent: "k-anna", purposes: ["marketing.email"], notice: "privacy-notice", noticeVersion: "2024-01", method: "double-opt-in", channel: "web", evidence: "form-post-8812" } },
  { id: "a2", type: "FactRecorded", at: at("2024-02-01"), subject: "anna", by: "newsletter-form", data: { fact: "f-anna-email", field: "email", value: "anna@example.org", category: "contact.email", source: "newsletter-form", purposes: ["marketing.email"], basis: "consent" } },
  { id: "a3", type: "ConsentConfirmed", at: at("2024-02-01").replace("09:00", "09:05"), subject: "anna", data: { consent: "k-anna", evidence: "confirm-link-8812" } },
  { id: "a4", type: "LegalBasisRecorded", at: at("2024-02-10"), subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "contract-2024-17" } },
  { id: "a5", type: "FactRecorded", at: at("2024-02-10"), subject: "anna", by: "carla", data: { fact: "f-anna-employer", field: "employer", value: "ACME GmbH", category: "professional.employer", source: "linkedin", sourceRef: "linkedin.com/in/anna", purposes: ["sales"], basis: "contract" } },

  // Carl came in through Bob's own XING account; Dora too, marked as a company contact.
  { id: "c1", type: "FactRecorded", at: at("2024-03-01"), subject: "carl", by: "bob", data: { fact: "f-carl-phone", field: "phone", value: "+49 30 1234567", category: "contact.phone", source: "xing", account: "xing:bob", purposes: ["sales"], basis: "legitimate-interests" } },
  { id: "c2", type: "LegalBasisRecorded", at: at("2024-03-01"), subject: "carl", data: { basis: "legitimate-interests", purposes: ["sales"], reference: "LIA-2024-04" } },
  { id: "d1", type: "FactRecorded", at: at("2024-03-02"), subject: "dora", by: "bob", data: { fact: "f-dora-phone", field: "phone", value: "+49 89 7654321", category: "contact.phone", source: "xing", account: "xing:bob", purposes: ["sales"], basis: "legitimate-interests", companyContact: true } },
  { id: "d2", type: "LegalBasisRecorded", at: at("2024-03-02"), subject: "dora", data: { basis: "legitimate-interests", purposes: ["sales"], reference: "LIA-2024-05" } },

  // Anna withdraws her newsletter consent; Bob leaves the company.
  { id: "a6", type: "ConsentWithdrawn", at: at("2024-05-01"), subject: "anna", data: { consent: "k-anna", channel: "unsubscribe-link" } },
  { id: "e11", type: "EmployeeDeparted", at: at("2024-06-30"), data: { employee: "bob" } },
];

const ledger = replay(history);
console.log(`Replayed ${ledger.size} events: ${ledger.accepted} accepted, ${ledger.rejected.length} rejected, ${ledger.duplicates.length} duplicates.\n`);

const anna = must(profile(ledger, "anna"));
console.log("What we hold about anna, and where it came from:");
for (const f of anna.fields) {
  const p = f.current?.provenance;
  console.log(`  ${f.field} = ${JSON.stringify(f.current?.value)}  (source ${p?.source}${p?.sourceRef ? `, ${p.sourceRef}` : ""}; recorded ${p?.at}; for ${p?.purposes.join(", ")}; basis ${p?.basis})`);
}

const marketer = { id: "mia", roles: ["marketer"] };
const seller = { id: "carla", roles: ["sales"] };

const march = canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: marketer, at: at("2024-03-15") });
console.log(`\nMay Mia e-mail the newsletter to anna in March? (consent given and confirmed)\n${explain(march)}`);

const may = canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: marketer, at: at("2024-05-15") });
console.log(`\nAnd in May, after anna unsubscribed?\n${explain(may)}`);

const employer = canUse(ledger, { subject: "anna", purpose: "sales", fields: ["employer"], actor: seller, at: at("2024-05-15") });
console.log(`\nMay Carla use anna's employer for sales? (contract; LinkedIn origin)\n${explain(employer)}`);

console.log("\nBob leaves on 2024-06-30. What happens to the contacts from his XING account?");
const impact = must(departureImpact(ledger, "bob", { at: at("2024-07-01") }));
for (const a of impact.accounts) console.log(`  account ${a.account} (${a.source}), agreement on departure: ${a.onDeparture}`);
for (const f of impact.facts) console.log(`  to erase: ${f.subject}.${f.field} (${f.erasureReason})`);
console.log(`  kept: ${impact.kept} company contact(s)`);

for (const subject of ["carl", "dora"]) {
  const call = canUse(ledger, { subject, purpose: "sales", fields: ["phone"], actor: seller, at: at("2024-07-01") });
  console.log(`\nMay Carla call ${subject} in July?\n${explain(call)}`);
}

console.log("\nNewsletter audience on 2024-03-15 vs 2024-05-15:");
for (const day of ["2024-03-15", "2024-05-15"]) {
  const audience = must(subjectsUsableFor(ledger, { purpose: "marketing.email", fields: ["email"], actor: marketer, at: at(day) }));
  console.log(`  ${day}: ${audience.length === 0 ? "(nobody)" : audience.join(", ")}`);
}
