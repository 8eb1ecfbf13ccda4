import * as E from "fp-ts/lib/Either.js";
import { preview } from "../_internal/json.js";
import { assemble, checkOptions, guardedArgs, type Candidate } from "./build.js";
import { parseCsv } from "./csv.js";
import type { Vocabulary, VocabularyError, VocabularyOptions } from "./types.js";

/**
 * One row of a DPV table (the CSV files of a DPV release, e.g.
 * `dpv/modules/purposes.csv`), by column name. Other columns are ignored.
 */
export interface DpvRow {
  /** The concept's name in its namespace: `ServiceProvision`. */
  readonly term: string;
  /** `class` or `property`. */
  readonly type: string;
  /** `https://w3id.org/dpv#ServiceProvision`. */
  readonly iri: string;
  /** What the concept is a kind of: `https://w3id.org/dpv#Purpose` for a purpose. */
  readonly dpvtype: string;
  /** Its broader concepts' IRIs, separated by `;`, first one first; empty for a root. */
  readonly hasbroader: string;
  readonly label?: string;
  readonly definition?: string;
  /** The namespace's prefix (`dpv`, `eu-gdpr`), used to name the term. */
  readonly vocab?: string;
  readonly [column: string]: string | undefined;
}

const PURPOSE = "https://w3id.org/dpv#Purpose";
const REQUIRED = ["term", "type", "iri", "dpvtype", "hasbroader"] as const;
/** Prefixes of the namespaces a DPV release uses, for naming a broader concept that is not a row of the table. */
const PREFIXES: readonly (readonly [string, string])[] = [
  ["https://w3id.org/dpv/legal/eu/gdpr#", "eu-gdpr"],
  ["https://w3id.org/dpv#", "dpv"],
];

/**
 * A DPV term as one segment of a dotted id: the CamelCase name split into
 * lower-case words joined by `-` (`ServiceProvision` → `service-provision`,
 * `ImproveInternalCRMProcesses` → `improve-internal-crm-processes`); any
 * character other than an ASCII letter or digit separates words too.
 */
export function kebab(term: string): string {
  return term
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}

function prefixed(iri: string, rows: ReadonlyMap<string, Readonly<Record<string, string | undefined>>>): string {
  const row = rows.get(iri);
  const vocab = row?.["vocab"];
  const term = row?.["term"];
  if (vocab !== undefined && vocab !== "" && term !== undefined && term !== "") return `${vocab}:${term}`;
  for (const [ns, p] of PREFIXES) if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
  return iri;
}

function rowsOf(table: string | readonly DpvRow[]): E.Either<VocabularyError, Readonly<Record<string, unknown>>[]> {
  if (Array.isArray(table)) return E.right(table as Readonly<Record<string, unknown>>[]);
  if (typeof table !== "string") return E.left({ code: "INVALID_INPUT", message: `fromDpv(): expected the text of a DPV CSV table or its rows as objects, got ${preview(table)}.` });
  const parsed = parseCsv(table);
  if ("problem" in parsed) return E.left({ code: "INVALID_INPUT", message: `fromDpv(): the CSV is malformed at line ${parsed.line}: ${parsed.problem}.` });
  const [header, ...records] = parsed.rows.filter((r) => !(r.length === 1 && r[0] === "")); // blank lines are not records
  if (header === undefined) return E.left({ code: "INVALID_INPUT", message: "fromDpv(): the CSV is empty (expected a header row and the rows of a DPV table)." });
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0) return E.left({ code: "INVALID_INPUT", message: `fromDpv(): the CSV has no column ${missing.join(", ")} (the header of a DPV table is term,type,iri,label,definition,dpvtype,subclassof,hasbroader,…).` });
  const out: Record<string, string>[] = [];
  for (const [k, r] of records.entries()) {
    if (r.length !== header.length) {
      return E.left({ code: "INVALID_INPUT", message: `fromDpv(): record ${k + 1} of the CSV has ${r.length} fields where the header has ${header.length}.` });
    }
    const row: Record<string, string> = {};
    header.forEach((h, c) => (row[h] = r[c]!));
    out.push(row);
  }
  return E.right(out);
}

