/**
 * Read helpers over the store for one snapshot (`size`) and one instant.
 * An instant is `{ t, pos }`: a query instant T is `{ t: T, pos: Infinity }`
 * (events count when their `at` <= T); an event's own instant is its
 * `{ t, pos }` (events count when they precede or are it, by (at, position)).
 */
import type { EventOf } from "../events/codecs.js";
import type { LegalBasis } from "../events/primitives.js";
import type { CatalogState, ConsentState, Entry, FactState, SubjectState } from "../ledger/types.js";
import { ancestors, covers } from "./purpose.js";
import { addDuration, parseDuration, parseTimestamp } from "./time.js";

/** A point in the log's order: an `at` in epoch ms and a position (Infinity for a query instant). */
export interface Instant {
  readonly t: number;
  readonly pos: number;
}

/** The query instant for `t`. */
export function queryInstant(t: number): Instant {
  return { t, pos: Infinity };
}

/** True when `e` is in the snapshot and at or before instant `i`. */
export function within(e: { t: number; pos: number }, size: number, i: Instant): boolean {
  return e.pos < size && (e.t < i.t || (e.t === i.t && e.pos <= i.pos));
}

/** The latest entry of a (t, pos)-sorted list within the snapshot and instant. */
export function latest<E extends { t: number; pos: number }>(list: readonly E[] | undefined, size: number, i: Instant): E | undefined {
  if (list === undefined) return undefined;
  for (let k = list.length - 1; k >= 0; k--) {
    const e = list[k]!;
    if (within(e, size, i)) return e;
  }
  return undefined;
}

/** Context for reading one snapshot. */
export interface View {
  readonly cat: CatalogState;
  readonly size: number;
}

type PurposeEntry = Entry<EventOf<"PurposeDeclared"> | EventOf<"PurposeRetired">>;
type Declaration = Entry<EventOf<"PurposeDeclared">>;

/** The latest declaration of `p` at instant `i` (whether or not retired since). */
export function declarationOf(v: View, p: string, i: Instant): Declaration | undefined {
  const list = v.cat.purposes.get(p);
  if (list === undefined) return undefined;
  for (let k = list.length - 1; k >= 0; k--) {
    const e = list[k]!;
    if (e.e.type === "PurposeDeclared" && within(e, v.size, i)) return e as Declaration;
  }
  return undefined;
}

/** The first declaration of `p` ever (in the snapshot): "first declared". */
export function firstDeclaration(v: View, p: string): Declaration | undefined {
  const list = v.cat.purposes.get(p);
  if (list === undefined) return undefined;
  for (const e of list) if (e.e.type === "PurposeDeclared" && e.pos < v.size) return e as Declaration;
  return undefined;
}

/** True when `p` was first declared at or before the event at instant `i` (by (at, position)). */
export function declaredBy(v: View, p: string, i: Instant): boolean {
  const d = firstDeclaration(v, p);
  return d !== undefined && within(d, v.size, i);
}

/** The retirements of `p` or an ancestor that are later than `p`'s latest declaration, at instant `i`. */
export function retirementsOf(v: View, p: string, i: Instant): PurposeEntry[] {
  const decl = declarationOf(v, p, i);
  const out: PurposeEntry[] = [];
  for (const q of [p, ...ancestors(p)]) {
    const list = v.cat.purposes.get(q);
    if (list === undefined) continue;
    for (const e of list) {
      if (e.e.type !== "PurposeRetired" || !within(e, v.size, i)) continue;
      if (decl === undefined || e.t > decl.t || (e.t === decl.t && e.pos > decl.pos)) out.push(e);
    }
  }
  return out;
}

/** True when `p` is declared and in force at instant `i`. */
export function purposeInForce(v: View, p: string, i: Instant): boolean {
  return declarationOf(v, p, i) !== undefined && retirementsOf(v, p, i).length === 0;
}

type Attr = "retention" | "consentMaxAge" | "doubleOptIn" | "originDisclosure" | "directMarketing";

