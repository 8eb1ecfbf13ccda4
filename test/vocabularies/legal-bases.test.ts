import { describe, expect, it } from "vitest";
import {
  consentReceipt,
  LawfulCrmError,
  LEGAL_BASES,
  LEGAL_BASIS_IDENTIFIERS,
  legalBasisIdentifiers,
  processingRecord,
  renderProcessingRecord,
  replay,
} from "../../src/index.js";
import { parseCsv } from "../../src/vocabularies/csv.js";
import { must } from "../must.js";
import { AT, history } from "../reports/history.js";
import { fixture } from "./fixtures.js";

/** A DPV table's rows by IRI. */
function table(text: string): Map<string, Record<string, string>> {
  const parsed = parseCsv(text);
  if (!("rows" in parsed)) throw new Error(parsed.problem);
  const [header, ...records] = parsed.rows;
  return new Map(records.map((r) => Object.fromEntries(header!.map((h, k) => [h, r[k]!]))).map((r) => [r["iri"]!, r]));
}

const gdpr = table(fixture("dpv/eu-gdpr/legal_basis.csv"));
const core = table(fixture("dpv/dpv-core/legal_basis.csv"));
const rows = new Map([...gdpr, ...core]);
const iri = (curie: string) => curie.replace(/^dpv:/, "https://w3id.org/dpv#").replace(/^eu-gdpr:/, "https://w3id.org/dpv/legal/eu/gdpr#");

/** Every concept above `start` through `hasbroader`, across both tables. */
function broaderClosure(start: string): Set<string> {
  const out = new Set<string>();
  const todo = [start];
  while (todo.length > 0) {
    for (const b of (rows.get(todo.pop()!)?.["hasbroader"] ?? "").split(";").filter((x) => x !== "")) {
      if (!out.has(b)) {
        out.add(b);
        todo.push(b);
      }
    }
  }
  return out;
}

describe("our legal bases in DPV / EU GDPR terms", () => {
  it("covers each of the six bases of Art. 6(1), in order a to f", () => {
    expect(Object.keys(LEGAL_BASIS_IDENTIFIERS)).toEqual([...LEGAL_BASES]);
    expect(LEGAL_BASES.map((b) => LEGAL_BASIS_IDENTIFIERS[b].gdpr)).toEqual(["a", "b", "c", "d", "e", "f"].map((l) => `eu-gdpr:A6-1-${l}`));
    expect(legalBasisIdentifiers("consent")).toEqual({ basis: "consent", article: "Art. 6(1)(a)", gdpr: "eu-gdpr:A6-1-a", gdprIri: "https://w3id.org/dpv/legal/eu/gdpr#A6-1-a", dpv: ["dpv:Consent"] });
    expect(legalBasisIdentifiers("public-task").dpv).toEqual(["dpv:OfficialAuthorityOfController", "dpv:PublicInterest"]);
  });

  it.each(LEGAL_BASES.map((b) => [b]))("%s: its GDPR term is in DPV's EU GDPR table, for the same article, and is a kind of its DPV concepts", (basis) => {
    const ids = legalBasisIdentifiers(basis);
    const row = gdpr.get(ids.gdprIri)!;
    expect(row, ids.gdprIri).toBeDefined();
    expect(iri(ids.gdpr)).toBe(ids.gdprIri);
    expect(`eu-gdpr:${row["term"]}`).toBe(ids.gdpr);
    // The table's label says the same article ("Art 6(1-b) contract", "Art.6(1-a) consent").
    const letter = ids.article.match(/^Art\. 6\(1\)\(([a-f])\)$/)![1];
    expect(row["label"]).toMatch(new RegExp(`^Art\\.? ?6\\(1-${letter}\\)`));
    const above = broaderClosure(ids.gdprIri);
    for (const d of ids.dpv) {
      expect(core.get(iri(d)), d).toBeDefined();
      expect(above.has(iri(d)), `${ids.gdpr} is under ${d}`).toBe(true);
    }
  });

  it("an unknown basis is a programmer error", () => {
    expect(() => legalBasisIdentifiers("gut-feeling" as never)).toThrow(LawfulCrmError);
    expect(() => legalBasisIdentifiers("toString" as never)).toThrow(/expected one of consent, contract/);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(LEGAL_BASIS_IDENTIFIERS)).toBe(true);
    expect(Object.isFrozen(LEGAL_BASIS_IDENTIFIERS.consent)).toBe(true);
    expect(Object.isFrozen(LEGAL_BASIS_IDENTIFIERS.consent.dpv)).toBe(true);
  });
});

describe("the identifiers in receipts and in the processing record", () => {
  const ledger = replay(history);

  it("a consent receipt names consent as dpv:Consent and eu-gdpr:A6-1-a", () => {
    const r = must(consentReceipt(ledger, "anna", "k1", { at: AT, controller: "company:acme" }))!;
    expect(r["dpv:hasProcess"][0]!["dpv:hasLegalBasis"]).toEqual(["dpv:Consent", "eu-gdpr:A6-1-a"]);
    expect(r["dpv:hasProcess"][0]!["dpv:hasLegalBasis"]).toEqual([...LEGAL_BASIS_IDENTIFIERS.consent.dpv, LEGAL_BASIS_IDENTIFIERS.consent.gdpr]);
  });

  it("each activity of the record gives its bases' identifiers, in the order of its bases, also in Markdown", () => {
    const record = must(processingRecord(ledger, { at: AT }));
    for (const a of record.activities) expect(a.legalBasisIdentifiers).toEqual(a.legalBases.map((b) => LEGAL_BASIS_IDENTIFIERS[b]));
    const sales = record.activities.find((a) => a.purpose === "sales")!;
    expect(sales.legalBases).toEqual(["contract", "legitimate-interests"]);
    expect(sales.legalBasisIdentifiers.map((x) => [x.gdpr, x.article])).toEqual([
      ["eu-gdpr:A6-1-b", "Art. 6(1)(b)"],
      ["eu-gdpr:A6-1-f", "Art. 6(1)(f)"],
    ]);
    const md = renderProcessingRecord(record);
    expect(md).toContain("- **Legal bases:** contract (Art. 6(1)(b), eu-gdpr:A6-1-b), legitimate-interests (Art. 6(1)(f), eu-gdpr:A6-1-f)");
    expect(md).toContain("- **Legal bases:** consent (Art. 6(1)(a), eu-gdpr:A6-1-a)");
    // A record read back from JSON written before the identifiers existed still renders.
    const old = JSON.parse(JSON.stringify(record)) as { activities: Record<string, unknown>[] };
    for (const a of old.activities) delete a["legalBasisIdentifiers"];
    expect(renderProcessingRecord(old as never)).toContain("- **Legal bases:** contract, legitimate-interests");
  });
});
