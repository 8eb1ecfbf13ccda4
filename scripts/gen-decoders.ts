/**
 * Generates src/events/decoders.generated.ts from the io-ts codecs of wire
 * format v1 (src/events/codecs.ts): one straight-line "check and copy"
 * function per event type, for replay's hot path. The codecs stay the one
 * specification; this script reads their structure and writes the same
 * checks as plain code (no `eval`, no `new Function`: the library also runs
 * where a content security policy forbids them).
 *
 *   npx tsx scripts/gen-decoders.ts          # rewrite the file
 *   npx tsx scripts/gen-decoders.ts --check  # exit 1 when it is out of date
 *
 * test/events/decoders.test.ts fails when the file is out of date, and checks
 * that the generated decoders accept exactly what the codecs accept.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as t from "io-ts";
import { eventCodecs, isCatalogType } from "../src/events/codecs.js";
import * as P from "../src/events/primitives.js";

interface AnyCodec {
  readonly _tag?: string;
  readonly name: string;
  readonly type?: AnyCodec;
  readonly types?: readonly AnyCodec[];
  readonly props?: Record<string, AnyCodec>;
  readonly inner?: AnyCodec;
  readonly check?: unknown;
  readonly copies?: boolean;
  readonly nonEmpty?: boolean;
  readonly value?: unknown;
  readonly keys?: Record<string, unknown>;
}

/** Data fields never interned: unique per event (ids, free text, personal values). */
const NOT_INTERNED = new Set(["id", "at", "value", "sourceRef", "evidence", "description", "rationale", "reason", "assessment", "textHash", "expires", "until", "event", "eventIds"]);

let out: string[] = [];
let tmp = 0;
const fresh = (base: string) => `${base}${++tmp}`;
const lit = (s: string) => JSON.stringify(s);
/** Sets of the keyof codecs, emitted once each. */
const keySets = new Map<AnyCodec, string>();

function keySet(c: AnyCodec): string {
  let name = keySets.get(c);
  if (name === undefined) {
    name = `KEYS_${keySets.size + 1}`;
    keySets.set(c, name);
  }
  return name;
}

/** The boolean expression that checks leaf codec `c` on the variable `x` (a string leaf may be interned after). */
function leafCheck(c: AnyCodec, x: string): { test: string; string: boolean } {
  if (c === (P.NonEmptyString as unknown)) return { test: `typeof ${x} === "string" && ${x}.length !== 0`, string: true };
  if (c === (t.string as unknown)) return { test: `typeof ${x} === "string"`, string: true };
  if (c === (t.boolean as unknown)) return { test: `typeof ${x} === "boolean"`, string: false };
  if (c === (P.Timestamp as unknown)) return { test: `parseTimestamp(${x}) !== undefined`, string: true };
  if (c === (P.Duration as unknown)) return { test: `parseDuration(${x}) !== undefined`, string: true };
  if (c === (P.PurposeId as unknown) || c === (P.CategoryId as unknown)) return { test: `isDottedId(${x})`, string: true };
  if (c === (P.Position as unknown)) return { test: `typeof ${x} === "number" && Number.isSafeInteger(${x}) && ${x} >= 0`, string: false };
  if (c._tag === "LiteralType") return { test: `${x} === ${JSON.stringify(c.value)}`, string: false };
  if (c._tag === "KeyofType" && c.keys !== undefined) return { test: `typeof ${x} === "string" && ${keySet(c)}.has(${x})`, string: true };
  throw new Error(`gen-decoders: no leaf rule for codec ${c.name} (${c._tag ?? "no tag"}): add one`);
}

function collectProps(c: AnyCodec, required: [string, AnyCodec][], optional: [string, AnyCodec][]): void {
  if (c._tag === "InterfaceType" && c.props) for (const [k, v] of Object.entries(c.props)) required.push([k, v]);
  else if (c._tag === "PartialType" && c.props) for (const [k, v] of Object.entries(c.props)) optional.push([k, v]);
  else if (c._tag === "IntersectionType" && c.types) for (const m of c.types) collectProps(m, required, optional);
  else throw new Error(`gen-decoders: unsupported object member ${c.name}`);
}

/**
 * Emits statements that decode the value in variable `x` with codec `c` into
 * a new variable, returning its name; every failure returns `undefined` from
 * the decoder. `key` is the property name (decides interning).
 */
