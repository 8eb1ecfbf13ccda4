/**
 * erasureDue (issue 14, part 3; GDPR Art. 17): the work list, ground by
 * ground, with the kept list (Art. 17(3)(b)), the incomplete subjects, the
 * ready commands and the later erasures they give way to, `since`, the
 * order, and each boundary in time.
 */
import { describe, expect, test } from "vitest";
import { accessReport, apply, decide, erasureDue, ERASURE_REASON_CODES, isInvalidQuery, renderAccessReport, replay, type ErasureDue, type ErasureReasonCode, type Ledger } from "../../src/index.js";
import { assess, base, basis, consent, declare, departed, endBasis, erase, fact, link, object, liftObjection, T0, withdraw, correct, type Ev } from "../decisions/helpers.js";
import { must } from "../must.js";

const at = "2024-06-01T00:00:00Z";
const list = (src: Ev[] | Ledger, when = at): ErasureDue => must(erasureDue(Array.isArray(src) ? replay(src) : src, { at: when }));
const codes = (l: ErasureDue) => l.due.map((i) => `${i.subject}/${i.fact}: ${i.reasons.map((r) => r.code).join(",")} since ${i.since}`);

/** e-mail f1 of s1 collected for marketing on consent k1 (2024-02-01/02). */
const consented = (): Ev[] => [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })];

