/**
 * Finds the code a reader copies: the ```ts blocks of README.md and docs/,
 * and the `@example`s of every export of the package's entry points. Used by
 * test/docs/docs.test.ts, which type-checks and runs them.
 *
 * The conventions (docs/docs-that-run.md, README "Development"):
 * - ```ts is a complete program: it type-checks against the built package and
 *   runs as written.
 * - ```ts fragment is not run; its first line is a `//` comment saying why.
 * - `//=> text` after a statement states what that line prints; each further
 *   line holding only `//=> text` continues it (a multi-line output).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";

export const root = resolve(import.meta.dirname, "..", "..");

export interface Block {
  /** The file it is written in, relative to the repository, with forward slashes. */
  readonly source: string;
  /** The line (1-based) of the source on which its first line of code stands. */
  readonly line: number;
  /** For an `@example`: the export it documents, as `entry: name`. */
  readonly symbol?: string;
  /** The fence's info string (`ts`, `ts fragment`). */
  readonly info: string;
  readonly fragment: boolean;
  readonly code: string;
}

/** A statement that states what it prints: its lines in the block (1-based, inclusive) and the printed lines. */
export interface Expectation {
  readonly from: number;
  readonly to: number;
  readonly expected: readonly string[];
}

/** Info strings of code a reader would run, other than ```ts: refused, so that no such block escapes the check. */
const OTHER_CODE = new Set(["typescript", "js", "javascript", "tsx", "jsx", "mjs", "cjs", "mts", "cts"]);

/** A fence the conventions do not allow, with where it is. */
export interface BadFence {
  readonly source: string;
  readonly line: number;
  readonly info: string;
  readonly problem: string;
}

/**
 * The fenced code blocks of some markdown lines (`firstLine` is the source
 * line of `lines[0]`): ```ts blocks, and every fence that looks like code
 * but is not written ```ts or ```ts fragment.
 */
export function fencedBlocks(source: string, lines: readonly string[], firstLine: number, symbol?: string): { blocks: Block[]; bad: BadFence[] } {
  const blocks: Block[] = [];
  const bad: BadFence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(.*?)\s*$/.exec(lines[i] ?? "");
    // CommonMark: a backtick fence's info string has no backtick (else the line is inline code).
    if (open === null || (open[2]?.startsWith("`") === true && open[3]?.includes("`") === true)) continue;
    const [, indent = "", fence = "```", info = ""] = open;
    let end = i + 1;
    while (end < lines.length && !new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`).test(lines[end] ?? "")) end++;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const [lang = "", ...flags] = info.split(/\s+/).filter((x) => x !== "");
    const where = { source, line: firstLine + i, info };
    if (lang === "ts") {
      const unknown = flags.filter((f) => f !== "fragment");
      if (unknown.length > 0) bad.push({ ...where, problem: `unknown flag ${unknown.join(" ")} (only "fragment" is known)` });
      blocks.push({ source, line: firstLine + i + 1, ...(symbol === undefined ? {} : { symbol }), info, fragment: flags.includes("fragment"), code: body.join("\n") });
    } else if (OTHER_CODE.has(lang.toLowerCase())) {
      bad.push({ ...where, problem: "write code blocks as ```ts, which are checked" });
    }
    i = end;
  }
  return { blocks, bad };
}

/** The markdown files whose code is checked: README.md and everything under docs/. */
export function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".md") ? [join(dir, d.name)] : []))
      .sort();
  return [join(root, "README.md"), ...walk(join(root, "docs"))];
}

export function markdownBlocks(): { blocks: Block[]; bad: BadFence[] } {
  const blocks: Block[] = [];
  const bad: BadFence[] = [];
  for (const file of markdownFiles()) {
    const found = fencedBlocks(rel(file), readFileSync(file, "utf8").split("\n"), 1);
    blocks.push(...found.blocks);
    bad.push(...found.bad);
  }
  return { blocks, bad };
}

/** The package's entry points: what `import ... from "lawful-crm"`, `"lawful-crm/testing"` and `"lawful-crm/emmett"` reach. */
export const ENTRIES = ["src/index.ts", "src/testing/index.ts", "src/emmett/index.ts"];

/**
 * Every `@example` of every export of the entry points, read from the
 * source text so that each line of code keeps its line number. `*\/` (how
 * a comment writes `*` + `/`) is unescaped.
 */
