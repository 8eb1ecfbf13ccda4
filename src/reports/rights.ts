/** The access report's legal bases, objections and restriction. */
import { defined } from "../_internal/values.js";
import { basisEndOf, basisInForce } from "../bases/index.js";
import type { EventOf } from "../events/index.js";
import { within, type Entry, type ReadContext, type SubjectState } from "../ledger/index.js";
import { liftOf, restrictionInForce } from "../rights/index.js";
import type { ReportedLegalBasis, ReportedObjection, ReportedRestriction } from "./accessTypes.js";

/** Every legal basis other than consent recorded by the report's instant, with its end and whether it is in force. */
export function reportBases(c: ReadContext, s: SubjectState): ReportedLegalBasis[] {
  const { v, size, i } = c;
  return s.bases
    .filter((b) => within(b, size, i))
    .map((b) => {
      const d = b.e.data;
      const end = basisEndOf(v, s, b, i);
      return defined({
        basis: d.basis,
        purposes: [...d.purposes],
        reference: d.reference,
        recordedAt: b.e.at,
        until: d.until,
        eventId: b.e.id,
        ended: end === undefined ? undefined : { at: end.e.at, eventId: end.e.id },
        inForce: basisInForce(v, s, b, i),
      }) as ReportedLegalBasis;
    });
}

/** Every objection raised by the report's instant, per purpose whether it stands or was lifted. */
export function reportObjections(c: ReadContext, s: SubjectState): ReportedObjection[] {
  const { v, size, i } = c;
  const out: ReportedObjection[] = [];
  for (const e of s.objections) {
    if (e.e.type !== "ObjectionRaised" || !within(e, size, i)) continue;
    const raised = e as Entry<EventOf<"ObjectionRaised">>;
    out.push({
      eventId: raised.e.id,
      at: raised.e.at,
      channel: raised.e.data.channel,
      purposes: raised.e.data.purposes.map((p) => {
        const lift = liftOf(v, s, raised, p, i);
        return defined({
          purpose: p,
          inForce: lift === undefined,
          lifted: lift === undefined ? undefined : { at: lift.e.at, eventId: lift.e.id, channel: lift.e.data.channel },
        }) as ReportedObjection["purposes"][number];
      }),
    });
  }
  return out;
}

/** The restriction in force at the report's instant, and every restriction and lift by then. */
export function reportRestriction(c: ReadContext, s: SubjectState): ReportedRestriction {
  const { v, size, i } = c;
  const history = s.restrictions
    .filter((e) => within(e, size, i))
    .map((e) => defined({ kind: e.e.type === "ProcessingRestricted" ? "restricted" : "lifted", at: e.e.at, reason: e.e.data.reason, eventId: e.e.id }) as ReportedRestriction["history"][number]);
  const cur = restrictionInForce(v, s, i);
  if (cur === undefined) return { restricted: false, history };
  return { restricted: true, since: cur.e.at, reason: cur.e.data.reason, history };
}
