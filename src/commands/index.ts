export { decide, decideNow, decider, COMMAND_ERROR_CODES } from "./decide.js";
export type { CommandError, CommandErrorCode, DecideContext, Decider, LawfulCrmDecider } from "./decide.js";
export { commandCodecs, COMMAND_TYPES, COMMAND_EVENTS } from "./codecs.js";
export type { Command, CommandOf, CommandType, CommandData } from "./codecs.js";