/**
 * Turns a DPV purposes table into catalog events: one `PurposeDeclared` per
 * purpose class. DPV purposes are CamelCase concepts that may have several
 * broader purposes; each becomes one dotted id, the chain of its **first**
 * listed broader purpose up to `dpv:Purpose` (left out), each term in kebab
 * case: `dpv:ServiceProvision` (under `ServiceManagement`) is
 * `service-management.service-provision`. The other broader purposes are named
 * in its description and in `alsoUnder`. Its description is `Label: definition
 * (dpv:Term)`. Legal bases come from the options (DPV purposes carry none).
 * The root, properties, other classes, and purposes whose chain cannot be
 * built (a broader purpose not in the table, a loop, two terms with one id)
 * are listed in `unmapped`. Pass the CSV text (a tiny reader is built in) or
 * its rows as objects. Pure: `at` and the ids come from the options.
 *
 * Data: the Data Privacy Vocabulary (DPV), https://w3id.org/dpv, Copyright ©
 * World Wide Web Consortium (W3C DPVCG), https://www.w3.org/copyright/software-license-2023/;
 * the library ships none of it, you pass the table in.
 *
 * @example
 * ```ts
 * import { fromDpv } from "lawful-crm";
 * // Normally readFileSync("purposes.csv", "utf8") of a DPV release (CSV text), or its rows as objects; two rows here:
 * const dpv = "https://w3id.org/dpv#";
 * const rows = [
 *   { term: "Marketing", type: "class", iri: `${dpv}Marketing`, dpvtype: `${dpv}Purpose`, hasbroader: `${dpv}Purpose`, label: "Marketing" },
 *   { term: "DirectMarketing", type: "class", iri: `${dpv}DirectMarketing`, dpvtype: `${dpv}Purpose`, hasbroader: `${dpv}Marketing`, label: "Direct Marketing" },
 * ];
 * const r = fromDpv(rows, {
 *   at: "2024-01-01T00:00:00Z",
 *   idPrefix: "dpv:",
 *   legalBases: { marketing: ["consent"] }, // for marketing and every purpose under it
 * });
 * if (r._tag === "Right") {
 *   const p = r.right.purposes.find((x) => x.term === "dpv:DirectMarketing");
 *   console.log(p?.purpose); //=> marketing.direct-marketing
 * }
 * ```
 */
export function fromDpv(table: string | readonly DpvRow[], options: VocabularyOptions): E.Either<VocabularyError, Vocabulary> {
  return guardedArgs("fromDpv", { table, options }, (c) => dpv(c["table"] as string | readonly DpvRow[], c["options"] as VocabularyOptions));
}

function dpv(table: string | readonly DpvRow[], options: VocabularyOptions): E.Either<VocabularyError, Vocabulary> {
  const read = rowsOf(table);
  if (read._tag === "Left") return read;
  const o = checkOptions("fromDpv", options);
  if (o._tag === "Left") return o;
  const rows = read.right;
  const byIri = new Map<string, Readonly<Record<string, string | undefined>>>();
  for (const r of rows) if (typeof r === "object" && r !== null && typeof r["iri"] === "string") byIri.set(r["iri"], r as Readonly<Record<string, string | undefined>>);
  const candidates = rows.map((raw, k): Candidate => {
    const where = `#${k}`;
    const bad = (reason: string): Candidate => ({ kind: "purpose", term: where, segment: "", name: "", description: "", problem: { code: "INVALID_ENTRY", reason } });
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return bad(`Row ${k} is not an object but ${preview(raw)}.`);
    const r = raw as Readonly<Record<string, unknown>>;
    const missing = REQUIRED.filter((c) => typeof r[c] !== "string");
    if (missing.length > 0 || r["term"] === "" || r["iri"] === "") return bad(`Row ${k} has no ${missing.length > 0 ? missing.join(", ") : "term or iri"} string.`);
    const row = r as DpvRow;
    const term = prefixed(row.iri, byIri);
    const name = typeof row.label === "string" && row.label.trim() !== "" ? row.label.trim() : row.term;
    const broader = row.hasbroader.split(";").map((s) => s.trim()).filter((s) => s !== "");
    const first = broader[0];
    const others = broader.slice(1).map((b) => prefixed(b, byIri));
    const definition = typeof row.definition === "string" ? row.definition.trim() : "";
    const description = `${name}${definition !== "" ? `: ${definition}` : ""} (${term}${others.length > 0 ? `; also under ${others.join(", ")}` : ""})`;
    const base: Candidate = {
      kind: "purpose",
      term,
      key: row.iri,
      segment: kebab(row.term),
      name,
      description,
      ...(others.length > 0 ? { alsoUnder: others } : {}),
      // The chain stops at dpv:Purpose, the root every purpose is under: it is no segment of the id.
      ...(first !== undefined && first !== PURPOSE ? { parentKey: first, parentTerm: `first broader purpose ${prefixed(first, byIri)}` } : {}),
    };
    if (row.iri === PURPOSE) return { ...base, problem: { code: "ROOT_CONCEPT", reason: "It is the root every purpose is under (dpv:Purpose), not a purpose of its own." } };
    if (row.type !== "class" || row.dpvtype !== PURPOSE) {
      const what = row.type !== "class" ? `a ${row.type === "" ? "row without a type" : row.type}` : row.dpvtype === "" ? "a class without a dpvtype" : `a class of type ${prefixed(row.dpvtype, byIri)}`;
      return { ...base, problem: { code: "NOT_A_PURPOSE", reason: `It is ${what}, not a purpose (a class of type dpv:Purpose).` } };
    }
    if (first === undefined) return { ...base, problem: { code: "PARENT_NOT_FOUND", reason: "It names no broader purpose, so its place under dpv:Purpose is unknown." } };
    if (base.segment === "") return { ...base, problem: { code: "INVALID_ID", reason: `Its term ${preview(row.term)} has no letter or digit to make an id segment of.` } };
    return base;
  });
  return assemble("fromDpv", "dpv", o.right, candidates, []);
}
