/**
 * fast-check generators and helpers shared by the tests: valid raw events of
 * every type of wire format v1, small CRM histories (with duplicates,
 * conflicting reuses, rejects and voids), and a deep-freeze helper that
 * proves the library never mutates its input.
 */
import fc from "fast-check";
import {
  CONSENT_METHODS,
  DEPARTURE_AGREEMENTS,
  LEGAL_BASES,
  SOURCE_KINDS,
  SPECIAL_CONDITIONS,
  type EventType,
} from "../src/index.js";

// ------------------------------------------------------------------ helpers

/** Freezes a value and everything reachable from it; returns it. */
export function deepFreeze<T>(v: T): T {
  if (typeof v === "object" && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Reflect.ownKeys(v)) deepFreeze((v as Record<string | symbol, unknown>)[k]);
  }
  return v;
}

/** A deep JSON copy (plain objects and arrays). */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Every object and array reachable from `v` (to prove two values share none). */
export function objectsOf(v: unknown, out: Set<object> = new Set()): Set<object> {
  if (typeof v === "object" && v !== null && !out.has(v)) {
    out.add(v);
    for (const k of Object.keys(v)) objectsOf((v as Record<string, unknown>)[k], out);
  }
  return out;
}

/** The same JSON value with the keys of every object in reverse order. */
export function reverseKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reverseKeys) as T;
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) out[k] = reverseKeys((v as Record<string, unknown>)[k]);
    return out as T;
  }
  return v;
}

// --------------------------------------------------------------- primitives

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const dim = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** A valid wire-format timestamp, with an optional 1–3 digit fraction. */
export const timestampArb: fc.Arbitrary<string> = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }),
  })
  .map(({ y, mo, d, h, mi, s, frac }) => {
    const day = Math.min(d, dim(y, mo));
    return `${pad(y, 4)}-${pad(mo)}-${pad(day)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac === undefined ? "" : "." + frac}Z`;
  });

/** A valid ISO 8601 duration of wire format v1 (at least one part). */
export const durationArb: fc.Arbitrary<string> = fc
  .record(
    {
      Y: fc.nat(99),
      M: fc.nat(99),
      W: fc.nat(99),
      D: fc.nat(999),
      H: fc.nat(99),
      Mi: fc.nat(99),
      S: fc.nat(99),
    },
    { requiredKeys: [] },
  )
  .filter((r) => Object.keys(r).length > 0)
  .map((r) => {
    let s = "P";
    if (r.Y !== undefined) s += `${r.Y}Y`;
    if (r.M !== undefined) s += `${r.M}M`;
    if (r.W !== undefined) s += `${r.W}W`;
    if (r.D !== undefined) s += `${r.D}D`;
    if (r.H !== undefined || r.Mi !== undefined || r.S !== undefined) {
      s += "T";
      if (r.H !== undefined) s += `${r.H}H`;
      if (r.Mi !== undefined) s += `${r.Mi}M`;
      if (r.S !== undefined) s += `${r.S}S`;
    }
    return s;
  });

const segment = fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/);
/** A dotted id (`marketing.email`). */
export const dottedArb: fc.Arbitrary<string> = fc.array(segment, { minLength: 1, maxLength: 3 }).map((a) => a.join("."));
/** A non-empty string (ids). */
export const idArb: fc.Arbitrary<string> = fc.string({ minLength: 1, maxLength: 10 });
/** Any string (free text). */
export const textArb: fc.Arbitrary<string> = fc.string({ maxLength: 12 });
const purposesArb = fc.array(dottedArb, { minLength: 1, maxLength: 3 });
const basisArb = fc.constantFrom(...LEGAL_BASES);
// Through JSON text, as events arrive (fast-check may generate -0, which JSON writes as 0).
const jsonArb = fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

// ------------------------------------------------------------------- events

