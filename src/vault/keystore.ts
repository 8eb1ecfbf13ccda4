/**
 * A vault whose keys live elsewhere — a database, a KMS, an HSM — behind a
 * small key store: the store keeps each subject's key generations (the
 * secret bytes, wrapped as it sees fit) and the tombstone; the vault does
 * the cryptography and the Vault contract, the same code as the in-memory
 * vault, so every vault of this package makes and reads the same ciphertexts.
 */
import { LawfulCrmError } from "../ledger/index.js";
import { randomIv, sealToken, SECRET_BYTES, subjectKeyFromSecret, syntheticIv, type SubjectKey } from "./crypto.js";
import { checkVaultArgs, openUnderContract, type KnownKeys, type Vault, type VaultError } from "./vault.js";

/** One key of a subject, as a {@link VaultKeyStore} hands it over: its generation (1, 2, ...) and its 32 secret bytes. */
export interface VaultKey {
  /** 1 for the subject's first key, n + 1 for the key made after generation n was forgotten. */
  readonly generation: number;
  /** 32 bytes of secret key material. The vault overwrites them once it has derived its keys: hand over a copy. */
  readonly secret: Uint8Array;
}

/** What a {@link VaultKeyStore} holds for a subject. */
export interface VaultKeys {
  /** How many keys the store ever made for the subject: 0 when it never had one. Every generation up to it that is not `live` was forgotten (the tombstone). */
  readonly generations: number;
  /** The subject's current key, unless it was forgotten (or never made). */
  readonly live?: VaultKey | undefined;
}

/**
 * Where {@link createKeyStoreVault} keeps the keys: one live key per subject
 * at most, and, after `forget`, only the number of generations that existed.
 * `lawful-crm/postgres` implements it on a PostgreSQL table with keys wrapped
 * under a key-encryption key; implement it over your KMS or HSM the same way.
 * A store that cannot answer (unreachable, a key it cannot unwrap) rejects
 * with an error: the vault passes it on, and the readers fail rather than
 * read anything as forgotten.
 */
export interface VaultKeyStore {
  /** What the store holds for the subject: its generation count and its live key, if any. */
  keys(subject: string): Promise<VaultKeys>;
  /**
   * The subject's live key; when there is none (never made, or forgotten),
   * stores `newSecret()` as generation `generations + 1` and returns it.
   * Atomic across processes: of callers racing for a subject without a live
   * key, one stores its secret and every one of them gets that key.
   */
  liveKey(subject: string, newSecret: () => Uint8Array): Promise<VaultKey>;
  /** Destroys the subject's live key for good, keeping its generation count. Records nothing for a subject without a key. */
  forget(subject: string): Promise<void>;
}

function badStore(what: string): never {
  throw new LawfulCrmError("INVALID_ARGUMENT", `createKeyStoreVault(): the key store answered ${what}.`);
}

const isGeneration = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 999_999_999;

/** The vault's keys of one generation, derived from the store's secret, which is then wiped. */
async function derive(key: unknown, generations: number): Promise<SubjectKey> {
  const k = key as Partial<VaultKey> | null;
  if (typeof k !== "object" || k === null || !isGeneration(k.generation) || k.generation > generations) badStore(`a key whose generation is not a whole number from 1 to ${generations}`);
  if (!(k.secret instanceof Uint8Array) || k.secret.length !== SECRET_BYTES) badStore(`a key whose secret is not ${SECRET_BYTES} bytes`);
  const secret = Uint8Array.from(k.secret);
  k.secret.fill(0);
  try {
    return await subjectKeyFromSecret(secret, k.generation);
  } finally {
    secret.fill(0);
  }
}

async function knownKeys(store: VaultKeyStore, subject: string): Promise<KnownKeys> {
  const held = (await store.keys(subject)) as Partial<VaultKeys> | null;
  if (typeof held !== "object" || held === null || !(held.generations === 0 || isGeneration(held.generations))) badStore("a generation count that is not a whole number of 0 or more");
  if (held.live === undefined) return { made: held.generations, live: undefined };
  return { made: held.generations, live: await derive(held.live, held.generations) };
}

