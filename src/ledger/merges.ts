/**
 * Merged subjects (issue 14): each subject keeps its own state, and a merge
 * is a link survivor ← from with the merge's instant. The survivor's history
 * at T is the union of its own events and those of every subject merged into
 * it (following chains) by a merge with `at` ≤ T, folded afresh into one
 * state as if all had been recorded about the survivor. A subject that no
 * merge names is read as before: the fast paths do not change.
 */
import { BigMap, type BigSet } from "../_internal/bigmap.js";
import type { EventOf, SubjectEvent } from "../events/index.js";
import { foldSubjectEvent } from "./fold.js";
import { Subject } from "./state.js";
import type { Store } from "./store.js";
import { parseTimestamp } from "../_internal/time.js";
import type { Entry, Problem, SubjectState } from "./types.js";

type Merge = Entry<EventOf<"SubjectsMerged">>;

/** The subjects whose events make up `s`'s history: `s` and, recursively, every subject merged into it by a merge `counts`. */
export function membersOf(store: Store, s: Subject, counts: (m: Merge) => boolean, out: Subject[] = []): Subject[] {
  out.push(s);
  for (const m of s.merges) {
    if (!counts(m)) continue;
    const from = store.subjects.get(m.e.data.from);
    if (from !== undefined) membersOf(store, from, counts, out);
  }
  return out;
}

/** The merge that made `s` the last survivor of its chain: `s` itself when no merge took it away. */
export function lastSurvivor(store: Store, s: Subject): Subject {
  let x = s;
  for (let m = x.mergedInto; m !== undefined; m = x.mergedInto) x = store.subjects.get(m.e.subject)!;
  return x;
}

/**
 * One state for the union of the members' histories, folded in log order
 * (the fold's effects do not depend on the order, and referents precede
 * their references in the log), with the members' rejects. `postings`
 * receives the survivor for the purposes the members' consents and bases
 * name (audiences).
 */
export function foldMembers(id: string, members: readonly Subject[], postings: BigMap<string, BigSet<string>>): Subject {
  const state = new Subject(id);
  const events: Entry<SubjectEvent>[] = [];
  for (const m of members) events.push(...m.events);
  events.sort((a, b) => a.pos - b.pos);
  for (const e of events) foldSubjectEvent(e, state, postings);
  const rejects = [...new Set(members.flatMap((m) => m.rejects))].sort((a, b) => a.position - b.position);
  for (const r of rejects) state.addReject(r);
  state.members = new Set(members.map((m) => m.id));
  state.mergedInto = members[0]!.mergedInto;
  state.merges = members[0]!.merges;
  return state;
}

const NO_POSTINGS = new BigMap<string, BigSet<string>>();

/**
 * Subject `subject` as a snapshot of `size` items reads it at `t` (epoch
 * ms): its own state when no merge into it counts by then, else its merged
 * history at `t` (kept per set of members until one of them changes).
 */
export function subjectAt(store: Store, size: number, subject: string, t: number): SubjectState | undefined {
  const s = store.subjects.get(subject);
  if (s === undefined || s.merges.length === 0) return s;
  const members = membersOf(store, s, (m) => m.pos < size && m.t <= t);
  if (members.length === 1) return s;
  const key = members.map((m) => m.id).join("\u0000");
  const views = (s.views ??= new Map());
  const hit = views.get(key);
  if (hit !== undefined && members.every((m) => m.touched < hit.built)) return hit.state;
  // A bounded memo: a survivor has few distinct member sets, but keep it bounded anyway.
  if (views.size >= 16) views.clear();
  const state = foldMembers(s.id, members, NO_POSTINGS);
  views.set(key, { built: store.size, state });
  return state;
}

/** The merge that took `subject` away by `t` in a snapshot of `size` items (decisions about it are then MERGED), if any. */
export function mergedAt(store: Store, size: number, subject: string, t: number): Merge | undefined {
  const m = store.subjects.get(subject)?.mergedInto;
  return m !== undefined && m.pos < size && m.t <= t ? m : undefined;
}

/** The subject that answers for `subject` at `t`: itself, or the last survivor of the merges that took it away by then. */
export function survivorAt(store: Store, size: number, subject: string, t: number): string {
  let id = subject;
  for (let m = mergedAt(store, size, id, t); m !== undefined; m = mergedAt(store, size, id, t)) id = m.e.subject;
  return id;
}

