/**
 * The Vault contract on the vaults that need no server: the in-memory vault,
 * and the key-store vault over an in-memory key store (the vault the
 * PostgreSQL subpath builds on; test/postgres/ runs the same suite on a real
 * server). Then what the key-store vault adds: it passes a store's failure
 * on (readers fail, nothing reads as forgotten), wipes the secrets it is
 * given, refuses a store's impossible answers, and shares pending answers.
 */
import { describe, expect, it } from "vitest";
import { createKeyStoreVault, createMemoryVault, LawfulCrmError, replayWithVault, sealEvents, type VaultKey, type VaultKeys, type VaultKeyStore } from "../../src/index.js";
import { describeVaultContract, LOG, outcome } from "./contract.js";

/** A VaultKeyStore in a Map (what a database row per subject holds), counting the calls it answers. */
function memoryKeyStore() {
  const rows = new Map<string, { generation: number; secret: Uint8Array | undefined }>();
  const calls = { keys: 0, liveKey: 0, forget: 0 };
  const copy = (generation: number, secret: Uint8Array): VaultKey => ({ generation, secret: Uint8Array.from(secret) });
  const store: VaultKeyStore = {
    async keys(subject): Promise<VaultKeys> {
      calls.keys++;
      await Promise.resolve();
      const row = rows.get(subject);
      if (row === undefined) return { generations: 0 };
      return row.secret === undefined ? { generations: row.generation } : { generations: row.generation, live: copy(row.generation, row.secret) };
    },
    async liveKey(subject, newSecret) {
      calls.liveKey++;
      await Promise.resolve();
      const row = rows.get(subject);
      if (row?.secret !== undefined) return copy(row.generation, row.secret);
      const next = { generation: (row?.generation ?? 0) + 1, secret: Uint8Array.from(newSecret()) };
      rows.set(subject, next);
      return copy(next.generation, next.secret!);
    },
    async forget(subject) {
      calls.forget++;
      const row = rows.get(subject);
      if (row !== undefined) rows.set(subject, { generation: row.generation, secret: undefined });
    },
  };
  return { store, rows, calls };
}

describeVaultContract("createMemoryVault", async () => createMemoryVault());
describeVaultContract("createKeyStoreVault over an in-memory key store", async () => createKeyStoreVault(memoryKeyStore().store));

describe("createKeyStoreVault", () => {
  it("two vaults over one store share the keys: what one sealed the other opens, byte for byte the same", async () => {
    const { store } = memoryKeyStore();
    const a = createKeyStoreVault(store);
    const b = createKeyStoreVault(store);
    const sealed = await a.encrypt("anna", "anna@example.org", '["e1","value"]');
    expect(await b.encrypt("anna", "anna@example.org", '["e1","value"]')).toBe(sealed);
    expect(await b.decrypt("anna", sealed, '["e1","value"]')).toBe("anna@example.org");
    await b.forget("anna");
    expect(await a.decrypt("anna", sealed, '["e1","value"]')).toBeUndefined();
  });

  it("a store that cannot answer makes the call reject, and replayWithVault fail: nothing reads as forgotten", async () => {
    const { store } = memoryKeyStore();
    const vault = createKeyStoreVault(store);
    const stored = await sealEvents(LOG, vault);
    const broken = createKeyStoreVault({ ...store, keys: () => Promise.reject(new Error("connection refused")) });
    await expect(broken.decrypt("anna", "k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA")).rejects.toThrow("connection refused");
    await expect(replayWithVault(stored, broken)).rejects.toBeInstanceOf(LawfulCrmError);
    await expect(replayWithVault(stored, broken)).rejects.toThrow(/connection refused/);
  });

  it("overwrites the secret bytes the store hands over once it has derived its keys", async () => {
    const handed: Uint8Array[] = [];
    const secret = new Uint8Array(32).fill(7);
    const vault = createKeyStoreVault({
      keys: async () => {
        const live = { generation: 1, secret: Uint8Array.from(secret) };
        handed.push(live.secret);
        return { generations: 1, live };
      },
      liveKey: async () => {
        const live = { generation: 1, secret: Uint8Array.from(secret) };
        handed.push(live.secret);
        return live;
      },
      forget: async () => {},
    });
    const ct = await vault.encrypt("anna", "x");
    expect(await vault.decrypt("anna", ct)).toBe("x");
    expect(handed).toHaveLength(2);
    for (const bytes of handed) expect([...bytes].every((b) => b === 0)).toBe(true);
  });

  it("refuses a store's impossible answers with a LawfulCrmError", async () => {
    const ct = await createKeyStoreVault(memoryKeyStore().store).encrypt("anna", "x");
    const answering = (keys: unknown, live: unknown = { generation: 1, secret: new Uint8Array(32) }) =>
      createKeyStoreVault({ keys: async () => keys as VaultKeys, liveKey: async () => live as VaultKey, forget: async () => {} });
    for (const keys of [null, { generations: -1 }, { generations: 1.5 }, { generations: 1, live: { generation: 2, secret: new Uint8Array(32) } }, { generations: 1, live: { generation: 1, secret: new Uint8Array(16) } }]) {
      await expect(answering(keys).decrypt("anna", ct), JSON.stringify(keys)).rejects.toMatchObject({ code: "INVALID_ARGUMENT", message: expect.stringMatching(/key store answered/) });
    }
    await expect(answering({ generations: 0 }, { generation: 0, secret: new Uint8Array(32) }).encrypt("anna", "x")).rejects.toBeInstanceOf(LawfulCrmError);
    await expect(answering({ generations: 0 }, { generation: 1, secret: "secret" }).encrypt("anna", "x")).rejects.toBeInstanceOf(LawfulCrmError);
    expect(() => createKeyStoreVault({} as VaultKeyStore)).toThrow(LawfulCrmError);
  });

  it("concurrent calls for one subject share one answer of the store; a call after forget asks again", async () => {
    const { store, calls } = memoryKeyStore();
    const vault = createKeyStoreVault(store);
    const sealed = await Promise.all(Array.from({ length: 50 }, (_, i) => vault.encrypt("anna", `v${i}`, `["e${i}","value"]`)));
    expect(calls.liveKey).toBe(1);
    const opened = await Promise.all(sealed.map((ct, i) => vault.decrypt("anna", ct, `["e${i}","value"]`)));
    expect(opened).toEqual(sealed.map((_, i) => `v${i}`));
    expect(calls.keys).toBe(1);
    await vault.forget("anna");
    expect(await outcome(vault.decrypt("anna", sealed[0]!, '["e0","value"]'))).toBe("forgotten");
    expect(calls.keys).toBe(2);
  });
});
