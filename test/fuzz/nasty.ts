/**
 * Hostile inputs for the fuzz tests: strings that break naive parsers,
 * values of the wrong type, keys that reach prototypes, one valid event of
 * every type to mutate, and a check that no prototype was polluted.
 */
import fc from "fast-check";
import { expect } from "vitest";

/** Strings that have broken parsers before: bad dates, bad durations, bad purposes, prototype keys. */
export const NASTY_STRINGS = [
  "",
  " ",
  ".",
  "..",
  "a..b",
  "marketing.",
  ".marketing",
  "marketing..email",
  "__proto__",
  "constructor",
  "prototype",
  "__proto__.polluted",
  "constructor.prototype.polluted",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "2024-02-30T00:00:00Z",
  "2023-02-29T00:00:00Z",
  "2024-01-01T00:00:00",
  "2024-06-30T23:59:60Z",
  "2024-01-01T24:00:00Z",
  "2024-01-01T00:60:00Z",
  "2024-13-01T00:00:00Z",
  "2024-00-10T00:00:00Z",
  "2024-01-01T00:00:00+01:00",
  "2024-01-01T00:00:00.1234Z",
  "2024-01-01T00:00:00.Z",
  "2024-01-01 00:00:00Z",
  "+002024-01-01T00:00:00Z",
  "2024-1-1T0:0:0Z",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "P",
  "PT",
  "P1DT",
  "1Y",
  "P-1D",
  "P1.5Y",
  "P1,5Y",
  "p1y",
  "PT36H",
  "P1Y2M3W4DT5H6M7S",
  "P99999999999999999999Y",
  "\u0000",
  "\u2028",
  "💥",
  "\ud800",
  "NaN",
  "null",
  "undefined",
  "[object Object]",
] as const;

/** A hostile string: a known troublemaker or an arbitrary (possibly ill-formed UTF-16) string. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
);

/** Keys that reach prototypes when copied naively. */
export const nastyKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "then") },
  { weight: 2, arbitrary: fc.string({ maxLength: 8 }) },
);

/** An object built by JSON.parse, so that `__proto__` is an own key (as it is in parsed input). */
export const protoPayload = (): unknown =>
  JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": {"polluted": "yes"}}');