/** The ids of every subject merged into `subject` in a snapshot of `size` items, whatever the merges' instants (following chains), itself first. */
export function mergedIds(store: Store, size: number, subject: string): string[] {
  const s = store.subjects.get(subject);
  return s === undefined ? [subject] : membersOf(store, s, (m) => m.pos < size).map((x) => x.id);
}

/** What every answer about a subject merged away says (issue 14): "merged into S at …". */
export function mergedMessage(m: Merge): string {
  return `Subject ${JSON.stringify(m.e.data.from)} was merged into ${JSON.stringify(m.e.subject)} at ${m.e.at}: its data is answered for as part of ${JSON.stringify(m.e.subject)}'s.`;
}

/** True when the store holds no accepted merge: every reader may take its plain path. */
export function noMerges(store: Store): boolean {
  return store.mergeCount === 0;
}

/**
 * The subjects answered at `t` in a snapshot of `size` items, each as read
 * then: a subject merged away by `t` is left out (its data is its
 * survivor's), a survivor is its merged history.
 */
export function subjectsAt(store: Store, size: number, t: number): Iterable<SubjectState> {
  if (noMerges(store)) return store.subjects.values();
  const out: SubjectState[] = [];
  for (const s of store.subjects.values()) {
    if (mergedAt(store, size, s.id, t) !== undefined) continue;
    out.push(subjectAt(store, size, s.id, t)!);
  }
  return out;
}

/** Links survivor ← from (issue 14) and folds the survivor's merged history afresh. */
export function acceptMerge(store: Store, entry: Entry<EventOf<"SubjectsMerged">>, survivor: Subject): void {
  foldSubjectEvent(entry, survivor, store.basisPostings);
  linkMerge(store, entry, survivor);
}

/**
 * The links of an accepted merge whose event the survivor's state already
 * holds: `from` points to it, the survivor lists it, and the survivor's
 * merged history is folded from its members as they stand. A restored
 * snapshot calls it for each merge in log order once every subject is read
 * (the merged history, folded in log order, is then the one `push` built).
 */
export function linkMerge(store: Store, entry: Entry<EventOf<"SubjectsMerged">>, survivor: Subject): void {
  const from = store.subjects.get(entry.e.data.from)!;
  from.mergedInto = entry;
  survivor.merges = [...survivor.merges, entry];
  store.mergeCount++;
  survivor.merged = foldMembers(survivor.id, membersOf(store, survivor, () => true), store.basisPostings);
}

/** Folds an accepted event of `s` into the merged histories it is part of: its own, and those of the survivors up its chain. */
export function foldIntoSurvivors(store: Store, entry: Entry<SubjectEvent>, s: Subject): void {
  if (s.merged !== undefined) foldSubjectEvent(entry, s.merged, store.basisPostings);
  for (let m = s.mergedInto; m !== undefined; ) {
    const survivor = store.subjects.get(m.e.subject)!;
    foldSubjectEvent(entry, survivor.merged!, store.basisPostings);
    m = survivor.mergedInto;
  }
}

/** MERGE_INVALID (issue 14): why `from` cannot be merged into the event's subject now, if it cannot. */
export function mergeProblem(store: Store, ev: EventOf<"SubjectsMerged">, survivor: Subject | undefined): Problem | undefined {
  const S = JSON.stringify(ev.subject);
  const fromId = ev.data.from;
  const F = JSON.stringify(fromId);
  const invalid = (why: string): Problem => ["MERGE_INVALID", `merges ${F} into ${S}, but ${why}.`];
  if (fromId === ev.subject) return invalid("a subject cannot be merged into itself");
  const from = store.subjects.get(fromId);
  const t = parseTimestamp(ev.at)!;
  if (from === undefined || !(from.minT <= t)) return invalid(`${F} has no accepted event at or before ${ev.at} earlier in the log`);
  if (from.mergedInto !== undefined) return invalid(`${F} was already merged into ${JSON.stringify(from.mergedInto.e.subject)} (event ${JSON.stringify(from.mergedInto.e.id)})`);
  if (survivor?.mergedInto !== undefined) return invalid(`${S} was already merged into ${JSON.stringify(survivor.mergedInto.e.subject)} (event ${JSON.stringify(survivor.mergedInto.e.id)})`);
  const a = survivor === undefined ? undefined : (survivor.merged ?? survivor);
  const b = from.merged ?? from;
  for (const id of b.facts.keys()) if (a?.facts.has(id)) return invalid(`both histories hold a fact with id ${JSON.stringify(id)}`);
  for (const id of b.consents.keys()) if (a?.consents.has(id)) return invalid(`both histories hold a consent with id ${JSON.stringify(id)}`);
  return undefined;
}

