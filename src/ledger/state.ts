/**
 * The per-subject, per-fact and per-consent state of the store. Lists are
 * appended in log order and handed out in (at, position) order: a list that
 * received a back-dated entry is sorted once, on its next read. Containers
 * start as shared empty ones and are made on first write (most stay empty).
 */
import { idBit } from "../_internal/dotted.js";
import type { EventOf, SubjectEvent } from "../events/index.js";
import { append, isLate, NONE, sortByTime } from "./lists.js";
import type { ConsentState, Entry, FactState, RejectRecord, SubjectState } from "./types.js";

/** The shared empty map every lazily created map starts as; never written to. */
const EMPTY_MAP = new Map<unknown, unknown>();
const emptyMap = <K, V>(): Map<K, V> => EMPTY_MAP as unknown as Map<K, V>;

type Rec<K extends SubjectEvent["type"]> = Entry<EventOf<K>>;

/** A fact: its recording, corrections and erasures. */
export class Fact implements FactState {
  private corr: Rec<"FactCorrected">[] = NONE;
  private eras: Rec<"FactErased">[] = NONE;
  private late = 0;

  constructor(readonly rec: Rec<"FactRecorded">) {}

  get corrections(): readonly Rec<"FactCorrected">[] {
    if ((this.late & 1) !== 0) (sortByTime(this.corr), (this.late &= ~1));
    return this.corr;
  }

  get erasures(): readonly Rec<"FactErased">[] {
    if ((this.late & 2) !== 0) (sortByTime(this.eras), (this.late &= ~2));
    return this.eras;
  }

  /** True when at least one erasure affects the fact (whatever its instant). */
  get erased(): boolean {
    return this.eras.length > 0;
  }

  /** Adds a correction; `inOrder` when it comes after every event of the fact's subject so far (see {@link Subject.addEvent}). */
  addCorrection(x: Rec<"FactCorrected">, inOrder: boolean): void {
    if (!inOrder && isLate(this.corr, x)) this.late |= 1;
    this.corr = append(this.corr, x);
  }

  /** Adds an erasure; `inOrder` as for {@link Fact.addCorrection}. */
  addErasure(x: Rec<"FactErased">, inOrder: boolean): void {
    if (!inOrder && isLate(this.eras, x)) this.late |= 2;
    this.eras = append(this.eras, x);
  }
}

/** A consent: its grant, confirmations and withdrawals by id. */
export class Consent implements ConsentState {
  private conf: Rec<"ConsentConfirmed">[] = NONE;
  private wd: Rec<"ConsentWithdrawn">[] = NONE;
  private late = 0;

  readonly purposes: readonly string[];

  constructor(readonly grant: Rec<"ConsentGranted">) {
    this.purposes = grant.e.data.purposes;
  }

  get confirmations(): readonly Rec<"ConsentConfirmed">[] {
    if ((this.late & 1) !== 0) (sortByTime(this.conf), (this.late &= ~1));
    return this.conf;
  }

  get withdrawals(): readonly Rec<"ConsentWithdrawn">[] {
    if ((this.late & 2) !== 0) (sortByTime(this.wd), (this.late &= ~2));
    return this.wd;
  }

  /** Adds a confirmation; `inOrder` when it comes after every event of the consent's subject so far (see {@link Subject.addEvent}). */
  addConfirmation(x: Rec<"ConsentConfirmed">, inOrder: boolean): void {
    if (!inOrder && isLate(this.conf, x)) this.late |= 1;
    this.conf = append(this.conf, x);
  }

  /** Adds a withdrawal; `inOrder` as for {@link Consent.addConfirmation}. */
  addWithdrawal(x: Rec<"ConsentWithdrawn">, inOrder: boolean): void {
    if (!inOrder && isLate(this.wd, x)) this.late |= 2;
    this.wd = append(this.wd, x);
  }
}

/** True when `x`, a value of `factsByField`, is a field's list of facts rather than its only fact. */
export function isFactList<F extends FactState>(x: F | readonly F[]): x is readonly F[] {
  return Array.isArray(x);
}

/** The facts of `field` of `s`, in log order of recording, as a list (a field's only fact too). */
export function factsOf<F extends FactState>(s: { readonly factsByField: ReadonlyMap<string, F | readonly F[]> }, field: string): readonly F[] {
  const x = s.factsByField.get(field);
  return x === undefined ? NONE : isFactList(x) ? x : [x];
}

// Bits of Subject.late, one per list.
const EVENTS = 1;
const PURPOSE_WITHDRAWALS = 2;
const BASES = 4;
const BASIS_ENDS = 8;
const OBJECTIONS = 16;
const RESTRICTIONS = 32;
const INFORMED = 64;
const USES = 128;
const CONDITIONS = 256;
const CONDITION_ENDS = 512;

