/**
 * Crypto-shredding end to end: events written through a vault, read back
 * with it, a full erasure request, the key forgotten — and then no plaintext
 * of an encrypted field of the forgotten subject anywhere: not in the
 * serialized events, not in the ledger, not in any report (the bytes are
 * searched), while provenance, consents, purposes and uses remain and
 * decisions do not change by themselves.
 */
import { describe, expect, it } from "vitest";
import {
  accessReport,
  canUse,
  consentReceipt,
  createMemoryVault,
  decideWithVault,
  disclosureDue,
  eraseSubject,
  FORGOTTEN_PREFIX,
  isForgotten,
  isSealed,
  portabilityExport,
  processingRecord,
  profile,
  renderAccessReport,
  renderProcessingRecord,
  replay,
  replayWithVault,
  SEALED_FIELDS,
  SEALED_PREFIX,
  sealEvents,
  unsealEvents,
  usesOf,
  type Ledger,
  type LedgerEvent,
} from "../../src/index.js";
import { storeOf } from "../../src/ledger/ledger.js";
import { AT, history } from "../reports/history.js";
import { must } from "../must.js";
import { tamperSealed } from "./tamper.js";

type Ev = Record<string, unknown>;
const ERASE_AT = "2024-06-20T00:00:00Z";
const INSTANTS = ["2024-02-05T00:00:00Z", AT, ERASE_AT, "2024-08-01T00:00:00Z"];

/** Every string of a value graph: objects, arrays, Maps, Sets, class instances, symbol-keyed and non-enumerable properties. */
function strings(root: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown) => {
    if (typeof x === "string") return void out.push(x);
    if (typeof x !== "object" || x === null || seen.has(x)) return;
    seen.add(x);
    if (x instanceof Map) for (const [k, v] of x) walk(k), walk(v);
    else if (x instanceof Set) for (const v of x) walk(v);
    else for (const k of Reflect.ownKeys(x)) walk((x as Record<string | symbol, unknown>)[k]);
  };
  walk(root);
  return out;
}

/** The plaintexts of anna's sealed fields, as they appear in JSON and as raw strings. */
function annaPlaintexts(events: readonly Ev[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e["subject"] !== "anna") continue;
    const fields = (SEALED_FIELDS as Record<string, readonly string[]>)[e["type"] as string] ?? [];
    const d = e["data"] as Ev;
    for (const f of fields) {
      const v = d[f];
      if (v === undefined) continue;
      for (const s of strings(v)) if (s.length >= 4) out.add(s);
      if (typeof v !== "string") out.add(JSON.stringify(v));
    }
  }
  return [...out];
}

function leaks(bytes: Buffer | string, secrets: readonly string[]): string[] {
  const buf = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  return secrets.filter((s) => buf.includes(Buffer.from(s, "utf8")));
}

/** Every report of the library about anna (and the catalog-wide ones) at the given instants, as one text. */
function allReports(ledger: Ledger): string {
  const parts: string[] = [];
  for (const at of INSTANTS) {
    const r = must(accessReport(ledger, "anna", { at }));
    parts.push(JSON.stringify(r), renderAccessReport(r, "html"), renderAccessReport(r, "markdown"));
    parts.push(JSON.stringify(must(profile(ledger, "anna", { at }))));
    parts.push(JSON.stringify(must(portabilityExport(ledger, "anna", { at }))));
    parts.push(JSON.stringify(must(disclosureDue(ledger, { at }))));
    const pr = must(processingRecord(ledger, { at }));
    parts.push(JSON.stringify(pr), renderProcessingRecord(pr));
    for (const k of ["k1", "k2", "k3", "k4"]) parts.push(JSON.stringify(must(consentReceipt(ledger, "anna", k, { at, controller: "company:acme" })) ?? null));
    parts.push(JSON.stringify(must(eraseSubject(ledger, "anna", { at }))));
  }
  parts.push(JSON.stringify(must(profile(ledger, "anna"))), JSON.stringify(usesOf(ledger, "anna")));
  return parts.join("\n");
}