/** A hostile value where a string, a list or an object belongs. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  {
    weight: 2,
    // Built afresh each time: a shared constant would be mutated by the edits below.
    arbitrary: fc.nat(16).map((k) => [null, undefined, 0, -1, 1.5, 1e308, -0, true, false, [], {}, [""], ["a..b"], [null], [1], NaN, Infinity][k]),
  },
  { weight: 1, arbitrary: fc.constant(null).map(() => protoPayload()) },
  {
    weight: 2,
    arbitrary: fc.anything({
      key: nastyKey,
      values: [nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)],
      maxDepth: 3,
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withBigInt: true,
      withSparseArray: true,
    }),
  },
);

/** One valid raw event of each type of wire format v1. */
export const VALID: Record<string, Record<string, unknown>> = {
  PurposeDeclared: { id: "c1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "marketing.email", description: "d", legalBases: ["consent", "contract"], retention: "P2Y", consentMaxAge: "P1Y", doubleOptIn: false, originDisclosure: true, directMarketing: true } },
  PurposeRetired: { id: "c2", type: "PurposeRetired", at: "2026-01-01T00:00:00Z", data: { purpose: "marketing.print" } },
  PurposeCompatibilityAssessed: { id: "c3", type: "PurposeCompatibilityAssessed", at: "2024-01-01T00:00:00Z", data: { from: "sales", to: "marketing", compatible: true, rationale: "r" } },
  NoticePublished: { id: "c4", type: "NoticePublished", at: "2024-01-01T00:00:00Z", data: { notice: "n", version: "1", purposes: ["marketing"], language: "en", textHash: "h" } },
  SourceRegistered: { id: "c5", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
  SourceRetired: { id: "c6", type: "SourceRetired", at: "2026-01-01T00:00:00Z", data: { source: "xing" } },
  AccessPolicyGranted: { id: "c7", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "p", role: "mkt", purposes: ["marketing"], categories: ["contact"] } },
  AccessPolicyRevoked: { id: "c8", type: "AccessPolicyRevoked", at: "2026-01-01T00:00:00Z", data: { policy: "p0" } },
  AccountLinked: { id: "c9", type: "AccountLinked", at: "2024-01-01T00:00:00Z", data: { account: "li:1", employee: "emp", source: "crm", onDeparture: "erase" } },
  EmployeeDeparted: { id: "c10", type: "EmployeeDeparted", at: "2026-01-01T00:00:00Z", data: { employee: "emp9" } },
  EventVoided: { id: "c11", type: "EventVoided", at: "2024-01-01T00:00:00Z", data: { event: "nothing", reason: "r" } },
  FactRecorded: { id: "s1", type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: "anna", data: { fact: "f1", field: "email", value: "a@x.org", category: "contact.email", source: "crm", account: "li:1", purposes: ["marketing.email"], basis: "consent", companyContact: true } },
  FactCorrected: { id: "s2", type: "FactCorrected", at: "2024-02-02T00:00:00Z", subject: "anna", data: { fact: "f1", value: "b@x.org", source: "crm" } },
  FactErased: { id: "s3", type: "FactErased", at: "2024-05-01T00:00:00Z", subject: "anna", data: { field: "phone", reason: "Art. 17" } },
  ConsentGranted: { id: "s4", type: "ConsentGranted", at: "2024-01-15T00:00:00Z", subject: "anna", data: { consent: "k1", purposes: ["marketing.email"], notice: "n", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "ev", expires: "2027-01-01T00:00:00Z" } },
  ConsentConfirmed: { id: "s5", type: "ConsentConfirmed", at: "2024-01-16T00:00:00Z", subject: "anna", data: { consent: "k1", evidence: "click" } },
  ConsentWithdrawn: { id: "s6", type: "ConsentWithdrawn", at: "2025-01-01T00:00:00Z", subject: "anna", data: { purposes: ["marketing.phone"], channel: "mail" } },
  LegalBasisRecorded: { id: "s7", type: "LegalBasisRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "r1", until: "2027-01-01T00:00:00Z" } },
  LegalBasisEnded: { id: "s8", type: "LegalBasisEnded", at: "2026-06-01T00:00:00Z", subject: "anna", data: { reference: "r1" } },
  ObjectionRaised: { id: "s9", type: "ObjectionRaised", at: "2024-07-01T00:00:00Z", subject: "anna", data: { purposes: ["marketing.phone"], channel: "letter" } },
  ObjectionWithdrawn: { id: "s10", type: "ObjectionWithdrawn", at: "2024-08-01T00:00:00Z", subject: "anna", data: { purposes: ["marketing.phone"], channel: "letter", evidence: "signed" } },
  ProcessingRestricted: { id: "s11", type: "ProcessingRestricted", at: "2024-09-01T00:00:00Z", subject: "anna", data: { reason: "dispute" } },
  RestrictionLifted: { id: "s12", type: "RestrictionLifted", at: "2024-09-02T00:00:00Z", subject: "anna", data: {} },
  SubjectInformed: { id: "s13", type: "SubjectInformed", at: "2024-03-01T00:00:00Z", subject: "anna", data: { notice: "n", noticeVersion: "1", sources: ["crm"] } },
  UseRecorded: { id: "s14", type: "UseRecorded", at: "2024-03-02T00:00:00Z", subject: "anna", data: { purpose: "marketing.email", fields: ["email"], actor: "u", roles: ["mkt"], bases: [{ field: "email", legalBasis: "consent", eventIds: ["s4"] }] } },
  SpecialCategoryDeclared: { id: "c12", type: "SpecialCategoryDeclared", at: "2024-01-01T00:00:00Z", data: { category: "contact.health", description: "Art. 9(1)" } },
  SpecialConditionRecorded: { id: "s15", type: "SpecialConditionRecorded", at: "2024-02-01T00:00:00Z", subject: "anna", data: { condition: "A9-2-a", categories: ["contact.health"], purposes: ["marketing.email"], reference: "sc1", consent: "k1", until: "2027-01-01T00:00:00Z" } },
  SpecialConditionEnded: { id: "s16", type: "SpecialConditionEnded", at: "2026-06-01T00:00:00Z", subject: "anna", data: { reference: "sc1" } },
};
export const TYPES = Object.keys(VALID);

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Every path (keys) to a value inside a JSON value. */
function paths(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...path, i], out));
  else if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...path, k], out);
  return out;
}

