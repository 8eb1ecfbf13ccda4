import * as E from "fp-ts/lib/Either.js";
import { decide, type CommandInput, type CommandType, type CommandError, type DecideContext } from "../commands/index.js";
import { decodeEvent, type LedgerEvent } from "../events/index.js";
import { describeThrown } from "../_internal/guard.js";
import { copyJson } from "../_internal/json.js";
import { LawfulCrmError, type Ledger } from "../ledger/index.js";
import { checkVault, contextOf, headOf, isObj, mapInChunks, where, WHOLE_EVENT, withData, type Obj } from "./common.js";
import { SEALED_PREFIX, sealedFieldsOf } from "./markers.js";
import type { Vault } from "./vault.js";

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
    problem = `reading it threw ${describeThrown(e)}`;
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
 * const importedEvents = [{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1", field: "email",
 *   value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }];
 * const stored = await sealEvents(importedEvents, vault); // write these to your log
 * console.log("stored value:", stored[0]?.data.value.slice(0, 21)); //=> stored value: lawful-crm:sealed:v1:
 * ```
 */
export async function sealEvents<T>(events: readonly T[], vault: Vault): Promise<T[]> {
  // The caller's array read once, under guard (a Proxy or a getter on an element may throw).
  let list: readonly unknown[] | undefined;
  try {
    list = Array.isArray(events) ? (Array.prototype.slice.call(events) as unknown[]) : undefined;
  } catch (e) {
    throw new LawfulCrmError("INVALID_ARGUMENT", `sealEvents(): reading the events threw ${describeThrown(e)}.`);
  }
  if (list === undefined) throw new LawfulCrmError("INVALID_ARGUMENT", "sealEvents(): expected an array of events.");
  checkVault("sealEvents", vault);
  return mapInChunks(list, (e, index) => sealOne(e, index, vault)) as Promise<T[]>;
}

/**
 * `decide` with a vault: runs the pure, synchronous `decide` and seals the
 * personal fields of the events it produces (fact `value`, `sourceRef`,
 * consent `evidence`) with the subject's key. Append the sealed events to
 * the log; to extend a ledger read with the vault, apply
 * `await unsealEvents(events, vault)`. Typed on `Command`, as `decide` is;
 * for input typed `unknown`, seal what `decideUnknown` returns with
 * {@link sealEvents}.
 *
 * @example
 * ```ts
 * import { createMemoryVault, decideWithVault, replay } from "lawful-crm";
 * const vault = createMemoryVault();
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
 *   { id: "s1", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 * ]);
 * const r = await decideWithVault(
 *   { type: "recordFact", subject: "anna", data: { field: "email", value: "anna@example.org", category: "contact.email",
 *     source: "web-form", purposes: ["sales"], basis: "contract" } },
 *   ledger, { now: () => "2024-05-01T09:00:00Z", newId: () => "e-42" }, vault);
 * if (r._tag === "Right") console.log("to append:", JSON.stringify(r.right).includes("anna@example.org") ? "plaintext" : "value sealed"); //=> to append: value sealed
 * ```
 */
export async function decideWithVault<C extends CommandType>(
  command: CommandInput<C>,
  ledger: Ledger,
  context: DecideContext,
  vault: Vault,
): Promise<E.Either<CommandError[], LedgerEvent[]>> {
  const r = decide(command, ledger, context);
  if (r._tag === "Left") return r;
  return E.right(await sealEvents(r.right, vault));
}
