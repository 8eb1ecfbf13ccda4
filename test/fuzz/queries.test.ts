/**
 * Fuzzing of canUse and every report (issue 7): hostile queries and options
 * against realistic and hostile ledgers. Nothing throws, no prototype is
 * polluted, a malformed query gets INVALID_QUERY (alone), and every other
 * query function answers a malformed query with an INVALID_QUERY value (see
 * `isInvalidQuery`, and the error policy in docs/compatibility.md), never
 * with an empty answer that reads as "nothing".
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  isInvalidQuery,
  accessMatrix,
  assessSource,
  canUse,
  departureImpact,
  explain,
  LawfulCrmError,
  profile,
  recordUse,
  replay,
  subjectsUsableFor,
  usableFields,
  usesOf,
  whoMayUse,
  type Decision,
  type Ledger,
  type UseQuery,
} from "../../src/index.js";
import { fuzzLogArb } from "./logs.js";
import { isDotted, ms, queryError } from "../model/model.js";
import { expectNoPollution, NASTY_STRINGS, nastyString, nastyValue, VALID } from "./nasty.js";
import { must } from "../must.js";

const RUNS = Math.max(200, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 4));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

afterEach(() => expectNoPollution());

/** Realistic histories (from the differential test's generator) and hostile ones, replayed. */
const ledgerArb: fc.Arbitrary<Ledger> = fuzzLogArb.map((log) => replay(log));

const validAt = fc.constantFrom("2023-01-01T00:00:00Z", "2024-02-29T00:00:00Z", "2024-06-30T00:00:00Z", "2025-03-01T00:00:00Z", "2030-01-01T00:00:00.001Z");
/** A string, or a hostile value where a string belongs. */
const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: nastyValue });
const subjectArb = fc.oneof(fc.constantFrom("s1", "s2", "anna", "__proto__", "constructor", "prototype"), nastyString);
const purposeArb = fc.oneof(fc.constantFrom("marketing", "marketing.email", "sales", "market", "__proto__", "constructor.prototype"), nastyString);

/** A well-formed query. */
const goodQuery = fc.record({
  subject: subjectArb.filter((x) => x !== ""),
  purpose: fc.constantFrom("marketing", "marketing.email", "sales", "market", "constructor.prototype"),
  fields: fc.uniqueArray(fc.constantFrom("email", "phone", "__proto__", "constructor"), { minLength: 1, maxLength: 3 }),
  actor: fc.record({ id: fc.constantFrom("u1", "__proto__"), roles: fc.array(fc.constantFrom("mkt", "sales", "__proto__"), { maxLength: 3 }) }),
  at: validAt,
});

/** A member of a query and hostile values for it. */
const BREAKS: [string, fc.Arbitrary<unknown>][] = [
  ["subject", fc.oneof(fc.constant(""), fc.constant(undefined), nastyValue.filter((v) => typeof v !== "string" || v === ""))],
  ["purpose", fc.oneof(fc.constantFrom(".", "a..b", "marketing.", ".marketing", "", undefined), nastyValue.filter((v) => typeof v !== "string"))],
  ["fields", fc.oneof(fc.constantFrom<unknown>([], [""], ["email", ""], ["email", 7], [null], "email", undefined), nastyValue.filter((v) => !Array.isArray(v)))],
  ["actor", fc.oneof(fc.constantFrom<unknown>(null, {}, { id: "" }, { id: "u" }, { id: 7, roles: [] }, { id: "u", roles: "mkt" }, { id: "u", roles: [1] }, { roles: [] }), nastyValue)],
  ["at", fc.oneof(fc.constantFrom(...NASTY_STRINGS), nastyValue)],
];

