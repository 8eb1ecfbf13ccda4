import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apply, canUse, decodeEvent, profile, REJECT_CODES, replay, type Ledger, type Rejected } from "../src/index.js";
import { anna, catalog } from "./fixtures/history.js";
import { clone, deepFreeze, exoticArb, historyArb, objectsOf, POOL, reverseKeys } from "./arbitraries.js";
import { must } from "./must.js";

// ---------------------------------------------------------------- helpers

const T = (day: string) => `${day}T00:00:00Z`;

function fact(id: string, subject: string, factId: string, field: string, value: unknown, at: string, extra: Record<string, unknown> = {}) {
  return { id, type: "FactRecorded", at, subject, data: { fact: factId, field, value, category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract", ...extra } };
}
function correct(id: string, subject: string, factId: string, value: unknown, at: string) {
  return { id, type: "FactCorrected", at, subject, data: { fact: factId, value, source: "web-form" } };
}
function erase(id: string, subject: string, target: { fact: string } | { field: string }, at: string) {
  return { id, type: "FactErased", at, subject, data: { ...target, reason: "Art. 17 request" } };
}
function voidOf(id: string, target: { event?: string; position?: number }, at: string) {
  return { id, type: "EventVoided", at, data: { ...target, reason: "dealt with" } };
}
function restricted(id: string, subject: string, at: string) {
  return { id, type: "ProcessingRestricted", at, subject, data: { reason: "dispute" } };
}

/** True when decisions about `subject` at `at` are denied as HISTORY_INCOMPLETE. */
function incomplete(ledger: Ledger, subject: string, at: string): boolean {
  const d = canUse(ledger, { subject, purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at });
  return d.reasons.some((r) => r.code === "HISTORY_INCOMPLETE");
}
/** The event ids a HISTORY_INCOMPLETE decision names. */
function incompleteIds(ledger: Ledger, subject: string, at: string): readonly string[] {
  const d = canUse(ledger, { subject, purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at });
  return d.reasons.find((r) => r.code === "HISTORY_INCOMPLETE")?.eventIds ?? [];
}

function only(ledger: Ledger): Rejected {
  expect(ledger.rejected).toHaveLength(1);
  return ledger.rejected[0]!;
}

const base = [...catalog, ...anna];

/** Everything a user can ask a ledger, for the pool's subjects and instants. */
function answers(ledger: Ledger): unknown {
  const out: unknown[] = [ledger.size, ledger.accepted, ledger.duplicates, ledger.rejected, ledger.incomplete];
  for (const subject of POOL.subjects) {
    out.push(must(profile(ledger, subject)));
    for (const at of POOL.queries) {
      out.push(must(profile(ledger, subject, { at })));
      for (const purpose of POOL.purposes) {
        out.push(canUse(ledger, { subject, purpose, fields: [...POOL.fields], actor: { id: "u", roles: ["r"] }, at }));
      }
    }
  }
  return out;
}

/** What a user can ask, leaving out what depends on positions (the ledger's lists). */
function decisionsAndProfiles(ledger: Ledger): unknown {
  return (answers(ledger) as unknown[]).slice(5);
}

// -------------------------------------------------------------- outcomes

describe("replay: outcomes", () => {
  it("accepts a valid history, with nothing rejected or incomplete", () => {
    const ledger = replay(base);
    expect(ledger.size).toBe(base.length);
    expect(ledger.accepted).toBe(base.length);
    expect(ledger.duplicates).toEqual([]);
    expect(ledger.rejected).toEqual([]);
    expect(ledger.incomplete).toEqual([]);
    expect(incomplete(ledger, "anna", T("2024-03-01"))).toBe(false);
  });

  it("counts every item in positions: accepted, duplicates and rejects", () => {
    const items = [base[0], base[0], "junk", base[1], { id: "x" }, base[2]];
    const ledger = replay(items);
    expect(ledger.size).toBe(6);
    expect(ledger.accepted).toBe(3);
    expect(ledger.duplicates).toEqual([1]);
    expect(ledger.rejected.map((r) => r.position)).toEqual([2, 4]);
  });

  it("accepts any iterable, a generator included", () => {
    function* gen() {
      yield* base;
    }
    expect(replay(gen())).toEqual(replay(base));
  });

  it("accepts what only the decisions can judge: undeclared purposes, unknown sources and roles, unpublished notices", () => {
    const ledger = replay([
      fact("e1", "bob", "f1", "email", "b@x", T("2024-02-01"), { purposes: ["never.declared"], source: "nowhere" }),
      { id: "e2", type: "AccessPolicyGranted", at: T("2024-02-01"), data: { policy: "p9", role: "nobody", purposes: ["x"], categories: [] } },
      { id: "e3", type: "ConsentGranted", at: T("2024-02-01"), subject: "bob", data: { consent: "k", purposes: ["x"], notice: "unpublished", noticeVersion: "9", method: "pre-ticked", channel: "web", evidence: "e" } },
      { id: "e4", type: "ConsentWithdrawn", at: T("2024-02-02"), subject: "bob", data: { purposes: ["y"], channel: "web" } },
    ]);
    expect(ledger.accepted).toBe(4);
    expect(ledger.rejected).toEqual([]);
  });
});

// ------------------------------------------------------------- duplicates

describe("replay: duplicates", () => {
  it("skips and counts an exact duplicate; it marks nothing and changes no answer", () => {
    const once = replay(base);
    const twice = replay([...base, base[9]!, base[0]!]);
    expect(twice.duplicates).toEqual([base.length, base.length + 1]);
    expect(twice.accepted).toBe(base.length);
    expect(twice.rejected).toEqual([]);
    expect(twice.incomplete).toEqual([]);
    expect(must(profile(twice, "anna"))).toEqual(must(profile(once, "anna")));
  });

  it("ignores key order and unknown fields when comparing content", () => {
    const e = base[9]!;
    const reordered = reverseKeys(clone(e));
    const extra = { ...clone(e), traceId: "t-7", data: { ...clone(e.data), note: "ignored" } };
    const ledger = replay([...base, reordered, extra]);
    expect(ledger.duplicates).toEqual([base.length, base.length + 1]);
    expect(ledger.rejected).toEqual([]);
  });

  it("counts a repeat of a rejected event as a duplicate, not as a second reject", () => {
    const bad = correct("x1", "anna", "nope", "v", T("2024-03-01"));
    const ledger = replay([...base, bad, clone(bad)]);
    expect(only(ledger).code).toBe("UNKNOWN_FACT");
    expect(ledger.duplicates).toEqual([base.length + 1]);
    expect(ledger.incomplete).toHaveLength(1);
  });

  it("compares an item that does not decode as raw JSON, key order irrelevant", () => {
    const junk = { id: "j1", type: "FactRecorded", subject: "anna", at: T("2024-03-01"), data: { fact: "f9", nested: { a: 1, b: [1, 2] } } };
    const ledger = replay([junk, reverseKeys(clone(junk)), { ...clone(junk), extra: 1 }]);
    expect(ledger.duplicates).toEqual([1]);
    expect(ledger.rejected.map((r) => [r.position, r.code])).toEqual([
      [0, "DECODE_FAILED"],
      [2, "ID_CONFLICT"],
    ]);
  });

  it("never treats items without a usable id as duplicates", () => {
    const ledger = replay(["junk", "junk", { type: "X" }, { type: "X" }, { id: "", type: "X" }, { id: "", type: "X" }]);
    expect(ledger.duplicates).toEqual([]);
    expect(ledger.rejected.map((r) => r.position)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("gives the same decisions and profiles wherever exact duplicates occur (property)", () => {
    const withDup = historyArb({ positionVoids: false, idless: false }).chain((items) =>
      fc.tuple(fc.constant(items), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 5 })),
    );
    fc.assert(
      fc.property(withDup, ([items, inserts]) => {
        const withIds = items.map((x, i) => [x, i] as const).filter(([x]) => typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string" && (x as { id: string }).id !== "");
        fc.pre(withIds.length > 0);
        const out = [...items];
        for (const [which, where, reorder] of inserts) {
          const [orig] = withIds[which % withIds.length]!;
          const origPos = out.indexOf(orig);
          const at = origPos + 1 + (where % (out.length - origPos));
          out.splice(at, 0, reorder ? reverseKeys(clone(orig)) : clone(orig));
        }
        const a = replay(items);
        const b = replay(out);
        expect(b.duplicates.length).toBe(a.duplicates.length + inserts.length);
        expect(b.rejected.length).toBe(a.rejected.length);
        expect(decisionsAndProfiles(b)).toEqual(decisionsAndProfiles(a));
      }),
      { numRuns: 60 },
    );
  });
});

// --------------------------------------------------------- conflicting reuse

describe("replay: conflicting reuse of an id", () => {
  it("rejects the later copy, keeps the first, and marks both copies' scopes from their own at", () => {
    const first = fact("dup", "anna", "f7", "phone", "1", T("2024-02-10"));
    const second = fact("dup", "bob", "f8", "phone", "2", T("2024-04-01"));
    const ledger = replay([...base, first, second]);
    const r = only(ledger);
    expect(r).toMatchObject({ position: base.length + 1, id: "dup", code: "ID_CONFLICT", subject: "bob", at: T("2024-04-01") });
    expect(r.marks).toEqual([
      { subject: "bob", from: T("2024-04-01") },
      { subject: "anna", from: T("2024-02-10") },
    ]);
    expect(must(profile(ledger, "anna")).fields.find((f) => f.field === "phone")?.current?.value).toBe("1");
    expect(must(profile(ledger, "bob")).fields).toEqual([]);
    expect(incomplete(ledger, "anna", T("2024-02-09"))).toBe(false);
    expect(incomplete(ledger, "anna", T("2024-02-10"))).toBe(true);
    expect(incomplete(ledger, "bob", T("2024-03-31"))).toBe(false);
    expect(incomplete(ledger, "bob", T("2024-04-01"))).toBe(true);
    expect(ledger.incomplete).toEqual([
      { scope: "subject", subject: "bob", from: T("2024-04-01"), position: base.length + 1, id: "dup" },
      { scope: "subject", subject: "anna", from: T("2024-02-10"), position: base.length + 1, id: "dup" },
    ]);
  });

  it("marks the catalog for a copy that is a catalog event, and a scope both copies mark from the earlier at", () => {
    const a = replay([...base, restricted("x", "anna", T("2024-05-01")), { id: "x", type: "SourceRetired", at: T("2024-06-01"), data: { source: "linkedin" } }]);
    expect(only(a).marks).toEqual([{ catalog: true, from: T("2024-06-01") }, { subject: "anna", from: T("2024-05-01") }]);
    expect(incomplete(a, "zoe", T("2024-05-31"))).toBe(false);
    expect(incomplete(a, "zoe", T("2024-06-01"))).toBe(true);

    // Both copies mark anna: incomplete from the earlier of the two, whichever copy it is.
    const b = replay([...base, restricted("y", "anna", T("2024-05-01")), restricted("y", "anna", T("2024-03-01"))]);
    expect(b.incomplete).toEqual([{ scope: "subject", subject: "anna", from: T("2024-03-01"), position: base.length + 1, id: "y" }]);
    expect(incomplete(b, "anna", T("2024-03-01"))).toBe(true);
    const c = replay([...base, restricted("y", "anna", T("2024-03-01")), restricted("y", "anna", T("2024-05-01"))]);
    expect(c.incomplete).toEqual([{ scope: "subject", subject: "anna", from: T("2024-03-01"), position: base.length + 1, id: "y" }]);
    expect(incomplete(c, "anna", T("2024-02-29"))).toBe(false);
    expect(incomplete(c, "anna", T("2024-03-01"))).toBe(true);
  });

  it("treats a repeat of the conflicting copy as an exact duplicate of it, even after it was voided", () => {
    const first = restricted("k", "anna", T("2024-05-01"));
    const conflicting = { ...restricted("k", "anna", T("2024-05-02")), data: { reason: "other" } };
    const ledger = replay([...base, first, conflicting, voidOf("v", { event: "k" }, T("2024-05-03")), reverseKeys(clone(conflicting)), clone(first)]);
    expect(ledger.rejected.map((r) => [r.position, r.code, r.voidedBy])).toEqual([[base.length + 1, "ID_CONFLICT", base.length + 2]]);
    expect(ledger.duplicates).toEqual([base.length + 3, base.length + 4]);
    expect(ledger.incomplete).toEqual([]);
  });

  it("sees an id once any earlier item carried it, even a rejected one", () => {
    const ledger = replay([...base, correct("z", "anna", "nope", 1, T("2024-03-01")), restricted("z", "anna", T("2024-03-02"))]);
    expect(ledger.rejected.map((r) => r.code)).toEqual(["UNKNOWN_FACT", "ID_CONFLICT"]);
    // Voiding by id voids both rejected items with that id.
    const repaired = apply(ledger, voidOf("v", { event: "z" }, T("2024-03-03")));
    expect(repaired.rejected.map((r) => r.voidedBy)).toEqual([ledger.size, ledger.size]);
    expect(repaired.incomplete).toEqual([]);
  });
});

// ------------------------------------------------------- referential rejects

describe("replay: referential rejects", () => {
  type Case = [what: string, items: unknown[], code: string];
  const f1 = fact("r1", "bob", "f1", "email", "b@x", T("2024-02-01"));
  const f2 = fact("r2", "bob", "f2", "email", "b2@x", T("2024-02-02"));
  const cases: Case[] = [
    ["a correction of an unknown fact", [f1, correct("bad", "bob", "f9", "v", T("2024-03-01"))], "UNKNOWN_FACT"],
    ["a correction of another subject's fact", [f1, correct("bad", "carl", "f1", "v", T("2024-03-01"))], "UNKNOWN_FACT"],
    ["an erasure of an unknown fact", [f1, erase("bad", "bob", { fact: "f9" }, T("2024-03-01"))], "UNKNOWN_FACT"],
    ["a correction before the fact in the log, though later in time", [correct("bad", "bob", "f1", "v", T("2024-03-01")), f1], "UNKNOWN_FACT"],
    ["a correction of an erased fact", [f1, erase("x", "bob", { fact: "f1" }, T("2024-02-05")), correct("bad", "bob", "f1", "v", T("2024-03-01"))], "FACT_ERASED"],
    ["an erasure of an erased fact", [f1, erase("x", "bob", { fact: "f1" }, T("2024-02-05")), erase("bad", "bob", { fact: "f1" }, T("2024-03-01"))], "FACT_ERASED"],
    ["a correction of a fact erased by field", [f1, erase("x", "bob", { field: "email" }, T("2024-02-05")), correct("bad", "bob", "f1", "v", T("2024-03-01"))], "FACT_ERASED"],
    ["a field erasure with no fact of that field", [f1, erase("bad", "bob", { field: "phone" }, T("2024-03-01"))], "NOTHING_TO_ERASE"],
    ["a field erasure when every fact of it is erased", [f1, f2, erase("x", "bob", { fact: "f1" }, T("2024-02-05")), erase("y", "bob", { fact: "f2" }, T("2024-02-05")), erase("bad", "bob", { field: "email" }, T("2024-03-01"))], "NOTHING_TO_ERASE"],
    ["a field erasure twice", [f1, erase("x", "bob", { field: "email" }, T("2024-02-05")), erase("bad", "bob", { field: "email" }, T("2024-03-01"))], "NOTHING_TO_ERASE"],
    ["a field erasure of another subject's field", [f1, erase("bad", "carl", { field: "email" }, T("2024-03-01"))], "NOTHING_TO_ERASE"],
    ["a field erasure before any fact in the log", [erase("bad", "bob", { field: "email" }, T("2024-03-01")), f1], "NOTHING_TO_ERASE"],
    ["a confirmation of an unknown consent", [f1, { id: "bad", type: "ConsentConfirmed", at: T("2024-03-01"), subject: "bob", data: { consent: "k9", evidence: "e" } }], "UNKNOWN_CONSENT"],
    ["a withdrawal of an unknown consent", [f1, { id: "bad", type: "ConsentWithdrawn", at: T("2024-03-01"), subject: "bob", data: { consent: "k9", channel: "web" } }], "UNKNOWN_CONSENT"],
    ["a withdrawal of another subject's consent", [...anna, { id: "bad", type: "ConsentWithdrawn", at: T("2024-03-01"), subject: "bob", data: { consent: "k1", purposes: ["marketing"], channel: "web" } }], "UNKNOWN_CONSENT"],
    ["the end of an unknown legal basis", [f1, { id: "bad", type: "LegalBasisEnded", at: T("2024-03-01"), subject: "bob", data: { reference: "c-9" } }], "UNKNOWN_REFERENCE"],
    ["the end of another subject's legal basis", [{ id: "lb", type: "LegalBasisRecorded", at: T("2024-02-01"), subject: "carl", data: { basis: "contract", purposes: ["sales"], reference: "c-1" } }, { id: "bad", type: "LegalBasisEnded", at: T("2024-03-01"), subject: "bob", data: { reference: "c-1" } }], "UNKNOWN_REFERENCE"],
    ["a reused fact id", [f1, fact("bad", "bob", "f1", "phone", "1", T("2024-03-01"))], "DUPLICATE_FACT_ID"],
    ["a reused fact id of an erased fact", [f1, erase("x", "bob", { fact: "f1" }, T("2024-02-05")), fact("bad", "bob", "f1", "email", "new", T("2024-03-01"))], "DUPLICATE_FACT_ID"],
    ["a merge of a subject into itself", [f1, { id: "bad", type: "SubjectsMerged", at: T("2024-03-01"), subject: "bob", data: { from: "bob", reason: "same person" } }], "MERGE_INVALID"],
    ["a reused consent id", [...anna, { id: "bad", type: "ConsentGranted", at: T("2024-03-01"), subject: "anna", data: { consent: "k1", purposes: ["sales"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "e" } }], "DUPLICATE_CONSENT_ID"],
  ];

  it("has a test for every reject code", () => {
    // SEALED_VALUE_UNREADABLE comes from the vault's reader: tested in test/vault/unreadable.test.ts; SUBJECT_MERGED
    // marks the survivor, not the event's subject: tested in test/decisions/merges.test.ts.
    const tested = new Set([...cases.map((c) => c[2]), "DECODE_FAILED", "ID_CONFLICT", "INVALID_VOID", "SEALED_VALUE_UNREADABLE", "SUBJECT_MERGED"]);
    expect([...tested].sort()).toEqual([...REJECT_CODES].sort());
  });

  it.each(cases)("rejects %s, marking the subject from its at", (_what, items, code) => {
    const all = [...catalog, ...items];
    const ledger = replay(all);
    const r = only(ledger);
    const bad = all.findIndex((x) => (x as { id: string }).id === "bad");
    const ev = all[bad] as { subject: string; at: string; type: string };
    expect(r).toMatchObject({ position: bad, id: "bad", code, type: ev.type, subject: ev.subject, at: ev.at });
    expect(r.reason.length).toBeGreaterThan(10);
    expect(r.event).toEqual(decodeEvent(ev)._tag === "Right" ? (decodeEvent(ev) as { right: unknown }).right : ev);
    expect(r.marks).toEqual([{ subject: ev.subject, from: ev.at }]);
    expect(ledger.accepted).toBe(all.length - 1);
    expect(incomplete(ledger, ev.subject, T("2024-02-29"))).toBe(false);
    expect(incomplete(ledger, ev.subject, ev.at)).toBe(true);
    expect(incompleteIds(ledger, ev.subject, T("2030-01-01"))).toEqual(["bad"]);
    // Another subject is not affected.
    expect(incomplete(ledger, "anna-or-nobody", T("2030-01-01"))).toBe(false);
  });

  it("accepts a withdrawal by purposes alone, a second fact of the same field, and the same fact id for another subject", () => {
    const ledger = replay([
      ...catalog,
      fact("e1", "bob", "f1", "email", "a", T("2024-02-01")),
      fact("e2", "bob", "f2", "email", "b", T("2024-02-02")),
      fact("e3", "carl", "f1", "email", "c", T("2024-02-02")),
      { id: "e4", type: "ConsentWithdrawn", at: T("2024-03-01"), subject: "bob", data: { purposes: ["marketing"], channel: "web" } },
      erase("e5", "bob", { field: "email" }, T("2024-03-02")),
      fact("e6", "bob", "f3", "email", "d", T("2024-03-03")),
      erase("e7", "bob", { field: "email" }, T("2024-03-04")),
    ]);
    expect(ledger.rejected).toEqual([]);
  });

  it("accepts a back-dated event, which then takes effect at its own at", () => {
    const ledger = replay([
      ...catalog,
      fact("e1", "bob", "f1", "email", "new@x", T("2024-03-01")),
      fact("e2", "bob", "f2", "email", "old@x", T("2024-01-15")), // recorded later, happened earlier
      correct("e3", "bob", "f1", "corrected@x", T("2024-02-01")), // back-dated before f1: accepted, changes nothing
    ]);
    expect(ledger.rejected).toEqual([]);
    const email = (at?: string) => must(profile(ledger, "bob", at === undefined ? {} : { at })).fields.find((f) => f.field === "email")?.current?.value;
    expect(email(T("2024-02-01"))).toBe("old@x");
    expect(email(T("2024-03-01"))).toBe("new@x");
    expect(email()).toBe("new@x");
  });
});

// ----------------------------------------------------------- decode failures

describe("replay: items that do not decode", () => {
  it("keeps the decode error line as the reason, with position, id, type, subject, at and a copy", () => {
    const bad = { ...fact("b1", "anna", "f9", "phone", "1", T("2024-03-01")), data: { ...fact("b1", "anna", "f9", "phone", "1", T("2024-03-01")).data, purposes: [] } };
    const ledger = replay([...base, bad]);
    const r = only(ledger);
    expect(r).toEqual({
      position: base.length,
      id: "b1",
      type: "FactRecorded",
      subject: "anna",
      at: T("2024-03-01"),
      code: "DECODE_FAILED",
      reason: "data.purposes: expected a non-empty array of strings, got []",
      event: bad,
      marks: [{ subject: "anna", from: T("2024-03-01") }],
    });
    expect(r.event).not.toBe(bad);
  });

  type Case = [what: string, item: unknown, marks: Rejected["marks"]];
  const cases: Case[] = [
    ["an unknown type with a subject marks that subject", { id: "u1", type: "FactInvented", at: T("2024-03-01"), subject: "anna", data: {} }, [{ subject: "anna", from: T("2024-03-01") }]],
    ["an unknown type without a subject marks the catalog", { id: "u1", type: "FactInvented", at: T("2024-03-01"), data: {} }, [{ catalog: true, from: T("2024-03-01") }]],
    ["a catalog type carrying a subject marks the catalog", { id: "u1", type: "SourceRetired", at: T("2024-03-01"), subject: "anna", data: { source: "x" } }, [{ catalog: true, from: T("2024-03-01") }]],
    ["a broken catalog event marks the catalog", { id: "u1", type: "PurposeDeclared", at: T("2024-03-01"), data: {} }, [{ catalog: true, from: T("2024-03-01") }]],
    ["a subject type without a subject marks the catalog", { id: "u1", type: "FactRecorded", at: T("2024-03-01"), data: {} }, [{ catalog: true, from: T("2024-03-01") }]],
    ["an empty subject marks the catalog", { id: "u1", type: "FactRecorded", at: T("2024-03-01"), subject: "", data: {} }, [{ catalog: true, from: T("2024-03-01") }]],
    ["a subject that is not a string marks the catalog", { id: "u1", type: "FactRecorded", at: T("2024-03-01"), subject: 7, data: {} }, [{ catalog: true, from: T("2024-03-01") }]],
    ["an invalid at marks at every instant", { id: "u1", type: "FactRecorded", at: "2024-02-30T00:00:00Z", subject: "anna", data: {} }, [{ subject: "anna", from: "always" }]],
    ["a missing at marks at every instant", { id: "u1", type: "FactRecorded", subject: "anna", data: {} }, [{ subject: "anna", from: "always" }]],
    ["a string marks the catalog at every instant", "FactRecorded", [{ catalog: true, from: "always" }]],
    ["null marks the catalog at every instant", null, [{ catalog: true, from: "always" }]],
    ["an array marks the catalog at every instant", [base[0]], [{ catalog: true, from: "always" }]],
  ];

  it.each(cases)("%s", (_what, item, marks) => {
    const ledger = replay([...base, item]);
    expect(only(ledger).code).toBe("DECODE_FAILED");
    expect(only(ledger).marks).toEqual(marks);
  });

  it("treats a malformed event with a valid but wrong at like a valid event with that at", () => {
    // The at says 2030: the subject is complete until then, though the item arrived now.
    const future = { id: "w1", type: "FactRecorded", at: T("2030-01-01"), subject: "anna", data: { fact: "f9" } };
    const a = replay([...base, future]);
    expect(incomplete(a, "anna", T("2025-01-01"))).toBe(false);
    expect(incomplete(a, "anna", T("2030-01-01"))).toBe(true);
    // The at says 1999: the subject is incomplete since then, though the item is last in the log.
    const past = { ...future, at: T("1999-01-01") };
    const b = replay([...base, past]);
    expect(incomplete(b, "anna", T("1999-01-01"))).toBe(true);
    expect(incomplete(b, "anna", T("1998-12-31"))).toBe(false);
    // An invalid at: incomplete at every instant.
    const c = replay([...base, { ...future, at: "soon" }]);
    expect(incomplete(c, "anna", "1000-01-01T00:00:00Z")).toBe(true);
    expect(c.incomplete).toEqual([{ scope: "subject", subject: "anna", from: "always", position: base.length, id: "w1" }]);
  });

  it("makes every subject incomplete from a catalog mark on, and only that subject for a subject mark", () => {
    const ledger = replay([...base, { id: "c9", type: "PurposeDeclared", at: T("2024-05-01"), data: { purpose: "x" } }, { id: "b9", type: "FactRecorded", at: T("2024-04-01"), subject: "bob", data: {} }]);
    for (const s of ["anna", "bob", "nobody"]) {
      expect(incomplete(ledger, s, T("2024-03-31"))).toBe(false);
      expect(incomplete(ledger, s, T("2024-05-01"))).toBe(true);
    }
    expect(incomplete(ledger, "bob", T("2024-04-01"))).toBe(true);
    expect(incomplete(ledger, "anna", T("2024-04-01"))).toBe(false);
    expect(incompleteIds(ledger, "bob", T("2024-06-01"))).toEqual(["c9", "b9"]);
  });

  it("names a rejected item without an id by its position", () => {
    const ledger = replay([...base, { type: "FactRecorded", at: T("2024-04-01"), subject: "anna", data: {} }]);
    expect(only(ledger).id).toBeUndefined();
    expect(incompleteIds(ledger, "anna", T("2024-05-01"))).toEqual([`#${base.length}`]);
  });

  it("keeps the envelope of an item that is not JSON: it marks its subject from its at, and can be voided by id", () => {
    const notJson = { id: "nj", type: "FactRecorded", at: T("2024-04-01"), subject: "anna", data: { fact: "f9", value: () => 1 } };
    const ledger = replay([...base, notJson]);
    const r = only(ledger);
    expect(r).toMatchObject({ position: base.length, id: "nj", type: "FactRecorded", subject: "anna", at: T("2024-04-01"), code: "DECODE_FAILED" });
    expect(r.event).toBeUndefined();
    expect(r.marks).toEqual([{ subject: "anna", from: T("2024-04-01") }]);
    expect(incomplete(ledger, "bob", T("2024-05-01"))).toBe(false);
    expect(apply(ledger, voidOf("v", { event: "nj" }, T("2024-04-02"))).incomplete).toEqual([]);
  });
});

// ---------------------------------------------------------------- voids

describe("replay: voids", () => {
  const bad = correct("b1", "anna", "nope", "v", T("2024-03-01"));
  const withBad = [...base, bad];
  const p = base.length; // position of the reject

  it("voids by id: the reject stays listed, with voidedBy, and nothing is incomplete at any T", () => {
    const ledger = replay([...withBad, voidOf("v1", { event: "b1" }, T("2030-01-01"))]);
    expect(ledger.rejected).toHaveLength(1);
    expect(ledger.rejected[0]).toMatchObject({ position: p, code: "UNKNOWN_FACT", voidedBy: p + 1 });
    expect(ledger.incomplete).toEqual([]);
    expect(ledger.accepted).toBe(base.length + 1);
    // A void is a repair of the log: it counts before its own at too.
    expect(incomplete(ledger, "anna", T("2024-06-01"))).toBe(false);
  });

  it("voids by position, also an item without an id", () => {
    const ledger = replay([...withBad, { type: "Junk", at: T("2024-03-02") }, voidOf("v1", { position: p }, T("2024-03-03")), voidOf("v2", { position: p + 1 }, T("2024-03-03"))]);
    expect(ledger.rejected.map((r) => r.voidedBy)).toEqual([p + 2, p + 3]);
    expect(ledger.incomplete).toEqual([]);
    expect(incomplete(ledger, "anna", T("2024-06-01"))).toBe(false);
  });

  it("voids by id and position when both name the same item", () => {
    const ledger = replay([...withBad, voidOf("v1", { event: "b1", position: p }, T("2024-03-03"))]);
    expect(ledger.rejected[0]!.voidedBy).toBe(p + 1);
    expect(ledger.incomplete).toEqual([]);
  });

  it("voids by id every rejected item with that id, but by position only the one named", () => {
    const items = [...withBad, { id: "b1", type: "Junk" }];
    expect(replay([...items, voidOf("v", { event: "b1" }, T("2024-04-01"))]).incomplete).toEqual([]);
    const one = replay([...items, voidOf("v", { position: p + 1 }, T("2024-04-01"))]);
    expect(one.rejected.map((r) => r.voidedBy)).toEqual([undefined, p + 2]);
    expect(one.incomplete.map((m) => m.position)).toEqual([p]);
  });

  it("accepts voiding an already voided reject again, which changes nothing", () => {
    const once = replay([...withBad, voidOf("v1", { event: "b1" }, T("2024-03-03"))]);
    const twice = replay([...withBad, voidOf("v1", { event: "b1" }, T("2024-03-03")), voidOf("v2", { position: p }, T("2024-03-04"))]);
    expect(twice.rejected).toEqual(once.rejected);
    expect(twice.incomplete).toEqual([]);
    expect(twice.accepted).toBe(once.accepted + 1);
  });

  it("does not accept the voided item: a voided fact is still not recorded", () => {
    const badFact = { ...fact("b2", "anna", "f9", "phone", "1", T("2024-03-01")), data: { ...fact("b2", "anna", "f9", "phone", "1", T("2024-03-01")).data, basis: "whim" } };
    const ledger = replay([...base, badFact, voidOf("v", { event: "b2" }, T("2024-03-02"))]);
    expect(ledger.incomplete).toEqual([]);
    expect(must(profile(ledger, "anna")).fields.map((f) => f.field)).toEqual(["email", "employer"]);
  });

  type Case = [what: string, items: unknown[]];
  const invalid: Case[] = [
    ["an accepted event by id", [...withBad, voidOf("v", { event: "a1" }, T("2024-04-01"))]],
    ["an unknown id", [...withBad, voidOf("v", { event: "nobody" }, T("2024-04-01"))]],
    ["an id rejected only later in the log", [...base, voidOf("v", { event: "b1" }, T("2024-04-01")), bad]],
    ["an accepted item by position", [...withBad, voidOf("v", { position: 0 }, T("2024-04-01"))]],
    ["an exact duplicate by position", [...withBad, base[0], voidOf("v", { position: p + 1 }, T("2024-04-01"))]],
    ["its own position", [...withBad, voidOf("v", { position: p + 1 }, T("2024-04-01"))]],
    ["a later position", [...withBad, voidOf("v", { position: p + 5 }, T("2024-04-01"))]],
    ["an id and a position of different items", [...withBad, correct("b2", "anna", "nope", "w", T("2024-03-01")), voidOf("v", { event: "b1", position: p + 1 }, T("2024-04-01"))]],
  ];

  it.each(invalid)("rejects a void naming %s, and marks the catalog from its at", (_what, items) => {
    const ledger = replay(items);
    const r = ledger.rejected.find((x) => x.id === "v")!;
    expect(r.code).toBe("INVALID_VOID");
    expect(r.marks).toEqual([{ catalog: true, from: T("2024-04-01") }]);
    expect(r.reason).toMatch(/void|not the same rejected item/);
    expect(incomplete(ledger, "someone-else", T("2024-03-31"))).toBe(false);
    expect(incomplete(ledger, "someone-else", T("2024-04-01"))).toBe(true);
    // Nothing was voided by it.
    expect(ledger.rejected.every((x) => x.voidedBy === undefined)).toBe(true);
  });

  it("recovers from a mistaken void by voiding it by position", () => {
    const mistaken = [...withBad, voidOf("v1", { event: "b-typo" }, T("2024-04-01"))];
    const broken = replay(mistaken);
    expect(broken.rejected.map((r) => r.code)).toEqual(["UNKNOWN_FACT", "INVALID_VOID"]);
    expect(incomplete(broken, "bob", T("2024-05-01"))).toBe(true);

    const repaired = replay([...mistaken, voidOf("v2", { position: p + 1 }, T("2024-04-02")), voidOf("v3", { position: p, event: "b1" }, T("2024-04-02"))]);
    expect(repaired.rejected.map((r) => r.voidedBy)).toEqual([p + 3, p + 2]);
    expect(repaired.incomplete).toEqual([]);
    expect(incomplete(repaired, "anna", T("2024-05-01"))).toBe(false);
    expect(incomplete(repaired, "bob", T("2024-05-01"))).toBe(false);
  });

  it("rejects a void that does not decode like any other catalog event", () => {
    const ledger = replay([...withBad, { id: "v", type: "EventVoided", at: T("2024-04-01"), data: { reason: "no target" } }]);
    expect(ledger.rejected[1]).toMatchObject({ code: "DECODE_FAILED", marks: [{ catalog: true, from: T("2024-04-01") }] });
    expect(ledger.rejected[1]!.reason).toMatch(/^data\.event: /);
  });
});

// ---------------------------------------------------------------- apply

describe("apply", () => {
  it("gives the same ledger as replay, event by event (property)", () => {
    fc.assert(
      fc.property(historyArb(), (items) => {
        let ledger = replay([]);
        for (const item of items) ledger = apply(ledger, item);
        expect(answers(ledger)).toEqual(answers(replay(items)));
      }),
      { numRuns: 80 },
    );
  });

  it("gives the same ledger as replay when applied to an older ledger (property)", () => {
    fc.assert(
      fc.property(historyArb(), fc.nat(), historyArb({ maxLength: 5 }), (items, k, other) => {
        const cut = items.length === 0 ? 0 : k % (items.length + 1);
        const old = replay(items.slice(0, cut));
        let sibling = old;
        for (const x of other) sibling = apply(sibling, x); // moves the shared store on
        let ledger = old;
        for (const item of items.slice(cut)) ledger = apply(ledger, item);
        expect(answers(ledger)).toEqual(answers(replay(items)));
        expect(answers(sibling)).toEqual(answers(replay([...items.slice(0, cut), ...other])));
        expect(answers(old)).toEqual(answers(replay(items.slice(0, cut))));
      }),
      { numRuns: 60 },
    );
  });

  it("leaves the ledger it is given unchanged", () => {
    const before = replay([...base, correct("b1", "anna", "nope", "v", T("2024-03-01"))]);
    const snapshot = answers(before);
    const json = JSON.stringify(snapshot);
    let after = apply(before, voidOf("v1", { event: "b1" }, T("2024-03-02")));
    after = apply(after, erase("e", "anna", { field: "email" }, T("2024-03-03")));
    after = apply(after, "junk");
    expect(after.incomplete).toHaveLength(1);
    expect(before.incomplete).toHaveLength(1);
    expect(before.rejected[0]!.voidedBy).toBeUndefined();
    expect(answers(before)).toEqual(snapshot);
    expect(JSON.stringify(answers(before))).toBe(json);
    expect(incomplete(before, "anna", T("2024-06-01"))).toBe(true);
    expect(incomplete(after, "anna", T("2024-02-01"))).toBe(true); // the junk marks the catalog always
  });

  it("refuses what is not a ledger, the only thing it throws for", () => {
    expect(() => apply({ size: 0 } as unknown as Ledger, base[0])).toThrow(/NOT_A_LEDGER/);
    expect(() => replay(5 as unknown as unknown[])).toThrow(/INVALID_ARGUMENT/);
  });
});

// ------------------------------------------------ determinism and immutability

describe("replay: determinism and immutability", () => {
  it("gives the same ledger for the same events, every time (property)", () => {
    fc.assert(
      fc.property(historyArb(), (items) => {
        const a = replay(items);
        const b = replay(clone(items));
        expect(answers(b)).toEqual(answers(a));
        expect(JSON.stringify(answers(b))).toBe(JSON.stringify(answers(a)));
      }),
      { numRuns: 60 },
    );
  });

  it("never throws, whatever the items (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(exoticArb, historyArb({ maxLength: 3 }).map((h) => h[0])), { maxLength: 12 }), (items) => {
        const ledger = replay(items);
        expect(ledger.size).toBe(items.length);
        expect(ledger.accepted + ledger.duplicates.length + ledger.rejected.length).toBe(items.length);
        let applied = replay([]);
        for (const x of items) applied = apply(applied, x);
        expect(applied.size).toBe(items.length);
        for (const s of POOL.subjects) {
          must(profile(ledger, s));
          canUse(ledger, { subject: s, purpose: "sales", fields: ["email"], actor: { id: "u", roles: [] }, at: T("2024-03-01") });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not mutate its input (deep-frozen events replay the same)", () => {
    fc.assert(
      fc.property(historyArb(), (items) => {
        const frozen = deepFreeze(clone(items));
        expect(answers(replay(frozen))).toEqual(answers(replay(items)));
      }),
      { numRuns: 40 },
    );
  });

  it("answers the same after the caller mutates the input events (property)", () => {
    fc.assert(
      fc.property(historyArb(), (items) => {
        const input = clone(items);
        const ledger = replay(input);
        const before = JSON.stringify(answers(ledger));
        // Vandalise every object and array reachable from the input.
        for (const o of objectsOf(input)) {
          if (Array.isArray(o)) o.push("vandal"), o.reverse();
          else for (const k of Object.keys(o)) (o as Record<string, unknown>)[k] = k === "data" ? {} : "vandal";
        }
        expect(JSON.stringify(answers(ledger))).toBe(before);
      }),
      { numRuns: 60 },
    );
  });

  it("shares no object with its input and returns frozen values", () => {
    const input = [...clone(base), correct("b1", "anna", "nope", { v: [1] }, T("2024-03-01")), { id: "j", type: "Junk", deep: { a: [1] } }, restricted("j", "anna", T("2024-03-01"))];
    const ledger = replay(input);
    const mine = objectsOf(input);
    for (const root of [ledger.rejected, ledger.incomplete, ledger.duplicates, must(profile(ledger, "anna")), must(profile(ledger, "anna", { at: T("2024-02-01") }))]) {
      for (const o of objectsOf(root)) {
        expect(mine.has(o)).toBe(false);
        expect(Object.isFrozen(o)).toBe(true);
      }
    }
    expect(ledger.rejected.map((r) => r.event)).toEqual([input[base.length], input[base.length + 1], input[base.length + 2]]);
    expect(Object.isFrozen(ledger)).toBe(true);
  });
});
