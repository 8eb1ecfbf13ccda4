/**
 * The codec of a merge of duplicate subjects (the same person entered twice),
 * added to wire format v1 additively (issue 14): older logs replay unchanged.
 */
import { NonEmptyString } from "./primitives.js";
import { data, subjectEvent } from "./envelope.js";
import * as t from "io-ts";

/**
 * Merges subject `from` into the event's `subject`, the survivor: from the
 * merge's `at`, the survivor is answered from both histories taken together,
 * and `from` is answered only as "merged".
 */
export const SubjectsMerged = subjectEvent("SubjectsMerged", data("SubjectsMerged data", { from: NonEmptyString, reason: t.string }, {}));