const QUERIES = ["marketing.email", "sales", "support", "marketing"].flatMap((purpose) =>
  INSTANTS.map((at) => ({ subject: "anna", purpose, fields: ["email", "employer", "city", "phone"], actor: { id: "u", roles: ["marketer", "sales"] }, at })),
);
const decisions = (l: Ledger) => QUERIES.map((q) => canUse(l, q));

describe("sealEvents / unsealEvents / replayWithVault", () => {
  it("seals exactly fact value and sourceRef and consent evidence; everything else stays in clear", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(history, vault)) as Ev[];
    expect(stored).toHaveLength(history.length);
    stored.forEach((e, k) => {
      const original = history[k]!;
      const fields = (SEALED_FIELDS as Record<string, readonly string[]>)[e["type"] as string] ?? [];
      const d = e["data"] as Ev;
      const od = original["data"] as Ev;
      for (const key of Object.keys(od)) {
        if (fields.includes(key)) expect(isSealed(d[key]), `${String(e["id"])} ${key}`).toBe(true);
        else expect(d[key]).toEqual(od[key]);
      }
      for (const key of Object.keys(original).filter((x) => x !== "data")) expect(e[key]).toEqual(original[key]);
    });
    // The input is not changed, and the sealed events still decode (no reject).
    expect(history.some((e) => JSON.stringify(e).includes(SEALED_PREFIX))).toBe(false);
    expect(replay(stored).rejected).toEqual([]);
    // ObjectionWithdrawn evidence is not consent evidence: in clear, as documented.
    expect((stored.find((e) => e["id"] === "a18")!["data"] as Ev)["evidence"]).toBe("mail-2024-06-01");
  });

  it("round trip: the ledger read with the vault answers exactly like the plain one", async () => {
    const vault = createMemoryVault();
    const stored = await sealEvents(history, vault);
    const plain = replay(history);
    const read = await replayWithVault(stored, vault);
    expect(read.size).toBe(plain.size);
    expect(read.rejected).toEqual(plain.rejected);
    for (const at of INSTANTS) {
      expect(must(accessReport(read, "anna", { at }))).toEqual(must(accessReport(plain, "anna", { at })));
      expect(must(profile(read, "ben", { at }))).toEqual(must(profile(plain, "ben", { at })));
    }
    expect(decisions(read)).toEqual(decisions(plain));
    expect(await unsealEvents(stored, vault)).toEqual(history);
    // An async iterable works too.
    async function* gen() {
      for (const e of stored) yield e;
    }
    expect(must(accessReport(await replayWithVault(gen(), vault), "anna", { at: AT }))).toEqual(must(accessReport(plain, "anna", { at: AT })));
  });

  it("without a vault, plain values keep working; read plainly, sealed values show as sealed", async () => {
    const vault = createMemoryVault();
    // Plain events through the reader are unchanged.
    expect(must(accessReport(await replayWithVault(history, vault), "anna", { at: AT }))).toEqual(must(accessReport(replay(history), "anna", { at: AT })));
    // Sealed events through the plain, synchronous replay: the values are ciphertexts, and reports say so.
    const raw = replay(await sealEvents(history, vault));
    const r = must(accessReport(raw, "anna", { at: AT }));
    expect(r.values.find((v) => v.field === "email")!.state).toBe("sealed");
    expect(isSealed(r.consents[0]!.evidence)).toBe(true);
    expect(renderAccessReport(r, "markdown")).toContain("encrypted (this copy of the report was made without the key)");
  });

  it("rejects a tampered ciphertext or a value moved to another subject (SEALED_VALUE_UNREADABLE), never reads it as forgotten", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(history, vault)) as Ev[];
    const a02 = stored.find((e) => e["id"] === "a02")!;
    const d = a02["data"] as Ev;
    const tampered = { ...a02, data: { ...d, value: tamperSealed(d["value"] as string) } };
    const one = await replayWithVault([tampered], vault);
    expect(one.rejected.map((r) => [r.code, r.subject])).toEqual([["SEALED_VALUE_UNREADABLE", "anna"]]);
    expect(one.rejected[0]!.reason).toMatch(/"a02", data.value: .*authentication/);
    const moved = { ...a02, id: "moved", subject: "ben" };
    const all = await replayWithVault([...stored, moved], vault);
    expect(all.rejected.map((r) => [r.position, r.code, r.marks])).toEqual([[stored.length, "SEALED_VALUE_UNREADABLE", [{ subject: "ben", from: a02["at"] }]]]);
  });
});

