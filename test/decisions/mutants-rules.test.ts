/**
 * Rules whose mutants survived the mutation run (test/decisions, channels,
 * commands, reports, model, fuzz at FUZZ_RUNS=300): each test pins an answer
 * of the public API (a decision's reasons, their events and sentences, its
 * validUntil) on a hand-written history that tells the rule from its mutant.
 */
import { describe, expect, it } from "vitest";
import { apply, replay } from "../../src/index.js";
import {
  ask,
  base,
  basis,
  consent,
  declare,
  expectAllowed,
  expectDenied,
  fact,
  notice,
  only,
  retire,
  salesFact,
  source,
  T0,
  withdraw,
  type Ev,
} from "./helpers.js";

const day = (d: string) => `${d}T00:00:00Z`;

describe("consent expiry", () => {
  it("a consent whose own expiry and the purpose's maximum age end on the same instant is expired by its own date", () => {
    const d = ask(
      [
        ...base(),
        declare("p-mkt2", T0, "marketing", ["consent"], { directMarketing: true, consentMaxAge: "P30D" }),
        consent("k1", day("2024-02-01"), { consent: "k1", expires: day("2024-03-02") }),
        ...salesFact(),
      ],
      { purpose: "marketing" },
    );
    expectDenied(d, ["CONSENT_EXPIRED@email", "NO_LEGAL_BASIS@email"]);
    const r = only(d, "CONSENT_EXPIRED", "email");
    expect(r.message).toContain("2024-03-02T00:00:00Z");
    expect(r.message).not.toContain("P30D");
  });

  it("a consent whose expiry date is still ahead is effective", () => {
    const d = ask([...base(), consent("k1", day("2024-02-01"), { consent: "k1", expires: day("2025-01-01") }), fact("r1", day("2024-02-02"), { fact: "f1" })]);
    expectAllowed(d, "consent", ["k1"]);
    expect(d.validUntil).toBe(day("2025-01-01"));
  });
});

