/**
 * The published package with its subpaths, as a user gets it: pack the build
 * of dist/ that the other package test and the docs test share, and install
 * the tarball in scratch projects with plain `npm install`, no flags: once
 * with `@event-driven-io/emmett@0.38.5` (an optional peer, whose own peers
 * include uuid ^10 like our dependency), once without it. Then the
 * core bundle must not import Emmett, and `lawful-crm/emmett` and
 * `lawful-crm/testing` must load under ESM and CJS, share the core's ledgers,
 * and type-check under nodenext; `lawful-crm/postgres` loads without `pg`.
 */
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuiltLocked, withBuildLock } from "../../scripts/ensure-built.js";

const root = resolve(import.meta.dirname, "..", "..");
const isWindows = process.platform === "win32";
const npm = isWindows ? "npm.cmd" : "npm";
const EMMETT = "0.38.5";

let work = "";
let app = "";
let bare = "";
let installLog = "";

function run(cmd: string, args: readonly string[], cwd: string, extra: ExecFileSyncOptions = {}): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: isWindows, ...extra }).toString();
  } catch (e) {
    const err = e as { stdout?: unknown; stderr?: unknown; message: string };
    throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}\n${err.message}\n${String(err.stdout ?? "")}\n${String(err.stderr ?? "")}`);
  }
}

/** Runs npm and returns stdout and stderr together (npm prints warnings on stderr). */
function npmRun(args: readonly string[], cwd: string): string {
  try {
    const out = execFileSync(npm, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], shell: isWindows });
    return out.toString();
  } catch (e) {
    const err = e as { stdout?: unknown; stderr?: unknown; message: string };
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}\n${err.message}\n${String(err.stdout ?? "")}\n${String(err.stderr ?? "")}`);
  }
}

