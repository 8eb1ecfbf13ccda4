/**
 * Merges of duplicate subjects (issue 14, part 1) against the model, on
 * histories that always hold merges: a generated history, then a chain (s3
 * into s2, then s2 into s1, each at a drawn instant, the second possibly
 * before the first), events that name what a merge brought in, late events
 * about the subjects merged away (accepted before the merge's at, refused
 * SUBJECT_MERGED from it), and merges that must be refused (MERGE_INVALID).
 * Every query about the three subjects at every instant of the log is
 * decided by the engine and the model alike; and a merge changes no answer
 * for an instant before its at.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { apply, canUse, replay, type Decision } from "../../src/index.js";
import { FIELDS, historyArb, instantsOf, PURPOSES, ROLES, TIMES } from "./arbitraries.js";
import { comparable } from "./compare.js";
import { modelCanUse, ms, walk } from "./model.js";

const RUNS = Math.max(1, Math.round(Number(process.env["FUZZ_RUNS"] ?? 2000) / 20));
/** Grows with RUNS: the deep run (FUZZ_RUNS=200000) makes 10,000 histories, some 7 minutes of checking. */
const TIMEOUT = Math.max(60_000, RUNS * 120);
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** What the chain appends to a history: every event drawn with its instant. */
const chainArb = fc.record({
  own: fc.array(fc.record({ subject: pick(["s1", "s2", "s3"]), time: fc.nat(TIMES.length - 1), field: pick(FIELDS), kind: fc.nat(3) }), { minLength: 2, maxLength: 6 }),
  first: fc.nat(TIMES.length - 1),
  second: fc.nat(TIMES.length - 1),
  late: fc.array(fc.record({ subject: pick(["s1", "s2", "s3"]), time: fc.nat(TIMES.length - 1), kind: fc.nat(4) }), { maxLength: 4 }),
  invalid: fc.nat(4),
});

type Chain = typeof chainArb extends fc.Arbitrary<infer T> ? T : never;

function withChain(log: readonly unknown[], c: Chain): unknown[] {
  const out = [...log];
  let n = 0;
  const id = () => `m${n++}`;
  const at = (k: number) => TIMES[k]!;
  for (const o of c.own) {
    const fact = `mf-${o.subject}-${n}`;
    if (o.kind === 0) {
      out.push({ id: id(), type: "ConsentGranted", at: at(o.time), subject: o.subject, data: { consent: `mc-${o.subject}-${n}`, purposes: ["marketing"], notice: "n1", noticeVersion: "v1", method: "opt-in", channel: "web", evidence: "ev" } });
    } else if (o.kind === 1) {
      out.push({ id: id(), type: "ObjectionRaised", at: at(o.time), subject: o.subject, data: { purposes: ["marketing"], channel: "letter" } });
    } else {
      out.push({ id: id(), type: "FactRecorded", at: at(o.time), subject: o.subject, data: { fact, field: o.field, value: "x", category: "contact.email", source: "crm", purposes: ["sales", "marketing"], basis: o.kind === 2 ? "consent" : "contract" } });
    }
  }
  out.push({ id: id(), type: "SubjectsMerged", at: at(c.first), subject: "s2", data: { from: "s3", reason: "duplicate" } });
  out.push({ id: id(), type: "SubjectsMerged", at: at(c.second), subject: "s1", data: { from: "s2", reason: "duplicate" } });
  // Merges that must be refused: into itself, a from merged already, a survivor merged away.
  const invalid = [
    { subject: "s1", from: "s1" },
    { subject: "s1", from: "s3" },
    { subject: "s2", from: "s1" },
    { subject: "s3", from: "s1" },
    { subject: "s1", from: "s9" },
  ][c.invalid]!;
  out.push({ id: id(), type: "SubjectsMerged", at: at(c.second), subject: invalid.subject, data: { from: invalid.from, reason: "mistake" } });
  const facts = out.filter((e: any) => e?.type === "FactRecorded" && typeof e.data?.fact === "string").map((e: any) => e.data.fact as string);
  const consents = out.filter((e: any) => e?.type === "ConsentGranted" && typeof e.data?.consent === "string").map((e: any) => e.data.consent as string);
  for (const l of c.late) {
    const t = at(l.time);
    if (l.kind === 0 && facts.length > 0) out.push({ id: id(), type: "FactCorrected", at: t, subject: l.subject, data: { fact: facts[n % facts.length], value: "y", source: "crm" } });
    else if (l.kind === 1 && consents.length > 0) out.push({ id: id(), type: "ConsentWithdrawn", at: t, subject: l.subject, data: { consent: consents[n % consents.length], channel: "mail" } });
    else if (l.kind === 2) out.push({ id: id(), type: "ConsentWithdrawn", at: t, subject: l.subject, data: { purposes: ["marketing"], channel: "mail" } });
    else if (l.kind === 3 && facts.length > 0) out.push({ id: id(), type: "FactRecorded", at: t, subject: l.subject, data: { fact: facts[n % facts.length], field: "email", value: "z", category: "contact.email", source: "crm", purposes: ["sales"], basis: "contract" } });
    else out.push({ id: id(), type: "FactErased", at: t, subject: l.subject, data: { field: "email", reason: "Art. 17" } });
  }
  return out;
}

