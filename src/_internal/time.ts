/**
 * Timestamps and durations of wire format v1, parsed by hand so that every
 * implementation agrees: no `Date.parse` (whose leniency differs between
 * engines), no locale, no clock.
 */

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

const MS_PER_DAY = 86_400_000;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1-12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

// Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian), after
// Howard Hinnant's well-known algorithm.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(z: number): { y: number; m: number; d: number } {
  const zz = z + 719_468;
  const era = Math.floor(zz / 146_097);
  const doe = zz - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/**
 * Parses a wire-format timestamp (`YYYY-MM-DDThh:mm:ss(.sss)?Z`, a real
 * calendar instant) into epoch milliseconds; `undefined` when invalid.
 */
export function parseTimestamp(s: unknown): number | undefined {
  // Hand-rolled (no regex, no Date.parse): it runs for every event of a replay.
  if (typeof s !== "string") return undefined;
  const n = s.length;
  if (n !== 20 && (n < 22 || n > 24)) return undefined;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) {
    return undefined;
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return undefined;
  let frac = 0;
  if (n > 20) {
    // ".d", ".dd" or ".ddd" between the seconds and the Z.
    if (s.charCodeAt(19) !== 46) return undefined;
    const k = n - 21;
    const f = digits(s, 20, k);
    if (f < 0) return undefined;
    frac = k === 1 ? f * 100 : k === 2 ? f * 10 : f;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || se > 59) return undefined;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + se) * 1000 + frac;
}

/** The decimal value of `len` ASCII digits of `s` from `at`, or -1 when one is not a digit. */
function digits(s: string, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** "00" to "59": the two-digit fields of a timestamp, written once (a decision writes its `validUntil`). */
const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));

/** Formats epoch milliseconds as a wire-format timestamp (UTC, milliseconds only when non-zero). */
export function formatTimestamp(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let rest = ms - days * MS_PER_DAY;
  const { y, m, d } = civilFromDays(days);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const frac = rest - s * 1000;
  const yStr = y >= 1000 && y <= 9999 ? String(y) : y < 0 ? "-" + String(-y).padStart(4, "0") : String(y).padStart(4, "0");
  return `${yStr}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}T${TWO_DIGITS[h]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[s]}${frac === 0 ? "" : "." + String(frac).padStart(3, "0")}Z`;
}


/** A parsed ISO 8601 duration of wire format v1. */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  readonly ms: number;
}

/** Parses `P(nY)?(nM)?(nW)?(nD)?(T(nH)?(nM)?(nS)?)?` with at least one part; `undefined` when invalid. */
export function parseDuration(s: unknown): Duration | undefined {
  if (typeof s !== "string" || s.length > 64) return undefined;
  const m = DURATION.exec(s);
  if (m === null) return undefined;
  const parts = m.slice(1);
  if (parts.every((p) => p === undefined)) return undefined;
  // "PT" alone, or a trailing "T" with no time part, is not a duration.
  if (s.endsWith("T")) return undefined;
  const n = (i: number) => (parts[i] === undefined ? 0 : Number(parts[i]));
  const values = [n(0), n(1), n(2), n(3), n(4), n(5), n(6)];
  if (!values.every((v) => Number.isSafeInteger(v))) return undefined;
  return {
    years: n(0),
    months: n(1),
    days: n(2) * 7 + n(3),
    ms: ((n(4) * 60 + n(5)) * 60 + n(6)) * 1000,
  };
}

/**
 * Adds a duration to an instant with calendar arithmetic in UTC: years, then
 * months, then days, then the time part; a day that does not exist clamps to
 * the month's last day (P1Y from 2024-02-29 is 2025-02-28).
 */
export function addDuration(start: number, d: Duration): number {
  const days = Math.floor(start / MS_PER_DAY);
  const timeOfDay = start - days * MS_PER_DAY;
  const civil = civilFromDays(days);
  let y = civil.y + d.years;
  let day = Math.min(civil.d, daysInMonth(y, civil.m));
  const monthIndex = civil.m - 1 + d.months;
  y += Math.floor(monthIndex / 12);
  const mo = (((monthIndex % 12) + 12) % 12) + 1;
  day = Math.min(day, daysInMonth(y, mo));
  return (daysFromCivil(y, mo, day) + d.days) * MS_PER_DAY + timeOfDay + d.ms;
}

/** `start` plus an ISO duration string; undefined when the duration is absent or not a duration. */
export function plusDuration(start: number, d: string | undefined): number | undefined {
  if (d === undefined) return undefined;
  const parsed = parseDuration(d);
  return parsed === undefined ? undefined : addDuration(start, parsed);
}