export function tsdocExamples(): { blocks: Block[]; bad: BadFence[]; withoutCode: string[] } {
  const files = ENTRIES.map((e) => join(root, e));
  const program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true });
  const checker = program.getTypeChecker();
  const seen = new Set<string>();
  const blocks: Block[] = [];
  const bad: BadFence[] = [];
  const withoutCode: string[] = [];
  for (const entry of ENTRIES) {
    const sf = program.getSourceFile(join(root, entry));
    const moduleSymbol = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
    if (moduleSymbol === undefined) throw new Error(`cannot read the exports of ${entry}`);
    for (const exp of checker.getExportsOfModule(moduleSymbol)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      for (const decl of sym.declarations ?? []) {
        for (const tag of ts.getJSDocTags(decl)) {
          if (tag.tagName.text !== "example") continue;
          const file = decl.getSourceFile();
          const key = `${file.fileName}:${tag.getStart(file)}`;
          if (seen.has(key)) continue; // re-exported by another entry, or one doc for several overloads
          seen.add(key);
          const first = file.getLineAndCharacterOfPosition(tag.getStart(file)).line;
          const last = file.getLineAndCharacterOfPosition(tag.getEnd()).line;
          const lines = file.text
            .split("\n")
            .slice(first, last + 1)
            .map((l) => l.replace(/^\s*\/?\*+\/?\s?/, "").replace(/\*\\\//g, "*/"));
          const symbol = `${entry}: ${exp.getName()}`;
          const found = fencedBlocks(rel(file.fileName), lines, first + 1, symbol);
          if (found.blocks.length === 0) withoutCode.push(`${symbol} (${rel(file.fileName)}:${first + 1})`);
          blocks.push(...found.blocks);
          bad.push(...found.bad);
        }
      }
    }
  }
  return { blocks, bad, withoutCode };
}

/**
 * The statements of a block that say what they print (`//=>`). A `//=>` after
 * code belongs to that line; `//=>` lines of their own continue the output
 * of the statement just above them (all its lines: a call that spans several
 * lines prints from the line it starts on).
 */
export function expectations(code: string): Expectation[] {
  const out: { from: number; to: number; expected: string[] }[] = [];
  const lines = code.split("\n");
  const sf = ts.createSourceFile("block.ts", code, ts.ScriptTarget.ES2022, true);
  /** The first line of the innermost statement that ends on `line` (1-based). */
  const statementStart = (line: number): number => {
    let best: { start: number; size: number } | undefined;
    const visit = (n: ts.Node) => {
      if (ts.isExpressionStatement(n) || ts.isVariableStatement(n)) {
        const start = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
        const end = sf.getLineAndCharacterOfPosition(n.getEnd()).line + 1;
        if (end === line && (best === undefined || end - start < best.size)) best = { start, size: end - start };
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return best?.start ?? line;
  };
  let lastCode: number | undefined;
  let current: { from: number; to: number; expected: string[] } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? "";
    const m = /^(.*?)\/\/=>(.*)$/.exec(text);
    if (m === null) {
      const t = text.trim();
      if (t !== "" && !t.startsWith("//")) lastCode = i + 1;
      continue;
    }
    const [, before = "", after = ""] = m;
    const printed = after.replace(/^ /, "");
    if (before.trim() !== "") {
      current = { from: i + 1, to: i + 1, expected: [printed] };
      out.push(current);
      lastCode = i + 1;
    } else if (current !== undefined && current.to === lastCode) {
      current.expected.push(printed);
    } else if (lastCode !== undefined) {
      current = { from: statementStart(lastCode), to: lastCode, expected: [printed] };
      out.push(current);
    } else {
      throw new Error(`line ${i + 1}: a "//=>" line continues the output of the statement above it, and there is none`);
    }
  }
  return out;
}

/** Whitespace-insensitive form of printed text: line breaks and indentation depend on the width of a value, not on its content. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Where a block is, for a test's name and its failures: `docs/testing.md:27`, or `canUse (src/decisions/canUse.ts:85)`. */
export function label(block: Block): string {
  return block.symbol === undefined ? `${block.source}:${block.line}` : `@example of ${block.symbol} (${block.source}:${block.line})`;
}

function rel(file: string): string {
  return relative(root, file).split("\\").join("/");
}
