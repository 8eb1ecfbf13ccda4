import { readProps } from "../_internal/read.js";
import { badAt, badOptions, badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { parseTimestamp } from "../_internal/time.js";
import type { LegalBasis } from "../events/index.js";
import { currentValue, fieldState } from "../facts/index.js";
import { byTimePos, mergedAt, mergedMessage, queryInstant, storeOf, subjectAt, within, type FactState, type Instant, type Ledger } from "../ledger/index.js";

/** Where a value came from and why it is held. */
export interface Provenance {
  readonly fact: string;
  readonly eventId: string;
  readonly source: string;
  readonly sourceRef?: string;
  readonly account?: string;
  /** Who recorded it (`by` of the event), when given. */
  readonly recordedBy?: string;
  readonly at: string;
  readonly category: string;
  readonly purposes: readonly string[];
  readonly basis: LegalBasis;
  readonly companyContact?: boolean;
}

/** The correction that set a current value. */
export interface CorrectionProvenance {
  readonly eventId: string;
  readonly source: string;
  readonly sourceRef?: string;
  readonly recordedBy?: string;
  readonly at: string;
}

/** One entry of a field's history. Values of erased facts are not kept. */
export interface FieldHistoryItem {
  readonly kind: "recorded" | "corrected" | "erased";
  readonly eventId: string;
  readonly fact: string;
  readonly at: string;
  readonly by?: string;
  /** The value set (absent for erasures and for facts erased since). */
  readonly value?: unknown;
  readonly source?: string;
  readonly sourceRef?: string;
  /** Why it was erased. */
  readonly reason?: string;
}

/** A field of a profile: its current value (if any) with provenance, and its history. */
export interface FieldProfile {
  readonly field: string;
  /** Present when the field has a non-erased value. */
  readonly current?: {
    readonly value: unknown;
    readonly provenance: Provenance;
    readonly correction?: CorrectionProvenance;
  };
  readonly history: readonly FieldHistoryItem[];
}

/**
 * Where a subject's data went when it was merged into another (issue 14):
 * from the merge's `at`, every answer about it says so, and holds no data.
 */
export interface MergedInto {
  readonly code: "MERGED";
  /** The survivor. */
  readonly into: string;
  /** The merge's `at`. */
  readonly at: string;
  /** The `SubjectsMerged` event. */
  readonly eventId: string;
  /** "Subject … was merged into … at …". */
  readonly message: string;
}

/** The {@link MergedInto} note for `subject` at `t` in `ledger`, when it was merged away by then. Internal. */
export function mergedNote(ledger: Ledger, subject: string, t: number): MergedInto | undefined {
  const m = mergedAt(storeOf(ledger), ledger.size, subject, t);
  if (m === undefined) return undefined;
  return Object.freeze({ code: "MERGED" as const, into: m.e.subject, at: m.e.at, eventId: m.e.id, message: mergedMessage(m) });
}

/** Everything recorded about a subject's fields, as it stood at an instant. */
export interface Profile {
  readonly subject: string;
  /** The instant asked for, if any. */
  readonly at?: string;
  /** Fields in code-unit order of their names. */
  readonly fields: readonly FieldProfile[];
  /** Present when the subject was merged into another by then (issue 14): `fields` is then empty. */
  readonly merged?: MergedInto;
}

function provenance(f: FactState): Provenance {
  const e = f.rec.e;
  const d = e.data;
  const p: Record<string, unknown> = { fact: d.fact, eventId: e.id, source: d.source };
  if (d.sourceRef !== undefined) p["sourceRef"] = d.sourceRef;
  if (d.account !== undefined) p["account"] = d.account;
  if (e.by !== undefined) p["recordedBy"] = e.by;
  p["at"] = e.at;
  p["category"] = d.category;
  p["purposes"] = d.purposes;
  p["basis"] = d.basis;
  if (d.companyContact !== undefined) p["companyContact"] = d.companyContact;
  return Object.freeze(p) as unknown as Provenance;
}

/** The profile of `subject` at instant `i` for a snapshot of `size` items. Internal. */
export function profileAt(ledger: Ledger, subject: string, i: Instant): FieldProfile[] {
  const store = storeOf(ledger);
  const size = ledger.size;
  // issue 14: a survivor is its merged history; a subject merged away holds nothing.
  if (mergedAt(store, size, subject, i.t) !== undefined) return [];
  const s = subjectAt(store, size, subject, i.t);
  if (s === undefined) return [];
  const fields = [...s.factsByField.keys()].sort();
  const out: FieldProfile[] = [];
  for (const field of fields) {
    const fs = fieldState(s, field, size, i);
    if (fs.recorded.length === 0) continue;
    const items: (FieldHistoryItem & { t: number; pos: number })[] = [];
    const seenErasures = new Set<string>();
    for (const f of fs.recorded) {
      const erased = f.erasures.some((x) => within(x, size, i));
      const rec = f.rec.e;
      const base: Record<string, unknown> = { kind: "recorded", eventId: rec.id, fact: rec.data.fact, at: rec.at };
      if (rec.by !== undefined) base["by"] = rec.by;
      if (!erased) base["value"] = rec.data.value;
      base["source"] = rec.data.source;
      if (rec.data.sourceRef !== undefined) base["sourceRef"] = rec.data.sourceRef;
      items.push({ ...(base as unknown as FieldHistoryItem), t: f.rec.t, pos: f.rec.pos });
      for (const c of f.corrections) {
        if (!within(c, size, i)) continue;
        const item: Record<string, unknown> = { kind: "corrected", eventId: c.e.id, fact: rec.data.fact, at: c.e.at };
        if (c.e.by !== undefined) item["by"] = c.e.by;
        if (!erased) item["value"] = c.e.data.value;
        item["source"] = c.e.data.source;
        if (c.e.data.sourceRef !== undefined) item["sourceRef"] = c.e.data.sourceRef;
        items.push({ ...(item as unknown as FieldHistoryItem), t: c.t, pos: c.pos });
      }
      for (const x of f.erasures) {
        if (!within(x, size, i) || seenErasures.has(x.e.id + "\u0000" + rec.data.fact)) continue;
        seenErasures.add(x.e.id + "\u0000" + rec.data.fact);
        const item: Record<string, unknown> = { kind: "erased", eventId: x.e.id, fact: rec.data.fact, at: x.e.at };
        if (x.e.by !== undefined) item["by"] = x.e.by;
        item["reason"] = x.e.data.reason;
        items.push({ ...(item as unknown as FieldHistoryItem), t: x.t, pos: x.pos });
      }
    }
    items.sort(byTimePos);
    const history = items.map(({ t: _t, pos: _p, ...rest }) => Object.freeze(rest) as FieldHistoryItem);
    const fp: Record<string, unknown> = { field };
    if (fs.current !== undefined) {
      const cur: Record<string, unknown> = {
        value: currentValue(fs),
        provenance: provenance(fs.current),
      };
      if (fs.correction !== undefined) {
        const c = fs.correction.e;
        const cp: Record<string, unknown> = { eventId: c.id, source: c.data.source };
        if (c.data.sourceRef !== undefined) cp["sourceRef"] = c.data.sourceRef;
        if (c.by !== undefined) cp["recordedBy"] = c.by;
        cp["at"] = c.at;
        cur["correction"] = Object.freeze(cp);
      }
      fp["current"] = Object.freeze(cur);
    }
    fp["history"] = Object.freeze(history);
    out.push(Object.freeze(fp) as unknown as FieldProfile);
  }
  return out;
}

/**
 * The provenance projection of a subject: per field, the current value with
 * where it came from (fact, source, reference, account, who recorded it,
 * when, purposes, basis) and the field's history of values, corrections and
 * erasures. With `at`, the profile as it stood then, answered from the same
 * ledger. An erased value is gone; its history keeps that it was erased.
 *
 * @example
 * ```ts
 * import { isInvalidQuery, profile, replay } from "lawful-crm";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at: "2024-01-01T00:00:00Z", data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: "c-1", data: { fact: "f1", field: "email", value: "c1@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 * ]);
 * for (const f of profile(ledger, "c-1").fields) console.log(f.field, f.current?.value, "from", f.current?.provenance.source); //=> email c1@example.org from web-form
 * const january = profile(ledger, "c-1", { at: "2024-01-15T00:00:00Z" });
 * if (!isInvalidQuery(january)) console.log("fields in January:", january.fields.length); //=> fields in January: 0
 * ```
 */
export function profile(ledger: Ledger, subject: string): Profile;
export function profile(ledger: Ledger, subject: string, options: { readonly at?: string }): Profile | InvalidQuery;
export function profile(ledger: Ledger, subject: string, options: { readonly at?: string } = {}): Profile | InvalidQuery {
  if (options !== undefined && options !== null && typeof options !== "object") return invalidQuery(badOptions("profile", "{ at? }", options));
  let t = Infinity;
  // Read once, under guard (a getter or Proxy trap may throw).
  const read = readProps(options, { at: true }, "profile(): options");
  if (!read.ok) return invalidQuery(`${read.message}.`);
  const at = read.value["at"];
  if (at !== undefined) {
    const parsed = parseTimestamp(at);
    if (parsed === undefined) return invalidQuery(badAt("profile", "options.at", at));
    t = parsed;
  }
  if (typeof subject !== "string") return invalidQuery(badString("profile", "subject", subject));
  const fields = profileAt(ledger, subject, queryInstant(t));
  const p: Record<string, unknown> = { subject };
  if (at !== undefined) p["at"] = at;
  p["fields"] = Object.freeze(fields);
  const merged = mergedNote(ledger, subject, t);
  if (merged !== undefined) p["merged"] = merged;
  return Object.freeze(p) as unknown as Profile;
}
