/**
 * The state of a field at an instant: its value now, the correction that set
 * it (GDPR Art. 16) and the erasures that removed values (Art. 17).
 */
import type { EventOf } from "../events/index.js";
import {
  addSpan,
  byTimePos,
  countUpTo,
  earliest,
  END,
  firstOwners,
  INDEXING,
  isFactList,
  latest,
  ownerAt,
  precedes,
  subjectSlot,
  within,
  type Entry,
  type FactState,
  type Instant,
  type Owners,
  type Span,
  type SubjectState,
} from "../ledger/index.js";

/** The state of a field at `i`: its visible facts, the current one (if any) and its current value's entry. */
export interface FieldState {
  /** Facts recorded by `i`. */
  readonly recorded: readonly FactState[];
  /** The most recent non-erased fact, if any. */
  readonly current: FactState | undefined;
  /** The correction that set the current value, if any. */
  readonly correction: Entry<EventOf<"FactCorrected">> | undefined;
  /** Erasures by `i` of the recorded facts (when none is current). */
  readonly erasures: readonly Entry<EventOf<"FactErased">>[];
}

/** The erasure by `i` that erased fact `f`, if any. */
export function erasedAt(f: FactState, size: number, i: Instant): Entry<EventOf<"FactErased">> | undefined {
  return earliest(f.erasures, size, i);
}

/** The correction that sets the fact's value at `i`, if any. */
export function correctionAt(f: FactState, size: number, i: Instant): Entry<EventOf<"FactCorrected">> | undefined {
  return latest(f.corrections, size, i);
}

/** The facts of `field` by `i`, the erasures by `i` of those erased, and the current one. */
function scanField(facts: readonly FactState[], size: number, i: Instant): { recorded: FactState[]; current: FactState | undefined; erasures: Entry<EventOf<"FactErased">>[] } {
  const recorded: FactState[] = [];
  let current: FactState | undefined;
  const erasures: Entry<EventOf<"FactErased">>[] = [];
  for (const f of facts) {
    if (!within(f.rec, size, i)) continue;
    recorded.push(f);
    const x = erasedAt(f, size, i);
    if (x !== undefined) {
      if (!erasures.includes(x)) erasures.push(x);
      continue;
    }
    if (current === undefined || precedes(current.rec, f.rec)) current = f;
  }
  return { recorded, current, erasures };
}

const BY_RECORDING = Symbol("facts of a field by recording");

/** The facts of `field`, sorted by their recording's (at, position), with their recordings in the same order. */
function factsByRecording(s: SubjectState, field: string, facts: readonly FactState[]): { readonly facts: readonly FactState[]; readonly recs: readonly Instant[] } {
  const index = subjectSlot(s, BY_RECORDING, () => new Map<string, { facts: FactState[]; recs: Instant[] }>());
  let sorted = index.get(field);
  if (sorted === undefined) {
    const byRec = [...facts].sort((a, b) => byTimePos(a.rec, b.rec));
    index.set(field, (sorted = { facts: byRec, recs: byRec.map((f) => f.rec) }));
  }
  return sorted;
}

const CURRENT = Symbol("current fact of a field over time");

/**
 * The current fact of `field` over time: each fact is alive from its
 * recording until its first erasure, and the current one is the alive fact
 * recorded last. Kept until the subject's next event; undefined when the
 * snapshot of `size` items does not see the whole subject.
 */
function currentOverTime(s: SubjectState, field: string, all: readonly FactState[], size: number): Owners<FactState> | undefined {
  if (s.lastPos >= size) return undefined;
  const index = subjectSlot(s, CURRENT, () => new Map<string, Owners<FactState>>());
  let owners = index.get(field);
  if (owners === undefined) {
    const { facts } = factsByRecording(s, field, all);
    const items: { owner: FactState; spans: Span[] }[] = [];
    for (let k = facts.length - 1; k >= 0; k--) {
      const f = facts[k]!;
      const spans: Span[] = [];
      addSpan(spans, f.rec, f.erasures[0] ?? END);
      items.push({ owner: f, spans });
    }
    index.set(field, (owners = firstOwners(items)));
  }
  return owners;
}

const AFTER_ALL = Symbol("scan of a long field after the subject's last event");

/**
 * The scan of a long `field` at `i` (its recordings and erasures). When the
 * snapshot of `size` items sees every event of `s` and `i` is at or after the
 * last of them, the scan is the same for every such instant: it is kept until
 * the subject's next event (an ERASED denial on a long history otherwise reads
 * every fact of the field, and its recording, each time).
 */
