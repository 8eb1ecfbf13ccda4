/**
 * The NDJSON reader's own helpers, against the platform they stand in for:
 * the JSON syntax explainer agrees with JSON.parse on what is JSON, the UTF-8
 * validator with the Encoding standard's fatal decoder, and the byte count of
 * text with Buffer.byteLength.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonSyntaxProblem } from "../../src/ndjson/syntax.js";
import { invalidUtf8At, utf8Length } from "../../src/ndjson/utf8.js";

const parses = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** JSON texts and near misses: valid JSON with one character inserted, deleted or replaced. */
const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.tuple(fc.json(), fc.nat(), fc.constantFrom("", "{", "}", "[", "]", ",", ":", '"', "\\", "-", ".", "e", "0", "t", " ", "\t", "\n", "\u0001", "\u00a0", "😀")).map(([j, k, c]) => {
    const at = k % (j.length + 1);
    return j.slice(0, at) + c + j.slice(at + (k % 2));
  }),
);

describe("jsonSyntaxProblem", () => {
  it("finds a problem exactly when JSON.parse fails", () => {
    fc.assert(
      fc.property(jsonish, (s) => {
        expect(jsonSyntaxProblem(s) === undefined).toBe(parses(s));
      }),
      { numRuns: 5000 },
    );
  });

  it("does not overflow the stack on deep nesting", () => {
    expect(jsonSyntaxProblem("[".repeat(200_000))).toBe('the line ends where a JSON value should follow (is it cut short?)');
    expect(jsonSyntaxProblem("[".repeat(200_000) + "]".repeat(200_000))).toBeUndefined();
  });
});

describe("utf8", () => {
  const bytesArb = fc.oneof(
    fc.uint8Array({ maxLength: 12 }),
    fc.string({ unit: "binary", maxLength: 6 }).map((s) => new TextEncoder().encode(s)),
    fc.tuple(fc.string({ unit: "binary", maxLength: 6 }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, k, b]) => {
      const bytes = new TextEncoder().encode(s);
      if (bytes.length > 0) bytes[k % bytes.length] = b;
      return bytes;
    }),
  );

  it("invalidUtf8At finds an invalid sequence exactly when the fatal decoder throws, and where valid UTF-8 stops", () => {
    const fatal = new TextDecoder("utf-8", { fatal: true });
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        let ok = true;
        try {
          fatal.decode(bytes);
        } catch {
          ok = false;
        }
        const at = invalidUtf8At(bytes);
        expect(at === -1).toBe(ok);
        if (at > 0) expect(() => fatal.decode(bytes.subarray(0, at))).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });

  it("utf8Length counts what Buffer.byteLength counts, across chunks cut inside surrogate pairs", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constant("😀"), fc.constant("\ud800"), fc.constant("\udc00"), fc.string({ unit: "binary", maxLength: 1 })) }), fc.nat(), (s, k) => {
        const cutAt = k % (s.length + 1);
        const a = utf8Length(s.slice(0, cutAt), false);
        const b = utf8Length(s.slice(cutAt), a.pendingHigh);
        const total = a.bytes + b.bytes + (b.pendingHigh ? 3 : 0);
        expect(total).toBe(Buffer.byteLength(s));
      }),
      { numRuns: 3000 },
    );
  });
});
