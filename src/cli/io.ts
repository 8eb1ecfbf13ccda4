/**
 * What the tool reads and writes, passed in rather than taken from
 * `process`, so that main.ts is the only file that touches the process and
 * every command can be run against streams of a test's choosing.
 */
import type { Readable, Writable } from "node:stream";

/** Standard error, with what the progress bar asks of a terminal. */
export type ErrorStream = Writable & { readonly isTTY?: boolean; readonly columns?: number };

/** The tool's standard streams, working directory and clock. */
export interface CliIo {
  /** Read when the log is `-`. */
  readonly stdin: Readable & { readonly isTTY?: boolean; readonly fd?: number };
  /** Results: the explanation, the list, the document, the JSON. */
  readonly stdout: Writable;
  /** Messages, warnings and the progress bar (only when it is a terminal). */
  readonly stderr: ErrorStream;
  /** Relative paths (the log, `--out`) are resolved against it. */
  readonly cwd: string;
  /**
   * The current instant, read only for the default of `--at`: the library
   * has no clock, and this is the thin outer layer that supplies one.
   */
  readonly now: () => Date;
}

/**
 * Writes `text` to a stream and resolves once it is handed to the system. A
 * reader that went away (`lawful-crm audience ... | head`, EPIPE) is not an
 * error of the tool: the write resolves and the rest is dropped.
 *
 * @example
 * ```ts
 * await write(io.stdout, explain(decision) + "\n");
 * ```
 */
export function write(stream: Writable, text: string): Promise<void> {
  return new Promise((done) => {
    if (text === "" || stream.destroyed || stream.writableEnded) {
      done();
      return;
    }
    const onError = () => done();
    stream.once("error", onError);
    stream.write(text, () => {
      stream.removeListener("error", onError);
      done();
    });
  });
}

/**
 * A value as the JSON the tool prints: two-space indented, one trailing
 * line feed.
 *
 * @example
 * ```ts
 * await write(io.stdout, json(decision));
 * ```
 */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
