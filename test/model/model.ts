/**
 * A deliberately naive reference model of `canUse`, written straight from the
 * text of issues 2 (foundation), 3 (decisions) and 4 (channels).
 *
 * It shares no code with `src/` beyond the exported event codecs
 * (`decodeEvent`): per query it walks the whole raw log in log order to find
 * what is accepted, skipped, rejected and voided, then evaluates every rule
 * over the accepted events with plain filters — no index, no cache, no
 * cleverness. It is slow on purpose: it exists to be obviously right, so
 * that the fast engine can be checked against it (test/model/differential.test.ts).
 *
 * Each rule is a few lines under the sentence of the issue it implements.
 */
import { decodeEvent } from "../../src/events/index.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Data = any;

// ======================================================================
// Time (issue 2: "a timestamp matches YYYY-MM-DDThh:mm:ss(.d{1,3})?Z and is
// a real calendar instant (hh ≤ 23, ss ≤ 59)"; issue 3 Semantics: durations
// with calendar arithmetic in UTC). Written again here on purpose.
// ======================================================================

const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => [31, leap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** Days since 1970-01-01 of a proleptic Gregorian date, by counting (slow and obvious). */
function dayNumber(y: number, m: number, d: number): number {
  // Whole 400-year cycles have 146097 days; count the rest year by year, month by month.
  const cycles = Math.floor((y - 1970) / 400);
  let days = cycles * 146097;
  for (let yy = 1970 + cycles * 400; yy < y; yy++) days += leap(yy) ? 366 : 365;
  for (let mm = 1; mm < m; mm++) days += monthDays(y, mm);
  return days + d - 1;
}

interface Civil {
  y: number;
  m: number;
  d: number;
  /** Milliseconds into the day. */
  ms: number;
}

function parseCivil(s: unknown): Civil | undefined {
  if (typeof s !== "string") return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/.exec(s);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > monthDays(y, mo) || h > 23 || mi > 59 || se > 59) return undefined;
  const frac = m[7] === undefined ? 0 : Math.round(Number("0" + m[7]) * 1000);
  return { y, m: mo, d, ms: ((h * 60 + mi) * 60 + se) * 1000 + frac };
}

/** Epoch milliseconds of a valid wire-format timestamp, else undefined. */
export function ms(s: unknown): number | undefined {
  const c = parseCivil(s);
  return c === undefined ? undefined : dayNumber(c.y, c.m, c.d) * 86_400_000 + c.ms;
}

/**
 * S + D: "adding years, then months, then days, then the time part, a day
 * that does not exist clamping to the month's last day". `start` is a valid
 * timestamp, `duration` a duration that decoded.
 */
export function plus(start: string, duration: string): number {
  const c = parseCivil(start)!;
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration)!;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  let y = c.y + n(1);
  let d = Math.min(c.d, monthDays(y, c.m));
  let mo = c.m + n(2);
  while (mo > 12) {
    mo -= 12;
    y += 1;
  }
  d = Math.min(d, monthDays(y, mo));
  const days = dayNumber(y, mo, d) + 7 * n(3) + n(4);
  return days * 86_400_000 + c.ms + ((n(5) * 60 + n(6)) * 60 + n(7)) * 1000;
}

// ======================================================================
// Purposes (issue 2/3: "non-empty segments joined by single dots"; "P covers
// U when U = P or U descends from P (dotted prefix on whole segments)").
// ======================================================================

export const isDotted = (s: unknown): s is string => typeof s === "string" && s.split(".").every((seg) => seg.length > 0);
export const coversP = (p: string, u: string) => u === p || u.startsWith(p + ".");
/** Strict ancestors, nearest first. */
const ancestorsOf = (p: string) => {
  const segs = p.split(".");
  const out: string[] = [];
  for (let k = segs.length - 1; k > 0; k--) out.push(segs.slice(0, k).join("."));
  return out;
};

// ======================================================================
// The log walk (issue 2, Replay)
// ======================================================================

/** The catalog event types of wire format v1 (issue 2). */
const CATALOG = [
  "PurposeDeclared",
  "PurposeRetired",
  "PurposeCompatibilityAssessed",
  "NoticePublished",
  "SourceRegistered",
  "SourceRetired",
  "AccessPolicyGranted",
  "AccessPolicyRevoked",
  "AccountLinked",
  "EmployeeDeparted",
  "EventVoided",
  // issue 14: "Catalog event SpecialCategoryDeclared".
  "SpecialCategoryDeclared",
];

/** An accepted event: the decoded event, its log position and its `at` in ms. */
export interface Ev {
  id: string;
  type: string;
  at: string;
  subject?: string;
  data: Data;
  pos: number;
  t: number;
}

export interface Mark {
  /** "catalog", or the subject marked. */
  scope: string;
  /** From when (ms); -Infinity = at every T. */
  from: number;
}

export interface Item {
  pos: number;
  raw: unknown;
  id: string | undefined;
  status: "accepted" | "skipped" | "rejected";
  ev: Ev | undefined;
  /** What a reject marks. */
  marks: Mark[];
  voided: boolean;
  why?: string;
}

/** Key-order-independent deep equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Data)[k], (b as Data)[k]));
}

const asObject = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;

/**
 * "a rejected event whose raw type is a catalog type, or which has no
 * non-empty string subject, marks the catalog; any other ... marks that
 * subject. From when: from the rejected event's raw at if that is a valid
 * wire-format timestamp, else at every T."
 */
function marksOf(raw: unknown): Mark {
  const o = asObject(raw) ?? {};
  const catalog = (typeof o["type"] === "string" && CATALOG.includes(o["type"])) || typeof o["subject"] !== "string" || o["subject"] === "";
  return { scope: catalog ? "catalog" : (o["subject"] as string), from: ms(o["at"]) ?? -Infinity };
}

/** a precedes b by (at, log position). */
export const before = (a: { t: number; pos: number }, b: { t: number; pos: number }) => a.t < b.t || (a.t === b.t && a.pos < b.pos);

// ======================================================================
// Merges (issue 14, part 1): "its subject is the survivor"; "a subject's history includes what earlier
// accepted merges brought into it"; chains compose.
// ======================================================================

