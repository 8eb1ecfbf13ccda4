/**
 * Docs that run (issue 13): every ```ts block of README.md and docs/, every
 * `@example` of the package's entry points, and every script in examples/
 * type-checks against the BUILT package and runs, and a line that says what
 * it prints (`//=> ...`) prints that.
 *
 * How: dist/ is built once per set of sources (scripts/ensure-built.ts,
 * shared with test/package.test.ts). The blocks are written as files into a
 * scratch project under node_modules/.cache whose node_modules/lawful-crm
 * links to this repository, so `import ... from "lawful-crm"` resolves
 * through package.json "exports" to dist/, exactly as in a user's project;
 * the examples reach dist/ by the package's self-reference. One `tsc` checks
 * them all with the strict settings of a user's project (nodenext). The
 * blocks then run in one Node process with tsx (test/docs/runner.ts), those
 * that are test files under their own runner (vitest, node:test), and each
 * example in a process of its own, as `.ci/run` runs it. A ```ts fragment is
 * not run: it must say why on its first line.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "../../scripts/ensure-built.js";
import { expectations, label, markdownBlocks, normalize, root, tsdocExamples, type Block } from "./blocks.js";
import type { RunResult } from "./runner.js";

const markdown = markdownBlocks();
const tsdoc = tsdocExamples();
const blocks = [...markdown.blocks, ...tsdoc.blocks];
const runnable = blocks.filter((b) => !b.fragment);
const examples = readdirTs(join(root, "examples"));

/** How a block is run: a test file by its test runner, anything else in the shared process. */
type Runner = "tsx" | "vitest" | "node:test";
function runnerOf(code: string): Runner {
  if (/from\s+["']vitest["']/.test(code)) return "vitest";
  if (/from\s+["']node:test["']/.test(code)) return "node:test";
  return "tsx";
}

function readdirTs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .map((f) => join(dir, f));
}

interface Outcome {
  /** Type errors, as `line:col message`, the line counted in the block's own source. */
  diagnostics: string[];
  /** It ran through (the test file passed); otherwise why not. */
  error: string | undefined;
  printed: RunResult["printed"];
}

const outcomes = new Map<string, Outcome>();
/** tsc's complaints about files that are not ours to map (should be none). */
let strayDiagnostics: string[] = [];
let scratch = "";

/** The environment of a child: a user's shell, without what vitest sets for its workers (a nested vitest starts afresh). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(VITEST|TINYPOOL|NODE_OPTIONS$|NODE_ENV$)/.test(k)) env[k] = v;
  env["FORCE_COLOR"] = "0";
  env["NO_COLOR"] = "1";
  return env;
}

function spawn(args: string[], cwd: string, timeout: number): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd, env: childEnv(), timeout, maxBuffer: 64 * 1024 * 1024, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      done({ code, stdout, stderr, timedOut: error !== null && (error as { killed?: boolean }).killed === true });
    });
  });
}

const runnerFile = join(root, "test", "docs", "runner.ts");

/** Runs files with the recording runner; returns each file's result, or why there is none. */
async function runFiles(files: string[], cwd: string, resultsFile: string, exit: boolean, timeout: number): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  const r = await spawn(["--import", "tsx", runnerFile, resultsFile, ...(exit ? ["--exit"] : []), ...files], cwd, timeout);
  let results: RunResult[] = [];
  try {
    results = JSON.parse(readFileSync(resultsFile, "utf8")) as RunResult[];
  } catch {
    results = [];
  }
  const status = r.timedOut ? `did not exit within ${timeout / 1000} s` : r.code !== 0 ? `exited with status ${String(r.code)}` : undefined;
  for (const file of files) {
    const res = results.find((x) => x.file === file);
    let error = res?.error;
    // Not run to its end: the process died in it (or before it) or hung.
    if (error === undefined && (res === undefined || !res.done)) error = `${status ?? "did not run"}\n${r.stderr}`;
    // A script (not --exit) must also exit by itself with status 0, as `tsx file.ts` would.
    else if (error === undefined && !exit && status !== undefined) error = `${status}\n${r.stderr}`;
    out.set(file, { diagnostics: [], error: error?.trim(), printed: res?.printed ?? [] });
  }
  return out;
}

function fileNameOf(block: Block, index: number): string {
  const base = `${block.source.replace(/[^A-Za-z0-9.-]+/g, "_")}-L${block.line}-${index}`;
  return runnerOf(block.code) === "vitest" ? `${base}.test.ts` : `${base}.ts`;
}

beforeAll(async () => {
  ensureBuilt();
  const cache = join(root, "node_modules", ".cache");
  mkdirSync(cache, { recursive: true });
  // A run that was killed leaves its scratch project (and its link back to this checkout): clear those over an hour old.
  for (const d of readdirSync(cache)) {
    if (d.startsWith("lawful-crm-docs-") && Date.now() - statSync(join(cache, d)).mtimeMs > 3_600_000) rmSync(join(cache, d), { recursive: true, force: true });
  }
  scratch = mkdtempSync(join(cache, "lawful-crm-docs-"));
  // A user's project: ESM, with lawful-crm installed (here: linked to this
  // checkout, so its package.json "exports" lead to dist/).
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "docs-check", private: true, type: "module" }));
  mkdirSync(join(scratch, "node_modules"));
  symlinkSync(root, join(scratch, "node_modules", "lawful-crm"), "junction");
  const cwd = join(scratch, "run"); // where blocks that write files write them
  mkdirSync(cwd);

  const fileOf = new Map<string, Block>();
  runnable.forEach((block, i) => {
    const file = join(scratch, fileNameOf(block, i));
    writeFileSync(file, `${block.code}\n`);
    fileOf.set(file, block);
    outcomes.set(label(block), { diagnostics: [], error: undefined, printed: [] });
  });
  for (const file of examples) outcomes.set(rel(file), { diagnostics: [], error: undefined, printed: [] });

  const byRunner = (runner: Runner) => [...fileOf].filter(([, b]) => runnerOf(b.code) === runner).map(([f]) => f);
  const record = (results: Map<string, Outcome>, keyOf: (file: string) => string) => {
    for (const [file, o] of results) {
      const outcome = outcomes.get(keyOf(file));
      if (outcome === undefined) continue;
      outcome.error = o.error;
      outcome.printed = o.printed;
    }
  };
  const blockKey = (file: string) => label(fileOf.get(file) as Block);

  const shared = runFiles(byRunner("tsx"), cwd, join(scratch, "results-tsx.json"), true, 120_000).then((r) => record(r, blockKey));
  const nodeTests = (async () => {
    for (const file of byRunner("node:test")) {
      const r = await spawn(["--import", "tsx", "--test", "--test-reporter=spec", file], cwd, 60_000);
      const outcome = outcomes.get(blockKey(file));
      if (outcome === undefined) continue;
      // node:test exits 1 when a test fails; a file whose tests never ran is a failure too.
      if (r.code !== 0 || !/pass [1-9]/.test(r.stdout)) outcome.error = `node --test: status ${String(r.code)}\n${r.stdout}\n${r.stderr}`;
    }
  })();
  const vitestBlocks = byRunner("vitest");
  const vitest = (async () => {
    if (vitestBlocks.length === 0) return;
    writeFileSync(join(scratch, "vitest.config.mjs"), `export default { test: { include: ["*.test.ts"], testTimeout: 30000 } };\n`);
    const report = join(scratch, "vitest-report.json");
    const r = await spawn([join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--config", join(scratch, "vitest.config.mjs"), "--reporter=json", `--outputFile=${report}`], scratch, 180_000);
    let parsed: { testResults?: { name: string; status: string; message?: string; assertionResults?: { status: string; failureMessages?: string[] }[] }[] } = {};
    try {
      parsed = JSON.parse(readFileSync(report, "utf8")) as typeof parsed;
    } catch {
      parsed = {};
    }
    for (const file of vitestBlocks) {
      const outcome = outcomes.get(blockKey(file));
      if (outcome === undefined) continue;
      const res = parsed.testResults?.find((t) => t.name === file);
      const tests = res?.assertionResults ?? [];
      if (res === undefined) outcome.error = `vitest did not run it (status ${String(r.code)})\n${r.stdout}\n${r.stderr}`;
      else if (res.status !== "passed" || tests.length === 0) outcome.error = `vitest: ${res.status} ${res.message ?? ""}\n${tests.flatMap((t) => t.failureMessages ?? []).join("\n")}`;
    }
  })();
  // Each example in its own process, as `.ci/run` runs it (`npx tsx examples/x.ts`), from the repository.
  const exampleRuns = (async () => {
    for (const [i, file] of examples.entries()) {
      record(await runFiles([file], root, join(scratch, `results-example-${i}.json`), false, 180_000), rel);
    }
  })();
  // Meanwhile, one type check of them all, with the settings of a strict user's project.
  typeCheck([...fileOf.keys(), ...examples], (file) => {
    const block = fileOf.get(file);
    if (block !== undefined) return { key: label(block), lineOffset: block.line - 1, source: block.source };
    return examples.includes(file) ? { key: rel(file), lineOffset: 0, source: rel(file) } : undefined;
  });
  await Promise.all([shared, nodeTests, vitest, exampleRuns]);
}, 600_000);

/**
 * Type-checks the files as a user's strict project would (nodenext, ESM),
 * with lawful-crm's types from dist/, and files each diagnostic under the
 * block or example it is in, at its line in the doc. Every file gets its
 * semantic check even when another has a syntax error (tsc itself stops).
 */
function typeCheck(files: string[], whereIs: (file: string) => { key: string; lineOffset: number; source: string } | undefined): void {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "es2022",
      lib: ["es2022"],
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noEmit: true,
      skipLibCheck: true,
    },
    scratch,
  );
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, ts.createCompilerHost({})));
  const program = ts.createProgram(files, options);
  const stray: string[] = [];
  for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) stray.push(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  for (const file of files) {
    const sf = program.getSourceFile(file);
    const where = whereIs(file);
    if (sf === undefined || where === undefined) {
      stray.push(`${file} was not type-checked`);
      continue;
    }
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const pos = d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const at = pos === undefined ? where.source : `${where.source}:${pos.line + 1 + where.lineOffset}:${pos.character + 1}`;
      outcomes.get(where.key)?.diagnostics.push(`${at} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    }
  }
  strayDiagnostics = stray;
}

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
});

function rel(file: string): string {
  return relative(root, file).split("\\").join("/");
}

/** What went wrong with a block or example: type errors, a failed run, lines that did not print what they say. */
function problems(key: string, code: string, source: string, firstLine: number): string[] {
  const outcome = outcomes.get(key);
  if (outcome === undefined) return ["never checked"];
  const out = [...outcome.diagnostics.map((d) => `type error: ${d}`)];
  if (outcome.error !== undefined) out.push(`failed: ${outcome.error}`);
  let stated: ReturnType<typeof expectations> = [];
  try {
    stated = expectations(code);
  } catch (e) {
    out.push(String(e));
  }
  for (const e of stated) {
    const printed = outcome.printed.filter((p) => p.line !== undefined && p.line >= e.from && p.line <= e.to).map((p) => p.text);
    const want = normalize(e.expected.join("\n"));
    const got = normalize(printed.join("\n"));
    const line = (n: number) => firstLine + n - 1;
    const where = e.from === e.to ? `${source}:${line(e.from)}` : `${source}:${line(e.from)}-${line(e.to)}`;
    if (printed.length === 0) out.push(`${where} says it prints "${want}" but printed nothing`);
    else if (got !== want) out.push(`${where} says it prints\n  ${want}\nbut printed\n  ${got}`);
  }
  return out;
}

describe("the docs", () => {
  it("write every code block as ```ts, or ```ts fragment", () => {
    expect([...markdown.bad, ...tsdoc.bad].map((b) => `${b.source}:${b.line} \`\`\`${b.info}: ${b.problem}`)).toEqual([]);
  });

  it("have code in every @example", () => {
    expect(tsdoc.withoutCode).toEqual([]);
    // The entry points document their exports (test/tsdoc.test.ts): a lost extraction would check nothing.
    expect(tsdoc.blocks.length).toBeGreaterThan(40);
  });

  it("say on the first line of every fragment why it cannot run", () => {
    const silent = blocks.filter((b) => b.fragment && !/^\s*\/\/\s*\S/.test(b.code.split("\n")[0] ?? "")).map(label);
    expect(silent).toEqual([]);
  });

  it("state what a line prints only with //=>, which is checked", () => {
    // A plain comment after a console call reads as its output, and nothing would check it.
    const unchecked = runnable.flatMap((b) =>
      b.code
        .split("\n")
        .map((text, i) => ({ text, at: `${b.source}:${b.line + i}` }))
        .filter(({ text }) => /\bconsole\.\w+\(.*\/\/(?!=>)/.test(text) && !/\/\/=>/.test(text))
        .map(({ text, at }) => `${at}: ${text.slice(text.indexOf("//"))}`),
    );
    expect(unchecked).toEqual([]);
  });

  it("type-check with nothing outside the blocks to complain about", () => {
    expect(strayDiagnostics).toEqual([]);
  });

  describe.each(["README.md and docs/", "TSDoc @example"])("%s", (kind) => {
    const mine = runnable.filter((b) => (kind === "TSDoc @example") === (b.symbol !== undefined));
    it.each(mine.map((b) => [label(b), b] as const))("%s type-checks against the built package, runs, and prints what it says", (key, block) => {
      expect(problems(key, block.code, block.source, block.line)).toEqual([]);
    });
  });
});

describe("examples/", () => {
  it.each(examples.map((f) => [rel(f), f] as const))("%s imports lawful-crm, type-checks against the built package and runs", (key, file) => {
    const code = readFileSync(file, "utf8");
    expect(code, "imports the package as a user would").not.toMatch(/from\s+["']\.\.?\/(src|dist)\//);
    expect(problems(key, code, key, 1)).toEqual([]);
  });

  it.each(examples.map((f) => [rel(f), f] as const))("%s says what each line it prints is", (_key, file) => {
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
    const unlabelled: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && ts.isIdentifier(n.expression.expression) && n.expression.expression.text === "console") {
        const first = n.arguments[0];
        const labelled = first !== undefined && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first) || ts.isTemplateExpression(first));
        if (!labelled) unlabelled.push(`line ${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${n.getText(sf).slice(0, 80)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(unlabelled).toEqual([]);
  });
});
