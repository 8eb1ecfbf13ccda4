/**
 * Issue 4 scenario: a company registers LinkedIn, XING and a Facebook app,
 * two sales employees link their own accounts under different departure
 * agreements, contacts arrive through every channel with and without import
 * consent, anna leaves; marketing and sales query before and after.
 */
import { describe, expect, test } from "vitest";
import { replay, type Decision } from "../../src/index.js";
import { ask, checkShape, only, summary } from "../decisions/helpers.js";
import { AFTER, BEFORE, history } from "./history.js";

const ledger = replay(history());

interface Row {
  subject: string;
  purpose: string;
  role: "marketer" | "sales";
  fields?: string[];
  at: string;
  /** Exact reasons, `CODE` or `CODE@field`. */
  reasons: string[];
  /** Per allowed field: the basis and the events establishing it. */
  bases?: Record<string, [string, string[]]>;
}

const LI = (s: string) => ["legitimate-interests", [`b-${s}`]] as [string, string[]];

const rows: Row[] = [
  // ---------------------------------------------------------- sales, before
  { subject: "c-anna-xing", purpose: "sales", role: "sales", at: BEFORE, reasons: [], bases: { email: LI("c-anna-xing") } },
  { subject: "c-anna-li-co", purpose: "sales", role: "sales", at: BEFORE, reasons: [], bases: { email: LI("c-anna-li-co") } },
  { subject: "c-anna-li", purpose: "sales", role: "sales", at: BEFORE, reasons: [], bases: { email: LI("c-anna-li") } },
  { subject: "c-ben-xing", purpose: "sales", role: "sales", at: BEFORE, reasons: [], bases: { email: LI("c-ben-xing") } },
  { subject: "c-ben-li", purpose: "sales", role: "sales", at: BEFORE, reasons: [], bases: { email: LI("c-ben-li") } },
  { subject: "c-mixed", purpose: "sales", role: "sales", fields: ["email", "phone"], at: BEFORE, reasons: [], bases: { email: LI("c-mixed"), phone: LI("c-mixed") } },
  // ----------------------------------------------------------- sales, after
  { subject: "c-anna-xing", purpose: "sales", role: "sales", at: AFTER, reasons: ["OWNER_DEPARTED@email"] },
  { subject: "c-anna-li-co", purpose: "sales", role: "sales", at: AFTER, reasons: [], bases: { email: LI("c-anna-li-co") } },
  { subject: "c-anna-li", purpose: "sales", role: "sales", at: AFTER, reasons: ["OWNER_DEPARTED@email"] },
  { subject: "c-ben-xing", purpose: "sales", role: "sales", at: AFTER, reasons: [], bases: { email: LI("c-ben-xing") } },
  { subject: "c-ben-li", purpose: "sales", role: "sales", at: AFTER, reasons: [], bases: { email: LI("c-ben-li") } },
  { subject: "c-mixed", purpose: "sales", role: "sales", fields: ["email", "phone"], at: AFTER, reasons: ["OWNER_DEPARTED@email"], bases: { phone: LI("c-mixed") } },
  // ------------------------------------------------------ marketing, before
  { subject: "c-fb-ok", purpose: "marketing", role: "marketer", at: BEFORE, reasons: [], bases: { email: ["consent", ["k-fb-ok"]] } },
  { subject: "c-fb-ok", purpose: "marketing.email", role: "marketer", at: BEFORE, reasons: [], bases: { email: ["consent", ["k-fb-ok"]] } },
  { subject: "c-fb-none", purpose: "marketing", role: "marketer", at: BEFORE, reasons: ["UNLAWFUL_COLLECTION@email"] },
  { subject: "c-fb-gone", purpose: "marketing", role: "marketer", at: BEFORE, reasons: [], bases: { email: ["consent", ["k-fb-gone"]] } },
  // Sales contacts were collected for sales only: no consent, no compatibility assessment.
  { subject: "c-anna-xing", purpose: "marketing", role: "marketer", at: BEFORE, reasons: ["NO_LEGAL_BASIS@email", "PURPOSE_INCOMPATIBLE@email"] },
  { subject: "c-ben-li", purpose: "marketing", role: "marketer", at: BEFORE, reasons: ["NO_LEGAL_BASIS@email", "PURPOSE_INCOMPATIBLE@email"] },
  // ------------------------------------------------------- marketing, after
  { subject: "c-fb-ok", purpose: "marketing", role: "marketer", at: AFTER, reasons: [], bases: { email: ["consent", ["k-fb-ok"]] } },
  { subject: "c-fb-none", purpose: "marketing", role: "marketer", at: AFTER, reasons: ["UNLAWFUL_COLLECTION@email"] },
  { subject: "c-fb-gone", purpose: "marketing", role: "marketer", at: AFTER, reasons: ["COLLECTION_CONSENT_WITHDRAWN@email", "CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email"] },
  { subject: "c-anna-xing", purpose: "marketing", role: "marketer", at: AFTER, reasons: ["NO_LEGAL_BASIS@email", "OWNER_DEPARTED@email", "PURPOSE_INCOMPATIBLE@email"] },
  { subject: "c-anna-li-co", purpose: "marketing", role: "marketer", at: AFTER, reasons: ["NO_LEGAL_BASIS@email", "PURPOSE_INCOMPATIBLE@email"] },
  // ------------------------------------------------- the wrong team asking
  { subject: "c-fb-ok", purpose: "marketing", role: "sales", at: BEFORE, reasons: ["ACCESS_DENIED"] },
  { subject: "c-anna-li-co", purpose: "sales", role: "marketer", at: AFTER, reasons: ["ACCESS_DENIED"] },
];

