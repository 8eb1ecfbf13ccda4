/** The access report's values: each field's value with its origin, correction, purposes and retention. */
import { formatTimestamp } from "../_internal/time.js";
import { cmp, defined } from "../_internal/values.js";
import type { SourceKind } from "../events/index.js";
import { currentValue, fieldState, type FieldState } from "../facts/index.js";
import { byTimePos, type Instant, type Ledger, type ReadContext, type SubjectState, type View } from "../ledger/index.js";
import { profileAt, type FieldHistoryItem } from "../profile/index.js";
import { linkAtRecording, sourceInForce, sourceRegistration } from "../provenance/index.js";
import { attribute, collectionRetentionEnd, retentionEnd, retentionPassed } from "../purposes/index.js";
import type { ReportedValue, ValueCorrection, ValueOrigin, ValueRetention } from "./accessTypes.js";
import { valueState } from "./common.js";

/** A source's kind (from its registration in force at `at`, else its latest registration by `i`) and whether it was in force at `at`. */
export function sourceKind(v: View, source: string, at: Instant, i: Instant): { kind?: SourceKind; registered: boolean } {
  const inForce = sourceInForce(v, source, at);
  const kind = inForce?.e.data.kind ?? sourceRegistration(v, source, i)?.e.data.kind;
  return kind === undefined ? { registered: inForce !== undefined } : { kind, registered: inForce !== undefined };
}

/** Retention as the decisions compute it (src/purposes/retention.ts): from the recording, with retentions as declared at T. */
function retentionOf(c: ReadContext, purposes: readonly string[], recordedAt: number): ValueRetention {
  const { v, i } = c;
  const ts = (t: number | undefined) => (t === undefined ? undefined : formatTimestamp(t));
  const end = collectionRetentionEnd(v, purposes, recordedAt, i);
  return defined({
    purposes: purposes.map(
      (p) => defined({ purpose: p, retention: attribute(v, p, "retention", i), endsAt: ts(retentionEnd(v, p, recordedAt, i)) }) as ValueRetention["purposes"][number],
    ),
    endsAt: ts(end),
    expired: retentionPassed(end, i),
  }) as ValueRetention;
}

/** A value on the erasure work list: since when, and why. */
type DueForErasure = NonNullable<ReportedValue["dueForErasure"]>;

/** The reported value of a field with a current value. */
function currentOf(c: ReadContext, field: string, fs: FieldState, history: readonly FieldHistoryItem[], due: DueForErasure | undefined): ReportedValue {
  const { v, i } = c;
  const rec = fs.current!.rec;
  const d = rec.e.data;
  const value = currentValue(fs);
  const origin = defined({
    fact: d.fact,
    eventId: rec.e.id,
    source: d.source,
    ...sourceKind(v, d.source, rec, i),
    sourceRef: d.sourceRef,
    account: d.account,
    accountEmployee: linkAtRecording(v, fs.current!)?.e.data.employee,
    recordedBy: rec.e.by,
    recordedAt: rec.e.at,
  }) as ValueOrigin;
  const cor = fs.correction;
  const correction: ValueCorrection | undefined =
    cor === undefined
      ? undefined
      : (defined({
          eventId: cor.e.id,
          at: cor.e.at,
          source: cor.e.data.source,
          kind: sourceKind(v, cor.e.data.source, cor, i).kind,
          sourceRef: cor.e.data.sourceRef,
          recordedBy: cor.e.by,
        }) as ValueCorrection);
  return defined({
    field,
    category: d.category,
    state: valueState(value),
    value,
    origin,
    correction,
    purposes: [...d.purposes],
    basis: d.basis,
    // Art. 17(1): a value due for erasure is not kept for a retention period any more; say since when it is due instead.
    retention: due === undefined ? retentionOf(c, d.purposes, rec.t) : undefined,
    dueForErasure: due === undefined ? undefined : { since: due.since, reasons: [...due.reasons] },
    history: [...history],
  }) as ReportedValue;
}

/** Every field of `s` with a recording by the report's instant, by field name; `due` holds the erasure work list's items by fact id. */
export function reportValues(ledger: Ledger, c: ReadContext, s: SubjectState, due: ReadonlyMap<string, DueForErasure>): ReportedValue[] {
  const { size, i } = c;
  const profiles = new Map(profileAt(ledger, s.id, i).map((f) => [f.field, f]));
  const out: ReportedValue[] = [];
  for (const field of [...s.factsByField.keys()].sort(cmp)) {
    const fs = fieldState(s, field, size, i);
    if (fs.recorded.length === 0) continue;
    const history = profiles.get(field)?.history ?? [];
    if (fs.current === undefined) {
      const last = fs.recorded.reduce((a, b) => (byTimePos(a.rec, b.rec) >= 0 ? a : b));
      out.push({ field, category: last.rec.e.data.category, state: "erased", history: [...history] });
      continue;
    }
    out.push(currentOf(c, field, fs, history, due.get(fs.current.rec.e.data.fact)));
  }
  return out;
}
