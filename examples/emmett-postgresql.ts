/**
 * lawful-crm on Emmett's PostgreSQL event store
 * (`@event-driven-io/emmett-postgresql` 0.42.0) and a real server: two
 * service instances write the same people through the command handler (the
 * catalog on its own stream, each person on theirs, optimistic concurrency
 * on the stream appended to), each keeping the catalog cached by its
 * position; then a reader answers from its own cache, the audience read
 * model (an Emmett projection) answers "who may get the newsletter" from its
 * rows, and the whole store is replayed in the order of its global position.
 *
 * Needs a server: LAWFUL_CRM_PG_URL (without one it says so and stops; with
 * LAWFUL_CRM_PG_REQUIRED=1, as in CI, that is an error). A throwaway one:
 *
 *   eval "$(bash .ci/pg.sh start)"
 *   npx tsx examples/emmett-postgresql.ts
 *   bash .ci/pg.sh stop
 *
 * It writes streams named `example_<run>…` (a new run id each time) into
 * that database and leaves them there: point it at a throwaway database.
 */
import { getPostgreSQLEventStore, postgreSQLEventStoreConsumer } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { canUse, explain, subjectsUsableFor } from "lawful-crm";
import { audienceReadModel, CommandRefusedError, LawfulCrmCommandHandler, ledgerCache, replayRecorded, type LawfulCrmEmmettCommand } from "lawful-crm/emmett";

// Stream names of this run: the catalog, and one stream per person.
const run = `example_${Date.now().toString(36)}`;
const naming = { catalogStream: `${run}-catalog`, subjectStream: (subject: string) => `${run}_person-${subject}` };
const day = (d: string) => `${d}T09:00:00Z`;

