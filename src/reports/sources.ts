/** The access report's sources: where the person's data came from, and whether they were told (GDPR Art. 14, 15(1)(g)). */
import { cmp, defined } from "../_internal/values.js";
import type { SourceKind } from "../events/index.js";
import { byTimePos, type Instant, type ReadContext, type SubjectState } from "../ledger/index.js";
import { disclosureOf, isOwnDataKind, originsOf } from "../provenance/index.js";
import type { ReportedSource } from "./accessTypes.js";
import { sourceKind } from "./values.js";

/** Every source of a recording or correction by the report's instant, by source name. */
export function reportSources(c: ReadContext, s: SubjectState): ReportedSource[] {
  const { v, size, i } = c;
  const seen = new Map<string, { kind: SourceKind | undefined; firstAt: string; first: Instant; fields: Set<string> }>();
  for (const { source, entry, field } of originsOf(s, size, i)) {
    const cur = seen.get(source);
    if (cur === undefined || byTimePos(entry, cur.first) < 0) {
      const fields = cur?.fields ?? new Set<string>();
      fields.add(field);
      seen.set(source, { kind: sourceKind(v, source, entry, i).kind, firstAt: entry.e.at, first: entry, fields });
    } else cur.fields.add(field);
  }
  return [...seen.entries()]
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([source, x]) => {
      const disc = disclosureOf(v, s, source, i);
      return defined({
        source,
        kind: x.kind,
        ownData: isOwnDataKind(x.kind),
        firstAt: x.firstAt,
        fields: [...x.fields].sort(cmp),
        disclosed: disc === undefined ? undefined : { at: disc.e.at, eventId: disc.e.id },
      }) as ReportedSource;
    });
}
