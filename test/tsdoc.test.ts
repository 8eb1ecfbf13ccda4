import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Every exported function of every public entry point has TSDoc with a
// summary and an @example (STYLE.md §6): users read the API from their editor.
const entries = ["src/index.ts", "src/testing/index.ts", "src/emmett/index.ts", "src/postgres/index.ts"];

function exportedFunctions(entry: string): { name: string; doc: string; tags: string[] }[] {
  const file = path.resolve(entry);
  const program = ts.createProgram([file], { strict: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  const out: { name: string; doc: string; tags: string[] }[] = [];
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
    const decl = sym.declarations?.[0];
    if (decl === undefined) continue;
    const isFunction = ts.isFunctionDeclaration(decl) || (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && (ts.isArrowFunction(decl.initializer) || ts.isFunctionExpression(decl.initializer)));
    if (!isFunction) continue;
    const doc = ts.displayPartsToString(sym.getDocumentationComment(checker));
    const tags = sym.getJsDocTags(checker).map((t) => t.name);
    out.push({ name: exp.getName(), doc, tags });
  }
  return out;
}

describe("public API documentation", () => {
  for (const entry of entries) {
    it(`every exported function of ${entry} has a summary and an @example`, () => {
      const fns = exportedFunctions(entry);
      expect(fns.length).toBeGreaterThan(0);
      const missing = fns.filter((f) => f.doc.trim() === "" || !f.tags.includes("example")).map((f) => f.name);
      expect(missing).toEqual([]);
    });
  }
});
