/**
 * The `lawful-crm` bin, run as a child process on fixture logs: what each
 * command prints (text and --json), its exit status, and its messages for
 * bad input. The --json forms are compared with the library's own answers
 * for the same log, so the tool is shown to pass them through unchanged.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canUse, disclosureDue, erasureDue, processingRecord, renderAccessReport, replayStream, accessReport, type AccessReport, type Ledger } from "../../src/index.js";
import { AT, bundleBin, CRM, jsonOf, REJECTS, runBin, VERSION, VOIDED, type Run } from "./helpers.js";

let bin = "";
let dispose = () => {};
let scratch = "";
let crm: Ledger;
const run = (args: readonly string[], options: { input?: string; cwd?: string } = {}): Promise<Run> => runBin(bin, args, options);
const useArgs = (subject: string, purpose: string, fields: string, roles: string) => ["--subject", subject, "--purpose", purpose, "--fields", fields, "--roles", roles];

beforeAll(async () => {
  ({ bin, dispose } = await bundleBin());
  scratch = mkdtempSync(join(tmpdir(), "lawful-crm-cli-"));
  crm = await replayStream(readFileSync(CRM));
});

afterAll(() => {
  dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe.concurrent("lawful-crm: help and version", () => {
  it("--help lists every command and the exit statuses, on standard output, exit 0", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^lawful-crm: /);
    expect(r.stdout).toContain("Usage: lawful-crm <command> <log> [options]");
    for (const command of ["validate", "check", "audience", "report", "disclosure-due", "erasure-due", "ropa"]) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    for (const status of ["0 ", "1 ", "2 ", "64", "66", "70", "73", "74"]) expect(r.stdout).toMatch(new RegExp(`^  ${status} `, "m"));
  });

  it("<command> --help and help <command> print the command's usage and options", async () => {
    const a = await run(["check", "--help"]);
    const b = await run(["help", "check"]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout).toMatch(/^Usage: lawful-crm check <log> --subject ID --purpose ID --fields LIST --roles LIST/);
    for (const option of ["--subject", "--purpose", "--fields", "--roles", "--actor", "--at", "--json", "--progress", "--no-progress", "--help"]) expect(a.stdout).toContain(option);
    expect(a.stdout).toMatch(/^  2  denied/m);
  });

  it("--help works even when the command's required options are missing", async () => {
    const r = await run(["report", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--subject ID");
  });

  it("--version prints the package's version", async () => {
    const r = await run(["--version"]);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  it("no command: the usage on standard error, exit 64", async () => {
    const r = await run([]);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: lawful-crm <command>");
  });

  it("an unknown command or an option before the command: exit 64, naming it", async () => {
    const a = await run(["vaildate", CRM]);
    expect(a.code).toBe(64);
    expect(a.stderr).toMatch(/^lawful-crm: unknown command "vaildate"\. The commands are: validate, check, /);
    const b = await run(["--json", "validate", CRM]);
    expect(b.code).toBe(64);
    expect(b.stderr).toMatch(/^lawful-crm: unknown option --json: options follow the command/);
  });
});

describe.concurrent("lawful-crm validate", () => {
  it("a clean log: a summary ending in OK, exit 0", async () => {
    const r = await run(["validate", CRM]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${CRM}: 16 lines, 16 events: 16 accepted, 0 duplicates skipped, 0 rejected. OK\n`);
    expect(r.stderr).toBe("");
  });

  it("every reject with its line number, code and reason, and what it makes incomplete; exit 1", async () => {
    const r = await run(["validate", REJECTS]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${REJECTS}: 20 lines, 19 events: 16 accepted, 0 duplicates skipped, 3 rejected (3 not voided).`);
    expect(lines[1]).toMatch(/^line 18: DECODE_FAILED: line 18 is not JSON: /);
    expect(lines[2]).toBe('line 19 (id a05): UNKNOWN_FACT: corrects fact "f9", which subject "anna" does not have earlier in the log.');
    expect(lines[3]).toMatch(/^line 20 \(id e01\): DECODE_FAILED: data\.method: .*"telepathy"/);
    expect(lines.slice(4)).toEqual([
      "incomplete: the catalog (every subject) at every instant (line 18)",
      'incomplete: subject "anna" from 2024-04-15T09:00:00Z (line 19, id a05)',
      'incomplete: subject "erik" from 2024-04-20T09:00:00Z (line 20, id e01)',
    ]);
  });

  it("--json: counts, each reject as the library gives it (with its line, without the raw item) and the incomplete marks with their lines", async () => {
    const r = await run(["validate", REJECTS, "--json"]);
    expect(r.code).toBe(1);
    const out = jsonOf(r) as Record<string, unknown> & { rejected: Record<string, unknown>[]; incomplete: Record<string, unknown>[] };
    const ledger = await replayStream(readFileSync(REJECTS));
    expect(out).toMatchObject({ log: REJECTS, ok: false, lines: 20, bytes: readFileSync(REJECTS).byteLength, events: 19, accepted: 16, duplicates: 0 });
    expect(out.rejected).toEqual(ledger.rejected.map(({ event: _event, ...rest }) => JSON.parse(JSON.stringify(rest)) as unknown));
    expect(out.rejected.map((x) => [x["line"], x["code"]])).toEqual([
      [18, "DECODE_FAILED"],
      [19, "UNKNOWN_FACT"],
      [20, "DECODE_FAILED"],
    ]);
    expect(out.rejected.every((x) => !("event" in x))).toBe(true);
    expect(out.incomplete.map((m) => [m["scope"], m["subject"], m["from"], m["line"]])).toEqual([
      ["catalog", undefined, "always", 18],
      ["subject", "anna", "2024-04-15T09:00:00Z", 19],
      ["subject", "erik", "2024-04-20T09:00:00Z", 20],
    ]);
  });

  it("a voided reject is listed as voided and still exits 1, unless --allow-voided", async () => {
    const a = await run(["validate", VOIDED]);
    expect(a.code).toBe(1);
    expect(a.stdout).toContain("1 rejected (0 not voided)");
    expect(a.stdout).toMatch(/^line 17: DECODE_FAILED: .* \[voided by the item at position 17\]$/m);
    const b = await run(["validate", VOIDED, "--allow-voided", "--json"]);
    expect(b.code).toBe(0);
    expect(jsonOf(b)).toMatchObject({ ok: true, rejected: [{ line: 17, voidedBy: 17 }], incomplete: [] });
  });

  it("reads standard input when the log is -, with the same answer as from the file", async () => {
    const text = readFileSync(REJECTS, "utf8");
    const piped = await run(["validate", "-", "--json"], { input: text });
    const file = await run(["validate", REJECTS, "--json"]);
    expect(piped.code).toBe(1);
    expect({ ...(jsonOf(piped) as object), log: REJECTS }).toEqual(jsonOf(file));
    const plain = await run(["validate", "-"], { input: readFileSync(CRM, "utf8") });
    expect(plain.stdout).toBe("standard input: 16 lines, 16 events: 16 accepted, 0 duplicates skipped, 0 rejected. OK\n");
  });
});

describe.concurrent("lawful-crm check", () => {
  it("allowed: the explanation on standard output, exit 0", async () => {
    const r = await run(["check", CRM, ...useArgs("anna", "marketing.email", "email", "marketer"), "--at", AT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ALLOWED: use of email of "anna" for "marketing.email" at ${AT}\n  + [email] allowed on the basis of consent (events: a01)\n`);
    expect(r.stderr).toBe("");
  });

  it("denied: every reason with its code and events, exit 2", async () => {
    const r = await run(["check", CRM, ...useArgs("dora", "marketing.email", "email", "marketer"), "--at", AT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^DENIED: use of email of "dora" for "marketing.email" at 2024-05-01T00:00:00Z\n/);
    expect(r.stdout).toMatch(/^ {2}- \[email\] CONSENT_WITHDRAWN: Consent "k2" was withdrawn on 2024-04-01T09:00:00Z.*\(events: d01, d03\)$/m);
  });

  it("a merged log (issue 14): the survivor answered from both records, the merged-away subject MERGED, validate clean", async () => {
    const merged = join(scratch, "merged.ndjson");
    const merge = { id: "m01", type: "SubjectsMerged", at: "2024-04-15T00:00:00Z", subject: "anna", data: { from: "dora", reason: "same person" } };
    writeFileSync(merged, readFileSync(CRM, "utf8").replace(/"consent":"k2"/g, '"consent":"k2d"') + JSON.stringify(merge) + "\n");
    expect((await run(["validate", merged])).code).toBe(0);
    const dora = await run(["check", merged, ...useArgs("dora", "marketing.email", "email", "marketer"), "--at", AT]);
    expect(dora.code).toBe(2);
    expect(dora.stdout).toMatch(/^ {2}- MERGED: Subject "dora" was merged into "anna" at 2024-04-15T00:00:00Z/m);
    const before = await run(["check", merged, ...useArgs("dora", "marketing.email", "email", "marketer"), "--at", "2024-04-14T00:00:00Z"]);
    expect(before.stdout).not.toContain("MERGED");
  });

  it("--json: the library's Decision, unchanged", async () => {
    for (const [subject, code] of [
      ["anna", 0],
      ["dora", 2],
    ] as const) {
      const r = await run(["check", CRM, ...useArgs(subject, "marketing.email", "email", "marketer"), "--at", AT, "--json", "--actor", "mia"]);
      expect(r.code).toBe(code);
      const expected = canUse(crm, { subject, purpose: "marketing.email", fields: ["email"], actor: { id: "mia", roles: ["marketer"] }, at: AT });
      expect(jsonOf(r)).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it("lists: repeated options and commas give the same fields and roles", async () => {
    const a = await run(["check", CRM, "--subject", "anna", "--purpose", "sales", "--fields", "email,employer", "--roles", "sales, marketer", "--at", AT, "--json"]);
    const b = await run(["check", CRM, "--subject", "anna", "--purpose", "sales", "--fields", "email", "--fields", "employer", "--roles", "sales", "--roles", "marketer", "--at", AT, "--json"]);
    expect(a.code).toBe(2); // anna has no employer
    expect(jsonOf(a)).toEqual(jsonOf(b));
    expect((jsonOf(a) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(["email", "employer"]);
  });

  it("--roles \"\" is an actor with no roles: denied for access", async () => {
    const r = await run(["check", CRM, ...useArgs("anna", "marketing.email", "email", ""), "--at", AT, "--json"]);
    expect(r.code).toBe(2);
    expect((jsonOf(r) as { reasons: { code: string }[] }).reasons.map((x) => x.code)).toContain("ACCESS_DENIED");
  });

  it("without --at, the current instant in UTC is judged, and printed", async () => {
    const before = Date.now();
    const r = await run(["check", CRM, ...useArgs("anna", "marketing.email", "email", "marketer"), "--json"]);
    const after = Date.now();
    const at = (jsonOf(r) as { at: string }).at;
    expect(at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(at)).toBeLessThanOrEqual(after);
  });

  it("an incomplete history is denied, and a warning names the rejected lines", async () => {
    const r = await run(["check", REJECTS, ...useArgs("anna", "marketing.email", "email", "marketer"), "--at", AT]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("HISTORY_INCOMPLETE");
    expect(r.stderr).toBe(`lawful-crm: warning: 3 lines of "${REJECTS}" were rejected and not voided: what they touch is denied or missing here. Run "lawful-crm validate ${REJECTS}" to see them.\n`);
  });

  it("reads the log from standard input", async () => {
    const r = await run(["check", "-", ...useArgs("anna", "marketing.email", "email", "marketer"), "--at", AT], { input: readFileSync(CRM, "utf8") });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOWED/);
  });
});

describe.concurrent("lawful-crm: bad usage and bad input", () => {
  const check = (extra: readonly string[], log = CRM) => run(["check", log, ...extra]);
  const base = useArgs("anna", "marketing.email", "email", "marketer");

  it.each([
    [[...base, "--at", "yesterday"], '--at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z (date, "T", time, "Z"), got "yesterday".'],
    [[...base, "--at", "2024-02-30T00:00:00Z"], "--at must be an ISO 8601 UTC timestamp"],
    [[...base, "--at", "2024-05-01T00:00:00+02:00"], "--at must be an ISO 8601 UTC timestamp"],
    [[...base, "--bogus"], "unknown option --bogus."],
    [[...base, "-x"], "unknown option -x."],
    [["--subject", "anna", "--purpose", "sales", "--fields", "email"], "missing --roles LIST."],
    [[...base, "--at", AT, "--at", AT], "option --at is given twice; give it once."],
    [[...base, "--at"], "option --at needs a value."],
    [[...base, "--json=yes"], "option --json takes no value."],
    [[...base, "extra.ndjson"], 'unexpected argument "extra.ndjson": give one <log>.'],
    [[...useArgs("anna", "marketing.email", "email,,phone", "marketer")], "--fields has an empty item"],
    [[...useArgs("anna", "", "email", "marketer")], "purpose must be a dotted purpose id"],
    [[...base, "--progress", "--no-progress"], "--progress and --no-progress contradict each other: give one."],
  ])("%j: exit 64 with a message and a pointer to --help, before the log is read", async (extra, message) => {
    // The log does not exist: the arguments are checked first.
    const r = await check(extra, "missing.ndjson");
    expect(r.code).toBe(64);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`lawful-crm check: ${message}`);
    expect(r.stderr).toMatch(/\nRun "lawful-crm check --help" for the usage\.\n$/);
  });

  it("a missing log: exit 66, naming the file", async () => {
    const r = await check([...base, "--at", AT], "missing.ndjson");
    expect(r).toEqual({ code: 66, stdout: "", stderr: 'lawful-crm check: cannot read the log "missing.ndjson": no such file.\n' });
  });

  it("a directory as the log: exit 66", async () => {
    const r = await run(["validate", scratch]);
    expect(r.code).toBe(66);
    expect(r.stderr).toBe(`lawful-crm validate: cannot read the log ${JSON.stringify(scratch)}: it is a directory.\n`);
  });

  it("a missing <log>: exit 64", async () => {
    const r = await run(["validate"]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("lawful-crm validate: missing <log> (a file of NDJSON events, or - for standard input).");
  });
});

describe.concurrent("lawful-crm audience", () => {
  const args = ["--purpose", "marketing.email", "--fields", "email", "--roles", "marketer", "--at", AT];

  it("one subject per line, exactly those check allows; exit 0", async () => {
    const r = await run(["audience", CRM, ...args]);
    expect(r).toEqual({ code: 0, stdout: "anna\n", stderr: "" });
  });

  it("--json: { at, purpose, fields, actor, subjects }", async () => {
    const r = await run(["audience", CRM, ...args, "--json"]);
    expect(jsonOf(r)).toEqual({ at: AT, purpose: "marketing.email", fields: ["email"], actor: { id: "cli", roles: ["marketer"] }, subjects: ["anna"] });
  });

  it("a log with rejects not voided: incomplete subjects left out, a warning, exit 1", async () => {
    const r = await run(["audience", REJECTS, ...args, "--json"]);
    expect(r.code).toBe(1);
    expect((jsonOf(r) as { subjects: string[] }).subjects).toEqual([]); // line 18 makes the catalog incomplete
    expect(r.stderr).toContain("lawful-crm: warning: 3 lines of");
  });
});

describe.concurrent("lawful-crm report", () => {
  const args = ["--subject", "anna", "--at", AT];

  it("Markdown on standard output by default", async () => {
    const r = await run(["report", CRM, ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Your personal data held by us\n/);
    expect(r.stdout).toContain("anna@example.org");
  });

  it("HTML to the file of --out (from its extension); a line on standard error says so", async () => {
    const out = join(scratch, "anna.html");
    const r = await run(["report", CRM, ...args, "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(r.stderr).toBe(`lawful-crm: wrote the access report of "anna" at ${AT} (html, ${Buffer.byteLength(html)} bytes) to ${out}.\n`);
  });

  it("--json with --out: the document to the file, a summary on standard output", async () => {
    const out = join(scratch, "anna.md");
    const r = await run(["report", CRM, ...args, "--out", out, "--json"]);
    expect(r.code).toBe(0);
    expect(jsonOf(r)).toEqual({ out, format: "markdown", bytes: readFileSync(out).byteLength, subject: "anna", at: AT, known: true, incomplete: 0 });
  });

  it("--json without --out: the library's AccessReport", async () => {
    const r = await run(["report", CRM, ...args, "--json"]);
    expect(jsonOf(r)).toEqual(JSON.parse(JSON.stringify(accessReport(crm, "anna", { at: AT }))));
  });

  it("an unknown subject: the report says nothing is held, a note says so, exit 0", async () => {
    const r = await run(["report", CRM, "--subject", "zoe", "--at", AT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`lawful-crm: note: nothing is known about "zoe" at ${AT}; the report says so.\n`);
  });

  it.each([
    [["--format", "pdf"], '--format must be markdown or html or json, got "pdf".'],
    [["--format", "html", "--json"], "--json prints JSON on standard output, --format html asks for html"],
    [["--subject", ""], "--subject must not be empty."],
  ])("%j: exit 64", async (extra, message) => {
    const r = await run(["report", CRM, "--at", AT, ...(extra[0] === "--subject" ? [] : ["--subject", "anna"]), ...extra]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain(`lawful-crm report: ${message}`);
  });

  it("an --out that cannot be written: exit 73", async () => {
    const out = join(scratch, "no-such-dir", "anna.md");
    const r = await run(["report", CRM, ...args, "--out", out]);
    expect(r).toEqual({ code: 73, stdout: "", stderr: `lawful-crm report: cannot write ${JSON.stringify(out)}: its directory does not exist.\n` });
  });
});

describe.concurrent("lawful-crm disclosure-due and ropa", () => {
  it("disclosure-due: a summary, then one line per source to disclose; --json is the library's DisclosureDue", async () => {
    const r = await run(["disclosure-due", CRM, "--at", AT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Origin disclosures due (GDPR Art. 14(3)) at ${AT}: 1, 1 overdue.\n` + "2024-04-01T09:00:00Z  OVERDUE  ben  linkedin (social-network)  fields: employer  events: b01\n",
    );
    const j = await run(["disclosure-due", CRM, "--at", AT, "--json"]);
    expect(jsonOf(j)).toEqual(JSON.parse(JSON.stringify(disclosureDue(crm, { at: AT }))));
  });

  it("erasure-due (the library exports erasureDue): a summary, then one line per value due; --json is the library's work list with its eraseFact commands", async () => {
    const r = await run(["erasure-due", CRM, "--at", AT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      `Erasures due (GDPR Art. 17) at ${AT}: 1, 0 kept under a legal obligation or public task, 0 incomplete.\n` + "2024-04-01T09:00:00Z  dora  email (fact fd1)  COLLECTION_CONSENT_WITHDRAWN\n",
    );
    const j = await run(["erasure-due", CRM, "--at", AT, "--json"]);
    expect(jsonOf(j)).toEqual(JSON.parse(JSON.stringify(erasureDue(crm, { at: AT }))));
    expect(jsonOf(j)).toMatchObject({ due: [{ subject: "dora", command: { type: "eraseFact", subject: "dora", data: { fact: "fd1" } } }] });
    const help = await run(["erasure-due", "--help"]);
    expect(help.stdout).toMatch(/^Usage: lawful-crm erasure-due <log>/);
  });

  it("ropa: Markdown with the placeholders; --fill supplies one; --json is the library's ProcessingRecord", async () => {
    const md = await run(["ropa", CRM, "--at", AT]);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Record of processing activities \(GDPR Art\. 30\)\n/);
    expect(md.stdout).toContain("{{controller}}");
    const filled = await run(["ropa", CRM, "--at", AT, "--fill", "controller=ACME GmbH, Berlin", "--fill", "sales/recipients=none"]);
    expect(filled.stdout).toContain("**Controller:** ACME GmbH, Berlin");
    expect(filled.stdout).not.toContain("{{controller}}");
    const j = await run(["ropa", CRM, "--at", AT, "--json"]);
    expect(jsonOf(j)).toEqual(JSON.parse(JSON.stringify(processingRecord(crm, { at: AT }))));
  });

  it("report and ropa in German, dates on the clock asked for; the JSON is the same in every language", async () => {
    const de = await run(["report", CRM, "--subject", "anna", "--at", AT, "--locale", "de", "--time-zone", "Europe/Berlin"]);
    expect(de.code).toBe(0);
    expect(de.stdout).toBe(renderAccessReport(accessReport(crm, "anna", { at: AT }) as AccessReport, "markdown", { locale: "de", timeZone: "Europe/Berlin" }));
    expect(de.stdout).toMatch(/^# Ihre bei uns gespeicherten personenbezogenen Daten\n/);
    const art30 = await run(["ropa", CRM, "--at", AT, "--locale", "de", "--fill", "controller=ACME GmbH, Berlin"]);
    expect(art30.stdout).toMatch(/^# Verzeichnis von Verarbeitungstätigkeiten \(Art\. 30 DSGVO\)\n/);
    expect(art30.stdout).toContain("**Verantwortlicher:** ACME GmbH, Berlin");
    const j = await run(["report", CRM, "--subject", "anna", "--at", AT, "--locale", "de", "--json"]);
    expect(jsonOf(j)).toEqual(JSON.parse(JSON.stringify(accessReport(crm, "anna", { at: AT }))));
  });

  it.each([
    [["--locale", "fr"], '--locale must be en or de, got "fr".'],
    [["--time-zone", "Mars/Olympus"], "--time-zone must be an IANA time zone such as Europe/Berlin."],
  ])("report and ropa %j: exit 64", async (extra, message) => {
    for (const command of [["report", CRM, "--subject", "anna"], ["ropa", CRM]]) {
      const r = await run([...command, "--at", AT, ...extra]);
      expect(r.code).toBe(64);
      expect(r.stderr).toContain(`lawful-crm ${command[0]}: ${message}`);
    }
  });

  it("ropa: a --fill that names no placeholder is an error, not ignored", async () => {
    const r = await run(["ropa", CRM, "--at", AT, "--fill", "controler=ACME"]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('lawful-crm ropa: --fill names no placeholder of the record: "controler". The placeholders are: controller, securityMeasures, ');
    const bad = await run(["ropa", CRM, "--at", AT, "--fill", "controller"]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain("--fill must be NAME=TEXT");
  });
});
