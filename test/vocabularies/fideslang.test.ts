import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accessPolicyFromVocabulary,
  canUse,
  fromFideslang,
  replay,
  type Vocabulary,
  type VocabularyError,
  type VocabularyOptions,
} from "../../src/index.js";
import { deepFreeze } from "../arbitraries.js";
import { fidesTaxonomy } from "./fixtures.js";

const AT = "2024-01-01T00:00:00Z";
const TOP = ["analytics", "collect", "employment", "essential", "finance", "functional", "marketing", "operations", "personalize", "sales", "third_party_sharing", "train_ai_system"];

function right(r: { _tag: "Left"; left: VocabularyError } | { _tag: "Right"; right: Vocabulary }): Vocabulary {
  if (r._tag === "Left") throw new Error(`unexpected ${r.left.code}: ${r.left.message}`);
  return r.right;
}
function left(r: { _tag: "Left"; left: VocabularyError } | { _tag: "Right"; right: Vocabulary }): VocabularyError {
  if (r._tag === "Right") throw new Error("expected an error");
  return r.left;
}

describe("fromFideslang on the Fides default taxonomy", () => {
  const taxonomy = deepFreeze(fidesTaxonomy());
  const everyTop = Object.fromEntries(TOP.map((k) => [k, k === "essential" ? (["contract"] as const) : (["consent"] as const)]));
  const v = right(fromFideslang(taxonomy, { at: AT, idPrefix: "fides:", legalBases: everyTop }));

  it("the files are the ones the tests expect: 54 data uses with 12 roots, 85 data categories", () => {
    expect(taxonomy.data_use).toHaveLength(54);
    expect(taxonomy.data_category).toHaveLength(85);
    expect(taxonomy.data_use.filter((e) => e["parent_key"] === null).map((e) => e["fides_key"]).sort()).toEqual(TOP);
  });

  it("declares every data use under its own dotted key, described by its name and description", () => {
    expect(v.source).toBe("fideslang");
    expect(v.unmapped).toEqual([]);
    expect(v.events).toHaveLength(54);
    expect(v.events.map((e) => e.data.purpose).sort()).toEqual(taxonomy.data_use.map((e) => e["fides_key"]).sort());
    const byKey = new Map(taxonomy.data_use.map((e) => [e["fides_key"] as string, e]));
    for (const e of v.events) {
      const src = byKey.get(e.data.purpose)!;
      expect(e).toEqual({ id: `fides:${e.data.purpose}`, type: "PurposeDeclared", at: AT, data: { purpose: src["fides_key"], description: `${src["name"]}: ${src["description"]}`, legalBases: e.data.legalBases } });
    }
    expect(v.events.find((e) => e.data.purpose === "marketing.advertising.first_party.targeted")!.data).toEqual({
      purpose: "marketing.advertising.first_party.targeted",
      description: "First Party Personalized Advertising: Targets advertisements based on data collected or derived about the user from use of the system.",
      legalBases: ["consent"],
    });
  });

  it("keeps the parent chain: each purpose's parent is its key without the last segment, declared before it", () => {
    const pos = new Map(v.events.map((e, k) => [e.data.purpose, k]));
    for (const p of v.purposes) {
      const dot = p.purpose.lastIndexOf(".");
      if (dot < 0) expect(p).not.toHaveProperty("parent");
      else {
        expect(p.parent).toBe(p.purpose.slice(0, dot));
        expect(pos.get(p.parent!)!).toBeLessThan(pos.get(p.purpose)!);
      }
    }
    expect(v.purposes.map((p) => p.purpose)).toEqual(v.events.map((e) => e.data.purpose));
    expect(v.purposes.map((p) => p.eventId)).toEqual(v.events.map((e) => e.id));
  });

  it("gives the 85 data categories with their names, parents and descriptions", () => {
    expect(v.categories).toHaveLength(85);
    expect(v.categories.find((c) => c.category === "user.contact.email")).toEqual({
      category: "user.contact.email",
      term: "user.contact.email",
      name: "User Contact Email",
      description: "User Contact Email: User's contact email address.",
      parent: "user.contact",
    });
    expect(v.categories.find((c) => c.category === "user")).not.toHaveProperty("parent");
    const ids = new Set(v.categories.map((c) => c.category));
    for (const c of v.categories) if (c.parent !== undefined) expect(ids.has(c.parent), c.category).toBe(true);
  });

  it("replays without a reject, and the taxonomy's hierarchy decides access on a real use", () => {
    const grant = accessPolicyFromVocabulary(v, { policy: "p-service", role: "support", purposes: ["essential.service"], categories: ["user.contact"] }, { at: AT, id: "policy-1" });
    const finance = accessPolicyFromVocabulary(v, { policy: "p-finance", role: "accounting", purposes: ["essential.service"], categories: ["user.financial"] }, { at: AT, id: "policy-2" });
    if (grant._tag === "Left" || finance._tag === "Left") throw new Error("grant refused");
    const ledger = replay([
      ...v.events,
      grant.right,
      finance.right,
      { id: "s1", type: "SourceRegistered", at: AT, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
      { id: "f1", type: "FactRecorded", at: AT, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "user.contact.email", source: "web-form", purposes: ["essential.service"], basis: "contract" } },
      { id: "b1", type: "LegalBasisRecorded", at: AT, subject: "anna", data: { basis: "contract", purposes: ["essential.service"], reference: "order-1" } },
    ]);
    expect(ledger.rejected).toEqual([]);
    const ask = (roles: string[]) => canUse(ledger, { subject: "anna", purpose: "essential.service", fields: ["email"], actor: { id: "u1", roles }, at: "2024-02-01T00:00:00Z" });
    // user.contact covers user.contact.email (whole segments), user.financial does not.
    expect(ask(["support"]).allowed).toBe(true);
    expect(ask(["accounting"]).allowed).toBe(false);
  });
});

