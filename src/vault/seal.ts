import * as E from "fp-ts/lib/Either.js";
import { produce } from "immer";
import { decide, type CommandError, type DecideContext } from "../commands/decide.js";
import type { LedgerEvent } from "../events/codecs.js";
import { decodeEvent } from "../events/decode.js";
import { copyJson } from "../_internal/json.js";
import { LawfulCrmError, replay, type Ledger } from "../ledger/ledger.js";
import { unreadableItem } from "../ledger/store.js";
import { subtleCrypto } from "./crypto.js";
import { FORGOTTEN_PREFIX, SEALED_PREFIX, sealedFieldsOf } from "./markers.js";
import { isVaultError, VAULT_ERROR_CODES, type Vault } from "./vault.js";

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/** The field name under which a whole event is sealed (an event that did not decode). */
const WHOLE_EVENT = "*";

/**
 * What a sealed value is bound to besides its subject: its event's id and
 * its field (`*` for a whole event). Authenticated by the vault, and what
 * makes sealing deterministic per event and field.
 */
function contextOf(id: unknown, field: string): string {
  return JSON.stringify([typeof id === "string" ? id : null, field]);
}

/** Where a value is, for messages: `event "e1", data.value`. */
function where(id: unknown, path: string): string {
  return `event ${typeof id === "string" ? JSON.stringify(id) : "(no id)"}, ${path}`;
}