function installedVersion(pkg: string): string {
  return (JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
}

/** `npm install` with no resolution flags; from the cache when it can, else from the registry. */
function install(dir: string, specs: readonly string[]): string {
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scratch", version: "0.0.0", private: true }, null, 2));
  const args = ["install", "--no-audit", "--no-fund", ...specs];
  try {
    return npmRun([...args, "--prefer-offline"], dir);
  } catch {
    return npmRun(args, dir);
  }
}

function runNode(dir: string, name: string, source: string): Record<string, unknown> {
  writeFileSync(join(dir, name), source);
  return JSON.parse(run(process.execPath, [name], dir)) as Record<string, unknown>;
}

const T0 = "2024-01-01T00:00:00Z";
const setup = [
  { type: "declarePurpose", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
  { type: "publishNotice", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
  { type: "registerSource", at: T0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { type: "grantAccess", at: T0, data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
];
const anna = [
  { type: "grantConsent", subject: "anna", at: "2024-02-01T00:00:00Z", data: { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } },
  { type: "recordFact", subject: "anna", at: "2024-02-02T00:00:00Z", data: { field: "email", value: "anna@example.org", category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" } },
];
const query = { subject: "anna", purpose: "marketing", fields: ["email"], actor: { id: "u", roles: ["marketer"] }, at: "2024-03-01T00:00:00Z" };

function probe(kind: "esm" | "cjs"): string {
  const load =
    kind === "esm"
      ? `import { getInMemoryEventStore, EmmettError } from "@event-driven-io/emmett";
import { canUse, profile } from "lawful-crm";
import { LawfulCrmCommandHandler, readLedger, CommandRefusedError } from "lawful-crm/emmett";
import { given, ScenarioFailure } from "lawful-crm/testing";`
      : `const { getInMemoryEventStore, EmmettError } = require("@event-driven-io/emmett");
const { canUse, profile } = require("lawful-crm");
const { LawfulCrmCommandHandler, readLedger, CommandRefusedError } = require("lawful-crm/emmett");
const { given, ScenarioFailure } = require("lawful-crm/testing");`;
  return `${load}
(async () => {
  const store = getInMemoryEventStore();
  const handle = LawfulCrmCommandHandler();
  await handle(store, ${JSON.stringify(setup)});
  const r = await handle(store, ${JSON.stringify(anna)});
  let refused = null;
  try { await handle(store, { type: "recordFact", subject: "ben", data: {} }); } catch (e) { refused = { emmett: e instanceof EmmettError, ours: e instanceof CommandRefusedError, code: e.errorCode }; }
  const ledger = await readLedger(store, { subjects: ["anna"] });
  // Ledgers made by the subpaths are the core's own: canUse and profile accept them.
  const fromSubpath = canUse(ledger, ${JSON.stringify(query)});
  const fromHandler = canUse(r.newState, ${JSON.stringify(query)});
  const w = given([]).when({ type: "retireSource", data: { source: "web" } }).then([{ id: "id-1", type: "SourceRetired", at: "1970-01-01T00:00:00Z", data: { source: "web" } }]);
  const decisionAfterGiven = canUse(w.ledger, ${JSON.stringify(query)}).allowed;
  let failure = null;
  try { given([]).when({ type: "retireSource", data: {} }).then([]); } catch (e) { failure = e instanceof ScenarioFailure && e instanceof Error; }
  console.log(JSON.stringify({ allowed: fromSubpath.allowed, handlerAllowed: fromHandler.allowed, fields: Object.keys(profile(ledger, "anna").fields ?? {}), refused, decisionAfterGiven, failure, appended: r.newEvents.length }));
})().catch((e) => { console.error(e); process.exit(1); });
`;
}

describe("npm package with lawful-crm/emmett and lawful-crm/testing", () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "lawful-crm-emmett-pack-"));
    // dist/ is built once per set of sources and shared with the other package
    // test and the docs test (scripts/ensure-built.ts); the lock keeps a build
    // from emptying it while it is packed.
    const packed = withBuildLock(() => {
      ensureBuiltLocked();
      // dist/ is built; --ignore-scripts keeps `prepack` from building again.
      return JSON.parse(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", work], root)) as { filename: string }[];
    });
    const tarball = join(work, packed[0]!.filename);
    const peers = [`fp-ts@${installedVersion("fp-ts")}`, `io-ts@${installedVersion("io-ts")}`];

    app = join(work, "app");
    mkdirSync(app);
    installLog = install(app, [tarball, `@event-driven-io/emmett@${EMMETT}`, ...peers]);
    bare = join(work, "bare");
    mkdirSync(bare);
    install(bare, [tarball, ...peers]);
  }, 600_000);

  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  it("resolves without flags: no ERESOLVE, and npm ls finds no invalid or missing peer", () => {
    expect(installLog).not.toMatch(/ERESOLVE|legacy-peer-deps/);
    run(npm, ["ls", "--all"], app);
    const uuids = run(npm, ["ls", "uuid", "--all", "--json"], app);
    expect(uuids).toContain('"version": "10.');
    expect(JSON.parse(readFileSync(join(app, "node_modules", "@event-driven-io", "emmett", "package.json"), "utf8")).version).toBe(EMMETT);
  });

  it("keeps Emmett an optional peer: the core installs and loads without it", () => {
    const pkg = JSON.parse(readFileSync(join(bare, "node_modules", "lawful-crm", "package.json"), "utf8")) as Record<string, Record<string, unknown>>;
    expect(Object.keys(pkg["dependencies"] ?? {})).not.toContain("@event-driven-io/emmett");
    expect(pkg["peerDependenciesMeta"]?.["@event-driven-io/emmett"]).toEqual({ optional: true });
    expect(existsSync(join(bare, "node_modules", "@event-driven-io"))).toBe(false);
    const out = runNode(bare, "core.mjs", `import { replay } from "lawful-crm"; import { given } from "lawful-crm/testing"; console.log(JSON.stringify({ size: replay([]).size, now: given([]).now }));`);
    expect(out).toEqual({ size: 0, now: "1970-01-01T00:00:00Z" });
    // lawful-crm/postgres loads without pg too: it takes the caller's pool.
    expect(existsSync(join(bare, "node_modules", "pg"))).toBe(false);
    expect(pkg["peerDependenciesMeta"]?.["pg"]).toEqual({ optional: true });
    const vaultProbe = `const kek = await aesKeyEncryptionKey("k", new Uint8Array(32)); const w = await kek.wrap(new Uint8Array(32).fill(9), "c");
console.log(JSON.stringify({ fn: typeof createPostgresVault, wrapped: w.length, opened: [...(await kek.unwrap(w, "c"))].every((b) => b === 9), other: await kek.unwrap(w, "d") ?? null }));`;
    const expected = { fn: "function", wrapped: 60, opened: true, other: null };
    expect(runNode(bare, "postgres.mjs", `import { aesKeyEncryptionKey, createPostgresVault } from "lawful-crm/postgres";\n${vaultProbe}`)).toEqual(expected);
    expect(runNode(bare, "postgres.cjs", `const { aesKeyEncryptionKey, createPostgresVault } = require("lawful-crm/postgres");\n(async () => { ${vaultProbe} })();`)).toEqual(expected);
  });

  it("the core bundle does not import Emmett", () => {
    const dist = join(app, "node_modules", "lawful-crm", "dist");
    for (const f of ["index.js", "index.cjs"]) expect(readFileSync(join(dist, f), "utf8")).not.toMatch(/emmett/i);
    // Nor a database driver: the Emmett subpath is store-agnostic too (Emmett's EventStore interface only).
    const importsPg = /(?:from|import|require\()\s*["'](?:pg|pg-[a-z-]+|@event-driven-io\/(?:emmett-[a-z]+|pongo|dumbo))["']/;
    for (const f of ["index.js", "index.cjs", "emmett/index.js", "emmett/index.cjs"]) expect(readFileSync(join(dist, f), "utf8"), f).not.toMatch(importsPg);
    // Declaration files may mention Emmett in comments, never import it.
    const importsEmmett = /(?:from|import|require\()\s*["'][^"']*emmett[^"']*["']/i;
    for (const f of readdirSync(dist).filter((n) => /\.d\.c?ts$/.test(n))) expect(readFileSync(join(dist, f), "utf8"), f).not.toMatch(importsEmmett);
    // The subpath does import it, and takes the core from the package itself.
    const sub = readFileSync(join(dist, "emmett", "index.js"), "utf8");
    expect(sub).toMatch(/from ["']@event-driven-io\/emmett["']/);
    expect(sub).toMatch(/from ["']lawful-crm["']/);
  });

  it.each(["esm", "cjs"] as const)("runs the Emmett handler, the read side and the test helper with %s", (kind) => {
    const out = runNode(app, kind === "esm" ? "probe.mjs" : "probe.cjs", probe(kind));
    expect(out).toEqual({
      allowed: true,
      handlerAllowed: true,
      fields: expect.any(Array),
      refused: { emmett: true, ours: true, code: 400 },
      decisionAfterGiven: false,
      failure: true,
      appended: 2,
    });
  });

  it("type-checks a consumer of the subpaths under nodenext, for import and require", () => {
    writeFileSync(
      join(app, "consumer.mts"),
      `import { getInMemoryEventStore, DeciderSpecification } from "@event-driven-io/emmett";
import { canUse, type Ledger } from "lawful-crm";
import { emmettDecider, LawfulCrmCommandHandler, readLedger, type LawfulCrmEmmettEvent } from "lawful-crm/emmett";
import { given, type When } from "lawful-crm/testing";
import { aesKeyEncryptionKey, createPostgresVault, type PostgresQueryable, type PostgresVault } from "lawful-crm/postgres";
const store = getInMemoryEventStore();
await LawfulCrmCommandHandler()(store, { type: "retireSource", data: { source: "web" } });
const ledger: Ledger = await readLedger(store);
export const allowed: boolean = canUse(ledger, ${JSON.stringify(query)}).allowed;
const spec = DeciderSpecification.for(emmettDecider());
spec([] as LawfulCrmEmmettEvent[]).when({ type: "retireSource", data: { source: "web" } }).thenThrows();
export const w: When = given([]).when({ type: "retireSource", data: { source: "web" } });
const pool: PostgresQueryable = { query: async () => ({ rows: [], rowCount: 0 }) };
const vault: PostgresVault = createPostgresVault({ pool, kek: await aesKeyEncryptionKey("k", new Uint8Array(32)) });
export const table: string = vault.table;
`,
    );
    writeFileSync(
      join(app, "consumer.cts"),
      `import lawful = require("lawful-crm");
import emmett = require("lawful-crm/emmett");
import testing = require("lawful-crm/testing");
export const ledger: lawful.Ledger = emmett.emmettDecider().initialState();
export const now: string = testing.given([]).now;
export const stream: string = emmett.subjectStream("anna");
import postgres = require("lawful-crm/postgres");
export const defaultTable: string = postgres.DEFAULT_VAULT_TABLE;
`,
    );
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ["consumer.mts", "consumer.cts"],
      }),
    );
    run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
  }, 120_000);
});
