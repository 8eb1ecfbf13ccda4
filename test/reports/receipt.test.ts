import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { consentReceipt, LawfulCrmError, replay, type ConsentReceipt } from "../../src/index.js";
import { AT, history } from "./history.js";
import { must } from "../must.js";

/** The public ISO/IEC TS 27560 example in DPV terms (a copy of shared/fixtures/consent-records, see fixtures/README.md). */
const FIXTURE = new URL("./fixtures/dpv-27560-record-example-SEP-01b.json", import.meta.url);
const SHARED = new URL("../../../shared/fixtures/consent-records/dpv-27560-record-example-SEP-01b.json", import.meta.url);
const fixture = JSON.parse(readFileSync(FIXTURE, "utf8")) as Record<string, unknown>;

const ledger = replay(history);
const controller = { id: "company:acme", name: "ACME GmbH", address: "loc:DE-BE", contact: { email: "privacy@acme.example", url: "https://acme.example" } };
/** anna's receipt for k1, made inside each test that reads it, not while the file loads: mutation testing counts only what a test runs (docs/quality.md). */
const receiptK1 = () => must(consentReceipt(ledger, "anna", "k1", { at: AT, controller }))!;

type Obj = Record<string, unknown>;
const DPV_STATUSES = ["dpv:ConsentGiven", "dpv:RenewedConsentGiven", "dpv:ConsentWithdrawn", "dpv:ConsentExpired", "dpv:ConsentInvalidated", "dpv:ConsentRefused"];
const LCRM = (k: string) => k.startsWith("lawful-crm:");

