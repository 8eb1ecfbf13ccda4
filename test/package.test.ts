/**
 * The published package, as a user gets it: build, `npm pack`, install the
 * tarball (plus the fp-ts and io-ts peers) into a scratch project, then load it
 * with `import` (ESM) and `require` (CJS) in plain Node, and type-check a
 * consumer under `moduleResolution: nodenext` for both conditions. The same
 * tarball is linted (publint, @arethetypeswrong/cli), its entry points are
 * checked to load nothing but the runtime dependencies the README lists, and
 * consumers with their own fp-ts and io-ts are run in Node and bundled with
 * esbuild to show that the application holds one copy of each.
 */
import { execFile, execFileSync, spawnSync, type ExecFileSyncOptions } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuiltLocked, withBuildLock } from "../scripts/ensure-built.js";

const root = resolve(import.meta.dirname, "..");
const isWindows = process.platform === "win32";
const npm = isWindows ? "npm.cmd" : "npm";

let work = "";
let app = "";
let tarball = "";
let tarballFiles: string[] = [];
/** @arethetypeswrong/cli on the tarball, started as soon as it is packed (it takes seconds: it loads TypeScript). */
let attwRun: Promise<{ code: number; stdout: string; stderr: string }> | undefined;

function run(cmd: string, args: readonly string[], cwd: string, extra: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: isWindows, ...extra }).toString();
  } catch (e) {
    const err = e as { stdout?: unknown; stderr?: unknown; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}\n${err.message}\n${String(err.stdout ?? "")}\n${String(err.stderr ?? "")}`);
  }
}

function installedVersionIn(dir: string, pkg: string): string {
  return (JSON.parse(readFileSync(join(dir, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
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
      ? `import { replay, canUse, decodeEvent, decide, decideUnknown, decideAndApply, fromFideslang } from "lawful-crm";\nimport * as E from "fp-ts/lib/Either.js";\nimport * as t from "io-ts";`
      : `const { replay, canUse, decodeEvent, decide, decideUnknown, decideAndApply, fromFideslang } = require("lawful-crm");\nconst E = require("fp-ts/lib/Either.js");\nconst t = require("io-ts");`;
  return `${load}
const ledger = replay([]);
const good = decodeEvent(${JSON.stringify(goodEvent)});
const bad = decodeEvent(${JSON.stringify(badEvent)});
const full = replay([${JSON.stringify(goodEvent)}]);
const decision = canUse(full, ${JSON.stringify(query)});
const context = { now: () => "2024-01-01T00:00:00Z", newId: () => "e-1" };
const decided = decide({ type: "retireSource", data: { source: "web" } }, ledger, context);
const applied = decideAndApply({ type: "retireSource", data: { source: "web" } }, ledger, context);
const refused = decideUnknown({ type: "retireSource", data: {} }, ledger, context);
// A standard vocabulary: two fideslang data uses become PurposeDeclared events, parent first.
const vocabulary = fromFideslang({ data_use: [
  { fides_key: "marketing.advertising", name: "Advertising", description: "Ads", parent_key: "marketing" },
  { fides_key: "marketing", name: "Marketing", description: "Marketing" },
] }, { at: "2024-01-01T00:00:00Z", idPrefix: "fides:", legalBases: ["consent"] });
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
  decided: E.isRight(decided) ? decided.right.map((e) => e.type) : null,
  appliedAccepted: E.isRight(applied) ? applied.right.ledger.accepted : null,
  refused: E.isLeft(refused) ? refused.left.map((e) => e.code + ": " + e.message) : null,
  vocabulary: E.isRight(vocabulary) ? replay(vocabulary.right.events).rejected.length === 0 && vocabulary.right.events.map((e) => e.data.purpose) : vocabulary.left,
}));
`;
}

/**
 * A consumer that brings its own fp-ts and io-ts and mixes them with ours: the
 * library's codecs must be instances of the consumer's `t.Type` (one io-ts
 * class, so one copy of io-ts), compose inside the consumer's `t.type`, and
 * the consumer's Either helpers must chain into and match the library's
 * results. `fpTs` is how the consumer names an fp-ts module: `fp-ts/lib/X.js`
 * in Node ESM (which cannot import fp-ts's directories), `fp-ts/X` elsewhere,
 * as fp-ts recommends.
 */
function interopProbe(kind: "esm" | "cjs", fpTs: (module: string) => string): string {
  const load =
    kind === "esm"
      ? `import { decodeEvent, FactRecorded, LedgerEventCodec, LegalBasis } from "lawful-crm";
