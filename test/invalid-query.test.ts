import { describe, expect, it } from "vitest";
import {
  accessReport,
  consentReceipt,
  disclosureDue,
  eraseSubject,
  isInvalidQuery,
  portabilityExport,
  processingRecord,
  profile,
  replay,
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
