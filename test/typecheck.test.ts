/**
 * The project's type check (strict, noUncheckedIndexedAccess,
 * exactOptionalPropertyTypes: tsconfig.json) as one test of `npm test`.
 *
 * It checks the TypeScript files git tracks: src, bench, scripts, the config
 * files and this project's own tests (examples/ is checked against the built
 * package by test/docs/docs.test.ts). A file that is not part of the project —
 * a consumer's or an acceptance suite copied into test/ — is compiled by
 * vitest and passes or fails on its own tests; it is not ours to hold to our
 * compiler settings, and a type error in it must not stop the rest of the
 * suite. Without git (an exported tree), every file tsconfig.json includes is
 * checked.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect, test } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** True when a folder between the file and the project root has a package.json of its own. */
function inOwnPackage(file: string): boolean {
  for (let dir = dirname(file); dir !== "." && dir !== ""; dir = dirname(dir)) if (existsSync(join(root, dir, "package.json"))) return true;
  return false;
}

function trackedTypeScript(): string[] | undefined {
  try {
    const out = execFileSync("git", ["ls-files", "-z", "--", "*.ts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    // examples/ is a user's code: it imports the built package ("lawful-crm"),
    // and test/docs/docs.test.ts type-checks it against dist/ once that is built.
    // A folder with a package.json of its own (examples/emmett-sqlite, or a
    // consumer's package copied into test/) resolves its imports from its own
    // node_modules and is checked by its own tsconfig.
    const files = out.split("\0").filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("examples/") && !inOwnPackage(f));
    return files.length > 0 ? files.map((f) => join(root, f)) : undefined;
  } catch {
    return undefined;
  }
}

test("the project type-checks under tsconfig.json", () => {
  const files = trackedTypeScript();
  let project = join(root, "tsconfig.json");
  if (files !== undefined) {
    // Inside node_modules, so that `types: ["node"]` resolves as from the project root.
    const dir = join(root, "node_modules", ".cache", "lawful-crm-typecheck");
    mkdirSync(dir, { recursive: true });
    project = join(dir, "tsconfig.json");
    writeFileSync(project, JSON.stringify({ extends: join(root, "tsconfig.json"), files, include: [] }, null, 2));
  }
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  let output = "";
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    output = `${err.stdout ?? ""}${err.stderr ?? ""}` || String(e);
  }
  expect(output, "tsc --noEmit reported errors").toBe("");
}, 240_000);
