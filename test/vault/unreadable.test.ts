/**
 * A damaged ciphertext never reads as "forgotten" (issue 10, finding 2): the
 * vault tells a forgotten key (a tombstone) from a key it never had
 * (`VAULT_NO_KEY`) and from a ciphertext that does not authenticate
 * (`VAULT_AUTH_FAILED`); on replay such an event is rejected with
 * `SEALED_VALUE_UNREADABLE`, which marks its subject.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  canUse,
  createMemoryVault,
  isForgotten,
  isVaultError,
  LawfulCrmError,
  profile,
  REJECT_CODES,
  replay,
  replayWithVault,
  sealEvents,
  unsealEvents,
  VAULT_ERROR_CODES,
  type Ledger,
  type Vault,
} from "../../src/index.js";
import { must } from "../must.js";
import { tamperSealed } from "./tamper.js";

type Ev = Record<string, unknown>;

/** What a decrypt came to: the plaintext, "forgotten", or the error code of the library's error shape. */
async function outcome(p: Promise<unknown>): Promise<string> {
  const v = await p;
  if (v === undefined) return "forgotten";
  if (typeof v === "string") return `plaintext ${v}`;
  expect(isVaultError(v)).toBe(true);
  const e = v as { error: { code: string; message: string } };
  expect(Object.keys(e)).toEqual(["error"]);
  expect(typeof e.error.message).toBe("string");
  expect(e.error.message.length).toBeGreaterThan(10);
  return e.error.code;
}

/** The token with its key generation changed. */
const withGeneration = (token: string, gen: number) => token.replace(/^k\d+\./, `k${gen}.`);

describe("the vault tells forgotten from never had a key and from does not authenticate", () => {
  it("exports the two error codes", () => {
    expect([...VAULT_ERROR_CODES]).toEqual(["VAULT_NO_KEY", "VAULT_AUTH_FAILED"]);
    expect(REJECT_CODES).toContain("SEALED_VALUE_UNREADABLE");
  });

  it("a subject that never had a key: VAULT_NO_KEY, not forgotten", async () => {
    const vault = createMemoryVault();
    const ct = await vault.encrypt("anna", "secret");
    expect(await outcome(vault.decrypt("carl", ct))).toBe("VAULT_NO_KEY");
    // Forgetting a subject that never had a key leaves nothing to remember.
    await vault.forget("carl");
    expect(await outcome(vault.decrypt("carl", ct))).toBe("VAULT_NO_KEY");
  });

  it("an altered key generation (k1 -> k2) while the key exists: VAULT_AUTH_FAILED, not forgotten", async () => {
    const vault = createMemoryVault();
    const ct = await vault.encrypt("anna", "secret");
    expect(ct.startsWith("k1.")).toBe(true);
    expect(await outcome(vault.decrypt("anna", withGeneration(ct, 2)))).toBe("VAULT_AUTH_FAILED");
    expect(await outcome(vault.decrypt("anna", ct))).toBe("plaintext secret");
  });

  it("tampering, another subject's ciphertext and a malformed one: VAULT_AUTH_FAILED", async () => {
    const vault = createMemoryVault();
    const ct = await vault.encrypt("anna", "secret");
    await vault.encrypt("ben", "other");
    const [k, iv, body] = ct.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    expect(await outcome(vault.decrypt("anna", `${k}.${iv}.${bytes.toString("base64url")}`))).toBe("VAULT_AUTH_FAILED");
    expect(await outcome(vault.decrypt("ben", ct))).toBe("VAULT_AUTH_FAILED");
    expect(await outcome(vault.decrypt("anna", "not a ciphertext"))).toBe("VAULT_AUTH_FAILED");
    expect(await outcome(vault.decrypt("anna", ""))).toBe("VAULT_AUTH_FAILED");
  });

  it("only a key the vault made and destroyed reads as forgotten; generations stay apart", async () => {
    const vault = createMemoryVault();
    const k1 = await vault.encrypt("anna", "one");
    await vault.forget("anna");
    expect(await outcome(vault.decrypt("anna", k1))).toBe("forgotten");
    expect(await outcome(vault.decrypt("anna", withGeneration(k1, 2)))).toBe("VAULT_AUTH_FAILED"); // never made
    const k2 = await vault.encrypt("anna", "two");
    expect(k2.startsWith("k2.")).toBe(true);
    expect(await outcome(vault.decrypt("anna", k1))).toBe("forgotten");
    expect(await outcome(vault.decrypt("anna", k2))).toBe("plaintext two");
    // A live ciphertext relabelled with a forgotten generation is caught: the live key opens it.
    expect(await outcome(vault.decrypt("anna", withGeneration(k2, 1)))).toBe("VAULT_AUTH_FAILED");
    expect(await outcome(vault.decrypt("anna", withGeneration(k2, 3)))).toBe("VAULT_AUTH_FAILED");
    await vault.forget("anna");
    expect(await outcome(vault.decrypt("anna", k2))).toBe("forgotten");
  });

  it("a context binds the ciphertext to its event and field, and makes sealing deterministic", async () => {
    const vault = createMemoryVault();
    const a = await vault.encrypt("anna", "secret", '["e1","value"]');
    expect(await vault.encrypt("anna", "secret", '["e1","value"]')).toBe(a);
    expect(await vault.encrypt("anna", "secret", '["e2","value"]')).not.toBe(a);
    expect(await outcome(vault.decrypt("anna", a, '["e1","value"]'))).toBe("plaintext secret");
    expect(await outcome(vault.decrypt("anna", a, '["e2","value"]'))).toBe("VAULT_AUTH_FAILED");
    expect(await outcome(vault.decrypt("anna", a))).toBe("VAULT_AUTH_FAILED");
    // Without a context every value gets a fresh IV, as before.
    expect(await vault.encrypt("anna", "secret")).not.toBe(await vault.encrypt("anna", "secret"));
  });
});

