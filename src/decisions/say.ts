/**
 * The catalogue reasons are written in. A decision is computed synchronously
 * in one call, so the caller's choice is held for the length of that call
 * (and restored after it, even when it throws): the same query with the same
 * options gives the same sentences, and no rule has to carry the language.
 */
import type { Read } from "../_internal/guard.js";
import type { Shape } from "../_internal/read.js";
import { english, messagesOf, readOptions, type ErasureMessages, type LocaleOptions, type Messages, type QueryProblem, type ReasonMessages } from "../locale/index.js";

let current: Messages = english;

/** The reason sentences of the decision being computed. */
export function say(): ReasonMessages {
  return current.reasons;
}

/** The erasure work list's own sentences, in the language of the list being computed. */
export function sayErasure(): ErasureMessages {
  return current.erasure;
}

/** Runs `f` with reasons written from `messages`. */
export function inLanguage<T>(messages: Messages, f: () => T): T {
  if (messages === current) return f();
  const before = current;
  current = messages;
  try {
    return f();
  } finally {
    current = before;
  }
}

/**
 * The reason messages a caller's decision options name, the options read
 * once under guard (a getter or Proxy trap may throw) with the members of
 * `more`; or the problem that makes the query INVALID_QUERY when they cannot
 * be read. An unknown locale is a programmer error (`LawfulCrmError`).
 */
export function readDecisionOptions(
  options: unknown,
  caller: string,
  more: Shape = {},
): { readonly ok: true; readonly messages: Messages; readonly options: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly problem: QueryProblem } {
  const read = readOptions(options, caller, more);
  if (!read.ok) return { ok: false, problem: unreadableProblem(read) };
  return { ok: true, messages: messagesOf(read.value as LocaleOptions, caller), options: read.value };
}

/** What could not be read, as a problem of the query (put in words by the catalogue). */
export function unreadableProblem(r: Extract<Read<unknown>, { ok: false }>): QueryProblem {
  return r.thrown !== undefined ? { kind: "unreadable", what: r.what, thrown: r.thrown } : { kind: "unreadable", what: r.what };
}