const catalogData: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  PurposeDeclared: fc.record(
    {
      purpose: dottedArb,
      description: textArb,
      legalBases: fc.array(basisArb, { minLength: 1, maxLength: 3 }),
      retention: durationArb,
      originDisclosure: fc.boolean(),
      doubleOptIn: fc.boolean(),
      consentMaxAge: durationArb,
      directMarketing: fc.boolean(),
    },
    { requiredKeys: ["purpose", "description", "legalBases"] },
  ),
  PurposeRetired: fc.record({ purpose: dottedArb }),
  PurposeCompatibilityAssessed: fc.record({ from: dottedArb, to: dottedArb, compatible: fc.boolean(), rationale: textArb }),
  NoticePublished: fc.record(
    { notice: idArb, version: idArb, purposes: purposesArb, language: textArb, textHash: textArb },
    { requiredKeys: ["notice", "version", "purposes"] },
  ),
  SourceRegistered: fc.record(
    { source: idArb, kind: fc.constantFrom(...SOURCE_KINDS), assessment: idArb, importConsentPurpose: dottedArb },
    { requiredKeys: ["source", "kind", "assessment"] },
  ),
  SourceRetired: fc.record({ source: idArb }),
  AccessPolicyGranted: fc.record({
    policy: idArb,
    role: idArb,
    purposes: purposesArb,
    categories: fc.array(dottedArb, { maxLength: 3 }),
  }),
  AccessPolicyRevoked: fc.record({ policy: idArb }),
  AccountLinked: fc.record({ account: idArb, employee: idArb, source: idArb, onDeparture: fc.constantFrom(...DEPARTURE_AGREEMENTS) }),
  EmployeeDeparted: fc.record({ employee: idArb }),
  EventVoided: fc.oneof(
    fc.record({ event: idArb, reason: textArb }),
    fc.record({ position: fc.nat(1000), reason: textArb }),
    fc.record({ event: idArb, position: fc.nat(1000), reason: textArb }),
  ),
  SpecialCategoryDeclared: fc.record({ category: dottedArb, description: textArb }),
};

const subjectData: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  FactRecorded: fc.record(
    {
      fact: idArb,
      field: idArb,
      value: jsonArb,
      category: dottedArb,
      source: idArb,
      sourceRef: idArb,
      account: idArb,
      purposes: purposesArb,
      basis: basisArb,
      companyContact: fc.boolean(),
    },
    { requiredKeys: ["fact", "field", "value", "category", "source", "purposes", "basis"] },
  ),
  FactCorrected: fc.record({ fact: idArb, value: jsonArb, source: idArb, sourceRef: idArb }, { requiredKeys: ["fact", "value", "source"] }),
  FactErased: fc.oneof(fc.record({ fact: idArb, reason: textArb }), fc.record({ field: idArb, reason: textArb })),
  ConsentGranted: fc.record(
    {
      consent: idArb,
      purposes: purposesArb,
      notice: idArb,
      noticeVersion: idArb,
      method: fc.constantFrom(...CONSENT_METHODS),
      channel: textArb,
      evidence: idArb,
      expires: timestampArb,
    },
    { requiredKeys: ["consent", "purposes", "notice", "noticeVersion", "method", "channel", "evidence"] },
  ),
  ConsentConfirmed: fc.record({ consent: idArb, evidence: idArb }),
  ConsentWithdrawn: fc.oneof(
    fc.record({ consent: idArb, channel: textArb, evidence: textArb }, { requiredKeys: ["consent", "channel"] }),
    fc.record({ purposes: purposesArb, channel: textArb, evidence: textArb }, { requiredKeys: ["purposes", "channel"] }),
    fc.record({ consent: idArb, purposes: purposesArb, channel: textArb, evidence: textArb }, { requiredKeys: ["consent", "purposes", "channel"] }),
  ),
  LegalBasisRecorded: fc.record(
    {
      basis: fc.constantFrom(...LEGAL_BASES.filter((b) => b !== "consent")),
      purposes: purposesArb,
      reference: idArb,
      until: timestampArb,
    },
    { requiredKeys: ["basis", "purposes", "reference"] },
  ),
  LegalBasisEnded: fc.record({ reference: idArb }),
  ObjectionRaised: fc.record({ purposes: purposesArb, channel: textArb }),
  ObjectionWithdrawn: fc.record({ purposes: purposesArb, channel: textArb, evidence: idArb }),
  ProcessingRestricted: fc.record({ reason: textArb }),
  RestrictionLifted: fc.record({ reason: textArb }, { requiredKeys: [] }),
  SubjectInformed: fc.record({ notice: idArb, noticeVersion: idArb, sources: fc.array(idArb, { maxLength: 3 }) }),
  UseRecorded: fc.record(
    {
      purpose: dottedArb,
      fields: fc.array(idArb, { minLength: 1, maxLength: 3 }),
      actor: idArb,
      roles: fc.array(idArb, { maxLength: 3 }),
      bases: fc.array(fc.record({ field: idArb, legalBasis: basisArb, eventIds: fc.array(textArb, { maxLength: 3 }) }), { maxLength: 2 }),
    },
    { requiredKeys: ["purpose", "fields", "actor", "roles"] },
  ),
  // A9-2-a (explicit consent) names a consent; the other points of Art. 9(2) name none.
  SpecialConditionRecorded: fc.oneof(
    fc.record(
      { condition: fc.constant("A9-2-a"), categories: fc.array(dottedArb, { minLength: 1, maxLength: 3 }), purposes: purposesArb, reference: idArb, consent: idArb, until: timestampArb },
      { requiredKeys: ["condition", "categories", "purposes", "reference", "consent"] },
    ),
    fc.record(
      { condition: fc.constantFrom(...SPECIAL_CONDITIONS.filter((c) => c !== "A9-2-a")), categories: fc.array(dottedArb, { minLength: 1, maxLength: 3 }), purposes: purposesArb, reference: idArb, until: timestampArb },
      { requiredKeys: ["condition", "categories", "purposes", "reference"] },
    ),
  ),
  SpecialConditionEnded: fc.record({ reference: idArb }),
  SubjectsMerged: fc.record({ from: idArb, reason: fc.string() }),
};