// ------------------------------------------------------------------ replay

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";
const catalog: Ev[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "sales", description: "Sales", legalBases: ["contract"] } },
  { id: "c2", type: "SourceRegistered", at: T0, data: { source: "crm", kind: "manual", assessment: "DPIA-1" } },
  { id: "c3", type: "AccessPolicyGranted", at: T0, data: { policy: "p1", role: "sales", purposes: ["sales"], categories: ["contact"] } },
];
const anna: Ev[] = [
  { id: "a1", type: "LegalBasisRecorded", at: T1, subject: "anna", data: { basis: "contract", purposes: ["sales"], reference: "ctr-1" } },
  { id: "a2", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "crm", sourceRef: "call-1", purposes: ["sales"], basis: "contract" } },
];
const log = [...catalog, ...anna];
const query = (subject: string) => ({ subject, purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: "2024-03-01T00:00:00Z" });

const setField = (e: Ev, field: string, f: (v: string) => string): Ev => ({ ...e, data: { ...(e["data"] as Ev), [field]: f((e["data"] as Ev)[field] as string) } });
const token = (sealed: string) => sealed.slice("lawful-crm:sealed:v1:".length);

function unreadable(l: Ledger) {
  return l.rejected.map((r) => ({ position: r.position, code: r.code, subject: r.subject, marks: r.marks }));
}

