/**
 * Property: a report at T never contains anything from events after T.
 * Every string an event introduces is a token `<Letter><n>Z` unique to that
 * event (its id, values, references, reasons, channels, actors, field names,
 * sources, descriptions); a report at T may show a token only if some event
 * with `at` ≤ T carries it. And for histories whose log order agrees with
 * their `at` order, a report at T equals the report of the replay of the
 * events up to T.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accessReport,
  consentReceipt,
  disclosureDue,
  portabilityExport,
  processingRecord,
  renderAccessReport,
  renderProcessingRecord,
  replay,
  type Ledger,
} from "../../src/index.js";
import { must } from "../must.js";

type Ev = Record<string, unknown>;
const SUBJECTS = ["s1", "s2"];
const DAYS = ["2024-01-01", "2024-01-05", "2024-01-10", "2024-01-15", "2024-01-20", "2024-02-01"];
const QUERIES = ["2023-12-31T00:00:00Z", "2024-01-01T00:00:00Z", "2024-01-07T12:00:00Z", "2024-01-10T00:00:00Z", "2024-01-16T00:00:00Z", "2024-01-20T00:00:00Z", "2024-03-01T00:00:00Z"];

const catalog: Ev[] = [
  { id: "c1", type: "PurposeDeclared", at: "2023-12-01T00:00:00Z", data: { purpose: "p", description: "purpose p", legalBases: ["consent", "contract", "legitimate-interests"], retention: "P10D" } },
  { id: "c2", type: "PurposeDeclared", at: "2023-12-01T00:00:00Z", data: { purpose: "p.sub", description: "purpose p.sub", legalBases: ["consent"], doubleOptIn: true, consentMaxAge: "P7D" } },
  { id: "c3", type: "SourceRegistered", at: "2023-12-01T00:00:00Z", data: { source: "form", kind: "form", assessment: "a" } },
  { id: "c4", type: "SourceRegistered", at: "2023-12-01T00:00:00Z", data: { source: "li", kind: "social-network", assessment: "a" } },
  { id: "c5", type: "NoticePublished", at: "2023-12-01T00:00:00Z", data: { notice: "n", version: "1", purposes: ["p"] } },
  { id: "c6", type: "AccessPolicyGranted", at: "2023-12-01T00:00:00Z", data: { policy: "pol", role: "r", purposes: ["p"], categories: ["contact"] } },
];

const KINDS = [
  "FactRecorded",
  "FactRecorded",
  "FactRecorded",
  "FactCorrected",
  "FactCorrected",
  "FactErasedFact",
  "FactErasedFact",
  "FactErasedField",
  "ConsentGranted",
  "ConsentConfirmed",
  "ConsentWithdrawn",
  "LegalBasisRecorded",
  "LegalBasisEnded",
  "ObjectionRaised",
  "ObjectionWithdrawn",
  "ProcessingRestricted",
  "RestrictionLifted",
  "SubjectInformed",
  "UseRecorded",
  "PurposeDeclared",
  "SourceRegistered",
  "NoticePublished",
] as const;

interface Step {
  readonly kind: (typeof KINDS)[number];
  readonly day: number;
  readonly hour: number;
  readonly subject: number;
  readonly pick: number;
  readonly flag: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom(...KINDS),
  day: fc.nat(DAYS.length - 1),
  hour: fc.constantFrom(0, 9, 18),
  subject: fc.nat(SUBJECTS.length - 1),
  pick: fc.nat(),
  flag: fc.boolean(),
});

/** Builds events from steps; event n introduces only tokens `<Letter>nZ`. */
function build(steps: readonly Step[]): Ev[] {
  const facts: { id: string; subject: string; field: string }[] = [];
  const consents: { id: string; subject: string }[] = [];
  const refs: { id: string; subject: string }[] = [];
  const out: Ev[] = [];
  steps.forEach((st, n) => {
    const tok = (l: string) => `${l}${n}Z`;
    const at = `${DAYS[st.day]}T${String(st.hour).padStart(2, "0")}:00:00Z`;
    const subject = SUBJECTS[st.subject]!;
    const purposes = st.flag ? ["p"] : ["p.sub"];
    const of = <T extends { subject: string }>(xs: T[]) => xs.filter((x) => x.subject === subject)[st.pick % Math.max(1, xs.filter((x) => x.subject === subject).length)];
    const sub = (type: string, data: Ev): Ev => ({ id: tok("E"), type, at, subject, by: tok("Y"), data });
    const cat = (type: string, data: Ev): Ev => ({ id: tok("E"), type, at, by: tok("Y"), data });
    switch (st.kind) {
      case "FactRecorded": {
        const field = st.pick % 2 === 0 ? tok("X") : ["email", "phone"][(st.pick >> 1) % 2]!;
        const source = ["form", "li", tok("S")][(st.pick >> 2) % 3]!;
        facts.push({ id: tok("F"), subject, field });
        out.push(sub("FactRecorded", { fact: tok("F"), field, value: st.flag ? tok("M") : { m: tok("M") }, category: "contact.x", source, sourceRef: tok("R"), purposes, basis: ["consent", "contract", "legitimate-interests"][st.pick % 3] }));
        break;
      }
      case "FactCorrected": {
        const f = of(facts);
        out.push(sub("FactCorrected", { fact: f?.id ?? tok("F"), value: tok("M"), source: st.flag ? "li" : tok("S"), sourceRef: tok("R") }));
        break;
      }
      case "FactErasedFact":
        out.push(sub("FactErased", { fact: of(facts)?.id ?? tok("F"), reason: tok("M") }));
        break;
      case "FactErasedField":
        out.push(sub("FactErased", { field: of(facts)?.field ?? "email", reason: tok("M") }));
        break;
      case "ConsentGranted":
        consents.push({ id: tok("K"), subject });
        out.push(sub("ConsentGranted", { consent: tok("K"), purposes, notice: "n", noticeVersion: "1", method: st.pick % 4 === 0 ? "pre-ticked" : "opt-in", channel: tok("C"), evidence: tok("V"), ...(st.pick % 3 === 0 ? { expires: "2024-01-12T00:00:00Z" } : {}) }));
        break;
      case "ConsentConfirmed":
        out.push(sub("ConsentConfirmed", { consent: of(consents)?.id ?? tok("K"), evidence: tok("V") }));
        break;
      case "ConsentWithdrawn":
        out.push(sub("ConsentWithdrawn", st.flag ? { consent: of(consents)?.id ?? tok("K"), channel: tok("C"), evidence: tok("V") } : { purposes, channel: tok("C") }));
        break;
      case "LegalBasisRecorded":
        refs.push({ id: tok("B"), subject });
        out.push(sub("LegalBasisRecorded", { basis: st.flag ? "contract" : "legitimate-interests", purposes: ["p"], reference: tok("B"), ...(st.pick % 2 === 0 ? { until: "2024-01-18T00:00:00Z" } : {}) }));
        break;
      case "LegalBasisEnded":
        out.push(sub("LegalBasisEnded", { reference: of(refs)?.id ?? tok("B") }));
        break;
      case "ObjectionRaised":
        out.push(sub("ObjectionRaised", { purposes, channel: tok("C") }));
        break;
      case "ObjectionWithdrawn":
        out.push(sub("ObjectionWithdrawn", { purposes: ["p"], channel: tok("C"), evidence: tok("V") }));
        break;
      case "ProcessingRestricted":
        out.push(sub("ProcessingRestricted", { reason: tok("M") }));
        break;
      case "RestrictionLifted":
        out.push(sub("RestrictionLifted", { reason: tok("M") }));
        break;
      case "SubjectInformed":
        out.push(sub("SubjectInformed", { notice: tok("N"), noticeVersion: tok("W"), sources: st.flag ? ["li"] : ["li", tok("S")] }));
        break;
      case "UseRecorded":
        out.push(sub("UseRecorded", { purpose: st.flag ? "p" : "p.sub", fields: ["email", tok("X")], actor: tok("A"), roles: [tok("O")] }));
        break;
      case "PurposeDeclared":
        out.push(cat("PurposeDeclared", { purpose: st.flag ? "p" : "p.sub", description: tok("D"), legalBases: ["consent", "contract"], retention: st.pick % 2 === 0 ? "P3D" : "P1M", originDisclosure: st.flag }));
        break;
      case "SourceRegistered":
        out.push(cat("SourceRegistered", { source: st.flag ? "li" : "form", kind: st.pick % 2 === 0 ? "import" : "subject", assessment: tok("G") }));
        break;
      case "NoticePublished":
        out.push(cat("NoticePublished", { notice: "n", version: "1", purposes: ["p", "p.sub"], language: "de", textHash: tok("H") }));
        break;
    }
  });
  return out;
}

