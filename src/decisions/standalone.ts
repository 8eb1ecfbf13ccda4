/**
 * The reasons that stand alone: when one applies nothing else can be judged,
 * so it is the decision's only reason (checked in this order).
 */
import { incompleteRejects, knownSubject, mergedAt, mergedMessage, queryInstant, rejectRef, subjectAt, viewOf, type Entry, type RejectRecord, type Store, type SubjectState } from "../ledger/index.js";
import type { EventOf } from "../events/index.js";
import { declarationOf } from "../purposes/index.js";
import { q, reason } from "./reason.js";
import type { Reason } from "./types.js";

/**
 * HISTORY_INCOMPLETE for `rejects`. The same list (the catalog's rejects at
 * one instant, shared by every subject without rejects of its own) gets the
 * same frozen reason: with many rejects, naming them all is the cost, paid once.
 */
const incompleteReasons = new WeakMap<readonly RejectRecord[], Reason>();
function incompleteReason(rejects: readonly RejectRecord[]): Reason {
  const known = incompleteReasons.get(rejects);
  if (known !== undefined) return known;
  const r = Object.freeze(
    reason(
      "HISTORY_INCOMPLETE",
      `The history of this person${rejects.some((x) => x.marks.some((m) => "catalog" in m.scope)) ? " or of the catalog" : ""} is incomplete: ${rejects.length} rejected event(s) have not been voided, so no decision can be trusted.`,
      rejects.map(rejectRef),
    ),
  );
  Object.freeze(r.eventIds);
  if (Object.isFrozen(rejects)) incompleteReasons.set(rejects, r);
  return r;
}

/**
 * MERGED (issue 14): from the merge's `at`, the subject's data is its
 * survivor's, and every answer about it is the survivor's to give.
 */
export function mergedReason(m: Entry<EventOf<"SubjectsMerged">>): Reason {
  return reason("MERGED", mergedMessage(m), [m.e.id]);
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
  if (s === undefined || !knownSubject(s, size, i)) return reason("UNKNOWN_SUBJECT", `Nothing is recorded about subject ${q(subject)} by ${at}.`, []);
  if (declarationOf(viewOf(store, size), u, i) === undefined) {
    return reason("UNKNOWN_PURPOSE", `The purpose ${q(u)} was never declared by ${at}; undeclared processing is not permitted (GDPR Art. 5(1)(b)).`, []);
  }
  return undefined;
}
