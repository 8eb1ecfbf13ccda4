/** Further processing for another purpose (GDPR Art. 5(1)(b), 6(4)). */
import { covers } from "../_internal/dotted.js";
import { latest, type Instant, type View } from "../ledger/index.js";

/**
 * Whether compatibility assessments in force at `i` make a use for `u` of data
 * collected for `purposes` compatible: at least one positive and no negative
 * assessment from a purpose covering a collection purpose to one covering `u`.
 */
export function compatibility(v: View, purposes: readonly string[], u: string, i: Instant): { compatible: boolean; positive: string[]; negative: string[] } {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const list of v.cat.compat.values()) {
    const a = latest(list, v.size, i);
    if (a === undefined) continue;
    const { from, to, compatible } = a.e.data;
    if (!covers(to, u) || !purposes.some((p) => covers(from, p))) continue;
    (compatible ? positive : negative).push(a.e.id);
  }
  return { compatible: positive.length > 0 && negative.length === 0, positive, negative };
}
