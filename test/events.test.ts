import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CATALOG_EVENT_TYPES,
  decodeEvent,
  EVENT_TYPES,
  eventCodecs,
  FactRecorded,
  SUBJECT_EVENT_TYPES,
  type DecodeError,
  type EventType,
  type LedgerEvent,
} from "../src/index.js";
import { ALL_TYPES, CATALOG_TYPES, clone, deepFreeze, EXAMPLES, eventArb, exoticArb, objectsOf, SUBJECT_TYPES } from "./arbitraries.js";

/** The optional data fields of each type, per the contract (the one-of pairs count as optional each). */
const OPTIONAL: Record<EventType, readonly string[]> = {
  PurposeDeclared: ["retention", "originDisclosure", "doubleOptIn", "consentMaxAge", "directMarketing"],
  PurposeRetired: [],
  PurposeCompatibilityAssessed: [],
  NoticePublished: ["language", "textHash"],
  SourceRegistered: ["importConsentPurpose"],
  SourceRetired: [],
  AccessPolicyGranted: [],
  AccessPolicyRevoked: [],
  AccountLinked: [],
  EmployeeDeparted: [],
  EventVoided: [],
  FactRecorded: ["sourceRef", "account", "companyContact"],
  FactCorrected: ["sourceRef"],
  FactErased: [],
  ConsentGranted: ["expires"],
  ConsentConfirmed: [],
  ConsentWithdrawn: ["purposes", "evidence"],
  LegalBasisRecorded: ["until"],
  LegalBasisEnded: [],
  ObjectionRaised: [],
  ObjectionWithdrawn: [],
  ProcessingRestricted: [],
  RestrictionLifted: ["reason"],
  SubjectInformed: [],
  UseRecorded: ["bases"],
  SpecialCategoryDeclared: [],
  SpecialConditionRecorded: ["consent", "until"],
  SpecialConditionEnded: [],
  SubjectsMerged: [],
};
/** Fields that are required only as one of a group (tested separately). */
const ONE_OF: Partial<Record<EventType, readonly string[]>> = { FactErased: ["fact", "field"], EventVoided: ["event", "position"], ConsentWithdrawn: ["consent", "purposes"] };

function right(u: unknown): LedgerEvent {
  const r = decodeEvent(u);
  if (r._tag === "Left") throw new Error(`expected the input to decode, got: ${r.left.message}`);
  return r.right;
}

function left(u: unknown): DecodeError {
  const r = decodeEvent(u);
  if (r._tag === "Right") throw new Error(`expected a decode error, got ${JSON.stringify(r.right)}`);
  return r.left;
}

/** A copy of the example of `type` with `patch` applied to its envelope and `dataPatch` to its data (undefined deletes). */
function variant(type: EventType, patch: Record<string, unknown> = {}, dataPatch: Record<string, unknown> = {}): Record<string, unknown> {
  const e = clone(EXAMPLES[type]);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete e[k];
    else e[k] = v;
  }
  const data = e["data"] as Record<string, unknown>;
  for (const [k, v] of Object.entries(dataPatch)) {
    if (v === undefined) delete data[k];
    else data[k] = v;
  }
  return e;
}

