import { beforeEach, describe, expect, it } from "vitest";
import { accessReport, apply, LawfulCrmError, replay, usesOf, type AccessReport } from "../../src/index.js";
import { AT, history, late } from "./history.js";
import { must } from "../must.js";

const ledger = replay(history);
// Made again for each test (not once as the module loads): mutation testing then sees which test reads what.
let report: AccessReport;
beforeEach(() => {
  report = must(accessReport(ledger, "anna", { at: AT }));
});
const value = (field: string) => report.values.find((v) => v.field === field)!;
const consent = (id: string) => report.consents.find((c) => c.consent === id)!;

describe("accessReport: every section for a rich history", () => {
  it("has the header and no reject", () => {
    expect(ledger.rejected).toEqual([]);
    expect(report.subject).toBe("anna");
    expect(report.at).toBe(AT);
    expect(report.known).toBe(true);
    expect(report.incomplete).toEqual([]);
  });

  it("values: current value, category, origin, purposes, basis, retention", () => {
    expect(report.values.map((v) => v.field)).toEqual(["city", "email", "employer", "phone"]);
    const email = value("email");
    expect(email).toMatchObject({
      state: "readable",
      value: "anna@example.org",
      category: "contact.email",
      purposes: ["marketing.email", "sales"],
      basis: "consent",
      origin: { fact: "f1", eventId: "a02", source: "newsletter-form", kind: "form", registered: true, sourceRef: "submission-8812", recordedBy: "newsletter-form", recordedAt: "2024-02-01T09:00:00Z" },
    });
    // Her consent k1 was withdrawn on 1 May: the value is on the erasure work list (Art. 17(1)(b)), which the
    // report says instead of its retention period.
    expect(email.retention).toBeUndefined();
    expect(email.dueForErasure).toEqual({ since: "2024-05-01T09:00:00Z", reasons: ["COLLECTION_CONSENT_WITHDRAWN"] });
    // Before the withdrawal: retention from the recording, with the longest of the collection purposes' retentions (storage limitation).
    const before = must(accessReport(ledger, "anna", { at: "2024-04-01T00:00:00Z" })).values.find((v) => v.field === "email")!;
    expect(before.dueForErasure).toBeUndefined();
    expect(before.retention).toEqual({
      purposes: [
        { purpose: "marketing.email", retention: "P2Y", endsAt: "2026-02-01T09:00:00Z" },
        { purpose: "sales", retention: "P3Y", endsAt: "2027-02-01T09:00:00Z" },
      ],
      endsAt: "2027-02-01T09:00:00Z",
      expired: false,
    });
  });

  it("values: a correction sets the value and adds its own provenance; history keeps both", () => {
    const employer = value("employer");
    expect(employer.value).toBe("ACME Holding GmbH");
    expect(employer.origin).toMatchObject({ source: "linkedin", kind: "social-network", sourceRef: "linkedin.com/in/anna", recordedBy: "carla" });
    expect(employer.correction).toEqual({ eventId: "a06", at: "2024-03-01T09:00:00Z", source: "crm-manual", kind: "manual", sourceRef: "call-2024-03-01", recordedBy: "carla" });
    expect(employer.history.map((h) => [h.kind, h.eventId, h.value])).toEqual([
      ["recorded", "a05", "ACME GmbH"],
      ["corrected", "a06", "ACME Holding GmbH"],
    ]);
  });

  it("values: an erased field keeps its history without the value, and its category", () => {
    const phone = value("phone");
    expect(phone.state).toBe("erased");
    expect(phone.value).toBeUndefined();
    expect(phone.origin).toBeUndefined();
    expect(phone.category).toBe("contact.phone");
    expect(phone.history.map((h) => [h.kind, h.eventId, "value" in h])).toEqual([
      ["recorded", "a07", false],
      ["erased", "a10", false],
    ]);
    expect(phone.history[1]!.reason).toBe("number no longer valid");
  });

  it("values: a linked account names the employee it was linked to", () => {
    const l = replay([...history.filter((e) => e["id"] !== "a10")]);
    const phone = must(accessReport(l, "anna", { at: AT })).values.find((v) => v.field === "phone")!;
    expect(phone.origin).toMatchObject({ account: "xing:bob", accountEmployee: "bob", source: "xing", recordedBy: "bob" });
    expect(phone.retention).toMatchObject({ endsAt: "2027-03-02T09:00:00Z", expired: false });
  });

  it("values: a value without retention for one purpose has no end date", () => {
    const l = replay([
      ...history.filter((e) => !String(e["id"]).startsWith("LATE")),
      { id: "x1", type: "FactRecorded", at: "2024-06-10T00:00:00Z", subject: "anna", data: { fact: "fx", field: "note", value: "n", category: "contact.other", source: "crm-manual", purposes: ["sales", "support"], basis: "legitimate-interests" } },
    ]);
    const note = must(accessReport(l, "anna", { at: AT })).values.find((v) => v.field === "note")!;
    expect(note.retention).toEqual({
      purposes: [{ purpose: "sales", retention: "P3Y", endsAt: "2027-06-10T00:00:00Z" }, { purpose: "support" }],
      expired: false,
    });
    // Past the retention: due for erasure (since the withdrawal of k1, and now on both grounds)...
    const later = must(accessReport(l, "anna", { at: "2027-02-01T09:00:00Z" })).values.find((v) => v.field === "email")!;
    expect(later.retention).toBeUndefined();
    expect(later.dueForErasure).toEqual({ since: "2024-05-01T09:00:00Z", reasons: ["COLLECTION_CONSENT_WITHDRAWN", "RETENTION_EXPIRED"] });
    // ...unless a legal obligation keeps it (Art. 17(3)(b)): then its retention shows as expired.
    const kept = apply(l, { id: "x2", type: "LegalBasisRecorded", at: "2024-06-10T00:00:00Z", subject: "anna", data: { basis: "legal-obligation", purposes: ["sales"], reference: "HGB §257" } });
    const keptEmail = must(accessReport(kept, "anna", { at: "2027-02-01T09:00:00Z" })).values.find((v) => v.field === "email")!;
    expect(keptEmail.dueForErasure).toBeUndefined();
    expect(keptEmail.retention).toMatchObject({ endsAt: "2027-02-01T09:00:00Z", expired: true });
  });

  it("consents: notice, method, channel, evidence, confirmation, withdrawal, expiry and state per purpose", () => {
    expect(report.consents.map((c) => [c.consent, c.status])).toEqual([
      ["k1", "not-effective"],
      ["k2", "not-effective"],
      ["k3", "effective"],
      ["k4", "not-effective"],
    ]);
    expect(consent("k1")).toMatchObject({
      eventId: "a01",
      givenAt: "2024-02-01T09:00:00Z",
      purposes: ["marketing.email"],
      notice: "privacy-notice",
      noticeVersion: "2024-01",
      noticePublishedAt: "2024-01-02T09:00:00Z",
      method: "double-opt-in",
      channel: "web",
      evidence: "form-post-8812",
      confirmations: [{ at: "2024-02-01T09:05:00Z", evidence: "confirm-link-8812", eventId: "a03" }],
      withdrawals: [{ at: "2024-05-01T09:00:00Z", channel: "unsubscribe-link", evidence: "mail-log-889", eventId: "a13" }],
    });
    expect(consent("k1").byPurpose).toEqual([
      { purpose: "marketing.email", effective: false, problems: [{ code: "CONSENT_WITHDRAWN", detail: "was withdrawn on 2024-05-01T09:00:00Z" }], expiresAt: "2026-02-01T09:00:00Z" },
    ]);
    expect(consent("k2").byPurpose[0]!.problems).toEqual([{ code: "CONSENT_NOT_ACTIVE", detail: 'was captured as "pre-ticked", which is not an active act of will' }]);
    expect(consent("k3")).toMatchObject({ expires: "2025-06-02T00:00:00Z", byPurpose: [{ purpose: "marketing.email", effective: true, problems: [], expiresAt: "2025-06-02T00:00:00Z" }] });
    expect(consent("k4").byPurpose[0]!.problems).toEqual([
      { code: "CONSENT_UNCONFIRMED", detail: "was never confirmed, and the purpose requires double opt-in" },
      { code: "CONSENT_EXPIRED", detail: "expired on 2024-06-10T00:00:00Z" },
    ]);
  });

  it("consents: a withdrawal by purposes only is listed for the consents it affects", () => {
    const l = replay([
      ...history.filter((e) => !String(e["id"]).startsWith("LATE")),
      { id: "w1", type: "ConsentWithdrawn", at: "2024-06-10T00:00:00Z", subject: "anna", data: { purposes: ["marketing"], channel: "hotline" } },
    ]);
    const r = must(accessReport(l, "anna", { at: AT }));
    const k3 = r.consents.find((c) => c.consent === "k3")!;
    expect(k3.withdrawals).toEqual([{ at: "2024-06-10T00:00:00Z", channel: "hotline", purposes: ["marketing"], eventId: "w1" }]);
    expect(k3.status).toBe("not-effective");
  });

  it("consents: a withdrawal by purposes is listed when one of its purposes reaches one of the consent's", () => {
    const l = replay([
      ...history.filter((e) => !String(e["id"]).startsWith("LATE")),
      { id: "k9", type: "ConsentGranted", at: "2024-06-05T00:00:00Z", subject: "anna", data: { consent: "k9", purposes: ["marketing.email", "sales"], notice: "privacy-notice", noticeVersion: "2024-01", method: "opt-in", channel: "web", evidence: "form-9" } },
      // Names an unrelated purpose too: it still reaches k3 (marketing.email) and k9.
      { id: "w1", type: "ConsentWithdrawn", at: "2024-06-10T00:00:00Z", subject: "anna", data: { purposes: ["research", "marketing"], channel: "hotline" } },
      // Reaches k9 through one of its two purposes only; not k3.
      { id: "w2", type: "ConsentWithdrawn", at: "2024-06-11T00:00:00Z", subject: "anna", data: { purposes: ["sales"], channel: "hotline" } },
      // Reaches neither.
      { id: "w3", type: "ConsentWithdrawn", at: "2024-06-12T00:00:00Z", subject: "anna", data: { purposes: ["research"], channel: "hotline" } },
    ]);
    const r = must(accessReport(l, "anna", { at: AT }));
    const ids = (k: string) => r.consents.find((c) => c.consent === k)!.withdrawals.map((w) => w.eventId);
    expect(ids("k3")).toEqual(["w1"]);
    expect(ids("k9")).toEqual(["w1", "w2"]);
  });

  it("legal bases", () => {
    expect(report.legalBases).toEqual([
      { basis: "contract", purposes: ["sales"], reference: "contract-2024-17", recordedAt: "2024-02-10T09:00:00Z", until: "2026-02-10T00:00:00Z", eventId: "a04", inForce: true },
    ]);
    const l = replay([...history, { id: "end", type: "LegalBasisEnded", at: "2024-06-12T00:00:00Z", subject: "anna", data: { reference: "contract-2024-17" } }]);
    expect(must(accessReport(l, "anna", { at: AT })).legalBases[0]).toMatchObject({ inForce: false, ended: { at: "2024-06-12T00:00:00Z", eventId: "end" } });
    expect(must(accessReport(l, "anna", { at: "2026-03-01T00:00:00Z" })).legalBases[0]!.inForce).toBe(false);
  });

  it("objections: lifted and in force", () => {
    expect(report.objections).toEqual([
      { eventId: "a12", at: "2024-04-15T09:00:00Z", channel: "letter", purposes: [{ purpose: "marketing", inForce: false, lifted: { at: "2024-06-01T09:00:00Z", eventId: "a18", channel: "e-mail" } }] },
      { eventId: "a17", at: "2024-05-25T09:00:00Z", channel: "phone", purposes: [{ purpose: "support", inForce: true }] },
    ]);
  });

  it("restriction: history and current state, at any instant", () => {
    expect(report.restriction).toEqual({
      restricted: false,
      history: [
        { kind: "restricted", at: "2024-05-10T09:00:00Z", reason: "accuracy of employer contested", eventId: "a14" },
        { kind: "lifted", at: "2024-05-20T09:00:00Z", reason: "employer verified", eventId: "a15" },
      ],
    });
    const mid = must(accessReport(ledger, "anna", { at: "2024-05-15T00:00:00Z" }));
    expect(mid.restriction).toMatchObject({ restricted: true, since: "2024-05-10T09:00:00Z", reason: "accuracy of employer contested" });
  });

  it("purposes: every purpose involved, with description, legal bases and retention", () => {
    expect(report.purposes).toEqual([
      { purpose: "marketing", declared: true, inForce: true, description: "Direct marketing", legalBases: ["consent"], directMarketing: true },
      { purpose: "marketing.email", declared: true, inForce: true, description: "E-mail newsletter", legalBases: ["consent"], retention: "P2Y", consentMaxAge: "P2Y", directMarketing: true },
      { purpose: "sales", declared: true, inForce: true, description: "Sales contacts and contracts", legalBases: ["contract", "legitimate-interests"], retention: "P3Y" },
      { purpose: "support", declared: true, inForce: true, description: "Customer support", legalBases: ["legitimate-interests"] },
    ]);
  });

  it("uses: every recorded use (who, when, purpose, fields), as usesOf gives them", () => {
    expect(report.uses.map((u) => [u.eventId, u.at, u.actor, u.roles, u.purpose, u.fields])).toEqual([
      ["a08", "2024-03-05T09:00:00Z", "mia", ["marketer"], "marketing.email", ["email"]],
      ["a16", "2024-05-21T09:00:00Z", "carla", ["sales"], "sales", ["email", "employer"]],
    ]);
    expect(report.uses).toEqual(usesOf(ledger, "anna", { to: AT }));
  });

  it("sources and disclosures: which sources were disclosed to the person and when", () => {
    expect(report.sources).toEqual([
      { source: "crm-manual", kind: "manual", ownData: false, firstAt: "2024-03-01T09:00:00Z", fields: ["employer"] },
      { source: "linkedin", kind: "social-network", ownData: false, firstAt: "2024-02-10T09:00:00Z", fields: ["employer"], disclosed: { at: "2024-03-10T09:00:00Z", eventId: "a09" } },
      { source: "newsletter-form", kind: "form", ownData: true, firstAt: "2024-02-01T09:00:00Z", fields: ["email"] },
      { source: "self-service", kind: "subject", ownData: true, firstAt: "2024-06-06T09:00:00Z", fields: ["city"] },
      { source: "xing", kind: "social-network", ownData: false, firstAt: "2024-03-02T09:00:00Z", fields: ["phone"] },
    ]);
    expect(report.disclosures).toEqual([{ at: "2024-03-10T09:00:00Z", eventId: "a09", notice: "privacy-notice", noticeVersion: "2024-01", sources: ["linkedin"] }]);
  });

  it("timeline: every moment in time order, consents and uses included, and the computed expiry", () => {
    const kinds = report.timeline.map((t) => [t.at, t.kind, t.eventId ?? null]);
    expect(kinds).toEqual([
      ["2024-02-01T09:00:00Z", "consent-given", "a01"],
      ["2024-02-01T09:00:00Z", "data-recorded", "a02"],
      ["2024-02-01T09:05:00Z", "consent-confirmed", "a03"],
      ["2024-02-10T09:00:00Z", "basis-recorded", "a04"],
      ["2024-02-10T09:00:00Z", "data-recorded", "a05"],
      ["2024-03-01T09:00:00Z", "data-corrected", "a06"],
      ["2024-03-02T09:00:00Z", "data-recorded", "a07"],
      ["2024-03-05T09:00:00Z", "use", "a08"],
      ["2024-03-10T09:00:00Z", "informed", "a09"],
      ["2024-03-20T09:00:00Z", "data-erased", "a10"],
      ["2024-04-01T09:00:00Z", "consent-given", "a11"],
      ["2024-04-15T09:00:00Z", "objection-raised", "a12"],
      ["2024-05-01T09:00:00Z", "consent-withdrawn", "a13"],
      ["2024-05-10T09:00:00Z", "restricted", "a14"],
      ["2024-05-20T09:00:00Z", "restriction-lifted", "a15"],
      ["2024-05-21T09:00:00Z", "use", "a16"],
      ["2024-05-25T09:00:00Z", "objection-raised", "a17"],
      ["2024-06-01T09:00:00Z", "objection-lifted", "a18"],
      ["2024-06-02T09:00:00Z", "consent-given", "a19"],
      ["2024-06-02T09:10:00Z", "consent-confirmed", "a20"],
      ["2024-06-05T09:00:00Z", "consent-given", "a21"],
      ["2024-06-06T09:00:00Z", "data-recorded", "a22"],
      ["2024-06-10T00:00:00Z", "consent-expired", null],
    ]);
    expect(report.timeline.find((t) => t.kind === "data-erased")).toMatchObject({ field: "phone", reason: "number no longer valid" });
    expect(report.timeline.find((t) => t.kind === "use")).toMatchObject({ actor: "mia", roles: ["marketer"], purpose: "marketing.email", fields: ["email"] });
    expect(report.timeline.at(-1)).toEqual({ at: "2024-06-10T00:00:00Z", kind: "consent-expired", consent: "k4", purposes: ["marketing.email"] });
  });

  it("timeline: a consent withdrawn before it would expire does not expire again", () => {
    const r = must(accessReport(ledger, "anna", { at: "2026-03-01T00:00:00Z" }));
    // k1 (withdrawn 2024-05-01, maximum age until 2026-02-01) and k3 (withdrawn 2024-07-03, expires 2025-06-02): no expiry.
    expect(r.timeline.filter((t) => t.kind === "consent-expired").map((t) => t.consent)).toEqual(["k4"]);
    const noLate = replay(history.filter((e) => e["id"] !== "LATE-3"));
    const r2 = must(accessReport(noLate, "anna", { at: "2026-03-01T00:00:00Z" }));
    expect(r2.timeline.filter((t) => t.kind === "consent-expired").map((t) => [t.consent, t.at])).toEqual([
      ["k4", "2024-06-10T00:00:00Z"],
      ["k3", "2025-06-02T00:00:00Z"],
    ]);
  });

  it("is frozen and JSON-serialisable", () => {
    expect(Object.isFrozen(report)).toBe(true);
    expect(Object.isFrozen(report.values[0]!.history)).toBe(true);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("contains nothing from the events after the report's instant", () => {
    const text = JSON.stringify(report);
    expect(text).not.toContain("LATE");
    expect(late.every((e) => String(e["id"]).startsWith("LATE"))).toBe(true);
    // The same report as the replay of the history up to AT.
    const upTo = replay(history.filter((e) => String(e["at"]) <= AT));
    expect(must(accessReport(upTo, "anna", { at: AT }))).toEqual(report);
  });

  it("an older snapshot keeps answering as before after the newest one was extended", () => {
    const base = replay(history.filter((e) => !String(e["id"]).startsWith("LATE")));
    const r1 = must(accessReport(base, "anna", { at: "2030-01-01T00:00:00Z" }));
    const newer = late.reduce((l, e) => apply(l, e), base);
    expect(must(accessReport(newer, "anna", { at: "2030-01-01T00:00:00Z" }))).not.toEqual(r1);
    expect(must(accessReport(base, "anna", { at: "2030-01-01T00:00:00Z" }))).toEqual(r1);
  });

  it("answers the past from the same ledger", () => {
    const past = must(accessReport(ledger, "anna", { at: "2024-02-05T00:00:00Z" }));
    expect(past.values.map((v) => v.field)).toEqual(["email"]);
    expect(past.consents.map((c) => [c.consent, c.status])).toEqual([["k1", "effective"]]);
    expect(past.uses).toEqual([]);
  });

  it("an unknown subject, or a subject before its first event, gives an empty report", () => {
    for (const r of [must(accessReport(ledger, "nobody", { at: AT })), must(accessReport(ledger, "anna", { at: "2024-01-01T00:00:00Z" }))]) {
      expect(r).toMatchObject({ known: false, values: [], consents: [], legalBases: [], objections: [], uses: [], sources: [], disclosures: [], timeline: [] });
    }
  });

  it("names the unvoided rejects that make the history incomplete", () => {
    const l = replay([...history, { id: "bad", type: "FactCorrected", at: "2024-06-01T00:00:00Z", subject: "anna", data: { fact: "nope", value: 1, source: "crm-manual" } }]);
    expect(must(accessReport(l, "anna", { at: AT })).incomplete).toEqual([{ position: history.length, id: "bad", code: "UNKNOWN_FACT" }]);
    expect(must(accessReport(l, "anna", { at: "2024-05-01T00:00:00Z" })).incomplete).toEqual([]);
  });

  it("rejects an invalid instant with INVALID_ARGUMENT", () => {
    expect(accessReport(ledger, "anna", { at: "2024-02-30T00:00:00Z" })).toMatchObject({ error: { code: "INVALID_QUERY" } });
    expect(() => must(accessReport(ledger, "anna", {} as { at: string }))).toThrow(/options.at/);
  });
});

describe("accessReport: corners mutation testing found unpinned", () => {
  const T0 = "2024-01-01T00:00:00Z";
  const events = [
    { id: "p1", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "d", legalBases: ["contract"] } },
    { id: "n1", type: "NoticePublished", at: T0, data: { notice: "n", version: "1", purposes: ["sales"] } },
    { id: "s1", type: "SourceRegistered", at: T0, data: { source: "crm", kind: "manual", assessment: "DPIA" } },
    { id: "f1", type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: "zoe", data: { fact: "f1", field: "email", value: "z@example.org", category: "contact", source: "crm", purposes: ["sales", "profiling"], basis: "contract" } },
    { id: "k1", type: "ConsentGranted", at: "2024-02-02T00:00:00Z", subject: "zoe", data: { consent: "k1", purposes: ["sales"], notice: "n", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "e" } },
  ];
  // Inside each test (not at collection), so that per-test coverage (Stryker) sees it.
  const report = () => must(accessReport(replay(events), "zoe", { at: "2024-06-01T00:00:00Z" }));

  it("a purpose that was never declared is shown as not declared, not in force, with no legal basis", () => {
    const p = report().purposes.find((x) => x.purpose === "profiling");
    expect(p).toMatchObject({ purpose: "profiling", declared: false, inForce: false, legalBases: [] });
  });

  it("a consent without expiry or maximum age has no expiresAt", () => {
    const k = report().consents.find((c) => c.consent === "k1")!;
    expect(k.byPurpose.map((p) => "expiresAt" in p)).toEqual([false]);
  });

  it("a person nobody recorded: known false, and nothing else", () => {
    const u = must(accessReport(replay(events), "nobody", { at: "2024-06-01T00:00:00Z" }));
    expect(u).toMatchObject({ known: false, values: [], consents: [], legalBases: [] });
  });
});
