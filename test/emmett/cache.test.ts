/**
 * The ledger cache: the catalog read once and kept by its position, the
 * subjects' streams likewise. It must answer for every subject it is asked
 * about exactly as `readLedger` (the catalog and the subject's stream read
 * whole and merged by global position) does, whatever the order in which
 * events become visible; and once warm, a subject command must fold only its
 * own new events, however large the catalog.
 */
import { ExpectedVersionConflictError, getInMemoryEventStore, type EventStore } from "@event-driven-io/emmett";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CATALOG_EVENT_TYPES, canUse, profile, type LedgerEvent, type Ledger } from "../../src/index.js";
import {
  CATALOG_STREAM,
  CommandRefusedError,
  LawfulCrmCommandHandler,
  ledgerCache,
  readLedger,
  subjectStream,
  toEmmettEvent,
  type LawfulCrmEmmettCommand,
} from "../../src/emmett/index.js";
import { historyArb, POOL } from "../arbitraries.js";

const RUNS = Number(process.env["FUZZ_RUNS"] ?? 150);

/**
 * An event store that behaves like Emmett's PostgreSQL store where it
 * matters here: global positions are handed out when an append starts, so a
 * transaction holding a lower position can commit after one holding a
 * higher one; `readStream({ from })` starts at stream position `from`.
 */
class OutOfOrderStore {
  private readonly streams = new Map<string, Record<string, unknown>[]>();

  commit(stream: string, event: { type: unknown; data: unknown; metadata: Record<string, unknown> }, globalPosition: bigint): void {
    const list = this.streams.get(stream) ?? [];
    list.push({ ...event, kind: "Event", metadata: { ...event.metadata, streamName: stream, messageId: `m${globalPosition}`, streamPosition: BigInt(list.length + 1), globalPosition } });
    this.streams.set(stream, list);
  }

  readStream(name: string, options?: { from?: bigint }) {
    const all = this.streams.get(name) ?? [];
    const from = options?.from;
    const events = from === undefined ? all : all.filter((e) => (e["metadata"] as { streamPosition: bigint }).streamPosition >= from);
    return Promise.resolve({ currentStreamVersion: BigInt(all.length), events, streamExists: all.length > 0 });
  }

  /** The next global position, as a sequence hands them out (before commit). */
  private sequence = 0n;

  reserve(): bigint {
    return ++this.sequence;
  }

  /** An append that commits at once, at the version it expects (0n: a new stream), as emt_append_to_stream checks it. */
  appendToStream(stream: string, events: { type: unknown; data: unknown; metadata: Record<string, unknown> }[], options?: { expectedStreamVersion?: unknown }) {
    const version = BigInt(this.streams.get(stream)?.length ?? 0);
    const expected = options?.expectedStreamVersion;
    if (typeof expected === "bigint" && expected !== version) return Promise.reject(new ExpectedVersionConflictError(version, expected));
    let last = 0n;
    for (const e of events) this.commit(stream, e, (last = this.reserve()));
    return Promise.resolve({ nextExpectedStreamVersion: version + BigInt(events.length), lastEventGlobalPosition: last, createdNewStream: version === 0n });
  }

  aggregateStream(): never {
    throw new Error("not used");
  }
}

const catalogTypes: ReadonlySet<unknown> = new Set(CATALOG_EVENT_TYPES);

/** The stream an item goes to: its subject's, or the catalog; `misroute` sends a subject's event to the other subject's stream. */
function streamOf(item: Record<string, unknown>, misroute: boolean): string {
  const subject = item["subject"];
  if (typeof subject !== "string" || subject === "" || catalogTypes.has(item["type"])) return CATALOG_STREAM;
  return subjectStream(misroute ? (subject === "s1" ? "s2" : "s1") : subject);
}

