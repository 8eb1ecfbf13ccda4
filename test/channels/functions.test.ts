/**
 * Issue 4 functions: departureImpact, whoMayUse, accessMatrix, recordUse,
 * usesOf, assessSource, on the scenario history of ./history.ts.
 */
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import * as lib from "../../src/index.js";
import { apply, canUse, isInvalidQuery, recordUse, replay, type Ledger, type UseQuery } from "../../src/index.js";
import { mustOf } from "../must.js";
import { erase, fact, grantPolicy, retireSource, revokePolicy, T0, type Ev } from "../decisions/helpers.js";
import { AFTER, BEFORE, DEP, history, catalog, contacts, LINKED } from "./history.js";

// Well-formed queries throughout; the malformed ones call lib.* and expect INVALID_QUERY.
const departureImpact = mustOf(lib.departureImpact);
const whoMayUse = mustOf(lib.whoMayUse);
const accessMatrix = mustOf(lib.accessMatrix);
const usesOf = mustOf(lib.usesOf);
const assessSource = mustOf(lib.assessSource);

const ledger = replay(history());
const LATER = "2024-06-01T00:00:00Z";

// ------------------------------------------------------------ departureImpact

describe("departureImpact", () => {
  test("after the departure: the accounts with their agreements, the facts due for erasure, company contacts kept", () => {
    const d = departureImpact(ledger, "anna", { at: AFTER });
    expect(d.employee).toBe("anna");
    expect(d.at).toBe(AFTER);
    expect(d.departed).toEqual({ at: DEP, eventId: "dep-anna" });
    expect(d.accounts).toEqual([
      { account: "acc-anna-li", source: "linkedin", onDeparture: "keep-company-contacts", linkedAt: LINKED, eventId: "l-anna-li" },
      { account: "acc-anna-xing", source: "xing", onDeparture: "erase", linkedAt: LINKED, eventId: "l-anna-xing" },
    ]);
    expect(d.facts.map((f) => [f.subject, f.fact, f.field, f.account, f.companyContact, f.eventId])).toEqual([
      ["c-anna-li", "f-c-anna-li", "email", "acc-anna-li", false, "r-c-anna-li"],
      ["c-anna-xing", "f-c-anna-xing", "email", "acc-anna-xing", false, "r-c-anna-xing"],
      ["c-mixed", "f-c-mixed", "email", "acc-anna-xing", false, "r-c-mixed"],
    ]);
    // the company contact of the keep-company-contacts account is kept and counted
    expect(d.kept).toBe(1);
    expect(d.facts.some((f) => f.subject === "c-anna-li-co")).toBe(false);
  });

  test("the erasure reason names the employee, the account and the agreement", () => {
    const d = departureImpact(ledger, "anna", { at: AFTER });
    const byAcc = new Map(d.facts.map((f) => [f.subject, f.erasureReason]));
    for (const r of byAcc.values()) expect(r).toMatch(/anna/);
    expect(byAcc.get("c-anna-xing")).toMatch(/acc-anna-xing/);
    expect(byAcc.get("c-anna-xing")).toMatch(/erase/);
    expect(byAcc.get("c-anna-li")).toMatch(/acc-anna-li/);
    expect(byAcc.get("c-anna-li")).toMatch(/company contacts/);
  });

  test("every listed fact is denied by canUse with OWNER_DEPARTED, every kept fact is not", () => {
    const d = departureImpact(ledger, "anna", { at: AFTER });
    for (const f of d.facts) {
      const dec = canUse(ledger, { subject: f.subject, purpose: "sales", fields: [f.field], actor: { id: "u", roles: ["sales"] }, at: AFTER });
      expect(dec.reasons.map((r) => `${r.code}@${r.field}`)).toContain(`OWNER_DEPARTED@${f.field}`);
    }
    const kept = canUse(ledger, { subject: "c-anna-li-co", purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: AFTER });
    expect(kept.allowed).toBe(true);
  });

  test("before the departure: the accounts, but nothing is due yet (the agreement does not yet make anything unusable)", () => {
    const d = departureImpact(ledger, "anna", { at: BEFORE });
    expect(d.departed).toBeUndefined();
    expect("departed" in d).toBe(false);
    expect(d.accounts.map((a) => a.account)).toEqual(["acc-anna-li", "acc-anna-xing"]);
    expect(d.facts).toEqual([]);
    expect(d.kept).toBe(0);
    // And indeed canUse still allows those contacts then.
    const dec = canUse(ledger, { subject: "c-anna-xing", purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: BEFORE });
    expect(dec.reasons.map((r) => r.code)).not.toContain("OWNER_DEPARTED");
  });

  test("before the accounts were linked: nothing", () => {
    const d = departureImpact(ledger, "anna", { at: "2024-01-05T00:00:00Z" });
    expect(d.accounts).toEqual([]);
    expect(d.facts).toEqual([]);
    expect(d.kept).toBe(0);
  });

  test("an employee who stays: their accounts, and nothing due; once they leave, what their agreements make unusable", () => {
    const d = departureImpact(ledger, "ben", { at: AFTER });
    expect(d.departed).toBeUndefined();
    expect(d.accounts.map((a) => [a.account, a.onDeparture])).toEqual([
      ["acc-ben-li", "keep-company-contacts"],
      ["acc-ben-xing", "erase"],
    ]);
    expect(d.facts).toEqual([]);
    expect(d.kept).toBe(0);
    const LATER = "2024-12-01T00:00:00Z";
    const left = apply(ledger, { id: "dep-ben", type: "EmployeeDeparted", at: LATER, data: { employee: "ben" } });
    const after = departureImpact(left, "ben", { at: LATER });
    expect(after.departed?.eventId).toBe("dep-ben");
    expect(after.facts.map((f) => f.subject)).toEqual(["c-ben-li", "c-ben-xing"]);
    expect(after.kept).toBe(0);
  });

  test("erased facts are not listed (from the erasure on)", () => {
    const ERASED = "2024-04-10T00:00:00Z";
    const l = replay([...history(), erase("x-1", ERASED, { fact: "f-c-anna-xing" }, "c-anna-xing")]);
    expect(departureImpact(l, "anna", { at: AFTER }).facts.map((f) => f.subject)).toEqual(["c-anna-li", "c-mixed"]);
    expect(departureImpact(l, "anna", { at: DEP }).facts.map((f) => f.subject)).toEqual(["c-anna-li", "c-anna-xing", "c-mixed"]);
  });

  test("an unknown employee: nothing", () => {
    const d = departureImpact(ledger, "zoe", { at: AFTER });
    expect(d.accounts).toEqual([]);
    expect(d.facts).toEqual([]);
    expect(d.kept).toBe(0);
    expect(d.departed).toBeUndefined();
  });

  // One error policy (docs/compatibility.md): an empty impact would read as "nothing to erase".
  test.each([["not a date"], ["2024-13-45T00:00:00Z"], ["2024-07-01"], [""], [undefined as unknown as string]])("a malformed at (%s) is an INVALID_QUERY value", (at) => {
    const d = lib.departureImpact(ledger, "anna", { at });
    expect(isInvalidQuery(d)).toBe(true);
    if (isInvalidQuery(d)) expect(d.error.message).toMatch(/^departureImpact\(\): options\.at must be an ISO 8601 UTC timestamp/);
  });

  test("an employee that is not a string is an INVALID_QUERY value", () => {
    expect(lib.departureImpact(ledger, 42 as unknown as string, { at: AFTER })).toMatchObject({ error: { code: "INVALID_QUERY", message: "departureImpact(): employee must be a string, got number." } });
  });

  test("the value is frozen", () => {
    const d = departureImpact(ledger, "anna", { at: AFTER });
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.facts)).toBe(true);
    expect(Object.isFrozen(d.accounts)).toBe(true);
  });
});

