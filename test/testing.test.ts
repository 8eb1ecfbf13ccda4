/**
 * `lawful-crm/testing`: the given/when/then helper itself: its deterministic
 * defaults, and failures that say what was expected and what came out.
 */
import { describe, expect, test } from "vitest";
import type { CommandOf } from "../src/index.js";
import { given, ScenarioFailure, sequentialIds } from "../src/testing/index.js";

const T0 = "2024-01-01T00:00:00Z";
const catalog = [
  { id: "p1", type: "PurposeDeclared", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
  { id: "n1", type: "NoticePublished", at: "2024-01-02T00:00:00.5Z", data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
  { id: "s1", type: "SourceRegistered", at: "2024-01-02T00:00:00Z", data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { id: "a1", type: "AccessPolicyGranted", at: T0, data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
];
const grant = { type: "grantConsent", subject: "anna", data: { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } } satisfies CommandOf<"grantConsent">;
const marketer = { id: "u-1", roles: ["marketer"] };

/** The error a scenario throws (fails the test when it does not throw). */
function failure(run: () => unknown): ScenarioFailure {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioFailure);
    expect(e).toBeInstanceOf(Error);
    return e as ScenarioFailure;
  }
  throw new Error("expected the scenario to fail");
}

describe("defaults", () => {
  test("now is the latest at among the given events (by instant, not by string order)", () => {
    expect(given(catalog).now).toBe("2024-01-02T00:00:00.5Z");
    given(catalog)
      .when({ type: "retirePurpose", data: { purpose: "marketing" } })
      .then([{ id: "id-1", type: "PurposeRetired", at: "2024-01-02T00:00:00.5Z", data: { purpose: "marketing" } }]);
  });

  test("now is the epoch without given events; malformed ats are ignored", () => {
    expect(given().now).toBe("1970-01-01T00:00:00Z");
    expect(given([{ at: "yesterday" }, 5, null]).now).toBe("1970-01-01T00:00:00Z");
  });

  test("ids are id-1, id-2, ... afresh for each when, skipping ids the history uses", () => {
    const g = given([...catalog, { id: "id-1", type: "SourceRetired", at: T0, data: { source: "x" } }]);
    const a = g.when({ type: "grantAccess", data: { role: "r", purposes: ["marketing"], categories: [] } });
    expect(a.events.map((e) => [e.id, (e.data as { policy: string }).policy])).toEqual([["id-2", "id-3"]]);
    const b = g.when({ type: "grantAccess", data: { role: "r", purposes: ["marketing"], categories: [] } });
    expect(b.events[0]!.id).toBe("id-2");
  });

  test("now and newId can be given", () => {
    let calls = 0;
    given(catalog, { now: () => (calls++, "2025-05-05T05:05:05Z"), newId: sequentialIds("e-") })
      .when({ type: "retireSource", data: { source: "web" } })
      .then([{ id: "e-1", type: "SourceRetired", at: "2025-05-05T05:05:05Z", data: { source: "web" } }]);
    expect(calls).toBeGreaterThan(0);
    given(catalog, { now: "2030-01-01T00:00:00Z" })
      .when({ type: "retireSource", data: { source: "web" } })
      .then([{ id: "id-1", type: "SourceRetired", at: "2030-01-01T00:00:00Z", data: { source: "web" } }]);
  });

  test("sequentialIds skips what it is told to", () => {
    const next = sequentialIds("x", ["x1", "x3"]);
    expect([next(), next(), next()]).toEqual(["x2", "x4", "x5"]);
  });
});

describe("then", () => {
  test("events compare deep-equal, key order irrelevant; the outcome is chainable", () => {
    const w = given(catalog)
      .when(grant)
      .then([{ data: { evidence: "form-1", channel: "web", method: "opt-in", noticeVersion: "1", notice: "privacy", purposes: ["marketing"], consent: "k1" }, subject: "anna", at: "2024-01-02T00:00:00.5Z", type: "ConsentGranted", id: "id-1" }]);
    expect(w.ledger.accepted).toBe(catalog.length + 1);
    expect(w.result._tag).toBe("Right");
  });

  test("refusal codes compare as a multiset, in any order", () => {
    given(catalog)
      .when({ ...grant, data: { ...grant.data, method: "pre-ticked", noticeVersion: "9" } })
      .then(["CONSENT_UNINFORMED", "CONSENT_NOT_ACTIVE"]);
  });

  test("a refusal where events were expected: the message has the command, the expected events and every refusal message", () => {
    const e = failure(() => given(catalog).whenUnknown({ ...grant, data: { ...grant.data, noticeVersion: "9" } }).then([{ id: "id-1" }]));
    expect(e.message).toContain("expected the command to be accepted, but it was refused");
    expect(e.message).toContain('"noticeVersion": "9"');
    expect(e.message).toContain('"id": "id-1"');
    expect(e.message).toMatch(/- CONSENT_UNINFORMED: data\.noticeVersion: the consent was given on notice privacy version 9/);
    // The path is printed once: the message names its field itself.
    expect(e.message.match(/data\.noticeVersion/g)).toHaveLength(1);
    expect(e.expected).toEqual([{ id: "id-1" }]);
  });

  test("different events: the first difference, then both lists pretty-printed", () => {
    const e = failure(() =>
      given(catalog)
        .when({ type: "retireSource", data: { source: "web" } })
        .then([{ id: "id-1", type: "SourceRetired", at: "2024-01-02T00:00:00.5Z", data: { source: "crm" } }]),
    );
    expect(e.message).toContain('first difference at [0].data.source: expected "crm", got "web"');
    expect(e.message).toContain("Expected events:\n[\n  {");
    expect(e.message).toContain("Actual events:\n[\n  {");
    expect(e.actual).toEqual([{ at: "2024-01-02T00:00:00.5Z", data: { source: "web" }, id: "id-1", type: "SourceRetired" }]);
  });

  test("a missing or extra event is named", () => {
    const e = failure(() => given(catalog).when({ type: "retireSource", data: { source: "web" } }).then([{ id: "id-1", type: "SourceRetired", at: "2024-01-02T00:00:00.5Z", data: { source: "web" } }, { id: "id-2" }]));
    expect(e.message).toContain("first difference at [1]: expected");
    expect(e.message).toContain("got (missing)");
  });

  test("accepted where a refusal was expected: the events made are shown", () => {
    const e = failure(() => given(catalog).when(grant).then(["CONSENT_UNINFORMED"]));
    expect(e.message).toContain('expected the command to be refused with ["CONSENT_UNINFORMED"], but it was accepted');
    expect(e.message).toContain('"type": "ConsentGranted"');
  });

  test("other refusal codes: both lists and the refusal messages", () => {
    const e = failure(() => given(catalog).when({ ...grant, data: { ...grant.data, method: "hidden" } }).then(["UNKNOWN_PURPOSE"]));
    expect(e.message).toContain('Expected codes: ["UNKNOWN_PURPOSE"]');
    expect(e.message).toContain('Actual codes:   ["CONSENT_NOT_ACTIVE"]');
    expect(e.message).toContain("  - CONSENT_NOT_ACTIVE: data.method: a consent captured as");
    expect(e.message.match(/data\.method/g)).toHaveLength(1);
  });

  test("codes are compared as a set: one INVALID_COMMAND stands for several wrong fields; a missing or extra kind still fails", () => {
    const bad = { type: "registerSource", data: { source: "", kind: "api", assessment: "" } };
    const w = given([]).whenUnknown(bad).then(["INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(["data.source", "data.assessment"]);
    given([]).whenUnknown(bad).then(["INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(() => given([]).whenUnknown(bad).then(["INVALID_COMMAND", "SOURCE_NOT_REGISTERED"])).toThrow(/other codes than expected/);
    expect(() => given(catalog).when({ ...grant, data: { ...grant.data, method: "hidden" } }).then(["CONSENT_NOT_ACTIVE", "UNKNOWN_PURPOSE"])).toThrow(/other codes/);
  });

  test("an unknown code or a non-array is a usage error, not a scenario failure", () => {
    expect(() => given(catalog).when(grant).then(["CONSENT_UNKNOWN" as "CONSENT_UNINFORMED"])).toThrow(TypeError);
    expect(() => given(catalog).when(grant).then("INVALID_COMMAND" as unknown as [])).toThrow(TypeError);
  });

  test("rejected given events are pointed out in a failure", () => {
    const e = failure(() => given([...catalog, { id: "bad", type: "FactCorrected", at: T0, subject: "anna", data: { fact: "nope", value: 1, source: "web" } }]).when(grant).then(["INVALID_COMMAND"]));
    expect(e.message).toContain("Note: replay rejected 1 of the given events");
    expect(e.message).toContain('(id "bad"): UNKNOWN_FACT');
  });
});

describe("thenDecision", () => {
  const fact = { type: "recordFact", subject: "anna", at: "2024-02-01T00:00:00Z", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" } };
  const withConsent = () => given(catalog).when(grant).events;

  test("after the command, at the latest instant by default", () => {
    given([...catalog, ...withConsent()])
      .whenUnknown(fact)
      .then([{ id: "id-2", type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: "anna", data: fact.data }])
      .thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer }, { allowed: true, basis: "consent", reasons: [] })
      .thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer, at: "2024-01-15T00:00:00Z" }, { allowed: false, reasons: ["NO_DATA"] });
  });

  test("on the given history, without a command", () => {
    given(catalog).thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer }, { allowed: false, reasons: ["UNKNOWN_SUBJECT"] });
  });

  test("a different decision: what differs, the query, and the actual reasons with their sentences", () => {
    const e = failure(() => given(catalog).thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer }, { allowed: true }));
    expect(e.message).toContain("expected the use to be allowed, but it is denied");
    expect(e.message).toContain('"code": "UNKNOWN_SUBJECT"');
    expect(e.message).toContain("Query:\n{");
  });

  test("different reasons or basis are named", () => {
    const e = failure(() =>
      given([...catalog, ...withConsent()]).whenUnknown(fact).thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer }, { allowed: true, basis: "contract" }),
    );
    expect(e.message).toContain('expected every field to rest on "contract", got ["consent"]');
    const r = failure(() => given(catalog).thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer }, { allowed: false, reasons: ["RESTRICTED"] }));
    expect(r.message).toContain('expected the reasons ["RESTRICTED"], got ["UNKNOWN_SUBJECT"]');
  });

  test("after a refused command it fails and shows the refusal", () => {
    const e = failure(() => given(catalog).whenUnknown(fact).thenDecision({ subject: "anna", purpose: "marketing", fields: ["email"], actor: marketer }, { allowed: false }));
    expect(e.message).toContain("expected the command to be accepted before checking the decision, but it was refused");
    expect(e.message).toContain("NO_CONSENT_FOR_COLLECTION");
  });
});

