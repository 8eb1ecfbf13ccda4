/**
 * Legal bases other than consent (GDPR Art. 6(1)(b)-(f)), recorded per
 * subject with a reference, ended by a `LegalBasisEnded` naming it or by
 * their own `until` (exclusive).
 */
import { covers } from "../_internal/dotted.js";
import { parseTimestamp } from "../_internal/time.js";
import type { EventOf, LegalBasis } from "../events/index.js";
import { countUpTo, INDEXING, precedes, precedesPair, subjectSlot, within, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

type Recorded = Entry<EventOf<"LegalBasisRecorded">>;

type Ended = Entry<EventOf<"LegalBasisEnded">>;

const INDEX = Symbol("bases by kind, ends by reference");

interface BasisIndex {
  readonly byBasis: Map<string, Recorded[]>;
  readonly endsByReference: Map<string, Ended[]>;
}

function indexOf(s: SubjectState): BasisIndex {
  return subjectSlot(s, INDEX, () => {
    const byBasis = new Map<string, Recorded[]>();
    for (const b of s.bases) {
      const list = byBasis.get(b.e.data.basis);
      if (list === undefined) byBasis.set(b.e.data.basis, [b]);
      else list.push(b);
    }
    const endsByReference = new Map<string, Ended[]>();
    for (const x of s.basisEnds) {
      const list = endsByReference.get(x.e.data.reference);
      if (list === undefined) endsByReference.set(x.e.data.reference, [x]);
      else list.push(x);
    }
    return { byBasis, endsByReference };
  });
}

const indexed = (s: SubjectState) => s.bases.length >= INDEXING.from || s.basisEnds.length >= INDEXING.from;

/** The first `LegalBasisEnded` by `i` that ends recorded basis `b` (same reference, after it), if any. */
export function basisEndOf(v: View, s: SubjectState, b: Recorded, i: Instant): Ended | undefined {
  if (!indexed(s)) return s.basisEnds.find((x) => x.e.data.reference === b.e.data.reference && within(x, v.size, i) && precedes(b, x));
  const ends = indexOf(s).endsByReference.get(b.e.data.reference);
  if (ends === undefined) return undefined;
  for (let k = countUpTo(ends, b); k < ends.length; k++) {
    const x = ends[k]!;
    if (precedes(i, x)) return undefined;
    if (x.pos < v.size) return x;
  }
  return undefined;
}

/** True when recorded basis `b` is still established at query instant `i`: not ended, `until` not reached. */
export function basisInForce(v: View, s: SubjectState, b: Recorded, i: Instant): boolean {
  const until = b.e.data.until;
  if (until !== undefined && !(i.t < parseTimestamp(until)!)) return false;
  return basisEndOf(v, s, b, i) === undefined;
}

/** After every instant: an end not reached. */
const END: Instant = Object.freeze({ t: Infinity, pos: Infinity });

/**
 * A recorded basis and the instant it stops being established (its `until`,
 * or its first end), exclusive: the record's id and instants copied in, so
 * that a query reads neither the record nor its end (on a long history they
 * lie anywhere in the heap, each read a cache miss).
 */
interface InForce {
  readonly id: string;
  readonly t: number;
  readonly pos: number;
  readonly untilT: number;
  readonly untilPos: number;
}

const SPANS = Symbol("recorded bases per kind and purpose, with their ends");

/**
 * The recorded bases of `s` of kind `basis` covering `u`, in (at, position)
 * order, each with the instant it stops being established; kept until the
 * subject's next event. Undefined when the snapshot does not see the whole
 * subject (its reader then checks each basis as before).
 */
function spansOf(v: View, s: SubjectState, basis: LegalBasis, u: string): readonly InForce[] | undefined {
  if (s.bases.length < INDEXING.from || s.lastPos >= v.size) return undefined;
  const all = subjectSlot(s, SPANS, () => new Map<string, Map<string, readonly InForce[]>>());
  let byPurpose = all.get(basis);
  if (byPurpose === undefined) all.set(basis, (byPurpose = new Map()));
  let list = byPurpose.get(u);
  if (list === undefined) {
    const out: InForce[] = [];
    for (const b of indexed(s) ? (indexOf(s).byBasis.get(basis) ?? []) : s.bases) {
      const d = b.e.data;
      if (d.basis !== basis || !d.purposes.some((p) => covers(p, u))) continue;
      const until: Instant = d.until === undefined ? END : { t: parseTimestamp(d.until)!, pos: -Infinity };
      const end = basisEndOf(v, s, b, END);
      const stop = end !== undefined && precedes(end, until) ? end : until;
      out.push({ id: b.e.id, t: b.t, pos: b.pos, untilT: stop.t, untilPos: stop.pos });
    }
    byPurpose.set(u, (list = out));
  }
  return list;
}

/** The ids of the `LegalBasisRecorded` events of `s` that establish `basis` for `u` at query instant `i`, in (at, position) order. */
export function recordedBasisIds(v: View, s: SubjectState, basis: LegalBasis, u: string, i: Instant): string[] {
  const out: string[] = [];
  const spans = spansOf(v, s, basis, u);
  if (spans !== undefined) {
    for (let k = 0, n = countUpTo(spans, i); k < n; k++) {
      const x = spans[k]!;
      if (precedesPair(i, x.untilT, x.untilPos)) out.push(x.id);
    }
    return out;
  }
  const candidates = indexed(s) ? (indexOf(s).byBasis.get(basis) ?? []) : s.bases;
  for (let k = 0, n = countUpTo(candidates, i); k < n; k++) {
    const b = candidates[k]!;
    if (b.pos >= v.size) continue;
    const d = b.e.data;
    if (d.basis !== basis || !d.purposes.some((p) => covers(p, u))) continue;
    if (basisInForce(v, s, b, i)) out.push(b.e.id);
  }
  return out;
}
