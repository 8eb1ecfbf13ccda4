import { eventOf } from "../events/index.js";
import { ledgerOfStore, replay, sourceNotesOf, storeOf, Undecoded, type Ledger } from "../ledger/index.js";
import { unsealEvents, type Vault } from "../vault/index.js";
import { restore, setSnapshotPosition, snapshotPosition, type SnapshotError } from "./snapshot.js";

/**
 * Restores a snapshot of a sealed log and opens it with a vault: the ledger
 * `replayWithVault` builds from the same stored events — sealed values
 * read in clear, a value whose subject's key was forgotten read as
 * forgotten, an event the vault cannot open rejected with
 * `SEALED_VALUE_UNREADABLE`. Snapshot the sealed ledger (a plain `replay`
 * of the stored events), so that the snapshot holds only ciphertexts.
 * Opening every sealed value needs the whole history: this costs the
 * vault's decryptions and a replay of the stored events, as
 * `replayWithVault` does (no lazy restore here). Resolves to the same
 * error values as {@link restore} for bad bytes; rejects with a
 * `LawfulCrmError` only when `vault` is not a vault or the vault fails to
 * answer, as `unsealEvents` does.
 *
 * @example
 * ```ts
 * import { createMemoryVault, profile, replay, restoreWithVault, sealEvents, snapshot } from "lawful-crm";
 * const vault = createMemoryVault();
 * const stored = await sealEvents([{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1",
 *   field: "email", value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }], vault);
 * const bytes = snapshot(replay(stored)); // ciphertexts only
 * console.log(new TextDecoder().decode(bytes).includes("anna@example.org")); //=> false
 * const ledger = await restoreWithVault(bytes, vault);
 * if ("error" in ledger) throw new Error(ledger.error.message);
 * console.log(profile(ledger, "anna").fields.map((f) => f.current?.value)); //=> [ 'anna@example.org' ]
 * ```
 */
export async function restoreWithVault(bytes: Uint8Array | ArrayBuffer, vault: Vault): Promise<Ledger | SnapshotError> {
  const sealed = restore(bytes);
  if ("error" in sealed) return sealed;
  const store = storeOf(sealed);
  // The stored items as the sealed ledger keeps them: an accepted or
  // rejected event as decoded, a raw item as copied (not JSON: as kept).
  const canons = new Array<unknown>(sealed.size);
  const items = new Array<unknown>(sealed.size);
  for (let p = 0; p < sealed.size; p++) {
    const c = store.log[p]!;
    canons[p] = c;
    items[p] = !(c instanceof Undecoded) ? eventOf(c) : c.copyable ? c.raw : c;
  }
  const opened = await unsealEvents(items, vault);
  // What opening left unchanged is replayed as the sealed ledger kept it
  // (the same outcome as the stored item), the rest as opened.
  // (A decoded record is handed over as its plain event: the record refers to itself, which replay's intake reads as a cycle.)
  const replayed = replay(opened.map((x, p) => (x === items[p] && canons[p] instanceof Undecoded ? canons[p] : x)));
  // A streamed replay's rejects keep their source lines, as in the sealed ledger.
  const notes = sourceNotesOf(store);
  const ledger = notes === undefined ? replayed : ledgerOfStore(storeOf(replayed), notes);
  setSnapshotPosition(ledger, snapshotPosition(sealed));
  return ledger;
}
