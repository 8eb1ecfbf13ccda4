import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LawfulCrmError, profile, replay, type FieldProfile, type Profile } from "../src/index.js";
import { anna, catalog } from "./fixtures/history.js";
import { clone, deepFreeze, historyArb, objectsOf, POOL } from "./arbitraries.js";
import { must } from "./must.js";

const T = (day: string, time = "00:00:00") => `${day}T${time}Z`;

function fact(id: string, subject: string, factId: string, field: string, value: unknown, at: string, extra: Record<string, unknown> = {}, by?: string) {
  return {
    id,
    type: "FactRecorded",
    at,
    subject,
    ...(by === undefined ? {} : { by }),
    data: { fact: factId, field, value, category: "contact.phone", source: "web-form", purposes: ["sales"], basis: "contract", ...extra },
  };
}
function correct(id: string, subject: string, factId: string, value: unknown, at: string, extra: Record<string, unknown> = {}, by?: string) {
  return { id, type: "FactCorrected", at, subject, ...(by === undefined ? {} : { by }), data: { fact: factId, value, source: "phone-call", ...extra } };
}
function erase(id: string, subject: string, target: { fact: string } | { field: string }, at: string, reason = "Art. 17 request", by?: string) {
  return { id, type: "FactErased", at, subject, ...(by === undefined ? {} : { by }), data: { ...target, reason } };
}

const field = (p: Profile, name: string): FieldProfile | undefined => p.fields.find((f) => f.field === name);
const base = [...catalog, ...anna];

describe("profile: current values and provenance", () => {
  it("gives each field's current value with where it came from, fields in name order", () => {
    const p = must(profile(replay(base), "anna"));
    expect(p.subject).toBe("anna");
    expect(p).not.toHaveProperty("at");
    expect(p.fields.map((f) => f.field)).toEqual(["email", "employer"]);
    expect(field(p, "email")!.current).toEqual({
      value: "anna@example.org",
      provenance: {
        fact: "f1",
        eventId: "a1",
        source: "web-form",
        recordedBy: "web",
        at: "2024-02-01T10:00:00Z",
        category: "contact.email",
        purposes: ["marketing.email", "sales"],
        basis: "consent",
      },
    });
    expect(field(p, "employer")!.current).toEqual({
      value: "ACME",
      provenance: {
        fact: "f2",
        eventId: "a4",
        source: "linkedin",
        sourceRef: "li:anna",
        at: "2024-02-02T10:00:00Z",
        category: "professional.employer",
        purposes: ["sales"],
        basis: "legitimate-interests",
      },
    });
    expect(field(p, "employer")!.history).toEqual([
      { kind: "recorded", eventId: "a4", fact: "f2", at: "2024-02-02T10:00:00Z", value: "ACME", source: "linkedin", sourceRef: "li:anna" },
    ]);
  });

  it("includes the account and the company-contact mark when recorded", () => {
    const p = must(profile(replay([fact("e1", "bob", "f1", "phone", "+49 1", T("2024-02-01"), { account: "li:jane", companyContact: true, sourceRef: "r-1" }, "import-bot")]), "bob"));
    expect(field(p, "phone")!.current!.provenance).toMatchObject({ account: "li:jane", companyContact: true, sourceRef: "r-1", recordedBy: "import-bot" });
  });

  it("is empty for a subject with no facts, and does not mix subjects", () => {
    const ledger = replay([...base, fact("e1", "bob", "f1", "phone", "+49 1", T("2024-02-01"))]);
    expect(must(profile(ledger, "nobody")).fields).toEqual([]);
    expect(must(profile(ledger, "bob")).fields.map((f) => f.field)).toEqual(["phone"]);
    expect(must(profile(ledger, "anna")).fields.map((f) => f.field)).toEqual(["email", "employer"]);
  });

  it("takes the latest fact of a field by at, not by log position", () => {
    const ledger = replay([fact("e1", "bob", "f1", "phone", "new", T("2024-03-01")), fact("e2", "bob", "f2", "phone", "old", T("2024-01-01"))]);
    const phone = field(must(profile(ledger, "bob")), "phone")!;
    expect(phone.current!.value).toBe("new");
    expect(phone.current!.provenance.fact).toBe("f1");
    expect(phone.history.map((h) => h.eventId)).toEqual(["e2", "e1"]); // in (at, position) order
  });
});