/** The subjects whose events make up X's history by the accepted merges `merges`: X and, recursively, every `from` merged into it. */
export function closureOf(X: string, merges: readonly Ev[], include: (m: Ev) => boolean = () => true): string[] {
  const out = [X];
  for (const m of merges) if (m.subject === X && include(m)) out.push(...closureOf(m.data.from, merges, include));
  return out;
}
/** The accepted merge that took X away (X is its `from`), if any. */
export const mergeOf = (X: string, merges: readonly Ev[]): Ev | undefined => merges.find((m) => m.data.from === X);
/** "The history it finally counts for (that of the last survivor of a chain)". */
export function lastSurvivor(X: string, merges: readonly Ev[]): string {
  for (let m = mergeOf(X, merges); m !== undefined; m = mergeOf(X, merges)) X = m.subject!;
  return X;
}
/** "For an instant T ≥ the merge's at, the survivor is answered from the merged history": the subjects whose events count for S at T. */
export const membersAt = (S: string, merges: readonly Ev[], T: number): string[] => closureOf(S, merges, (m) => m.t <= T);

/** Walks the whole raw log in log order with the foundation issue's rules. */
export function walk(log: readonly unknown[]): Item[] {
  const items: Item[] = [];
  const acceptedBefore = (pos: number) => items.filter((i) => i.pos < pos && i.status === "accepted").map((i) => i.ev!);
  for (let pos = 0; pos < log.length; pos++) {
    const raw = log[pos];
    const o = asObject(raw);
    const id = o !== undefined && typeof o["id"] === "string" && o["id"] !== "" ? o["id"] : undefined;
    const d = decodeEvent(raw);
    const ev: Ev | undefined = d._tag === "Right" ? ({ ...(d.right as Data), pos, t: ms(d.right.at)! } as Ev) : undefined;
    const item: Item = { pos, raw, id, status: "accepted", ev, marks: [], voided: false };
    items.push(item);
    const reject = (why: string, marks: Mark[] = [marksOf(raw)]) => Object.assign(item, { status: "rejected", marks, why });

    // "An id is seen once any earlier item carried it, accepted or rejected."
    const carriers = id === undefined ? [] : items.filter((i) => i.pos < pos && i.id === id);
    if (carriers.length > 0) {
      // "A later item with a seen id and the same content (deep-equal JSON after dropping the fields
      // this format ignores, key order irrelevant; raw deep-equal when the item does not decode) is an
      // exact duplicate: skipped". The same content as any earlier item that carried the id (the first,
      // or a conflicting reuse of it: re-sending a rejected copy changes nothing) — the engine's reading
      // of a sentence that does not say which earlier item; see docs/quality.md.
      const strip = (e: Ev) => {
        const { pos: _p, t: _t, ...rest } = e;
        return rest;
      };
      const sameAs = (c: Item) => (ev !== undefined && c.ev !== undefined ? deepEqual(strip(ev), strip(c.ev)) : deepEqual(raw, c.raw));
      if (carriers.some(sameAs)) item.status = "skipped";
      // "a conflicting reuse of an id marks what each copy would mark, each from its own at" (the
      // copies: this item and the first that carried the id).
      else reject("ID_CONFLICT", [marksOf(raw), marksOf(carriers[0]!.raw)]);
      continue;
    }
    // "an event that fails to decode (including an unknown type)".
    if (ev === undefined) {
      reject("DECODE_FAILED");
      continue;
    }
    // "Referential rejects look at the events accepted earlier in the log, whatever their at."
    const acc = acceptedBefore(pos);
    const merges = acc.filter((e) => e.type === "SubjectsMerged");
    const x = ev.data;
    if (ev.type === "SubjectsMerged") {
      // issue 14: "A merge is rejected with the new code MERGE_INVALID when: from equals the survivor; from has
      // no accepted event earlier in the log with at ≤ the merge's at; from, or the survivor, is already the from
      // of an accepted merge; a fact id of from's history equals a fact id of the survivor's, or a consent id of
      // one equals a consent id of the other" (histories including what earlier merges brought in).
      const S = ev.subject!;
      const F: string = x.from;
      const ids = (X: string, type: string, key: string) => {
        const scope = closureOf(X, merges);
        return acc.filter((e) => e.type === type && scope.includes(e.subject!)).map((e) => e.data[key] as string);
      };
      const clash = (type: string, key: string) => ids(S, type, key).some((id) => ids(F, type, key).includes(id));
      if (
        F === S ||
        !acc.some((e) => e.subject === F && e.t <= ev.t) ||
        mergeOf(F, merges) !== undefined ||
        mergeOf(S, merges) !== undefined ||
        clash("FactRecorded", "fact") ||
        clash("ConsentGranted", "consent")
      )
        reject("MERGE_INVALID");
      continue;
    }
    // issue 14 "After the merge": "an event about from with at ≥ the merge's at is rejected with the new code
    // SUBJECT_MERGED, and marks the survivor from its at"; one before it "is judged as part of from's history
    // ..., except that a fact or consent id already used in the history it finally counts for (that of the last
    // survivor of a chain) is rejected"; "an event about the survivor is checked ... against the merged history".
    let scope: string[] = [];
    let dupScope: string[] = [];
    if (ev.subject !== undefined) {
      const away = mergeOf(ev.subject, merges);
      if (away !== undefined && ev.t >= away.t) {
        reject("SUBJECT_MERGED", [{ scope: away.subject!, from: ev.t }]);
        continue;
      }
      scope = closureOf(ev.subject, merges);
      dupScope = closureOf(lastSurvivor(ev.subject, merges), merges);
    }
    const mine = acc.filter((e) => e.subject !== undefined && scope.includes(e.subject));
    const theirs = acc.filter((e) => e.subject !== undefined && dupScope.includes(e.subject));
    const facts = mine.filter((e) => e.type === "FactRecorded");
    // "FactErased {field} erases that field's facts preceding it in that order"; an erasure
    // naming a fact "affects only what precedes it by (at, log position)".
    const erasedInLog = (f: Ev) =>
      mine.some((x) => x.type === "FactErased" && (x.data.fact === f.data.fact || x.data.field === f.data.field) && before(f, x));
    switch (ev.type) {
      case "FactRecorded":
        // "A FactRecorded / ConsentGranted reusing a fact / consent id the subject already has is rejected."
        if (theirs.some((f) => f.type === "FactRecorded" && f.data.fact === x.fact)) reject("DUPLICATE_FACT_ID");
        break;
      case "ConsentGranted":
        if (theirs.some((c) => c.type === "ConsentGranted" && c.data.consent === x.consent)) reject("DUPLICATE_CONSENT_ID");
        break;
      case "FactCorrected":
      case "FactErased": {
        if (x.fact !== undefined) {
          // "a FactCorrected / FactErased of a fact the subject does not have or that is already erased".
          const f = facts.find((f) => f.data.fact === x.fact);
          if (f === undefined) reject("UNKNOWN_FACT");
          else if (erasedInLog(f)) reject("FACT_ERASED");
        } else if (!facts.some((f) => f.data.field === x.field && !erasedInLog(f))) {
          // "and is rejected when the subject has no unerased fact of that field earlier in the log".
          reject("NOTHING_TO_ERASE");
        }
        break;
      }
      case "ConsentConfirmed":
      case "ConsentWithdrawn":
        // "a ConsentConfirmed / ConsentWithdrawn naming a consent the subject does not have".
        if (x.consent !== undefined && !mine.some((c) => c.type === "ConsentGranted" && c.data.consent === x.consent)) reject("UNKNOWN_CONSENT");
        break;
      case "LegalBasisEnded":
        // "a LegalBasisEnded naming an unknown reference".
        if (!mine.some((b) => b.type === "LegalBasisRecorded" && b.data.reference === x.reference)) reject("UNKNOWN_REFERENCE");
        break;
      case "SpecialConditionRecorded":
        // issue 14: "An A9-2-a naming a consent the subject does not have (log order) is rejected UNKNOWN_CONSENT."
        if (x.condition === "A9-2-a" && !mine.some((c) => c.type === "ConsentGranted" && c.data.consent === x.consent)) reject("UNKNOWN_CONSENT");
        break;
      case "SpecialConditionEnded":
        // "References work as those of recorded bases in v1, in a namespace of their own ... rejected
        // UNKNOWN_REFERENCE when the subject has recorded no condition with that reference earlier in the log."
        if (!mine.some((c) => c.type === "SpecialConditionRecorded" && c.data.reference === x.reference)) reject("UNKNOWN_REFERENCE");
        break;
      case "EventVoided": {
        // "it names rejected items that precede it in the log ... `event` names every rejected
        // item with that id; `position` names the rejected item at that 0-based position ...;
        // if both are given they must name the same item. A void that names anything else (an
        // accepted or skipped item, a later or non-existent position) is itself rejected."
        const earlier = items.filter((i) => i.pos < pos);
        const atPos = x.position === undefined ? undefined : earlier.find((i) => i.pos === x.position);
        const byId = x.event === undefined ? [] : earlier.filter((i) => i.status === "rejected" && i.id === x.event);
        let named: Item[];
        if (x.position !== undefined) {
          named = atPos !== undefined && atPos.status === "rejected" && (x.event === undefined || atPos.id === x.event) ? [atPos] : [];
        } else named = byId;
        if (named.length === 0) reject("INVALID_VOID");
        // "voiding an already voided reject again changes nothing."
        else for (const n of named) n.voided = true;
        break;
      }
    }
  }
  return items;
}