// ------------------------------------------------------------------ whoMayUse

describe("whoMayUse", () => {
  test("roles whose policy covers the purpose and the category, down the hierarchy", () => {
    expect(whoMayUse(ledger, { purpose: "marketing", category: "contact", at: BEFORE })).toEqual(["marketer"]);
    expect(whoMayUse(ledger, { purpose: "marketing.email", category: "contact.email", at: BEFORE })).toEqual(["marketer"]);
    expect(whoMayUse(ledger, { purpose: "sales", category: "contact.phone", at: BEFORE })).toEqual(["sales"]);
    expect(whoMayUse(ledger, { purpose: "sales", category: "professional.title", at: BEFORE })).toEqual(["sales"]);
    expect(whoMayUse(ledger, { purpose: "marketing", category: "professional", at: BEFORE })).toEqual([]);
    expect(whoMayUse(ledger, { purpose: "research", category: "contact", at: BEFORE })).toEqual([]);
  });

  test("a child grant does not cover its parent; a prefix that is no ancestor covers nothing", () => {
    const l = replay([...catalog(), grantPolicy("pol-nl", T0, "newsletter", "newsletter", ["marketing.email"], ["contact.email"])]);
    expect(whoMayUse(l, { purpose: "marketing.email", category: "contact.email", at: BEFORE })).toEqual(["marketer", "newsletter"]);
    expect(whoMayUse(l, { purpose: "marketing", category: "contact.email", at: BEFORE })).toEqual(["marketer"]);
    expect(whoMayUse(l, { purpose: "marketing.email", category: "contact", at: BEFORE })).toEqual(["marketer"]);
    expect(whoMayUse(l, { purpose: "marketing.emails", category: "contact.email", at: BEFORE })).toEqual(["marketer"]);
  });

  test("sorted and without duplicates", () => {
    const l = replay([
      ...catalog(),
      grantPolicy("pol-z", T0, "z-pol", "zeta", ["sales"], ["contact"]),
      grantPolicy("pol-a", T0, "a-pol", "admin", ["marketing", "sales"], ["contact"]),
      grantPolicy("pol-s2", T0, "sales-extra", "sales", ["sales"], ["contact.email"]),
    ]);
    expect(whoMayUse(l, { purpose: "sales", category: "contact.email", at: BEFORE })).toEqual(["admin", "sales", "zeta"]);
  });

  test("a revoked policy is excluded from its revocation on; not yet granted ones too", () => {
    const REV = "2024-04-15T00:00:00Z";
    const l = replay([...history(), revokePolicy("rev-mkt", REV, "marketing-team")]);
    expect(whoMayUse(l, { purpose: "marketing", category: "contact", at: BEFORE })).toEqual(["marketer"]);
    expect(whoMayUse(l, { purpose: "marketing", category: "contact", at: REV })).toEqual([]);
    expect(whoMayUse(l, { purpose: "marketing", category: "contact", at: AFTER })).toEqual([]);
    expect(whoMayUse(l, { purpose: "marketing", category: "contact", at: "2023-12-31T00:00:00Z" })).toEqual([]);
  });

  // One error policy (docs/compatibility.md): no roles would read as "nobody may".
  test("a malformed query is an INVALID_QUERY value naming what is wrong", () => {
    const message = (q: unknown) => {
      const r = lib.whoMayUse(ledger, q as never);
      return isInvalidQuery(r) ? r.error.message : r;
    };
    expect(message({ purpose: "marketing", category: "contact", at: "nope" })).toMatch(/^whoMayUse\(\): query\.at must be an ISO 8601 UTC timestamp/);
    expect(message({ purpose: "", category: "contact", at: BEFORE })).toBe('whoMayUse(): query.purpose must be a dotted purpose id like marketing.email, got "".');
    expect(message({ purpose: "marketing", category: "", at: BEFORE })).toBe('whoMayUse(): query.category must be a dotted category id like contact.email, got "".');
    expect(message(null)).toBe("whoMayUse(): the query must be an object { purpose, category, at }.");
  });
});