/** One subject's state. */
export class Subject implements SubjectState {
  private evs: Entry<SubjectEvent>[] = NONE;
  private pw: Rec<"ConsentWithdrawn">[] = NONE;
  private bs: Rec<"LegalBasisRecorded">[] = NONE;
  private be: Rec<"LegalBasisEnded">[] = NONE;
  private ob: Entry<EventOf<"ObjectionRaised"> | EventOf<"ObjectionWithdrawn">>[] = NONE;
  private rs: Entry<EventOf<"ProcessingRestricted"> | EventOf<"RestrictionLifted">>[] = NONE;
  private inf: Rec<"SubjectInformed">[] = NONE;
  private us: Rec<"UseRecorded">[] = NONE;
  private sc: Rec<"SpecialConditionRecorded">[] = NONE;
  private se: Rec<"SpecialConditionEnded">[] = NONE;
  private late = 0;
  facts: Map<string, Fact> = emptyMap();
  /** A field's only fact itself (most fields have one: no array to read), or its facts when it has several. */
  factsByField: Map<string, Fact | Fact[]> = emptyMap();
  consents: Map<string, Consent> = emptyMap();
  consentPurposeBits = 0;
  /** References of the bases recorded so far (for LegalBasisEnded's check). */
  basisRefs: Set<string> | undefined = undefined;
  /** References of the special conditions recorded so far (for SpecialConditionEnded's check; a namespace apart from basisRefs). */
  conditionRefs: Set<string> | undefined = undefined;
  /** Field erasures by field, for facts recorded later in the log but earlier in time. */
  fieldErasures: Map<string, Rec<"FactErased">[]> | undefined = undefined;
  rejects: RejectRecord[] = NONE;
  /** The highest log position of the subject's accepted events (-1 when none). */
  lastPos = -1;
  /**
   * The earliest and latest `at` of the subject's accepted events (epoch ms),
   * kept as numbers on the subject so that a decision learns whether the
   * subject is known, or has events after its instant, without reading an
   * event (a cache miss each on a large ledger).
   */
  minT = Infinity;
  maxT = -Infinity;
  /**
   * Memos of what the rules derive from this subject's lists, dropped at its
   * next event: keys and values alternating in one array (a handful of keys;
   * one object to read where a Map is two, each a cache miss on a large ledger).
   */
  private memo: unknown[] | undefined = undefined;
  /** The highest log position of the subject's accepted events or of a reject marking it (-1 when none). */
  touched = -1;
  // ---- Merges (issue 14): most subjects have none, and pay for none.
  /** The accepted merges this subject survived (it is their `subject`), in log order. */
  merges: Rec<"SubjectsMerged">[] = NONE;
  /** The accepted merge that took this subject away (it is its `from`). */
  mergedInto: Rec<"SubjectsMerged"> | undefined = undefined;
  /** The merged history of a survivor, all merges counted, in log order: what later events are checked against. */
  merged: Subject | undefined = undefined;
  /** On a merged view only: every subject whose events and marks it holds. */
  members: ReadonlySet<string> | undefined = undefined;
  /** Merged views of a survivor by the set of subjects they hold, with the store size they were built at. */
  views: Map<string, { readonly built: number; readonly state: Subject }> | undefined = undefined;

  constructor(readonly id: string) {}

  /** What `make` derives from this subject's lists, computed once until its next event. */
  slot<T>(key: symbol, make: (s: Subject) => T): T {
    const memo = this.memo;
    if (memo !== undefined) for (let k = 0; k < memo.length; k += 2) if (memo[k] === key) return memo[k + 1] as T;
    const value = make(this);
    // Read again: `make` may have kept memos of its own (and an event cannot arrive meanwhile).
    (this.memo ??= []).push(key, value);
    return value;
  }

  private sorted<T extends { t: number; pos: number }>(list: T[], bit: number): T[] {
    if ((this.late & bit) !== 0) {
      sortByTime(list);
      this.late &= ~bit;
    }
    return list;
  }

  get events(): readonly Entry<SubjectEvent>[] {
    return this.sorted(this.evs, EVENTS);
  }
  get purposeWithdrawals(): readonly Rec<"ConsentWithdrawn">[] {
    return this.sorted(this.pw, PURPOSE_WITHDRAWALS);
  }
  get bases(): readonly Rec<"LegalBasisRecorded">[] {
    return this.sorted(this.bs, BASES);
  }
  get basisEnds(): readonly Rec<"LegalBasisEnded">[] {
    return this.sorted(this.be, BASIS_ENDS);
  }
  get objections(): readonly Entry<EventOf<"ObjectionRaised"> | EventOf<"ObjectionWithdrawn">>[] {
    return this.sorted(this.ob, OBJECTIONS);
  }
  get restrictions(): readonly Entry<EventOf<"ProcessingRestricted"> | EventOf<"RestrictionLifted">>[] {
    return this.sorted(this.rs, RESTRICTIONS);
  }
  get informed(): readonly Rec<"SubjectInformed">[] {
    return this.sorted(this.inf, INFORMED);
  }
  get uses(): readonly Rec<"UseRecorded">[] {
    return this.sorted(this.us, USES);
  }
  get conditions(): readonly Rec<"SpecialConditionRecorded">[] {
    return this.sorted(this.sc, CONDITIONS);
  }
  get conditionEnds(): readonly Rec<"SpecialConditionEnded">[] {
    return this.sorted(this.se, CONDITION_ENDS);
  }

