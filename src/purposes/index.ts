export { declarationOf, declaredBy, firstDeclaration, retirementsOf, purposeInForce, attribute, durationAttribute, legalBasesOf, declaredDurations } from "./catalog.js";
export { compatibility } from "./compatibility.js";
export { retentionEnd, collectionRetentionEnd, retentionPassed, retentionExpired } from "./retention.js";
