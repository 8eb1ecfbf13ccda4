/**
 * A tiny builder for decision tests: every event is written as data with an
 * explicit id, so that assertions on `eventIds` read like the history.
 */
import { expect } from "vitest";
import { canUse, replay, type Decision, type Ledger, type Reason, type ReasonCode, type UseQuery } from "../../src/index.js";

export type Ev = Record<string, unknown>;

/** The default subject of the builders. */
export const S = "s1";
/** When the base catalog is set up. */
export const T0 = "2024-01-01T00:00:00Z";
/** The default query instant. */
export const NOW = "2024-06-01T00:00:00Z";

const cat = (id: string, type: string, at: string, data: Ev): Ev => ({ id, type, at, data });
const sub = (id: string, type: string, at: string, data: Ev, subject = S): Ev => ({ id, type, at, subject, data });

// ------------------------------------------------------------------ catalog

export interface PurposeAttrs {
  retention?: string;
  consentMaxAge?: string;
  doubleOptIn?: boolean;
  originDisclosure?: boolean;
  directMarketing?: boolean;
}

export const declare = (id: string, at: string, purpose: string, legalBases: string[], attrs: PurposeAttrs = {}): Ev =>
  cat(id, "PurposeDeclared", at, { purpose, description: `purpose ${purpose}`, legalBases, ...attrs });
export const retire = (id: string, at: string, purpose: string): Ev => cat(id, "PurposeRetired", at, { purpose });
export const assess = (id: string, at: string, from: string, to: string, compatible: boolean): Ev =>
  cat(id, "PurposeCompatibilityAssessed", at, { from, to, compatible, rationale: `${from} -> ${to}: ${compatible}` });
export const notice = (id: string, at: string, notice: string, version: string, purposes: string[]): Ev =>
  cat(id, "NoticePublished", at, { notice, version, purposes });
export const source = (id: string, at: string, source: string, kind: string, extra: { importConsentPurpose?: string } = {}): Ev =>
  cat(id, "SourceRegistered", at, { source, kind, assessment: `DPIA-${source}`, ...extra });
export const retireSource = (id: string, at: string, source: string): Ev => cat(id, "SourceRetired", at, { source });
export const grantPolicy = (id: string, at: string, policy: string, role: string, purposes: string[], categories: string[]): Ev =>
  cat(id, "AccessPolicyGranted", at, { policy, role, purposes, categories });
export const revokePolicy = (id: string, at: string, policy: string): Ev => cat(id, "AccessPolicyRevoked", at, { policy });
export const link = (id: string, at: string, account: string, employee: string, source: string, onDeparture: "erase" | "keep-company-contacts" | "keep"): Ev =>
  cat(id, "AccountLinked", at, { account, employee, source, onDeparture });
export const departed = (id: string, at: string, employee: string): Ev => cat(id, "EmployeeDeparted", at, { employee });
export const voids = (id: string, at: string, target: { event?: string; position?: number }): Ev =>
  cat(id, "EventVoided", at, { ...target, reason: "repaired by the operator" });

// ------------------------------------------------------------------ subject

export interface FactSpec {
  fact: string;
  field?: string;
  value?: unknown;
  category?: string;
  source?: string;
  purposes?: string[];
  basis?: string;
  account?: string;
  companyContact?: boolean;
  subject?: string;
}

/** A `FactRecorded`: by default field `email`, category `contact.email`, source `crm`, purposes [marketing], basis consent. */
export const fact = (id: string, at: string, f: FactSpec): Ev => {
  const { subject = S, field = "email", value = `${f.fact}@example.org`, category = "contact.email", source = "crm", purposes = ["marketing"], basis = "consent", ...rest } = f;
  return sub(id, "FactRecorded", at, { field, value, category, source, purposes, basis, ...rest }, subject);
};
export const correct = (id: string, at: string, factId: string, value: unknown, source = "crm", subject = S): Ev =>
  sub(id, "FactCorrected", at, { fact: factId, value, source }, subject);