describe("decideWithVault", () => {
  it("seals the events decide produces and leaves decide pure", async () => {
    const vault = createMemoryVault();
    const ledger = replay(history);
    const ctx = { now: () => "2024-06-12T10:00:00Z", newId: (() => { let n = 0; return () => `id-${++n}`; })() };
    const r = await decideWithVault(
      { type: "recordFact", subject: "anna", data: { field: "mobile", value: { number: "+49 170 5550000" }, category: "contact.phone", source: "self-service", sourceRef: "profile-page", purposes: ["sales"], basis: "contract" } },
      ledger,
      ctx,
      vault,
    );
    expect(r._tag).toBe("Right");
    const [ev] = (r as { right: LedgerEvent[] }).right;
    expect(ev).toMatchObject({ id: "id-1", type: "FactRecorded", at: "2024-06-12T10:00:00Z", subject: "anna", data: { fact: "id-2", field: "mobile", category: "contact.phone", source: "self-service", purposes: ["sales"], basis: "contract" } });
    const data = ev!.data as Ev;
    expect(isSealed(data["value"]) && isSealed(data["sourceRef"])).toBe(true);
    expect(JSON.stringify(ev)).not.toContain("5550000");
    // Reading it back with the vault gives the value.
    const [open] = await unsealEvents([ev!], vault);
    expect((open!.data as Ev)["value"]).toEqual({ number: "+49 170 5550000" });
    // A refused command is returned as decide returns it.
    const bad = await decideWithVault({ type: "recordFact", subject: "anna", data: { field: "x", value: 1, category: "c", source: "nowhere", purposes: ["sales"], basis: "contract" } }, ledger, ctx, vault);
    expect(bad._tag).toBe("Left");
    // Consent evidence is sealed too.
    const k = await decideWithVault(
      { type: "grantConsent", subject: "anna", data: { purposes: ["marketing.email"], notice: "privacy-notice", noticeVersion: "2024-01", method: "opt-in", channel: "web", evidence: "form-post-4242" } },
      ledger,
      ctx,
      vault,
    );
    expect(k._tag === "Right" && isSealed((k.right[0]!.data as Ev)["evidence"])).toBe(true);
  });
});