// ======================================================================
// The decision (issue 3 and issue 4)
// ======================================================================

export interface ModelReason {
  code: string;
  field?: string;
}
export interface ModelDecision {
  allowed: boolean;
  reasons: ModelReason[];
  obligations: { code: "DISCLOSE_ORIGIN"; field: string; sources: string[] }[];
  /** The fields judged, each allowed or not. */
  fields: { field: string; allowed: boolean }[];
  /**
   * "An allowed field's basis names the first established basis in the order of the use purpose's
   * legalBases, and the events that establish it": the basis, and for a basis other than consent the
   * LegalBasisRecorded events that establish it; for consent, the grants of the effective consents
   * (one of them is named).
   */
  basis?: { legalBasis: string; eventIds: string[] };
  /** HISTORY_INCOMPLETE "names the rejected events": their ids, or `#<position>` without a usable id. */
  incompleteIds?: string[];
  /** The event id of the recording of each field's value judged (fields without a value are absent). */
  current?: Record<string, string>;
}

/** Options of the model: judge one given fact of a field (the channel report), leave out access checks. */
export interface ModelOptions {
  readonly skipAccess?: boolean;
  /** Judge this fact id (of the subject) as the field's value instead of the field's current value. */
  readonly fact?: string;
}

/** An instant to judge at: the query (pos = Infinity: every event with at ≤ T counts) or an event. */
export interface Instant {
  t: number;
  pos: number;
}
/** e counts at instant i ("only events with at ≤ T count"; for an event, (at, position) order). */
export const upTo = (e: Ev, i: Instant) => e.t < i.t || (e.t === i.t && e.pos <= i.pos);
/** The latest of a list by (at, log position). */
export const latestOf = (es: Ev[]) => es.reduce<Ev | undefined>((a, e) => (a === undefined || before(a, e) ? e : a), undefined);

const BAD_METHODS = ["pre-ticked", "implied", "hidden", "bundled"];

export function queryError(q: unknown): string | undefined {
  // "A malformed query (an invalid at, purpose or actor, empty fields) is denied with INVALID_QUERY"
  // (and, as the engine documents, a subject or field that is not a non-empty string).
  const o = asObject(q);
  if (o === undefined) return "not an object";
  if (typeof o["subject"] !== "string" || o["subject"] === "") return "subject";
  if (!isDotted(o["purpose"])) return "purpose";
  const f = o["fields"];
  // A hole in a sparse array is not a name: Array.from reads it as undefined (`every` would skip it).
  if (!Array.isArray(f) || f.length === 0 || !Array.from(f).every((x) => typeof x === "string" && x !== "")) return "fields";
  const a = asObject(o["actor"]);
  if (a === undefined || typeof a["id"] !== "string" || a["id"] === "") return "actor";
  if (!Array.isArray(a["roles"]) || !Array.from(a["roles"] as unknown[]).every((r) => typeof r === "string")) return "actor.roles";
  if (ms(o["at"]) === undefined) return "at";
  return undefined;
}

