/** Helpers shared by sealing and opening events with a vault. */
import { produce } from "immer";
import { LawfulCrmError } from "../ledger/index.js";

export type Obj = Record<string, unknown>;

export const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/** The field name under which a whole event is sealed (an event that did not decode). */
export const WHOLE_EVENT = "*";

/**
 * What a sealed value is bound to besides its subject: its event's id and
 * its field (`*` for a whole event). Authenticated by the vault, and what
 * makes sealing deterministic per event and field.
 */
export function contextOf(id: unknown, field: string): string {
  return JSON.stringify([typeof id === "string" ? id : null, field]);
}

/** Where a value is, for messages: `event "e1", data.value`. */
export function where(id: unknown, path: string): string {
  return `event ${typeof id === "string" ? JSON.stringify(id) : "(no id)"}, ${path}`;
}

export async function mapInChunks<T, U>(items: readonly T[], f: (x: T, index: number) => U | Promise<U>, chunk = 256): Promise<U[]> {
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
export function withData<T>(item: T, replacements: Obj): T {
  return produce(item as Obj, (draft) => {
    const data = draft["data"] as Obj;
    for (const [k, v] of Object.entries(replacements)) data[k] = v;
  }) as T;
}

/** The string envelope fields of a raw event: what its rejects and marks are made of. */
export function headOf(raw: Obj): Obj {
  const head: Obj = {};
  for (const k of ["id", "type", "at", "subject"]) if (typeof raw[k] === "string") head[k] = raw[k];
  return head;
}

export const sameHead = (a: Obj, b: Obj) => ["id", "type", "at", "subject"].every((k) => a[k] === b[k]);

export function checkVault(fn: string, vault: unknown): void {
  const ok = typeof vault === "object" && vault !== null && (["encrypt", "decrypt", "forget"] as const).every((k) => typeof (vault as Obj)[k] === "function");
  if (!ok) throw new LawfulCrmError("INVALID_ARGUMENT", `${fn}(): expected a Vault (an object with encrypt, decrypt and forget).`);
}

