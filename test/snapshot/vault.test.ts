/**
 * A snapshot of a sealed log holds only ciphertexts, and
 * `restoreWithVault` opens it as `replayWithVault` opens the log: with the
 * keys, after `forget` (values read as forgotten), and with a vault that
 * cannot open it (rejects with SEALED_VALUE_UNREADABLE).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createMemoryVault,
  isForgotten,
  isSnapshotError,
  LawfulCrmError,
  profile,
  replay,
  replayWithVault,
  restoreWithVault,
  sealEvents,
  snapshot,
  type Ledger,
} from "../../src/index.js";
import { historyArb, SUBJECTS } from "../model/arbitraries.js";
import { observe } from "./observe.js";

const RUNS = Math.max(20, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 40));
if (process.env["FUZZ_SEED"] !== undefined) fc.configureGlobal({ seed: Number(process.env["FUZZ_SEED"]) });

type Ev = Record<string, unknown>;
const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";
const AT = "2024-03-01T00:00:00Z";

const SECRETS = ["anna.secret@example.org", "ref-4711-secret", "form-post-secret-1", "click-secret-2", "Schöne Grüße 💌 secret", "corrected.secret@example.org", "whole-event-secret"];
const log: Ev[] = [
  { id: "c1", type: "PurposeDeclared", at: T0, data: { purpose: "newsletter", description: "News", legalBases: ["consent"], doubleOptIn: true } },
  { id: "c2", type: "NoticePublished", at: T0, data: { notice: "n1", version: "v1", purposes: ["newsletter"] } },
  { id: "c3", type: "SourceRegistered", at: T0, data: { source: "form", kind: "form", assessment: "DPIA-1" } },
  { id: "c4", type: "AccessPolicyGranted", at: T0, data: { policy: "p1", role: "mkt", purposes: ["newsletter"], categories: ["contact"] } },
  { id: "a1", type: "ConsentGranted", at: T1, subject: "anna", data: { consent: "k1", purposes: ["newsletter"], notice: "n1", noticeVersion: "v1", method: "double-opt-in", channel: "web", evidence: SECRETS[2] } },
  { id: "a2", type: "ConsentConfirmed", at: T1, subject: "anna", data: { consent: "k1", evidence: SECRETS[3] } },
  { id: "a3", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f1", field: "email", value: SECRETS[0], category: "contact.email", source: "form", sourceRef: SECRETS[1], purposes: ["newsletter"], basis: "consent" } },
  { id: "a4", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f2", field: "name", value: { greeting: SECRETS[4] }, category: "contact", source: "form", purposes: ["newsletter"], basis: "consent" } },
  { id: "a5", type: "FactCorrected", at: "2024-02-15T00:00:00Z", subject: "anna", data: { fact: "f1", value: SECRETS[5], source: "form" } },
  // Does not decode: sealed whole.
  { id: "a6", type: "FactRecorded", at: T1, subject: "anna", data: { fact: "f3", note: SECRETS[6] } },
  { id: "b1", type: "FactRecorded", at: T1, subject: "bob", data: { fact: "f1", field: "email", value: "bob.secret@example.org", category: "contact.email", source: "form", purposes: ["newsletter"], basis: "consent" } },
];
const query = { subject: "anna", purpose: "newsletter", fields: ["email"], actor: { id: "u", roles: ["mkt"] }, at: AT };

/** True when `bytes` contain `s` encoded as UTF-8, as UTF-16LE, or as JSON text. */
function contains(bytes: Uint8Array, s: string): boolean {
  const hay = Buffer.from(bytes);
  const utf16 = Buffer.alloc(s.length * 2);
  for (let k = 0; k < s.length; k++) utf16.writeUInt16LE(s.charCodeAt(k), 2 * k);
  return [Buffer.from(s, "utf8"), utf16, Buffer.from(JSON.stringify(s), "utf8")].some((needle) => hay.includes(needle));
}

async function opened(bytes: Uint8Array, vault: Parameters<typeof restoreWithVault>[1]): Promise<Ledger> {
  const r = await restoreWithVault(bytes, vault);
  if (isSnapshotError(r)) throw new Error(r.error.message);
  return r;
}

