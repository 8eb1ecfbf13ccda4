/**
 * The Vault contract (docs/erasure.md, "The Vault contract") as one suite,
 * run against every vault of the package: the in-memory vault, the key-store
 * vault over an in-memory store (test/vault/contract.test.ts), and the
 * PostgreSQL vault on a real server (test/postgres/vault.test.ts). Each test
 * asks `make()` for a vault with no keys.
 */
import { describe, expect, it } from "vitest";
import { isForgotten, isVaultError, LawfulCrmError, profile, replay, replayWithVault, sealEvents, type Vault } from "../../src/index.js";
import { must } from "../must.js";
import { LOG, summary, type Ev } from "./log.js";

export { LOG, query, summary } from "./log.js";

/** What a decrypt came to: `plaintext <p>`, `forgotten`, or the code of the library's error shape. */
export async function outcome(p: Promise<unknown>): Promise<string> {
  const v = await p;
  if (v === undefined) return "forgotten";
  if (typeof v === "string") return `plaintext ${v}`;
  expect(isVaultError(v), JSON.stringify(v)).toBe(true);
  const e = v as { error: { code: string; message: string } };
  expect(Object.keys(e)).toEqual(["error"]);
  expect(e.error.message.length).toBeGreaterThan(10);
  return e.error.code;
}

/** The ciphertext with its key generation changed. */
export const withGeneration = (token: string, gen: number) => token.replace(/^k\d+\./, `k${gen}.`);

