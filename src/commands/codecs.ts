import * as t from "io-ts";
import { CATALOG_EVENT_TYPES, eventCodecs, NonEmptyString, Timestamp, type CatalogEventType, type DataOf, type EventType } from "../events/index.js";

/**
 * Each command and the event type it produces (docs/commands.md lists their
 * data and refusals).
 *
 * @example
 * ```ts
 * import { COMMAND_EVENTS } from "lawful-crm";
 * console.log("grantConsent makes:", COMMAND_EVENTS.grantConsent); //=> grantConsent makes: ConsentGranted
 * ```
 */
export const COMMAND_EVENTS = {
  recordFact: "FactRecorded",
  correctFact: "FactCorrected",
  eraseFact: "FactErased",
  grantConsent: "ConsentGranted",
  confirmConsent: "ConsentConfirmed",
  withdrawConsent: "ConsentWithdrawn",
  recordLegalBasis: "LegalBasisRecorded",
  endLegalBasis: "LegalBasisEnded",
  raiseObjection: "ObjectionRaised",
  withdrawObjection: "ObjectionWithdrawn",
  restrictProcessing: "ProcessingRestricted",
  liftRestriction: "RestrictionLifted",
  informSubject: "SubjectInformed",
  declarePurpose: "PurposeDeclared",
  retirePurpose: "PurposeRetired",
  assessCompatibility: "PurposeCompatibilityAssessed",
  publishNotice: "NoticePublished",
  registerSource: "SourceRegistered",
  retireSource: "SourceRetired",
  grantAccess: "AccessPolicyGranted",
  revokeAccess: "AccessPolicyRevoked",
  linkAccount: "AccountLinked",
  recordDeparture: "EmployeeDeparted",
  voidEvent: "EventVoided",
  declareSpecialCategory: "SpecialCategoryDeclared",
  recordSpecialCondition: "SpecialConditionRecorded",
  endSpecialCondition: "SpecialConditionEnded",
  mergeSubjects: "SubjectsMerged",
} as const satisfies Record<string, EventType>;

/**
 * The name of a command: imperative camelCase (`recordFact`), the event it
 * makes in the past tense (`FactRecorded`).
 *
 * @example
 * ```ts
 * import type { CommandType } from "lawful-crm";
 * const type: CommandType = "withdrawConsent";
 * console.log("type:", type); //=> type: withdrawConsent
 * ```
 */
export type CommandType = keyof typeof COMMAND_EVENTS;
/**
 * Every command name, as a runtime list (28: one per event type but
 * `UseRecorded`, which `recordUse` makes).
 *
 * @example
 * ```ts
 * import { COMMAND_TYPES } from "lawful-crm";
 * console.log("commands:", COMMAND_TYPES.length, "the first:", COMMAND_TYPES[0]); //=> commands: 28 the first: recordFact
 * ```
 */
export const COMMAND_TYPES = Object.keys(COMMAND_EVENTS) as CommandType[];

/** The ids a command may omit; `decide` makes them with `newId`. */
export const GENERATED_IDS = {
  recordFact: ["fact"],
  grantConsent: ["consent"],
  recordLegalBasis: ["reference"],
  grantAccess: ["policy"],
} as const satisfies Partial<Record<CommandType, readonly string[]>>;

type Generated<C extends CommandType> = C extends keyof typeof GENERATED_IDS ? (typeof GENERATED_IDS)[C][number] : never;
type EventFor<C extends CommandType> = (typeof COMMAND_EVENTS)[C];

/**
 * Shows an intersection as one object type (in editors' hovers and in compile errors).
 */
type Flat<T> = { [K in keyof T]: T[K] } & {};

/**
 * The `data` of a command: the event's data, with the ids `decide` can make
 * (`fact`, `consent`, `reference`, `policy`) optional.
 *
 * @example
 * ```ts
 * import type { CommandData } from "lawful-crm";
 * // No policy: decide makes its id with newId().
 * const data: CommandData<"grantAccess"> = { role: "sales", purposes: ["sales"], categories: ["contact"] };
 * console.log("role:", data.role); //=> role: sales
 * ```
 */
export type CommandData<C extends CommandType> = Flat<
  Omit<DataOf<EventFor<C>>, Generated<C>> & Partial<Pick<DataOf<EventFor<C>>, Generated<C> & keyof DataOf<EventFor<C>>>>
>;

/**
 * A command about a person names them (`subject`); a catalog command
 * (purposes, notices, sources, policies, accounts, voids) names no one and
 * has no `subject` key at all, so that writing one is a compile error.
 */
type SubjectOf<C extends CommandType> = EventFor<C> extends CatalogEventType
  ? {}
  : {
      /** The person the command is about. */
      readonly subject: string;
    };

/**
 * A command of one type: `{ type, subject, by?, at?, id?, data }`, where
 * `subject` is required for a command about a person and absent from a
 * catalog command. Of a union of types, the union of their commands.
 *
 * @example
 * ```ts
 * import type { CommandOf } from "lawful-crm";
 * const withdraw: CommandOf<"withdrawConsent"> = { type: "withdrawConsent", subject: "anna", data: { consent: "k1", channel: "unsubscribe-link" } };
 * console.log("channel:", withdraw.data.channel); //=> channel: unsubscribe-link
 * ```
 */
