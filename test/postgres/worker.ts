/**
 * A child process of the PostgreSQL vault tests: a process of its own, with
 * its own pool and vault, as another service instance or a restart would be.
 *
 *   node --import tsx test/postgres/worker.ts write <url> <table>
 *     Writes a CRM history through decideWithVault to Emmett's PostgreSQL
 *     store (sealed) and prints the events as decided, before sealing, as
 *     one JSON line; then exits.
 *   node --import tsx test/postgres/worker.ts read <url> <table>
 *     Replays the whole store through the vault and prints, as one JSON line,
 *     each person's fields with their values on 2024-06-01 (before any erasure).
 *   node --import tsx test/postgres/worker.ts race <url> <table>
 *     Prints "ready"; then for each line `{"subjects": [...]}` on stdin
 *     encrypts one value for each of them at once (the same context, so the
 *     same key gives the same bytes) and prints `{"tokens": [...], "lost": n}`,
 *     n being how many of its inserts or renewals of a key found that another
 *     process had been first. Exits at end of input.
 *
 * The key-encryption key is the tests' fixed one (test/postgres/helpers.ts).
 */
import { createInterface } from "node:readline";
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { decideUnknown, sealEvents, apply, replay, replayWithVault, profile, isInvalidQuery, unsealEvents, type Ledger, type LedgerEvent } from "../../src/index.js";
import { CATALOG_STREAM, fromEmmettEvent, subjectStream, toEmmettEvent } from "../../src/emmett/index.js";
import { createPostgresVault, type PostgresQueryable } from "../../src/postgres/index.js";
import { allRecorded } from "../emmett/postgres/server.js";
import { kek } from "./helpers.js";
import { HISTORY } from "./history.js";

const [mode, url, table] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url!, max: 8 });
let lost = 0;
// Counts the writes of a key that changed nothing: another process made the key first.
const counting: PostgresQueryable = {
  async query(text, values) {
    const r = await pool.query(text, values);
    if (/^(INSERT INTO \S+ \(subject,|UPDATE \S+ SET generation = generation \+ 1)/.test(text) && r.rowCount === 0) lost++;
    return r;
  },
};
const vault = createPostgresVault({ pool: counting, kek: await kek(), table: table! });

if (mode === "write") {
  const store = getPostgreSQLEventStore(url!);
  let ledger: Ledger = replay([]);
  const decided: LedgerEvent[] = [];
  let n = 0;
  for (const command of HISTORY) {
    // The history is plain data typed loosely (as a queue message would be): decideUnknown checks it at run time.
    const r = decideUnknown(command, ledger, { now: () => command.at, newId: () => `ev-${++n}` });
    if (r._tag === "Left") throw new Error(`refused: ${JSON.stringify(r.left)}`);
    const sealed = await sealEvents(r.right, vault);
    const stream = command.subject === undefined ? CATALOG_STREAM : subjectStream(command.subject);
    await store.appendToStream(stream, sealed.map(toEmmettEvent));
    for (const e of (await unsealEvents(sealed, vault)) as LedgerEvent[]) {
      decided.push(e);
      ledger = apply(ledger, e);
    }
  }
  await store.close();
  console.log(JSON.stringify(decided));
} else if (mode === "read") {
  const ledger = await replayWithVault((await allRecorded(url!)).map(fromEmmettEvent), vault);
  const people: Record<string, unknown> = {};
  for (const subject of ["anna", "ben"]) {
    // As the profile stood before any erasure: values still held then (or forgotten, once their key is gone).
    const p = profile(ledger, subject, { at: "2024-06-01T00:00:00Z" });
    if (isInvalidQuery(p)) throw new Error(p.error.message);
    people[subject] = Object.fromEntries(p.fields.map((f) => [f.field, f.current?.value ?? null]));
  }
  console.log(JSON.stringify({ rejected: ledger.rejected.length, people }));
} else if (mode === "race") {
  console.log("ready");
  for await (const line of createInterface({ input: process.stdin })) {
    const { subjects } = JSON.parse(line) as { subjects: string[] };
    lost = 0;
    const tokens = await Promise.all(subjects.map((s) => vault.encrypt(s, "race", '["race","value"]')));
    console.log(JSON.stringify({ tokens, lost }));
  }
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
await pool.end();
