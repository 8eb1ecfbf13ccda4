/**
 * The layout that shows the law (issue 11, STYLE.md "Change — where we
 * drift"): rules live in folders named after what they decide, imports run
 * one way through each folder's index.ts, and no file or function grows past
 * what a reader takes in at once. Read with the TypeScript compiler API.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve("src");
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

/**
 * Where each folder sits: a folder may import only from folders of a lower
 * layer, and the rule folders (layer 3) from each other without a cycle.
 * A new folder must be placed here before it can be imported.
 */
const LAYERS: Readonly<Record<string, number>> = {
  // Generic helpers with no law in them (time, JSON, dotted ids, error values).
  _internal: 0,
  // The wire format: codecs and decoding.
  events: 1,
  // The fold, the (t, position) order, reading a snapshot.
  ledger: 2,
  // The rules, each in the folder named after what it decides.
  purposes: 3,
  consent: 3,
  bases: 3,
  rights: 3,
  facts: 3,
  provenance: 3,
  access: 3,
  // The catalogues of messages (English, German, a user's own) and the time zone dates are shown in: no law, words only.
  locale: 3,
  // Special categories of data and the conditions of Art. 9(2) (issue 14).
  special: 3,
  // What composes the rules.
  decisions: 4,
  profile: 4,
  uses: 5,
  channels: 5,
  commands: 5,
  // Standard vocabularies (fideslang, DPV) turned into catalog events, and DPV ids of our legal bases.
  vocabularies: 5,
  // Logs as NDJSON: streamed replay, and writing events one per line.
  ndjson: 5,
  vault: 6,
  // The erasure work list (issue 14): composes the decisions' collection rules and yields commands.
  erasure: 6,
  reports: 7,
  // Snapshots: a ledger's store written as bytes and read back (sealed ones opened with a vault).
  snapshot: 7,
  // src/index.ts, the package's entry point.
  "(root)": 8,
  // Subpath entries: they import the core through src/index.ts only.
  testing: 9,
  emmett: 9,
  // The command-line tool (the bin): imports the core through src/index.ts only; nothing imports it.
  cli: 10,
  postgres: 9,
};
const RULES = 3;

/**
 * Files exempt from the size limits: only generated ones. Keep it so;
 * never add a file of your own to it.
 */
const SIZE_EXEMPT = new Set([
  // Generated from the codecs by scripts/gen-decoders.ts: straight-line code, one decoder per event type.
  "events/decoders.generated.ts",
]);

/**
 * Files that may import another folder's files past its index.ts: none.
 * `_internal` has no barrel at all: its files are generic helpers, imported
 * one by one (date-fns's `_lib` style).
 */
const BARREL_EXEMPT = new Set<string>([]);

interface SourceFile {
  /** Path under src/, with forward slashes. */
  readonly rel: string;
  readonly folder: string;
  readonly sf: ts.SourceFile;
  readonly lines: number;
}

function folderOf(rel: string): string {
  return rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : "(root)";
}

function sources(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (p.endsWith(".ts")) {
        const text = fs.readFileSync(p, "utf8");
        const rel = path.relative(SRC, p).split(path.sep).join("/");
        out.push({ rel, folder: folderOf(rel), sf: ts.createSourceFile(p, text, ts.ScriptTarget.ES2022, true), lines: text.split("\n").length });
      }
    }
  };
  walk(SRC);
  return out;
}

/** Every relative import or re-export of a file, resolved to a path under src/. */
function importsOf(f: SourceFile): string[] {
  const out: string[] = [];
  for (const st of f.sf.statements) {
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier !== undefined && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      if (!spec.startsWith(".")) continue;
      const target = path.resolve(path.dirname(path.join(SRC, f.rel)), spec.replace(/\.js$/, ".ts"));
      out.push(path.relative(SRC, target).split(path.sep).join("/"));
    }
  }
  return out;
}