import * as E from ${JSON.stringify(fpTs("Either"))};
import { pipe } from ${JSON.stringify(fpTs("function"))};
import * as t from "io-ts";`
      : `const { decodeEvent, FactRecorded, LedgerEventCodec, LegalBasis } = require("lawful-crm");
const E = require(${JSON.stringify(fpTs("Either"))});
const { pipe } = require(${JSON.stringify(fpTs("function"))});
const t = require("io-ts");`;
  return `${load}
const fact = ${JSON.stringify(factEvent)};
// The consumer's codec, built with its own io-ts around ours.
const Inbox = t.type({ receivedAt: t.string, events: t.array(LedgerEventCodec), basis: LegalBasis });
const good = Inbox.decode({ receivedAt: "today", events: [fact], basis: "contract" });
const bad = Inbox.decode({ receivedAt: "today", events: [{ ...fact, data: { ...fact.data, basis: "because" } }], basis: "contract" });
const typeOf = (x) => pipe(E.right(x), E.chain(decodeEvent), E.match(() => "rejected", (e) => e.type));
console.log(JSON.stringify({
  ourCodecsAreTheirTypes: [FactRecorded, LedgerEventCodec, LegalBasis].map((c) => c instanceof t.Type),
  composedIsType: Inbox instanceof t.Type,
  composedGood: E.isRight(good) && good.right.events[0].type,
  composedBad: E.isLeft(bad),
  arrayIs: t.array(FactRecorded).is([fact]),
  unionDecodes: E.isRight(t.union([FactRecorded, t.type({ type: t.literal("Other") })]).decode(fact)),
  chained: [typeOf(fact), typeOf({})],
  theirLeftPassesThrough: pipe(E.left("mine"), E.chain(decodeEvent), E.match((l) => l, () => "right")),
  ourLeftFolds: E.fold((err) => typeof err.message, () => "right")(decodeEvent({})),
}));
`;
}

const interopExpected = {
  ourCodecsAreTheirTypes: [true, true, true],
  composedIsType: true,
  composedGood: "FactRecorded",
  composedBad: true,
  arrayIs: true,
  unionDecodes: true,
  chained: ["FactRecorded", "rejected"],
  theirLeftPassesThrough: "mine",
  ourLeftFolds: "string",
};

/**
 * A file under `<app>/node_modules/<package>/...` → `<package>` (scoped names
 * kept whole) and the folder inside it (`lib`, `es6`, ...); anything else →
 * undefined.
 */
function packageOf(file: string): { name: string; folder: string } | undefined {
  const rel = relative(join(app, "node_modules"), file).split(/[\\/]/);
  if (rel[0] === ".." || rel[0] === undefined || rel[0] === "") return undefined;
  const scoped = rel[0].startsWith("@");
  const name = scoped ? `${rel[0]}/${rel[1] ?? ""}` : rel[0];
  return { name, folder: rel[scoped ? 2 : 1] ?? "" };
}

/** The package a bare specifier names (`fp-ts/lib/Either.js` → `fp-ts`), or `node:` for a built-in. */
function specifierPackage(specifier: string, imports: Record<string, Record<string, string>>): string {
  if (specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0] ?? "")) return "node:";
  if (specifier.startsWith("#")) {
    // package.json "imports": `#fp-ts/*` → { module: "fp-ts/*", default: "fp-ts/lib/*.js" }
    const key = Object.keys(imports).find((k) => (k.endsWith("*") ? specifier.startsWith(k.slice(0, -1)) : specifier === k));
    const target = key === undefined ? undefined : imports[key]?.["default"];
    if (target === undefined) return `unmapped ${specifier}`;
    return specifierPackage(target, imports);
  }
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? specifier);
}