export const erase = (id: string, at: string, target: { fact: string } | { field: string }, subject = S): Ev =>
  sub(id, "FactErased", at, { ...target, reason: "erasure request" }, subject);

export interface ConsentSpec {
  consent: string;
  purposes?: string[];
  notice?: string;
  noticeVersion?: string;
  method?: string;
  expires?: string;
  subject?: string;
}

/** A `ConsentGranted`: by default for [marketing], notice privacy v1, opt-in. */
export const consent = (id: string, at: string, c: ConsentSpec): Ev => {
  const { subject = S, purposes = ["marketing"], notice = "privacy", noticeVersion = "1", method = "opt-in", ...rest } = c;
  return sub(id, "ConsentGranted", at, { purposes, notice, noticeVersion, method, channel: "web", evidence: `proof-${id}`, ...rest }, subject);
};
export const confirm = (id: string, at: string, consentId: string, subject = S): Ev =>
  sub(id, "ConsentConfirmed", at, { consent: consentId, evidence: `click-${id}` }, subject);
export const withdraw = (id: string, at: string, w: { consent?: string; purposes?: string[] }, subject = S): Ev =>
  sub(id, "ConsentWithdrawn", at, { ...w, channel: "email" }, subject);
export const basis = (id: string, at: string, b: string, purposes: string[], reference: string, until?: string, subject = S): Ev =>
  sub(id, "LegalBasisRecorded", at, until === undefined ? { basis: b, purposes, reference } : { basis: b, purposes, reference, until }, subject);
export const endBasis = (id: string, at: string, reference: string, subject = S): Ev => sub(id, "LegalBasisEnded", at, { reference }, subject);
export const object = (id: string, at: string, purposes: string[], subject = S): Ev => sub(id, "ObjectionRaised", at, { purposes, channel: "letter" }, subject);
export const liftObjection = (id: string, at: string, purposes: string[], subject = S): Ev =>
  sub(id, "ObjectionWithdrawn", at, { purposes, channel: "letter", evidence: `signed-${id}` }, subject);
export const restrict = (id: string, at: string, subject = S): Ev => sub(id, "ProcessingRestricted", at, { reason: "accuracy contested" }, subject);
export const liftRestriction = (id: string, at: string, subject = S): Ev => sub(id, "RestrictionLifted", at, { reason: "resolved" }, subject);
export const informed = (id: string, at: string, sources: string[], subject = S): Ev =>
  sub(id, "SubjectInformed", at, { notice: "privacy", noticeVersion: "1", sources }, subject);

// ------------------------------------------------------------ base catalog

/** Top-level purposes the `staff` policy covers. */
export const STAFF_PURPOSES = ["marketing", "market", "sales", "research", "analytics", "billing", "support", "crm", "tax", "health", "a", "news"];

/**
 * The catalog most tests start from, all at T0 in this log order:
 * purposes marketing (consent, direct marketing), marketing.email (consent),
 * sales (contract, legitimate-interests), research (legitimate-interests);
 * notice privacy v1 listing marketing, sales, research; sources crm
 * (manual), web-form (form), self (subject), linkedin (social-network);
 * policy `staff` over STAFF_PURPOSES and categories contact, professional.
 */
export const base = (): Ev[] => [
  declare("p-mkt", T0, "marketing", ["consent"], { directMarketing: true }),
  declare("p-email", T0, "marketing.email", ["consent"]),
  declare("p-sales", T0, "sales", ["contract", "legitimate-interests"]),
  declare("p-research", T0, "research", ["legitimate-interests"]),
  notice("n-1", T0, "privacy", "1", ["marketing", "sales", "research"]),
  source("src-crm", T0, "crm", "manual"),
  source("src-form", T0, "web-form", "form"),
  source("src-self", T0, "self", "subject"),
  source("src-li", T0, "linkedin", "social-network"),
  grantPolicy("pol-staff", T0, "staff", "staff", STAFF_PURPOSES, ["contact", "professional"]),
];

/** A consented contact: consent k1 for marketing (2024-02-01), e-mail fact f1 for marketing on consent (2024-02-02). */
export const consented = (): Ev[] => [
  consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }),
  fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" }),
];

