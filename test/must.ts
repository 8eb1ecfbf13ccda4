import { isInvalidQuery, type InvalidQuery } from "../src/index.js";

/** The result of a report or projection, failing the test when the query was malformed. */
export function must<T>(x: T | InvalidQuery): T {
  if (isInvalidQuery(x)) throw new Error(`unexpected INVALID_QUERY: ${x.error.message}`);
  return x;
}
