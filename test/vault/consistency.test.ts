/**
 * A sealed log is judged the same way whether its keys exist, are forgotten,
 * or it is replayed without the vault (issue 10, finding 1): the same
 * rejects (positions, codes, marks), the same duplicates and the same
 * decisions. Forgetting a key must never turn a denial into an allowance.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canUse,
  createMemoryVault,
  decodeEvent,
  isSealed,
  LawfulCrmError,
  replay,
  replayWithVault,
  sealEvents,
  unsealEvents,
  type Ledger,
} from "../../src/index.js";
import { copyJson } from "../../src/_internal/json.js";
import { fuzzLogArb } from "../fuzz/logs.js";
import { FIELDS, instantsOf, ROLES } from "../model/arbitraries.js";

type Ev = Record<string, unknown>;

const RUNS = Math.max(100, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 10));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";
const AT = "2024-03-01T00:00:00Z";

/** A small clean history in which anna's e-mail may be used for the newsletter at AT. */
const catalog: Ev[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "newsletter", description: "News", legalBases: ["consent"], doubleOptIn: true } },
  { id: "c2", type: "NoticePublished", at: T0, data: { notice: "n1", version: "v1", purposes: ["newsletter"] } },
  { id: "c3", type: "SourceRegistered", at: T0, data: { source: "form", kind: "form", assessment: "DPIA-1" } },
  { id: "c4", type: "AccessPolicyGranted", at: T0, data: { policy: "p1", role: "mkt", purposes: ["newsletter"], categories: ["contact"] } },
];
const grant: Ev = { id: "a1", type: "ConsentGranted", at: T1, subject: "anna", data: { consent: "k1", purposes: ["newsletter"], notice: "n1", noticeVersion: "v1", method: "double-opt-in", channel: "web", evidence: "form-post-1" } };
const confirm: Ev = { id: "a2", type: "ConsentConfirmed", at: T1, subject: "anna", data: { consent: "k1", evidence: "click-1" } };
const fact: Ev = { id: "a3", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "form", sourceRef: "sub-1", purposes: ["newsletter"], basis: "consent" } };
const clean = [...catalog, grant, confirm, fact];

const query = { subject: "anna", purpose: "newsletter", fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at: AT };

const withData = (e: Ev, patch: Ev): Ev => ({ ...e, data: { ...(e["data"] as Ev), ...patch } });

/** What replay rejected and skipped, without the reason sentences (they may quote a value that is now sealed). */
function judged(l: Ledger) {
  return {
    size: l.size,
    accepted: l.accepted,
    duplicates: l.duplicates,
    rejected: l.rejected.map(({ reason: _r, event: _e, ...rest }) => rest),
    incomplete: l.incomplete,
  };
}

/** The sealed log read three ways: with its keys, without the vault, and with the keys forgotten. */
async function threeWays(stored: readonly unknown[], vault: ReturnType<typeof createMemoryVault>, subjects: readonly string[]) {
  const keyed = await replayWithVault(stored, vault);
  const plain = replay(stored);
  for (const s of subjects) await vault.forget(s);
  const forgotten = await replayWithVault(stored, vault);
  return { keyed, plain, forgotten };
}