describe("the grounds of Art. 17(1), one by one", () => {
  test("nothing is due while the value is held lawfully", () => {
    expect(list(consented())).toEqual({ at, due: [], kept: [], incomplete: [] });
  });

  test("COLLECTION_CONSENT_WITHDRAWN: the consent the collection rested on is withdrawn; the item is ready to be erased", () => {
    const l = list([...consented(), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })]);
    expect(l.due).toEqual([
      {
        subject: "s1",
        fact: "f1",
        field: "email",
        reasons: [{ code: "COLLECTION_CONSENT_WITHDRAWN", message: expect.stringMatching(/^The value of "email" is held on the strength of a consent that is no longer valid/), eventIds: ["r1", "k1", "w1"] }],
        heldIn: ["r1"],
        since: "2024-04-01T00:00:00Z",
        command: { type: "eraseFact", subject: "s1", data: { fact: "f1", reason: "Due for erasure on 2024-06-01T00:00:00Z (GDPR Art. 17(1)): COLLECTION_CONSENT_WITHDRAWN." } },
      },
    ]);
  });

  test("COLLECTION_CONSENT_WITHDRAWN is judged before canUse's exception: a legal obligation for another purpose does not keep it", () => {
    const h = [...consented(), declare("p-tax", T0, "tax", ["legal-obligation"]), basis("b-tax", "2024-02-01T00:00:00Z", "legal-obligation", ["tax"], "AO §147"), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })];
    expect(codes(list(h))).toEqual(["s1/f1: COLLECTION_CONSENT_WITHDRAWN since 2024-04-01T00:00:00Z"]);
    expect(list(h).kept).toEqual([]);
  });

  test("OWNER_DEPARTED: the account's agreement is erase and the employee left", () => {
    const h = [
      ...base(),
      link("l1", T0, "li:bob", "bob", "linkedin", "erase"),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin", account: "li:bob", purposes: ["sales"], basis: "contract" }),
      departed("d1", "2024-05-01T00:00:00Z", "bob"),
    ];
    const l = list(h);
    expect(codes(l)).toEqual(["s1/f1: OWNER_DEPARTED since 2024-05-01T00:00:00Z"]);
    expect(l.due[0]!.reasons[0]!.eventIds).toEqual(["r1", "l1", "d1"]);
    // Before the departure: nothing.
    expect(list(h, "2024-04-30T23:59:59.999Z").due).toEqual([]);
  });

  test("UNLAWFUL_COLLECTION: recorded on consent without one; due from its recording", () => {
    const l = list([...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })]);
    expect(codes(l)).toEqual(["s1/f1: UNLAWFUL_COLLECTION since 2024-02-02T00:00:00Z"]);
  });

  test("RETENTION_EXPIRED: every collection purpose's retention ended; due at its very end, not a millisecond before", () => {
    const h = [...base(), declare("p-sales2", T0, "sales", ["contract"], { retention: "P3M" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" })];
    expect(list(h, "2024-05-01T23:59:59.999Z").due).toEqual([]);
    expect(codes(list(h, "2024-05-02T00:00:00Z"))).toEqual(["s1/f1: RETENTION_EXPIRED since 2024-05-02T00:00:00Z"]);
    // A collection purpose without a retention never ends.
    const open = [...h, fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", field: "phone", purposes: ["sales", "research"], basis: "contract" })];
    expect(list(open).due.map((i) => i.fact)).toEqual(["f1"]);
  });

  test("OBJECTED: every collection purpose is direct marketing the person objected to; a purpose without directMarketing keeps it", () => {
    const h = [...consented(), object("o1", "2024-03-01T00:00:00Z", ["marketing"])];
    expect(codes(list(h))).toEqual(["s1/f1: OBJECTED since 2024-03-01T00:00:00Z"]);
    expect(list(h).due[0]!.reasons[0]!.eventIds).toEqual(["r1", "o1"]);
    // Collected also for sales (not direct marketing): not every purpose is objected direct marketing.
    const mixed = [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["marketing", "sales"] }), object("o1", "2024-03-01T00:00:00Z", ["marketing"])];
    expect(list(mixed).due).toEqual([]);
    // An objection to a broader purpose reaches it, as the decisions' rule says; one lifted does not.
    expect(codes(list([...consented(), object("o1", "2024-03-01T00:00:00Z", ["marketing"]), liftObjection("x1", "2024-04-01T00:00:00Z", ["marketing"])]))).toEqual([]);
  });

  test("several grounds at once, in the order of ERASURE_REASON_CODES", () => {
    const h = [...consented(), declare("p-mkt2", T0, "marketing", ["consent"], { directMarketing: true, retention: "P1M" }), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" }), object("o1", "2024-04-15T00:00:00Z", ["marketing"])];
    expect(list(h).due[0]!.reasons.map((r) => r.code)).toEqual(["COLLECTION_CONSENT_WITHDRAWN", "RETENTION_EXPIRED", "OBJECTED"]);
    // The retention ended on 2024-03-02, before the withdrawal: due since then, without a gap.
    expect(list(h).due[0]!.since).toBe("2024-03-02T00:00:00Z");
    const all: ErasureReasonCode[] = [...ERASURE_REASON_CODES];
    expect(all).toEqual(["COLLECTION_CONSENT_WITHDRAWN", "OWNER_DEPARTED", "UNLAWFUL_COLLECTION", "RETENTION_EXPIRED", "OBJECTED"]);
  });
});

describe("since: the start of the latest uninterrupted stretch", () => {
  test("an objection lifted and raised again: since the second one", () => {
    const h = [...consented(), object("o1", "2024-02-10T00:00:00Z", ["marketing"]), liftObjection("x1", "2024-03-01T00:00:00Z", ["marketing"]), object("o2", "2024-04-01T00:00:00Z", ["marketing"])];
    expect(list(h).due[0]!.since).toBe("2024-04-01T00:00:00Z");
  });

  test("a retention lengthened and shortened again: since it ended the second time", () => {
    const h = [
      ...base(),
      declare("p1", T0, "sales", ["contract"], { retention: "P1M" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", purposes: ["sales"], basis: "contract" }),
      declare("p2", "2024-03-10T00:00:00Z", "sales", ["contract"], { retention: "P1Y" }),
      declare("p3", "2024-05-01T00:00:00Z", "sales", ["contract"], { retention: "P2M" }),
    ];
    // Ended on 2024-03-02, resumed on 03-10 (P1Y), ended again on 05-01 (P2M: since 04-02, counted when declared).
    expect(list(h).due[0]!.since).toBe("2024-05-01T00:00:00Z");
    expect(list(h, "2024-03-09T00:00:00Z").due[0]!.since).toBe("2024-03-02T00:00:00Z");
    expect(list(h, "2024-03-10T00:00:00Z").due).toEqual([]);
  });

  test("a consent expiring at T: due at T, since T; not a millisecond before", () => {
    const h = [...base(), consent("k1", "2024-02-01T00:00:00Z", { consent: "k1", expires: at }), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" })];
    expect(list(h, "2024-05-31T23:59:59.999Z").due).toEqual([]);
    expect(list(h).due[0]!.since).toBe(at);
  });
});

describe("kept: a legal obligation or a public task keeps the value (Art. 17(3)(b))", () => {
  const withdrawn = (): Ev[] => [...consented(), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })];

  test("a legal obligation whose purposes cover a collection purpose: kept, naming the basis and its event", () => {
    const l = list([...withdrawn(), basis("b1", "2024-03-01T00:00:00Z", "legal-obligation", ["marketing"], "UWG §7 proof")]);
    expect(l.due).toEqual([]);
    expect(l.kept).toEqual([
      {
        subject: "s1",
        fact: "f1",
        field: "email",
        reasons: [expect.objectContaining({ code: "COLLECTION_CONSENT_WITHDRAWN" })],
        heldIn: ["r1"],
        since: "2024-04-01T00:00:00Z",
        basis: { legalBasis: "legal-obligation", eventIds: ["b1"] },
      },
    ]);
  });

  test("through a compatibility assessment in force (the proof of a consent kept under a legal obligation)", () => {
    const h = [...withdrawn(), assess("as1", T0, "marketing", "compliance.proof", true), basis("b1", "2024-03-01T00:00:00Z", "public-task", ["compliance"], "statute")];
    expect(list(h).kept[0]!.basis).toEqual({ legalBasis: "public-task", eventIds: ["b1", "as1"] });
    // A negative assessment in force as well: not compatible, so due.
    expect(list([...h, assess("as2", T0, "marketing", "compliance", false)]).due.map((i) => i.fact)).toEqual(["f1"]);
  });

  test("only while the basis is established: ended, or until = at, it keeps nothing", () => {
    expect(list([...withdrawn(), basis("b1", "2024-03-01T00:00:00Z", "legal-obligation", ["marketing"], "ref", at)]).due.map((i) => i.fact)).toEqual(["f1"]);
    expect(list([...withdrawn(), basis("b1", "2024-03-01T00:00:00Z", "legal-obligation", ["marketing"], "ref", at)], "2024-05-31T23:59:59.999Z").kept.map((i) => i.fact)).toEqual(["f1"]);
    expect(list([...withdrawn(), basis("b1", "2024-03-01T00:00:00Z", "legal-obligation", ["marketing"], "ref"), endBasis("e1", at, "ref")]).due.map((i) => i.fact)).toEqual(["f1"]);
    // A contract is not a legal obligation.
    expect(list([...withdrawn(), basis("b1", "2024-03-01T00:00:00Z", "contract", ["marketing"], "ref")]).due.map((i) => i.fact)).toEqual(["f1"]);
  });
});

describe("which values, which commands", () => {
  test("only the current fact of each field: not a superseded one, not an erased one, not one recorded after at", () => {
    const h = [
      ...base(),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" }),
      fact("r2", "2024-03-02T00:00:00Z", { fact: "f2" }),
      fact("r3", "2024-02-02T00:00:00Z", { fact: "f3", field: "phone" }),
      erase("x3", "2024-03-01T00:00:00Z", { fact: "f3" }),
      fact("r4", "2024-07-01T00:00:00Z", { fact: "f4", field: "job" }),
    ];
    expect(list(h).due.map((i) => i.fact)).toEqual(["f2"]);
  });

  test("heldIn: the recording and every correction of the fact, whatever its at", () => {
    const h = [...consented(), correct("c1", "2024-03-01T00:00:00Z", "f1", "new@example.org"), correct("c2", "2024-07-01T00:00:00Z", "f1", "later@example.org"), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })];
    expect(list(h).due[0]!.heldIn).toEqual(["r1", "c1", "c2"]);
  });

  test("an erasure of the fact dated after at is named instead of a command (replay would reject a second one)", () => {
    const h = [...consented(), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" }), erase("x1", "2024-06-15T00:00:00Z", { field: "email" })];
    const item = list(h).due[0]!;
    expect(item.command).toBeUndefined();
    expect(item.erasedBy).toEqual({ eventId: "x1", at: "2024-06-15T00:00:00Z" });
    expect(list(h, "2024-06-15T00:00:00Z").due).toEqual([]);
  });

  test("an erasure that reaches the fact through a merge dated after at is named, though it is dated before at", () => {
    // s-web's erasure of field email (2024-05-01) counts for s1 from the merge (2024-07-01): in the merged history it
    // erases every e-mail fact preceding it, s1's f1 included. Replay checks an erasure of f1 against that history
    // whatever the merge's at, so no command could be accepted at `at`: the item names x9 instead (found by the deep run).
    const merge: Ev = { id: "m1", type: "SubjectsMerged", at: "2024-07-01T00:00:00Z", subject: "s1", data: { from: "s-web", reason: "same person" } };
    const h = [
      ...consented(),
      withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" }),
      fact("r9", "2024-03-01T00:00:00Z", { fact: "f9", subject: "s-web" }),
      merge,
      erase("x9", "2024-05-01T00:00:00Z", { field: "email" }, "s-web"),
    ];
    const ledger = replay(h);
    expect(ledger.rejected).toEqual([]);
    const item = list(ledger).due.find((i) => i.subject === "s1")!;
    expect(item.fact).toBe("f1");
    expect(item.command).toBeUndefined();
    expect(item.erasedBy).toEqual({ eventId: "x9", at: "2024-05-01T00:00:00Z" });
    const r = decide({ type: "eraseFact", subject: "s1", data: { fact: "f1", reason: "Art. 17" } }, ledger, { now: () => at, newId: () => "erase-1" });
    expect(r._tag === "Left" && r.left.some((x) => "reject" in x && x.reject === "FACT_ERASED")).toBe(true);
    // From the merge on, the value is erased: nothing of s1 or s-web is due.
    expect(list(ledger, "2024-07-01T00:00:00Z").due).toEqual([]);
  });

  test("the command is accepted by decide with now = at, and afterwards the item is gone", () => {
    const ledger = replay([...consented(), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })]);
    const item = list(ledger).due[0]!;
    const r = decide(item.command!, ledger, { now: () => at, newId: () => "erase-1" });
    expect(r).toEqual({ _tag: "Right", right: [{ id: "erase-1", type: "FactErased", at, subject: "s1", data: { fact: "f1", reason: item.command!.data.reason } }] });
    const after = apply(ledger, r._tag === "Right" ? r.right[0] : undefined);
    expect(list(after).due).toEqual([]);
  });

  test("ordered by since, then subject, then fact (code-unit order)", () => {
    const h = [
      ...base(),
      fact("a", "2024-03-01T00:00:00Z", { fact: "fB" }),
      fact("b", "2024-03-01T00:00:00Z", { fact: "fA", field: "phone" }),
      fact("c", "2024-02-01T00:00:00Z", { fact: "fZ", subject: "s2" }),
      fact("d", "2024-03-01T00:00:00Z", { fact: "f0", subject: "S0" }),
      fact("e", "2024-03-01T00:00:00.5Z", { fact: "f9", field: "job", subject: "A" }),
    ];
    expect(list(h).due.map((i) => `${i.since} ${i.subject}/${i.fact}`)).toEqual([
      "2024-02-01T00:00:00Z s2/fZ",
      "2024-03-01T00:00:00Z S0/f0",
      "2024-03-01T00:00:00Z s1/fA",
      "2024-03-01T00:00:00Z s1/fB",
      "2024-03-01T00:00:00.500Z A/f9",
    ]);
  });
});

