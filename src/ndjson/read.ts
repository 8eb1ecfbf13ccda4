/**
 * The NDJSON reader behind `replayStream`: cuts chunks of bytes or text into
 * lines at `\n` (never holding more than the current partial line), decodes
 * each line strictly as UTF-8, and hands each non-blank line to the fold,
 * parsed, or as an unreadable item with the reason why.
 */
import { LawfulCrmError, type ItemFold } from "../ledger/index.js";
import { jsonSyntaxProblem } from "./syntax.js";
import { invalidUtf8At, utf8Length } from "./utf8.js";

const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;

/** True when `text` holds only JSON whitespace other than the line feed (space, tab, carriage return), or nothing. */
function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== CR) return false;
  }
  return true;
}

/** The bytes of a binary chunk (any `ArrayBufferView`, `Buffer` included, or an `ArrayBuffer`), or undefined. */
export function bytesOf(chunk: unknown): Uint8Array | undefined {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer || Object.prototype.toString.call(chunk) === "[object ArrayBuffer]") return new Uint8Array(chunk as ArrayBuffer);
  return undefined;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cuts a stream of chunks into lines and folds each one; see `replayStream` for the rules. */
export class NdjsonReader {
  /** Lines read so far (blank ones included). */
  lines = 0;
  /** Bytes read so far (for text chunks: their UTF-8 length). */
  bytes = 0;
  private kind: "bytes" | "text" | undefined = undefined;
  /** The partial line of a byte source, as the pieces it arrived in. */
  private parts: Uint8Array[] = [];
  private partsLength = 0;
  /** The partial line of a text source. */
  private partial = "";
  /** A text chunk ended with a high surrogate: its byte count waits for the next chunk. */
  private highSurrogate = false;
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

  constructor(private readonly fold: ItemFold) {}

  /** Consumes one chunk of the source. */
  chunk(chunk: unknown): void {
    if (typeof chunk === "string") {
      this.text(chunk);
      return;
    }
    const bytes = bytesOf(chunk);
    if (bytes === undefined) {
      throw new LawfulCrmError("INVALID_ARGUMENT", `replayStream(): the source yielded ${describe(chunk)}; expected chunks of text (strings) or bytes (Uint8Array, Buffer, ArrayBuffer).`);
    }
    this.binary(bytes);
  }

  /** Reads the final line when the source does not end with a line feed. */
  end(): void {
    if (this.highSurrogate) {
      this.bytes += 3;
      this.highSurrogate = false;
    }
    if (this.partsLength > 0) {
      const line = concat(this.parts, this.partsLength);
      this.parts = [];
      this.partsLength = 0;
      this.byteLine(line);
    } else if (this.partial !== "") {
      const line = this.partial;
      this.partial = "";
      this.textLine(line, ++this.lines);
    }
  }

  private kindIs(kind: "bytes" | "text"): void {
    if (this.kind === undefined) this.kind = kind;
    else if (this.kind !== kind) {
      // Text and bytes cannot be joined into one line without guessing how the text was encoded.
      throw new LawfulCrmError("INVALID_ARGUMENT", "replayStream(): the source yielded both text (strings) and bytes; a source must yield one kind.");
    }
  }

  private binary(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.kindIs("bytes");
    this.bytes += chunk.length;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      let line = chunk.subarray(start, nl);
      if (this.partsLength > 0) {
        this.parts.push(line);
        line = concat(this.parts, this.partsLength + line.length);
        this.parts = [];
        this.partsLength = 0;
      }
      this.byteLine(line);
      start = nl + 1;
    }
    if (start < chunk.length) {
      // A copy: a source may reuse its buffer for the next chunk.
      this.parts.push(chunk.slice(start));
      this.partsLength += chunk.length - start;
    }
  }

  private text(chunk: string): void {
    if (chunk.length === 0) return;
    this.kindIs("text");
    const counted = utf8Length(chunk, this.highSurrogate);
    this.bytes += counted.bytes;
    this.highSurrogate = counted.pendingHigh;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      if (nl === -1) break;
      const piece = chunk.slice(start, nl);
      const line = this.partial === "" ? piece : this.partial + piece;
      this.partial = "";
      this.textLine(line, ++this.lines);
      start = nl + 1;
    }
    if (start < chunk.length) this.partial += chunk.slice(start);
  }

  private byteLine(bytes: Uint8Array): void {
    const line = ++this.lines;
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch (e) {
      // The Encoding standard's fatal decoder throws a TypeError on invalid input; anything else is not ours to judge.
      if (!(e instanceof TypeError)) throw e;
      const at = invalidUtf8At(bytes);
      const where = at < 0 ? "" : ` (byte ${at + 1} of the line starts an invalid sequence)`;
      this.fold.pushUnreadable(undefined, `line ${line} is not valid UTF-8${where}, so none of it can be read.`, line);
      return;
    }
    this.textLine(text, line);
  }

  private textLine(raw: string, line: number): void {
    let text = raw;
    // A byte order mark may open the source; it is an encoding marker, not content.
    if (line === 1 && text.charCodeAt(0) === BOM) text = text.slice(1);
    if (text.charCodeAt(text.length - 1) === CR) text = text.slice(0, -1);
    if (isBlank(text)) return;
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch (e) {
      const problem = jsonSyntaxProblem(text);
      const reason =
        problem !== undefined
          ? `line ${line} is not JSON: ${problem}.`
          : `line ${line} could not be parsed as JSON although its syntax is valid (${e instanceof Error ? e.name : "an error"}; is it nested too deeply?).`;
      this.fold.pushUnreadable(text, reason, line);
      return;
    }
    this.fold.push(value, line);
  }
}