// ------------------------------------------------------------------- query

export interface Ask {
  subject?: string;
  purpose?: string;
  fields?: string[];
  roles?: string[];
  actor?: string;
  at?: string;
}

/** Asks canUse on a ledger (or on events, replayed). Defaults: s1, marketing.email, [email], staff, NOW. */
export function ask(src: Ledger | Ev[], a: Ask = {}): Decision {
  const ledger = Array.isArray(src) ? replay(src) : src;
  return canUse(ledger, queryOf(a));
}

/** The query `ask` makes of `a`, with the same defaults. */
export function queryOf(a: Ask = {}): UseQuery {
  return {
    subject: a.subject ?? S,
    purpose: a.purpose ?? "marketing.email",
    fields: a.fields ?? ["email"],
    actor: { id: a.actor ?? "u-1", roles: a.roles ?? ["staff"] },
    at: a.at ?? NOW,
  };
}

/** Every reason as `CODE` (subject level) or `CODE@field`, sorted: the exact multiset a test asserts. */
export function summary(d: Decision): string[] {
  return d.reasons.map((r) => (r.field === undefined ? r.code : `${r.code}@${r.field}`)).sort();
}

/** The one reason with `code` (and `field`, when given; `null` means subject level). Fails when there is not exactly one. */
export function only(d: Decision, code: ReasonCode, field?: string | null): Reason {
  const rs = d.reasons.filter((r) => r.code === code && (field === undefined || (field === null ? r.field === undefined : r.field === field)));
  expect(rs, `exactly one ${code}${field ? "@" + field : ""} in ${JSON.stringify(summary(d))}`).toHaveLength(1);
  return rs[0]!;
}

/** Asserts a denial with exactly these reasons (see `summary`), and the decision's invariants. */
export function expectDenied(d: Decision, reasons: string[]): void {
  expect(summary(d)).toEqual([...reasons].sort());
  expect(d.allowed).toBe(false);
  expect(d.obligations).toEqual([]);
  checkShape(d);
}

/** Asserts an allowed decision whose every field rests on `legalBasis`, established by exactly `eventIds` (any order). */
export function expectAllowed(d: Decision, legalBasis?: string, eventIds?: string[]): void {
  expect(summary(d)).toEqual([]);
  expect(d.allowed).toBe(true);
  checkShape(d);
  for (const f of d.fields) {
    expect(f.allowed).toBe(true);
    expect(f.basis).toBeDefined();
    if (legalBasis !== undefined) expect(f.basis!.legalBasis).toBe(legalBasis);
    if (eventIds !== undefined) expect([...f.basis!.eventIds].sort()).toEqual([...eventIds].sort());
  }
}

/** Invariants of every decision: per-field reasons are the decision's reasons with that field, allowed iff no reason. */
export function checkShape(d: Decision): void {
  expect(d.allowed).toBe(d.reasons.length === 0);
  for (const f of d.fields) {
    for (const r of f.reasons) expect(r.field).toBe(f.field);
    expect(d.reasons.filter((r) => r.field === f.field)).toEqual(f.reasons);
    if (!f.allowed) expect(f.basis).toBeUndefined();
    if (!d.allowed) expect(d.obligations).toEqual([]);
  }
  for (const r of d.reasons) {
    expect(typeof r.message).toBe("string");
    expect(r.message.length).toBeGreaterThan(10);
    expect(Array.isArray(r.eventIds)).toBe(true);
  }
  const subjectLevel = d.reasons.filter((r) => r.field === undefined);
  if (subjectLevel.length > 0) for (const f of d.fields) expect(f.allowed).toBe(false);
}

/** Sorted copy. */
export const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/**
 * A fact that does not depend on consent: e-mail f1 collected for sales under
 * a contract (2024-02-02), and an assessment at T0 that marketing is
 * compatible with sales. Consent then matters only as the use's basis.
 */
export const salesFact = (): Ev[] => [
  fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }),
  assess("as1", T0, "sales", "marketing", true),
];
