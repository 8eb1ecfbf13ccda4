/**
 * What a child process cannot easily show, run in-process through runCli
 * with streams of the test's own: a log whose reading breaks off (exit 74),
 * a reader of standard output that goes away, and the commands that appear
 * only when the library exports what they call (erasure-due: issue 14;
 * snapshot and restore: issue 12). For those, the library object given to
 * runCli adds stand-ins shaped as the issues specify: the test shows the
 * tool's part (when the command appears, what it prints, its status), not
 * the stand-ins' answers.
 */
import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { lineSafe } from "../../src/cli/log.js";
import { runCli } from "../../src/cli/run.js";
import * as lawful from "../../src/index.js";
import { AT, CRM, REJECTS } from "./helpers.js";

/** Runs the tool in-process; standard input is `stdin` (empty by default). */
async function cli(argv: readonly string[], options: { stdin?: Readable; library?: Readonly<Record<string, unknown>> } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const code = await runCli(
    argv,
    { stdin: options.stdin ?? Readable.from([]), stdout, stderr, cwd: process.cwd(), now: () => new Date("2024-05-01T00:00:00Z") },
    { version: "9.9.9", ...(options.library !== undefined ? { library: options.library } : {}) },
  );
  return { code, stdout: out, stderr: err };
}

const library = lawful as unknown as Readonly<Record<string, unknown>>;
/** The library without the functions other issues add, whether or not they have landed. */
const { erasureDue: _erasureDue, snapshot: _snapshot, restore: _restore, ...withoutLater } = library;

describe("runCli in-process", () => {
  it("a log whose reading breaks off is exit 74, never a partial answer", async () => {
    const text = readFileSync(CRM, "utf8");
    const broken = new Readable({
      read() {
        this.push(text.slice(0, 500));
        this.destroy(Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" }));
      },
    });
    const r = await cli(["validate", "-"], { stdin: broken });
    expect(r.code).toBe(74);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^lawful-crm validate: reading the log "-" failed after \d+ lines: EIO: i\/o error, read\n$/);
  });

  it("the clock is read only for a missing --at", async () => {
    const r = await cli(["check", CRM, "--subject", "anna", "--purpose", "marketing.email", "--fields", "email", "--roles", "marketer", "--json"]);
    expect((JSON.parse(r.stdout) as { at: string }).at).toBe("2024-05-01T00:00:00.000Z");
  });

  it("a reader of standard output that has gone away ends the run quietly", async () => {
    const stdout = new PassThrough();
    stdout.destroy();
    const stderr = new PassThrough();
    const code = await runCli(["validate", CRM], { stdin: Readable.from([]), stdout, stderr, cwd: process.cwd(), now: () => new Date() });
    expect(code).toBe(0);
  });
});

describe("one id per line", () => {
  it("an id with a line break or another control character is written as a JSON string, others as they are", () => {
    expect(lineSafe("anna")).toBe("anna");
    expect(lineSafe("anna \"the\" first é")).toBe('anna "the" first é');
    expect(lineSafe("anna\nben")).toBe('"anna\\nben"');
    expect(lineSafe("tab\there")).toBe('"tab\\there"');
  });
});

describe("commands that appear with the library functions they call", () => {
  it("without erasureDue, snapshot and restore: not listed, and an error that says what is missing", async () => {
    const help = await cli(["--help"], { library: withoutLater });
    for (const name of ["erasure-due", "snapshot", "restore"]) expect(help.stdout).not.toMatch(new RegExp(`^  ${name} `, "m"));
    const r = await cli(["erasure-due", CRM], { library: withoutLater });
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/^lawful-crm: erasure-due needs erasureDue\(\) from the library, which this version does not have yet\.\n/);
    expect((await cli(["snapshot", CRM, "--out", "-"], { library: withoutLater })).stderr).toContain("snapshot needs snapshot() from the library");
  });

  const list = {
    at: AT,
    due: [
      {
        subject: "dora",
        fact: "fd1",
        field: "email",
        since: "2024-04-01T09:00:00Z",
        reasons: [{ code: "COLLECTION_CONSENT_WITHDRAWN", message: "…", eventIds: ["d03"] }],
        heldIn: ["d02"],
        command: { type: "eraseFact" },
      },
    ],
    kept: [],
    incomplete: [] as unknown[],
  };
  const seen: unknown[] = [];
  const erasureDue = (ledger: lawful.Ledger, options: { at: string }) => {
    seen.push([ledger.size, options.at]);
    return options.at === "bad" ? { error: { code: "INVALID_QUERY", message: "erasureDue(): at must be ..." } } : list;
  };

  it("erasure-due with erasureDue: listed, the ledger of the log and --at passed, one line per item, --json as given", async () => {
    const withErasure = { ...library, erasureDue };
    const help = await cli(["--help"], { library: withErasure });
    expect(help.stdout).toMatch(/^ {2}erasure-due {4}/m);
    const r = await cli(["erasure-due", CRM, "--at", AT], { library: withErasure });
    expect(r.code).toBe(0);
    expect(seen).toEqual([[16, AT]]);
    expect(r.stdout).toBe(
      `Erasures due (GDPR Art. 17) at ${AT}: 1, 0 kept under a legal obligation or public task, 0 incomplete.\n2024-04-01T09:00:00Z  dora  email (fact fd1)  COLLECTION_CONSENT_WITHDRAWN\n`,
    );
    const j = await cli(["erasure-due", CRM, "--at", AT, "--json"], { library: withErasure });
    expect(JSON.parse(j.stdout)).toEqual(list);
  });

  it("erasure-due: incomplete subjects or rejects in the log exit 1", async () => {
    const incomplete = { ...library, erasureDue: () => ({ ...list, incomplete: [{ subject: "anna" }] }) };
    const a = await cli(["erasure-due", CRM, "--at", AT], { library: incomplete });
    expect(a.code).toBe(1);
    expect(a.stdout).toContain("Subjects whose history is incomplete get no items until the log is repaired");
    const b = await cli(["erasure-due", REJECTS, "--at", AT], { library: { ...library, erasureDue } });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain("lawful-crm: warning: 3 lines of");
  });

  it("snapshot writes the library's bytes; restore reads them back, and bytes it refuses exit 65", async () => {
    const snapshots = {
      ...library,
      snapshot: (ledger: lawful.Ledger) => new TextEncoder().encode(`SNAP ${ledger.size}`),
      restore: (bytes: Uint8Array) =>
        new TextDecoder().decode(bytes) === "SNAP 16" ? lawful.replay([]) : { error: { code: "SNAPSHOT_INVALID", message: "the checksum does not match." } },
    };
    const s = await cli(["snapshot", CRM, "--out", "-"], { library: snapshots });
    expect(s).toEqual({ code: 0, stdout: "SNAP 16", stderr: "" });
    const ok = await cli(["restore", "-"], { library: snapshots, stdin: Readable.from([Buffer.from("SNAP 16")]) });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("standard input: 0 events: 0 accepted, 0 duplicates skipped, 0 rejected. OK\n");
    const bad = await cli(["restore", "-"], { library: snapshots, stdin: Readable.from([Buffer.from("SNAP 1")]) });
    expect(bad).toEqual({ code: 65, stdout: "", stderr: 'lawful-crm restore: "-" cannot be restored: SNAPSHOT_INVALID: the checksum does not match.\n' });
    const noOut = await cli(["snapshot", CRM], { library: snapshots });
    expect(noOut.code).toBe(64);
  });
});
