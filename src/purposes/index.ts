export { declarationOf, declaredBy, retirementsOf, purposeInForce, attribute, legalBasesOf } from "./catalog.js";
export { compatibility } from "./compatibility.js";
export { retentionEnd, collectionRetentionEnd, retentionPassed, retentionExpired } from "./retention.js";
