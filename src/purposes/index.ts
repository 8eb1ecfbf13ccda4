export { declarationOf, firstDeclaration, declaredBy, retirementsOf, purposeInForce, attribute, legalBasesOf } from "./catalog.js";
export type { PurposeAttribute } from "./catalog.js";
export { compatibility } from "./compatibility.js";
export { retentionEnd, collectionRetention, retentionExpired } from "./retention.js";
export type { CollectionRetention } from "./retention.js";
