/**
 * What a projection or report returns for a malformed query (an `at` that is
 * not a wire-format timestamp, a subject that is not a string): a clear error
 * value instead of an exception, so that bad input never crashes a caller.
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
 * import { accessReport, isInvalidQuery } from "lawful-crm";
 * const report = accessReport(ledger, "anna", { at: userInput });
 * if (isInvalidQuery(report)) return respond(400, report.error.message);
 * ```
 */
export function isInvalidQuery(x: unknown): x is InvalidQuery {
  return typeof x === "object" && x !== null && "error" in x && (x as InvalidQuery).error?.code === "INVALID_QUERY";
}

/** The sentence for a malformed `at`. */
export function badAt(fn: string, name: string, at: unknown): string {
  return `${fn}(): ${name} must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got ${typeof at === "string" ? JSON.stringify(at.length > 40 ? at.slice(0, 40) + "…" : at) : typeof at}.`;
}
