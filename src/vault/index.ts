export { createMemoryVault } from "./vault.js";
export type { Vault, MemoryVault, MemoryVaultOptions } from "./vault.js";
export { sealEvents, unsealEvents, replayWithVault, decideWithVault } from "./seal.js";
export { eraseSubject } from "./erase.js";
export type { SubjectErasure, EraseSubjectOptions, HeldValue, NotErased } from "./erase.js";
export { isSealed, isForgotten, SEALED_PREFIX, FORGOTTEN_PREFIX, SEALED_FIELDS } from "./markers.js";
