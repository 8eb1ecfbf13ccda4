/**
 * Plain examples for corners the generators reach too rarely for the
 * mutation run (FUZZ_RUNS=300) to rely on them. Each is checked against the
 * model and the engine alike, with the sentence of the issue it pins.
 */
import { describe, expect, it } from "vitest";
import { apply, canUse, replay, subjectsUsableFor, usableFields, type Ledger, type UseQuery } from "../../src/index.js";
import { comparable } from "./compare.js";
import { modelCanUse } from "./model.js";

type E = Record<string, unknown>;
const cat = (id: string, type: string, at: string, data: E): E => ({ id, type, at, data });
const sub = (id: string, type: string, at: string, data: E, subject = "s1"): E => ({ id, type, at, subject, data });
const T0 = "2024-01-01T00:00:00Z";
const NOW = "2024-06-01T00:00:00Z";

/** The engine on `ledger` (default: replay of `log`) and the model on `log` agree; returns the comparable decision. */
function both(log: E[], q: Partial<UseQuery> = {}, ledger: Ledger = replay(log)) {
  const query: UseQuery = { subject: "s1", purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["staff"] }, at: NOW, ...q };
  const engine = comparable(canUse(ledger, query));
  expect(engine).toEqual(comparable(modelCanUse(log, query)));
  return engine;
}
const ALLOWED = { allowed: true, reasons: [], obligations: [] };

/** Purposes sales (contract, legitimate interests) and marketing (consent), a notice, a source, a policy. */
const base = (extra: { originDisclosure?: boolean } = {}): E[] => [
  cat("p-sales", "PurposeDeclared", T0, { purpose: "sales", description: "d", legalBases: ["contract", "legitimate-interests"] }),
  cat("p-mkt", "PurposeDeclared", T0, { purpose: "marketing", description: "d", legalBases: ["consent"], ...extra }),
  cat("n-1", "NoticePublished", T0, { notice: "n", version: "1", purposes: ["marketing", "sales"] }),
  cat("src-li", "SourceRegistered", T0, { source: "linkedin", kind: "social-network", assessment: "DPIA-2" }),
  cat("pol", "AccessPolicyGranted", T0, { policy: "p", role: "staff", purposes: ["sales", "marketing"], categories: ["contact"] }),
];
const fact = (id: string, at: string, d: E = {}, subject = "s1"): E =>
  sub(id, "FactRecorded", at, { fact: id, field: "email", value: `${id}@x.org`, category: "contact", source: "linkedin", purposes: ["sales"], basis: "contract", ...d }, subject);
