/**
 * lawful-crm's write side in Emmett's Decider shape, and the error its
 * `decide` throws.
 */
import { EmmettError, type Decider } from "@event-driven-io/emmett";
import { v7 as uuidv7 } from "uuid";
import { apply, decide, replay, type Command, type CommandError, type CommandErrorCode, type Ledger } from "../index.js";
import { fromEmmettEvent, toEmmettEvent, type LawfulCrmEmmettEvent } from "./events.js";

/**
 * A lawful-crm command in Emmett's command shape: the command itself
 * (`{ type, subject?, by?, at?, id?, data }`), optionally with Emmett's
 * `metadata.now`, which then is the command's `now`.
 */
export type LawfulCrmEmmettCommand = Command & { readonly metadata?: { readonly now: Date } };

/**
 * What an Emmett `decide` throws when `decide` refuses a command: one error
 * carrying every `CommandError`. Its `errorCode` is 400 when the command is
 * malformed (only `INVALID_COMMAND`) and 403 when it is refused by the rules,
 * as Emmett's web integrations map `EmmettError`s to HTTP statuses.
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { CommandRefusedError, LawfulCrmCommandHandler } from "lawful-crm/emmett";
 * const handle = LawfulCrmCommandHandler();
 * const eventStore = getInMemoryEventStore();
 * try {
 *   await handle(eventStore, { type: "recordFact", subject: "anna", data: { field: "email", value: "anna@example.org",
 *     category: "contact.email", source: "fax", purposes: ["sales"], basis: "contract" } });
 * } catch (e) {
 *   if (e instanceof CommandRefusedError) console.error(e.errorCode, e.codes); //=> 403 [ 'SOURCE_NOT_REGISTERED', 'UNKNOWN_PURPOSE', 'BASIS_NOT_DECLARED' ]
 * }
 * ```
 */
export class CommandRefusedError extends EmmettError {
  /** Every refusal, as `decide` returned them. */
  readonly errors: readonly CommandError[];
  /** The refusal codes, in order. */
  readonly codes: readonly CommandErrorCode[];
  constructor(errors: readonly CommandError[]) {
    const invalid = errors.every((e) => e.code === "INVALID_COMMAND");
    // Each message names its field itself (`data.method: …`): the path is printed once.
    super({ errorCode: invalid ? 400 : 403, message: `lawful-crm refused the command:\n${errors.map((e) => `  - ${e.code}: ${e.message}`).join("\n")}` });
    // EmmettError resets the prototype to its own; restore ours so that instanceof works.
    Object.setPrototypeOf(this, new.target.prototype);
    this.name = "CommandRefusedError";
    this.errors = Object.freeze([...errors]);
    this.codes = Object.freeze(errors.map((e) => e.code));
  }
}

/** The clock and id generator of {@link emmettDecider} (defaults: the real clock and uuid v7). */
export interface EmmettDeciderOptions {
  /** The current instant as an ISO 8601 UTC timestamp; a command's `metadata.now` wins over it. */
  readonly now?: () => string;
  /** A new, unique event id for each event a command produces. */
  readonly newId?: () => string;
}

/**
 * lawful-crm's Decider in Emmett's `Decider<Ledger, LawfulCrmEmmettCommand,
 * LawfulCrmEmmettEvent>` shape, with `decide` always returning an array.
 */
export type LawfulCrmEmmettDecider = {
  /** The events a command produces on the ledger, or throws a {@link CommandRefusedError} with every refusal. */
  decide: (command: LawfulCrmEmmettCommand, state: Ledger) => LawfulCrmEmmettEvent[];
  /** The ledger with one more event applied. */
  evolve: (currentState: Ledger, event: LawfulCrmEmmettEvent) => Ledger;
  /** The empty ledger. */
  initialState: () => Ledger;
};

// Compile-time proof that the shape is Emmett's Decider.
type IsEmmettDecider = LawfulCrmEmmettDecider extends Decider<Ledger, LawfulCrmEmmettCommand, LawfulCrmEmmettEvent> ? true : false;
const isEmmettDecider: IsEmmettDecider = true;
void isEmmettDecider;

/**
 * lawful-crm's `{ decide, evolve, initialState }` in Emmett's `Decider`
 * shape: `decide(command, ledger)` returns the Emmett events to append or
 * throws one {@link CommandRefusedError}; `evolve(ledger, event)` accepts an
 * Emmett event as appended or as read back from a store; `initialState()` is
 * the empty ledger. Works with `DeciderCommandHandler` and
 * `DeciderSpecification`.
 *
 * @example
 * ```ts
 * import { DeciderSpecification } from "@event-driven-io/emmett";
 * import { emmettDecider, CommandRefusedError } from "lawful-crm/emmett";
 * const spec = DeciderSpecification.for(emmettDecider({ now: () => "2024-03-01T00:00:00Z", newId: () => "e-1" }));
 * spec([]).when({ type: "retireSource", data: { source: "xing" } })
 *   .then([{ type: "SourceRetired", data: { source: "xing" }, metadata: { id: "e-1", at: "2024-03-01T00:00:00Z" } }]);
 * spec([]).when({ type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "web" } })
 *   .thenThrows(CommandRefusedError, (e) => e.codes.includes("WOULD_BE_REJECTED")); // anna gave no consent "k1"
 * ```
 */
export function emmettDecider(options: EmmettDeciderOptions = {}): LawfulCrmEmmettDecider {
  const newId = options.newId ?? (uuidv7 as () => string);
  const clock = options.now ?? (() => new Date().toISOString());
  return {
    decide(command: LawfulCrmEmmettCommand, state: Ledger): LawfulCrmEmmettEvent[] {
      const metaNow = (command as { metadata?: { now?: unknown } } | undefined)?.metadata?.now;
      const now = metaNow instanceof Date ? () => metaNow.toISOString() : clock;
      const r = decide(command, state, { now, newId });
      if (r._tag === "Left") throw new CommandRefusedError(r.left);
      return r.right.map(toEmmettEvent);
    },
    evolve: (state: Ledger, event: LawfulCrmEmmettEvent): Ledger => apply(state, fromEmmettEvent(event)),
    initialState: () => replay([]),
  };
}
