import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromDpv, replay, type DpvRow, type Vocabulary, type VocabularyError } from "../../src/index.js";
import { parseCsv } from "../../src/vocabularies/csv.js";
import { deepFreeze } from "../arbitraries.js";
import { fixture } from "./fixtures.js";

const AT = "2024-01-01T00:00:00Z";
const DPV = "https://w3id.org/dpv#";

function right(r: { _tag: "Left"; left: VocabularyError } | { _tag: "Right"; right: Vocabulary }): Vocabulary {
  if (r._tag === "Left") throw new Error(`unexpected ${r.left.code}: ${r.left.message}`);
  return r.right;
}
function left(r: { _tag: "Left"; left: VocabularyError } | { _tag: "Right"; right: Vocabulary }): VocabularyError {
  if (r._tag === "Right") throw new Error("expected an error");
  return r.left;
}

/** The rows of a CSV text as objects by column name. */
function rowsOf(text: string): DpvRow[] {
  const parsed = parseCsv(text);
  if (!("rows" in parsed)) throw new Error(parsed.problem);
  const [header, ...records] = parsed.rows;
  return records.map((r) => Object.fromEntries(header!.map((h, k) => [h, r[k]!])) as DpvRow);
}

const text = fixture("dpv/dpv-core/purposes.csv");
const rows = deepFreeze(rowsOf(text));