/**
 * The rules of the catalog (purposes, sources, accounts) and of consent, over
 * the accepted events `all`, for subject `S`: each a few lines under the
 * sentence of the issue it implements. Read by `modelCanUse` and by the
 * erasure model (test/model/erasure.ts).
 */
export function rulesOf(all: Ev[], S: string, members: readonly string[] = [S]) {
  const cat = (type: string) => all.filter((e) => e.type === type);
  // issue 14: the merged history, "taken together ... exactly as if all of them had been recorded about the survivor".
  const subj = (type: string) => all.filter((e) => e.type === type && e.subject !== undefined && members.includes(e.subject));
  // ---------------------------------------------------------------- catalog helpers

  /** The latest PurposeDeclared of exactly P at instant i. */
  const declaration = (p: string, i: Instant) => latestOf(cat("PurposeDeclared").filter((e) => e.data.purpose === p && upTo(e, i)));
  /** "U was first declared at or before" event x. */
  const declaredBy = (u: string, x: Ev) => cat("PurposeDeclared").some((e) => e.data.purpose === u && (e === x || before(e, x)));
  /** "a purpose is in force at T if its latest PurposeDeclared ≤ T is later than every PurposeRetired ≤ T of itself or of any of its ancestors". */
  const inForce = (p: string, i: Instant) => {
    const d = declaration(p, i);
    return d !== undefined && cat("PurposeRetired").every((r) => !upTo(r, i) || !coversP(r.data.purpose, p) || before(r, d));
  };
  /** "attributes ... come from its own latest declaration if that sets them, else from the nearest ancestor whose latest declaration sets them". */
  const attr = (p: string, name: string, i: Instant): Data => {
    for (const a of [p, ...ancestorsOf(p)]) {
      const v = declaration(a, i)?.data[name];
      if (v !== undefined) return v;
    }
    return undefined;
  };
  /** "legalBases come from the purpose's own declaration". */
  const legalBases = (p: string, i: Instant): string[] => declaration(p, i)?.data.legalBases ?? [];
  /** A duration D from instant S "lasts while T < S + D". */
  const lasts = (start: Ev, d: string, i: Instant) => i.t < plus(start.at, d);

  /** "a source registration ... is in force at an instant when its latest registration by then is later than its latest retirement by then". */
  const registration = (source: string, i: Instant) => {
    const l = latestOf(all.filter((e) => (e.type === "SourceRegistered" || e.type === "SourceRetired") && e.data.source === source && upTo(e, i)));
    return l?.type === "SourceRegistered" ? l : undefined;
  };
  /** The account link in force (links are never revoked; "a new one with the same id replaces the content from its at"). */
  const link = (account: string, i: Instant) => latestOf(cat("AccountLinked").filter((e) => e.data.account === account && upTo(e, i)));

  // ---------------------------------------------------------------- consents

  const grants = subj("ConsentGranted");
  /** "A consent covers U if one of its purposes covers U and U was first declared at or before the consent's at." */
  const consentCovers = (c: Ev, u: string) => c.data.purposes.some((p: string) => coversP(p, u)) && declaredBy(u, c);
  /** CONSENT_NOT_ACTIVE: "method pre-ticked, implied, hidden or bundled". */
  const active = (c: Ev) => !BAD_METHODS.includes(c.data.method);
  /**
   * "the consent's notice version must have been published at or before the consent's own at; the
   * consent is informed for a use purpose U when that notice lists U, or lists an ancestor of U and U
   * had been first declared when that notice version was published".
   */
  const informed = (c: Ev, u: string) => {
    const pub = latestOf(cat("NoticePublished").filter((n) => n.data.notice === c.data.notice && n.data.version === c.data.noticeVersion && before(n, c)));
    if (pub === undefined) return false;
    return pub.data.purposes.some((p: string) => p === u || (coversP(p, u) && declaredBy(u, pub)));
  };
  /**
   * "A withdrawal ... naming W affects U when W covers U or U covers W; a withdrawal affects only
   * consents granted before it"; "with consent it affects only that consent — for its purposes if
   * given, else for all of them; with only purposes it affects every consent of the subject granted
   * before it".
   */
  const withdrawn = (c: Ev, u: string, i: Instant) =>
    subj("ConsentWithdrawn").some(
      (w) =>
        upTo(w, i) &&
        before(c, w) &&
        (w.data.consent === undefined || w.data.consent === c.data.consent) &&
        (w.data.purposes === undefined || w.data.purposes.some((p: string) => coversP(p, u) || coversP(u, p))),
    );
  /** CONSENT_EXPIRED: "T ≥ its expires, or the use purpose's consentMaxAge counted from the grant no longer lasts at T". */
  const expired = (c: Ev, u: string, i: Instant) => {
    if (c.data.expires !== undefined && i.t >= ms(c.data.expires)!) return true;
    const max = attr(u, "consentMaxAge", i);
    return max !== undefined && !lasts(c, max, i);
  };
  /** CONSENT_UNCONFIRMED: "requires doubleOptIn and there is no ConsentConfirmed for this consent by T". */
  const unconfirmed = (c: Ev, u: string, i: Instant) =>
    attr(u, "doubleOptIn", i) === true && !subj("ConsentConfirmed").some((k) => k.data.consent === c.data.consent && upTo(k, i) && before(c, k));
  /** "Valid for collection for a purpose P: the same for P as the use purpose, without the confirmation." */
  const validForCollection = (c: Ev, p: string, i: Instant) =>
    upTo(c, i) && consentCovers(c, p) && active(c) && informed(c, p) && !withdrawn(c, p, i) && !expired(c, p, i);
  /** "Effective consent for a use: covers ..., active method, informed ..., not withdrawn ..., not expired ..., confirmed where the use purpose requires doubleOptIn." */
  const effective = (c: Ev, u: string, i: Instant) => validForCollection(c, u, i) && !unconfirmed(c, u, i);

  /**
   * issue 14: "A condition is established at T for a fact and a use purpose u when it was recorded at or
   * before T, not ended at or before T, T < until, its categories cover the fact's category (a category
   * covers itself and its dotted descendants), its purposes cover u (as for recorded bases), and, for
   * A9-2-a, the named consent covers u and is effective for u at T by every consent rule"; "SpecialConditionEnded
   * ends every condition of the subject with that reference that precedes it by (at, position)".
   */
  const conditionEstablished = (c: Ev, category: string, u: string, i: Instant) =>
    upTo(c, i) &&
    !subj("SpecialConditionEnded").some((x) => upTo(x, i) && x.data.reference === c.data.reference && before(c, x)) &&
    (c.data.until === undefined || i.t < ms(c.data.until)!) &&
    c.data.categories.some((k: string) => coversP(k, category)) &&
    c.data.purposes.some((p: string) => coversP(p, u)) &&
    (c.data.condition !== "A9-2-a" || grants.some((g) => g.data.consent === c.data.consent && upTo(g, i) && consentCovers(g, u) && effective(g, u, i)));
  return { cat, subj, conditionEstablished, declaration, declaredBy, inForce, attr, legalBases, lasts, registration, link, grants, consentCovers, active, informed, withdrawn, expired, unconfirmed, validForCollection, effective };
}

