export { sourceEventAt, sourceInForce, sourceRegistration, isOwnDataKind } from "./sources.js";
export { accountLink, accountLinkedFor, departureOf, linkAtRecording, departureRemoves, ownerDeparture } from "./accounts.js";
export type { OwnerDeparture } from "./accounts.js";
export { basisDeclaredForCollection, collectionProblems, lostCollectionConsents } from "./collection.js";
export type { CollectionProblems } from "./collection.js";
export { originsOf, disclosureOf, undisclosedSources } from "./disclosure.js";
export type { Origin } from "./disclosure.js";