export type CommandOf<C extends CommandType> = C extends CommandType
  ? Flat<
      {
        readonly type: C;
        /** Who gives the command (a user or system id), recorded as the event's `by`. */
        readonly by?: string;
        /** When it happens, in business time (ISO 8601 UTC); defaults to `now()`. */
        readonly at?: string;
        /** The event's id; defaults to `newId()`. */
        readonly id?: string;
        readonly data: CommandData<C>;
      } & SubjectOf<C>
    >
  : never;

/**
 * Any command: the union of {@link CommandOf} over every {@link CommandType},
 * discriminated by `type`. What {@link decide} takes; docs/commands.md lists
 * each command's data, its event and its refusals.
 *
 * @example
 * ```ts
 * import type { Command } from "lawful-crm";
 * const commands: Command[] = [
 *   { type: "registerSource", data: { source: "web-form", kind: "form", assessment: "DPIA-2024-01" } },
 *   { type: "restrictProcessing", subject: "anna", data: { reason: "Accuracy contested (Art. 18(1)(a))" } },
 * ];
 * console.log("types:", commands.map((c) => c.type)); //=> types: [ 'registerSource', 'restrictProcessing' ]
 * ```
 */
export type Command = { [C in CommandType]: CommandOf<C> }[CommandType];

/**
 * The argument of the typed entry points (`decide`, `decideAndApply`, …):
 * `C`, the command's `type`, is inferred from the literal, so that a
 * misspelt key is reported against that one command's data ("Did you mean
 * 'field'?") rather than against every command's. Any {@link Command}
 * value is one too.
 *
 * @example
 * ```ts
 * import type { CommandInput } from "lawful-crm";
 * const c: CommandInput<"retireSource"> = { type: "retireSource", data: { source: "xing" } };
 * console.log("source:", c.data.source); //=> source: xing
 * ```
 */
export type CommandInput<C extends CommandType> = { readonly type: C } & CommandOf<C>;

interface Structured {
  readonly _tag?: string;
  readonly type?: Structured;
  readonly types?: readonly Structured[];
  readonly props?: t.Props;
}

/** The event data codec with `optionalKeys` moved to the optional part. */
function withOptionalIds(codec: t.Mixed, optionalKeys: readonly string[], name: string): t.Mixed {
  if (optionalKeys.length === 0) return codec;
  const exact = codec as unknown as Structured;
  const parts = exact.type?.types ?? [];
  const required: t.Props = {};
  const optional: t.Props = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part.props ?? {})) {
      if (part._tag === "InterfaceType" && !optionalKeys.includes(k)) required[k] = v;
      else optional[k] = v;
    }
  }
  return t.exact(t.intersection([t.type(required), t.partial(optional)]), name);
}

function dataCodecOf(event: EventType): t.Mixed {
  const codec = eventCodecs[event] as unknown as Structured;
  // Event codecs are exact(intersection([type({ ..., data }), partial(...)])): take `data`.
  const data = codec.type?.types?.[0]?.props?.["data"];
  if (data === undefined) throw new Error(`commands: no data codec for ${event}`);
  return data as t.Mixed;
}

const CATALOG_EVENTS: ReadonlySet<EventType> = new Set(CATALOG_EVENT_TYPES);
/** The commands about a person: those whose event is not a catalog event. */
const SUBJECT_COMMANDS: ReadonlySet<CommandType> = new Set(COMMAND_TYPES.filter((c) => !CATALOG_EVENTS.has(COMMAND_EVENTS[c])));

/** True when a command is about a subject (and so requires `subject`). */
export function isSubjectCommand(type: CommandType): boolean {
  return SUBJECT_COMMANDS.has(type);
}

function commandCodec(type: CommandType): t.Mixed {
  const event = COMMAND_EVENTS[type];
  const ids = (GENERATED_IDS as Partial<Record<CommandType, readonly string[]>>)[type] ?? [];
  const data = withOptionalIds(dataCodecOf(event), ids, `${type} data`);
  const envelope = { by: NonEmptyString, at: Timestamp, id: NonEmptyString };
  return SUBJECT_COMMANDS.has(type)
    ? t.exact(t.intersection([t.type({ type: t.literal(type), subject: NonEmptyString, data }), t.partial(envelope)]), type)
    : t.exact(t.intersection([t.type({ type: t.literal(type), data }), t.partial(envelope)]), type);
}

/**
 * The io-ts codec of each command's input, by command type: what
 * `decideUnknown` checks input against (unknown fields are dropped).
 *
 * @example
 * ```ts
 * import { commandCodecs } from "lawful-crm";
 * const r = commandCodecs.retireSource.decode({ type: "retireSource", data: { source: "xing" } });
 * console.log("decoded:", r._tag); //=> decoded: Right
 * ```
 */
export const commandCodecs: { readonly [C in CommandType]: t.Type<CommandOf<C>, unknown, unknown> } = Object.fromEntries(
  COMMAND_TYPES.map((c) => [c, commandCodec(c)]),
) as unknown as { readonly [C in CommandType]: t.Type<CommandOf<C>, unknown, unknown> };
