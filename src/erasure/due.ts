/** The erasure work list (GDPR Art. 17): what must be erased now, what is kept, and whose history must be repaired first. */
import { badOptions, type InvalidQuery } from "../_internal/invalid.js";
import { formatTimestamp, parseTimestamp } from "../_internal/time.js";
import { cmp, deepFreeze, defined } from "../_internal/values.js";
import type { CommandOf } from "../commands/index.js";
import { fieldState } from "../facts/index.js";
import { byTimePos, incompleteRejects, knownSubject, readAt, subjectAt, subjectsAt, type FactState, type Instant, type Ledger, type ReadContext, type SubjectState, type View } from "../ledger/index.js";
import { invalidQuery } from "../_internal/invalid.js";
import { inLanguage, type DecisionOptions } from "../decisions/index.js";
import { messagesOf, type LocaleOptions } from "../locale/index.js";
import { groundsAt } from "./grounds.js";
import { keptBy } from "./kept.js";
import { catalogMoments, dueSince, type CatalogMoments } from "./since.js";
import type { ErasureDue, ErasureDueItem, ErasureIncompleteSubject, ErasureKeptItem } from "./types.js";

/** The events of `s` that hold a value of fact `f`: its recording and every correction naming it, in (at, position) order. */
function heldIn(v: View, s: SubjectState, f: FactState): string[] {
  const fact = f.rec.e.data.fact;
  const out = [f.rec];
  for (const e of s.events) if (e.pos < v.size && e.e.type === "FactCorrected" && e.e.data.fact === fact) out.push(e as never);
  return out.sort(byTimePos).map((e) => e.e.id);
}

/**
 * Fact `f` of `s` as replay's check reads it for an event about `s` appended
 * to the snapshot: in `s`'s history with every merge of the snapshot counted,
 * whatever the merges' instants (issue 14). An erasure about a subject merged
 * into `s` after `at` may then erase `f`, though it is dated before `at`.
 */
function asChecked(v: View, s: SubjectState, f: FactState): FactState {
  if (s.merges.length === 0) return f;
  return subjectAt(v.store, v.size, s.id, Infinity)?.facts.get(f.rec.e.data.fact) ?? f;
}

/** The due or kept item of fact `f` at `i`, or undefined when no ground holds. */
function judgeFact(v: View, s: SubjectState, f: FactState, i: Instant, at: string, m: CatalogMoments): { due?: ErasureDueItem; kept?: ErasureKeptItem } | undefined {
  const reasons = groundsAt(v, s, f, i);
  if (reasons.length === 0) return undefined;
  const d = f.rec.e.data;
  const base = { subject: s.id, fact: d.fact, field: d.field, reasons, heldIn: heldIn(v, s, f), since: formatTimestamp(dueSince(v, s, f, i.t, m)) };
  const basis = keptBy(v, s, f, i);
  if (basis !== undefined) return { kept: { ...base, basis } };
  // Replay rejects a second erasure of a fact (FACT_ERASED): name the one the log already holds, dated after `at`,
  // or reaching the fact through a merge dated after `at` (replay checks against every merge, whatever its instant).
  const later = asChecked(v, s, f).erasures.find((x) => x.pos < v.size);
  if (later !== undefined) return { due: { ...base, erasedBy: { eventId: later.e.id, at: later.e.at } } };
  const command: CommandOf<"eraseFact"> = {
    type: "eraseFact",
    subject: s.id,
    data: { fact: d.fact, reason: `Due for erasure on ${at} (GDPR Art. 17(1)): ${reasons.map((r) => r.code).join(", ")}.` },
  };
  return { due: { ...base, command } };
}

/** The due and kept items of a subject whose history is complete at `c.at`: one per current fact with a ground. */
export function subjectErasure(c: ReadContext, s: SubjectState, m: CatalogMoments = catalogMoments(c.v)): { due: ErasureDueItem[]; kept: ErasureKeptItem[] } {
  const due: ErasureDueItem[] = [];
  const kept: ErasureKeptItem[] = [];
  for (const field of s.factsByField.keys()) {
    const f = fieldState(s, field, c.size, c.i).current;
    if (f === undefined) continue;
    const r = judgeFact(c.v, s, f, c.i, c.at, m);
    if (r?.due !== undefined) due.push(r.due);
    if (r?.kept !== undefined) kept.push(r.kept);
  }
  return { due, kept };
}

/**
 * The subject as listed under `incomplete` when unvoided rejects make it
 * incomplete at `c.t` ("complete" when none does): listed when it is known at
 * `at` or a reject of its own marks it ("ignored": the catalog's rejects
 * alone, about a subject with nothing held by then).
 */
