/** The record of processing's special categories (GDPR Art. 30(1)(c) with Art. 9): per purpose, the sensitive data held and the conditions of Art. 9(2) relied on. */
import { BigSet } from "../_internal/bigmap.js";
import { overlaps } from "../_internal/dotted.js";
import { cmp } from "../_internal/values.js";
import type { SpecialCondition } from "../events/index.js";
import { subjectsAt, type FactState, type Instant, type Store, type View } from "../ledger/index.js";
import { conditionInForce, conditionsOf, specialDeclarations } from "../special/index.js";

/** The special categories of data held for one purpose, and the conditions of Art. 9(2) relied on for it. */
export interface SpecialProcessing {
  /** Categories of the data held for the purpose that are special at the record's instant, with counts. */
  readonly specialCategories: readonly { readonly category: string; readonly facts: number; readonly subjects: number }[];
  /** Conditions of Art. 9(2) in force (recorded, not ended, before `until`) whose purposes cover the purpose or one under it, by condition. */
  readonly specialConditions: readonly { readonly condition: SpecialCondition; readonly categories: readonly string[]; readonly subjects: number }[];
}

/** The special categories among `held` (the facts held for purpose `p`) and the conditions relied on for `p`, at `i`. */
export function specialProcessing(store: Store, v: View, i: Instant, p: string, held: readonly { subject: string; f: FactState }[]): SpecialProcessing {
  // Subjects per category: a BigSet, since a V8 Set holds at most 2^24 entries.
  const cats = new Map<string, { facts: number; subjects: BigSet<string> }>();
  for (const x of held) {
    const category = x.f.rec.e.data.category;
    if (specialDeclarations(v, category, i).length === 0) continue;
    const e = cats.get(category) ?? { facts: 0, subjects: new BigSet<string>() };
    e.facts++;
    e.subjects.add(x.subject);
    cats.set(category, e);
  }
  const conds = new Map<SpecialCondition, { categories: Set<string>; subjects: BigSet<string> }>();
  for (const s of subjectsAt(store, v.size, i.t)) {
    for (const k of conditionsOf(v, s, i)) {
      if (!k.e.data.purposes.some((q) => overlaps(q, p)) || !conditionInForce(v, s, k, i)) continue;
      const e = conds.get(k.e.data.condition) ?? { categories: new Set<string>(), subjects: new BigSet<string>() };
      for (const c of k.e.data.categories) e.categories.add(c);
      e.subjects.add(s.id);
      conds.set(k.e.data.condition, e);
    }
  }
  return {
    specialCategories: [...cats].sort((a, b) => cmp(a[0], b[0])).map(([category, e]) => ({ category, facts: e.facts, subjects: e.subjects.size })),
    specialConditions: [...conds]
      .sort((a, b) => cmp(a[0], b[0]))
      .map(([condition, e]) => ({ condition, categories: [...e.categories].sort(cmp), subjects: e.subjects.size })),
  };
}
