/**
 * The differential test's generator is not vacuous (issue 11, "Safety net"):
 * on a fixed sample of its histories and queries, a quarter of the decisions
 * are allowed, a tenth carry obligations, every reason code is given many
 * times and both obligation cases occur many times.
 *
 * The seed is fixed so that chance cannot fail this check; the properties in
 * differential.test.ts keep drawing fresh samples on every run. Print the
 * figures with `MODEL_STATS=1 npx vitest run test/model/coverage.test.ts`.
 */
import { describe, expect, it } from "vitest";
import { REASON_CODES } from "../../src/decisions/index.js";
import { coverageSample, measure, report } from "./coverage.js";

/** How many decisions of the sample must give each reason code, and show each obligation case. */
const MANY = 40;

describe("the differential test's generator (fixed seed)", () => {
  it("makes a quarter of the decisions allowed, a tenth carry obligations, and reaches every reason code and both obligation cases many times", () => {
    // Computed inside the test (not at collection), so that per-test coverage (Stryker) sees it.
    const c = measure(coverageSample());
    if (process.env["MODEL_STATS"] !== undefined) console.log(report(c));
    expect(c.allowed / c.decisions, "share of allowed decisions").toBeGreaterThanOrEqual(0.25);
    expect(c.withObligations / c.decisions, "share of decisions with obligations").toBeGreaterThanOrEqual(0.1);
    for (const code of REASON_CODES) expect(c.codes[code], `decisions giving ${code}`).toBeGreaterThanOrEqual(MANY);
    // Allowed for a purpose that requires originDisclosure: with DISCLOSE_ORIGIN, and without because
    // a SubjectInformed by T already disclosed a source that is not the person's own (see coverage.ts).
    expect(c.obligationCases.disclose, "allowed with DISCLOSE_ORIGIN").toBeGreaterThanOrEqual(MANY);
    expect(c.obligationCases.disclosed, "allowed, the origin already disclosed").toBeGreaterThanOrEqual(MANY);
    // Issue 14: allowed uses of a special category (a condition of Art. 9(2) established), also on explicit consent.
    expect(c.special.allowed, "allowed using a special category").toBeGreaterThanOrEqual(MANY);
    expect(c.special.explicit, "allowed using a special category, with an explicit-consent condition").toBeGreaterThanOrEqual(MANY);
  });
});
