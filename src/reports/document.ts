/**
 * The access report as a document in the reader's language: an
 * introduction, a summary, then one section per part of the report.
 */
import type { Wording } from "../locale/index.js";
import type { AccessReport } from "./accessTypes.js";
import { consentCard, describe, valueCard, type Words } from "./cards.js";
import { val, type Block, type Text } from "./writers.js";

/** The wording, with the report's purposes and sources named as the person reads them. */
export function wordsOf(r: AccessReport, w: Wording): Words {
  const purposes = new Map(r.purposes.map((p) => [p.purpose, p]));
  const sources = new Map(r.sources.map((s) => [s.source, s]));
  const basis = w.m.words.legalBasis as Readonly<Record<string, string>>;
  const kind = w.m.words.sourceKind as Readonly<Record<string, string>>;
  const condition = w.m.words.specialCondition as Readonly<Record<string, string>>;
  // Every value from the records is marked (val): the HTML writer isolates it, wherever the catalogue puts it.
  // A date or a duration that cannot be put in words is shown as given: a value too.
  const orValue = (f: (x: string) => string) => (x: string) => {
    const s = f(x);
    return s === x ? val(x) : s;
  };
  return {
    ...w,
    day: orValue(w.day),
    time: orValue(w.time),
    duration: orValue(w.duration),
    purpose: (p) => {
      const d = purposes.get(p)?.description;
      return d !== undefined && d !== "" && d !== p ? `${val(d)} (${val(p)})` : val(p);
    },
    source: (s) => {
      const k = sources.get(s)?.kind;
      return k === undefined ? val(s) : `${val(s)} (${kind[k] ?? val(k)})`;
    },
    basis: (b) => basis[b] ?? val(b),
    kind: (k) => kind[k] ?? val(k),
    condition: (c) => condition[c] ?? val(c),
  };
}

/** The "In short" list. */
function summary(r: AccessReport, w: Words): Text[] {
  const m = w.m.accessReport.summary;
  const held = r.values.filter((v) => v.state !== "erased" && v.state !== "forgotten");
  const erased = r.values.filter((v) => v.state === "erased");
  const forgotten = r.values.filter((v) => v.state === "forgotten");
  const inEffect = r.consents.filter((k) => k.status !== "not-effective").length;
  const objected = r.objections.flatMap((o) => o.purposes.filter((p) => p.inForce).map((p) => p.purpose));
  const undisclosed = r.sources.filter((s) => !s.ownData && s.disclosed === undefined);
  const fields = (vs: typeof r.values) => w.list(vs.map((v) => val(v.field)));
  const out: Text[] = [held.length === 0 ? m.heldNone : m.held({ count: held.length, fields: fields(held) })];
  if (erased.length > 0) out.push(m.erased({ count: erased.length, fields: fields(erased) }));
  if (forgotten.length > 0) out.push(m.forgotten({ count: forgotten.length, fields: fields(forgotten) }));
  out.push(r.consents.length === 0 ? m.noConsents : m.consents({ count: r.consents.length, inEffect }));
  if (objected.length > 0) out.push(m.objectedTo({ purposes: w.list(objected.map(w.purpose)) }));
  if (r.restriction.restricted) out.push({ strong: m.restrictedSince({ day: w.day(r.restriction.since!) }) });
  out.push(m.uses({ count: r.uses.length }));
  if (undisclosed.length > 0) out.push(m.undisclosed({ count: undisclosed.length, sources: w.list(undisclosed.map((s) => val(s.source))) }));
  return out;
}

/** Other legal grounds, objections and the restriction. */
function groundsAndObjections(r: AccessReport, w: Words): Block[] {
  const m = w.m.accessReport.tables;
  const h = w.m.accessReport.headings;
  const out: Block[] = [{ kind: "h2", text: h.legalBases }];
  if (r.legalBases.length === 0) out.push({ kind: "p", text: m.noOtherBases });
  else {
    out.push({
      kind: "table",
      head: m.basesHead,
      rows: r.legalBases.map((b) => [
        w.basis(b.basis),
        w.list(b.purposes.map(w.purpose)),
        val(b.reference),
        w.day(b.recordedAt),
        b.ended !== undefined ? m.basisEnded({ day: w.day(b.ended.at) }) : b.until !== undefined ? w.time(b.until) : m.noEndDate,
        b.inForce ? m.yes : m.no,
      ]),
    });
  }
  out.push(...mergesAndConditions(r, w));
  out.push({ kind: "h2", text: h.objections });
  const objections: Text[] = r.objections.flatMap((o) =>
    o.purposes.map((p): Text => [
      m.objection({ time: w.time(o.at), channel: val(o.channel), purpose: w.purpose(p.purpose) }),
      p.inForce ? { strong: m.objectionInForce } : p.lifted !== undefined ? m.objectionLifted({ day: w.day(p.lifted.at) }) : m.objectionEnded,
    ]),
  );
  out.push({ kind: "list", items: objections.length > 0 ? objections : [m.noObjections] });
  const rs = r.restriction;
  out.push({
    kind: "p",
    text: rs.restricted
      ? m.restrictedNow({ time: w.time(rs.since!), reason: val(rs.reason ?? "") })
      : rs.history.length > 0
        ? m.restrictedBefore({ changes: rs.history.map((x) => ({ restricted: x.kind === "restricted", day: w.day(x.at) })) })
        : m.notRestricted,
  });
  return out;
}

