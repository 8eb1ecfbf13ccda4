/**
 * Shared plumbing of the reports: what a stored value's state is. Internal
 * (the words the renderers use are in the catalogues of src/locale/).
 */
import { isForgotten, isSealed } from "../vault/index.js";

/** What a stored personal value is, as a report sees it. */
export type ValueState = "readable" | "forgotten" | "sealed";

/** Whether a personal value is readable, forgotten (key shredded) or still sealed (read without its vault). */
export function valueState(v: unknown): ValueState {
  return isForgotten(v) ? "forgotten" : isSealed(v) ? "sealed" : "readable";
}
