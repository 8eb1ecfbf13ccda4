/**
 * A ledger of the catalog and of the subjects read through it, kept up to
 * date by stream position: the catalog is read once, then only what was
 * appended to it since; a subject's stream likewise. A subject command or a
 * read then folds only the new events, whatever the size of the catalog.
 *
 * Why one ledger holds several subjects: a ledger is extended in place
 * (`apply` to the newest ledger is cheap, to an older one it rebuilds the
 * whole store), so the catalog's ledger cannot be shared by two subjects
 * without copying it. Subjects do not affect each other's answers, so one
 * ledger holding the catalog and every subject read so far answers for each
 * of them as the catalog and that subject's stream alone would — provided
 * the order of the catalog's events and that subject's events agrees with
 * the store's global order wherever the order changes an answer. The checks
 * below (`admissible`) hold that; where they cannot, the ledger is rebuilt in
 * global order from the cached catalog and the subject's stream.
 */
import type { EventStore } from "@event-driven-io/emmett";
import { BigMap, BigSet } from "../_internal/bigmap.js";
import { apply, CATALOG_EVENT_TYPES, LawfulCrmError, replay, type Ledger } from "../index.js";
import { byGlobalPosition, instantOf, max, readTail, stringId, voidData, type CachedReadOptions, type LedgerCache, type LedgerCacheOptions, type LedgerCacheStats, type Read } from "./cache-reads.js";
import { CATALOG_STREAM, subjectStream } from "./streams.js";

export type { CachedReadOptions, LedgerCache, LedgerCacheOptions, LedgerCacheStats } from "./cache-reads.js";

/** A subject stream held in the cached ledger. */
interface Held {
  readonly stream: string;
  /** Stream position of the last event held; 0n when the stream is empty. */
  version: bigint;
  /** Ids of this stream's items the ledger rejected: what a void on the same stream may name. */
  rejectedIds: Set<string> | undefined;
}

/** Upper bound for the global position of an own append when the store does not report one. */
const UNKNOWN_POSITION = 2n ** 63n;
const DEFAULT_MAX_SUBJECT_EVENTS = 100_000;
const catalogTypes: ReadonlySet<string> = new Set(CATALOG_EVENT_TYPES);

/**
 * The cache itself. The handler uses the methods below `readLedger` directly,
 * inside {@link CacheImpl.exclusive}; nothing else is public.
 */
export class CacheImpl implements LedgerCache {
  readonly eventStore: EventStore;
  readonly catalogStream: string;
  readonly naming: (subject: string) => string;
  private readonly maxSubjectEvents: number;
  private queue: Promise<unknown> = Promise.resolve();

  // The catalog: its events in stream order, and a ledger of it alone.
  private catalogRaw: Read[] = [];
  private catalogVersion = 0n;
  private catalogLedger: Ledger = replay([]);
  /** False once the catalog stream holds an event that concerns some subjects and not others (a void of a subject's event, an event with a subject): then the cached ledger holds only the subjects of the call at hand. */
  private catalogUniform = true;
  /** The catalog events that made it so: only a ledger rebuilt in global order may place them. */
  private readonly nonUniform = new Set<Read>();

  // The cached ledger: the catalog's first `folded` events and the held subjects' streams.
  private ledger: Ledger = replay([]);
  private folded = 0;
  private held = new BigMap<string, Held>();
  private subjectEvents = 0;
  /** Stream of each id folded, to see an id reused across streams. */
  // Per event id, per held subject, per instant: BigMap, since a V8 Map holds at most 2^24 entries.
  private ids = new BigMap<string, string>();
  /** Per instant, the highest global position of a catalog event / a subject event folded at it. */
  private catalogAt = new BigMap<number, bigint>();
  private subjectAt = new BigMap<number, bigint>();
  /** The highest global position folded (for the handler's own appends, the bound the store reported). */
  private maxPosition: bigint | undefined = undefined;
  /** The highest global position of a rejected catalog item / subject item folded. */
  private catalogRejectMax: bigint | undefined = undefined;
  private subjectRejectMax: bigint | undefined = undefined;
  /** The ledger holds only the subjects it was rebuilt for: one of their streams concerns more than its subject. */
  private unshared = false;
  /** The ledger's store was extended past it (a multi-command call that did not append): rebuild before use. */
  private dirty = false;

  private eventsRead = 0;
  private eventsFolded = 0;
  private rebuilds = 0;

  constructor(eventStore: EventStore, options: LedgerCacheOptions = {}) {
    this.eventStore = eventStore;
    this.catalogStream = options.catalogStream ?? CATALOG_STREAM;
    this.naming = options.subjectStream ?? subjectStream;
    const max = options.maxSubjectEvents ?? DEFAULT_MAX_SUBJECT_EVENTS;
    if (!Number.isSafeInteger(max) || max < 1) throw new LawfulCrmError("INVALID_ARGUMENT", `maxSubjectEvents must be a positive integer, got ${String(max)}.`);
    this.maxSubjectEvents = max;
  }

