/**
 * The test files share one module graph (vitest.config.ts: `isolate: false`),
 * so the library's three module-level settings must be as the library ships
 * them after every file: a file that leaves one changed fails here, by name,
 * instead of changing the answers of the files that run after it.
 */
import { afterAll, expect } from "vitest";
import { SHARD_CAPACITY, setDefaultShardCapacity } from "../../src/_internal/bigmap.js";
import { say } from "../../src/decisions/say.js";
import { INDEXING } from "../../src/ledger/spans.js";
import { english } from "../../src/locale/index.js";

// Read once per worker, when the first file starts (a setup file may run again for each file).
const g = globalThis as { lawfulCrmShipped?: { readonly indexingFrom: number } };
const shipped = (g.lawfulCrmShipped ??= { indexingFrom: INDEXING.from });

afterAll(() => {
  expect(INDEXING.from, "INDEXING.from left changed by this file").toBe(shipped.indexingFrom);
  expect(setDefaultShardCapacity(SHARD_CAPACITY), "the default shard capacity left changed by this file").toBe(SHARD_CAPACITY);
  expect(say(), "the reasons' language left changed by this file").toBe(english.reasons);
});
