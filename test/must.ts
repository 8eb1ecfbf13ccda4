import { isInvalidQuery, type InvalidQuery } from "../src/index.js";

/** The result of a report or projection, failing the test when the query was malformed. */
export function must<T>(x: T | InvalidQuery): T {
  if (isInvalidQuery(x)) throw new Error(`unexpected INVALID_QUERY: ${x.error.message}`);
  return x;
}

/** A query function whose every answer in the test must be well-formed: `must` applied to each answer. */
export function mustOf<A extends unknown[], R>(f: (...args: A) => R | InvalidQuery): (...args: A) => R {
  return (...args) => must(f(...args));
}