  /** Runs `fn` after every earlier call on this cache has finished: one reader or writer at a time. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  readLedger(options: CachedReadOptions = {}): Promise<Ledger> {
    const subjects = options.subjects ?? [];
    if (!Array.isArray(subjects) || subjects.some((s) => typeof s !== "string" || s === "")) {
      return Promise.reject(new LawfulCrmError("INVALID_ARGUMENT", "readLedger: subjects must be an array of non-empty strings."));
    }
    return this.exclusive(() => (subjects.length === 0 ? this.catalog() : this.subjects(subjects)));
  }

  stats(): LedgerCacheStats {
    return {
      catalogVersion: this.catalogVersion,
      catalogEvents: this.catalogRaw.length,
      subjects: this.held.size,
      subjectEvents: this.subjectEvents,
      eventsRead: this.eventsRead,
      eventsFolded: this.eventsFolded,
      rebuilds: this.rebuilds,
    };
  }

  // ------------------------------------------------------------ catalog

  /** Catches up the catalog; the ledger of the catalog stream alone. */
  async catalog(): Promise<Ledger> {
    this.addCatalog(await readTail(this.eventStore, this.catalogStream, undefined, this.catalogVersion));
    return this.catalogLedger;
  }

  /** A fresh ledger of the catalog alone (to decide several catalog commands in turn without extending the cached one). */
  catalogCopy(): Ledger {
    this.eventsFolded += this.catalogRaw.length;
    return replay(this.catalogRaw.map((x) => x.raw));
  }

  get catalogPosition(): bigint {
    return this.catalogVersion;
  }

  private addCatalog(tail: readonly Read[]): void {
    this.eventsRead += tail.length;
    for (const x of tail) {
      if (x.pos <= this.catalogVersion) continue;
      this.catalogRaw.push(x);
      this.catalogVersion = x.pos;
      const before = this.catalogLedger.rejected.length;
      this.catalogLedger = apply(this.catalogLedger, x.raw);
      this.eventsFolded++;
      const v = voidData(x.raw);
      // A void the catalog alone cannot resolve names another stream's
      // event; an event with a subject concerns that subject only. Either
      // makes the catalog mean different things to different subjects.
      if ((v !== undefined && (v.position !== undefined || this.catalogLedger.rejected.length > before)) || (typeof x.raw["subject"] === "string" && x.raw["subject"] !== "")) {
        this.catalogUniform = false;
        this.nonUniform.add(x);
      }
    }
  }

  // ----------------------------------------------------------- subjects

  /** The version of a held subject's stream (0n when empty or not held). */
  versionOf(subject: string): bigint {
    return this.held.get(subject)?.version ?? 0n;
  }

  /**
   * Catches up the catalog and the subjects' streams and returns the cached
   * ledger. `exact`: rebuild it for these subjects alone, in global order
   * (a void is decided against exactly the streams it will be read with).
   */
  async subjects(list: readonly string[], exact = false): Promise<Ledger> {
    const subjects = [...new Set(list)];
    const limit = Math.max(this.maxSubjectEvents, this.catalogRaw.length);
    // Over the limit, start over with the call's people (if the ledger holds others to drop).
    const full = this.subjectEvents + this.held.size > limit && [...this.held.keys()].some((s) => !subjects.includes(s));
    let rebuild = exact || this.dirty || full;
    if (!rebuild && (this.unshared || !this.catalogUniform)) rebuild = !this.holdsExactly(subjects);
    const [catalogTail, ...tails] = await Promise.all([
      readTail(this.eventStore, this.catalogStream, undefined, this.catalogVersion),
      ...subjects.map((s) => (rebuild ? Promise.resolve([]) : readTail(this.eventStore, this.naming(s), s, this.versionOf(s)))),
    ]);
    this.addCatalog(catalogTail!);
    if (!this.catalogUniform && !this.holdsExactly(subjects)) rebuild = true;
    if (!rebuild) {
      for (const t of tails) this.eventsRead += t.length;
      if (this.integrate(subjects, tails.flat())) return this.ledger;
    }
    await this.rebuild(subjects);
    return this.ledger;
  }

  private holdsExactly(subjects: readonly string[]): boolean {
    return this.held.size === subjects.length && subjects.every((s) => this.held.has(s));
  }

