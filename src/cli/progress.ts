/**
 * The progress bar on standard error while a log is read: lines, bytes and
 * the rate, with a bar and an estimate of the time left when the size of
 * the log is known. Drawn by cli-progress (loaded only when a bar can be
 * shown), and only on a terminal: piped or redirected, standard error gets
 * no progress at all, so logs and CI output stay clean.
 */
import type { StreamProgress } from "../index.js";
import type { CliIo } from "./io.js";

/** `auto`: after {@link AUTO_DELAY_MS} of reading; `always`: from the start; `never`. All only on a terminal. */
export type ProgressMode = "auto" | "always" | "never";

/** A short log is read before a bar would be any use: in `auto` mode the bar appears only after this long. */
export const AUTO_DELAY_MS = 500;

/** Receives the replay's progress and takes the bar away at the end. */
export interface Progress {
  readonly onProgress: (progress: StreamProgress) => void;
  /** Clears the bar (the line it was on is left empty). */
  readonly stop: () => void;
}

const NONE: Progress = { onProgress: () => {}, stop: () => {} };

const MiB = 1024 * 1024;

/** Bytes as MiB with one decimal (KiB below one MiB), without the machine's locale. */
export function formatBytes(bytes: number): string {
  if (bytes < MiB) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Seconds as `42s`, `3m07s`, `1h05m`. */
function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * The line the bar shows: `events.ndjson [■■■■■□□□□□] 45% | 120000 lines |
 * 22.1 of 48.0 MiB | 11.0 MiB/s | ETA 2s`; without a known size (standard
 * input from a pipe), no bar, percentage or estimate.
 *
 * @example
 * ```ts
 * progressLine("events.ndjson", { lines: 10, bytes: 2048 }, undefined, 1, "") // "events.ndjson | 10 lines | 2.0 KiB | 2.0 KiB/s"
 * ```
 */
export function progressLine(label: string, p: StreamProgress, total: number | undefined, seconds: number, bar: string): string {
  const rate = seconds > 0 ? p.bytes / seconds : 0;
  const lines = `${p.lines} ${p.lines === 1 ? "line" : "lines"}`;
  if (total === undefined || total <= 0) return `${label} | ${lines} | ${formatBytes(p.bytes)} | ${formatBytes(rate)}/s`;
  const percent = Math.min(100, Math.floor((p.bytes / total) * 100));
  const eta = rate > 0 ? formatEta((total - p.bytes) / rate) : "?";
  return `${label} ${bar} ${percent}% | ${lines} | ${formatBytes(p.bytes)} of ${formatBytes(total)} | ${formatBytes(rate)}/s | ETA ${eta}`;
}

/**
 * A progress display for reading a log of `total` bytes (undefined when
 * unknown), or one that does nothing when standard error is not a terminal
 * or `mode` is `never`.
 *
 * @example
 * ```ts
 * const progress = await progressFor(io, "events.ndjson", size, "auto");
 * const ledger = await replayStream(stream, { onProgress: progress.onProgress });
 * progress.stop();
 * ```
 */
export async function progressFor(io: CliIo, label: string, total: number | undefined, mode: ProgressMode): Promise<Progress> {
  if (mode === "never" || io.stderr.isTTY !== true) return NONE;
  const { SingleBar, Format } = (await import("cli-progress")).default;
  const started = Date.now();
  let latest: StreamProgress = { lines: 0, bytes: 0 };
  const bar = new SingleBar({
    stream: io.stderr,
    clearOnComplete: true,
    hideCursor: false,
    barsize: 20,
    barCompleteChar: "\u2588",
    barIncompleteChar: "\u2591",
    format: (options, params) => progressLine(label, latest, total, (Date.now() - started) / 1000, Format.BarFormat(params.progress, options)),
  });
  let running = false;
  let stopped = false;
  const begin = () => {
    if (running || stopped) return;
    running = true;
    bar.start(total ?? 1, 0);
  };
  // `auto`: a log that stalls (a slow pipe) gets its bar too, not only one that keeps arriving.
  const timer = mode === "auto" ? setTimeout(begin, AUTO_DELAY_MS) : undefined;
  timer?.unref();
  if (mode === "always") begin();
  return {
    onProgress: (p) => {
      latest = p;
      if (running) bar.update(Math.min(p.bytes, total ?? 0));
    },
    stop: () => {
      clearTimeout(timer);
      stopped = true;
      if (running) bar.stop();
      running = false;
    },
  };
}