/** The naive `canUse`: the raw log and a query in, a decision out. */
export function modelCanUse(log: readonly unknown[], query: unknown, opts: ModelOptions = {}): ModelDecision {
  const fieldList = (q: unknown): string[] => {
    const f = asObject(q)?.["fields"];
    return Array.isArray(f) ? [...new Set(f.filter((x): x is string => typeof x === "string"))] : [];
  };
  const deny = (code: string, extra: Partial<ModelDecision> = {}): ModelDecision => ({
    allowed: false,
    reasons: [{ code }],
    obligations: [],
    fields: fieldList(query).map((field) => ({ field, allowed: false })),
    ...extra,
  });
  if (queryError(query) !== undefined) return deny("INVALID_QUERY");
  const q = query as { subject: string; purpose: string; fields: string[]; actor: { id: string; roles: string[] }; at: string };
  const T = ms(q.at)!;
  const NOW: Instant = { t: T, pos: Infinity };
  const U = q.purpose;
  const S = q.subject;

  const items = walk(log);
  const merges = items.filter((i) => i.status === "accepted" && i.ev!.type === "SubjectsMerged").map((i) => i.ev!);
  // issue 14: "For T ≥ the merge's at, a decision about from (unless the query is malformed: INVALID_QUERY) is
  // denied with the new code MERGED, a stand-alone reason like INVALID_QUERY".
  const away = mergeOf(S, merges);
  if (away !== undefined && away.t <= T) return deny("MERGED");
  // The subjects whose events count for S at T: "an unvoided reject that marks from also marks the survivor, from
  // the later of the mark's own start and the merge's at" — so a member's mark counts once both are ≤ T.
  const members = membersAt(S, merges, T);

  // HISTORY_INCOMPLETE: "A marked subject is incomplete from then on; a marked catalog makes every
  // subject incomplete from then on ... until an EventVoided voids each of those rejects — a void is
  // a repair of the log, so it counts at every T."
  const incomplete = items.filter((i) => i.status === "rejected" && !i.voided && i.marks.some((m) => (m.scope === "catalog" || members.includes(m.scope)) && m.from <= T));
  // "the reason names the rejected events" ("an item without a usable id is named #<position>").
  if (incomplete.length > 0) return deny("HISTORY_INCOMPLETE", { incompleteIds: incomplete.map((i) => i.id ?? `#${i.pos}`) });

  // "keeps the accepted events with at ≤ T" — and the whole accepted list for "at the recording" clauses.
  const all = items.filter((i) => i.status === "accepted").map((i) => i.ev!);
  const cat = (type: string) => all.filter((e) => e.type === type);
  const mineAll = (e: Ev) => e.subject !== undefined && members.includes(e.subject);
  const subj = (type: string) => all.filter((e) => e.type === type && mineAll(e));

  // UNKNOWN_SUBJECT: "no accepted event about the subject by T" ("a survivor with no events of its own is then
  // unknown, and becomes known through the merge").
  if (!all.some((e) => mineAll(e) && e.t <= T)) return deny("UNKNOWN_SUBJECT");
  // UNKNOWN_PURPOSE: "the use purpose was never declared by T".
  if (!cat("PurposeDeclared").some((e) => e.data.purpose === U && e.t <= T)) return deny("UNKNOWN_PURPOSE");

  // The rules of the catalog and of consent, over the accepted events (shared with the erasure model).
  const { conditionEstablished, declaration, declaredBy, inForce, attr, legalBases, lasts, registration, link, grants, consentCovers, active, informed, withdrawn, expired, unconfirmed, validForCollection, effective } = rulesOf(all, S, members);

  // ---------------------------------------------------------------- legal bases at T

  /**
   * "Consent is established by an effective consent covering the use purpose; another basis by a
   * LegalBasisRecorded with that basis whose purposes cover the use purpose, not ended, and T < until."
   * "LegalBasisEnded ends every basis of the subject with that reference that precedes it."
   */
  const establishing = (b: string): Ev[] => {
    if (b === "consent") return grants.filter((c) => effective(c, U, NOW));
    return subj("LegalBasisRecorded").filter(
      (r) =>
        r.t <= T &&
        r.data.basis === b &&
        r.data.purposes.some((p: string) => coversP(p, U)) &&
        !subj("LegalBasisEnded").some((x) => x.t <= T && x.data.reference === r.data.reference && before(r, x)) &&
        (r.data.until === undefined || T < ms(r.data.until)!),
    );
  };
  const established = legalBases(U, NOW).filter((b) => establishing(b).length > 0);

  const reasons: ModelReason[] = [];
  const add = (code: string, field?: string) => reasons.push(field === undefined ? { code } : { code, field });

  // ---------------------------------------------------------------- subject level

  // PURPOSE_RETIRED: "declared, but not in force at T".
  if (!inForce(U, NOW)) add("PURPOSE_RETIRED");

  // RESTRICTED: "Restricted at T when the latest ProcessingRestricted / RestrictionLifted by T is a ProcessingRestricted."
  const restriction = latestOf(all.filter((e) => (e.type === "ProcessingRestricted" || e.type === "RestrictionLifted") && mineAll(e) && e.t <= T));
  if (restriction?.type === "ProcessingRestricted") add("RESTRICTED");

  // OBJECTED: "each purpose named by an ObjectionRaised is objected from that event until a later
  // ObjectionWithdrawn (by the person, with evidence) names a purpose covering it"; "an objection ...
  // naming W affects U when W covers U or U covers W".
  const objected = subj("ObjectionRaised").some(
    (o) =>
      o.t <= T &&
      o.data.purposes.some(
        (w: string) =>
          (coversP(w, U) || coversP(U, w)) &&
          !subj("ObjectionWithdrawn").some((x) => x.t <= T && before(o, x) && x.data.purposes.some((p: string) => coversP(p, w))),
      ),
  );
  // "unless the purpose is not direct marketing and one of contract, legal-obligation, vital-interests
  // is in the use purpose's own legalBases and established".
  const overrides = attr(U, "directMarketing", NOW) !== true && established.some((b) => ["contract", "legal-obligation", "vital-interests"].includes(b));
  if (objected && !overrides) add("OBJECTED");

  // ---------------------------------------------------------------- fields at T

  /**
   * "the current value of a field at T is the value of its most recent non-erased fact (by the at of
   * its recording, ties by log order; a correction changes its fact's value, not its place). Erasing a
   * field erases all its facts recorded up to then; erasing one fact can bring an older fact back."
   */
  const fieldAt = (field: string) => {
    const recs = subj("FactRecorded").filter((f) => f.data.field === field && f.t <= T);
    const erased = (f: Ev) =>
      subj("FactErased").some((x) => x.t <= T && before(f, x) && (x.data.fact === f.data.fact || x.data.field === f.data.field));
    const current = latestOf(recs.filter((f) => !erased(f)));
    const correction =
      current === undefined ? undefined : latestOf(subj("FactCorrected").filter((c) => c.t <= T && c.data.fact === current.data.fact && before(current, c)));
    return { recs, current, correction };
  };
  /** The channel report judges one given fact as if it were the field's value. */
  const factAt = (id: string) => {
    const f = subj("FactRecorded").find((x) => x.data.fact === id && x.t <= T);
    const erased = (x: Ev) =>
      subj("FactErased").some((e) => e.t <= T && before(x, e) && (e.data.fact === x.data.fact || e.data.field === x.data.field));
    const current = f === undefined || erased(f) ? undefined : f;
    const correction =
      current === undefined ? undefined : latestOf(subj("FactCorrected").filter((c) => c.t <= T && c.data.fact === current.data.fact && before(current, c)));
    return { recs: f === undefined ? [] : [f], current, correction };
  };
  const fields = [...new Set(q.fields)].map((field) => ({ field, ...(opts.fact === undefined ? fieldAt(field) : factAt(opts.fact)) }));

  // ACCESS_DENIED: "no access policy in force for any of the actor's roles covers both the use purpose
  // and the field's category. Judged only for fields with a current value: subject-level when none of
  // them is covered, per field otherwise."
  const policies = [...new Set(cat("AccessPolicyGranted").map((p) => p.data.policy as string))]
    .map((id) => latestOf(all.filter((e) => (e.type === "AccessPolicyGranted" || e.type === "AccessPolicyRevoked") && e.data.policy === id && e.t <= T)))
    .filter((p): p is Ev => p?.type === "AccessPolicyGranted");
  const accessible = (category: string) =>
    policies.some(
      (p) =>
        q.actor.roles.includes(p.data.role) &&
        p.data.purposes.some((pp: string) => coversP(pp, U)) &&
        p.data.categories.some((c: string) => coversP(c, category)),
    );
  const withValue = fields.filter((f) => f.current !== undefined);
  const denied = withValue.filter((f) => !accessible(f.current!.data.category));
  const accessSubjectLevel = opts.skipAccess !== true && withValue.length > 0 && denied.length === withValue.length;
  if (accessSubjectLevel) add("ACCESS_DENIED");

  // The consent and compatibility facts used by the per-field rules.
  const hasEffectiveConsent = grants.some((c) => effective(c, U, NOW));
  const exemptFromWithdrawal = established.includes("legal-obligation") || established.includes("public-task");

  for (const { field, recs, current, correction } of fields) {
    // "Access: for a field without a current value only NO_DATA/ERASED is reported."
    if (current === undefined) {
      // NO_DATA: "the field never had a value by T"; ERASED: "it had one and none is left".
      add(recs.length === 0 ? "NO_DATA" : "ERASED", field);
      continue;
    }
    if (opts.skipAccess !== true && !accessSubjectLevel && denied.some((d) => d.field === field)) add("ACCESS_DENIED", field);
    const rec = current;
    const R: Instant = { t: rec.t, pos: rec.pos };
    const d = rec.data;

    // UNKNOWN_SOURCE: "the source of the fact's recording, or of the correction that set its current
    // value, was not registered and in force at that event's at; or the recording names an account
    // that was not linked, for the recording's source, by the recording's at."
    const acct = d.account === undefined ? undefined : link(d.account, R);
    if (
      registration(d.source, R) === undefined ||
      (correction !== undefined && registration(correction.data.source, correction) === undefined) ||
      (d.account !== undefined && (acct === undefined || acct.data.source !== d.source))
    )
      add("UNKNOWN_SOURCE", field);

    // UNLAWFUL_COLLECTION: "none of the fact's collection purposes declared, at its recording, the
    // fact's basis among its legalBases"; "or the fact came from a source with importConsentPurpose and
    // the subject had no consent valid for collection covering that purpose when the fact was recorded";
    // "or the fact was recorded with basis consent and no consent valid for collection covered any of
    // its collection purposes when it was recorded".
    const icp: string | undefined = registration(d.source, R)?.data.importConsentPurpose;
    const validAtRec = (p: string) => grants.filter((c) => validForCollection(c, p, R));
    if (
      !d.purposes.some((p: string) => inForce(p, R) && legalBases(p, R).includes(d.basis)) ||
      (icp !== undefined && validAtRec(icp).length === 0) ||
      (d.basis === "consent" && !d.purposes.some((p: string) => validAtRec(p).length > 0))
    )
      add("UNLAWFUL_COLLECTION", field);

    // OWNER_DEPARTED: "the fact came through a linked account whose employee departed by T, and the
    // agreement is erase, or keep-company-contacts and the fact is not companyContact: true" — with
    // "A fact is judged against the source registration and account link in force at its recording."
    if (d.account !== undefined) {
      const l = link(d.account, R);
      if (
        l !== undefined &&
        cat("EmployeeDeparted").some((e) => e.data.employee === l.data.employee && e.t <= T) &&
        (l.data.onDeparture === "erase" || (l.data.onDeparture === "keep-company-contacts" && d.companyContact !== true))
      )
        add("OWNER_DEPARTED", field);
    }

    // COLLECTION_CONSENT_WITHDRAWN: "the fact was recorded with basis consent, at least one consent was
    // valid for collection for one of its collection purposes at the recording, and none of those
    // consents is still valid for collection at T for any of them; or the fact came from a source with
    // importConsentPurpose, at least one consent was valid for collection for that purpose at the
    // recording, and none of those still is at T" — "except a use for which a legal-obligation or
    // public-task basis is established".
    let lost = false;
    if (d.basis === "consent") {
      const those = grants.filter((c) => d.purposes.some((p: string) => validForCollection(c, p, R)));
      if (those.length > 0 && !those.some((c) => d.purposes.some((p: string) => validForCollection(c, p, NOW)))) lost = true;
    }
    if (icp !== undefined) {
      const those = validAtRec(icp);
      if (those.length > 0 && !those.some((c) => validForCollection(c, icp, NOW))) lost = true;
    }
    if (lost && !exemptFromWithdrawal) add("COLLECTION_CONSENT_WITHDRAWN", field);

    // PURPOSE_INCOMPATIBLE: "none of the fact's collection purposes covers the use purpose (a collection
    // purpose covers a descendant only if that descendant was first declared at or before the fact was
    // recorded), the compatibility assessments do not make it compatible, and the subject has no
    // effective consent for the use purpose".
    const collected = d.purposes.some((p: string) => p === U || (coversP(p, U) && declaredBy(U, rec)));
    // "A PurposeCompatibilityAssessed from F to G applies when F covers one of the fact's collection
    // purposes and G covers the use purpose; the latest assessment for each (from, to) pair by T counts;
    // compatible when at least one applicable latest assessment says true and none says false".
    const assessments = cat("PurposeCompatibilityAssessed").filter((a) => a.t <= T);
    const latestPerPair = assessments.filter(
      (a) => latestOf(assessments.filter((b) => b.data.from === a.data.from && b.data.to === a.data.to)) === a,
    );
    const applicable = latestPerPair.filter((a) => d.purposes.some((p: string) => coversP(a.data.from, p)) && coversP(a.data.to, U));
    const compatible = applicable.some((a) => a.data.compatible === true) && !applicable.some((a) => a.data.compatible === false);
    if (!collected && !compatible && !hasEffectiveConsent) add("PURPOSE_INCOMPATIBLE", field);

    // NO_LEGAL_BASIS: "none of the bases in the use purpose's own legalBases is established for this
    // subject at T"; "Alongside NO_LEGAL_BASIS (and only then), for each consent that covers the use
    // purpose but is not effective, one reason per condition it fails".
    if (established.length === 0) {
      add("NO_LEGAL_BASIS", field);
      for (const c of grants.filter((c) => c.t <= T && consentCovers(c, U) && !effective(c, U, NOW))) {
        if (!active(c)) add("CONSENT_NOT_ACTIVE", field);
        if (!informed(c, U)) add("CONSENT_UNINFORMED", field);
        if (unconfirmed(c, U, NOW)) add("CONSENT_UNCONFIRMED", field);
        if (withdrawn(c, U, NOW)) add("CONSENT_WITHDRAWN", field);
        if (expired(c, U, NOW)) add("CONSENT_EXPIRED", field);
      }
    }

    // RETENTION_EXPIRED: "counted from the fact's recording ..., with retentions as declared at T. The
    // fact is past its retention at T when either holds: the use purpose has a retention that no longer
    // lasts at T; or every one of the fact's collection purposes has a retention and none of them still
    // lasts at T".
    const useRetention = attr(U, "retention", NOW);
    const collectionRetentions = d.purposes.map((p: string) => attr(p, "retention", NOW));
    if (
      (useRetention !== undefined && !lasts(rec, useRetention, NOW)) ||
      collectionRetentions.every((r: string | undefined) => r !== undefined && !lasts(rec, r, NOW))
    )
      add("RETENTION_EXPIRED", field);
  }

  // NO_SPECIAL_CONDITION (issue 14): "the field's current value belongs to a category that is special at T
  // (a SpecialCategoryDeclared with at ≤ T covers the fact's category) and no condition is established at T
  // for that fact and the use purpose"; "It comes in addition to every other reason"; judged at the use.
  for (const { field, current } of fields) {
    if (current === undefined) continue;
    const category: string = current.data.category;
    if (!cat("SpecialCategoryDeclared").some((e) => e.t <= T && coversP(e.data.category, category))) continue;
    if (!subj("SpecialConditionRecorded").some((c) => conditionEstablished(c, category, U, NOW))) add("NO_SPECIAL_CONDITION", field);
  }

  const allowed = reasons.length === 0;
  // Obligations: "when the use purpose requires originDisclosure, each field gets DISCLOSE_ORIGIN with
  // those of its sources (the recording's and that of the correction that set its current value) that
  // are not the person's own (kinds other than subject and form) and that SubjectInformed events by T
  // have not yet disclosed; no obligation when none is left." Only on allowed decisions.
  const obligations: ModelDecision["obligations"] = [];
  if (allowed && attr(U, "originDisclosure", NOW) === true) {
    for (const { field, current, correction } of fields) {
      const candidates: [string, Ev][] = [[current!.data.source, current!]];
      if (correction !== undefined) candidates.push([correction.data.source, correction]);
      const sources: string[] = [];
      for (const [src, at] of candidates) {
        const kind = registration(src, at)?.data.kind;
        if (kind === "subject" || kind === "form" || sources.includes(src)) continue;
        if (subj("SubjectInformed").some((x) => x.t <= T && x.data.sources.includes(src))) continue;
        sources.push(src);
      }
      if (sources.length > 0) obligations.push({ code: "DISCLOSE_ORIGIN", field, sources });
    }
  }
  // "allowed: true only if every requested field is allowed"; a field is allowed when no reason
  // denies it, subject-level or its own.
  const subjectLevel = reasons.some((r) => r.field === undefined);
  const fieldDecisions = fields.map(({ field }) => ({ field, allowed: !subjectLevel && !reasons.some((r) => r.field === field) }));
  const first = established[0];
  const basis = first === undefined ? undefined : { legalBasis: first, eventIds: establishing(first).map((e) => e.id) };
  const current: Record<string, string> = {};
  for (const f of fields) if (f.current !== undefined) current[f.field] = f.current.id;
  return { allowed, reasons, obligations, fields: fieldDecisions, current, ...(basis === undefined ? {} : { basis }) };
}