// --------------------------------------------------------------- accessMatrix

describe("accessMatrix", () => {
  test("one cell per role × purpose × category, with the policies and events, sorted", () => {
    expect(accessMatrix(ledger, { at: BEFORE })).toEqual([
      { role: "marketer", purpose: "marketing", category: "contact", policies: ["marketing-team"], eventIds: ["pol-mkt"] },
      { role: "sales", purpose: "sales", category: "contact", policies: ["sales-team"], eventIds: ["pol-sales"] },
      { role: "sales", purpose: "sales", category: "professional", policies: ["sales-team"], eventIds: ["pol-sales"] },
    ]);
  });

  test("two policies granting the same cell are merged; cells sort by role, purpose, category", () => {
    const l = replay([
      ...catalog(),
      grantPolicy("pol-x", T0, "x-team", "sales", ["sales", "marketing.email"], ["contact"]),
      grantPolicy("pol-a", T0, "a-team", "analyst", ["sales"], ["professional", "contact"]),
    ]);
    const m = accessMatrix(l, { at: BEFORE });
    expect(m.map((c) => [c.role, c.purpose, c.category])).toEqual([
      ["analyst", "sales", "contact"],
      ["analyst", "sales", "professional"],
      ["marketer", "marketing", "contact"],
      ["sales", "marketing.email", "contact"],
      ["sales", "sales", "contact"],
      ["sales", "sales", "professional"],
    ]);
    const merged = m.find((c) => c.role === "sales" && c.purpose === "sales" && c.category === "contact")!;
    expect(merged.policies).toEqual(["sales-team", "x-team"]);
    expect([...merged.eventIds].sort()).toEqual(["pol-sales", "pol-x"]);
  });

  test("revoked policies are excluded", () => {
    const REV = "2024-04-15T00:00:00Z";
    const l = replay([...history(), revokePolicy("rev-sales", REV, "sales-team")]);
    expect(accessMatrix(l, { at: BEFORE }).map((c) => c.role)).toEqual(["marketer", "sales", "sales"]);
    expect(accessMatrix(l, { at: AFTER })).toEqual([
      { role: "marketer", purpose: "marketing", category: "contact", policies: ["marketing-team"], eventIds: ["pol-mkt"] },
    ]);
  });

  test("a regrant after a revocation shows the regranting event", () => {
    const l = replay([...history(), revokePolicy("rev-sales", "2024-04-15T00:00:00Z", "sales-team"), grantPolicy("pol-sales-2", "2024-04-20T00:00:00Z", "sales-team", "sales", ["sales"], ["contact"])]);
    expect(accessMatrix(l, { at: AFTER }).filter((c) => c.role === "sales")).toEqual([
      { role: "sales", purpose: "sales", category: "contact", policies: ["sales-team"], eventIds: ["pol-sales-2"] },
    ]);
  });

  test("before any policy: empty", () => {
    expect(accessMatrix(ledger, { at: "2023-12-31T00:00:00Z" })).toEqual([]);
  });

  test("a malformed at is an INVALID_QUERY value, not an empty matrix", () => {
    const m = lib.accessMatrix(ledger, { at: "yesterday" });
    expect(isInvalidQuery(m) && m.error.message).toBe('accessMatrix(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "yesterday".');
  });
});