/** Calls of one kind for one subject share one answer of the store while it is pending. */
function sharing<T>(): { run: (subject: string, ask: () => Promise<T>) => Promise<T>; drop: (subject: string) => void } {
  const pending = new Map<string, Promise<T>>();
  return {
    run(subject, ask) {
      let p = pending.get(subject);
      if (p === undefined) {
        p = ask();
        const mine = p;
        const done = () => {
          if (pending.get(subject) === mine) pending.delete(subject);
        };
        p.then(done, done);
        pending.set(subject, p);
      }
      return p;
    },
    drop: (subject) => void pending.delete(subject),
  };
}

/**
 * A {@link Vault} over a {@link VaultKeyStore}: the cryptography and the
 * Vault contract of {@link createMemoryVault} (AES-256-GCM, one key per
 * subject and generation derived from 32 secret bytes, synthetic IVs with a
 * context, the same ciphertexts), with the keys kept by the store — in a
 * database, a KMS or an HSM — so that they survive a restart and every
 * process sees the same keys.
 *
 * Every call asks the store (a `forget` in another process is seen by the
 * next call); concurrent calls for one subject share one answer while it is
 * pending. The secret bytes the store hands over are overwritten once the
 * (non-extractable) keys are derived. An error of the store is passed on as
 * the rejection: readers then fail, never read a value as forgotten.
 *
 * @example
 * ```ts
 * import { createKeyStoreVault, type VaultKeyStore } from "lawful-crm";
 * // A store in a Map, to show the three calls; yours sits on your KMS, HSM or database.
 * const keys = new Map<string, { generations: number; live?: { generation: number; secret: Uint8Array } }>();
 * const store: VaultKeyStore = {
 *   async keys(subject) { return keys.get(subject) ?? { generations: 0 }; },
 *   async liveKey(subject, newSecret) {
 *     const known = keys.get(subject) ?? { generations: 0 };
 *     if (known.live) return { ...known.live, secret: known.live.secret.slice() };
 *     const live = { generation: known.generations + 1, secret: newSecret() };
 *     keys.set(subject, { generations: live.generation, live: { ...live, secret: live.secret.slice() } });
 *     return live;
 *   },
 *   async forget(subject) { const known = keys.get(subject); if (known) keys.set(subject, { generations: known.generations }); },
 * };
 * const vault = createKeyStoreVault(store);
 * const sealed = await vault.encrypt("anna", "anna@example.org");
 * console.log(await vault.decrypt("anna", sealed)); //=> anna@example.org
 * ```
 */
export function createKeyStoreVault(store: VaultKeyStore): Vault {
  const ok = typeof store === "object" && store !== null && (["keys", "liveKey", "forget"] as const).every((k) => typeof (store as unknown as Record<string, unknown>)[k] === "function");
  if (!ok) throw new LawfulCrmError("INVALID_ARGUMENT", "createKeyStoreVault(): expected a VaultKeyStore (an object with keys, liveKey and forget).");
  const reading = sharing<KnownKeys>();
  const sealing = sharing<SubjectKey>();
  const newSecret = () => globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return Object.freeze({
    async encrypt(subject: string, plaintext: string, context?: string): Promise<string> {
      checkVaultArgs("encrypt", subject, context);
      if (typeof plaintext !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", "vault.encrypt(): plaintext must be a string.");
      const key = await sealing.run(subject, async () => {
        const live = await store.liveKey(subject, newSecret);
        return derive(live, isGeneration((live as Partial<VaultKey> | null)?.generation) ? live.generation : 0);
      });
      const iv = context !== undefined ? await syntheticIv(key, context, plaintext) : randomIv();
      return sealToken(key, subject, plaintext, context, iv);
    },
    async decrypt(subject: string, ciphertext: string, context?: string): Promise<string | undefined | VaultError> {
      checkVaultArgs("decrypt", subject, context);
      if (typeof ciphertext !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", "vault.decrypt(): ciphertext must be a string.");
      return openUnderContract(subject, ciphertext, context, () => reading.run(subject, () => knownKeys(store, subject)));
    },
    async forget(subject: string): Promise<void> {
      checkVaultArgs("forget", subject, undefined);
      // A call made after forget resolves must not share an answer given before it.
      reading.drop(subject);
      sealing.drop(subject);
      await store.forget(subject);
      reading.drop(subject);
      sealing.drop(subject);
    },
  });
}
