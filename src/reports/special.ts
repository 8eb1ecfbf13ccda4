/** The access report's conditions of GDPR Art. 9(2): each recorded condition for special categories of data, and whether it stands. */
import { defined } from "../_internal/values.js";
import type { ReadContext, SubjectState } from "../ledger/index.js";
import { conditionEndOf, conditionFailures, conditionInForce, conditionsOf } from "../special/index.js";
import type { ReportedSpecialCondition } from "./accessTypes.js";

/** Every condition recorded for `s` by the report's instant, in (at, position) order. */
export function reportSpecialConditions(c: ReadContext, s: SubjectState): ReportedSpecialCondition[] {
  const { v, i } = c;
  return conditionsOf(v, s, i).map((k) => {
    const d = k.e.data;
    const end = conditionEndOf(v, s, k, i);
    // Explicit consent (Art. 9(2)(a)): is the named consent effective for every purpose of the condition now?
    const consentEffective =
      d.consent === undefined ? undefined : d.purposes.every((p) => !conditionFailures(v, s, k, d.categories[0]!, p, i).some((f) => f.code.startsWith("CONSENT_")));
    return defined({
      condition: d.condition,
      categories: [...d.categories],
      purposes: [...d.purposes],
      reference: d.reference,
      consent: d.consent,
      consentEffective,
      until: d.until,
      recordedAt: k.e.at,
      eventId: k.e.id,
      ended: end === undefined ? undefined : { at: end.e.at, eventId: end.e.id },
      inForce: conditionInForce(v, s, k, i),
    }) as ReportedSpecialCondition;
  });
}
