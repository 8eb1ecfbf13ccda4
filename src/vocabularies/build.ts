/**
 * The part of an import both vocabularies share: a flat list of terms, each
 * naming its parent, becomes dotted ids (parents before children), legal
 * bases from the caller, and `PurposeDeclared` events; every term that does
 * not make it is listed with why. Internal.
 */
import * as E from "fp-ts/lib/Either.js";
import { describeThrown } from "../_internal/guard.js";
import { preview, snapshotJson } from "../_internal/json.js";
import { isDottedId } from "../_internal/dotted.js";
import { parseTimestamp } from "../_internal/time.js";
import { decodeEvent, LEGAL_BASES, type PurposeDeclared, type LegalBasis } from "../events/index.js";
import type { Unmapped, UnmappedCode, Vocabulary, VocabularyCategory, VocabularyError, VocabularyOptions, VocabularyPurpose } from "./types.js";

/** One term of the input, read by the vocabulary's own reader. */
export interface Candidate {
  readonly kind: "purpose" | "category";
  /** How the term is named to the user (fideslang key, `dpv:Term`, or `#<index>`). */
  readonly term: string;
  /** What identifies it in the input and what `parentKey` refers to (fideslang key, DPV IRI); absent for an unreadable entry. */
  readonly key?: string;
  /** The key of its parent; absent for a top-level term. */
  readonly parentKey?: string;
  /** How to name the parent in a sentence when it is not found (`parent a.b`, `first broader purpose dpv:X`). */
  readonly parentTerm?: string;
  /** Its own segment of the dotted id. */
  readonly segment: string;
  readonly name: string;
  readonly description: string;
  readonly alsoUnder?: readonly string[];
  /** A problem of the entry itself; all but `DEPRECATED` also leave its descendants out. */
  readonly problem?: { readonly code: UnmappedCode; readonly reason: string };
}

type Problem = { readonly code: UnmappedCode; readonly reason: string };

interface Resolved {
  readonly c: Candidate;
  readonly id: string;
  readonly parentId?: string;
}

const fail = (code: VocabularyError["code"], message: string): E.Either<VocabularyError, never> => E.left(Object.freeze({ code, message }));

/** Problems that make the term's id ill-defined, and so its descendants' too. */
const notStructural = new Set<UnmappedCode>(["DEPRECATED", "NO_LEGAL_BASIS"]);

/**
 * Gives every candidate of one kind its dotted id, or the reason it has none.
 * A term is placed only if its whole chain of parents is placed: an id is the
 * chain of segments, so a broken link anywhere above makes it meaningless.
 */
export function resolve(candidates: readonly Candidate[]): { placed: Resolved[]; problems: Map<Candidate, Problem> } {
  const problems = new Map<Candidate, Problem>();
  const byKey = duplicates(candidates, problems);
  const parentOf = (c: Candidate): Candidate | undefined => (c.parentKey === undefined ? undefined : byKey.get(c.parentKey)?.[0]);
  const ids = chainIds(candidates, problems, parentOf);
  return place(candidates, problems, ids, parentOf);
}

/** Candidates by key; a key given more than once is ambiguous, and none of its candidates is used. */
function duplicates(candidates: readonly Candidate[], problems: Map<Candidate, Problem>): Map<string, Candidate[]> {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    if (c.problem !== undefined) problems.set(c, c.problem);
    if (c.key === undefined) continue;
    const same = byKey.get(c.key);
    if (same === undefined) byKey.set(c.key, [c]);
    else same.push(c);
  }
  for (const same of byKey.values()) {
    if (same.length < 2) continue;
    for (const c of same) {
      if (!problems.has(c)) problems.set(c, { code: "DUPLICATE_TERM", reason: `It appears ${same.length} times in the input; which one is meant is ambiguous, so none is used.` });
    }
  }
  return byKey;
}

