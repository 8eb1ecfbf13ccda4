import { formatTimestamp } from "../_internal/time.js";

const DAY = 86_400_000;
const fromCharCode = String.fromCharCode;

/** The first 11 characters (`YYYY-MM-DDT`) of each day's timestamps, as character codes. */
const days = new Map<number, number[]>();

/**
 * `formatTimestamp(t)` for restoring records (one call per event): the
 * date part is computed once per day and the string is built in one
 * allocation. Falls back to `formatTimestamp` outside years 0000–9999.
 */
export function formatInstant(t: number): string {
  const day = Math.floor(t / DAY);
  let d = days.get(day);
  if (d === undefined) {
    const s = formatTimestamp(day * DAY);
    if (s.length !== 20) return formatTimestamp(t);
    if (days.size > 20_000) days.clear();
    d = [];
    for (let k = 0; k < 11; k++) d.push(s.charCodeAt(k));
    days.set(day, d);
  }
  let rest = t - day * DAY;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const s = Math.floor(rest / 1000);
  const ms = rest - s * 1000;
  const h1 = 48 + Math.floor(h / 10);
  const h2 = 48 + (h % 10);
  const m1 = 48 + Math.floor(mi / 10);
  const m2 = 48 + (mi % 10);
  const s1 = 48 + Math.floor(s / 10);
  const s2 = 48 + (s % 10);
  if (ms === 0) return fromCharCode(d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!, h1, h2, 58, m1, m2, 58, s1, s2, 90);
  return fromCharCode(
    d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!, d[9]!, d[10]!,
    h1, h2, 58, m1, m2, 58, s1, s2, 46,
    48 + Math.floor(ms / 100), 48 + (Math.floor(ms / 10) % 10), 48 + (ms % 10), 90,
  );
}
