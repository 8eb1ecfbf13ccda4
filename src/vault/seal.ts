import * as E from "fp-ts/lib/Either.js";
import { produce } from "immer";
import { decide, type CommandError, type DecideContext } from "../commands/index.js";
import type { LedgerEvent } from "../events/index.js";
import { LawfulCrmError, replay, type Ledger } from "../ledger/index.js";
import { FORGOTTEN_PREFIX, SEALED_PREFIX, sealedFieldsOf } from "./markers.js";
import { subtleCrypto, type Vault } from "./vault.js";

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/** The subject, data and sealable fields of a raw event, or undefined when it has none. */
function sealable(x: unknown): { subject: string; data: Obj; fields: readonly string[] } | undefined {
  if (!isObj(x)) return undefined;
  const fields = sealedFieldsOf(x["type"]);
  const subject = x["subject"];
  const data = x["data"];
  if (fields.length === 0 || typeof subject !== "string" || subject === "" || !isObj(data)) return undefined;
  return { subject, data, fields };
}

async function mapInChunks<T, U>(items: readonly T[], f: (x: T) => U | Promise<U>, chunk = 256): Promise<U[]> {
  const out: U[] = new Array(items.length);
  for (let k = 0; k < items.length; k += chunk) {
    const part = await Promise.all(items.slice(k, k + chunk).map(f));
    for (let j = 0; j < part.length; j++) out[k + j] = part[j]!;
  }
  return out;
}

/**
 * The event with some `data` fields replaced: an immutable nested update, the
 * case immer is for (the input is never touched; the result is frozen).
 */
function withData<T>(item: T, replacements: Obj): T {
  return produce(item as Obj, (draft) => {
    const data = draft["data"] as Obj;
    for (const [k, v] of Object.entries(replacements)) data[k] = v;
  }) as T;
}

async function sealOne<T>(item: T, vault: Vault): Promise<T> {
  const s = sealable(item);
  if (s === undefined) return item;
  const sealed: Obj = {};
  let changed = false;
  for (const f of s.fields) {
    if (!Object.prototype.hasOwnProperty.call(s.data, f) || s.data[f] === undefined) continue;
    const plaintext = JSON.stringify(s.data[f]);
    if (plaintext === undefined) continue;
    sealed[f] = SEALED_PREFIX + (await vault.encrypt(s.subject, plaintext));
    changed = true;
  }
  return changed ? withData(item, sealed) : item;
}

/**
 * Seals the personal fields of events with the vault — fact `value` and
 * `sourceRef` (`FactRecorded`, `FactCorrected`) and consent `evidence`
 * (`ConsentGranted`, `ConsentConfirmed`, `ConsentWithdrawn`) — each with its
 * subject's key, as `lawful-crm:sealed:v1:<ciphertext>` strings, so the events
 * still decode under wire format v1. Everything else stays in clear. Returns
 * copies (the input is not changed); items without such fields come back as
 * they are. Use it to write events through a vault that did not come from
 * {@link decideWithVault}, e.g. an import; seal each event once.
 *
 * @example
 * ```ts
 * import { createMemoryVault, sealEvents } from "lawful-crm";
 * const vault = createMemoryVault();
 * const stored = await sealEvents(importedEvents, vault);
 * await appendToLog(stored);
 * ```
 */
export async function sealEvents<T>(events: readonly T[], vault: Vault): Promise<T[]> {
  if (!Array.isArray(events)) throw new LawfulCrmError("INVALID_ARGUMENT", "sealEvents(): expected an array of events.");
  return mapInChunks(events, (e) => sealOne(e, vault));
}

const utf8 = new TextEncoder();

/** The stand-in for a value whose key is gone: a digest of its ciphertext, so distinct ciphertexts stay distinct. */
async function forgottenMarker(token: string): Promise<string> {
  const digest = new Uint8Array(await subtleCrypto().digest("SHA-256", utf8.encode(token)));
  let hex = "";
  for (const b of digest.subarray(0, 16)) hex += b.toString(16).padStart(2, "0");
  return FORGOTTEN_PREFIX + hex;
}