// ======================================================================
// The channel reports (issue 4), on top of the same walk and decision
// ======================================================================

/** Accepted events of the log, by the foundation issue's walk. */
const acceptedOf = (log: readonly unknown[]) => walk(log).filter((i) => i.status === "accepted").map((i) => i.ev!);
/** "Erasing a field erases all its facts recorded up to then"; an erasure naming a fact affects only what precedes it. */
const erasedBy = (all: Ev[], f: Ev, T: number) =>
  all.some((x) => x.type === "FactErased" && x.subject === f.subject && x.t <= T && before(f, x) && (x.data.fact === f.data.fact || x.data.field === f.data.field));

export interface ModelDepartureImpact {
  /** (subject, fact) of the facts the agreement makes unusable or due for erasure, sorted. */
  facts: string[];
  /** How many facts the agreement keeps. */
  kept: number;
}

/**
 * departureImpact: "for an employee, the accounts they linked, and per subject the facts that the
 * agreement now makes unusable or due for erasure" — the facts OWNER_DEPARTED denies once the employee
 * has left: recorded by T, not erased, through an account whose link in force at the recording (issue 3:
 * "A fact is judged against the source registration and account link in force at its recording") names
 * the employee, with the agreement `erase`, or `keep-company-contacts` and not `companyContact: true`.
 */
