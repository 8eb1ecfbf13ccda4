/**
 * The reasons that stand alone: when one applies nothing else can be judged,
 * so it is the decision's only reason (checked in this order).
 */
import { incompleteRejects, knownSubject, mergedAt, queryInstant, rejectRef, subjectAt, viewOf, type Entry, type RejectRecord, type Store, type SubjectState } from "../ledger/index.js";
import type { EventOf } from "../events/index.js";
import { declarationOf } from "../purposes/index.js";
import type { ReasonMessages } from "../locale/index.js";
import { reason } from "./reason.js";
import { say } from "./say.js";
import type { Reason } from "./types.js";

/**
 * HISTORY_INCOMPLETE for `rejects`. The same list (the catalog's rejects at
 * one instant, shared by every subject without rejects of its own) gets the
 * same frozen reason: with many rejects, naming them all is the cost, paid once.
 */
const incompleteReasons = new WeakMap<ReasonMessages, WeakMap<readonly RejectRecord[], Reason>>();
function incompleteReason(rejects: readonly RejectRecord[]): Reason {
  const m = say();
  let known = incompleteReasons.get(m);
  if (known === undefined) incompleteReasons.set(m, (known = new WeakMap()));
  const cached = known.get(rejects);
  if (cached !== undefined) return cached;
  const r = Object.freeze(
    reason(
      "HISTORY_INCOMPLETE",
      m.HISTORY_INCOMPLETE({ rejected: rejects.length, catalog: rejects.some((x) => x.marks.some((mark) => "catalog" in mark.scope)) }),
      rejects.map(rejectRef),
    ),
  );
  Object.freeze(r.eventIds);
  if (Object.isFrozen(rejects)) known.set(rejects, r);
  return r;
}

/**
 * MERGED (issue 14): from the merge's `at`, the subject's data is its
 * survivor's, and every answer about it is the survivor's to give.
 */
export function mergedReason(m: Entry<EventOf<"SubjectsMerged">>): Reason {
  return reason("MERGED", say().MERGED({ from: m.e.data.from, into: m.e.subject, at: m.e.at }), [m.e.id]);
}

/** The stand-alone reason (merged, incomplete, unknown subject, unknown purpose) for a use of `u` at `t`, if any. */
export function standAloneReason(
  store: Store,
  size: number,
  subject: string,
  u: string,
  at: string,
  t: number,
  s: SubjectState | undefined = subjectAt(store, size, subject, t),
): Reason | undefined {
  const merged = mergedAt(store, size, subject, t);
  if (merged !== undefined) return mergedReason(merged);
  const i = queryInstant(t);
  // GDPR Art. 5(2): an answer must rest on a complete record.
  const rejects = incompleteRejects(store, size, subject, t, s);
  if (rejects.length > 0) return incompleteReason(rejects);
  if (s === undefined || !knownSubject(s, size, i)) return reason("UNKNOWN_SUBJECT", say().UNKNOWN_SUBJECT({ subject, at }), []);
  if (declarationOf(viewOf(store, size), u, i) === undefined) {
    return reason("UNKNOWN_PURPOSE", say().UNKNOWN_PURPOSE({ purpose: u, at }), []);
  }
  return undefined;
}
