/**
 * Time (issue 3, Semantics): events count when at <= T; instants compare as
 * UTC; same-instant events take effect in log order; expires/until are
 * exclusive; durations use calendar arithmetic in UTC (years, then months,
 * then days, then the time part, clamping to the month's last day).
 */
import { describe, test } from "vitest";
import {
  ask,
  assess,
  base,
  basis,
  consent,
  consented,
  declare,
  expectAllowed,
  expectDenied,
  fact,
  grantPolicy,
  liftRestriction,
  notice,
  restrict,
  source,
  T0,
  type Ev,
} from "./helpers.js";

describe("events count when at <= T", () => {
  test("fractional seconds compare as instants (.5 = .500)", () => {
    const events = [...base(), ...consented(), restrict("rs1", "2024-03-01T00:00:00.5Z")];
    expectDenied(ask(events, { at: "2024-03-01T00:00:00.500Z" }), ["RESTRICTED"]);
    expectDenied(ask(events, { at: "2024-03-01T00:00:00.50Z" }), ["RESTRICTED"]);
    expectAllowed(ask(events, { at: "2024-03-01T00:00:00.499Z" }));
  });

  test("a comparison with T uses at alone: every event at T counts, whatever its log position", () => {
    const at = "2024-03-01T00:00:00Z";
    // The restriction is logged last but dated at T; the lift logged first is dated at T too.
    const liftFirst = [...base(), ...consented(), liftRestriction("lr1", at), restrict("rs1", at)];
    expectDenied(ask(liftFirst, { at }), ["RESTRICTED"]);
    const restrictFirst = [...base(), ...consented(), restrict("rs1", at), liftRestriction("lr1", at)];
    expectAllowed(ask(restrictFirst, { at }));
  });

  test("log order does not matter across different instants: the later at wins", () => {
    const events = [...base(), ...consented(), liftRestriction("lr1", "2024-04-01T00:00:00Z"), restrict("rs1", "2024-03-01T00:00:00Z")];
    expectDenied(ask(events, { at: "2024-03-15T00:00:00Z" }), ["RESTRICTED"]);
    expectAllowed(ask(events, { at: "2024-04-01T00:00:00Z" }));
  });

  test("events dated after T do not count, wherever they are in the log", () => {
    const events = [restrict("rs1", "2024-07-01T00:00:00Z"), ...base(), ...consented()];
    expectAllowed(ask(events));
  });
});

/** A contact whose marketing.email purpose sets consentMaxAge, with one consent granted at `grant` (catalog of 2000). */
const maxAge = (age: string, grant: string): Ev[] => {
  const T = "2000-01-01T00:00:00Z";
  return [
    declare("p-mkt", T, "marketing", ["consent"], { directMarketing: true }),
    declare("p-email", T, "marketing.email", ["consent"], { consentMaxAge: age }),
    declare("p-sales", T, "sales", ["contract"]),
    notice("n-1", T, "privacy", "1", ["marketing"]),
    source("src-crm", T, "crm", "manual"),
    grantPolicy("pol", T, "staff", "staff", ["marketing", "sales"], ["contact"]),
    assess("as1", T, "sales", "marketing", true),
    fact("r1", T, { fact: "f1", purposes: ["sales"], basis: "contract" }),
    consent("k1", grant, { consent: "k1" }),
  ];
};
const expired = ["CONSENT_EXPIRED@email", "NO_LEGAL_BASIS@email"];

describe("calendar durations (consentMaxAge)", () => {
  test("P1Y from 2024-02-29 lasts until 2025-02-28 (clamped)", () => {
    const events = maxAge("P1Y", "2024-02-29T10:00:00Z");
    expectAllowed(ask(events, { at: "2025-02-28T09:59:59.999Z" }));
    expectDenied(ask(events, { at: "2025-02-28T10:00:00Z" }), expired);
  });

  test("P1M from 2024-01-31 lasts until 2024-02-29", () => {
    const events = maxAge("P1M", "2024-01-31T00:00:00Z");
    expectAllowed(ask(events, { at: "2024-02-28T23:59:59Z" }));
    expectDenied(ask(events, { at: "2024-02-29T00:00:00Z" }), expired);
  });

  test("P1Y from 2023-03-01 lasts until 2024-03-01, not 365 days (2024-02-29)", () => {
    const events = maxAge("P1Y", "2023-03-01T00:00:00Z");
    expectAllowed(ask(events, { at: "2024-02-29T12:00:00Z" }));
    expectDenied(ask(events, { at: "2024-03-01T00:00:00Z" }), expired);
  });

  test("months before days: P1M1D from 2024-01-30 is 2024-02-29 + 1 day = 2024-03-01", () => {
    const events = maxAge("P1M1D", "2024-01-30T00:00:00Z");
    expectAllowed(ask(events, { at: "2024-02-29T23:59:59Z" }));
    expectDenied(ask(events, { at: "2024-03-01T00:00:00Z" }), expired);
  });

  test("days before the time part: P1MT1H from 2024-01-31T23:30 is 2024-03-01T00:30", () => {
    const events = maxAge("P1MT1H", "2024-01-31T23:30:00Z");
    expectAllowed(ask(events, { at: "2024-03-01T00:29:59Z" }));
    expectDenied(ask(events, { at: "2024-03-01T00:30:00Z" }), expired);
  });

  test("P2W is 14 days", () => {
    const events = maxAge("P2W", "2024-03-01T00:00:00Z");
    expectAllowed(ask(events, { at: "2024-03-14T23:59:59Z" }));
    expectDenied(ask(events, { at: "2024-03-15T00:00:00Z" }), expired);
  });

  test("years then months: P1Y1M from 2023-01-31 is 2024-02-29", () => {
    const events = maxAge("P1Y1M", "2023-01-31T00:00:00Z");
    expectAllowed(ask(events, { at: "2024-02-28T23:59:59Z" }));
    expectDenied(ask(events, { at: "2024-02-29T00:00:00Z" }), expired);
  });

  test("the max age is the one declared at T", () => {
    const events = [...maxAge("P1Y", "2024-01-01T00:00:00Z"), declare("p-email2", "2024-06-01T00:00:00Z", "marketing.email", ["consent"], { consentMaxAge: "P3M" })];
    expectAllowed(ask(events, { at: "2024-05-31T00:00:00Z" }));
    expectDenied(ask(events, { at: "2024-06-01T00:00:00Z" }), expired);
  });
});

describe("calendar durations (retention)", () => {
  const kept = (retention: string, recorded: string): Ev[] => [
    ...base(),
    declare("re-sales", T0, "sales", ["contract", "legitimate-interests"], { retention }),
    fact("r1", recorded, { fact: "f1", purposes: ["sales"], basis: "contract" }),
    basis("b1", recorded, "contract", ["sales"], "o-1"),
  ];

  test("P1Y retention from 2024-02-29 ends 2025-02-28", () => {
    const events = kept("P1Y", "2024-02-29T08:00:00Z");
    expectAllowed(ask(events, { purpose: "sales", at: "2025-02-28T07:59:59Z" }), "contract", ["b1"]);
    expectDenied(ask(events, { purpose: "sales", at: "2025-02-28T08:00:00Z" }), ["RETENTION_EXPIRED@email"]);
  });

  test("P1M retention from 2024-03-31 ends 2024-04-30", () => {
    const events = kept("P1M", "2024-03-31T00:00:00Z");
    expectAllowed(ask(events, { purpose: "sales", at: "2024-04-29T23:59:59Z" }));
    expectDenied(ask(events, { purpose: "sales", at: "2024-04-30T00:00:00Z" }), ["RETENTION_EXPIRED@email"]);
  });
});
