/**
 * Says, in one phrase, why a line is not JSON: where the first syntax error
 * is and what should have been there. Written for the reject's reason, so it
 * is the same on every JavaScript engine (`JSON.parse`'s own messages differ
 * between engines and versions). Only called once `JSON.parse` has failed.
 * Iterative, so a deeply nested line cannot overflow the stack.
 */

const OBJECT = 0;
const ARRAY = 1;

/** A character at `i` for a message: the code point, quoted as JSON would quote it. */
function shown(text: string, i: number): string {
  const cp = text.codePointAt(i)!;
  return JSON.stringify(String.fromCodePoint(cp));
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/** A cursor over one line: each scan moves it and returns a problem or `undefined`. */
class Scanner {
  i = 0;
  readonly n: number;
  readonly stack: number[] = [];
  constructor(readonly text: string) {
    this.n = text.length;
  }

  skipWs(): void {
    while (this.i < this.n && isWs(this.text.charCodeAt(this.i))) this.i++;
  }

  at(k = this.i): number {
    return this.text.charCodeAt(k);
  }

  expected(what: string): string {
    return this.i >= this.n ? `the line ends where ${what} should follow (is it cut short?)` : `unexpected ${shown(this.text, this.i)} at column ${this.i + 1}, where ${what} should be`;
  }

  /** One escape after a backslash at `i - 1` inside a string. */
  private scanEscape(start: number): string | undefined {
    const { text, n } = this;
    if (this.i >= n) return `the line ends inside the string that starts at column ${start + 1} (is it cut short?)`;
    const e = this.at();
    if (e === 0x75) {
      for (let k = 1; k <= 4; k++) {
        if (this.i + k >= n || !isHex(this.at(this.i + k))) return `the escape "\\u" at column ${this.i} needs four hexadecimal digits`;
      }
      this.i += 5;
    } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
      this.i++;
    } else {
      return `the escape "\\${String.fromCodePoint(text.codePointAt(this.i)!)}" at column ${this.i} is not a JSON escape`;
    }
    return undefined;
  }

  /** A string starting at the opening quote. */
  scanString(): string | undefined {
    const start = this.i;
    this.i++;
    for (;;) {
      if (this.i >= this.n) return `the line ends inside the string that starts at column ${start + 1} (is it cut short?)`;
      const c = this.at();
      if (c === 0x22) {
        this.i++;
        return undefined;
      }
      if (c === 0x5c) {
        this.i++;
        const p = this.scanEscape(start);
        if (p !== undefined) return p;
        continue;
      }
      if (c < 0x20) return `a control character (U+${c.toString(16).toUpperCase().padStart(4, "0")}) at column ${this.i + 1} inside a string must be escaped`;
      this.i++;
    }
  }

  private digits(): void {
    while (this.i < this.n && isDigit(this.at())) this.i++;
  }

  /** A number starting at `-` or a digit. */
  scanNumber(): string | undefined {
    const { n } = this;
    if (this.at() === 0x2d) this.i++;
    if (this.i < n && this.at() === 0x30) this.i++;
    else if (this.i < n && isDigit(this.at())) this.digits();
    else return this.expected("a digit");
    if (this.i < n && this.at() === 0x2e) {
      this.i++;
      if (!(this.i < n && isDigit(this.at()))) return this.expected("a digit after the decimal point");
      this.digits();
    }
    if (this.i < n && (this.at() === 0x65 || this.at() === 0x45)) {
      this.i++;
      if (this.i < n && (this.at() === 0x2b || this.at() === 0x2d)) this.i++;
      if (!(this.i < n && isDigit(this.at()))) return this.expected("a digit of the exponent");
      this.digits();
    }
    return undefined;
  }

  /** `"key"` and the `:` after it. */
  scanKey(): string | undefined {
    this.skipWs();
    if (this.i >= this.n || this.at() !== 0x22) return this.expected("a property name in double quotes");
    const p = this.scanString();
    if (p !== undefined) return p;
    this.skipWs();
    if (this.i >= this.n || this.at() !== 0x3a) return this.expected('":"');
    this.i++;
    return undefined;
  }

  /** Where a value is wanted: a problem, `"open"` when a container opened (the next token is its first value), or `"done"` when a whole value was read. */
  scanValue(): string | "open" | "done" {
    const { text, n } = this;
    if (this.i >= n) return this.expected("a JSON value");
    const c = this.at();
    if (c === 0x7b || c === 0x5b) {
      this.i++;
      this.skipWs();
      if (this.i < n && this.at() === (c === 0x7b ? 0x7d : 0x5d)) {
        this.i++;
        return "done";
      }
      this.stack.push(c === 0x7b ? OBJECT : ARRAY);
      if (c === 0x7b) return this.scanKey() ?? "open";
      return "open";
    }
    let p: string | undefined;
    if (c === 0x22) p = this.scanString();
    else if (c === 0x2d || isDigit(c)) p = this.scanNumber();
    else {
      const word = text.startsWith("true", this.i) ? "true" : text.startsWith("false", this.i) ? "false" : text.startsWith("null", this.i) ? "null" : undefined;
      if (word === undefined) return this.stack.length === 0 && this.i === 0 ? this.expected("a JSON value (an object for an event)") : this.expected("a JSON value");
      this.i += word.length;
    }
    return p ?? "done";
  }

  /** After a value: a problem, `"value"` when another value follows, `"more"` to continue after a closing bracket, or `undefined` at the end of the line. */
  scanAfterValue(): string | "value" | "more" | undefined {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return this.i >= this.n ? undefined : `unexpected ${shown(this.text, this.i)} at column ${this.i + 1}, after the end of the JSON value`;
    const close = top === OBJECT ? 0x7d : 0x5d;
    if (this.i < this.n && this.at() === 0x2c) {
      this.i++;
      if (top === OBJECT) return this.scanKey() ?? "value";
      return "value";
    }
    if (this.i < this.n && this.at() === close) {
      this.i++;
      this.stack.pop();
      return "more";
    }
    return this.expected(top === OBJECT ? '"," or "}"' : '"," or "]"');
  }
}

/**
 * The first JSON syntax problem of `text`, as a phrase ("unexpected "g" at
 * column 1, where a JSON value should start"), or `undefined` when `text` is
 * one valid JSON value. Columns are 1-based, in UTF-16 code units.
 */
export function jsonSyntaxProblem(text: string): string | undefined {
  const sc = new Scanner(text);
  let wantValue = true;
  for (;;) {
    sc.skipWs();
    if (wantValue) {
      const r = sc.scanValue();
      if (r === "open") continue;
      if (r !== "done") return r;
      wantValue = false;
      continue;
    }
    const r = sc.scanAfterValue();
    if (r === undefined) return undefined;
    if (r === "value") wantValue = true;
    else if (r !== "more") return r;
  }
}
