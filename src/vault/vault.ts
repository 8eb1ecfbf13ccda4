import { BigMap } from "../_internal/bigmap.js";
import { LawfulCrmError } from "../ledger/index.js";
import { IV_BYTES, newSubjectKey, openToken, parseToken, randomIv, sealToken, syntheticIv, type SubjectKey } from "./crypto.js";

/** The codes of a {@link VaultError}, as a runtime list. */
export const VAULT_ERROR_CODES = ["VAULT_NO_KEY", "VAULT_AUTH_FAILED"] as const;

/** Why a vault cannot open a ciphertext: it never had a key for the subject, or the ciphertext does not authenticate. */
export type VaultErrorCode = (typeof VAULT_ERROR_CODES)[number];

/**
 * The answer of `Vault.decrypt` for a ciphertext it cannot open and that was
 * not forgotten: the library's error shape `{ error: { code, message } }`.
 */
export interface VaultError {
  readonly error: {
    readonly code: VaultErrorCode;
    /** One sentence saying what is wrong. */
    readonly message: string;
  };
}

/**
 * A frozen {@link VaultError}: what a `Vault` implementation returns from
 * `decrypt` when it never had a key for the subject (`VAULT_NO_KEY`) or the
 * ciphertext does not authenticate (`VAULT_AUTH_FAILED`).
 *
 * @example
 * ```ts
 * import { vaultError, type Vault } from "lawful-crm";
 * // Your key management service's client (AWS KMS, Vault Transit, ...), as this vault uses it:
 * interface Kms {
 *   keyOf(subject: string): Promise<"never" | "destroyed" | string>;
 *   open(key: string, ciphertext: string, context?: string): Promise<string | undefined>;
 *   seal(subject: string, plaintext: string, context?: string): Promise<string>;
 *   destroy(subject: string): Promise<void>;
 * }
 * export const kmsVault = (kms: Kms): Vault => ({
 *   async decrypt(subject, ciphertext, context) {
 *     const key = await kms.keyOf(subject);
 *     if (key === "never") return vaultError("VAULT_NO_KEY", `no key was ever made for ${subject}`);
 *     if (key === "destroyed") return undefined; // forgotten
 *     return (await kms.open(key, ciphertext, context)) ?? vaultError("VAULT_AUTH_FAILED", "the ciphertext failed authentication");
 *   },
 *   encrypt: (subject, plaintext, context) => kms.seal(subject, plaintext, context),
 *   forget: (subject) => kms.destroy(subject),
 * });
 * ```
 */
export function vaultError(code: VaultErrorCode, message: string): VaultError {
  if (!(VAULT_ERROR_CODES as readonly unknown[]).includes(code)) throw new LawfulCrmError("INVALID_ARGUMENT", `vaultError(): code must be one of ${VAULT_ERROR_CODES.join(", ")}.`);
  return Object.freeze({ error: Object.freeze({ code, message: String(message) }) });
}

/**
 * True when `x` is a {@link VaultError} (what `Vault.decrypt` returns for a
 * key it never had or a ciphertext that does not authenticate).
 *
 * @example
 * ```ts
 * import { createMemoryVault, isVaultError } from "lawful-crm";
 * const vault = createMemoryVault();
 * const ciphertext = await vault.encrypt("anna", "anna@example.org");
 * const r = await vault.decrypt("ben", ciphertext); // not ben's
 * if (isVaultError(r)) console.error(r.error.code, r.error.message); //=> VAULT_NO_KEY the vault never had a key for subject "ben".
 * else if (r === undefined) console.log("forgotten");
 * ```
 */
export function isVaultError(x: unknown): x is VaultError {
  if (typeof x !== "object" || x === null) return false;
  const e = (x as { error?: unknown }).error;
  return typeof e === "object" && e !== null && (VAULT_ERROR_CODES as readonly unknown[]).includes((e as { code?: unknown }).code);
}

