export { liftOf, objectionsInForce } from "./objections.js";
export { restrictionInForce } from "./restriction.js";
