export { basisEndOf, basisInForce } from "./recorded.js";
export { establishedBases, isEstablished } from "./established.js";
export type { Established } from "./established.js";