const scenario = fc.tuple(historyArb(), chainArb, pick(PURPOSES), fc.subarray([...FIELDS], { minLength: 1 }), fc.subarray([...ROLES])).map(([h, c, purpose, fields, roles]) => ({
  log: withChain(h.log, c),
  purpose,
  fields,
  roles,
}));

const queriesOf = (log: readonly unknown[], purpose: string, fields: string[], roles: string[]) =>
  instantsOf(log).flatMap((at) => ["s1", "s2", "s3"].map((subject) => ({ subject, purpose, fields, actor: { id: "u1", roles }, at })));

/** A decision without its `validUntil`, which a later event may bring closer. */
const answer = (d: Decision) => ({ ...comparable(d), fields: d.fields.map((f) => ({ field: f.field, allowed: f.allowed, reasons: f.reasons.map((r) => r.code) })) });

describe("merges (issue 14) against the model", () => {
  it(`chains, late events and refused merges: the engine decides as the model (${RUNS} histories, every subject at every instant)`, () => {
    let merged = 0;
    let chained = 0;
    fc.assert(
      fc.property(scenario, ({ log, purpose, fields, roles }) => {
        const ledger = replay(log);
        const items = walk(log);
        const accepted = items.filter((i) => i.status === "accepted" && i.ev!.type === "SubjectsMerged");
        if (accepted.length > 0) merged++;
        if (accepted.some((a) => accepted.some((b) => a.ev!.data.from === b.ev!.subject))) chained++;
        expect(ledger.rejected.map((r) => r.code)).toEqual(items.filter((i) => i.status === "rejected").map((i) => i.why));
        for (const q of queriesOf(log, purpose, fields, roles)) {
          const engine = canUse(ledger, q);
          const model = modelCanUse(log, q);
          expect(comparable(engine), JSON.stringify(q)).toEqual(comparable(model));
          expect(engine.fields.map((f) => ({ field: f.field, allowed: f.allowed })), JSON.stringify(q)).toEqual(model.fields);
          // validUntil is sound: at an instant before it, the same answer.
          if (engine.validUntil !== undefined && ms(engine.validUntil)! - 1 > ms(q.at)!) {
            const later = new Date(ms(engine.validUntil)! - 1).toISOString();
            expect(answer(canUse(ledger, { ...q, at: later })), JSON.stringify(q)).toEqual(answer(engine));
          }
        }
      }),
      { numRuns: RUNS },
    );
    // Not vacuous: most histories hold an accepted merge, and many a chain.
    expect(merged).toBeGreaterThan(RUNS / 2);
    expect(chained).toBeGreaterThan(RUNS / 10);
  }, TIMEOUT);

  it(`a merge changes no answer for an instant before its at (${RUNS} histories)`, () => {
    fc.assert(
      fc.property(scenario, fc.nat(TIMES.length - 1), ({ log, purpose, fields, roles }, k) => {
        const before = replay(log);
        const m = { id: "late-merge", type: "SubjectsMerged", at: TIMES[k]!, subject: "s1", data: { from: "s2", reason: "duplicate" } };
        const after = apply(before, m);
        for (const q of queriesOf(log, purpose, fields, roles)) {
          if (!(ms(q.at)! < ms(m.at)!)) continue;
          const d = canUse(after, q);
          expect(answer(d), JSON.stringify(q)).toEqual(answer(canUse(before, q)));
          // A query about the survivor (and, once the merge is accepted, about from) before the merge is valid until its at at the latest.
          const accepted = after.rejected.length === before.rejected.length;
          if (q.subject === "s1" || (q.subject === "s2" && accepted)) expect(d.validUntil !== undefined && ms(d.validUntil)! <= ms(m.at)!, JSON.stringify(q)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);
});
