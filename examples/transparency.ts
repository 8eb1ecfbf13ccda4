/**
 * Transparency and erasure: a person's access report (Art. 15), the
 * origin-disclosure work list (Art. 14(3)), a portability export (Art. 20),
 * the record of processing (Art. 30), a consent receipt (ISO/IEC TS 27560),
 * and an erasure request (Art. 17) carried out in an immutable log by
 * crypto-shredding. Run with `npx tsx examples/transparency.ts`.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  accessReport,
  consentReceipt,
  createMemoryVault,
  decideWithVault,
  disclosureDue,
  eraseSubject,
  portabilityExport,
  processingRecord,
  profile,
  renderAccessReport,
  renderProcessingRecord,
  replayWithVault,
  sealEvents,
  unsealEvents,
  apply, isInvalidQuery, type InvalidQuery } from "lawful-crm";

/** Reports answer a malformed query with an INVALID_QUERY value; this script's queries are well formed. */
function must<T>(x: T | InvalidQuery): T {
  if (isInvalidQuery(x)) throw new Error(x.error.message);
  return x;
}

const at = (d: string, t = "09:00:00") => `${d}T${t}Z`;

const history = [
  // The catalog.
  { id: "e01", type: "PurposeDeclared", at: at("2024-01-02"), data: { purpose: "marketing.email", description: "E-mail newsletter", legalBases: ["consent"], doubleOptIn: true, originDisclosure: true, retention: "P2Y", directMarketing: true } },
  { id: "e02", type: "PurposeDeclared", at: at("2024-01-02"), data: { purpose: "sales", description: "Sales contacts and contracts", legalBases: ["contract", "legitimate-interests"], retention: "P3Y" } },
  { id: "e03", type: "NoticePublished", at: at("2024-01-02"), data: { notice: "privacy-notice", version: "2024-01", purposes: ["marketing.email", "sales"], language: "en" } },
  { id: "e04", type: "SourceRegistered", at: at("2024-01-02"), data: { source: "newsletter-form", kind: "form", assessment: "DPIA-2024-001" } },
  { id: "e05", type: "SourceRegistered", at: at("2024-01-02"), data: { source: "linkedin", kind: "social-network", assessment: "DPIA-2024-002" } },
  { id: "e06", type: "AccessPolicyGranted", at: at("2024-01-02"), data: { policy: "pol-marketing", role: "marketer", purposes: ["marketing.email"], categories: ["contact"] } },
  { id: "e07", type: "AccessPolicyGranted", at: at("2024-01-02"), data: { policy: "pol-sales", role: "sales", purposes: ["sales"], categories: ["contact", "professional"] } },
  // Anna signs up (double opt-in), sales adds her employer from LinkedIn, her consent is used, she withdraws it.
  { id: "a1", type: "ConsentGranted", at: at("2024-02-01"), subject: "anna", data: { consent: "k1", purposes: ["marketing.email"], notice: "privacy-notice", noticeVersion: "2024-01", method: "double-opt-in", channel: "web", evidence: "form-post-8812" } },
  { id: "a2", type: "FactRecorded", at: at("2024-02-01"), subject: "anna", by: "newsletter-form", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "newsletter-form", purposes: ["marketing.email", "sales"], basis: "consent" } },
  { id: "a3", type: "ConsentConfirmed", at: at("2024-02-01", "09:05:00"), subject: "anna", data: { consent: "k1", evidence: "confirm-link-8812" } },
  { id: "a4", type: "LegalBasisRecorded", at: at("2024-02-10"), subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "contract-2024-17" } },
  { id: "a5", type: "FactRecorded", at: at("2024-02-10"), subject: "anna", by: "carla", data: { fact: "f2", field: "employer", value: "ACME GmbH", category: "professional.employer", source: "linkedin", sourceRef: "linkedin.com/in/anna", purposes: ["sales"], basis: "contract" } },
  { id: "a6", type: "UseRecorded", at: at("2024-03-05"), subject: "anna", data: { purpose: "marketing.email", fields: ["email"], actor: "mia", roles: ["marketer"], bases: [{ field: "email", legalBasis: "consent", eventIds: ["a1", "a3"] }] } },
  { id: "a7", type: "ConsentWithdrawn", at: at("2024-05-01"), subject: "anna", data: { consent: "k1", channel: "unsubscribe-link", evidence: "mail-log-889" } },
  // Ben came from LinkedIn and was never told.
  { id: "b1", type: "FactRecorded", at: at("2024-03-01"), subject: "ben", data: { fact: "fb", field: "employer", value: "Beta AG", category: "professional.employer", source: "linkedin", purposes: ["sales"], basis: "legitimate-interests" } },
];

