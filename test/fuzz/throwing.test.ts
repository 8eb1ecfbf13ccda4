/**
 * Issue 10, finding 4: nothing throws out of replay, decodeEvent, a query or
 * a command, whatever the caller's object does when it is read. A getter
 * that throws, or a Proxy whose traps throw, anywhere in an item (the item
 * itself, nested in data, an array) gets the item rejected (DECODE_FAILED)
 * with a reason that quotes the exception; the reject keeps the envelope
 * strings that could still be read and marks the subject (or the catalog)
 * as any reject does. The same in a query or options object gets
 * INVALID_QUERY (the decision, or the InvalidQuery value of the function).
 * A trap that reading plain data never needs (`has`) changes nothing.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  createMemoryVault,
  sealEvents,
  accessMatrix,
  accessPolicyFromVocabulary,
  fromDpv,
  fromFideslang,
  accessReport,
  apply,
  assessSource,
  canUse,
  consentReceipt,
  decideUnknown,
  decodeEvent,
  departureImpact,
  disclosureDue,
  eraseSubject,
  isInvalidQuery,
  LawfulCrmError,
  portabilityExport,
  processingRecord,
  profile,
  recordUse,
  replay,
  subjectsUsableFor,
  usableFields,
  usesOf,
  whoMayUse,
  type Ledger,
  type UseQuery,
} from "../../src/index.js";
import { catalog, anna } from "../fixtures/history.js";
import { expectNoPollution, TYPES, VALID } from "./nasty.js";
import { containerPaths, hostilityArb, makeHostile, memberReadable, quoted, raise, readThrows, type Hostility, type Path } from "./throwing.js";

const RUNS = Math.max(200, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 4));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

afterEach(() => expectNoPollution());

/** Calls `f`; a throw fails the property with what was thrown. */
function noThrow<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new Error(`${what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : typeof e}`);
  }
}

/** A clean value, a container path in it and a hostility for that container. */
function hostileArb<T>(clean: fc.Arbitrary<T>): fc.Arbitrary<{ clean: T; path: Path; h: Hostility }> {
  return clean.chain((c) =>
    fc.constantFrom(...containerPaths(c)).chain((path) => hostilityArb(c, path).map((h) => ({ clean: c, path, h }))),
  );
}

const face = (l: Ledger) => ({ size: l.size, accepted: l.accepted, duplicates: l.duplicates, rejected: l.rejected, incomplete: l.incomplete });

