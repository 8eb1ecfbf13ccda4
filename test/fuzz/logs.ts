/**
 * The logs the fuzz tests replay: realistic histories from the differential
 * test's generator (two in three) and hostile ones built from mutated,
 * hostile-id and valid events of every type.
 */
import fc from "fast-check";
import { historyArb } from "../model/arbitraries.js";
import { hostileIdEvent, mutatedEvent, TYPES, VALID } from "./nasty.js";

export const fuzzLogArb: fc.Arbitrary<unknown[]> = fc.oneof(
  { weight: 2, arbitrary: historyArb({ maxSteps: 12 }).map((h) => h.log as unknown[]) },
  { weight: 1, arbitrary: fc.array(fc.oneof(mutatedEvent, hostileIdEvent, fc.constantFrom(...TYPES).map((t) => VALID[t])), { maxLength: 15 }) as fc.Arbitrary<unknown[]> },
);