async function unsealOne<T>(item: T, vault: Vault): Promise<T> {
  const s = sealable(item);
  if (s === undefined) return item;
  let data: Obj | undefined;
  for (const f of s.fields) {
    const v = s.data[f];
    if (typeof v !== "string" || !v.startsWith(SEALED_PREFIX)) continue;
    const token = v.slice(SEALED_PREFIX.length);
    let plaintext: string | undefined;
    try {
      plaintext = await vault.decrypt(s.subject, token);
    } catch (e) {
      const id = (item as Obj)["id"];
      throw new LawfulCrmError("INVALID_ARGUMENT", `event ${typeof id === "string" ? JSON.stringify(id) : "(no id)"}, data.${f}: ${e instanceof Error ? e.message : String(e)}`);
    }
    data ??= {};
    if (plaintext === undefined) data[f] = await forgottenMarker(token);
    else {
      try {
        data[f] = JSON.parse(plaintext) as unknown;
      } catch {
        throw new LawfulCrmError("INVALID_ARGUMENT", `data.${f}: the vault returned a plaintext that is not the JSON this library sealed.`);
      }
    }
  }
  return data === undefined ? item : withData(item, data);
}

/**
 * Opens the sealed fields of stored events with the vault, before replay.
 * A value whose subject's key was forgotten becomes a
 * `lawful-crm:forgotten:v1:<digest>` stand-in (see `isForgotten`): unreadable,
 * but the event, its ids, purposes and timestamps stay, so the ledger keeps
 * provenance, consents, purposes and uses. Items without sealed fields come
 * back as they are. Rejects when a ciphertext fails authentication (a
 * tampered log): that is never silently skipped.
 *
 * @example
 * ```ts
 * import { apply, unsealEvents } from "lawful-crm";
 * for (const e of await unsealEvents(newlyStored, vault)) ledger = apply(ledger, e);
 * ```
 */
export async function unsealEvents<T>(events: readonly T[], vault: Vault): Promise<T[]> {
  if (!Array.isArray(events)) throw new LawfulCrmError("INVALID_ARGUMENT", "unsealEvents(): expected an array of events.");
  return mapInChunks(events, (e) => unsealOne(e, vault));
}

/**
 * The async reader: opens the sealed fields of stored events with the vault,
 * then replays them (the plain `replay` stays synchronous and shows sealed
 * values as they are stored). Values of subjects whose key was forgotten show
 * as forgotten in profiles and reports; decisions do not change, since they
 * never read those values — they follow the `FactErased` events of an erasure
 * ({@link eraseSubject}). Events written without a vault replay unchanged.
 *
 * @example
 * ```ts
 * import { createMemoryVault, profile, replayWithVault } from "lawful-crm";
 * const ledger = await replayWithVault(readLog(), vault);
 * console.log(profile(ledger, "anna").fields.map((f) => f.current?.value));
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

/**
 * `decide` with a vault: runs the pure, synchronous `decide` and seals the
 * personal fields of the events it produces (fact `value`, `sourceRef`,
 * consent `evidence`) with the subject's key. Append the sealed events to
 * the log; to extend a ledger read with the vault, apply
 * `await unsealEvents(events, vault)`.
 *
 * @example
 * ```ts
 * import { createMemoryVault, decideWithVault } from "lawful-crm";
 * const r = await decideWithVault(
 *   { type: "recordFact", subject: "anna", data: { field: "email", value: "anna@example.org", category: "contact.email",
 *     source: "web-form", purposes: ["sales"], basis: "contract" } },
 *   ledger, { now: () => "2024-05-01T09:00:00Z", newId: () => "e-42" }, vault);
 * if (r._tag === "Right") await appendToLog(r.right); // value sealed
 * ```
 */
export async function decideWithVault(
  command: unknown,
  ledger: Ledger,
  context: DecideContext,
  vault: Vault,
): Promise<E.Either<CommandError[], LedgerEvent[]>> {
  const r = decide(command, ledger, context);
  if (r._tag === "Left") return r;
  return E.right(await sealEvents(r.right, vault));
}
