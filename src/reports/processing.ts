import { BigSet } from "../_internal/bigmap.js";
import type { InvalidQuery } from "../_internal/invalid.js";
import { covers, overlaps as affects } from "../_internal/dotted.js";
import { cmp, deepFreeze, defined } from "../_internal/values.js";
import { policiesInForce } from "../access/index.js";
import { correctionAt, erasedAt } from "../facts/index.js";
import { attribute, declarationOf, legalBasesOf, purposeInForce, retirementsOf } from "../purposes/index.js";
import { sourceInForce, sourceRegistration } from "../provenance/index.js";
import type { EventOf, LegalBasis, SourceKind } from "../events/index.js";
import { LawfulCrmError, readAt, subjectsAt, within, type Entry, type FactState, type Ledger } from "../ledger/index.js";
import { legalBasisIdentifiers, type LegalBasisIdentifiers } from "../vocabularies/index.js";
import { specialProcessing, type SpecialProcessing } from "./specialRecord.js";

/** A part of the record only the controller can supply, left for them to fill. */
export interface Placeholder {
  /** Its name, e.g. `controller` or `marketing.email/recipients`; Markdown shows it as `{{name}}`. */
  readonly placeholder: string;
  /** The article of the GDPR that asks for it. */
  readonly article: string;
  /** What to write there. */
  readonly hint: string;
}

/** One processing activity: a declared purpose, as the ledger knows it. */
export interface ProcessingActivity {
  readonly purpose: string;
  readonly description: string;
  /** False when retired (or an ancestor was) by the record's instant. */
  readonly inForce: boolean;
  /** When it was retired, if it is not in force. */
  readonly retiredAt?: string;
  readonly legalBases: readonly LegalBasis[];
  /** The same bases, in the same order, with their GDPR article and DPV / EU GDPR identifiers (`eu-gdpr:A6-1-a`, `dpv:Consent`). */
  readonly legalBasisIdentifiers: readonly LegalBasisIdentifiers[];
  /** The retention declared for it (or inherited), as an ISO 8601 duration. */
  readonly retention?: string;
  readonly consentMaxAge?: string;
  readonly doubleOptIn?: boolean;
  readonly originDisclosure?: boolean;
  readonly directMarketing?: boolean;
  /** Categories of the data held for it (facts not erased, collected for it, an ancestor or a descendant), with counts. */
  readonly dataCategories: readonly { readonly category: string; readonly facts: number; readonly subjects: number }[];
  /** Of those categories, the special ones (GDPR Art. 9(1)) at the record's instant, with counts. */
  readonly specialCategories: SpecialProcessing["specialCategories"];
  /** The conditions of GDPR Art. 9(2) relied on for it: in force, by condition, with the categories they are for and how many persons. */
  readonly specialConditions: SpecialProcessing["specialConditions"];
  /** The sources of that data (recordings and the corrections that set current values). */
  readonly sources: readonly {
    readonly source: string;
    readonly kind?: SourceKind;
    /** The assessment reference of its latest registration. */
    readonly assessment?: string;
    /** True when a registration is in force at the record's instant. */
    readonly registered: boolean;
  }[];
  /** Roles with access: the access policies in force whose purposes cover it, or are covered by it. */
  readonly access: readonly { readonly role: string; readonly policy: string; readonly purposes: readonly string[]; readonly categories: readonly string[] }[];
  readonly dataSubjectCategories: Placeholder;
  readonly recipients: Placeholder;
  readonly transfers: Placeholder;
}

/** The parts of a record of processing activities (GDPR Art. 30(1)) the ledger can fill. */
export interface ProcessingRecord {
  readonly at: string;
  readonly controller: Placeholder;
  readonly securityMeasures: Placeholder;
  /** One per purpose declared by `at`, sorted by purpose. */
  readonly activities: readonly ProcessingActivity[];
  /** Purposes that facts, consents, bases or uses name but that were never declared by `at`: a gap in the record. */
  readonly undeclaredPurposes: readonly string[];
}

const ph = (placeholder: string, article: string, hint: string): Placeholder => ({ placeholder, article, hint });

/**
 * The parts of the record of processing activities (GDPR Art. 30(1)) that the
 * ledger can fill, as of `at`: per declared purpose, its description, legal
 * bases, the data categories held for it, the sources feeding it, the roles
 * with access, and its retention. The parts only the controller can supply
 * (controller and DPO, categories of data subjects, recipients, transfers to
 * third countries, security measures) are named placeholders. Render it as
 * Markdown with {@link renderProcessingRecord}; the object itself is the JSON.
 *
 * @example
 * ```ts
 * import { writeFile } from "node:fs/promises";
 * import { isInvalidQuery, processingRecord, renderProcessingRecord, replay } from "lawful-crm";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "sales", description: "Quotes and orders", legalBases: ["contract"], retention: "P3Y" } },
 * ]);
 * const record = processingRecord(ledger, { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(record)) throw new Error(record.error.message);
 * await writeFile("art30.json", JSON.stringify(record, null, 2));
 * await writeFile("art30.md", renderProcessingRecord(record, { fill: { controller: "ACME GmbH, Berlin" } }));
 * console.log(record.activities.map((a) => `${a.purpose}: ${a.legalBases.join(", ")}`)); //=> [ 'sales: contract' ]
 * ```
 */
