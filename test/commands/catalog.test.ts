/**
 * The catalog commands: declarePurpose, retirePurpose, assessCompatibility,
 * publishNotice, registerSource, retireSource, grantAccess, revokeAccess,
 * linkAccount, recordDeparture, voidEvent.
 */
import { describe, expect, test } from "vitest";
import { given } from "../../src/testing/index.js";
import { history, S, T0, T2, type Ev } from "./fixtures.js";

const cmd = (type: string, data: Ev, env: Ev = {}): Ev => ({ type, at: T2, ...env, data });
const accepted = (type: string, event: string, data: Ev): void => {
  given(history()).whenUnknown(cmd(type, data)).then([{ id: "id-1", type: event, at: T2, data }]);
};
function refused(command: Ev, paths: string[]): void {
  const w = given(history()).whenUnknown(command);
  w.then(paths.map(() => "INVALID_COMMAND" as const));
  expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(paths);
}
function wouldBeRejected(h: Ev[], command: Ev, reject: string): void {
  const w = given(h).whenUnknown(command).then(["WOULD_BE_REJECTED"]);
  expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ code: "WOULD_BE_REJECTED", reject, path: "" });
  const e = w.result._tag === "Left" ? w.result.left[0] : undefined;
  expect(e?.reason).toMatch(/\S/);
  expect(e?.message).toContain(e?.reason);
}

describe("declarePurpose", () => {
  test("accepted, minimal and with every attribute", () => {
    accepted("declarePurpose", "PurposeDeclared", { purpose: "support", description: "Customer support", legalBases: ["contract"] });
    accepted("declarePurpose", "PurposeDeclared", {
      purpose: "marketing.email",
      description: "Newsletter",
      legalBases: ["consent"],
      retention: "P2Y",
      originDisclosure: true,
      doubleOptIn: true,
      consentMaxAge: "P18M",
      directMarketing: true,
    });
  });

  test("re-declaring a purpose is accepted (it updates the declaration)", () => {
    accepted("declarePurpose", "PurposeDeclared", { purpose: "sales", description: "Sales", legalBases: ["contract"] });
  });

  test("INVALID_COMMAND: one error per wrong field, and a subject on a catalog command", () => {
    refused(cmd("declarePurpose", { purpose: "marketing.", legalBases: [], retention: "2 years" }, { subject: S }), [
      "subject",
      "data.purpose",
      "data.description",
      "data.legalBases",
      "data.retention",
    ]);
  });
});

describe("retirePurpose", () => {
  test("accepted (retiring an undeclared purpose is on record too)", () => {
    accepted("retirePurpose", "PurposeRetired", { purpose: "marketing" });
    accepted("retirePurpose", "PurposeRetired", { purpose: "never.declared" });
  });
  test("INVALID_COMMAND", () => refused(cmd("retirePurpose", { purpose: "a..b" }), ["data.purpose"]));
});

describe("assessCompatibility", () => {
  test("accepted", () => {
    accepted("assessCompatibility", "PurposeCompatibilityAssessed", { from: "sales", to: "marketing", compatible: false, rationale: "Not expected by the customer" });
  });
  test("INVALID_COMMAND: one error per wrong field", () => {
    refused(cmd("assessCompatibility", { from: "", to: "x", compatible: "yes" }), ["data.from", "data.compatible", "data.rationale"]);
  });
});

describe("publishNotice", () => {
  test("accepted, minimal and with language and hash", () => {
    accepted("publishNotice", "NoticePublished", { notice: "privacy", version: "2", purposes: ["marketing"] });
    accepted("publishNotice", "NoticePublished", { notice: "privacy", version: "2", purposes: ["marketing", "sales"], language: "de", textHash: "sha256:ab" });
  });
  test("INVALID_COMMAND: an empty purpose list and an empty version", () => {
    refused(cmd("publishNotice", { notice: "privacy", version: "", purposes: [] }), ["data.version", "data.purposes"]);
  });
});

describe("registerSource", () => {
  test("accepted, with and without an import consent purpose", () => {
    accepted("registerSource", "SourceRegistered", { source: "xing", kind: "social-network", assessment: "DPIA-2024-07" });
    accepted("registerSource", "SourceRegistered", { source: "xing", kind: "social-network", assessment: "DPIA-2024-07", importConsentPurpose: "crm.import" });
  });
  test("INVALID_COMMAND: an empty assessment and an unknown kind", () => {
    refused(cmd("registerSource", { source: "xing", kind: "fax", assessment: "" }), ["data.kind", "data.assessment"]);
  });
});

describe("retireSource", () => {
  test("accepted", () => accepted("retireSource", "SourceRetired", { source: "li" }));
  test("INVALID_COMMAND", () => refused(cmd("retireSource", {}), ["data.source"]));
});

