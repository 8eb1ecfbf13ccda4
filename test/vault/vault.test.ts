import { describe, expect, it } from "vitest";
import { createMemoryVault, LawfulCrmError } from "../../src/index.js";

/** A deterministic IV source for tests: 12 bytes counting up. */
function counterIv(start = 0) {
  let n = start;
  return () => {
    const iv = new Uint8Array(12);
    new DataView(iv.buffer).setUint32(8, n++);
    return iv;
  };
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

describe("createMemoryVault: AES-256-GCM on WebCrypto, one key per subject", () => {
  it("round-trips any string, including empty and non-ASCII", async () => {
    const vault = createMemoryVault();
    for (const pt of ["anna@example.org", "", "Zoë Ødegård — 東京 🎉", "x".repeat(100_000), JSON.stringify({ a: [1, null] })]) {
      const ct = await vault.encrypt("anna", pt);
      expect(ct).not.toContain(pt === "" ? "\u0000" : pt.slice(0, 8));
      expect(await vault.decrypt("anna", ct)).toBe(pt);
    }
  });

  it("uses the injected IV source, a fresh IV per value, and AES-GCM's 16-byte tag", async () => {
    const vault = createMemoryVault({ iv: counterIv(7) });
    const a = await vault.encrypt("anna", "same");
    const b = await vault.encrypt("anna", "same");
    const [ka, iva, cta] = a.split(".");
    const [, ivb] = b.split(".");
    expect(ka).toBe("k1");
    const iv7 = new Uint8Array(12);
    iv7[11] = 7;
    const iv8 = new Uint8Array(12);
    iv8[11] = 8;
    expect(iva).toBe(b64url(iv7));
    expect(ivb).toBe(b64url(iv8));
    expect(a).not.toBe(b); // same plaintext, different IV: different ciphertext
    expect(Buffer.from(cta!, "base64url").length).toBe("same".length + 16);
  });

  it("rejects an IV source that does not give 12 bytes", async () => {
    await expect(createMemoryVault({ iv: () => new Uint8Array(16) }).encrypt("a", "x")).rejects.toThrow(LawfulCrmError);
    await expect(createMemoryVault({ iv: () => "nope" as unknown as Uint8Array }).encrypt("a", "x")).rejects.toThrow(/12 bytes/);
  });

  it("one key per subject: a ciphertext of one subject does not open for another", async () => {
    const vault = createMemoryVault();
    const ct = await vault.encrypt("anna", "secret");
    await vault.encrypt("ben", "other");
    expect(await vault.decrypt("ben", ct)).toEqual({ error: { code: "VAULT_AUTH_FAILED", message: expect.stringMatching(/authentication/) } });
    // carl never had a key: an error, not "forgotten".
    expect(await vault.decrypt("carl", ct)).toEqual({ error: { code: "VAULT_NO_KEY", message: 'the vault never had a key for subject "carl".' } });
  });

  it("detects tampering", async () => {
    const vault = createMemoryVault();
    const ct = await vault.encrypt("anna", "secret");
    const [k, iv, body] = ct.split(".");
    const bytes = Buffer.from(body!, "base64url");
    bytes[0] = bytes[0]! ^ 1;
    expect(await vault.decrypt("anna", `${k}.${iv}.${bytes.toString("base64url")}`)).toMatchObject({ error: { code: "VAULT_AUTH_FAILED" } });
    expect(await vault.decrypt("anna", "not a ciphertext")).toEqual({ error: { code: "VAULT_AUTH_FAILED", message: "the ciphertext is not one this vault made (malformed)." } });
  });

  it("forget makes every ciphertext of the subject unreadable for good, and only that subject's", async () => {
    const vault = createMemoryVault();
    const a = await vault.encrypt("anna", "secret");
    const b = await vault.encrypt("ben", "kept");
    expect(vault.knows("anna")).toBe(true);
    await vault.forget("anna");
    expect(vault.knows("anna")).toBe(false);
    expect(await vault.decrypt("anna", a)).toBeUndefined();
    expect(await vault.decrypt("ben", b)).toBe("kept");
    // A later value gets a new key (a new generation); the old ciphertext stays unreadable.
    const a2 = await vault.encrypt("anna", "new");
    expect(a2.startsWith("k2.")).toBe(true);
    expect(await vault.decrypt("anna", a2)).toBe("new");
    expect(await vault.decrypt("anna", a)).toBeUndefined();
    await vault.forget("nobody"); // forgetting an unknown subject is harmless
  });

  it("keys are not extractable", async () => {
    // The vault exposes no key; the interface has no export. What it holds dies with the process.
    const vault = createMemoryVault();
    expect(Object.keys(vault).sort()).toEqual(["decrypt", "encrypt", "forget", "knows"]);
    expect(Object.isFrozen(vault)).toBe(true);
  });

  it("checks its arguments", async () => {
    const vault = createMemoryVault();
    await expect(vault.encrypt("", "x")).rejects.toThrow(LawfulCrmError);
    await expect(vault.encrypt("a", 1 as unknown as string)).rejects.toThrow(LawfulCrmError);
    await expect(vault.forget(undefined as unknown as string)).rejects.toThrow(LawfulCrmError);
    await expect(vault.decrypt("a", 1 as unknown as string)).rejects.toThrow(LawfulCrmError);
    await expect(vault.encrypt("a", "x", 1 as unknown as string)).rejects.toThrow(/context must be a string/);
    await expect(vault.decrypt("a", "x", null as unknown as string)).rejects.toThrow(/context must be a string/);
  });
});