describe("a sealed log with a badly typed personal field is rejected the same way with, without and after forgetting its key", () => {
  it("the clean history allows the use (so a denial below comes from the bad event)", async () => {
    const vault = createMemoryVault();
    const { keyed, plain, forgotten } = await threeWays(await sealEvents(clean, vault), vault, ["anna"]);
    for (const l of [keyed, plain, forgotten]) expect(canUse(l, query).allowed).toBe(true);
  });

  const cases: [string, Ev[], number][] = [
    ["FactRecorded with sourceRef: 12345", [...catalog, grant, confirm, withData(fact, { sourceRef: 12345 })], 6],
    ["ConsentGranted with evidence: \"\"", [...catalog, withData(grant, { evidence: "" }), confirm, fact], 4],
    ["ConsentConfirmed with evidence: 42", [...catalog, grant, withData(confirm, { evidence: 42 }), fact], 5],
    ["FactCorrected with sourceRef: false", [...clean, { id: "a4", type: "FactCorrected", at: T1, subject: "anna", data: { fact: "f1", value: "new@example.org", source: "form", sourceRef: false } }], 7],
    ["ConsentWithdrawn with evidence: {}", [...clean, { id: "a4", type: "ConsentWithdrawn", at: "2024-02-15T00:00:00Z", subject: "anna", data: { consent: "k1", channel: "web", evidence: {} } }], 7],
  ];

  it.each(cases)("%s: DECODE_FAILED and a denial in all three readings", async (_what, log, position) => {
    const vault = createMemoryVault();
    const stored = await sealEvents(log, vault);
    // The personal content of the bad event is still encrypted at rest.
    expect(JSON.stringify(stored[position])).not.toMatch(/12345|"evidence":""|"evidence":42|"sourceRef":false|"evidence":\{\}/);
    const { keyed, plain, forgotten } = await threeWays(stored, vault, ["anna"]);
    const expected = judged(replay(log));
    const first = expected.rejected[0]!;
    expect([first.position, first.code, first.marks]).toEqual([position, "DECODE_FAILED", [{ subject: "anna", from: log[position]!["at"] }]]);
    expect(judged(keyed)).toEqual(expected);
    expect(judged(plain)).toEqual(expected);
    expect(judged(forgotten)).toEqual(expected);
    const decision = canUse(keyed, query);
    expect(decision.allowed).toBe(false);
    expect(decision.reasons.map((r) => r.code)).toContain("HISTORY_INCOMPLETE");
    expect(canUse(plain, query)).toEqual(decision);
    expect(canUse(forgotten, query)).toEqual(decision);
  });

  it("with the key, the bad event reads back exactly as it was written (and its reason is the original one)", async () => {
    const vault = createMemoryVault();
    const log = [...catalog, grant, confirm, withData(fact, { sourceRef: 12345 })];
    const stored = await sealEvents(log, vault);
    expect(await unsealEvents(stored, vault)).toEqual(log);
    const keyed = await replayWithVault(stored, vault);
    expect(keyed.rejected[0]!.reason).toBe(replay(log).rejected[0]!.reason);
    expect(keyed.rejected[0]!.event).toEqual(log[6]);
    // Without the key it is rejected too, and says its content is sealed.
    expect(replay(stored).rejected[0]!.reason).toMatch(/^data: expected FactRecorded data, got "lawful-crm:sealed:v1:/);
  });
});

describe("two sealings of the same event are judged the same way in all three readings", () => {
  it("an exact duplicate stays an exact duplicate, and a conflicting reuse a conflict, for good and bad events", async () => {
    const vault = createMemoryVault();
    const badEvent: Ev = { ...withData(fact, { fact: "f9", sourceRef: 12345 }), id: "a9" };
    const first = await sealEvents([...clean, badEvent], vault);
    // Sealed again later, by another call: byte-identical.
    const again = await sealEvents([fact, grant, badEvent], vault);
    expect(again).toEqual([first[6], first[4], first[7]]);
    const conflicts = await sealEvents([withData(fact, { value: "other@example.org" }), { ...badEvent, data: { ...(badEvent["data"] as Ev), sourceRef: 54321 } }], vault);
    const stored = [...first, ...again, ...conflicts];
    const { keyed, plain, forgotten } = await threeWays(stored, vault, ["anna"]);
    const expected = judged(replay([...clean, badEvent, fact, grant, badEvent, withData(fact, { value: "other@example.org" }), { ...badEvent, data: { ...(badEvent["data"] as Ev), sourceRef: 54321 } }]));
    expect(expected.duplicates).toEqual([8, 9, 10]);
    expect(expected.rejected.map((r) => [r.position, r.code])).toEqual([
      [7, "DECODE_FAILED"],
      [11, "ID_CONFLICT"],
      [12, "ID_CONFLICT"],
    ]);
    expect(judged(keyed)).toEqual(expected);
    expect(judged(plain)).toEqual(expected);
    expect(judged(forgotten)).toEqual(expected);
  });

  it("key order and unknown fields do not matter, as they do not for replay", async () => {
    const vault = createMemoryVault();
    const reordered = { data: { basis: "consent", purposes: ["newsletter"], sourceRef: "sub-1", source: "form", category: "contact.email", value: "anna@example.org", field: "email", fact: "f1" }, subject: "anna", at: T1, type: "FactRecorded", id: "a3", note: "ignored" };
    const [a, b] = await sealEvents([fact, reordered], vault);
    expect(b).toEqual(a);
  });

  it("a value sealed before and after its key was forgotten is a conflicting reuse in all three readings", async () => {
    const vault = createMemoryVault();
    const first = await sealEvents(clean, vault);
    await vault.forget("anna");
    const second = await sealEvents([fact], vault); // a new key generation
    const stored = [...first, ...second];
    const keyed = await replayWithVault(stored, vault);
    const plain = replay(stored);
    await vault.forget("anna");
    const forgotten = await replayWithVault(stored, vault);
    expect(judged(keyed).rejected.map((r) => [r.position, r.code])).toEqual([[7, "ID_CONFLICT"]]);
    expect(judged(plain)).toEqual(judged(keyed));
    expect(judged(forgotten)).toEqual(judged(keyed));
  });
});

describe("sealEvents refuses what a JSON log cannot store", () => {
  const cyclic: Ev = { ...fact, data: { ...(fact["data"] as Ev) } };
  (cyclic["data"] as Ev)["value"] = cyclic;
  it.each([
    ["a BigInt value", withData(fact, { value: 10n }), /data\.value: a BigInt is not JSON/],
    ["a cyclic value", cyclic, /data\.value: a cycle is not JSON/],
    ["a BigInt evidence", withData(grant, { evidence: 1n }), /data\.evidence: a BigInt is not JSON/],
    ["a BigInt in an event without subject", { id: "c9", type: "PurposeDeclared", at: T0, data: { purpose: 1n } }, /data\.purpose: a BigInt is not JSON/],
  ])("%s: LawfulCrmError INVALID_ARGUMENT, not a raw TypeError", async (_what, item, message) => {
    const vault = createMemoryVault();
    const error = await sealEvents([...clean, item], vault).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LawfulCrmError);
    expect((error as LawfulCrmError).code).toBe("INVALID_ARGUMENT");
    expect((error as Error).message).toMatch(/item 7/);
    expect((error as Error).message).toMatch(message);
  });

  it("an unknown field that is not JSON is dropped with the rest of what decoding drops", async () => {
    const vault = createMemoryVault();
    const [sealed] = await sealEvents([{ ...fact, extra: 10n }], vault);
    expect(Object.keys(sealed as Ev)).not.toContain("extra");
  });
});

