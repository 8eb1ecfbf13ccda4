/** The write side's loop, once: a command, the events it makes, the ledger with them. */
import * as E from "fp-ts/lib/Either.js";
import type { LedgerEvent } from "../events/index.js";
import { apply, type Ledger } from "../ledger/index.js";
import type { CommandInput, CommandType } from "./codecs.js";
import { decide, type DecideContext } from "./decide.js";
import { err, type CommandError } from "./errors.js";

/**
 * What {@link decideAndApply} gives for an accepted command.
 *
 * @example
 * ```ts
 * import { decideAndApply, replay, type Decided } from "lawful-crm";
 * const r = decideAndApply({ type: "retireSource", data: { source: "xing" } }, replay([]), { now: () => "2024-05-01T09:00:00Z", newId: () => "e-1" });
 * const done: Decided | undefined = r._tag === "Right" ? r.right : undefined;
 * console.log("events:", done?.events.length, "accepted:", done?.ledger.accepted); //=> events: 1 accepted: 1
 * ```
 */
export interface Decided {
  /** The events the command made, in order: append them to your log. */
  readonly events: readonly LedgerEvent[];
  /** The ledger given, with these events applied (the one given is unchanged). */
  readonly ledger: Ledger;
}

/**
 * Decides a command and applies the events it makes: `Right({ events,
 * ledger })` to append and to decide the next command against, or
 * `Left(errors)` exactly as {@link decide} refuses it (the ledger given is
 * unchanged either way). Pure: the clock and the ids come from `context`,
 * so the same inputs give the same answer.
 *
 * @example
 * ```ts
 * import { decideAndApply, replay, type Command, type LedgerEvent } from "lawful-crm";
 * let n = 0;
 * const context = { now: () => "2024-02-01T10:00:00Z", newId: () => `e${++n}` };
 * const commands: Command[] = [
 *   { type: "declarePurpose", data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
 *   { type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
 * ];
 * let ledger = replay([]);
 * const log: LedgerEvent[] = [];
 * for (const command of commands) {
 *   const r = decideAndApply(command, ledger, context);
 *   if (r._tag === "Left") { console.error("refused:", r.left.map((e) => `${e.code}: ${e.message}`)); break; }
 *   log.push(...r.right.events);
 *   ledger = r.right.ledger;
 * }
 * console.log("appended:", log.map((e) => e.id), "accepted:", ledger.accepted); //=> appended: [ 'e1', 'e2' ] accepted: 2
 * ```
 */
export function decideAndApply<C extends CommandType>(command: CommandInput<C>, ledger: Ledger, context: DecideContext): E.Either<CommandError[], Decided> {
  const r = decide(command, ledger, context);
  if (r._tag === "Left") return r;
  let after = ledger;
  for (const e of r.right) {
    const before = after.rejected.length;
    after = apply(after, e);
    // decide checked the event as replay would: a reject here is a bug, refused rather than returned as accepted.
    const rejected = after.rejected[before];
    if (rejected !== undefined) {
      return E.left([err("WOULD_BE_REJECTED", "", `replay rejects the event ${JSON.stringify(e.id)} (${rejected.code}): ${rejected.reason}`, rejected)]);
    }
  }
  return E.right(Object.freeze({ events: Object.freeze([...r.right]), ledger: after }));
}
