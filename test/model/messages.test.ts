/**
 * Approval test of the sentences decisions are explained with (issue 3:
 * "message is one plain sentence a compliance officer can read"; "explain(decision):
 * a short human-readable text"). Each scenario was read against the issue text
 * when it was approved: the codes, the fields, the events named and the wording.
 * A change of wording is a change of this file.
 */
import { describe, expect, it } from "vitest";
import { canUse, explain, replay } from "../../src/index.js";
import { comparable } from "./compare.js";
import { modelCanUse } from "./model.js";

type E = Record<string, unknown>;
const cat = (id: string, type: string, at: string, data: E): E => ({ id, type, at, data });
const sub = (id: string, type: string, at: string, data: E, subject = "s1"): E => ({ id, type, at, subject, data });
const T0 = "2024-01-01T00:00:00Z";
const base: E[] = [
  cat("p-sales", "PurposeDeclared", T0, { purpose: "sales", description: "d", legalBases: ["contract", "legitimate-interests"] }),
  cat("p-mkt", "PurposeDeclared", T0, { purpose: "marketing", description: "d", legalBases: ["consent"], directMarketing: true, doubleOptIn: true, consentMaxAge: "P1M", retention: "P1Y" }),
  cat("p-mail", "PurposeDeclared", "2024-02-15T00:00:00Z", { purpose: "marketing.email", description: "d", legalBases: ["consent"] }),
  cat("n-1", "NoticePublished", T0, { notice: "n", version: "1", purposes: ["sales"] }),
  cat("src-li", "SourceRegistered", T0, { source: "linkedin", kind: "social-network", assessment: "DPIA-2", importConsentPurpose: "marketing" }),
  cat("src-x", "SourceRegistered", T0, { source: "xing", kind: "social-network", assessment: "DPIA-3" }),
  cat("src-x-r", "SourceRetired", "2024-01-15T00:00:00Z", { source: "xing" }),
  cat("pol", "AccessPolicyGranted", T0, { policy: "p", role: "staff", purposes: ["sales", "marketing"], categories: ["contact"] }),
  cat("acc", "AccountLinked", T0, { account: "acc1", employee: "emp1", source: "linkedin", onDeparture: "keep-company-contacts" }),
  cat("acc2", "AccountLinked", T0, { account: "acc2", employee: "emp2", source: "linkedin", onDeparture: "erase" }),
  cat("dep1", "EmployeeDeparted", "2024-03-01T00:00:00Z", { employee: "emp1" }),
  cat("dep2", "EmployeeDeparted", "2024-03-01T00:00:00Z", { employee: "emp2" }),
  cat("as1", "PurposeCompatibilityAssessed", T0, { from: "sales", to: "marketing", compatible: false, rationale: "no" }),
];
const q = (purpose: string, fields: string[], roles = ["staff"], at = "2024-06-01T00:00:00Z", subject = "s1") => ({ subject, purpose, fields, actor: { id: "u", roles }, at });
const scenarios: [string, E[], ReturnType<typeof q>][] = [
  ["consent failures", [...base,
    sub("k1", "ConsentGranted", "2024-02-01T00:00:00Z", { consent: "k1", purposes: ["marketing"], notice: "n", noticeVersion: "1", method: "pre-ticked", channel: "web", evidence: "e", expires: "2024-04-01T00:00:00Z" }),
    sub("k2", "ConsentGranted", "2024-02-01T00:00:00Z", { consent: "k2", purposes: ["marketing"], notice: "n", noticeVersion: "9", method: "opt-in", channel: "web", evidence: "e" }),
    sub("w2", "ConsentWithdrawn", "2024-02-10T00:00:00Z", { consent: "k2", channel: "mail" }),
    sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "linkedin", account: "acc1", purposes: ["sales"], basis: "consent" }),
    sub("f2", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f2", field: "phone", value: "a", category: "contact", source: "xing", account: "acc2", purposes: ["sales"], basis: "contract" }),
    sub("c2", "FactCorrected", "2024-02-03T00:00:00Z", { fact: "f2", value: "b", source: "nowhere" }),
    sub("o1", "ObjectionRaised", "2024-02-04T00:00:00Z", { purposes: ["marketing.email"], channel: "letter" }),
    sub("r1", "ProcessingRestricted", "2024-02-05T00:00:00Z", { reason: "x" }),
    sub("f3", "FactRecorded", "2023-01-01T00:00:00Z", { fact: "f3", field: "job", value: "a", category: "contact", source: "linkedin", purposes: ["marketing"], basis: "vital-interests" }),
    sub("f4", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f4", field: "name", value: "a", category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract" }),
    sub("e1", "FactErased", "2024-02-06T00:00:00Z", { field: "name", reason: "x" }),
  ], q("marketing", ["email", "phone", "job", "name", "fax"])],
  ["access with no role, retired purpose, objection to processing", [...base,
    cat("ret", "PurposeRetired", "2024-04-01T00:00:00Z", { purpose: "sales" }),
    sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract" }),
    sub("o1", "ObjectionRaised", "2024-02-04T00:00:00Z", { purposes: ["sales"], channel: "letter" }),
  ], q("sales", ["email"], [])],
  ["access per field", [...base,
    sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract" }),
    sub("f2", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f2", field: "job", value: "a", category: "profile", source: "linkedin", purposes: ["sales"], basis: "contract" }),
    sub("b1", "LegalBasisRecorded", "2024-02-02T00:00:00Z", { basis: "contract", purposes: ["sales"], reference: "k" }),
  ], q("sales", ["email", "job"], ["staff", "guest"])],
  ["incomplete: catalog", [...base, { id: "bad", type: "PurposeDeclared", at: "2024-02-01T00:00:00Z", data: {} }, sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract" })], q("sales", ["email"])],
  ["incomplete: subject", [...base, sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract" }), sub("bad", "FactCorrected", "2024-02-03T00:00:00Z", { fact: "nope", value: 1, source: "x" })], q("sales", ["email"])],
  ["unknown subject", base, q("sales", ["email"])],
  ["expired on a date", [...base,
    cat("p-news", "PurposeDeclared", T0, { purpose: "news", description: "d", legalBases: ["consent"] }),
    cat("n-2", "NoticePublished", T0, { notice: "n", version: "2", purposes: ["news"] }),
    sub("k1", "ConsentGranted", "2024-02-01T00:00:00Z", { consent: "k1", purposes: ["news"], notice: "n", noticeVersion: "2", method: "opt-in", channel: "web", evidence: "e", expires: "2024-03-01T00:00:00Z" }),
    sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "xing", purposes: ["news"], basis: "consent" }),
  ], q("news", ["email"], ["staff"], "2024-03-01T00:00:00Z")],
  ["unknown purpose", [...base, sub("f1", "FactRecorded", "2024-02-02T00:00:00Z", { fact: "f1", field: "email", value: "a", category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract" })], q("research", ["email"])],
];

const EXPECTED: Record<string, string[]> = {
  "consent failures": [
    "DENIED: use of email, phone, job, name, fax of \"s1\" for \"marketing\" at 2024-06-01T00:00:00Z",
    "  - RESTRICTED: Processing of this person's data has been restricted since 2024-02-05T00:00:00Z (GDPR Art. 18) and the restriction has not been lifted. (events: r1)",
    "  - OBJECTED: The person objected to direct marketing for \"marketing.email\" (GDPR Art. 21(2)), which covers \"marketing\"; the objection is absolute. (events: o1)",
    "  - [email] UNLAWFUL_COLLECTION: The value of \"email\" was collected unlawfully: none of its collection purposes (\"sales\") declared the basis \"consent\" when it was recorded; its source \"linkedin\" needs the person's consent for \"marketing\" to import data, and there was none when it was recorded; it was recorded on the basis of consent, and no valid consent covered its collection purposes when it was recorded. A consent given later does not heal this; record the fact again after a lawful basis exists. (events: f1, src-li)",
    "  - [email] OWNER_DEPARTED: The value of \"email\" came through account \"acc1\" of employee \"emp1\", who left on 2024-03-01T00:00:00Z; the agreement keeps only contacts marked as company contacts, and this one is not. (events: f1, acc, dep1)",
    "  - [email] PURPOSE_INCOMPATIBLE: The value of \"email\" was collected for \"sales\", which does not cover \"marketing\"; a compatibility assessment found the use incompatible and the person has not consented to it. (events: f1, as1)",
    "  - [email] NO_LEGAL_BASIS: No legal basis for \"marketing\" (consent) is established for this person at this time (GDPR Art. 6(1)).",
    "  - [email] CONSENT_NOT_ACTIVE: Consent \"k1\" was captured as \"pre-ticked\", which is not an active act of will, so it is not effective for \"marketing\". (events: k1)",
    "  - [email] CONSENT_UNINFORMED: Consent \"k1\" was given on notice n version 1, which does not describe the purpose marketing, so it is not effective for \"marketing\". (events: k1, n-1)",
    "  - [email] CONSENT_UNCONFIRMED: Consent \"k1\" was never confirmed, and the purpose requires double opt-in, so it is not effective for \"marketing\". (events: k1)",
    "  - [email] CONSENT_EXPIRED: Consent \"k1\" is older than the purpose's maximum consent age P1M, so it is not effective for \"marketing\". (events: k1)",
    "  - [email] CONSENT_UNINFORMED: Consent \"k2\" was given on notice n version 9, which had not been published by then, so it is not effective for \"marketing\". (events: k2)",
    "  - [email] CONSENT_UNCONFIRMED: Consent \"k2\" was never confirmed, and the purpose requires double opt-in, so it is not effective for \"marketing\". (events: k2)",
    "  - [email] CONSENT_WITHDRAWN: Consent \"k2\" was withdrawn on 2024-02-10T00:00:00Z, so it is not effective for \"marketing\". (events: k2, w2)",
    "  - [email] CONSENT_EXPIRED: Consent \"k2\" is older than the purpose's maximum consent age P1M, so it is not effective for \"marketing\". (events: k2)",
    "  - [phone] UNKNOWN_SOURCE: The origin of \"phone\" cannot be traced: its source \"xing\" was not registered and in force when it was recorded on 2024-02-02T00:00:00Z; the correction that set its current value came from \"nowhere\", which was not registered and in force on 2024-02-03T00:00:00Z; it names account \"acc2\", which was not linked for source \"xing\" when it was recorded. (events: f2, src-x-r, c2)",
    "  - [phone] OWNER_DEPARTED: The value of \"phone\" came through account \"acc2\" of employee \"emp2\", who left on 2024-03-01T00:00:00Z; the agreement is to erase those contacts. (events: f2, acc2, dep2)",
    "  - [phone] PURPOSE_INCOMPATIBLE: The value of \"phone\" was collected for \"sales\", which does not cover \"marketing\"; a compatibility assessment found the use incompatible and the person has not consented to it. (events: f2, as1)",
    "  - [phone] NO_LEGAL_BASIS: No legal basis for \"marketing\" (consent) is established for this person at this time (GDPR Art. 6(1)).",
    "  - [phone] CONSENT_NOT_ACTIVE: Consent \"k1\" was captured as \"pre-ticked\", which is not an active act of will, so it is not effective for \"marketing\". (events: k1)",
    "  - [phone] CONSENT_UNINFORMED: Consent \"k1\" was given on notice n version 1, which does not describe the purpose marketing, so it is not effective for \"marketing\". (events: k1, n-1)",
    "  - [phone] CONSENT_UNCONFIRMED: Consent \"k1\" was never confirmed, and the purpose requires double opt-in, so it is not effective for \"marketing\". (events: k1)",
    "  - [phone] CONSENT_EXPIRED: Consent \"k1\" is older than the purpose's maximum consent age P1M, so it is not effective for \"marketing\". (events: k1)",
    "  - [phone] CONSENT_UNINFORMED: Consent \"k2\" was given on notice n version 9, which had not been published by then, so it is not effective for \"marketing\". (events: k2)",
    "  - [phone] CONSENT_UNCONFIRMED: Consent \"k2\" was never confirmed, and the purpose requires double opt-in, so it is not effective for \"marketing\". (events: k2)",
    "  - [phone] CONSENT_WITHDRAWN: Consent \"k2\" was withdrawn on 2024-02-10T00:00:00Z, so it is not effective for \"marketing\". (events: k2, w2)",
    "  - [phone] CONSENT_EXPIRED: Consent \"k2\" is older than the purpose's maximum consent age P1M, so it is not effective for \"marketing\". (events: k2)",
    "  - [job] UNKNOWN_SOURCE: The origin of \"job\" cannot be traced: its source \"linkedin\" was not registered and in force when it was recorded on 2023-01-01T00:00:00Z. (events: f3)",
    "  - [job] UNLAWFUL_COLLECTION: The value of \"job\" was collected unlawfully: none of its collection purposes (\"marketing\") declared the basis \"vital-interests\" when it was recorded. A consent given later does not heal this; record the fact again after a lawful basis exists. (events: f3)",
    "  - [job] RETENTION_EXPIRED: The value of \"job\", recorded on 2023-01-01T00:00:00Z, is past its retention period at this time (GDPR Art. 5(1)(e)). (events: f3)",
    "  - [job] NO_LEGAL_BASIS: No legal basis for \"marketing\" (consent) is established for this person at this time (GDPR Art. 6(1)).",
    "  - [job] CONSENT_NOT_ACTIVE: Consent \"k1\" was captured as \"pre-ticked\", which is not an active act of will, so it is not effective for \"marketing\". (events: k1)",
    "  - [job] CONSENT_UNINFORMED: Consent \"k1\" was given on notice n version 1, which does not describe the purpose marketing, so it is not effective for \"marketing\". (events: k1, n-1)",
    "  - [job] CONSENT_UNCONFIRMED: Consent \"k1\" was never confirmed, and the purpose requires double opt-in, so it is not effective for \"marketing\". (events: k1)",
    "  - [job] CONSENT_EXPIRED: Consent \"k1\" is older than the purpose's maximum consent age P1M, so it is not effective for \"marketing\". (events: k1)",
    "  - [job] CONSENT_UNINFORMED: Consent \"k2\" was given on notice n version 9, which had not been published by then, so it is not effective for \"marketing\". (events: k2)",
    "  - [job] CONSENT_UNCONFIRMED: Consent \"k2\" was never confirmed, and the purpose requires double opt-in, so it is not effective for \"marketing\". (events: k2)",
    "  - [job] CONSENT_WITHDRAWN: Consent \"k2\" was withdrawn on 2024-02-10T00:00:00Z, so it is not effective for \"marketing\". (events: k2, w2)",
    "  - [job] CONSENT_EXPIRED: Consent \"k2\" is older than the purpose's maximum consent age P1M, so it is not effective for \"marketing\". (events: k2)",
    "  - [name] ERASED: Every value of \"name\" was erased (GDPR Art. 17). (events: e1)",
    "  - [fax] NO_DATA: No value of \"fax\" was recorded for this person by 2024-06-01T00:00:00Z."
  ],
  "access with no role, retired purpose, objection to processing": [
    "DENIED: use of email of \"s1\" for \"sales\" at 2024-06-01T00:00:00Z",
    "  - ACCESS_DENIED: No access policy in force for the roles (none) of \"u\" covers the purpose \"sales\" and the categories of the requested data. (events: f1)",
    "  - PURPOSE_RETIRED: The purpose \"sales\" was retired on 2024-04-01T00:00:00Z and is not in force at this time. (events: ret)",
    "  - OBJECTED: The person objected to processing for \"sales\" (GDPR Art. 21), which affects \"sales\", and no contract, legal obligation or vital interest is established for it. (events: o1)",
    "  - [email] UNLAWFUL_COLLECTION: The value of \"email\" was collected unlawfully: its source \"linkedin\" needs the person's consent for \"marketing\" to import data, and there was none when it was recorded. A consent given later does not heal this; record the fact again after a lawful basis exists. (events: f1, src-li)",
    "  - [email] NO_LEGAL_BASIS: No legal basis for \"sales\" (contract, legitimate-interests) is established for this person at this time (GDPR Art. 6(1))."
  ],
  "access per field": [
    "DENIED: use of email, job of \"s1\" for \"sales\" at 2024-06-01T00:00:00Z",
    "  - [email] UNLAWFUL_COLLECTION: The value of \"email\" was collected unlawfully: its source \"linkedin\" needs the person's consent for \"marketing\" to import data, and there was none when it was recorded. A consent given later does not heal this; record the fact again after a lawful basis exists. (events: f1, src-li)",
    "  - [job] ACCESS_DENIED: No access policy in force for the roles of \"u\" covers the purpose \"sales\" and the category \"profile\" of \"job\". (events: f2)",
    "  - [job] UNLAWFUL_COLLECTION: The value of \"job\" was collected unlawfully: its source \"linkedin\" needs the person's consent for \"marketing\" to import data, and there was none when it was recorded. A consent given later does not heal this; record the fact again after a lawful basis exists. (events: f2, src-li)"
  ],
  "incomplete: catalog": [
    "DENIED: use of email of \"s1\" for \"sales\" at 2024-06-01T00:00:00Z",
    "  - HISTORY_INCOMPLETE: The history of this person or of the catalog is incomplete: 1 rejected event(s) have not been voided, so no decision can be trusted. (events: bad)"
  ],
  "incomplete: subject": [
    "DENIED: use of email of \"s1\" for \"sales\" at 2024-06-01T00:00:00Z",
    "  - HISTORY_INCOMPLETE: The history of this person is incomplete: 1 rejected event(s) have not been voided, so no decision can be trusted. (events: bad)"
  ],
  "unknown subject": [
    "DENIED: use of email of \"s1\" for \"sales\" at 2024-06-01T00:00:00Z",
    "  - UNKNOWN_SUBJECT: Nothing is recorded about subject \"s1\" by 2024-06-01T00:00:00Z."
  ],
  "expired on a date": [
    "DENIED: use of email of \"s1\" for \"news\" at 2024-03-01T00:00:00Z",
    "  - ACCESS_DENIED: No access policy in force for the roles \"staff\" of \"u\" covers the purpose \"news\" and the categories of the requested data. (events: f1)",
    "  - [email] UNKNOWN_SOURCE: The origin of \"email\" cannot be traced: its source \"xing\" was not registered and in force when it was recorded on 2024-02-02T00:00:00Z. (events: f1, src-x-r)",
    "  - [email] COLLECTION_CONSENT_WITHDRAWN: The value of \"email\" is held on the strength of a consent that is no longer valid (withdrawn or expired); it may only be used under a legal obligation or public task and is due for erasure (GDPR Art. 17(1)(b)). Record it again under a basis that exists now. (events: f1, k1)",
    "  - [email] NO_LEGAL_BASIS: No legal basis for \"news\" (consent) is established for this person at this time (GDPR Art. 6(1)).",
    "  - [email] CONSENT_EXPIRED: Consent \"k1\" expired on 2024-03-01T00:00:00Z, so it is not effective for \"news\". (events: k1)"
  ],
  "unknown purpose": [
    "DENIED: use of email of \"s1\" for \"research\" at 2024-06-01T00:00:00Z",
    "  - UNKNOWN_PURPOSE: The purpose \"research\" was never declared by 2024-06-01T00:00:00Z; undeclared processing is not permitted (GDPR Art. 5(1)(b))."
  ]
};

describe("the sentences of a decision", () => {
  for (const [name, log, query] of scenarios) {
    it(name, () => {
      const d = canUse(replay(log), query);
      expect(comparable(d)).toEqual(comparable(modelCanUse(log, query)));
      expect(explain(d).split("\n")).toEqual(EXPECTED[name]);
    });
  }
});