function scanLongField(s: SubjectState, field: string, facts: readonly FactState[], size: number, i: Instant): ReturnType<typeof scanField> {
  // Every event of `s` is in the snapshot and before `i` (at the very instant of the last: scanned).
  if (s.lastPos >= size || s.maxT >= i.t) return scanField(facts, size, i);
  const index = subjectSlot(s, AFTER_ALL, () => new Map<string, ReturnType<typeof scanField>>());
  let scanned = index.get(field);
  if (scanned === undefined) index.set(field, (scanned = scanField(facts, size, i)));
  return scanned;
}

/**
 * The state of a field with its current fact (for a long field found by
 * binary search: the most recent recording by `i` that is not erased by
 * then); the lists of what was recorded and erased are built only when read.
 */
class IndexedFieldState implements FieldState {
  private scanned: ReturnType<typeof scanField> | undefined;
  constructor(
    private readonly s: SubjectState,
    private readonly field: string,
    private readonly facts: FactState | readonly FactState[],
    private readonly size: number,
    private readonly i: Instant,
    readonly current: FactState | undefined,
    readonly correction: Entry<EventOf<"FactCorrected">> | undefined,
  ) {}
  private scan() {
    if (this.scanned === undefined) {
      const facts = isFactList(this.facts) ? this.facts : [this.facts];
      this.scanned = facts.length >= INDEXING.from ? scanLongField(this.s, this.field, facts, this.size, this.i) : scanField(facts, this.size, this.i);
    }
    return this.scanned;
  }
  get recorded(): readonly FactState[] {
    return this.scan().recorded;
  }
  get erasures(): readonly Entry<EventOf<"FactErased">>[] {
    return this.scan().erasures;
  }
}

/** The state of `field` of subject `s` at `i`. */
export function fieldState(s: SubjectState | undefined, field: string, size: number, i: Instant): FieldState {
  const got = s?.factsByField.get(field);
  if (s === undefined || got === undefined) return { recorded: [], current: undefined, correction: undefined, erasures: [] };
  if (!isFactList(got) && INDEXING.from > 1) {
    // The field's only fact: current unless recorded after `i` (or past the snapshot) or erased by then.
    const current = within(got.rec, size, i) && erasedAt(got, size, i) === undefined ? got : undefined;
    return new IndexedFieldState(s, field, got, size, i, current, current === undefined ? undefined : correctionAt(current, size, i));
  }
  const all = isFactList(got) ? got : [got];
  const over = all.length >= INDEXING.from ? currentOverTime(s, field, all, size) : undefined;
  if (over !== undefined) {
    const current = ownerAt(over, i);
    return new IndexedFieldState(s, field, all, size, i, current, current === undefined ? undefined : correctionAt(current, size, i));
  }
  if (all.length >= INDEXING.from) {
    const { facts, recs } = factsByRecording(s, field, all);
    let current: FactState | undefined;
    for (let k = countUpTo(recs, i) - 1; k >= 0 && current === undefined; k--) {
      const f = facts[k]!;
      if (f.rec.pos < size && erasedAt(f, size, i) === undefined) current = f;
    }
    return new IndexedFieldState(s, field, all, size, i, current, current === undefined ? undefined : correctionAt(current, size, i));
  }
  let current: FactState | undefined;
  for (const f of all) {
    if (!within(f.rec, size, i) || erasedAt(f, size, i) !== undefined) continue;
    if (current === undefined || precedes(current.rec, f.rec)) current = f;
  }
  return new IndexedFieldState(s, field, all, size, i, current, current === undefined ? undefined : correctionAt(current, size, i));
}

/** The state of one fact `f` at `i`, as if it were its field's only fact (a source's assessment judges facts one by one). */
export function singleFactState(f: FactState, size: number, i: Instant): FieldState {
  const erased = erasedAt(f, size, i);
  return erased === undefined
    ? { recorded: [f], current: f, correction: correctionAt(f, size, i), erasures: [] }
    : { recorded: [f], current: undefined, correction: undefined, erasures: [erased] };
}

/** The current value of a field: the correction's value when one set it, else the recording's. */
export function currentValue(fs: FieldState): unknown {
  if (fs.current === undefined) return undefined;
  return fs.correction !== undefined ? fs.correction.e.data.value : fs.current.rec.e.data.value;
}

/** The entry that set the current value (the correction, else the recording), if any. */
export function valueSetBy(fs: FieldState): Entry<EventOf<"FactRecorded"> | EventOf<"FactCorrected">> | undefined {
  return fs.correction ?? fs.current?.rec;
}