describe("incomplete histories get no item until the log is repaired", () => {
  const bad: Ev = { id: "bad", type: "FactRecorded", at: "2024-03-01T00:00:00Z", subject: "s1", data: { fact: "f9" } };
  const h = (): Ev[] => [...base(), fact("r1", "2024-02-02T00:00:00Z", { fact: "f1" }), fact("r2", "2024-02-02T00:00:00Z", { fact: "f2", subject: "s2" })];

  test("a subject's own reject: listed with it, from its at; the others are judged", () => {
    const l = list([...h(), bad]);
    expect(l.incomplete).toEqual([{ subject: "s1", rejects: [{ position: 12, id: "bad", code: "DECODE_FAILED" }] }]);
    expect(l.due.map((i) => i.subject)).toEqual(["s2"]);
    expect(list([...h(), bad], "2024-02-29T00:00:00Z").due.map((i) => i.subject)).toEqual(["s1", "s2"]);
  });

  test("a catalog reject: every subject known at at is listed; a subject known only later is not", () => {
    const l = list([...h(), fact("r3", "2024-07-01T00:00:00Z", { fact: "f3", subject: "s3" }), { id: "badc", type: "PurposeDeclared", at: "2024-03-01T00:00:00Z", data: {} }]);
    expect(l.incomplete.map((x) => x.subject)).toEqual(["s1", "s2"]);
    expect(l.due).toEqual([]);
  });

  test("voided, the subject is judged again", () => {
    const l = list([...h(), bad, { id: "v1", type: "EventVoided", at: "2024-03-02T00:00:00Z", data: { event: "bad", reason: "re-recorded" } }]);
    expect(l.incomplete).toEqual([]);
    expect(l.due.map((i) => i.subject)).toEqual(["s1", "s2"]);
  });
});

