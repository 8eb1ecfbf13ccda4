export { snapshot, restore, snapshotPosition, isSnapshotError, SNAPSHOT_ERROR_CODES, SNAPSHOT_FORMAT_VERSION } from "./snapshot.js";
export type { SnapshotError, SnapshotErrorCode, SnapshotOptions } from "./snapshot.js";
export { restoreWithVault } from "./vault.js";
