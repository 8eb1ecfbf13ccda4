export { INACTIVE_METHODS, isInactiveMethod } from "./methods.js";
export { noticeOf, informedBy } from "./informed.js";
export { expiryOf } from "./expiry.js";
export { withdrawalOf, withdrawalsOf, withdrawalReaches } from "./withdrawal.js";
export { consentCovers, consentFailures, confirmationOf, coveringConsents, validForCollection, effectiveConsent } from "./effectiveness.js";
export type { ConsentFailure } from "./effectiveness.js";
