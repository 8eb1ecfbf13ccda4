/**
 * Shared by the NDJSON tests: what two ledgers must agree on, NDJSON texts
 * built from generated logs (with malformed, blank and CRLF lines and
 * multi-byte characters), and the kinds of source replayStream reads.
 */
import { Readable } from "node:stream";
import fc from "fast-check";
import { canUse, profile, type Ledger, type Rejected } from "../../src/index.js";
import { POOL } from "../arbitraries.js";
import { must } from "../must.js";

/** A reject without the streamed-only `line` (and, for unreadable lines, without the reason that names the line). */
export function plainReject(r: Rejected, keepReason = true): Partial<Rejected> {
  const { line: _line, reason, ...rest } = r;
  return keepReason ? { ...rest, reason } : rest;
}

/** Everything a user can ask a ledger, for the pool's subjects, purposes and instants; rejects without `line`. */
export function answers(ledger: Ledger, unreadable: ReadonlySet<number> = new Set()): unknown {
  const out: unknown[] = [
    ledger.size,
    ledger.accepted,
    ledger.duplicates,
    ledger.rejected.map((r) => plainReject(r, !unreadable.has(r.position))),
    ledger.incomplete,
  ];
  for (const subject of POOL.subjects) {
    out.push(must(profile(ledger, subject)));
    for (const at of [POOL.queries[1], POOL.queries[4], POOL.queries[6]]) {
      for (const purpose of POOL.purposes) {
        out.push(canUse(ledger, { subject, purpose, fields: [...POOL.fields], actor: { id: "u", roles: ["r"] }, at: at! }));
      }
    }
  }
  return out;
}

/** Lines that are not JSON. */
export const MALFORMED = [
  "garbage",
  '{"id":"x1","type":"FactRecorded"',
  "{'id':'x2'}",
  "[1,2",
  "nul",
  '"unterminated',
  "{\"a\":1}}",
  "\u00a0",
  "{}\ufeff",
  '{"é😀":1,}',
  "{\"a\":\"tab\there\"}",
  "01",
];

/** Lines holding only whitespace (before the line ending). */
export const BLANKS = ["", " ", "\t", "  \t ", "\r"];

/** Non-ASCII text of 2, 3 and 4 bytes in UTF-8, to put chunk boundaries inside characters. */
export const UNICODE = ["é", "中文", "😀", "a€b", "Ünïcödé 𝄞", "\u2028", "ß😀é中"];

/** One line of a generated NDJSON text: what it holds and what replay should see for it. */
export type LinePart =
  | { kind: "event"; text: string; item: unknown }
  | { kind: "malformed"; text: string }
  | { kind: "blank"; text: string };

/** A generated NDJSON log. */
export interface GeneratedNdjson {
  /** The whole text. */
  readonly text: string;
  /** What `replay` is given for the same log: the parsed lines, and each malformed line's text. */
  readonly items: unknown[];
  /** The 1-based line of each position. */
  readonly lineOf: number[];
  /** Positions of the malformed lines. */
  readonly unreadable: Set<number>;
  /** Number of lines. */
  readonly lines: number;
}

/** Builds the text and the expectations from line parts. */
export function assemble(parts: readonly LinePart[], crlf: readonly boolean[], finalNewline: boolean, bom: boolean): GeneratedNdjson {
  const items: unknown[] = [];
  const lineOf: number[] = [];
  const unreadable = new Set<number>();
  let text = bom ? "\ufeff" : "";
  parts.forEach((p, k) => {
    const last = k === parts.length - 1;
    text += p.text + (crlf[k % Math.max(1, crlf.length)] === true && !(last && !finalNewline) ? "\r" : "") + (last && !finalNewline ? "" : "\n");
    if (p.kind === "blank") return;
    if (p.kind === "malformed") unreadable.add(items.length);
    items.push(p.kind === "event" ? p.item : p.text);
    lineOf.push(k + 1);
  });
  // Lines as a reader counts them: every "\n" ends one, and a non-empty rest is one more.
  const lines = text.split("\n").length - (text.endsWith("\n") || text === "" ? 1 : 0);
  return { text, items, lineOf, unreadable, lines };
}

/** Puts a non-ASCII string into some object items (an unknown key: ignored by the format, kept by a reject). */
function withUnicode(item: unknown, u: string | undefined): unknown {
  if (u === undefined || typeof item !== "object" || item === null || Array.isArray(item)) return item;
  return { ...item, note: u };
}

/** Line parts from a log of items: each JSON item becomes a line, with malformed and blank lines between. */
export function partsArb(logArb: fc.Arbitrary<unknown[]>): fc.Arbitrary<LinePart[]> {
  const extra = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED).map((text): LinePart => ({ kind: "malformed", text })) },
    { weight: 2, arbitrary: fc.constantFrom(...BLANKS).map((text): LinePart => ({ kind: "blank", text })) },
  );
  return fc
    .tuple(logArb, fc.array(fc.option(fc.constantFrom(...UNICODE), { nil: undefined, freq: 2 })), fc.array(fc.tuple(fc.nat(), extra), { maxLength: 6 }))
    .map(([log, unicode, extras]) => {
      const parts: LinePart[] = [];
      log.forEach((raw, k) => {
        let text: string | undefined;
        try {
          text = JSON.stringify(withUnicode(raw, unicode[k]));
        } catch {
          text = undefined; // a BigInt or a cycle: not a line of any NDJSON file
        }
        if (text === undefined) return;
        parts.push({ kind: "event", text, item: JSON.parse(text) as unknown });
      });
      for (const [at, p] of extras) parts.splice(at % (parts.length + 1), 0, p);
      return parts;
    });
}

/** A generated NDJSON log with CRLF endings on some lines, a final newline or not, a BOM or not. */
export function ndjsonArb(logArb: fc.Arbitrary<unknown[]>): fc.Arbitrary<GeneratedNdjson> {
  return fc
    .tuple(partsArb(logArb), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat(9))
    .map(([parts, crlf, finalNewline, bomDie]) => assemble(parts, crlf, finalNewline, bomDie === 0));
}

/** Cuts `bytes` at the given sizes (cycled), every piece at least one byte. */
export function cut(bytes: Uint8Array, sizes: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes.length === 0 ? bytes.length : sizes[k++ % sizes.length]!);
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  return out;
}

/** Cuts a string at the given sizes in UTF-16 code units (so sometimes between the halves of a surrogate pair). */
export function cutText(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const n = Math.max(1, sizes.length === 0 ? text.length : sizes[k++ % sizes.length]!);
    out.push(text.slice(at, at + n));
    at += n;
  }
  return out;
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The kinds of source replayStream reads, each yielding the given chunks. */
export const SOURCES = {
  "an array of chunks": <T>(chunks: T[]): unknown => chunks,
  "an async generator": <T>(chunks: T[]): unknown =>
    (async function* () {
      for (const c of chunks) yield c;
    })(),
  // objectMode (Readable.from's default): the chunks arrive as they are, strings cut inside a surrogate pair included.
  "a Node Readable": <T>(chunks: T[]): unknown => Readable.from(chunks),
  "a web ReadableStream": <T>(chunks: T[]): unknown =>
    new ReadableStream<T>({
      start(controller) {
        for (const c of chunks) controller.enqueue(c);
        controller.close();
      },
    }),
} as const;
export type SourceKind = keyof typeof SOURCES;
export const SOURCE_KINDS = Object.keys(SOURCES) as SourceKind[];
