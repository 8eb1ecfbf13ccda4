/**
 * The vault's SQL. Values always travel as parameters; the only names put
 * into the text are the table names, which must be plain identifiers
 * (checked, then double-quoted), so nothing a caller passes can change a
 * statement. Keys travel as base64 text (`encode`/`decode`), so any client
 * with pg's `query(text, values)` works, whatever it does with binary values.
 */
import { LawfulCrmError } from "../index.js";

/** The default name of the key table. */
export const DEFAULT_VAULT_TABLE = "lawful_crm_vault_keys";

/** What a statement needs of a PostgreSQL client: pg's `query(text, values)` (a `pg.Pool` or `pg.Client`). */
export interface PostgresQueryable {
  /** Runs one statement with `$1`, `$2`... bound to `values` (or, without values, a script of statements); resolves to its rows and how many rows it changed. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** A key table's row, as the statements below return it. */
export interface KeyRow {
  readonly subject: string;
  readonly generation: number;
  readonly kek: string | null;
  /** base64 */
  readonly wrapped: string | null;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** PostgreSQL keeps 63 bytes of a name; the index adds `_by_kek`, the check table `_keks`. */
const MAX_TABLE = 55;

export interface Tables {
  /** The keys table, quoted: `"lawful_crm_vault_keys"` or `"crm"."keys"`. */
  readonly keys: string;
  /** The table of KEK check values, quoted. */
  readonly keks: string;
  /** The index of live keys by KEK, quoted, without its schema (an index lives in its table's schema). */
  readonly index: string;
  /** The keys table as given, for messages and the migration lock. */
  readonly name: string;
}

/** The tables of a vault named `table` (`name` or `schema.name`, plain identifiers only). */
export function tablesOf(fn: string, table: unknown): Tables {
  const parts = typeof table === "string" ? table.split(".") : [];
  const ok = (parts.length === 1 || parts.length === 2) && parts.every((p) => IDENTIFIER.test(p) && p.length <= 63) && parts[parts.length - 1]!.length <= MAX_TABLE;
  if (!ok) {
    throw new LawfulCrmError(
      "INVALID_ARGUMENT",
      `${fn}: table must be a plain identifier (letters, digits and _, not starting with a digit, at most ${MAX_TABLE} characters), optionally after a schema and a dot, got ${JSON.stringify(table)}.`,
    );
  }
  const quoted = (names: string[]) => names.map((p) => `"${p}"`).join(".");
  const schema = parts.slice(0, -1);
  const base = parts[parts.length - 1]!;
  return { keys: quoted(parts), keks: quoted([...schema, `${base}_keks`]), index: quoted([`${base}_by_kek`]), name: parts.join(".") };
}

/**
 * The schema, as one script run in one implicit transaction (a simple query)
 * under an advisory lock, so that processes migrating at once do not race on
 * `CREATE TABLE IF NOT EXISTS`. Only validated identifiers are interpolated.
 */
export function schemaSql(t: Tables): string {
  const lockKey = `lawful-crm vault ${t.name}`;
  return `SELECT pg_advisory_xact_lock(hashtext('${lockKey}'));
CREATE TABLE IF NOT EXISTS ${t.keys} (
  subject      text        PRIMARY KEY,
  generation   integer     NOT NULL CHECK (generation >= 1),
  kek          text,
  wrapped      bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  forgotten_at timestamptz,
  CHECK ((kek IS NULL) = (wrapped IS NULL))
);
CREATE INDEX IF NOT EXISTS ${t.index} ON ${t.keys} (kek, subject) WHERE wrapped IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${t.keks} (
  kek         text        PRIMARY KEY,
  check_value bytea       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);`;
}

/** The statements of a vault on tables `t`. */
export function statements(t: Tables) {
  return {
    /** The rows of the subjects in $1 (a text array): one query for the reads of a turn. */
    readMany: `SELECT subject, generation, kek, encode(wrapped, 'base64') AS wrapped FROM ${t.keys} WHERE subject = ANY($1::text[])`,
    /** The first key of a subject; does nothing when a row exists (another process won). */
    insert: `INSERT INTO ${t.keys} (subject, generation, kek, wrapped) VALUES ($1, 1, $2, decode($3, 'base64')) ON CONFLICT (subject) DO NOTHING`,
    /** The next generation after a forget; does nothing unless the row is still the tombstone read. */
    renew: `UPDATE ${t.keys} SET generation = generation + 1, kek = $3, wrapped = decode($4, 'base64'), created_at = now() WHERE subject = $1 AND generation = $2 AND wrapped IS NULL`,
    forget: `UPDATE ${t.keys} SET kek = NULL, wrapped = NULL, forgotten_at = now() WHERE subject = $1 AND wrapped IS NOT NULL`,
    /** A page of the live keys wrapped under a KEK, in subject order. */
    wrappedUnder: `SELECT subject, generation, kek, encode(wrapped, 'base64') AS wrapped FROM ${t.keys} WHERE kek = $1 AND wrapped IS NOT NULL AND subject > $2 ORDER BY subject LIMIT $3`,
    /** Moves one key to another KEK only if it is still the key read: a key forgotten meanwhile stays forgotten. */
    rewrap: `UPDATE ${t.keys} SET kek = $5, wrapped = decode($6, 'base64') WHERE subject = $1 AND generation = $2 AND kek = $3 AND wrapped = decode($4, 'base64')`,
    readCheck: `SELECT encode(check_value, 'base64') AS check_value FROM ${t.keks} WHERE kek = $1`,
    insertCheck: `INSERT INTO ${t.keks} (kek, check_value) VALUES ($1, decode($2, 'base64')) ON CONFLICT (kek) DO NOTHING`,
  } as const;
}

/** PostgreSQL's code for a table that does not exist. */
export const UNDEFINED_TABLE = "42P01";

export const toBase64 = (bytes: Uint8Array): string => {
  let s = "";
  for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(s);
};

export const fromBase64 = (text: string): Uint8Array => {
  // encode(..., 'base64') breaks lines every 76 characters.
  const bin = atob(text.replace(/\s+/g, ""));
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
};
