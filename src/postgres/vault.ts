/** A Vault whose keys survive a restart: one row per subject in a PostgreSQL table, each key wrapped under the caller's key-encryption key. */
import { createKeyStoreVault, LawfulCrmError, type Vault, type VaultKey, type VaultKeys, type VaultKeyStore } from "../index.js";
import { checkKek, type KeyEncryptionKey } from "./kek.js";
import { DEFAULT_VAULT_TABLE, fromBase64, schemaSql, statements, tablesOf, toBase64, UNDEFINED_TABLE, type KeyRow, type PostgresQueryable, type Tables } from "./sql.js";

/** Options of {@link createPostgresVault}. */
export interface PostgresVaultOptions {
  /** Where the table is: a `pg.Pool` (or `pg.Client`, or anything with pg's `query(text, values)`). The vault never ends it. */
  readonly pool: PostgresQueryable;
  /** The key-encryption key that wraps every new key, and opens the keys it wrapped. From your KMS or secret store. */
  readonly kek: KeyEncryptionKey;
  /** Older key-encryption keys, during a rotation: they open the keys not moved yet (`rewrapKeys`); nothing new is wrapped under them. */
  readonly previousKeks?: readonly KeyEncryptionKey[];
  /** The key table: `name` or `schema.name`, plain identifiers; default `lawful_crm_vault_keys` (and `<table>_keks` beside it). */
  readonly table?: string;
}

/** What {@link PostgresVault.rewrapKeys} did. */
export interface RewrapReport {
  /** Live keys now wrapped under the new key-encryption key. */
  readonly rewrapped: number;
  /** Keys forgotten (or moved by another process) between reading and rewrapping them: left as they are, never brought back. */
  readonly skipped: number;
}

/** The PostgreSQL vault: a {@link Vault} with its schema and the rotation of its key-encryption key. */
export interface PostgresVault extends Vault {
  /** The key table, as given (`lawful_crm_vault_keys` by default). */
  readonly table: string;
  /**
   * Creates the key table and its companion `<table>_keks` when missing (idempotent,
   * safe to run from several processes at once), and registers this vault's
   * key-encryption key there — or checks it, when one of that id is registered.
   */
  migrate(): Promise<void>;
  /**
   * Moves every live key wrapped under `oldKek` to `newKek` (registering it
   * when needed), a batch at a time; each key is replaced only if it is still
   * the one read, so a key forgotten meanwhile is never brought back.
   */
  rewrapKeys(oldKek: KeyEncryptionKey, newKek: KeyEncryptionKey, options?: { readonly batchSize?: number }): Promise<RewrapReport>;
}

/** What a registered KEK must open: 32 bytes, like the keys it wraps. */
const CHECK_VALUE = new TextEncoder().encode("lawful-crm vault: the KEK opens.");
const keyContext = (subject: string, generation: number) => JSON.stringify(["lawful-crm vault key v1", subject, generation]);
const checkContext = (kekId: string) => JSON.stringify(["lawful-crm vault kek check v1", kekId]);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, k) => x === b[k]);

/** Runs a statement; a missing table becomes a clear error that says what to do. */
async function query<R>(pool: PostgresQueryable, t: Tables, text: string, values: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
  try {
    const r = await pool.query(text, values);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  } catch (e) {
    if ((e as { code?: unknown } | null)?.code === UNDEFINED_TABLE) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `the vault's table ${t.keys} (or ${t.keks}) does not exist: call vault.migrate() once (docs/erasure.md, "A vault on PostgreSQL").`);
    }
    throw e;
  }
}

