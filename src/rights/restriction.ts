/** Restriction of processing (GDPR Art. 18): the latest restriction or lift by an instant decides. */
import type { EventOf } from "../events/index.js";
import { INDEXING, latest, ownerAt, subjectSlot, type Entry, type Instant, type Owners, type SubjectState, type View } from "../ledger/index.js";

type Restricted = Entry<EventOf<"ProcessingRestricted">>;

const OVER_TIME = Symbol("restriction in force over time");

/**
 * The restriction in force over time: from each restriction or lift until
 * the next, the restriction (or nobody after a lift). Kept until the
 * subject's next event, for a long list and a snapshot that sees the whole
 * subject: a query then finds it by binary search over dense instants
 * instead of over the events themselves.
 */
function overTime(s: SubjectState): Owners<Restricted> {
  return subjectSlot(s, OVER_TIME, () => {
    const starts: number[] = [];
    const owners: (Restricted | undefined)[] = [];
    for (const e of s.restrictions) {
      starts.push(e.t, e.pos);
      owners.push(e.e.type === "ProcessingRestricted" ? (e as Restricted) : undefined);
    }
    return { starts, owners };
  });
}

/** The `ProcessingRestricted` in force at `i` (not lifted since), if any. */
export function restrictionInForce(v: View, s: SubjectState, i: Instant): Restricted | undefined {
  if (s.restrictions.length >= INDEXING.from && s.lastPos < v.size) return ownerAt(overTime(s), i);
  const r = latest(s.restrictions, v.size, i);
  return r !== undefined && r.e.type === "ProcessingRestricted" ? (r as Restricted) : undefined;
}
