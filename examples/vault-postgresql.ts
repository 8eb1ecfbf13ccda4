/**
 * Keys that survive a restart: `lawful-crm/postgres` keeps each person's key
 * in a PostgreSQL table, wrapped under a key-encryption key (KEK) you supply,
 * next to Emmett's PostgreSQL event store.
 *
 * 1. Instance A migrates the key table, decides commands through the vault
 *    (personal values sealed) and appends the sealed events to Emmett's store.
 * 2. A restart: instance B, with a pool and a vault of its own and the same
 *    KEK, reads the store back through the vault.
 * 3. An erasure request: FactErased events, then forget: anna's values read
 *    as forgotten in every process; her row keeps only a tombstone.
 * 4. A wrong KEK fails with a clear error; nothing reads as forgotten.
 * 5. The KEK is rotated: every live key is rewrapped under the new one.
 *
 * Needs a server: LAWFUL_CRM_PG_URL. A throwaway one:
 *
 *   eval "$(bash .ci/pg.sh start)"
 *   npx tsx examples/vault-postgresql.ts
 *   bash .ci/pg.sh stop
 *
 * It writes streams named `vault_example_<run>…` and a key table of the same
 * name (dropped at the end) into that database: point it at a throwaway one.
 */
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { apply, canUse, decideWithVault, eraseSubject, isForgotten, isInvalidQuery, profile, replay, replayWithVault, unsealEvents, type Command, type Ledger, type LedgerEvent } from "lawful-crm";
import { fromEmmettEvent, toEmmettEvent } from "lawful-crm/emmett";
import { aesKeyEncryptionKey, createPostgresVault, type KeyEncryptionKey } from "lawful-crm/postgres";


const run = `vault_example_${Date.now().toString(36)}`;
const table = run; // the key table; `${run}_keks` beside it
const catalogStream = `${run}-catalog`;
const personStream = (subject: string) => `${run}_person-${subject}`;

// A stand-in for your KMS or secret store: the library never reads a key
// from the environment, you fetch it and hand it over. Each KEK has an id,
// stored beside every key it wraps.
const secretStore = new Map([
  ["crm-kek-2026-01", crypto.getRandomValues(new Uint8Array(32))],
  ["crm-kek-2026-07", crypto.getRandomValues(new Uint8Array(32))],
]);
const kekFromSecretStore = (id: string): Promise<KeyEncryptionKey> => aesKeyEncryptionKey(id, secretStore.get(id)!);

