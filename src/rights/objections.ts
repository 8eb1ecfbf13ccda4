/**
 * The right to object (GDPR Art. 21): an objection to a purpose stands until
 * the person lifts it with an `ObjectionWithdrawn` naming a covering purpose.
 */
import { covers, overlaps } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { INDEXING, precedes, precedesPair, subjectSlot, within, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

type Raised = Entry<EventOf<"ObjectionRaised">>;
type Lift = Entry<EventOf<"ObjectionWithdrawn">>;

/** The person's first lift by `i` of the objection `raised` to purpose `p`: later, naming a purpose covering `p`. */
export function liftOf(v: View, s: SubjectState, raised: Raised, p: string, i: Instant): Lift | undefined {
  for (const w of s.objections) {
    if (w.e.type === "ObjectionWithdrawn" && within(w, v.size, i) && precedes(raised, w) && w.e.data.purposes.some((x) => covers(x, p))) return w as Lift;
  }
  return undefined;
}

/** After every instant. */
const END: Instant = Object.freeze({ t: Infinity, pos: Infinity });

/**
 * An objection to `purpose` and its first lift at any instant, as values: the
 * objection's event id and instant, the lift's instant (Infinity, after every
 * query instant, when never lifted). A query then reads neither event (on a
 * long history they lie anywhere in the heap, each read a cache miss).
 */
interface Objected {
  readonly eventId: string;
  readonly raisedT: number;
  readonly raisedPos: number;
  readonly purpose: string;
  readonly liftT: number;
  readonly liftPos: number;
}

const BY_PURPOSE = Symbol("objections affecting a purpose, with their first lifts");

/**
 * The objections of `s` affecting `u` (one purpose covers the other), in
 * the order of `s.objections` and of their purposes, each with its first
 * lift; kept until the subject's next event. Undefined when the snapshot
 * does not see the whole subject (each lift is then looked up by {@link liftOf}).
 */
function objectionsAffecting(v: View, s: SubjectState, u: string): readonly Objected[] | undefined {
  if (s.objections.length < INDEXING.from || s.lastPos >= v.size) return undefined;
  const all = subjectSlot(s, BY_PURPOSE, () => new Map<string, readonly Objected[]>());
  let list = all.get(u);
  if (list === undefined) {
    const out: Objected[] = [];
    for (const e of s.objections) {
      if (e.e.type !== "ObjectionRaised") continue;
      for (const p of e.e.data.purposes) {
        if (!overlaps(p, u)) continue;
        const lift = liftOf(v, s, e as Raised, p, END) ?? END;
        out.push({ eventId: e.e.id, raisedT: e.t, raisedPos: e.pos, purpose: p, liftT: lift.t, liftPos: lift.pos });
      }
    }
    all.set(u, (list = out));
  }
  return list;
}

/** Objected purposes in force at `i` that affect `u` (one covers the other), with the objection's event id. */
export function objectionsInForce(v: View, s: SubjectState, u: string, i: Instant): { purpose: string; eventId: string }[] {
  const out: { purpose: string; eventId: string }[] = [];
  if (s.objections.length === 0) return out;
  const affecting = objectionsAffecting(v, s, u);
  if (affecting !== undefined) {
    for (const x of affecting) {
      if (precedesPair(i, x.raisedT, x.raisedPos)) break;
      if (precedesPair(i, x.liftT, x.liftPos)) out.push({ purpose: x.purpose, eventId: x.eventId });
    }
    return out;
  }
  for (const e of s.objections) {
    if (e.e.type !== "ObjectionRaised" || !within(e, v.size, i)) continue;
    for (const p of e.e.data.purposes) {
      if (overlaps(p, u) && liftOf(v, s, e as Raised, p, i) === undefined) out.push({ purpose: p, eventId: e.e.id });
    }
  }
  return out;
}
