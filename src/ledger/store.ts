import { createInterner, decodeEvent, decodeRecord, eventOf, isCatalogType, type EventOf, type EventRecord, type Interner, type LedgerEvent, type SubjectEvent } from "../events/index.js";
import { BigMap, type BigSet } from "../_internal/bigmap.js";
import { jsonEqual } from "../_internal/json.js";
import { parseTimestamp } from "../_internal/time.js";
import { Catalog } from "./catalog.js";
import { intake, isUnreadable, keptCopy, Undecoded } from "./intake.js";
import { foldSubjectEvent } from "./fold.js";
import { acceptMerge, foldIntoSurvivors, lastSurvivor, mergeProblem } from "./merges.js";
import { NONE } from "./lists.js";
import { IdIndex } from "./ids.js";
import { factsOf, Subject } from "./state.js";
import type { Entry, Mark, Problem, RejectCode, RejectRecord } from "./types.js";


type Canon = EventRecord | Undecoded;

/**
 * Exact-duplicate test for decoded events: the same envelope and the same
 * data; `v` is ignored, since absent means version 1.
 */
function sameEvent(a: EventRecord, b: EventRecord): boolean {
  return a.id === b.id && a.type === b.type && a.at === b.at && a.subject === b.subject && a.by === b.by && jsonEqual(a.data, b.data);
}

/** What a raw item would mark if rejected: the catalog or its subject, from its `at` if valid. */
function marksOf(raw: unknown): Mark {
  const o = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const type = o["type"];
  const subject = o["subject"];
  const t = parseTimestamp(o["at"]);
  const from = t === undefined ? -Infinity : t;
  if (isCatalogType(type) || typeof subject !== "string" || subject === "") return { scope: { catalog: true }, from };
  return { scope: { subject }, from };
}

function canonRaw(c: Canon): unknown {
  return c instanceof Undecoded ? c.raw : c;
}

function canonHead(c: Canon): unknown {
  return c instanceof Undecoded ? c.head : c;
}