/**
 * Where the keys that protect personal values live: one key per subject, so
 * that forgetting a subject's key makes every value sealed with it unreadable
 * (crypto-shredding, GDPR Art. 17) while the immutable events stay in place.
 * {@link createMemoryVault} is the in-memory implementation on WebCrypto;
 * implement it over a KMS, an HSM or a database for production. Every
 * implementation keeps this contract (docs/erasure.md, "The Vault contract"):
 *
 * - **forgotten** means the vault made a key for the subject, destroyed it with
 *   `forget`, and remembers that it did (a tombstone). Only then does
 *   `decrypt` resolve to `undefined`.
 * - **never had a key**: `decrypt` resolves to a {@link VaultError} with code
 *   `VAULT_NO_KEY` — a ciphertext copied into such a subject's event is not
 *   read as forgotten.
 * - **does not authenticate** (malformed, tampered, naming a key generation
 *   the vault never made, sealed for another subject or another context):
 *   `decrypt` resolves to a {@link VaultError} with code `VAULT_AUTH_FAILED`.
 *   A damaged ciphertext is never read as forgotten.
 *
 * An implementation may reject with an error carrying `code` (or
 * `error.code`) `VAULT_NO_KEY` or `VAULT_AUTH_FAILED` instead of resolving to
 * the value; readers treat both alike. Any other rejection means the vault
 * could not answer (unreachable, misconfigured): readers fail rather than
 * guess. A programmer error (a subject that is not a non-empty string) is a
 * `LawfulCrmError` with code `INVALID_ARGUMENT`.
 */
export interface Vault {
  /**
   * Seals `plaintext` with the subject's current key (creating it on first
   * use, and a new one after `forget`); resolves to an opaque string.
   * With a `context` (`sealEvents` passes `JSON.stringify([eventId, field])`),
   * sealing is **deterministic** — the same subject, context and plaintext
   * give the same string for as long as the key lives, and any other
   * plaintext or context a different one — and the context is authenticated:
   * `decrypt` with another context fails with `VAULT_AUTH_FAILED`. Without a
   * context, every call uses a fresh random IV.
   */
  encrypt(subject: string, plaintext: string, context?: string): Promise<string>;
  /**
   * Opens a string made by `encrypt` for the same subject and context:
   * resolves to the plaintext; to `undefined` only when the key that sealed
   * it was forgotten; to a {@link VaultError} `VAULT_NO_KEY` when the vault
   * never had a key for the subject, or `VAULT_AUTH_FAILED` when the
   * ciphertext does not authenticate.
   */
  decrypt(subject: string, ciphertext: string, context?: string): Promise<string | undefined | VaultError>;
  /**
   * Destroys the subject's key for good and remembers that it did (a
   * tombstone): everything sealed with it reads as forgotten from now on.
   * Forgetting a subject that never had a key records nothing.
   */
  forget(subject: string): Promise<void>;
}

