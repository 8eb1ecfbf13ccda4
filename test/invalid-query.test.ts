import { describe, expect, it } from "vitest";
import {
  accessMatrix,
  accessReport,
  assessSource,
  consentReceipt,
  departureImpact,
  disclosureDue,
  eraseSubject,
  erasureDue,
  isInvalidQuery,
  portabilityExport,
  processingRecord,
  profile,
  replay,
  subjectsUsableFor,
  usesOf,
  whoMayUse,
} from "../src/index.js";
import { anna, catalog } from "./fixtures/history.js";

// GDPR reports are often asked for with dates typed by a person: a malformed
// instant is answered with a clear error value, never an exception.
describe("a malformed instant is an INVALID_QUERY value, not an exception", () => {
  const ledger = replay([...catalog, ...anna]);
  const bad = ["2024-02-30T00:00:00Z", "2024-03-01", "2024-03-01T00:00:00", "2016-12-31T23:59:60Z", "", 42, null];
  const calls: Record<string, (at: unknown) => unknown> = {
    profile: (at) => profile(ledger, "anna", { at: at as string }),
    accessReport: (at) => accessReport(ledger, "anna", { at: at as string }),
    disclosureDue: (at) => disclosureDue(ledger, { at: at as string }),
    portabilityExport: (at) => portabilityExport(ledger, "anna", { at: at as string }),
    processingRecord: (at) => processingRecord(ledger, { at: at as string }),
    consentReceipt: (at) => consentReceipt(ledger, "anna", "k1", { at: at as string, controller: "ACME GmbH" }),
    eraseSubject: (at) => eraseSubject(ledger, "anna", { at: at as string }),
    erasureDue: (at) => erasureDue(ledger, { at: at as string }),
    departureImpact: (at) => departureImpact(ledger, "bob", { at: at as string }),
    assessSource: (at) => assessSource(ledger, "crm", { at: at as string }),
    accessMatrix: (at) => accessMatrix(ledger, { at: at as string }),
    whoMayUse: (at) => whoMayUse(ledger, { purpose: "marketing", category: "contact", at: at as string }),
    subjectsUsableFor: (at) => subjectsUsableFor(ledger, { purpose: "marketing", fields: ["email"], actor: { id: "u", roles: ["marketer"] }, at: at as string }),
  };
  for (const [name, call] of Object.entries(calls)) {
    it(`${name} names the argument and what is wrong`, () => {
      for (const at of bad) {
        const r = call(at);
        expect(isInvalidQuery(r)).toBe(true);
        expect((r as { error: { message: string } }).error.message).toMatch(/at must be an ISO 8601 UTC timestamp/);
      }
      expect(isInvalidQuery(call("2024-03-01T00:00:00Z"))).toBe(false);
    });
  }
});

// One error policy (docs/compatibility.md): what cannot be read is INVALID_QUERY from every
// function, never an empty answer that a caller would read as "nothing to do".
describe("the error policy: every malformed part of a query is an INVALID_QUERY value", () => {
  const ledger = replay([...catalog, ...anna]);
  const AT = "2024-03-01T00:00:00Z";
  const message = (r: unknown) => (isInvalidQuery(r) ? r.error.message : "(answered)");

  it("the issue's example: departureImpact with a date that is not a timestamp", () => {
    expect(message(departureImpact(ledger, "bob", { at: "2024-07-01" }))).toBe(
      'departureImpact(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "2024-07-01".',
    );
  });

  it("a purpose or category that is not a dotted id", () => {
    for (const purpose of ["", ".", "a..b", "marketing."]) {
      expect(message(whoMayUse(ledger, { purpose, category: "contact", at: AT }))).toMatch(/^whoMayUse\(\): query\.purpose must be a dotted purpose id/);
      expect(message(subjectsUsableFor(ledger, { purpose, fields: ["email"], actor: { id: "u", roles: [] }, at: AT }))).toMatch(/^subjectsUsableFor\(\): purpose must be a dotted purpose id/);
    }
    expect(message(whoMayUse(ledger, { purpose: "marketing", category: "contact.", at: AT }))).toMatch(/^whoMayUse\(\): query\.category must be a dotted category id/);
  });

  it("the rest of an audience query, as canUse reads it", () => {
    const actor = { id: "u", roles: [] };
    expect(message(subjectsUsableFor(ledger, { purpose: "marketing", fields: [], actor, at: AT }))).toBe("subjectsUsableFor(): fields must be a non-empty array of field names.");
    expect(message(subjectsUsableFor(ledger, { purpose: "marketing", fields: ["email"], actor: { id: "", roles: [] }, at: AT }))).toBe("subjectsUsableFor(): actor.id must be a non-empty string.");
    expect(message(subjectsUsableFor(ledger, null as never))).toBe("subjectsUsableFor(): the query must be an object { purpose, fields, actor, at }.");
  });

  it("usesOf's bounds and options", () => {
    expect(message(usesOf(ledger, "anna", { from: "2024-03-01" }))).toMatch(/^usesOf\(\): options\.from must be an ISO 8601 UTC timestamp/);
    expect(message(usesOf(ledger, "anna", { to: "soon" }))).toMatch(/^usesOf\(\): options\.to must be an ISO 8601 UTC timestamp/);
    expect(message(usesOf(ledger, "anna", 5 as never))).toBe("usesOf(): options must be an object { from?, to? }, got number.");
    expect(isInvalidQuery(usesOf(ledger, "anna"))).toBe(false);
    expect(isInvalidQuery(usesOf(ledger, "anna", null as never))).toBe(false);
  });

  it("profile's options that are not an object", () => {
    expect(message(profile(ledger, "anna", 5 as never))).toBe("profile(): options must be an object { at? }, got number.");
    expect(isInvalidQuery(profile(ledger, "anna", null as never))).toBe(false);
  });

  it("a subject, employee, source or consent id that is not a string", () => {
    const notAString = 42 as unknown as string;
    expect(message(profile(ledger, notAString))).toBe("profile(): subject must be a string, got number.");
    expect(message(accessReport(ledger, notAString, { at: AT }))).toBe("accessReport(): subject must be a string, got number.");
    expect(message(portabilityExport(ledger, notAString, { at: AT }))).toBe("portabilityExport(): subject must be a string, got number.");
    expect(message(usesOf(ledger, notAString))).toBe("usesOf(): subject must be a string, got number.");
    expect(message(departureImpact(ledger, notAString, { at: AT }))).toBe("departureImpact(): employee must be a string, got number.");
    expect(message(assessSource(ledger, notAString, { at: AT }))).toBe("assessSource(): source must be a string, got number.");
    expect(message(consentReceipt(ledger, notAString, "k1", { at: AT, controller: "ACME GmbH" }))).toBe("consentReceipt(): subject must be a string, got number.");
    // A consent id that is not a string (a Proxy, say) is malformed too, not a consent that does not exist.
    expect(message(consentReceipt(ledger, "anna", new Proxy({}, {}) as unknown as string, { at: AT, controller: "ACME GmbH" }))).toBe("consentReceipt(): consentId must be a string, got object.");
    expect(message(eraseSubject(ledger, notAString, { at: AT }))).toBe("eraseSubject(): subject must be a string, got number.");
  });

  it("an empty answer to a well-formed query still means nothing", () => {
    expect(departureImpact(ledger, "nobody", { at: AT })).toEqual({ employee: "nobody", at: AT, accounts: [], facts: [], kept: 0 });
    expect(usesOf(ledger, "nobody")).toEqual([]);
  });
});
