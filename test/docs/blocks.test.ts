/**
 * The rules by which docs.test.ts reads the docs: which fences are code that
 * must run, which are fragments, which are refused, and what a `//=>`
 * comment claims. A mistake here would let a block escape the check.
 */
import { describe, expect, it } from "vitest";
import { expectations, fencedBlocks, normalize } from "./blocks.js";

const md = (text: string) => fencedBlocks("doc.md", text.split("\n"), 1);

describe("fencedBlocks", () => {
  it("takes ```ts blocks with the line their code starts on, and skips other languages", () => {
    const { blocks, bad } = md(["# Title", "```ts", "const a = 1;", "```", "```json", "{}", "```", "```sh", "npm test", "```"].join("\n"));
    expect(blocks).toEqual([{ source: "doc.md", line: 3, info: "ts", fragment: false, code: "const a = 1;" }]);
    expect(bad).toEqual([]);
  });

  it("marks ```ts fragment blocks as fragments", () => {
    const { blocks } = md(["```ts fragment", "// needs your KMS", "kms.open(x);", "```"].join("\n"));
    expect(blocks.map((b) => [b.fragment, b.code])).toEqual([[true, "// needs your KMS\nkms.open(x);"]]);
  });

  it("refuses code in another spelling (```typescript, ```js) and unknown flags, so nothing escapes the check", () => {
    const { blocks, bad } = md(["```typescript", "a()", "```", "```js", "b()", "```", "```ts skip", "c()", "```"].join("\n"));
    expect(bad.map((b) => [b.line, b.info])).toEqual([
      [1, "typescript"],
      [4, "js"],
      [7, "ts skip"],
    ]);
    // The block with an unknown flag is still checked as code.
    expect(blocks.map((b) => [b.code, b.fragment])).toEqual([["c()", false]]);
  });

  it("does not take a line that starts with inline code for a fence", () => {
    expect(md(["  ```` ```ts ```` is checked;", "```ts", "x();", "```"].join("\n")).blocks.map((b) => b.line)).toEqual([3]);
  });

  it("reads a fence indented in a list, and a longer fence that holds a shorter one", () => {
    const { blocks } = md(["- item:", "  ```ts", "  if (x) {", "    y();", "  }", "  ```", "````ts", "const s = `", "```", "`;", "````"].join("\n"));
    expect(blocks.map((b) => [b.line, b.code])).toEqual([
      [3, "if (x) {\n  y();\n}"],
      [8, "const s = `\n```\n`;"],
    ]);
  });
});

describe("expectations", () => {
  it("reads `//=>` after a statement as what that line prints", () => {
    expect(expectations('const a = 1;\nconsole.log("a:", a); //=> a: 1')).toEqual([{ from: 2, to: 2, expected: ["a: 1"] }]);
  });

  it("continues an output with `//=>` lines of their own", () => {
    const code = ['console.log("x"); //=> line one', "//=>   line two", "const b = 2;", "//=> b"].join("\n");
    expect(expectations(code)).toEqual([
      { from: 1, to: 1, expected: ["line one", "  line two"] },
      { from: 3, to: 3, expected: ["b"] },
    ]);
  });

  it("gives a `//=>` under a statement that spans lines all of its lines", () => {
    const code = ["console.log(", "  1 + 1,", ");", "//=> 2"].join("\n");
    expect(expectations(code)).toEqual([{ from: 1, to: 3, expected: ["2"] }]);
  });

  it("refuses a `//=>` that follows no statement", () => {
    expect(() => expectations("// a comment\n//=> 1")).toThrow(/no statement|none/);
  });

  it("compares printed text without regard to line breaks and indentation", () => {
    expect(normalize("[\n  'a',\n  'b'\n]")).toBe(normalize("[ 'a', 'b' ]"));
  });
});