async function mapInChunks<T, U>(items: readonly T[], f: (x: T, index: number) => U | Promise<U>, chunk = 256): Promise<U[]> {
  const out: U[] = new Array(items.length);
  for (let k = 0; k < items.length; k += chunk) {
    const part = await Promise.all(items.slice(k, k + chunk).map((x, j) => f(x, k + j)));
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

/**
 * JSON text with object keys in code-unit order: JSON values that replay
 * finds equal (key order is irrelevant to it) get the same text, hence the
 * same ciphertext. For values `copyJson` accepted (finite numbers, plain
 * objects, bounded depth).
 */
function canonicalJson(v: unknown): string {
  if (typeof v !== "object" || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const o = v as Obj;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(",")}}`;
}

/** The first thing in `v` that is not JSON, as `path: what` (for a programmer error). */
function notJson(v: unknown): string {
  const ancestors: unknown[] = [];
  const walk = (x: unknown, path: string, depth: number): string | undefined => {
    const at = path === "" ? "the item" : path;
    const sub = (k: string) => (path === "" ? k : `${path}.${k}`);
    switch (typeof x) {
      case "string":
      case "boolean":
        return undefined;
      case "number":
        return Number.isFinite(x) ? undefined : `${at}: ${String(x)} is not JSON (numbers must be finite)`;
      case "bigint":
        return `${at}: a BigInt is not JSON`;
      case "object":
        break;
      default:
        return `${at}: ${x === undefined ? "undefined" : `a ${typeof x}`} is not JSON`;
    }
    if (x === null) return undefined;
    if (ancestors.includes(x)) return `${at}: a cycle is not JSON`;
    if (depth > 512) return `${at}: nests deeper than the 512 levels a ledger keeps`;
    const proto = Object.getPrototypeOf(x) as { constructor?: { name?: unknown } } | null;
    if (!Array.isArray(x) && proto !== Object.prototype && proto !== null) {
      const name = proto.constructor?.name;
      return `${at}: ${typeof name === "string" && name !== "" ? `a ${name}` : "an object that is not a plain object"} is not JSON`;
    }
    ancestors.push(x);
    const keys = Array.isArray(x) ? Array.from(x, (_, i) => String(i)) : Object.keys(x);
    for (const k of keys) {
      const found = walk((x as Obj)[k], sub(k), depth + 1);
      if (found !== undefined) return found;
    }
    ancestors.pop();
    return undefined;
  };
  return walk(v, "", 0) ?? "the item is not JSON";
}

/** The string envelope fields of a raw event: what its rejects and marks are made of. */
function headOf(raw: Obj): Obj {
  const head: Obj = {};
  for (const k of ["id", "type", "at", "subject"]) if (typeof raw[k] === "string") head[k] = raw[k];
  return head;
}

const sameHead = (a: Obj, b: Obj) => ["id", "type", "at", "subject"].every((k) => a[k] === b[k]);

async function encrypt(vault: Vault, subject: string, plaintext: string, context: string, id: unknown, path: string): Promise<string> {
  const token: unknown = await vault.encrypt(subject, plaintext, context);
  if (typeof token !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", `sealEvents(): ${where(id, path)}: the vault's encrypt did not resolve to a string.`);
  return SEALED_PREFIX + token;
}

/** A valid event with its personal fields sealed, each bound to the event's id and the field. */
async function sealFields(ev: LedgerEvent, vault: Vault): Promise<LedgerEvent> {
  const fields = sealedFieldsOf(ev.type);
  const data = ev.data as Obj;
  const sealed: Obj = {};
  let changed = false;
  for (const f of fields) {
    if (data[f] === undefined) continue;
    const subject = (ev as { subject: string }).subject;
    sealed[f] = await encrypt(vault, subject, canonicalJson(data[f]), contextOf(ev.id, f), ev.id, `data.${f}`);
    changed = true;
  }
  return changed ? withData(ev, sealed) : ev;
}

/**
 * An item that does not decode, sealed whole under its subject's key: only
 * its string `id`, `type`, `at` and `subject` stay in clear (what its reject
 * and marks are made of), and `data` becomes the sealed item — not an object,
 * so the envelope never decodes, whatever happens to the key.
 */
async function sealEnvelope(raw: Obj, subject: string, vault: Vault): Promise<Obj> {
  return Object.freeze({ ...headOf(raw), data: await encrypt(vault, subject, canonicalJson(raw), contextOf(raw["id"], WHOLE_EVENT), raw["id"], "data") });
}

async function sealOne(item: unknown, index: number, vault: Vault): Promise<unknown> {
  let decoded: LedgerEvent | undefined;
  let copy: { value: unknown } | undefined;
  let problem: string | undefined;
  try {
    const r = decodeEvent(item);
    if (r._tag === "Right") decoded = r.right;
    else {
      copy = copyJson(item);
      if (copy === undefined) problem = notJson(item);
    }
  } catch (e) {
    // A getter or a proxy trap that throws: nothing a JSON log could hold either.
    problem = `reading it threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (problem !== undefined) {
    let id = "";
    try {
      if (isObj(item) && typeof item["id"] === "string") id = ` (id ${JSON.stringify(item["id"])})`;
    } catch {
      // no id to name
    }
    throw new LawfulCrmError("INVALID_ARGUMENT", `sealEvents(): item ${index}${id} cannot be stored as JSON: ${problem}.`);
  }
  // A valid event: its personal fields sealed (what decoding drops is dropped).
  if (decoded !== undefined) return sealFields(decoded, vault);
  // An invalid one: sealed whole when it names a subject, so that it stays rejected
  // whatever happens to the key; without a subject there is no key to seal it with.
  const raw = copy!.value;
  if (isObj(raw) && typeof raw["subject"] === "string" && raw["subject"] !== "") return sealEnvelope(raw, raw["subject"], vault);
  return raw;
}

/**
 * Seals the personal fields of events with the vault — fact `value` and
 * `sourceRef` (`FactRecorded`, `FactCorrected`) and consent `evidence`
 * (`ConsentGranted`, `ConsentConfirmed`, `ConsentWithdrawn`) — each with its
 * subject's key and bound to its event's id and field, as
 * `lawful-crm:sealed:v1:<ciphertext>` strings, so the events still decode
 * under wire format v1. Everything else stays in clear. Sealing is
 * deterministic: the same event sealed twice with the same key gives the
 * same bytes (an exact duplicate however the log is read).
 *
 * An item that does not decode is sealed whole under its subject's key
 * (`{ id, type, at, subject, data: "lawful-crm:sealed:v1:…" }`, only the
 * string ones of those kept in clear): replay rejects it with
 * `DECODE_FAILED` with or without the key and after `forget` alike, with the
 * same marks. An item without a subject comes back as it is. Valid events
 * come back as `decodeEvent` gives them (unknown fields dropped); the input
 * is not changed. An item that cannot be stored as JSON (a BigInt, a cycle,
 * a function, `undefined`, a non-finite number, a class instance) makes it
 * throw a `LawfulCrmError` with code `INVALID_ARGUMENT`, unless it is a
 * valid event whose unknown fields are the only culprits.
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
  checkVault("sealEvents", vault);
  return mapInChunks(events, (e, index) => sealOne(e, index, vault)) as Promise<T[]>;
}

function checkVault(fn: string, vault: unknown): void {
  const ok = typeof vault === "object" && vault !== null && (["encrypt", "decrypt", "forget"] as const).every((k) => typeof (vault as Obj)[k] === "function");
  if (!ok) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}(): expected a Vault (an object with encrypt, decrypt and forget).`);
}

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
 * import { apply, unsealEvents } from "lawful-crm";
 * for (const e of await unsealEvents(newlyStored, vault)) ledger = apply(ledger, e);
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
