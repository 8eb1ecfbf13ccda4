import { showBidiControls } from "../_internal/text.js";
import { parseDuration } from "../_internal/time.js";
import { LawfulCrmError } from "../ledger/index.js";
import { isForgotten, isSealed } from "../vault/index.js";
import type { AccessReport, ReportedValue, TimelineItem } from "./access.js";
import { BASIS_WORDS, CONDITION_WORDS, CONSENT_PROBLEM_WORDS, ERASURE_WORDS, KIND_WORDS, METHOD_WORDS, humanDay, humanTime } from "./common.js";

// A tiny document model built once and written as Markdown or HTML, so that
// both say the same and every value goes through one escaping function.
// A value from the records (an id, a name, a reason, a stored value) is a
// `{ v }` segment, never part of a sentence string: HTML isolates each in a
// `<bdi>`, so that bidirectional control characters in it cannot reorder the
// text around it, and Markdown shows those characters as `\u202E` escapes.

/** Inline text: our own words (plain segments), a value from the records, bold or muted segments, or a sequence. Everything is escaped on output. */
type Text = string | { readonly v: string } | { readonly b: Text } | { readonly muted: Text } | readonly Text[];

/** A value from the records, as text. */
function val(s: string): Text {
  return { v: s };
}

/**
 * A sentence with values: the literal parts are our words, each
 * interpolated string is a value (`{ v }`), each interpolated Text is kept
 * as it is, a number is written as digits.
 */
function t(words: TemplateStringsArray, ...values: readonly (string | number | Text)[]): Text {
  const out: Text[] = [];
  words.forEach((w, k) => {
    if (w !== "") out.push(w);
    if (k >= values.length) return;
    const x = values[k]!;
    if (typeof x === "number") out.push(String(x));
    else if (typeof x === "string") out.push(val(x));
    else out.push(x);
  });
  return out;
}

type Tone = "ok" | "stop" | "use" | "data" | "info" | "warn";

type Block =
  | { readonly kind: "h2"; readonly text: string }
  | { readonly kind: "p"; readonly text: Text }
  | { readonly kind: "note"; readonly tone: Tone; readonly text: Text }
  | { readonly kind: "list"; readonly items: readonly Text[] }
  | { readonly kind: "fields"; readonly items: readonly (readonly [string, Text])[] }
  | { readonly kind: "table"; readonly head: readonly string[]; readonly rows: readonly (readonly Text[])[] }
  | { readonly kind: "timeline"; readonly items: readonly { readonly at: string; readonly tone: Tone; readonly text: Text }[] }
  | { readonly kind: "card"; readonly tone: Tone; readonly title: Text; readonly blocks: readonly Block[] };

const MAX_LEN = 2000;

