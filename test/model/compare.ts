/**
 * Normalises an engine decision and a model decision to what the
 * differential test compares: `allowed`, the set of reason codes (each with
 * the field it concerns, if any) and the obligations.
 */
import type { Decision } from "../../src/index.js";
import type { ModelDecision } from "./model.js";

export interface Comparable {
  allowed: boolean;
  reasons: string[];
  obligations: string[];
}

const reasonKey = (r: { code: string; field?: string }) => (r.field === undefined ? r.code : `${r.code}@${r.field}`);
const obligationKey = (o: { code: string; field: string; sources: readonly string[] }) => `${o.code}@${o.field}:${[...o.sources].sort().join(",")}`;

export function comparable(d: Decision | ModelDecision): Comparable {
  return {
    allowed: d.allowed,
    reasons: [...new Set(d.reasons.map(reasonKey))].sort(),
    obligations: d.obligations.map(obligationKey).sort(),
  };
}