const TOKEN = /[A-Z]\d+Z/g;
const tokensOf = (x: unknown) => new Set(JSON.stringify(x).match(TOKEN) ?? []);

/** Everything the reports at `at` can say, as one string. */
function everything(ledger: Ledger, at: string, events: readonly Ev[]): string {
  const parts: string[] = [];
  for (const s of SUBJECTS) {
    const r = must(accessReport(ledger, s, { at }));
    parts.push(JSON.stringify(r), renderAccessReport(r, "markdown"), renderAccessReport(r, "html"));
    parts.push(JSON.stringify(must(portabilityExport(ledger, s, { at }))));
  }
  parts.push(JSON.stringify(must(disclosureDue(ledger, { at }))));
  const pr = must(processingRecord(ledger, { at }));
  parts.push(JSON.stringify(pr), renderProcessingRecord(pr));
  for (const e of events) {
    if (e["type"] !== "ConsentGranted") continue;
    const d = e["data"] as Ev;
    parts.push(JSON.stringify(must(consentReceipt(ledger, e["subject"] as string, d["consent"] as string, { at, controller: "company:c" })) ?? null));
  }
  return parts.join("\n");
}

describe("property: a report at T never contains anything from events after T", () => {
  it("holds for any log order, rejects included", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 28 }), fc.constantFrom(...QUERIES), (steps, at) => {
        const events = [...catalog, ...build(steps)];
        const ledger = replay(events);
        const early = new Set<string>();
        for (const e of events) if ((e["at"] as string) <= at) for (const t of tokensOf(e)) early.add(t);
        const forbidden = new Set<string>();
        for (const e of events) if ((e["at"] as string) > at) for (const t of tokensOf(e)) if (!early.has(t)) forbidden.add(t);
        const text = everything(ledger, at, events);
        const shown = new Set(text.match(TOKEN) ?? []);
        const leaked = [...forbidden].filter((t) => shown.has(t));
        expect(leaked).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("for logs in time order, every report at T equals the report of the replay of the events up to T", () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 28 }), fc.constantFrom(...QUERIES), (steps, at) => {
        const ordered = [...steps].sort((a, b) => a.day - b.day || a.hour - b.hour);
        const events = [...catalog, ...build(ordered)];
        const full = replay(events);
        const prefix = replay(events.filter((e) => (e["at"] as string) <= at));
        for (const s of SUBJECTS) {
          expect(must(accessReport(full, s, { at }))).toEqual(must(accessReport(prefix, s, { at })));
          expect(must(portabilityExport(full, s, { at }))).toEqual(must(portabilityExport(prefix, s, { at })));
        }
        expect(must(disclosureDue(full, { at }))).toEqual(must(disclosureDue(prefix, { at })));
        expect(must(processingRecord(full, { at }))).toEqual(must(processingRecord(prefix, { at })));
      }),
      { numRuns: 300 },
    );
  });
});