/** Wraps with a KEK, turning its failure into a clear error. */
async function wrapWith(kek: KeyEncryptionKey, secret: Uint8Array, context: string): Promise<string> {
  let wrapped: unknown;
  try {
    wrapped = await kek.wrap(secret, context);
  } catch (e) {
    throw new LawfulCrmError("INVALID_ARGUMENT", `key-encryption key ${JSON.stringify(kek.id)} could not wrap a key: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!(wrapped instanceof Uint8Array) || wrapped.length === 0) throw new LawfulCrmError("INVALID_ARGUMENT", `key-encryption key ${JSON.stringify(kek.id)}: wrap did not resolve to bytes.`);
  return toBase64(wrapped);
}

/** Unwraps with a KEK: the bytes, or undefined when they do not authenticate (a KEK that throws says so too). */
async function unwrapWith(kek: KeyEncryptionKey, wrapped: string, context: string): Promise<Uint8Array | undefined> {
  let out: unknown;
  try {
    out = await kek.unwrap(fromBase64(wrapped), context);
  } catch {
    return undefined;
  }
  return out instanceof Uint8Array ? out : undefined;
}

/** The check value of a KEK, registered when missing: a KEK with a registered id that does not open it is the wrong key. */
async function checkRegistered(pool: PostgresQueryable, t: Tables, kek: KeyEncryptionKey, register: boolean): Promise<void> {
  const sql = statements(t);
  let rows = (await query<{ check_value: string }>(pool, t, sql.readCheck, [kek.id])).rows;
  if (rows.length === 0 && register) {
    await query(pool, t, sql.insertCheck, [kek.id, await wrapWith(kek, CHECK_VALUE, checkContext(kek.id))]);
    rows = (await query<{ check_value: string }>(pool, t, sql.readCheck, [kek.id])).rows;
  }
  if (rows.length === 0) {
    throw new LawfulCrmError(
      "INVALID_ARGUMENT",
      `key-encryption key ${JSON.stringify(kek.id)} is not registered in ${t.keks}: run vault.migrate() with it once (a new table), or rewrapKeys(oldKek, newKek) to rotate to it (docs/erasure.md). A key-encryption key is registered on purpose, so that a mistyped id does not start a second set of keys.`,
    );
  }
  const opened = await unwrapWith(kek, rows[0]!.check_value, checkContext(kek.id));
  if (opened === undefined || !sameBytes(opened, CHECK_VALUE)) {
    throw new LawfulCrmError(
      "INVALID_ARGUMENT",
      `key-encryption key ${JSON.stringify(kek.id)} is not the key registered under that id in ${t.keks}: a wrong key-encryption key (or two keys given one id). Nothing was read or written.`,
    );
  }
}

/** The most subjects one batched read asks for. */
const MAX_BATCH = 1000;
/** After the calls of this turn (Node's setImmediate: no timer delay; a timer elsewhere). */
const later: (f: () => void) => void = typeof setImmediate === "function" ? (f) => void setImmediate(f) : (f) => void setTimeout(f, 0);

/**
 * Reads rows, each call a fresh read, but the calls made in the same turn
 * of the event loop (a replay opens hundreds of values at once) go to the
 * server as one query: one round trip instead of one per subject.
 */
function batchedReads(pool: PostgresQueryable, t: Tables): (subject: string) => Promise<KeyRow | undefined> {
  const sql = statements(t);
  type Waiting = { resolve: (row: KeyRow | undefined) => void; reject: (e: unknown) => void };
  let pending: Map<string, Waiting[]> | undefined;
  const flush = async (batch: Map<string, Waiting[]>) => {
    const subjects = [...batch.keys()];
    try {
      const found = new Map<string, KeyRow>();
      for (let k = 0; k < subjects.length; k += MAX_BATCH) {
        for (const row of (await query<KeyRow>(pool, t, sql.readMany, [subjects.slice(k, k + MAX_BATCH)])).rows) found.set(row.subject, row);
      }
      for (const [subject, waiting] of batch) for (const w of waiting) w.resolve(found.get(subject));
    } catch (e) {
      for (const waiting of batch.values()) for (const w of waiting) w.reject(e);
    }
  };
  return (subject) =>
    new Promise((resolve, reject) => {
      if (pending === undefined) {
        const batch = new Map<string, Waiting[]>();
        pending = batch;
        later(() => {
          pending = undefined;
          void flush(batch);
        });
      }
      const waiting = pending.get(subject);
      if (waiting === undefined) pending.set(subject, [{ resolve, reject }]);
      else waiting.push({ resolve, reject });
    });
}

/** The key store on the table: reads, creates and forgets rows, wrapping and unwrapping with the KEKs. */
function tableKeyStore(pool: PostgresQueryable, t: Tables, kek: KeyEncryptionKey, previous: readonly KeyEncryptionKey[], ready: () => Promise<void>): VaultKeyStore {
  const sql = statements(t);
  const keks = new Map([...previous, kek].map((k) => [k.id, k]));
  const read = batchedReads(pool, t);
  const unwrapRow = async (row: KeyRow): Promise<VaultKey> => {
    const where = `the key of subject ${JSON.stringify(row.subject)} (generation ${row.generation}) in ${t.keys}`;
    const under = keks.get(row.kek!);
    if (under === undefined) {
      const given = [...keks.keys()].map((id) => JSON.stringify(id)).join(", ");
      throw new LawfulCrmError("INVALID_ARGUMENT", `${where} is wrapped under key-encryption key ${JSON.stringify(row.kek)}, which this vault was not given (it has ${given}): pass it as kek or in previousKeks. Nothing was read as forgotten.`);
    }
    const secret = await unwrapWith(under, row.wrapped!, keyContext(row.subject, row.generation));
    if (secret === undefined || secret.length !== 32) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `key-encryption key ${JSON.stringify(under.id)} does not open ${where}: it is not the key that wrapped it, or the row was altered. Nothing was read as forgotten.`);
    }
    return { generation: row.generation, secret };
  };
  return {
    async keys(subject: string): Promise<VaultKeys> {
      await ready();
      const row = await read(subject);
      if (row === undefined) return { generations: 0 };
      return row.wrapped === null ? { generations: row.generation } : { generations: row.generation, live: await unwrapRow(row) };
    },
    async liveKey(subject: string, newSecret: () => Uint8Array): Promise<VaultKey> {
      await ready();
      // Optimistic: read; if there is no live key, write the next generation
      // only if the row is still what was read; whoever loses re-reads the winner's key.
      for (let attempt = 0; attempt < 16; attempt++) {
        const row = await read(subject);
        if (row !== undefined && row.wrapped !== null) return unwrapRow(row);
        const generation = (row?.generation ?? 0) + 1;
        const secret = newSecret();
        const wrapped = await wrapWith(kek, secret, keyContext(subject, generation));
        const won = row === undefined ? await query(pool, t, sql.insert, [subject, kek.id, wrapped]) : await query(pool, t, sql.renew, [subject, row.generation, kek.id, wrapped]);
        if (won.rowCount === 1) return { generation, secret };
        secret.fill(0);
      }
      throw new LawfulCrmError("INVALID_ARGUMENT", `the key of subject ${JSON.stringify(subject)} kept changing while this vault made one (forgotten again each time?): gave up after 16 attempts.`);
    },
    async forget(subject: string): Promise<void> {
      await ready();
      await query(pool, t, sql.forget, [subject]);
    },
  };
}

/**
 * Moves the live keys wrapped under `oldKek` to `newKek`, in subject order, a
 * page at a time; each update is a compare-and-set on the row read.
 */
async function rewrap(pool: PostgresQueryable, t: Tables, oldKek: KeyEncryptionKey, newKek: KeyEncryptionKey, batchSize: number): Promise<RewrapReport> {
  const sql = statements(t);
  await checkRegistered(pool, t, oldKek, false);
  await checkRegistered(pool, t, newKek, true);
  let rewrapped = 0;
  let skipped = 0;
  let after = "";
  for (;;) {
    const rows = (await query<KeyRow>(pool, t, sql.wrappedUnder, [oldKek.id, after, batchSize])).rows;
    if (rows.length === 0) return { rewrapped, skipped };
    for (const row of rows) {
      const context = keyContext(row.subject, row.generation);
      const secret = await unwrapWith(oldKek, row.wrapped!, context);
      if (secret === undefined || secret.length !== 32) {
        throw new LawfulCrmError("INVALID_ARGUMENT", `rewrapKeys(): key-encryption key ${JSON.stringify(oldKek.id)} does not open the key of subject ${JSON.stringify(row.subject)} (generation ${row.generation}): the row was altered. Nothing was changed for it; ${rewrapped} keys were rewrapped before it.`);
      }
      const wrapped = await wrapWith(newKek, secret, context);
      secret.fill(0);
      const r = await query(pool, t, sql.rewrap, [row.subject, row.generation, oldKek.id, row.wrapped, newKek.id, wrapped]);
      if (r.rowCount === 1) rewrapped++;
      else skipped++;
    }
    after = rows[rows.length - 1]!.subject;
  }
}

/**
 * A {@link Vault} on PostgreSQL whose keys survive a restart and are shared by
 * every process on the database: one data key per subject (the same
 * cryptography and ciphertexts as `createMemoryVault`), stored in a table of
 * its own wrapped under a key-encryption key you supply (envelope encryption;
 * the library never reads a key from the environment). `forget` destroys the
 * subject's key and keeps a tombstone (its generation count), so `decrypt`
 * tells a forgotten subject (`undefined`) from one that never had a key
 * (`VAULT_NO_KEY`) and from a ciphertext that does not authenticate
 * (`VAULT_AUTH_FAILED`). Processes racing to make a subject's first key end
 * with one key that all of them use.
 *
 * Call `migrate()` once to create the table and register the key-encryption
 * key. Every call then checks, once per vault, that its key-encryption key is
 * the one registered under its id: a wrong key (or an unregistered id) fails
 * with a `LawfulCrmError` saying so, as does a key wrapped under a
 * key-encryption key the vault was not given — never read as forgotten,
 * never `VAULT_NO_KEY`. Readers (`replayWithVault`) then reject with a
 * `LawfulCrmError` too.
 *
 * @example
 * ```ts
 * import pg from "pg";
 * import { replayWithVault, sealEvents } from "lawful-crm";
 * import { aesKeyEncryptionKey, createPostgresVault } from "lawful-crm/postgres";
 *
 * const kek = await aesKeyEncryptionKey("crm-kek-2026-01", await secretStore.get("crm-kek-2026-01"));
 * const vault = createPostgresVault({ pool: new pg.Pool({ connectionString }), kek });
 * await vault.migrate(); // once: creates lawful_crm_vault_keys and registers the KEK
 * const stored = await sealEvents(events, vault);
 * const ledger = await replayWithVault(stored, vault); // after a restart too
 * await vault.forget("anna"); // anna's sealed values now read as forgotten, in every process
 * ```
 */
export function createPostgresVault(options: PostgresVaultOptions): PostgresVault {
  const fn = "createPostgresVault()";
  if (typeof options !== "object" || options === null) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}: expected options { pool, kek, previousKeks?, table? }.`);
  const pool = options.pool;
  if (typeof pool !== "object" || pool === null || typeof pool.query !== "function") throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}: pool must be a pg.Pool or pg.Client (an object with query(text, values)).`);
  const kek = checkKek(fn, "kek", options.kek);
  const previousGiven: unknown = options.previousKeks ?? [];
  if (!Array.isArray(previousGiven)) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}: previousKeks must be an array of KeyEncryptionKeys when given.`);
  const previous = previousGiven.map((k: unknown, i) => checkKek(fn, `previousKeks[${i}]`, k));
  const ids = [kek.id, ...previous.map((k) => k.id)];
  if (new Set(ids).size !== ids.length) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}: kek and previousKeks must have distinct ids, got ${ids.map((id) => JSON.stringify(id)).join(", ")}.`);
  const t = tablesOf(fn, options.table === undefined ? DEFAULT_VAULT_TABLE : options.table);

  // The KEK is checked once per vault; a failure (a wrong key, or the server unreachable) is not remembered.
  let checked: Promise<void> | undefined;
  const ready = () => {
    checked ??= checkRegistered(pool, t, kek, false).catch((e: unknown) => {
      checked = undefined;
      throw e;
    });
    return checked;
  };
  const vault = createKeyStoreVault(tableKeyStore(pool, t, kek, previous, ready));
  return Object.freeze({
    encrypt: vault.encrypt,
    decrypt: vault.decrypt,
    forget: vault.forget,
    table: t.name,
    async migrate(): Promise<void> {
      await pool.query(schemaSql(t));
      await checkRegistered(pool, t, kek, true);
    },
    async rewrapKeys(oldKek: KeyEncryptionKey, newKek: KeyEncryptionKey, rewrapOptions: { readonly batchSize?: number } = {}): Promise<RewrapReport> {
      const from = checkKek("rewrapKeys()", "oldKek", oldKek);
      const to = checkKek("rewrapKeys()", "newKek", newKek);
      if (from.id === to.id) throw new LawfulCrmError("INVALID_ARGUMENT", `rewrapKeys(): the old and new key-encryption keys must have distinct ids, got ${JSON.stringify(from.id)} twice.`);
      const batchSize = rewrapOptions.batchSize ?? 500;
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new LawfulCrmError("INVALID_ARGUMENT", "rewrapKeys(): batchSize must be a whole number from 1 to 100000.");
      return rewrap(pool, t, from, to, batchSize);
    },
  });
}
