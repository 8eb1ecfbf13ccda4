export { specialCategoriesAt, specialDeclarations } from "./categories.js";
export { conditionsOf, conditionEndOf, conditionInForce, conditionConsent, conditionFailures, establishedConditions } from "./conditions.js";
export type { ConditionFailure } from "./conditions.js";
