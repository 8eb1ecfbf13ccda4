import type { LedgerEvent } from "./codecs.js";

/**
 * One accepted event as the ledger keeps it: the decoded envelope and data,
 * its `at` in epoch milliseconds (`t`) and its 0-based log position (`pos`),
 * in one object. `e` is the record itself seen as the decoded event, so that
 * rules read `entry.e.data` and `entry.t` from the same object. Internal: the
 * public surface shows events and copies, never records.
 */
export class EventRecord {
  constructor(
    readonly id: string,
    readonly type: string,
    readonly at: string,
    /** Not readonly: the store replaces it with its subject table's copy of the same string. */
    public subject: string | undefined,
    readonly by: string | undefined,
    readonly v: 1 | undefined,
    readonly data: Readonly<Record<string, unknown>>,
    readonly t: number,
    readonly pos: number,
  ) {}

  /** The record seen as its decoded event. */
  get e(): LedgerEvent {
    return this as unknown as LedgerEvent;
  }
}

/** Makes a record (the one way to make one outside the decoders: snapshots restore records through it). */
export function makeRecord(
  id: string,
  type: string,
  at: string,
  subject: string | undefined,
  by: string | undefined,
  v: 1 | undefined,
  data: Readonly<Record<string, unknown>>,
  t: number,
  pos: number,
): EventRecord {
  return new EventRecord(id, type, at, subject, by, v, data, t, pos);
}

/**
 * Shares equal strings and string lists between records: the small
 * vocabularies (purposes, fields, categories, sources, roles, ids of facts
 * and consents) repeat in almost every event, and `JSON.parse` makes a new
 * copy of each every time.
 */
export interface Interner {
  string(s: string): string;
  /** A frozen list equal to `list` (which the caller hands over: it may be frozen and kept). */
  strings(list: string[]): readonly string[];
}

/** The interner of the public `decodeEvent`: no sharing, every list frozen fresh. */
export const NO_INTERNING: Interner = {
  string: (s) => s,
  strings: (list) => Object.freeze(list),
};

/** An interner with its own tables (one per ledger store, so that nothing outlives the ledgers that use it). */
export function createInterner(): Interner {
  const strings = new Map<string, string>();
  const singles = new Map<string, readonly string[]>();
  const lists = new Map<string, readonly string[]>();
  return {
    string(s) {
      const known = strings.get(s);
      if (known !== undefined) return known;
      strings.set(s, s);
      return s;
    },
    strings(list) {
      if (list.length === 1) {
        const s = list[0]!;
        const known = singles.get(s);
        if (known !== undefined) return known;
        list[0] = this.string(s);
        const frozen = Object.freeze(list);
        singles.set(s, frozen);
        return frozen;
      }
      // JSON.stringify of a string list is injective: equal keys, equal lists.
      const key = JSON.stringify(list);
      const known = lists.get(key);
      if (known !== undefined) return known;
      for (let k = 0; k < list.length; k++) list[k] = this.string(list[k]!);
      const frozen = Object.freeze(list);
      lists.set(key, frozen);
      return frozen;
    },
  };
}
