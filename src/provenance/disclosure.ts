/**
 * Telling the person where their data came from (GDPR Art. 14(2)(f), 14(3),
 * 15(1)(g)): every source other than the person themself, until a
 * `SubjectInformed` names it.
 */
import type { EventOf } from "../events/index.js";
import { within, type Entry, type Instant, type SubjectState, type View } from "../ledger/index.js";
import type { FieldState } from "../facts/index.js";
import { isOwnDataKind, sourceInForce } from "./sources.js";

/** One way data entered: a recording or a correction, from a source, for a field. */
interface Origin {
  readonly source: string;
  readonly entry: Entry<EventOf<"FactRecorded"> | EventOf<"FactCorrected">>;
  readonly field: string;
}

/** Every recording and correction of `s` by `i`, fact by fact (each recording, then its corrections). */
export function originsOf(s: SubjectState, size: number, i: Instant): Origin[] {
  const out: Origin[] = [];
  for (const f of s.facts.values()) {
    if (!within(f.rec, size, i)) continue;
    const field = f.rec.e.data.field;
    out.push({ source: f.rec.e.data.source, entry: f.rec, field });
    for (const x of f.corrections) if (within(x, size, i)) out.push({ source: x.e.data.source, entry: x, field });
  }
  return out;
}

/** The first `SubjectInformed` of `s` by `i` that names `source`, if any. */
export function disclosureOf(v: View, s: SubjectState, source: string, i: Instant): Entry<EventOf<"SubjectInformed">> | undefined {
  return s.informed.find((x) => within(x, v.size, i) && x.e.data.sources.includes(source));
}

/** The DISCLOSE_ORIGIN sources of a field's current value at `i`: not the person's own, not yet disclosed. */
export function undisclosedSources(v: View, s: SubjectState, fs: FieldState, i: Instant): string[] {
  const f = fs.current;
  if (f === undefined) return [];
  const candidates: [string, Instant][] = [[f.rec.e.data.source, f.rec]];
  if (fs.correction !== undefined) candidates.push([fs.correction.e.data.source, fs.correction]);
  const out: string[] = [];
  for (const [src, at] of candidates) {
    if (isOwnDataKind(sourceInForce(v, src, at)?.e.data.kind)) continue;
    if (out.includes(src)) continue;
    if (disclosureOf(v, s, src, i) !== undefined) continue;
    out.push(src);
  }
  return out;
}
