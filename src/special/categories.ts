/**
 * Special categories of personal data (GDPR Art. 9(1)): racial or ethnic
 * origin, political opinions, religious or philosophical beliefs, trade union
 * membership, genetic data, biometric data for identification, health, sex
 * life or sexual orientation. The catalog declares which of its data
 * categories are special; a declaration covers the category and its dotted
 * descendants from its `at` on, and is never retired (fail closed: data once
 * known to be sensitive stays so).
 */
import { covers } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { within, type Entry, type Instant, type View } from "../ledger/index.js";

type Declaration = Entry<EventOf<"SpecialCategoryDeclared">>;

/** Every `SpecialCategoryDeclared` of the store's catalog, in (at, position) order, whatever the snapshot. */
function allDeclarations(v: View): readonly Declaration[] {
  return v.cat.specials;
}

/** The special-category declarations in force at `i` (all of them by then: none is ever retired), in (at, position) order. */
export function specialCategoriesAt(v: View, i: Instant): Declaration[] {
  return allDeclarations(v).filter((d) => within(d, v.size, i));
}

/** The declarations by `i` that make data of `category` special: those of the category itself or of an ancestor. */
export function specialDeclarations(v: View, category: string, i: Instant): Declaration[] {
  const all = allDeclarations(v);
  if (all.length === 0) return [];
  return all.filter((d) => within(d, v.size, i) && covers(d.e.data.category, category));
}