export function modelDepartureImpact(log: readonly unknown[], employee: string, at: string): ModelDepartureImpact | undefined {
  const T = ms(at);
  if (T === undefined) return undefined;
  const all = acceptedOf(log);
  const facts: string[] = [];
  let kept = 0;
  // "the facts that the agreement now makes unusable": nothing until the employee has left by T.
  if (!all.some((e) => e.type === "EmployeeDeparted" && e.data.employee === employee && e.t <= T)) return { facts, kept };
  for (const f of all.filter((e) => e.type === "FactRecorded" && e.t <= T && e.data.account !== undefined && !erasedBy(all, e, T))) {
    const link = latestOf(all.filter((l) => l.type === "AccountLinked" && l.data.account === f.data.account && (l === f || before(l, f))));
    if (link === undefined || link.data.employee !== employee) continue;
    const goes = link.data.onDeparture === "erase" || (link.data.onDeparture === "keep-company-contacts" && f.data.companyContact !== true);
    if (goes) facts.push(`${f.subject}/${f.data.fact}`);
    else kept++;
  }
  return { facts: facts.sort(), kept };
}

export interface ModelSourceAssessment {
  registered: boolean;
  importNeedsConsent: boolean;
  purposes: string[];
  facts: number;
  erased: number;
  unusable: number;
  byReason: Record<string, number>;
}