/** The catalog event types (no subject). */
export const CATALOG_TYPES = Object.keys(catalogData) as EventType[];
/** The subject event types. */
export const SUBJECT_TYPES = Object.keys(subjectData) as EventType[];
/** All 28 event types. */
export const ALL_TYPES = [...CATALOG_TYPES, ...SUBJECT_TYPES];

/** A valid raw event of `type`, with optional `by` and `v`. */
export function eventArb(type: EventType): fc.Arbitrary<Record<string, unknown>> {
  const isCatalog = type in catalogData;
  const data = isCatalog ? catalogData[type]! : subjectData[type]!;
  const base = { id: idArb, type: fc.constant(type), at: timestampArb, by: idArb, v: fc.constant(1), data };
  return isCatalog
    ? fc.record(base, { requiredKeys: ["id", "type", "at", "data"] })
    : fc.record({ ...base, subject: idArb }, { requiredKeys: ["id", "type", "at", "subject", "data"] });
}

/** A valid raw event of any type. */
export const anyEventArb: fc.Arbitrary<Record<string, unknown>> = fc.constantFrom(...ALL_TYPES).chain(eventArb);

/** Values fast-check can make that are not JSON at all (for "never throws"). */
export const exoticArb: fc.Arbitrary<unknown> = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});

/** Replaces the value at a random path of a JSON event by another value or deletes it. */
export const mutatedEventArb: fc.Arbitrary<unknown> = fc
  .tuple(anyEventArb, fc.nat(), fc.oneof(fc.constant<unknown>(undefined), exoticArb, fc.jsonValue({ maxDepth: 1 }), fc.constantFrom<unknown>("", ".", "a..b", "x.", [], {}, 0, -1, 1.5, null, "2024-02-30T00:00:00Z", "P", "PT")))
  .map(([e, k, repl]) => {
    const copy = clone(e);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (typeof v === "object" && v !== null) for (const key of Object.keys(v)) walk((v as Record<string, unknown>)[key], [...path, key]);
    };
    walk(copy, []);
    const path = paths[k % paths.length]!;
    if (path.length === 0) return repl;
    let parent: Record<string | number, unknown> = copy as Record<string, unknown>;
    for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    if (repl === undefined && !Array.isArray(parent)) delete parent[last];
    else parent[last] = repl;
    return copy;
  });

// ------------------------------------------------------------------ examples