/** The ciphertext with one bit of its body flipped. */
function tampered(token: string): string {
  const [k, iv, body] = token.split(".");
  const bytes = Buffer.from(body!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  return `${k}.${iv}.${bytes.toString("base64url")}`;
}

export function describeVaultContract(name: string, make: () => Promise<Vault>): void {
  describe(`the Vault contract: ${name}`, () => {
    it("round-trips any string, with and without a context, in the package's ciphertext format", async () => {
      const vault = await make();
      for (const pt of ["anna@example.org", "", "Zoë Ødegård — 東京 🎉", "x".repeat(20_000)]) {
        for (const context of [undefined, '["e1","value"]']) {
          const ct = await vault.encrypt("anna", pt, context);
          expect(ct).toMatch(/^k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}$/);
          expect(Buffer.from(ct.split(".")[2]!, "base64url").length).toBe(Buffer.byteLength(pt) + 16);
          expect(await outcome(vault.decrypt("anna", ct, context))).toBe(`plaintext ${pt}`);
        }
      }
    });

    it("with a context sealing is deterministic and bound to it; without, every value gets a fresh IV", async () => {
      const vault = await make();
      const a = await vault.encrypt("anna", "secret", '["e1","value"]');
      expect(await vault.encrypt("anna", "secret", '["e1","value"]')).toBe(a);
      expect(await vault.encrypt("anna", "secret", '["e2","value"]')).not.toBe(a);
      expect(await vault.encrypt("anna", "other", '["e1","value"]')).not.toBe(a);
      expect(await outcome(vault.decrypt("anna", a, '["e2","value"]'))).toBe("VAULT_AUTH_FAILED");
      expect(await outcome(vault.decrypt("anna", a))).toBe("VAULT_AUTH_FAILED");
      expect(await vault.encrypt("anna", "secret")).not.toBe(await vault.encrypt("anna", "secret"));
    });

    it("one key per subject: another subject's ciphertext does not open", async () => {
      const vault = await make();
      const ct = await vault.encrypt("anna", "secret");
      await vault.encrypt("ben", "other");
      expect(await outcome(vault.decrypt("ben", ct))).toBe("VAULT_AUTH_FAILED");
    });

    it("a subject that never had a key: VAULT_NO_KEY, and forgetting it records nothing", async () => {
      const vault = await make();
      const ct = await vault.encrypt("anna", "secret");
      expect(await outcome(vault.decrypt("carl", ct))).toBe("VAULT_NO_KEY");
      await vault.forget("carl");
      expect(await outcome(vault.decrypt("carl", ct))).toBe("VAULT_NO_KEY");
      expect((await vault.encrypt("carl", "x")).startsWith("k1.")).toBe(true);
    });

    it("a ciphertext that does not authenticate: VAULT_AUTH_FAILED, never forgotten", async () => {
      const vault = await make();
      const ct = await vault.encrypt("anna", "secret");
      expect(await outcome(vault.decrypt("anna", tampered(ct)))).toBe("VAULT_AUTH_FAILED");
      expect(await outcome(vault.decrypt("anna", withGeneration(ct, 2)))).toBe("VAULT_AUTH_FAILED");
      expect(await outcome(vault.decrypt("anna", "not a ciphertext"))).toBe("VAULT_AUTH_FAILED");
      expect(await outcome(vault.decrypt("anna", ""))).toBe("VAULT_AUTH_FAILED");
      expect(await outcome(vault.decrypt("anna", ct))).toBe("plaintext secret");
    });

    it("forget: the tombstone tells forgotten from never made and from damaged, generation by generation", async () => {
      const vault = await make();
      const k1 = await vault.encrypt("anna", "one", "c");
      await vault.forget("anna");
      expect(await outcome(vault.decrypt("anna", k1, "c"))).toBe("forgotten");
      expect(await outcome(vault.decrypt("anna", withGeneration(k1, 2), "c"))).toBe("VAULT_AUTH_FAILED"); // never made
      expect(await outcome(vault.decrypt("anna", "k1.garbage", "c"))).toBe("VAULT_AUTH_FAILED"); // malformed is never forgotten
      const k2 = await vault.encrypt("anna", "two", "c");
      expect(k2.startsWith("k2.")).toBe(true);
      expect(await outcome(vault.decrypt("anna", k1, "c"))).toBe("forgotten");
      expect(await outcome(vault.decrypt("anna", k2, "c"))).toBe("plaintext two");
      // A live ciphertext relabelled with a forgotten generation is caught: the live key opens it.
      expect(await outcome(vault.decrypt("anna", withGeneration(k2, 1), "c"))).toBe("VAULT_AUTH_FAILED");
      expect(await outcome(vault.decrypt("anna", tampered(k2), "c"))).toBe("VAULT_AUTH_FAILED");
      await vault.forget("anna");
      await vault.forget("anna"); // twice: nothing more to destroy
      expect(await outcome(vault.decrypt("anna", k2, "c"))).toBe("forgotten");
      expect((await vault.encrypt("anna", "three")).startsWith("k3.")).toBe(true);
    });

    it("concurrent first encryptions of a subject use one key", async () => {
      const vault = await make();
      const tokens = await Promise.all(Array.from({ length: 20 }, () => vault.encrypt("dora", "same", '["e","value"]')));
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]!.startsWith("k1.")).toBe(true);
    });

    it("a programmer error is a LawfulCrmError INVALID_ARGUMENT", async () => {
      const vault = await make();
      const invalid = { name: "LawfulCrmError", code: "INVALID_ARGUMENT" };
      await expect(vault.encrypt("", "x")).rejects.toMatchObject(invalid);
      await expect(vault.encrypt(7 as unknown as string, "x")).rejects.toBeInstanceOf(LawfulCrmError);
      await expect(vault.encrypt("anna", 7 as unknown as string)).rejects.toMatchObject(invalid);
      await expect(vault.encrypt("anna", "x", 7 as unknown as string)).rejects.toMatchObject(invalid);
      await expect(vault.decrypt("anna", 7 as unknown as string)).rejects.toMatchObject(invalid);
      await expect(vault.decrypt("", "k1.x")).rejects.toMatchObject(invalid);
      await expect(vault.forget("")).rejects.toMatchObject(invalid);
    });

    it("sealEvents then replayWithVault reads the log as written; after forget, as forgotten, with the same decisions", async () => {
      const vault = await make();
      const stored = (await sealEvents(LOG, vault)) as Ev[];
      expect(JSON.stringify(stored)).not.toMatch(/anna@example|ben@example|call-1|form-ben|\+49/);
      expect(await sealEvents(LOG, vault)).toEqual(stored); // deterministic: a re-sent event is an exact duplicate
      const plain = replay(LOG);
      const read = await replayWithVault(stored, vault);
      expect(summary(read)).toEqual(summary(plain));
      expect(must(profile(read, "anna")).fields).toEqual(must(profile(plain, "anna")).fields);

      await vault.forget("anna");
      const after = await replayWithVault(stored, vault);
      expect(summary(after)).toEqual(summary(plain));
      const email = must(profile(after, "anna")).fields.find((f) => f.field === "email");
      expect(isForgotten(email?.current?.value)).toBe(true);
      expect(must(profile(after, "ben")).fields.find((f) => f.field === "email")?.current?.value).toBe("ben@example.org");
    });
  });
}