/** A purpose attribute: from its own latest declaration if set, else the nearest ancestor's that sets it. */
export function attribute<A extends Attr>(v: View, p: string, attr: A, i: Instant): EventOf<"PurposeDeclared">["data"][A] | undefined {
  for (const q of [p, ...ancestors(p)]) {
    const d = declarationOf(v, q, i);
    const val = d?.e.data[attr];
    if (val !== undefined) return val;
  }
  return undefined;
}

/** A purpose's own `legalBases` from its latest declaration at `i` (empty when not declared). */
export function legalBasesOf(v: View, p: string, i: Instant): readonly LegalBasis[] {
  return declarationOf(v, p, i)?.e.data.legalBases ?? [];
}

/** `start` plus an ISO duration string, or undefined when the duration is absent. */
export function plusDuration(start: number, d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const parsed = parseDuration(d);
  return parsed === undefined ? undefined : addDuration(start, parsed);
}

type SourceEntry = Entry<EventOf<"SourceRegistered"> | EventOf<"SourceRetired">>;

/** The source registration in force at instant `i`, if any. */
export function sourceInForce(v: View, source: string, i: Instant): Entry<EventOf<"SourceRegistered">> | undefined {
  const e = latest(v.cat.sources.get(source) as SourceEntry[] | undefined, v.size, i);
  return e !== undefined && e.e.type === "SourceRegistered" ? (e as Entry<EventOf<"SourceRegistered">>) : undefined;
}

/** The latest registration of a source at `i`, retired or not (its kind, for reports). */
export function sourceRegistration(v: View, source: string, i: Instant): Entry<EventOf<"SourceRegistered">> | undefined {
  const list = v.cat.sources.get(source);
  if (list === undefined) return undefined;
  for (let k = list.length - 1; k >= 0; k--) {
    const e = list[k]!;
    if (e.e.type === "SourceRegistered" && within(e, v.size, i)) return e as Entry<EventOf<"SourceRegistered">>;
  }
  return undefined;
}

/** The account link in force at `i`, if any. */
export function accountLink(v: View, account: string, i: Instant): Entry<EventOf<"AccountLinked">> | undefined {
  return latest(v.cat.accounts.get(account), v.size, i);
}

/** The first departure of an employee at `i`, if any. */
export function departureOf(v: View, employee: string, i: Instant): Entry<EventOf<"EmployeeDeparted">> | undefined {
  const list = v.cat.departures.get(employee);
  if (list === undefined) return undefined;
  for (const e of list) if (within(e, v.size, i)) return e;
  return undefined;
}

/** The policies in force at `i`, as their latest grants. */
export function policiesInForce(v: View, i: Instant): Entry<EventOf<"AccessPolicyGranted">>[] {
  const out: Entry<EventOf<"AccessPolicyGranted">>[] = [];
  for (const list of v.cat.policies.values()) {
    const e = latest(list, v.size, i);
    if (e !== undefined && e.e.type === "AccessPolicyGranted") out.push(e as Entry<EventOf<"AccessPolicyGranted">>);
  }
  return out;
}

// ------------------------------------------------------------------ facts

/** The state of a field at `i`: its visible facts, the current one (if any) and its current value's entry. */
export interface FieldState {
  /** Facts recorded by `i`. */
  readonly recorded: FactState[];
  /** The most recent non-erased fact, if any. */
  readonly current: FactState | undefined;
  /** The correction that set the current value, if any. */
  readonly correction: Entry<EventOf<"FactCorrected">> | undefined;
  /** Erasures by `i` of the recorded facts (when none is current). */
  readonly erasures: Entry<EventOf<"FactErased">>[];
}

/** True when fact `f` is erased at `i`. */
export function erasedAt(f: FactState, size: number, i: Instant): Entry<EventOf<"FactErased">> | undefined {
  for (const x of f.erasures) if (within(x, size, i)) return x;
  return undefined;
}

/** The correction that sets the fact's value at `i`, if any. */
export function correctionAt(f: FactState, size: number, i: Instant): Entry<EventOf<"FactCorrected">> | undefined {
  return latest(f.corrections, size, i);
}