  /** Folds the catalog's new events and the subjects' new events in global order; false when the order checks fail (then the caller rebuilds). */
  private integrate(subjects: readonly string[], subjectReads: readonly Read[]): boolean {
    for (const s of subjects) if (!this.held.has(s)) this.held.set(s, { stream: this.naming(s), version: 0n, rejectedIds: undefined });
    const batch = [...this.catalogRaw.slice(this.folded), ...subjectReads].sort(byGlobalPosition);
    // When streams do not concern their own subject only, every stream's
    // order matters to every other: fold only what comes after all the
    // ledger holds (then the ledger is the global order of what was read).
    if ((this.unshared || !this.catalogUniform) && batch.length > 0 && this.maxPosition !== undefined && batch[0]!.gp <= this.maxPosition) return false;
    for (const x of batch) {
      if (x.subject === undefined ? this.nonUniform.has(x) || !this.sameAsGlobalOrder(x) : !this.admissible(x)) return false;
      if (this.fold(x) && !this.rejectsInGlobalOrder(x)) return false;
    }
    return true;
  }

  /**
   * A rejected item is listed, in log order, among the rejects a decision
   * names (HISTORY_INCOMPLETE): it must not follow in the ledger a reject of
   * another stream that comes after it globally.
   */
  private rejectsInGlobalOrder(x: Read): boolean {
    const other = x.subject === undefined ? this.subjectRejectMax : this.catalogRejectMax;
    return other === undefined || other <= x.gp;
  }

  /** True when folding `x` at the end keeps the answers of the global order: no event of another stream at the same instant comes after it globally, and its id is not another stream's. */
  private sameAsGlobalOrder(x: Read): boolean {
    if (x.id !== undefined) {
      const owner = this.ids.get(x.id);
      if (owner !== undefined && owner !== x.stream) return false;
    }
    if (x.t === undefined) return true;
    const other = (x.subject === undefined ? this.subjectAt : this.catalogAt).get(x.t);
    return other === undefined || other <= x.gp;
  }

  /** A subject stream's event may join a shared ledger: it concerns its subject only, and its order agrees with the global order. */
  private admissible(x: Read): boolean {
    if (!this.sameAsGlobalOrder(x)) return false;
    return !this.concernsOthers(x);
  }

  /** A subject stream's event that concerns more than its subject: a void not of one of the stream's own rejects (by id), a catalog event, an event of another subject or of none. */
  private concernsOthers(x: Read): boolean {
    const v = voidData(x.raw);
    if (v !== undefined) return !(v.position === undefined && typeof v.event === "string" && (this.held.get(x.subject!)?.rejectedIds?.has(v.event) ?? false));
    const type = x.raw["type"];
    return typeof type !== "string" || catalogTypes.has(type) || x.raw["subject"] !== x.subject;
  }

  /** Folds `x` into the cached ledger; true when the ledger rejected it. */
  private fold(x: Read): boolean {
    const before = this.ledger.rejected.length;
    this.ledger = apply(this.ledger, x.raw);
    this.eventsFolded++;
    const rejected = this.ledger.rejected.length > before;
    this.note(x, rejected);
    return rejected;
  }

  /** Bookkeeping for an event folded into the cached ledger. */
  private note(x: Read, rejected: boolean): void {
    if (x.id !== undefined && !this.ids.has(x.id)) this.ids.set(x.id, x.stream);
    this.maxPosition = max(this.maxPosition, x.gp);
    if (rejected) {
      if (x.subject === undefined) this.catalogRejectMax = max(this.catalogRejectMax, x.gp);
      else this.subjectRejectMax = max(this.subjectRejectMax, x.gp);
    }
    if (x.subject === undefined) {
      this.folded++;
      if (x.t !== undefined) this.catalogAt.set(x.t, max(this.catalogAt.get(x.t), x.gp));
      return;
    }
    const h = this.held.get(x.subject)!;
    h.version = x.pos;
    this.subjectEvents++;
    if (x.t !== undefined) this.subjectAt.set(x.t, max(this.subjectAt.get(x.t), x.gp));
    if (rejected && x.id !== undefined) (h.rejectedIds ??= new Set()).add(x.id);
  }

