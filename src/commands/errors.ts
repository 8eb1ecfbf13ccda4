/** What `decide` answers when it refuses a command. */
import type { RejectCode } from "../ledger/index.js";

/**
 * Why `decide` refused a command: every refusal code, as a runtime list
 * (docs/commands.md gives each with an example).
 *
 * @example
 * ```ts
 * import { COMMAND_ERROR_CODES } from "lawful-crm";
 * console.log("a code:", COMMAND_ERROR_CODES.includes("CONSENT_NOT_ACTIVE")); //=> a code: true
 * ```
 */
export const COMMAND_ERROR_CODES = [
  "INVALID_COMMAND",
  "WOULD_BE_REJECTED",
  "SOURCE_NOT_REGISTERED",
  "ACCOUNT_NOT_LINKED",
  "UNKNOWN_PURPOSE",
  "PURPOSE_RETIRED",
  "BASIS_NOT_DECLARED",
  "NO_CONSENT_FOR_COLLECTION",
  "IMPORT_NEEDS_CONSENT",
  "CONSENT_NOT_ACTIVE",
  "CONSENT_UNINFORMED",
] as const;
/**
 * A refusal code of `decide`.
 *
 * @example
 * ```ts
 * import type { CommandErrorCode } from "lawful-crm";
 * const code: CommandErrorCode = "SOURCE_NOT_REGISTERED";
 * console.log("code:", code); //=> code: SOURCE_NOT_REGISTERED
 * ```
 */
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

/**
 * One refusal: a code, the offending field's path, and a sentence.
 *
 * @example
 * ```ts
 * import { decide, replay, type CommandError } from "lawful-crm";
 * const r = decide({ type: "correctFact", subject: "anna", data: { fact: "f1", value: "x", source: "crm" } }, replay([]),
 *   { now: () => "2024-05-01T09:00:00Z", newId: () => "e-1" });
 * const errors: readonly CommandError[] = r._tag === "Left" ? r.left : [];
 * for (const e of errors) console.log(`${e.code}: ${e.message}`);
 * //=> WOULD_BE_REJECTED: replay would reject this event (UNKNOWN_FACT): corrects fact "f1", which subject "anna" does not have earlier in the log.
 * console.log("replay's reject code:", errors[0]?.reject); //=> replay's reject code: UNKNOWN_FACT
 * ```
 */
export interface CommandError {
  readonly code: CommandErrorCode;
  /** Dotted path of the offending field (`data.source`), `""` for the whole command. */
  readonly path: string;
  /**
   * One sentence saying what is wrong; it begins with the path when there is
   * one (`data.method: a consent captured as "pre-ticked" is not…`), so it
   * reads on its own: print `${code}: ${message}`, not the path again.
   */
  readonly message: string;
  /** With `WOULD_BE_REJECTED`: the reject code replay would give. */
  readonly reject?: RejectCode;
  /** With `WOULD_BE_REJECTED`: the sentence replay would give (the `reason` of the entry in `ledger.rejected`). */
  readonly reason?: string;
}


/** A frozen refusal. */
export const err = (code: CommandErrorCode, path: string, message: string, reject?: { code: RejectCode; reason: string }): CommandError =>
  Object.freeze(reject === undefined ? { code, path, message } : { code, path, message, reject: reject.code, reason: reject.reason });