/** Everything a caller could ask about one subject: profiles and decisions at every query instant, and what makes it incomplete. */
function answers(ledger: Ledger, subject: string): unknown[] {
  const out: unknown[] = [];
  for (const at of POOL.queries) {
    out.push(profile(ledger, subject, { at }));
    for (const purpose of POOL.purposes) {
      out.push(canUse(ledger, { subject, purpose, fields: ["email", "phone"], actor: { id: "u", roles: ["r"] }, at }));
    }
  }
  const marks = ledger.incomplete.filter((m) => m.scope === "catalog" || m.subject === subject).map((m) => `${m.scope} ${m.subject ?? ""} ${m.from} ${m.id ?? ""}`);
  out.push(marks.sort());
  return out;
}

const scheduleArb = fc.record({
  log: fc.oneof(historyArb({ maxLength: 40, idless: false }), historyArb({ maxLength: 40, rejects: false })),
  /** Per item: how far its commit is delayed (a later commit than its global position says). */
  delays: fc.array(fc.nat(4), { maxLength: 40 }),
  misroute: fc.array(fc.nat(9), { maxLength: 40 }),
  /** After which commits the cache is read, and for whom. */
  reads: fc.array(fc.record({ after: fc.nat(45), subjects: fc.subarray(["s1", "s2", "s3"], { minLength: 1 }) }), { minLength: 1, maxLength: 8 }),
  maxSubjectEvents: fc.constantFrom(3, 100_000),
});

type Schedule = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