/** One complete, valid example of each event type (also shown in docs/events.md). */
export const EXAMPLES: Record<EventType, Record<string, unknown>> = {
  PurposeDeclared: { id: "0190a5c2-0000-7000-8000-000000000001", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", by: "dpo@acme.example", v: 1, data: { purpose: "marketing.email", description: "Newsletter by e-mail", legalBases: ["consent"], retention: "P2Y", originDisclosure: true, doubleOptIn: true, consentMaxAge: "P18M", directMarketing: true } },
  PurposeRetired: { id: "e-2", type: "PurposeRetired", at: "2025-01-01T00:00:00Z", data: { purpose: "marketing.print" } },
  PurposeCompatibilityAssessed: { id: "e-3", type: "PurposeCompatibilityAssessed", at: "2024-01-02T00:00:00Z", data: { from: "sales", to: "support", compatible: true, rationale: "Support of an existing contract is expected by the customer (Art. 6(4))." } },
  NoticePublished: { id: "e-4", type: "NoticePublished", at: "2024-01-01T00:00:00Z", data: { notice: "privacy", version: "2", purposes: ["marketing.email", "sales"], language: "en", textHash: "sha256:9f86d081" } },
  SourceRegistered: { id: "e-5", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "linkedin", kind: "social-network", assessment: "DPIA-2024-02", importConsentPurpose: "crm.import" } },
  SourceRetired: { id: "e-6", type: "SourceRetired", at: "2025-06-30T00:00:00Z", data: { source: "xing" } },
  AccessPolicyGranted: { id: "e-7", type: "AccessPolicyGranted", at: "2024-01-01T00:00:00Z", data: { policy: "p-marketing", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
  AccessPolicyRevoked: { id: "e-8", type: "AccessPolicyRevoked", at: "2024-07-01T00:00:00Z", data: { policy: "p-marketing" } },
  AccountLinked: { id: "e-9", type: "AccountLinked", at: "2024-01-15T00:00:00Z", data: { account: "li:jane.doe", employee: "emp-42", source: "linkedin", onDeparture: "keep-company-contacts" } },
  EmployeeDeparted: { id: "e-10", type: "EmployeeDeparted", at: "2024-12-31T17:00:00Z", data: { employee: "emp-42" } },
  EventVoided: { id: "e-11", type: "EventVoided", at: "2024-03-02T08:00:00Z", by: "ops@acme.example", data: { event: "a-99", position: 41, reason: "Typo in the purpose; re-recorded as a-100." } },
  FactRecorded: { id: "a-1", type: "FactRecorded", at: "2024-02-01T10:00:00Z", subject: "anna", by: "web", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "web-form", sourceRef: "form-submission-123", account: "li:jane.doe", purposes: ["marketing.email", "sales"], basis: "consent", companyContact: true } },
  FactCorrected: { id: "a-2", type: "FactCorrected", at: "2024-02-03T09:00:00Z", subject: "anna", data: { fact: "f1", value: "anna@example.com", source: "phone-call", sourceRef: "ticket-7" } },
  FactErased: { id: "a-3", type: "FactErased", at: "2024-05-01T00:00:00Z", subject: "anna", data: { field: "phone", reason: "Art. 17 request of 2024-04-28" } },
  ConsentGranted: { id: "a-4", type: "ConsentGranted", at: "2024-02-01T09:59:00Z", subject: "anna", data: { consent: "k1", purposes: ["marketing.email"], notice: "privacy", noticeVersion: "2", method: "double-opt-in", channel: "web", evidence: "form-submission-123", expires: "2026-02-01T00:00:00Z" } },
  ConsentConfirmed: { id: "a-5", type: "ConsentConfirmed", at: "2024-02-01T10:05:00Z", subject: "anna", data: { consent: "k1", evidence: "confirm-link-123" } },
  ConsentWithdrawn: { id: "a-6", type: "ConsentWithdrawn", at: "2024-06-01T12:00:00Z", subject: "anna", data: { consent: "k1", purposes: ["marketing.email"], channel: "unsubscribe-link", evidence: "mail-log-889" } },
  LegalBasisRecorded: { id: "a-7", type: "LegalBasisRecorded", at: "2024-02-10T00:00:00Z", subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "contract-2024-17", until: "2026-02-10T00:00:00Z" } },
  LegalBasisEnded: { id: "a-8", type: "LegalBasisEnded", at: "2025-02-10T00:00:00Z", subject: "anna", data: { reference: "contract-2024-17" } },
  ObjectionRaised: { id: "a-9", type: "ObjectionRaised", at: "2024-07-01T00:00:00Z", subject: "anna", data: { purposes: ["marketing"], channel: "letter" } },
  ObjectionWithdrawn: { id: "a-10", type: "ObjectionWithdrawn", at: "2024-08-01T00:00:00Z", subject: "anna", data: { purposes: ["marketing"], channel: "e-mail", evidence: "mail-2024-08-01" } },
  ProcessingRestricted: { id: "a-11", type: "ProcessingRestricted", at: "2024-09-01T00:00:00Z", subject: "anna", data: { reason: "Accuracy contested (Art. 18(1)(a))" } },
  RestrictionLifted: { id: "a-12", type: "RestrictionLifted", at: "2024-09-15T00:00:00Z", subject: "anna", data: { reason: "Accuracy verified" } },
  SubjectInformed: { id: "a-13", type: "SubjectInformed", at: "2024-02-05T00:00:00Z", subject: "anna", data: { notice: "privacy", noticeVersion: "2", sources: ["linkedin"] } },
  UseRecorded: { id: "a-14", type: "UseRecorded", at: "2024-03-01T09:30:00Z", subject: "anna", data: { purpose: "marketing.email", fields: ["email"], actor: "u-7", roles: ["marketer"], bases: [{ field: "email", legalBasis: "consent", eventIds: ["a-4", "a-5"] }] } },
  SpecialCategoryDeclared: { id: "e-12", type: "SpecialCategoryDeclared", at: "2024-01-01T00:00:00Z", by: "dpo@acme.example", data: { category: "health", description: "Data concerning health (GDPR Art. 9(1))" } },
  SpecialConditionRecorded: { id: "a-15", type: "SpecialConditionRecorded", at: "2024-02-01T10:00:00Z", subject: "anna", data: { condition: "A9-2-a", categories: ["health.allergies"], purposes: ["catering"], reference: "explicit-consent-2024-02", consent: "k2", until: "2025-02-01T00:00:00Z" } },
  SpecialConditionEnded: { id: "a-16", type: "SpecialConditionEnded", at: "2024-09-01T00:00:00Z", subject: "anna", data: { reference: "explicit-consent-2024-02" } },
  SubjectsMerged: { id: "a-17", type: "SubjectsMerged", at: "2024-10-01T00:00:00Z", subject: "anna", data: { from: "anna-2", reason: "The same person, entered from the web form and from LinkedIn" } },
};

