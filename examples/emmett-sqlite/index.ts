/**
 * lawful-crm on Emmett's SQLite event store (`@event-driven-io/emmett-sqlite`,
 * an embedded database on the `sqlite3` package: a real file, nothing to
 * start). It writes a small CRM history through the command handler to a file
 * in a temporary folder (the catalog on its own stream, each person on theirs),
 * shows a refusal, then reopens the file, replays the whole log in the order
 * of the store's global position, and prints decisions.
 *
 * This example is a package of its own (examples/emmett-sqlite/package.json,
 * with its own lock file): Emmett's SQLite store needs Emmett 0.38.5 exactly,
 * while the project itself develops against Emmett 0.42.0 for the PostgreSQL
 * store (docs/emmett.md says why). It installs lawful-crm as a user does, a
 * copy of the built package, so that `lawful-crm/emmett` shares this folder's
 * Emmett. Run it with:
 *
 *   npm run build                                 # in the project root
 *   cd examples/emmett-sqlite && npm ci && npm start
 */
import { getSQLiteEventStore, readMessagesBatch, sqliteConnection, type SQLiteReadEvent } from "@event-driven-io/emmett-sqlite";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canUse, explain, type Ledger } from "lawful-crm";
import { CATALOG_STREAM, CommandRefusedError, LawfulCrmCommandHandler, readLedger, replayRecorded, subjectStream, type LawfulCrmEmmettCommand } from "lawful-crm/emmett";

const day = (d: string) => `${d}T09:00:00Z`;
const dir = mkdtempSync(join(tmpdir(), "lawful-crm-sqlite-"));
const fileName = join(dir, "crm.sqlite");

const catalog: LawfulCrmEmmettCommand[] = [
  { type: "declarePurpose", at: day("2024-01-01"), by: "dpo", data: { purpose: "marketing.email", description: "Newsletter by e-mail", legalBases: ["consent"], directMarketing: true } },
  { type: "declarePurpose", at: day("2024-01-01"), by: "dpo", data: { purpose: "sales", description: "Quotes and orders", legalBases: ["contract", "legitimate-interests"] } },
  { type: "publishNotice", at: day("2024-01-01"), by: "dpo", data: { notice: "privacy", version: "1", purposes: ["marketing.email", "sales"] } },
  { type: "registerSource", at: day("2024-01-01"), by: "dpo", data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { type: "grantAccess", at: day("2024-01-01"), by: "dpo", data: { policy: "marketing", role: "marketer", purposes: ["marketing.email"], categories: ["contact"] } },
  { type: "grantAccess", at: day("2024-01-01"), by: "dpo", data: { policy: "sales", role: "sales", purposes: ["sales"], categories: ["contact"] } },
];

const signUp = (subject: string, d: string): LawfulCrmEmmettCommand[] => [
  {
    type: "grantConsent",
    subject,
    at: day(d),
    by: "web",
    data: { consent: `${subject}-newsletter`, purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: `form-${subject}` },
  },
  {
    type: "recordFact",
    subject,
    at: day(d),
    by: "web",
    data: { fact: `${subject}-email`, field: "email", value: `${subject}@example.org`, category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" },
  },
];

// ------------------------------------------------------------------ write
{
  const eventStore = getSQLiteEventStore({ fileName });
  const handle = LawfulCrmCommandHandler();
  await handle(eventStore, catalog);
  await handle(eventStore, signUp("anna", "2024-02-01"));
  await handle(eventStore, signUp("ben", "2024-02-03"));
  await handle(eventStore, { type: "withdrawConsent", subject: "anna", at: day("2024-04-01"), by: "web", data: { consent: "anna-newsletter", channel: "unsubscribe-link" } });
  // A sales contact without any consent, on a contract: recorded under contract, not consent.
  await handle(eventStore, [
    { type: "recordLegalBasis", subject: "carl", at: day("2024-03-01"), by: "sales", data: { basis: "contract", purposes: ["sales"], reference: "order-17" } },
    { type: "recordFact", subject: "carl", at: day("2024-03-01"), by: "sales", data: { fact: "carl-email", field: "email", value: "carl@example.org", category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
  ]);

  // Refused: a newsletter address for carl, who never consented. Nothing is written.
  try {
    await handle(eventStore, { type: "recordFact", subject: "carl", at: day("2024-03-02"), data: { field: "email2", value: "c@x.org", category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } });
    throw new Error("expected a refusal");
  } catch (e) {
    if (!(e instanceof CommandRefusedError)) throw e;
    console.log(`Refused (HTTP ${e.errorCode}): ${e.codes.join(", ")}`);
    for (const x of e.errors) console.log(`  ${x.message}`);
  }
}

console.log(`\nWrote ${statSync(fileName).size} bytes to ${fileName}; reopening it.\n`);

// ------------------------------------------------------------------- read
const reopened = getSQLiteEventStore({ fileName });

// The whole log, in the order of the store's global position.
const connection = sqliteConnection({ fileName });
const messages: SQLiteReadEvent[] = [];
try {
  let after = 0n;
  for (;;) {
    const batch = await readMessagesBatch(connection, { after, batchSize: 100 });
    messages.push(...batch.messages);
    if (!batch.areEventsLeft || batch.messages.length === 0) break;
    after = batch.currentGlobalPosition;
  }
} finally {
  connection.close();
}
const full: Ledger = replayRecorded(messages);
console.log(`Replayed ${full.size} events from ${new Set(messages.map((m) => m.metadata.streamName)).size} streams; accepted ${full.accepted}, rejected ${full.rejected.length}.`);
console.log(`Streams: ${[...new Set(messages.map((m) => m.metadata.streamName))].join(", ")}\n`);

// Or only what one person's decisions need: the catalog and their stream.
const annaOnly = await readLedger(reopened, { subjects: ["anna"] });
const catalogStream = await reopened.readStream(CATALOG_STREAM);
const annaStream = await reopened.readStream(subjectStream("anna"));

const marketer = { id: "mia", roles: ["marketer"] };
const seller = { id: "sam", roles: ["sales"] };
const checks = [
  { ledger: full, q: { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: marketer, at: day("2024-03-01") }, expect: true },
  { ledger: full, q: { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: marketer, at: day("2024-05-01") }, expect: false },
  { ledger: annaOnly, q: { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: marketer, at: day("2024-05-01") }, expect: false },
  { ledger: full, q: { subject: "ben", purpose: "marketing.email", fields: ["email"], actor: marketer, at: day("2024-05-01") }, expect: true },
  { ledger: full, q: { subject: "carl", purpose: "sales", fields: ["email"], actor: seller, at: day("2024-05-01") }, expect: true },
  { ledger: full, q: { subject: "carl", purpose: "marketing.email", fields: ["email"], actor: marketer, at: day("2024-05-01") }, expect: false },
];
let wrong = 0;
for (const { ledger, q, expect } of checks) {
  const d = canUse(ledger, q);
  console.log(`${q.at}, expected ${expect ? "allowed" : "denied"}:\n${explain(d)}`);
  if (d.allowed !== expect) wrong++;
}

const stored = JSON.stringify(annaStream.events[0], (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v), 2);
console.log(`\nThe catalog stream has ${catalogStream.events.length} events, anna's ${annaStream.events.length}; the first of anna's, as stored:\n${stored}`);

rmSync(dir, { recursive: true, force: true });
if (wrong > 0 || full.rejected.length > 0 || annaOnly.rejected.length > 0) {
  console.error(`\n${wrong} decision(s) differ from what this example expects.`);
  process.exit(1);
}
