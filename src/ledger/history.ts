/** What the log says about a subject's history as a whole: whether it is known, and whether it is complete. */
import { isVoided } from "./ledger.js";
import { subjectAt } from "./merges.js";
import { countUpTo, type Instant } from "./order.js";
import { viewOf, type View } from "./read.js";
import type { Store } from "./store.js";
import type { RejectRecord, SubjectState } from "./types.js";

/** An unvoided reject that marks the catalog, and the earliest instant it marks it from. */
interface CatalogMark {
  readonly r: RejectRecord;
  readonly from: number;
}

/** The snapshot's unvoided catalog rejects: in log order, their earliest marks sorted, and the lists already asked for by instant. */
interface CatalogMarks {
  readonly marks: readonly CatalogMark[];
  /** The `from` of every mark, sorted: how many marks hold at `t` is a binary search. */
  readonly froms: Float64Array;
  readonly byInstant: Map<number, readonly RejectRecord[]>;
}

const CATALOG_MARKS = Symbol("unvoided catalog rejects");
const NO_REJECTS: readonly RejectRecord[] = Object.freeze([]);

/** The unvoided rejects of the snapshot that mark the catalog: computed once per snapshot. */
function catalogMarks(v: View): CatalogMarks {
  return v.slot(CATALOG_MARKS, () => {
    const marks: CatalogMark[] = [];
    for (const r of v.store.catalog.rejects) {
      if (r.position >= v.size || isVoided(r, v.size)) continue;
      let from = Infinity;
      for (const m of r.marks) if ("catalog" in m.scope && m.from < from) from = m.from;
      marks.push({ r, from });
    }
    return { marks, froms: Float64Array.from(marks, (m) => m.from).sort(), byInstant: new Map() };
  });
}

/** How many of the sorted `froms` are at most `t`. */
function countAtMost(froms: Float64Array, t: number): number {
  let lo = 0;
  let hi = froms.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (froms[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The unvoided rejects that mark the catalog by `t`, in log order (every subject is then incomplete); the same array for the same instant. */
export function catalogRejectsAt(v: View, t: number): readonly RejectRecord[] {
  const c = catalogMarks(v);
  const n = countAtMost(c.froms, t);
  if (n === 0) return NO_REJECTS;
  let list = c.byInstant.get(t);
  if (list === undefined) {
    list = Object.freeze(n === c.marks.length ? c.marks.map((m) => m.r) : c.marks.filter((m) => m.from <= t).map((m) => m.r));
    // A bounded memo: queries at many instants (time travel) do not make it grow without end.
    if (c.byInstant.size >= 64) c.byInstant.clear();
    c.byInstant.set(t, list);
  }
  return list;
}

/** True when an unvoided reject marks the catalog by `t` (every subject is then incomplete). */
export function catalogIncomplete(v: View, t: number): boolean {
  return countAtMost(catalogMarks(v).froms, t) > 0;
}

/**
 * True when a mark on `marked` counts for `s`, read as `subject`: its own, or
 * (issue 14) that of a subject merged into it on the view read at `t` — a
 * mark carries from the later of its start and the merge, both ≤ `t` then.
 */
function marksSubject(s: SubjectState, subject: string, marked: string): boolean {
  return marked === subject || s.members?.has(marked) === true;
}

/** The unvoided rejects that make subject `s` incomplete at `t` (its own marks), in log order. */
function subjectRejectsAt(s: SubjectState, size: number, subject: string, t: number): RejectRecord[] {
  const out: RejectRecord[] = [];
  for (const r of s.rejects) {
    if (r.position >= size || isVoided(r, size)) continue;
    if (r.marks.some((m) => "subject" in m.scope && marksSubject(s, subject, m.scope.subject) && m.from <= t)) out.push(r);
  }
  return out;
}

/**
 * The unvoided rejects that make `subject` (or the catalog) incomplete at
 * `t`, in log order: linear in the rejects, whose catalog part is computed
 * once per snapshot and instant.
 */
export function incompleteRejects(store: Store, size: number, subject: string, t: number, s: SubjectState | undefined = subjectAt(store, size, subject, t)): readonly RejectRecord[] {
  if (store.catalog.rejects.length === 0 && (s === undefined || s.rejects.length === 0)) return NO_REJECTS;
  const fromCatalog = catalogRejectsAt(viewOf(store, size), t);
  if (s === undefined || s.rejects.length === 0) return fromCatalog;
  const own = subjectRejectsAt(s, size, subject, t);
  if (own.length === 0) return fromCatalog;
  if (fromCatalog.length === 0) return own;
  // A reject can mark both (a conflicting reuse): name it once.
  const named = new Set(fromCatalog);
  const merged = [...fromCatalog];
  for (const r of own) if (!named.has(r)) merged.push(r);
  return merged.sort((a, b) => a.position - b.position);
}

/** How a reason names a rejected item: its id, or `#<position>` when it had none. */
export function rejectRef(r: RejectRecord): string {
  return r.id ?? `#${r.position}`;
}

/** True when `s` has an accepted event by instant `i`. */
export function knownSubject(s: SubjectState | undefined, size: number, i: Instant): boolean {
  if (s === undefined) return false;
  // The snapshot sees every event of the subject: its earliest decides, read from the subject itself.
  if (s.lastPos < size) return s.minT <= i.t;
  for (const e of s.events) {
    if (e.t > i.t) break;
    if (e.pos < size) return true;
  }
  return false;
}

/**
 * The earliest instant after `t` from which an unvoided reject marks the
 * catalog or `subject` (a decision then becomes HISTORY_INCOMPLETE), or
 * Infinity when none does.
 */
export function nextMarkAfter(v: View, subject: string, s: SubjectState | undefined, t: number): number {
  let next = Infinity;
  const { froms } = catalogMarks(v);
  const k = countAtMost(froms, t);
  if (k < froms.length) next = froms[k]!;
  if (s !== undefined) {
    for (const r of s.rejects) {
      if (r.position >= v.size || isVoided(r, v.size)) continue;
      for (const m of r.marks) if ("subject" in m.scope && marksSubject(s, subject, m.scope.subject) && m.from > t && m.from < next) next = m.from;
    }
  }
  return next;
}

/** The `at` (epoch ms) of the first entry of the (t, pos)-sorted `list` in the snapshot that is later than `t`, or Infinity. */
export function nextAfter(list: readonly Instant[], size: number, t: number): number {
  // Sorted: when the last entry is not later than `t`, none is (one read instead of a search).
  const last = list[list.length - 1];
  if (last === undefined || last.t <= t) return Infinity;
  for (let k = countUpTo(list, { t, pos: Infinity }); k < list.length; k++) {
    const e = list[k]!;
    if (e.pos < size) return e.t;
  }
  return Infinity;
}
