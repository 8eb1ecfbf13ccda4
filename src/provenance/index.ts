export { sourceEventAt, sourceInForce, sourceRegistration, isOwnDataKind } from "./sources.js";
export { accountLinkedFor, departureOf, linkAtRecording, departureRemoves, ownerDeparture } from "./accounts.js";
export { collectionProblems, lostCollectionConsents } from "./collection.js";
export { originsOf, disclosureOf, undisclosedSources } from "./disclosure.js";