describe("profile: corrections", () => {
  const items = [
    fact("e1", "bob", "f1", "phone", "+49 111", T("2024-02-01"), { sourceRef: "form-1" }, "web"),
    correct("e2", "bob", "f1", "+49 222", T("2024-03-01"), { sourceRef: "call-7" }, "agent-5"),
    correct("e3", "bob", "f1", "+49 333", T("2024-04-01")),
  ];

  it("shows the corrected value, the fact's provenance and the correction that set it", () => {
    const phone = field(must(profile(replay(items), "bob")), "phone")!;
    expect(phone.current!.value).toBe("+49 333");
    expect(phone.current!.provenance).toMatchObject({ fact: "f1", eventId: "e1", source: "web-form", sourceRef: "form-1", recordedBy: "web" });
    expect(phone.current!.correction).toEqual({ eventId: "e3", source: "phone-call", at: T("2024-04-01") });
    expect(phone.history).toEqual([
      { kind: "recorded", eventId: "e1", fact: "f1", at: T("2024-02-01"), by: "web", value: "+49 111", source: "web-form", sourceRef: "form-1" },
      { kind: "corrected", eventId: "e2", fact: "f1", at: T("2024-03-01"), by: "agent-5", value: "+49 222", source: "phone-call", sourceRef: "call-7" },
      { kind: "corrected", eventId: "e3", fact: "f1", at: T("2024-04-01"), value: "+49 333", source: "phone-call" },
    ]);
  });

  it("shows each correction from its at on", () => {
    const ledger = replay(items);
    const at = (day: string) => field(must(profile(ledger, "bob", { at: T(day) })), "phone")!.current;
    expect(at("2024-02-15")!.value).toBe("+49 111");
    expect(at("2024-02-15")!.correction).toBeUndefined();
    expect(at("2024-03-15")!.value).toBe("+49 222");
    expect(at("2024-03-15")!.correction).toEqual({ eventId: "e2", source: "phone-call", sourceRef: "call-7", recordedBy: "agent-5", at: T("2024-03-01") });
  });

  it("applies a late-arriving correction at its own at", () => {
    const ledger = replay([items[0], items[2], items[1]]);
    expect(field(must(profile(ledger, "bob")), "phone")!.current!.value).toBe("+49 333");
    expect(field(must(profile(ledger, "bob", { at: T("2024-03-15") })), "phone")!.current!.value).toBe("+49 222");
  });
});

describe("profile: erasure", () => {
  const SECRET = "+49 secret-555";

  it("erases one fact: the value is gone, the history keeps that, when, why and by which event it was erased", () => {
    const ledger = replay([
      fact("e1", "bob", "f1", "phone", SECRET, T("2024-02-01"), {}, "web"),
      correct("e2", "bob", "f1", SECRET + "-corrected", T("2024-02-10")),
      erase("e3", "bob", { fact: "f1" }, T("2024-03-01"), "asked by e-mail", "dpo"),
    ]);
    const p = must(profile(ledger, "bob"));
    const phone = field(p, "phone")!;
    expect(phone.current).toBeUndefined();
    expect(phone.history).toEqual([
      { kind: "recorded", eventId: "e1", fact: "f1", at: T("2024-02-01"), by: "web", source: "web-form" },
      { kind: "corrected", eventId: "e2", fact: "f1", at: T("2024-02-10"), source: "phone-call" },
      { kind: "erased", eventId: "e3", fact: "f1", at: T("2024-03-01"), by: "dpo", reason: "asked by e-mail" },
    ]);
    expect(JSON.stringify(p)).not.toContain("secret-555");
    // Before the erasure the profile is as it stood then.
    expect(field(must(profile(ledger, "bob", { at: T("2024-02-20") })), "phone")!.current!.value).toBe(SECRET + "-corrected");
  });

  it("erases every earlier fact of a field, and keeps later ones", () => {
    const ledger = replay([
      fact("e1", "bob", "f1", "phone", "one", T("2024-02-01")),
      fact("e2", "bob", "f2", "phone", "two", T("2024-02-02")),
      fact("e3", "bob", "f3", "email", "b@x", T("2024-02-02")),
      erase("e4", "bob", { field: "phone" }, T("2024-03-01"), "objection"),
      fact("e5", "bob", "f4", "phone", "three", T("2024-04-01")),
    ]);
    const at = (day: string) => must(profile(ledger, "bob", { at: T(day) }));
    const phoneMarch = field(at("2024-03-15"), "phone")!;
    expect(phoneMarch.current).toBeUndefined();
    expect(phoneMarch.history.filter((h) => h.kind === "erased")).toEqual([
      { kind: "erased", eventId: "e4", fact: "f1", at: T("2024-03-01"), reason: "objection" },
      { kind: "erased", eventId: "e4", fact: "f2", at: T("2024-03-01"), reason: "objection" },
    ]);
    expect(phoneMarch.history.filter((h) => h.kind === "recorded").every((h) => !("value" in h))).toBe(true);
    expect(field(at("2024-03-15"), "email")!.current!.value).toBe("b@x");
    const phoneNow = field(must(profile(ledger, "bob")), "phone")!;
    expect(phoneNow.current!.value).toBe("three");
    expect(phoneNow.current!.provenance.fact).toBe("f4");
  });

  it("erases by field a fact that arrives later in the log but happened before the erasure", () => {
    const ledger = replay([
      fact("e1", "bob", "f1", "phone", "one", T("2024-02-01")),
      erase("e2", "bob", { field: "phone" }, T("2024-03-01")),
      fact("e3", "bob", "f2", "phone", "back-dated", T("2024-02-15")),
    ]);
    expect(ledger.rejected).toEqual([]);
    expect(field(must(profile(ledger, "bob")), "phone")!.current).toBeUndefined();
    expect(JSON.stringify(must(profile(ledger, "bob")))).not.toContain("back-dated");
    expect(field(must(profile(ledger, "bob", { at: T("2024-02-20") })), "phone")!.current!.value).toBe("back-dated");
  });

  it("brings an older fact back when the newer one is erased", () => {
    const ledger = replay([
      fact("e1", "bob", "f1", "phone", "old", T("2024-02-01"), { sourceRef: "r-old" }),
      fact("e2", "bob", "f2", "phone", "new", T("2024-03-01")),
      erase("e3", "bob", { fact: "f2" }, T("2024-04-01"), "wrong person"),
    ]);
    const phone = field(must(profile(ledger, "bob")), "phone")!;
    expect(phone.current!.value).toBe("old");
    expect(phone.current!.provenance).toMatchObject({ fact: "f1", eventId: "e1", sourceRef: "r-old" });
    expect(phone.history.map((h) => [h.kind, h.fact, "value" in h ? h.value : "(gone)"])).toEqual([
      ["recorded", "f1", "old"],
      ["recorded", "f2", "(gone)"],
      ["erased", "f2", "(gone)"],
    ]);
    expect(field(must(profile(ledger, "bob", { at: T("2024-03-15") })), "phone")!.current!.value).toBe("new");
  });

  it("ignores an erasure back-dated before the fact it names", () => {
    const ledger = replay([fact("e1", "bob", "f1", "phone", "kept", T("2024-03-01")), erase("e2", "bob", { fact: "f1" }, T("2024-02-01"))]);
    expect(ledger.rejected).toEqual([]);
    expect(field(must(profile(ledger, "bob")), "phone")!.current!.value).toBe("kept");
  });
});