/** The id of an item's head (the decoded record, or what is kept of its envelope): a non-empty string, or none. */
function headId(head: unknown): string | undefined {
  if (typeof head !== "object" || head === null || Array.isArray(head)) return undefined;
  const id = (head as Record<string, unknown>)["id"];
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** The id a kept item carries (its envelope's, for one that did not decode), as `push` reads it. */
export function idOf(c: Canon): string | undefined {
  return c instanceof Undecoded ? headId(c.head) : c.id;
}

/**
 * The append-only store behind every ledger snapshot. Replay and `apply` on
 * the newest snapshot append here; a snapshot reads only the items below its
 * own size, so older snapshots keep answering as they did. Internal.
 */
export class Store {
  /** Items consumed so far. */
  size = 0;
  accepted = 0;
  /** The canonical content of each position (decoded record, raw copy, or the duplicated original). */
  readonly log: Canon[] = [];
  /** Each id's first position in the log. */
  readonly ids: IdIndex = new IdIndex((p) => idOf(this.log[p]!));
  // Per person, per rejected item: BigMap, since a V8 Map holds at most 2^24 entries.
  /** Later, different contents carried by a seen id (conflicting reuses): a repeat of one is an exact duplicate too. */
  readonly variants = new BigMap<string, Canon[]>();
  readonly rejects: RejectRecord[] = [];
  readonly rejectsById = new BigMap<string, RejectRecord[]>();
  readonly rejectsByPos = new BigMap<number, RejectRecord>();
  readonly duplicates: number[] = [];
  readonly subjects = new BigMap<string, Subject>();
  readonly catalog = new Catalog();
  /** Voids accepted so far: each can change what earlier rejects mean. */
  voidCount = 0;
  /** Merges accepted so far (issue 14): while none, every reader takes its plain path. */
  mergeCount = 0;
  /**
   * Posting lists for audiences: per purpose, the subjects with a consent or
   * a recorded legal basis naming it. Only they can have a basis for it (or
   * for a purpose below it); every other subject is denied without being read.
   */
  readonly basisPostings = new BigMap<string, BigSet<string>>();
  /** The view of the last snapshot read (see viewOf in read.ts). */
  view: unknown = undefined;
  /** What the rules compiled from the catalog, and the catalog version it is for (see catalogSlot in read.ts). */
  catalogMemo: { readonly version: number; readonly slots: Map<symbol, unknown> } | undefined = undefined;
  private readonly interner: Interner = createInterner();

  /** Consumes one raw item of a caller (read under guard: it may run the caller's code). Returns what happened, for snapshot bookkeeping. */
  push(item: unknown): "accepted" | "duplicate" | "rejected" | "void" {
    const pos = this.size++;
    return this.fold(pos, item, intake(item, pos, this.interner));
  }

  /** Consumes an entry of another store's log (a fork rebuilds an older snapshot from them): the library's own objects, read as they are. */
  pushEntry(entry: Canon): "accepted" | "duplicate" | "rejected" | "void" {
    const pos = this.size++;
    return this.fold(pos, entry, entry instanceof Undecoded ? entry : (decodeRecord(entry, pos, this.interner) ?? keptCopy(entry)));
  }

  /** Folds item `pos`, read as `read` (its decoded record, or what is kept of it). */
  private fold(pos: number, item: unknown, read: EventRecord | Undecoded): "accepted" | "duplicate" | "rejected" | "void" {
    const undecoded = read instanceof Undecoded ? read : undefined;
    const ev = undecoded === undefined ? (read as EventRecord) : undecoded.copyable && !isUnreadable(undecoded) ? decodeRecord(undecoded.raw, pos, this.interner) : undefined;
    const headItem = undecoded !== undefined ? undecoded.head : ev;
    const rawId = headId(headItem);

    if (rawId !== undefined) {
      const first = this.ids.find(rawId);
      if (first !== -1) return this.repeatedId(pos, rawId, this.log[first]!, item, undecoded, ev);
    }

    if (ev === undefined) {
      const copy = undecoded!;
      this.log.push(copy);
      if (rawId !== undefined) this.ids.add(rawId, pos);
      if (copy.unreadable !== undefined) {
        this.reject(pos, copy, "SEALED_VALUE_UNREADABLE", copy.unreadable, [marksOf(canonHead(copy))]);
        return "rejected";
      }
      const why = !copy.copyable ? copy.why : explainDecode(copy.raw);
      this.reject(pos, copy, "DECODE_FAILED", why, [marksOf(canonHead(copy))]);
      return "rejected";
    }

    this.log.push(ev);
    this.ids.add(ev.id, pos);
    const subject = ev.subject === undefined ? undefined : this.subjects.get(ev.subject);
    // One copy of each subject id for all its events: the subject table's.
    if (subject !== undefined) ev.subject = subject.id;
    const problem = this.check(ev.e, pos, subject);
    if (problem !== undefined) {
      this.reject(pos, ev, problem[0], problem[1], problem[2] ?? [marksOf(ev)]);
      return "rejected";
    }
    this.accepted++;
    if (ev.type === "EventVoided") {
      this.acceptVoid(ev as unknown as Entry<EventOf<"EventVoided">>);
      return "void";
    }
    if (ev.subject === undefined) this.catalog.add(ev as unknown as Entry);
    else if (ev.type === "SubjectsMerged") acceptMerge(this, ev as unknown as Entry<EventOf<"SubjectsMerged">>, subject ?? this.subject(ev.subject));
    else {
      const s = subject ?? this.subject(ev.subject);
      foldSubjectEvent(ev as unknown as Entry<SubjectEvent>, s, this.basisPostings);
      if (s.merged !== undefined || s.mergedInto !== undefined) foldIntoSurvivors(this, ev as unknown as Entry<SubjectEvent>, s);
    }
    return "accepted";
  }



  /** An item whose id was seen before: an exact duplicate (skipped) or a conflicting reuse (rejected). */
  private repeatedId(pos: number, rawId: string, prev: Canon, item: unknown, undecoded: Undecoded | undefined, ev: EventRecord | undefined): "duplicate" | "rejected" {
    // An item that is not JSON, or could not be read, is never an exact duplicate (nothing of it is kept to compare).
    const same = (c: Canon) =>
      ev !== undefined
        ? !(c instanceof Undecoded) && sameEvent(c, ev)
        : c instanceof Undecoded && c.copyable && undecoded!.copyable && isUnreadable(c) === isUnreadable(undecoded) && jsonEqual(c.raw, undecoded!.raw);
    // An exact duplicate repeats the content of any earlier item with this id
    // (the first, or a conflicting reuse): skipped, counted, marks nothing.
    const variants = this.variants.get(rawId);
    const match = same(prev) ? prev : variants?.find(same);
    if (match !== undefined) {
      this.log.push(match);
      this.duplicates.push(pos);
      return "duplicate";
    }
    // Keep a copy, not the caller's object: the ledger shares nothing with its input.
    const copy = undecoded ?? keptCopy(item);
    this.log.push(copy);
    const variant = ev ?? copy;
    if (variants === undefined) this.variants.set(rawId, [variant]);
    else variants.push(variant);
    this.reject(pos, copy, "ID_CONFLICT", `id ${JSON.stringify(rawId)} was already used at an earlier position with different content (a conflicting reuse).`, [
      marksOf(canonHead(copy)),
      marksOf(canonHead(prev)),
    ]);
    return "rejected";
  }

  private reject(pos: number, item: Canon, code: RejectCode, reason: string, marks: Mark[]): void {
    const raw = canonRaw(item);
    const head = canonHead(item);
    const o = typeof head === "object" && head !== null && !Array.isArray(head) ? (head as Record<string, unknown>) : {};
    const id = headId(head);
    const type = typeof o["type"] === "string" ? o["type"] : undefined;
    const subject = typeof o["subject"] === "string" && o["subject"] !== "" ? o["subject"] : undefined;
    const at = parseTimestamp(o["at"]) !== undefined ? (o["at"] as string) : undefined;
    const rec: RejectRecord = {
      position: pos,
      id,
      type,
      subject,
      at,
      code,
      reason,
      raw: item instanceof Undecoded ? raw : eventOf(item),
      marks,
      voidedBy: undefined,
    };
    this.rejects.push(rec);
    this.rejectsByPos.set(pos, rec);
    if (id !== undefined) {
      const list = this.rejectsById.get(id);
      if (list === undefined) this.rejectsById.set(id, [rec]);
      else list.push(rec);
    }
    let catalogMarked = false;
    let firstSubject: string | undefined;
    for (const m of marks) {
      if ("catalog" in m.scope) {
        if (!catalogMarked) this.catalog.rejects.push(rec);
        catalogMarked = true;
      } else {
        const s = m.scope.subject;
        if (s === firstSubject) continue;
        if (firstSubject === undefined) firstSubject = s;
        this.subject(s).addReject(rec);
      }
    }
  }

  /** The subject's state, created on first use. */
  subject(id: string): Subject {
    let s = this.subjects.get(id);
    if (s === undefined) {
      s = new Subject(id);
      this.subjects.set(id, s);
    }
    return s;
  }

  // ---- Restoring a snapshot (src/snapshot) ----------------------------------
  // A snapshot records the outcome of every item. Restoring hands its records
  // back through the same accept paths as `push`, without decoding or checks,
  // so that what the store builds from an accepted event stays defined here.

  /**
   * Re-accepts a record that a snapshot recorded as accepted: `subject` is the
   * state of its subject (for a subject event). Trusted: no decoding, no
   * referential check; `size` and `accepted` are the caller's to set.
   */
  reaccept(ev: EventRecord, subject: Subject | undefined): void {
    // The same three paths as the end of `push`.
    if (ev.type === "EventVoided") this.acceptVoid(ev as unknown as Entry<EventOf<"EventVoided">>);
    else if (subject === undefined) this.catalog.add(ev as unknown as Entry);
    else foldSubjectEvent(ev as unknown as Entry<SubjectEvent>, subject, this.basisPostings);
  }

  /**
   * Files a reject record that a snapshot kept, as `reject` files it: in log
   * order, by position and id, and among the catalog's rejects when it marks
   * the catalog. The subjects it marks are the caller's (their state may be
   * built later); a void re-accepted after it finds it as `push` did.
   */
  refile(rec: RejectRecord, marksCatalog: boolean): void {
    this.rejects.push(rec);
    this.rejectsByPos.set(rec.position, rec);
    if (rec.id !== undefined) {
      const list = this.rejectsById.get(rec.id);
      if (list === undefined) this.rejectsById.set(rec.id, [rec]);
      else list.push(rec);
    }
    if (marksCatalog) this.catalog.rejects.push(rec);
  }
  // ---------------------------------------------------------------------------

  /** What replay would say of `ev` appended now: a [code, reason] when it would reject it. No side effect. */
  dryRun(ev: LedgerEvent): [RejectCode, string] | undefined {
    const subject = "subject" in ev && ev.subject !== undefined ? this.subjects.get(ev.subject) : undefined;
    const problem = this.check(ev, this.size, subject);
    return problem === undefined ? undefined : [problem[0], problem[1]];
  }

  /**
   * Referential checks against what the log accepted so far; a [code,
   * reason] (and what it marks, when not the item's own scope) when the item
   * must be rejected.
   */
  private check(ev: LedgerEvent, pos: number, own: Subject | undefined): Problem | undefined {
    if (ev.type === "SubjectsMerged") return mergeProblem(this, ev, own);
    // issue 14: after a merge, the survivor's events are checked against the merged history; an event about the
    // subject merged away is refused from the merge's at, and before it checked against its own history, but its
    // new ids against the history it finally counts for.
    let s = own;
    let dup = own;
    if (own !== undefined && (own.merged !== undefined || own.mergedInto !== undefined)) {
      const away = own.mergedInto;
      if (away !== undefined) {
        const t = parseTimestamp((ev as SubjectEvent).at)!;
        if (t >= away.t) {
          return [
            "SUBJECT_MERGED",
            `is about subject ${JSON.stringify(own.id)}, which was merged into ${JSON.stringify(away.e.subject)} at ${away.e.at} (event ${JSON.stringify(away.e.id)}): record it about ${JSON.stringify(away.e.subject)}.`,
            [{ scope: { subject: away.e.subject }, from: t }],
          ];
        }
      }
      s = own.merged ?? own;
      const last = lastSurvivor(this, own);
      dup = last.merged ?? last;
    }
    switch (ev.type) {
      case "FactRecorded": {
        if (dup?.facts.has(ev.data.fact)) return ["DUPLICATE_FACT_ID", `fact ${JSON.stringify(ev.data.fact)} already exists for subject ${JSON.stringify(ev.subject)}: record a new fact id or correct the existing fact.`];
        return undefined;
      }
      case "FactCorrected":
      case "FactErased": {
        const verb = ev.type === "FactCorrected" ? "corrects" : "erases";
        if (ev.type === "FactErased" && ev.data.field !== undefined) {
          const facts = s === undefined ? NONE : factsOf(s, ev.data.field);
          const any = facts.some((f) => !f.erased);
          if (!any) return ["NOTHING_TO_ERASE", `erases field ${JSON.stringify(ev.data.field)} of subject ${JSON.stringify(ev.subject)}, which has no unerased fact of that field earlier in the log.`];
          return undefined;
        }
        const factId = ev.data.fact!;
        const f = s?.facts.get(factId);
        if (f === undefined) return ["UNKNOWN_FACT", `${verb} fact ${JSON.stringify(factId)}, which subject ${JSON.stringify(ev.subject)} does not have earlier in the log.`];
        if (f.erased) return ["FACT_ERASED", `${verb} fact ${JSON.stringify(factId)}, which was already erased (by event ${JSON.stringify(f.erasures[0]!.e.id)}).`];
        return undefined;
      }
      case "ConsentConfirmed":
      case "ConsentWithdrawn": {
        const id = ev.data.consent;
        if (id === undefined) return undefined;
        if (!s?.consents.has(id)) return ["UNKNOWN_CONSENT", `names consent ${JSON.stringify(id)}, which subject ${JSON.stringify(ev.subject)} does not have earlier in the log.`];
        return undefined;
      }
      case "ConsentGranted":
        if (dup?.consents.has(ev.data.consent)) return ["DUPLICATE_CONSENT_ID", `consent ${JSON.stringify(ev.data.consent)} already exists for subject ${JSON.stringify(ev.subject)}.`];
        return undefined;
      case "LegalBasisEnded": {
        if (s?.basisRefs?.has(ev.data.reference) !== true) return ["UNKNOWN_REFERENCE", `ends legal basis reference ${JSON.stringify(ev.data.reference)}, which subject ${JSON.stringify(ev.subject)} has not recorded earlier in the log.`];
        return undefined;
      }
      case "SpecialConditionRecorded": {
        // GDPR Art. 9(2)(a): an explicit-consent condition names a consent the subject has earlier in the log.
        const id = ev.data.consent;
        if (id !== undefined && s?.consents.has(id) !== true) return ["UNKNOWN_CONSENT", `names consent ${JSON.stringify(id)} as its explicit consent, which subject ${JSON.stringify(ev.subject)} does not have earlier in the log.`];
        return undefined;
      }
      case "SpecialConditionEnded": {
        // References of special conditions are a namespace of their own, apart from those of legal bases.
        if (s?.conditionRefs?.has(ev.data.reference) !== true) {
          return ["UNKNOWN_REFERENCE", `ends special condition reference ${JSON.stringify(ev.data.reference)}, which subject ${JSON.stringify(ev.subject)} has not recorded earlier in the log.`];
        }
        return undefined;
      }
      case "EventVoided":
        return this.voidTargets(ev, pos).problem;
      default:
        return undefined;
    }
  }

  private voidTargets(ev: EventOf<"EventVoided">, pos: number): { targets: RejectRecord[]; problem?: [RejectCode, string] } {
    const { event, position } = ev.data;
    if (position !== undefined) {
      const r = position < pos ? this.rejectsByPos.get(position) : undefined;
      if (r === undefined) {
        const what = position >= pos ? "a later or non-existent position" : "an item that was not rejected (accepted or an exact duplicate)";
        return { targets: [], problem: ["INVALID_VOID", `voids position ${position}, ${what}: only rejected items earlier in the log can be voided.`] };
      }
      if (event !== undefined && r.id !== event) {
        return { targets: [], problem: ["INVALID_VOID", `names event ${JSON.stringify(event)} and position ${position}, which are not the same rejected item.`] };
      }
      return { targets: [r] };
    }
    const list = this.rejectsById.get(event!) ?? [];
    if (list.length === 0) return { targets: [], problem: ["INVALID_VOID", `voids event ${JSON.stringify(event)}, but no rejected item with that id precedes it in the log.`] };
    return { targets: list };
  }

  private acceptVoid(entry: Entry<EventOf<"EventVoided">>): void {
    for (const r of this.voidTargets(entry.e, entry.pos).targets) {
      if (r.voidedBy === undefined) r.voidedBy = entry.pos;
    }
    this.voidCount++;
    this.catalog.voids.push(entry);
    this.catalog.addEvent(entry);
  }

}


function explainDecode(item: unknown): string {
  const r = decodeEvent(item);
  return r._tag === "Left" ? r.left.message : "event: not a valid event.";
}

export { Undecoded, unreadableItem } from "./intake.js";
