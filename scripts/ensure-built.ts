/**
 * Builds dist/ unless it was already built from exactly these sources.
 *
 * dist/ is what users get, and what the package's own self-reference
 * (`import ... from "lawful-crm"` inside this repository) resolves to: the
 * examples and the docs test run against it. Three test files need it in one
 * `npm test` (test/package.test.ts and test/emmett/package.test.ts pack it,
 * test/docs/docs.test.ts runs the docs against it) and `npm run demo` needs
 * it on a fresh clone; each calls this, and only the first one builds. What
 * was built from what is a hash of the build's inputs, kept in
 * node_modules/.cache (not in dist/: that is shipped).
 *
 * Run directly (`tsx scripts/ensure-built.ts`) it does the same and says
 * whether it built.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(root, "node_modules", ".cache");
const stampFile = join(cache, "lawful-crm-build.json");

/** Everything tsup reads to write dist/: the sources, its config, the compiler settings and the installed tool versions. */
const INPUT_FILES = ["package.json", "package-lock.json", "tsup.config.ts", "tsconfig.json"];
const INPUT_DIRS = ["src"];

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)]));
}

/** A hash of the build's inputs: same hash, same dist/. */
export function sourceHash(): string {
  const hash = createHash("sha256");
  const files = [...INPUT_FILES.map((f) => join(root, f)).filter(existsSync), ...INPUT_DIRS.flatMap((d) => filesUnder(join(root, d)))].sort();
  for (const file of files) {
    hash.update(relative(root, file).split("\\").join("/"));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The files package.json "exports" points at: a dist/ missing one of them is rebuilt whatever the stamp says. */
function exportedFiles(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (typeof x === "string") out.push(x);
    else if (x !== null && typeof x === "object") for (const v of Object.values(x)) walk(v);
  };
  walk(pkg.exports);
  return out.filter((f) => f.startsWith("./dist/")).map((f) => join(root, f));
}

/**
 * `npm run build` empties dist/ before writing it, so two builds (or a build
 * and a pack) in the same checkout must not overlap: they hold a
 * per-checkout lock. A lock older than the wait is left over from a killed
 * run and is taken over.
 */
export function withBuildLock<T>(fn: () => T): T {
  const lock = join(cache, "lawful-crm-package-test.lock");
  const maxWait = 180_000;
  mkdirSync(dirname(lock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let age = 0;
    try {
      age = Date.now() - statSync(lock).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    if (age > maxWait) rmSync(lock, { recursive: true, force: true });
    else if (Date.now() - started > maxWait) throw new Error(`gave up waiting for ${lock}`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds dist/ (`npm run build`) if it is missing a file or was built from
 * other inputs; returns whether it built. Call it inside `withBuildLock`.
 */
export function ensureBuiltLocked(): boolean {
  const hash = sourceHash();
  let stamp: string | undefined;
  try {
    stamp = (JSON.parse(readFileSync(stampFile, "utf8")) as { hash?: string }).hash;
  } catch {
    stamp = undefined;
  }
  if (stamp === hash && exportedFiles().every(existsSync)) return false;
  rmSync(stampFile, { force: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  try {
    execFileSync(npm, ["run", "build"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: process.platform === "win32" });
  } catch (e) {
    const err = e as { stdout?: unknown; stderr?: unknown; message: string };
    throw new Error(`npm run build failed\n${err.message}\n${String(err.stdout ?? "")}\n${String(err.stderr ?? "")}`);
  }
  mkdirSync(cache, { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ hash }));
  return true;
}

/** `ensureBuiltLocked` under the build lock. */
export function ensureBuilt(): boolean {
  return withBuildLock(ensureBuiltLocked);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(ensureBuilt() ? "dist/ built" : "dist/ is up to date");
}
