/**
 * Nothing is read from the machine (issue 13): the same report, decision and
 * record, in English and German and in any time zone asked for, whatever the
 * process's own time zone (TZ) and language (LANG, LC_ALL) are.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderings } from "./renderings.js";

const script = fileURLToPath(new URL("./renderings.ts", import.meta.url));

function inChild(env: Record<string, string>): string {
  return execFileSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
}

describe("renderings do not depend on the machine's time zone or language", () => {
  const here = renderings();

  it("are the same in a process on New York time with a German locale, and on Kolkata time in French", () => {
    expect(here.length).toBeGreaterThan(100_000);
    expect(inChild({ TZ: "America/New_York", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" })).toBe(here);
    expect(inChild({ TZ: "Asia/Kolkata", LANG: "fr_FR.UTF-8", LC_ALL: "fr_FR.UTF-8", LANGUAGE: "fr" })).toBe(here);
  }, 180_000);
});
