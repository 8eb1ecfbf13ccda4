/** What the log says about a subject's history as a whole: whether it is known, and whether it is complete. */
import { isVoided } from "./ledger.js";
import type { Instant } from "./order.js";
import type { Store } from "./store.js";
import type { RejectRecord, SubjectState } from "./types.js";

/** The unvoided rejects that make `subject` (or the catalog) incomplete at `t`, in log order. */
export function incompleteRejects(store: Store, size: number, subject: string, t: number): RejectRecord[] {
  const s = store.subjects.get(subject);
  if (store.catalog.rejects.length === 0 && (s === undefined || s.rejects.length === 0)) return [];
  const out: RejectRecord[] = [];
  const scan = (list: readonly RejectRecord[], matches: (r: RejectRecord) => boolean) => {
    for (const r of list) {
      if (r.position >= size || isVoided(r, size) || out.includes(r)) continue;
      if (matches(r)) out.push(r);
    }
  };
  scan(store.catalog.rejects, (r) => r.marks.some((m) => "catalog" in m.scope && m.from <= t));
  if (s !== undefined) scan(s.rejects, (r) => r.marks.some((m) => "subject" in m.scope && m.scope.subject === subject && m.from <= t));
  out.sort((a, b) => a.position - b.position);
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
