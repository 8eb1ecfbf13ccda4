/**
 * Damaging a sealed value so that it always fails authentication. Changing
 * the last base64url characters of a ciphertext is not enough: the last
 * character of an unpadded base64url string may carry padding bits, so the
 * changed text can decode to the same bytes (and then it authenticates, a
 * flaky test). Flipping a bit of a decoded byte of the ciphertext always
 * changes what AES-GCM authenticates.
 */
import { Buffer } from "node:buffer";

const PREFIX = "lawful-crm:sealed:v1:";

/** `sealed` (`lawful-crm:sealed:v1:k<gen>.<iv>.<body>`, or a bare token) with one bit of the first byte of its body flipped. */
export function tamperSealed(sealed: string): string {
  const prefix = sealed.startsWith(PREFIX) ? PREFIX : "";
  const [k, iv, body] = sealed.slice(prefix.length).split(".");
  if (k === undefined || iv === undefined || body === undefined) throw new Error(`not a sealed value: ${sealed}`);
  const bytes = Buffer.from(body, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  const out = `${prefix}${k}.${iv}.${bytes.toString("base64url")}`;
  if (out === sealed) throw new Error("tampering changed nothing");
  return out;
}
