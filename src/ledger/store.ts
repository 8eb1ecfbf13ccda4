import { decodeEvent, decodeEventFast } from "../events/decode.js";
import { isCatalogType, type EventOf, type LedgerEvent, type SubjectEvent } from "../events/codecs.js";
import { copyJson, jsonEqual } from "../_internal/json.js";
import { parseTimestamp } from "../_internal/time.js";
import type {
  CatalogState,
  ConsentState,
  Entry,
  FactState,
  Mark,
  RejectCode,
  RejectRecord,
  SubjectState,
} from "./types.js";

/** A raw item that did not decode, kept for duplicate detection and forks. */
class Undecoded {
  constructor(
    readonly raw: unknown,
    readonly copyable: boolean,
    /** The raw envelope strings (id, type, subject, at) of an item that is not JSON: what it marks, and its id, still come from them. */
    readonly head: unknown = raw,
    /** Vault hook: why a sealed value of the stored item `raw` could not be opened (see {@link unreadableItem}). */
    readonly unreadable?: string,
  ) {}
}

// ---- Vault hook (SEALED_VALUE_UNREADABLE) ----------------------------------
// The vault's reader hands replay this wrapper for a stored event whose sealed
// value its vault cannot open (no key, fails authentication). Replay rejects it
// with SEALED_VALUE_UNREADABLE, marking what the stored event would mark (its
// subject), never decodes it, and treats it as an exact duplicate only of
// another unreadable item with the same stored content.

/** Wraps a stored item whose sealed value a vault cannot open, for replay to reject with `reason`. */
export function unreadableItem(item: unknown, reason: string): unknown {
  const c = copyJson(item);
  return c === undefined ? new Undecoded(undefined, false, headOf(item), reason) : new Undecoded(c.value, true, c.value, reason);
}

const isUnreadable = (x: unknown): boolean => x instanceof Undecoded && x.unreadable !== undefined;
// ---------------------------------------------------------------------------

/** Copies the string envelope fields of an item that cannot be copied as JSON. */
function headOf(item: unknown): unknown {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return undefined;
  const o = item as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of ["id", "type", "subject", "at"]) if (typeof o[k] === "string") out[k] = o[k];
  return Object.freeze(out);
}

type Canon = LedgerEvent | Undecoded;

/**
 * Exact-duplicate test for decoded events: deep-equal after dropping what the
 * format ignores; `v` is dropped too, since absent means version 1.
 */
function sameEvent(a: LedgerEvent, b: LedgerEvent): boolean {
  if (a.v === b.v) return jsonEqual(a, b);
  const { v: _a, ...ra } = a;
  const { v: _b, ...rb } = b;
  return jsonEqual(ra, rb);
}

/** Inserts `x` into `arr` sorted by (t, pos); positions only grow, so ties go last. */
export function insertSorted<T extends { readonly t: number }>(arr: T[], x: T): void {
  const n = arr.length;
  if (n === 0 || arr[n - 1]!.t <= x.t) {
    arr.push(x);
    return;
  }
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]!.t <= x.t) lo = mid + 1;
    else hi = mid;
  }
  arr.splice(lo, 0, x);
}

/** The shared empty list every lazily created list starts as; never written to. */
export const NONE: never[] = Object.freeze([]) as unknown as never[];

/** Adds `x` to the (t, pos)-sorted list `holder[key]`, replacing the shared empty list on first write. */
function addSorted<H extends object, K extends keyof H>(holder: H, key: K, x: { readonly t: number }): void {
  const list = holder[key] as unknown as { t: number }[];
  if (list === NONE) (holder as Record<K, unknown>)[key] = [x];
  else insertSorted(list, x);
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V & { readonly t: number }): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else insertSorted(list as unknown as { t: number }[], v);
}

/** True when entry `a` precedes entry `b` by (at, log position). */
export function precedes(a: { t: number; pos: number }, b: { t: number; pos: number }): boolean {
  return a.t < b.t || (a.t === b.t && a.pos < b.pos);
}

