/** The scenario's clock: the latest instant among the given events. */

export const EPOCH = "1970-01-01T00:00:00Z";
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function millis(s: unknown): number | undefined {
  if (typeof s !== "string" || !TIMESTAMP.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

export function latestAt(events: readonly unknown[], fallback: string): string {
  let best: string | undefined;
  let bestT = -Infinity;
  for (const e of events) {
    const at = typeof e === "object" && e !== null ? (e as Record<string, unknown>)["at"] : undefined;
    const t = millis(at);
    if (t !== undefined && t > bestT) {
      bestT = t;
      best = at as string;
    }
  }
  return best ?? fallback;
}