  /** The cached ledger rebuilt for `subjects` alone: the catalog and their whole streams, merged in global order. */
  private async rebuild(subjects: readonly string[]): Promise<void> {
    const reads = await Promise.all(subjects.map((s) => readTail(this.eventStore, this.naming(s), s, 0n)));
    for (const r of reads) this.eventsRead += r.length;
    const merged = [...this.catalogRaw, ...reads.flat()].sort(byGlobalPosition);
    this.ledger = replay(merged.map((x) => x.raw));
    this.eventsFolded += merged.length;
    this.rebuilds++;
    this.folded = 0;
    this.subjectEvents = 0;
    this.held = new BigMap(subjects.map((s) => [s, { stream: this.naming(s), version: 0n, rejectedIds: undefined }]));
    this.ids = new BigMap();
    this.catalogAt = new BigMap();
    this.subjectAt = new BigMap();
    this.catalogRejectMax = undefined;
    this.subjectRejectMax = undefined;
    this.maxPosition = undefined;
    this.dirty = false;
    this.unshared = false;
    const rejectedAt = new BigSet(this.ledger.rejected.map((r) => r.position));
    merged.forEach((x, k) => {
      // In global order the order checks hold by construction; what remains
      // is whether each stream concerns its own subject only. One that does
      // not (an id shared with another stream, a void of another stream's
      // event, an event of another subject or of the catalog) must not share
      // the ledger with other subjects.
      if (!this.unshared) {
        const owner = x.id === undefined ? undefined : this.ids.get(x.id);
        if ((owner !== undefined && owner !== x.stream) || (x.subject !== undefined && this.concernsOthers(x))) this.unshared = true;
      }
      this.note(x, rejectedAt.has(k));
    });
  }

  // -------------------------------------------------- the handler's appends

  /**
   * Folds what the handler just appended to `subject`'s stream: events
   * decided against the cached ledger as it is now, appended after it was
   * read, so after everything it holds in global order. `lastGlobalPosition`
   * (when the store reports it) bounds their global positions.
   */
  adoptAppended(subject: string, raws: readonly Record<string, unknown>[], fromVersion: bigint, lastGlobalPosition: bigint | undefined): Ledger {
    const stream = this.naming(subject);
    const gp = lastGlobalPosition ?? UNKNOWN_POSITION;
    raws.forEach((raw, k) => this.adopt({ raw, stream, subject, gp, pos: fromVersion + BigInt(k + 1), t: instantOf(raw), id: stringId(raw) }, undefined));
    return this.ledger;
  }

  /** As {@link adoptAppended}, for events already folded into `state` (a ledger extending the cached one). */
  adoptFolded(state: Ledger, subject: string, raws: readonly Record<string, unknown>[], fromVersion: bigint, lastGlobalPosition: bigint | undefined): Ledger {
    const stream = this.naming(subject);
    const gp = lastGlobalPosition ?? UNKNOWN_POSITION;
    const rejectedAt = new BigSet(state.rejected.map((r) => r.position));
    const first = state.size - raws.length;
    this.ledger = state;
    raws.forEach((raw, k) => this.adopt({ raw, stream, subject, gp, pos: fromVersion + BigInt(k + 1), t: instantOf(raw), id: stringId(raw) }, rejectedAt.has(first + k)));
    return this.ledger;
  }

  /** Folds (`rejected` undefined) or notes an own appended event; a void or any event that concerns more than its subject keeps the ledger to this subject until the next rebuild says otherwise. */
  private adopt(x: Read, rejected: boolean | undefined): void {
    if (this.concernsOthers(x)) this.unshared = true;
    if (rejected === undefined) this.fold(x);
    else this.note(x, rejected);
  }

  /** The cached ledger's store was extended by events that were not appended: rebuild it before the next use. */
  discardTentative(): void {
    this.dirty = true;
  }
}

/**
 * A cache of the catalog and of the subjects read through it, for one event
 * store: `readLedger({ subjects })` reads only what was appended since the
 * last call (the catalog by its stream position, each subject's stream by
 * its own) and folds only that, so its cost does not grow with the size of
 * the catalog stream. It answers for the named subjects exactly as
 * {@link readLedger} does (a replay of the catalog and their streams in
 * global order). One call at a time runs on a cache; keep one per process
 * and store.
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { canUse } from "lawful-crm";
 * import { LawfulCrmCommandHandler, ledgerCache } from "lawful-crm/emmett";
 * const eventStore = getInMemoryEventStore();
 * const cache = ledgerCache(eventStore);
 * const handle = LawfulCrmCommandHandler({ cache }); // the handler and the reader share it
 * await handle(eventStore, { type: "declarePurpose", data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } });
 * const ledger = await cache.readLedger({ subjects: ["anna"] });
 * const actor = { id: "mia", roles: ["marketer"] };
 * const d = canUse(ledger, { subject: "anna", purpose: "marketing", fields: ["email"], actor, at: "2024-06-01T00:00:00Z" });
 * console.log("allowed:", d.allowed, d.reasons.map((r) => r.code)); //=> allowed: false [ 'UNKNOWN_SUBJECT' ]
 * console.log("catalog events held:", cache.stats().catalogEvents); //=> catalog events held: 1
 * ```
 */
export function ledgerCache(eventStore: EventStore, options: LedgerCacheOptions = {}): LedgerCache {
  return new CacheImpl(eventStore, options);
}
