export { whoMayUse, accessMatrix } from "./matrix.js";
export type { AccessGrant } from "./matrix.js";
export { policiesInForce, policiesFor, grantsCategory } from "./policies.js";
