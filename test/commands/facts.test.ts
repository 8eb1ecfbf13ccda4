/**
 * recordFact, correctFact, eraseFact: accepted (the exact events) and every
 * refusal that applies, written with the project's own given/when/then helper.
 */
import { describe, expect, test } from "vitest";
import { given } from "../../src/testing/index.js";
import { catalog, consent, declare, erase, fact, history, link, notice, retirePurpose, retireSource, S, source, T0, T1, T2, type Ev } from "./fixtures.js";

const phone = (extra: Ev = {}): Ev => ({ field: "phone", value: "+49 30 1234", category: "contact.phone", source: "crm", purposes: ["sales"], basis: "contract", ...extra });
const record = (data: Ev, env: Ev = {}): Ev => ({ type: "recordFact", subject: S, at: T2, ...env, data });

describe("recordFact", () => {
  test("accepted: one FactRecorded; the event id is made first, then the omitted fact id", () => {
    given(history())
      .whenUnknown(record(phone()))
      .then([{ id: "id-1", type: "FactRecorded", at: T2, subject: S, data: { fact: "id-2", ...phone() } }]);
  });

  test("accepted with every envelope field given, and the optional data fields", () => {
    const data = phone({ fact: "f9", sourceRef: "call-7", companyContact: true });
    given(history())
      .whenUnknown({ type: "recordFact", subject: S, by: "clerk@acme.example", at: "2024-03-02T10:00:00.5Z", id: "evt-9", data })
      .then([{ id: "evt-9", type: "FactRecorded", at: "2024-03-02T10:00:00.5Z", subject: S, by: "clerk@acme.example", data }]);
  });

  test("at defaults to now", () => {
    given(history(), { now: "2024-04-01T08:00:00Z" })
      .whenUnknown({ type: "recordFact", subject: S, data: phone({ fact: "f2" }) })
      .then([{ id: "id-1", type: "FactRecorded", at: "2024-04-01T08:00:00Z", subject: S, data: phone({ fact: "f2" }) }]);
  });

  test("accepted on consent when a consent valid for collection covers a collection purpose, and the use is then allowed", () => {
    const data = phone({ fact: "f2", purposes: ["marketing"], basis: "consent" });
    given([...history(), { id: "pol", type: "AccessPolicyGranted", at: T0, data: { policy: "staff", role: "staff", purposes: ["marketing"], categories: ["contact"] } }])
      .whenUnknown(record(data))
      .then([{ id: "id-1", type: "FactRecorded", at: T2, subject: S, data }])
      .thenDecision({ subject: S, purpose: "marketing", fields: ["phone"], actor: { id: "u", roles: ["staff"] } }, { allowed: true, basis: "consent" });
  });

  test("accepted through a linked account of an import source, with the import consent", () => {
    const data = phone({ fact: "f2", source: "li", account: "li:bob" });
    given([...history(), consent("e-k2", T1, "k2", { purposes: ["crm.import"] })])
      .whenUnknown(record(data))
      .then([{ id: "id-1", type: "FactRecorded", at: T2, subject: S, data }]);
  });

  test("INVALID_COMMAND: one error per wrong field", () => {
    const w = given(history()).whenUnknown(record({ field: 3, category: "a..b", source: "", purposes: [], basis: "nope" }));
    w.then(["INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(["data.field", "data.value", "data.category", "data.source", "data.purposes", "data.basis"]);
  });

  test("INVALID_COMMAND: a subject command without a subject, and a bad at", () => {
    const w = given(history()).whenUnknown({ type: "recordFact", at: "2024-02-30T00:00:00Z", data: phone() });
    w.then(["INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path).sort()).toEqual(["at", "subject"]);
  });

  test("WOULD_BE_REJECTED: a fact id the subject already has (DUPLICATE_FACT_ID)", () => {
    const w = given(history()).whenUnknown(record(phone({ fact: "f1" })));
    w.then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]).toMatchObject({ reject: "DUPLICATE_FACT_ID", path: "" });
  });

  test("the same fact id for another subject is fine", () => {
    given(history())
      .whenUnknown(record(phone({ fact: "f1" }), { subject: "ben" }))
      .then([{ id: "id-1", type: "FactRecorded", at: T2, subject: "ben", data: phone({ fact: "f1" }) }]);
  });

  test("SOURCE_NOT_REGISTERED: never registered", () => {
    given(history()).whenUnknown(record(phone({ source: "fax" }))).then(["SOURCE_NOT_REGISTERED"]);
  });

  test("SOURCE_NOT_REGISTERED: retired by the command's at, but not before it", () => {
    const h = [...history(), retireSource("r-web", "2024-02-15T00:00:00Z", "web")];
    given(h).whenUnknown(record(phone({ source: "web" }))).then(["SOURCE_NOT_REGISTERED"]);
    given(h)
      .whenUnknown(record(phone({ fact: "f2", source: "web" }), { at: "2024-02-10T00:00:00Z" }))
      .then([{ id: "id-1", type: "FactRecorded", at: "2024-02-10T00:00:00Z", subject: S, data: phone({ fact: "f2", source: "web" }) }]);
  });

  test("SOURCE_NOT_REGISTERED: registered only after the command's at", () => {
    given([...history(), source("s-fax", "2024-06-01T00:00:00Z", "fax", "manual")]).whenUnknown(record(phone({ source: "fax" }))).then(["SOURCE_NOT_REGISTERED"]);
  });

  test("ACCOUNT_NOT_LINKED: an unknown account, or one linked for another source", () => {
    given(history()).whenUnknown(record(phone({ source: "crm", account: "li:eve" }))).then(["ACCOUNT_NOT_LINKED"]);
    given(history()).whenUnknown(record(phone({ source: "crm", account: "li:bob" }))).then(["ACCOUNT_NOT_LINKED"]);
    given([...history(), link("l-eve", "2024-06-01T00:00:00Z", "li:eve", "eve", "crm")]).whenUnknown(record(phone({ account: "li:eve" }))).then(["ACCOUNT_NOT_LINKED"]);
  });

  test("UNKNOWN_PURPOSE for each undeclared collection purpose, with its path", () => {
    const w = given(history()).whenUnknown(record(phone({ purposes: ["sales", "billing", "tax"] })));
    w.then(["UNKNOWN_PURPOSE", "UNKNOWN_PURPOSE"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(["data.purposes.1", "data.purposes.2"]);
  });

  test("UNKNOWN_PURPOSE and BASIS_NOT_DECLARED when no collection purpose is declared", () => {
    given(history()).whenUnknown(record(phone({ purposes: ["billing"] }))).then(["UNKNOWN_PURPOSE", "BASIS_NOT_DECLARED"]);
  });

  test("PURPOSE_RETIRED: the purpose or an ancestor retired by the command's at", () => {
    given([...history(), retirePurpose("r-s", T1, "sales")]).whenUnknown(record(phone())).then(["PURPOSE_RETIRED", "BASIS_NOT_DECLARED"]);
    const h = [...history(), declare("p-ss", T0, "sales.b2b", ["contract"]), retirePurpose("r-s", T1, "sales")];
    given(h).whenUnknown(record(phone({ purposes: ["sales.b2b"] }))).then(["PURPOSE_RETIRED", "BASIS_NOT_DECLARED"]);
  });

  test("PURPOSE_RETIRED for one purpose while another still declares the basis", () => {
    const h = [...history(), declare("p-s2", T0, "support", ["contract"]), retirePurpose("r-sup", T1, "support")];
    given(h).whenUnknown(record(phone({ purposes: ["sales", "support"] }))).then(["PURPOSE_RETIRED"]);
  });

  test("BASIS_NOT_DECLARED: no collection purpose declares the fact's basis", () => {
    given(history()).whenUnknown(record(phone({ basis: "vital-interests" }))).then(["BASIS_NOT_DECLARED"]);
  });

  test("BASIS_NOT_DECLARED follows a re-declaration by the command's at", () => {
    const h = [...history(), declare("p-sales-2", "2024-02-20T00:00:00Z", "sales", ["legitimate-interests"])];
    given(h).whenUnknown(record(phone())).then(["BASIS_NOT_DECLARED"]);
    given(h)
      .whenUnknown(record(phone({ fact: "f2" }), { at: "2024-02-10T00:00:00Z" }))
      .then([{ id: "id-1", type: "FactRecorded", at: "2024-02-10T00:00:00Z", subject: S, data: phone({ fact: "f2" }) }]);
  });

  test("NO_CONSENT_FOR_COLLECTION: basis consent and no consent at all", () => {
    given(history()).whenUnknown(record(phone({ purposes: ["marketing"], basis: "consent" }), { subject: "ben" })).then(["NO_CONSENT_FOR_COLLECTION"]);
  });

  test("NO_CONSENT_FOR_COLLECTION: the consent was withdrawn, is ineffective, or comes later", () => {
    const data = phone({ purposes: ["marketing"], basis: "consent" });
    const withdrawn = [...history(), { id: "w", type: "ConsentWithdrawn", at: "2024-02-15T00:00:00Z", subject: S, data: { consent: "k1", channel: "mail" } }];
    given(withdrawn).whenUnknown(record(data)).then(["NO_CONSENT_FOR_COLLECTION"]);
    given([...catalog(), consent("k-pre", T1, "k9", { method: "pre-ticked" })]).whenUnknown(record(data)).then(["NO_CONSENT_FOR_COLLECTION"]);
    given([...catalog(), consent("k-late", "2024-06-01T00:00:00Z", "k9")]).whenUnknown(record(data)).then(["NO_CONSENT_FOR_COLLECTION"]);
  });

  test("IMPORT_NEEDS_CONSENT: a source with an import consent purpose and no such consent", () => {
    given(history()).whenUnknown(record(phone({ source: "li" }))).then(["IMPORT_NEEDS_CONSENT"]);
  });

  test("every collection rule at once", () => {
    given([...history(), retirePurpose("r-s", T1, "sales")])
      .whenUnknown(record(phone({ source: "li", account: "li:eve", purposes: ["sales", "nope"], basis: "consent" }), { subject: "ben" }))
      .then(["ACCOUNT_NOT_LINKED", "PURPOSE_RETIRED", "UNKNOWN_PURPOSE", "BASIS_NOT_DECLARED", "NO_CONSENT_FOR_COLLECTION", "IMPORT_NEEDS_CONSENT"]);
  });
});

describe("correctFact", () => {
  const corr = (data: Ev, env: Ev = {}): Ev => ({ type: "correctFact", subject: S, at: T2, ...env, data });

  test("accepted: one FactCorrected, and the profile shows the new value", () => {
    const w = given(history())
      .whenUnknown(corr({ fact: "f1", value: "anna@example.com", source: "web", sourceRef: "form-2" }))
      .then([{ id: "id-1", type: "FactCorrected", at: T2, subject: S, data: { fact: "f1", value: "anna@example.com", source: "web", sourceRef: "form-2" } }]);
    expect(w.ledger.accepted).toBe(history().length + 1);
  });

  test("INVALID_COMMAND: one error per wrong field", () => {
    const w = given(history()).whenUnknown(corr({ fact: "", source: 1 }));
    w.then(["INVALID_COMMAND", "INVALID_COMMAND", "INVALID_COMMAND"]);
    expect(w.result._tag === "Left" && w.result.left.map((e) => e.path)).toEqual(["data.fact", "data.value", "data.source"]);
  });

  test("WOULD_BE_REJECTED: a fact the subject does not have (UNKNOWN_FACT)", () => {
    const w = given(history()).whenUnknown(corr({ fact: "f1", value: 1, source: "crm" }, { subject: "ben" }));
    w.then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]?.reject).toBe("UNKNOWN_FACT");
  });

  test("WOULD_BE_REJECTED: an erased fact (FACT_ERASED)", () => {
    const w = given([...history(), erase("x1", "2024-02-10T00:00:00Z", { fact: "f1" })]).whenUnknown(corr({ fact: "f1", value: 1, source: "crm" }));
    w.then(["WOULD_BE_REJECTED"]);
    expect(w.result._tag === "Left" && w.result.left[0]?.reject).toBe("FACT_ERASED");
  });

  test("SOURCE_NOT_REGISTERED: a correction from an unregistered or retired source", () => {
    given(history()).whenUnknown(corr({ fact: "f1", value: 1, source: "fax" })).then(["SOURCE_NOT_REGISTERED"]);
    given([...history(), retireSource("r", T1, "web")]).whenUnknown(corr({ fact: "f1", value: 1, source: "web" })).then(["SOURCE_NOT_REGISTERED"]);
  });
});

describe("eraseFact", () => {
  const er = (data: Ev, env: Ev = {}): Ev => ({ type: "eraseFact", subject: S, at: T2, ...env, data });

  test("accepted by fact", () => {
    given(history())
      .whenUnknown(er({ fact: "f1", reason: "Art. 17 request" }))
      .then([{ id: "id-1", type: "FactErased", at: T2, subject: S, data: { fact: "f1", reason: "Art. 17 request" } }]);
  });

  test("accepted by field", () => {
    given(history())
      .whenUnknown(er({ field: "email", reason: "Art. 17 request" }))
      .then([{ id: "id-1", type: "FactErased", at: T2, subject: S, data: { field: "email", reason: "Art. 17 request" } }]);
  });

  test("INVALID_COMMAND: neither or both of fact and field; a missing reason", () => {
    given(history()).whenUnknown(er({ reason: "x" })).then(["INVALID_COMMAND"]);
    given(history()).whenUnknown(er({ fact: "f1", field: "email", reason: "x" })).then(["INVALID_COMMAND"]);
    given(history()).whenUnknown(er({ fact: "f1" })).then(["INVALID_COMMAND"]);
  });

  test("WOULD_BE_REJECTED: unknown fact, erased fact, or a field with nothing to erase", () => {
    const reject = (h: Ev[], data: Ev) => {
      const w = given(h).whenUnknown(er(data)).then(["WOULD_BE_REJECTED"]);
      return w.result._tag === "Left" ? w.result.left[0]?.reject : undefined;
    };
    expect(reject(history(), { fact: "f7", reason: "x" })).toBe("UNKNOWN_FACT");
    expect(reject([...history(), erase("x1", T1, { fact: "f1" })], { fact: "f1", reason: "x" })).toBe("FACT_ERASED");
    expect(reject(history(), { field: "phone", reason: "x" })).toBe("NOTHING_TO_ERASE");
    expect(reject([...history(), erase("x1", T1, { field: "email" })], { field: "email", reason: "x" })).toBe("NOTHING_TO_ERASE");
  });

  test("a fact recorded again after an erasure can be erased", () => {
    given([...history(), erase("x1", T1, { field: "email" }), fact("e-f2", "2024-02-10T00:00:00Z", "f2")])
      .whenUnknown(er({ field: "email", reason: "again" }))
      .then([{ id: "id-1", type: "FactErased", at: T2, subject: S, data: { field: "email", reason: "again" } }]);
  });
});

describe("notice used by consent-based collection", () => {
  test("a consent on a notice that does not describe the purpose is no basis for collection", () => {
    const h = [...catalog(), notice("n-2", T0, "2", ["sales"]), consent("k", T1, "k5", { noticeVersion: "2" })];
    given(h).whenUnknown(record(phone({ purposes: ["marketing"], basis: "consent" }))).then(["NO_CONSENT_FOR_COLLECTION"]);
  });
});