/** A programmer error in a vault call: a subject that is not a non-empty string, a context that is not a string. */
export function checkVaultArgs(fn: string, subject: unknown, context: unknown): void {
  if (typeof subject !== "string" || subject === "") throw new LawfulCrmError("INVALID_ARGUMENT", `vault.${fn}(): subject must be a non-empty string.`);
  if (context !== undefined && typeof context !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", `vault.${fn}(): context must be a string when given.`);
}

/** What a vault knows of a subject when it opens a ciphertext: how many keys it ever made for it, and the live one. */
export interface KnownKeys {
  readonly made: number;
  readonly live: SubjectKey | undefined;
}

/**
 * The answer of the Vault contract for a ciphertext (docs/erasure.md): one
 * function for every vault of this package, so they all tell forgotten from
 * never-had-a-key and from does-not-authenticate alike. `known` is asked only
 * for a ciphertext that parses.
 */
export async function openUnderContract(subject: string, ciphertext: string, context: string | undefined, known: () => Promise<KnownKeys>): Promise<string | undefined | VaultError> {
  const token = parseToken(ciphertext);
  if (token === undefined) return vaultError("VAULT_AUTH_FAILED", "the ciphertext is not one this vault made (malformed).");
  const { made, live } = await known();
  if (made === 0) return vaultError("VAULT_NO_KEY", `the vault never had a key for subject ${JSON.stringify(subject)}.`);
  if (token.gen > made) return vaultError("VAULT_AUTH_FAILED", `the ciphertext names key generation k${token.gen}, which this vault never made for the subject (damaged).`);
  if (live !== undefined && live.gen === token.gen) {
    const plaintext = await openToken(live, subject, token, context);
    return plaintext ?? vaultError("VAULT_AUTH_FAILED", "the ciphertext failed authentication (tampered, or sealed for another subject, event or field).");
  }
  // A generation the vault made and destroyed: forgotten — unless the live
  // key opens it, i.e. a live ciphertext relabelled with an old generation.
  if (live !== undefined && (await openToken(live, subject, token, context)) !== undefined) {
    return vaultError("VAULT_AUTH_FAILED", `the ciphertext names forgotten key generation k${token.gen} but was sealed with the live key (damaged).`);
  }
  return undefined;
}

/** Options of {@link createMemoryVault}. */
export interface MemoryVaultOptions {
  /**
   * Makes each 12-byte AES-GCM IV, for tests only: an IV must never repeat
   * under a key. By default a value sealed with a context gets a synthetic IV
   * (deterministic) and one without a context a random IV. An injected source
   * is used for every value, so sealing is no longer deterministic: two
   * sealings of one event then differ, and the duplicate guarantees of
   * docs/erasure.md do not hold.
   */
  readonly iv?: () => Uint8Array;
}

/** The in-memory vault: a {@link Vault} that also says whether it holds a subject's key. */
export interface MemoryVault extends Vault {
  /** True when the vault holds a key for `subject` (false after `forget`). */
  knows(subject: string): boolean;
}

/**
 * An in-memory {@link Vault} on WebCrypto: AES-256-GCM with one
 * non-extractable key per subject, the subject and the context as additional
 * authenticated data (a value sealed for one subject, event or field does not
 * open for another), and a synthetic IV when a context is given (sealing is
 * deterministic: see {@link Vault}) or a random one when not. A ciphertext is
 * `k<generation>.<iv>.<ciphertext+tag>` in base64url; after `forget`, a new
 * key (a new generation) is made on the next `encrypt`, older ciphertexts
 * read as forgotten, and the vault still tells them from a key it never had
 * (`VAULT_NO_KEY`) and from a damaged ciphertext (`VAULT_AUTH_FAILED`). Keys
 * live only in this process: for tests, examples and short-lived tools.
 *
 * @example
 * ```ts
 * import { createMemoryVault } from "lawful-crm";
 * const vault = createMemoryVault();
 * const sealed = await vault.encrypt("anna", "anna@example.org");
 * console.log(await vault.decrypt("anna", sealed)); //=> anna@example.org
 * console.log(await vault.decrypt("ben", sealed)); //=> { error: { code: 'VAULT_NO_KEY', message: 'the vault never had a key for subject "ben".' } }
 * await vault.forget("anna");
 * console.log(await vault.decrypt("anna", sealed)); //=> undefined
 * ```
 */
export function createMemoryVault(options: MemoryVaultOptions = {}): MemoryVault {
  if (typeof options !== "object" || options === null || (options.iv !== undefined && typeof options.iv !== "function")) {
    throw new LawfulCrmError("INVALID_ARGUMENT", "createMemoryVault(): options.iv must be a function returning 12 bytes, when given.");
  }
  /** The live key of each subject. */
  // Per subject: BigMaps, since a V8 Map holds at most 2^24 entries.
  const keys = new BigMap<string, { readonly gen: number; readonly key: Promise<SubjectKey> }>();
  /** How many keys each subject ever had: every generation up to it that is not live was forgotten (the tombstone). */
  const generations = new BigMap<string, number>();
  const injectedIv = (): Uint8Array<ArrayBuffer> => {
    const iv = options.iv!();
    if (!(iv instanceof Uint8Array) || iv.length !== IV_BYTES) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `createMemoryVault(): the IV source must return a Uint8Array of ${IV_BYTES} bytes.`);
    }
    return Uint8Array.from(iv);
  };
  const keyFor = (subject: string) => {
    let k = keys.get(subject);
    if (k === undefined) {
      const gen = (generations.get(subject) ?? 0) + 1;
      generations.set(subject, gen);
      k = { gen, key: newSubjectKey(gen) };
      keys.set(subject, k);
    }
    return k;
  };
  return Object.freeze({
    async encrypt(subject: string, plaintext: string, context?: string): Promise<string> {
      checkVaultArgs("encrypt", subject, context);
      if (typeof plaintext !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", "vault.encrypt(): plaintext must be a string.");
      const k = keyFor(subject);
      const injected = options.iv !== undefined ? injectedIv() : undefined;
      const key = await k.key;
      const iv = injected ?? (context !== undefined ? await syntheticIv(key, context, plaintext) : randomIv());
      return sealToken(key, subject, plaintext, context, iv);
    },
    async decrypt(subject: string, ciphertext: string, context?: string): Promise<string | undefined | VaultError> {
      checkVaultArgs("decrypt", subject, context);
      if (typeof ciphertext !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", "vault.decrypt(): ciphertext must be a string.");
      return openUnderContract(subject, ciphertext, context, async () => {
        const live = keys.get(subject);
        return { made: generations.get(subject) ?? 0, live: live === undefined ? undefined : await live.key };
      });
    },
    async forget(subject: string): Promise<void> {
      checkVaultArgs("forget", subject, undefined);
      keys.delete(subject);
    },
    knows(subject: string): boolean {
      return keys.has(subject);
    },
  });
}