describe("ledgerCache answers as readLedger does", () => {
  test("property: for generated multi-stream histories committed out of global order, read at random points", async () => {
    let reads = 0;
    let rebuilt = 0;
    let folds = 0;
    await fc.assert(
      fc.asyncProperty(scheduleArb, async ({ log, delays, misroute, reads: schedule, maxSubjectEvents }) => {
        const store = new OutOfOrderStore();
        // Global position = index in the generated log; commit order = a later
        // instant for delayed items, never before an earlier item of the same stream.
        const items = log
          .map((item, k) => ({ item, k }))
          .filter((x): x is { item: Record<string, unknown>; k: number } => typeof x.item === "object" && x.item !== null && !Array.isArray(x.item));
        const lastCommit = new Map<string, number>();
        const commits = items.map(({ item, k }) => {
          const stream = streamOf(item, (misroute[k] ?? 9) === 0);
          const at = Math.max(k + (delays[k] ?? 0), lastCommit.get(stream) ?? -1);
          lastCommit.set(stream, at);
          return { stream, at, k, event: toEmmettEvent(item as unknown as LedgerEvent) };
        });
        commits.sort((a, b) => a.at - b.at || a.k - b.k);
        const cache = ledgerCache(store as unknown as EventStore, { maxSubjectEvents });
        const points = [...schedule].sort((a, b) => a.after - b.after);
        let next = 0;
        for (const point of points) {
          while (next < commits.length && next < point.after) {
            const c = commits[next++]!;
            store.commit(c.stream, c.event, BigInt(c.k + 1));
          }
          const cached = await cache.readLedger({ subjects: point.subjects });
          const exact = await readLedger(store as unknown as EventStore, { subjects: point.subjects });
          for (const subject of point.subjects) expect(answers(cached, subject)).toEqual(answers(exact, subject));
          reads++;
        }
        const s = cache.stats();
        rebuilt += s.rebuilds;
        folds += s.eventsFolded;
        // Without subjects the cache gives the catalog alone, exactly.
        expect(answers(await cache.readLedger(), "s1")).toEqual(answers(await readLedger(store as unknown as EventStore), "s1"));
      }),
      {
        numRuns: RUNS,
        examples: [
          // Found by this property: an event of s1 in s2's stream and one of s2 in s1's stream make the streams depend
          // on each other; s2's own event, with a lower global position, became visible last.
          [JSON.parse('{"log":[{"id":"e0","type":"ConsentGranted","subject":"s1","data":{"consent":"k1","purposes":["marketing.email"],"notice":"n","noticeVersion":"1","method":"opt-in","channel":"web","evidence":"ev"},"at":"2024-01-01T00:00:00Z"},{"id":"e1","type":"FactRecorded","subject":"s2","data":{"fact":"f1","field":"email","value":0,"category":"contact","source":"web","purposes":["marketing.email"],"basis":"consent"},"at":"2024-01-01T00:00:00Z"},{"id":"e2","type":"FactRecorded","subject":"s2","data":{"fact":"f1","field":"email","value":{"a":[1]},"category":"contact","source":"web","purposes":["sales"],"basis":"consent"},"at":"2024-01-01T00:00:00Z"}],"delays":[0,2],"misroute":[0,1,0],"reads":[{"after":2,"subjects":["s1","s2","s3"]},{"after":3,"subjects":["s1","s2","s3"]}],"maxSubjectEvents":100000}') as Schedule],
        ],
      },
    );
    expect(reads).toBeGreaterThan(RUNS);
    // Both paths ran: folding onto the shared ledger, and rebuilding it in global order.
    expect(rebuilt).toBeGreaterThan(0);
    expect(folds).toBeGreaterThan(rebuilt);
  }, Math.max(120_000, RUNS * 40));

  test("a catalog event at the same instant as a subject's event, committed after it, is placed where its global position says", async () => {
    const T = "2024-01-01T00:00:00Z";
    const store = new OutOfOrderStore();
    const cache = ledgerCache(store as unknown as EventStore);
    const fact = { id: "f", type: "FactRecorded", at: T, subject: "anna", data: { fact: "f1", field: "email", value: "a@b.c", category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } };
    const purpose = { id: "p", type: "PurposeDeclared", at: T, data: { purpose: "sales", description: "Sales", legalBases: ["contract"] } };
    const policy = { id: "a", type: "AccessPolicyGranted", at: T, data: { policy: "s", role: "r", purposes: ["sales"], categories: ["contact"] } };
    const source = { id: "s", type: "SourceRegistered", at: T, data: { source: "web", kind: "form", assessment: "DPIA" } };
    const em = (e: Record<string, unknown>) => toEmmettEvent(e as unknown as LedgerEvent);
    store.commit(CATALOG_STREAM, em(purpose), 1n);
    store.commit(CATALOG_STREAM, em(policy), 2n);
    store.commit(subjectStream("anna"), em(fact), 4n);
    await cache.readLedger({ subjects: ["anna"] });
    // The source registration held position 3 and committed last: it precedes the fact.
    store.commit(CATALOG_STREAM, em(source), 3n);
    const q = { subject: "anna", purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["r"] }, at: "2024-02-01T00:00:00Z" };
    const cached = await cache.readLedger({ subjects: ["anna"] });
    const exact = await readLedger(store as unknown as EventStore, { subjects: ["anna"] });
    expect(canUse(exact, q).reasons.map((r) => r.code)).not.toContain("UNKNOWN_SOURCE");
    expect(canUse(cached, q)).toEqual(canUse(exact, q));
    expect(cache.stats().rebuilds).toBe(1);
  });
});