/** Each candidate's dotted id (null: none is well defined), walking up each chain once; memoised so a deep taxonomy stays linear. */
function chainIds(candidates: readonly Candidate[], problems: Map<Candidate, Problem>, parentOf: (c: Candidate) => Candidate | undefined): Map<Candidate, string | null> {
  const structural = (c: Candidate) => {
    const p = problems.get(c);
    return p !== undefined && !notStructural.has(p.code);
  };
  const ids = new Map<Candidate, string | null>();
  for (const start of candidates) {
    if (ids.has(start)) continue;
    const path: Candidate[] = [];
    const onPath = new Set<Candidate>();
    let c: Candidate | undefined = start;
    let base: string | null = null; // the id the path hangs from; null when it has none
    while (c !== undefined) {
      if (ids.has(c)) {
        base = ids.get(c)!;
        break;
      }
      if (onPath.has(c)) {
        // The loop runs from c back to c; the terms before it merely lead into it.
        const at = path.indexOf(c);
        for (const x of path.slice(at)) {
          problems.set(x, { code: "CYCLE", reason: `The chain of parents of ${x.term} loops (${path.slice(at).map((y) => y.term).join(" → ")} → ${c.term}).` });
          ids.set(x, null);
        }
        path.length = at;
        break;
      }
      path.push(c);
      onPath.add(c);
      if (structural(c)) {
        ids.set(c, null);
        path.pop();
        break;
      }
      if (c.parentKey === undefined) {
        ids.set(c, c.segment);
        path.pop();
        base = c.segment;
        break;
      }
      const parent = parentOf(c);
      if (parent === undefined) {
        problems.set(c, { code: "PARENT_NOT_FOUND", reason: `Its ${c.parentTerm ?? `parent ${c.parentKey}`} is not a ${c.kind} of the input, so its place in the hierarchy is unknown.` });
        ids.set(c, null);
        path.pop();
        break;
      }
      c = parent;
    }
    // Unwind: each remaining term on the path hangs from the one after it.
    for (let k = path.length - 1; k >= 0; k--) {
      const x = path[k]!;
      if (base === null) {
        problems.set(x, { code: "ANCESTOR_NOT_MAPPED", reason: `Its ancestor ${parentOf(x)?.term ?? x.parentKey} could not be placed, so its own place in the hierarchy is not defined either.` });
        ids.set(x, null);
      } else {
        base = `${base}.${x.segment}`;
        ids.set(x, base);
      }
    }
  }
  return ids;
}

/** The placed candidates: two terms with one id would be one purpose with two meanings, so neither (nor what hangs below) is placed. */
function place(
  candidates: readonly Candidate[],
  problems: Map<Candidate, Problem>,
  ids: Map<Candidate, string | null>,
  parentOf: (c: Candidate) => Candidate | undefined,
): { placed: Resolved[]; problems: Map<Candidate, Problem> } {
  const byId = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const id = ids.get(c);
    if (id === null || id === undefined) continue;
    const same = byId.get(id);
    if (same === undefined) byId.set(id, [c]);
    else same.push(c);
  }
  const collided = new Set<string>();
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    collided.add(id);
    for (const c of same) problems.set(c, { code: "ID_COLLISION", reason: `The terms ${same.map((x) => x.term).join(", ")} all give the id ${preview(id)}; which one is meant is ambiguous, so none is used.` });
  }
  const placed: Resolved[] = [];
  for (const c of candidates) {
    const id = ids.get(c);
    if (id === null || id === undefined || collided.has(id)) continue;
    const hit = [...collided].find((x) => id.startsWith(x + "."));
    if (hit !== undefined) {
      problems.set(c, { code: "ANCESTOR_NOT_MAPPED", reason: `Its ancestor ${preview(hit)} is ambiguous (ID_COLLISION), so its own id is not defined either.` });
      continue;
    }
    if (!problems.has(c)) {
      const p = parentOf(c);
      const parentId = p === undefined ? undefined : ids.get(p);
      placed.push(parentId === undefined || parentId === null ? { c, id } : { c, id, parentId });
    }
  }
  // Deprecated terms have an id (their descendants keep theirs) but are not placed themselves.
  return { placed, problems };
}

/** Code-unit order (no locale). */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The checked options: what every event needs, and a way to find each purpose's legal bases. */
interface Checked {
  readonly at: string;
  readonly by?: string;
  readonly nextId: (purpose: string) => string;
  readonly newId?: () => string;
  readonly bases: (purpose: string) => readonly LegalBasis[] | undefined;
  readonly keys: readonly string[];
}

function basesError(where: string, v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length === 0) return `${where} must be a non-empty array of legal bases, got ${preview(v)}.`;
  const k = v.findIndex((b) => typeof b !== "string" || !(LEGAL_BASES as readonly string[]).includes(b));
  return k < 0 ? undefined : `${where} must hold only ${LEGAL_BASES.join(", ")}; got ${preview(v[k])}.`;
}