describe("fromFideslang: legal bases come from the caller, never from a guess", () => {
  const taxonomy = deepFreeze(fidesTaxonomy());

  it("without legalBases no purpose is declared, each is listed as NO_LEGAL_BASIS, categories still come", () => {
    const v = right(fromFideslang(taxonomy, { at: AT, idPrefix: "f:" }));
    expect(v.events).toEqual([]);
    expect(v.unmapped).toHaveLength(54);
    expect(v.unmapped.every((u) => u.code === "NO_LEGAL_BASIS" && u.kind === "purpose")).toBe(true);
    expect(v.unmapped.map((u) => u.term)).toEqual(taxonomy.data_use.map((e) => e["fides_key"]));
    expect(v.categories).toHaveLength(85);
  });

  it("one list serves every purpose", () => {
    const v = right(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: ["legitimate-interests"] }));
    expect(v.events).toHaveLength(54);
    expect(v.events.every((e) => e.data.legalBases.join() === "legitimate-interests")).toBe(true);
  });

  it("per purpose: the nearest entry wins; a purpose no entry serves is listed, its served descendants are declared", () => {
    const v = right(
      fromFideslang(taxonomy, {
        at: AT,
        idPrefix: "f:",
        legalBases: { "marketing.advertising": ["consent"], "marketing.advertising.first_party": ["legitimate-interests", "consent"] },
      }),
    );
    const bases = Object.fromEntries(v.events.map((e) => [e.data.purpose, e.data.legalBases]));
    expect(bases["marketing.advertising"]).toEqual(["consent"]);
    expect(bases["marketing.advertising.third_party.targeted"]).toEqual(["consent"]);
    expect(bases["marketing.advertising.first_party.targeted"]).toEqual(["legitimate-interests", "consent"]);
    expect(Object.keys(bases).every((p) => p.startsWith("marketing.advertising"))).toBe(true);
    expect(v.unmapped.find((u) => u.term === "marketing")).toMatchObject({ code: "NO_LEGAL_BASIS", reason: expect.stringContaining("GDPR Art. 6(1)") });
    // marketing itself is not declared, and its declared descendants stay valid purposes of the wire format.
    expect(replay(v.events).rejected).toEqual([]);
  });

  it("a legalBases key that is no purpose of the vocabulary, nor an ancestor of one, is an error (a typo)", () => {
    expect(left(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: { marketng: ["consent"] } }))).toMatchObject({ code: "INVALID_OPTIONS", message: expect.stringContaining('"marketng"') });
    expect(left(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: { "a..b": ["consent"] } })).code).toBe("INVALID_OPTIONS");
    expect(left(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: { marketing: [] } })).code).toBe("INVALID_OPTIONS");
    expect(left(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: { marketing: ["consen"] } as never })).message).toContain('"consen"');
    expect(left(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: [] })).code).toBe("INVALID_OPTIONS");
    expect(left(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: "consent" as never })).code).toBe("INVALID_OPTIONS");
  });
});