const catalog: LawfulCrmEmmettCommand[] = [
  { type: "declarePurpose", at: day("2024-01-01"), by: "dpo", data: { purpose: "marketing.email", description: "Newsletter by e-mail", legalBases: ["consent"], directMarketing: true } },
  { type: "publishNotice", at: day("2024-01-01"), by: "dpo", data: { notice: "privacy", version: "1", purposes: ["marketing.email"] } },
  { type: "registerSource", at: day("2024-01-01"), by: "dpo", data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
  { type: "grantAccess", at: day("2024-01-01"), by: "dpo", data: { policy: "marketing", role: "marketer", purposes: ["marketing.email"], categories: ["contact"] } },
];
const signUp = (subject: string, d: string): LawfulCrmEmmettCommand[] => [
  { type: "grantConsent", subject, at: day(d), by: "web", data: { consent: `${subject}-newsletter`, purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: `form-${subject}` } },
  { type: "recordFact", subject, at: day(d), by: "web", data: { fact: `${subject}-email`, field: "email", value: `${subject}@example.org`, category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } },
];

/** The example proper, on the server at `url`. */
async function main(url: string): Promise<void> {
  // Two service instances: each its own connection pool and its own handler,
  // so its own cache of the catalog, as two processes would have.
  const instanceA = getPostgreSQLEventStore(url);
  const instanceB = getPostgreSQLEventStore(url);
  const handleA = LawfulCrmCommandHandler(naming);
  const handleB = LawfulCrmCommandHandler(naming);

  await handleA(instanceA, catalog);
  await handleA(instanceA, signUp("anna", "2024-02-01"));
  await handleB(instanceB, signUp("ben", "2024-02-03"));

  // B withdraws anna's consent; A has anna cached from before. A's next
  // command first reads what was appended to anna's stream since, so it is
  // decided on the withdrawal and refused.
  await handleB(instanceB, { type: "withdrawConsent", subject: "anna", at: day("2024-04-01"), by: "unsubscribe", data: { consent: "anna-newsletter", channel: "unsubscribe-link" } });
  try {
    await handleA(instanceA, { type: "recordFact", subject: "anna", at: day("2024-04-02"), by: "web", data: { field: "phone", value: "+49 30 1234", category: "contact.phone", source: "web-form", purposes: ["marketing.email"], basis: "consent" } });
    throw new Error("expected a refusal");
  } catch (e) {
    if (!(e instanceof CommandRefusedError)) throw e;
    console.log(`Instance A refused (HTTP ${e.errorCode}): ${e.codes.join(", ")}`);
    for (const x of e.errors) console.log(`  ${x.message}`);
  }

  // Both instances append to ben's stream at once: one of them finds the
  // stream moved on, re-reads it and decides again.
  const [r1, r2] = await Promise.all([
    handleA(instanceA, { type: "restrictProcessing", subject: "ben", at: day("2024-05-01"), by: "support", data: { reason: "Accuracy contested (ticket 1)" } }),
    handleB(instanceB, { type: "liftRestriction", subject: "ben", at: day("2024-05-02"), by: "support", data: { reason: "Checked (ticket 1)" } }),
  ]);
  console.log(`\nben's stream after two concurrent appends: versions ${r1.nextExpectedStreamVersion} and ${r2.nextExpectedStreamVersion}`);

  // ------------------------------------------------------------------- read
  // A reader keeps its own cache: the catalog is read once, then only what
  // was appended since, whatever the size of the catalog stream.
  const readerStore = getPostgreSQLEventStore(url);
  const reader = ledgerCache(readerStore, naming);
  const marketer = { id: "mia", roles: ["marketer"] };
  const checks = [
    { subject: "anna", at: day("2024-03-01"), expect: true },
    { subject: "anna", at: day("2024-05-01"), expect: false },
    { subject: "ben", at: day("2024-05-01"), expect: false },
    { subject: "ben", at: day("2024-06-01"), expect: true },
  ];
  let wrong = 0;
  for (const { subject, at, expect } of checks) {
    const ledger = await reader.readLedger({ subjects: [subject] });
    const d = canUse(ledger, { subject, purpose: "marketing.email", fields: ["email"], actor: marketer, at });
    console.log(`\n${explain(d)}`);
    if (d.allowed !== expect) wrong++;
  }
  const stats = reader.stats();
  console.log(`\nThe reader's cache: catalog at version ${stats.catalogVersion} (${stats.catalogEvents} events), ${stats.subjects} people, ${stats.eventsRead} events read, ${stats.rebuilds} rebuild(s).`);

  // --------------------------------------------------------------- audience
  // The audience read model: one row per person and audience, kept by an
  // Emmett projection (run here once until it has caught up; a service keeps
  // its consumer running). Its tables and position are this run's own.
  const newsletter = { name: "newsletter", purpose: "marketing.email", fields: ["email"], actor: { id: "campaign-bot", roles: ["marketer"] } };
  const model = audienceReadModel({
    audiences: [newsletter],
    ...naming,
    ownsStream: (stream) => stream === naming.catalogStream || stream.startsWith(`${run}_person-`),
    projectionName: `${run}_audience`,
    table: `${run}_audience`,
  });
  const consumer = postgreSQLEventStoreConsumer({ connectionString: url, stopWhen: { noMessagesLeft: true } });
  consumer.projector({ projection: model.projection });
  await consumer.start();
  await consumer.close();
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const audiences: Record<string, readonly string[]> = {};
  // anna withdrew on 1 April; ben's processing was restricted on 1 May and the restriction lifted on 2 May.
  const expected: Record<string, string[]> = { [day("2024-03-01")]: ["anna", "ben"], [day("2024-05-01")]: [], [day("2024-06-01")]: ["ben"] };
  for (const at of Object.keys(expected)) {
    const answer = await model.audience(pool, "newsletter", at);
    if ("error" in answer) throw new Error(answer.error.message);
    audiences[at] = answer.subjects;
    if (JSON.stringify(answer.subjects) !== JSON.stringify(expected[at])) wrong++;
    console.log(`\nThe newsletter audience at ${at}: [${answer.subjects.join(", ")}] (store up to global position ${answer.position}; ${answer.fromRows} from rows, ${answer.redecided} decided again)`);
  }
  await pool.end();

  // ------------------------------------------------------------ whole store
  // Emmett keeps every event in the table emt_messages; global_position is
  // the store's log order, the order replayRecorded sorts by.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = await client.query<{ stream_id: string; stream_position: string; global_position: string; message_type: string; message_data: unknown; message_metadata: Record<string, unknown> }>(
    "SELECT stream_id, stream_position, global_position, message_type, message_data, message_metadata FROM emt_messages WHERE stream_id LIKE $1 AND is_archived = FALSE",
    [`${run}%`],
  );
  await client.end();
  const whole = replayRecorded(
    rows.rows.map((r) => ({
      type: r.message_type,
      data: r.message_data,
      metadata: { ...r.message_metadata, streamName: r.stream_id, streamPosition: BigInt(r.stream_position), globalPosition: BigInt(r.global_position) },
    })),
  );
  console.log(`The whole store of this run: ${whole.size} events in ${new Set(rows.rows.map((r) => r.stream_id)).size} streams; accepted ${whole.accepted}, rejected ${whole.rejected.length}.`);
  // The read model answers as subjectsUsableFor on the replayed store.
  for (const [at, subjects] of Object.entries(audiences)) {
    const expected = subjectsUsableFor(whole, { ...newsletter, at });
    if (JSON.stringify(expected) !== JSON.stringify(subjects)) wrong++;
  }

  await Promise.all([instanceA.close(), instanceB.close(), readerStore.close()]);
  if (wrong > 0 || whole.rejected.length > 0 || whole.size !== rows.rows.length) {
    console.error(`\n${wrong} decision(s) or audience(s) differ from what this example expects, or the store holds rejected events.`);
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
