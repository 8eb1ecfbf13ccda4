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

/**
 * The first JSON syntax problem of `text`, as a phrase ("unexpected "g" at
 * column 1, where a JSON value should start"), or `undefined` when `text` is
 * one valid JSON value. Columns are 1-based, in UTF-16 code units.
 */
export function jsonSyntaxProblem(text: string): string | undefined {
  const n = text.length;
  let i = 0;
  const stack: number[] = [];

  const skipWs = (): void => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };
  const expected = (what: string): string =>
    i >= n ? `the line ends where ${what} should follow (is it cut short?)` : `unexpected ${shown(text, i)} at column ${i + 1}, where ${what} should be`;

  /** Scans a string starting at the opening quote; a problem or undefined. */
  const scanString = (): string | undefined => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) return `the line ends inside the string that starts at column ${start + 1} (is it cut short?)`;
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return undefined;
      }
      if (c === 0x5c) {
        i++;
        if (i >= n) return `the line ends inside the string that starts at column ${start + 1} (is it cut short?)`;
        const e = text.charCodeAt(i);
        if (e === 0x75) {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n || !isHex(text.charCodeAt(i + k))) return `the escape "\\u" at column ${i} needs four hexadecimal digits`;
          }
          i += 5;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          i++;
        } else {
          return `the escape "\\${String.fromCodePoint(text.codePointAt(i)!)}" at column ${i} is not a JSON escape`;
        }
        continue;
      }
      if (c < 0x20) return `a control character (U+${c.toString(16).toUpperCase().padStart(4, "0")}) at column ${i + 1} inside a string must be escaped`;
      i++;
    }
  };

  /** Scans a number starting at `-` or a digit. */
  const scanNumber = (): string | undefined => {
    if (text.charCodeAt(i) === 0x2d) i++;
    if (i < n && text.charCodeAt(i) === 0x30) i++;
    else if (i < n && isDigit(text.charCodeAt(i))) while (i < n && isDigit(text.charCodeAt(i))) i++;
    else return expected("a digit");
    if (i < n && text.charCodeAt(i) === 0x2e) {
      i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) return expected("a digit after the decimal point");
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (i < n && (text.charCodeAt(i) === 0x65 || text.charCodeAt(i) === 0x45)) {
      i++;
      if (i < n && (text.charCodeAt(i) === 0x2b || text.charCodeAt(i) === 0x2d)) i++;
      if (!(i < n && isDigit(text.charCodeAt(i)))) return expected("a digit of the exponent");
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    return undefined;
  };

  /** Scans `"key"` and the `:` after it. */
  const scanKey = (): string | undefined => {
    skipWs();
    if (i >= n || text.charCodeAt(i) !== 0x22) return expected("a property name in double quotes");
    const p = scanString();
    if (p !== undefined) return p;
    skipWs();
    if (i >= n || text.charCodeAt(i) !== 0x3a) return expected('":"');
    i++;
    return undefined;
  };

  let wantValue = true;
  for (;;) {
    skipWs();
    if (wantValue) {
      if (i >= n) return expected("a JSON value");
      const c = text.charCodeAt(i);
      if (c === 0x7b) {
        i++;
        skipWs();
        if (i < n && text.charCodeAt(i) === 0x7d) {
          i++;
          wantValue = false;
          continue;
        }
        stack.push(OBJECT);
        const p = scanKey();
        if (p !== undefined) return p;
        continue;
      }
      if (c === 0x5b) {
        i++;
        skipWs();
        if (i < n && text.charCodeAt(i) === 0x5d) {
          i++;
          wantValue = false;
          continue;
        }
        stack.push(ARRAY);
        continue;
      }
      let p: string | undefined;
      if (c === 0x22) p = scanString();
      else if (c === 0x2d || isDigit(c)) p = scanNumber();
      else {
        const word = text.startsWith("true", i) ? "true" : text.startsWith("false", i) ? "false" : text.startsWith("null", i) ? "null" : undefined;
        if (word === undefined) return stack.length === 0 && i === 0 ? expected("a JSON value (an object for an event)") : expected("a JSON value");
        i += word.length;
      }
      if (p !== undefined) return p;
      wantValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i >= n ? undefined : `unexpected ${shown(text, i)} at column ${i + 1}, after the end of the JSON value`;
    const close = top === OBJECT ? 0x7d : 0x5d;
    if (i < n && text.charCodeAt(i) === 0x2c) {
      i++;
      if (top === OBJECT) {
        const p = scanKey();
        if (p !== undefined) return p;
      }
      wantValue = true;
      continue;
    }
    if (i < n && text.charCodeAt(i) === close) {
      i++;
      stack.pop();
      continue;
    }
    return expected(top === OBJECT ? '"," or "}"' : '"," or "]"');
  }
}
