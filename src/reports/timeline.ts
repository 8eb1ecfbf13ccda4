/** The access report's timeline: every moment of the person's history, and the computed ones (expiries). */
import { formatTimestamp } from "../_internal/time.js";
import { defined } from "../_internal/values.js";
import { expiryOf, withdrawalOf } from "../consent/index.js";
import type { SubjectEvent } from "../events/index.js";
import { byTimePos, within, type ReadContext, type SubjectState } from "../ledger/index.js";
import type { TimelineItem } from "./accessTypes.js";

type Dated = { t: number; pos: number; item: TimelineItem };

/** The timeline item of one subject event; `fieldOfFact` names the field of a fact a correction or erasure names. */
function itemOf(e: SubjectEvent, fieldOfFact: (fact: string | undefined) => string | undefined): TimelineItem {
  const base = { at: e.at, eventId: e.id };
  switch (e.type) {
    case "FactRecorded":
      return { ...base, kind: "data-recorded", field: e.data.field, source: e.data.source, purposes: [...e.data.purposes] };
    case "FactCorrected":
      return defined({ ...base, kind: "data-corrected", field: fieldOfFact(e.data.fact), source: e.data.source }) as TimelineItem;
    case "FactErased":
      return defined({ ...base, kind: "data-erased", field: e.data.field ?? fieldOfFact(e.data.fact), reason: e.data.reason }) as TimelineItem;
    case "ConsentGranted":
      return { ...base, kind: "consent-given", consent: e.data.consent, purposes: [...e.data.purposes], channel: e.data.channel };
    case "ConsentConfirmed":
      return { ...base, kind: "consent-confirmed", consent: e.data.consent };
    case "ConsentWithdrawn":
      return defined({ ...base, kind: "consent-withdrawn", consent: e.data.consent, purposes: e.data.purposes === undefined ? undefined : [...e.data.purposes], channel: e.data.channel }) as TimelineItem;
    case "LegalBasisRecorded":
      return { ...base, kind: "basis-recorded", basis: e.data.basis, purposes: [...e.data.purposes], reference: e.data.reference };
    case "LegalBasisEnded":
      return { ...base, kind: "basis-ended", reference: e.data.reference };
    case "ObjectionRaised":
      return { ...base, kind: "objection-raised", purposes: [...e.data.purposes], channel: e.data.channel };
    case "ObjectionWithdrawn":
      return { ...base, kind: "objection-lifted", purposes: [...e.data.purposes], channel: e.data.channel };
    case "ProcessingRestricted":
      return { ...base, kind: "restricted", reason: e.data.reason };
    case "RestrictionLifted":
      return defined({ ...base, kind: "restriction-lifted", reason: e.data.reason }) as TimelineItem;
    case "SubjectInformed":
      return { ...base, kind: "informed", sources: [...e.data.sources] };
    case "UseRecorded":
      return { ...base, kind: "use", purpose: e.data.purpose, fields: [...e.data.fields], actor: e.data.actor, roles: [...e.data.roles] };
    case "SpecialConditionRecorded":
      return defined({
        ...base,
        kind: "special-condition-recorded",
        condition: e.data.condition,
        categories: [...e.data.categories],
        purposes: [...e.data.purposes],
        reference: e.data.reference,
        consent: e.data.consent,
      }) as TimelineItem;
    case "SpecialConditionEnded":
      return { ...base, kind: "special-condition-ended", reference: e.data.reference };
    case "SubjectsMerged":
      return { ...base, kind: "subjects-merged", from: e.data.from, reason: e.data.reason };
  }
}

/** Computed moments: a consent stopping to last (by `expires` or a maximum age) by the report's instant. */
function expiries(c: ReadContext, s: SubjectState): Dated[] {
  const { v, size, i } = c;
  const out: Dated[] = [];
  for (const k of s.consents.values()) {
    if (!within(k.grant, size, i)) continue;
    const byInstant = new Map<number, string[]>();
    for (const p of k.grant.e.data.purposes) {
      const exp = expiryOf(v, k, p, i);
      if (exp === undefined || !(exp.at <= c.t)) continue;
      // A consent withdrawn for the purpose before it expired does not expire again.
      const w = withdrawalOf(v, s, k, p, i);
      if (w !== undefined && w.t <= exp.at) continue;
      const list = byInstant.get(exp.at) ?? [];
      list.push(p);
      byInstant.set(exp.at, list);
    }
    for (const [t, purposes] of byInstant) {
      out.push({ t, pos: -1, item: { at: formatTimestamp(t), kind: "consent-expired", consent: k.grant.e.data.consent, purposes } });
    }
  }
  return out;
}

/** Every moment of `s` by the report's instant, in time order. */
export function timelineOf(c: ReadContext, s: SubjectState): TimelineItem[] {
  const { size, i } = c;
  // A correction or erasure names its fact; its field is known only when the recording counts at T.
  const fieldOfFact = (fact: string | undefined) => {
    const f = fact === undefined ? undefined : s.facts.get(fact);
    return f !== undefined && within(f.rec, size, i) ? f.rec.e.data.field : undefined;
  };
  const items: Dated[] = [];
  for (const entry of s.events) {
    if (within(entry, size, i)) items.push({ t: entry.t, pos: entry.pos, item: itemOf(entry.e, fieldOfFact) });
  }
  items.push(...expiries(c, s));
  items.sort(byTimePos);
  return items.map((x) => x.item);
}
