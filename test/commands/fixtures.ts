/**
 * Histories and command builders for the write-side tests. Every event is
 * written as data with an explicit id, so expected events read like the log.
 */
export type Ev = Record<string, unknown>;

/** The default subject. */
export const S = "anna";
/** When the base catalog is set up. */
export const T0 = "2024-01-01T00:00:00Z";
/** When the base history ends (the scenarios' default `now`). */
export const T1 = "2024-02-01T00:00:00Z";
/** A later instant commands use. */
export const T2 = "2024-03-01T00:00:00Z";

const cat = (id: string, type: string, at: string, data: Ev): Ev => ({ id, type, at, data });
const sub = (id: string, type: string, at: string, data: Ev, subject = S): Ev => ({ id, type, at, subject, data });

export const declare = (id: string, at: string, purpose: string, legalBases: string[], extra: Ev = {}): Ev =>
  cat(id, "PurposeDeclared", at, { purpose, description: `purpose ${purpose}`, legalBases, ...extra });
export const retirePurpose = (id: string, at: string, purpose: string): Ev => cat(id, "PurposeRetired", at, { purpose });
export const notice = (id: string, at: string, version: string, purposes: string[], name = "privacy"): Ev =>
  cat(id, "NoticePublished", at, { notice: name, version, purposes });
export const source = (id: string, at: string, src: string, kind: string, extra: Ev = {}): Ev =>
  cat(id, "SourceRegistered", at, { source: src, kind, assessment: `DPIA-${src}`, ...extra });
export const retireSource = (id: string, at: string, src: string): Ev => cat(id, "SourceRetired", at, { source: src });
export const link = (id: string, at: string, account: string, employee: string, src: string): Ev =>
  cat(id, "AccountLinked", at, { account, employee, source: src, onDeparture: "keep" });

export const fact = (id: string, at: string, factId: string, extra: Ev = {}, subject = S): Ev =>
  sub(id, "FactRecorded", at, { fact: factId, field: "email", value: `${factId}@example.org`, category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract", ...extra }, subject);
export const consent = (id: string, at: string, consentId: string, extra: Ev = {}, subject = S): Ev =>
  sub(id, "ConsentGranted", at, { consent: consentId, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: `form-${id}`, ...extra }, subject);
export const erase = (id: string, at: string, target: Ev, subject = S): Ev => sub(id, "FactErased", at, { ...target, reason: "Art. 17 request" }, subject);
export const basis = (id: string, at: string, reference: string, subject = S): Ev =>
  sub(id, "LegalBasisRecorded", at, { basis: "contract", purposes: ["sales"], reference }, subject);

/**
 * The catalog most scenarios start from, at T0: purposes marketing (consent),
 * sales (contract, legitimate-interests), crm.import (consent); notice
 * privacy v1 for marketing and sales; sources crm (manual), web (form),
 * li (social-network, needing consent for crm.import); account li:bob of
 * employee bob on li.
 */
export const catalog = (): Ev[] => [
  declare("p-mkt", T0, "marketing", ["consent"]),
  declare("p-sales", T0, "sales", ["contract", "legitimate-interests"]),
  declare("p-import", T0, "crm.import", ["consent"]),
  notice("n-1", T0, "1", ["marketing", "sales", "crm.import"]),
  source("s-crm", T0, "crm", "manual"),
  source("s-web", T0, "web", "form"),
  source("s-li", T0, "li", "social-network", { importConsentPurpose: "crm.import" }),
  link("l-bob", T0, "li:bob", "bob", "li"),
];

/** The catalog plus, at T1: fact f1 (email, sales, contract), consent k1 (marketing), basis reference ref-1. */
export const history = (): Ev[] => [
  ...catalog(),
  fact("e-f1", T1, "f1"),
  consent("e-k1", T1, "k1"),
  basis("e-b1", T1, "ref-1"),
];

/** A staff member who may use everything (access policies are the decisions' business, not the write side's). */
export const staff = { id: "u-1", roles: ["staff"] };
export const staffPolicy = (): Ev => cat("pol-staff", "AccessPolicyGranted", T0, { policy: "staff", role: "staff", purposes: ["marketing", "sales", "crm"], categories: ["contact"] });
