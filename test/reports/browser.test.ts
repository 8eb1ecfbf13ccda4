/**
 * The HTML access report in a real browser: headless Chromium takes a
 * screenshot of it, in English and in German, and dumps the DOM of a report
 * full of hostile values and of the German report.
 * Runs when Chromium is installed (/usr/bin/chromium, or $CHROMIUM); with
 * REQUIRE_CHROMIUM=1 (set by .ci/browser-check.sh, which installs it) a
 * missing browser fails instead of skipping. The screenshots are kept in
 * $LAWFUL_CRM_SCREENSHOT_DIR (default: a temporary directory).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { accessReport, renderAccessReport, replay } from "../../src/index.js";
import { AT, history } from "./history.js";
import { HOSTILE_AT, HOSTILE_SUBJECT, hostileHistory } from "./hostile.js";
import { must } from "../must.js";

const CHROMIUM = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const REQUIRED = process.env["REQUIRE_CHROMIUM"] === "1";
const available = existsSync(CHROMIUM);

const work = mkdtempSync(join(tmpdir(), "lawful-crm-browser-"));
const shots = process.env["LAWFUL_CRM_SCREENSHOT_DIR"] ?? work;

function chromium(args: string[]): string {
  return execFileSync(
    CHROMIUM,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${join(work, "profile")}`,
      ...args,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe.runIf(available || REQUIRED)("the HTML access report in headless Chromium", () => {
  it("renders a full page (screenshot)", () => {
    mkdirSync(shots, { recursive: true });
    const page = join(work, "anna.html");
    writeFileSync(page, renderAccessReport(must(accessReport(replay(history), "anna", { at: AT })), "html"));
    const png = join(shots, "access-report.png");
    chromium(["--window-size=1100,2400", `--screenshot=${png}`, pathToFileURL(page).href]);
    const buf = readFileSync(png);
    expect(pngSize(buf)).toEqual({ width: 1100, height: 2400 });
    // A blank page of this size compresses to about 10 kB; the rendered report to several hundred.
    expect(buf.length).toBeGreaterThan(100_000);
  });

  it("renders the German report as a full page, umlauts and all (screenshot and DOM)", () => {
    mkdirSync(shots, { recursive: true });
    const page = join(work, "anna-de.html");
    writeFileSync(page, renderAccessReport(must(accessReport(replay(history), "anna", { at: AT })), "html", { locale: "de", timeZone: "Europe/Berlin" }));
    const png = join(shots, "access-report-de.png");
    chromium(["--window-size=1100,2400", `--screenshot=${png}`, pathToFileURL(page).href]);
    const buf = readFileSync(png);
    expect(pngSize(buf)).toEqual({ width: 1100, height: 2400 });
    expect(buf.length).toBeGreaterThan(100_000);
    // The browser read the page as German UTF-8: the words come back as written.
    const dom = chromium(["--virtual-time-budget=2000", "--dump-dom", pathToFileURL(page).href]);
    expect(dom).toContain('<html lang="de">');
    expect(dom).toContain("<h1>Ihre bei uns gespeicherten personenbezogenen Daten</h1>");
    expect(dom).toContain('<h2 id="ihre-widersprueche-und-einschraenkungen">Ihre Widersprüche und Einschränkungen</h2>');
    expect(dom).toContain("Widerruf der Einwilligung");
    expect(dom).toContain("Uhr UTC+02:00");
    expect(dom).not.toContain("Your personal data");
  });

  it("keeps hostile values as text in the DOM, and runs nothing", () => {
    const page = join(work, "hostile.html");
    writeFileSync(page, renderAccessReport(must(accessReport(replay(hostileHistory), HOSTILE_SUBJECT, { at: HOSTILE_AT })), "html"));
    const dom = chromium(["--virtual-time-budget=2000", "--dump-dom", pathToFileURL(page).href]);
    expect(dom).toContain("Your personal data held by us");
    expect(dom.toLowerCase()).not.toContain("<script");
    expect(dom.toLowerCase()).not.toContain("<img");
    expect(dom).not.toContain("pwned</title>");
    expect(dom).toMatch(/<title>Your personal data — subject&lt;script&gt;/);
    expect(dom).toContain("&lt;script&gt;document.title=\"pwned\";alert(1)&lt;/script&gt;");
    const png = join(shots, "access-report-hostile.png");
    chromium(["--window-size=1100,1600", `--screenshot=${png}`, pathToFileURL(page).href]);
    expect(pngSize(readFileSync(png)).width).toBe(1100);
  });
});
