/**
 * `lawful-crm/postgres` without a server: what it checks before any SQL is
 * sent (options, table names — nothing a caller passes can inject SQL), and
 * the key-encryption key built by `aesKeyEncryptionKey`.
 */
import { describe, expect, it } from "vitest";
import { LawfulCrmError } from "../../src/index.js";
import { aesKeyEncryptionKey, createPostgresVault, DEFAULT_VAULT_TABLE, type PostgresQueryable } from "../../src/postgres/index.js";

/** A client that must never be asked anything: these checks come before any SQL. */
const noServer: PostgresQueryable = {
  query: () => {
    throw new Error("no SQL may be sent");
  },
};

describe("createPostgresVault checks its options before any SQL", () => {
  it("takes plain identifiers as table names, optionally in a schema, and nothing else", async () => {
    const kek = await aesKeyEncryptionKey("k", new Uint8Array(32));
    expect(createPostgresVault({ pool: noServer, kek }).table).toBe(DEFAULT_VAULT_TABLE);
    expect(DEFAULT_VAULT_TABLE).toBe("lawful_crm_vault_keys");
    for (const ok of ["keys", "crm.keys", "_k1", "Keys_2026", "x".repeat(55)]) expect(createPostgresVault({ pool: noServer, kek, table: ok }).table).toBe(ok);
    for (const bad of ['keys"; DROP TABLE x; --', "keys; DROP TABLE x", "a.b.c", "1keys", "", ".keys", "keys.", "x".repeat(56), "keys-1", "ke ys", 'crm."keys"', "kéys", "keys\n", 7, null]) {
      expect(() => createPostgresVault({ pool: noServer, kek, table: bad as string }), String(bad)).toThrow(/table must be a plain identifier/);
    }
  });

  it("refuses a pool, a KEK or previous KEKs that are not what it needs", async () => {
    const kek = await aesKeyEncryptionKey("k", new Uint8Array(32));
    const invalid = (f: () => unknown, message: RegExp) => {
      expect(f).toThrow(LawfulCrmError);
      expect(f).toThrow(message);
    };
    invalid(() => createPostgresVault(undefined as never), /expected options/);
    invalid(() => createPostgresVault({ pool: {} as never, kek }), /pool must be a pg.Pool/);
    invalid(() => createPostgresVault({ pool: noServer, kek: undefined as never }), /kek must be a KeyEncryptionKey/);
    invalid(() => createPostgresVault({ pool: noServer, kek: { ...kek, id: "" } }), /kek.id must be a string of 1 to 200/);
    invalid(() => createPostgresVault({ pool: noServer, kek: { id: "k", wrap: kek.wrap } as never }), /kek must be a KeyEncryptionKey/);
    invalid(() => createPostgresVault({ pool: noServer, kek, previousKeks: [kek] }), /distinct ids/);
    invalid(() => createPostgresVault({ pool: noServer, kek, previousKeks: kek as never }), /previousKeks must be an array/);
    invalid(() => createPostgresVault({ pool: noServer, kek, previousKeks: [null as never] }), /previousKeks\[0\] must be a KeyEncryptionKey/);
    const vault = createPostgresVault({ pool: noServer, kek });
    await expect(vault.rewrapKeys(kek, kek)).rejects.toThrow(/distinct ids/);
    await expect(vault.rewrapKeys(kek, { ...kek, id: "k2" }, { batchSize: 1.5 })).rejects.toThrow(/batchSize/);
    await expect(vault.encrypt("", "x")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("aesKeyEncryptionKey", () => {
  it("wraps 32 bytes into 60 (IV, key, tag), bound to the context; another key or context opens nothing", async () => {
    const kek = await aesKeyEncryptionKey("kek-1", new Uint8Array(32).fill(5));
    const secret = crypto.getRandomValues(new Uint8Array(32));
    const wrapped = await kek.wrap(secret, "anna 1");
    expect(wrapped).toHaveLength(60);
    expect(await kek.wrap(secret, "anna 1")).not.toEqual(wrapped); // a fresh IV per wrap
    expect(await kek.unwrap(wrapped, "anna 1")).toEqual(secret);
    expect(await kek.unwrap(wrapped, "ben 1")).toBeUndefined();
    expect(await (await aesKeyEncryptionKey("kek-1", new Uint8Array(32).fill(6))).unwrap(wrapped, "anna 1")).toBeUndefined();
    const flipped = Uint8Array.from(wrapped);
    flipped[30] = flipped[30]! ^ 1;
    expect(await kek.unwrap(flipped, "anna 1")).toBeUndefined();
    expect(await kek.unwrap(wrapped.subarray(0, 59), "anna 1")).toBeUndefined();
  });

  it("takes an AES-GCM CryptoKey from WebCrypto, and copies the bytes it is given", async () => {
    const bytes = new Uint8Array(32).fill(9);
    const fromBytes = await aesKeyEncryptionKey("a", bytes);
    bytes.fill(0); // the caller wipes its copy; the KEK still works
    const cryptoKey = await crypto.subtle.importKey("raw", new Uint8Array(32).fill(9), "AES-GCM", false, ["encrypt", "decrypt"]);
    const fromKey = await aesKeyEncryptionKey("b", cryptoKey);
    const secret = new Uint8Array(32).fill(1);
    expect(await fromKey.unwrap(await fromBytes.wrap(secret, "c"), "c")).toEqual(secret);
  });

  it("refuses what is not an AES-256 key", async () => {
    await expect(aesKeyEncryptionKey("a", new Uint8Array(16))).rejects.toThrow(/32 bytes \(AES-256\), got 16/);
    await expect(aesKeyEncryptionKey("", new Uint8Array(32))).rejects.toThrow(/id must be a string/);
    const hmac = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    await expect(aesKeyEncryptionKey("a", hmac)).rejects.toThrow(/AES-GCM CryptoKey/);
    const encryptOnly = await crypto.subtle.importKey("raw", new Uint8Array(32), "AES-GCM", false, ["encrypt"]);
    await expect(aesKeyEncryptionKey("a", encryptOnly)).rejects.toThrow(LawfulCrmError);
  });
});