function incompleteSubject(c: ReadContext, s: SubjectState, known: boolean): ErasureIncompleteSubject | "complete" | "ignored" {
  const rejects = incompleteRejects(c.store, c.size, s.id, c.t, s);
  if (rejects.length === 0) return "complete";
  // A mark of a subject merged into `s` by then is its own (issue 14).
  const mine = (x: string) => x === s.id || s.members?.has(x) === true;
  const own = rejects.some((r) => r.marks.some((mk) => "subject" in mk.scope && mine(mk.scope.subject) && mk.from <= c.t));
  if (!known && !own) return "ignored";
  return { subject: s.id, rejects: rejects.map((r) => defined({ position: r.position, id: r.id, code: r.code }) as ErasureIncompleteSubject["rejects"][number]) };
}

/** Sorts items by `since` (as instants), then subject, then fact, in code-unit order. */
function ordered<T extends { since: string; subject: string; fact: string }>(items: { t: number; item: T }[]): T[] {
  return items.sort((a, b) => a.t - b.t || cmp(a.item.subject, b.item.subject) || cmp(a.item.fact, b.item.fact)).map((x) => x.item);
}

/**
 * The erasure work list of GDPR Art. 17 at `at`: every held value that must
 * be erased now, each with its grounds (`COLLECTION_CONSENT_WITHDRAWN`,
 * `OWNER_DEPARTED`, `UNLAWFUL_COLLECTION`, `RETENTION_EXPIRED`, `OBJECTED`),
 * since when it is due, the events that hold it, and a ready `eraseFact`
 * command; the values a legal obligation or public task keeps (Art.
 * 17(3)(b)); and the subjects whose history is incomplete at `at`, which get
 * no item until the log is repaired. A malformed `at` is answered with an
 * `INVALID_QUERY` value (`isInvalidQuery`), never an empty list.
 * `options.locale` writes the reasons' sentences in the reader's language
 * (`"de"`, or a catalogue from `defineLocale`; docs/locale.md); codes,
 * events and commands do not change with it.
 *
 * @example
 * ```ts
 * import { apply, decide, erasureDue, isInvalidQuery, replay } from "lawful-crm";
 * const t0 = "2024-01-01T00:00:00Z";
 * let ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at: t0, data: { purpose: "sales", description: "Orders", legalBases: ["contract"], retention: "P3M" } },
 *   { id: "s1", type: "SourceRegistered", at: t0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at: t0, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org",
 *     category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } },
 * ]);
 * const at = "2024-06-03T06:00:00Z";
 * const list = erasureDue(ledger, { at });
 * if (isInvalidQuery(list)) throw new Error(list.error.message);
 * const de = erasureDue(ledger, { at, locale: "de" });
 * if (!isInvalidQuery(de)) console.log(de.due[0]?.reasons[0]?.message.split(",")[0]); //=> Der Wert von „email“
 * for (const item of list.due) {
 *   console.log("due:", item.subject, item.field, item.reasons.map((r) => r.code)); //=> due: anna email [ 'RETENTION_EXPIRED' ]
 *   if (item.command === undefined) continue; // already erased by item.erasedBy, dated after `at`
 *   const r = decide(item.command, ledger, { now: () => at, newId: () => `erase-${item.subject}-${item.fact}` });
 *   if (r._tag === "Right") for (const e of r.right) ledger = apply(ledger, e);
 * }
 * ```
 */
export function erasureDue(ledger: Ledger, options: { readonly at: string } & DecisionOptions): ErasureDue | InvalidQuery {
  if (typeof options !== "object" || options === null) return invalidQuery(badOptions("erasureDue", "{ at }", options));
  // `at` and `locale` read once, under guard (issue 10); the reasons are written in the language asked for (GDPR Art. 12(1)).
  const c = readAt(ledger, options, "erasureDue", { locale: true });
  if ("error" in c) return c;
  return inLanguage(messagesOf(c.options as LocaleOptions, "erasureDue()"), () => workList(c));
}

/** The work list of a read snapshot. */
function workList(c: ReadContext): ErasureDue {
  const m = catalogMoments(c.v);
  const due: { t: number; item: ErasureDueItem }[] = [];
  const kept: { t: number; item: ErasureKeptItem }[] = [];
  const incomplete: ErasureIncompleteSubject[] = [];
  // Each subject as read at `at`: a survivor with its merged history, a subject merged away not at all (its items are its survivor's).
  for (const s of subjectsAt(c.store, c.size, c.t)) {
    const known = knownSubject(s, c.size, c.i);
    const inc = incompleteSubject(c, s, known);
    // No item for an incomplete history: the log must be repaired before anything is erased on its strength.
    if (inc === "ignored") continue;
    if (inc !== "complete") {
      incomplete.push(inc);
      continue;
    }
    if (!known) continue;
    const r = subjectErasure(c, s, m);
    for (const item of r.due) due.push({ t: parseTimestamp(item.since)!, item });
    for (const item of r.kept) kept.push({ t: parseTimestamp(item.since)!, item });
  }
  incomplete.sort((a, b) => cmp(a.subject, b.subject));
  return deepFreeze({ at: c.at, due: ordered(due), kept: ordered(kept), incomplete });
}
