#!/usr/bin/env node
/**
 * The `lawful-crm` bin (dist/cli.js): the process's arguments, streams and
 * clock, handed to runCli; its status becomes the exit code. The only file
 * of the tool that touches `process`.
 */
import { runCli } from "./run.js";
import { packageVersion } from "./version.js";

// A reader that goes away (`lawful-crm audience ... | head`) is not an error of the tool.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") process.stderr.write(`lawful-crm: cannot write to standard output: ${e.message}\n`);
});

process.exitCode = await runCli(
  process.argv.slice(2),
  { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), now: () => new Date() },
  { version: packageVersion(import.meta.url) },
);
