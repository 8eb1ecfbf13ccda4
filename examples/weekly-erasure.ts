/**
 * The weekly clean-up run (GDPR Art. 17): every Monday at 06:00 the data
 * protection officer's job asks `erasureDue` what must be erased now, erases
 * it with the ready `eraseFact` commands, and reports what a legal
 * obligation keeps and which histories must be repaired first.
 * Run with `npx tsx examples/weekly-erasure.ts`.
 */
import { apply, decide, erasureDue, isInvalidQuery, replay, type ErasureDue, type Ledger } from "lawful-crm";

const day = (d: string) => `${d}T09:00:00Z`;
let ledger: Ledger = replay([
  { id: "p1", type: "PurposeDeclared", at: day("2024-01-01"), data: { purpose: "newsletter", description: "Newsletter", legalBases: ["consent"], directMarketing: true } },
  { id: "p2", type: "PurposeDeclared", at: day("2024-01-01"), data: { purpose: "sales", description: "Orders", legalBases: ["contract"], retention: "P6M" } },
  { id: "p3", type: "PurposeDeclared", at: day("2024-01-01"), data: { purpose: "accounting", description: "Books and records", legalBases: ["legal-obligation"] } },
  { id: "n1", type: "NoticePublished", at: day("2024-01-01"), data: { notice: "privacy", version: "1", purposes: ["newsletter", "sales"] } },
  { id: "s1", type: "SourceRegistered", at: day("2024-01-01"), data: { source: "web", kind: "form", assessment: "DPIA-WEB-1" } },
  { id: "s2", type: "SourceRegistered", at: day("2024-01-01"), data: { source: "linkedin", kind: "social-network", assessment: "DPIA-LI-1" } },
  { id: "a1", type: "AccountLinked", at: day("2024-01-01"), data: { account: "li:tom", employee: "tom", source: "linkedin", onDeparture: "keep-company-contacts" } },
  { id: "c1", type: "PurposeCompatibilityAssessed", at: day("2024-01-01"), data: { from: "sales", to: "accounting", compatible: true, rationale: "Invoices must be kept for tax law (Art. 6(4))." } },
  // Ada subscribed to the newsletter and unsubscribed again.
  { id: "e1", type: "ConsentGranted", at: day("2024-02-01"), subject: "ada", data: { consent: "k-ada", purposes: ["newsletter"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } },
  { id: "e2", type: "FactRecorded", at: day("2024-02-01"), subject: "ada", data: { fact: "ada-mail", field: "email", value: "ada@example.org", category: "contact.email", source: "web", purposes: ["newsletter"], basis: "consent" } },
  { id: "e3", type: "ConsentWithdrawn", at: day("2024-05-02"), subject: "ada", data: { consent: "k-ada", channel: "unsubscribe-link" } },
  // Ben came through Tom's LinkedIn account, not as a company contact; Tom left.
  { id: "e4", type: "FactRecorded", at: day("2024-02-05"), subject: "ben", data: { fact: "ben-phone", field: "phone", value: "+49 30 1234", category: "contact.phone", source: "linkedin", account: "li:tom", purposes: ["sales"], basis: "contract" } },
  { id: "e5", type: "LegalBasisRecorded", at: day("2024-02-05"), subject: "ben", data: { basis: "contract", purposes: ["sales"], reference: "offer-77" } },
  { id: "e6", type: "EmployeeDeparted", at: day("2024-05-15"), data: { employee: "tom" } },
  // Cem ordered once: the order's data is past its six months, but tax law keeps the invoice address.
  { id: "e7", type: "FactRecorded", at: day("2024-01-10"), subject: "cem", data: { fact: "cem-address", field: "address", value: "Hauptstr. 1, Berlin", category: "contact.address", source: "web", purposes: ["sales"], basis: "contract" } },
  { id: "e8", type: "LegalBasisRecorded", at: day("2024-01-10"), subject: "cem", data: { basis: "contract", purposes: ["sales"], reference: "order-12" } },
  { id: "e9", type: "LegalBasisRecorded", at: day("2024-01-10"), subject: "cem", data: { basis: "legal-obligation", purposes: ["accounting"], reference: "AO §147" } },
  // Dora's record holds an event the import could not read: nothing is erased on its strength until it is repaired.
  { id: "e10", type: "FactRecorded", at: day("2024-03-01"), subject: "dora", data: { fact: "dora-mail", field: "email", value: "dora@example.org", category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } },
  { id: "e11", type: "FactRecorded", at: day("2024-03-02"), subject: "dora", data: { fact: "dora-phone", field: "phone" } },
]);

const monday = "2024-08-05T06:00:00Z";

function print(list: ErasureDue): void {
  console.log(`Erasure work list of ${list.at}: ${list.due.length} to erase, ${list.kept.length} kept, ${list.incomplete.length} to repair first`);
  for (const i of list.due) console.log(`  ERASE ${i.subject}/${i.field} (fact ${i.fact}), due since ${i.since}: ${i.reasons.map((r) => r.code).join(", ")}; held in ${i.heldIn.join(", ")}`);
  for (const i of list.kept) console.log(`  KEEP  ${i.subject}/${i.field}: ${i.reasons.map((r) => r.code).join(", ")}, but kept under ${i.basis.legalBasis} (events ${i.basis.eventIds.join(", ")})`);
  for (const s of list.incomplete) console.log(`  REPAIR ${s.subject} first: ${s.rejects.map((r) => `${r.id ?? `#${r.position}`} (${r.code})`).join(", ")}`);
}

const list = erasureDue(ledger, { at: monday });
if (isInvalidQuery(list)) throw new Error(list.error.message);
print(list);

// Erase: each command as decide accepts it now; a later erasure already in the log is left to do its work.
let n = 0;
for (const item of list.due) {
  if (item.command === undefined) {
    console.log(`  ${item.subject}/${item.fact} is already erased by ${item.erasedBy?.eventId}`);
    continue;
  }
  const r = decide({ ...item.command, by: "dpo-weekly-job" }, ledger, { now: () => monday, newId: () => `cleanup-2024-08-05-${++n}` });
  if (r._tag === "Left") throw new Error(r.left.map((e) => e.message).join("; "));
  for (const e of r.right) ledger = apply(ledger, e); // in production: append to the log, then apply
}

const after = erasureDue(ledger, { at: monday });
if (isInvalidQuery(after)) throw new Error(after.error.message);
print(after);
if (after.due.length !== 0) throw new Error("the clean-up left values due for erasure");
if (after.kept.length !== list.kept.length || after.incomplete.length !== list.incomplete.length) throw new Error("the clean-up changed what it must not");
