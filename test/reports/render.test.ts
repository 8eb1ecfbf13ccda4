import { describe, expect, it } from "vitest";
import { accessReport, LawfulCrmError, renderAccessReport, replay } from "../../src/index.js";
import { AT, history } from "./history.js";
import { HOSTILE_AT, HOSTILE_SUBJECT, hostileHistory } from "./hostile.js";
import { must } from "../must.js";

/**
 * The sample report and the hostile one, made inside each test that reads
 * them, not while this file loads: mutation testing counts only the code a
 * test runs (docs/quality.md, "Code run while a test file loads").
 */
function sample() {
  const ledger = replay(history);
  const report = must(accessReport(ledger, "anna", { at: AT }));
  return { ledger, report, html: renderAccessReport(report, "html"), md: renderAccessReport(report, "markdown") };
}

function hostile() {
  const hostileLedger = replay(hostileHistory);
  const hostileReport = must(accessReport(hostileLedger, HOSTILE_SUBJECT, { at: HOSTILE_AT }));
  return { hostileLedger, hostileReport, hostileHtml: renderAccessReport(hostileReport, "html"), hostileMd: renderAccessReport(hostileReport, "markdown") };
}

/** The text of an HTML document with tags removed and the five entities decoded. */
function textOf(doc: string): string {
  return doc
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    // <bdi> isolates a value inline: no space around it.
    .replace(/<\/?bdi>/g, "")
    .replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

describe("renderAccessReport: a document a person can read", () => {
  it("says in plain words what is held, where it came from, why, for how long, who used it", () => {
    const { html, md } = sample();
    for (const doc of [textOf(html), md]) {
      for (const s of [
        "Your personal data held by us",
        "15 June 2024",
        "anna@example.org",
        "ACME Holding GmbH",
        "a form you filled in",
        "a social network",
        "E-mail newsletter",
        "until 10 February 2027 at the latest",
        "due for erasure since 1 May 2024",
        "you agreed and then confirmed through a link we sent you",
        "a box was ticked in advance (this is not valid consent)",
        "not in effect",
        "in effect",
        "you withdrew it",
        "it has expired",
        "a contract with you",
        "contract-2024-17",
        "you lifted it on 1 June 2024",
        "we do not use your data for this",
        "restricted on 10 May 2024",
        "mia (marketer)",
        "carla (sales)",
        "not yet",
        "on 10 March 2024",
        "Timeline",
        "You gave your consent (k1)",
        "used your email and employer for Sales contacts and contracts (sales)",
        "Your consent (k4) expired",
        "Your rights",
      ]) {
        expect(doc).toContain(s);
      }
    }
  });

  it("html is self-contained: no script, no external asset, a CSP that forbids loading anything", () => {
    const { html } = sample();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).not.toMatch(/<link\b/i);
  });

  it("rejects an unknown format", () => {
    const { report } = sample();
    expect(() => renderAccessReport(report, "pdf" as "html")).toThrow(LawfulCrmError);
  });

  it("renders an unknown subject and a report with an incomplete history", () => {
    const { ledger } = sample();
    const empty = renderAccessReport(must(accessReport(ledger, "nobody", { at: AT })), "markdown");
    expect(empty).toContain("We hold no information about you.");
    const l = replay([...history, { id: "bad", type: "FactErased", at: "2024-06-01T00:00:00Z", subject: "anna", data: { fact: "nope", reason: "x" } }]);
    expect(renderAccessReport(must(accessReport(l, "anna", { at: AT })), "html")).toContain("this report may be incomplete");
  });
});

describe("renderAccessReport: every value is escaped", () => {
  const ALLOWED_TAGS = new Set(["html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "ul", "ol", "li", "dl", "dt", "dd", "strong", "span", "section", "div", "table", "thead", "tbody", "tr", "th", "td", "time", "footer", "i", "bdi"]);
  const ALLOWED_ATTRS = new Set(["lang", "charset", "http-equiv", "content", "name", "class", "id", "scope", "style"]);

  it("the hostile history replays without rejects, and its report carries the raw markup", () => {
    const { hostileLedger, hostileReport } = hostile();
    expect(hostileLedger.rejected).toEqual([]);
    expect(JSON.stringify(hostileReport)).toContain("<script>");
  });

  it("html: only the renderer's own tags and attributes; the markup stays text", () => {
    const { hostileHtml } = hostile();
    const tags = [...hostileHtml.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)];
    expect(tags.length).toBeGreaterThan(100);
    for (const [, name, attrs] of tags) {
      expect(ALLOWED_TAGS.has(name!.toLowerCase()), name).toBe(true);
      const bare = attrs!.replace(/"[^"]*"/g, '""');
      expect(bare).toMatch(/^(\s[a-zA-Z-]+="")*$/);
      for (const [, attr] of bare.matchAll(/\s([a-zA-Z-]+)=/g)) expect(ALLOWED_ATTRS.has(attr!.toLowerCase()), attr).toBe(true);
    }
    // <i> only in the legend, <span> and <time> without hostile attributes: no event handler anywhere.
    expect(hostileHtml.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(hostileHtml.toLowerCase()).not.toContain("<script");
    expect(hostileHtml.toLowerCase()).not.toContain("<img");
    expect(hostileHtml).toContain("&lt;script&gt;document.title=&quot;pwned&quot;;alert(1)&lt;/script&gt;");
    expect(hostileHtml).toContain("&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;");
    // Decoded, the text holds every hostile value, including the JSON value, the erasure reason and the subject.
    const text = textOf(hostileHtml);
    for (const s of ["value<script>", "sourceRef<script>", "evidence<script>", "confirmation<script>", "erasure-reason<script>", "reference<script>", "actor<script>", "role<script>", "restriction<script>", "withdrawal-evidence<script>", "corrected<script>", "subject<script>", '"html":"<script>']) {
      expect(text).toContain(s);
    }
  });

  it("html: the title and every attribute value are escaped", () => {
    const { hostileHtml } = hostile();
    const title = /<title>([^<]*)<\/title>/.exec(hostileHtml)![1]!;
    expect(title).toContain("&lt;script&gt;");
    for (const [, v] of hostileHtml.matchAll(/\sid="([^"]*)"/g)) expect(v).toMatch(/^[a-z0-9-]+$/);
  });

  it("markdown: no raw HTML, no link, no emphasis, no broken table from a value", () => {
    const { hostileMd } = hostile();
    expect(hostileMd).not.toMatch(/<[a-zA-Z!/]/);
    expect(hostileMd).toContain("&lt;script&gt;");
    expect(hostileMd).not.toMatch(/(?<!\\)\[click/);
    expect(hostileMd).toContain("\\[click\\](javascript:alert(1))");
    expect(hostileMd).toContain("\\*\\*bold\\*\\*");
    // Line breaks inside values never start a new Markdown block.
    expect(hostileMd).not.toMatch(/^## heading/m);
    // Every row of a table has as many unescaped pipes as its header.
    const lines = hostileMd.split("\n");
    for (let k = 0; k < lines.length; k++) {
      if (!lines[k]!.startsWith("| ") || !lines[k + 1]?.startsWith("|---")) continue;
      const pipes = (s: string) => s.match(/(?<!\\)\|/g)!.length;
      const n = pipes(lines[k]!);
      for (let j = k + 2; j < lines.length && lines[j]!.startsWith("|"); j++) expect(pipes(lines[j]!)).toBe(n);
    }
  });
});
