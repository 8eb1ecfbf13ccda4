/**
 * NO_SPECIAL_CONDITION (GDPR Art. 9): data of a special category may be
 * processed only where a condition of Art. 9(2) holds, on top of its Art. 6
 * basis. The rules are in src/special/, the sentence here. v1 judges the
 * condition at the use, for the use purpose, not at the collection.
 */
import type { FieldState } from "../facts/index.js";
import type { Instant, SubjectState, View } from "../ledger/index.js";
import { conditionFailures, conditionsOf, specialDeclarations } from "../special/index.js";
import type { SpecialConditionFailure } from "../locale/index.js";
import { reason } from "./reason.js";
import { say } from "./say.js";
import type { Reason } from "./types.js";

/** NO_SPECIAL_CONDITION for the field's current value, when its category is special at `i` and no condition holds for `u`. */
export function specialConditionReason(v: View, s: SubjectState, fs: FieldState, u: string, i: Instant, field: string): Reason | undefined {
  const rec = fs.current!.rec;
  const category = rec.e.data.category;
  const declared = specialDeclarations(v, category, i);
  if (declared.length === 0) return undefined;
  const ids = [rec.e.id, ...declared.map((d) => d.e.id)];
  const conditions: SpecialConditionFailure[] = [];
  for (const c of conditionsOf(v, s, i)) {
    const failures = conditionFailures(v, s, c, category, u, i);
    if (failures.length === 0) return undefined;
    ids.push(c.e.id);
    for (const f of failures) ids.push(...f.eventIds);
    conditions.push({ condition: c.e.data.condition, reference: c.e.data.reference, problems: failures.map((f) => f.why) });
  }
  const first = declared[0]!;
  const message = say().NO_SPECIAL_CONDITION({ field, category, since: first.e.at, declaredAs: first.e.data.category, purpose: u, conditions });
  return reason("NO_SPECIAL_CONDITION", message, ids, field);
}