/** A query: well-formed, or with one member (sometimes several) made hostile, or not an object at all. */
const queryArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: goodQuery },
  {
    weight: 6,
    arbitrary: fc
      .tuple(goodQuery, fc.constantFrom(...BREAKS))
      .chain(([q, [key, bad]]) => bad.map((v) => ({ ...q, [key]: v }) as unknown)),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        subject: maybe(subjectArb),
        purpose: maybe(purposeArb),
        fields: maybe(fc.array(fc.oneof(fc.constantFrom("email", "phone", "__proto__", "constructor"), nastyString), { maxLength: 3 })),
        actor: maybe(fc.record({ id: maybe(fc.constantFrom("u1", "__proto__")), roles: maybe(fc.array(maybe(fc.constantFrom("mkt", "sales", "__proto__")), { maxLength: 3 })) })),
        at: maybe(validAt),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: nastyValue },
);

/** The word an INVALID_QUERY message must use to say what is wrong, by the model's diagnosis. */
const NAMES: Record<string, RegExp> = {
  "not an object": /object|subject/, // an array is an object without a subject
  subject: /subject/,
  purpose: /purpose/,
  fields: /field/,
  actor: /actor/,
  "actor.roles": /roles/,
  at: /\bat\b/,
};

/** True when String(v) does not throw (false for null-prototype objects, or a non-callable toString). */
function stringable(v: unknown): boolean {
  try {
    String(v);
    return true;
  } catch {
    return false;
  }
}

/** True when JSON.stringify(v) does not throw (false when a BigInt is in it). */
function jsonable(v: unknown): boolean {
  try {
    JSON.stringify(v);
    return true;
  } catch {
    return false;
  }
}

/** Calls `f`; a throw fails the property with what was thrown. */
function noThrow<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

function checkDecision(d: Decision, q: unknown): void {
  const malformed = queryError(q);
  if (malformed !== undefined) {
    // "A malformed query ... is denied with INVALID_QUERY, which stands alone before every other reason."
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    // "a clear error value": the message says which member is wrong.
    expect(d.reasons[0]!.message).toMatch(/^The query is malformed: ./);
    expect(d.reasons[0]!.message).toMatch(NAMES[malformed]!);
    expect(d.fields.every((f) => !f.allowed && f.reasons.length === 0)).toBe(true);
  } else {
    expect(d.reasons.map((r) => r.code)).not.toContain("INVALID_QUERY");
  }
  expect(d.allowed).toBe(d.reasons.length === 0);
  if (!d.allowed) expect(d.obligations).toEqual([]);
  expect(typeof noThrow("explain", () => explain(d))).toBe("string");
}