/** The state of `field` of subject `s` at `i`. */
export function fieldState(s: SubjectState | undefined, field: string, size: number, i: Instant): FieldState {
  const ids = s?.factsByField.get(field);
  const recorded: FactState[] = [];
  let current: FactState | undefined;
  const erasures: Entry<EventOf<"FactErased">>[] = [];
  if (s !== undefined && ids !== undefined) {
    for (const id of ids) {
      const f = s.facts.get(id)!;
      if (!within(f.rec, size, i)) continue;
      recorded.push(f);
      const x = erasedAt(f, size, i);
      if (x !== undefined) {
        if (!erasures.includes(x)) erasures.push(x);
        continue;
      }
      if (current === undefined || f.rec.t > current.rec.t || (f.rec.t === current.rec.t && f.rec.pos > current.rec.pos)) current = f;
    }
  }
  const correction = current === undefined ? undefined : correctionAt(current, size, i);
  return { recorded, current, correction, erasures };
}

// --------------------------------------------------------------- consents

/** A condition a consent fails for a purpose at an instant. */
export type ConsentFailure = {
  readonly code: "CONSENT_NOT_ACTIVE" | "CONSENT_UNINFORMED" | "CONSENT_UNCONFIRMED" | "CONSENT_WITHDRAWN" | "CONSENT_EXPIRED";
  readonly eventIds: string[];
  readonly detail: string;
};

const INACTIVE_METHODS: ReadonlySet<string> = new Set(["pre-ticked", "implied", "hidden", "bundled"]);

/** True when consent `c` covers purpose `u`: one of its purposes covers `u`, first declared at or before the consent. */
export function consentCovers(v: View, c: ConsentState, u: string): boolean {
  if (!c.grant.e.data.purposes.some((p) => covers(p, u))) return false;
  return declaredBy(v, u, c.grant);
}

/** True when a withdrawal or objection naming `w` affects `u`. */
export function affects(w: string, u: string): boolean {
  return covers(w, u) || covers(u, w);
}

/**
 * The conditions consent `c` fails for purpose `u` at instant `i`, empty when
 * it is effective (mode "use") or valid for collection (mode "collection",
 * which skips the double opt-in confirmation). Assumes `c` covers `u`.
 */
export function consentFailures(
  v: View,
  s: SubjectState,
  c: ConsentState,
  u: string,
  i: Instant,
  mode: "use" | "collection",
): ConsentFailure[] {
  const out: ConsentFailure[] = [];
  const g = c.grant;
  const d = g.e.data;
  if (INACTIVE_METHODS.has(d.method)) {
    out.push({ code: "CONSENT_NOT_ACTIVE", eventIds: [g.e.id], detail: `was captured as "${d.method}", which is not an active act of will` });
  }
  const informed = informedBy(v, c, u);
  if (informed.ok === false) out.push({ code: "CONSENT_UNINFORMED", eventIds: [g.e.id, ...informed.eventIds], detail: informed.detail });
  if (mode === "use" && attribute(v, u, "doubleOptIn", i) === true) {
    if (latest(c.confirmations, v.size, i) === undefined) {
      out.push({ code: "CONSENT_UNCONFIRMED", eventIds: [g.e.id], detail: "was never confirmed, and the purpose requires double opt-in" });
    }
  }
  const w = withdrawalOf(v, s, c, u, i);
  if (w !== undefined) out.push({ code: "CONSENT_WITHDRAWN", eventIds: [g.e.id, w.e.id], detail: `was withdrawn on ${w.e.at}` });
  const exp = expiryOf(v, c, u, i);
  if (exp !== undefined && i.t >= exp.at) out.push({ code: "CONSENT_EXPIRED", eventIds: [g.e.id], detail: exp.detail });
  return out;
}