function decide(r: Row): Decision {
  return ask(ledger, { subject: r.subject, purpose: r.purpose, fields: r.fields ?? ["email"], roles: [r.role], actor: `u-${r.role}`, at: r.at });
}

describe("scenario: social channels, linked accounts, a departure", () => {
  test.each(rows.map((r) => [`${r.role} asks ${r.purpose} of ${r.subject} ${r.at === BEFORE ? "before" : "after"} the departure`, r] as const))("%s", (_, r) => {
    const d = decide(r);
    checkShape(d);
    expect(summary(d)).toEqual([...r.reasons].sort());
    expect(d.allowed).toBe(r.reasons.length === 0);
    const bases = r.bases ?? {};
    for (const f of d.fields) {
      const want = bases[f.field];
      expect(f.allowed, `field ${f.field}`).toBe(want !== undefined);
      if (want !== undefined) {
        expect(f.basis!.legalBasis).toBe(want[0]);
        expect([...f.basis!.eventIds].sort()).toEqual([...want[1]].sort());
      } else {
        expect(f.basis).toBeUndefined();
      }
    }
  });

  test("OWNER_DEPARTED rests on the recording, the link and the departure", () => {
    const d = decide({ subject: "c-anna-xing", purpose: "sales", role: "sales", at: AFTER, reasons: [] });
    expect([...only(d, "OWNER_DEPARTED", "email").eventIds].sort()).toEqual(["dep-anna", "l-anna-xing", "r-c-anna-xing"]);
    const li = decide({ subject: "c-anna-li", purpose: "sales", role: "sales", at: AFTER, reasons: [] });
    const r = only(li, "OWNER_DEPARTED", "email");
    expect([...r.eventIds].sort()).toEqual(["dep-anna", "l-anna-li", "r-c-anna-li"]);
    expect(r.message).toMatch(/company contact/);
  });

  test("an import without consent is not healed by a later consent, and the message says so", () => {
    const d = decide({ subject: "c-fb-none", purpose: "marketing", role: "marketer", at: AFTER, reasons: [] });
    const r = only(d, "UNLAWFUL_COLLECTION", "email");
    expect(r.eventIds).toContain("r-c-fb-none");
    expect(r.eventIds).toContain("src-fb");
    expect(r.message).toMatch(/facebook-app/);
    expect(r.message.toLowerCase()).toMatch(/later/);
  });

  test("a withdrawn import consent: the reason names the recording, the consent and the withdrawal", () => {
    const d = decide({ subject: "c-fb-gone", purpose: "marketing", role: "marketer", at: AFTER, reasons: [] });
    expect([...only(d, "COLLECTION_CONSENT_WITHDRAWN", "email").eventIds].sort()).toEqual(["k-fb-gone", "r-c-fb-gone", "w-fb-gone"]);
  });

  test("the same query on the history without the departure stays allowed after DEP", () => {
    const without = replay(history().filter((e) => e["id"] !== "dep-anna"));
    for (const s of ["c-anna-xing", "c-anna-li", "c-mixed"]) {
      const d = ask(without, { subject: s, purpose: "sales", fields: s === "c-mixed" ? ["email", "phone"] : ["email"], roles: ["sales"], at: AFTER });
      expect(summary(d), s).toEqual([]);
      expect(d.allowed).toBe(true);
    }
  });
});
