import * as E from "fp-ts/lib/Either.js";
import { preview } from "../_internal/json.js";
import { decodeEvent, type AccessPolicyGranted } from "../events/index.js";
import { guardedArgs } from "./build.js";
import type { Vocabulary, VocabularyError } from "./types.js";

/** What an access policy grants: a role the use of data categories for purposes. */
export interface VocabularyGrant {
  readonly policy: string;
  readonly role: string;
  /** Dotted purpose ids (from any vocabulary, or your own). */
  readonly purposes: readonly string[];
  /** Dotted category ids, each one of `vocabulary.categories` (a grant covers their descendants too). */
  readonly categories: readonly string[];
}

/**
 * An `AccessPolicyGranted` event whose categories are checked against a
 * vocabulary's data categories, so that a misspelt category (which replay
 * would accept and which would grant nothing) is an error now:
 * `NOT_IN_VOCABULARY` names every category the vocabulary does not have.
 * Purposes are not checked against it: they may come from another vocabulary
 * or your own catalog.
 *
 * @example
 * ```ts
 * import { accessPolicyFromVocabulary, fromFideslang } from "lawful-crm";
 * const taxonomy = { data_category: [{ fides_key: "user", parent_key: null }, { fides_key: "user.contact", parent_key: "user" }] };
 * const fides = fromFideslang(taxonomy, { at: "2024-01-01T00:00:00Z", idPrefix: "fides:" });
 * if (fides._tag === "Right") {
 *   const grant = accessPolicyFromVocabulary(
 *     fides.right,
 *     { policy: "p-sales", role: "sales", purposes: ["essential.service"], categories: ["user.contacts"] }, // misspelt
 *     { at: "2024-01-01T00:00:00Z", id: "policy:p-sales" },
 *   );
 *   if (grant._tag === "Left") console.error(grant.left.code); //=> NOT_IN_VOCABULARY
 * }
 * ```
 */
export function accessPolicyFromVocabulary(
  vocabulary: Vocabulary,
  grant: VocabularyGrant,
  options: { readonly at: string; readonly id: string; readonly by?: string },
): E.Either<VocabularyError, AccessPolicyGranted> {
  return guardedArgs("accessPolicyFromVocabulary", { vocabulary, grant, options }, (c) =>
    policy(c["vocabulary"] as Vocabulary, c["grant"] as VocabularyGrant, c["options"] as { readonly at: string; readonly id: string; readonly by?: string }),
  );
}

function policy(vocabulary: Vocabulary, grant: VocabularyGrant, options: { readonly at: string; readonly id: string; readonly by?: string }): E.Either<VocabularyError, AccessPolicyGranted> {
  const known = new Set((vocabulary?.categories ?? []).map((c) => c.category));
  const categories: unknown = grant?.categories;
  if (!Array.isArray(categories)) return E.left({ code: "INVALID_INPUT", message: `accessPolicyFromVocabulary(): grant.categories must be an array of category ids, got ${preview(categories)}.` });
  const unknown = categories.filter((c) => typeof c !== "string" || !known.has(c));
  if (unknown.length > 0) {
    return E.left({
      code: "NOT_IN_VOCABULARY",
      message: `accessPolicyFromVocabulary(): ${unknown.map(preview).join(", ")} ${unknown.length === 1 ? "is not a data category" : "are not data categories"} of this ${vocabulary?.source ?? ""} vocabulary.`,
    });
  }
  const raw = {
    id: options?.id,
    type: "AccessPolicyGranted",
    at: options?.at,
    ...(options?.by !== undefined ? { by: options.by } : {}),
    data: { policy: grant.policy, role: grant.role, purposes: grant.purposes, categories },
  };
  const decoded = decodeEvent(raw);
  if (decoded._tag === "Left") return E.left({ code: "INVALID_INPUT", message: `accessPolicyFromVocabulary(): ${decoded.left.message}` });
  return E.right(decoded.right as AccessPolicyGranted);
}
