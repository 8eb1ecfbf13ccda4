/** Writing the record of processing activities (GDPR Art. 30) as Markdown, in the reader's language. */
import { readRenderOptions, wordingOf, type LocaleOptions, type Wording } from "../locale/index.js";
import { LawfulCrmError } from "../ledger/index.js";
import type { Placeholder, ProcessingActivity, ProcessingRecord } from "./processing.js";
import { escapeMarkdown } from "./writers.js";

/**
 * Options of {@link renderProcessingRecord}: the controller's text for each placeholder, the language, the time zone.
 *
 * @example
 * ```ts
 * import { isInvalidQuery, processingRecord, renderProcessingRecord, replay, type RecordRenderOptions } from "lawful-crm";
 * const record = processingRecord(replay([]), { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(record)) throw new Error(record.error.message);
 * const options: RecordRenderOptions = { locale: "de", fill: { controller: "ACME GmbH, Berlin" } };
 * console.log(renderProcessingRecord(record, options).split("\n")[4]); //=> - **Verantwortlicher:** ACME GmbH, Berlin
 * ```
 */
export interface RecordRenderOptions extends LocaleOptions {
  /** Text for a placeholder by its name (`controller`, `sales/recipients`), written as given (Markdown). */
  readonly fill?: Readonly<Record<string, string>>;
}

/**
 * Writes a processing record as Markdown, each controller part as its named
 * placeholder `{{name}}` unless `options.fill` supplies its text (used as
 * given, not escaped: it is the controller's own Markdown). `options.locale`
 * writes it in German (`"de"`: "Verzeichnis von Verarbeitungstätigkeiten")
 * or in a catalogue of your own, `options.timeZone` shows its instant on
 * that clock (default UTC); the record's ids, purposes and articles stay as
 * recorded.
 *
 * @example
 * ```ts
 * import { isInvalidQuery, processingRecord, renderProcessingRecord, replay } from "lawful-crm";
 * const at = "2024-06-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at: "2024-01-01T00:00:00Z", data: { purpose: "sales", description: "Quotes and orders", legalBases: ["contract"] } },
 * ]);
 * const record = processingRecord(ledger, { at });
 * if (isInvalidQuery(record)) throw new Error(record.error.message);
 * const md = renderProcessingRecord(record, {
 *   fill: { controller: "ACME GmbH, Hauptstr. 1, Berlin; DPO: dpo@acme.example" },
 * });
 * console.log(md.split("\n").find((line) => line.includes("ACME"))); //=> - **Controller:** ACME GmbH, Hauptstr. 1, Berlin; DPO: dpo@acme.example
 * const de = renderProcessingRecord(record, { locale: "de", timeZone: "Europe/Berlin" });
 * console.log(de.split("\n")[0]); //=> # Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)
 * ```
 */
export function renderProcessingRecord(record: ProcessingRecord, options: RecordRenderOptions = {}): string {
  if (typeof record !== "object" || record === null || !Array.isArray((record as { activities?: unknown }).activities)) {
    throw new LawfulCrmError("INVALID_ARGUMENT", "renderProcessingRecord(): expected a record made by processingRecord().");
  }
  const { read, fill } = readOptionsOf(record, options);
  const w = wordingOf(read as LocaleOptions, "renderProcessingRecord()");
  const m = w.m.processingRecord;
  const e = escapeMarkdown;
  const hints: Readonly<Record<string, string | undefined>> = { ...m.hints };
  // A placeholder's name carries a purpose, a value like any other: escaped too.
  const slot = (p: Placeholder) => {
    const given = fill.get(p.placeholder);
    if (given !== undefined) return given;
    const hint = hints[p.placeholder.slice(p.placeholder.lastIndexOf("/") + 1)] ?? p.hint;
    return `{{${e(p.placeholder)}}} — *${e(hint)} (${e(m.article(p.article))})*`;
  };
  const lines: string[] = [];
  lines.push(`# ${m.title}`, "");
  lines.push(m.asOf({ at: e(record.at), time: e(w.time(record.at)) }), "");
  lines.push(`- **${m.labels.controller}:** ${slot(record.controller)}`);
  lines.push(`- **${m.labels.securityMeasures}:** ${slot(record.securityMeasures)}`, "");
  if (record.undeclaredPurposes.length > 0) lines.push(m.gap({ purposes: record.undeclaredPurposes.map(e).join(", ") }), "");
  for (const a of record.activities) lines.push(...activityLines(a, w, slot), "");
  return lines.join("\n");
}

/**
 * The options read once, under guard: the language, the time zone and the
 * controller's texts for the placeholders of `record`. Options that cannot be
 * read, or a text that is not a string, are a programmer error.
 */
