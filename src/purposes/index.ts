export { declarationOf, declaredBy, retirementsOf, purposeInForce, attribute, durationAttribute, legalBasesOf, declaredDurations, consentTermsOf } from "./catalog.js";
export type { ConsentTerms } from "./catalog.js";
export { compatibility } from "./compatibility.js";
export { retentionEnd, collectionRetentionEnd, retentionPassed, retentionExpired } from "./retention.js";
