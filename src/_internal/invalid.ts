/**
 * What every query function returns for a malformed query (an `at` that is
 * not a wire-format timestamp, a purpose or category that is not a dotted id,
 * options that are not an object, a subject that is not a string): one clear
 * error value instead of an exception or an empty answer, so that bad input
 * never crashes a caller and is never mistaken for "nothing to do". The
 * policy is written in docs/compatibility.md.
 */
export interface InvalidQuery {
  readonly error: {
    readonly code: "INVALID_QUERY";
    /** One sentence naming the argument and what is wrong with it. */
    readonly message: string;
  };
}

/** A frozen {@link InvalidQuery}. */
export function invalidQuery(message: string): InvalidQuery {
  return Object.freeze({ error: Object.freeze({ code: "INVALID_QUERY" as const, message }) });
}

/**
 * True when a report or projection result is an {@link InvalidQuery}: narrow
 * with it before reading the result.
 *
 * @example
 * ```ts
 * import { accessReport, isInvalidQuery, replay } from "lawful-crm";
 * const userInput = "last Tuesday"; // say, from a web form
 * const report = accessReport(replay([]), "anna", { at: userInput });
 * if (isInvalidQuery(report)) console.log("400:", report.error.message); 
 * //=> 400: accessReport(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got "last Tuesday".
 * ```
 */
export function isInvalidQuery(x: unknown): x is InvalidQuery {
  return typeof x === "object" && x !== null && "error" in x && (x as InvalidQuery).error?.code === "INVALID_QUERY";
}

/** What a malformed argument was, for a message: a string (shortened), else its type. */
function got(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  return v === null ? "null" : typeof v;
}

/** The sentence for a malformed `at`. */
export function badAt(fn: string, name: string, at: unknown): string {
  return `${fn}(): ${name} must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got ${typeof at === "string" ? got(at) : typeof at}.`;
}

/** The sentence for a purpose or category that is not a dotted id. */
export function badDottedId(fn: string, name: string, what: "purpose" | "category", v: unknown): string {
  return `${fn}(): ${name} must be a dotted ${what} id like ${what === "purpose" ? "marketing.email" : "contact.email"}, got ${got(v)}.`;
}

/** The sentence for an identifier argument that is not a string. */
export function badString(fn: string, name: string, v: unknown): string {
  return `${fn}(): ${name} must be a string, got ${got(v)}.`;
}

/** The sentence for options that are not an object. */
export function badOptions(fn: string, shape: string, v: unknown): string {
  return `${fn}(): options must be an object ${shape}, got ${got(v)}.`;
}
