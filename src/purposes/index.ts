export { declarationOf, declaredBy, retirementsOf, purposeInForce, attribute, legalBasesOf } from "./catalog.js";
export { compatibility } from "./compatibility.js";
export { collectionRetention, retentionExpired } from "./retention.js";