describe("the handler's own appends keep the cache exact", () => {
  const instants = ["2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"];
  const people = ["s1", "s2"];
  const personCommand = fc.record({
    kind: fc.constantFrom("grant", "withdraw", "record", "correct", "erase", "restrict", "pair"),
    subject: fc.constantFrom(...people),
    at: fc.constantFrom(...instants),
    n: fc.nat(1),
  });
  const catalogEvent = fc.record({
    kind: fc.constantFrom("retireSource", "registerSource", "retirePurpose", "declarePurpose"),
    at: fc.constantFrom(...instants),
    /** Steps until it commits; its global position is taken at once. */
    delay: fc.nat(3),
  });
  const stepArb = fc.oneof(
    { weight: 4, arbitrary: fc.record({ writer: fc.nat(1), command: personCommand }) },
    /** Both writers at once, for the same person: one of them conflicts and decides again. */
    { weight: 1, arbitrary: fc.record({ both: fc.tuple(personCommand, personCommand).map(([a, b]) => [a, { ...b, subject: a.subject }] as const) }) },
    { weight: 1, arbitrary: fc.record({ catalog: catalogEvent }) },
  );

  function toCommand(c: { kind: string; subject: string; at: string; n: number }): LawfulCrmEmmettCommand | LawfulCrmEmmettCommand[] {
    const { subject, at } = c;
    const consent = `k${c.n}`;
    const fact = `f${c.n}`;
    switch (c.kind) {
      case "grant":
        return { type: "grantConsent", subject, at, data: { consent, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "e" } };
      case "withdraw":
        return { type: "withdrawConsent", subject, at, data: { consent, channel: "web" } };
      case "record":
        return { type: "recordFact", subject, at, data: { fact, field: "email", value: `${subject}@x.org`, category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" } };
      case "correct":
        return { type: "correctFact", subject, at, data: { fact, value: `${subject}+${at}@x.org`, source: "web" } };
      case "erase":
        return { type: "eraseFact", subject, at, data: { fact, reason: "asked" } };
      case "pair":
        // Several commands in one call: the cached ledger is extended before the append.
        return [
          { type: "grantConsent", subject, at, data: { consent: `p${c.n}`, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "e" } },
          { type: "recordFact", subject, at, data: { fact: `pf${c.n}`, field: "phone", value: "1", category: "contact.phone", source: "web", purposes: ["marketing"], basis: "consent" } },
        ];
      default:
        return { type: "restrictProcessing", subject, at, data: { reason: at } };
    }
  }

  const catalogRaw = (c: { kind: string; at: string }, id: string): Record<string, unknown> =>
    c.kind === "retireSource"
      ? { id, type: "SourceRetired", at: c.at, data: { source: "web" } }
      : c.kind === "registerSource"
        ? { id, type: "SourceRegistered", at: c.at, data: { source: "web", kind: "form", assessment: "DPIA-2" } }
        : c.kind === "retirePurpose"
          ? { id, type: "PurposeRetired", at: c.at, data: { purpose: "marketing" } }
          : { id, type: "PurposeDeclared", at: c.at, data: { purpose: "marketing", description: "again", legalBases: ["consent"] } };

  test("property: two handlers and a catalog writer whose appends commit out of global order; every newState answers as readLedger", async () => {
    let appended = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const store = new OutOfOrderStore();
        const es = store as unknown as EventStore;
        let n = 0;
        const newId = () => `id-${++n}`;
        const setup = LawfulCrmCommandHandler({ newId, cache: false });
        await setup(es, base.map((c) => ({ ...c, at: "2023-12-01T00:00:00Z" })));
        const writers = [LawfulCrmCommandHandler({ newId }), LawfulCrmCommandHandler({ newId, maxSubjectEvents: 4 })];
        const pending: { gp: bigint; due: number; event: ReturnType<typeof toEmmettEvent> }[] = [];
        for (const [k, step] of steps.entries()) {
          // An open append holds the catalog stream's row: the next one waits
          // for it, so catalog appends commit in the order they took positions.
          while (pending.length > 0 && pending[0]!.due <= k) {
            const p = pending.shift()!;
            store.commit(CATALOG_STREAM, p.event, p.gp);
          }
          if ("catalog" in step) {
            pending.push({ gp: store.reserve(), due: k + step.catalog.delay, event: toEmmettEvent(catalogRaw(step.catalog, newId()) as unknown as LedgerEvent) });
            continue;
          }
          const calls = "both" in step ? step.both.map((c, w) => ({ c, w })) : [{ c: step.command, w: step.writer }];
          const results = await Promise.allSettled(calls.map(({ c, w }) => writers[w]!(es, toCommand(c))));
          const subject = calls[0]!.c.subject;
          const exact = await readLedger(es, { subjects: [subject] });
          const done = results.flatMap((r) => {
            if (r.status === "fulfilled") return [r.value];
            if (!(r.reason instanceof CommandRefusedError)) throw r.reason;
            return [];
          });
          appended += done.length;
          // The later of the appends saw the earlier one: its ledger is the store's.
          const last = done.reduce<(typeof done)[number] | undefined>((a, b) => (a === undefined || b.nextExpectedStreamVersion > a.nextExpectedStreamVersion ? b : a), undefined);
          if (last !== undefined) expect(answers(last.newState, subject)).toEqual(answers(exact, subject));
        }
        // What the handlers wrote replays as they decided it: nothing rejected.
        for (const s of people) expect((await readLedger(es, { subjects: [s] })).rejected).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(appended).toBeGreaterThan(RUNS);
  }, Math.max(120_000, RUNS * 40));
});

// ------------------------------------------------------------------ cost

const T0 = "2024-01-01T00:00:00Z";
const base: LawfulCrmEmmettCommand[] = [
  { type: "declarePurpose", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
  { type: "publishNotice", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
  { type: "registerSource", at: T0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { type: "grantAccess", at: T0, data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
];
const grant = (subject: string, k: number): LawfulCrmEmmettCommand => ({
  type: "grantConsent",
  subject,
  at: `2024-02-01T00:00:${String(k % 60).padStart(2, "0")}Z`,
  data: { consent: `k${k}`, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" },
});

/** A store whose catalog has `size` events, then `subjects` subjects with one command each. */
async function warmStore(size: number, subjects: number) {
  const eventStore = getInMemoryEventStore();
  let n = 0;
  const handle = LawfulCrmCommandHandler({ now: () => "2024-03-01T00:00:00Z", newId: () => `id-${++n}` });
  await handle(eventStore, base);
  for (let k = base.length; k < size; k++) {
    await handle(eventStore, { type: "declarePurpose", at: T0, data: { purpose: `p${k}`, description: "more", legalBases: ["consent"] } });
  }
  for (let s = 0; s < subjects; s++) await handle(eventStore, grant(`s${s}`, 0));
  return { eventStore, handle };
}

describe("a subject command's cost does not grow with the catalog", () => {
  test("once warm, a subject command reads and folds only the events appended since, for a catalog of 10 or 2,000 events", async () => {
    const perCommand: { read: number; folded: number; rebuilds: number }[] = [];
    for (const size of [10, 2_000]) {
      const { eventStore, handle } = await warmStore(size, 20);
      const cache = ledgerCache(eventStore);
      const h = LawfulCrmCommandHandler({ cache, now: () => "2024-03-01T00:00:00Z" });
      // Warm: the cache reads the catalog and the 20 subjects once.
      for (let s = 0; s < 20; s++) await h(eventStore, grant(`s${s}`, 1));
      const before = cache.stats();
      expect(before.catalogEvents).toBe(size);
      for (let round = 2; round < 7; round++) for (let s = 0; s < 20; s++) await h(eventStore, grant(`s${s}`, round));
      // Another writer appends to one subject meanwhile: read as new events, not a re-read.
      await handle(eventStore, grant("s3", 99));
      await h(eventStore, grant("s3", 100));
      const after = cache.stats();
      perCommand.push({ read: after.eventsRead - before.eventsRead, folded: after.eventsFolded - before.eventsFolded, rebuilds: after.rebuilds - before.rebuilds });
    }
    // 101 commands: each folds its own event; the other writer's event is read and folded once.
    expect(perCommand).toEqual([
      { read: 1, folded: 102, rebuilds: 0 },
      { read: 1, folded: 102, rebuilds: 0 },
    ]);
  });

  test("without the cache the same commands fold the whole catalog each time", async () => {
    const { eventStore } = await warmStore(300, 1);
    const counting = { folded: 0 };
    const spy: EventStore = {
      ...eventStore,
      aggregateStream: eventStore.aggregateStream.bind(eventStore),
      appendToStream: eventStore.appendToStream.bind(eventStore),
      readStream: async (name, options) => {
        const r = await eventStore.readStream(name, options);
        counting.folded += r.events.length;
        return r;
      },
    };
    const h = LawfulCrmCommandHandler({ cache: false });
    for (let k = 0; k < 5; k++) await h(spy, grant("s0", 10 + k));
    expect(counting.folded).toBeGreaterThanOrEqual(5 * 300);
  });

  test("the cache starts over with the catalog when it holds more subject events than its limit", async () => {
    const { eventStore } = await warmStore(10, 30);
    const cache = ledgerCache(eventStore, { maxSubjectEvents: 20 });
    for (let s = 0; s < 30; s++) await cache.readLedger({ subjects: [`s${s}`] });
    const s = cache.stats();
    expect(s.rebuilds).toBeGreaterThan(0);
    expect(s.subjects + s.subjectEvents).toBeLessThanOrEqual(22);
    const l = await cache.readLedger({ subjects: ["s0"] });
    expect(answers(l, "s0")).toEqual(answers(await readLedger(eventStore, { subjects: ["s0"] }), "s0"));
  });

  test("one person with more events than the limit is not re-read at every call", async () => {
    const { eventStore, handle } = await warmStore(10, 1);
    for (let k = 1; k < 30; k++) await handle(eventStore, grant("s0", k));
    const cache = ledgerCache(eventStore, { maxSubjectEvents: 5 });
    await cache.readLedger({ subjects: ["s0"] });
    const before = cache.stats();
    await handle(eventStore, grant("s0", 30));
    await cache.readLedger({ subjects: ["s0"] });
    const after = cache.stats();
    expect([after.rebuilds - before.rebuilds, after.eventsRead - before.eventsRead, after.subjectEvents]).toEqual([0, 1, 31]);
  });
});

describe("the handler with a cache", () => {
  test("two handlers on one store (two caches, as two processes): every conflict is re-read, nothing is lost", async () => {
    const eventStore = getInMemoryEventStore();
    const a = LawfulCrmCommandHandler({ now: () => "2024-03-01T00:00:00Z" });
    const b = LawfulCrmCommandHandler({ now: () => "2024-03-01T00:00:00Z" });
    await a(eventStore, base);
    for (let k = 0; k < 20; k++) {
      const [ra, rb] = await Promise.all([a(eventStore, grant("anna", 2 * k)), b(eventStore, grant("anna", 2 * k + 1))]);
      // Each saw the other's earlier consents: its ledger holds all of anna's events so far.
      expect(Math.max(ra.newState.accepted, rb.newState.accepted)).toBe(base.length + 2 * k + 2);
    }
    const stream = await eventStore.readStream(subjectStream("anna"));
    expect(stream.events).toHaveLength(40);
  });

  test("a cache of another store, or named otherwise, is a usage error", async () => {
    const one = getInMemoryEventStore();
    const other = getInMemoryEventStore();
    const h = LawfulCrmCommandHandler({ cache: ledgerCache(one) });
    await expect(h(other, base[0]!)).rejects.toThrow(/another event store/);
    expect(() => LawfulCrmCommandHandler({ cache: ledgerCache(one), catalogStream: "x-catalog" })).toThrow(/names its streams otherwise/);
    expect(() => LawfulCrmCommandHandler({ cache: {} as never })).toThrow(/LedgerCache/);
    expect(() => ledgerCache(one, { maxSubjectEvents: 0 })).toThrow(/maxSubjectEvents/);
    await expect(ledgerCache(one).readLedger({ subjects: [""] })).rejects.toThrow(/non-empty strings/);
  });
});