describe("fromDpv on the DPV 2.3 purposes table", () => {
  const v = right(fromDpv(text, { at: AT, idPrefix: "dpv:", legalBases: ["consent"] }));
  const byTerm = new Map(v.purposes.map((p) => [p.term, p]));

  it("the table is the one the tests expect: 125 rows, 121 purpose classes", () => {
    expect(rows).toHaveLength(125);
    expect(rows.filter((r) => r.type === "class" && r.dpvtype === `${DPV}Purpose`)).toHaveLength(121);
  });

  it("declares every purpose whose chain reaches dpv:Purpose, and lists every other row with why", () => {
    expect(v.source).toBe("dpv");
    expect(v.events).toHaveLength(120);
    expect(v.unmapped.map((u) => [u.term, u.code])).toEqual([
      ["dpv:Purpose", "ROOT_CONCEPT"],
      // Its first broader concept is the legal basis dpv:LegalObligation, not a purpose.
      ["dpv:RightsFulfilment", "PARENT_NOT_FOUND"],
      ["dpv:Sector", "NOT_A_PURPOSE"],
      ["dpv:hasPurpose", "NOT_A_PURPOSE"],
      ["dpv:hasSector", "NOT_A_PURPOSE"],
    ]);
    expect(v.unmapped.find((u) => u.term === "dpv:RightsFulfilment")!.reason).toBe(
      "Its first broader purpose dpv:LegalObligation is not a purpose of the input, so its place in the hierarchy is unknown.",
    );
    for (const u of v.unmapped) expect(u.reason).toMatch(/^[A-Z].*\.$/);
    expect(v.purposes.length + v.unmapped.length).toBe(rows.length);
    expect(v.categories).toEqual([]);
  });

  it("maps each purpose to the kebab-case chain of its first broader purposes", () => {
    expect(byTerm.get("dpv:ServiceProvision")!.purpose).toBe("service-management.service-provision");
    expect(byTerm.get("dpv:DirectMarketing")!.purpose).toBe("marketing.direct-marketing");
    expect(byTerm.get("dpv:Marketing")).toMatchObject({ purpose: "marketing", name: "Marketing" });
    expect(byTerm.get("dpv:Marketing")).not.toHaveProperty("parent");
    // Acronyms stay one word.
    expect(byTerm.get("dpv:ImproveInternalCRMProcesses")!.purpose).toBe("customer-management.customer-relationship-management.improve-internal-crm-processes");
    expect(byTerm.get("dpv:ProtectionOfIPR")!.purpose).toBe("fulfilment-of-obligation.protection-of-ipr");
  });

  it("a purpose with several broader purposes goes under the first, and names the others", () => {
    const p = byTerm.get("dpv:PersonalisedAdvertising")!;
    expect(p).toMatchObject({ purpose: "marketing.advertising.personalised-advertising", parent: "marketing.advertising", alsoUnder: ["dpv:Personalisation"] });
    expect(p.description).toBe("Personalised Advertising: Purposes associated with creating and providing personalised advertising (dpv:PersonalisedAdvertising; also under dpv:Personalisation)");
    // A single broader purpose: nothing else named.
    expect(byTerm.get("dpv:DirectMarketing")).not.toHaveProperty("alsoUnder");
    expect(byTerm.get("dpv:DirectMarketing")!.description).toMatch(/^Direct Marketing: .* \(dpv:DirectMarketing\)$/);
    // The event says the same as the list.
    const e = v.events.find((x) => x.data.purpose === p.purpose)!;
    expect(e).toEqual({ id: "dpv:marketing.advertising.personalised-advertising", type: "PurposeDeclared", at: AT, data: { purpose: p.purpose, description: p.description, legalBases: ["consent"] } });
  });

  it("the rule holds for every purpose of the table", () => {
    const rowByIri = new Map(rows.map((r) => [r.iri, r]));
    const idOf = new Map(v.purposes.map((p) => [`${DPV}${p.term.slice(4)}`, p.purpose]));
    for (const p of v.purposes) {
      const row = rowByIri.get(`${DPV}${p.term.slice(4)}`)!;
      const [first, ...others] = row.hasbroader.split(";");
      const segment = p.purpose.slice(p.purpose.lastIndexOf(".") + 1);
      expect(segment, p.term).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(segment.replace(/-/g, ""), p.term).toBe(row.term.toLowerCase());
      expect(p.parent, p.term).toBe(first === `${DPV}Purpose` ? undefined : idOf.get(first!));
      expect(p.alsoUnder ?? [], p.term).toEqual(others.map((o) => `dpv:${o.slice(DPV.length)}`));
      for (const o of p.alsoUnder ?? []) expect(p.description).toContain(o);
    }
    expect(new Set(v.purposes.map((p) => p.purpose)).size).toBe(v.purposes.length);
  });

  it("replays without a reject, parents declared before their children", () => {
    const ledger = replay(v.events);
    expect(ledger.rejected).toEqual([]);
    expect(ledger.accepted).toBe(120);
    const pos = new Map(v.events.map((e, k) => [e.data.purpose, k]));
    for (const p of v.purposes) if (p.parent !== undefined) expect(pos.get(p.parent)!).toBeLessThan(pos.get(p.purpose)!);
  });

  it("takes the rows as objects as well as the CSV text, with the same result", () => {
    expect(right(fromDpv(rows, { at: AT, idPrefix: "dpv:", legalBases: ["consent"] }))).toEqual(v);
    // CRLF line ends and a byte order mark change nothing.
    expect(right(fromDpv("\ufeff" + text.replace(/\n/g, "\r\n"), { at: AT, idPrefix: "dpv:", legalBases: ["consent"] }))).toEqual(v);
  });

  it("the order of the rows does not matter", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...rows], { minLength: rows.length }), (shuffled) => {
        const w = right(fromDpv(shuffled, { at: AT, idPrefix: "dpv:", legalBases: ["consent"] }));
        expect(w.events).toEqual(v.events);
        expect(w.purposes).toEqual(v.purposes);
        expect(new Set(w.unmapped.map((u) => u.term))).toEqual(new Set(v.unmapped.map((u) => u.term)));
      }),
      { numRuns: 20 },
    );
  });

  it("legal bases per purpose id, with the nearest entry serving descendants", () => {
    const w = right(fromDpv(text, { at: AT, newId: ((n) => () => `e${++n}`)(0), legalBases: { marketing: ["consent"], "customer-management": ["contract"] } }));
    expect(w.events.map((e) => e.data.purpose).every((p) => p.startsWith("marketing") || p.startsWith("customer-management"))).toBe(true);
    expect(w.events.find((e) => e.data.purpose === "marketing.direct-marketing")!.data.legalBases).toEqual(["consent"]);
    expect(w.events.map((e) => e.id)).toEqual(w.events.map((_, k) => `e${k + 1}`));
    expect(w.unmapped.filter((u) => u.code === "NO_LEGAL_BASIS").length).toBe(120 - w.events.length);
    expect(left(fromDpv(text, { at: AT, idPrefix: "", legalBases: { "dpv:Marketing": ["consent"] } }))).toMatchObject({ code: "INVALID_OPTIONS" });
  });
});

