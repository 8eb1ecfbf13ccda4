/** Reading one reject of a snapshot's rejects section (see Encoder.reject). */
import { eventOf, type EventRecord } from "../events/index.js";
import { REJECT_CODES, Undecoded, type Mark, type RejectCode, type RejectRecord } from "../ledger/index.js";
import { Malformed, type Reader } from "./bytes.js";
import { MARK, RAW, REJ } from "./format.js";
import type { Canon } from "./lazy.js";
import type { SourceLine } from "./plan.js";
import type { Tables } from "./tables.js";

/** The reject codes this version knows: a snapshot naming another is not one it wrote. */
const REJECT_CODE_NAMES: ReadonlySet<string> = new Set<string>(REJECT_CODES);

export interface ReadReject {
  readonly rec: RejectRecord;
  readonly canon: Canon;
  readonly marksCatalog: boolean;
  readonly variant: EventRecord | undefined;
  readonly source: SourceLine | undefined;
}

export function readReject(t: Tables, r: Reader, position: number): ReadReject {
  const flags = r.varint();
  const code = t.slot(r);
  if (!REJECT_CODE_NAMES.has(code)) throw new Malformed(`unknown reject code ${JSON.stringify(code)}`);
  const reason = t.slot(r);
  const id = (flags & REJ.ID) !== 0 ? t.slot(r) : undefined;
  const type = (flags & REJ.TYPE) !== 0 ? t.slot(r) : undefined;
  const subject = (flags & REJ.SUBJECT) !== 0 ? t.slot(r) : undefined;
  const at = (flags & REJ.AT) !== 0 ? t.slot(r) : undefined;
  const line = (flags & REJ.LINE) !== 0 ? r.varint() : undefined;
  const lineReason = (flags & REJ.LINE_REASON) !== 0 ? t.slot(r) : undefined;
  if (line === undefined && lineReason !== undefined) throw new Malformed(`a source reason without its line at ${position}`);
  const nMarks = r.count();
  const marks: Mark[] = [];
  for (let k = 0; k < nMarks; k++) {
    const kind = r.varint();
    if (kind > MARK.SUBJECT_ALWAYS) throw new Malformed(`unknown mark kind ${kind}`);
    const scope = kind === MARK.CATALOG || kind === MARK.CATALOG_ALWAYS ? { catalog: true as const } : { subject: t.slot(r) };
    const from = kind === MARK.CATALOG_ALWAYS || kind === MARK.SUBJECT_ALWAYS ? -Infinity : r.zigzag();
    marks.push({ scope, from });
  }
  let canon: Canon;
  let raw: unknown;
  if ((flags & REJ.RECORD) !== 0) {
    const rec = t.record(r, position, t.slot(r), undefined, 0);
    canon = rec;
    raw = eventOf(rec);
  } else {
    const rawFlags = r.varint();
    const copyable = (rawFlags & RAW.COPYABLE) !== 0;
    const value = copyable ? t.value(r) : undefined;
    const head = (rawFlags & RAW.HEAD) !== 0 ? t.value(r) : value;
    const unreadable = (rawFlags & RAW.UNREADABLE) !== 0 ? t.slot(r) : undefined;
    canon = new Undecoded(value, copyable, head, unreadable);
    raw = value;
  }
  const variant = (flags & REJ.VARIANT_RECORD) !== 0 ? t.record(r, position, t.slot(r), undefined, 0) : undefined;
  const rec: RejectRecord = { position, id, type, subject, at, code: code as RejectCode, reason, raw, marks, voidedBy: undefined };
  const source = line === undefined ? undefined : lineReason === undefined ? { line } : { line, reason: lineReason };
  return { rec, canon, marksCatalog: (flags & REJ.MARKS_CATALOG) !== 0, variant, source };
}
