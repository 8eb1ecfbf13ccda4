/** Deterministic ids for a scenario. */

/**
 * Makes ids `${prefix}1`, `${prefix}2`, ..., skipping those in `skip`: a
 * deterministic `newId`.
 *
 * @example
 * ```ts
 * import { given, sequentialIds } from "lawful-crm/testing";
 * const history = [{ id: "s1", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "xing", kind: "social-network", assessment: "DPIA-1" } }];
 * given(history, { newId: sequentialIds("evt-") })
 *   .when({ type: "retireSource", data: { source: "xing" } })
 *   .then([{ id: "evt-1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } }]);
 * const next = sequentialIds("evt-", ["evt-2"]); // skips ids already taken
 * console.log(next(), next()); //=> evt-1 evt-3
 * ```
 */
export function sequentialIds(prefix = "id-", skip: Iterable<string> = []): () => string {
  const used = new Set(skip);
  let n = 0;
  return () => {
    let id: string;
    do id = `${prefix}${++n}`;
    while (used.has(id));
    return id;
  };
}

const ID_KEYS = ["fact", "consent", "reference", "policy"] as const;

/** Every id the given events use, so that the default ids avoid them. */
export function usedIds(events: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (typeof e !== "object" || e === null) continue;
    const o = e as Record<string, unknown>;
    if (typeof o["id"] === "string") out.push(o["id"]);
    const d = o["data"];
    if (typeof d !== "object" || d === null) continue;
    for (const k of ID_KEYS) {
      const v = (d as Record<string, unknown>)[k];
      if (typeof v === "string") out.push(v);
    }
  }
  return out;
}