/**
 * assessSource: "its registration and assessment reference, which purposes it feeds, whether its import
 * needs consent, how many facts came from it, and how many of those are unusable now for the purposes
 * they were collected for and why (counts by reason code, judged as canUse with access checks left
 * out)". Each fact recorded from the source by T is judged, as the value of its field, for each of its
 * collection purposes; it is unusable when no collection purpose allows it, and each reason code counts
 * the facts it denies for at least one of them. Erased facts are counted apart (as the engine documents).
 */
export function modelAssessSource(log: readonly unknown[], source: string, at: string): ModelSourceAssessment | undefined {
  const T = ms(at);
  if (T === undefined) return undefined;
  const all = acceptedOf(log);
  const NOW: Instant = { t: T, pos: Infinity };
  const reg = latestOf(all.filter((e) => (e.type === "SourceRegistered" || e.type === "SourceRetired") && e.data.source === source && upTo(e, NOW)));
  const lastRegistration = latestOf(all.filter((e) => e.type === "SourceRegistered" && e.data.source === source && upTo(e, NOW)));
  const facts = all.filter((e) => e.type === "FactRecorded" && e.data.source === source && e.t <= T);
  const purposes = new Set<string>();
  const byReason: Record<string, number> = {};
  let erased = 0;
  let unusable = 0;
  for (const f of facts) {
    for (const p of f.data.purposes) purposes.add(p);
    if (erasedBy(all, f, T)) {
      erased++;
      continue;
    }
    const codes = new Set<string>();
    let usable = false;
    for (const p of f.data.purposes as string[]) {
      const d = modelCanUse(log, { subject: f.subject, purpose: p, fields: [f.data.field], actor: { id: "assessSource", roles: [] }, at }, { skipAccess: true, fact: f.data.fact });
      if (d.allowed) usable = true;
      for (const r of d.reasons) codes.add(r.code);
    }
    if (!usable) unusable++;
    for (const c of codes) byReason[c] = (byReason[c] ?? 0) + 1;
  }
  return {
    registered: reg?.type === "SourceRegistered",
    importNeedsConsent: lastRegistration?.data.importConsentPurpose !== undefined,
    purposes: [...purposes].sort(),
    facts: facts.length,
    erased,
    unusable,
    byReason,
  };
}
