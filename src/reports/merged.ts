/** The access report's account of merges (issue 14): which facts and consents came from which merged subject, and when. */
import { within, type ReadContext, type Store, type SubjectState } from "../ledger/index.js";
import type { ReportedMerge } from "./accessTypes.js";

/**
 * Every subject merged into `s` by the report's instant (following chains),
 * with the instant its data joined `s`'s history (the latest merge on the
 * way), that merge, and the facts and consents it brought, in the order the
 * merges were made.
 */
export function reportMergedFrom(c: ReadContext, s: SubjectState): ReportedMerge[] {
  const out: ReportedMerge[] = [];
  const visit = (store: Store, x: SubjectState, joined: { t: number; at: string; eventId: string } | undefined) => {
    for (const m of x.merges) {
      if (m.pos >= c.size || m.t > c.t) continue;
      const from = store.subjects.get(m.e.data.from);
      if (from === undefined) continue;
      const via = joined === undefined || m.t > joined.t ? { t: m.t, at: m.e.at, eventId: m.e.id } : joined;
      const facts = [...from.facts.values()].filter((f) => within(f.rec, c.size, c.i)).map((f) => f.rec.e.data.fact);
      const consents = [...from.consents.values()].filter((k) => within(k.grant, c.size, c.i)).map((k) => k.grant.e.data.consent);
      out.push({ subject: from.id, at: via.at, eventId: via.eventId, facts, consents });
      visit(store, from, via);
    }
  };
  visit(c.store, c.store.subjects.get(s.id) ?? s, undefined);
  return out;
}
