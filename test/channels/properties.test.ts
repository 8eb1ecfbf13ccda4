/**
 * Issue 4 property tests: a departed employee's `erase`-agreement facts are
 * never usable after the departure; revoking a policy never makes a decision
 * allowed.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canUse, replay, type Decision } from "../../src/index.js";
import {
  basis,
  consent,
  correct,
  declare,
  departed,
  fact,
  grantPolicy,
  link,
  notice,
  object,
  restrict,
  revokePolicy,
  source,
  withdraw,
  T0,
  type Ev,
} from "../decisions/helpers.js";

const RUNS = { numRuns: 200 };
const DAY = 86_400_000;
const EPOCH = Date.parse(T0);
/** T0 plus `d` days and `s` seconds, as an ISO timestamp without milliseconds. */
const day = (d: number, s = 0): string => new Date(EPOCH + d * DAY + s * 1000).toISOString().replace(".000Z", "Z");

const PURPOSES = ["marketing", "marketing.email", "sales"] as const;
const ROLES = ["sales", "marketer", "admin"] as const;
const CATEGORIES = ["contact.email", "contact.phone", "professional.title"] as const;
const FIELDS = ["email", "phone", "title"] as const;
const BASES = ["consent", "legitimate-interests", "contract"] as const;

/** Purposes, notice and sources; no policies, no accounts. */
const purposesAndSources = (): Ev[] => [
  declare("p-mkt", T0, "marketing", ["consent"], { directMarketing: true }),
  declare("p-email", T0, "marketing.email", ["consent"]),
  declare("p-sales", T0, "sales", ["contract", "legitimate-interests"]),
  notice("n-1", T0, "privacy", "1", ["marketing", "sales"]),
  source("src-crm", T0, "crm", "manual"),
  source("src-li", T0, "linkedin", "social-network"),
  source("src-xing", T0, "xing", "social-network"),
  source("src-fb", T0, "facebook-app", "social-app", { importConsentPurpose: "marketing" }),
];

/** Sorts by time, stably (the catalog first at T0). */
const byTime = (events: Ev[]): Ev[] =>
  events
    .map((e, k) => [e, k] as const)
    .sort((a, b) => Date.parse(a[0]["at"] as string) - Date.parse(b[0]["at"] as string) || a[1] - b[1])
    .map(([e]) => e);

const summary = (d: Decision) => d.reasons.map((r) => (r.field === undefined ? r.code : `${r.code}@${r.field}`)).sort();

// Subject-level noise: consents, withdrawals, legal bases, objections, restrictions.
const noiseArb = (subject: string) =>
  fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant("consent" as const), d: fc.integer({ min: 1, max: 200 }), purposes: fc.subarray([...PURPOSES], { minLength: 1 }) }),
      fc.record({ kind: fc.constant("withdraw" as const), d: fc.integer({ min: 1, max: 300 }), purposes: fc.subarray([...PURPOSES], { minLength: 1 }) }),
      fc.record({ kind: fc.constant("basis" as const), d: fc.integer({ min: 1, max: 200 }), b: fc.constantFrom("legitimate-interests", "contract", "legal-obligation"), purposes: fc.subarray([...PURPOSES], { minLength: 1 }) }),
      fc.record({ kind: fc.constant("object" as const), d: fc.integer({ min: 1, max: 300 }), purposes: fc.subarray([...PURPOSES], { minLength: 1 }) }),
      fc.record({ kind: fc.constant("restrict" as const), d: fc.integer({ min: 1, max: 300 }) }),
    ),
    { maxLength: 5 },
  ).map((xs) =>
    xs.map((x, k): Ev => {
      const id = `${subject}-n${k}`;
      switch (x.kind) {
        case "consent":
          return consent(id, day(x.d), { subject, consent: id, purposes: x.purposes });
        case "withdraw":
          return withdraw(id, day(x.d), { purposes: x.purposes }, subject);
        case "basis":
          return basis(id, day(x.d), x.b, x.purposes, `ref-${id}`, undefined, subject);
        case "object":
          return object(id, day(x.d), x.purposes, subject);
        case "restrict":
          return restrict(id, day(x.d), subject);
      }
    }),
  );

// ------------------------------------------------------------------ departure

