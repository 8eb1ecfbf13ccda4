/** portabilityExport (Art. 20) and processingRecord (Art. 30). */
import { describe, expect, it } from "vitest";
import { LawfulCrmError, portabilityExport, processingRecord, renderProcessingRecord, replay } from "../../src/index.js";
import { AT, history } from "./history.js";
import { must } from "../must.js";

const ledger = replay(history);

describe("portabilityExport", () => {
  it("gives the values the person provided (kinds subject and form) held on consent or contract", () => {
    expect(must(portabilityExport(ledger, "anna", { at: AT }))).toEqual({
      format: "lawful-crm.portability/1",
      subject: "anna",
      at: AT,
      facts: [
        { field: "city", value: "Berlin", category: "contact.address", providedAt: "2024-06-06T09:00:00Z", source: "self-service", purposes: ["sales"], basis: "contract" },
        { field: "email", value: "anna@example.org", category: "contact.email", providedAt: "2024-02-01T09:00:00Z", source: "newsletter-form", purposes: ["marketing.email", "sales"], basis: "consent" },
      ],
      unavailable: [],
    });
  });

  it("leaves out third-party sources, values corrected by the controller, legitimate-interest data and erased values", () => {
    const base = history.filter((e) => !String(e["id"]).startsWith("LATE"));
    const l = replay([
      ...base,
      // carl entered his email himself (contract): in; his phone came from XING: out.
      // anna's city, corrected by staff: the current value is not hers any more.
      { id: "x1", type: "FactCorrected", at: "2024-06-10T00:00:00Z", subject: "anna", data: { fact: "f5", value: "Potsdam", source: "crm-manual" } },
      // anna's own entry on legitimate interests: not portable (Art. 20(1)(a)).
      { id: "x2", type: "FactRecorded", at: "2024-06-10T00:00:00Z", subject: "anna", data: { fact: "f9", field: "hobby", value: "chess", category: "contact.other", source: "self-service", purposes: ["support"], basis: "legitimate-interests" } },
      // a value the person corrected herself through the form: in, provided at the correction.
      { id: "x3", type: "FactCorrected", at: "2024-06-11T00:00:00Z", subject: "anna", data: { fact: "f2", value: "Own Company", source: "newsletter-form" } },
    ]);
    const e = must(portabilityExport(l, "anna", { at: AT }));
    expect(e.facts.map((f) => [f.field, f.value, f.providedAt, f.source])).toEqual([
      ["email", "anna@example.org", "2024-02-01T09:00:00Z", "newsletter-form"],
      ["employer", "Own Company", "2024-06-11T00:00:00Z", "newsletter-form"],
    ]);
    expect(must(portabilityExport(l, "carl", { at: AT })).facts.map((f) => f.field)).toEqual(["email"]);
    // After the erasure of email (LATE-6), it is gone.
    expect(must(portabilityExport(ledger, "anna", { at: "2024-08-01T00:00:00Z" })).facts.map((f) => f.field)).toEqual(["city"]);
    expect(must(portabilityExport(ledger, "nobody", { at: AT })).facts).toEqual([]);
  });

  it("is JSON and rejects an invalid instant", () => {
    const e = must(portabilityExport(ledger, "anna", { at: AT }));
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(portabilityExport(ledger, "anna", { at: "2024-06-15" })).toMatchObject({ error: { code: "INVALID_QUERY" } });
  });
});

