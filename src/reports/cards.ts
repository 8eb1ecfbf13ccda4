/**
 * The parts of the access report about one thing: a value, a consent, a
 * moment of the timeline, each in the reader's words.
 */
import type { ConsentProblemCode, Wording } from "../locale/index.js";
import { isForgotten, isSealed } from "../vault/index.js";
import type { ReportedConsent, ReportedValue, TimelineItem } from "./accessTypes.js";
import { val, type Block, type Text, type Tone } from "./writers.js";

const MAX_LEN = 2000;

/** The report's words: its wording, and its purposes and sources named the way the person reads them. */
export interface Words extends Wording {
  purpose(p: string): string;
  source(s: string): string;
  basis(b: string): string;
  kind(k: string): string;
  /** A condition of GDPR Art. 9(2) in words (the code as a value when it has none). */
  condition(c: string): string;
}

/** A stored value as text a person reads. */
export function valueText(v: unknown, w: Words): Text {
  if (isForgotten(v)) return { muted: w.m.accessReport.value.forgottenValue };
  if (isSealed(v)) return { muted: w.m.accessReport.value.sealedValue };
  let s: string;
  if (typeof v === "string") s = v;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  return val(s.length > MAX_LEN ? s.slice(0, MAX_LEN) + "…" : s);
}

/** A reference (source reference, evidence) as text. */
export function refText(v: string | undefined, w: Words): Text {
  return v === undefined ? "" : valueText(v, w);
}

/** One moment of the timeline, in words, with its colour. */
export function describe(item: TimelineItem, w: Words): { tone: Tone; text: Text } {
  const t = w.m.accessReport.timeline;
  const ps = (xs: readonly string[] | undefined) => w.list((xs ?? []).map(w.purpose));
  // Every value from the records is marked (val): the HTML writer isolates it, wherever the sentence puts it.
  const field = item.field === undefined ? {} : { field: val(item.field) };
  const v = (x: string | undefined) => val(x ?? "");
  switch (item.kind) {
    case "data-recorded":
      return { tone: "data", text: t["data-recorded"]({ ...field, source: w.source(item.source ?? "") }) };
    case "data-corrected":
      return { tone: "data", text: t["data-corrected"]({ ...field, source: w.source(item.source ?? "") }) };
    case "data-erased":
      return { tone: "data", text: t["data-erased"]({ ...field, reason: v(item.reason) }) };
    case "consent-given":
      return { tone: "ok", text: t["consent-given"]({ consent: v(item.consent), purposes: ps(item.purposes), channel: v(item.channel) }) };
    case "consent-confirmed":
      return { tone: "ok", text: t["consent-confirmed"]({ consent: v(item.consent) }) };
    case "consent-withdrawn": {
      const p = { channel: v(item.channel), ...(item.consent !== undefined ? { consent: val(item.consent) } : {}) };
      // A withdrawal of purposes names them; a withdrawal of a whole consent names only the consent.
      const purposes = item.consent === undefined || item.purposes !== undefined ? { purposes: ps(item.purposes) } : {};
      return { tone: "stop", text: t["consent-withdrawn"]({ ...p, ...purposes }) };
    }
    case "consent-expired":
      return { tone: "stop", text: t["consent-expired"]({ consent: v(item.consent), purposes: ps(item.purposes) }) };
    case "basis-recorded":
      return { tone: "info", text: t["basis-recorded"]({ purposes: ps(item.purposes), basis: w.basis(item.basis ?? ""), reference: v(item.reference) }) };
    case "basis-ended":
      return { tone: "info", text: t["basis-ended"]({ reference: v(item.reference) }) };
    case "objection-raised":
      return { tone: "stop", text: t["objection-raised"]({ purposes: ps(item.purposes), channel: v(item.channel) }) };
    case "objection-lifted":
      return { tone: "info", text: t["objection-lifted"]({ purposes: ps(item.purposes), channel: v(item.channel) }) };
    case "restricted":
      return { tone: "stop", text: t.restricted({ reason: v(item.reason) }) };
    case "restriction-lifted":
      return { tone: "info", text: t["restriction-lifted"](item.reason !== undefined ? { reason: v(item.reason) } : {}) };
    case "informed":
      return { tone: "info", text: t.informed({ sources: w.list((item.sources ?? []).map(val)) }) };
    case "use":
      return { tone: "use", text: t.use({ actor: v(item.actor), roles: (item.roles ?? []).map(val), fields: w.list((item.fields ?? []).map(val)), purpose: w.purpose(item.purpose ?? "") }) };
    case "special-condition-recorded": {
      const condition = w.condition(item.condition ?? "");
      return { tone: "info", text: t["special-condition-recorded"]({ condition, categories: w.list((item.categories ?? []).map(val)), purposes: ps(item.purposes), reference: v(item.reference) }) };
    }
    case "special-condition-ended":
      return { tone: "info", text: t["special-condition-ended"]({ reference: v(item.reference) }) };
    case "subjects-merged":
      return { tone: "info", text: t["subjects-merged"]({ reason: v(item.reason) }) };
  }
}

function retentionText(v: ReportedValue, w: Words): Text {
  const r = v.retention;
  const m = w.m.accessReport.value;
  if (r === undefined) return "";
  if (r.endsAt !== undefined) {
    const periods = r.purposes.map((p) => `${w.purpose(p.purpose)}: ${w.duration(p.retention!)}`).join("; ");
    return r.expired ? m.retentionEnded({ day: w.day(r.endsAt), periods }) : m.retentionUntil({ day: w.day(r.endsAt), periods });
  }
  const open = r.purposes.filter((p) => p.retention === undefined).map((p) => w.purpose(p.purpose));
  return m.retentionOpen({ purposes: w.list(open) });
}

