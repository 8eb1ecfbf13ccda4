/**
 * The conditions of GDPR Art. 9(2) that lift the prohibition of Art. 9(1)
 * for one subject: recorded with a reference (a namespace of its own, apart
 * from the references of legal bases), ended by a `SpecialConditionEnded`
 * naming it or by its own `until` (exclusive). A condition comes on top of
 * an Art. 6 basis, never instead of it; v1 judges it at the use.
 */
import { covers } from "../_internal/dotted.js";
import { parseTimestamp } from "../_internal/time.js";
import { consentCovers, consentFailures } from "../consent/index.js";
import { EXPLICIT_CONSENT, type EventOf } from "../events/index.js";
import { precedes, within, type ConsentState, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";
import type { SpecialConditionProblem } from "../locale/index.js";

type Condition = Entry<EventOf<"SpecialConditionRecorded">>;
type ConditionEnd = Entry<EventOf<"SpecialConditionEnded">>;

/** Why a recorded condition does not hold for a fact's category and a use purpose at an instant. */
export interface ConditionFailure {
  readonly code: "CONDITION_ENDED" | "CONDITION_EXPIRED" | "CATEGORY_NOT_COVERED" | "PURPOSE_NOT_COVERED" | "CONSENT_MISSING" | "CONSENT_NOT_EFFECTIVE";
  /** A clause that completes "the condition ...": "was ended on ...", "does not cover ...". */
  readonly detail: string;
  /** The events it rests on besides the condition's own recording. */
  readonly eventIds: readonly string[];
  /** The same, for a catalogue to put in the reader's words (GDPR Art. 12(1)). */
  readonly why: SpecialConditionProblem;
}

/** The conditions of `s` recorded by `i`, in (at, position) order. */
export function conditionsOf(v: View, s: SubjectState, i: Instant): Condition[] {
  const out: Condition[] = [];
  for (const e of s.conditions) {
    if (e.t > i.t) break;
    if (within(e, v.size, i)) out.push(e);
  }
  return out;
}

/** The first `SpecialConditionEnded` by `i` that ends condition `c` (same reference, after it), if any. */
export function conditionEndOf(v: View, s: SubjectState, c: Condition, i: Instant): ConditionEnd | undefined {
  for (const e of s.conditionEnds) {
    if (e.t > i.t) break;
    if (e.e.data.reference === c.e.data.reference && within(e, v.size, i) && precedes(c, e)) return e;
  }
  return undefined;
}

/** True when condition `c` still stands at query instant `i`: not ended at or before it, and `i` before its `until`. */
export function conditionInForce(v: View, s: SubjectState, c: Condition, i: Instant): boolean {
  const until = c.e.data.until;
  if (until !== undefined && !(i.t < parseTimestamp(until)!)) return false;
  return conditionEndOf(v, s, c, i) === undefined;
}

/** The consent an explicit-consent condition names, if the subject has it in the snapshot. */
export function conditionConsent(v: View, s: SubjectState, c: Condition): ConsentState | undefined {
  const id = c.e.data.consent;
  const k = id === undefined ? undefined : s.consents.get(id);
  return k !== undefined && k.grant.pos < v.size ? k : undefined;
}

/** Why the explicit consent named by `c` is not effective for `u` at `i` (GDPR Art. 9(2)(a) with Art. 7): empty when it is. */
function consentProblems(v: View, s: SubjectState, c: Condition, u: string, i: Instant): ConditionFailure[] {
  const consent = c.e.data.consent ?? "";
  const id = JSON.stringify(consent);
  const k = conditionConsent(v, s, c);
  if (k === undefined || !within(k.grant, v.size, i)) {
    // A grant later than `i` is not named: a reason rests only on what counts at its instant.
    return [{ code: "CONSENT_MISSING", detail: `rests on consent ${id}, which the person had not given by then`, eventIds: [], why: { kind: "consent-missing", consent } }];
  }
  if (!consentCovers(v, k, u)) {
    return [{ code: "CONSENT_NOT_EFFECTIVE", detail: `rests on consent ${id}, which does not cover ${JSON.stringify(u)}`, eventIds: [k.grant.e.id], why: { kind: "consent-not-covering", consent, purpose: u } }];
  }
  return consentFailures(v, s, k, u, i, "use").map((f) => ({
    code: "CONSENT_NOT_EFFECTIVE",
    detail: `rests on consent ${id}, which ${f.detail}`,
    eventIds: f.eventIds,
    why: { kind: "consent-not-effective", consent, purpose: u, why: f.why },
  }));
}

/**
 * Why condition `c` is not established at query instant `i` for data of
 * `category` used for `u`: every clause it fails, empty when it holds. It
 * holds when recorded by `i`, not ended at or before `i`, `i` before its
 * `until`, its categories cover `category` (a category covers its dotted
 * descendants), its purposes cover `u`, and for explicit consent (A9-2-a) the
 * named consent covers `u` and is effective for it by every consent rule.
 */
export function conditionFailures(v: View, s: SubjectState, c: Condition, category: string, u: string, i: Instant): ConditionFailure[] {
  const d = c.e.data;
  const out: ConditionFailure[] = [];
  const end = conditionEndOf(v, s, c, i);
  if (end !== undefined) out.push({ code: "CONDITION_ENDED", detail: `was ended on ${end.e.at}`, eventIds: [end.e.id], why: { kind: "ended", at: end.e.at } });
  if (d.until !== undefined && !(i.t < parseTimestamp(d.until)!)) {
    out.push({ code: "CONDITION_EXPIRED", detail: `lasted only until ${d.until}`, eventIds: [], why: { kind: "expired", until: d.until } });
  }
  if (!d.categories.some((x) => covers(x, category))) {
    out.push({
      code: "CATEGORY_NOT_COVERED",
      detail: `is for ${d.categories.map((x) => JSON.stringify(x)).join(", ")}, which does not cover ${JSON.stringify(category)}`,
      eventIds: [],
      why: { kind: "category-not-covered", categories: d.categories, category },
    });
  }
  if (!d.purposes.some((p) => covers(p, u))) {
    out.push({
      code: "PURPOSE_NOT_COVERED",
      detail: `is for ${d.purposes.map((p) => JSON.stringify(p)).join(", ")}, which does not cover ${JSON.stringify(u)}`,
      eventIds: [],
      why: { kind: "purpose-not-covered", purposes: d.purposes, purpose: u },
    });
  }
  if (d.condition === EXPLICIT_CONSENT) out.push(...consentProblems(v, s, c, u, i));
  return out;
}

/** The conditions of `s` established at `i` for data of `category` used for `u`. */
export function establishedConditions(v: View, s: SubjectState, category: string, u: string, i: Instant): Condition[] {
  return conditionsOf(v, s, i).filter((c) => conditionFailures(v, s, c, category, u, i).length === 0);
}