/** When consent `c` stops lasting for `u`: its `expires` or the purpose's `consentMaxAge` from the grant, whichever is first. */
export function expiryOf(v: View, c: ConsentState, u: string, i: Instant): { at: number; detail: string } | undefined {
  let best: { at: number; detail: string } | undefined;
  const expires = c.grant.e.data.expires;
  if (expires !== undefined) {
    const at = parseTimestamp(expires)!;
    best = { at, detail: `expired on ${expires}` };
  }
  const maxAge = attribute(v, u, "consentMaxAge", i);
  const end = plusDuration(c.grant.t, maxAge);
  if (end !== undefined && (best === undefined || end < best.at)) {
    best = { at: end, detail: `is older than the purpose's maximum consent age ${maxAge}` };
  }
  return best;
}

/** The first withdrawal by `i` that affects consent `c` for `u`, if any. */
export function withdrawalOf(
  v: View,
  s: SubjectState,
  c: ConsentState,
  u: string,
  i: Instant,
): Entry<EventOf<"ConsentWithdrawn">> | undefined {
  for (const w of c.withdrawals) {
    if (!within(w, v.size, i)) continue;
    const ps = w.e.data.purposes;
    if (ps === undefined || ps.some((p) => affects(p, u))) return w;
  }
  for (const w of s.purposeWithdrawals) {
    if (!within(w, v.size, i)) continue;
    if (!(c.grant.t < w.t || (c.grant.t === w.t && c.grant.pos < w.pos))) continue;
    if (w.e.data.purposes!.some((p) => affects(p, u))) return w;
  }
  return undefined;
}

/** Whether consent `c` was informed for `u`: its notice version published at or before it and describing `u`. */
export function informedBy(
  v: View,
  c: ConsentState,
  u: string,
): { ok: true; eventIds: string[] } | { ok: false; eventIds: string[]; detail: string } {
  const d = c.grant.e.data;
  const pub = latest(v.cat.notices.get(`${d.notice}\u0000${d.noticeVersion}`), v.size, c.grant);
  if (pub === undefined) {
    return { ok: false, eventIds: [], detail: `was given on notice ${d.notice} version ${d.noticeVersion}, which had not been published by then` };
  }
  const ps = pub.e.data.purposes;
  if (ps.includes(u)) return { ok: true, eventIds: [pub.e.id] };
  const declared = declaredBy(v, u, pub);
  if (declared && ps.some((p) => covers(p, u))) return { ok: true, eventIds: [pub.e.id] };
  return {
    ok: false,
    eventIds: [pub.e.id],
    detail: `was given on notice ${d.notice} version ${d.noticeVersion}, which does not describe the purpose ${u}`,
  };
}

/** Consents of `s` granted by `i` that cover `u`, in (at, position) order. */
export function coveringConsents(v: View, s: SubjectState, u: string, i: Instant): ConsentState[] {
  const out: ConsentState[] = [];
  for (const c of s.consents.values()) {
    if (within(c.grant, v.size, i) && consentCovers(v, c, u)) out.push(c);
  }
  out.sort((a, b) => a.grant.t - b.grant.t || a.grant.pos - b.grant.pos);
  return out;
}

/** The consents of `s` valid for collection for `p` at `i`. */
export function validForCollection(v: View, s: SubjectState, p: string, i: Instant): ConsentState[] {
  return coveringConsents(v, s, p, i).filter((c) => consentFailures(v, s, c, p, i, "collection").length === 0);
}

// ------------------------------------------------------------ legal bases

/** The `LegalBasisRecorded` entries of `s` that establish `basis` for `u` at query instant `i`. */
export function recordedBasis(v: View, s: SubjectState, basis: LegalBasis, u: string, i: Instant): Entry<EventOf<"LegalBasisRecorded">>[] {
  const out: Entry<EventOf<"LegalBasisRecorded">>[] = [];
  for (const b of s.bases) {
    if (!within(b, v.size, i)) continue;
    const d = b.e.data;
    if (d.basis !== basis || !d.purposes.some((p) => covers(p, u))) continue;
    if (d.until !== undefined && !(i.t < parseTimestamp(d.until)!)) continue;
    const ended = s.basisEnds.some(
      (x) => x.e.data.reference === d.reference && within(x, v.size, i) && (b.t < x.t || (b.t === x.t && b.pos < x.pos)),
    );
    if (!ended) out.push(b);
  }
  return out;
}