/**
 * A valid event of a random type with one to three of its values replaced
 * by hostile ones (or deleted), and sometimes a hostile extra key: in the
 * envelope or in `data`.
 */
export const mutatedEvent: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.constantFrom(...TYPES),
    fc.array(fc.tuple(fc.nat(), fc.oneof(nastyValue, fc.constant("__delete__"))), { minLength: 1, maxLength: 3 }),
    fc.option(fc.tuple(fc.boolean(), nastyKey, nastyValue), { nil: undefined }),
  )
  .map(([type, edits, extra]) => {
    const e = clone(VALID[type]!);
    // Paths of the clean event only: an edit never reaches into a value an earlier edit put in.
    const ps = paths(e).filter((p) => p.length > 0);
    const own = new Set<unknown>();
    for (const p of [[], ...ps]) {
      let v: unknown = e;
      for (const key of p) v = (v as Record<string | number, unknown>)[key];
      if (typeof v === "object" && v !== null) own.add(v);
    }
    for (const [k, repl] of edits) {
      const p = ps[k % ps.length]!;
      let parent: unknown = e;
      for (const key of p.slice(0, -1)) parent = own.has(parent) ? (parent as Record<string | number, unknown>)[key] : undefined;
      if (!own.has(parent)) continue; // an earlier edit replaced a container on this path
      const container = parent as Record<string | number, unknown>;
      const last = p[p.length - 1]!;
      if (repl === "__delete__") {
        if (Array.isArray(container)) container.splice(Number(last), 1);
        else delete container[last];
      } else Object.defineProperty(container, last, { value: repl, enumerable: true, writable: true, configurable: true });
    }
    if (extra !== undefined) {
      const [inData, key, value] = extra;
      const target = inData && typeof e["data"] === "object" && e["data"] !== null ? (e["data"] as Record<string, unknown>) : e;
      Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return e;
  });

/** A valid event of a random type with hostile strings in its id-like slots (valid when non-empty and, for dotted ids, dotted). */
export const hostileIdEvent: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.constantFrom(...TYPES), fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "constructor.prototype", "__proto__.x"))
  .map(([type, s]) => {
    const e = clone(VALID[type]!);
    e["id"] = `${s}-${type}`;
    if ("subject" in e) e["subject"] = s;
    const d = e["data"] as Record<string, unknown>;
    for (const k of ["fact", "field", "source", "consent", "policy", "role", "account", "employee", "reference", "notice", "version", "noticeVersion", "actor"]) {
      if (typeof d[k] === "string") d[k] = s;
    }
    for (const k of ["purpose", "from", "to", "category"]) if (typeof d[k] === "string") d[k] = s;
    if (Array.isArray(d["purposes"])) d["purposes"] = [s];
    if (Array.isArray(d["categories"])) d["categories"] = [s];
    return e;
  });

// ---------------------------------------------------------------- prototypes

const PROTOS: [string, object][] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Number.prototype", Number.prototype],
  ["Boolean.prototype", Boolean.prototype],
  ["Map.prototype", Map.prototype],
  ["Set.prototype", Set.prototype],
];
const snapshot = () => PROTOS.map(([name, p]) => `${name}:${Reflect.ownKeys(p).map(String).sort().join(",")}`);
const BEFORE = snapshot();

/** Fails when any built-in prototype gained or lost a property, or `({}).polluted` exists. */
export function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe["polluted"]).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect((Object.prototype as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(snapshot()).toEqual(BEFORE);
}