describe("profile: time travel", () => {
  it("answers as of an instant: events with at <= T count", () => {
    const ledger = replay(base);
    expect(must(profile(ledger, "anna", { at: "2024-02-01T09:59:59Z" })).fields).toEqual([]);
    expect(must(profile(ledger, "anna", { at: "2024-02-01T10:00:00Z" })).fields.map((f) => f.field)).toEqual(["email"]);
    expect(must(profile(ledger, "anna", { at: "2024-02-01T10:00:00.000Z" })).fields.map((f) => f.field)).toEqual(["email"]);
    expect(must(profile(ledger, "anna", { at: "2030-01-01T00:00:00Z" })).fields).toEqual(must(profile(ledger, "anna")).fields);
    expect(must(profile(ledger, "anna", { at: "2024-02-01T10:00:00Z" })).at).toBe("2024-02-01T10:00:00Z");
  });

  it.each(["2024-02-30T00:00:00Z", "2024-02-01", "2024-02-01T10:00:00", "2016-12-31T23:59:60Z", ""])("refuses an invalid at %j", (at) => {
    expect(profile(replay(base), "anna", { at })).toMatchObject({ error: { code: "INVALID_QUERY" } });
  });

  it("equals the profile of the replay of the events up to T, for histories in at order (property)", () => {
    fc.assert(
      fc.property(historyArb({ ordered: true, rejects: false }), (items) => {
        const ledger = replay(items);
        for (const at of POOL.queries) {
          const upTo = replay(items.filter((x) => (x as { at: string }).at <= at));
          for (const subject of POOL.subjects) {
            expect(must(profile(ledger, subject, { at })).fields).toEqual(must(profile(upTo, subject)).fields);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("profile: immutability", () => {
  it("returns frozen values that share nothing with the input, and survives mutation of the input", () => {
    const value = { street: "Main St 1", lines: ["a", "b"] };
    const input = [fact("e1", "bob", "f1", "address", value, T("2024-02-01"))];
    const ledger = replay(deepFreeze(clone(input)));
    const mutable = clone(input);
    const ledger2 = replay(mutable);
    const p = must(profile(ledger2, "bob"));
    (mutable[0]!.data.value as { lines: string[] }).lines.push("evil");
    expect(field(must(profile(ledger2, "bob")), "address")!.current!.value).toEqual(value);
    expect(p).toEqual(must(profile(ledger, "bob")));
    const theirs = objectsOf(mutable);
    for (const o of objectsOf(p)) {
      expect(theirs.has(o)).toBe(false);
      expect(Object.isFrozen(o)).toBe(true);
    }
  });
});