describe("snapshots of a sealed log", () => {
  it("hold no plaintext of a sealed field (the search finds them in a snapshot of the clear log)", async () => {
    const vault = createMemoryVault();
    const stored = await sealEvents(log, vault);
    const bytes = snapshot(replay(stored));
    const clear = snapshot(replay(log));
    for (const s of [...SECRETS, "bob.secret@example.org"]) {
      expect(contains(clear, s), `the search finds ${s} in clear`).toBe(true);
      expect(contains(bytes, s), `${s} in the sealed snapshot`).toBe(false);
    }
  });

  it("restoreWithVault gives the ledger replayWithVault gives: with the keys, after forget, and with a vault that has no key", async () => {
    const vault = createMemoryVault();
    const stored = await sealEvents(log, vault);
    const bytes = snapshot(replay(stored));
    const keyed = await opened(bytes, vault);
    expect(observe(keyed, [query], ["anna", "bob"])).toEqual(observe(await replayWithVault(stored, vault), [query], ["anna", "bob"]));
    expect(profile(keyed, "anna").fields.find((f) => f.field === "email")?.current?.value).toBe(SECRETS[5]);
    expect(canOpenAll(keyed)).toBe(true);

    await vault.forget("anna");
    const forgotten = await opened(bytes, vault);
    expect(observe(forgotten, [query], ["anna", "bob"])).toEqual(observe(await replayWithVault(stored, vault), [query], ["anna", "bob"]));
    const values = profile(forgotten, "anna").fields.flatMap((f) => f.history.map((h) => (h as { value?: unknown }).value));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(isForgotten(v), JSON.stringify(v)).toBe(true);
    // Bob's key is intact.
    expect(profile(forgotten, "bob").fields[0]?.current?.value).toBe("bob.secret@example.org");

    const stranger = createMemoryVault();
    const unreadable = await opened(bytes, stranger);
    expect(observe(unreadable, [query], ["anna", "bob"])).toEqual(observe(await replayWithVault(stored, stranger), [query], ["anna", "bob"]));
    expect(unreadable.rejected.map((r) => r.code)).toContain("SEALED_VALUE_UNREADABLE");
  });

  it("refuses bad bytes with the error values of restore, and rejects with a LawfulCrmError when the vault is not one", async () => {
    const r = await restoreWithVault(new Uint8Array([1, 2, 3]), createMemoryVault());
    expect(isSnapshotError(r) && r.error.code).toBe("SNAPSHOT_INVALID");
    await expect(restoreWithVault(snapshot(replay(log)), {} as never)).rejects.toThrow(LawfulCrmError);
  });

  it(`for generated histories: no sealed plaintext in the bytes, and restoreWithVault = replayWithVault before and after forget (${RUNS} histories)`, async () => {
    await fc.assert(
      fc.asyncProperty(historyArb({ maxSteps: 12 }), fc.constantFrom(...SUBJECTS), async ({ log: l }, forget) => {
        const vault = createMemoryVault();
        const stored = await sealEvents(l, vault);
        const bytes = snapshot(replay(stored));
        const storedText = JSON.stringify(stored);
        for (const e of l) {
          const data = typeof e === "object" && e !== null ? (e as Ev)["data"] : undefined;
          if (typeof data !== "object" || data === null) continue;
          for (const k of ["value", "sourceRef", "evidence"]) {
            const v = (data as Ev)[k];
            // A plaintext also written in clear elsewhere in the stored events proves nothing.
            if (typeof v === "string" && v.length >= 4 && !storedText.includes(v)) expect(contains(bytes, v), v).toBe(false);
          }
        }
        const queries = [{ ...query, subject: forget, purpose: "marketing", fields: ["email", "phone"], actor: { id: "u1", roles: ["mkt"] } }];
        expect(observe(await opened(bytes, vault), queries)).toEqual(observe(await replayWithVault(stored, vault), queries));
        await vault.forget(forget);
        expect(observe(await opened(bytes, vault), queries)).toEqual(observe(await replayWithVault(stored, vault), queries));
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});

/** Nothing of the ledger reads as sealed: every value was opened. */
function canOpenAll(l: Ledger): boolean {
  return !JSON.stringify(l.rejected).includes("lawful-crm:sealed") && !["anna", "bob"].some((s) => JSON.stringify(profile(l, s)).includes("lawful-crm:sealed"));
}
