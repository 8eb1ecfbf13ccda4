export { INACTIVE_METHODS, isInactiveMethod } from "./methods.js";
export { noticeOf, informedBy } from "./informed.js";
export { expiryOf } from "./expiry.js";
export { withdrawalOf, withdrawalsOf } from "./withdrawal.js";
export type { ConsentFailureWhy } from "./effectiveness.js";
export { coveringFailures } from "./failures.js";
export { consentCovers, consentFailures, confirmationOf, coveringConsents, validForCollection, effectiveConsent, anyValidForCollection, firstValidForCollection, isValidForCollection } from "./effectiveness.js";
