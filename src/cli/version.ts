/** The version of the package the tool belongs to. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The `version` of the nearest package.json named `lawful-crm` above this
 * module: dist/../package.json in the published package, the checkout's
 * package.json when run from the sources. `unknown` if there is none.
 *
 * @example
 * ```ts
 * packageVersion(import.meta.url) // "0.1.0"
 * ```
 */
export function packageVersion(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "lawful-crm" && typeof pkg.version === "string") return pkg.version;
    } catch {
      // no package.json here, or not JSON: look further up
    }
    const up = dirname(dir);
    if (up === dir) return "unknown";
    dir = up;
  }
}