// ------------------------------------------------------------------ property

/** Items a JSON log can store: what `sealEvents` accepts (valid events, and JSON items). */
const storable = (x: unknown) => decodeEvent(x)._tag === "Right" || copyJson(x) !== undefined;

/** The non-empty string subjects and the declared purposes of a raw log. */
function namesOf(log: readonly unknown[]) {
  const subjects = new Set<string>(["s1", "s2", "anna"]);
  const purposes = new Set<string>(["marketing", "marketing.email", "sales"]);
  const fields = new Set<string>(FIELDS);
  for (const x of log) {
    if (typeof x !== "object" || x === null) continue;
    const e = x as Ev;
    if (typeof e["subject"] === "string" && e["subject"] !== "") subjects.add(e["subject"]);
    const d = e["data"];
    if (typeof d !== "object" || d === null) continue;
    if (e["type"] === "PurposeDeclared" && typeof (d as Ev)["purpose"] === "string") purposes.add((d as Ev)["purpose"] as string);
    if (e["type"] === "FactRecorded" && typeof (d as Ev)["field"] === "string") fields.add((d as Ev)["field"] as string);
  }
  return { subjects: [...subjects], purposes: [...purposes], fields: [...fields] };
}

/** Every decision for every subject and declared purpose, at a few instants of the log. */
function decisionsOf(l: Ledger, log: readonly unknown[]) {
  const { subjects, purposes, fields } = namesOf(log);
  const all = instantsOf(log);
  const instants = [...new Set([all[0]!, all[Math.floor(all.length / 2)]!, all[all.length - 1]!, "2024-06-15T00:00:00Z"])];
  const out: unknown[] = [];
  for (const subject of subjects)
    for (const purpose of purposes)
      for (const at of instants) out.push(canUse(l, { subject, purpose, fields, actor: { id: "u1", roles: [...ROLES] }, at }));
  return out;
}