describe("replayWithVault rejects an event whose sealed value the vault cannot read", () => {
  it("an altered key generation: SEALED_VALUE_UNREADABLE marking its subject, never forgotten", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(log, vault)) as Ev[];
    const altered = setField(stored[4]!, "value", (v) => `lawful-crm:sealed:v1:${withGeneration(token(v), 2)}`);
    const ledger = await replayWithVault([...stored.slice(0, 4), altered], vault);
    expect(unreadable(ledger)).toEqual([{ position: 4, code: "SEALED_VALUE_UNREADABLE", subject: "anna", marks: [{ subject: "anna", from: T1 }] }]);
    expect(ledger.rejected[0]!.reason).toMatch(/data\.value: .*VAULT_AUTH_FAILED/);
    expect(ledger.rejected[0]!.event).toEqual(altered); // the stored item, as it is
    expect(must(profile(ledger, "anna")).fields).toEqual([]);
    const d = canUse(ledger, query("anna"));
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => r.code)).toContain("HISTORY_INCOMPLETE");
    // Still unreadable, not forgotten, once the key is gone: generation 2 was never made.
    await vault.forget("anna");
    expect(unreadable(await replayWithVault([...stored.slice(0, 4), altered], vault))).toEqual(unreadable(ledger));
  });

  it("a ciphertext copied into a subject that never had a key: SEALED_VALUE_UNREADABLE, VAULT_NO_KEY", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(log, vault)) as Ev[];
    const copied = { ...stored[4]!, id: "z2", subject: "zoe" };
    const ledger = await replayWithVault([...stored, copied], vault);
    expect(unreadable(ledger)).toEqual([{ position: 5, code: "SEALED_VALUE_UNREADABLE", subject: "zoe", marks: [{ subject: "zoe", from: T1 }] }]);
    expect(ledger.rejected[0]!.reason).toMatch(/VAULT_NO_KEY/);
    expect(canUse(ledger, query("zoe")).reasons.map((r) => r.code)).toContain("HISTORY_INCOMPLETE");
    expect(canUse(ledger, query("anna")).allowed).toBe(true);
  });

  it("a tampered ciphertext or a value moved to another event: rejected, and the rest of the log is read", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(log, vault)) as Ev[];
    const tampered = setField(stored[4]!, "sourceRef", tamperSealed);
    const moved = { ...stored[4]!, id: "a3", data: { ...(stored[4]!["data"] as Ev), fact: "f3" } }; // bound to event a2
    const ledger = await replayWithVault([...stored.slice(0, 4), tampered, moved], vault);
    expect(ledger.rejected.map((r) => [r.position, r.code])).toEqual([
      [4, "SEALED_VALUE_UNREADABLE"],
      [5, "SEALED_VALUE_UNREADABLE"],
    ]);
    expect(ledger.rejected[0]!.reason).toMatch(/"a2", data\.sourceRef/);
    expect(ledger.accepted).toBe(4);
  });

  it("a damaged envelope of a bad event is unreadable too, and a forgotten one stays a decode failure", async () => {
    const vault = createMemoryVault();
    const bad = { ...anna[1]!, id: "a3", data: { ...(anna[1]!["data"] as Ev), fact: "f3", sourceRef: 12345 } };
    const stored = (await sealEvents([...log, bad], vault)) as Ev[];
    const envelope = stored[5]!;
    expect(Object.keys(envelope).sort()).toEqual(["at", "data", "id", "subject", "type"]);
    const damaged = { ...envelope, data: `lawful-crm:sealed:v1:${withGeneration(token(envelope["data"] as string), 7)}` };
    const relabelled = { ...envelope, at: "2024-02-02T00:00:00Z" }; // its clear head no longer matches its sealed content
    const codes = async (items: unknown[]) => (await replayWithVault(items, vault)).rejected.map((r) => [r.position, r.code]);
    expect(await codes(stored)).toEqual([[5, "DECODE_FAILED"]]);
    expect(await codes([...stored.slice(0, 5), damaged])).toEqual([[5, "SEALED_VALUE_UNREADABLE"]]);
    expect(await codes([...stored.slice(0, 5), relabelled])).toEqual([[5, "SEALED_VALUE_UNREADABLE"]]);
    await vault.forget("anna");
    expect(await codes([...stored.slice(0, 5), damaged])).toEqual([[5, "SEALED_VALUE_UNREADABLE"]]);
    const after = await replayWithVault(stored, vault);
    expect(after.rejected.map((r) => [r.position, r.code])).toEqual([[5, "DECODE_FAILED"]]);
    expect(isForgotten((after.rejected[0]!.event as Ev)["data"])).toBe(true);
  });

  it("unsealEvents hands apply the same verdict as replayWithVault, and identical damaged copies are duplicates", async () => {
    const vault = createMemoryVault();
    const stored = (await sealEvents(log, vault)) as Ev[];
    const altered = setField(stored[4]!, "value", (v) => `lawful-crm:sealed:v1:${withGeneration(token(v), 2)}`);
    const items = [...stored, altered, altered];
    let ledger = replay([]);
    for (const e of await unsealEvents(items, vault)) ledger = apply(ledger, e);
    const whole = await replayWithVault(items, vault);
    expect(ledger.rejected).toEqual(whole.rejected);
    expect(ledger.duplicates).toEqual(whole.duplicates);
    expect(whole.rejected.map((r) => [r.position, r.code])).toEqual([[5, "ID_CONFLICT"]]);
    expect(whole.duplicates).toEqual([6]);
    // An older snapshot forks and keeps the verdict.
    const forked = apply(replay([]), (await unsealEvents([altered], vault))[0]);
    expect(forked.rejected.map((r) => r.code)).toEqual(["SEALED_VALUE_UNREADABLE"]);
    const twice = apply(forked, (await unsealEvents([altered], vault))[0]);
    expect(apply(forked, (await unsealEvents([stored[0]], vault))[0]).rejected.map((r) => r.code)).toEqual(["SEALED_VALUE_UNREADABLE"]);
    expect(twice.duplicates).toEqual([1]);
  });
});

describe("a Vault implementation may reject with the error code instead of returning it", () => {
  const wrap = (inner: Vault, decrypt: Vault["decrypt"]): Vault => ({ encrypt: inner.encrypt, forget: inner.forget, decrypt });

  it("a rejection carrying VAULT_AUTH_FAILED or VAULT_NO_KEY is a reject; any other failure is not silently skipped", async () => {
    const inner = createMemoryVault();
    const stored = await sealEvents(log, inner);
    const failing = (error: unknown) => wrap(inner, () => Promise.reject(error));
    const byCode = await replayWithVault(stored, failing(Object.assign(new Error("kms says no"), { code: "VAULT_AUTH_FAILED" })));
    expect(byCode.rejected.map((r) => [r.position, r.code])).toEqual([[4, "SEALED_VALUE_UNREADABLE"]]);
    expect(byCode.rejected[0]!.reason).toMatch(/kms says no/);
    const byShape = await replayWithVault(stored, failing({ error: { code: "VAULT_NO_KEY", message: "no such key" } }));
    expect(byShape.rejected.map((r) => r.code)).toEqual(["SEALED_VALUE_UNREADABLE"]);
    await expect(replayWithVault(stored, failing(new Error("connection reset")))).rejects.toThrow(LawfulCrmError);
    await expect(replayWithVault(stored, failing(new Error("connection reset")))).rejects.toThrow(/"a2", data\.value: connection reset/);
    // A plaintext that is not the JSON this library sealed: the vault is damaged, the event unreadable.
    const garbage = await replayWithVault(stored, wrap(inner, () => Promise.resolve("{not json")));
    expect(garbage.rejected.map((r) => r.code)).toEqual(["SEALED_VALUE_UNREADABLE"]);
  });
});