/**
 * Runs `f` on plain copies of the caller's arguments (`args`, by name), each
 * read once under guard: a getter or Proxy trap that throws while one is
 * read, or while `f` reads an object the copy kept as it is, is a
 * {@link VocabularyError} (`INVALID_OPTIONS` for `options`, else
 * `INVALID_INPUT`) naming what could not be read, never the caller's
 * exception (issue 10, finding 4).
 */
export function guardedArgs<T>(fn: string, args: Readonly<Record<string, unknown>>, f: (copies: Record<string, unknown>) => E.Either<VocabularyError, T>): E.Either<VocabularyError, T> {
  const copies: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(args)) {
    const s = snapshotJson(v);
    const code = name === "options" ? "INVALID_OPTIONS" : "INVALID_INPUT";
    if (!s.ok) return fail(code, `${fn}(): ${[name, s.path].filter((x) => x !== "").join(".")} could not be read: ${s.why}.`);
    copies[name] = s.value;
  }
  try {
    return f(copies);
  } catch (e) {
    return fail("INVALID_INPUT", `${fn}(): the input could not be read: reading it threw ${describeThrown(e)}.`);
  }
}

/** Checks the options (an `INVALID_OPTIONS` error names the first wrong one). */
export function checkOptions(fn: string, options: VocabularyOptions | undefined): E.Either<VocabularyError, Checked> {
  if (typeof options !== "object" || options === null) return fail("INVALID_OPTIONS", `${fn}(): options must be an object with at, idPrefix or newId, and legalBases.`);
  const { at, idPrefix, newId, by, legalBases } = options;
  if (parseTimestamp(at) === undefined) return fail("INVALID_OPTIONS", `${fn}(): options.at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got ${preview(at)}.`);
  if ((idPrefix === undefined) === (newId === undefined)) return fail("INVALID_OPTIONS", `${fn}(): give exactly one of options.idPrefix and options.newId.`);
  if (idPrefix !== undefined && typeof idPrefix !== "string") return fail("INVALID_OPTIONS", `${fn}(): options.idPrefix must be a string, got ${preview(idPrefix)}.`);
  if (newId !== undefined && typeof newId !== "function") return fail("INVALID_OPTIONS", `${fn}(): options.newId must be a function returning a new id, got ${preview(newId)}.`);
  if (by !== undefined && typeof by !== "string") return fail("INVALID_OPTIONS", `${fn}(): options.by must be a string, got ${preview(by)}.`);
  let bases: (purpose: string) => readonly LegalBasis[] | undefined = () => undefined;
  let keys: string[] = [];
  if (Array.isArray(legalBases)) {
    const e = basesError(`${fn}(): options.legalBases`, legalBases);
    if (e !== undefined) return fail("INVALID_OPTIONS", e);
    const all = Object.freeze([...legalBases]) as readonly LegalBasis[];
    bases = () => all;
  } else if (legalBases !== undefined) {
    if (typeof legalBases !== "object" || legalBases === null) return fail("INVALID_OPTIONS", `${fn}(): options.legalBases must be an array of legal bases or an object of them by purpose id, got ${preview(legalBases)}.`);
    const table = new Map<string, readonly LegalBasis[]>();
    for (const [k, v] of Object.entries(legalBases as Record<string, unknown>)) {
      if (!isDottedId(k)) return fail("INVALID_OPTIONS", `${fn}(): options.legalBases has the key ${preview(k)}, which is not a dotted purpose id.`);
      const e = basesError(`${fn}(): options.legalBases[${JSON.stringify(k)}]`, v);
      if (e !== undefined) return fail("INVALID_OPTIONS", e);
      table.set(k, Object.freeze([...(v as LegalBasis[])]));
    }
    keys = [...table.keys()];
    bases = (purpose) => {
      // The nearest entry wins: the purpose itself, then its ancestors, nearest first.
      for (let p: string = purpose; ; ) {
        const hit = table.get(p);
        if (hit !== undefined) return hit;
        const dot = p.lastIndexOf(".");
        if (dot < 0) return undefined;
        p = p.slice(0, dot);
      }
    };
  }
  const checked: Checked = {
    at: at,
    ...(by !== undefined ? { by } : {}),
    nextId: (purpose) => `${idPrefix ?? ""}${purpose}`,
    ...(newId !== undefined ? { newId } : {}),
    bases,
    keys,
  };
  return E.right(checked);
}

