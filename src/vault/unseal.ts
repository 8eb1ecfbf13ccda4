/** Opening sealed events with a vault: the readers of a sealed log. */
import { LawfulCrmError, replay, unreadableItem, type Ledger } from "../ledger/index.js";
import { checkVault, contextOf, headOf, isObj, mapInChunks, sameHead, where, WHOLE_EVENT, withData, type Obj } from "./common.js";
import { subtleCrypto } from "./crypto.js";
import { FORGOTTEN_PREFIX, SEALED_PREFIX, sealedFieldsOf } from "./markers.js";
import { isVaultError, VAULT_ERROR_CODES, type Vault } from "./vault.js";

const utf8 = new TextEncoder();

/** The stand-in for a value whose key is gone: a digest of its ciphertext, so distinct ciphertexts stay distinct. */
async function forgottenMarker(token: string): Promise<string> {
  const digest = new Uint8Array(await subtleCrypto().digest("SHA-256", utf8.encode(token)));
  let hex = "";
  for (const b of digest.subarray(0, 16)) hex += b.toString(16).padStart(2, "0");
  return FORGOTTEN_PREFIX + hex;
}

/** What opening one sealed value came to. */
type Opened = { readonly plaintext: string } | { readonly forgotten: string } | { readonly unreadable: string };

/** The vault error code an implementation rejected with (as `code` or `error.code`), if any. */
function codeOf(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null) return undefined;
  const codes = VAULT_ERROR_CODES as readonly unknown[];
  const direct = (e as { code?: unknown }).code;
  if (codes.includes(direct)) return direct as string;
  const nested = (e as { error?: { code?: unknown } }).error?.code;
  return codes.includes(nested) ? (nested as string) : undefined;
}

function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  const m = (e as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof m === "string" ? m : String(e);
}

/** The reason of a SEALED_VALUE_UNREADABLE reject: where, the vault's code and its sentence. */
function cannotOpen(at: string, code: string, message: string): string {
  return `${at}: the vault cannot open the sealed value: ${code}, ${String(message).replace(/\.$/, "")}.`;
}

async function open(vault: Vault, subject: string, sealed: string, context: string, at: string): Promise<Opened> {
  const token = sealed.slice(SEALED_PREFIX.length);
  let answer: unknown;
  try {
    answer = await vault.decrypt(subject, token, context);
  } catch (e) {
    const code = codeOf(e);
    // Anything else means the vault could not answer: fail, never guess.
    if (code === undefined) throw new LawfulCrmError("INVALID_ARGUMENT", `${at}: ${messageOf(e)}`);
    return { unreadable: cannotOpen(at, code, messageOf(e)) };
  }
  if (answer === undefined) return { forgotten: await forgottenMarker(token) };
  if (typeof answer === "string") return { plaintext: answer };
  if (isVaultError(answer)) return { unreadable: cannotOpen(at, answer.error.code, answer.error.message) };
  throw new LawfulCrmError("INVALID_ARGUMENT", `${at}: the vault's decrypt resolved to neither a string, undefined nor a VaultError.`);
}

function parsePlaintext(plaintext: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(plaintext) as unknown };
  } catch {
    return undefined;
  }
}

const NOT_OURS = "the vault returned a plaintext that is not the JSON this library sealed.";

/** Opens an event sealed whole: the item as it was written, or its envelope with the forgotten stand-in. */
async function openEnvelope(item: Obj, subject: string, sealed: string, vault: Vault): Promise<unknown> {
  const at = where(item["id"], "data");
  const r = await open(vault, subject, sealed, contextOf(item["id"], WHOLE_EVENT), at);
  if ("unreadable" in r) return unreadableItem(item, r.unreadable);
  if ("forgotten" in r) return { ...item, data: r.forgotten };
  const parsed = parsePlaintext(r.plaintext);
  if (parsed === undefined) return unreadableItem(item, `${at}: ${NOT_OURS}`);
  // Its clear id, type, at and subject are what replay marks: they must be the sealed item's.
  if (!isObj(parsed.value) || !sameHead(headOf(parsed.value), headOf(item))) {
    return unreadableItem(item, `${at}: the clear id, type, at or subject of the stored event differ from its sealed content.`);
  }
  return parsed.value;
}

