/**
 * The order of what the channel reports list does not depend on the order in
 * which accounts, subjects and facts entered the log: accounts sort by id,
 * facts by subject then fact, and the erasure reason follows the agreement in
 * force at the recording. (Mutation testing found these orders untested: the
 * other fixtures happen to be written in sorted order.)
 */
import { describe, expect, test } from "vitest";
import * as lib from "../../src/index.js";
import { canUse, replay } from "../../src/index.js";
import { mustOf } from "../must.js";

const assessSource = mustOf(lib.assessSource);
const departureImpact = mustOf(lib.departureImpact);
import { base, departed, fact, link, T0 } from "../decisions/helpers.js";

const AT = "2024-06-01T00:00:00Z";
const LEFT = "2024-05-01T00:00:00Z";

// Linked and recorded in reverse order of ids; zed's facts come before anna's.
const history = [
  ...base(),
  link("l-z", T0, "xing:zz", "bob", "linkedin", "erase"),
  link("l-a", T0, "li:aa", "bob", "linkedin", "keep-company-contacts"),
  fact("f-z2", "2024-02-01T00:00:00Z", { fact: "z2", subject: "zed", source: "linkedin", account: "xing:zz", basis: "legitimate-interests", purposes: ["sales"] }),
  fact("f-z1", "2024-02-02T00:00:00Z", { fact: "z1", subject: "zed", field: "phone", source: "linkedin", account: "xing:zz", basis: "legitimate-interests", purposes: ["sales"] }),
  fact("f-a1", "2024-02-03T00:00:00Z", { fact: "a1", subject: "anna", source: "linkedin", account: "li:aa", basis: "legitimate-interests", purposes: ["sales"] }),
  fact("f-a0", "2024-02-04T00:00:00Z", { fact: "a0", subject: "anna", field: "phone", source: "linkedin", account: "li:aa", basis: "legitimate-interests", purposes: ["sales"], companyContact: true }),
  departed("dep-bob", LEFT, "bob"),
];

// Computed inside each test (not at collection), so that per-test coverage (Stryker) sees it.
const impactNow = () => departureImpact(replay(history), "bob", { at: AT });

describe("departureImpact orders what it lists", () => {

  test("accounts by id, whatever the order of linking", () => {
    const impact = impactNow();
    expect(impact.accounts.map((a) => a.account)).toEqual(["li:aa", "xing:zz"]);
  });

  test("facts by subject, then by fact id, whatever the order of recording", () => {
    const impact = impactNow();
    expect(impact.facts.map((f) => `${f.subject}/${f.fact}`)).toEqual(["anna/a1", "zed/z1", "zed/z2"]);
    expect(impact.kept).toBe(1);
  });

  test("each erasure reason names the agreement of its own account", () => {
    const impact = impactNow();
    const reasons = Object.fromEntries(impact.facts.map((f) => [`${f.subject}/${f.fact}`, f.erasureReason]));
    expect(reasons["anna/a1"]).toBe("employee bob left; agreement for account li:aa: keep only company contacts");
    expect(reasons["zed/z2"]).toBe("employee bob left; agreement for account xing:zz: erase its contacts");
  });

  test("the listed facts are exactly those canUse denies with OWNER_DEPARTED", () => {
    const ledger = replay(history);
    const denied = (subject: string, field: string) =>
      canUse(ledger, { subject, purpose: "sales", fields: [field], actor: { id: "u", roles: ["staff"] }, at: AT }).reasons.some((r) => r.code === "OWNER_DEPARTED");
    expect([denied("anna", "email"), denied("anna", "phone"), denied("zed", "email"), denied("zed", "phone")]).toEqual([true, false, true, true]);
  });
});

describe("assessSource lists only what is there", () => {

  test("byReason has a key per code that counted a fact, and no other", () => {
    const a = assessSource(replay(history), "linkedin", { at: AT });
    expect(a.facts).toBe(4);
    expect(Object.keys(a.byReason).every((k) => (a.byReason as Record<string, number>)[k]! > 0)).toBe(true);
    expect(a.byReason.OWNER_DEPARTED).toBe(3);
    expect("RESTRICTED" in a.byReason).toBe(false);
  });

  test("a registration without importConsentPurpose has no such key", () => {
    const a = assessSource(replay(history), "linkedin", { at: AT });
    expect(a.registration).toBeDefined();
    expect("importConsentPurpose" in a.registration!).toBe(false);
    expect(a.importNeedsConsent).toBe(false);
  });

  // One error policy (docs/compatibility.md): INVALID_QUERY, naming the argument and its type.
  test("an `at` that is not a string is answered with INVALID_QUERY", () => {
    const bad = { at: 42 } as unknown as { at: string };
    const ledger = replay(history);
    expect(lib.assessSource(ledger, "linkedin", bad)).toEqual({ error: { code: "INVALID_QUERY", message: "assessSource(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got number." } });
    expect(lib.departureImpact(ledger, "bob", bad)).toEqual({ error: { code: "INVALID_QUERY", message: "departureImpact(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got number." } });
  });
});

describe("departureImpact's order on a larger list", () => {
  test("subjects and facts entered in reverse order come out sorted by subject, then fact", () => {
    const subjects = ["s5", "s4", "s3", "s2", "s1"];
    const events = [...base(), link("l-z", T0, "xing:zz", "bob", "linkedin", "erase")];
    let day = 1;
    for (const subject of subjects) {
      for (const f of ["f3", "f2", "f1"]) {
        const at = `2024-02-${String(day++).padStart(2, "0")}T00:00:00Z`;
        events.push(fact(`r-${subject}-${f}`, at, { fact: f, field: `field-${f}`, subject, source: "linkedin", account: "xing:zz", basis: "legitimate-interests", purposes: ["sales"] }));
      }
    }
    events.push(departed("dep-bob", LEFT, "bob"));
    const listed = departureImpact(replay(events), "bob", { at: AT }).facts.map((f) => `${f.subject}/${f.fact}`);
    expect(listed).toEqual(["s1", "s2", "s3", "s4", "s5"].flatMap((s) => [`${s}/f1`, `${s}/f2`, `${s}/f3`]));
  });
});
