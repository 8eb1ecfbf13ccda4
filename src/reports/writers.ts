/**
 * A tiny document model built once and written as Markdown or HTML, so that
 * both say the same and every value goes through one escaping function.
 *
 * A value from the records (an id, a name, a reason, a stored value) is
 * marked with {@link val} before it reaches a catalogue's sentence, so that
 * wherever the sentence puts it, the writers still know it is a value: HTML
 * isolates each in a `<bdi>`, so that bidirectional control characters in it
 * cannot reorder the text around it (issue 10, finding 5), and both writers
 * show such characters anywhere else as visible `\u202E` escapes.
 */
import { showBidiControls } from "../_internal/text.js";
import type { Messages, Phrase } from "../locale/index.js";

// The marks around a value: two Unicode noncharacters, which Unicode sets
// aside for a program's internal use; a value's own are shown as escapes.
const OPEN = "\uFDD0";
const CLOSE = "\uFDD1";
const MARKS = /[\uFDD0\uFDD1]/g;

/** `s`, a value from the records, marked as one: the writers isolate it (HTML `<bdi>`) wherever a sentence puts it. */
export function val(s: string): string {
  return OPEN + s.replace(MARKS, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase()}`) + CLOSE;
}

/** `s` with the marks of its values taken out: for text that cannot hold markup (the HTML `<title>`, Markdown). */
export function unmarked(s: string): string {
  return s.replace(MARKS, "");
}

/**
 * `s` cut into our words and values: words escaped by `words`, each value
 * by `value`. A mark a catalogue left unpaired closes (or opens) nothing.
 */
function segments(s: string, words: (x: string) => string, value: (x: string) => string): string {
  if (!s.includes(OPEN)) return words(unmarked(s));
  let out = "";
  let depth = 0;
  let start = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c !== OPEN && c !== CLOSE) continue;
    const part = s.slice(start, k);
    start = k + 1;
    if (c === OPEN) {
      if (depth === 0) out += words(part);
      else if (part !== "") out += value(part);
      depth++;
    } else if (depth > 0) {
      depth--;
      if (part !== "") out += value(part);
    } else out += words(part);
  }
  const rest = s.slice(start);
  return out + (depth > 0 ? (rest === "" ? "" : value(rest)) : words(rest));
}

/** Inline text: a phrase (plain segments escaped on output, bold parts), a muted part, or a sequence. */
export type Text = Phrase | { readonly muted: Text } | readonly Text[];

/** The colour of a card, a note or a moment of the timeline. */
export type Tone = "ok" | "stop" | "use" | "data" | "info" | "warn";

/** One block of the document. */
export type Block =
  | { readonly kind: "h2"; readonly text: string }
  | { readonly kind: "p"; readonly text: Text }
  | { readonly kind: "note"; readonly tone: Tone; readonly text: Text }
  | { readonly kind: "list"; readonly items: readonly Text[] }
  | { readonly kind: "fields"; readonly items: readonly (readonly [string, Text])[] }
  | { readonly kind: "table"; readonly head: readonly string[]; readonly rows: readonly (readonly Text[])[] }
  | { readonly kind: "timeline"; readonly items: readonly { readonly at: string; readonly tone: Tone; readonly text: Text }[] }
  | { readonly kind: "card"; readonly tone: Tone; readonly title: Text; readonly blocks: readonly Block[] };

/** What frames the document: its title, footers and legend in the reader's language. */
export interface Frame {
  readonly m: Messages;
  /** The HTML `<title>`. */
  readonly htmlTitle: string;
  readonly footer: string;
  readonly markdownFooter: string;
}

// ------------------------------------------------------------------ HTML

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** Our words for HTML: escaped, and a bidirectional control in them (none in a built-in catalogue) shown as an escape. */
function htmlWords(s: string): string {
  return escapeHtml(showBidiControls(s));
}

/** A value for HTML: escaped and isolated (Unicode UAX #9, HTML `<bdi>`): its bidirectional controls cannot reorder the text around it. */
function htmlValue(s: string): string {
  return `<bdi>${escapeHtml(s)}</bdi>`;
}

/** Text of a string for HTML: our words escaped, each value isolated. */
function htmlString(s: string): string {
  return segments(s, htmlWords, htmlValue);
}

/** Text that cannot hold markup (the `<title>`), for HTML: every bidirectional control shown as an escape. */
function htmlPlain(s: string): string {
  return escapeHtml(showBidiControls(unmarked(s)));
}

function htmlText(t: Text): string {
  if (typeof t === "string") return htmlString(t);
  if (Array.isArray(t)) return (t as readonly Text[]).map(htmlText).join("");
  if ("strong" in (t as object)) return `<strong>${htmlText((t as { strong: Text }).strong)}</strong>`;
  return `<span class="muted">${htmlText((t as { muted: Text }).muted)}</span>`;
}

/** A heading's anchor: ASCII letters, digits and dashes (German letters spelt out, other accents dropped). */
function anchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function htmlBlock(b: Block, m: Messages): string {
  switch (b.kind) {
    case "h2":
      return `<h2 id="${escapeHtml(anchor(unmarked(b.text)))}">${htmlString(b.text)}</h2>`;
    case "p":
      return `<p>${htmlText(b.text)}</p>`;
    case "note":
      return `<p class="note ${b.tone}">${htmlText(b.text)}</p>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${htmlText(i)}</li>`).join("")}</ul>`;
    case "fields":
      return `<dl>${b.items.map(([k, v]) => `<dt>${htmlString(k)}</dt><dd>${htmlText(v)}</dd>`).join("")}</dl>`;
    case "table":
      return `<div class="scroll"><table><thead><tr>${b.head.map((h) => `<th scope="col">${htmlString(h)}</th>`).join("")}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${htmlText(c)}</td>`).join("")}</tr>`)
        .join("")}</tbody></table></div>`;
    case "timeline":
      return b.items.length === 0
        ? `<p>${htmlString(m.accessReport.frame.emptyTimeline)}</p>`
        : `<ol class="timeline">${b.items.map((i) => `<li class="${i.tone}"><time>${htmlString(i.at)}</time><span>${htmlText(i.text)}</span></li>`).join("")}</ol>`;
    case "card":
      return `<section class="card ${b.tone}"><h3>${htmlText(b.title)}</h3>${b.blocks.map((x) => htmlBlock(x, m)).join("")}</section>`;
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