function originText(v: ReportedValue, w: Words): Text[] {
  const m = w.m.accessReport.value;
  const o = v.origin!;
  const from: Text[] = [m.originFrom({ source: w.source(o.source), time: w.time(o.recordedAt) })];
  if (o.recordedBy !== undefined) from.push(m.recordedBy({ by: val(o.recordedBy) }));
  if (o.sourceRef !== undefined) from.push(m.reference, refText(o.sourceRef, w));
  if (o.account !== undefined) from.push(m.throughAccount(o.accountEmployee !== undefined ? { account: val(o.account), employee: val(o.accountEmployee) } : { account: val(o.account) }));
  if (!o.registered) from.push(m.unregisteredSeparator, { strong: m.unregistered });
  return from;
}

function historyItems(v: ReportedValue, w: Words): Text[] {
  const m = w.m.accessReport.value;
  return v.history.map((h): Text => {
    const when = w.time(h.at);
    if (h.kind === "erased") return [{ strong: when }, m.historyErased({ reason: val(h.reason ?? "") })];
    const what: Text[] = [{ strong: when }, h.kind === "recorded" ? m.historyRecorded : m.historyCorrected];
    if (h.value !== undefined) what.push(m.historyAs, valueText(h.value, w));
    else what.push(m.historyValueErased);
    if (h.source !== undefined) what.push(m.historyFrom({ source: w.source(h.source) }));
    return what;
  });
}

/** The card of one value: what it is, where it came from, why and how long it is held, its history. */
export function valueCard(v: ReportedValue, w: Words): Block {
  const m = w.m.accessReport.value;
  const items: [string, Text][] = [];
  items.push([m.labels.value, v.state === "erased" ? { muted: m.erasedValue } : valueText(v.value, w)]);
  items.push([m.labels.category, val(v.category)]);
  if (v.origin !== undefined) items.push([m.labels.origin, originText(v, w)]);
  if (v.correction !== undefined) {
    const c = v.correction;
    const cor: Text[] = [m.correctedOn({ time: w.time(c.at), source: w.source(c.source) })];
    if (c.sourceRef !== undefined) cor.push(m.reference, refText(c.sourceRef, w));
    items.push([m.labels.corrected, cor]);
  }
  if (v.purposes !== undefined) items.push([m.labels.purposes, w.list(v.purposes.map(w.purpose))]);
  if (v.basis !== undefined) items.push([m.labels.basis, w.basis(v.basis)]);
  if (v.retention !== undefined) items.push([m.labels.retention, retentionText(v, w)]);
  // GDPR Art. 17(1): a value due for erasure says since when and why, instead of how long it is kept.
  if (v.dueForErasure !== undefined) {
    const grounds = w.m.words.erasureGround as Readonly<Record<string, string>>;
    const due = v.dueForErasure;
    items.push([m.labels.retention, m.dueForErasure({ day: w.day(due.since), grounds: w.list(due.reasons.map((c) => grounds[c] ?? val(c))) })]);
  }
  const history = historyItems(v, w);
  const blocks: Block[] = [{ kind: "fields", items }];
  if (history.length > 0) blocks.push({ kind: "p", text: { strong: m.labels.history } }, { kind: "list", items: history });
  return { kind: "card", tone: v.state === "erased" ? "stop" : "data", title: val(v.field), blocks };
}

/** The card of one consent: how and when it was given, on what notice, its proofs, and what it is worth now per purpose. */
export function consentCard(k: ReportedConsent, w: Words): Block {
  const m = w.m.accessReport.consent;
  const items: [string, Text][] = [];
  items.push([m.labels.given, m.given({ time: w.time(k.givenAt), channel: val(k.channel), method: (w.m.words.consentMethod as Readonly<Record<string, string>>)[k.method] ?? val(k.method) })]);
  items.push([m.labels.purposes, w.list(k.purposes.map(w.purpose))]);
  const published = k.noticePublishedAt !== undefined ? { published: w.day(k.noticePublishedAt) } : {};
  items.push([m.labels.shown, m.shown({ notice: val(k.notice), version: val(k.noticeVersion), ...published })]);
  items.push([m.labels.proof, refText(k.evidence, w)]);
  for (const x of k.confirmations) items.push([m.labels.confirmed, [m.confirmed({ time: w.time(x.at) }), refText(x.evidence, w)]]);
  for (const x of k.withdrawals) {
    const t: Text[] = [m.withdrawn({ time: w.time(x.at), channel: val(x.channel), ...(x.purposes !== undefined ? { purposes: w.list(x.purposes.map(w.purpose)) } : {}) })];
    if (x.evidence !== undefined) t.push(m.withdrawnProof, refText(x.evidence, w));
    items.push([m.labels.withdrawn, t]);
  }
  if (k.expires !== undefined) items.push([m.labels.expires, w.time(k.expires)]);
  const problems = w.m.words.consentProblem as Readonly<Record<string, string>>;
  const now: Text[] = k.byPurpose.map((p): Text => {
    if (p.effective) return [w.purpose(p.purpose), ": ", { strong: m.inEffect }, p.expiresAt !== undefined ? m.inEffectUntil({ time: w.time(p.expiresAt) }) : ""];
    return [w.purpose(p.purpose), ": ", { strong: m.notInEffect }, ` — ${[...new Set(p.problems.map((x) => problems[x.code as ConsentProblemCode] ?? val(x.code)))].join("; ")}`];
  });
  const tone: Tone = k.status === "effective" ? "ok" : k.status === "partly-effective" ? "info" : "stop";
  return { kind: "card", tone, title: m.title({ consent: val(k.consent) }), blocks: [{ kind: "fields", items }, { kind: "p", text: { strong: m.labels.statusNow } }, { kind: "list", items: now }] };
}