describe("processingRecord", () => {
  // Made inside each test, not while the file loads: mutation testing counts only what a test runs (docs/quality.md).
  const recordAt = () => must(processingRecord(ledger, { at: AT }));

  it("one activity per declared purpose, with what the ledger knows", () => {
    const record = recordAt();
    expect(record.activities.map((a) => a.purpose)).toEqual(["marketing", "marketing.email", "sales", "support"]);
    const sales = record.activities.find((a) => a.purpose === "sales")!;
    expect(sales).toMatchObject({
      description: "Sales contacts and contracts",
      inForce: true,
      legalBases: ["contract", "legitimate-interests"],
      retention: "P3Y",
      dataCategories: [
        { category: "contact.address", facts: 1, subjects: 1 },
        { category: "contact.email", facts: 2, subjects: 2 },
        { category: "contact.phone", facts: 1, subjects: 1 },
        { category: "professional.employer", facts: 2, subjects: 2 },
      ],
      sources: [
        { source: "crm-manual", kind: "manual", assessment: "DPIA-2024-003", registered: true },
        { source: "linkedin", kind: "social-network", assessment: "DPIA-2024-002", registered: true },
        { source: "newsletter-form", kind: "form", assessment: "DPIA-2024-001", registered: true },
        { source: "self-service", kind: "subject", assessment: "DPIA-2024-004", registered: true },
        { source: "xing", kind: "social-network", assessment: "DPIA-2024-005", registered: true },
      ],
      access: [{ role: "sales", policy: "pol-sales", purposes: ["sales"], categories: ["contact", "professional"] }],
    });
    const email = record.activities.find((a) => a.purpose === "marketing.email")!;
    expect(email).toMatchObject({ retention: "P2Y", doubleOptIn: true, originDisclosure: true, consentMaxAge: "P2Y", directMarketing: true });
    // A policy for `marketing` gives access to `marketing.email`.
    expect(email.access.map((a) => a.role)).toEqual(["marketer"]);
    expect(record.activities.find((a) => a.purpose === "support")!).toMatchObject({ dataCategories: [], sources: [], access: [] });
    expect(record.undeclaredPurposes).toEqual([]);
  });

  it("leaves the controller's parts as named placeholders", () => {
    const record = recordAt();
    expect(record.controller).toMatchObject({ placeholder: "controller", article: "Art. 30(1)(a)" });
    expect(record.securityMeasures.placeholder).toBe("securityMeasures");
    const sales = record.activities.find((a) => a.purpose === "sales")!;
    expect([sales.dataSubjectCategories.placeholder, sales.recipients.placeholder, sales.transfers.placeholder]).toEqual([
      "sales/dataSubjectCategories",
      "sales/recipients",
      "sales/transfers",
    ]);
  });

  it("Markdown: every section, placeholders as {{name}}, or filled", () => {
    const record = recordAt();
    const md = renderProcessingRecord(record);
    for (const s of ["# Record of processing activities (GDPR Art. 30)", "## sales", "{{controller}}", "{{securityMeasures}}", "{{sales/recipients}}", "{{marketing.email/transfers}}", "P3Y (3 years)", "marketer (policy pol-marketing", "contact.email (2 values, 2 persons)"]) {
      expect(md).toContain(s);
    }
    const filled = renderProcessingRecord(record, { fill: { controller: "ACME GmbH, Berlin", "sales/recipients": "none" } });
    expect(filled).toContain("- **Controller:** ACME GmbH, Berlin");
    expect(filled).toContain("- **Recipients:** none");
    expect(filled).not.toContain("{{controller}}");
    expect(filled).toContain("{{sales/transfers}}");
  });

  it("later retirements, erasures and undeclared purposes", () => {
    const record = recordAt();
    const l = replay([
      ...history,
      { id: "r1", type: "PurposeRetired", at: "2024-08-01T00:00:00Z", data: { purpose: "marketing" } },
      { id: "u1", type: "UseRecorded", at: "2024-08-02T00:00:00Z", subject: "anna", data: { purpose: "profiling", fields: ["email"], actor: "x", roles: [] } },
    ]);
    const r = must(processingRecord(l, { at: "2024-09-01T00:00:00Z" }));
    expect(r.activities.find((a) => a.purpose === "marketing.email")).toMatchObject({ inForce: false, retiredAt: "2024-08-01T00:00:00Z", dataCategories: [] });
    expect(r.activities.find((a) => a.purpose === "sales")!.dataCategories.find((c) => c.category === "contact.email")).toEqual({ category: "contact.email", facts: 1, subjects: 1 });
    expect(r.activities.find((a) => a.purpose === "sales")!.dataCategories.find((c) => c.category === "contact.other")).toEqual({ category: "contact.other", facts: 1, subjects: 1 });
    expect(r.undeclaredPurposes).toEqual(["profiling"]);
    expect(renderProcessingRecord(r)).toContain("## marketing (retired)");
    // The record at AT does not see any of it.
    expect(must(processingRecord(l, { at: AT }))).toEqual(record);
  });

  it("escapes values in Markdown and is JSON", () => {
    const record = recordAt();
    const l = replay([{ id: "p", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "x", description: "<b>[x](y)</b>", legalBases: ["consent"] } }]);
    const md = renderProcessingRecord(must(processingRecord(l, { at: AT })));
    expect(md).toContain("&lt;b&gt;\\[x\\](y)&lt;/b&gt;");
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    expect(processingRecord(ledger, { at: "" })).toMatchObject({ error: { code: "INVALID_QUERY" } });
    expect(() => renderProcessingRecord({} as never)).toThrow(LawfulCrmError);
  });
});
