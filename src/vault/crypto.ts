import { LawfulCrmError } from "../ledger/index.js";

/**
 * The cryptography of the vaults in this package, kept apart from where the
 * keys live so that every vault (in memory today, in a database later) makes
 * and reads the same ciphertexts. Internal: not exported from the package.
 *
 * A ciphertext is `k<generation>.<iv>.<ciphertext+tag>` in base64url: AES-256-GCM
 * under the subject's key of that generation, a 16-byte tag, and as additional
 * authenticated data the subject and the caller's context, so a value moved to
 * another subject, event or field does not open. With a context the IV is
 * synthetic (HMAC-SHA-256 of the context and plaintext under a second key of
 * the subject, first 12 bytes): sealing the same value of the same event twice
 * gives the same bytes, and distinct values never share an IV (short of a
 * 96-bit collision). Without a context the IV is random.
 */

/** One generation of a subject's key: the AES-GCM key and the HMAC key that makes synthetic IVs. */
export interface SubjectKey {
  readonly gen: number;
  readonly aes: CryptoKey;
  readonly mac: CryptoKey;
}

/** A parsed ciphertext. */
export interface Token {
  readonly gen: number;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly body: Uint8Array<ArrayBuffer>;
}

export const IV_BYTES = 12;
export const SECRET_BYTES = 32;
const TOKEN = /^k([1-9]\d{0,8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The WebCrypto `SubtleCrypto` of the platform (Node 20+, browsers). */
export function subtleCrypto(): SubtleCrypto {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (subtle === undefined) throw new LawfulCrmError("INVALID_ARGUMENT", "WebCrypto (globalThis.crypto.subtle) is not available on this platform.");
  return subtle;
}

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

/**
 * The two keys of one generation, derived with HKDF-SHA-256 from 32 bytes of
 * secret key material: what a vault that stores keys (wrapped) keeps per
 * subject and generation. Both keys are non-extractable.
 */
export async function subjectKeyFromSecret(secret: Uint8Array<ArrayBuffer>, gen: number): Promise<SubjectKey> {
  if (secret.length !== SECRET_BYTES) throw new LawfulCrmError("INVALID_ARGUMENT", `a subject key is ${SECRET_BYTES} bytes of secret material.`);
  const subtle = subtleCrypto();
  const base = await subtle.importKey("raw", secret, "HKDF", false, ["deriveKey"]);
  const info = (what: string) => ({ name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: utf8.encode(`lawful-crm vault v1 ${what}`) });
  const aes = await subtle.deriveKey(info("aes-256-gcm"), base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  const mac = await subtle.deriveKey(info("synthetic-iv"), base, { name: "HMAC", hash: "SHA-256", length: 256 }, false, ["sign"]);
  return { gen, aes, mac };
}

/** A new random key of generation `gen`; its secret material is wiped once the keys are derived. */
export async function newSubjectKey(gen: number): Promise<SubjectKey> {
  const secret = globalThis.crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  try {
    return await subjectKeyFromSecret(secret, gen);
  } finally {
    secret.fill(0);
  }
}

/** The additional authenticated data: the subject, and the context when there is one (JSON keeps them apart). */
function aad(subject: string, context: string | undefined): Uint8Array<ArrayBuffer> {
  return utf8.encode(JSON.stringify(context === undefined ? [subject] : [subject, context]));
}

/** The synthetic IV of a value: it depends on the key, the context and the plaintext, and on nothing else. */
export async function syntheticIv(key: SubjectKey, context: string, plaintext: string): Promise<Uint8Array<ArrayBuffer>> {
  const mac = await subtleCrypto().sign("HMAC", key.mac, utf8.encode(JSON.stringify([context, plaintext])));
  return new Uint8Array(mac.slice(0, IV_BYTES));
}

/** A random IV. */
export function randomIv(): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
}

/** Seals `plaintext` under `key` with `iv`: the ciphertext string. */
export async function sealToken(key: SubjectKey, subject: string, plaintext: string, context: string | undefined, iv: Uint8Array<ArrayBuffer>): Promise<string> {
  const ct = await subtleCrypto().encrypt({ name: "AES-GCM", iv, additionalData: aad(subject, context), tagLength: 128 }, key.aes, utf8.encode(plaintext));
  return `k${key.gen}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ct))}`;
}

/** Parses a ciphertext string, or undefined when it is not one a vault of this package made. */
export function parseToken(token: string): Token | undefined {
  const m = TOKEN.exec(token);
  if (m === null) return undefined;
  // 16 base64url characters are exactly the 12 bytes of an IV.
  return { gen: Number(m[1]), iv: fromBase64Url(m[2]!), body: fromBase64Url(m[3]!) };
}

/** Opens a parsed ciphertext with `key`: the plaintext, or undefined when it does not authenticate. */
export async function openToken(key: SubjectKey, subject: string, token: Token, context: string | undefined): Promise<string | undefined> {
  try {
    const pt = await subtleCrypto().decrypt({ name: "AES-GCM", iv: token.iv, additionalData: aad(subject, context), tagLength: 128 }, key.aes, token.body);
    return fromUtf8.decode(pt);
  } catch {
    return undefined;
  }
}
