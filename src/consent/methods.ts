/** How a consent was captured, and which ways of capturing one are no consent at all. */

/**
 * Capture methods that are not an unambiguous, active act of will, so the
 * consent is ineffective whatever else holds (GDPR Art. 4(11), Recital 32:
 * silence, pre-ticked boxes or inactivity are no consent; CJEU C-673/17
 * Planet49). The one list: decisions, the write side and the reports read it.
 */
export const INACTIVE_METHODS: ReadonlySet<string> = new Set(["pre-ticked", "implied", "hidden", "bundled"]);

/** True when `method` is not an active act of will (see {@link INACTIVE_METHODS}). */
export function isInactiveMethod(method: string): boolean {
  return INACTIVE_METHODS.has(method);
}