describe("property: a departed employee's erase-agreement facts are never usable after the departure", () => {
  const ACCOUNTS = [
    { account: "acc-anna-xing", source: "xing", agreement: "erase", employee: "anna" },
    { account: "acc-anna-li", source: "linkedin", agreement: "keep-company-contacts", employee: "anna" },
    { account: "acc-ben-xing", source: "xing", agreement: "erase", employee: "ben" },
    { account: "acc-anna-old", source: "linkedin", agreement: "keep", employee: "anna" },
  ] as const;

  const factArb = fc.record({
    field: fc.constantFrom(...FIELDS),
    category: fc.constantFrom(...CATEGORIES),
    via: fc.nat({ max: ACCOUNTS.length - 1 }),
    d: fc.integer({ min: 10, max: 250 }),
    purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
    basis: fc.constantFrom(...BASES),
    companyContact: fc.option(fc.boolean(), { nil: undefined }),
    correctedAfter: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  });

  const subjectArb = (subject: string) => fc.record({ facts: fc.uniqueArray(factArb, { minLength: 1, maxLength: 3, selector: (f) => f.field }), noise: noiseArb(subject) });

  const arb = fc.record({
    subjects: fc.tuple(subjectArb("c0"), subjectArb("c1")),
    departure: fc.integer({ min: 9, max: 300 }),
    anyPolicy: fc.boolean(),
    query: fc.record({
      subject: fc.constantFrom("c0", "c1"),
      purpose: fc.constantFrom(...PURPOSES),
      roles: fc.subarray([...ROLES]),
      after: fc.integer({ min: 0, max: 400 }),
      seconds: fc.integer({ min: 0, max: 86_399 }),
      extraField: fc.boolean(),
    }),
  });

  test("canUse denies with OWNER_DEPARTED for every such field, at any instant from the departure on", () => {
    let checked = 0;
    fc.assert(
      fc.property(arb, ({ subjects, departure, anyPolicy, query }) => {
        const events: Ev[] = [...purposesAndSources()];
        if (anyPolicy) events.push(grantPolicy("pol-all", T0, "all", "admin", [...PURPOSES], ["contact", "professional"]));
        events.push(grantPolicy("pol-sales", T0, "sales-team", "sales", ["sales"], ["contact"]));
        events.push(grantPolicy("pol-mkt", T0, "marketing-team", "marketer", ["marketing"], ["contact"]));
        for (const a of ACCOUNTS) events.push(link(`l-${a.account}`, day(5), a.account, a.employee, a.source, a.agreement));
        events.push(departed("dep-anna", day(departure), "anna"));
        const goes: Record<string, Set<string>> = { c0: new Set(), c1: new Set() };
        subjects.forEach((s, k) => {
          const subject = `c${k}`;
          s.facts.forEach((f, j) => {
            const a = ACCOUNTS[f.via]!;
            const id = `${subject}-f${j}`;
            events.push(
              fact(`r-${id}`, day(f.d), {
                subject,
                fact: id,
                field: f.field,
                value: `${id}-value`,
                category: f.category,
                source: a.source,
                account: a.account,
                purposes: f.purposes,
                basis: f.basis,
                ...(f.companyContact === undefined ? {} : { companyContact: f.companyContact }),
              }),
            );
            if (f.correctedAfter !== undefined) events.push(correct(`x-${id}`, day(f.d + f.correctedAfter), id, `${id}-fixed`, "crm", subject));
            if (a.employee === "anna" && (a.agreement === "erase" || (a.agreement === "keep-company-contacts" && f.companyContact !== true))) goes[subject]!.add(f.field);
          });
          events.push(...s.noise);
        });
        const ledger = replay(byTime(events));
        expect(ledger.rejected).toEqual([]);
        const fields: string[] = subjects[query.subject === "c0" ? 0 : 1].facts.map((f) => f.field);
        if (query.extraField) fields.push("nickname");
        const d = canUse(ledger, {
          subject: query.subject,
          purpose: query.purpose,
          fields,
          actor: { id: "u-1", roles: query.roles },
          at: day(departure + query.after, query.seconds),
        });
        // Only facts recorded by T exist at T.
        const T = Date.parse(day(departure + query.after, query.seconds));
        const k = query.subject === "c0" ? 0 : 1;
        const departedFields = new Set([...goes[query.subject]!].filter((field) => Date.parse(day(subjects[k].facts.find((f) => f.field === field)!.d)) <= T));
        if (departedFields.size > 0) {
          checked++;
          expect(d.allowed).toBe(false);
        }
        for (const f of d.fields) {
          if (!departedFields.has(f.field)) continue;
          expect(f.allowed).toBe(false);
          expect(f.basis).toBeUndefined();
          expect(summary(d)).toContain(`OWNER_DEPARTED@${f.field}`);
          expect(f.reasons.some((r) => r.code === "OWNER_DEPARTED")).toBe(true);
        }
        // Facts of other accounts are never OWNER_DEPARTED.
        for (const f of d.fields) if (!departedFields.has(f.field)) expect(summary(d)).not.toContain(`OWNER_DEPARTED@${f.field}`);
      }),
      RUNS,
    );
    // The generator must reach departed facts, or the property says nothing.
    expect(checked).toBeGreaterThan(20);
  });
});

// ---------------------------------------------------------------- revocation

