export { createMemoryVault, isVaultError, vaultError, VAULT_ERROR_CODES } from "./vault.js";
export type { Vault, MemoryVault, MemoryVaultOptions, VaultError, VaultErrorCode } from "./vault.js";
export { createKeyStoreVault } from "./keystore.js";
export type { VaultKeyStore, VaultKeys, VaultKey } from "./keystore.js";
export { sealEvents, decideWithVault } from "./seal.js";
export { unsealEvents, replayWithVault } from "./unseal.js";
export { eraseSubject } from "./erase.js";
export type { SubjectErasure, EraseSubjectOptions, HeldValue, NotErased } from "./erase.js";
export { isSealed, isForgotten, SEALED_PREFIX, FORGOTTEN_PREFIX, SEALED_FIELDS } from "./markers.js";