describe("forgetting a subject (crypto-shredding) after a full erasure request", () => {
  it("leaves no plaintext of an encrypted field of the forgotten subject in the events, the ledger or any report", async () => {
    const vault = createMemoryVault();
    // A rejected item of anna's, with a sealed value, and its void: the ledger keeps a raw copy of it.
    const withReject: Ev[] = [
      ...history,
      { id: "bad", type: "FactCorrected", at: "2024-06-01T00:00:00Z", subject: "anna", data: { fact: "nope", value: "SECRET-IN-A-REJECT", source: "crm-manual", sourceRef: "SECRET-REF-IN-A-REJECT" } },
      { id: "void", type: "EventVoided", at: "2024-06-02T00:00:00Z", data: { event: "bad", reason: "wrong fact id" } },
    ];
    const stored = (await sealEvents(withReject, vault)) as Ev[];
    const secrets = annaPlaintexts(withReject);
    expect(secrets).toContain("SECRET-IN-A-REJECT");
    expect(secrets).toEqual(expect.arrayContaining(["anna@example.org", "ACME GmbH", "ACME Holding GmbH", "linkedin.com/in/anna", "+49 30 1234567", "form-post-8812", "confirm-link-8812", "mail-log-889", "Berlin", "LATE-VALUE"]));

    // Sanity: before forgetting, the reports do show the values (the search works).
    const before = await replayWithVault(stored, vault);
    expect(leaks(allReports(before), secrets)).toEqual(expect.arrayContaining(["anna@example.org", "form-post-8812"]));
    expect(leaks(JSON.stringify(stored), secrets)).toEqual([]); // sealed at rest from the start

    // The full erasure request: append its FactErased events, then forget the key.
    const plan = must(eraseSubject(before, "anna", { at: ERASE_AT, by: "dpo" }));
    const erasures = await sealEvents(plan.events, vault);
    expect(erasures).toEqual(plan.events); // FactErased holds no sealed field
    const log = [...stored, ...(erasures as unknown as Ev[])];
    await vault.forget(plan.forget.subject);

    const serialized = Buffer.from(log.map((e) => JSON.stringify(e)).join("\n"), "utf8");
    expect(leaks(serialized, secrets)).toEqual([]);

    const after = await replayWithVault(log, vault);
    expect(after.rejected.map((x) => [x.id, x.code, x.voidedBy])).toEqual([["bad", "UNKNOWN_FACT", history.length + 1]]);
    expect(plan.forget.rejected).toEqual([history.length]);
    expect(leaks(strings(storeOf(after)).join("\n"), secrets)).toEqual([]);
    expect(leaks(strings(after).join("\n"), secrets)).toEqual([]);
    expect(leaks(allReports(after), secrets)).toEqual([]);

    // Other subjects are untouched.
    expect(must(profile(after, "ben")).fields[0]!.current!.value).toBe("Beta AG");
  });

  it("keeps provenance, consents, purposes and uses; values show as forgotten, then as erased", async () => {
    const vault = createMemoryVault();
    const stored = await sealEvents(history, vault);
    const plan = must(eraseSubject(await replayWithVault(stored, vault), "anna", { at: ERASE_AT }));
    await vault.forget("anna");
    const after = await replayWithVault([...stored, ...plan.events], vault);
    const plainReport = must(accessReport(replay(history), "anna", { at: AT }));
    const r = must(accessReport(after, "anna", { at: AT }));
    // Before the erasure's instant the values were held: they are there, forgotten.
    expect(r.values.map((v) => [v.field, v.state])).toEqual([
      ["city", "forgotten"],
      ["email", "forgotten"],
      ["employer", "forgotten"],
      ["phone", "erased"],
    ]);
    expect(isForgotten(r.values[1]!.value) && isForgotten(r.values[1]!.origin!.sourceRef)).toBe(true);
    // Everything else is as it was.
    const strip = (x: typeof r) => ({ ...x, values: x.values.map(({ value: _v, state: _s, history: h, origin, correction, ...rest }) => ({ ...rest, origin: origin && { ...origin, sourceRef: undefined }, correction: correction && { ...correction, sourceRef: undefined }, history: h.map(({ value: _w, sourceRef: _r, ...hr }) => hr) })), consents: x.consents.map(({ evidence: _e, confirmations, withdrawals, ...rest }) => ({ ...rest, confirmations: confirmations.map(({ evidence: _c, ...c }) => c), withdrawals: withdrawals.map(({ evidence: _w, ...w }) => w) })) });
    expect(strip(r)).toEqual(strip(plainReport));
    expect(r.consents.map((c) => [c.consent, c.status, isForgotten(c.evidence)])).toEqual([
      ["k1", "not-effective", true],
      ["k2", "not-effective", true],
      ["k3", "effective", true],
      ["k4", "not-effective", true],
    ]);
    expect(r.uses).toHaveLength(2);
    expect(r.purposes.map((p) => p.purpose)).toEqual(["marketing", "marketing.email", "sales", "support"]);
    expect(renderAccessReport(r, "html")).toContain("forgotten (erased by deleting its encryption key)");
    // After the erasure's instant every value is erased, its history kept without values — except the
    // email, already bound to a later erasure (LATE-6): replay would reject an earlier one, and the plan says so.
    expect(plan.notErased.map((x) => [x.fact, x.field])).toEqual([
      ["LATE-FACT", "LATE-FIELD"],
      ["f1", "email"],
    ]);
    const later = must(accessReport(after, "anna", { at: "2024-06-21T00:00:00Z" }));
    expect(later.values.map((v) => [v.field, v.state])).toEqual([
      ["city", "erased"],
      ["email", "forgotten"],
      ["employer", "erased"],
      ["phone", "erased"],
    ]);
    expect(must(accessReport(after, "anna", { at: "2024-07-07T00:00:00Z" })).values.find((v) => v.field === "email")!.state).toBe("erased");
    expect(later.timeline.filter((t) => t.kind === "data-erased").map((t) => t.field)).toEqual(["phone", "city", "employer"]);
    // Portability: nothing readable to hand over at AT, and the forgotten values are named.
    expect(must(portabilityExport(after, "anna", { at: AT }))).toMatchObject({ facts: [], unavailable: [{ field: "city", state: "forgotten" }, { field: "email", state: "forgotten" }] });
  });

  it("decisions do not change by themselves when a key is forgotten; they follow the FactErased events", async () => {
    const vault = createMemoryVault();
    const stored = await sealEvents(history, vault);
    const before = await replayWithVault(stored, vault);
    const plan = must(eraseSubject(before, "anna", { at: ERASE_AT }));
    await vault.forget("anna");
    const forgottenOnly = await replayWithVault(stored, vault);
    expect(decisions(forgottenOnly)).toEqual(decisions(before));
    expect(decisions(before)).toEqual(decisions(replay(history)));
    const erased = await replayWithVault([...stored, ...plan.events], vault);
    const q = { subject: "anna", purpose: "sales", fields: ["employer", "city"], actor: { id: "u", roles: ["sales"] }, at: "2024-06-19T00:00:00Z" };
    expect(canUse(erased, q).allowed).toBe(true); // time travel stays exact: before the erasure the values were held
    const d = canUse(erased, { ...q, at: "2024-06-21T00:00:00Z" });
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((x) => [x.code, x.field])).toEqual([
      ["ERASED", "employer"],
      ["ERASED", "city"],
    ]);
  });

  it("duplicates stay duplicates and conflicting reuses stay conflicts after forgetting", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(history, vault)) as Ev[];
    const a02 = stored.find((e) => e["id"] === "a02")!;
    const [conflict] = (await sealEvents([{ ...history.find((e) => e["id"] === "a02")!, data: { ...(history.find((e) => e["id"] === "a02")!["data"] as Ev), value: "other@example.org" } }], vault)) as Ev[];
    const log = [...stored, a02, conflict!];
    const before = await replayWithVault(log, vault);
    await vault.forget("anna");
    const after = await replayWithVault(log, vault);
    expect(after.duplicates).toEqual(before.duplicates);
    expect(after.duplicates).toEqual([stored.length]);
    expect(after.rejected.map((x) => [x.position, x.code])).toEqual(before.rejected.map((x) => [x.position, x.code]));
    expect(after.rejected.map((x) => x.code)).toEqual(["ID_CONFLICT"]);
    // The forgotten stand-in is a digest of the ciphertext: distinct ciphertexts stay distinct, and it reveals nothing.
    const v = must(profile(after, "anna", { at: AT })).fields.find((f) => f.field === "email")!.history[0]!.value as string;
    expect(v.startsWith(FORGOTTEN_PREFIX)).toBe(true);
    expect(v).toMatch(/^lawful-crm:forgotten:v1:[0-9a-f]{32}$/);
  });
});
