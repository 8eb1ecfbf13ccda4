/**
 * An instant on the wall clock of a time zone, without reading the machine's
 * own zone or language: UTC is computed by hand; any other zone is asked of
 * Intl with both the zone and a fixed language given, and only its numbers
 * are used (the words come from the catalogue).
 */
import type { CivilTime } from "./types.js";

// As the renderers always read a timestamp: its first 19 characters (the wire format's are UTC).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/;

/** One formatter per zone: building one costs far more than using it. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric", era: "short" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is `UTC` or a time zone Intl knows (an IANA name such as `Europe/Berlin`). */
export function isTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || timeZone === "") return false;
  if (timeZone === "UTC") return true;
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a UTC wall-clock time (years before 100 too, unlike `Date.UTC`). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/** `+02:00` for 120 minutes. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/**
 * `iso` (an ISO 8601 UTC timestamp) on the wall clock of `timeZone`, or
 * undefined when it is not one. Seconds are whole (fractions dropped).
 */
export function civilTime(iso: string, timeZone: string): CivilTime | undefined {
  const m = TIMESTAMP.exec(iso);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!];
  if (timeZone === "UTC") return { year, month, day, hour, minute, second, zone: "UTC", timeZone };
  const ms = utcMs(year, month, day, hour, minute, second);
  const parts: Record<string, string> = {};
  for (const p of formatterOf(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const bc = parts["era"] === "BC";
  const local = {
    year: bc ? 1 - Number(parts["year"]) : Number(parts["year"]),
    month: Number(parts["month"]),
    day: Number(parts["day"]),
    hour: Number(parts["hour"]),
    minute: Number(parts["minute"]),
    second: Number(parts["second"]),
  };
  const offset = Math.round((utcMs(local.year, local.month, local.day, local.hour, local.minute, local.second) - ms) / 60_000);
  return { ...local, zone: offset === 0 ? "UTC" : `UTC${offsetText(offset)}`, timeZone };
}
