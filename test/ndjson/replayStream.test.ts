/**
 * replayStream (issue 12, "Streamed logs"): NDJSON read line by line from
 * any kind of source folds into the ledger `replay` builds from the same
 * events, wherever the chunks are cut; bad lines are rejects carrying their
 * line; blank lines take no position; progress is reported.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { apply, canUse, LawfulCrmError, profile, replay, replayStream, toNdjson, type Ledger, type NdjsonSource, type StreamProgress } from "../../src/index.js";
import { anna, catalog } from "../fixtures/history.js";
import { historyArb } from "../arbitraries.js";
import { fuzzLogArb } from "../fuzz/logs.js";
import { answers, cut, cutText, ndjsonArb, SOURCE_KINDS, SOURCES, utf8, type GeneratedNdjson } from "./helpers.js";

const RUNS = Math.max(100, Math.floor(Number(process.env["FUZZ_RUNS"] ?? 2000) / 10));
const T = "2024-03-01T00:00:00Z";
const sales = { purpose: "sales", fields: ["email"], actor: { id: "u", roles: ["sales"] }, at: T };

/** Checks a streamed ledger against `replay` of the same log: every answer, and `line` on every reject. */
function expectSameAsReplay(streamed: Ledger, g: GeneratedNdjson): void {
  const expected = replay(g.items);
  expect(answers(streamed, g.unreadable)).toEqual(answers(expected, g.unreadable));
  for (const r of streamed.rejected) {
    expect(r.line).toBe(g.lineOf[r.position]);
    if (g.unreadable.has(r.position)) {
      expect(r.code).toBe("DECODE_FAILED");
      expect(r.reason).toMatch(new RegExp(`^line ${r.line} is not JSON: `));
      expect(r.marks).toEqual([{ catalog: true, from: "always" }]);
    }
  }
}

/** A realistic log, a hostile one, or one with ids and values far from ASCII. */
const logArb = fc.oneof(historyArb(), fuzzLogArb);