// ----------------------------------------------------------------- histories

/** The small pools histories draw from, so that events refer to each other. */
export const POOL = {
  subjects: ["s1", "s2"],
  facts: ["f1", "f2", "f3"],
  fields: ["email", "phone"],
  consents: ["k1", "k2"],
  refs: ["r1", "r2"],
  purposes: ["marketing", "marketing.email", "sales"],
  sources: ["web", "li"],
  times: ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z"],
  /** Instants queries look at: before, at, between and after the history's times. */
  queries: ["2023-12-31T23:59:59Z", "2024-01-01T00:00:00Z", "2024-02-15T00:00:00Z", "2024-03-01T00:00:00Z", "2024-04-20T00:00:00Z", "2024-06-01T00:00:00Z", "2030-01-01T00:00:00Z"],
} as const;

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

type Body = { type: string; subject?: string; data: Record<string, unknown> };

/** A valid event body (no id, no at) drawing ids from {@link POOL}. */
const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant("PurposeDeclared"), data: fc.record({ purpose: pick(POOL.purposes), description: fc.constant("d"), legalBases: fc.constant(["consent", "contract"]) }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("SourceRegistered"), data: fc.record({ source: pick(POOL.sources), kind: pick(["form", "social-network"]), assessment: fc.constant("DPIA") }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("NoticePublished"), data: fc.record({ notice: fc.constant("n"), version: fc.constant("1"), purposes: fc.constant([...POOL.purposes]) }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("AccessPolicyGranted"), data: fc.record({ policy: fc.constant("p"), role: fc.constant("r"), purposes: fc.constant(["marketing", "sales"]), categories: fc.constant(["contact"]) }) }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant("FactRecorded"), subject: pick(POOL.subjects), data: fc.record({ fact: pick(POOL.facts), field: pick(POOL.fields), value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null), fc.constant({ a: [1] })), category: fc.constant("contact"), source: pick(POOL.sources), purposes: fc.subarray([...POOL.purposes], { minLength: 1 }), basis: pick(["consent", "contract"]) }) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("FactCorrected"), subject: pick(POOL.subjects), data: fc.record({ fact: pick(POOL.facts), value: fc.string({ maxLength: 4 }), source: pick(POOL.sources) }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("FactErased"), subject: pick(POOL.subjects), data: fc.record({ fact: pick(POOL.facts), reason: fc.constant("asked") }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("FactErased"), subject: pick(POOL.subjects), data: fc.record({ field: pick(POOL.fields), reason: fc.constant("asked") }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("ConsentGranted"), subject: pick(POOL.subjects), data: fc.record({ consent: pick(POOL.consents), purposes: fc.subarray([...POOL.purposes], { minLength: 1 }), notice: fc.constant("n"), noticeVersion: fc.constant("1"), method: pick(["opt-in", "pre-ticked"]), channel: fc.constant("web"), evidence: fc.constant("ev") }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("ConsentConfirmed"), subject: pick(POOL.subjects), data: fc.record({ consent: pick(POOL.consents), evidence: fc.constant("ev") }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("ConsentWithdrawn"), subject: pick(POOL.subjects), data: fc.oneof(fc.record({ consent: pick(POOL.consents), channel: fc.constant("web") }), fc.record({ purposes: fc.constant(["marketing"]), channel: fc.constant("web") })) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("LegalBasisRecorded"), subject: pick(POOL.subjects), data: fc.record({ basis: fc.constant("contract"), purposes: fc.constant(["sales"]), reference: pick(POOL.refs) }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("LegalBasisEnded"), subject: pick(POOL.subjects), data: fc.record({ reference: pick(POOL.refs) }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("ObjectionRaised"), subject: pick(POOL.subjects), data: fc.record({ purposes: fc.constant(["marketing"]), channel: fc.constant("mail") }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("ProcessingRestricted"), subject: pick(POOL.subjects), data: fc.record({ reason: fc.constant("dispute") }) }) },
);

/** One step of a generated history; items refer to earlier ones by index modulo the length so far. */
type Step =
  | { kind: "event"; body: Body; time: number; by: boolean }
  | { kind: "duplicate"; of: number; reverse: boolean; extra: boolean }
  | { kind: "conflict"; of: number; body: Body; time: number }
  | { kind: "voidId"; of: number; time: number }
  | { kind: "voidPos"; of: number; time: number; withId: boolean }
  | { kind: "broken"; body: Body; time: number; how: number }
  | { kind: "garbage"; value: unknown; withId: boolean };

const timeIdx = fc.nat(POOL.times.length - 1);

function stepArb(opts: HistoryOptions): fc.Arbitrary<Step> {
  const arbs: fc.WeightedArbitrary<Step>[] = [
    { weight: 12, arbitrary: fc.record({ kind: fc.constant("event" as const), body: bodyArb, time: timeIdx, by: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), of: fc.nat(), reverse: fc.boolean(), extra: fc.boolean() }) },
  ];
  if (opts.rejects !== false) {
    arbs.push(
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("conflict" as const), of: fc.nat(), body: bodyArb, time: timeIdx }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("voidId" as const), of: fc.nat(), time: timeIdx }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("broken" as const), body: bodyArb, time: timeIdx, how: fc.nat(5) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("garbage" as const), value: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown), withId: opts.idless === false ? fc.constant(true) : fc.boolean() }) },
    );
    if (opts.positionVoids !== false) {
      arbs.push({ weight: 2, arbitrary: fc.record({ kind: fc.constant("voidPos" as const), of: fc.nat(), time: timeIdx, withId: fc.boolean() }) });
    }
  }
  return fc.oneof(...arbs);
}