/** A stored value as text a person reads. */
function valueText(v: unknown): Text {
  if (isForgotten(v)) return { muted: "forgotten (erased by deleting its encryption key)" };
  if (isSealed(v)) return { muted: "encrypted (this copy of the report was made without the key)" };
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
function refText(v: string | undefined): Text {
  if (v === undefined) return "";
  return valueText(v);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinWords(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}

/** Values (or texts) joined as `a, b and c`, each kept a segment of its own. */
function joinTexts(xs: readonly (string | Text)[]): Text {
  const items = xs.map((x) => (typeof x === "string" ? val(x) : x));
  const out: Text[] = [];
  items.forEach((x, k) => {
    if (k > 0) out.push(k === items.length - 1 ? " and " : ", ");
    out.push(x);
  });
  return out;
}

/** A value that may have words for it (a legal basis, a method, a kind): the words, or the value itself. */
function wordsOr(words: Readonly<Record<string, string>>, v: string): Text {
  return words[v] ?? val(v);
}

/** `P1Y6M` as `1 year and 6 months`. */
export function humanDuration(d: string): string {
  const p = parseDuration(d);
  if (p === undefined) return d;
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(d)!;
  const units = ["year", "month", "week", "day", "hour", "minute", "second"];
  const parts: string[] = [];
  units.forEach((u, k) => {
    const n = m[k + 1];
    if (n !== undefined && Number(n) !== 0) parts.push(plural(Number(n), u, u + "s"));
  });
  return parts.length === 0 ? "no time" : joinWords(parts);
}

/** A duration in words, or the value as it is when it is not a valid duration. */
function durationText(d: string): Text {
  return parseDuration(d) === undefined ? val(d) : humanDuration(d);
}

interface Labels {
  purpose(p: string): Text;
  source(s: string): Text;
}

function labelsOf(r: AccessReport): Labels {
  const purposes = new Map(r.purposes.map((p) => [p.purpose, p]));
  const sources = new Map(r.sources.map((s) => [s.source, s]));
  return {
    purpose: (p) => {
      const d = purposes.get(p)?.description;
      return d !== undefined && d !== "" && d !== p ? t`${d} (${p})` : val(p);
    },
    source: (s) => {
      const k = sources.get(s)?.kind;
      return k === undefined ? val(s) : t`${s} (${wordsOr(KIND_WORDS, k)})`;
    },
  };
}

function describe(item: TimelineItem, l: Labels): { tone: Tone; text: Text } {
  const ps = (xs: readonly string[] | undefined) => joinTexts((xs ?? []).map(l.purpose));
  const field = item.field !== undefined ? val(item.field) : "data";
  switch (item.kind) {
    case "data-recorded":
      return { tone: "data", text: t`We recorded your ${field}, received from ${l.source(item.source ?? "")}.` };
    case "data-corrected":
      return { tone: "data", text: t`We corrected your ${field}; the new value came from ${l.source(item.source ?? "")}.` };
    case "data-erased":
      return { tone: "data", text: t`We erased your ${field}. Reason given: ${item.reason ?? ""}` };
    case "consent-given":
      return { tone: "ok", text: t`You gave your consent (${item.consent ?? ""}) for ${ps(item.purposes)}, through ${item.channel ?? ""}.` };
    case "consent-confirmed":
      return { tone: "ok", text: t`You confirmed your consent (${item.consent ?? ""}).` };
    case "consent-withdrawn":
      return {
        tone: "stop",
        text:
          item.consent !== undefined
            ? t`You withdrew your consent (${item.consent})${item.purposes !== undefined ? t` for ${ps(item.purposes)}` : ""}, through ${item.channel ?? ""}.`
            : t`You withdrew your consent for ${ps(item.purposes)}, through ${item.channel ?? ""}.`,
      };
    case "consent-expired":
      return { tone: "stop", text: t`Your consent (${item.consent ?? ""}) expired for ${ps(item.purposes)}.` };
    case "basis-recorded":
      return { tone: "info", text: t`We recorded that we process your data for ${ps(item.purposes)} on the basis of ${wordsOr(BASIS_WORDS, item.basis ?? "")} (reference ${item.reference ?? ""}).` };
    case "basis-ended":
      return { tone: "info", text: t`The legal ground with reference ${item.reference ?? ""} ended.` };
    case "objection-raised":
      return { tone: "stop", text: t`You objected to the use of your data for ${ps(item.purposes)}, through ${item.channel ?? ""}.` };
    case "objection-lifted":
      return { tone: "info", text: t`You lifted your objection to ${ps(item.purposes)}, through ${item.channel ?? ""}.` };
    case "restricted":
      return { tone: "stop", text: t`Processing of your data was restricted. Reason given: ${item.reason ?? ""}` };
    case "restriction-lifted":
      return { tone: "info", text: item.reason !== undefined ? t`The restriction of processing was lifted. Reason given: ${item.reason}` : "The restriction of processing was lifted." };
    case "informed":
      return { tone: "info", text: t`We told you where your data came from: ${joinTexts(item.sources ?? [])}.` };
    case "use":
      return {
        tone: "use",
        text: t`${item.actor ?? ""}${item.roles !== undefined && item.roles.length > 0 ? t` (${joinList(item.roles)})` : ""} used your ${joinTexts([...(item.fields ?? [])])} for ${l.purpose(item.purpose ?? "")}.`,
      };
    case "special-condition-recorded":
      return {
        tone: "info",
        text: t`We recorded the condition ${CONDITION_WORDS[item.condition ?? ""] ?? item.condition ?? ""} for processing ${joinTexts([...(item.categories ?? [])])} data for ${ps(item.purposes)} (reference ${item.reference ?? ""}).`,
      };
    case "special-condition-ended":
      return { tone: "info", text: `The condition for sensitive data with reference ${item.reference} ended.` };
    case "subjects-merged":
      return { tone: "info", text: `We found that a second record held data about you, and merged it into this one. Reason given: ${item.reason ?? ""}` };
  }
}

/** Values joined as `a, b, c`, each a segment of its own. */
function joinList(xs: readonly string[]): Text {
  const out: Text[] = [];
  xs.forEach((x, k) => {
    if (k > 0) out.push(", ");
    out.push(val(x));
  });
  return out;
}

function retentionText(v: ReportedValue, l: Labels): Text {
  const r = v.retention;
  if (r === undefined) return "";
  if (r.endsAt !== undefined) {
    const parts: Text[] = [];
    r.purposes.forEach((p, k) => {
      if (k > 0) parts.push("; ");
      parts.push(t`${l.purpose(p.purpose)}: ${durationText(p.retention!)}`);
    });
    return r.expired
      ? [{ b: `its retention period ended on ${humanDay(r.endsAt)}` }, t` (${parts}); it is due for erasure.`]
      : [`until ${humanDay(r.endsAt)} at the latest`, t` (${parts}).`];
  }
  const open = r.purposes.filter((p) => p.retention === undefined).map((p) => l.purpose(p.purpose));
  return t`no fixed end date: kept while it is needed for ${joinTexts(open)}.`;
}

function valueCard(v: ReportedValue, l: Labels): Block {
  const items: [string, Text][] = [];
  if (v.state === "erased") {
    items.push(["Value", { muted: "erased — we no longer hold a value" }]);
  } else {
    items.push(["Value", valueText(v.value)]);
  }
  items.push(["Kind of data", val(v.category)]);
  const o = v.origin;
  if (o !== undefined) {
    const from: Text[] = [t`${l.source(o.source)}, on ${humanTime(o.recordedAt)}`];
    if (o.recordedBy !== undefined) from.push(t`, recorded by ${o.recordedBy}`);
    if (o.sourceRef !== undefined) from.push("; reference: ", refText(o.sourceRef));
    if (o.account !== undefined) from.push(t`; through the account ${o.account}${o.accountEmployee !== undefined ? t` of our employee ${o.accountEmployee}` : ""}`);
    if (!o.registered) from.push("; ", { b: "this source was not registered with us when the value was recorded" });
    items.push(["Where it came from", from]);
  }
  if (v.correction !== undefined) {
    const c = v.correction;
    const cor: Text[] = [t`on ${humanTime(c.at)}, from ${l.source(c.source)}`];
    if (c.sourceRef !== undefined) cor.push("; reference: ", refText(c.sourceRef));
    items.push(["Last corrected", cor]);
  }
  if (v.purposes !== undefined) items.push(["Why we hold it", joinTexts(v.purposes.map(l.purpose))]);
  if (v.basis !== undefined) items.push(["On what legal ground", wordsOr(BASIS_WORDS, v.basis)]);
  if (v.retention !== undefined) items.push(["How long we keep it", retentionText(v, l)]);
  if (v.dueForErasure !== undefined) {
    const why = joinWords(v.dueForErasure.reasons.map((c) => ERASURE_WORDS[c] ?? c));
    items.push(["How long we keep it", [{ b: `due for erasure since ${humanDay(v.dueForErasure.since)}` }, ` (${why}); we must erase it now.`]]);
  }
  const history = v.history.map((h): Text => {
    const when = humanTime(h.at);
    if (h.kind === "erased") return [{ b: when }, t`: erased. Reason given: ${h.reason ?? ""}`];
    const what: Text[] = [{ b: when }, `: ${h.kind === "recorded" ? "recorded" : "corrected"}`];
    if (h.value !== undefined) what.push(" as ", valueText(h.value));
    else what.push(" (that value has since been erased)");
    if (h.source !== undefined) what.push(t`, from ${l.source(h.source)}`);
    return what;
  });
  const blocks: Block[] = [{ kind: "fields", items }];
  if (history.length > 0) blocks.push({ kind: "p", text: { b: "History" } }, { kind: "list", items: history });
  return { kind: "card", tone: v.state === "erased" ? "stop" : "data", title: val(v.field), blocks };
}

function documentOf(r: AccessReport): Block[] {
  const l = labelsOf(r);
  const out: Block[] = [];
  out.push({
    kind: "p",
    text: [
      "This document lists everything we hold about you as of ",
      { b: humanTime(r.at) },
      `: each piece of information, where we got it, why and on what legal ground we keep it, for how long, who used it, and the consents you gave. You are entitled to it under Article 15 of the General Data Protection Regulation (GDPR). Our reference for you: `,
      { b: val(r.subject) },
      ".",
    ],
  });
  if (r.incomplete.length > 0) {
    out.push({
      kind: "note",
      tone: "warn",
      text: `Our records about you contain ${plural(r.incomplete.length, "entry", "entries")} we could not process yet. Until we have dealt with ${r.incomplete.length === 1 ? "it" : "them"}, this report may be incomplete, and we do not use your data.`,
    });
  }
  if (r.merged !== undefined) {
    out.push({ kind: "note", tone: "info", text: `This record was merged into another record of yours (${r.merged.into}) on ${humanTime(r.merged.at)}: what we hold about you is reported there.` });
    out.push(...rights());
    return out;
  }
  if (!r.known) {
    out.push({ kind: "note", tone: "info", text: "We hold no information about you." });
    out.push(...rights());
    return out;
  }

  // In short
  const held = r.values.filter((v) => v.state !== "erased" && v.state !== "forgotten");
  const erased = r.values.filter((v) => v.state === "erased");
  const forgotten = r.values.filter((v) => v.state === "forgotten");
  const activeConsents = r.consents.filter((k) => k.status !== "not-effective");
  const objected = r.objections.flatMap((o) => o.purposes.filter((p) => p.inForce).map((p) => p.purpose));
  const undisclosed = r.sources.filter((s) => !s.ownData && s.disclosed === undefined);
  const short: Text[] = [
    held.length === 0 ? "We hold no current value about you." : t`We hold ${plural(held.length, "piece", "pieces")} of information about you: ${joinTexts(held.map((v) => v.field))}.`,
  ];
  if (erased.length > 0) short.push(t`${plural(erased.length, "piece", "pieces")} of information about you ${erased.length === 1 ? "was" : "were"} erased: ${joinTexts(erased.map((v) => v.field))}.`);
  if (forgotten.length > 0) {
    short.push(t`We keep the record that ${plural(forgotten.length, "value", "values")} existed (${joinTexts(forgotten.map((v) => v.field))}), but ${forgotten.length === 1 ? "it" : "they"} can no longer be read by anyone.`);
  }
  short.push(
    r.consents.length === 0
      ? "You have not given us any consent."
      : `You gave us ${plural(r.consents.length, "consent", "consents")}; ${activeConsents.length === 0 ? "none is" : activeConsents.length === 1 ? "1 is" : `${activeConsents.length} are`} in effect now.`,
  );
  if (objected.length > 0) short.push(t`Your objection is in force for: ${joinTexts(objected.map(l.purpose))}.`);
  if (r.restriction.restricted) short.push({ b: `Processing of your data is restricted since ${humanDay(r.restriction.since!)}.` });
  short.push(`Your data was used ${plural(r.uses.length, "time", "times")} (each use is listed below).`);
  if (undisclosed.length > 0) {
    short.push(t`We have not yet told you about ${plural(undisclosed.length, "source", "sources")} of your data: ${joinTexts(undisclosed.map((s) => s.source))} (see "Where your data came from" below).`);
  }
  out.push({ kind: "h2", text: "In short" }, { kind: "list", items: short });

  // Values
  out.push({ kind: "h2", text: "The information we hold about you" });
  if (r.values.length === 0) out.push({ kind: "p", text: "None." });
  for (const v of r.values) out.push(valueCard(v, l));

  // Consents
  out.push({ kind: "h2", text: "Your consents" });
  if (r.consents.length === 0) out.push({ kind: "p", text: "You have not given us any consent." });
  for (const k of r.consents) {
    const items: [string, Text][] = [];
    items.push(["Given", t`on ${humanTime(k.givenAt)}, through ${k.channel}: ${wordsOr(METHOD_WORDS, k.method)}`]);
    items.push(["For", joinTexts(k.purposes.map(l.purpose))]);
    items.push([
      "What you were shown",
      t`our notice ${k.notice}, version ${k.noticeVersion}${k.noticePublishedAt !== undefined ? ` (published on ${humanDay(k.noticePublishedAt)})` : " (we cannot show that this version had been published at that time)"}`,
    ]);
    items.push(["Proof we keep", refText(k.evidence)]);
    for (const x of k.confirmations) items.push(["Confirmed", [`on ${humanTime(x.at)}; proof: `, refText(x.evidence)]]);
    for (const w of k.withdrawals) {
      const text: Text[] = [t`on ${humanTime(w.at)}, through ${w.channel}${w.purposes !== undefined ? t`, for ${joinTexts(w.purposes.map(l.purpose))}` : ""}`];
      if (w.evidence !== undefined) text.push("; proof: ", refText(w.evidence));
      items.push(["Withdrawn", text]);
    }
    if (k.expires !== undefined) items.push(["Expires", humanTime(k.expires)]);
    const now: Text[] = k.byPurpose.map((p): Text => {
      if (p.effective) return [l.purpose(p.purpose), ": ", { b: "in effect" }, p.expiresAt !== undefined ? ` until ${humanTime(p.expiresAt)}` : ""];
      return [l.purpose(p.purpose), ": ", { b: "not in effect" }, " — ", joinProblems(p.problems.map((x) => x.code))];
    });
    const tone: Tone = k.status === "effective" ? "ok" : k.status === "partly-effective" ? "info" : "stop";
    out.push({ kind: "card", tone, title: t`Consent ${k.consent}`, blocks: [{ kind: "fields", items }, { kind: "p", text: { b: "Status now" } }, { kind: "list", items: now }] });
  }

  // Legal bases
  out.push({ kind: "h2", text: "Other legal grounds we rely on" });
  if (r.legalBases.length === 0) out.push({ kind: "p", text: "None besides your consents." });
  else {
    out.push({
      kind: "table",
      head: ["Legal ground", "For", "Our reference", "Since", "Until", "In effect now"],
      rows: r.legalBases.map((b) => [
        wordsOr(BASIS_WORDS, b.basis),
        joinTexts(b.purposes.map(l.purpose)),
        val(b.reference),
        humanDay(b.recordedAt),
        b.ended !== undefined ? `ended on ${humanDay(b.ended.at)}` : b.until !== undefined ? humanTime(b.until) : "no end date",
        b.inForce ? "yes" : "no",
      ]),
    });
  }

  // Records merged into this one (issue 14)
  if (r.mergedFrom !== undefined && r.mergedFrom.length > 0) {
    out.push({ kind: "h2", text: "Records merged into this one" });
    out.push({
      kind: "list",
      items: r.mergedFrom.map((m): Text => {
        const ids = [...m.facts, ...m.consents];
        return t`A second record of yours (${m.subject}) was merged into this one on ${humanTime(m.at)}: ${plural(m.facts.length, "value", "values")} and ${plural(m.consents.length, "consent", "consents")} came from it (${ids.length === 0 ? "nothing else" : joinTexts(ids)}).`;
      }),
    });
  }

  // Conditions for special categories of data (Art. 9(2))
  if (r.specialConditions !== undefined && r.specialConditions.length > 0) {
    out.push({ kind: "h2", text: "Conditions for sensitive data we rely on" });
    out.push({
      kind: "table",
      head: ["Condition", "For data about", "For", "Our reference", "Since", "Until", "In effect now"],
      rows: r.specialConditions.map((k) => [
        k.consent !== undefined ? t`${CONDITION_WORDS[k.condition] ?? k.condition} (consent ${k.consent})` : t`${CONDITION_WORDS[k.condition] ?? k.condition}`,
        joinTexts([...k.categories]),
        joinTexts(k.purposes.map(l.purpose)),
        t`${k.reference}`,
        humanDay(k.recordedAt),
        k.ended !== undefined ? `ended on ${humanDay(k.ended.at)}` : k.until !== undefined ? humanTime(k.until) : "no end date",
        k.inForce && k.consentEffective !== false ? "yes" : "no",
      ]),
    });
  }

  // Objections and restriction
  out.push({ kind: "h2", text: "Your objections and restrictions" });
  const objections: Text[] = r.objections.flatMap((o) =>
    o.purposes.map((p): Text => [
      t`On ${humanTime(o.at)} you objected, through ${o.channel}, to ${l.purpose(p.purpose)}: `,
      p.inForce ? { b: "in force — we do not use your data for this" } : p.lifted !== undefined ? `you lifted it on ${humanDay(p.lifted.at)}` : "no longer in force",
    ]),
  );
  out.push({ kind: "list", items: objections.length > 0 ? objections : ["You have not objected to any use of your data."] });
  out.push({
    kind: "p",
    text: r.restriction.restricted
      ? [{ b: `Processing of your data is restricted since ${humanTime(r.restriction.since!)}` }, t` (reason given: ${r.restriction.reason ?? ""}). While it is, we do not use your data.`]
      : r.restriction.history.length > 0
        ? `Processing of your data was restricted in the past (${r.restriction.history.map((h) => `${h.kind === "restricted" ? "restricted" : "lifted"} on ${humanDay(h.at)}`).join(", ")}); it is not restricted now.`
        : "Processing of your data is not restricted.",
  });

  // Purposes
  out.push({ kind: "h2", text: "Why we process your data" });
  out.push({
    kind: "table",
    head: ["Purpose", "What it means", "Legal grounds it may rest on", "How long data is kept"],
    rows: r.purposes.map((p) => [
      val(p.purpose),
      p.declared ? [val(p.description ?? ""), p.inForce ? "" : { b: " (no longer pursued)" }] : { b: "not a purpose we have declared" },
      joinTexts(p.legalBases.map((b) => wordsOr(BASIS_WORDS, b))),
      p.retention !== undefined ? durationText(p.retention) : "no fixed period",
    ]),
  });

  // Uses
  out.push({ kind: "h2", text: "Who used your data" });
  if (r.uses.length === 0) out.push({ kind: "p", text: "No use of your data has been recorded." });
  else {
    out.push({
      kind: "table",
      head: ["When", "Who", "For what", "Which information", "Legal ground"],
      rows: r.uses.map((u) => [
        humanTime(u.at),
        u.roles.length > 0 ? t`${u.actor} (${joinList(u.roles)})` : val(u.actor),
        l.purpose(u.purpose),
        joinTexts([...u.fields]),
        joinTexts([...new Set(u.bases.map((b) => b.legalBasis))].map((b) => wordsOr(BASIS_WORDS, b))),
      ]),
    });
  }

  // Sources
  out.push({ kind: "h2", text: "Where your data came from" });
  if (r.sources.length === 0) out.push({ kind: "p", text: "None." });
  else {
    out.push({
      kind: "table",
      head: ["Source", "What it is", "First received", "Information", "We told you"],
      rows: r.sources.map((s) => [
        val(s.source),
        s.kind !== undefined ? wordsOr(KIND_WORDS, s.kind) : "unknown",
        humanDay(s.firstAt),
        joinTexts([...s.fields]),
        s.ownData ? "you gave it to us" : s.disclosed !== undefined ? `on ${humanDay(s.disclosed.at)}` : { b: "not yet" },
      ]),
    });
  }

  // Timeline
  out.push({ kind: "h2", text: "Timeline" });
  out.push({ kind: "timeline", items: r.timeline.map((x) => ({ at: humanTime(x.at), ...describe(x, l) })) });

  out.push(...rights());
  return out;
}

/** Consent problems in words, `; `-separated; a code without words is a value. */
function joinProblems(codes: readonly string[]): Text {
  const out: Text[] = [];
  const seen = new Set<string>();
  for (const c of codes) {
    const words = CONSENT_PROBLEM_WORDS[c] ?? c;
    if (seen.has(words)) continue;
    if (seen.size > 0) out.push("; ");
    seen.add(words);
    out.push(wordsOr(CONSENT_PROBLEM_WORDS, c));
  }
  return out;
}

function rights(): Block[] {
  return [
    { kind: "h2", text: "Your rights" },
    {
      kind: "list",
      items: [
        [{ b: "Correction" }, " — if something here is wrong, tell us and we will correct it (Art. 16)."],
        [{ b: "Erasure" }, " — you can ask us to erase your data; we then make it unreadable and keep only the record that it existed and was erased (Art. 17)."],
        [{ b: "Restriction" }, " — while you dispute something, you can ask us to stop using your data (Art. 18)."],
        [{ b: "Your data to take away" }, " — you can have the data you gave us in a machine-readable form (Art. 20)."],
        [{ b: "Objection" }, " — you can object to any use based on our interests, and always to direct marketing (Art. 21)."],
        [{ b: "Withdrawing consent" }, " — you can withdraw a consent at any time; it stops future use, not past use (Art. 7(3))."],
        [{ b: "Complaint" }, " — you can complain to a data protection supervisory authority (Art. 77)."],
      ],
    },
  ];
}

// ------------------------------------------------------------------ HTML

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

function htmlText(t: Text): string {
  if (typeof t === "string") return escapeHtml(t);
  if (Array.isArray(t)) return (t as readonly Text[]).map(htmlText).join("");
  // Each value isolated: its bidirectional controls cannot reorder the text around it (Unicode UAX #9, HTML <bdi>).
  if ("v" in (t as object)) return `<bdi>${escapeHtml((t as { v: string }).v)}</bdi>`;
  if ("b" in (t as object)) return `<strong>${htmlText((t as { b: Text }).b)}</strong>`;
  return `<span class="muted">${htmlText((t as { muted: Text }).muted)}</span>`;
}

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case "h2":
      return `<h2 id="${escapeHtml(b.text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""))}">${escapeHtml(b.text)}</h2>`;
    case "p":
      return `<p>${htmlText(b.text)}</p>`;
    case "note":
      return `<p class="note ${b.tone}">${htmlText(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${htmlText(i)}</li>`).join("")}</ul>`;
    case "fields":
      return `<dl>${b.items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${htmlText(v)}</dd>`).join("")}</dl>`;
    case "table":
      return `<div class="scroll"><table><thead><tr>${b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${htmlText(c)}</td>`).join("")}</tr>`)
        .join("")}</tbody></table></div>`;
    case "timeline":
      return b.items.length === 0
        ? "<p>Nothing yet.</p>"
        : `<ol class="timeline">${b.items.map((i) => `<li class="${i.tone}"><time>${escapeHtml(i.at)}</time><span>${htmlText(i.text)}</span></li>`).join("")}</ol>`;
    case "card":
      return `<section class="card ${b.tone}"><h3>${htmlText(b.title)}</h3>${b.blocks.map(htmlBlock).join("")}</section>`;
  }
}

