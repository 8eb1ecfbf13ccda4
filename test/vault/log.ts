/** A small sealed-log fixture shared by the vault contract and the PostgreSQL vault's child processes (no test runner imports here). */
import { canUse, type Ledger } from "../../src/index.js";

export type Ev = Record<string, unknown>;

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";
/** A small CRM log with personal values of two people, a malformed event (sealed whole) and a duplicate. */
export const LOG: readonly Ev[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Sales", legalBases: ["contract", "consent"] } },
  { id: "c2", type: "SourceRegistered", at: T0, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
  { id: "c3", type: "AccessPolicyGranted", at: T0, data: { policy: "p1", role: "sales", purposes: ["sales"], categories: ["contact"] } },
  { id: "c4", type: "NoticePublished", at: T0, data: { notice: "privacy", version: "1", purposes: ["sales"] } },
  { id: "a1", type: "LegalBasisRecorded", at: T1, subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "ctr-1" } },
  { id: "a2", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "crm", sourceRef: "call-1", purposes: ["sales"], basis: "contract" } },
  { id: "a3", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f2", field: "phone", value: "+49 30 1234", category: "contact.phone", source: "crm", sourceRef: 12345, purposes: ["sales"], basis: "contract" } },
  { id: "b1", type: "ConsentGranted", at: T1, subject: "ben", data: { consent: "k1", purposes: ["sales"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-ben" } },
  { id: "b2", type: "FactRecorded", at: T1, subject: "ben", data: { fact: "f3", field: "email", value: "ben@example.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "consent" } },
  { id: "b2", type: "FactRecorded", at: T1, subject: "ben", data: { fact: "f3", field: "email", value: "ben@example.org", category: "contact.email", source: "crm", purposes: ["sales"], basis: "consent" } },
];
export const query = (subject: string) => ({ subject, purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: "2024-03-01T00:00:00Z" });

/** What a ledger says about the log: how many events it accepted, its rejects, and the decisions about both people. */
export function summary(ledger: Ledger) {
  return {
    accepted: ledger.accepted,
    rejected: ledger.rejected.map((r) => [r.position, r.code, r.subject]),
    decisions: ["anna", "ben"].map((s) => [canUse(ledger, query(s)).allowed, canUse(ledger, query(s)).reasons.map((r) => r.code)]),
  };
}