describe("decodeEvent, replay and apply on items that throw when read", () => {
  const eventArb = hostileArb(fc.constantFrom(...TYPES).map((t) => VALID[t]!));

  it("reject an item whose reading throws, quoting the exception; decode it as the plain item otherwise", () => {
    fc.assert(
      fc.property(eventArb, ({ clean, path, h }) => {
        const item = makeHostile(clean, path, h);
        const d = noThrow("decodeEvent", () => decodeEvent(item));
        const ledger = noThrow("replay", () => replay([item]));
        if (!readThrows(clean, path, h)) {
          // A trap that reading does not need never runs: the item decodes as its plain twin.
          expect(d).toEqual(decodeEvent(clean));
          expect(face(ledger)).toEqual(face(replay([clean])));
          return;
        }
        expect(d._tag).toBe("Left");
        if (d._tag === "Right") return;
        if (h.kind !== "revoked") expect(d.left.message).toMatch(quoted(h.thrown));
        expect(d.left.message).toMatch(/could not be read/);
        expect(d.left.message).not.toMatch(/[\n\r]/);
        expect(ledger.accepted).toBe(0);
        const r = ledger.rejected[0]!;
        expect(r.code).toBe("DECODE_FAILED");
        expect(r.reason).toBe(d.left.message);
        expect(r.event).toBeUndefined();
        // What the envelope still tells: the id, and what the reject marks.
        const readable = (k: string) => memberReadable(path, h, k);
        expect(r.id).toBe(readable("id") ? clean["id"] : undefined);
        const from = readable("at") ? (clean["at"] as string) : "always";
        const subject = readable("subject") ? clean["subject"] : undefined;
        expect(r.marks).toEqual([typeof subject === "string" ? { subject, from } : { catalog: true, from }]);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("replay of the item sent twice, and apply one by one, never throw and agree", () => {
    fc.assert(
      fc.property(eventArb, fc.constantFrom(...TYPES).map((t) => VALID[t]!), ({ clean, path, h }, other) => {
        const item = makeHostile(clean, path, h);
        const log = [other, item, item, clean];
        const ledger = noThrow("replay", () => replay(log));
        expect(ledger.size).toBe(4);
        expect(ledger.accepted + ledger.duplicates.length + ledger.rejected.length).toBe(4);
        let l = replay([]);
        for (const x of log) l = noThrow("apply", () => apply(l, x));
        expect(face(l)).toEqual(face(ledger));
        // An older snapshot rebuilds its store from what the log kept: the same answers.
        const older = apply(replay([]), other);
        expect(face(log.slice(1).reduce<Ledger>((acc, x) => apply(acc, x), older))).toEqual(face(ledger));
      }),
      { numRuns: RUNS },
    );
  });

  it("quote the exception of a getter in the envelope, in data, in a value and in an array, with its path", () => {
    const withGetter = (path: Path, key: string) => makeHostile(VALID["FactRecorded"]!, path, { kind: "getter", key, thrown: { kind: "error", marker: "boom-x" } });
    const cases: [Path, string, string][] = [
      [[], "subject", "subject"],
      [[], "id", "id"],
      [["data"], "value", "data.value"],
      [["data", "purposes"], "0", "data.purposes.0"],
      [[], "extra", "extra"],
    ];
    for (const [path, key, label] of cases) {
      const r = decodeEvent(withGetter(path, key));
      expect(r._tag === "Left" && r.left.path).toBe(label);
      expect(r._tag === "Left" && r.left.message).toBe(`${label}: could not be read, reading it threw Error: boom-x`);
    }
    // A throwing `subject` loses the subject: the reject marks the catalog, from the item's `at`.
    const l = replay([withGetter([], "subject")]);
    expect(l.rejected[0]).toMatchObject({ id: "s1", type: "FactRecorded", at: "2024-02-01T00:00:00Z", code: "DECODE_FAILED", marks: [{ catalog: true, from: "2024-02-01T00:00:00Z" }] });
    expect(l.rejected[0]!.subject).toBeUndefined();
    // A throwing value keeps the envelope: it marks its subject, and can be voided by id.
    const v = replay([withGetter(["data"], "value"), { id: "v1", type: "EventVoided", at: "2024-03-01T00:00:00Z", data: { event: "s1", reason: "bad import" } }]);
    expect(v.rejected[0]).toMatchObject({ id: "s1", subject: "anna", marks: [{ subject: "anna", from: "2024-02-01T00:00:00Z" }], voidedBy: 1 });
    expect(v.incomplete).toEqual([]);
  });

  it("describe whatever is thrown without running it: a string, a non-Error, an Error whose message throws, a Proxy", () => {
    const thrown = [
      [{ kind: "string", marker: "plain words" }, /reading it threw plain words$/],
      [{ kind: "plain-object" }, /reading it threw an object that is not an Error$/],
      [{ kind: "bad-message" }, /could not be described/],
      [{ kind: "proxy" }, /could not be described/],
    ] as const;
    for (const [t, expected] of thrown) {
      const item = makeHostile(VALID["SourceRetired"]!, [], { kind: "proxy", traps: ["get"], thrown: t });
      const r = decodeEvent(item);
      expect(r._tag === "Left" && r.left.message).toMatch(expected);
      expect(replay([item]).rejected[0]!.reason).toMatch(expected);
    }
    // A message that is long or spans lines stays one line, and short.
    const long = decodeEvent(makeHostile(VALID["SourceRetired"]!, ["data"], { kind: "getter", key: "source", thrown: { kind: "error", marker: `a\nb${"x".repeat(5000)}` } }));
    expect(long._tag === "Left" && long.left.message).toMatch(/^data\.source: could not be read, reading it threw Error: a bx+…$/);
    expect(long._tag === "Left" && long.left.message.length).toBeLessThan(300);
  });

  it("read a class instance's throwing getter under guard too (the item is not JSON)", () => {
    class Data {
      get source(): string {
        return raise({ kind: "error", marker: "boom-class" });
      }
    }
    const item = { ...VALID["SourceRetired"], data: new Data() };
    const r = decodeEvent(item);
    expect(r._tag === "Left" && r.left.message).toMatch(/boom-class/);
    expect(replay([item]).rejected[0]).toMatchObject({ id: "c6", code: "DECODE_FAILED" });
    expect(replay([item]).rejected[0]!.reason).toMatch(/boom-class/);
  });
});

describe("arguments that throw when read are misuse: a LawfulCrmError, never the caller's exception", () => {
  const boomAll = (): ProxyHandler<object> => {
    const boom = () => raise({ kind: "error", marker: "boom-arg" });
    return { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom };
  };
  const misuse = (f: () => unknown, code: string, message: RegExp) => {
    let thrown: unknown;
    try {
      f();
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LawfulCrmError);
    expect((thrown as LawfulCrmError).code).toBe(code);
    expect((thrown as Error).message).toMatch(message);
  };

  it("replay of an iterable whose iteration throws (a Proxy, a generator, a throwing next)", () => {
    misuse(() => replay(new Proxy([], boomAll()) as never), "INVALID_ARGUMENT", /iterating the events threw Error: boom-arg/);
    function* failing() {
      yield VALID["PurposeRetired"];
      raise({ kind: "proxy" });
    }
    misuse(() => replay(failing()), "INVALID_ARGUMENT", /iterating the events threw .*could not be described/);
    misuse(() => replay({ [Symbol.iterator]: () => ({ next: () => raise({ kind: "string", marker: "boom-next" }) }) } as never), "INVALID_ARGUMENT", /boom-next/);
    misuse(() => replay(42 as never), "INVALID_ARGUMENT", /expects an iterable/);
  });

  it("sealEvents of an array whose reading throws: a rejected promise carrying a LawfulCrmError", async () => {
    const thrown = await sealEvents(new Proxy([VALID["PurposeRetired"]], boomAll()) as never, createMemoryVault()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(LawfulCrmError);
    expect((thrown as LawfulCrmError).code).toBe("INVALID_ARGUMENT");
    expect((thrown as Error).message).toMatch(/sealEvents\(\): reading the events threw Error: boom-arg/);
  });

  it("a ledger that throws when read is not a ledger", () => {
    misuse(() => apply(new Proxy({}, boomAll()) as never, VALID["PurposeRetired"]), "NOT_A_LEDGER", /expected a Ledger/);
    misuse(() => accessReport(new Proxy({}, boomAll()) as never, "anna", { at: "2024-06-01T00:00:00Z" }), "NOT_A_LEDGER", /expected a Ledger/);
  });
});

// ------------------------------------------------------------------ queries

const ledger = replay([...catalog, ...anna]);
const AT = "2024-06-01T00:00:00Z";
const QUERY = { subject: "anna", purpose: "marketing.email", fields: ["email", "employer"], actor: { id: "u1", roles: ["marketer"] }, at: AT };

describe("queries and options objects that throw when read", () => {
  it("canUse, usableFields and recordUse answer INVALID_QUERY quoting the exception; the plain answer otherwise", () => {
    fc.assert(
      fc.property(hostileArb(fc.constant(QUERY)), ({ clean, path, h }) => {
        const q = makeHostile(clean, path, h) as UseQuery;
        const d = noThrow("canUse", () => canUse(ledger, q));
        const u = noThrow("usableFields", () => usableFields(ledger, q));
        const r = noThrow("recordUse", () => recordUse(ledger, q, { newId: () => "use-1" }));
        const audience = noThrow("subjectsUsableFor", () => subjectsUsableFor(ledger, q));
        if (!readThrows(clean, path, h)) {
          expect(d).toEqual(canUse(ledger, clean));
          expect(u).toEqual(usableFields(ledger, clean));
          expect(r).toEqual(recordUse(ledger, clean, { newId: () => "use-1" }));
          expect(audience).toEqual(subjectsUsableFor(ledger, clean));
          return;
        }
        expect(d.allowed).toBe(false);
        expect(d.reasons.map((x) => x.code)).toEqual(["INVALID_QUERY"]);
        expect(d.reasons[0]!.message).toMatch(/^The query is malformed: query(\.[a-z]+)*(\.\d+)? could not be read: /);
        if (h.kind !== "revoked") expect(d.reasons[0]!.message).toMatch(quoted(h.thrown));
        expect(u.decision).toEqual(d);
        expect(r).toEqual({ _tag: "Left", left: d });
        expect(isInvalidQuery(audience)).toBe(true);
        expect((audience as { error: { message: string } }).error.message).toMatch(/^subjectsUsableFor\(\): query(\.[a-z]+)*(\.\d+)? could not be read: /);
      }),
      { numRuns: RUNS },
    );
  });

  it("recordUse answers INVALID_QUERY when its options throw", () => {
    const allowed = { ...QUERY, fields: ["email"] };
    expect(recordUse(ledger, allowed, { newId: () => "use-1" })._tag).toBe("Right");
    const options = makeHostile({ newId: 0 }, [], { kind: "getter", key: "newId", thrown: { kind: "error", marker: "boom-id" } });
    const r = recordUse(ledger, allowed, options as never);
    expect(r._tag).toBe("Left");
    if (r._tag === "Left") expect(r.left.reasons[0]).toMatchObject({ code: "INVALID_QUERY", message: "The query is malformed: recordUse(): options.newId could not be read: reading it threw Error: boom-id." });
  });

  const reports: [string, (o: unknown) => unknown][] = [
    ["accessReport", (o) => accessReport(ledger, "anna", o as never)],
    ["disclosureDue", (o) => disclosureDue(ledger, o as never)],
    ["portabilityExport", (o) => portabilityExport(ledger, "anna", o as never)],
    ["processingRecord", (o) => processingRecord(ledger, o as never)],
    ["eraseSubject", (o) => eraseSubject(ledger, "anna", o as never)],
    ["profile", (o) => profile(ledger, "anna", o as never)],
    ["departureImpact", (o) => departureImpact(ledger, "emp", o as never)],
    ["assessSource", (o) => assessSource(ledger, "web-form", o as never)],
    ["accessMatrix", (o) => accessMatrix(ledger, o as never)],
    ["usesOf", (o) => usesOf(ledger, "anna", o as never)],
  ];
  for (const [name, call] of reports) {
    it(`${name} answers its malformed-query value when its options throw, and the plain answer otherwise`, () => {
      const options = name === "usesOf" ? { from: "2024-01-01T00:00:00Z" } : name === "eraseSubject" ? { at: AT, by: "dpo" } : { at: AT };
      fc.assert(
        fc.property(hostileArb(fc.constant(options)), ({ clean, path, h }) => {
          const out = noThrow(name, () => call(makeHostile(clean, path, h)));
          if (!readThrows(clean, path, h)) {
            expect(out).toEqual(call(clean));
            return;
          }
          expect(isInvalidQuery(out)).toBe(true);
          const message = (out as { error: { message: string } }).error.message;
          expect(message).toMatch(new RegExp(`^${name}\\(\\): options(\\.[a-z]+)? could not be read: `));
          if (h.kind !== "revoked") expect(message).toMatch(quoted(h.thrown));
        }),
        { numRuns: Math.floor(RUNS / 4) },
      );
    });
  }

  it("options that are not an object are read under guard too (a function whose member throws)", () => {
    const f = () => 1;
    Object.defineProperty(f, "at", {
      get() {
        return raise({ kind: "error", marker: "boom-fn" });
      },
    });
    expect(accessReport(ledger, "anna", f as never)).toEqual({ error: { code: "INVALID_QUERY", message: "accessReport(): options.at could not be read: reading it threw Error: boom-fn." } });
    expect(departureImpact(ledger, "emp", f as never)).toEqual({ error: { code: "INVALID_QUERY", message: "departureImpact(): options.at could not be read: reading it threw Error: boom-fn." } });
    // A query that is not an object is malformed before anything of it is read.
    expect(whoMayUse(ledger, f as never)).toEqual({ error: { code: "INVALID_QUERY", message: "whoMayUse(): the query must be an object { purpose, category, at }." } });
  });

  it("consentReceipt and whoMayUse read their nested members under guard too", () => {
    const options = { at: AT, controller: { id: "company:acme", name: "ACME", contact: { email: "dpo@acme.example" } } };
    fc.assert(
      fc.property(hostileArb(fc.constant(options)), ({ clean, path, h }) => {
        const out = noThrow("consentReceipt", () => consentReceipt(ledger, "anna", "k1", makeHostile(clean, path, h)));
        if (!readThrows(clean, path, h)) expect(out).toEqual(consentReceipt(ledger, "anna", "k1", clean));
        else {
          expect(isInvalidQuery(out)).toBe(true);
          expect((out as { error: { message: string } }).error.message).toMatch(/^consentReceipt\(\): options(\.[a-z]+)* could not be read: /);
        }
      }),
      { numRuns: Math.floor(RUNS / 4) },
    );
    const query = { purpose: "marketing.email", category: "contact.email", at: AT };
    fc.assert(
      fc.property(hostileArb(fc.constant(query)), ({ clean, path, h }) => {
        const out = noThrow("whoMayUse", () => whoMayUse(ledger, makeHostile(clean, path, h)));
        if (!readThrows(clean, path, h)) expect(out).toEqual(whoMayUse(ledger, clean));
        else expect((out as { error: { message: string } }).error.message).toMatch(/^whoMayUse\(\): query(\.[a-z]+)* could not be read: /);
      }),
      { numRuns: Math.floor(RUNS / 4) },
    );
  });
});

describe("commands that throw when read", () => {
  it("decide (decideUnknown) refuses them with INVALID_COMMAND quoting the exception", () => {
    const command = { type: "recordFact", subject: "anna", data: { field: "phone", value: { home: "+49 30 1234" }, category: "contact.phone", source: "web-form", purposes: ["sales"], basis: "contract" } };
    const context = { now: () => AT, newId: () => "e-1" };
    fc.assert(
      fc.property(hostileArb(fc.constant(command)), ({ clean, path, h }) => {
        const out = noThrow("decideUnknown", () => decideUnknown(makeHostile(clean, path, h), ledger, context));
        if (!readThrows(clean, path, h)) {
          expect(out).toEqual(decideUnknown(clean, ledger, context));
          return;
        }
        expect(out._tag).toBe("Left");
        if (out._tag === "Right") return;
        expect(out.left.map((e) => e.code)).toEqual(["INVALID_COMMAND"]);
        if (h.kind !== "revoked") expect(out.left[0]!.message).toMatch(quoted(h.thrown));
      }),
      { numRuns: Math.floor(RUNS / 2) },
    );
  });
});

describe("vocabulary inputs that throw when read", () => {
  const taxonomy = {
    data_use: [{ fides_key: "marketing", name: "Marketing", description: "Marketing", parent_key: null }],
    data_category: [{ fides_key: "user", name: "User data", description: "About the user", parent_key: null }],
  };
  const options = { at: AT, idPrefix: "f:", legalBases: ["consent" as const] };
  const rows = [{ term: "Marketing", type: "class", iri: "https://w3id.org/dpv#Marketing", label: "Marketing", definition: "Marketing", dpvtype: "https://w3id.org/dpv#Purpose", hasbroader: "https://w3id.org/dpv#Purpose" }];

  it("fromFideslang, fromDpv and accessPolicyFromVocabulary answer INVALID_INPUT or INVALID_OPTIONS quoting the exception; the plain answer otherwise", () => {
    const calls: [string, unknown, (x: unknown) => unknown, (x: unknown) => unknown][] = [
      ["fromFideslang taxonomy", taxonomy, (x) => fromFideslang(x as never, options), (x) => fromFideslang(taxonomy, x as never)],
      ["fromDpv rows", rows, (x) => fromDpv(x as never, options), (x) => fromDpv(rows as never, x as never)],
    ];
    for (const [what, input, byInput, byOptions] of calls) {
      for (const [clean, call, code, name] of [
        [input, byInput, "INVALID_INPUT", /taxonomy|table/],
        [options, byOptions, "INVALID_OPTIONS", /options/],
      ] as const) {
        fc.assert(
          fc.property(hostileArb(fc.constant(clean as object)), ({ clean: c, path, h }) => {
            const out = noThrow(what, () => call(makeHostile(c, path, h))) as { _tag: string; left?: { code: string; message: string } };
            if (!readThrows(c, path, h)) {
              expect(out).toEqual(call(c));
              return;
            }
            expect(out._tag).toBe("Left");
            expect(out.left!.code).toBe(code);
            expect(out.left!.message).toMatch(name);
            expect(out.left!.message).toMatch(/could not be read/);
            if (h.kind !== "revoked") expect(out.left!.message).toMatch(quoted(h.thrown));
          }),
          { numRuns: Math.floor(RUNS / 8) },
        );
      }
    }
    const vocabulary = fromFideslang(taxonomy, options);
    if (vocabulary._tag === "Left") throw new Error(vocabulary.left.message);
    const grant = { policy: "p1", role: "sales", purposes: ["marketing"], categories: ["user"] };
    expect(accessPolicyFromVocabulary(vocabulary.right, grant, { at: AT, id: "g1" })._tag).toBe("Right");
    const bad = makeHostile(grant, ["categories"], { kind: "proxy", traps: ["get"], thrown: { kind: "error", marker: "boom-grant" } });
    expect(accessPolicyFromVocabulary(vocabulary.right, bad, { at: AT, id: "g1" })).toEqual({
      _tag: "Left",
      left: { code: "INVALID_INPUT", message: "accessPolicyFromVocabulary(): grant.categories could not be read: reading it threw Error: boom-grant." },
    });
  });
});
