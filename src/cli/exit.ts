/**
 * The exit statuses of the `lawful-crm` command-line tool (docs/cli.md
 * lists each one), and the value a step returns when it cannot go on: the
 * tool reports failures as values, as the library does, and turns them into
 * a message on standard error and a status in one place (run.ts).
 */

/**
 * Every exit status the tool uses. 64 and up follow the BSD sysexits.h
 * convention, so that scripts can tell "you called it wrongly" (64) from
 * "the log is not there" (66) from "the log is not clean" (1).
 */
export const EXIT = {
  /** Done; for `check`: allowed; for `validate`: nothing rejected. */
  OK: 0,
  /** `validate`: something was rejected or the history is incomplete. Other commands that read a log: the output was written, but the log has rejects that are not voided. */
  NOT_CLEAN: 1,
  /** `check`: the use is denied. */
  DENIED: 2,
  /** Bad usage: an unknown command or option, a missing or extra argument, a value that is not valid (an instant, a purpose id, a format). */
  USAGE: 64,
  /** The input is not what it should be (`restore`: the bytes are not a snapshot this version reads). */
  DATA: 65,
  /** The log (or snapshot) cannot be opened: missing, a directory, no permission. */
  NO_INPUT: 66,
  /** A bug in the tool or the library: please report it. */
  SOFTWARE: 70,
  /** The output file (`--out`) cannot be written. */
  CANT_CREATE: 73,
  /** Reading the log failed part-way (an I/O error of the file or of standard input). */
  IO: 74,
} as const;

/** One of the exit statuses in {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A step that could not go on: the status to exit with and one sentence saying why. */
export interface Failure {
  readonly failed: true;
  readonly exit: ExitCode;
  readonly message: string;
  /** Whether to point the user at `--help` (usage errors). */
  readonly usage: boolean;
}

/**
 * A failure value.
 *
 * @example
 * ```ts
 * return failure(EXIT.NO_INPUT, `cannot read the log "x.ndjson": no such file.`);
 * ```
 */
export function failure(exit: ExitCode, message: string): Failure {
  return { failed: true, exit, message, usage: exit === EXIT.USAGE };
}

/**
 * True when a step's result is a {@link Failure}.
 *
 * @example
 * ```ts
 * const log = await readLog(ctx, path);
 * if (isFailure(log)) return log;
 * ```
 */
export function isFailure(x: unknown): x is Failure {
  return typeof x === "object" && x !== null && (x as { failed?: unknown }).failed === true;
}
