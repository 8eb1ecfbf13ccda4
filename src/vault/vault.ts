import { LawfulCrmError } from "../ledger/index.js";

/**
 * Where the keys that protect personal values live: one key per subject, so
 * that forgetting a subject's key makes every value sealed with it unreadable
 * (crypto-shredding, GDPR Art. 17) while the immutable events stay in place.
 * Implement it over a KMS or HSM in production; {@link createMemoryVault} is
 * the in-memory implementation on WebCrypto.
 */
export interface Vault {
  /** Seals `plaintext` with the subject's key (creating the key on first use); resolves to an opaque string. */
  encrypt(subject: string, plaintext: string): Promise<string>;
  /**
   * Opens a string made by `encrypt` for the same subject. Resolves to
   * `undefined` when the subject's key was forgotten (or never existed);
   * rejects when the ciphertext is malformed or fails authentication.
   */
  decrypt(subject: string, ciphertext: string): Promise<string | undefined>;
  /** Destroys the subject's key: everything sealed with it becomes unreadable, for good. */
  forget(subject: string): Promise<void>;
}

/** Options of {@link createMemoryVault}. */
export interface MemoryVaultOptions {
  /**
   * Makes each 12-byte AES-GCM IV; defaults to `crypto.getRandomValues`. Inject
   * a deterministic source in tests only: an IV must never repeat under a key.
   */
  readonly iv?: () => Uint8Array;
}

/** The in-memory vault: a {@link Vault} that also says whether it holds a subject's key. */
export interface MemoryVault extends Vault {
  /** True when the vault holds a key for `subject` (false after `forget`). */
  knows(subject: string): boolean;
}

const IV_BYTES = 12;
const TOKEN = /^k([1-9]\d{0,8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

/** Base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let s = "";
  for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url without padding. */
export function fromBase64Url(s: string): Uint8Array<ArrayBuffer> {
  const b = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b + "===".slice((b.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
  return out;
}

/** The WebCrypto `SubtleCrypto` of the platform (Node 20+, browsers). */
export function subtleCrypto(): SubtleCrypto {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle === undefined) throw new LawfulCrmError("INVALID_ARGUMENT", "WebCrypto (globalThis.crypto.subtle) is not available on this platform.");
  return subtle;
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * An in-memory {@link Vault} on WebCrypto: AES-256-GCM with one
 * non-extractable key per subject, a fresh 12-byte IV per value (injectable
 * for tests) and the subject as additional authenticated data, so a value
 * sealed for one subject does not open for another. A ciphertext is
 * `k<generation>.<iv>.<ciphertext+tag>` in base64url; after `forget`, a new key
 * (a new generation) is made on the next `encrypt`, and older ciphertexts stay
 * unreadable. Keys live only in this process: for tests, examples and
 * short-lived tools.
 *
 * @example
 * ```ts
 * import { createMemoryVault } from "lawful-crm";
 * const vault = createMemoryVault();
 * const sealed = await vault.encrypt("anna", "anna@example.org");
 * await vault.decrypt("anna", sealed); // "anna@example.org"
 * await vault.forget("anna");
 * await vault.decrypt("anna", sealed); // undefined
 * ```
 */
export function createMemoryVault(options: MemoryVaultOptions = {}): MemoryVault {
  const subtle = subtleCrypto();
  const keys = new Map<string, { readonly gen: number; readonly key: Promise<CryptoKey> }>();
  const generations = new Map<string, number>();
  const nextIv = (): Uint8Array<ArrayBuffer> => {
    const iv = options.iv !== undefined ? options.iv() : globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
    if (!(iv instanceof Uint8Array) || iv.length !== IV_BYTES) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `createMemoryVault(): the IV source must return a Uint8Array of ${IV_BYTES} bytes.`);
    }
    return Uint8Array.from(iv);
  };
  const checkSubject = (fn: string, subject: unknown) => {
    if (typeof subject !== "string" || subject === "") throw new LawfulCrmError("INVALID_ARGUMENT", `vault.${fn}(): subject must be a non-empty string.`);
  };
  const keyFor = (subject: string) => {
    let k = keys.get(subject);
    if (k === undefined) {
      const gen = (generations.get(subject) ?? 0) + 1;
      generations.set(subject, gen);
      k = { gen, key: subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]) as Promise<CryptoKey> };
      keys.set(subject, k);
    }
    return k;
  };
  return Object.freeze({
    async encrypt(subject: string, plaintext: string): Promise<string> {
      checkSubject("encrypt", subject);
      if (typeof plaintext !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", "vault.encrypt(): plaintext must be a string.");
      const k = keyFor(subject);
      const iv = nextIv();
      const ct = await subtle.encrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(subject), tagLength: 128 }, await k.key, utf8.encode(plaintext));
      return `k${k.gen}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ct))}`;
    },
    async decrypt(subject: string, ciphertext: string): Promise<string | undefined> {
      checkSubject("decrypt", subject);
      const m = typeof ciphertext === "string" ? TOKEN.exec(ciphertext) : null;
      if (m === null) throw new LawfulCrmError("INVALID_ARGUMENT", "vault.decrypt(): the ciphertext is not one this vault made.");
      const k = keys.get(subject);
      if (k === undefined || k.gen !== Number(m[1])) return undefined;
      let pt: ArrayBuffer;
      try {
        pt = await subtle.decrypt(
          { name: "AES-GCM", iv: fromBase64Url(m[2]!), additionalData: utf8.encode(subject), tagLength: 128 },
          await k.key,
          fromBase64Url(m[3]!),
        );
      } catch {
        throw new LawfulCrmError("INVALID_ARGUMENT", "vault.decrypt(): the ciphertext failed authentication (tampered, or sealed for another subject).");
      }
      return fromUtf8.decode(pt);
    },
    async forget(subject: string): Promise<void> {
      checkSubject("forget", subject);
      keys.delete(subject);
    },
    knows(subject: string): boolean {
      return keys.has(subject);
    },
  });
}
