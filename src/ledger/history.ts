/** What the log says about a subject's history as a whole: whether it is known, and whether it is complete. */
import { isVoided } from "./ledger.js";
import { countUpTo, type Instant } from "./order.js";
import { viewOf, type View } from "./read.js";
import type { Store } from "./store.js";
import type { RejectRecord, SubjectState } from "./types.js";

/** An unvoided reject that marks the catalog, and the earliest instant it marks it from. */
interface CatalogMark {
  readonly r: RejectRecord;
  readonly from: number;
}

const CATALOG_MARKS = Symbol("unvoided catalog rejects");

/** The unvoided rejects of the snapshot that mark the catalog, in log order: computed once per snapshot. */
function catalogMarks(v: View): readonly CatalogMark[] {
  return v.slot(CATALOG_MARKS, () => {
    const out: CatalogMark[] = [];
    for (const r of v.store.catalog.rejects) {
      if (r.position >= v.size || isVoided(r, v.size)) continue;
      let from = Infinity;
      for (const m of r.marks) if ("catalog" in m.scope && m.from < from) from = m.from;
      out.push({ r, from });
    }
    return out;
  });
}

/** True when an unvoided reject marks the catalog by `t` (every subject is then incomplete). */
export function catalogIncomplete(v: View, t: number): boolean {
  for (const m of catalogMarks(v)) if (m.from <= t) return true;
  return false;
}

/**
 * The unvoided rejects that make `subject` (or the catalog) incomplete at
 * `t`, in log order: linear in the rejects, whose catalog part is computed
 * once per snapshot.
 */
export function incompleteRejects(store: Store, size: number, subject: string, t: number, s: SubjectState | undefined = store.subjects.get(subject)): RejectRecord[] {
  if (store.catalog.rejects.length === 0 && (s === undefined || s.rejects.length === 0)) return [];
  const out: RejectRecord[] = [];
  for (const m of catalogMarks(viewOf(store, size))) if (m.from <= t) out.push(m.r);
  if (s !== undefined && s.rejects.length > 0) {
    const fromCatalog = new Set(out);
    let merged = false;
    for (const r of s.rejects) {
      if (r.position >= size || isVoided(r, size) || fromCatalog.has(r)) continue;
      if (r.marks.some((m) => "subject" in m.scope && m.scope.subject === subject && m.from <= t)) {
        out.push(r);
        merged = true;
      }
    }
    if (merged) out.sort((a, b) => a.position - b.position);
  }
  return out;
}

/** How a reason names a rejected item: its id, or `#<position>` when it had none. */
export function rejectRef(r: RejectRecord): string {
  return r.id ?? `#${r.position}`;
}

/** True when `s` has an accepted event by instant `i`. */
export function knownSubject(s: SubjectState | undefined, size: number, i: Instant): boolean {
  if (s === undefined) return false;
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
  for (const m of catalogMarks(v)) if (m.from > t && m.from < next) next = m.from;
  if (s !== undefined) {
    for (const r of s.rejects) {
      if (r.position >= v.size || isVoided(r, v.size)) continue;
      for (const m of r.marks) if ("subject" in m.scope && m.scope.subject === subject && m.from > t && m.from < next) next = m.from;
    }
  }
  return next;
}

/** The `at` (epoch ms) of the first entry of the (t, pos)-sorted `list` in the snapshot that is later than `t`, or Infinity. */
export function nextAfter(list: readonly Instant[], size: number, t: number): number {
  for (let k = countUpTo(list, { t, pos: Infinity }); k < list.length; k++) {
    const e = list[k]!;
    if (e.pos < size) return e.t;
  }
  return Infinity;
}
