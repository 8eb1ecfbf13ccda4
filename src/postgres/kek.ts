/** The key-encryption key: what wraps each subject's key before it is stored. */
import { LawfulCrmError } from "../index.js";

/**
 * A key-encryption key (KEK), supplied by the caller from a KMS or a secret
 * store; the library never reads one from the environment. It wraps each
 * subject's 32-byte key before the key is stored, and unwraps it when it is
 * read (envelope encryption): the key table alone opens nothing.
 *
 * `id` names this KEK; it is stored beside every key it wraps, so that a
 * vault can tell a key wrapped under another KEK (a clear error, see
 * `previousKeks`) and `rewrapKeys` knows which keys to move. Give each KEK
 * (each version of a KMS key) its own id. Build one from 32 bytes or a
 * WebCrypto key with {@link aesKeyEncryptionKey}, or implement `wrap` and
 * `unwrap` over your KMS (its encrypt and decrypt with `context` as the
 * encryption context).
 */
export interface KeyEncryptionKey {
  /** A name for this KEK, stored beside every key it wraps: 1 to 200 characters. */
  readonly id: string;
  /** Wraps `key` (32 bytes), bound to `context` (the subject and generation): the bytes to store. */
  wrap(key: Uint8Array, context: string): Promise<Uint8Array>;
  /** Unwraps what `wrap` returned for the same `context`: the 32 bytes, or `undefined` when they do not authenticate under this KEK. */
  unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array | undefined>;
}

const IV = 12;
const KEY = 32;
const TAG = 16;
const utf8 = new TextEncoder();

/** Checks a KEK given to this subpath; `what` names it in the message. */
export function checkKek(fn: string, what: string, kek: unknown): KeyEncryptionKey {
  const k = kek as Partial<KeyEncryptionKey> | null;
  const ok = typeof k === "object" && k !== null && typeof k.wrap === "function" && typeof k.unwrap === "function";
  if (!ok) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}: ${what} must be a KeyEncryptionKey (an object with id, wrap and unwrap; aesKeyEncryptionKey builds one).`);
  if (typeof k.id !== "string" || k.id === "" || k.id.length > 200) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}: ${what}.id must be a string of 1 to 200 characters.`);
  return k as KeyEncryptionKey;
}

/**
 * A {@link KeyEncryptionKey} on WebCrypto: AES-256-GCM, a random 12-byte IV
 * per wrap, the context as additional authenticated data; the wrapped key is
 * the IV, then the encrypted key and its 16-byte tag (60 bytes). `key` is 32
 * bytes (copied into a non-extractable key: wipe your copy after) or an
 * AES-GCM `CryptoKey` that may encrypt and decrypt (from
 * `crypto.subtle.importKey`, or unwrapped from your KMS).
 *
 * @example
 * ```ts
 * import { aesKeyEncryptionKey } from "lawful-crm/postgres";
 * const bytes = await secretStore.get("crm-vault-kek-2026-01"); // 32 bytes, from your secret store or KMS
 * const kek = await aesKeyEncryptionKey("crm-vault-kek-2026-01", bytes);
 * bytes.fill(0);
 * ```
 */
export async function aesKeyEncryptionKey(id: string, key: Uint8Array | CryptoKey): Promise<KeyEncryptionKey> {
  if (typeof id !== "string" || id === "" || id.length > 200) throw new LawfulCrmError("INVALID_ARGUMENT", "aesKeyEncryptionKey(): id must be a string of 1 to 200 characters.");
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) throw new LawfulCrmError("INVALID_ARGUMENT", "aesKeyEncryptionKey(): WebCrypto (globalThis.crypto.subtle) is not available on this platform.");
  let aes: CryptoKey;
  if (key instanceof Uint8Array) {
    if (key.length !== KEY) throw new LawfulCrmError("INVALID_ARGUMENT", `aesKeyEncryptionKey(): key must be ${KEY} bytes (AES-256), got ${key.length}.`);
    aes = await subtle.importKey("raw", Uint8Array.from(key), "AES-GCM", false, ["encrypt", "decrypt"]);
  } else {
    const usable =
      typeof key === "object" &&
      key !== null &&
      (key as CryptoKey).algorithm?.name === "AES-GCM" &&
      ["encrypt", "decrypt"].every((u) => ((key as CryptoKey).usages as readonly string[] | undefined)?.includes(u) === true);
    if (!usable) throw new LawfulCrmError("INVALID_ARGUMENT", "aesKeyEncryptionKey(): key must be 32 bytes or an AES-GCM CryptoKey usable to encrypt and decrypt.");
    aes = key;
  }
  return Object.freeze({
    id,
    async wrap(secret: Uint8Array, context: string): Promise<Uint8Array> {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV));
      const body = new Uint8Array(await subtle.encrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(context), tagLength: TAG * 8 }, aes, Uint8Array.from(secret)));
      const out = new Uint8Array(IV + body.length);
      out.set(iv);
      out.set(body, IV);
      return out;
    },
    async unwrap(wrapped: Uint8Array, context: string): Promise<Uint8Array | undefined> {
      if (!(wrapped instanceof Uint8Array) || wrapped.length !== IV + KEY + TAG) return undefined;
      try {
        const iv = Uint8Array.from(wrapped.subarray(0, IV));
        const body = Uint8Array.from(wrapped.subarray(IV));
        return new Uint8Array(await subtle.decrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(context), tagLength: TAG * 8 }, aes, body));
      } catch {
        return undefined;
      }
    },
  });
}