describe("canUse and the per-query reports on hostile queries", () => {
  it("canUse, usableFields, recordUse and explain never throw; a malformed query gets INVALID_QUERY alone", () => {
    fc.assert(
      fc.property(ledgerArb, fc.array(queryArb, { minLength: 1, maxLength: 4 }), (ledger, queries) => {
        for (const q of queries) {
          const d = noThrow("canUse", () => canUse(ledger, q as UseQuery));
          checkDecision(d, q);
          const u = noThrow("usableFields", () => usableFields(ledger, q as UseQuery));
          expect(u.decision.allowed).toBe(d.allowed);
          expect(u.usable.length + u.denied.length).toBe(d.fields.length);
          const r = noThrow("recordUse", () => recordUse(ledger, q as UseQuery, { newId: () => "use-1" }));
          expect(r._tag === "Right").toBe(d.allowed);
        }
      }),
      { numRuns: RUNS },
    );
  });

  // A hole of a sparse array is not a field or role name: read as undefined, the query is malformed
  // (fail closed), and the message names the member. Found by the property above (seed 865447911).
  it("a sparse fields or roles array is a malformed query that names its member", () => {
    const ledger = replay(Object.values(VALID));
    const base = { subject: "anna", purpose: "marketing", fields: ["email"], actor: { id: "u1", roles: [] as unknown[] }, at: "2024-06-30T00:00:00Z" };
    const holeyFields = { ...base, fields: ["email", , "phone"] };
    const holeyRoles = { ...base, actor: { id: "u1", roles: new Array(1) } };
    for (const [q, member] of [[holeyFields, /field/], [holeyRoles, /roles/]] as const) {
      const d = canUse(ledger, q as unknown as UseQuery);
      expect(d.reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
      expect(d.reasons[0]!.message).toMatch(member);
      expect(queryError(q)).toBeDefined();
    }
  });

  it("subjectsUsableFor never throws and answers exactly the malformed queries with INVALID_QUERY", () => {
    fc.assert(
      fc.property(ledgerArb, queryArb, (ledger, q) => {
        const out = noThrow("subjectsUsableFor", () => subjectsUsableFor(ledger, q as never));
        const probe = typeof q === "object" && q !== null && !Array.isArray(q) ? { ...q, subject: "-" } : q;
        if (queryError(probe) !== undefined) expect(isInvalidQuery(out)).toBe(true);
        else expect(Array.isArray(out)).toBe(true);
      }),
      { numRuns: Math.floor(RUNS / 2) },
    );
  });
});

describe("the other reports on hostile arguments", () => {
  const optionsArb = fc.oneof(
    { weight: 3, arbitrary: fc.record({ at: maybe(validAt) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: fc.record({ from: maybe(validAt), to: maybe(validAt) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: nastyValue },
  );

  it("profile, departureImpact, assessSource, whoMayUse, accessMatrix and usesOf never throw, and answer exactly the malformed queries with INVALID_QUERY", () => {
    fc.assert(
      fc.property(ledgerArb, subjectArb, purposeArb, maybe(fc.constantFrom("contact", "contact.email", "__proto__")), optionsArb, (ledger, who, purpose, category, options) => {
        const o = options as { at: string };
        const at = typeof options === "object" && options !== null ? (options as { at?: unknown }).at : undefined;
        // profile answers a malformed `at` with an INVALID_QUERY value, never an exception.
        const p = noThrow("profile", () => profile(ledger, who, typeof options === "object" && options !== null ? (o as { at?: string }) : {}));
        if (isInvalidQuery(p)) {
          expect(at).not.toBeUndefined();
          expect(queryError({ subject: "s", purpose: "p", fields: ["f"], actor: { id: "a", roles: [] }, at })).toBe("at");
        } else expect(p.subject).toBe(who);
        noThrow("profile without options", () => must(profile(ledger, who)));
        // The same verdict on `at` from every function that takes one: malformed iff not a wire-format timestamp.
        const badAt = ms(at) === undefined;
        expect(isInvalidQuery(noThrow("departureImpact", () => departureImpact(ledger, who, o)))).toBe(badAt);
        expect(isInvalidQuery(noThrow("assessSource", () => assessSource(ledger, who, o)))).toBe(badAt);
        const roles = noThrow("whoMayUse", () => whoMayUse(ledger, { purpose, category, at } as never));
        expect(isInvalidQuery(roles)).toBe(badAt || !isDotted(purpose) || !isDotted(category));
        if (!isInvalidQuery(roles)) expect(Array.isArray(roles)).toBe(true);
        noThrow("whoMayUse on a hostile query", () => whoMayUse(ledger, options as never));
        const matrix = noThrow("accessMatrix", () => accessMatrix(ledger, o));
        expect(isInvalidQuery(matrix)).toBe(badAt);
        const uses = noThrow("usesOf", () => usesOf(ledger, who, options as never));
        const bounds = typeof options === "object" && options !== null ? (options as { from?: unknown; to?: unknown }) : undefined;
        const badBound = (b: unknown) => b !== undefined && ms(b) === undefined;
        // Absent options (undefined or null) mean no bounds; any other non-object is malformed.
        const badUses = options === null || options === undefined ? false : bounds === undefined || badBound(bounds.from) || badBound(bounds.to);
        expect(isInvalidQuery(uses)).toBe(badUses);
        expect(Array.isArray(must(noThrow("usesOf without options", () => usesOf(ledger, who))))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  // A BigInt `at` once crashed the INVALID_ARGUMENT message (JSON.stringify); now an error value.
  it("profile with a BigInt `at` answers INVALID_QUERY", () => {
    const ledger = replay(Object.values(VALID));
    expect(profile(ledger, "anna", { at: 10n as unknown as string })).toMatchObject({ error: { code: "INVALID_QUERY" } });
  });

  // An `at` that String() cannot convert once crashed these two; they now answer INVALID_QUERY.
  it("departureImpact and assessSource with an `at` String() cannot convert answer INVALID_QUERY", () => {
    const ledger = replay(Object.values(VALID));
    for (const at of [Object.create(null) as unknown, { toString: "x" }]) {
      expect(isInvalidQuery(departureImpact(ledger, "emp", { at: at as string }))).toBe(true);
      expect(isInvalidQuery(assessSource(ledger, "crm", { at: at as string }))).toBe(true);
    }
  });

  // An explicit null options object (valid JSON) once made these read `null.at`.
  it("profile and usesOf with options null do not throw", () => {
    const ledger = replay(Object.values(VALID));
    expect(() => must(usesOf(ledger, "anna", null as never))).not.toThrow();
    expect(() => must(profile(ledger, "anna", null as never))).not.toThrow();
  });

  it("every query function answers an invalid instant or purpose with INVALID_QUERY, never with an empty value", () => {
    const ledger = replay(Object.values(VALID));
    const code = (r: unknown) => (isInvalidQuery(r) ? r.error.code : r);
    for (const at of ["2024-02-30T00:00:00Z", "2024-01-01T00:00:00", "2024-06-30T23:59:60Z", "", "yesterday"]) {
      expect(code(whoMayUse(ledger, { purpose: "marketing", category: "contact", at }))).toBe("INVALID_QUERY");
      expect(code(accessMatrix(ledger, { at }))).toBe("INVALID_QUERY");
      expect(code(assessSource(ledger, "crm", { at }))).toBe("INVALID_QUERY");
      expect(code(departureImpact(ledger, "emp", { at }))).toBe("INVALID_QUERY");
      expect(code(usesOf(ledger, "anna", { from: at }))).toBe("INVALID_QUERY");
      expect(code(subjectsUsableFor(ledger, { purpose: "marketing.email", fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at }))).toBe("INVALID_QUERY");
      expect(canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at }).reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    }
    for (const purpose of [".", "a..b", "marketing.", ""]) {
      expect(canUse(ledger, { subject: "anna", purpose, fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at: "2024-06-01T00:00:00Z" }).reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
      expect(code(whoMayUse(ledger, { purpose, category: "contact", at: "2024-06-01T00:00:00Z" }))).toBe("INVALID_QUERY");
      expect(code(subjectsUsableFor(ledger, { purpose, fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at: "2024-06-01T00:00:00Z" }))).toBe("INVALID_QUERY");
    }
  });

  it("a 10 MB subject, purpose, field and role are answered, not crashed on", () => {
    const big = "m".repeat(10 * 1024 * 1024);
    const ledger = replay(Object.values(VALID));
    const d = canUse(ledger, { subject: big, purpose: big, fields: [big], actor: { id: big, roles: [big] }, at: "2024-06-01T00:00:00Z" });
    expect(d.allowed).toBe(false);
    expect(explain(d).length).toBeGreaterThan(0);
    expect(canUse(ledger, { subject: "anna", purpose: "marketing.email", fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at: big }).reasons.map((r) => r.code)).toEqual(["INVALID_QUERY"]);
    expect(() => must(profile(ledger, big))).not.toThrow();
    expect(() => assessSource(ledger, big, { at: "2024-06-01T00:00:00Z" })).not.toThrow();
    expect(() => departureImpact(ledger, big, { at: "2024-06-01T00:00:00Z" })).not.toThrow();
    expect(() => usesOf(ledger, big, { from: big, to: big })).not.toThrow();
  });
});