describe("replayStream equals replay of the same events", () => {
  it("for generated logs with malformed, blank and CRLF lines, cut into chunks of any size, from every kind of source", async () => {
    await fc.assert(
      fc.asyncProperty(ndjsonArb(logArb), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 8 }), fc.constantFrom(...SOURCE_KINDS), fc.boolean(), async (g, sizes, kind, asText) => {
        const chunks = asText ? cutText(g.text, sizes) : cut(utf8(g.text), sizes);
        const streamed = await replayStream(SOURCES[kind](chunks as never[]) as NdjsonSource);
        expectSameAsReplay(streamed, g);
      }),
      { numRuns: RUNS },
    );
  });

  it("with a chunk boundary at every byte, inside multi-byte characters and between \\r and \\n", async () => {
    const log = [
      ...catalog,
      { ...anna[0], data: { ...(anna[0]!.data as object), value: "änna😀@exämple.org" } },
      ...anna.slice(1),
    ];
    const text = "\ufeff" + toNdjson(log).replace(/\n/g, "\r\n").replace("\r\n", "\r\n \t\r\n\n") + "not json: 中文 😀\r\n" + '{"id":"z","note":"𝄞"';
    const g: GeneratedNdjson = {
      text,
      items: [...log.map((e) => JSON.parse(JSON.stringify(e)) as unknown), "not json: 中文 😀", '{"id":"z","note":"𝄞"'],
      lineOf: [1, ...log.slice(1).map((_, k) => k + 4), log.length + 3, log.length + 4],
      unreadable: new Set([log.length, log.length + 1]),
      lines: log.length + 4,
    };
    const bytes = utf8(text);
    const whole = await replayStream(bytes);
    expectSameAsReplay(whole, g);
    expect(whole.rejected.map((r) => r.line)).toEqual([log.length + 3, log.length + 4]);
    // The whole ledger and the profiles (the decisions read the same store; the properties above compare them too).
    const summary = (l: Ledger) => [l.size, l.accepted, l.duplicates, l.rejected, l.incomplete, profile(l, "anna")];
    const expected = summary(whole);
    for (let k = 0; k <= bytes.length; k++) {
      expect(summary(await replayStream([bytes.subarray(0, k), bytes.subarray(k)]))).toEqual(expected);
    }
    // Every byte its own chunk, and the text cut at every UTF-16 code unit (inside surrogate pairs too).
    expect(summary(await replayStream(cut(bytes, [1])))).toEqual(expected);
    for (let k = 0; k <= text.length; k++) {
      expect(summary(await replayStream([text.slice(0, k), text.slice(k)]))).toEqual(expected);
    }
  });

  it("round trip: replayStream(toNdjson(events)) equals replay(events)", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb(), async (events) => {
        const streamed = await replayStream(toNdjson(events));
        expect(answers(streamed)).toEqual(answers(replay(events)));
        expect(streamed.rejected.every((r) => r.line === r.position + 1)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("reads an empty source, or one of blank lines only, as an empty log", async () => {
    for (const src of ["", "\n", "\n\n \r\n\t", "\ufeff", "\ufeff\n"]) {
      const ledger = await replayStream(src);
      expect([ledger.size, ledger.accepted, ledger.rejected.length]).toEqual([0, 0, 0]);
    }
  });
});

describe("lines", () => {
  it("a line that is not JSON is a DECODE_FAILED reject naming the problem and its line, marking the catalog at every instant; its text is kept", async () => {
    const text = toNdjson([...catalog, ...anna]) + '{"id":"a5","type":"FactCorrected","at":"2024-02-03T00:00:00Z","subject":"anna","data":{"fact":"f1",\n';
    const ledger = await replayStream(text);
    expect(ledger.rejected).toEqual([
      {
        position: 12,
        line: 13,
        code: "DECODE_FAILED",
        reason: 'line 13 is not JSON: the line ends where a property name in double quotes should follow (is it cut short?).',
        event: '{"id":"a5","type":"FactCorrected","at":"2024-02-03T00:00:00Z","subject":"anna","data":{"fact":"f1",',
        marks: [{ catalog: true, from: "always" }],
      },
    ]);
    expect(ledger.incomplete).toEqual([{ scope: "catalog", from: "always", position: 12 }]);
    // Fail closed: nobody's history can be trusted until the line is voided, by its position.
    const d = canUse(ledger, { subject: "anna", ...sales });
    expect(d.reasons.map((r) => r.code)).toContain("HISTORY_INCOMPLETE");
    const voided = apply(ledger, { id: "v1", type: "EventVoided", at: "2024-02-04T00:00:00Z", data: { position: 12, reason: "truncated write, re-sent as a5" } });
    expect(voided.incomplete).toEqual([]);
    expect(voided.rejected[0]).toMatchObject({ line: 13, voidedBy: 13 });
  });

  it("names the JSON problem of each kind of malformed line", async () => {
    const cases: [string, string][] = [
      ["garbage", 'unexpected "g" at column 1, where a JSON value (an object for an event) should be'],
      ["{'id':1}", `unexpected "'" at column 2, where a property name in double quotes should be`],
      ['{"a":1}}', 'unexpected "}" at column 8, after the end of the JSON value'],
      ['{"a":1', 'the line ends where "," or "}" should follow (is it cut short?)'],
      ['{"a":"b', "the line ends inside the string that starts at column 6 (is it cut short?)"],
      ['{"a" 1}', 'unexpected "1" at column 6, where ":" should be'],
      ["[1,]", 'unexpected "]" at column 4, where a JSON value should be'],
      ['{"a":"\\x"}', 'the escape "\\x" at column 7 is not a JSON escape'],
      ['{"a":"\t"}', "a control character (U+0009) at column 7 inside a string must be escaped"],
      ['{"a":01}', 'unexpected "1" at column 7, where "," or "}" should be'],
      ['{"a":-}', 'unexpected "}" at column 7, where a digit should be'],
      ["{} {}", 'unexpected "{" at column 4, after the end of the JSON value'],
      ["\u00a0{}", 'unexpected "\u00a0" at column 1, where a JSON value (an object for an event) should be'],
      ['{"😀":tru}', 'unexpected "t" at column 7, where a JSON value should be'],
    ];
    const ledger = await replayStream(cases.map(([l]) => l + "\n").join(""));
    expect(ledger.rejected.map((r) => r.reason)).toEqual(cases.map(([, why], k) => `line ${k + 1} is not JSON: ${why}.`));
  });

  it("blank lines are skipped: they count as lines but take no position, so voids by position name the right item", async () => {
    const bad = { id: "x1", type: "FactRecorded", at: "2024-02-01T00:00:00Z", subject: "anna", data: {} };
    const text = "\n  \n" + toNdjson([...catalog, bad]) + "\t\r\n\r\n" + toNdjson([{ id: "v1", type: "EventVoided", at: "2024-02-02T00:00:00Z", data: { position: catalog.length, reason: "fixed" } }]);
    const ledger = await replayStream(text);
    expect(ledger.size).toBe(catalog.length + 2);
    expect(ledger.rejected).toHaveLength(1);
    expect(ledger.rejected[0]).toMatchObject({ position: catalog.length, line: catalog.length + 3, id: "x1", voidedBy: catalog.length + 1 });
    expect(ledger.incomplete).toEqual([]);
  });

  it("a final line without a line feed is a line; CRLF endings read like LF", async () => {
    const events = [...catalog, ...anna];
    const lf = toNdjson(events);
    const expected = answers(replay(events));
    expect(answers(await replayStream(lf.slice(0, -1)))).toEqual(expected);
    expect(answers(await replayStream(lf.replace(/\n/g, "\r\n")))).toEqual(expected);
    expect(answers(await replayStream(lf.replace(/\n/g, "\r\n").slice(0, -2)))).toEqual(expected);
  });

  it("a line that is not valid UTF-8 is a reject (never decoded with replacement characters), wherever the chunks are cut", async () => {
    const good = utf8(toNdjson(catalog));
    const invalid: number[][] = [
      [0x80], // a continuation byte alone
      [0xc3, 0x28], // a 2-byte sequence cut short
      [0xc0, 0xaf], // overlong "/"
      [0xed, 0xa0, 0x80], // a UTF-16 surrogate
      [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
      [0xf0, 0x9f, 0x98], // a 4-byte sequence cut short by the line feed
      [0xff],
    ];
    for (const seq of invalid) {
      const line = [...utf8('{"id":"u1","note":"'), ...seq, ...utf8('"}')];
      const bytes = new Uint8Array([...good, ...line, 0x0a, ...utf8(toNdjson(anna))]);
      const expectedReject = {
        position: catalog.length,
        line: catalog.length + 1,
        code: "DECODE_FAILED",
        reason: `line ${catalog.length + 1} is not valid UTF-8 (byte ${20} of the line starts an invalid sequence), so none of it can be read.`,
        marks: [{ catalog: true, from: "always" }],
      };
      for (const sizes of [[], [1], [3, 7], [good.length + 19], [good.length + 20]]) {
        const ledger = await replayStream(cut(bytes, sizes));
        expect(ledger.rejected).toEqual([expectedReject]);
        expect(ledger.accepted).toBe(catalog.length + anna.length);
      }
    }
  });

  it("a byte order mark is skipped only at the start of the source", async () => {
    const text = toNdjson(catalog);
    expect((await replayStream("\ufeff" + text)).rejected).toEqual([]);
    expect((await replayStream(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).rejected).toEqual([]);
    const later = await replayStream(text + "\ufeff" + toNdjson(anna));
    expect(later.rejected.map((r) => [r.line, r.code])).toEqual([[catalog.length + 1, "DECODE_FAILED"]]);
  });

  it("every reject carries its line, also those the referential checks make, and keeps it after apply", async () => {
    const text = toNdjson([...catalog, { id: "b1", type: "FactCorrected", at: T, subject: "anna", data: { fact: "nope", value: "x", source: "web-form" } }, ...anna, anna[0]]);
    const ledger = await replayStream(text);
    expect(ledger.rejected.map((r) => [r.line, r.code])).toEqual([[catalog.length + 1, "UNKNOWN_FACT"]]);
    expect(ledger.duplicates).toEqual([catalog.length + 1 + anna.length]);
    const later = apply(ledger, { id: "b2", type: "Nope" });
    expect(later.rejected.map((r) => [r.line, r.code])).toEqual([
      [catalog.length + 1, "UNKNOWN_FACT"],
      [undefined, "DECODE_FAILED"],
    ]);
    expect("line" in later.rejected[1]!).toBe(false);
    // An older snapshot extended again forks its store: the lines come along.
    const fork = apply(ledger, { id: "b3", type: "Nope" });
    expect(fork.rejected.map((r) => r.line)).toEqual([catalog.length + 1, undefined]);
    expect(later.rejected.map((r) => r.line)).toEqual([catalog.length + 1, undefined]);
  });
});

describe("progress", () => {
  it("reports lines and bytes read after each chunk and the totals at the end", async () => {
    await fc.assert(
      fc.asyncProperty(ndjsonArb(historyArb({ maxLength: 10 })), fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }), fc.boolean(), async (g, sizes, asText) => {
        const chunks = asText ? cutText(g.text, sizes) : cut(utf8(g.text), sizes);
        const seen: StreamProgress[] = [];
        await replayStream(chunks, { onProgress: (p) => seen.push(p) });
        expect(seen).toHaveLength(chunks.length + 1);
        expect(seen.at(-1)).toEqual({ lines: g.lines, bytes: Buffer.byteLength(g.text) });
        // After each chunk: every byte so far, and the lines it completed.
        let bytes = 0;
        let text = "";
        chunks.forEach((c, k) => {
          bytes += typeof c === "string" ? 0 : c.length;
          text += typeof c === "string" ? c : "";
          const p = seen[k]!;
          if (typeof c !== "string") expect(p.bytes).toBe(bytes);
          else expect(p.bytes).toBe(Buffer.byteLength(text.replace(/[\ud800-\udbff]$/, "")));
          expect(p.lines).toBe(asText ? text.split("\n").length - 1 : new TextDecoder().decode(utf8(g.text).subarray(0, bytes)).split("\n").length - 1);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("is called at the end also for a source given whole, and for an empty one", async () => {
    const seen: StreamProgress[] = [];
    await replayStream("", { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ lines: 0, bytes: 0 });
    seen.length = 0;
    await replayStream([], { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([{ lines: 0, bytes: 0 }]);
    seen.length = 0;
    await replayStream("{}\n\n😀", { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ lines: 3, bytes: 8 });
  });

  it("an exception thrown by onProgress rejects the replay and stops the source", async () => {
    const stream = Readable.from([Buffer.from("{}\n"), Buffer.from("{}\n")]);
    await expect(
      replayStream(stream, {
        onProgress: () => {
          throw new Error("stop");
        },
      }),
    ).rejects.toThrow("stop");
    expect(stream.destroyed).toBe(true);
  });
});

describe("sources", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "lawful-crm-ndjson-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const events = [...catalog, ...anna];
  const text = toNdjson(events);
  const expected = answers(replay(events));

  it("a file read with fs.createReadStream (a Node Readable of Buffers), in small chunks", async () => {
    const file = path.join(dir, "log.ndjson");
    writeFileSync(file, text);
    expect(answers(await replayStream(createReadStream(file, { highWaterMark: 7 })))).toEqual(expected);
    const decoded = createReadStream(file, { highWaterMark: 5 });
    decoded.setEncoding("utf8");
    expect(answers(await replayStream(decoded))).toEqual(expected);
  });

  it("a web ReadableStream of bytes, and of text (through TextDecoderStream)", async () => {
    const bytes = () => new Blob([text]).stream();
    expect(answers(await replayStream(bytes()))).toEqual(expected);
    expect(answers(await replayStream(bytes().pipeThrough(new TextDecoderStream())))).toEqual(expected);
  });

  it("async and sync iterables of strings, Buffers, ArrayBuffers or other views; a whole string or byte array", async () => {
    const b = Buffer.from(text);
    for (const source of [
      text,
      b,
      b.buffer.slice(b.byteOffset, b.byteOffset + b.length),
      [text],
      [b.subarray(0, 10), new DataView(b.buffer, b.byteOffset + 10, b.length - 10)],
      (async function* () {
        yield* cutText(text, [3]);
      })(),
      (function* () {
        yield* cut(b, [11]);
      })(),
    ] as NdjsonSource[]) {
      expect(answers(await replayStream(source))).toEqual(expected);
    }
  });

  it("an error of the source rejects the promise with that error (it is not a bad event)", async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from(catalog.length > 0 ? text.slice(0, 50) : ""));
        this.destroy(new Error("EIO: disk on fire"));
      },
    });
    await expect(replayStream(failing)).rejects.toThrow("EIO: disk on fire");
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(utf8(text.slice(0, 40)));
        c.error(new Error("connection reset"));
      },
    });
    await expect(replayStream(web)).rejects.toThrow("connection reset");
    const gen = (async function* () {
      yield text.slice(0, 30);
      throw new Error("upstream failed");
    })();
    await expect(replayStream(gen)).rejects.toThrow("upstream failed");
    await expect(replayStream(createReadStream(path.join(dir, "missing.ndjson")))).rejects.toThrow(/ENOENT/);
  });

  it("misuse rejects with a LawfulCrmError: not a source, chunks that are neither text nor bytes, text and bytes mixed, bad options", async () => {
    const misuse = async (f: () => Promise<unknown>, message: RegExp) => {
      const e: unknown = await f().then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(LawfulCrmError);
      expect((e as LawfulCrmError).code).toBe("INVALID_ARGUMENT");
      expect((e as Error).message).toMatch(message);
    };
    await misuse(() => replayStream(42 as never), /expects NDJSON/);
    await misuse(() => replayStream(null as never), /expects NDJSON/);
    await misuse(() => replayStream({} as never), /expects NDJSON/);
    await misuse(() => replayStream([{ id: "e1" }] as never), /yielded an object/);
    await misuse(() => replayStream(Readable.from([{ id: "e1" }]) as never), /yielded an object/);
    await misuse(() => replayStream(["{}\n", Buffer.from("{}\n")]), /both text \(strings\) and bytes/);
    await misuse(() => replayStream("", { onProgress: 1 as never }), /onProgress must be a function/);
    await misuse(() => replayStream("", null as never), /options must be an object/);
  });
});
