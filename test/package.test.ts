/**
 * The published package, as a user gets it: build, `npm pack`, install the
 * tarball (plus the fp-ts and io-ts peers) into a scratch project, then load it
 * with `import` (ESM) and `require` (CJS) in plain Node, and type-check a
 * consumer under `moduleResolution: nodenext` for both conditions.
 */
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const isWindows = process.platform === "win32";
const npm = isWindows ? "npm.cmd" : "npm";

let work = "";
let app = "";
let tarballFiles: string[] = [];

function run(cmd: string, args: readonly string[], cwd: string, extra: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: isWindows, ...extra }).toString();
  } catch (e) {
    const err = e as { stdout?: unknown; stderr?: unknown; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}\n${err.message}\n${String(err.stdout ?? "")}\n${String(err.stderr ?? "")}`);
  }
}

/**
 * `npm run build` empties dist/ before writing it, so two test runs in the same
 * checkout (say, `npm test` in two terminals) could pack each other's half-built
 * dist/. Build and pack hold a per-checkout lock; a lock older than the wait is
 * left over from a killed run and is taken over.
 */
function withBuildLock<T>(fn: () => T): T {
  const lock = join(root, "node_modules", ".cache", "lawful-crm-package-test.lock");
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

function installedVersion(pkg: string): string {
  const json = JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string };
  return json.version;
}

/** Runs a script in the scratch project with plain Node and returns what it printed as JSON. */
function runScript(name: string, source: string): Record<string, unknown> {
  writeFileSync(join(app, name), source);
  return JSON.parse(run(process.execPath, [name], app)) as Record<string, unknown>;
}

const goodEvent = {
  id: "e1",
  type: "PurposeDeclared",
  at: "2024-01-01T00:00:00Z",
  data: { purpose: "marketing", description: "Marketing", legalBases: ["consent"] },
};
const badEvent = { ...goodEvent, data: { ...goodEvent.data, legalBases: [] } };
const query = { subject: "anna", purpose: "marketing", fields: ["email"], actor: { id: "bob", roles: ["marketer"] }, at: "2024-02-01T00:00:00Z" };

/** The same checks, once with `import`, once with `require`. */
function probe(kind: "esm" | "cjs"): string {
  const load =
    kind === "esm"
      ? `import { replay, canUse, decodeEvent } from "lawful-crm";\nimport * as E from "fp-ts/lib/Either.js";\nimport * as t from "io-ts";`
      : `const { replay, canUse, decodeEvent } = require("lawful-crm");\nconst E = require("fp-ts/lib/Either.js");\nconst t = require("io-ts");`;
  return `${load}
const ledger = replay([]);
const good = decodeEvent(${JSON.stringify(goodEvent)});
const bad = decodeEvent(${JSON.stringify(badEvent)});
const full = replay([${JSON.stringify(goodEvent)}]);
const decision = canUse(full, ${JSON.stringify(query)});
console.log(JSON.stringify({
  types: [typeof replay, typeof canUse, typeof decodeEvent],
  size: ledger.size,
  frozen: Object.isFrozen(ledger),
  goodIsRight: E.isRight(good),
  badIsLeft: E.isLeft(bad),
  badMessage: E.isLeft(bad) ? bad.left.message : null,
  fullSize: full.size,
  fullAccepted: full.accepted,
  allowed: decision.allowed,
  ioTs: typeof t.string.decode,
}));
`;
}

describe("npm package", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "lawful-crm-pack-"));
    app = join(work, "app");
    mkdirSync(app);

    const packed = withBuildLock(() => {
      run(npm, ["run", "build"], root);
      // The build just ran; --ignore-scripts keeps `prepack` from building again.
      return JSON.parse(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root)) as {
        filename: string;
        files: { path: string }[];
      }[];
    });
    const info = packed[0];
    if (info === undefined) throw new Error("npm pack printed no package");
    tarballFiles = info.files.map((f) => f.path);
    const tarball = join(work, info.filename);

    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch", version: "0.0.0", private: true }, null, 2));
    // Same peer versions as the dev install, so the npm cache usually has them.
    const args = ["install", "--no-audit", "--no-fund", "--no-package-lock", tarball, `fp-ts@${installedVersion("fp-ts")}`, `io-ts@${installedVersion("io-ts")}`];
    try {
      run(npm, [...args, "--offline"], app);
    } catch {
      run(npm, [...args, "--prefer-offline"], app);
    }
  }, 420_000);

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("ships the built entry points and their types, and no sources or tests", () => {
    for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "package.json", "README.md", "CHANGELOG.md"]) {
      expect(tarballFiles).toContain(f);
    }
    expect(tarballFiles.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).toEqual([]);
  });

  it("keeps fp-ts and io-ts as shared peers, immer and uuid external", () => {
    const dir = join(app, "node_modules", "lawful-crm");
    expect(existsSync(join(dir, "node_modules", "fp-ts"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", "io-ts"))).toBe(false);
    for (const file of ["dist/index.js", "dist/index.cjs"]) {
      const code = readFileSync(join(dir, file), "utf8");
      expect(code).toMatch(/["']io-ts["']/);
      expect(code).toMatch(/["']fp-ts\/lib\/Either\.js["']/);
    }
  });

  it.each(["esm", "cjs"] as const)("loads with %s in plain Node", (kind) => {
    const out = runScript(kind === "esm" ? "probe.mjs" : "probe.cjs", probe(kind));
    expect(out).toMatchObject({
      types: ["function", "function", "function"],
      size: 0,
      goodIsRight: true,
      badIsLeft: true,
      fullSize: 1,
      fullAccepted: 1,
      allowed: false,
      ioTs: "function",
    });
    expect(out["badMessage"]).toEqual(expect.stringContaining("legalBases"));
  });

  it("type-checks a consumer and the README quick start under nodenext, for import and require", () => {
    writeFileSync(
      join(app, "consumer.mts"),
      `import { replay, canUse, decodeEvent, type Ledger, type Decision } from "lawful-crm";
import * as E from "fp-ts/Either";
const ledger: Ledger = replay([]);
const decoded = decodeEvent({});
const message: string = E.isLeft(decoded) ? decoded.left.message : decoded.right.type;
const decision: Decision = canUse(ledger, ${JSON.stringify(query)});
export { message, decision };
`,
    );
    writeFileSync(
      join(app, "consumer.cts"),
      `import lawful = require("lawful-crm");
import * as E from "fp-ts/Either";
const ledger: lawful.Ledger = lawful.replay([]);
const decoded = lawful.decodeEvent({});
export const message: string = E.isLeft(decoded) ? decoded.left.message : decoded.right.type;
export const size: number = ledger.size;
`,
    );
    // The README's quick start must compile against the published types too.
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const quickStart = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((code) => code.includes('from "lawful-crm"'));
    expect(quickStart, "README.md has a ```ts quick start importing lawful-crm").toBeDefined();
    writeFileSync(join(app, "readme.mts"), `${quickStart ?? ""}\nexport {};\n`);
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022", "dom"],
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ["consumer.mts", "consumer.cts", "readme.mts"],
      }),
    );
    run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
  }, 120_000);
});