// What README.md ("Runtime dependencies, and why") says the library loads at
// run time; lawful-crm/emmett also imports its optional peer, Emmett, and
// lawful-crm/postgres may import its optional peer, pg (it takes the caller's
// pool and imports none today). The command-line tool's dependencies must
// not appear here: the bin loads them.
const RUNTIME_PACKAGES = ["fp-ts", "io-ts", "immer", "uuid"];
const ENTRY_EXTRA: Record<string, string[]> = { "./emmett": ["@event-driven-io/emmett"], "./postgres": ["pg"] };

const factEvent = {
  id: "e2",
  type: "FactRecorded",
  at: "2024-02-01T10:00:00Z",
  subject: "anna",
  data: { fact: "f1", field: "email", value: "anna@example.org", category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" },
};

describe("npm package", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "lawful-crm-pack-"));
    app = join(work, "app");
    mkdirSync(app);

    // dist/ is built once per set of sources (scripts/ensure-built.ts: the
    // docs test runs against the same build); the lock keeps another build
    // from emptying it while it is packed.
    const packed = withBuildLock(() => {
      ensureBuiltLocked();
      // dist/ is built; --ignore-scripts keeps `prepack` from building again.
      return JSON.parse(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root)) as {
        filename: string;
        files: { path: string }[];
      }[];
    });
    const info = packed[0];
    if (info === undefined) throw new Error("npm pack printed no package");
    tarballFiles = info.files.map((f) => f.path);
    tarball = join(work, info.filename);
    const attw = join(root, "node_modules", "@arethetypeswrong", "cli");
    const attwBin = join(attw, (JSON.parse(readFileSync(join(attw, "package.json"), "utf8")) as { bin: { attw: string } }).bin.attw);
    attwRun = new Promise((done) => {
      execFile(process.execPath, [attwBin, tarball, "--format", "json"], { cwd: work, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        done({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
      });
    });

    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch", version: "0.0.0", private: true }, null, 2));
    // Same peer versions as the dev install, so the npm cache usually has them.
    const args = ["install", "--no-audit", "--no-fund", "--no-package-lock", tarball, `fp-ts@${installedVersion("fp-ts")}`, `io-ts@${installedVersion("io-ts")}`];
    try {
      run(npm, [...args, "--offline"], app);
    } catch {
      run(npm, [...args, "--prefer-offline"], app);
    }
  }, 420_000);

  afterAll(async () => {
    await attwRun;
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("ships the built entry points and their types, and no sources or tests", () => {
    for (const f of ["dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts", "dist/cli.js", "package.json", "README.md", "CHANGELOG.md"]) {
      expect(tarballFiles).toContain(f);
    }
    expect(tarballFiles.filter((f) => f.startsWith("src/") || f.startsWith("test/"))).toEqual([]);
  });

  it("keeps fp-ts and io-ts as shared peers, immer and uuid external", () => {
    const dir = join(app, "node_modules", "lawful-crm");
    expect(existsSync(join(dir, "node_modules", "fp-ts"))).toBe(false);
    expect(existsSync(join(dir, "node_modules", "io-ts"))).toBe(false);
    for (const file of ["dist/index.js", "dist/index.cjs"]) {
      expect(readFileSync(join(dir, file), "utf8")).toMatch(/["']io-ts["']/);
    }
    // The ESM build reaches fp-ts through the package's "imports" map, which
    // lets a bundler pick fp-ts's ES build (tsup.config.ts); `require` loads
    // the CommonJS one.
    expect(readFileSync(join(dir, "dist/index.js"), "utf8")).toMatch(/["']#fp-ts\/Either["']/);
    expect(readFileSync(join(dir, "dist/index.js"), "utf8")).not.toMatch(/["']fp-ts\//);
    expect(readFileSync(join(dir, "dist/index.cjs"), "utf8")).toMatch(/["']fp-ts\/lib\/Either\.js["']/);
  });

  it("ships the MIT LICENSE, and a source map with its sources for every built file", () => {
    expect(tarballFiles).toContain("LICENSE");
    const dir = join(app, "node_modules", "lawful-crm");
    const license = readFileSync(join(dir, "LICENSE"), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 the lawful-crm authors\n/);
    expect((JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { license: string }).license).toBe("MIT");
    const built = tarballFiles.filter((f) => /^dist\/.*\.c?js$/.test(f));
    expect(built.length).toBeGreaterThanOrEqual(6);
    for (const file of built) {
      expect(tarballFiles, file).toContain(`${file}.map`);
      const code = readFileSync(join(dir, file), "utf8");
      const comments = code.match(/^\/\/# sourceMappingURL=.*$/gm) ?? [];
      expect(comments, file).toEqual([`//# sourceMappingURL=${file.split("/").pop() ?? ""}.map`]);
      const map = JSON.parse(readFileSync(join(dir, `${file}.map`), "utf8")) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sources.length, file).toBeGreaterThan(0);
      // src/ is not in the tarball, so the map must carry the sources itself.
      expect(map.sources.every((source) => source.endsWith(".ts")), file).toBe(true);
      expect(map.sourcesContent?.length, file).toBe(map.sources.length);
      expect(map.sourcesContent?.every((content) => typeof content === "string" && content.length > 0), file).toBe(true);
    }
  });

  it("passes publint with every suggestion treated as an error", async () => {
    const bytes = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: "suggestion",
      strict: true,
    });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`)).toEqual([]);
  });

  it("passes @arethetypeswrong/cli for every entry point and module resolution", async () => {
    const attw = await attwRun;
    // Exits non-zero on any problem; the JSON lists them.
    expect(attw?.code, `${attw?.stderr ?? ""}${attw?.stdout ?? ""}`).toBe(0);
    const report = JSON.parse(attw?.stdout ?? "") as {
      problems: Record<string, unknown>;
      analysis: { problems: unknown[]; entrypoints: Record<string, unknown> };
    };
    expect(report.analysis.problems).toEqual([]);
    expect(report.problems).toEqual({});
    expect(Object.keys(report.analysis.entrypoints).sort()).toEqual([".", "./emmett", "./package.json", "./postgres", "./testing"]);
  }, 120_000);

  it("its entry points import nothing but the runtime dependencies the README lists", async () => {
    const dir = join(app, "node_modules", "lawful-crm");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      exports: Record<string, string | Record<string, { default: string }>>;
      imports: Record<string, Record<string, string>>;
    };
    const checked: string[] = [];
    for (const [entry, conditions] of Object.entries(pkg.exports)) {
      if (typeof conditions === "string") continue; // ./package.json
      for (const condition of ["import", "require"]) {
        const file = conditions[condition]?.default;
        expect(file, `${entry} has a ${condition} build`).toBeDefined();
        // esbuild parses the file and lists its imports (all left external).
        const { metafile } = await build({ entryPoints: [join(dir, file ?? "")], bundle: true, write: false, metafile: true, external: ["*"], platform: "node", logLevel: "silent" });
        const specifiers = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
        const packages = [...new Set(specifiers.map((x) => specifierPackage(x, pkg.imports)))].filter((x) => x !== "node:" && x !== "lawful-crm").sort();
        const allowed = [...RUNTIME_PACKAGES, ...(ENTRY_EXTRA[entry] ?? [])];
        expect(packages.filter((p) => !allowed.includes(p)), `${entry} (${condition}) imports packages the README does not list`).toEqual([]);
        checked.push(`${entry} ${condition}`);
      }
    }
    expect(checked).toEqual([". import", ". require", "./testing import", "./testing require", "./emmett import", "./emmett require", "./postgres import", "./postgres require"]);
  });

  it("the lawful-crm bin imports the library by its own name, cli-progress and Node built-ins, nothing else", async () => {
    const dir = join(app, "node_modules", "lawful-crm");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { bin: Record<string, string>; imports: Record<string, Record<string, string>> };
    expect(pkg.bin).toEqual({ "lawful-crm": "dist/cli.js" });
    const bin = readFileSync(join(dir, "dist/cli.js"), "utf8");
    expect(bin.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const { metafile } = await build({ entryPoints: [join(dir, "dist/cli.js")], bundle: true, write: false, metafile: true, external: ["*"], platform: "node", format: "esm", logLevel: "silent" });
    const specifiers = Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect([...new Set(specifiers.map((x) => specifierPackage(x, pkg.imports)))].filter((x) => x !== "node:").sort()).toEqual(["cli-progress", "lawful-crm"]);
  });

  it("npx lawful-crm works in the scratch project: --help, --version, validate and check on a log", () => {
    const npx = isWindows ? "npx.cmd" : "npx";
    const help = run(npx, ["--no-install", "lawful-crm", "--help"], app);
    expect(help).toContain("Usage: lawful-crm <command> <log> [options]");
    expect(run(npx, ["--no-install", "lawful-crm", "--version"], app)).toBe(`${installedVersionIn(app, "lawful-crm")}\n`);
    writeFileSync(join(app, "events.ndjson"), `${JSON.stringify(goodEvent)}\n${JSON.stringify(factEvent)}\n`);
    const validated = JSON.parse(run(npx, ["--no-install", "lawful-crm", "validate", "events.ndjson", "--json"], app)) as Record<string, unknown>;
    expect(validated).toMatchObject({ ok: true, lines: 2, events: 2, accepted: 2, rejected: [] });
    // check exits 2: denied, anna never consented to marketing.
    const check = spawnSync(npx, ["--no-install", "lawful-crm", "check", "events.ndjson", "--subject", "anna", "--purpose", "marketing", "--fields", "email", "--roles", "marketer", "--at", "2024-03-01T00:00:00Z"], {
      cwd: app,
      encoding: "utf8",
      shell: isWindows,
    });
    expect(check.status, check.stderr).toBe(2);
    expect(check.stdout).toMatch(/^DENIED: use of email of "anna" for "marketing" at 2024-03-01T00:00:00Z\n/);
  }, 60_000);

  it.each(["esm", "cjs"] as const)("loading the core and lawful-crm/testing with %s loads only those packages, from one copy each", (kind) => {
    let loaded: string[];
    if (kind === "esm") {
      // A resolve hook logs every module the ES loader resolves; CommonJS files
      // it hands to the CJS loader (fp-ts/lib, io-ts/lib) are in require.cache.
      writeFileSync(
        join(app, "log-hooks.mjs"),
        `import { appendFileSync } from "node:fs";
let log = "";
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(log, result.url + "\\n");
  return result;
}
`,
      );
      writeFileSync(join(app, "resolved.log"), "");
      writeFileSync(
        join(app, "load-esm.mjs"),
        `import { createRequire, register } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
const log = fileURLToPath(new URL("./resolved.log", import.meta.url));
register("./log-hooks.mjs", import.meta.url, { data: { log } });
await import("lawful-crm");
await import("lawful-crm/testing");
const resolved = readFileSync(log, "utf8").split("\\n").filter(Boolean);
console.log(JSON.stringify([...resolved, ...Object.keys(createRequire(import.meta.url).cache)]));
`,
      );
      loaded = JSON.parse(run(process.execPath, ["load-esm.mjs"], app)) as string[];
    } else {
      writeFileSync(join(app, "load-cjs.cjs"), `require("lawful-crm");\nrequire("lawful-crm/testing");\nconsole.log(JSON.stringify(Object.keys(require.cache)));\n`);
      loaded = JSON.parse(run(process.execPath, ["load-cjs.cjs"], app)) as string[];
    }
    const files = loaded.filter((x) => !x.startsWith("node:")).map((x) => (x.startsWith("file:") ? fileURLToPath(x) : x));
    const outside = files.filter((f) => packageOf(f) === undefined && !/load-(esm|cjs)\.c?m?js$/.test(f));
    expect(outside).toEqual([]);
    const packages = files.map(packageOf).filter((p) => p !== undefined);
    expect([...new Set(packages.map((p) => p.name))].sort()).toEqual(["lawful-crm", ...RUNTIME_PACKAGES].sort());
    // Plain Node runs fp-ts's and io-ts's CommonJS builds, and only those.
    for (const peer of ["fp-ts", "io-ts"]) {
      expect([...new Set(packages.filter((p) => p.name === peer).map((p) => p.folder))], peer).toEqual(["lib"]);
    }
  });

  it.each(["esm", "cjs"] as const)("the %s consumer with its own fp-ts and io-ts composes with the library in plain Node", (kind) => {
    const out = runScript(kind === "esm" ? "interop.mjs" : "interop.cjs", interopProbe(kind, (m) => (kind === "esm" ? `fp-ts/lib/${m}.js` : `fp-ts/${m}`)));
    expect(out).toEqual(interopExpected);
  });

  it.each([
    ["esm", "browser"],
    ["esm", "node"],
    ["cjs", "browser"],
    ["cjs", "node"],
  ] as const)("the %s consumer bundled by esbuild for %s holds one copy of fp-ts and io-ts, and composes with the library", async (kind, platform) => {
    const source = join(app, `bundled-${kind}.${kind === "esm" ? "mjs" : "cjs"}`);
    writeFileSync(source, interopProbe(kind, (m) => `fp-ts/${m}`));
    const outfile = join(work, "bundles", `${kind}-${platform}.${kind === "esm" ? "mjs" : "cjs"}`);
    const { metafile } = await build({ absWorkingDir: app, entryPoints: [source], bundle: true, format: kind, platform, outfile, metafile: true, logLevel: "error" });
    const inputs = Object.keys(metafile.inputs).map((f) => packageOf(resolve(app, f)));
    const builds = (name: string): string[] => [...new Set(inputs.filter((p) => p?.name === name).map((p) => p?.folder ?? ""))];
    // esbuild takes the "module" field (the ES builds, which it can tree-shake)
    // for an import in a browser bundle, "main" (CommonJS) when bundling for
    // Node or for a require(): one build of each either way.
    const expected = kind === "esm" && platform === "browser" ? "es6" : "lib";
    expect(builds("fp-ts")).toEqual([expected]);
    expect(builds("io-ts")).toEqual([expected]);
    expect(builds("lawful-crm")).toEqual(["dist"]);
    expect(JSON.parse(run(process.execPath, [outfile], work))).toEqual(interopExpected);
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
      decided: ["SourceRetired"],
      appliedAccepted: 1,
      refused: ["INVALID_COMMAND: data.source: expected a non-empty string, got nothing (the field is missing)"],
      vocabulary: ["marketing", "marketing.advertising"],
    });
    expect(out["badMessage"]).toEqual(expect.stringContaining("legalBases"));
  });

  it("type-checks a consumer and the README quick start under nodenext, for import and require", () => {
    writeFileSync(
      join(app, "consumer.mts"),
      `import { replay, canUse, decide, decideUnknown, decodeEvent, type Ledger, type Decision } from "lawful-crm";
import * as E from "fp-ts/Either";
const ledger: Ledger = replay([]);
const decoded = decodeEvent({});
const message: string = E.isLeft(decoded) ? decoded.left.message : decoded.right.type;
const decision: Decision = canUse(ledger, ${JSON.stringify(query)});
// The typed entry point, through the published declarations: a misspelt key is a compile error.
const context = { now: () => "2024-01-01T00:00:00Z", newId: () => "e-1" };
const typed = decide({ type: "retireSource", data: { source: "web" } }, ledger, context);
// @ts-expect-error 'sourc' does not exist in retireSource's data.
decide({ type: "retireSource", data: { sourc: "web" } }, ledger, context);
const untyped = decideUnknown(JSON.parse("{}") as unknown, ledger, context);
export { message, decision, typed, untyped };
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
const context = { now: () => "2024-01-01T00:00:00Z", newId: () => "e-1" };
export const typed = lawful.decide({ type: "restrictProcessing", subject: "anna", data: { reason: "contested" } }, ledger, context);
// @ts-expect-error restrictProcessing is about a person: subject is required.
lawful.decide({ type: "restrictProcessing", data: { reason: "contested" } }, ledger, context);
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