function legend(m: Messages): string {
  const l = m.accessReport.frame.legend;
  const dot = (colour: string, text: string) => `<span><i style="background:var(--${colour})"></i>${htmlString(text)}</span>`;
  return `<p class="legend">${dot("ok", l.consent)}${dot("stop", l.stop)}${dot("use", l.use)}${dot("data", l.data)}${dot("info", l.other)}</p>`;
}

/** The document as one self-contained HTML page. */
export function html(f: Frame, blocks: readonly Block[]): string {
  const body = blocks.map((b) => (b.kind === "timeline" ? `${legend(f.m)}${htmlBlock(b, f.m)}` : htmlBlock(b, f.m))).join("\n");
  return `<!DOCTYPE html>
<html lang="${htmlPlain(f.m.locale)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${htmlPlain(f.htmlTitle)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${htmlString(f.m.accessReport.frame.title)}</h1>
${body}
<footer>${htmlString(f.footer)}</footer>
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
 * The marks of values are taken out: Markdown has no way to isolate a value.
 */
export function escapeMarkdown(s: string): string {
  return showBidiControls(unmarked(s).replace(/\r\n?|\n/g, " ").replace(/[\\`*_[\]<>#|~&]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "\\" + c)));
}

function mdText(t: Text): string {
  if (typeof t === "string") return escapeMarkdown(t);
  if (Array.isArray(t)) return (t as readonly Text[]).map(mdText).join("");
  if ("strong" in (t as object)) {
    const inner = mdText((t as { strong: Text }).strong);
    return inner === "" ? "" : `**${inner}**`;
  }
  const inner = mdText((t as { muted: Text }).muted);
  return inner === "" ? "" : `*${inner}*`;
}

function mdBlock(b: Block, m: Messages, level = 2): string {
  switch (b.kind) {
    case "h2":
      return `${"#".repeat(level)} ${escapeMarkdown(b.text)}`;
    case "p":
      return mdText(b.text);
    case "note":
      return `> ${b.tone === "warn" ? `**${escapeMarkdown(m.accessReport.frame.pleaseNote)}** ` : ""}${mdText(b.text)}`;
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
      return b.items.length === 0 ? escapeMarkdown(m.accessReport.frame.emptyTimeline) : b.items.map((i) => `- **${escapeMarkdown(i.at)}** — ${mdText(i.text)}`).join("\n");
    case "card":
      return [`${"#".repeat(level + 1)} ${mdText(b.title)}`, ...b.blocks.map((x) => mdBlock(x, m, level + 1))].join("\n\n");
  }
}

/** The document as Markdown. */
export function markdown(f: Frame, blocks: readonly Block[]): string {
  return [`# ${escapeMarkdown(f.m.accessReport.frame.title)}`, ...blocks.map((b) => mdBlock(b, f.m)), `---`, `*${escapeMarkdown(f.markdownFooter)}*`].join("\n\n") + "\n";
}
