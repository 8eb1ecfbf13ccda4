/**
 * Merging duplicate subjects (issue 14, part 1), rule by rule with plain
 * examples: each at the merge's `at`, just before and after it.
 */
import { describe, expect, test } from "vitest";
import { must } from "../must.js";
import { accessReport, apply, canUse, decide, erasureDue, portabilityExport, profile, renderAccessReport, replay, subjectsUsableFor, type Decision, type Ledger } from "../../src/index.js";

type Ev = Record<string, unknown>;
const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";
const M = "2024-03-01T00:00:00Z"; // the merge
const BEFORE = "2024-02-29T23:59:59Z";
const AFTER = "2024-04-01T00:00:00Z";

const catalog: Ev[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"], directMarketing: true } },
  { id: "c2", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
  { id: "c3", type: "NoticePublished", at: T0, data: { notice: "n", version: "1", purposes: ["marketing", "sales"] } },
  { id: "c4", type: "SourceRegistered", at: T0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { id: "c5", type: "AccessPolicyGranted", at: T0, data: { policy: "p", role: "staff", purposes: ["marketing", "sales"], categories: ["contact"] } },
];
const fact = (id: string, subject: string, fact: string, at = T1, field = "email", basis = "consent", purposes = ["marketing"]): Ev => ({
  id,
  type: "FactRecorded",
  at,
  subject,
  data: { fact, field, value: `${fact}@example.org`, category: "contact.email", source: "web", purposes, basis },
});
const consent = (id: string, subject: string, consent: string, at = T1): Ev => ({
  id,
  type: "ConsentGranted",
  at,
  subject,
  data: { consent, purposes: ["marketing"], notice: "n", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form" },
});
const merge = (id: string, subject: string, from: string, at = M): Ev => ({ id, type: "SubjectsMerged", at, subject, data: { from, reason: "same person" } });
/** anna-web holds the e-mail and the consent; anna has only her order. */
const duplicates = (): Ev[] => [
  ...catalog,
  consent("w1", "anna-web", "k1"),
  fact("w2", "anna-web", "f1"),
  fact("a1", "anna", "f2", T1, "phone", "contract", ["sales"]),
  { id: "a2", type: "LegalBasisRecorded", at: T1, subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "order-1" } },
];
const ask = (ledger: Ledger, subject: string, at: string, purpose = "marketing", fields = ["email"]): Decision =>
  canUse(ledger, { subject, purpose, fields, actor: { id: "u", roles: ["staff"] }, at });
const codes = (d: Decision) => d.reasons.map((r) => r.code);

describe("SubjectsMerged: the merged history from the merge's at", () => {
  const ledger = replay([...duplicates(), merge("m1", "anna", "anna-web")]);

  test("before the merge, each subject is answered from its own events", () => {
    expect(codes(ask(ledger, "anna", BEFORE))).toEqual(["NO_DATA"]);
    expect(ask(ledger, "anna-web", BEFORE).allowed).toBe(true);
  });

  test("at and after the merge's at, the survivor is answered from both histories, each fact keeping its provenance", () => {
    for (const at of [M, AFTER]) {
      const d = ask(ledger, "anna", at);
      expect(d.allowed).toBe(true);
      expect(d.fields[0]?.basis).toEqual({ legalBasis: "consent", eventIds: ["w1"] });
      expect(ask(ledger, "anna", at, "sales", ["phone", "email"]).fields.map((f) => f.allowed)).toEqual([true, false]);
    }
  });

  test("about from, from the merge's at: MERGED, the decision's only reason, naming the merge", () => {
    const d = ask(ledger, "anna-web", M);
    expect(d.allowed).toBe(false);
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toMatchObject({ code: "MERGED", eventIds: ["m1"] });
    expect(d.reasons[0]?.message).toContain(`merged into "anna" at ${M}`);
    expect(d.fields.every((f) => f.reasons.length === 0 && !f.allowed)).toBe(true);
    // A malformed query is still INVALID_QUERY.
    expect(codes(ask(ledger, "anna-web", "2024-03-01"))).toEqual(["INVALID_QUERY"]);
  });

  test("a query before the merge is valid until the merge at the latest, for the survivor and for from", () => {
    expect(ask(ledger, "anna", BEFORE).validUntil).toBe(M);
    expect(ask(ledger, "anna-web", BEFORE).validUntil).toBe(M);
  });

  test("a survivor with no events of its own is unknown before the merge and known through it", () => {
    const l = replay([...duplicates(), merge("m2", "anna-new", "anna-web")]);
    expect(codes(ask(l, "anna-new", BEFORE))).toEqual(["UNKNOWN_SUBJECT"]);
    expect(ask(l, "anna-new", M).allowed).toBe(true);
  });

  test("a withdrawal by purposes of the survivor reaches from's consent granted before it", () => {
    const l = apply(ledger, { id: "a3", type: "ConsentWithdrawn", at: "2024-03-15T00:00:00Z", subject: "anna", data: { purposes: ["marketing"], channel: "mail" } });
    expect(codes(ask(l, "anna", AFTER))).toContain("COLLECTION_CONSENT_WITHDRAWN");
  });
});

describe("MERGE_INVALID", () => {
  const rejected = (events: Ev[]) => replay(events).rejected.map((r) => r.code);

  test("from equals the survivor; from has no event by the merge's at; from or the survivor merged away already; shared fact or consent ids", () => {
    expect(rejected([...duplicates(), merge("m", "anna", "anna")])).toEqual(["MERGE_INVALID"]);
    expect(rejected([...duplicates(), merge("m", "anna", "nobody")])).toEqual(["MERGE_INVALID"]);
    expect(rejected([...duplicates(), merge("m", "anna", "anna-web", "2024-01-15T00:00:00Z")])).toEqual(["MERGE_INVALID"]);
    expect(rejected([...duplicates(), merge("m", "anna", "anna-web"), merge("n", "bob", "anna-web")])).toEqual(["MERGE_INVALID"]);
    expect(rejected([...duplicates(), fact("b1", "bob", "fb"), merge("m", "anna", "anna-web"), merge("n", "anna", "bob"), merge("o", "anna-web", "anna")])).toEqual(["MERGE_INVALID"]);
    expect(rejected([...duplicates(), fact("b1", "bob", "f1"), merge("m", "anna-web", "bob")])).toEqual(["MERGE_INVALID"]);
    expect(rejected([...duplicates(), consent("b1", "bob", "k1"), merge("m", "anna-web", "bob")])).toEqual(["MERGE_INVALID"]);
  });

  test("what earlier merges brought in counts: a clash with a subject merged into from", () => {
    const l = replay([...duplicates(), fact("b1", "bob", "f1"), fact("c1x", "carl", "fc"), merge("m", "carl", "anna-web"), merge("n", "bob", "carl")]);
    expect(l.rejected.map((r) => [r.id, r.code])).toEqual([["n", "MERGE_INVALID"]]);
  });

  test("it marks the survivor from the merge's at", () => {
    const l = replay([...duplicates(), merge("m", "anna", "anna")]);
    expect(codes(ask(l, "anna", BEFORE, "sales", ["phone"]))).toEqual([]);
    expect(codes(ask(l, "anna", M, "sales", ["phone"]))).toEqual(["HISTORY_INCOMPLETE"]);
  });
});

describe("after the merge, in log order", () => {
  const merged = [...duplicates(), merge("m1", "anna", "anna-web")];

  test("an event about the survivor may name a fact or consent that came from from", () => {
    const l = replay([...merged, { id: "a3", type: "FactCorrected", at: AFTER, subject: "anna", data: { fact: "f1", value: "new@example.org", source: "web" } }]);
    expect(l.rejected).toEqual([]);
    expect(replay([...merged, fact("a4", "anna", "f1", AFTER)]).rejected.map((r) => r.code)).toEqual(["DUPLICATE_FACT_ID"]);
  });

  test("an event about from at or after the merge's at: SUBJECT_MERGED, marking the survivor from its at", () => {
    const late = { id: "w3", type: "ObjectionRaised", at: "2024-05-01T00:00:00Z", subject: "anna-web", data: { purposes: ["sales"], channel: "letter" } };
    const l = replay([...merged, late]);
    expect(l.rejected.map((r) => [r.code, r.marks])).toEqual([["SUBJECT_MERGED", [{ subject: "anna", from: "2024-05-01T00:00:00Z" }]]]);
    expect(ask(l, "anna", AFTER).allowed).toBe(true);
    expect(codes(ask(l, "anna", "2024-05-01T00:00:00Z"))).toEqual(["HISTORY_INCOMPLETE"]);
    expect(replay([...merged, { ...late, at: M }]).rejected.map((r) => r.code)).toEqual(["SUBJECT_MERGED"]);
  });

  test("an event about from dated before the merge is from's, and counts for the survivor from the merge's at", () => {
    const objection = { id: "w3", type: "ObjectionRaised", at: "2024-02-15T00:00:00Z", subject: "anna-web", data: { purposes: ["marketing"], channel: "letter" } };
    const l = replay([...merged, objection]);
    expect(l.rejected).toEqual([]);
    expect(codes(ask(l, "anna-web", "2024-02-20T00:00:00Z"))).toEqual(["OBJECTED"]);
    expect(ask(l, "anna", "2024-02-20T00:00:00Z", "sales", ["phone"]).allowed).toBe(true);
    expect(codes(ask(l, "anna", M))).toEqual(["OBJECTED"]);
    // Its ids are checked against the history it finally counts for: anna's f2 is taken.
    expect(replay([...merged, fact("w4", "anna-web", "f2", "2024-02-15T00:00:00Z")]).rejected.map((r) => r.code)).toEqual(["DUPLICATE_FACT_ID"]);
    // Its references against from's own history: anna's order is not anna-web's.
    const end = { id: "w5", type: "LegalBasisEnded", at: "2024-02-15T00:00:00Z", subject: "anna-web", data: { reference: "order-1" } };
    expect(replay([...merged, end]).rejected.map((r) => r.code)).toEqual(["UNKNOWN_REFERENCE"]);
  });

  test("a reject that marks from marks the survivor from the later of its start and the merge's at", () => {
    const bad = { id: "w9", type: "FactCorrected", at: "2024-01-15T00:00:00Z", subject: "anna-web", data: { fact: "nope", value: "x", source: "web" } };
    const l = replay([...duplicates(), bad, merge("m1", "anna", "anna-web")]);
    expect(codes(ask(l, "anna", BEFORE, "sales", ["phone"]))).toEqual([]);
    expect(codes(ask(l, "anna", M))).toEqual(["HISTORY_INCOMPLETE"]);
    expect(ask(l, "anna", M).reasons[0]?.eventIds).toEqual(["w9"]);
  });
});

describe("chains", () => {
  test("a into b, then b into c: c is answered from all three once both merges count", () => {
    const events = [
      ...catalog,
      consent("x1", "a", "k1"),
      fact("x2", "a", "f1"),
      fact("y1", "b", "f2", T1, "phone", "contract", ["sales"]),
      fact("z1", "c", "f3", T1, "company", "contract", ["sales"]),
      { id: "z2", type: "LegalBasisRecorded", at: T1, subject: "c", data: { basis: "contract", purposes: ["sales"], reference: "o" } },
      merge("m1", "b", "a", "2024-04-01T00:00:00Z"),
      merge("m2", "c", "b", M),
    ];
    const l = replay(events);
    expect(l.rejected).toEqual([]);
    // Between the two merges' ats: c holds b's phone, not yet a's e-mail.
    expect(ask(l, "c", "2024-03-15T00:00:00Z", "sales", ["phone", "email"]).fields.map((f) => f.reasons.map((r) => r.code))).toEqual([[], ["NO_DATA"]]);
    expect(ask(l, "c", "2024-03-15T00:00:00Z").validUntil).toBe("2024-04-01T00:00:00Z");
    expect(ask(l, "c", AFTER).allowed).toBe(true);
    expect(codes(ask(l, "b", M))).toEqual(["MERGED"]);
    expect(codes(ask(l, "a", AFTER))).toEqual(["MERGED"]);
    // An event about a dated after its merge into b marks b, and so c.
    const l2 = apply(l, { id: "x9", type: "ObjectionRaised", at: "2024-05-01T00:00:00Z", subject: "a", data: { purposes: ["sales"], channel: "letter" } });
    expect(codes(ask(l2, "c", "2024-05-01T00:00:00Z", "sales", ["phone"]))).toEqual(["HISTORY_INCOMPLETE"]);
  });
});

describe("mergeSubjects", () => {
  const ledger = replay(duplicates());
  const context = { now: () => M, newId: () => "m-1" };

  test("accepted: SubjectsMerged about the survivor", () => {
    expect(decide({ type: "mergeSubjects", subject: "anna", data: { from: "anna-web", reason: "same person" } }, ledger, context)).toEqual({
      _tag: "Right",
      right: [{ id: "m-1", type: "SubjectsMerged", at: M, subject: "anna", data: { from: "anna-web", reason: "same person" } }],
    });
  });

  test("refused with the reason replay would give", () => {
    const r = decide({ type: "mergeSubjects", subject: "anna", data: { from: "anna", reason: "oops" } }, ledger, context);
    expect(r._tag === "Left" && r.left.map((e) => [e.code, e.reject])).toEqual([["WOULD_BE_REJECTED", "MERGE_INVALID"]]);
    const merged = apply(ledger, merge("m1", "anna", "anna-web"));
    const about = decide({ type: "raiseObjection", subject: "anna-web", data: { purposes: ["marketing"], channel: "letter" } }, merged, { now: () => AFTER, newId: () => "o-1" });
    expect(about._tag === "Left" && about.left.map((e) => [e.code, e.reject])).toEqual([["WOULD_BE_REJECTED", "SUBJECT_MERGED"]]);
  });
});

describe("profile, reports, audience and the erasure work list", () => {
  const ledger = replay([...duplicates(), merge("m1", "anna", "anna-web")]);

  test("about from, from the merge's at: no data, and where it went", () => {
    const note = { code: "MERGED", into: "anna", at: M, eventId: "m1" };
    expect(must(profile(ledger, "anna-web", { at: M }))).toMatchObject({ fields: [], merged: note });
    expect(must(profile(ledger, "anna-web", { at: BEFORE })).fields.map((f) => f.field)).toEqual(["email"]);
    const report = must(accessReport(ledger, "anna-web", { at: AFTER }));
    expect(report).toMatchObject({ known: false, values: [], merged: note });
    expect(renderAccessReport(report, "markdown")).toContain("merged into another record of yours (anna)");
    expect(must(portabilityExport(ledger, "anna-web", { at: AFTER }))).toMatchObject({ facts: [], merged: note });
  });

  test("the survivor's profile and access report hold both records, and say what came from from and when", () => {
    expect(must(profile(ledger, "anna", { at: AFTER })).fields.map((f) => [f.field, f.current?.provenance.eventId])).toEqual([
      ["email", "w2"],
      ["phone", "a1"],
    ]);
    expect(must(profile(ledger, "anna", { at: BEFORE })).fields.map((f) => f.field)).toEqual(["phone"]);
    const report = must(accessReport(ledger, "anna", { at: AFTER }));
    expect(report.mergedFrom).toEqual([{ subject: "anna-web", at: M, eventId: "m1", facts: ["f1"], consents: ["k1"] }]);
    expect(report.consents.map((k) => k.consent)).toEqual(["k1"]);
    expect(report.timeline.map((x) => x.kind)).toContain("subjects-merged");
    expect(renderAccessReport(report, "markdown")).toContain("Records merged into this one");
  });

  test("the audience lists the survivor, never from", () => {
    const q = { purpose: "marketing", fields: ["email"], actor: { id: "u", roles: ["staff"] } };
    expect(subjectsUsableFor(ledger, { ...q, at: BEFORE })).toEqual(["anna-web"]);
    expect(subjectsUsableFor(ledger, { ...q, at: AFTER })).toEqual(["anna"]);
  });

  test("the erasure work list lists from's value under the survivor, with a command decide accepts", () => {
    const l = apply(ledger, { id: "w9", type: "ConsentWithdrawn", at: "2024-02-15T00:00:00Z", subject: "anna-web", data: { consent: "k1", channel: "mail" } });
    expect(must(erasureDue(l, { at: BEFORE })).due.map((x) => [x.subject, x.fact])).toEqual([["anna-web", "f1"]]);
    const list = must(erasureDue(l, { at: AFTER }));
    expect(list.due.map((x) => [x.subject, x.fact, x.since])).toEqual([["anna", "f1", "2024-02-15T00:00:00Z"]]);
    const r = decide(list.due[0]!.command!, l, { now: () => AFTER, newId: () => "erase-1" });
    expect(r._tag).toBe("Right");
    const after = r._tag === "Right" ? apply(l, r.right[0]) : l;
    expect(after.rejected).toEqual([]);
    expect(must(erasureDue(after, { at: AFTER })).due).toEqual([]);
  });
});