describe("consentReceipt: an ISO/IEC TS 27560 record in DPV terms", () => {
  it("fills identifier, subject, controller, purposes, notice and version, legal basis, timestamps", () => {
    const receipt = receiptK1();
    expect(receipt).toMatchObject({
      "dct:conformsTo": "dpv-27560:record-2",
      "dpv:hasIdentifier": "a01",
      "dct:identifier": "k1",
      "dpv:hasDataSubject": { "@type": ["dpv:DataSubject"], "dpv:hasIdentifier": "anna" },
      "dct:created": "2024-02-01T09:00:00Z",
      "dct:modified": ["2024-02-01T09:05:00Z", "2024-05-01T09:00:00Z"],
      "dct:creator": "company:acme",
      "dct:language": "en",
      "lawful-crm:asOf": AT,
      "dpv:hasNotice": [{ "@type": ["dpv:ConsentNotice"], "dpv:hasIdentifier": "privacy-notice", "dct:hasVersion": "2024-01", "dct:date": "2024-01-02T09:00:00Z", "lawful-crm:textHash": "sha256:abc123" }],
      "dpv:hasEntity": {
        "company:acme": {
          "@type": ["dpv:Organisation", "dpv:DataController"],
          "dpv:hasName": "ACME GmbH",
          "dpv:hasAddress": "loc:DE-BE",
          "dpv:hasContact": { "schema:email": "privacy@acme.example", "schema:url": "https://acme.example" },
        },
      },
      "lawful-crm:method": "double-opt-in",
      "lawful-crm:channel": "web",
      "lawful-crm:evidence": "form-post-8812",
    });
    const [process] = receipt["dpv:hasProcess"];
    expect(process).toMatchObject({
      "@type": "dpv:Process",
      "dpv:hasPurpose": [{ "@type": ["dpv:Purpose"], "dct:identifier": "marketing.email", "skos:prefLabel": "E-mail newsletter" }],
      "dpv:hasDataController": ["company:acme"],
      "dpv:hasLegalBasis": ["dpv:Consent", "eu-gdpr:A6-1-a"],
    });
  });

  it("gives the state history per purpose as of `at`: given, confirmed, withdrawn", () => {
    const receipt = receiptK1();
    const [inner] = receipt["dpv:hasProcess"][0]!["dpv:hasProcess"];
    expect(inner!["dpv:hasConsentStatus"]).toEqual([
      {
        "@type": ["dpv:ConsentGiven", "dpv:ExpressedConsent"],
        "dpv:isIndicatedAtTime": "2024-02-01T09:00:00Z",
        "dpv:isExercisedAt": "web",
        "dpv:hasDuration": { "@type": ["dpv:TemporalDuration"], "rdf:value": "P2Y" },
        "lawful-crm:eventId": "a01",
        "lawful-crm:evidence": "form-post-8812",
        "lawful-crm:method": "double-opt-in",
      },
      { "@type": ["dpv:RenewedConsentGiven", "dpv:ExpressedConsent"], "dpv:isIndicatedAtTime": "2024-02-01T09:05:00Z", "dpv:isExercisedAt": "confirmation", "lawful-crm:eventId": "a03", "lawful-crm:evidence": "confirm-link-8812" },
      { "@type": ["dpv:ConsentWithdrawn"], "dpv:isIndicatedAtTime": "2024-05-01T09:00:00Z", "dpv:isExercisedAt": "unsubscribe-link", "lawful-crm:eventId": "a13", "lawful-crm:evidence": "mail-log-889" },
    ]);
    expect(inner!["lawful-crm:effective"]).toBe(false);
    expect(inner!["lawful-crm:problems"]).toEqual(["CONSENT_WITHDRAWN"]);
    // Before the withdrawal the same consent was effective, with a shorter history.
    const before = must(consentReceipt(ledger, "anna", "k1", { at: "2024-03-01T00:00:00Z", controller: "company:acme" }))!;
    const b = before["dpv:hasProcess"][0]!["dpv:hasProcess"][0]!;
    expect(b["dpv:hasConsentStatus"].map((s) => s["@type"][0])).toEqual(["dpv:ConsentGiven", "dpv:RenewedConsentGiven"]);
    expect(b["lawful-crm:effective"]).toBe(true);
  });

  it("expiry, inactive methods, undeclared purposes", () => {
    const k4 = must(consentReceipt(ledger, "anna", "k4", { at: AT, controller: "company:acme" }))!;
    const s4 = k4["dpv:hasProcess"][0]!["dpv:hasProcess"][0]!;
    expect(s4["dpv:hasConsentStatus"].map((s) => [s["@type"][0], s["dpv:isIndicatedAtTime"]])).toEqual([
      ["dpv:ConsentGiven", "2024-06-05T09:00:00Z"],
      ["dpv:ConsentExpired", "2024-06-10T00:00:00Z"],
    ]);
    expect(s4["dpv:hasConsentStatus"][0]!["dpv:hasDuration"]).toEqual({ "@type": ["dpv:UntilTimeDuration"], "rdf:value": "2024-06-10T00:00:00Z" });
    const k2 = must(consentReceipt(ledger, "anna", "k2", { at: AT, controller: "company:acme" }))!;
    const s2 = k2["dpv:hasProcess"][0]!["dpv:hasProcess"][0]!;
    expect(s2["dpv:hasConsentStatus"][0]!["@type"]).toEqual(["dpv:ConsentInvalidated"]);
    expect(s2["lawful-crm:problems"]).toEqual(["CONSENT_NOT_ACTIVE"]);
    // No such consent at that instant: undefined.
    expect(must(consentReceipt(ledger, "anna", "k3", { at: "2024-06-01T00:00:00Z", controller: "c" }))).toBeUndefined();
    expect(must(consentReceipt(ledger, "anna", "nope", { at: AT, controller: "c" }))).toBeUndefined();
    expect(consentReceipt(ledger, "anna", "k1", { at: AT, controller: "" })).toMatchObject({ error: { code: "INVALID_QUERY" } });
  });

  it("has the shape of the public DPV example: same keys and value types where they overlap", () => {
    const receipt = receiptK1();
    const r = receipt as unknown as Obj;
    // Every root key we use is in the example, except the documented additions.
    const extra = Object.keys(r).filter((k) => !(k in fixture) && !LCRM(k));
    expect(extra.sort()).toEqual(["dct:identifier", "dct:modified", "dpv:hasNotice"]);
    // The mandatory root fields the example has and the ledger can fill are all there.
    for (const k of ["dct:conformsTo", "dpv:hasIdentifier", "dpv:hasDataSubject", "dct:created", "dct:creator", "dct:language", "dpv:hasProcess", "dpv:hasEntity"]) {
      expect(r, k).toHaveProperty([k]);
      expect(typeof r[k], k).toBe(typeof fixture[k]);
      expect(Array.isArray(r[k]), k).toBe(Array.isArray(fixture[k]));
    }
    expect(r["dct:conformsTo"]).toBe(fixture["dct:conformsTo"]);
    expect(Object.keys(r["dpv:hasDataSubject"] as Obj).sort()).toEqual(Object.keys(fixture["dpv:hasDataSubject"] as Obj).sort());
    // The creator is an entity key, as in the example (whose key differs from its creator: an inconsistency in the source).
    expect(Object.keys(r["dpv:hasEntity"] as Obj)).toContain(r["dct:creator"]);
    // Outer process: the keys we share with the example, and a nested process per purpose carrying the consent status.
    const outer = (r["dpv:hasProcess"] as Obj[])[0]!;
    const fxOuter = (fixture["dpv:hasProcess"] as Obj[])[0]!;
    for (const k of Object.keys(outer)) expect(fxOuter, k).toHaveProperty([k]);
    expect(outer).not.toHaveProperty(["dpv:hasConsentStatus"]); // a process with nested processes has no status of its own
    const inner = (outer["dpv:hasProcess"] as Obj[])[0]!;
    const fxInner = (fxOuter["dpv:hasProcess"] as Obj[])[0]!;
    for (const k of Object.keys(inner).filter((k) => !LCRM(k) && k !== "dpv:hasPurpose")) expect(fxInner, k).toHaveProperty([k]);
    // A status has the example's keys (type, time, where exercised, duration) and a DPV consent status.
    const fxStatus = (fxInner["dpv:hasConsentStatus"] as Obj[])[0]!;
    for (const s of inner["dpv:hasConsentStatus"] as Obj[]) {
      for (const k of Object.keys(s).filter((k) => !LCRM(k))) expect(fxStatus, k).toHaveProperty([k]);
      expect(DPV_STATUSES).toContain((s["@type"] as string[])[0]);
      expect(typeof s["dpv:isIndicatedAtTime"]).toBe("string");
      expect(typeof s["dpv:isExercisedAt"]).toBe("string");
    }
    const given = (inner["dpv:hasConsentStatus"] as Obj[])[0]!;
    expect(Object.keys(given["dpv:hasDuration"] as Obj).sort()).toEqual(Object.keys(fxStatus["dpv:hasDuration"] as Obj).sort());
    expect(fxStatus["@type"]).toEqual(given["@type"]);
    // Legal basis in the example's terms.
    expect(outer["dpv:hasLegalBasis"]).toContain("dpv:Consent");
    expect(fxOuter["dpv:hasLegalBasis"]).toContain((outer["dpv:hasLegalBasis"] as string[])[1]);
  });

  it.runIf(existsSync(SHARED))("uses an unmodified copy of the shared fixture", () => {
    expect(readFileSync(FIXTURE, "utf8")).toBe(readFileSync(SHARED, "utf8"));
  });

  it("is frozen JSON", () => {
    const receipt = receiptK1();
    const r: ConsentReceipt = receipt;
    expect(Object.isFrozen(r)).toBe(true);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