describe("property: generated logs, malformed events included, sealed", () => {
  it("give the same rejects, duplicates and decisions before forget, after forget and under plain replay", async () => {
    const seen = { envelopes: 0, decodeFailed: 0, duplicates: 0, conflicts: 0, forgotten: 0 };
    await fc.assert(
      fc.asyncProperty(fuzzLogArb, fc.array(fc.nat(), { maxLength: 6 }), async (generated, picks) => {
        const log = generated.filter(storable);
        const vault = createMemoryVault();
        // Some events are sealed a second time, by a later call: two sealings of the same event.
        const again = log.length === 0 ? [] : picks.map((k) => log[k % log.length]);
        const stored = [...(await sealEvents(log, vault)), ...(await sealEvents(again, vault))];
        const written = [...log, ...again];
        // Nothing personal in clear: an item with a subject whose data is not an object is sealed whole.
        for (const e of stored as Ev[]) {
          if (typeof e?.["subject"] === "string" && e["subject"] !== "" && typeof e["data"] === "string") {
            expect(isSealed(e["data"])).toBe(true);
            seen.envelopes++;
          }
        }
        const before = await replayWithVault(stored, vault);
        const plain = replay(stored);
        const { subjects } = namesOf(written);
        for (const s of subjects.slice(0, Math.ceil(subjects.length / 2))) await vault.forget(s);
        const partly = await replayWithVault(stored, vault);
        for (const s of subjects) await vault.forget(s);
        const after = await replayWithVault(stored, vault);
        // With the key, the log reads as it was written: the written log's rejects.
        const original = replay(written);
        expect(judged(before)).toEqual(judged(original));
        expect(judged(plain)).toEqual(judged(before));
        expect(judged(partly)).toEqual(judged(before));
        expect(judged(after)).toEqual(judged(before));
        const decisions = decisionsOf(before, written);
        expect(decisionsOf(original, written)).toEqual(decisions);
        expect(decisionsOf(plain, written)).toEqual(decisions);
        expect(decisionsOf(partly, written)).toEqual(decisions);
        expect(decisionsOf(after, written)).toEqual(decisions);
        seen.decodeFailed += before.rejected.filter((r) => r.code === "DECODE_FAILED").length;
        seen.conflicts += before.rejected.filter((r) => r.code === "ID_CONFLICT").length;
        seen.duplicates += before.duplicates.length;
        seen.forgotten += (await unsealEvents(stored, vault)).filter((e) => JSON.stringify(e ?? null).includes("lawful-crm:forgotten:v1:")).length;
      }),
      { numRuns: RUNS },
    );
    // The generated logs do exercise what the property is about.
    for (const [what, n] of Object.entries(seen)) expect(n, what).toBeGreaterThan(0);
  }, 240_000);

  it("sealEvents throws INVALID_ARGUMENT exactly when an item cannot be stored as JSON", async () => {
    await fc.assert(
      fc.asyncProperty(fuzzLogArb, async (log) => {
        const vault = createMemoryVault();
        const outcome = await sealEvents(log, vault).then(
          () => "sealed",
          (e: unknown) => (e instanceof LawfulCrmError ? e.code : String(e)),
        );
        expect(outcome).toBe(log.every(storable) ? "sealed" : "INVALID_ARGUMENT");
      }),
      { numRuns: RUNS },
    );
  });
});

describe("sealEvents names what it cannot store", () => {
  it.each([
    ["a Map", { ...fact, subject: "anna", data: new Map() }, /data: a Map is not JSON/],
    ["NaN", withData(fact, { value: Number.NaN }), /data\.value: NaN is not JSON/],
    ["undefined in an invalid event", withData(fact, { value: undefined, sourceRef: 1 }), /data\.value: undefined is not JSON/],
    ["a getter that throws", Object.defineProperty({ ...fact }, "data", { get: () => { throw new Error("boom"); }, enumerable: true }), /reading it threw Error: boom\./],
    // What is thrown is described without running its code (a Proxy whose every trap throws).
    ["a getter that throws a Proxy", Object.defineProperty({ ...fact }, "data", { get: () => { throw new Proxy({}, { getPrototypeOf: () => { throw new Error("trap"); }, get: () => { throw new Error("trap"); } }); }, enumerable: true }), /reading it threw a value that could not be described/],
    ["an item that is a function", () => 1, /item 0 cannot be stored as JSON: the item: a function is not JSON/],
  ])("%s", async (_what, item, message) => {
    await expect(sealEvents([item], createMemoryVault())).rejects.toThrow(message);
  });

  it("a vault must be given", async () => {
    await expect(sealEvents([fact], {} as never)).rejects.toThrow(/expected a Vault/);
    await expect(unsealEvents([fact], null as never)).rejects.toThrow(/expected a Vault/);
    expect(() => createMemoryVault({ iv: "nope" as never })).toThrow(/options\.iv must be a function/);
  });
});