describe("grantAccess and revokeAccess", () => {
  test("grantAccess accepted: the policy id is generated after the event id", () => {
    given(history())
      .whenUnknown(cmd("grantAccess", { role: "marketer", purposes: ["marketing"], categories: ["contact"] }))
      .then([{ id: "id-1", type: "AccessPolicyGranted", at: T2, data: { policy: "id-2", role: "marketer", purposes: ["marketing"], categories: ["contact"] } }]);
  });
  test("grantAccess accepted with a policy id and no categories", () => {
    accepted("grantAccess", "AccessPolicyGranted", { policy: "p-m", role: "marketer", purposes: ["marketing"], categories: [] });
  });
  test("revokeAccess accepted", () => accepted("revokeAccess", "AccessPolicyRevoked", { policy: "p-m" }));
  test("INVALID_COMMAND: one error per wrong field", () => {
    refused(cmd("grantAccess", { role: "", purposes: [], categories: ["a..b"] }), ["data.role", "data.purposes", "data.categories.0"]);
    refused(cmd("revokeAccess", { policy: "" }), ["data.policy"]);
  });
});

describe("linkAccount and recordDeparture", () => {
  test("accepted", () => {
    accepted("linkAccount", "AccountLinked", { account: "li:eve", employee: "eve", source: "li", onDeparture: "keep-company-contacts" });
    accepted("recordDeparture", "EmployeeDeparted", { employee: "bob" });
  });
  test("INVALID_COMMAND: one error per wrong field", () => {
    refused(cmd("linkAccount", { account: "li:eve", employee: "", source: "li", onDeparture: "forget" }), ["data.employee", "data.onDeparture"]);
    refused(cmd("recordDeparture", { employee: 7 }), ["data.employee"]);
  });
});

describe("voidEvent", () => {
  // A legacy history with a rejected item: a correction of a fact the subject does not have.
  const legacy = (): Ev[] => [
    ...history(),
    { id: "bad-1", type: "FactCorrected", at: "2024-02-05T00:00:00Z", subject: S, data: { fact: "f7", value: "x", source: "crm" } },
    { type: "FactRecorded", at: "2024-02-06T00:00:00Z", subject: S, data: {} },
  ];
  const bad = history().length;

  test("accepted by event id, and the subject is complete again", () => {
    const staff = { id: "u", roles: ["staff"] };
    const h = [...legacy(), { id: "pol", type: "AccessPolicyGranted", at: T0, data: { policy: "s", role: "staff", purposes: ["sales"], categories: ["contact"] } }];
    const q = { subject: S, purpose: "sales", fields: ["email"], actor: staff };
    given(h).thenDecision(q, { allowed: false, reasons: ["HISTORY_INCOMPLETE"] });
    const w = given(h).whenUnknown(cmd("voidEvent", { event: "bad-1", reason: "Wrong subject; re-recorded" }));
    w.then([{ id: "id-1", type: "EventVoided", at: T2, data: { event: "bad-1", reason: "Wrong subject; re-recorded" } }]);
    // The id-less broken item still marks the subject; void it by position.
    given([...h, ...w.events])
      .whenUnknown(cmd("voidEvent", { position: bad + 1, reason: "Empty record" }))
      .then([{ id: "id-2", type: "EventVoided", at: T2, data: { position: bad + 1, reason: "Empty record" } }])
      .thenDecision(q, { allowed: true });
  });

  test("accepted by event id and position naming the same item", () => {
    given(legacy())
      .whenUnknown(cmd("voidEvent", { event: "bad-1", position: bad, reason: "fixed" }))
      .then([{ id: "id-1", type: "EventVoided", at: T2, data: { event: "bad-1", position: bad, reason: "fixed" } }]);
  });

  test("INVALID_COMMAND: neither event nor position; a negative position", () => {
    refused(cmd("voidEvent", { reason: "x" }), ["data.event"]);
    refused(cmd("voidEvent", { position: -1, reason: "x" }), ["data.position"]);
  });

  test("WOULD_BE_REJECTED (INVALID_VOID): an accepted item, a later or missing position, an unknown id, a mismatch", () => {
    wouldBeRejected(legacy(), cmd("voidEvent", { event: "e-f1", reason: "x" }), "INVALID_VOID");
    wouldBeRejected(legacy(), cmd("voidEvent", { position: 0, reason: "x" }), "INVALID_VOID");
    wouldBeRejected(legacy(), cmd("voidEvent", { position: 999, reason: "x" }), "INVALID_VOID");
    wouldBeRejected(legacy(), cmd("voidEvent", { event: "nope", reason: "x" }), "INVALID_VOID");
    wouldBeRejected(legacy(), cmd("voidEvent", { event: "bad-1", position: bad + 1, reason: "x" }), "INVALID_VOID");
  });
});
