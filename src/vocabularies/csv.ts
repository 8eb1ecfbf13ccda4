/**
 * A small RFC 4180 reader for the CSV files DPV publishes, so that importing
 * them needs no dependency: fields separated by commas, optionally quoted
 * with `"` (a quote inside doubled), quoted fields may span lines, records end
 * with LF or CRLF. Internal.
 */

/** The records of `text` as arrays of fields, or the 1-based line where it is malformed. */
export function parseCsv(text: string): { rows: string[][] } | { line: number; problem: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (only a separator may follow the closing quote)
  let line = 1;
  let start = 1; // line where the current quoted field opened
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark is not data
  const n = text.length;
  for (; i < n; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === ",") {
      row.push(field);
      field = "";
      wasQuoted = false;
    } else if (ch === "\n" || (ch === "\r" && text[i + 1] === "\n")) {
      if (ch === "\r") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      wasQuoted = false;
      line++;
    } else if (ch === '"') {
      if (field !== "" || wasQuoted) return { line, problem: "a quote inside an unquoted field" };
      quoted = true;
      wasQuoted = true;
      start = line;
    } else {
      if (wasQuoted) return { line, problem: "text after the closing quote of a field" };
      field += ch;
    }
  }
  if (quoted) return { line: start, problem: "a quoted field that is never closed" };
  // The last record needs no line end; an empty last line is not a record.
  if (field !== "" || wasQuoted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return { rows };
}
