/**
 * The strings that stand in for a personal value in an event when it is
 * sealed by a {@link Vault} (`lawful-crm:sealed:v1:<ciphertext>`) or when it
 * was sealed and its subject's key has been forgotten
 * (`lawful-crm:forgotten:v1:<digest of the ciphertext>`). No crypto here:
 * reports import these to show such values as encrypted or forgotten.
 */

/** Prefix of a sealed (encrypted) personal value in a stored event. */
export const SEALED_PREFIX = "lawful-crm:sealed:v1:";

/** Prefix of a personal value whose subject's key was forgotten (crypto-shredded). */
export const FORGOTTEN_PREFIX = "lawful-crm:forgotten:v1:";

/** The event fields a vault seals: fact `value` and `sourceRef`, consent `evidence`. */
export const SEALED_FIELDS = {
  FactRecorded: ["value", "sourceRef"],
  FactCorrected: ["value", "sourceRef"],
  ConsentGranted: ["evidence"],
  ConsentConfirmed: ["evidence"],
  ConsentWithdrawn: ["evidence"],
} as const satisfies Record<string, readonly string[]>;

/** An event type with sealed fields. */
export type SealedEventType = keyof typeof SEALED_FIELDS;

/** The fields a vault seals in events of `type` (empty for every other type). */
export function sealedFieldsOf(type: unknown): readonly string[] {
  return typeof type === "string" && Object.prototype.hasOwnProperty.call(SEALED_FIELDS, type) ? SEALED_FIELDS[type as SealedEventType] : [];
}

/**
 * True when `value` is a sealed personal value: an event read without its
 * vault (a plain `replay` of the stored events) shows these.
 *
 * @example
 * ```ts
 * import { createMemoryVault, isSealed, profile, replay, sealEvents } from "lawful-crm";
 * const storedEvents = await sealEvents([{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1",
 *   field: "email", value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }], createMemoryVault());
 * const v = profile(replay(storedEvents), "anna").fields[0]?.current?.value;
 * if (isSealed(v)) console.log("encrypted: read the log with replayWithVault"); //=> encrypted: read the log with replayWithVault
 * ```
 */
export function isSealed(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(SEALED_PREFIX);
}

/**
 * True when `value` stands for a personal value that was sealed and whose
 * subject's key has been forgotten (GDPR Art. 17 by crypto-shredding).
 *
 * @example
 * ```ts
 * import { createMemoryVault, isForgotten, profile, replayWithVault, sealEvents } from "lawful-crm";
 * const vault = createMemoryVault();
 * const storedEvents = await sealEvents([{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1",
 *   field: "email", value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }], vault);
 * await vault.forget("anna");
 * const ledger = await replayWithVault(storedEvents, vault);
 * for (const f of profile(ledger, "anna").fields) if (isForgotten(f.current?.value)) console.log(f.field, "forgotten"); //=> email forgotten
 * ```
 */
export function isForgotten(value: unknown): boolean {
  return typeof value === "string" && value.startsWith(FORGOTTEN_PREFIX);
}
