/**
 * Helpers of the PostgreSQL vault tests: the server is the one of
 * test/emmett/postgres/server.ts (LAWFUL_CRM_PG_URL; skipped with a hint
 * without it, required by .ci/run), each test file in a database of its own.
 */
import pg from "pg";
import { aesKeyEncryptionKey, createPostgresVault, type KeyEncryptionKey, type PostgresVault } from "../../src/postgres/index.js";

export { describeOnPostgres, freshDatabase } from "../emmett/postgres/server.js";

/** The test KEKs: fixed bytes, so that child processes can rebuild them (a real KEK comes from a KMS or secret store). */
export const KEK_BYTES = { main: new Uint8Array(32).fill(1), next: new Uint8Array(32).fill(2), wrong: new Uint8Array(32).fill(3) };

export function kek(id = "test-kek", bytes: Uint8Array = KEK_BYTES.main): Promise<KeyEncryptionKey> {
  return aesKeyEncryptionKey(id, bytes);
}

/** Pools opened by a test file, ended by `endPools`. */
export function poolsOf(url: () => string) {
  const pools: pg.Pool[] = [];
  return {
    pool(): pg.Pool {
      const p = new pg.Pool({ connectionString: url(), max: 4 });
      // pool.end() resolves before its connections are closed; the database's
      // DROP ... WITH (FORCE) at the end may then terminate one (57P01): expected.
      p.on("error", (e: Error & { code?: string }) => {
        if (e.code !== "57P01") throw e;
      });
      pools.push(p);
      return p;
    },
    async end(): Promise<void> {
      await Promise.all(pools.splice(0).map((p) => p.end()));
    },
  };
}

let tables = 0;
/** A table name of its own for each vault a test makes. */
export const newTable = (prefix = "vault") => `${prefix}_${process.pid}_${++tables}`;

/** A migrated vault on a table of its own. */
export async function migratedVault(pool: pg.Pool, options: { table?: string; kek?: KeyEncryptionKey } = {}): Promise<PostgresVault> {
  const vault = createPostgresVault({ pool, kek: options.kek ?? (await kek()), table: options.table ?? newTable() });
  await vault.migrate();
  return vault;
}

/** The rows of a key table, as stored. */
export async function rowsOf(pool: pg.Pool, table: string): Promise<{ subject: string; generation: number; kek: string | null; wrapped: Buffer | null; forgotten_at: Date | null }[]> {
  return (await pool.query(`SELECT subject, generation, kek, wrapped, forgotten_at FROM ${table} ORDER BY subject`)).rows;
}
