import type { InvalidQuery } from "../_internal/invalid.js";
import { formatTimestamp, plusDuration } from "../_internal/time.js";
import { cmp, deepFreeze, defined } from "../_internal/values.js";
import type { SourceKind } from "../events/index.js";
import { byTimePos, readAt, subjectsAt, type Entry, type Ledger } from "../ledger/index.js";
import { disclosureOf, isOwnDataKind, originsOf, sourceInForce } from "../provenance/index.js";

/** Art. 14(3)(a): the person must be told within one month of obtaining the data. */
const DISCLOSURE_PERIOD = "P1M";

/** One source a person has not yet been told about. */
export interface DisclosureDueItem {
  readonly subject: string;
  readonly source: string;
  /** The source's kind at its first recording or correction (absent when it was not registered then). */
  readonly kind?: SourceKind;
  /** The first recording or correction from this source, by (at, log position). */
  readonly first: { readonly at: string; readonly eventId: string };
  /** One month after `first.at` (calendar arithmetic in UTC, GDPR Art. 14(3)(a)). */
  readonly due: string;
  /** True when `due` has been reached at the list's instant (`at` ≥ `due`). */
  readonly overdue: boolean;
  /** The fields that came from it. */
  readonly fields: readonly string[];
  /** Every recording and correction from it, in time order. */
  readonly eventIds: readonly string[];
}

/** The origin-disclosure work list at an instant. */
export interface DisclosureDue {
  readonly at: string;
  /** Sorted by `due`, then subject, then source. */
  readonly items: readonly DisclosureDueItem[];
  /** How many items are overdue. */
  readonly overdue: number;
}

/**
 * The work list of GDPR Art. 14(3): for every subject with data not obtained
 * from the person — recordings and corrections from sources of kinds other
 * than `subject` and `form` (judged by the registration in force at each
 * event, the same sources `DISCLOSE_ORIGIN` names; an unregistered source
 * counts as not the person's own) — each source no `SubjectInformed` by `at`
 * has disclosed, with its due date (one month after the first recording or
 * correction from it, Art. 14(3)(a)) and whether it is overdue at `at`.
 * Erased values still count: the data was obtained. This keeps origin
 * disclosure from depending on an advertising use ever happening.
 *
 * @example
 * ```ts
 * import { disclosureDue, isInvalidQuery, replay } from "lawful-crm";
 * const at = "2024-03-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "linkedin", kind: "social-network", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "anna", data: { fact: "f1", field: "employer", value: "ACME GmbH",
 *     category: "professional.employer", source: "linkedin", purposes: ["sales"], basis: "legitimate-interests" } },
 * ]);
 * const list = disclosureDue(ledger, { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(list)) throw new Error(list.error.message);
 * for (const i of list.items.filter((x) => x.overdue)) console.log(i.subject, i.source, "was due", i.due); //=> anna linkedin was due 2024-04-01T00:00:00Z
 * ```
 */
export function disclosureDue(ledger: Ledger, options: { readonly at: string }): DisclosureDue | InvalidQuery {
  const c = readAt(ledger, options, "disclosureDue");
  if ("error" in c) return c;
  const { store, size, v, i } = c;
  const items: DisclosureDueItem[] = [];
  for (const s of subjectsAt(store, size, c.t)) {
    const bySource = new Map<string, { first: Entry; kind: SourceKind | undefined; fields: Set<string>; events: Entry[] }>();
    const note = (source: string, e: Entry, field: string) => {
      const kind = sourceInForce(v, source, e)?.e.data.kind;
      if (isOwnDataKind(kind)) return;
      const cur = bySource.get(source);
      if (cur === undefined) bySource.set(source, { first: e, kind, fields: new Set([field]), events: [e] });
      else {
        if (byTimePos(e, cur.first) < 0) {
          cur.first = e;
          cur.kind = kind;
        }
        cur.fields.add(field);
        cur.events.push(e);
      }
    };
    for (const o of originsOf(s, size, i)) note(o.source, o.entry, o.field);
    if (bySource.size === 0) continue;
    for (const [source, x] of bySource) {
      if (disclosureOf(v, s, source, i) !== undefined) continue;
      const due = plusDuration(x.first.t, DISCLOSURE_PERIOD)!;
      items.push(
        defined({
          subject: s.id,
          source,
          kind: x.kind,
          first: { at: x.first.e.at, eventId: x.first.e.id },
          due: formatTimestamp(due),
          overdue: !(c.t < due),
          fields: [...x.fields].sort(cmp),
          eventIds: x.events.sort(byTimePos).map((e) => e.e.id),
          dueT: due,
        }) as unknown as DisclosureDueItem & { dueT: number },
      );
    }
  }
  const sorted = (items as (DisclosureDueItem & { dueT: number })[]).sort((a, b) => a.dueT - b.dueT || cmp(a.subject, b.subject) || cmp(a.source, b.source));
  const out = sorted.map(({ dueT: _d, ...rest }) => rest as DisclosureDueItem);
  return deepFreeze({ at: c.at, items: out, overdue: out.filter((x) => x.overdue).length });
}