async function unsealOne(item: unknown, vault: Vault): Promise<unknown> {
  if (!isObj(item)) return item;
  const subject = item["subject"];
  if (typeof subject !== "string" || subject === "") return item;
  const data = item["data"];
  if (typeof data === "string" && data.startsWith(SEALED_PREFIX)) return openEnvelope(item, subject, data, vault);
  if (!isObj(data)) return item;
  let opened: Obj | undefined;
  for (const f of sealedFieldsOf(item["type"])) {
    const v = data[f];
    if (typeof v !== "string" || !v.startsWith(SEALED_PREFIX)) continue;
    const at = where(item["id"], `data.${f}`);
    const r = await open(vault, subject, v, contextOf(item["id"], f), at);
    if ("unreadable" in r) return unreadableItem(item, r.unreadable);
    opened ??= {};
    if ("forgotten" in r) opened[f] = r.forgotten;
    else {
      const parsed = parsePlaintext(r.plaintext);
      if (parsed === undefined) return unreadableItem(item, `${at}: ${NOT_OURS}`);
      opened[f] = parsed.value;
    }
  }
  return opened === undefined ? item : withData(item, opened);
}

/**
 * Opens the sealed fields of stored events with the vault, before replay:
 * each item comes back as it was written. A value whose key was forgotten
 * becomes a `lawful-crm:forgotten:v1:<digest>` stand-in (see `isForgotten`):
 * unreadable, but the event, its ids, purposes and timestamps stay, so the
 * ledger keeps provenance, consents, purposes and uses. An event the vault
 * cannot open — it never had a key for the subject (`VAULT_NO_KEY`) or the
 * ciphertext does not authenticate (`VAULT_AUTH_FAILED`: tampered, moved to
 * another subject, event or field) — comes back as an opaque item that
 * `replay` and `apply` reject with `SEALED_VALUE_UNREADABLE`, marking its
 * subject: never read as forgotten. Rejects (a `LawfulCrmError`) only when
 * the vault itself fails to answer.
 *
 * @example
 * ```ts
 * import { apply, createMemoryVault, replay, sealEvents, unsealEvents } from "lawful-crm";
 * const vault = createMemoryVault();
 * const newlyStored = await sealEvents([{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1",
 *   field: "email", value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }], vault);
 * let ledger = replay([]);
 * for (const e of await unsealEvents(newlyStored, vault)) ledger = apply(ledger, e);
 * console.log("accepted:", ledger.accepted); //=> accepted: 1
 * ```
 */
export async function unsealEvents<T>(events: readonly T[], vault: Vault): Promise<T[]> {
  if (!Array.isArray(events)) throw new LawfulCrmError("INVALID_ARGUMENT", "unsealEvents(): expected an array of events.");
  checkVault("unsealEvents", vault);
  return mapInChunks(events, (e) => unsealOne(e, vault)) as Promise<T[]>;
}

/**
 * The async reader: opens the sealed fields of stored events with the vault,
 * then replays them (the plain `replay` stays synchronous and shows sealed
 * values as they are stored). Values of subjects whose key was forgotten show
 * as forgotten in profiles and reports. What replay rejects, and so every
 * decision, is the same as with the key and as under a plain `replay` of
 * the stored events, for events sealed by {@link sealEvents}: decisions
 * never read sealed values — they follow the `FactErased` events of an
 * erasure ({@link eraseSubject}). An event the vault cannot open is rejected
 * with `SEALED_VALUE_UNREADABLE` (see {@link unsealEvents}). Events written
 * without a vault replay unchanged.
 *
 * @example
 * ```ts
 * import { createMemoryVault, profile, replayWithVault, sealEvents } from "lawful-crm";
 * const vault = createMemoryVault();
 * const log = await sealEvents([{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1",
 *   field: "email", value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }], vault);
 * const ledger = await replayWithVault(log, vault); // an iterable or async iterable: a stream of your log
 * console.log(profile(ledger, "anna").fields.map((f) => f.current?.value)); //=> [ 'anna@example.org' ]
 * ```
 */
export async function replayWithVault(events: Iterable<unknown> | AsyncIterable<unknown>, vault: Vault): Promise<Ledger> {
  if (events === null || events === undefined) throw new LawfulCrmError("INVALID_ARGUMENT", "replayWithVault() expects an iterable or async iterable of events.");
  let items: unknown[];
  if (typeof (events as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    items = [];
    for await (const x of events as AsyncIterable<unknown>) items.push(x);
  } else if (typeof (events as Iterable<unknown>)[Symbol.iterator] === "function") {
    items = Array.from(events as Iterable<unknown>);
  } else {
    throw new LawfulCrmError("INVALID_ARGUMENT", "replayWithVault() expects an iterable or async iterable of events.");
  }
  return replay(await unsealEvents(items, vault));
}

