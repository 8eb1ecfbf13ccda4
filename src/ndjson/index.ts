/**
 * Streamed logs: replay NDJSON from a stream line by line, and write a log
 * as NDJSON. See docs/ndjson.md.
 */
import { LawfulCrmError, startFold, type Ledger } from "../ledger/index.js";
import { bytesOf, NdjsonReader } from "./read.js";
import { assertIterable, ndjsonLine } from "./write.js";

/** A chunk of an NDJSON source: text, or bytes of UTF-8 (`Uint8Array`, Node's `Buffer`, any `ArrayBufferView`, `ArrayBuffer`). */
export type NdjsonChunk = string | Uint8Array | ArrayBufferView | ArrayBuffer;

/** The reader a web `ReadableStream` hands out, as much of it as `replayStream` uses. */
export interface NdjsonStreamReader {
  /** The next chunk, or `done` at the end of the stream. */
  read(): Promise<{ readonly done: boolean; readonly value?: NdjsonChunk | undefined }>;
  /** Lets the stream go once `replayStream` has read it to the end. */
  releaseLock(): void;
  /** Stops the stream when reading fails. */
  cancel(reason?: unknown): Promise<void>;
}

/**
 * What `replayStream` reads: a whole text or byte array; a web
 * `ReadableStream`; a Node `Readable` or any other `AsyncIterable`; or a
 * plain `Iterable` of chunks. Chunks are pieces of the NDJSON text, cut
 * anywhere (inside a line, inside a UTF-8 character): only `\n` ends a line.
 */
export type NdjsonSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | {
      /** A web `ReadableStream`'s reader. */
      getReader(): NdjsonStreamReader;
    }
  | AsyncIterable<NdjsonChunk>
  | Iterable<NdjsonChunk>;

/** How far a streamed replay has read. */
export interface StreamProgress {
  /** Lines read so far, blank ones included. */
  readonly lines: number;
  /** Bytes read so far (for a text source: the UTF-8 length of the text read). */
  readonly bytes: number;
}

/** Options of {@link replayStream}. */
export interface ReplayStreamOptions {
  /**
   * Called after each chunk the source yields, and once more when the source
   * has ended, with the totals (the last call; it may repeat the figures of
   * the one before). An exception it throws rejects the replay.
   */
  readonly onProgress?: (progress: StreamProgress) => void;
}

function isAsyncIterable(v: object): v is AsyncIterable<unknown> {
  return typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
}

function isIterable(v: object): v is Iterable<unknown> {
  return typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}

function isWebStream(v: object): v is { getReader(): NdjsonStreamReader } {
  return typeof (v as { getReader?: unknown }).getReader === "function";
}

/**
 * Replays an NDJSON log (one JSON event per line) from a stream, line by
 * line, into a {@link Ledger} equal to `replay` of the same events: each line
 * is parsed and folded as it arrives, so neither the file nor the parsed
 * events are held at once (only the ledger and the current line).
 *
 * - A line that is not JSON, or not valid UTF-8, is a reject like any other
 *   bad event: `DECODE_FAILED`, a reason naming the problem, marking the
 *   catalog at every instant (nothing of it can be read, so nobody's history
 *   can be trusted until it is voided by its position).
 * - Every reject carries `line`, its 1-based line number in the source.
 * - Lines holding only spaces, tabs or carriage returns are skipped: they are
 *   counted as lines but take no position. `\r\n` line endings are read like
 *   `\n`; a last line without a line feed is a line; a UTF-8 byte order mark
 *   at the start of the source is skipped.
 * - An error of the source itself (an I/O error) rejects the promise, as does
 *   a misuse (`LawfulCrmError`: a source of the wrong type, a chunk that is
 *   neither text nor bytes, text and bytes mixed).
 *
 * Rules and choices in full: docs/ndjson.md.
 *
 * @example
 * ```ts
 * import { createReadStream, writeFileSync } from "node:fs";
 * import { replayStream, toNdjson } from "lawful-crm";
 * // A log on disk whose last line a crash cut short:
 * writeFileSync("events.ndjson", toNdjson([{ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } }]) + '{"id":"e2","ty');
 * let progress = "";
 * const ledger = await replayStream(createReadStream("events.ndjson"), {
 *   onProgress: ({ lines, bytes }) => { progress = `${lines} lines, ${bytes} bytes`; },
 * });
 * console.log("read:", progress, "accepted:", ledger.accepted); //=> read: 2 lines, 102 bytes accepted: 1
 * for (const r of ledger.rejected) console.log(`line ${r.line}: ${r.code}`); //=> line 2: DECODE_FAILED
 * ```
 */
