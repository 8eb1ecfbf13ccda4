/**
 * The catalogue reasons are written in. A decision is computed synchronously
 * in one call, so the caller's choice is held for the length of that call
 * (and restored after it, even when it throws): the same query with the same
 * options gives the same sentences, and no rule has to carry the language.
 */
import { english, type ReasonMessages } from "../locale/index.js";

let current: ReasonMessages = english.reasons;

/** The reason sentences of the decision being computed. */
export function say(): ReasonMessages {
  return current;
}

/** Runs `f` with reasons written from `messages`. */
export function inLanguage<T>(messages: ReasonMessages, f: () => T): T {
  if (messages === current) return f();
  const before = current;
  current = messages;
  try {
    return f();
  } finally {
    current = before;
  }
}