describe("consent failures", () => {
  it("an informed consent that was withdrawn is denied as withdrawn only, with its grant and withdrawal", () => {
    const d = ask([
      ...base(),
      consent("k1", day("2024-02-01"), { consent: "k1" }),
      ...salesFact(),
      withdraw("w1", day("2024-03-01"), { consent: "k1" }),
    ], { purpose: "marketing" });
    expectDenied(d, ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expect(only(d, "CONSENT_WITHDRAWN", "email").eventIds).toEqual(["k1", "w1"]);
  });
});

describe("purpose retirement", () => {
  it("a child re-declared at the instant its parent is retired, after the retirement, stays in force", () => {
    const d = ask([
      ...base(),
      consent("k1", day("2024-02-01"), { consent: "k1" }),
      fact("r1", day("2024-02-02"), { fact: "f1" }),
      retire("ret-m", day("2024-03-01"), "marketing"),
      declare("p-email2", day("2024-03-01"), "marketing.email", ["consent"]),
    ]);
    expectAllowed(d, "consent", ["k1"]);
  });

  it("PURPOSE_RETIRED names only the retirements since the latest declaration, up to the query instant", () => {
    const d = ask([
      ...base(),
      consent("k1", day("2024-02-01"), { consent: "k1" }),
      fact("r1", day("2024-02-02"), { fact: "f1" }),
      retire("ret-m", day("2024-03-01"), "marketing"),
      declare("p-email2", day("2024-04-01"), "marketing.email", ["consent"]),
      retire("ret-e", day("2024-05-01"), "marketing.email"),
      // After the query instant: not yet a reason.
      retire("ret-e2", day("2024-07-01"), "marketing.email"),
    ]);
    expectDenied(d, ["PURPOSE_RETIRED"]);
    const r = only(d, "PURPOSE_RETIRED", null);
    expect(r.eventIds).toEqual(["ret-e"]);
    expect(r.message).toContain("2024-05-01");
  });
});

describe("validUntil and the catalog", () => {
  it("an older ledger's validUntil does not read a maximum consent age declared after it", () => {
    const older = replay([...base(), consent("k1", day("2024-02-01"), { consent: "k1" }), fact("r1", day("2024-02-02"), { fact: "f1" })]);
    expect(ask(older).validUntil).toBeUndefined();
    const newer = apply(older, declare("p-mkt2", day("2024-03-01"), "marketing", ["consent"], { directMarketing: true, consentMaxAge: "P1Y" }));
    expect(ask(newer).validUntil).toBe(day("2025-02-01"));
    expect(ask(older).validUntil).toBeUndefined();
  });
});

describe("consent the data was collected on (GDPR Art. 17(1)(b))", () => {
  /**
   * marketing has a maximum consent age of 30 days until 2024-04-01, then
   * none: k0 (2024-02-01) had expired when r1 was recorded on 2024-03-15 and
   * lasts again at NOW; k1 and k2 were valid at the recording; k2 is
   * withdrawn. r1 is also collected for news, which no consent covers.
   */
  const history = (): Ev[] => [
    ...base(),
    declare("p-mkt2", T0, "marketing", ["consent"], { directMarketing: true, consentMaxAge: "P30D" }),
    consent("k0", day("2024-02-01"), { consent: "k0" }),
    consent("k1", day("2024-03-01"), { consent: "k1" }),
    consent("k2", day("2024-03-05"), { consent: "k2" }),
    declare("p-news", T0, "news", ["consent"]),
    fact("r1", day("2024-03-15"), { fact: "f1", purposes: ["marketing", "news"] }),
    declare("p-mkt3", day("2024-04-01"), "marketing", ["consent"], { directMarketing: true }),
    withdraw("w2", day("2024-04-15"), { consent: "k2" }),
  ];

  it("a value stays usable while one consent valid at its recording is still valid for one of its purposes", () => {
    expectAllowed(ask(history(), { purpose: "marketing" }), "consent", ["k0"]);
  });

  it("the value is due for erasure once every consent valid at its recording is withdrawn", () => {
    const d = ask([...history(), withdraw("w1", day("2024-05-01"), { consent: "k1" })], { purpose: "marketing" });
    expect(d.allowed).toBe(false);
    expect(only(d, "COLLECTION_CONSENT_WITHDRAWN", "email").eventIds).toEqual(expect.arrayContaining(["r1", "k1", "w1", "k2", "w2"]));
  });

  /** fb-app needs consent for crm.import; k1 and k2 were given for it before r1; k2 is withdrawn later. */
  const imported = (extra: Ev[]): Ev[] => [
    ...base(),
    declare("p-imp", T0, "crm.import", ["consent"]),
    notice("n-2", T0, "privacy", "2", ["crm.import"]),
    source("src-fb", T0, "fb-app", "social-app", { importConsentPurpose: "crm.import" }),
    basis("b1", day("2024-02-01"), "contract", ["sales"], "o-1"),
    consent("k1", day("2024-02-01"), { consent: "k1", purposes: ["crm.import"], noticeVersion: "2" }),
    consent("k2", day("2024-02-02"), { consent: "k2", purposes: ["crm.import"], noticeVersion: "2" }),
    fact("r1", day("2024-02-03"), { fact: "f1", source: "fb-app", purposes: ["sales"], basis: "contract" }),
    withdraw("w2", day("2024-03-01"), { consent: "k2" }),
    ...extra,
  ];

  it("an imported value stays usable while one import consent valid at its recording is still valid", () => {
    expectAllowed(ask(imported([]), { purpose: "sales" }), "contract", ["b1"]);
  });

  it("an imported value is due for erasure once every import consent is withdrawn", () => {
    const d = ask(imported([withdraw("w1", day("2024-03-02"), { consent: "k1" })]), { purpose: "sales" });
    expectDenied(d, ["COLLECTION_CONSENT_WITHDRAWN@email"]);
  });

  it("a legal obligation established for the use keeps a value whose collection consent was withdrawn (Art. 17(3)(b))", () => {
    const events = [
      ...base(),
      declare("p-bill", T0, "billing", ["consent", "legal-obligation"]),
      notice("n-2", T0, "privacy", "2", ["billing"]),
      consent("k1", day("2024-02-01"), { consent: "k1", purposes: ["billing"], noticeVersion: "2" }),
      fact("r1", day("2024-02-02"), { fact: "f1", purposes: ["billing"] }),
      withdraw("w1", day("2024-03-01"), { consent: "k1" }),
    ];
    expectDenied(ask(events, { purpose: "billing" }), ["COLLECTION_CONSENT_WITHDRAWN@email", "CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"]);
    expectAllowed(ask([...events, basis("b1", day("2024-03-02"), "legal-obligation", ["billing"], "law-1")], { purpose: "billing" }), "legal-obligation", ["b1"]);
  });
});
