/**
 * docs/commands.md cannot drift from the library: its generated part is what
 * test/commands/reference.ts renders from COMMAND_TYPES, COMMAND_EVENTS,
 * COMMAND_ERROR_CODES and the command codecs, with every example decided
 * again; and every command and every refusal code has its section.
 */
import * as fs from "node:fs";
import { describe, expect, test } from "vitest";
import { COMMAND_ERROR_CODES, COMMAND_EVENTS, COMMAND_TYPES } from "../../src/index.js";
import { acceptedExamples, BEGIN, documentedCodes, END, PAGE, reference, refusalExamples } from "./reference.js";

const page = fs.readFileSync(PAGE, "utf8");

describe("docs/commands.md", () => {
  test("its generated part is what the library gives today (else: npx tsx test/commands/reference.ts --write)", () => {
    const generated = page.slice(page.indexOf(BEGIN), page.indexOf(END) + END.length);
    expect(generated).toBe(reference());
  });

  test("every command has its section, its event and its row in the table", () => {
    for (const type of COMMAND_TYPES) {
      expect(page).toContain(`### \`${type}\` → \`${COMMAND_EVENTS[type]}\``);
      expect(page).toMatch(new RegExp(`^\\| \\[\`${type}\`\\]\\(#[^)]+\\) \\| \`${COMMAND_EVENTS[type]}\` \\|`, "m"));
    }
  });

  test("every refusal code has its section with an example", () => {
    for (const code of COMMAND_ERROR_CODES) {
      const at = page.indexOf(`### \`${code}\``);
      expect(at, code).toBeGreaterThan(-1);
      const section = page.slice(at, page.indexOf("\n### ", at + 1) === -1 ? undefined : page.indexOf("\n### ", at + 1));
      expect(section, code).toContain("For example,");
      expect(section, code).toContain(`"code": "${code}"`);
    }
  });

  test("every command documents INVALID_COMMAND and WOULD_BE_REJECTED, and every code is given by some command", () => {
    for (const type of COMMAND_TYPES) {
      expect(documentedCodes(type), type).toContain("INVALID_COMMAND");
      expect(documentedCodes(type), type).toContain("WOULD_BE_REJECTED");
    }
    const given = new Set(COMMAND_TYPES.flatMap((t) => [...documentedCodes(t)]));
    expect([...given].sort()).toEqual([...COMMAND_ERROR_CODES].sort());
  });

  test("each accepted example makes one event of its command's type; each refusal example gives its code and only it", () => {
    for (const a of acceptedExamples()) expect(a.events.map((e) => e.type)).toEqual([COMMAND_EVENTS[a.type]]);
    const refusals = refusalExamples();
    expect(refusals.length).toBeGreaterThanOrEqual(COMMAND_TYPES.length * 2);
    for (const r of refusals) expect(new Set(r.errors.map((e) => e.code)), `${r.type} ${r.code}`).toEqual(new Set([r.code]));
  });

  test("README and docs/emmett.md point to this page", () => {
    expect(fs.readFileSync(new URL("../../README.md", import.meta.url), "utf8")).toContain("docs/commands.md");
    const emmett = fs.readFileSync(new URL("../../docs/emmett.md", import.meta.url), "utf8");
    expect(emmett).toContain("commands.md");
    expect(emmett).not.toContain("the `decide` reference");
  });
});
