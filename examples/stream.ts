/**
 * A log on disk, replayed as a stream: the CRM exports its events as NDJSON
 * with `toNdjsonLines`, a crash cuts the last line short, and `replayStream`
 * reads the file back line by line, reporting progress and the bad line by
 * its line number; a void by position repairs the history.
 * Run with `npx tsx examples/stream.ts`.
 */
import { appendFileSync, createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { apply, canUse, replayStream, toNdjsonLines } from "lawful-crm";

const T = (d: string) => `${d}T10:00:00Z`;
const events = [
  { id: "p1", type: "PurposeDeclared", at: T("2024-01-01"), data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
  { id: "s1", type: "SourceRegistered", at: T("2024-01-01"), data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { id: "g1", type: "AccessPolicyGranted", at: T("2024-01-01"), data: { policy: "pol-sales", role: "sales", purposes: ["sales"], categories: ["contact"] } },
  { id: "a1", type: "FactRecorded", at: T("2024-02-01"), subject: "anna", data: { fact: "f1", field: "email", value: "anna@exämple.org", category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
  { id: "a2", type: "LegalBasisRecorded", at: T("2024-02-01"), subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "order-42" } },
];

const dir = mkdtempSync(path.join(os.tmpdir(), "lawful-crm-example-"));
const file = path.join(dir, "events.ndjson");
try {
  await pipeline(Readable.from(toNdjsonLines(events)), createWriteStream(file));
  // The process writing the next event crashed half-way through the line.
  appendFileSync(file, '{"id":"a3","type":"FactCorrected","at":"2024-03-01T10:00:00Z","subject":"anna","da');

  const ledger = await replayStream(createReadStream(file), {
    onProgress: ({ lines, bytes }) => console.log(`read ${lines} lines, ${bytes} bytes`),
  });
  console.log(`${ledger.accepted} events accepted, ${ledger.rejected.length} rejected`);
  for (const r of ledger.rejected) console.log(`line ${r.line} (position ${r.position}): ${r.code}: ${r.reason}`);

  const query = { subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u1", roles: ["sales"] }, at: T("2024-04-01") };
  console.log("before the repair:", canUse(ledger, query).reasons.map((r) => r.code));

  // The cut line is voided by its position once its content has been re-sent.
  const bad = ledger.rejected[0]!;
  const repaired = apply(ledger, { id: "v1", type: "EventVoided", at: T("2024-03-02"), data: { position: bad.position, reason: `line ${bad.line} was cut short by a crash` } });
  console.log("after the repair:", canUse(repaired, query).allowed);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
