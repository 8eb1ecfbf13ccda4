/** Restriction of processing (GDPR Art. 18): the latest restriction or lift by an instant decides. */
import type { EventOf } from "../events/index.js";
import { latest, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";

/** The `ProcessingRestricted` in force at `i` (not lifted since), if any. */
export function restrictionInForce(v: View, s: SubjectState, i: Instant): Entry<EventOf<"ProcessingRestricted">> | undefined {
  const r = latest(s.restrictions, v.size, i);
  return r !== undefined && r.e.type === "ProcessingRestricted" ? (r as Entry<EventOf<"ProcessingRestricted">>) : undefined;
}
