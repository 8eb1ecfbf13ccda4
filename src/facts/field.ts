/**
 * The state of a field at an instant: its value now, the correction that set
 * it (GDPR Art. 16) and the erasures that removed values (Art. 17).
 */
import type { EventOf } from "../events/index.js";
import { earliest, latest, precedes, within, type Entry, type FactState, type Instant, type SubjectState } from "../ledger/index.js";

/** The state of a field at `i`: its visible facts, the current one (if any) and its current value's entry. */
export interface FieldState {
  /** Facts recorded by `i`. */
  readonly recorded: FactState[];
  /** The most recent non-erased fact, if any. */
  readonly current: FactState | undefined;
  /** The correction that set the current value, if any. */
  readonly correction: Entry<EventOf<"FactCorrected">> | undefined;
  /** Erasures by `i` of the recorded facts (when none is current). */
  readonly erasures: Entry<EventOf<"FactErased">>[];
}

/** The erasure by `i` that erased fact `f`, if any. */
export function erasedAt(f: FactState, size: number, i: Instant): Entry<EventOf<"FactErased">> | undefined {
  return earliest(f.erasures, size, i);
}

/** The correction that sets the fact's value at `i`, if any. */
export function correctionAt(f: FactState, size: number, i: Instant): Entry<EventOf<"FactCorrected">> | undefined {
  return latest(f.corrections, size, i);
}

/** The state of `field` of subject `s` at `i`. */
export function fieldState(s: SubjectState | undefined, field: string, size: number, i: Instant): FieldState {
  const ids = s?.factsByField.get(field);
  const recorded: FactState[] = [];
  let current: FactState | undefined;
  const erasures: Entry<EventOf<"FactErased">>[] = [];
  if (s !== undefined && ids !== undefined) {
    for (const id of ids) {
      const f = s.facts.get(id)!;
      if (!within(f.rec, size, i)) continue;
      recorded.push(f);
      const x = erasedAt(f, size, i);
      if (x !== undefined) {
        if (!erasures.includes(x)) erasures.push(x);
        continue;
      }
      if (current === undefined || precedes(current.rec, f.rec)) current = f;
    }
  }
  const correction = current === undefined ? undefined : correctionAt(current, size, i);
  return { recorded, current, correction, erasures };
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
