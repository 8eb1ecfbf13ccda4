/**
 * Where the vocabulary tests read the public taxonomy files: from
 * `../shared/fixtures` beside the checkout (or beside the worktree folder it
 * sits in) when it is there, else from the unmodified copies in
 * `./fixtures` (see its README for sources and licences), so that a clone
 * without the shared folder still runs every test.
 */
import { existsSync, readFileSync } from "node:fs";
import type { FideslangEntry } from "../../src/index.js";

const ROOT = new URL("../../", import.meta.url);
const COPY = new URL("./fixtures/", import.meta.url);

/** The shared fixtures folder, when it is beside the checkout. */
export const SHARED: URL | undefined = ["../shared/fixtures/", "../../shared/fixtures/"]
  .map((p) => new URL(p, ROOT))
  .find((u) => existsSync(new URL("fideslang/data_uses.json", u)) && existsSync(new URL("dpv/dpv-core/purposes.csv", u)));

/** The files the tests use, relative to the fixtures folder. */
export const FILES = [
  "fideslang/data_uses.json",
  "fideslang/data_categories.json",
  "fideslang/LICENSE",
  "dpv/dpv-core/purposes.csv",
  "dpv/dpv-core/legal_basis.csv",
  "dpv/eu-gdpr/legal_basis.csv",
  "dpv/LICENSE.md",
] as const;

/** The text of a fixture file, from the shared folder when there is one. */
export function fixture(path: (typeof FILES)[number]): string {
  return readFileSync(new URL(path, SHARED ?? COPY), "utf8");
}

/** The text of the copy kept in this repository. */
export function copy(path: (typeof FILES)[number]): string {
  return readFileSync(new URL(path, COPY), "utf8");
}

/** The fideslang default taxonomy: data uses and data categories, as one object. */
export function fidesTaxonomy(): { data_use: FideslangEntry[]; data_category: FideslangEntry[] } {
  return { ...JSON.parse(fixture("fideslang/data_uses.json")), ...JSON.parse(fixture("fideslang/data_categories.json")) };
}
