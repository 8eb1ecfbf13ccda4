import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDuration, daysInMonth, formatTimestamp, parseDuration, parseTimestamp } from "../src/_internal/time.js";
import { durationArb, timestampArb } from "./arbitraries.js";

const ts = (s: string): number => {
  const t = parseTimestamp(s);
  if (t === undefined) throw new Error(`not a timestamp: ${s}`);
  return t;
};
const dur = (s: string) => {
  const d = parseDuration(s);
  if (d === undefined) throw new Error(`not a duration: ${s}`);
  return d;
};
/** `start` plus `duration`, formatted. */
const plus = (start: string, duration: string) => formatTimestamp(addDuration(ts(start), dur(duration)));

const MIN = ts("0000-01-01T00:00:00Z");
const MAX = ts("9999-12-31T23:59:59.999Z");
const DAY = 86_400_000;

/** Epoch ms of a civil UTC instant computed by the platform (years 0–99 included). */
function platform(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

describe("timestamps", () => {
  it("parses valid timestamps into epoch milliseconds", () => {
    expect(parseTimestamp("1970-01-01T00:00:00Z")).toBe(0);
    expect(parseTimestamp("1970-01-01T00:00:00.5Z")).toBe(500);
    expect(parseTimestamp("1970-01-01T00:00:00.05Z")).toBe(50);
    expect(parseTimestamp("1970-01-01T00:00:00.005Z")).toBe(5);
    expect(parseTimestamp("1969-12-31T23:59:59.999Z")).toBe(-1);
    expect(parseTimestamp("2024-02-29T12:00:00Z")).toBe(Date.UTC(2024, 1, 29, 12));
    expect(parseTimestamp("2000-02-29T00:00:00Z")).toBe(Date.UTC(2000, 1, 29));
    expect(parseTimestamp("0000-01-01T00:00:00Z")).toBe(platform(0, 1, 1));
    expect(parseTimestamp("9999-12-31T23:59:59.999Z")).toBe(platform(9999, 12, 31, 23, 59, 59, 999));
  });

  it("agrees with the platform's calendar on every valid timestamp (property)", () => {
    fc.assert(
      fc.property(timestampArb, (s) => {
        const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?Z$/.exec(s)!;
        const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0"));
        expect(parseTimestamp(s)).toBe(platform(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    "2024-02-30T00:00:00Z",
    "2023-02-29T00:00:00Z",
    "1900-02-29T00:00:00Z",
    "2100-02-29T00:00:00Z",
    "2024-04-31T00:00:00Z",
    "2024-00-10T00:00:00Z",
    "2024-13-10T00:00:00Z",
    "2024-01-00T00:00:00Z",
    "2024-01-01T00:00:00",
    "2024-01-01T00:00:00z",
    "2024-01-01T00:00:00+00:00",
    "2024-01-01T00:00:00.000+01:00",
    "2024-01-01T24:00:00Z",
    "2024-01-01T23:60:00Z",
    "2016-12-31T23:59:60Z",
    "2024-01-01T00:00:00.Z",
    "2024-01-01T00:00:00.1234Z",
    "2024-01-01 00:00:00Z",
    "2024-01-01t00:00:00Z",
    "2024-1-01T00:00:00Z",
    "2024-01-01T0:00:00Z",
    "2024-01-01T00:00Z",
    "2024-01-01",
    "+002024-01-01T00:00:00Z",
    "-0001-01-01T00:00:00Z",
    "20240101T000000Z",
    " 2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00Z ",
    "２０２４-01-01T00:00:00Z",
    "",
  ])("rejects %j", (s) => {
    expect(parseTimestamp(s)).toBeUndefined();
  });

  it("rejects what is not a string", () => {
    for (const v of [0, 1706781600000, null, undefined, new Date(0), ["2024-01-01T00:00:00Z"], { at: "2024-01-01T00:00:00Z" }]) {
      expect(parseTimestamp(v)).toBeUndefined();
    }
  });

  it("formats instants in the wire format, with milliseconds only when not zero", () => {
    expect(formatTimestamp(0)).toBe("1970-01-01T00:00:00Z");
    expect(formatTimestamp(500)).toBe("1970-01-01T00:00:00.500Z");
    expect(formatTimestamp(-1)).toBe("1969-12-31T23:59:59.999Z");
    expect(formatTimestamp(ts("2024-02-29T23:59:59.05Z"))).toBe("2024-02-29T23:59:59.050Z");
    expect(formatTimestamp(MIN)).toBe("0000-01-01T00:00:00Z");
    expect(formatTimestamp(MAX)).toBe("9999-12-31T23:59:59.999Z");
  });

  it("round-trips: parse(format(t)) = t for every instant of years 0000–9999 (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN, max: MAX }), (t) => {
        const s = formatTimestamp(t);
        expect(s).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/);
        expect(parseTimestamp(s)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips: format(parse(s)) is the same instant as s, in canonical form (property)", () => {
    fc.assert(
      fc.property(timestampArb, (s) => {
        const canonical = formatTimestamp(ts(s));
        expect(parseTimestamp(canonical)).toBe(ts(s));
        expect(formatTimestamp(ts(canonical))).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });

  it("knows the days of each month, with Gregorian leap years", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2100, 2)).toBe(28);
  });
});

describe("durations", () => {
  it("parses the parts, weeks as 7 days", () => {
    expect(parseDuration("P1Y")).toEqual({ years: 1, months: 0, days: 0, ms: 0 });
    expect(parseDuration("P18M")).toEqual({ years: 0, months: 18, days: 0, ms: 0 });
    expect(parseDuration("P2W")).toEqual({ years: 0, months: 0, days: 14, ms: 0 });
    expect(parseDuration("P1W3D")).toEqual({ years: 0, months: 0, days: 10, ms: 0 });
    expect(parseDuration("P0D")).toEqual({ years: 0, months: 0, days: 0, ms: 0 });
    expect(parseDuration("PT1H30M15S")).toEqual({ years: 0, months: 0, days: 0, ms: 5_415_000 });
    expect(parseDuration("P1Y2M3W4DT5H6M7S")).toEqual({ years: 1, months: 2, days: 25, ms: ((5 * 60 + 6) * 60 + 7) * 1000 });
    expect(parseDuration("P007D")).toEqual({ years: 0, months: 0, days: 7, ms: 0 });
  });

  it.each(["P", "PT", "P1DT", "P1.5D", "P1,5D", "-P1D", "P-1D", "p1y", "P1y", "P1H", "P1S", "PT1D", "PT1Y", "P1D1Y", "P1M1Y", "P1D1W", "PT1S1M", "P1Y1Y", "1Y", "P 1D", "P1D ", "", "P1E3D"])(
    "rejects %j",
    (s) => {
      expect(parseDuration(s)).toBeUndefined();
    },
  );

  it("rejects what is not a string", () => {
    for (const v of [30, null, undefined, { years: 1 }]) expect(parseDuration(v)).toBeUndefined();
  });

  it("accepts every duration of the wire-format grammar (property)", () => {
    fc.assert(
      fc.property(durationArb, (s) => {
        expect(parseDuration(s)).toBeDefined();
      }),
    );
  });
});

describe("calendar arithmetic", () => {
  it.each([
    // the examples of the contract: a day that does not exist clamps to the month's last day
    ["2024-02-29T00:00:00Z", "P1Y", "2025-02-28T00:00:00Z"],
    ["2024-01-31T00:00:00Z", "P1M", "2024-02-29T00:00:00Z"],
    ["2023-03-01T00:00:00Z", "P1Y", "2024-03-01T00:00:00Z"],
    // more months and years
    ["2023-01-31T00:00:00Z", "P1M", "2023-02-28T00:00:00Z"],
    ["2024-03-31T00:00:00Z", "P1M", "2024-04-30T00:00:00Z"],
    ["2024-12-15T00:00:00Z", "P1M", "2025-01-15T00:00:00Z"],
    ["2024-11-30T00:00:00Z", "P3M", "2025-02-28T00:00:00Z"],
    ["2024-02-29T00:00:00Z", "P12M", "2025-02-28T00:00:00Z"],
    ["2024-02-29T00:00:00Z", "P4Y", "2028-02-29T00:00:00Z"],
    ["2024-01-31T00:00:00Z", "P13M", "2025-02-28T00:00:00Z"],
    ["2024-01-31T00:00:00Z", "P1Y1M", "2025-02-28T00:00:00Z"],
    // months first, then days
    ["2024-01-31T00:00:00Z", "P1M1D", "2024-03-01T00:00:00Z"],
    ["2023-01-31T00:00:00Z", "P1M1D", "2023-03-01T00:00:00Z"],
    // weeks are 7 days
    ["2024-03-01T00:00:00Z", "P2W", "2024-03-15T00:00:00Z"],
    ["2024-02-26T00:00:00Z", "P1W", "2024-03-04T00:00:00Z"],
    ["2024-12-28T00:00:00Z", "P1W1D", "2025-01-05T00:00:00Z"],
    // the time part is exact, and the time of day is kept by calendar parts
    ["2024-03-01T12:00:00Z", "PT36H", "2024-03-03T00:00:00Z"],
    ["2024-12-31T23:59:59Z", "PT1S", "2025-01-01T00:00:00Z"],
    ["2024-03-01T00:00:00Z", "PT90M", "2024-03-01T01:30:00Z"],
    ["2024-03-01T10:00:00Z", "P1DT1H", "2024-03-02T11:00:00Z"],
    ["2024-01-31T13:45:10.250Z", "P1M", "2024-02-29T13:45:10.250Z"],
    ["2024-03-01T00:00:00Z", "P0D", "2024-03-01T00:00:00Z"],
  ])("%s plus %s is %s", (start, duration, end) => {
    expect(plus(start, duration)).toBe(end);
  });

  it("adds nW exactly as 7n days, and nD exactly as n days of 24 hours (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN, max: ts("9000-01-01T00:00:00Z") }), fc.nat(500), (t, n) => {
        expect(addDuration(t, dur(`P${n}W`))).toBe(addDuration(t, dur(`P${7 * n}D`)));
        expect(addDuration(t, dur(`P${n}D`))).toBe(t + n * DAY);
        expect(addDuration(t, dur(`PT${n}H`))).toBe(t + n * 3_600_000);
      }),
    );
  });

  it("never goes back in time, and lands on a valid instant (property)", () => {
    fc.assert(
      fc.property(timestampArb.filter((s) => s < "9000"), durationArb, (s, d) => {
        const end = addDuration(ts(s), dur(d));
        expect(end).toBeGreaterThanOrEqual(ts(s));
        expect(parseTimestamp(formatTimestamp(end))).toBe(end);
      }),
      { numRuns: 1000 },
    );
  });

  it("adds P1Y as P12M and keeps the day when the month has it (property)", () => {
    fc.assert(
      fc.property(timestampArb.filter((s) => s < "9000"), fc.nat(30), (s, n) => {
        expect(addDuration(ts(s), dur(`P${n}Y`))).toBe(addDuration(ts(s), dur(`P${12 * n}M`)));
        const day = Number(s.slice(8, 10));
        const out = formatTimestamp(addDuration(ts(s), dur(`P${n}M`)));
        if (day <= 28) expect(Number(out.slice(8, 10))).toBe(day);
        expect(out.slice(10)).toBe(formatTimestamp(ts(s)).slice(10)); // time of day kept
      }),
      { numRuns: 1000 },
    );
  });
});

describe("parseTimestamp agrees with the wire-format grammar", () => {
  // The reference: the grammar of docs/events.md as a regex, plus calendar validity.
  const GRAMMAR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;
  const reference = (s: string): number | undefined => {
    const m = GRAMMAR.exec(s);
    if (m === null) return undefined;
    const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const dim = new Date(Date.UTC(2000, mo, 0)).getUTCDate();
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const days = mo === 2 ? (leap ? 29 : 28) : dim;
    if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || se > 59) return undefined;
    const frac = m[7] === undefined ? 0 : Number(m[7].padEnd(3, "0"));
    const base = new Date(0);
    base.setUTCFullYear(y, mo - 1, d);
    base.setUTCHours(h, mi, se, frac);
    return base.getTime();
  };
  const digit = fc.constantFrom(..."0123456789".split(""));
  const chunk = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(""));
  const nearTimestamp = fc
    .tuple(chunk(4), chunk(2), chunk(2), chunk(2), chunk(2), chunk(2), fc.option(fc.integer({ min: 0, max: 4 }).chain((k) => chunk(k))), fc.constantFrom("Z", "z", "", "+00:00"))
    .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f === null ? "" : "." + f}${z}`);

  it("accepts and converts exactly what the grammar and the calendar accept", () => {
    fc.assert(
      fc.property(fc.oneof(nearTimestamp, fc.string({ maxLength: 26 })), (s) => {
        expect(parseTimestamp(s)).toBe(reference(s));
      }),
      { numRuns: 5000 },
    );
  });
});