describe("property: revoking a policy never turns a denied decision into an allowed one", () => {
  const policyArb = fc.record({
    role: fc.constantFrom(...ROLES),
    purposes: fc.subarray(["marketing", "marketing.email", "sales"], { minLength: 1 }),
    categories: fc.subarray(["contact", "contact.email", "professional"], { minLength: 1 }),
    d: fc.integer({ min: 0, max: 100 }),
  });
  const factArb = fc.record({
    field: fc.constantFrom(...FIELDS),
    category: fc.constantFrom(...CATEGORIES),
    src: fc.constantFrom("crm", "linkedin", "xing", "facebook-app"),
    d: fc.integer({ min: 1, max: 50 }),
    purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
    basis: fc.constantFrom(...BASES),
  });
  const arb = fc.record({
    policies: fc.array(
      fc.oneof(policyArb, policyArb.map((p) => ({ ...p, categories: ["contact", "professional"] }))),
      { minLength: 1, maxLength: 4 },
    ),
    facts: fc.array(
      fc.oneof(
        factArb,
        // lawfully collected for sales, or for marketing on consent
        factArb.map((f) => ({ ...f, src: "crm" as const, purposes: ["sales"], basis: "legitimate-interests" as const })),
        factArb.map((f) => ({ ...f, src: "crm" as const, purposes: ["marketing"], basis: "consent" as const })),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    noise: fc.oneof(fc.constant([] as Ev[]), noiseArb("s1")),
    which: fc.nat(),
    revokeAfter: fc.integer({ min: 0, max: 100 }),
    queryAfter: fc.integer({ min: 50, max: 200 }),
    grounds: fc.oneof(fc.constant(["sales-basis", "marketing-consent"]), fc.subarray(["sales-basis", "marketing-consent"])),
    query: fc.record({ purpose: fc.constantFrom(...PURPOSES), roles: fc.subarray([...ROLES]), fields: fc.subarray([...FIELDS], { minLength: 1 }) }),
  });

  test("the same query on the history with an appended AccessPolicyRevoked dated before T is denied whenever it was denied without", () => {
    let allowedWithout = 0;
    let revocationBites = 0;
    fc.assert(
      fc.property(arb, ({ policies, facts, noise, which, revokeAfter, queryAfter, grounds, query }) => {
        const events: Ev[] = [...purposesAndSources()];
        // Grounds that make allowed decisions reachable.
        if (grounds.includes("sales-basis")) events.push(basis("b-s1", day(0), "legitimate-interests", ["sales"], "LIA-s1"));
        if (grounds.includes("marketing-consent")) events.push(consent("k-s1", day(0), { consent: "k-s1", purposes: ["marketing"] }));
        policies.forEach((p, k) => events.push(grantPolicy(`g-${k}`, day(p.d), `pol-${k}`, p.role, p.purposes, p.categories)));
        facts.forEach((f, k) => events.push(fact(`r-${k}`, day(f.d), { fact: `f${k}`, field: f.field, value: `v${k}`, category: f.category, source: f.src, purposes: f.purposes, basis: f.basis })));
        events.push(...noise);
        const history = byTime(events);
        const k = which % policies.length;
        const R = policies[k]!.d + revokeAfter;
        const T = day(R + queryAfter);
        const without = replay(history);
        const withRevocation = replay([...history, revokePolicy("rev-1", day(R), `pol-${k}`)]);
        expect(without.rejected).toEqual([]);
        expect(withRevocation.rejected).toEqual([]);
        // Ask mostly for fields that have a value.
        const present = query.fields.filter((f) => facts.some((x) => x.field === f));
        const fields = present.length > 0 ? present : [facts[0]!.field];
        const q = { subject: "s1", purpose: query.purpose, fields, actor: { id: "u-1", roles: query.roles }, at: T };
        const before = canUse(without, q);
        const after = canUse(withRevocation, q);
        if (before.allowed) allowedWithout++;
        if (before.allowed && !after.allowed) revocationBites++;
        if (!before.allowed) expect(after.allowed).toBe(false);
        // Field by field too: a denied field stays denied.
        for (const f of before.fields) if (!f.allowed) expect(after.fields.find((g) => g.field === f.field)!.allowed).toBe(false);
        // Every reason without the revocation is still there with it, but ACCESS_DENIED may move from a field to the subject.
        const norm = (d: Decision) => new Set(d.reasons.filter((r) => r.code !== "ACCESS_DENIED").map((r) => `${r.code}@${r.field ?? ""}`));
        const a = norm(after);
        for (const r of norm(before)) expect(a.has(r)).toBe(true);
      }),
      RUNS,
    );
    // The generator must reach allowed decisions, or the property says nothing.
    expect(allowedWithout).toBeGreaterThan(5);
    expect(revocationBites).toBeGreaterThan(0);
  });
});