const consent = (id: string, at: string, d: E = {}): E =>
  sub(id, "ConsentGranted", at, { consent: id, purposes: ["marketing"], notice: "n", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form", ...d });

describe("legal bases other than consent", () => {
  it("a LegalBasisRecorded establishes its basis when one of its purposes covers the use purpose", () => {
    // "another basis by a LegalBasisRecorded with that basis whose purposes cover the use purpose".
    const log = [...base(), fact("f1", "2024-02-01T00:00:00Z"), sub("b1", "LegalBasisRecorded", "2024-02-01T00:00:00Z", { basis: "contract", purposes: ["marketing", "sales"], reference: "k" })];
    expect(both(log)).toEqual(ALLOWED);
  });

  it("LegalBasisEnded ends the bases that precede it by (at, log position), not one recorded after it at the same instant", () => {
    // "LegalBasisEnded ends every basis of the subject with that reference that precedes it"; "events at the
    // same instant take effect in log order".
    const at = "2024-03-01T00:00:00Z";
    const first = sub("b1", "LegalBasisRecorded", "2024-02-01T00:00:00Z", { basis: "contract", purposes: ["sales"], reference: "k" });
    const end = sub("x1", "LegalBasisEnded", at, { reference: "k" });
    const again = sub("b2", "LegalBasisRecorded", at, { basis: "contract", purposes: ["sales"], reference: "k" });
    const ended = [...base(), fact("f1", "2024-02-01T00:00:00Z"), first, end];
    expect(both(ended).reasons).toEqual(["NO_LEGAL_BASIS@email"]);
    expect(both([...ended, again])).toEqual(ALLOWED);
    // The same three events with the second recording logged before the end: both are ended.
    expect(both([...base(), fact("f1", "2024-02-01T00:00:00Z"), first, again, end]).reasons).toEqual(["NO_LEGAL_BASIS@email"]);
  });
});

describe("consents", () => {
  const onConsent = (): E[] => [...base(), consent("k1", "2024-02-01T00:00:00Z"), consent("k2", "2024-02-01T00:00:00Z"), fact("f1", "2024-02-02T00:00:00Z", { purposes: ["marketing"], basis: "consent" })];
  const q = { purpose: "marketing" };

  it("a withdrawal naming a consent and several purposes affects it for the use purpose when one of them does", () => {
    // "with consent it affects only that consent — for its purposes if given"; "a withdrawal ... naming W
    // affects U when W covers U or U covers W".
    const log = [...base(), consent("k1", "2024-02-01T00:00:00Z"), fact("f1", "2024-02-02T00:00:00Z"), sub("w1", "ConsentWithdrawn", "2024-03-01T00:00:00Z", { consent: "k1", purposes: ["research", "marketing"], channel: "mail" })];
    expect(both(log, { purpose: "marketing", at: "2024-02-15T00:00:00Z" })).toEqual(ALLOWED);
    expect(both(log, q).reasons).toEqual(["CONSENT_WITHDRAWN@email", "NO_LEGAL_BASIS@email", "PURPOSE_INCOMPATIBLE@email"]);
  });

  it("data collected on consent stays usable while one of the consents valid at its recording still is", () => {
    // COLLECTION_CONSENT_WITHDRAWN: "at least one consent was valid for collection ... at the recording, and
    // none of those consents is still valid for collection ... at T".
    const one = [...onConsent(), sub("w1", "ConsentWithdrawn", "2024-03-01T00:00:00Z", { consent: "k1", channel: "mail" })];
    expect(both(one, q)).toEqual(ALLOWED);
    const two = [...one, sub("w2", "ConsentWithdrawn", "2024-03-02T00:00:00Z", { consent: "k2", channel: "mail" })];
    expect(both(two, q).reasons).toEqual([
      "COLLECTION_CONSENT_WITHDRAWN@email",
      "CONSENT_WITHDRAWN@email",
      "NO_LEGAL_BASIS@email",
    ]);
  });
});

describe("obligations", () => {
  it("DISCLOSE_ORIGIN names a source once when the recording and the correction share it", () => {
    // "each field gets DISCLOSE_ORIGIN with those of its sources (the recording's and that of the correction
    // that set its current value) ...".
    const log = [
      ...base({ originDisclosure: true }),
      consent("k1", "2024-02-01T00:00:00Z"),
      fact("f1", "2024-02-02T00:00:00Z", { purposes: ["marketing"], basis: "consent" }),
      sub("c1", "FactCorrected", "2024-02-03T00:00:00Z", { fact: "f1", value: "new@x.org", source: "linkedin" }),
    ];
    expect(both(log, { purpose: "marketing" })).toEqual({ allowed: true, reasons: [], obligations: ["DISCLOSE_ORIGIN@email:linkedin"] });
  });
});

describe("reports beyond one decision", () => {
  it("usableFields gives the obligations of the usable fields when the whole use is denied", () => {
    // "usableFields(ledger, query): which of the requested fields may be used (the rest with reasons), for
    // callers that can proceed with part of the data."
    const log = [...base({ originDisclosure: true }), consent("k1", "2024-02-01T00:00:00Z"), fact("f1", "2024-02-02T00:00:00Z", { purposes: ["marketing"], basis: "consent" })];
    const u = usableFields(replay(log), { subject: "s1", purpose: "marketing", fields: ["email", "phone"], actor: { id: "u", roles: ["staff"] }, at: NOW });
    expect(u.decision.allowed).toBe(false);
    expect(u.usable).toEqual(["email"]);
    expect(u.denied.map((d) => [d.field, d.reasons.map((r) => r.code)])).toEqual([["phone", ["NO_DATA"]]]);
    expect(u.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
    // Allowed as a whole: the decision's own obligations.
    const all = usableFields(replay(log), { subject: "s1", purpose: "marketing", fields: ["email"], actor: { id: "u", roles: ["staff"] }, at: NOW });
    expect(all.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
    // Nothing usable: no obligation.
    const none = usableFields(replay(log), { subject: "s1", purpose: "marketing", fields: ["phone"], actor: { id: "u", roles: ["staff"] }, at: NOW });
    expect(none.obligations).toEqual([]);
  });

  it("subjectsUsableFor lists the audience sorted, whatever order the subjects arrived in", () => {
    const log = [...base(), fact("f2", "2024-02-01T00:00:00Z", {}, "zoe"), fact("f1", "2024-02-01T00:00:00Z", {}, "adam"), fact("f3", "2024-02-01T00:00:00Z", {}, "mia")];
    for (const s of ["zoe", "adam", "mia"]) log.push(sub(`b-${s}`, "LegalBasisRecorded", "2024-02-01T00:00:00Z", { basis: "contract", purposes: ["sales"], reference: "k" }, s));
    expect(subjectsUsableFor(replay(log), { purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["staff"] }, at: NOW })).toEqual(["adam", "mia", "zoe"]);
  });
});

describe("older ledgers", () => {
  it("a declaration appended later but dated earlier does not reach back into an older ledger", () => {
    // "apply(ledger, event) adds one event to an existing ledger (incremental, same result as a full replay)";
    // "A consent covers U if one of its purposes covers U and U was first declared at or before the consent's at".
    const log = [
      cat("p-mkt", "PurposeDeclared", "2024-03-01T00:00:00Z", { purpose: "marketing", description: "d", legalBases: ["consent"] }),
      ...base().filter((e) => e["id"] !== "p-mkt"),
      consent("k1", "2024-02-01T00:00:00Z"),
      fact("f1", "2024-03-02T00:00:00Z"),
      // Appended last, dated first: marketing was first declared before the consent after all.
      cat("p-mkt-0", "PurposeDeclared", "2024-01-01T00:00:00Z", { purpose: "marketing", description: "d", legalBases: ["consent"] }),
    ];
    let ledger = replay([]);
    const ledgers: Ledger[] = [ledger];
    for (const e of log) ledgers.push((ledger = apply(ledger, e)));
    const prefix = log.slice(0, log.length - 1);
    expect(both(prefix, { purpose: "marketing" }, ledgers[prefix.length]!).reasons).toEqual(["NO_LEGAL_BASIS@email", "PURPOSE_INCOMPATIBLE@email"]);
    expect(both(log, { purpose: "marketing" }, ledgers[log.length]!)).toEqual(ALLOWED);
  });
});
