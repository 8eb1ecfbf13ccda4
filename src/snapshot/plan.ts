/** What a store holds, gathered in the order a snapshot writes it. */
import { BigMap, BigSet, type MapLike } from "../_internal/bigmap.js";
import type { EventRecord } from "../events/index.js";
import { Undecoded, type RejectRecord, type Store } from "../ledger/index.js";
import type { Canon } from "./lazy.js";

/** Where a streamed replay's reject came from: its source line, and why it could not be read when it could not. */
export interface SourceLine {
  readonly line: number;
  readonly reason?: string;
}

/** One reject as the snapshot keeps it. */
export interface PlannedReject {
  readonly rec: RejectRecord;
  readonly canon: Canon;
  readonly marksCatalog: boolean;
  /** A conflicting reuse's decoded record, kept apart from its raw copy for duplicate detection. */
  readonly variant: EventRecord | undefined;
  /** Its source line, when the ledger was replayed from a stream. */
  readonly source: SourceLine | undefined;
}

export interface PlannedSubject {
  readonly id: string;
  /** Accepted records in log order. */
  readonly records: readonly EventRecord[];
  /** Indexes into the store's rejects of those that mark the subject, in log order. */
  readonly rejects: readonly number[];
}

/** What a store holds, in the order the snapshot writes it. */
export interface Plan {
  readonly size: number;
  readonly accepted: number;
  readonly position: bigint | number | undefined;
  readonly catalog: readonly EventRecord[];
  readonly rejects: readonly PlannedReject[];
  /** Each duplicate's position and what it repeats: position × 2, + 1 when it is a conflicting reuse's decoded record. */
  readonly duplicates: readonly { readonly pos: number; readonly ref: number }[];
  readonly subjects: readonly PlannedSubject[];
}

const byPosition = (a: EventRecord, b: EventRecord) => a.pos - b.pos;

/** Reads everything a snapshot holds out of a store whose every item is the ledger's (not an older ledger's). */
export function plan(store: Store, position: bigint | number | undefined, sources: MapLike<number, SourceLine> | undefined): Plan {
  const log = store.log;
  // Per reject: BigMap/BigSet, since a V8 Map holds at most 2^24 entries.
  const catalogRejects = new BigSet(store.catalog.rejects);
  const rejectIndex = new BigMap<RejectRecord, number>();
  /** The position of each raw item's canonical copy (duplicates point at it). */
  const rawAt = new BigMap<Canon, number>();
  const rejects: PlannedReject[] = store.rejects.map((rec, k) => {
    rejectIndex.set(rec, k);
    const canon = log[rec.position]!;
    if (canon instanceof Undecoded && !rawAt.has(canon)) rawAt.set(canon, rec.position);
    let variant: EventRecord | undefined;
    if (rec.code === "ID_CONFLICT" && rec.id !== undefined) {
      const found = store.variants.get(rec.id)?.find((v) => (v instanceof Undecoded ? v === canon : v.pos === rec.position));
      if (found !== undefined && !(found instanceof Undecoded)) variant = found;
    }
    return { rec, canon, marksCatalog: catalogRejects.has(rec), variant, source: sources?.get(rec.position) };
  });
  const duplicates = store.duplicates.map((pos) => {
    const canon = log[pos]!;
    if (canon instanceof Undecoded) return { pos, ref: rawAt.get(canon)! * 2 };
    return { pos, ref: canon.pos * 2 + (log[canon.pos] === canon ? 0 : 1) };
  });
  const subjects: PlannedSubject[] = [];
  for (const [id, s] of store.subjects) {
    const records = (s.events as readonly EventRecord[]).slice().sort(byPosition);
    subjects.push({ id, records, rejects: s.rejects.map((r) => rejectIndex.get(r)!) });
  }
  const catalog = (store.catalog.events as readonly EventRecord[]).slice().sort(byPosition);
  return { size: store.size, accepted: store.accepted, position, catalog, rejects, duplicates, subjects };
}