function newSubject(id: string): SubjectState {
  return {
    id,
    events: [],
    facts: new Map(),
    factsByField: new Map(),
    consents: new Map(),
    purposeWithdrawals: NONE,
    bases: NONE,
    basisEnds: NONE,
    objections: NONE,
    restrictions: NONE,
    informed: NONE,
    uses: NONE,
    rejects: NONE,
  };
}

function newCatalog(): CatalogState {
  return {
    purposes: new Map(),
    compat: new Map(),
    notices: new Map(),
    sources: new Map(),
    policies: new Map(),
    accounts: new Map(),
    departures: new Map(),
    voids: [],
    events: [],
    rejects: [],
  };
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

/**
 * The append-only store behind every ledger snapshot. Replay and `apply` on
 * the newest snapshot append here; a snapshot reads only the items below its
 * own size, so older snapshots keep answering as they did. Internal.
 */
export class Store {
  /** Items consumed so far. */
  size = 0;
  accepted = 0;
  /** The canonical content of each position (decoded event, raw copy, or the duplicated original). */
  readonly log: Canon[] = [];
  readonly ids = new Map<string, Canon>();
  /** Later, different contents carried by a seen id (conflicting reuses): a repeat of one is an exact duplicate too. */
  readonly variants = new Map<string, Canon[]>();
  readonly rejects: RejectRecord[] = [];
  readonly rejectsById = new Map<string, RejectRecord[]>();
  readonly rejectsByPos = new Map<number, RejectRecord>();
  readonly duplicates: number[] = [];
  readonly subjects = new Map<string, SubjectState>();
  readonly catalog: CatalogState = newCatalog();
  /** Field erasures by subject and field, for facts recorded later in the log but earlier in time. */
  private readonly fieldErasures = new Map<string, Map<string, Entry<EventOf<"FactErased">>[]>>();

  /** Consumes one raw item. Returns what happened, for snapshot bookkeeping. */
  push(item: unknown): "accepted" | "duplicate" | "rejected" | "void" {
    const pos = this.size++;
    const rawItem = item instanceof Undecoded ? item.raw : item;
    const headItem = item instanceof Undecoded ? item.head : item;
    const obj = typeof headItem === "object" && headItem !== null && !Array.isArray(headItem) ? (headItem as Record<string, unknown>) : undefined;
    const rawId = obj !== undefined && typeof obj["id"] === "string" && obj["id"] !== "" ? obj["id"] : undefined;
    const ev = item instanceof Undecoded ? (item.copyable && !isUnreadable(item) ? decodeEventFast(item.raw) : undefined) : decodeEventFast(item);

    if (rawId !== undefined) {
      const prev = this.ids.get(rawId);
      if (prev !== undefined) {
        const same = (c: Canon) =>
          ev !== undefined
            ? !(c instanceof Undecoded) && sameEvent(c, ev)
            : c instanceof Undecoded && c.copyable && (!(item instanceof Undecoded) || item.copyable) && isUnreadable(c) === isUnreadable(item) && jsonEqual(c.raw, rawItem);
        // An exact duplicate repeats the content of any earlier item with this id
        // (the first, or a conflicting reuse): skipped, counted, marks nothing.
        const variants = this.variants.get(rawId);
        const match = same(prev) ? prev : variants?.find(same);
        if (match !== undefined) {
          this.log.push(match);
          this.duplicates.push(pos);
          return "duplicate";
        }
        const copy = this.rawCopy(item);
        this.log.push(copy);
        const variant = ev ?? copy;
        if (variants === undefined) this.variants.set(rawId, [variant]);
        else variants.push(variant);
        // Keep the copy, not the caller's object: the ledger shares nothing with its input.
        this.reject(pos, copy, "ID_CONFLICT", `id ${JSON.stringify(rawId)} was already used at an earlier position with different content (a conflicting reuse).`, [
          marksOf(canonHead(copy)),
          marksOf(canonHead(prev)),
        ]);
        return "rejected";
      }
    }

    if (ev === undefined) {
      const copy = this.rawCopy(item);
      this.log.push(copy);
      if (rawId !== undefined) this.ids.set(rawId, copy);
      if (copy.unreadable !== undefined) {
        this.reject(pos, copy, "SEALED_VALUE_UNREADABLE", copy.unreadable, [marksOf(canonHead(copy))]);
        return "rejected";
      }
      const why = !copy.copyable ? "event: the item is not JSON and could not be kept." : explainDecode(copy.raw);
      this.reject(pos, copy, "DECODE_FAILED", why, [marksOf(canonHead(copy))]);
      return "rejected";
    }

    this.log.push(ev);
    this.ids.set(ev.id, ev);
    const t = parseTimestamp(ev.at)!;
    const problem = this.check(ev, pos, t);
    if (problem !== undefined) {
      this.reject(pos, ev, problem[0], problem[1], [marksOf(ev)]);
      return "rejected";
    }
    this.accepted++;
    if (ev.type === "EventVoided") {
      this.acceptVoid({ e: ev, pos, t });
      return "void";
    }
    if (isCatalogType(ev.type)) this.acceptCatalog({ e: ev, pos, t } as Entry);
    else this.acceptSubject({ e: ev as SubjectEvent, pos, t });
    return "accepted";
  }

  private rawCopy(item: unknown): Undecoded {
    if (item instanceof Undecoded) return item;
    const c = copyJson(item);
    return c === undefined ? new Undecoded(undefined, false, headOf(item)) : new Undecoded(c.value, true);
  }

  private reject(pos: number, item: Canon, code: RejectCode, reason: string, marks: Mark[]): void {
    const raw = canonRaw(item);
    const head = canonHead(item);
    const o = typeof head === "object" && head !== null && !Array.isArray(head) ? (head as Record<string, unknown>) : {};
    const id = typeof o["id"] === "string" && o["id"] !== "" ? o["id"] : undefined;
    const type = typeof o["type"] === "string" ? o["type"] : undefined;
    const subject = typeof o["subject"] === "string" && o["subject"] !== "" ? o["subject"] : undefined;
    const at = parseTimestamp(o["at"]) !== undefined ? (o["at"] as string) : undefined;
    const rec: RejectRecord = { position: pos, id, type, subject, at, code, reason, raw, marks, voidedBy: undefined };
    this.rejects.push(rec);
    this.rejectsByPos.set(pos, rec);
    if (id !== undefined) {
      const list = this.rejectsById.get(id);
      if (list === undefined) this.rejectsById.set(id, [rec]);
      else list.push(rec);
    }
    const seen = new Set<string>();
    for (const m of marks) {
      if ("catalog" in m.scope) {
        if (!seen.has("\u0000catalog")) this.catalog.rejects.push(rec);
        seen.add("\u0000catalog");
      } else {
        const s = m.scope.subject;
        if (seen.has(s)) continue;
        seen.add(s);
        const st = this.subject(s);
        if (st.rejects === NONE) st.rejects = [rec];
        else st.rejects.push(rec);
      }
    }
  }

  /** The subject's state, created on first use. */
  subject(id: string): SubjectState {
    let s = this.subjects.get(id);
    if (s === undefined) {
      s = newSubject(id);
      this.subjects.set(id, s);
    }
    return s;
  }

  /** What replay would say of `ev` appended now: a [code, reason] when it would reject it. No side effect. */
  dryRun(ev: LedgerEvent): [RejectCode, string] | undefined {
    return this.check(ev, this.size, parseTimestamp(ev.at)!);
  }

  /** Referential checks against what the log accepted so far; a [code, reason] when the item must be rejected. */
  private check(ev: LedgerEvent, pos: number, t: number): [RejectCode, string] | undefined {
    switch (ev.type) {
      case "FactRecorded": {
        const s = this.subjects.get(ev.subject);
        if (s?.facts.has(ev.data.fact)) return ["DUPLICATE_FACT_ID", `fact ${JSON.stringify(ev.data.fact)} already exists for subject ${JSON.stringify(ev.subject)}: record a new fact id or correct the existing fact.`];
        return undefined;
      }
      case "FactCorrected":
      case "FactErased": {
        const s = this.subjects.get(ev.subject);
        const verb = ev.type === "FactCorrected" ? "corrects" : "erases";
        if (ev.type === "FactErased" && ev.data.field !== undefined) {
          const ids = s?.factsByField.get(ev.data.field) ?? [];
          const any = ids.some((id) => (s?.facts.get(id)?.erasures.length ?? 1) === 0);
          if (!any) return ["NOTHING_TO_ERASE", `erases field ${JSON.stringify(ev.data.field)} of subject ${JSON.stringify(ev.subject)}, which has no unerased fact of that field earlier in the log.`];
          return undefined;
        }
        const factId = ev.data.fact!;
        const f = s?.facts.get(factId);
        if (f === undefined) return ["UNKNOWN_FACT", `${verb} fact ${JSON.stringify(factId)}, which subject ${JSON.stringify(ev.subject)} does not have earlier in the log.`];
        if (f.erasures.length > 0) return ["FACT_ERASED", `${verb} fact ${JSON.stringify(factId)}, which was already erased (by event ${JSON.stringify(f.erasures[0]!.e.id)}).`];
        return undefined;
      }
      case "ConsentConfirmed":
      case "ConsentWithdrawn": {
        const id = ev.data.consent;
        if (id === undefined) return undefined;
        if (!this.subjects.get(ev.subject)?.consents.has(id)) return ["UNKNOWN_CONSENT", `names consent ${JSON.stringify(id)}, which subject ${JSON.stringify(ev.subject)} does not have earlier in the log.`];
        return undefined;
      }
      case "ConsentGranted":
        if (this.subjects.get(ev.subject)?.consents.has(ev.data.consent)) return ["DUPLICATE_CONSENT_ID", `consent ${JSON.stringify(ev.data.consent)} already exists for subject ${JSON.stringify(ev.subject)}.`];
        return undefined;
      case "LegalBasisEnded": {
        const s = this.subjects.get(ev.subject);
        if (!s?.bases.some((b) => b.e.data.reference === ev.data.reference)) return ["UNKNOWN_REFERENCE", `ends legal basis reference ${JSON.stringify(ev.data.reference)}, which subject ${JSON.stringify(ev.subject)} has not recorded earlier in the log.`];
        return undefined;
      }
      case "SpecialConditionRecorded": {
        // GDPR Art. 9(2)(a): an explicit-consent condition names a consent the subject has earlier in the log.
        const id = ev.data.consent;
        if (id !== undefined && !this.subjects.get(ev.subject)?.consents.has(id)) return ["UNKNOWN_CONSENT", `names consent ${JSON.stringify(id)} as its explicit consent, which subject ${JSON.stringify(ev.subject)} does not have earlier in the log.`];
        return undefined;
      }
      case "SpecialConditionEnded": {
        // References of special conditions are a namespace of their own, apart from those of legal bases.
        const s = this.subjects.get(ev.subject);
        if (s?.events.some((x) => x.e.type === "SpecialConditionRecorded" && x.e.data.reference === ev.data.reference) !== true) {
          return ["UNKNOWN_REFERENCE", `ends special condition reference ${JSON.stringify(ev.data.reference)}, which subject ${JSON.stringify(ev.subject)} has not recorded earlier in the log.`];
        }
        return undefined;
      }
      case "EventVoided":
        return this.voidTargets(ev, pos).problem;
      default:
        void t;
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
    this.catalog.voids.push(entry);
    insertSorted(this.catalog.events, entry);
  }

  private acceptCatalog(entry: Entry): void {
    const c = this.catalog;
    const e = entry.e;
    switch (e.type) {
      case "PurposeDeclared":
      case "PurposeRetired":
        pushTo(c.purposes, e.data.purpose, entry as never);
        break;
      case "PurposeCompatibilityAssessed":
        pushTo(c.compat, `${e.data.from}\u0000${e.data.to}`, entry as never);
        break;
      case "NoticePublished":
        pushTo(c.notices, `${e.data.notice}\u0000${e.data.version}`, entry as never);
        break;
      case "SourceRegistered":
      case "SourceRetired":
        pushTo(c.sources, e.data.source, entry as never);
        break;
      case "AccessPolicyGranted":
      case "AccessPolicyRevoked":
        pushTo(c.policies, e.data.policy, entry as never);
        break;
      case "AccountLinked":
        pushTo(c.accounts, e.data.account, entry as never);
        break;
      case "EmployeeDeparted":
        pushTo(c.departures, e.data.employee, entry as never);
        break;
      default:
        break;
    }
    insertSorted(c.events, entry);
  }

  private acceptSubject(entry: Entry<SubjectEvent>): void {
    const e = entry.e;
    const s = this.subject(e.subject);
    insertSorted(s.events, entry);
    switch (e.type) {
      case "FactRecorded": {
        const f: FactState = { rec: entry as Entry<EventOf<"FactRecorded">>, corrections: NONE, erasures: NONE };
        s.facts.set(e.data.fact, f);
        const ids = s.factsByField.get(e.data.field);
        if (ids === undefined) s.factsByField.set(e.data.field, [e.data.fact]);
        else ids.push(e.data.fact);
        // A field erasure earlier in the log but later in time erases this fact too.
        const fe = this.fieldErasures.get(e.subject)?.get(e.data.field);
        if (fe !== undefined) for (const x of fe) if (precedes(entry, x)) addSorted(f, "erasures", x);
        break;
      }
      case "FactCorrected": {
        const f = s.facts.get(e.data.fact)!;
        if (precedes(f.rec, entry)) addSorted(f, "corrections", entry as Entry<EventOf<"FactCorrected">>);
        break;
      }
      case "FactErased": {
        const x = entry as Entry<EventOf<"FactErased">>;
        if (e.data.field !== undefined) {
          let bySubject = this.fieldErasures.get(e.subject);
          if (bySubject === undefined) this.fieldErasures.set(e.subject, (bySubject = new Map()));
          pushTo(bySubject, e.data.field, x);
          for (const id of s.factsByField.get(e.data.field) ?? []) {
            const f = s.facts.get(id)!;
            if (precedes(f.rec, x)) addSorted(f, "erasures", x);
          }
        } else {
          const f = s.facts.get(e.data.fact!)!;
          if (precedes(f.rec, x)) addSorted(f, "erasures", x);
        }
        break;
      }
      case "ConsentGranted": {
        const c: ConsentState = { grant: entry as Entry<EventOf<"ConsentGranted">>, confirmations: NONE, withdrawals: NONE };
        s.consents.set(e.data.consent, c);
        break;
      }
      case "ConsentConfirmed": {
        const c = s.consents.get(e.data.consent)!;
        if (precedes(c.grant, entry)) addSorted(c, "confirmations", entry as Entry<EventOf<"ConsentConfirmed">>);
        break;
      }
      case "ConsentWithdrawn": {
        const x = entry as Entry<EventOf<"ConsentWithdrawn">>;
        if (e.data.consent !== undefined) {
          const c = s.consents.get(e.data.consent)!;
          if (precedes(c.grant, x)) addSorted(c, "withdrawals", x);
        } else addSorted(s, "purposeWithdrawals", x);
        break;
      }
      case "LegalBasisRecorded":
        addSorted(s, "bases", entry as Entry<EventOf<"LegalBasisRecorded">>);
        break;
      case "LegalBasisEnded":
        addSorted(s, "basisEnds", entry as Entry<EventOf<"LegalBasisEnded">>);
        break;
      case "ObjectionRaised":
      case "ObjectionWithdrawn":
        addSorted(s, "objections", entry as Entry<EventOf<"ObjectionRaised">>);
        break;
      case "ProcessingRestricted":
      case "RestrictionLifted":
        addSorted(s, "restrictions", entry as Entry<EventOf<"ProcessingRestricted">>);
        break;
      case "SubjectInformed":
        addSorted(s, "informed", entry as Entry<EventOf<"SubjectInformed">>);
        break;
      case "UseRecorded":
        addSorted(s, "uses", entry as Entry<EventOf<"UseRecorded">>);
        break;
    }
  }
}

function explainDecode(item: unknown): string {
  const r = decodeEvent(item);
  return r._tag === "Left" ? r.left.message : "event: not a valid event.";
}

export { Undecoded };