function emitValue(c: AnyCodec, x: string, key: string, indent: string): string {
  if (c.copies === true) {
    const r = fresh("c");
    out.push(`${indent}if (${x} === undefined) return undefined;`);
    out.push(`${indent}const ${r} = copyJson(${x});`);
    out.push(`${indent}if (${r} === undefined) return undefined;`);
    return `${r}.value`;
  }
  if (c.inner !== undefined && c.nonEmpty === true) {
    out.push(`${indent}if (!Array.isArray(${x}) || ${x}.length === 0) return undefined;`);
    return emitValue(c.inner, x, key, indent);
  }
  if (c._tag === "ArrayType" && c.type !== undefined) {
    const arr = fresh("a");
    const k = fresh("k");
    const item = fresh("v");
    out.push(`${indent}if (!Array.isArray(${x})) return undefined;`);
    out.push(`${indent}const ${arr}: unknown[] = new Array(${x}.length);`);
    out.push(`${indent}for (let ${k} = 0; ${k} < ${x}.length; ${k}++) {`);
    out.push(`${indent}  const ${item}: unknown = ${x}[${k}];`);
    const inner = c.type;
    const isStringLeaf = inner._tag !== "ExactType" && inner._tag !== "ArrayType" && inner.copies !== true && inner.inner === undefined;
    if (isStringLeaf) {
      const leaf = leafCheck(inner, item);
      out.push(`${indent}  if (!(${leaf.test})) return undefined;`);
      out.push(`${indent}  ${arr}[${k}] = ${item};`);
      out.push(`${indent}}`);
      return leaf.string && !NOT_INTERNED.has(key) ? `I.strings(${arr} as string[])` : `Object.freeze(${arr})`;
    }
    const v = emitValue(inner, item, key, indent + "  ");
    out.push(`${indent}  ${arr}[${k}] = ${v};`);
    out.push(`${indent}}`);
    return `Object.freeze(${arr})`;
  }
  if (c._tag === "ExactType" && c.type !== undefined) return emitObject(c.type, x, indent, undefined);
  const leaf = leafCheck(c, x);
  out.push(`${indent}if (!(${leaf.test})) return undefined;`);
  return leaf.string && !NOT_INTERNED.has(key) ? `I.string(${x} as string)` : x;
}

/** Emits the decoding of an exact object (required props, then optional ones, in codec order); returns the variable holding it. */
function emitObject(c: AnyCodec, x: string, indent: string, check: string | undefined): string {
  const required: [string, AnyCodec][] = [];
  const optional: [string, AnyCodec][] = [];
  collectProps(c, required, optional);
  out.push(`${indent}if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})) return undefined;`);
  const o = fresh("o");
  out.push(`${indent}const ${o} = ${x} as Record<string, unknown>;`);
  const fields: string[] = [];
  for (const [k, codec] of required) {
    const raw = fresh("r");
    out.push(`${indent}const ${raw}: unknown = hasOwn.call(${o}, ${lit(k)}) ? ${o}[${lit(k)}] : undefined;`);
    fields.push(`${JSON.stringify(k)}: ${emitValue(codec, raw, k, indent)}`);
  }
  const obj = fresh("d");
  out.push(`${indent}const ${obj}: Record<string, unknown> = { ${fields.join(", ")} };`);
  for (const [k, codec] of optional) {
    const raw = fresh("r");
    out.push(`${indent}const ${raw}: unknown = hasOwn.call(${o}, ${lit(k)}) ? ${o}[${lit(k)}] : undefined;`);
    out.push(`${indent}if (${raw} !== undefined) {`);
    const v = emitValue(codec, raw, k, indent + "  ");
    out.push(`${indent}  ${obj}[${lit(k)}] = ${v};`);
    out.push(`${indent}}`);
  }
  if (check !== undefined) out.push(`${indent}if (${check}(${obj}) !== undefined) return undefined;`);
  out.push(`${indent}Object.freeze(${obj});`);
  return obj;
}

/** The props of an event codec: exact(intersection([type({...}), partial({...})])). */
function envelopeOf(codec: AnyCodec): { required: Record<string, AnyCodec>; optional: Record<string, AnyCodec> } {
  if (codec._tag !== "ExactType" || codec.type === undefined) throw new Error(`gen-decoders: ${codec.name} is not an exact type`);
  const required: [string, AnyCodec][] = [];
  const optional: [string, AnyCodec][] = [];
  collectProps(codec.type, required, optional);
  return { required: Object.fromEntries(required), optional: Object.fromEntries(optional) };
}

