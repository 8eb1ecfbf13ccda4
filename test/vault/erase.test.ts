import { describe, expect, it } from "vitest";
import { apply, canUse, decodeEvent, eraseSubject, isInvalidQuery, profile, replay, type Ledger } from "../../src/index.js";
import { AT, history } from "../reports/history.js";
import { must } from "../must.js";

const upToAt = history.filter((e) => !String(e["id"]).startsWith("LATE"));
const ledger = replay(upToAt);
const appendAll = (l: Ledger, events: readonly unknown[]) => events.reduce<Ledger>((acc, e) => apply(acc, e), l);

describe("eraseSubject: a full erasure request in an immutable log", () => {
  const plan = must(eraseSubject(ledger, "anna", { at: AT }));

  it("returns one FactErased per field with a value at `at`, with derived ids, valid on the wire", () => {
    expect(plan.subject).toBe("anna");
    expect(plan.at).toBe(AT);
    expect(plan.events).toEqual([
      { id: `anna/erasure/city/${AT}`, type: "FactErased", at: AT, subject: "anna", data: { field: "city", reason: "erasure request of the data subject (GDPR Art. 17)" } },
      { id: `anna/erasure/email/${AT}`, type: "FactErased", at: AT, subject: "anna", data: { field: "email", reason: "erasure request of the data subject (GDPR Art. 17)" } },
      { id: `anna/erasure/employer/${AT}`, type: "FactErased", at: AT, subject: "anna", data: { field: "employer", reason: "erasure request of the data subject (GDPR Art. 17)" } },
    ]);
    for (const e of plan.events) expect(decodeEvent(e)._tag).toBe("Right");
    expect(plan.notErased).toEqual([]);
  });

  it("says what must be forgotten: the key, every event holding a personal value, and rejected copies", () => {
    expect(plan.forget.subject).toBe("anna");
    expect(plan.forget.values.map((v) => [v.eventId, v.type, v.fields])).toEqual([
      ["a01", "ConsentGranted", ["evidence"]],
      ["a02", "FactRecorded", ["value", "sourceRef"]],
      ["a03", "ConsentConfirmed", ["evidence"]],
      ["a05", "FactRecorded", ["value", "sourceRef"]],
      ["a06", "FactCorrected", ["value", "sourceRef"]],
      ["a07", "FactRecorded", ["value"]],
      ["a11", "ConsentGranted", ["evidence"]],
      ["a13", "ConsentWithdrawn", ["evidence"]],
      ["a19", "ConsentGranted", ["evidence"]],
      ["a20", "ConsentConfirmed", ["evidence"]],
      ["a21", "ConsentGranted", ["evidence"]],
      ["a22", "FactRecorded", ["value"]],
    ]);
    expect(plan.forget.rejected).toEqual([]);
  });

  it("appended, the events are accepted and every value is erased from `at` on (before it, time travel is unchanged)", () => {
    const after = appendAll(ledger, plan.events);
    expect(after.rejected).toEqual([]);
    expect(must(profile(after, "anna", { at: AT })).fields.every((f) => f.current === undefined)).toBe(true);
    expect(must(profile(after, "anna", { at: "2024-06-14T00:00:00Z" }))).toEqual(must(profile(ledger, "anna", { at: "2024-06-14T00:00:00Z" })));
    const d = canUse(after, { subject: "anna", purpose: "sales", fields: ["email", "employer", "city"], actor: { id: "u", roles: ["sales"] }, at: AT });
    expect(d.reasons.map((r) => r.code)).toEqual(["ERASED", "ERASED", "ERASED"]);
    // Run again on the new ledger: nothing left to erase.
    expect(must(eraseSubject(after, "anna", { at: AT })).events).toEqual([]);
    // Appending the same plan twice is harmless: exact duplicates are skipped.
    expect(appendAll(after, plan.events).duplicates).toHaveLength(plan.events.length);
  });

  it("an erased field whose older fact would come back is erased as a field", () => {
    const l = replay([
      ...upToAt,
      { id: "x1", type: "FactRecorded", at: "2024-06-07T00:00:00Z", subject: "anna", data: { fact: "f1b", field: "email", value: "new@example.org", category: "contact.email", source: "self-service", purposes: ["sales"], basis: "contract" } },
    ]);
    const p = must(eraseSubject(l, "anna", { at: AT }));
    expect(p.events.filter((e) => e.data.field === "email")).toHaveLength(1);
    const after = appendAll(l, p.events);
    expect(must(profile(after, "anna", { at: AT })).fields.find((f) => f.field === "email")!.current).toBeUndefined();
  });

  it("options: newId, by, reason", () => {
    let n = 0;
    const p = must(eraseSubject(ledger, "anna", { at: AT, newId: () => `e-${++n}`, by: "dpo@acme.example", reason: "Art. 17 request of 2024-06-10" }));
    expect(p.events.map((e) => [e.id, e.by, e.data.reason])).toEqual([
      ["e-1", "dpo@acme.example", "Art. 17 request of 2024-06-10"],
      ["e-2", "dpo@acme.example", "Art. 17 request of 2024-06-10"],
      ["e-3", "dpo@acme.example", "Art. 17 request of 2024-06-10"],
    ]);
    // `by` is free text in wire format v1 (not an id-like field): an empty one is carried as given.
    expect(must(eraseSubject(ledger, "anna", { at: AT, by: "" })).events.map((e) => e.by)).toEqual(["", "", ""]);
  });

  it("answers options of the wrong type with an INVALID_QUERY value naming the option, never an exception", () => {
    for (const [options, says] of [
      [{ at: AT, by: 7 }, "options.by"],
      [{ at: AT, reason: {} }, "options.reason"],
      [{ at: AT, newId: "e-1" }, "options.newId"],
      [{ at: AT, newId: () => "" }, "would not decode"],
    ] as const) {
      const r = eraseSubject(ledger, "anna", options as never);
      expect(isInvalidQuery(r)).toBe(true);
      expect(isInvalidQuery(r) && r.error.message).toContain(says);
    }
  });

  it("derived ids never reuse an id of the log", () => {
    const l = replay([...upToAt, { id: `anna/erasure/city/${AT}`, type: "RestrictionLifted", at: "2024-06-10T00:00:00Z", subject: "anna", data: {} }]);
    expect(must(eraseSubject(l, "anna", { at: AT })).events[0]!.id).toBe(`anna/erasure/city/${AT}#2`);
  });

  it("names the facts it cannot erase: recorded after `at`, or bound to a later erasure", () => {
    const l = replay(history); // includes LATE-2 (a fact after AT) and LATE-6 (erases email on 2024-07-06)
    const p = must(eraseSubject(l, "anna", { at: AT }));
    expect(p.events.map((e) => e.data.field)).toEqual(["city", "employer"]);
    expect(p.notErased.map((x) => [x.fact, x.field, x.eventId])).toEqual([
      ["LATE-FACT", "LATE-FIELD", "LATE-2"],
      ["f1", "email", "a02"],
    ]);
    expect(p.notErased[1]!.reason).toContain("LATE-6");
    expect(appendAll(l, p.events).rejected).toEqual([]);
  });

  it("unknown subject: nothing to erase; invalid instant: INVALID_ARGUMENT; rejected copies are listed", () => {
    expect(must(eraseSubject(ledger, "nobody", { at: AT }))).toEqual({ subject: "nobody", at: AT, events: [], forget: { subject: "nobody", subjects: ["nobody"], values: [], rejected: [] }, notErased: [] });
    expect(eraseSubject(ledger, "anna", { at: "soon" })).toMatchObject({ error: { code: "INVALID_QUERY" } });
    const l = replay([...upToAt, { id: "bad", type: "FactErased", at: "2024-06-01T00:00:00Z", subject: "anna", data: { fact: "nope", reason: "r" } }]);
    expect(must(eraseSubject(l, "anna", { at: AT })).forget.rejected).toEqual([upToAt.length]);
  });

  it("is a pure function of the ledger: same input, same output", () => {
    expect(must(eraseSubject(ledger, "anna", { at: AT }))).toEqual(plan);
    expect(Object.isFrozen(plan) && Object.isFrozen(plan.events)).toBe(true);
  });
});