describe("wire format v1: the event types", () => {
  it("has exactly the 29 event types of the contract, 12 catalog and 17 subject types", () => {
    expect(EVENT_TYPES).toHaveLength(29);
    expect(CATALOG_EVENT_TYPES).toHaveLength(12);
    expect(SUBJECT_EVENT_TYPES).toHaveLength(17);
    expect(new Set(EVENT_TYPES)).toEqual(new Set(ALL_TYPES));
    expect(new Set(CATALOG_EVENT_TYPES)).toEqual(new Set(CATALOG_TYPES));
    expect(new Set(SUBJECT_EVENT_TYPES)).toEqual(new Set(SUBJECT_TYPES));
    expect(Object.keys(eventCodecs).sort()).toEqual([...ALL_TYPES].sort());
  });

  it.each(ALL_TYPES)("decodes a complete %s into an equal event", (type) => {
    const input = deepFreeze(clone(EXAMPLES[type]));
    const ev = right(input);
    expect(ev).toEqual(input);
    expect(ev.type).toBe(type);
  });

  it.each(ALL_TYPES)("decodes a %s that has only its required fields, and fails without any one of them", (type) => {
    const minimal = clone(EXAMPLES[type]);
    delete minimal["by"];
    delete minimal["v"];
    const data = minimal["data"] as Record<string, unknown>;
    for (const k of OPTIONAL[type]) delete data[k];
    if (type === "FactErased") delete data["fact"]; // exactly one of fact / field: keep field
    if (type === "EventVoided") delete data["position"]; // at least one of event / position: keep event
    if (type === "SpecialConditionRecorded") data["condition"] = "A9-2-h"; // only A9-2-a names a consent (tested below)
    expect(right(minimal)).toEqual(minimal);
    for (const k of Object.keys(data)) {
      if (ONE_OF[type]?.includes(k)) continue;
      const without = clone(minimal);
      delete (without["data"] as Record<string, unknown>)[k];
      const err = left(without);
      expect(err.path).toBe(`data.${k}`);
      expect(err.message).toContain("missing");
    }
    for (const k of ["id", "type", "at", "data", ...(SUBJECT_TYPES.includes(type) ? ["subject"] : [])]) {
      const without = clone(minimal);
      delete without[k];
      expect(left(without).path).toBe(k);
    }
  });

  it("requires the consent of an A9-2-a condition (explicit consent) and refuses one on any other point of Art. 9(2)", () => {
    expect(left(variant("SpecialConditionRecorded", {}, { consent: undefined }))).toMatchObject({
      path: "data.consent",
      message: "data.consent: expected the id of the person's explicit consent (required with A9-2-a), got nothing (the field is missing)",
    });
    for (const condition of ["A9-2-b", "A9-2-e", "A9-2-j"]) {
      expect(left(variant("SpecialConditionRecorded", {}, { condition }))).toMatchObject({ path: "data.consent", message: expect.stringContaining(`this is ${condition}`) });
      expect(right(variant("SpecialConditionRecorded", {}, { condition, consent: undefined })).type).toBe("SpecialConditionRecorded");
    }
    // The points are DPV's EU-GDPR names, A9-2-a to A9-2-j, and nothing else.
    for (const condition of ["A9-2-k", "a9-2-a", "A9(2)(a)", "explicit-consent", ""]) {
      expect(left(variant("SpecialConditionRecorded", {}, { condition, consent: undefined })).path).toBe("data.condition");
    }
    expect(left(variant("SpecialConditionRecorded", {}, { categories: [] })).path).toBe("data.categories");
    expect(left(variant("SpecialConditionRecorded", {}, { purposes: [] })).path).toBe("data.purposes");
    expect(left(variant("SpecialConditionRecorded", {}, { categories: ["health."] })).path).toBe("data.categories.0");
    expect(left(variant("SpecialConditionRecorded", {}, { until: "2025-02-30T00:00:00Z" })).path).toBe("data.until");
    expect(left(variant("SpecialCategoryDeclared", { subject: "anna" })).path).toBe("subject");
    expect(left(variant("SpecialConditionEnded", { subject: undefined })).path).toBe("subject");
  });

  it("accepts null and any JSON as a fact's value, kept as given", () => {
    for (const value of [null, 0, false, "", [], {}, { nested: [1, { deep: null }] }]) {
      const ev = right(variant("FactRecorded", {}, { value })) as Extract<LedgerEvent, { type: "FactRecorded" }>;
      expect(ev.data.value).toEqual(value);
    }
  });

  it("accepts every JSON example in docs/events.md, and the docs show every event type", () => {
    const md = readFileSync(new URL("../docs/events.md", import.meta.url), "utf8");
    // Counter-examples in the docs are fenced as `text`; every `json` block is a valid event.
    const blocks = [...md.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
    const documented = new Set<unknown>();
    for (const b of blocks) {
      const r = decodeEvent(b);
      expect(r._tag, r._tag === "Left" ? r.left.message : "").toBe("Right");
      documented.add(b["type"]);
    }
    expect([...documented].sort()).toEqual([...ALL_TYPES].sort());
  });
});

describe("wire format v1: decode errors", () => {
  type Case = [what: string, input: unknown, path: string, says?: string];
  const ts = (at: string): Record<string, unknown> => variant("PurposeRetired", { at });

  const cases: Case[] = [
    // not an event at all
    ["null", null, "", "expected a JSON object"],
    ["an array", [EXAMPLES.PurposeRetired], "", "expected a JSON object"],
    ["a string", "PurposeRetired", "", "expected a JSON object"],
    // envelope
    ["an unknown type", variant("PurposeRetired", { type: "PurposeInvented" }), "type", 'unknown event type "PurposeInvented"'],
    ["a missing type", variant("PurposeRetired", { type: undefined }), "type", "expected an event type name"],
    ["a type that is not a string", variant("PurposeRetired", { type: 7 }), "type", "got 7"],
    ["a missing id", variant("PurposeRetired", { id: undefined }), "id", "missing"],
    ["an empty id", variant("PurposeRetired", { id: "" }), "id", "non-empty string"],
    ["a missing at", variant("PurposeRetired", { at: undefined }), "at", "missing"],
    ["a missing data", variant("PurposeRetired", { data: undefined }), "data", "missing"],
    ["data that is an array", variant("PurposeRetired", { data: [] }), "data", "got []"],
    ["v: 2", variant("PurposeRetired", { v: 2 }), "v", "expected 1"],
    ['v: "1"', variant("PurposeRetired", { v: "1" }), "v", "expected 1"],
    ["by that is not a string", variant("FactRecorded", { by: 5 }), "by"],
    ["a catalog event with a subject", variant("PurposeRetired", { subject: "anna" }), "subject", "catalog event"],
    ["a catalog event with a null subject", variant("SourceRetired", { subject: null }), "subject", "catalog event"],
    ["a subject event without a subject", variant("FactRecorded", { subject: undefined }), "subject", "missing"],
    ["a subject event with an empty subject", variant("ConsentGranted", { subject: "" }), "subject", "non-empty string"],
    // timestamps
    ["2024-02-30 (no such day)", ts("2024-02-30T00:00:00Z"), "at", 'got "2024-02-30T00:00:00Z"'],
    ["2023-02-29 (not a leap year)", ts("2023-02-29T00:00:00Z"), "at"],
    ["1900-02-29 (not a leap year)", ts("1900-02-29T00:00:00Z"), "at"],
    ["month 13", ts("2024-13-01T00:00:00Z"), "at"],
    ["day 00", ts("2024-01-00T00:00:00Z"), "at"],
    ["a missing Z", ts("2024-02-01T10:00:00"), "at"],
    ["a numeric offset", ts("2024-02-01T10:00:00+00:00"), "at"],
    ["a lower-case z", ts("2024-02-01T10:00:00z"), "at"],
    ["24:00:00", ts("2024-02-01T24:00:00Z"), "at"],
    ["minute 60", ts("2024-02-01T10:60:00Z"), "at"],
    ["a leap second :60", ts("2016-12-31T23:59:60Z"), "at"],
    ["a space instead of T", ts("2024-02-01 10:00:00Z"), "at"],
    ["no seconds", ts("2024-02-01T10:00Z"), "at"],
    ["four fraction digits", ts("2024-02-01T10:00:00.1234Z"), "at"],
    ["an empty fraction", ts("2024-02-01T10:00:00.Z"), "at"],
    ["a date only", ts("2024-02-01"), "at"],
    ["a five-digit year", ts("12024-02-01T10:00:00Z"), "at"],
    ["epoch milliseconds", ts(1706781600000 as unknown as string), "at", "got 1706781600000"],
    ["an invalid expires", variant("ConsentGranted", {}, { expires: "2024-02-30T00:00:00Z" }), "data.expires"],
    ["an invalid until", variant("LegalBasisRecorded", {}, { until: "2024-02-10" }), "data.until"],
    // durations
    ["retention P", variant("PurposeDeclared", {}, { retention: "P" }), "data.retention", "ISO 8601 duration"],
    ["retention PT", variant("PurposeDeclared", {}, { retention: "PT" }), "data.retention"],
    ["retention P1.5D", variant("PurposeDeclared", {}, { retention: "P1.5D" }), "data.retention"],
    ["retention P1DT (a T without a time part)", variant("PurposeDeclared", {}, { retention: "P1DT" }), "data.retention"],
    ["retention -P1D", variant("PurposeDeclared", {}, { retention: "-P1D" }), "data.retention"],
    ["retention p1y (lower case)", variant("PurposeDeclared", {}, { retention: "p1y" }), "data.retention"],
    ["retention P1H (hours without T)", variant("PurposeDeclared", {}, { retention: "P1H" }), "data.retention"],
    ["retention P1D1Y (parts out of order)", variant("PurposeDeclared", {}, { retention: "P1D1Y" }), "data.retention"],
    ["consentMaxAge 30 (a number)", variant("PurposeDeclared", {}, { consentMaxAge: 30 }), "data.consentMaxAge"],
    // ids, dotted ids and lists
    ["a missing required data field", variant("FactRecorded", {}, { source: undefined }), "data.source", "missing"],
    ["a field of the wrong type", variant("PurposeDeclared", {}, { description: 5 }), "data.description", "got 5"],
    ["a boolean given as a string", variant("PurposeDeclared", {}, { doubleOptIn: "yes" }), "data.doubleOptIn"],
    ["an empty list of purposes", variant("NoticePublished", {}, { purposes: [] }), "data.purposes", "expected a non-empty array of strings, got []"],
    ["an empty list of legal bases", variant("PurposeDeclared", {}, { legalBases: [] }), "data.legalBases", "got []"],
    ["purposes that is not a list", variant("FactRecorded", {}, { purposes: "marketing" }), "data.purposes"],
    ["an a..b purpose in a list", variant("FactRecorded", {}, { purposes: ["sales", "a..b"] }), "data.purposes.1", 'got "a..b"'],
    ['a "." purpose', variant("PurposeRetired", {}, { purpose: "." }), "data.purpose", "dotted purpose id"],
    ['a "marketing." purpose', variant("PurposeDeclared", {}, { purpose: "marketing." }), "data.purpose"],
    ['a ".marketing" purpose', variant("ObjectionRaised", {}, { purposes: [".marketing"] }), "data.purposes.0"],
    ["an empty purpose", variant("UseRecorded", {}, { purpose: "" }), "data.purpose"],
    ["an a..b category", variant("FactRecorded", {}, { category: "contact..email" }), "data.category", "dotted category id"],
    ["an empty category in a policy", variant("AccessPolicyGranted", {}, { categories: ["contact", ""] }), "data.categories.1"],
    ["an empty fact id", variant("FactCorrected", {}, { fact: "" }), "data.fact"],
    ["an empty source", variant("SourceRetired", {}, { source: "" }), "data.source"],
    ["an empty reference", variant("LegalBasisEnded", {}, { reference: "" }), "data.reference"],
    ["an empty actor", variant("UseRecorded", {}, { actor: "" }), "data.actor"],
    ["an empty notice version", variant("NoticePublished", {}, { version: "" }), "data.version"],
    ["a missing value", variant("FactRecorded", {}, { value: undefined }), "data.value", "missing"],
    // enumerations
    ["an unknown legal basis", variant("FactRecorded", {}, { basis: "because" }), "data.basis", "one of consent, contract"],
    ["an unknown consent method", variant("ConsentGranted", {}, { method: "checkbox" }), "data.method"],
    ["an unknown source kind", variant("SourceRegistered", {}, { kind: "crawler" }), "data.kind"],
    ["an unknown departure agreement", variant("AccountLinked", {}, { onDeparture: "sell" }), "data.onDeparture"],
    ["a use basis with an unknown legal basis", variant("UseRecorded", {}, { bases: [{ field: "email", legalBasis: "whim", eventIds: [] }] }), "data.bases.0.legalBasis"],
    // cross-field rules and non-empty evidence
    ["LegalBasisRecorded with basis consent", variant("LegalBasisRecorded", {}, { basis: "consent" }), "data.basis", "consent is recorded with ConsentGranted"],
    ["FactErased with both fact and field", variant("FactErased", {}, { fact: "f1", field: "phone" }), "data.field", "exactly one of fact or field"],
    ["FactErased with neither fact nor field", variant("FactErased", {}, { field: undefined }), "data.fact", "exactly one of fact or field"],
    ["ConsentWithdrawn with neither consent nor purposes", variant("ConsentWithdrawn", {}, { consent: undefined, purposes: undefined }), "data.consent", "at least one"],
    ["ConsentWithdrawn with an empty list of purposes", variant("ConsentWithdrawn", {}, { purposes: [] }), "data.purposes", "got []"],
    ["EventVoided with neither event nor position", variant("EventVoided", {}, { event: undefined, position: undefined }), "data.event", "position"],
    ["EventVoided with a negative position", variant("EventVoided", {}, { position: -1 }), "data.position", "non-negative integer"],
    ["EventVoided with a fractional position", variant("EventVoided", {}, { position: 1.5 }), "data.position"],
    ["EventVoided with a position given as a string", variant("EventVoided", {}, { position: "41" }), "data.position"],
    ["ConsentGranted with empty evidence", variant("ConsentGranted", {}, { evidence: "" }), "data.evidence", "non-empty string"],
    ["SourceRegistered with an empty assessment", variant("SourceRegistered", {}, { assessment: "" }), "data.assessment", "non-empty string"],
    ["SourceRegistered with a missing assessment", variant("SourceRegistered", {}, { assessment: undefined }), "data.assessment", "missing"],
  ];

  it.each(cases)("rejects %s with one readable line naming the field", (_what, input, path, says) => {
    const err = left(deepFreeze(input));
    expect(err.path).toBe(path);
    expect(err.message.startsWith(`${path === "" ? "event" : path}: `)).toBe(true);
    expect(err.message).not.toContain("\n");
    expect(err.message).not.toMatch(/\{\||\bIntersection|\bExact|\[object/); // not io-ts's raw output
    if (says !== undefined) expect(err.message).toContain(says);
    expect(err.problems[0]).toEqual({ path: err.path, message: err.message });
  });

  it("formats an empty list as in the contract: `data.purposes: expected a non-empty array of strings, got []`", () => {
    const err = left(variant("NoticePublished", {}, { purposes: [] }));
    expect(err.message).toBe("data.purposes: expected a non-empty array of strings, got []");
  });

  // "so that two implementations reject the same events": only the listed id-like fields must be non-empty.
  it.each<[string, Record<string, unknown>]>([
    ["an empty by", variant("FactRecorded", { by: "" })],
    ["an empty field", variant("FactRecorded", {}, { field: "" })],
    ["an empty sourceRef", variant("FactRecorded", {}, { sourceRef: "" })],
    ["an empty sourceRef of a correction", variant("FactCorrected", {}, { sourceRef: "" })],
    ["an erasure of the empty field", variant("FactErased", {}, { field: "" })],
    ["a use of no fields", variant("UseRecorded", {}, { fields: [] })],
    ["a use basis of the empty field", variant("UseRecorded", {}, { bases: [{ field: "", legalBasis: "contract", eventIds: [] }] })],
  ])("accepts %s: the field is not in the wire format's list of id-like fields", (_what, input) => {
    expect(decodeEvent(input)._tag).toBe("Right");
  });

  it("lists every wrong field in problems, one line each", () => {
    const err = left(variant("FactRecorded", { at: "2024-02-30T00:00:00Z" }, { purposes: [], basis: "x", fact: "" }));
    expect(err.problems.map((p) => p.path).sort()).toEqual(["at", "data.basis", "data.fact", "data.purposes"]);
    for (const p of err.problems) {
      expect(p.message.startsWith(`${p.path}: expected `)).toBe(true);
      expect(p.message).not.toContain("\n");
    }
  });

  it("never throws, and always explains in one line, whatever it is given", () => {
    fc.assert(
      fc.property(fc.oneof(exoticArb, fc.record({ type: fc.constantFrom(...ALL_TYPES), data: exoticArb })), (u) => {
        const r = decodeEvent(u);
        if (r._tag === "Left") {
          expect(typeof r.left.message).toBe("string");
          expect(r.left.message).not.toContain("\n");
          expect(r.left.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("wire format v1: what decoding keeps", () => {
  it("drops unknown fields in the envelope, in data and in nested objects, and keeps a fact's value whole", () => {
    const input = deepFreeze({
      ...clone(EXAMPLES.UseRecorded),
      traceId: "t-1",
      meta: { a: 1 },
      data: { ...(clone(EXAMPLES.UseRecorded)["data"] as object), note: "x", bases: [{ field: "email", legalBasis: "consent", eventIds: ["a-4"], weight: 3 }] },
    });
    const ev = right(input);
    expect(ev).not.toHaveProperty("traceId");
    expect(ev).not.toHaveProperty("meta");
    expect(ev.data).not.toHaveProperty("note");
    expect((ev as Extract<LedgerEvent, { type: "UseRecorded" }>).data.bases![0]).toEqual({ field: "email", legalBasis: "consent", eventIds: ["a-4"] });

    const value = { street: "Main St 1", extra: { kept: true } };
    const fact = right(variant("FactRecorded", { extra: 1 }, { value, extra: 2 })) as Extract<LedgerEvent, { type: "FactRecorded" }>;
    expect(fact.data.value).toEqual(value);
    expect(fact).not.toHaveProperty("extra");
    expect(fact.data).not.toHaveProperty("extra");
  });

  it("treats an optional field given as undefined like an absent one", () => {
    const ev = right({ ...clone(EXAMPLES.RestrictionLifted), by: undefined, v: undefined, data: { reason: undefined } });
    expect(ev).toEqual({ id: "a-12", type: "RestrictionLifted", at: "2024-09-15T00:00:00Z", subject: "anna", data: {} });
  });

  it("returns a frozen result that shares no object with the input, and does not touch the input", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL_TYPES).chain(eventArb), (raw) => {
        const input = deepFreeze(raw);
        const before = JSON.stringify(input);
        const ev = right(input);
        expect(JSON.stringify(input)).toBe(before);
        const inputObjects = objectsOf(input);
        for (const o of objectsOf(ev)) {
          expect(inputObjects.has(o)).toBe(false);
          expect(Object.isFrozen(o)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("exports each event's static type under its codec's name (FactRecorded is a codec and a type)", () => {
    const ev = right(EXAMPLES.FactRecorded);
    expect(FactRecorded.is(ev)).toBe(true);
    const typed: FactRecorded | undefined = ev.type === "FactRecorded" ? ev : undefined;
    expect(typed?.data.field).toBe((EXAMPLES.FactRecorded["data"] as { field: string }).field);
  });

  it("keeps answering the same after the caller mutates the input", () => {
    const input = clone(EXAMPLES.FactRecorded) as { data: { value: unknown; purposes: string[] } };
    input.data.value = { list: [1, 2] };
    const ev = right(input) as Extract<LedgerEvent, { type: "FactRecorded" }>;
    (input.data.value as { list: number[] }).list.push(3);
    input.data.purposes.push("evil");
    expect(ev.data.value).toEqual({ list: [1, 2] });
    expect(ev.data.purposes).toEqual(["marketing.email", "sales"]);
  });
});

describe("wire format v1: io-ts codecs", () => {
  it.each(ALL_TYPES)("round-trips %s: decode, encode, decode gives an equal event (property)", (type) => {
    const codec = eventCodecs[type] as unknown as { decode(u: unknown): { _tag: string; right?: unknown }; encode(a: unknown): unknown };
    fc.assert(
      fc.property(eventArb(type), (raw) => {
        const first = codec.decode(raw);
        expect(first._tag).toBe("Right");
        const encoded = JSON.parse(JSON.stringify(codec.encode(first.right)));
        const second = codec.decode(encoded);
        expect(second._tag).toBe("Right");
        expect(second.right).toEqual(first.right);
        // decodeEvent agrees, and with no unknown fields the event is the input.
        expect(right(encoded)).toEqual(raw);
      }),
      { numRuns: 100 },
    );
  });
});