describe("without a test runner", () => {
  test("a failure is a plain Error whose message stands alone", () => {
    const e = failure(() => given(catalog).whenUnknown({ type: "retireSource", data: {} }).then([]));
    expect(e.name).toBe("ScenarioFailure");
    expect(e.message.split("\n")[0]).toContain("lawful-crm/testing:");
    expect(e.message).toContain("INVALID_COMMAND: data.source: expected a non-empty string");
    expect(e.message.match(/data\.source/g)).toHaveLength(1);
  });
});

describe("the examples of docs/testing.md", () => {
  const cat = [
    { id: "p1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
    { id: "n1", type: "NoticePublished", at: "2024-01-01T00:00:00Z", data: { notice: "privacy", version: "1", purposes: ["marketing.email"] } },
    { id: "s1", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
    { id: "a1", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
  ];
  const newsletterAddress = {
    type: "recordFact",
    subject: "anna",
    data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" },
  };
  const consent = { id: "c1", type: "ConsentGranted", at: "2024-01-05T00:00:00Z", subject: "anna", data: { consent: "k1", purposes: ["marketing.email"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-123" } };

  test("a first rule", () => {
    given(cat).whenUnknown(newsletterAddress).then(["NO_CONSENT_FOR_COLLECTION"]);
    given([...cat, consent])
      .whenUnknown(newsletterAddress)
      .then([{ id: "id-1", type: "FactRecorded", at: "2024-01-05T00:00:00Z", subject: "anna", data: newsletterAddress.data }]);
  });

  test("thenDecision after a withdrawal, and on the history alone", () => {
    const h = [...cat, consent, { id: "r1", type: "FactRecorded", at: "2024-01-06T00:00:00Z", subject: "anna", data: newsletterAddress.data }];
    const q = { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: { id: "mia", roles: ["marketer"] } };
    given(h).thenDecision(q, { allowed: true, basis: "consent" });
    given(h, { now: "2024-02-01T00:00:00Z" })
      .when({ type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "unsubscribe-link" } })
      .then([{ id: "id-1", type: "ConsentWithdrawn", at: "2024-02-01T00:00:00Z", subject: "anna", data: { consent: "k1", channel: "unsubscribe-link" } }])
      .thenDecision(q, { allowed: false, reasons: ["CONSENT_WITHDRAWN", "COLLECTION_CONSENT_WITHDRAWN", "NO_LEGAL_BASIS"] });
  });

  test("outside vitest", () => {
    given(cat).whenUnknown({ ...newsletterAddress, data: { ...newsletterAddress.data, source: "fax" } }).then(["SOURCE_NOT_REGISTERED", "NO_CONSENT_FOR_COLLECTION"]);
  });
});