/** Turns the resolved purposes and categories into the frozen {@link Vocabulary}. */
export function assemble(
  fn: string,
  source: Vocabulary["source"],
  o: Checked,
  purposeCandidates: readonly Candidate[],
  categoryCandidates: readonly Candidate[],
): E.Either<VocabularyError, Vocabulary> {
  const purposes = resolve(purposeCandidates);
  const categories = resolve(categoryCandidates);

  // Every key of legalBases must name a purpose or an ancestor of one: otherwise it is a typo.
  const known = new Set<string>();
  for (const p of purposes.placed) for (let dot = p.id.length; dot > 0; dot = p.id.lastIndexOf(".", dot - 1)) known.add(p.id.slice(0, dot));
  for (const c of purposeCandidates) if (c.problem?.code === "DEPRECATED" && c.key !== undefined) known.add(c.key);
  const stray = o.keys.find((k) => !known.has(k));
  if (stray !== undefined) return fail("INVALID_OPTIONS", `${fn}(): options.legalBases names ${preview(stray)}, which is neither a purpose of this vocabulary nor an ancestor of one.`);

  const declared: { r: Resolved; bases: readonly LegalBasis[] }[] = [];
  for (const r of purposes.placed) {
    const b = o.bases(r.id);
    // GDPR Art. 6(1): processing needs a legal basis, and a taxonomy does not say which; never guess one.
    if (b === undefined) purposes.problems.set(r.c, { code: "NO_LEGAL_BASIS", reason: `No entry of options.legalBases serves ${r.id}: say on which legal bases (GDPR Art. 6(1)) it may rest.` });
    else declared.push({ r, bases: b });
  }
  declared.sort((a, b) => cmp(a.r.id, b.r.id));
  const events: PurposeDeclared[] = [];
  const out: VocabularyPurpose[] = [];
  const seen = new Set<string>();
  for (const { r, bases } of declared) {
    const id = o.newId !== undefined ? o.newId() : o.nextId(r.id);
    if (typeof id !== "string" || id === "" || seen.has(id)) {
      return fail("INVALID_OPTIONS", `${fn}(): options.newId must return a new non-empty string each time, got ${seen.has(id) ? `${preview(id)} twice` : preview(id)}.`);
    }
    seen.add(id);
    const raw = { id, type: "PurposeDeclared", at: o.at, ...(o.by !== undefined ? { by: o.by } : {}), data: { purpose: r.id, description: r.c.description, legalBases: [...bases] } };
    const decoded = decodeEvent(raw);
    // Every part was checked above; should the codec still refuse it, say so rather than throw.
    if (decoded._tag === "Left") return fail("INVALID_INPUT", `${fn}(): could not make a valid event for ${r.c.term}: ${decoded.left.message}`);
    events.push(decoded.right as PurposeDeclared);
    out.push(
      Object.freeze({
        purpose: r.id,
        term: r.c.term,
        name: r.c.name,
        description: r.c.description,
        ...(r.parentId !== undefined ? { parent: r.parentId } : {}),
        ...(r.c.alsoUnder !== undefined && r.c.alsoUnder.length > 0 ? { alsoUnder: Object.freeze([...r.c.alsoUnder]) } : {}),
        legalBases: bases,
        eventId: id,
      }),
    );
  }
  const cats: VocabularyCategory[] = categories.placed
    .map((r) => Object.freeze({ category: r.id, term: r.c.term, name: r.c.name, description: r.c.description, ...(r.parentId !== undefined ? { parent: r.parentId } : {}) }))
    .sort((a, b) => cmp(a.category, b.category));
  const unmapped: Unmapped[] = [];
  for (const [cs, problems] of [[purposeCandidates, purposes.problems], [categoryCandidates, categories.problems]] as const) {
    for (const c of cs) {
      const p = problems.get(c);
      if (p !== undefined) unmapped.push(Object.freeze({ kind: c.kind, term: c.term, code: p.code, reason: p.reason }));
    }
  }
  return E.right(
    Object.freeze({
      source,
      events: Object.freeze(events),
      purposes: Object.freeze(out),
      categories: Object.freeze(cats),
      unmapped: Object.freeze(unmapped),
    }),
  );
}