/** The records merged into this one, and the conditions of Art. 9(2) relied on (issue 14). */
function mergesAndConditions(r: AccessReport, w: Words): Block[] {
  const m = w.m.accessReport.tables;
  const h = w.m.accessReport.headings;
  const out: Block[] = [];
  if (r.mergedFrom !== undefined && r.mergedFrom.length > 0) {
    const items = r.mergedFrom.map((x): Text => {
      const ids = [...x.facts, ...x.consents];
      const listed = ids.length === 0 ? {} : { ids: w.list(ids.map(val)) };
      return m.merged({ subject: val(x.subject), time: w.time(x.at), values: x.facts.length, consents: x.consents.length, ...listed });
    });
    out.push({ kind: "h2", text: h.mergedFrom }, { kind: "list", items });
  }
  if (r.specialConditions !== undefined && r.specialConditions.length > 0) {
    out.push({ kind: "h2", text: h.specialConditions });
    out.push({
      kind: "table",
      head: m.specialHead,
      rows: r.specialConditions.map((k) => [
        m.specialCondition({ condition: w.condition(k.condition), ...(k.consent !== undefined ? { consent: val(k.consent) } : {}) }),
        w.list(k.categories.map(val)),
        w.list(k.purposes.map(w.purpose)),
        val(k.reference),
        w.day(k.recordedAt),
        k.ended !== undefined ? m.basisEnded({ day: w.day(k.ended.at) }) : k.until !== undefined ? w.time(k.until) : m.noEndDate,
        k.inForce && k.consentEffective !== false ? m.yes : m.no,
      ]),
    });
  }
  return out;
}

/** Purposes, uses and sources. */
function tables(r: AccessReport, w: Words): Block[] {
  const m = w.m.accessReport.tables;
  const h = w.m.accessReport.headings;
  const out: Block[] = [{ kind: "h2", text: h.purposes }];
  out.push({
    kind: "table",
    head: m.purposesHead,
    rows: r.purposes.map((p) => [
      val(p.purpose),
      p.declared ? [val(p.description ?? ""), p.inForce ? "" : { strong: m.noLongerPursued }] : { strong: m.undeclaredPurpose },
      w.list(p.legalBases.map(w.basis)),
      p.retention !== undefined ? w.duration(p.retention) : m.noFixedPeriod,
    ]),
  });
  out.push({ kind: "h2", text: h.uses });
  if (r.uses.length === 0) out.push({ kind: "p", text: m.noUses });
  else {
    out.push({
      kind: "table",
      head: m.usesHead,
      rows: r.uses.map((u) => [
        w.time(u.at),
        u.roles.length > 0 ? `${val(u.actor)} (${u.roles.map(val).join(", ")})` : val(u.actor),
        w.purpose(u.purpose),
        w.list(u.fields.map(val)),
        w.list([...new Set(u.bases.map((b) => b.legalBasis))].map(w.basis)),
      ]),
    });
  }
  out.push({ kind: "h2", text: h.sources });
  if (r.sources.length === 0) out.push({ kind: "p", text: w.m.accessReport.frame.none });
  else {
    out.push({
      kind: "table",
      head: m.sourcesHead,
      rows: r.sources.map((s) => [
        val(s.source),
        s.kind !== undefined ? w.kind(s.kind) : m.unknownKind,
        w.day(s.firstAt),
        w.list(s.fields.map(val)),
        s.ownData ? m.ownData : s.disclosed !== undefined ? m.toldOn({ day: w.day(s.disclosed.at) }) : { strong: m.notYetTold },
      ]),
    });
  }
  return out;
}

/** The person's rights, last. */
function rights(w: Words): Block[] {
  const r = w.m.accessReport.rights;
  const item = (x: { title: string; text: string }): Text => [{ strong: x.title }, x.text];
  return [
    { kind: "h2", text: w.m.accessReport.headings.rights },
    { kind: "list", items: [r.correction, r.erasure, r.restriction, r.portability, r.objection, r.withdrawal, r.complaint].map(item) },
  ];
}

/** The whole document of report `r`. */
export function documentOf(r: AccessReport, w: Words): Block[] {
  const f = w.m.accessReport.frame;
  const h = w.m.accessReport.headings;
  const out: Block[] = [{ kind: "p", text: f.intro({ time: w.time(r.at), subject: val(r.subject) }) }];
  if (r.incomplete.length > 0) out.push({ kind: "note", tone: "warn", text: f.incomplete({ count: r.incomplete.length }) });
  // Issue 14: a record merged into another holds no data of its own; the report about the other says it all.
  if (r.merged !== undefined) {
    out.push({ kind: "note", tone: "info", text: f.mergedInto({ into: val(r.merged.into), time: w.time(r.merged.at) }) }, ...rights(w));
    return out;
  }
  if (!r.known) {
    out.push({ kind: "note", tone: "info", text: f.nothingHeld }, ...rights(w));
    return out;
  }
  out.push({ kind: "h2", text: h.inShort }, { kind: "list", items: summary(r, w) });
  out.push({ kind: "h2", text: h.values });
  if (r.values.length === 0) out.push({ kind: "p", text: f.none });
  for (const v of r.values) out.push(valueCard(v, w));
  out.push({ kind: "h2", text: h.consents });
  if (r.consents.length === 0) out.push({ kind: "p", text: w.m.accessReport.summary.noConsents });
  for (const k of r.consents) out.push(consentCard(k, w));
  out.push(...groundsAndObjections(r, w), ...tables(r, w));
  out.push({ kind: "h2", text: h.timeline }, { kind: "timeline", items: r.timeline.map((t) => ({ at: w.time(t.at), ...describe(t, w) })) });
  out.push(...rights(w));
  return out;
}