/** Every function with a body and how many lines it spans, named for the report. */
function functionsOf(f: SourceFile): { name: string; line: number; lines: number }[] {
  const out: { name: string; line: number; lines: number }[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n) && "body" in n && n.body !== undefined) {
      const start = f.sf.getLineAndCharacterOfPosition(n.getStart(f.sf)).line;
      const end = f.sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      const name = "name" in n && n.name !== undefined ? n.name.getText(f.sf) : "(anonymous)";
      out.push({ name, line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(f.sf);
  return out;
}

describe("the layout", () => {
  const files = sources();
  const edges = new Map<string, Set<string>>();
  const crossing: { from: string; to: string }[] = [];
  for (const f of files) {
    for (const target of importsOf(f)) {
      const to = folderOf(target);
      if (to === f.folder) continue;
      crossing.push({ from: f.rel, to: target });
      if (!edges.has(f.folder)) edges.set(f.folder, new Set());
      edges.get(f.folder)!.add(to);
    }
  }

  it("reads every source file, and every folder has a place in the layers", () => {
    expect(files.length).toBeGreaterThan(50);
    const unplaced = [...new Set(files.map((f) => f.folder))].filter((d) => LAYERS[d] === undefined);
    expect(unplaced, "add each new folder to LAYERS").toEqual([]);
  });

  it("the folder import graph has no cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const visit = (d: string) => {
      state.set(d, "open");
      stack.push(d);
      for (const next of edges.get(d) ?? []) {
        if (state.get(next) === "open") cycles.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
        else if (state.get(next) === undefined) visit(next);
      }
      stack.pop();
      state.set(d, "done");
    };
    for (const d of [...edges.keys()].sort()) if (state.get(d) === undefined) visit(d);
    expect(cycles).toEqual([]);
  });

  it("imports run one way: events -> ledger -> rules -> decisions, profile -> reports, channels, commands", () => {
    const against: string[] = [];
    for (const [from, tos] of edges) {
      for (const to of tos) {
        const a = LAYERS[from]!;
        const b = LAYERS[to]!;
        if (!(a > b || (a === RULES && b === RULES))) against.push(`${from} (layer ${a}) -> ${to} (layer ${b})`);
      }
    }
    expect(against).toEqual([]);
  });

  it("another folder is imported through its index.ts", () => {
    const past = crossing
      .filter((x) => folderOf(x.to) !== "_internal" && !BARREL_EXEMPT.has(x.from))
      .filter((x) => !/^[^/]+\/index\.ts$/.test(x.to) && x.to !== "index.ts")
      .map((x) => `${x.from} -> ${x.to}`);
    expect(past).toEqual([]);
  });

  it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
    const long = files.filter((f) => !SIZE_EXEMPT.has(f.rel) && f.lines > MAX_FILE_LINES).map((f) => `${f.rel}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files
      .filter((f) => !SIZE_EXEMPT.has(f.rel))
      .flatMap((f) => functionsOf(f).map((fn) => ({ ...fn, rel: f.rel })))
      .filter((fn) => fn.lines > MAX_FUNCTION_LINES)
      .map((fn) => `${fn.rel}:${fn.line} ${fn.name}: ${fn.lines} lines`);
    expect(long).toEqual([]);
  });

  it("the exemptions name files that exist (a stale entry hides nothing)", () => {
    const names = new Set(files.map((f) => f.rel));
    expect([...SIZE_EXEMPT, ...BARREL_EXEMPT].filter((f) => !names.has(f))).toEqual([]);
  });

  // The checks above must be able to fail: a cycle and a reach past a barrel are seen in a tiny fixture.
  it("detects a reach past a barrel and a file over the limit (self-check)", () => {
    const fake: SourceFile = {
      rel: "decisions/fake.ts",
      folder: "decisions",
      sf: ts.createSourceFile("fake.ts", 'import { x } from "../consent/methods.js";\nfunction f() {\n' + "  x;\n".repeat(MAX_FUNCTION_LINES) + "}\n", ts.ScriptTarget.ES2022, true),
      lines: MAX_FUNCTION_LINES + 3,
    };
    expect(importsOf(fake)).toEqual(["consent/methods.ts"]);
    expect(functionsOf(fake)[0]!.lines).toBeGreaterThan(MAX_FUNCTION_LINES);
  });
});