const CSS = `
:root{--ink:#1d2433;--muted:#5b6578;--line:#d9dee8;--bg:#f6f7fb;--ok:#1f8a4c;--stop:#c0392b;--use:#2463c7;--data:#6b7280;--info:#8a6d1f;--warn:#b45309}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:960px;margin:0 auto;padding:32px 24px 48px;background:#fff;min-height:100vh}
h1{font-size:28px;margin:0 0 8px}
h2{font-size:21px;margin:36px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:17px;margin:0 0 8px;overflow-wrap:break-word}
p,li,dd,td{overflow-wrap:break-word}
.muted{color:var(--muted);font-style:italic}
.note{padding:12px 16px;border-radius:8px;border-left:5px solid var(--info);background:#fbf7ea}
.note.warn{border-color:var(--warn);background:#fff4e5}
.card{border:1px solid var(--line);border-left:5px solid var(--data);border-radius:8px;padding:14px 18px;margin:12px 0;background:#fff}
.card.ok{border-left-color:var(--ok)}.card.stop{border-left-color:var(--stop)}.card.info{border-left-color:var(--info)}
dl{display:grid;grid-template-columns:minmax(140px,200px) 1fr;gap:4px 16px;margin:0 0 8px}
dt{color:var(--muted);font-weight:600}dd{margin:0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:15px}
th,td{text-align:left;vertical-align:top;padding:8px 10px;border-bottom:1px solid var(--line)}
th{background:#eef1f7;font-weight:600}
ol.timeline{list-style:none;margin:0;padding:0 0 0 22px;border-left:3px solid var(--line)}
ol.timeline li{position:relative;margin:0 0 14px;padding-left:12px}
ol.timeline li::before{content:"";position:absolute;left:-31px;top:5px;width:14px;height:14px;border-radius:50%;background:var(--data);border:3px solid #fff;box-shadow:0 0 0 1px var(--line)}
ol.timeline li.ok::before{background:var(--ok)}ol.timeline li.stop::before{background:var(--stop)}ol.timeline li.use::before{background:var(--use)}ol.timeline li.info::before{background:var(--info)}
ol.timeline time{display:block;font-size:13px;color:var(--muted);font-weight:600}
.legend{font-size:13px;color:var(--muted)}
.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:middle}
footer{margin-top:40px;font-size:13px;color:var(--muted)}
@media print{body{background:#fff}main{padding:0}}
`;