  /**
   * Adds an accepted event of this subject. Returns true when it comes after
   * every event added before, by (at, log position): then it is not late in
   * any list of this subject (every entry of every list, the facts' and
   * consents' included, was added here first), and the adds that follow
   * for the same event pass `inOrder` instead of reading the last entry of
   * their list (a cache miss each on a large ledger).
   */
  addEvent(x: Entry<SubjectEvent>): boolean {
    const inOrder = x.t > this.maxT || (x.t === this.maxT && x.pos > this.lastPos);
    this.evs = this.push(this.evs, x, EVENTS, inOrder);
    this.memo = undefined;
    if (x.t < this.minT) this.minT = x.t;
    if (x.t > this.maxT) this.maxT = x.t;
    if (x.pos > this.lastPos) this.lastPos = x.pos;
    if (x.pos > this.touched) this.touched = x.pos;
    return inOrder;
  }

  private push<T extends { t: number; pos: number }>(list: T[], x: T, bit: number, inOrder: boolean): T[] {
    if (!inOrder && isLate(list, x)) this.late |= bit;
    return append(list, x);
  }

  // Each add takes `inOrder` from the addEvent of the same event (false: the list's last entry is read to tell).
  addPurposeWithdrawal(x: Rec<"ConsentWithdrawn">, inOrder: boolean): void {
    this.pw = this.push(this.pw, x, PURPOSE_WITHDRAWALS, inOrder);
  }
  addBasis(x: Rec<"LegalBasisRecorded">, inOrder: boolean): void {
    this.bs = this.push(this.bs, x, BASES, inOrder);
    (this.basisRefs ??= new Set()).add(x.e.data.reference);
  }
  addBasisEnd(x: Rec<"LegalBasisEnded">, inOrder: boolean): void {
    this.be = this.push(this.be, x, BASIS_ENDS, inOrder);
  }
  addObjection(x: Entry<EventOf<"ObjectionRaised"> | EventOf<"ObjectionWithdrawn">>, inOrder: boolean): void {
    this.ob = this.push(this.ob, x, OBJECTIONS, inOrder);
  }
  addRestriction(x: Entry<EventOf<"ProcessingRestricted"> | EventOf<"RestrictionLifted">>, inOrder: boolean): void {
    this.rs = this.push(this.rs, x, RESTRICTIONS, inOrder);
  }
  addInformed(x: Rec<"SubjectInformed">, inOrder: boolean): void {
    this.inf = this.push(this.inf, x, INFORMED, inOrder);
  }
  addUse(x: Rec<"UseRecorded">, inOrder: boolean): void {
    this.us = this.push(this.us, x, USES, inOrder);
  }
  addCondition(x: Rec<"SpecialConditionRecorded">, inOrder: boolean): void {
    this.sc = this.push(this.sc, x, CONDITIONS, inOrder);
    (this.conditionRefs ??= new Set()).add(x.e.data.reference);
  }
  addConditionEnd(x: Rec<"SpecialConditionEnded">, inOrder: boolean): void {
    this.se = this.push(this.se, x, CONDITION_ENDS, inOrder);
  }

  addFact(f: Fact): void {
    if (this.facts === emptyMap<string, Fact>()) this.facts = new Map();
    this.facts.set(f.rec.e.data.fact, f);
    if (this.factsByField === emptyMap<string, Fact | Fact[]>()) this.factsByField = new Map();
    const field = f.rec.e.data.field;
    const facts = this.factsByField.get(field);
    if (facts === undefined) this.factsByField.set(field, f);
    else if (!Array.isArray(facts)) this.factsByField.set(field, [facts, f]);
    else if (facts.length < 16) this.factsByField.set(field, [...facts, f]);
    else facts.push(f);
  }

  addConsent(c: Consent): void {
    if (this.consents === emptyMap<string, Consent>()) this.consents = new Map();
    this.consents.set(c.grant.e.data.consent, c);
    for (const p of c.purposes) this.consentPurposeBits |= idBit(p);
  }

  addReject(r: RejectRecord): void {
    if (r.position > this.touched) this.touched = r.position;
    this.rejects = this.rejects.length < 16 ? [...this.rejects, r] : (this.rejects.push(r), this.rejects);
  }
}
