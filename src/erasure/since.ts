/**
 * Since when a value is due for erasure: the start of the latest
 * uninterrupted stretch, up to the list's instant, in which at least one
 * ground held. A ground can only change where the log changes what counts
 * (the `at` of an event) or where a computed period ends (a retention, a
 * consent's `expires` or maximum age): between two such instants every
 * ground stays as it is, so walking back over them finds the stretch.
 */
import { parseTimestamp, plusDuration } from "../_internal/time.js";
import type { EventOf } from "../events/index.js";
import { queryInstant, type Entry, type FactState, type SubjectState, type View } from "../ledger/index.js";
import { groundCodes } from "./grounds.js";

/** What the walk needs from the catalog once per list: the instants of its events, and every duration it declared. */
export interface CatalogMoments {
  /** The `at` of every catalog event of the snapshot, ascending, distinct. */
  readonly times: readonly number[];
  /** Every `retention` and every `consentMaxAge` a `PurposeDeclared` of the snapshot set. */
  readonly retentions: ReadonlySet<string>;
  readonly maxAges: ReadonlySet<string>;
}

/** The catalog's moments in the snapshot `v`. */
export function catalogMoments(v: View): CatalogMoments {
  const times = new Set<number>();
  const retentions = new Set<string>();
  const maxAges = new Set<string>();
  for (const e of v.cat.events) {
    if (e.pos >= v.size) continue;
    times.add(e.t);
    if (e.e.type === "PurposeDeclared") {
      const d = (e as Entry<EventOf<"PurposeDeclared">>).e.data;
      if (d.retention !== undefined) retentions.add(d.retention);
      if (d.consentMaxAge !== undefined) maxAges.add(d.consentMaxAge);
    }
  }
  return { times: [...times].sort((a, b) => a - b), retentions, maxAges };
}

/** Every instant in [the recording of `f`, `t`] at which a ground of `f` may change, latest first. */
function changePoints(v: View, s: SubjectState, f: FactState, t: number, m: CatalogMoments): number[] {
  const from = f.rec.t;
  const points = new Set<number>([from]);
  const add = (x: number | undefined) => {
    if (x !== undefined && x > from && x <= t) points.add(x);
  };
  for (const x of m.times) add(x);
  for (const e of s.events) if (e.pos < v.size) add(e.t);
  for (const d of m.retentions) add(plusDuration(from, d));
  for (const k of s.consents.values()) {
    if (k.grant.pos >= v.size) continue;
    add(parseTimestamp(k.grant.e.data.expires));
    for (const d of m.maxAges) add(plusDuration(k.grant.t, d));
  }
  return [...points].sort((a, b) => b - a);
}

/** The start (epoch ms) of the latest uninterrupted stretch up to `t` in which a ground of `f` held; `t`'s own grounds must hold. */
export function dueSince(v: View, s: SubjectState, f: FactState, t: number, m: CatalogMoments): number {
  let since = t;
  for (const p of changePoints(v, s, f, t, m)) {
    if (groundCodes(v, s, f, queryInstant(p)).length === 0) break;
    since = p;
  }
  return since;
}
