import * as E from "fp-ts/lib/Either.js";
import { preview } from "../_internal/json.js";
import { isDottedId } from "../_internal/dotted.js";
import { assemble, checkOptions, guardedArgs, type Candidate } from "./build.js";
import type { Vocabulary, VocabularyError, VocabularyOptions } from "./types.js";

/** One entry of a fideslang taxonomy file, as its JSON has it; other fields are ignored. */
export interface FideslangEntry {
  /** The dotted key, e.g. `marketing.advertising` or `user.contact.email`. */
  readonly fides_key: string;
  readonly name?: string | null;
  readonly description?: string | null;
  /** The key of the parent (the key without its last segment), or `null` at the top. */
  readonly parent_key?: string | null;
  readonly version_deprecated?: string | null;
  readonly replaced_by?: string | null;
  readonly [field: string]: unknown;
}

/**
 * The parsed JSON of fideslang's taxonomy files: `data_uses.json` gives
 * `data_use`, `data_categories.json` gives `data_category`; merge the two
 * objects to import both at once.
 */
export interface FideslangTaxonomy {
  readonly data_use?: readonly FideslangEntry[];
  readonly data_category?: readonly FideslangEntry[];
}

function candidates(entries: readonly unknown[], kind: "purpose" | "category"): Candidate[] {
  return entries.map((raw, k): Candidate => {
    const where = `#${k}`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      return { kind, term: where, segment: "", name: "", description: "", problem: { code: "INVALID_ENTRY", reason: `Entry ${k} is not an object but ${preview(raw)}.` } };
    }
    const e = raw as Record<string, unknown>;
    const key = e["fides_key"];
    if (typeof key !== "string" || key === "") {
      return { kind, term: where, segment: "", name: "", description: "", problem: { code: "INVALID_ENTRY", reason: `Entry ${k} has no fides_key string (got ${preview(key)}).` } };
    }
    const name = typeof e["name"] === "string" && e["name"] !== "" ? e["name"] : key;
    const text = typeof e["description"] === "string" ? e["description"].trim() : "";
    const base = { kind, term: key, key, segment: key.slice(key.lastIndexOf(".") + 1), name, description: text === "" ? name : `${name}: ${text}` };
    const parent = e["parent_key"];
    const withParent = typeof parent === "string" && parent !== "" ? { ...base, parentKey: parent } : base;
    if (!isDottedId(key)) return { ...withParent, problem: { code: "INVALID_ID", reason: `Its key ${preview(key)} is not a dotted id (non-empty segments joined by single dots).` } };
    if (parent !== undefined && parent !== null && typeof parent !== "string") {
      return { ...withParent, problem: { code: "INVALID_ENTRY", reason: `Its parent_key is ${preview(parent)}, not a string or null.` } };
    }
    // The key is the path: fideslang's own rule, which keeps our dotted hierarchy the same as theirs.
    const dot = key.lastIndexOf(".");
    const expected = dot < 0 ? undefined : key.slice(0, dot);
    const given = typeof parent === "string" && parent !== "" ? parent : undefined;
    if (given !== expected) {
      return {
        ...withParent,
        problem: { code: "PARENT_MISMATCH", reason: `Its parent_key is ${given === undefined ? "empty" : preview(given)} but its key says ${expected === undefined ? "it is at the top" : preview(expected)}.` },
      };
    }
    const deprecated = e["version_deprecated"];
    if (deprecated !== undefined && deprecated !== null && deprecated !== "") {
      const by = e["replaced_by"];
      return {
        ...withParent,
        problem: { code: "DEPRECATED", reason: `Deprecated since fideslang ${String(deprecated)}${typeof by === "string" && by !== "" ? `; replaced by ${by}` : ""}.` },
      };
    }
    return withParent;
  });
}

/**
 * Turns the Fides default taxonomy (fideslang) into catalog events: one
 * `PurposeDeclared` per data use, under its own dotted key (fideslang keys are
 * already dotted paths, `marketing.advertising.first_party`), described by its
 * name and description, with the legal bases you give per purpose (a taxonomy
 * carries none); and its data categories (`user.contact.email`) as the ids to
 * record facts under and grant in access policies. Deprecated entries and
 * entries whose parent is missing or inconsistent are left out and listed in
 * `unmapped`, never dropped silently. Pure: `at` and the ids come from the options.
 *
 * Data: Fides Taxonomy (fideslang) © Ethyca, Inc., https://github.com/ethyca/fideslang,
 * licensed CC BY 4.0; the library ships none of it, you pass the files in.
 *
 * @example
 * ```ts
 * import { fromFideslang, replay } from "lawful-crm";
 * // Normally the parsed JSON of fideslang's data_uses.json and data_categories.json, merged; two entries of each here:
 * const taxonomy = {
 *   data_use: [
 *     { fides_key: "essential", name: "Essential", description: "Operates the service or product.", parent_key: null },
 *     { fides_key: "marketing", name: "Marketing", description: "Promotes the product.", parent_key: null },
 *   ],
 *   data_category: [
 *     { fides_key: "user", name: "User Data", parent_key: null },
 *     { fides_key: "user.contact", name: "Contact Data", parent_key: "user" },
 *   ],
 * };
 * const r = fromFideslang(taxonomy, {
 *   at: "2024-01-01T00:00:00Z",
 *   idPrefix: "fides:",
 *   legalBases: { essential: ["contract"] }, // a taxonomy carries no legal basis: a purpose without one is left out
 * });
 * if (r._tag === "Right") {
 *   const ledger = replay(r.right.events);
 *   console.log("declared:", ledger.accepted, "categories:", r.right.categories.map((c) => c.category)); //=> declared: 1 categories: [ 'user', 'user.contact' ]
 *   console.log("left out:", r.right.unmapped.map((u) => `${u.term} ${u.code}`)); //=> left out: [ 'marketing NO_LEGAL_BASIS' ]
 * }
 * ```
 */
export function fromFideslang(taxonomy: FideslangTaxonomy, options: VocabularyOptions): E.Either<VocabularyError, Vocabulary> {
  return guardedArgs("fromFideslang", { taxonomy, options }, (c) => fideslang(c["taxonomy"] as FideslangTaxonomy, c["options"] as VocabularyOptions));
}

function fideslang(taxonomy: FideslangTaxonomy, options: VocabularyOptions): E.Either<VocabularyError, Vocabulary> {
  if (typeof taxonomy !== "object" || taxonomy === null || Array.isArray(taxonomy)) {
    return E.left({ code: "INVALID_INPUT", message: `fromFideslang(): expected the parsed JSON of fideslang's data_uses.json and/or data_categories.json, got ${preview(taxonomy)}.` });
  }
  const uses: unknown = (taxonomy as Record<string, unknown>)["data_use"];
  const cats: unknown = (taxonomy as Record<string, unknown>)["data_category"];
  for (const [name, v] of [["data_use", uses], ["data_category", cats]] as const) {
    if (v !== undefined && !Array.isArray(v)) return E.left({ code: "INVALID_INPUT", message: `fromFideslang(): ${name} must be an array of entries, got ${preview(v)}.` });
  }
  if (uses === undefined && cats === undefined) {
    return E.left({ code: "INVALID_INPUT", message: "fromFideslang(): the taxonomy has neither data_use nor data_category (pass the parsed JSON of data_uses.json and/or data_categories.json)." });
  }
  const o = checkOptions("fromFideslang", options);
  if (o._tag === "Left") return o;
  return assemble("fromFideslang", "fideslang", o.right, candidates((uses ?? []) as unknown[], "purpose"), candidates((cats ?? []) as unknown[], "category"));
}