async function main(): Promise<void> {
  const now = "2024-06-01T00:00:00Z";
  const vault = createMemoryVault();

  // Personal values are sealed with one key per person before they are stored.
  let log: unknown[] = await sealEvents(history, vault);
  let ledger = await replayWithVault(log, vault);

  // New data goes through the vault on the write side too: decide stays pure, the wrapper seals.
  let n = 0;
  const ctx = { now: () => "2024-05-20T10:00:00Z", newId: () => `cmd-${++n}` };
  const r = await decideWithVault(
    { type: "recordFact", subject: "anna", data: { field: "city", value: "Berlin", category: "contact.address", source: "newsletter-form", purposes: ["sales"], basis: "contract" } },
    ledger,
    ctx,
    vault,
  );
  if (r._tag === "Left") throw new Error(r.left.map((e) => e.message).join("; "));
  log = [...log, ...r.right];
  for (const e of await unsealEvents(r.right, vault)) ledger = apply(ledger, e);
  console.log("Stored event (value sealed):", JSON.stringify(r.right[0]).slice(0, 160) + "…\n");

  // Art. 15: the access report, as a document for the person.
  const report = must(accessReport(ledger, "anna", { at: now }));
  const md = renderAccessReport(report, "markdown");
  console.log(`Anna's access report (Markdown), up to "The information":\n${md.split("\n## The information")[0]}`);
  const htmlPath = join(tmpdir(), "lawful-crm-access-report-anna.html");
  writeFileSync(htmlPath, renderAccessReport(report, "html"));
  console.log(`(full report as HTML: ${htmlPath})\n`);

  // Art. 14(3): whom we still have to tell where their data came from.
  console.log("Origin disclosure due:");
  for (const i of must(disclosureDue(ledger, { at: now })).items) {
    console.log(`  ${i.subject}: tell about ${i.source} by ${i.due}${i.overdue ? " — OVERDUE" : ""}`);
  }

  // Art. 20: what the person gave us, on consent or contract.
  console.log("\nPortability export:", JSON.stringify(must(portabilityExport(ledger, "anna", { at: now })).facts.map((f) => [f.field, f.value])));

  // Art. 30: the record of processing, with the controller's parts as placeholders.
  const record = renderProcessingRecord(must(processingRecord(ledger, { at: now })), { fill: { controller: "ACME GmbH, Berlin; DPO: dpo@acme.example" } });
  console.log(`\nThe record of processing (Art. 30), its first lines:\n${record.split("\n").slice(0, 14).join("\n")}\n…`);

  // ISO/IEC TS 27560: a consent receipt.
  const receipt = must(consentReceipt(ledger, "anna", "k1", { at: now, controller: { id: "company:acme", name: "ACME GmbH" } }));
  const states = receipt?.["dpv:hasProcess"][0]?.["dpv:hasProcess"][0]?.["dpv:hasConsentStatus"].map((s) => `${s["@type"][0]} at ${s["dpv:isIndicatedAtTime"]}`);
  console.log("\nConsent receipt k1:", receipt?.["dct:conformsTo"], states);

  // Art. 17: a full erasure request. Append the FactErased events, then forget the key.
  const plan = must(eraseSubject(ledger, "anna", { at: "2024-06-02T00:00:00Z", by: "dpo" }));
  log = [...log, ...plan.events];
  await vault.forget(plan.forget.subject);
  console.log(`\nErasure: ${plan.events.length} FactErased events; key of ${plan.forget.subject} forgotten (${plan.forget.values.length} events held values).`);

  const after = await replayWithVault(log, vault);
  const before = must(profile(after, "anna", { at: now })).fields.map((f) => `${f.field}=${String(f.current?.value).slice(0, 32)}`);
  console.log("Profile as it stood on", now, "(values forgotten):", before.join(", "));
  const later = must(accessReport(after, "anna", { at: "2024-06-03T00:00:00Z" }));
  console.log("After the erasure:", later.values.map((v) => `${v.field}: ${v.state}`).join(", "));
  console.log("Still there for accountability:", `${later.consents.length} consent(s), ${later.uses.length} use(s), ${later.purposes.length} purpose(s)`);
  console.log("Plaintext left in the stored log:", JSON.stringify(log).includes("anna@example.org") ? "YES (bug)" : "none");
}

main().catch((e: unknown) => {
  console.error("The example failed:", e);
  process.exit(1);
});
