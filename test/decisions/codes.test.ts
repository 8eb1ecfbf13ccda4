/**
 * One short history per reason code of REASON_CODES: the decision is denied
 * with exactly the expected reasons, on the expected field, resting on the
 * expected events. The table is typed as a Record over ReasonCode, so a new
 * code without a scenario does not compile.
 */
import { describe, expect, test } from "vitest";
import { REASON_CODES, ReasonCode, replay, canUse, type Decision } from "../../src/index.js";
import {
  ask,
  base,
  basis,
  consent,
  consented,
  declare,
  departed,
  erase,
  expectDenied,
  fact,
  link,
  object,
  only,
  restrict,
  retire,
  salesFact,
  T0,
  withdraw,
} from "./helpers.js";

interface Scenario {
  /** What the history shows, in one line. */
  readonly story: string;
  readonly decide: () => Decision;
  /** The exact reasons (`CODE` or `CODE@field`). */
  readonly reasons: string[];
  /** The field of the reason with this code (null: subject level). */
  readonly field: string | null;
  /** Events the reason must name (a subset of its eventIds). */
  readonly ids: string[];
  /** When true, `ids` is the exact set. */
  readonly exact?: boolean;
}

const scenarios: Record<ReasonCode, Scenario> = {
  INVALID_QUERY: {
    story: "a query whose at has no Z offset",
    decide: () => ask([...base(), ...consented()], { at: "2024-06-01T00:00:00" }),
    reasons: ["INVALID_QUERY"],
    field: null,
    ids: [],
    exact: true,
  },
  MERGED: {
    story: "s1 was merged into s2 (the same person entered twice) before the query; the query asks about s1",
    decide: () =>
      ask([
        ...base(),
        ...consented(),
        { id: "s2-1", type: "ObjectionRaised", at: "2024-02-01T00:00:00Z", subject: "s2", data: { purposes: ["sales"], channel: "letter" } },
        { id: "merge-1", type: "SubjectsMerged", at: "2024-03-01T00:00:00Z", subject: "s2", data: { from: "s1", reason: "same person" } },
      ]),
    reasons: ["MERGED"],
    field: null,
    ids: ["merge-1"],
    exact: true,
  },
  HISTORY_INCOMPLETE: {
    story: "a FactRecorded of s1 without data fails to decode and is not voided",
    decide: () =>
      ask([...base(), ...consented(), { id: "bad1", type: "FactRecorded", at: "2024-03-01T00:00:00Z", subject: "s1", data: { fact: "f9" } }]),
    reasons: ["HISTORY_INCOMPLETE"],
    field: null,
    ids: ["bad1"],
    exact: true,
  },
  UNKNOWN_SUBJECT: {
    story: "nothing was ever recorded about s2",
    decide: () => ask([...base(), ...consented()], { subject: "s2" }),
    reasons: ["UNKNOWN_SUBJECT"],
    field: null,
    ids: [],
  },
  UNKNOWN_PURPOSE: {
    story: "marketing.sms was never declared (declaring marketing does not declare it)",
    decide: () => ask([...base(), ...consented()], { purpose: "marketing.sms" }),
    reasons: ["UNKNOWN_PURPOSE"],
    field: null,
    ids: [],
  },
  PURPOSE_RETIRED: {
    story: "marketing.email was retired before T",
    decide: () => ask([...base(), ...consented(), retire("ret1", "2024-03-01T00:00:00Z", "marketing.email")]),
    reasons: ["PURPOSE_RETIRED"],
    field: null,
    ids: ["ret1"],
  },
  ACCESS_DENIED: {
    story: "the actor's only role has no policy",
    decide: () => ask([...base(), ...consented()], { roles: ["intern"] }),
    reasons: ["ACCESS_DENIED"],
    field: null,
    ids: [],
  },
  RESTRICTED: {
    story: "processing was restricted and not lifted",
    decide: () => ask([...base(), ...consented(), restrict("rs1", "2024-03-01T00:00:00Z")]),
    reasons: ["RESTRICTED"],
    field: null,
    ids: ["rs1"],
    exact: true,
  },
  OBJECTED: {
    story: "the person objected to marketing (direct marketing: absolute)",
    decide: () => ask([...base(), ...consented(), object("ob1", "2024-03-01T00:00:00Z", ["marketing"])]),
    reasons: ["OBJECTED"],
    field: null,
    ids: ["ob1"],
    exact: true,
  },
  NO_DATA: {
    story: "phone was never recorded",
    decide: () => ask([...base(), ...consented()], { fields: ["email", "phone"] }),
    reasons: ["NO_DATA@phone"],
    field: "phone",
    ids: [],
    exact: true,
  },
  ERASED: {
    story: "the only e-mail fact was erased",
    decide: () => ask([...base(), ...consented(), erase("er1", "2024-03-01T00:00:00Z", { fact: "f1" })]),
    reasons: ["ERASED@email"],
    field: "email",
    ids: ["er1"],
    exact: true,
  },
  UNKNOWN_SOURCE: {
    story: "the e-mail came from xing, which was never registered",
    decide: () =>
      ask([...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "xing" })]),
    reasons: ["UNKNOWN_SOURCE@email"],
    field: "email",
    ids: ["r1"],
  },
  UNLAWFUL_COLLECTION: {
    story: "recorded on consent before any consent existed; the consent given later does not heal it",
    decide: () =>
      ask([...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" }), consent("k1", "2024-03-01T00:00:00Z", { consent: "k1" })]),
    reasons: ["UNLAWFUL_COLLECTION@email"],
    field: "email",
    ids: ["r1"],
  },
  OWNER_DEPARTED: {
    story: "came through the account of an employee who left under an erase agreement",
    decide: () =>
      ask([
        ...base(),
        link("ln1", T0, "acc1", "emp1", "linkedin", "erase"),
        consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }),
        fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin", account: "acc1" }),
        departed("dep1", "2024-03-01T00:00:00Z", "emp1"),
      ]),
    reasons: ["OWNER_DEPARTED@email"],
    field: "email",
    ids: ["r1", "ln1", "dep1"],
  },
  COLLECTION_CONSENT_WITHDRAWN: {
    story: "collected on consent, consent withdrawn; a contract for sales does not replace it",
    decide: () =>
      ask(
        [
          ...base(),
          consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }),
          fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["marketing", "sales"] }),
          basis("b1", "2024-02-03T00:00:00Z", "contract", ["sales"], "order-1"),
          withdraw("w1", "2024-03-01T00:00:00Z", { consent: "k1" }),
        ],
        { purpose: "sales" },
      ),
    reasons: ["COLLECTION_CONSENT_WITHDRAWN@email"],
    field: "email",
    ids: ["r1", "k1", "w1"],
  },
  PURPOSE_INCOMPATIBLE: {
    story: "collected for sales, used for research, no assessment and no consent",
    decide: () =>
      ask(
        [
          ...base(),
          fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }),
          basis("b1", "2024-02-03T00:00:00Z", "legitimate-interests", ["research"], "lia-1"),
        ],
        { purpose: "research" },
      ),
    reasons: ["PURPOSE_INCOMPATIBLE@email"],
    field: "email",
    ids: ["r1"],
  },
  NO_LEGAL_BASIS: {
    story: "collected for sales under a contract, but no basis is recorded for the use (a fact's basis establishes nothing)",
    decide: () => ask([...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" })], { purpose: "sales" }),
    reasons: ["NO_LEGAL_BASIS@email"],
    field: "email",
    ids: [],
  },
  CONSENT_NOT_ACTIVE: {
    story: "the only consent was a pre-ticked box",
    decide: () => ask([...base(), ...salesFact(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", method: "pre-ticked" })]),
    reasons: ["CONSENT_NOT_ACTIVE@email", "NO_LEGAL_BASIS@email"],
    field: "email",
    ids: ["k1"],
  },
  CONSENT_UNINFORMED: {
    story: "the consent names notice version 9, which was never published",
    decide: () => ask([...base(), ...salesFact(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", noticeVersion: "9" })]),
    reasons: ["CONSENT_UNINFORMED@email", "NO_LEGAL_BASIS@email"],
    field: "email",
    ids: ["k1"],
  },
  CONSENT_UNCONFIRMED: {
    story: "marketing.email requires double opt-in and the consent was never confirmed",
    decide: () => ask([...base(), declare("p-email2", T0, "marketing.email", ["consent"], { doubleOptIn: true }), ...consented()]),
    reasons: ["CONSENT_UNCONFIRMED@email", "NO_LEGAL_BASIS@email"],
    field: "email",
    ids: ["k1"],
  },
  CONSENT_WITHDRAWN: {
    story: "the only consent was withdrawn",
    decide: () =>
      ask([...base(), ...salesFact(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), withdraw("w1", "2024-03-01T00:00:00Z", { consent: "k1" })]),
    reasons: ["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"],
    field: "email",
    ids: ["k1", "w1"],
    exact: true,
  },
  CONSENT_EXPIRED: {
    story: "the consent expired before T",
    decide: () => ask([...base(), ...salesFact(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", expires: "2024-05-01T00:00:00Z" })]),
    reasons: ["CONSENT_EXPIRED@email", "NO_LEGAL_BASIS@email"],
    field: "email",
    ids: ["k1"],
  },
  RETENTION_EXPIRED: {
    story: "marketing.email keeps data one month and the fact is four months old",
    decide: () => ask([...base(), declare("p-email2", T0, "marketing.email", ["consent"], { retention: "P1M" }), ...consented()]),
    reasons: ["RETENTION_EXPIRED@email"],
    field: "email",
    ids: ["r1"],
    exact: true,
  },
  NO_SPECIAL_CONDITION: {
    story: "contact data was declared a special category (Art. 9(1)) and the only condition recorded covers sales, not marketing",
    decide: () =>
      ask([
        ...base(),
        ...consented(),
        { id: "sc-decl", type: "SpecialCategoryDeclared", at: T0, data: { category: "contact", description: "stands for a special category here" } },
        { id: "sc-1", type: "SpecialConditionRecorded", at: "2024-02-03T00:00:00Z", subject: "s1", data: { condition: "A9-2-e", categories: ["contact"], purposes: ["sales"], reference: "public-profile" } },
      ]),
    reasons: ["NO_SPECIAL_CONDITION@email"],
    field: "email",
    ids: ["r1", "sc-decl", "sc-1"],
    exact: true,
  },
};

describe("every reason code has a scenario", () => {
  test("the scenario table and REASON_CODES list the same codes", () => {
    expect(Object.keys(scenarios).sort()).toEqual([...REASON_CODES].sort());
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });

  test.each([...REASON_CODES])("%s", (code) => {
    const s = scenarios[code];
    const d = s.decide();
    expectDenied(d, s.reasons);
    const r = only(d, code, s.field);
    if (s.field === null) expect(r.field).toBeUndefined();
    else expect(r.field).toBe(s.field);
    if (s.exact === true) expect([...r.eventIds].sort()).toEqual([...s.ids].sort());
    else expect(r.eventIds).toEqual(expect.arrayContaining(s.ids));
    for (const f of d.fields) {
      // Subject-level reasons deny every field; a per-field reason denies its field.
      if (s.field === null || f.field === s.field) expect(f.allowed).toBe(false);
      expect(f.allowed).toBe(f.reasons.length === 0 && d.reasons.every((x) => x.field !== undefined));
    }
  });
});

describe("the fixture history (test/fixtures/history.ts)", () => {
  test("anna's e-mail may be used for the newsletter and her employer for sales only with a basis", async () => {
    const { catalog, anna } = await import("../fixtures/history.js");
    const ledger = replay([...catalog, ...anna]);
    const news = canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: { id: "m", roles: ["marketer"] }, at: "2024-03-01T00:00:00Z" });
    expect(news.allowed).toBe(true);
    expect(news.fields[0]!.basis).toEqual({ legalBasis: "consent", eventIds: expect.arrayContaining(["a2", "a3"]) });
    // web-form is a form source: the person's own data, no origin to disclose.
    expect(news.obligations).toEqual([]);
    // Before the double opt-in confirmation (10:05) the consent is unconfirmed.
    const early = canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: { id: "m", roles: ["marketer"] }, at: "2024-02-01T10:04:59Z" });
    expect(early.reasons.map((r) => r.code).sort()).toEqual(["CONSENT_UNCONFIRMED", "NO_LEGAL_BASIS"]);
    // Sales: no contract and no legitimate interest recorded for anna.
    const sales = canUse(ledger, { subject: "anna", purpose: "sales", fields: ["employer"], actor: { id: "s", roles: ["sales"] }, at: "2024-03-01T00:00:00Z" });
    expect(sales.reasons.map((r) => `${r.code}@${r.field}`)).toEqual(["NO_LEGAL_BASIS@employer"]);
    // The marketer may not see the employer (category professional).
    const peek = canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email", "employer"], actor: { id: "m", roles: ["marketer"] }, at: "2024-03-01T00:00:00Z" });
    expect(peek.reasons.map((r) => `${r.code}@${r.field}`).sort()).toEqual(["ACCESS_DENIED@employer"]);
    // Her effective consent makes the employer (collected for sales) compatible with the newsletter.
    expect(peek.fields.find((f) => f.field === "email")!.allowed).toBe(true);
  });
});

describe("ReasonCode", () => {
  test("is exported as a union and as a runtime list under the same name", () => {
    const code: ReasonCode = "CONSENT_WITHDRAWN";
    expect(ReasonCode).toContain(code);
    expect(ReasonCode).toEqual(REASON_CODES);
    expect(new Set(ReasonCode).size).toBe(24);
  });
});
