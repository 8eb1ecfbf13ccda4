/**
 * Sources of personal data (GDPR Art. 14(2)(f), 15(1)(g)): a value must come
 * from a source registered (with its assessment) and in force when it entered.
 */
import type { EventOf, SourceKind } from "../events/index.js";
import { latest, within, type Entry, type Instant, type View } from "../ledger/index.js";

type SourceEntry = Entry<EventOf<"SourceRegistered"> | EventOf<"SourceRetired">>;
type Registration = Entry<EventOf<"SourceRegistered">>;

/** The latest registration or retirement of `source` at `i`, if any. */
export function sourceEventAt(v: View, source: string, i: Instant): SourceEntry | undefined {
  return latest(v.cat.sources.get(source), v.size, i);
}

/** The source registration in force at instant `i`, if any. */
export function sourceInForce(v: View, source: string, i: Instant): Registration | undefined {
  const e = sourceEventAt(v, source, i);
  return e !== undefined && e.e.type === "SourceRegistered" ? (e as Registration) : undefined;
}

/** The latest registration of a source at `i`, retired or not (its kind, for reports). */
export function sourceRegistration(v: View, source: string, i: Instant): Registration | undefined {
  const list = v.cat.sources.get(source);
  if (list === undefined) return undefined;
  for (let k = list.length - 1; k >= 0; k--) {
    const e = list[k]!;
    if (e.e.type === "SourceRegistered" && within(e, v.size, i)) return e as Registration;
  }
  return undefined;
}

/**
 * True for the kinds of source through which the person gives their data
 * themself (`subject`, `form`): data obtained from the person (Art. 13), not
 * to be disclosed as an origin (Art. 14), and what portability covers (Art. 20(1)).
 */
export function isOwnDataKind(kind: SourceKind | undefined): boolean {
  return kind === "subject" || kind === "form";
}