function html(r: AccessReport, blocks: Block[]): string {
  const body = blocks
    .map((b) =>
      b.kind === "timeline"
        ? `<p class="legend"><span><i style="background:var(--ok)"></i>consent</span><span><i style="background:var(--stop)"></i>withdrawal, objection, expiry</span><span><i style="background:var(--use)"></i>use of your data</span><span><i style="background:var(--data)"></i>your data</span><span><i style="background:var(--info)"></i>other</span></p>${htmlBlock(b)}`
        : htmlBlock(b),
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Your personal data — ${escapeHtml(showBidiControls(r.subject))}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Your personal data held by us</h1>
${body}
<footer>Report as of ${escapeHtml(humanTime(r.at))} (${escapeHtml(r.at)}). Every statement in it is derived from our records of events about you.</footer>
</main>
</body>
</html>
`;
}

// -------------------------------------------------------------- Markdown

/**
 * Escapes text for Markdown so that it stays text (no emphasis, links, HTML
 * or table breaks), and shows each bidirectional control character as a
 * visible `\u202E` escape, so that it cannot reorder the text around it.
 */
export function escapeMarkdown(s: string): string {
  return showBidiControls(s.replace(/\r\n?|\n/g, " ").replace(/[\\`*_[\]<>#|~&]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "\\" + c)));
}

function mdText(t: Text): string {
  if (typeof t === "string") return escapeMarkdown(t);
  if (Array.isArray(t)) return (t as readonly Text[]).map(mdText).join("");
  if ("v" in (t as object)) return escapeMarkdown((t as { v: string }).v);
  if ("b" in (t as object)) {
    const inner = mdText((t as { b: Text }).b);
    return inner === "" ? "" : `**${inner}**`;
  }
  const inner = mdText((t as { muted: Text }).muted);
  return inner === "" ? "" : `*${inner}*`;
}

function mdBlock(b: Block, level = 2): string {
  switch (b.kind) {
    case "h2":
      return `${"#".repeat(level)} ${escapeMarkdown(b.text)}`;
    case "p":
      return mdText(b.text);
    case "note":
      return `> ${b.tone === "warn" ? "**Please note:** " : ""}${mdText(b.text)}`;
    case "list":
      return b.items.map((i) => `- ${mdText(i)}`).join("\n");
    case "fields":
      return b.items.map(([k, v]) => `- **${escapeMarkdown(k)}:** ${mdText(v)}`).join("\n");
    case "table": {
      const cell = (s: string) => (s === "" ? " " : s);
      return [
        `| ${b.head.map(escapeMarkdown).join(" | ")} |`,
        `|${b.head.map(() => "---").join("|")}|`,
        ...b.rows.map((r) => `| ${r.map((c) => cell(mdText(c))).join(" | ")} |`),
      ].join("\n");
    }
    case "timeline":
      return b.items.length === 0 ? "Nothing yet." : b.items.map((i) => `- **${escapeMarkdown(i.at)}** — ${mdText(i.text)}`).join("\n");
    case "card":
      return [`${"#".repeat(level + 1)} ${mdText(b.title)}`, ...b.blocks.map((x) => mdBlock(x, level + 1))].join("\n\n");
  }
}

function markdown(r: AccessReport, blocks: Block[]): string {
  return [`# Your personal data held by us`, ...blocks.map((b) => mdBlock(b)), `---`, `*Report as of ${escapeMarkdown(humanTime(r.at))} (${escapeMarkdown(r.at)}).*`].join("\n\n") + "\n";
}

/**
 * Writes an access report as a document to send to the person, in plain
 * language: a summary, each value with where it came from, why it is held and
 * for how long, each consent and its state, legal grounds, objections and
 * restriction, purposes, every use, the sources and whether the person was
 * told of them, a timeline of consents and uses, and the person's rights.
 * `"html"` gives one self-contained page (inline CSS, no script, no external
 * asset, a Content-Security-Policy that forbids loading anything); every value
 * is escaped, so a value like `<script>` stays text. `"markdown"` escapes
 * values the same way for Markdown.
 *
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises";
 * import { accessReport, isInvalidQuery, renderAccessReport, replay } from "lawful-crm";
 * const at = "2024-02-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 * ]);
 * const report = accessReport(ledger, "anna", { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(report)) throw new Error(report.error.message);
 * await writeFile("anna.html", renderAccessReport(report, "html"));
 * console.log(renderAccessReport(report, "markdown").split("\n")[0]); //=> # Your personal data held by us
 * ```
 */
export function renderAccessReport(report: AccessReport, format: "markdown" | "html"): string {
  if (format !== "markdown" && format !== "html") {
    throw new LawfulCrmError("INVALID_ARGUMENT", `renderAccessReport(): format must be "markdown" or "html", got ${JSON.stringify(String(format))}.`);
  }
  const blocks = documentOf(report);
  return format === "html" ? html(report, blocks) : markdown(report, blocks);
}
