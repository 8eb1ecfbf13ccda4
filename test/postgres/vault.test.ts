/**
 * `lawful-crm/postgres` on a real server: the Vault contract (the suite every
 * vault of the package passes), what the key table holds (one row per
 * subject, wrapped keys, a tombstone without key material after forget), a
 * wrong key-encryption key failing with a clear error (never forgotten,
 * never VAULT_NO_KEY), the schema, and the rotation of the key-encryption
 * key. What needs no server (options, table names): options.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LawfulCrmError, replay, replayWithVault, sealEvents } from "../../src/index.js";
import { createPostgresVault } from "../../src/postgres/index.js";
import { describeVaultContract, LOG, outcome, summary } from "../vault/contract.js";
import { describeOnPostgres, freshDatabase, kek, KEK_BYTES, migratedVault, newTable, poolsOf, rowsOf } from "./helpers.js";

let db: { url: string; drop: () => Promise<void> };
const pools = poolsOf(() => db.url);

describeOnPostgres("the PostgreSQL vault", () => {
  beforeAll(async () => {
    db = await freshDatabase("lawful_vault");
  });
  afterAll(async () => {
    await pools.end();
    await db?.drop();
  });

  describeVaultContract("createPostgresVault", async () => migratedVault(pools.pool()));

  describe("the key table", () => {
    it("holds one row per subject, its key wrapped under the KEK; forget leaves the generation count and no key material", async () => {
      const pool = pools.pool();
      const table = newTable();
      const vault = await migratedVault(pool, { table });
      const sealed = await vault.encrypt("anna", "anna@example.org", "c");
      await vault.encrypt("anna", "again");
      await vault.encrypt("ben", "ben@example.org");
      let rows = await rowsOf(pool, table);
      expect(rows.map((r) => [r.subject, r.generation, r.kek, r.wrapped?.length, r.forgotten_at])).toEqual([
        ["anna", 1, "test-kek", 60, null],
        ["ben", 1, "test-kek", 60, null],
      ]);
      // Wrapped: the stored bytes are not the key (the vault's ciphertext does not open under them raw) and differ per subject.
      expect(rows[0]!.wrapped!.equals(rows[1]!.wrapped!)).toBe(false);

      await vault.forget("anna");
      rows = await rowsOf(pool, table);
      expect(rows.map((r) => [r.subject, r.generation, r.kek, r.wrapped])).toEqual([
        ["anna", 1, null, null],
        ["ben", 1, "test-kek", rows[1]!.wrapped],
      ]);
      expect(rows[0]!.forgotten_at).toBeInstanceOf(Date);
      expect(await outcome(vault.decrypt("anna", sealed, "c"))).toBe("forgotten");
      // A new vault (another process, a restart) reads the tombstone the same way.
      const other = createPostgresVault({ pool: pools.pool(), kek: await kek(), table });
      expect(await outcome(other.decrypt("anna", sealed, "c"))).toBe("forgotten");
      expect(await outcome(other.decrypt("carl", sealed, "c"))).toBe("VAULT_NO_KEY");
      expect((await other.encrypt("anna", "new")).startsWith("k2.")).toBe(true);
      expect((await rowsOf(pool, table)).find((r) => r.subject === "anna")!.generation).toBe(2);
    });

    it("migrate is idempotent and safe from several processes at once; without it, calls fail saying what to do", async () => {
      const table = newTable();
      const vaults = await Promise.all(Array.from({ length: 6 }, async () => createPostgresVault({ pool: pools.pool(), kek: await kek(), table })));
      await Promise.all(vaults.map((v) => v.migrate()));
      await vaults[0]!.migrate();
      expect(await vaults[1]!.encrypt("anna", "x")).toMatch(/^k1\./);

      const missing = createPostgresVault({ pool: pools.pool(), kek: await kek(), table: newTable("never_migrated") });
      for (const call of [() => missing.encrypt("anna", "x"), () => missing.decrypt("anna", "k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"), () => missing.forget("anna")]) {
        await expect(call()).rejects.toMatchObject({ name: "LawfulCrmError", message: expect.stringMatching(/does not exist: call vault\.migrate\(\)/) });
      }
    });

    it("takes a table in a schema of its own; a subject is a value, never part of the SQL", async () => {
      const pool = pools.pool();
      await pool.query("CREATE SCHEMA IF NOT EXISTS crm_keys");
      const table = `crm_keys.${newTable()}`;
      const vault = await migratedVault(pool, { table });
      expect(vault.table).toBe(table);
      const ct = await vault.encrypt("anna", "x");
      expect((await rowsOf(pool, table)).map((r) => r.subject)).toEqual(["anna"]);
      expect(await vault.decrypt("anna", ct)).toBe("x");
      // Subjects are values, never names: any string is a subject.
      const odd = [`anna'); DROP TABLE ${table}; --`, 'a {"b", c}\\ NULL', "NULL", "zoë 東京 🎉"];
      const sealed = await Promise.all(odd.map((s) => vault.encrypt(s, s)));
      expect(await Promise.all(odd.map((s, i) => vault.decrypt(s, sealed[i]!)))).toEqual(odd); // read in one batch (an array parameter)
      expect((await rowsOf(pool, table)).map((r) => r.subject).sort()).toEqual(["anna", ...odd].sort());
    });
  });

  describe("a wrong key-encryption key fails with a clear error: never forgotten, never VAULT_NO_KEY", () => {
    it("the right id with the wrong bytes: every call rejects with a LawfulCrmError, nothing is written", async () => {
      const pool = pools.pool();
      const table = newTable();
      const vault = await migratedVault(pool, { table });
      const stored = await sealEvents(LOG, vault);
      const sealed = await vault.encrypt("anna", "secret");
      await vault.forget("ben");
      const rowsBefore = await rowsOf(pool, table);

      const wrong = createPostgresVault({ pool: pools.pool(), kek: await kek("test-kek", KEK_BYTES.wrong), table });
      const clear = { name: "LawfulCrmError", code: "INVALID_ARGUMENT", message: expect.stringMatching(/key-encryption key "test-kek" is not the key registered under that id/) };
      await expect(wrong.decrypt("anna", sealed)).rejects.toMatchObject(clear);
      await expect(wrong.decrypt("ben", sealed)).rejects.toMatchObject(clear); // forgotten with the right KEK: still an error here
      await expect(wrong.decrypt("carl", sealed)).rejects.toMatchObject(clear); // never had a key: still an error, not VAULT_NO_KEY
      await expect(wrong.encrypt("dora", "new subject")).rejects.toMatchObject(clear); // no key is made under the wrong KEK
      await expect(wrong.forget("anna")).rejects.toMatchObject(clear);
      await expect(wrong.migrate()).rejects.toMatchObject(clear);
      await expect(replayWithVault(stored, wrong)).rejects.toBeInstanceOf(LawfulCrmError);
      await expect(replayWithVault(stored, wrong)).rejects.toThrow(/not the key registered under that id/);
      expect(await rowsOf(pool, table)).toEqual(rowsBefore);
      expect(await vault.decrypt("anna", sealed)).toBe("secret");
    });

    it("a KEK that is not registered, or a key wrapped under a KEK the vault was not given: a clear error", async () => {
      const pool = pools.pool();
      const table = newTable();
      const vault = await migratedVault(pool, { table });
      const sealed = await vault.encrypt("anna", "secret");
      const typo = createPostgresVault({ pool, kek: await kek("test-kke"), table });
      await expect(typo.decrypt("anna", sealed)).rejects.toMatchObject({ name: "LawfulCrmError", message: expect.stringMatching(/"test-kke" is not registered in .*_keks/) });
      await expect(typo.encrypt("dora", "x")).rejects.toThrow(/is not registered/);

      // Registered on purpose (migrate), but anna's key is wrapped under the other KEK.
      const other = createPostgresVault({ pool, kek: await kek("other-kek", KEK_BYTES.next), table });
      await other.migrate();
      await expect(other.decrypt("anna", sealed)).rejects.toMatchObject({
        name: "LawfulCrmError",
        message: expect.stringMatching(/subject "anna" \(generation 1\) .* is wrapped under key-encryption key "test-kek", which this vault was not given \(it has "other-kek"\).*Nothing was read as forgotten/),
      });
      await expect(other.encrypt("anna", "x")).rejects.toThrow(/which this vault was not given/);
      // A never-had subject is truthfully VAULT_NO_KEY under a registered, correct KEK.
      expect(await outcome(other.decrypt("carl", sealed))).toBe("VAULT_NO_KEY");
    });

    it("a wrapped key altered in the table: a clear error, not forgotten", async () => {
      const pool = pools.pool();
      const table = newTable();
      const vault = await migratedVault(pool, { table });
      const sealed = await vault.encrypt("anna", "secret");
      await pool.query(`UPDATE ${table} SET wrapped = set_byte(wrapped, 20, get_byte(wrapped, 20) # 1) WHERE subject = 'anna'`);
      await expect(vault.decrypt("anna", sealed)).rejects.toMatchObject({ name: "LawfulCrmError", message: expect.stringMatching(/does not open the key of subject "anna".*row was altered/) });
      // Moving ben's wrapped key into anna's row does not open either: a wrapped key is bound to its subject and generation.
      await vault.encrypt("ben", "x");
      await pool.query(`UPDATE ${table} SET wrapped = (SELECT wrapped FROM ${table} WHERE subject = 'ben') WHERE subject = 'anna'`);
      await expect(vault.decrypt("anna", sealed)).rejects.toThrow(/does not open the key of subject "anna"/);
    });
  });

  describe("rotating the key-encryption key", () => {
    it("rewrapKeys moves every live key to the new KEK; forgotten keys stay forgotten; the old KEK is then no longer needed", async () => {
      const pool = pools.pool();
      const table = newTable();
      const oldKek = await kek("kek-2026-01", KEK_BYTES.main);
      const newKek = await kek("kek-2026-02", KEK_BYTES.next);
      const before = await migratedVault(pool, { table, kek: oldKek });
      const stored = await sealEvents(LOG, before);
      const subjects = Array.from({ length: 23 }, (_, i) => `p${String(i).padStart(2, "0")}`);
      const sealed = await Promise.all(subjects.map((s) => before.encrypt(s, `value of ${s}`, "c")));
      for (const s of subjects.slice(0, 5)) await before.forget(s);
      const plain = summary(replay(LOG));

      // During the rotation: new keys under the new KEK, old ones still open.
      const during = createPostgresVault({ pool, kek: newKek, previousKeks: [oldKek], table });
      expect(await during.rewrapKeys(oldKek, newKek, { batchSize: 4 })).toEqual({ rewrapped: 18 + 2, skipped: 0 });
      expect(await during.rewrapKeys(oldKek, newKek)).toEqual({ rewrapped: 0, skipped: 0 });
      const rows = await rowsOf(pool, table);
      expect(rows.filter((r) => r.wrapped !== null).every((r) => r.kek === "kek-2026-02")).toBe(true);
      expect(rows.filter((r) => r.wrapped === null).map((r) => r.subject)).toEqual(subjects.slice(0, 5));

      // After: the new KEK alone reads everything; forgotten subjects are still forgotten.
      const after = createPostgresVault({ pool: pools.pool(), kek: newKek, table });
      const opened = await Promise.all(subjects.map((s, i) => outcome(after.decrypt(s, sealed[i]!, "c"))));
      expect(opened).toEqual(subjects.map((s, i) => (i < 5 ? "forgotten" : `plaintext value of ${s}`)));
      expect(summary(await replayWithVault(stored, after))).toEqual(plain);
      // The old KEK alone no longer opens them: it is not what wraps the keys now.
      await expect(createPostgresVault({ pool, kek: oldKek, table }).decrypt("p10", sealed[10]!, "c")).rejects.toThrow(/wrapped under key-encryption key "kek-2026-02"/);
    });

    it("refuses a wrong old KEK, equal ids, and never brings back a key forgotten while it runs", async () => {
      const pool = pools.pool();
      const table = newTable();
      const oldKek = await kek("kek-a", KEK_BYTES.main);
      const newKek = await kek("kek-b", KEK_BYTES.next);
      const vault = await migratedVault(pool, { table, kek: oldKek });
      const subjects = Array.from({ length: 60 }, (_, i) => `s${String(i).padStart(2, "0")}`);
      const sealed = await Promise.all(subjects.map((s) => vault.encrypt(s, "x")));
      await expect(vault.rewrapKeys(await kek("kek-a", KEK_BYTES.wrong), newKek)).rejects.toThrow(/"kek-a" is not the key registered/);
      await expect(vault.rewrapKeys(oldKek, await kek("kek-a", KEK_BYTES.next))).rejects.toThrow(/distinct ids/);
      await expect(vault.rewrapKeys(oldKek, newKek, { batchSize: 0 })).rejects.toThrow(/batchSize/);
      // Forget every subject while the rewrap runs, a page at a time.
      const forgetting = (async () => {
        for (const s of [...subjects].reverse()) await vault.forget(s);
      })();
      const report = await vault.rewrapKeys(oldKek, newKek, { batchSize: 3 });
      await forgetting;
      expect(report.rewrapped + report.skipped).toBeLessThanOrEqual(subjects.length);
      const rows = await rowsOf(pool, table);
      expect(rows.every((r) => r.wrapped === null && r.kek === null && r.generation === 1)).toBe(true);
      const reader = createPostgresVault({ pool, kek: newKek, previousKeks: [oldKek], table });
      expect(new Set(await Promise.all(subjects.map((s, i) => outcome(reader.decrypt(s, sealed[i]!)))))).toEqual(new Set(["forgotten"]));
    });
  });
});