describe("fromDpv fails closed on a malformed table", () => {
  const row = (term: string, broader: string[], more: Partial<DpvRow> = {}): DpvRow => ({
    term,
    type: "class",
    iri: `${DPV}${term}`,
    label: term,
    definition: `About ${term}`,
    dpvtype: `${DPV}Purpose`,
    hasbroader: broader.map((b) => (b.includes(":") ? b : `${DPV}${b}`)).join(";"),
    vocab: "dpv",
    ...more,
  });

  it("loops, missing broader purposes, two terms with one id, duplicates and broken rows", () => {
    const table = deepFreeze([
      row("Top", ["Purpose"]),
      row("LoopA", ["LoopB"]),
      row("LoopB", ["LoopA"]),
      row("IntoLoop", ["LoopA"]),
      row("Orphan", ["Missing"]),
      row("Same", ["Top"]),
      row("Same", ["Top"], { iri: "https://example.org/x#Same", vocab: "ex" }),
      row("UnderSame", ["Same"]),
      row("Twice", ["Top"]),
      row("Twice", ["Top"]),
      row("NoBroader", []),
      row("!!!", ["Top"]),
      { term: "Broken" } as unknown as DpvRow,
      "not a row" as unknown as DpvRow,
      row("Fine", ["Top", "https://example.org/x#Other", "Twice", "https://w3id.org/dpv/legal/eu/gdpr#A6-1-a"]),
      row("Bare", ["Top"], { label: "", definition: "", vocab: "" }),
      row("Sector", [], { dpvtype: "" }),
      row("Legal", ["Top"], { dpvtype: `${DPV}LegalBasis` }),
      row("hasThing", [], { type: "property", dpvtype: "" }),
    ]);
    const v = right(fromDpv(table, { at: AT, idPrefix: "", legalBases: ["legitimate-interests"] }));
    expect(v.purposes.map((p) => [p.term, p.purpose])).toEqual([
      ["dpv:Top", "top"],
      ["dpv:Bare", "top.bare"],
      ["dpv:Fine", "top.fine"],
    ]);
    // Broader concepts outside the table are named by their namespace's prefix, or by IRI when it has none.
    expect(v.purposes[2]!.alsoUnder).toEqual(["https://example.org/x#Other", "dpv:Twice", "eu-gdpr:A6-1-a"]);
    expect(v.purposes[2]!.description).toBe("Fine: About Fine (dpv:Fine; also under https://example.org/x#Other, dpv:Twice, eu-gdpr:A6-1-a)");
    // Without a label or definition: the term, then the prefixed term.
    expect(v.purposes[1]).toMatchObject({ name: "Bare", description: "Bare (dpv:Bare)" });
    expect(v.unmapped.map((u) => [u.term, u.code])).toEqual([
      ["dpv:LoopA", "CYCLE"],
      ["dpv:LoopB", "CYCLE"],
      ["dpv:IntoLoop", "ANCESTOR_NOT_MAPPED"],
      ["dpv:Orphan", "PARENT_NOT_FOUND"],
      ["dpv:Same", "ID_COLLISION"],
      ["ex:Same", "ID_COLLISION"],
      ["dpv:UnderSame", "ANCESTOR_NOT_MAPPED"],
      ["dpv:Twice", "DUPLICATE_TERM"],
      ["dpv:Twice", "DUPLICATE_TERM"],
      ["dpv:NoBroader", "PARENT_NOT_FOUND"],
      ["dpv:!!!", "INVALID_ID"],
      ["#12", "INVALID_ENTRY"],
      ["#13", "INVALID_ENTRY"],
      ["dpv:Sector", "NOT_A_PURPOSE"],
      ["dpv:Legal", "NOT_A_PURPOSE"],
      ["dpv:hasThing", "NOT_A_PURPOSE"],
    ]);
    expect(v.unmapped.slice(-3).map((u) => u.reason)).toEqual([
      "It is a class without a dpvtype, not a purpose (a class of type dpv:Purpose).",
      "It is a class of type dpv:LegalBasis, not a purpose (a class of type dpv:Purpose).",
      "It is a property, not a purpose (a class of type dpv:Purpose).",
    ]);
    expect(v.unmapped.find((u) => u.term === "dpv:LoopA")!.reason).toContain("dpv:LoopA → dpv:LoopB → dpv:LoopA");
    expect(v.unmapped.find((u) => u.term === "ex:Same")!.reason).toContain('"top.same"');
    for (const u of v.unmapped) expect(u.reason).toMatch(/^[A-Z].*\.$/);
  });

  it("refuses a table it cannot read, naming the line or column", () => {
    const opts = { at: AT, idPrefix: "", legalBases: ["consent"] as const };
    const header = "term,type,iri,label,definition,dpvtype,subclassof,hasbroader";
    expect(left(fromDpv(`${header}\n"Open,class`, opts))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("line 2: a quoted field that is never closed") });
    expect(left(fromDpv(`${header}\nA,class`, opts))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("record 1 of the CSV has 2 fields where the header has 8") });
    expect(left(fromDpv("term,type,iri\nA,class,x", opts))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("no column dpvtype, hasbroader") });
    expect(left(fromDpv("", opts))).toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining("empty") });
    expect(left(fromDpv(42 as never, opts)).code).toBe("INVALID_INPUT");
    expect(left(fromDpv(text, { ...opts, at: "yesterday" })).code).toBe("INVALID_OPTIONS");
  });
});

