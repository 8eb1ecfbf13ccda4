/**
 * `lawful-crm/postgres`: keys that survive a restart. A `Vault` whose
 * subjects' keys live in a PostgreSQL table — next to Emmett's PostgreSQL
 * event store, or in any other database — each wrapped under a
 * key-encryption key the caller supplies (envelope encryption).
 *
 * - {@link createPostgresVault}: the vault; `migrate()` creates its table,
 *   `rewrapKeys(oldKek, newKek)` rotates the key-encryption key.
 * - {@link aesKeyEncryptionKey}: a {@link KeyEncryptionKey} from 32 bytes or
 *   a WebCrypto key; or implement the interface over your KMS.
 *
 * The subpath takes a `pg.Pool` (or anything with pg's `query(text, values)`)
 * and imports no driver itself: `pg` is the caller's, an optional peer
 * dependency. Uses only the public API of `lawful-crm`.
 *
 * @packageDocumentation
 * @module lawful-crm/postgres
 */
export { createPostgresVault, type PostgresVault, type PostgresVaultOptions, type RewrapReport } from "./vault.js";
export { aesKeyEncryptionKey, type KeyEncryptionKey } from "./kek.js";
export { DEFAULT_VAULT_TABLE, type PostgresQueryable } from "./sql.js";