function readOptionsOf(record: ProcessingRecord, options: unknown): { read: Readonly<Record<string, unknown>>; fill: Map<string, string> } {
  const names = [record.controller, record.securityMeasures, ...record.activities.flatMap((a) => [a.dataSubjectCategories, a.recipients, a.transfers])].map((p) => p.placeholder);
  const shape: Record<string, true> = {};
  for (const n of names) Object.defineProperty(shape, n, { value: true, enumerable: true });
  const read = readRenderOptions(options, "renderProcessingRecord()", { fill: shape });
  const given = read["fill"];
  const fill = new Map<string, string>();
  if (given === undefined || given === null) return { read, fill };
  if (typeof given !== "object") throw new LawfulCrmError("INVALID_ARGUMENT", "renderProcessingRecord(): options.fill must be an object of texts by placeholder name.");
  for (const [name, text] of Object.entries(given)) {
    if (typeof text !== "string") throw new LawfulCrmError("INVALID_ARGUMENT", `renderProcessingRecord(): options.fill[${JSON.stringify(name)}] must be a string.`);
    fill.set(name, text);
  }
  return { read, fill };
}

/** The lines of one processing activity. */
function activityLines(a: ProcessingActivity, w: Wording, slot: (p: Placeholder) => string): string[] {
  const m = w.m.processingRecord;
  const e = escapeMarkdown;
  const l = m.labels;
  const lines: string[] = [`## ${e(a.purpose)}${a.inForce ? "" : m.retired}`, ""];
  lines.push(`- **${l.description}:** ${e(a.description)}`);
  if (!a.inForce) lines.push(`- **${l.retiredAt}:** ${a.retiredAt !== undefined ? e(a.retiredAt) : m.yes}`);
  // Each basis with its article and DPV / EU GDPR identifier (a record made by an older version has none).
  const basis = (b: string, k: number) => {
    const ids = a.legalBasisIdentifiers?.[k];
    return m.legalBasis(ids === undefined ? { basis: e(b) } : { basis: e(b), article: e(ids.article), gdpr: e(ids.gdpr) });
  };
  lines.push(`- **${l.legalBases}:** ${a.legalBases.map(basis).join(", ")}`);
  lines.push(`- **${l.retention}:** ${a.retention !== undefined ? m.retention({ duration: e(a.retention), words: e(w.duration(a.retention)) }) : m.notDeclared}`);
  const flags = [
    a.directMarketing === true ? m.directMarketing : undefined,
    a.doubleOptIn === true ? m.doubleOptIn : undefined,
    a.consentMaxAge !== undefined ? m.consentMaxAge({ duration: e(a.consentMaxAge) }) : undefined,
    a.originDisclosure === true ? m.originDisclosure : undefined,
  ].filter((x): x is string => x !== undefined);
  if (flags.length > 0) lines.push(`- **${l.rules}:** ${flags.join("; ")}`);
  const categories = a.dataCategories.map((d) => m.category({ category: e(d.category), values: d.facts, persons: d.subjects }));
  lines.push(`- **${l.categories}:** ${categories.length === 0 ? m.noneHeld : categories.join(", ")}`);
  // GDPR Art. 9: the special categories held and the conditions of Art. 9(2) relied on (a record made by an older version has none).
  const specialCategories = a.specialCategories ?? [];
  const specialConditions = a.specialConditions ?? [];
  if (specialCategories.length > 0 || specialConditions.length > 0) {
    const held = specialCategories.map((d) => m.specialCategory({ category: e(d.category), values: d.facts }));
    const relied = specialConditions.map((k) => m.specialCondition({ condition: e(k.condition), categories: k.categories.map(e), persons: k.subjects }));
    lines.push(`- **${l.specialCategories}:** ${held.length === 0 ? m.noneHeld : held.join(", ")}`);
    lines.push(`- **${l.specialConditions}:** ${relied.length === 0 ? m.none : relied.join(", ")}`);
  }
  const sources = a.sources.map((s) =>
    m.source({ source: e(s.source), ...(s.kind !== undefined ? { kind: e(s.kind) } : {}), ...(s.assessment !== undefined ? { assessment: e(s.assessment) } : {}), registered: s.registered }),
  );
  lines.push(`- **${l.sources}:** ${sources.length === 0 ? m.none : sources.join(", ")}`);
  const access = a.access.map((x) => m.access({ role: e(x.role), policy: e(x.policy), categories: x.categories.map(e) }));
  lines.push(`- **${l.access}:** ${access.length === 0 ? m.none : access.join(", ")}`);
  lines.push(`- **${l.dataSubjects}:** ${slot(a.dataSubjectCategories)}`);
  lines.push(`- **${l.recipients}:** ${slot(a.recipients)}`);
  lines.push(`- **${l.transfers}:** ${slot(a.transfers)}`);
  return lines;
}