export function processingRecord(ledger: Ledger, options: { readonly at: string }): ProcessingRecord | InvalidQuery {
  const c = readAt(ledger, options, "processingRecord");
  if ("error" in c) return c;
  const { store, size, v, i } = c;
  // Data held at T: facts recorded by T and not erased.
  const held: { subject: string; f: FactState; correction: Entry<EventOf<"FactCorrected">> | undefined }[] = [];
  for (const s of subjectsAt(store, size, c.t)) {
    for (const f of s.facts.values()) {
      if (!within(f.rec, size, i) || erasedAt(f, size, i) !== undefined) continue;
      held.push({ subject: s.id, f, correction: correctionAt(f, size, i) });
    }
  }
  const named = new Set<string>();
  for (const s of subjectsAt(store, size, c.t)) {
    for (const e of s.events) {
      if (!within(e, size, i)) continue;
      const ev = e.e;
      if (ev.type === "FactRecorded" || ev.type === "ConsentGranted" || ev.type === "LegalBasisRecorded" || ev.type === "ObjectionRaised") for (const p of ev.data.purposes) named.add(p);
      else if (ev.type === "UseRecorded") named.add(ev.data.purpose);
    }
  }
  const declared = [...store.catalog.purposes.keys()].filter((p) => declarationOf(v, p, i) !== undefined).sort(cmp);
  const policies = policiesInForce(v, i);
  const activities: ProcessingActivity[] = declared.map((p) => {
    const decl = declarationOf(v, p, i)!;
    const mine = held.filter((x) => x.f.rec.e.data.purposes.some((q) => affects(q, p)));
    // Subjects per category: a BigSet, since a V8 Set holds at most 2^24 entries.
    const cats = new Map<string, { facts: number; subjects: BigSet<string> }>();
    const srcs = new Set<string>();
    for (const x of mine) {
      const cat = x.f.rec.e.data.category;
      const e = cats.get(cat) ?? { facts: 0, subjects: new BigSet<string>() };
      e.facts++;
      e.subjects.add(x.subject);
      cats.set(cat, e);
      srcs.add(x.f.rec.e.data.source);
      if (x.correction !== undefined) srcs.add(x.correction.e.data.source);
    }
    const inForce = purposeInForce(v, p, i);
    const retired = inForce ? undefined : retirementsOf(v, p, i)[0];
    const bases = [...legalBasesOf(v, p, i)];
    return defined({
      purpose: p,
      description: decl.e.data.description,
      inForce,
      retiredAt: retired?.e.at,
      legalBases: bases,
      legalBasisIdentifiers: bases.map((b) => legalBasisIdentifiers(b)),
      retention: attribute(v, p, "retention", i),
      consentMaxAge: attribute(v, p, "consentMaxAge", i),
      doubleOptIn: attribute(v, p, "doubleOptIn", i),
      originDisclosure: attribute(v, p, "originDisclosure", i),
      directMarketing: attribute(v, p, "directMarketing", i),
      dataCategories: [...cats.entries()].sort((a, b) => cmp(a[0], b[0])).map(([category, e]) => ({ category, facts: e.facts, subjects: e.subjects.size })),
      ...specialProcessing(store, v, i, p, mine),
      sources: [...srcs].sort(cmp).map((source) => {
        const reg = sourceRegistration(v, source, i);
        return defined({ source, kind: reg?.e.data.kind, assessment: reg?.e.data.assessment, registered: sourceInForce(v, source, i) !== undefined }) as ProcessingActivity["sources"][number];
      }),
      access: policies
        .filter((pol) => pol.e.data.purposes.some((q) => covers(q, p) || covers(p, q)))
        .map((pol) => ({ role: pol.e.data.role, policy: pol.e.data.policy, purposes: [...pol.e.data.purposes], categories: [...pol.e.data.categories] }))
        .sort((a, b) => cmp(a.role, b.role) || cmp(a.policy, b.policy)),
      dataSubjectCategories: ph(`${p}/dataSubjectCategories`, "Art. 30(1)(c)", "The categories of data subjects (customers, prospects, newsletter subscribers, ...)."),
      recipients: ph(`${p}/recipients`, "Art. 30(1)(d)", "The categories of recipients the data is disclosed to, including in third countries."),
      transfers: ph(`${p}/transfers`, "Art. 30(1)(e)", "Transfers to a third country or international organisation, and their safeguards; or \"none\"."),
    }) as ProcessingActivity;
  });
  return deepFreeze({
    at: c.at,
    controller: ph("controller", "Art. 30(1)(a)", "Name and contact details of the controller and, where applicable, the joint controller, the representative and the data protection officer."),
    securityMeasures: ph("securityMeasures", "Art. 30(1)(g), 32(1)", "A general description of the technical and organisational security measures."),
    activities,
    undeclaredPurposes: [...named].filter((p) => declarationOf(v, p, i) === undefined).sort(cmp),
  });
}