function emitDecoder(type: string, codec: AnyCodec): void {
  const env = envelopeOf(codec);
  const expectedRequired = isCatalogType(type) ? ["id", "type", "at", "data"] : ["id", "type", "at", "subject", "data"];
  const expectedOptional = isCatalogType(type) ? ["by", "v", "subject"] : ["by", "v"];
  if (Object.keys(env.required).join() !== expectedRequired.join() || Object.keys(env.optional).join() !== expectedOptional.join()) {
    throw new Error(`gen-decoders: ${type} has an envelope this generator does not know: teach it`);
  }
  tmp = 0;
  out.push(`function decode${type}(o: Record<string, unknown>, pos: number, I: Interner): EventRecord | undefined {`);
  out.push(`  const id: unknown = hasOwn.call(o, "id") ? o["id"] : undefined;`);
  out.push(`  if (typeof id !== "string" || id.length === 0) return undefined;`);
  out.push(`  if ((hasOwn.call(o, "type") ? o["type"] : undefined) !== ${lit(type)}) return undefined;`);
  out.push(`  const at: unknown = hasOwn.call(o, "at") ? o["at"] : undefined;`);
  out.push(`  const t = parseTimestamp(at);`);
  out.push(`  if (t === undefined) return undefined;`);
  if (isCatalogType(type)) {
    // A catalog event carries no subject, own or inherited (decodeEvent's rule).
    out.push(`  if (o["subject"] !== undefined) return undefined;`);
  } else {
    out.push(`  const subject: unknown = hasOwn.call(o, "subject") ? o["subject"] : undefined;`);
    out.push(`  if (typeof subject !== "string" || subject.length === 0) return undefined;`);
  }
  out.push(`  const by: unknown = hasOwn.call(o, "by") ? o["by"] : undefined;`);
  out.push(`  if (by !== undefined && typeof by !== "string") return undefined;`);
  out.push(`  const v: unknown = hasOwn.call(o, "v") ? o["v"] : undefined;`);
  out.push(`  if (v !== undefined && v !== 1) return undefined;`);
  out.push(`  const data: unknown = hasOwn.call(o, "data") ? o["data"] : undefined;`);
  let d = env.required["data"]!;
  let check: string | undefined;
  if (d.inner !== undefined && d.check !== undefined) {
    check = `CHECKS.${type}`;
    d = d.inner;
  }
  if (d._tag !== "ExactType" || d.type === undefined) throw new Error(`gen-decoders: ${type} data is not an exact type`);
  const obj = emitObject(d.type, "data", "  ", check);
  // The store shares the subject's string through its subject table, not the interner.
  const subject = isCatalogType(type) ? "undefined" : "subject";
  out.push(`  return makeRecord(id, ${lit(type)}, at as string, ${subject}, by === undefined ? undefined : I.string(by), v, ${obj}, t, pos);`);
  out.push(`}`);
  out.push(``);
}

export function generate(): string {
  out = [];
  keySets.clear();
  const codecs = eventCodecs as unknown as Record<string, AnyCodec>;
  const checks = Object.entries(codecs).filter(([, c]) => {
    const env = envelopeOf(c);
    return env.required["data"]!.check !== undefined;
  });
  for (const [type, codec] of Object.entries(codecs)) emitDecoder(type, codec);
  const body = out;
  const head: string[] = [
    "// GENERATED by scripts/gen-decoders.ts from the io-ts codecs in src/events/codecs.ts: do not edit.",
    "// Regenerate with `npx tsx scripts/gen-decoders.ts`; test/events/decoders.test.ts fails when this",
    "// file is out of date and checks that these decoders accept exactly what the codecs accept.",
    'import { copyJson } from "../_internal/json.js";',
    'import { isDottedId } from "../_internal/dotted.js";',
    'import { parseDuration, parseTimestamp } from "../_internal/time.js";',
    'import { eventCodecs } from "./codecs.js";',
    'import { makeRecord, type EventRecord, type Interner } from "./record.js";',
    "",
    "const hasOwn = Object.prototype.hasOwnProperty;",
    "",
    "type Check = (d: unknown) => unknown;",
    "/** The codecs' cross-field rules, read from the codecs themselves. */",
    "const CHECKS = {",
    ...checks.map(([type]) => `  ${type}: (eventCodecs.${type} as unknown as { type: { types: [{ props: { data: { check: Check } } }] } }).type.types[0].props.data.check,`),
    "};",
    "",
  ];
  for (const [codec, name] of keySets) head.push(`const ${name}: ReadonlySet<string> = new Set(${JSON.stringify(Object.keys(codec.keys!))});`);
  head.push("");
  const tail = [
    "/** A decoder per event type: the record, or `undefined` when the input is not a valid event of that type. */",
    "export const DECODERS: Readonly<Record<string, (o: Record<string, unknown>, pos: number, I: Interner) => EventRecord | undefined>> = Object.freeze({",
    ...Object.keys(codecs).map((type) => `  ${type}: decode${type},`),
    "});",
    "",
  ];
  return [...head, ...body, ...tail].join("\n");
}

const target = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src", "events", "decoders.generated.ts");
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const text = generate();
  if (process.argv.includes("--check")) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
    if (current !== text) {
      console.error("src/events/decoders.generated.ts is out of date: run npx tsx scripts/gen-decoders.ts");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(target, text);
    console.log(`wrote ${path.relative(process.cwd(), target)}`);
  }
}
