/**
 * The right to object (GDPR Art. 21): an objection to a purpose stands until
 * the person lifts it with an `ObjectionWithdrawn` naming a covering purpose.
 */
import { covers, overlaps } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { precedes, within, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

type Raised = Entry<EventOf<"ObjectionRaised">>;
type Lift = Entry<EventOf<"ObjectionWithdrawn">>;

/** The person's first lift by `i` of the objection `raised` to purpose `p`: later, naming a purpose covering `p`. */
export function liftOf(v: View, s: SubjectState, raised: Raised, p: string, i: Instant): Lift | undefined {
  for (const w of s.objections) {
    if (w.e.type === "ObjectionWithdrawn" && within(w, v.size, i) && precedes(raised, w) && w.e.data.purposes.some((x) => covers(x, p))) return w as Lift;
  }
  return undefined;
}

/** Objected purposes in force at `i` that affect `u` (one covers the other), with the objection's event id. */
export function objectionsInForce(v: View, s: SubjectState, u: string, i: Instant): { purpose: string; eventId: string }[] {
  const out: { purpose: string; eventId: string }[] = [];
  for (const e of s.objections) {
    if (e.e.type !== "ObjectionRaised" || !within(e, v.size, i)) continue;
    for (const p of e.e.data.purposes) {
      if (overlaps(p, u) && liftOf(v, s, e as Raised, p, i) === undefined) out.push({ purpose: p, eventId: e.e.id });
    }
  }
  return out;
}