export async function replayStream(source: NdjsonSource, options: ReplayStreamOptions = {}): Promise<Ledger> {
  if (typeof options !== "object" || options === null) throw new LawfulCrmError("INVALID_ARGUMENT", "replayStream(): options must be an object such as { onProgress }.");
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") throw new LawfulCrmError("INVALID_ARGUMENT", "replayStream(): onProgress must be a function.");
  if (typeof source !== "string" && (typeof source !== "object" || source === null)) {
    throw new LawfulCrmError("INVALID_ARGUMENT", "replayStream() expects NDJSON as a string, bytes, a ReadableStream, a Node Readable or an (async) iterable of chunks.");
  }
  const fold = startFold();
  const reader = new NdjsonReader(fold);
  const report = (): void => {
    if (onProgress !== undefined) onProgress(Object.freeze({ lines: reader.lines, bytes: reader.bytes }));
  };
  const take = (chunk: unknown): void => {
    reader.chunk(chunk);
    report();
  };

  if (typeof source === "string" || bytesOf(source) !== undefined) take(source);
  else if (isWebStream(source)) {
    const r = source.getReader();
    try {
      for (;;) {
        const { done, value } = await r.read();
        if (done) break;
        take(value);
      }
    } catch (e) {
      // Stop the stream we gave up on; its own error, if any, is the one to report.
      r.cancel(e).catch(() => undefined);
      throw e;
    } finally {
      r.releaseLock();
    }
  } else if (isAsyncIterable(source)) {
    for await (const chunk of source) take(chunk);
  } else if (isIterable(source)) {
    for (const chunk of source) take(chunk);
  } else {
    throw new LawfulCrmError("INVALID_ARGUMENT", "replayStream() expects NDJSON as a string, bytes, a ReadableStream, a Node Readable or an (async) iterable of chunks.");
  }
  reader.end();
  report();
  return fold.ledger();
}

/**
 * Writes events as NDJSON: one `JSON.stringify` of each event per line, each
 * line ending in `\n`, the envelope keys in the order `id`, `type`, `at`,
 * `subject`, `by`, `v`, `data` (absent ones omitted), then any other key the
 * event carries, in its own order (kept, never dropped). An item that is not
 * JSON (`undefined`, a function, `NaN`, a `Date`, a cycle...) cannot be
 * written without changing it: that throws a `LawfulCrmError`. For a log too
 * large for one string, use {@link toNdjsonLines}.
 *
 * @example
 * ```ts
 * import { replayStream, toNdjson } from "lawful-crm";
 * const text = toNdjson([
 *   { data: { source: "xing" }, at: "2024-01-01T00:00:00Z", type: "SourceRetired", id: "e1" },
 * ]);
 * console.log("ndjson:", JSON.stringify(text)); //=> ndjson: "{\"id\":\"e1\",\"type\":\"SourceRetired\",\"at\":\"2024-01-01T00:00:00Z\",\"data\":{\"source\":\"xing\"}}\n"
 * const ledger = await replayStream(text);
 * console.log("accepted:", ledger.accepted); //=> accepted: 1
 * ```
 */
export function toNdjson(events: Iterable<unknown>): string {
  assertIterable(events, "toNdjson");
  let out = "";
  let position = 0;
  for (const event of events) out += ndjsonLine(event, position++);
  return out;
}

/**
 * The lines {@link toNdjson} writes, one at a time (each ending in `\n`), for
 * logs too large to hold as one string: pipe them to a file or a socket.
 *
 * @example
 * ```ts
 * import { createWriteStream } from "node:fs";
 * import { Readable } from "node:stream";
 * import { pipeline } from "node:stream/promises";
 * import { toNdjsonLines } from "lawful-crm";
 * const events = [{ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } }];
 * await pipeline(Readable.from(toNdjsonLines(events)), createWriteStream("events.ndjson"));
 * console.log("lines:", [...toNdjsonLines(events)]); //=> lines: [ '{"id":"e1","type":"SourceRetired","at":"2024-01-01T00:00:00Z","data":{"source":"xing"}}\n' ]
 * ```
 */
export function toNdjsonLines(events: Iterable<unknown>): IterableIterator<string> {
  assertIterable(events, "toNdjsonLines");
  return lineIterator(events);
}

function* lineIterator(events: Iterable<unknown>): Generator<string, void, undefined> {
  let position = 0;
  for (const event of events) yield ndjsonLine(event, position++);
}
