/**
 * recordLegalBasis, endLegalBasis, raiseObjection, withdrawObjection,
 * restrictProcessing, liftRestriction, informSubject: accepted and refused.
 */
import { describe, expect, test } from "vitest";
import { given } from "../../src/testing/index.js";
import { history, S, T0, T2, type Ev } from "./fixtures.js";

const cmd = (type: string, data: Ev, env: Ev = {}): Ev => ({ type, subject: S, at: T2, ...env, data });
const staff = { id: "u-1", roles: ["staff"] };
const policy: Ev = { id: "pol", type: "AccessPolicyGranted", at: T0, data: { policy: "staff", role: "staff", purposes: ["marketing", "sales"], categories: ["contact"] } };
const sales = { subject: S, purpose: "sales", fields: ["email"], actor: staff };

/** Asserts a refusal with exactly these codes at these paths. */
function refused(command: Ev, paths: string[], code = "INVALID_COMMAND"): void {
  const w = given(history()).whenUnknown(command);
  w.then(paths.map(() => code) as ["INVALID_COMMAND"]);
  expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(paths);
}

describe("recordLegalBasis", () => {
  test("accepted: the reference is generated after the event id", () => {
    given(history())
      .whenUnknown(cmd("recordLegalBasis", { basis: "legitimate-interests", purposes: ["sales"] }))
      .then([{ id: "id-1", type: "LegalBasisRecorded", at: T2, subject: S, data: { basis: "legitimate-interests", purposes: ["sales"], reference: "id-2" } }]);
  });

  test("accepted with a reference and an end", () => {
    const data = { basis: "contract", purposes: ["sales"], reference: "order-77", until: "2025-01-01T00:00:00Z" };
    given(history()).whenUnknown(cmd("recordLegalBasis", data)).then([{ id: "id-1", type: "LegalBasisRecorded", at: T2, subject: S, data }]);
  });

  test("a reference may be recorded twice (a renewed contract)", () => {
    const data = { basis: "contract", purposes: ["sales"], reference: "ref-1" };
    given(history()).whenUnknown(cmd("recordLegalBasis", data)).then([{ id: "id-1", type: "LegalBasisRecorded", at: T2, subject: S, data }]);
  });

  test("INVALID_COMMAND: consent is not recorded here; empty purposes; a bad until", () => {
    refused(cmd("recordLegalBasis", { basis: "consent", purposes: [], until: "tomorrow" }), ["data.basis", "data.purposes", "data.until"]);
  });
});

describe("endLegalBasis", () => {
  test("accepted, and the basis no longer establishes the use", () => {
    const h = [...history(), policy];
    given(h).thenDecision(sales, { allowed: true, basis: "contract" });
    given(h)
      .whenUnknown(cmd("endLegalBasis", { reference: "ref-1" }))
      .then([{ id: "id-1", type: "LegalBasisEnded", at: T2, subject: S, data: { reference: "ref-1" } }])
      .thenDecision(sales, { allowed: false, reasons: ["NO_LEGAL_BASIS"] });
  });

  test("INVALID_COMMAND: an empty reference", () => {
    refused(cmd("endLegalBasis", { reference: "" }), ["data.reference"]);
  });

  test("WOULD_BE_REJECTED: an unknown reference (UNKNOWN_REFERENCE), including another subject's", () => {
    for (const c of [cmd("endLegalBasis", { reference: "ref-9" }), cmd("endLegalBasis", { reference: "ref-1" }, { subject: "ben" })]) {
      const w = given(history()).whenUnknown(c).then(["WOULD_BE_REJECTED"]);
      expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "UNKNOWN_REFERENCE", path: "" });
    }
  });
});

describe("raiseObjection and withdrawObjection", () => {
  test("raiseObjection accepted; withdrawObjection accepted", () => {
    given(history())
      .whenUnknown(cmd("raiseObjection", { purposes: ["marketing"], channel: "letter" }))
      .then([{ id: "id-1", type: "ObjectionRaised", at: T2, subject: S, data: { purposes: ["marketing"], channel: "letter" } }]);
    given(history())
      .whenUnknown(cmd("withdrawObjection", { purposes: ["marketing"], channel: "e-mail", evidence: "mail-3" }))
      .then([{ id: "id-1", type: "ObjectionWithdrawn", at: T2, subject: S, data: { purposes: ["marketing"], channel: "e-mail", evidence: "mail-3" } }]);
  });

  test("an objection to a legitimate interest denies the use", () => {
    const h = [
      ...history(),
      policy,
      { id: "b-li", type: "LegalBasisRecorded", at: T0, subject: S, data: { basis: "legitimate-interests", purposes: ["sales"], reference: "lia" } },
      { id: "end", type: "LegalBasisEnded", at: "2024-02-15T00:00:00Z", subject: S, data: { reference: "ref-1" } },
    ];
    given(h).whenUnknown(cmd("raiseObjection", { purposes: ["sales"], channel: "letter" })).thenDecision(sales, { allowed: false, reasons: ["OBJECTED"] });
  });

  test("INVALID_COMMAND: one error per wrong field", () => {
    refused(cmd("raiseObjection", { purposes: ["a..b"], channel: 3 }), ["data.purposes.0", "data.channel"]);
    refused(cmd("withdrawObjection", { purposes: ["marketing"], channel: "x", evidence: "" }), ["data.evidence"]);
  });
});

describe("restrictProcessing and liftRestriction", () => {
  test("restrictProcessing accepted, and every use is then denied", () => {
    given([...history(), policy])
      .whenUnknown(cmd("restrictProcessing", { reason: "Accuracy contested" }))
      .then([{ id: "id-1", type: "ProcessingRestricted", at: T2, subject: S, data: { reason: "Accuracy contested" } }])
      .thenDecision(sales, { allowed: false, reasons: ["RESTRICTED"] });
  });

  test("liftRestriction accepted, with or without a reason", () => {
    given(history()).whenUnknown(cmd("liftRestriction", {})).then([{ id: "id-1", type: "RestrictionLifted", at: T2, subject: S, data: {} }]);
    given(history()).whenUnknown(cmd("liftRestriction", { reason: "verified" })).then([{ id: "id-1", type: "RestrictionLifted", at: T2, subject: S, data: { reason: "verified" } }]);
  });

  test("INVALID_COMMAND: a missing reason; a reason that is not a string; no data", () => {
    refused(cmd("restrictProcessing", {}), ["data.reason"]);
    refused(cmd("liftRestriction", { reason: 1 }), ["data.reason"]);
    refused({ type: "liftRestriction", subject: S }, ["data"]);
  });
});

describe("informSubject", () => {
  test("accepted", () => {
    given(history())
      .whenUnknown(cmd("informSubject", { notice: "privacy", noticeVersion: "1", sources: ["li"] }))
      .then([{ id: "id-1", type: "SubjectInformed", at: T2, subject: S, data: { notice: "privacy", noticeVersion: "1", sources: ["li"] } }]);
  });

  test("INVALID_COMMAND: one error per wrong field", () => {
    refused(cmd("informSubject", { notice: "", sources: "li" }), ["data.notice", "data.noticeVersion", "data.sources"]);
  });
});