/** Options of {@link historyArb}. */
export interface HistoryOptions {
  readonly maxLength?: number;
  /** Include conflicting reuses, broken events, garbage and voids (default true). */
  readonly rejects?: boolean;
  /** Include voids by position (default true). */
  readonly positionVoids?: boolean;
  /** Allow garbage items without an id (default true). */
  readonly idless?: boolean;
  /** Give events non-decreasing `at` in log order (default false). */
  readonly ordered?: boolean;
}

/** Builds raw items from steps. */
function build(steps: readonly Step[], opts: HistoryOptions): unknown[] {
  const items: unknown[] = [];
  let times = steps.map((s) => ("time" in s ? s.time : 0));
  if (opts.ordered === true) times = [...times].sort((a, b) => a - b);
  const at = (i: number) => POOL.times[times[i]!]!;
  const idOf = (x: unknown) => (typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string" ? (x as { id: string }).id : undefined);
  steps.forEach((s, i) => {
    const earlier = items.length;
    switch (s.kind) {
      case "event":
        items.push({ id: `e${i}`, ...s.body, at: at(i), ...(s.by ? { by: "clerk" } : {}) });
        break;
      case "duplicate": {
        const withId = items.filter((x) => idOf(x) !== undefined);
        if (withId.length === 0) break;
        let copy = clone(withId[s.of % withId.length]);
        if (s.reverse) copy = reverseKeys(copy);
        if (s.extra && typeof copy === "object" && copy !== null && !Array.isArray(copy)) (copy as Record<string, unknown>)["x-ignored"] = 1;
        items.push(copy);
        break;
      }
      case "conflict": {
        // Reuses an earlier id with content no earlier item has (a value or reason naming this step).
        const withId = items.filter((x) => idOf(x) !== undefined);
        if (withId.length === 0) break;
        const id = idOf(withId[s.of % withId.length]);
        const fact = s.body.type === "FactRecorded" || s.body.type === "FactCorrected";
        items.push(
          fact
            ? { id, ...s.body, at: at(i), data: { ...s.body.data, value: `conflict-${i}` } }
            : { id, type: "ProcessingRestricted", subject: s.body.subject ?? "s1", at: at(i), data: { reason: `conflict-${i}` } },
        );
        break;
      }
      case "voidId": {
        const withId = items.map(idOf).filter((x): x is string => x !== undefined);
        const target = withId.length === 0 ? "nobody" : withId[s.of % withId.length]!;
        items.push({ id: `e${i}`, type: "EventVoided", at: at(i), data: { event: target, reason: "dealt with" } });
        break;
      }
      case "voidPos": {
        const position = earlier === 0 ? 0 : s.of % (earlier + 1);
        const target = idOf(items[position]);
        const data: Record<string, unknown> = { position, reason: "dealt with" };
        if (s.withId && target !== undefined) data["event"] = target;
        items.push({ id: `e${i}`, type: "EventVoided", at: at(i), data });
        break;
      }
      case "broken": {
        const e: Record<string, unknown> = { id: `e${i}`, ...s.body, at: at(i) };
        if (s.how === 0) e["at"] = "2024-02-30T00:00:00Z";
        else if (s.how === 1) delete e["at"];
        else if (s.how === 2) e["data"] = { ...s.body.data, purposes: [], fact: "" }; // unknown to some types, which then still decode
        else if (s.how === 3) e["type"] = "Unknown" + s.body.type;
        else if (s.how === 4) e["v"] = 2;
        else delete e["subject"];
        items.push(e);
        break;
      }
      case "garbage":
        items.push(s.withId && typeof s.value === "object" && s.value !== null && !Array.isArray(s.value) ? { ...s.value, id: `g${i}` } : s.withId ? { id: `g${i}`, junk: s.value } : s.value);
        break;
    }
  });
  return items;
}

/** A generated history of raw items. */
export function historyArb(opts: HistoryOptions = {}): fc.Arbitrary<unknown[]> {
  return fc.array(stepArb(opts), { maxLength: opts.maxLength ?? 30 }).map((steps) => build(steps, opts));
}
