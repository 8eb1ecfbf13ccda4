import * as t from "io-ts";
import { eventCodecs, NonEmptyString, Timestamp, type DataOf, type EventType } from "../events/index.js";

/** Each command and the event type it produces. */
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
} as const satisfies Record<string, EventType>;

/** The name of a command. */
export type CommandType = keyof typeof COMMAND_EVENTS;
/** Every command name, as a runtime list. */
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

/** The `data` of a command: the event's data, with its generated ids optional. */
export type CommandData<C extends CommandType> = Omit<DataOf<EventFor<C>>, Generated<C>> &
  Partial<Pick<DataOf<EventFor<C>>, Generated<C> & keyof DataOf<EventFor<C>>>>;

/** A command of one type: `{ type, subject?, by?, at?, id?, data }`. */
export type CommandOf<C extends CommandType> = {
  readonly type: C;
  /** Required for commands about a subject, absent for catalog commands. */
  readonly subject?: string;
  readonly by?: string;
  /** When it happens, in business time; defaults to `now`. */
  readonly at?: string;
  /** The event's id; defaults to `newId()`. */
  readonly id?: string;
  readonly data: CommandData<C>;
};

/** Any command. */
export type Command = { [C in CommandType]: CommandOf<C> }[CommandType];

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

const SUBJECT_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>([
  "recordFact",
  "correctFact",
  "eraseFact",
  "grantConsent",
  "confirmConsent",
  "withdrawConsent",
  "recordLegalBasis",
  "endLegalBasis",
  "raiseObjection",
  "withdrawObjection",
  "restrictProcessing",
  "liftRestriction",
  "informSubject",
  "recordSpecialCondition",
  "endSpecialCondition",
]);

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

/** The io-ts codec of each command's input, by command type. */
export const commandCodecs: { readonly [C in CommandType]: t.Type<CommandOf<C>, unknown, unknown> } = Object.fromEntries(
  COMMAND_TYPES.map((c) => [c, commandCodec(c)]),
) as unknown as { readonly [C in CommandType]: t.Type<CommandOf<C>, unknown, unknown> };
