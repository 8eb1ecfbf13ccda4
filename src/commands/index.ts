export { decide, decideUnknown, decideNow, decider } from "./decide.js";
export type { DecideContext, Decider, LawfulCrmDecider } from "./decide.js";
export { decideAndApply } from "./decideAndApply.js";
export type { Decided } from "./decideAndApply.js";
export { COMMAND_ERROR_CODES } from "./errors.js";
export type { CommandError, CommandErrorCode } from "./errors.js";
export { commandCodecs, COMMAND_TYPES, COMMAND_EVENTS } from "./codecs.js";
export type { Command, CommandInput, CommandOf, CommandType, CommandData } from "./codecs.js";
