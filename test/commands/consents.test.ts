/**
 * grantConsent, confirmConsent, withdrawConsent: accepted and every refusal
 * that applies (a consent must be effective at its own `at`).
 */
import { describe, expect, test } from "vitest";
import { replay } from "../../src/index.js";
import { given } from "../../src/testing/index.js";
import { catalog, consent, declare, history, notice, S, T0, T1, T2, type Ev } from "./fixtures.js";

const grant = (extra: Ev = {}): Ev => ({ purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-submission-7", ...extra });
const cmd = (type: string, data: Ev, env: Ev = {}): Ev => ({ type, subject: S, at: T2, ...env, data });
const staff = { id: "u-1", roles: ["staff"] };
const policy: Ev = { id: "pol", type: "AccessPolicyGranted", at: T0, data: { policy: "staff", role: "staff", purposes: ["marketing", "sales"], categories: ["contact"] } };

describe("grantConsent", () => {
  test("accepted: the consent id is generated after the event id", () => {
    given(history())
      .whenUnknown(cmd("grantConsent", grant()))
      .then([{ id: "id-1", type: "ConsentGranted", at: T2, subject: S, data: { consent: "id-2", ...grant() } }]);
  });

  test("accepted with its own id, an expiry and double opt-in", () => {
    const data = grant({ consent: "k2", method: "double-opt-in", expires: "2026-01-01T00:00:00Z" });
    given(history())
      .whenUnknown(cmd("grantConsent", data))
      .then([{ id: "id-1", type: "ConsentGranted", at: T2, subject: S, data }]);
  });

  test("accepted for a descendant of a purpose the notice describes", () => {
    // The child is declared before the notice is published: the notice's "marketing" then describes it.
    const h = [declare("p-me", T0, "marketing.email", ["consent"]), ...history()];
    const data = grant({ consent: "k2", purposes: ["marketing.email"] });
    given(h).whenUnknown(cmd("grantConsent", data)).then([{ id: "id-1", type: "ConsentGranted", at: T2, subject: S, data }]);
  });

  test("INVALID_COMMAND: an empty evidence, an empty purpose list, an unknown method: one error each", () => {
    const w = given(history()).whenUnknown(cmd("grantConsent", grant({ evidence: "", purposes: [], method: "telepathy" })));
    w.then(["INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(["data.purposes", "data.method", "data.evidence"]);
  });

  test("WOULD_BE_REJECTED: a consent id the subject already has (DUPLICATE_CONSENT_ID)", () => {
    const w = given(history()).whenUnknown(cmd("grantConsent", grant({ consent: "k1" })));
    w.then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]?.reject).toBe("DUPLICATE_CONSENT_ID");
    // "with the reason replay would give": the same code and sentence as the ledger's reject of that event.
    const event = { id: "id-1", type: "ConsentGranted", at: T2, subject: S, data: { consent: "k1", ...grant() } };
    const rejected = replay([...history(), event]).rejected.at(-1);
    expect(rejected?.code).toBe("DUPLICATE_CONSENT_ID");
    expect(w.result._tag === "Left" && w.result.left[0]?.reason).toBe(rejected?.reason);
  });

  test("CONSENT_UNINFORMED also for undeclared purposes when the notice version was never published", () => {
    given(history()).whenUnknown(cmd("grantConsent", grant({ purposes: ["profiling"], noticeVersion: "9" }))).then(["UNKNOWN_PURPOSE", "CONSENT_UNINFORMED"]);
    // A published notice that does not describe an undeclared purpose: UNKNOWN_PURPOSE says it all.
    given(history()).whenUnknown(cmd("grantConsent", grant({ purposes: ["profiling"] }))).then(["UNKNOWN_PURPOSE"]);
  });

  test.each(["pre-ticked", "implied", "hidden", "bundled"])("CONSENT_NOT_ACTIVE: captured as %s", (method) => {
    given(history()).whenUnknown(cmd("grantConsent", grant({ method }))).then(["CONSENT_NOT_ACTIVE"]);
  });

  test("UNKNOWN_PURPOSE: a consented purpose not declared at the consent's at", () => {
    const w = given(history()).whenUnknown(cmd("grantConsent", grant({ purposes: ["marketing", "profiling"] })));
    w.then(["UNKNOWN_PURPOSE"]);
    expect(w.result._tag === "Left" && w.result.left[0]?.path).toBe("data.purposes.1");
    given([...history(), declare("p-prof", "2024-06-01T00:00:00Z", "profiling", ["consent"])])
      .whenUnknown(cmd("grantConsent", grant({ purposes: ["profiling"] })))
      .then(["UNKNOWN_PURPOSE"]);
  });

  test("CONSENT_UNINFORMED: the notice version was never published", () => {
    given(history()).whenUnknown(cmd("grantConsent", grant({ noticeVersion: "9" }))).then(["CONSENT_UNINFORMED"]);
  });

  test("CONSENT_UNINFORMED: the notice version is published only after the consent's at", () => {
    given([...history(), notice("n-2", "2024-06-01T00:00:00Z", "2", ["marketing"])])
      .whenUnknown(cmd("grantConsent", grant({ noticeVersion: "2" })))
      .then(["CONSENT_UNINFORMED"]);
  });

  test("CONSENT_UNINFORMED: the notice does not describe a consented purpose", () => {
    given([...history(), notice("n-2", T1, "2", ["sales"])])
      .whenUnknown(cmd("grantConsent", grant({ noticeVersion: "2", purposes: ["sales", "marketing"] })))
      .then(["CONSENT_UNINFORMED"]);
  });

  test("CONSENT_UNINFORMED: a notice naming the parent before the child purpose was declared does not inform it", () => {
    const h = [...catalog(), notice("n-2", T0, "2", ["marketing"]), declare("p-me", T1, "marketing.email", ["consent"])];
    given(h).whenUnknown(cmd("grantConsent", grant({ noticeVersion: "2", purposes: ["marketing.email"] }))).then(["CONSENT_UNINFORMED"]);
  });

  test("all three consent refusals at once", () => {
    given(history())
      .whenUnknown(cmd("grantConsent", grant({ method: "bundled", purposes: ["marketing", "nope"], noticeVersion: "9" })))
      .then(["CONSENT_NOT_ACTIVE", "UNKNOWN_PURPOSE", "CONSENT_UNINFORMED"]);
  });

  test("after an accepted consent, a fact on consent can be collected and used", () => {
    const h = [...catalog(), policy];
    const w = given(h).whenUnknown(cmd("grantConsent", grant({ consent: "k9" }), { at: T1 }));
    w.then([{ id: "id-1", type: "ConsentGranted", at: T1, subject: S, data: grant({ consent: "k9" }) }]);
    // Chained: the default ids skip the ids the given events use ("id-1" here).
    given([...h, ...w.events])
      .whenUnknown(cmd("recordFact", { fact: "f9", field: "email", value: "a@x.org", category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" }))
      .thenDecision({ subject: S, purpose: "marketing", fields: ["email"], actor: staff }, { allowed: true, basis: "consent" });
  });
});

describe("confirmConsent", () => {
  test("accepted", () => {
    given(history())
      .whenUnknown(cmd("confirmConsent", { consent: "k1", evidence: "click-1" }))
      .then([{ id: "id-1", type: "ConsentConfirmed", at: T2, subject: S, data: { consent: "k1", evidence: "click-1" } }]);
  });

  test("INVALID_COMMAND: an empty evidence and a missing consent, one error each", () => {
    const w = given(history()).whenUnknown(cmd("confirmConsent", { evidence: "" }));
    w.then(["INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(["data.consent", "data.evidence"]);
  });

  test("WOULD_BE_REJECTED: an unknown consent (UNKNOWN_CONSENT), including another subject's", () => {
    for (const c of [cmd("confirmConsent", { consent: "k7", evidence: "e" }), cmd("confirmConsent", { consent: "k1", evidence: "e" }, { subject: "ben" })]) {
      const w = given(history()).whenUnknown(c).then(["WOULD_BE_REJECTED"]);
      expect(w.result._tag === "Left" && w.result.left[0]?.reject).toBe("UNKNOWN_CONSENT");
    }
  });
});

describe("withdrawConsent", () => {
  test("accepted by consent id", () => {
    given(history())
      .whenUnknown(cmd("withdrawConsent", { consent: "k1", channel: "unsubscribe-link", evidence: "mail-1" }))
      .then([{ id: "id-1", type: "ConsentWithdrawn", at: T2, subject: S, data: { consent: "k1", channel: "unsubscribe-link", evidence: "mail-1" } }]);
  });

  test("accepted by purposes only, and the use is then denied", () => {
    const h = [...history(), policy, { id: "e-f2", type: "FactRecorded", at: T1, subject: S, data: { fact: "f2", field: "phone", value: "1", category: "contact.phone", source: "crm", purposes: ["marketing"], basis: "consent" } }];
    given(h).thenDecision({ subject: S, purpose: "marketing", fields: ["phone"], actor: staff }, { allowed: true });
    given(h)
      .whenUnknown(cmd("withdrawConsent", { purposes: ["marketing"], channel: "phone" }))
      .then([{ id: "id-1", type: "ConsentWithdrawn", at: T2, subject: S, data: { purposes: ["marketing"], channel: "phone" } }])
      .thenDecision({ subject: S, purpose: "marketing", fields: ["phone"], actor: staff }, { allowed: false, reasons: ["CONSENT_WITHDRAWN", "COLLECTION_CONSENT_WITHDRAWN", "NO_LEGAL_BASIS"] });
  });

  test("accepted with purposes for a subject without consents (it withdraws nothing yet is on record)", () => {
    given(catalog())
      .whenUnknown(cmd("withdrawConsent", { purposes: ["marketing"], channel: "phone" }))
      .then([{ id: "id-1", type: "ConsentWithdrawn", at: T2, subject: S, data: { purposes: ["marketing"], channel: "phone" } }]);
  });

  test("INVALID_COMMAND: neither consent nor purposes; an empty purpose list", () => {
    given(history()).whenUnknown(cmd("withdrawConsent", { channel: "web" })).then(["INVALID_COMMAND"]);
    given(history()).whenUnknown(cmd("withdrawConsent", { consent: "k1", purposes: [], channel: "web" })).then(["INVALID_COMMAND"]);
  });

  test("WOULD_BE_REJECTED: an unknown consent (UNKNOWN_CONSENT)", () => {
    const w = given(history()).whenUnknown(cmd("withdrawConsent", { consent: "k7", channel: "web" })).then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]?.reject).toBe("UNKNOWN_CONSENT");
  });

  test("a consent granted later in the log but earlier in time is known", () => {
    given([...catalog(), consent("e-k", "2023-12-01T00:00:00Z", "k0", { noticeVersion: "1" })])
      .whenUnknown(cmd("withdrawConsent", { consent: "k0", channel: "web" }))
      .then([{ id: "id-1", type: "ConsentWithdrawn", at: T2, subject: S, data: { consent: "k0", channel: "web" } }]);
  });
});