const day = (d: string) => `${d}T09:00:00Z`;
// Typed commands, each with the instant it is decided at (`at`, optional on a Command).
const commands: Command[] = [
  { type: "declarePurpose", at: day("2024-01-01"), data: { purpose: "marketing.email", description: "Newsletter by e-mail", legalBases: ["consent"] } },
  { type: "publishNotice", at: day("2024-01-01"), data: { notice: "privacy", version: "1", purposes: ["marketing.email"] } },
  { type: "registerSource", at: day("2024-01-01"), data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { type: "grantAccess", at: day("2024-01-01"), data: { policy: "marketing", role: "marketer", purposes: ["marketing.email"], categories: ["contact"] } },
  ...["anna", "ben"].flatMap((subject): Command[] => [
    { type: "grantConsent", subject, at: day("2024-02-01"), data: { consent: `${subject}-news`, purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: `form-${subject}` } },
    { type: "recordFact", subject, at: day("2024-02-01"), data: { fact: `${subject}-email`, field: "email", value: `${subject}@example.org`, category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } },
  ]),
];

/** The run's streams, merged in the order of the store's global position, as stored (sealed). */
async function storedLog(store: ReturnType<typeof getPostgreSQLEventStore>): Promise<Record<string, unknown>[]> {
  const all = [];
  for (const name of [catalogStream, personStream("anna"), personStream("ben")]) all.push(...(await store.readStream(name)).events);
  all.sort((a, b) => (a.metadata.globalPosition < b.metadata.globalPosition ? -1 : 1));
  return all.map(fromEmmettEvent);
}
const emailOf = (ledger: Ledger, subject: string) => {
  const p = profile(ledger, subject, { at: day("2024-03-01") });
  return isInvalidQuery(p) ? p.error.message : p.fields.find((f) => f.field === "email")?.current?.value;
};

// ------------------------------------------------------------ instance A
async function main(url: string): Promise<void> {
  const poolA = new pg.Pool({ connectionString: url, max: 4 });
  const vaultA = createPostgresVault({ pool: poolA, kek: await kekFromSecretStore("crm-kek-2026-01"), table });
  await vaultA.migrate(); // once per database: creates the table, registers the KEK
  const storeA = getPostgreSQLEventStore(url);
  let ledger = replay([]);
  let n = 0;
  for (const command of commands) {
    const r = await decideWithVault(command, ledger, { now: () => command.at!, newId: () => `${run}-e${++n}` }, vaultA);
    if (r._tag === "Left") throw new Error(r.left.map((e) => e.message).join("; "));
    await storeA.appendToStream("subject" in command ? personStream(command.subject) : catalogStream, r.right.map(toEmmettEvent));
    for (const e of (await unsealEvents(r.right, vaultA)) as LedgerEvent[]) ledger = apply(ledger, e);
  }
  const sealedEmail = (await storedLog(storeA)).find((e) => e["type"] === "FactRecorded")!["data"] as Record<string, unknown>;
  console.log(`Instance A appended ${n} events; in the store anna's e-mail is ${String(sealedEmail["value"]).slice(0, 40)}…`);
  await Promise.all([storeA.close(), poolA.end()]);

  // ------------------------------------------------- a restart: instance B
  const poolB = new pg.Pool({ connectionString: url, max: 4 });
  const vaultB = createPostgresVault({ pool: poolB, kek: await kekFromSecretStore("crm-kek-2026-01"), table });
  const storeB = getPostgreSQLEventStore(url);
  const read = await replayWithVault(await storedLog(storeB), vaultB);
  console.log(`After a restart, instance B reads anna's e-mail: ${String(emailOf(read, "anna"))}; ben's: ${String(emailOf(read, "ben"))}`);

  // --------------------------------------------------- an erasure request
  const plan = eraseSubject(read, "anna", { at: day("2024-06-10"), by: "dpo" });
  if (isInvalidQuery(plan)) throw new Error(plan.error.message);
  await storeB.appendToStream(personStream("anna"), plan.events.map(toEmmettEvent)); // decisions follow these
  await vaultB.forget(plan.forget.subject); // the bytes: anna's key is destroyed
  const after = await replayWithVault(await storedLog(storeB), vaultB);
  const annaEmail = emailOf(after, "anna");
  console.log(`After forget, anna's e-mail as it stood on 2024-03-01 reads ${String(annaEmail)} (forgotten: ${isForgotten(annaEmail)}); ben's: ${String(emailOf(after, "ben"))}`);
  const row = (await poolB.query(`SELECT subject, generation, kek, wrapped FROM ${table} ORDER BY subject`)).rows as { subject: string; generation: number; kek: string | null; wrapped: Buffer | null }[];
  for (const r of row) console.log(`  key row ${r.subject}: generation ${r.generation}, ${r.wrapped === null ? "tombstone (no key material)" : `${r.wrapped.length} bytes wrapped under ${r.kek}`}`);
  const marketer = { id: "mia", roles: ["marketer"] };
  const decision = canUse(after, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: marketer, at: day("2024-07-01") });
  console.log(`May we e-mail anna on 2024-07-01? ${decision.allowed} (${decision.reasons.map((x) => x.code).join(", ")})`);

  // ----------------------------------------------------- a wrong KEK fails
  const wrong = createPostgresVault({ pool: poolB, kek: await aesKeyEncryptionKey("crm-kek-2026-01", new Uint8Array(32)), table });
  let refused = "";
  try {
    await replayWithVault(await storedLog(storeB), wrong);
  } catch (e) {
    refused = e instanceof Error ? e.message : String(e);
  }
  console.log(`With a wrong KEK, replayWithVault fails:\n  ${refused}`);

  // ------------------------------------------------------ rotating the KEK
  const oldKek = await kekFromSecretStore("crm-kek-2026-01");
  const newKek = await kekFromSecretStore("crm-kek-2026-07");
  const rotating = createPostgresVault({ pool: poolB, kek: newKek, previousKeks: [oldKek], table });
  const report = await rotating.rewrapKeys(oldKek, newKek);
  const rotated = createPostgresVault({ pool: poolB, kek: newKek, table }); // the old KEK is no longer needed
  console.log(`Rotation: ${report.rewrapped} key(s) rewrapped, ${report.skipped} skipped; with the new KEK alone ben's e-mail reads ${String(emailOf(await replayWithVault(await storedLog(storeB), rotated), "ben"))}`);

  await poolB.query(`DROP TABLE ${table}, ${table}_keks`);
  await Promise.all([storeB.close(), poolB.end()]);
  const ok = emailOf(read, "anna") === "anna@example.org" && isForgotten(annaEmail) && !decision.allowed && /not the key registered/.test(refused) && report.rewrapped === 1;
  if (!ok) {
    console.error("\nThe example did not go as its comments say.");
    process.exit(1);
  }
}

const url = process.env["LAWFUL_CRM_PG_URL"] ?? "";
const how = 'set LAWFUL_CRM_PG_URL to a PostgreSQL server; `eval "$(bash .ci/pg.sh start)"` starts a throwaway one';
// As the PostgreSQL tests: without a server it is skipped (the docs test runs every example),
// unless LAWFUL_CRM_PG_REQUIRED=1 (.ci/run) makes a missing server a failure.
if (url !== "") await main(url);
else if (process.env["LAWFUL_CRM_PG_REQUIRED"] === "1") throw new Error(`LAWFUL_CRM_PG_REQUIRED=1 but LAWFUL_CRM_PG_URL is not set: ${how}.`);
else console.log(`Skipped: ${how}.`);