describe("a malformed query is answered with INVALID_QUERY, never an empty list", () => {
  test.each([["2024-06-01"], ["2024-02-30T00:00:00Z"], [undefined], [1717200000000]])("at = %j", (bad) => {
    const r = erasureDue(replay(consented()), { at: bad as string });
    expect(isInvalidQuery(r)).toBe(true);
  });
  test("options that are not an object", () => {
    expect(erasureDue(replay([]), null as never)).toMatchObject({ error: { code: "INVALID_QUERY", message: expect.stringContaining("erasureDue()") } });
  });
});

describe("the access report says 'due for erasure since …' instead of the retention", () => {
  test("for a value on the list, and the rendered report says so", () => {
    const l = replay([...consented(), declare("p-mkt2", T0, "marketing", ["consent"], { directMarketing: true, retention: "P2Y" }), withdraw("w1", "2024-04-01T00:00:00Z", { consent: "k1" })]);
    const r = must(accessReport(l, "s1", { at }));
    expect(r.values[0]).toMatchObject({ field: "email", dueForErasure: { since: "2024-04-01T00:00:00Z", reasons: ["COLLECTION_CONSENT_WITHDRAWN"] } });
    expect(r.values[0]!.retention).toBeUndefined();
    const md = renderAccessReport(r, "markdown");
    expect(md).toContain("due for erasure since 1 April 2024");
    expect(md).not.toContain("until 2 February 2026");
    // Before the withdrawal, the retention period.
    const before = must(accessReport(l, "s1", { at: "2024-03-01T00:00:00Z" }));
    expect(before.values[0]!.dueForErasure).toBeUndefined();
    expect(before.values[0]!.retention?.endsAt).toBe("2026-02-02T00:00:00Z");
  });
});