describe("fromFideslang: ids, `at` and determinism", () => {
  const small = deepFreeze({
    data_use: [
      { fides_key: "marketing", name: "Marketing", description: "Promotes things.", parent_key: null },
      { fides_key: "marketing.email", name: "E-mail", description: "", parent_key: "marketing" },
    ],
  });

  it("ids from newId, called once per event in the order of events; `by` on every event", () => {
    let n = 0;
    const v = right(fromFideslang(small, { at: AT, newId: () => `e${++n}`, by: "dpo@acme.example", legalBases: ["consent"] }));
    expect(v.events.map((e) => [e.id, e.data.purpose, e.by])).toEqual([
      ["e1", "marketing", "dpo@acme.example"],
      ["e2", "marketing.email", "dpo@acme.example"],
    ]);
    // An entry without a description is described by its name.
    expect(v.events[1]!.data.description).toBe("E-mail");
  });

  it("importing again with the same options gives the same events: replay skips them as exact duplicates", () => {
    const a = right(fromFideslang(small, { at: AT, idPrefix: "fides:", legalBases: ["consent"] }));
    const b = right(fromFideslang(small, { at: AT, idPrefix: "fides:", legalBases: ["consent"] }));
    expect(b).toEqual(a);
    const ledger = replay([...a.events, ...b.events]);
    expect(ledger.duplicates).toEqual([2, 3]);
    expect(ledger.rejected).toEqual([]);
  });

  it("the order of the entries does not matter", () => {
    const taxonomy = fidesTaxonomy();
    const expected = right(fromFideslang(taxonomy, { at: AT, idPrefix: "f:", legalBases: ["consent"] }));
    fc.assert(
      fc.property(fc.shuffledSubarray(taxonomy.data_use, { minLength: 54 }), fc.shuffledSubarray(taxonomy.data_category, { minLength: 85 }), (uses, cats) => {
        expect(right(fromFideslang({ data_use: uses as never, data_category: cats as never }, { at: AT, idPrefix: "f:", legalBases: ["consent"] }))).toEqual(expected);
      }),
      { numRuns: 30 },
    );
  });

  it("the result is frozen and is JSON", () => {
    const v = right(fromFideslang(fidesTaxonomy(), { at: AT, idPrefix: "f:", legalBases: ["consent"] }));
    for (const x of [v, v.events, v.events[0], v.events[0]!.data, v.purposes, v.purposes[0], v.categories, v.categories[0], v.unmapped]) expect(Object.isFrozen(x)).toBe(true);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it("refuses bad options and input with a sentence naming what is wrong", () => {
    const ok: VocabularyOptions = { at: AT, idPrefix: "f:", legalBases: ["consent"] };
    const cases: [unknown, unknown, VocabularyError["code"], string][] = [
      [small, { ...ok, at: "2024-01-01" }, "INVALID_OPTIONS", "options.at"],
      [small, { at: AT, legalBases: ["consent"] }, "INVALID_OPTIONS", "exactly one of options.idPrefix and options.newId"],
      [small, { ...ok, newId: () => "x" }, "INVALID_OPTIONS", "exactly one"],
      [small, { ...ok, idPrefix: 3 }, "INVALID_OPTIONS", "options.idPrefix"],
      [small, { at: AT, newId: "x", legalBases: ["consent"] }, "INVALID_OPTIONS", "options.newId"],
      [small, { at: AT, newId: () => "same", legalBases: ["consent"] }, "INVALID_OPTIONS", '"same" twice'],
      [small, { at: AT, newId: () => "", legalBases: ["consent"] }, "INVALID_OPTIONS", "non-empty"],
      [small, { ...ok, by: 1 }, "INVALID_OPTIONS", "options.by"],
      [small, undefined, "INVALID_OPTIONS", "options must be an object"],
      [null, ok, "INVALID_INPUT", "parsed JSON"],
      [[], ok, "INVALID_INPUT", "parsed JSON"],
      [{}, ok, "INVALID_INPUT", "neither data_use nor data_category"],
      [{ data_use: {} }, ok, "INVALID_INPUT", "data_use must be an array"],
    ];
    for (const [input, options, code, words] of cases) {
      const e = left(fromFideslang(input as never, options as never));
      expect(e.code, words).toBe(code);
      expect(e.message, words).toContain(words);
    }
  });
});

describe("fromFideslang fails closed on a malformed taxonomy: every entry left out is listed with why", () => {
  const entry = (fides_key: unknown, parent_key: unknown, more: Record<string, unknown> = {}) => ({ fides_key, name: String(fides_key), description: "d", parent_key, ...more });
  const taxonomy = deepFreeze({
    data_use: [
      entry("a", null),
      "not an entry",
      { name: "no key" },
      entry("a..b", "a"),
      entry("a..b.c", "a..b"),
      entry("a.wrong", "b"),
      entry("a.wrong.child", "a.wrong"),
      entry("x.y", "x"),
      entry("x.y.z", "x.y"),
      entry("d", null),
      entry("d", null),
      entry("d.e", "d"),
      entry("old", null, { version_deprecated: "2.1.0", replaced_by: "a" }),
      entry("old.child", "old"),
      entry("top", "a"),
      entry("a.bad_parent", 7),
    ],
    data_category: [entry("user", null), entry("user.contact", "user"), entry("user.gone.email", "user.gone")],
  });
  const v = right(fromFideslang(taxonomy as never, { at: AT, idPrefix: "f:", legalBases: ["consent"] }));

  it("declares only what is well formed, including the child of a deprecated use", () => {
    expect(v.events.map((e) => e.data.purpose)).toEqual(["a", "old.child"]);
    expect(v.categories.map((c) => c.category)).toEqual(["user", "user.contact"]);
  });

  it("lists every other entry, in input order, with its code", () => {
    expect(v.unmapped.map((u) => [u.kind, u.term, u.code])).toEqual([
      ["purpose", "#1", "INVALID_ENTRY"],
      ["purpose", "#2", "INVALID_ENTRY"],
      ["purpose", "a..b", "INVALID_ID"],
      ["purpose", "a..b.c", "INVALID_ID"],
      ["purpose", "a.wrong", "PARENT_MISMATCH"],
      ["purpose", "a.wrong.child", "ANCESTOR_NOT_MAPPED"],
      ["purpose", "x.y", "PARENT_NOT_FOUND"],
      ["purpose", "x.y.z", "ANCESTOR_NOT_MAPPED"],
      ["purpose", "d", "DUPLICATE_TERM"],
      ["purpose", "d", "DUPLICATE_TERM"],
      ["purpose", "d.e", "ANCESTOR_NOT_MAPPED"],
      ["purpose", "old", "DEPRECATED"],
      ["purpose", "top", "PARENT_MISMATCH"],
      ["purpose", "a.bad_parent", "INVALID_ENTRY"],
      ["category", "user.gone.email", "PARENT_NOT_FOUND"],
    ]);
    expect(v.unmapped.find((u) => u.term === "old")!.reason).toBe("Deprecated since fideslang 2.1.0; replaced by a.");
    expect(v.unmapped.find((u) => u.term === "x.y")!.reason).toBe("Its parent x is not a purpose of the input, so its place in the hierarchy is unknown.");
    expect(v.unmapped.find((u) => u.term === "user.gone.email")!.reason).toBe("Its parent user.gone is not a category of the input, so its place in the hierarchy is unknown.");
    for (const u of v.unmapped) expect(u.reason).toMatch(/^[A-Z].*\.$/);
  });

  it("accounts for every entry exactly once", () => {
    expect(v.purposes.length + v.unmapped.filter((u) => u.kind === "purpose").length).toBe(taxonomy.data_use.length);
    expect(v.categories.length + v.unmapped.filter((u) => u.kind === "category").length).toBe(taxonomy.data_category.length);
  });
});

describe("fromFideslang on generated taxonomies", () => {
  // A random forest over a small alphabet of segments, as fideslang entries.
  const forest = fc.uniqueArray(fc.array(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 4 }).map((s) => s.join(".")), { minLength: 1, maxLength: 25 }).map((keys) => {
    const all = new Set<string>();
    for (const k of keys) for (let dot = k.length; dot > 0; dot = k.lastIndexOf(".", dot - 1)) all.add(k.slice(0, dot));
    return [...all].map((k) => ({ fides_key: k, name: k.toUpperCase(), description: "", parent_key: k.includes(".") ? k.slice(0, k.lastIndexOf(".")) : null }));
  });

  it("a purpose is declared exactly when an entry of legalBases serves it, with the nearest entry's bases", () => {
    fc.assert(
      fc.property(forest, fc.func(fc.constantFrom(undefined, ["consent"] as const, ["contract", "legitimate-interests"] as const)), (entries, pick) => {
        const keys = entries.map((e) => e.fides_key);
        const table: Record<string, readonly ("consent" | "contract" | "legitimate-interests")[]> = {};
        for (const k of keys) {
          const b = pick(k);
          if (b !== undefined) table[k] = b;
        }
        const v = right(fromFideslang({ data_use: entries }, { at: AT, idPrefix: "f:", legalBases: table }));
        const nearest = (k: string): readonly string[] | undefined => {
          for (let p = k; ; p = p.slice(0, p.lastIndexOf("."))) {
            if (table[p] !== undefined) return table[p];
            if (!p.includes(".")) return undefined;
          }
        };
        const declared = new Map(v.events.map((e) => [e.data.purpose, e.data.legalBases]));
        for (const k of keys) expect(declared.get(k)).toEqual(nearest(k));
        expect(v.unmapped.map((u) => u.term).sort()).toEqual(keys.filter((k) => nearest(k) === undefined).sort());
        expect(replay(v.events).rejected).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