describe("the CSV reader", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks; blank lines and a last line without an end", () => {
    expect(parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\r\n\n1,,3')).toEqual({ rows: [["a", "b", "c"], ["x, y", 'say "hi"', "two\nlines"], [""], ["1", "", "3"]] });
    expect(parseCsv('a\n""')).toEqual({ rows: [["a"], [""]] });
    expect(parseCsv("a\n")).toEqual({ rows: [["a"]] });
  });

  it("says where a CSV is malformed", () => {
    expect(parseCsv('a\nb"c')).toEqual({ line: 2, problem: "a quote inside an unquoted field" });
    expect(parseCsv('a\n"b"c')).toEqual({ line: 2, problem: "text after the closing quote of a field" });
    expect(parseCsv('a\n\n"b\nc')).toEqual({ line: 3, problem: "a quoted field that is never closed" });
  });

  it("reads what a writer of RFC 4180 CSV writes", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "B", ",", '"', "\n", "\r\n", " ", "é") });
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }).chain((n) => fc.array(fc.array(field, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 5 })), (table) => {
        const csv = table.map((r) => r.map(quote).join(",")).join("\r\n");
        expect(parseCsv(csv)).toEqual({ rows: table });
      }),
    );
  });

  it("reads the DPV tables: every record has the header's number of fields", () => {
    for (const f of ["dpv/dpv-core/purposes.csv", "dpv/dpv-core/legal_basis.csv", "dpv/eu-gdpr/legal_basis.csv"] as const) {
      const parsed = parseCsv(fixture(f));
      if (!("rows" in parsed)) throw new Error(parsed.problem);
      const [header, ...records] = parsed.rows;
      expect(header!.slice(0, 3), f).toEqual(["term", "type", "iri"]);
      for (const r of records) expect(r.length, f).toBe(header!.length);
    }
  });
});