// ------------------------------------------------------------------ recordUse

const salesQuery = (subject: string, at: string, fields = ["email"], roles = ["sales"]): UseQuery => ({ subject, purpose: "sales", fields, actor: { id: "u-7", roles }, at });

describe("recordUse", () => {
  test("allowed: Right with the UseRecorded event, id from newId, bases equal to the decision's", () => {
    const q = salesQuery("c-mixed", BEFORE, ["email", "phone"], ["sales", "support"]);
    const decision = canUse(ledger, q);
    expect(decision.allowed).toBe(true);
    let calls = 0;
    const r = recordUse(ledger, q, { newId: () => `use-${++calls}` });
    expect(E.isRight(r)).toBe(true);
    if (!E.isRight(r)) return;
    expect(calls).toBe(1);
    const e = r.right;
    expect(e.id).toBe("use-1");
    expect(e.type).toBe("UseRecorded");
    expect(e.at).toBe(BEFORE);
    expect(e.subject).toBe("c-mixed");
    expect(e.data.purpose).toBe("sales");
    expect(e.data.actor).toBe("u-7");
    expect(e.data.roles).toEqual(["sales", "support"]);
    expect(e.data.fields).toEqual(["email", "phone"]);
    expect(e.data.bases).toEqual(decision.fields.map((f) => ({ field: f.field, legalBasis: f.basis!.legalBasis, eventIds: [...f.basis!.eventIds] })));
    expect(e.data.bases).toEqual([
      { field: "email", legalBasis: "legitimate-interests", eventIds: ["b-c-mixed"] },
      { field: "phone", legalBasis: "legitimate-interests", eventIds: ["b-c-mixed"] },
    ]);
  });

  test("a consent-based use: the basis names the consent", () => {
    const r = recordUse(ledger, { subject: "c-fb-ok", purpose: "marketing.email", fields: ["email"], actor: { id: "m-1", roles: ["marketer"] }, at: AFTER }, { newId: () => "u-x" });
    expect(E.isRight(r) && r.right.data.bases).toEqual([{ field: "email", legalBasis: "consent", eventIds: ["k-fb-ok"] }]);
  });

  test("denied: Left with the decision, newId never called", () => {
    for (const q of [salesQuery("c-anna-xing", AFTER), salesQuery("c-mixed", AFTER, ["email", "phone"]), salesQuery("c-ben-li", AFTER, ["email"], ["marketer"]), salesQuery("nobody", AFTER)]) {
      let calls = 0;
      const r = recordUse(ledger, q, { newId: () => `use-${++calls}` });
      expect(E.isLeft(r)).toBe(true);
      if (E.isLeft(r)) expect(r.left).toEqual(canUse(ledger, q));
      expect(calls).toBe(0);
    }
  });

  test("a malformed query: Left with INVALID_QUERY", () => {
    const r = recordUse(ledger, { ...salesQuery("c-ben-li", AFTER), fields: [] }, { newId: () => "x" });
    expect(E.isLeft(r) && r.left.reasons.map((x) => x.code)).toEqual(["INVALID_QUERY"]);
  });

  test("the default id is a uuid v7", () => {
    const r = recordUse(ledger, salesQuery("c-ben-li", AFTER));
    expect(E.isRight(r) && r.right.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test("the event applies to the ledger and then shows in usesOf", () => {
    const r = recordUse(ledger, salesQuery("c-mixed", BEFORE, ["email", "phone"]), { newId: () => "use-1" });
    if (!E.isRight(r)) throw new Error("expected Right");
    const l = apply(ledger, r.right);
    expect(l.size).toBe(ledger.size + 1);
    expect(usesOf(ledger, "c-mixed")).toEqual([]);
    expect(usesOf(l, "c-mixed")).toEqual([
      {
        eventId: "use-1",
        at: BEFORE,
        actor: "u-7",
        roles: ["sales"],
        purpose: "sales",
        fields: ["email", "phone"],
        bases: r.right.data.bases,
      },
    ]);
    // replaying the whole log with it gives the same
    expect(usesOf(replay([...history(), r.right]), "c-mixed")).toEqual(usesOf(l, "c-mixed"));
  });
});

// --------------------------------------------------------------------- usesOf

describe("usesOf", () => {
  const T1 = "2024-03-02T00:00:00Z";
  const T2 = "2024-03-03T00:00:00Z";
  const T3 = "2024-03-04T00:00:00Z";
  const use = (id: string, subject: string, at: string, roles = ["sales"]): Ev => {
    const r = recordUse(ledger, { subject, purpose: "sales", fields: ["email"], actor: { id: `actor-${id}`, roles }, at }, { newId: () => id });
    if (!E.isRight(r)) throw new Error(`expected an allowed use for ${subject} at ${at}`);
    return r.right as unknown as Ev;
  };
  const withUses = (): Ledger => replay([...history(), use("u1", "c-ben-li", T1), use("o1", "c-ben-xing", T1), use("u2", "c-ben-li", T2), use("u3", "c-ben-li", T3), use("o2", "c-ben-xing", T3)]);

  test("every use of the subject, in order, with who, when, fields, purpose and basis; other subjects not mixed", () => {
    const l = withUses();
    const us = usesOf(l, "c-ben-li");
    expect(us.map((u) => [u.eventId, u.at, u.actor])).toEqual([
      ["u1", T1, "actor-u1"],
      ["u2", T2, "actor-u2"],
      ["u3", T3, "actor-u3"],
    ]);
    for (const u of us) {
      expect(u.purpose).toBe("sales");
      expect(u.fields).toEqual(["email"]);
      expect(u.roles).toEqual(["sales"]);
      expect(u.bases).toEqual([{ field: "email", legalBasis: "legitimate-interests", eventIds: ["b-c-ben-li"] }]);
    }
    expect(usesOf(l, "c-ben-xing").map((u) => u.eventId)).toEqual(["o1", "o2"]);
    expect(usesOf(l, "c-anna-xing")).toEqual([]);
    expect(usesOf(l, "nobody")).toEqual([]);
  });

  test("from and to are inclusive bounds", () => {
    const l = withUses();
    const ids = (o: { from?: string; to?: string }) => usesOf(l, "c-ben-li", o).map((u) => u.eventId);
    expect(ids({ from: T2 })).toEqual(["u2", "u3"]);
    expect(ids({ to: T2 })).toEqual(["u1", "u2"]);
    expect(ids({ from: T2, to: T2 })).toEqual(["u2"]);
    expect(ids({ from: T1, to: T3 })).toEqual(["u1", "u2", "u3"]);
    expect(ids({ from: "2024-03-02T00:00:01Z", to: "2024-03-03T23:59:59Z" })).toEqual(["u2"]);
    expect(ids({ from: T3, to: T1 })).toEqual([]);
    expect(ids({})).toEqual(["u1", "u2", "u3"]);
  });

  // One error policy (docs/compatibility.md): an empty list would read as "never used".
  test("a malformed bound, options or subject is an INVALID_QUERY value", () => {
    const l = withUses();
    const message = (subject: unknown, options: unknown) => {
      const r = lib.usesOf(l, subject as string, options as never);
      return isInvalidQuery(r) ? r.error.message : r;
    };
    expect(message("c-ben-li", { from: "garbage" })).toBe('usesOf(): options.from must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "garbage".');
    expect(message("c-ben-li", { to: "garbage" })).toBe('usesOf(): options.to must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "garbage".');
    expect(message("nobody", { to: "garbage" })).toMatch(/^usesOf\(\): options\.to must be/);
    expect(message("c-ben-li", "2024-03-02T00:00:00Z")).toBe('usesOf(): options must be an object { from?, to? }, got "2024-03-02T00:00:00Z".');
    expect(message(7, {})).toBe("usesOf(): subject must be a string, got number.");
    // Absent options (undefined or null) mean no bounds.
    expect(usesOf(l, "c-ben-li", null as never).map((u) => u.eventId)).toEqual(["u1", "u2", "u3"]);
  });
});

// --------------------------------------------------------------- assessSource

describe("assessSource", () => {
  test("the Facebook app: registration, assessment, import consent, and its unlawful imports by reason", () => {
    const a = assessSource(ledger, "facebook-app", { at: AFTER });
    expect(a).toEqual({
      source: "facebook-app",
      at: AFTER,
      registered: true,
      registration: { kind: "social-app", assessment: "DPIA-facebook-app", importConsentPurpose: "marketing", at: T0, eventId: "src-fb" },
      importNeedsConsent: true,
      purposes: ["marketing"],
      facts: 3,
      erased: 0,
      unusable: 2,
      byReason: { UNLAWFUL_COLLECTION: 1, COLLECTION_CONSENT_WITHDRAWN: 1, CONSENT_WITHDRAWN: 1, NO_LEGAL_BASIS: 1 },
    });
  });

  test("before the withdrawal only the import without consent is unusable", () => {
    const a = assessSource(ledger, "facebook-app", { at: BEFORE });
    expect(a.unusable).toBe(1);
    expect(a.byReason).toEqual({ UNLAWFUL_COLLECTION: 1 });
  });

  test("erased facts are counted apart and not judged", () => {
    const l = replay([...history(), erase("x-1", "2024-04-20T00:00:00Z", { fact: "f-c-fb-none" }, "c-fb-none")]);
    const a = assessSource(l, "facebook-app", { at: AFTER });
    expect([a.facts, a.erased, a.unusable]).toEqual([3, 1, 1]);
    expect(a.byReason).toEqual({ COLLECTION_CONSENT_WITHDRAWN: 1, CONSENT_WITHDRAWN: 1, NO_LEGAL_BASIS: 1 });
  });

  test("XING: no import consent; departures counted as OWNER_DEPARTED after, nothing before", () => {
    const after = assessSource(ledger, "xing", { at: AFTER });
    expect(after.registration).toEqual({ kind: "social-network", assessment: "DPIA-xing", at: T0, eventId: "src-xing" });
    expect(after.importNeedsConsent).toBe(false);
    expect(after.purposes).toEqual(["sales"]);
    expect([after.facts, after.erased, after.unusable]).toEqual([3, 0, 2]);
    expect(after.byReason).toEqual({ OWNER_DEPARTED: 2 });
    const before = assessSource(ledger, "xing", { at: BEFORE });
    expect([before.facts, before.unusable]).toEqual([3, 0]);
    expect(before.byReason).toEqual({});
    const li = assessSource(ledger, "linkedin", { at: AFTER });
    expect([li.facts, li.unusable]).toEqual([3, 1]);
    expect(li.byReason).toEqual({ OWNER_DEPARTED: 1 });
  });

  test("access checks are left out: revoking every policy changes nothing", () => {
    const l = replay([...history(), revokePolicy("r1", "2024-04-15T00:00:00Z", "marketing-team"), revokePolicy("r2", "2024-04-15T00:00:00Z", "sales-team")]);
    for (const s of ["facebook-app", "xing", "linkedin", "crm"]) expect(assessSource(l, s, { at: AFTER })).toEqual(assessSource(ledger, s, { at: AFTER }));
    expect(assessSource(l, "xing", { at: AFTER }).byReason).not.toHaveProperty("ACCESS_DENIED");
  });

  test("a fact usable for one of its collection purposes is not unusable", () => {
    const l = replay([
      ...catalog(),
      ...contacts(),
      fact("r-two", "2024-02-20T00:00:00Z", { subject: "c-two", fact: "f-two", source: "crm", purposes: ["sales", "marketing"], basis: "legitimate-interests" }),
      { id: "b-two", type: "LegalBasisRecorded", at: "2024-02-20T00:00:00Z", subject: "c-two", data: { basis: "legitimate-interests", purposes: ["sales"], reference: "LIA-two" } },
    ]);
    const a = assessSource(l, "crm", { at: AFTER });
    expect(a.purposes).toEqual(["marketing", "sales"]);
    expect([a.facts, a.unusable]).toEqual([2, 0]);
    expect(a.byReason).toEqual({ NO_LEGAL_BASIS: 1 });
  });

  test("an unregistered source: not registered, no registration, and its facts are UNKNOWN_SOURCE", () => {
    const none = assessSource(ledger, "tiktok", { at: AFTER });
    expect(none).toEqual({ source: "tiktok", at: AFTER, registered: false, importNeedsConsent: false, purposes: [], facts: 0, erased: 0, unusable: 0, byReason: {} });
    expect("registration" in none).toBe(false);
    const l = replay([...history(), fact("r-tt", "2024-04-02T00:00:00Z", { subject: "c-tt", fact: "f-tt", source: "tiktok", purposes: ["sales"], basis: "legitimate-interests" })]);
    const a = assessSource(l, "tiktok", { at: AFTER });
    expect(a.registered).toBe(false);
    expect([a.facts, a.unusable]).toEqual([1, 1]);
    expect(a.byReason).toEqual({ UNKNOWN_SOURCE: 1, NO_LEGAL_BASIS: 1 });
  });

  test("a retired source: not registered any more, the registration still reported, earlier facts still counted", () => {
    const RET = "2024-04-05T00:00:00Z";
    const l = replay([...history(), retireSource("ret-xing", RET, "xing"), fact("r-late", "2024-04-06T00:00:00Z", { subject: "c-late", fact: "f-late", source: "xing", purposes: ["sales"], basis: "legitimate-interests" })]);
    const before = assessSource(l, "xing", { at: BEFORE });
    expect(before.registered).toBe(true);
    const a = assessSource(l, "xing", { at: AFTER });
    expect(a.registered).toBe(false);
    expect(a.registration).toEqual({ kind: "social-network", assessment: "DPIA-xing", at: T0, eventId: "src-xing" });
    expect(a.importNeedsConsent).toBe(false);
    expect(a.facts).toBe(4);
    // the three earlier facts as before (two departed), the late one from a retired source
    expect(a.unusable).toBe(3);
    expect(a.byReason).toEqual({ OWNER_DEPARTED: 2, UNKNOWN_SOURCE: 1, NO_LEGAL_BASIS: 1 });
  });

  test("byReason counts the codes canUse gives for each fact's collection purposes, access left out", () => {
    // "counts by reason code, judged as `canUse` with access checks left out" (issue 4)
    const l = replay([...history(), grantPolicy("pol-all", T0, "all", "all", ["marketing", "sales"], ["contact"])]);
    for (const src of ["facebook-app", "xing", "linkedin", "crm"]) {
      const expected: Record<string, number> = {};
      for (const e of history()) {
        if (e["type"] !== "FactRecorded") continue;
        const d = e["data"] as { source: string; field: string; purposes: string[] };
        if (d.source !== src) continue;
        const codes = new Set<string>();
        for (const p of d.purposes) {
          const dec = canUse(l, { subject: e["subject"] as string, purpose: p, fields: [d.field], actor: { id: "dpo", roles: ["all"] }, at: AFTER });
          for (const r of dec.reasons) if (r.code !== "ACCESS_DENIED") codes.add(r.code);
        }
        for (const c of codes) expected[c] = (expected[c] ?? 0) + 1;
      }
      expect(assessSource(l, src, { at: AFTER }).byReason, src).toEqual(expected);
    }
  });

  // One error policy (docs/compatibility.md): an empty assessment would read as "no facts from it".
  test("a malformed at or source is an INVALID_QUERY value, not an empty report", () => {
    const a = lib.assessSource(ledger, "xing", { at: "soon" });
    expect(isInvalidQuery(a) && a.error.message).toBe('assessSource(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "soon".');
    expect(lib.assessSource(ledger, null as unknown as string, { at: AFTER })).toMatchObject({ error: { code: "INVALID_QUERY", message: "assessSource(): source must be a string, got null." } });
  });
});
