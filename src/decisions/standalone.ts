/**
 * The reasons that stand alone: when one applies nothing else can be judged,
 * so it is the decision's only reason (checked in this order).
 */
import { incompleteRejects, knownSubject, queryInstant, rejectRef, viewOf, type Store, type SubjectState } from "../ledger/index.js";
import { declarationOf } from "../purposes/index.js";
import { q, reason } from "./reason.js";
import type { Reason } from "./types.js";

/** The stand-alone reason (incomplete, unknown subject, unknown purpose) for a use of `u` at `t`, if any. */
export function standAloneReason(
  store: Store,
  size: number,
  subject: string,
  u: string,
  at: string,
  t: number,
  s: SubjectState | undefined = store.subjects.get(subject),
): Reason | undefined {
  const i = queryInstant(t);
  // GDPR Art. 5(2): an answer must rest on a complete record.
  const rejects = incompleteRejects(store, size, subject, t, s);
  if (rejects.length > 0) {
    return reason(
      "HISTORY_INCOMPLETE",
      `The history of this person${rejects.some((r) => r.marks.some((m) => "catalog" in m.scope)) ? " or of the catalog" : ""} is incomplete: ${rejects.length} rejected event(s) have not been voided, so no decision can be trusted.`,
      rejects.map(rejectRef),
    );
  }
  if (s === undefined || !knownSubject(s, size, i)) return reason("UNKNOWN_SUBJECT", `Nothing is recorded about subject ${q(subject)} by ${at}.`, []);
  if (declarationOf(viewOf(store, size), u, i) === undefined) {
    return reason("UNKNOWN_PURPOSE", `The purpose ${q(u)} was never declared by ${at}; undeclared processing is not permitted (GDPR Art. 5(1)(b)).`, []);
  }
  return undefined;
}
