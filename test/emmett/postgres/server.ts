/**
 * The PostgreSQL server the tests in this folder run against: the URL in
 * LAWFUL_CRM_PG_URL (`eval "$(bash .ci/pg.sh start)"` starts a throwaway one
 * and sets it). Without it the tests are skipped with that hint, unless
 * LAWFUL_CRM_PG_REQUIRED=1 (set by .ci/run), which makes a missing server a
 * failure. Each test file works in a database of its own, dropped at the end.
 */
import { getPostgreSQLEventStore, type PostgresEventStore } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { describe } from "vitest";
import { replayRecorded } from "../../../src/emmett/index.js";
import type { Ledger } from "../../../src/index.js";

export const PG_URL = process.env["LAWFUL_CRM_PG_URL"] ?? "";
export const PG_REQUIRED = process.env["LAWFUL_CRM_PG_REQUIRED"] === "1";

const HOW = 'set LAWFUL_CRM_PG_URL to a PostgreSQL server: `eval "$(bash .ci/pg.sh start)"` starts a throwaway one (then `bash .ci/pg.sh stop`); `bash .ci/run` always runs them';

/** `describe`, or `describe.skip` with the reason in its title (and on stderr) when no server is configured. */
export function describeOnPostgres(title: string, body: () => void): void {
  if (PG_URL !== "" || PG_REQUIRED) {
    describe(title, body);
    return;
  }
  console.warn(`[lawful-crm] skipped "${title}": ${HOW}.`);
  describe.skip(`${title} (skipped: ${HOW})`, body);
}

/** Fails with a clear message when the server is required but not configured. */
export function requireServer(): string {
  if (PG_URL === "") throw new Error(`LAWFUL_CRM_PG_REQUIRED=1 but LAWFUL_CRM_PG_URL is not set: ${HOW}.`);
  return PG_URL;
}

/** A new, empty database on the server; returns its URL and a function that drops it. */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = requireServer();
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** An Emmett PostgreSQL event store on `url`. */
export function storeOn(url: string): PostgresEventStore {
  return getPostgreSQLEventStore(url);
}

/** Every event of the store, as Emmett's readStream returns them, straight from its messages table. */
export async function allRecorded(url: string): Promise<{ type: string; data: unknown; metadata: Record<string, unknown> }[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ stream_id: string; stream_position: string; global_position: string; message_type: string; message_data: unknown; message_metadata: Record<string, unknown> }>(
      "SELECT stream_id, stream_position, global_position, message_type, message_data, message_metadata FROM emt_messages WHERE is_archived = FALSE ORDER BY global_position",
    );
    return r.rows.map((row) => ({
      type: row.message_type,
      data: row.message_data,
      metadata: { ...row.message_metadata, streamName: row.stream_id, streamPosition: BigInt(row.stream_position), globalPosition: BigInt(row.global_position) },
    }));
  } finally {
    await c.end();
  }
}

/** A replay of the whole store in the order of the global position. */
export async function replayStore(url: string): Promise<Ledger> {
  return replayRecorded(await allRecorded(url));
}
