/**
 * NO_SPECIAL_CONDITION (GDPR Art. 9): data of a special category may be
 * processed only where a condition of Art. 9(2) holds, on top of its Art. 6
 * basis. The rules are in src/special/, the sentence here. v1 judges the
 * condition at the use, for the use purpose, not at the collection.
 */
import type { FieldState } from "../facts/index.js";
import type { Instant, SubjectState, View } from "../ledger/index.js";
import { conditionFailures, conditionsOf, specialDeclarations } from "../special/index.js";
import { q, reason } from "./reason.js";
import type { Reason } from "./types.js";

/** NO_SPECIAL_CONDITION for the field's current value, when its category is special at `i` and no condition holds for `u`. */
export function specialConditionReason(v: View, s: SubjectState, fs: FieldState, u: string, i: Instant, field: string): Reason | undefined {
  const rec = fs.current!.rec;
  const category = rec.e.data.category;
  const declared = specialDeclarations(v, category, i);
  if (declared.length === 0) return undefined;
  const ids = [rec.e.id, ...declared.map((d) => d.e.id)];
  const clauses: string[] = [];
  for (const c of conditionsOf(v, s, i)) {
    const failures = conditionFailures(v, s, c, category, u, i);
    if (failures.length === 0) return undefined;
    ids.push(c.e.id);
    for (const f of failures) ids.push(...f.eventIds);
    clauses.push(`condition ${c.e.data.condition} (reference ${q(c.e.data.reference)}) ${failures.map((f) => f.detail).join(", and ")}`);
  }
  const first = declared[0]!;
  const why = clauses.length === 0 ? "no condition of Art. 9(2) is recorded for this person" : `no condition of Art. 9(2) holds: ${clauses.join("; ")}`;
  return reason(
    "NO_SPECIAL_CONDITION",
    `The value of ${q(field)} is of category ${q(category)}, a special category of personal data since ${first.e.at} (declared as ${q(first.e.data.category)}, GDPR Art. 9(1)); for its use for ${q(u)} ${why}.`,
    ids,
    field,
  );
}
