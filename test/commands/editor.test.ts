/**
 * What a TypeScript user sees in an editor when writing a command for
 * `decide`: the command types and each one's data keys are offered as
 * completions, and a misspelt key is reported against that one command's
 * data with a suggestion, not against the union of every command's. Asked of
 * the TypeScript language service, as an editor asks it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { COMMAND_TYPES } from "../../src/index.js";

const root = path.resolve(import.meta.dirname, "../..");
// A user's file beside the tests, importing the package's entry point.
const file = path.join(root, "test/commands/__editor__.ts");
const header = 'import { decide, decideUnknown, replay } from "../../src/index.js";\nconst ctx = { now: () => "2024-01-01T00:00:00Z", newId: () => "e1" };\n';

let service: ts.LanguageService;
let text = header;
let version = 0;

function options(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(root, "tsconfig.json"), (p) => ts.sys.readFile(p));
  // The project's settings, without the Node and DOM declarations that a command does not need (they are most of the work).
  return { ...ts.parseJsonConfigFileContent(config.config, ts.sys, root).options, types: [], lib: ["lib.es2022.d.ts"] };
}

beforeAll(() => {
  const compilerOptions = options();
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [file],
    getScriptVersion: (f) => (f === file ? String(version) : "0"),
    getScriptSnapshot: (f) => {
      if (f === file) return ts.ScriptSnapshot.fromString(text);
      return fs.existsSync(f) ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, "utf8")) : undefined;
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => compilerOptions,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f === file || ts.sys.fileExists(f),
    readFile: (f) => (f === file ? text : ts.sys.readFile(f)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  service = ts.createLanguageService(host, ts.createDocumentRegistry());
}, 60_000);

/** The completions at the `|` in `body`. */
function completionsAt(body: string): string[] {
  const at = body.indexOf("|");
  text = header + body.replace("|", "");
  version++;
  const info = service.getCompletionsAtPosition(file, header.length + at, {});
  return (info?.entries ?? []).map((e) => e.name);
}

/** The compile errors of `body`, each as its message text. */
function errorsOf(body: string): string[] {
  text = header + body;
  version++;
  return service.getSemanticDiagnostics(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("decide in an editor", () => {
  test("the command types are completed", () => {
    const names = completionsAt('decide({ type: "|" }, replay([]), ctx);');
    expect([...names].sort()).toEqual([...COMMAND_TYPES].sort());
  }, 60_000);

  test("the data keys of the command being written are completed, and only those", () => {
    const names = completionsAt('decide({ type: "recordFact", subject: "anna", data: { | } }, replay([]), ctx);');
    expect([...names].sort()).toEqual(["account", "basis", "category", "companyContact", "fact", "field", "purposes", "source", "sourceRef", "value"]);
    const envelope = completionsAt('decide({ type: "retireSource", | }, replay([]), ctx);');
    expect(envelope).toEqual(expect.arrayContaining(["data", "by", "at", "id"]));
    // A catalog command is about no one.
    expect(envelope).not.toContain("subject");
  }, 60_000);

  test("a misspelt key: one error, against that command's data, with the suggestion", () => {
    const errors = errorsOf('decide({ type: "recordFact", subject: "anna", data: { feild: "email", value: 1, category: "contact.email", source: "web", purposes: ["sales"], basis: "contract" } }, replay([]), ctx);');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("'feild' does not exist in type");
    expect(errors[0]).toContain("Did you mean to write 'field'?");
    // Not "… | 22 more … | …": the error names one command's data.
    expect(errors[0]).not.toMatch(/more \.\.\./);
  }, 60_000);

  test("decideUnknown takes anything without a compile error", () => {
    expect(errorsOf('decideUnknown({ type: "recordFact", data: { feild: 1 } }, replay([]), ctx); decideUnknown(JSON.parse("{}") as unknown, replay([]), ctx);')).toEqual([]);
  }, 60_000);
});
