/**
 * Purposes of processing (GDPR Art. 5(1)(b)): which are declared, which are
 * in force, and the attributes they carry down their hierarchy.
 *
 * What a purpose is at an instant changes only at the declarations and
 * retirements of the purpose and its ancestors. Each purpose's states are
 * compiled once per version of the catalog (a timeline of those change
 * points), and a query finds its state by binary search.
 */
import { ancestors } from "../_internal/dotted.js";
import { parseDuration, type Duration } from "../_internal/time.js";
import type { EventOf, LegalBasis } from "../events/index.js";
import { catalogSlot, countUpTo, precedes, within, type Entry, type Instant, type View } from "../ledger/index.js";

type PurposeEntry = Entry<EventOf<"PurposeDeclared"> | EventOf<"PurposeRetired">>;
type Declaration = Entry<EventOf<"PurposeDeclared">>;

/** The attributes a purpose declaration may carry, inherited down the hierarchy. */
export type PurposeAttribute = "retention" | "consentMaxAge" | "doubleOptIn" | "originDisclosure" | "directMarketing";
const ATTRIBUTES: readonly PurposeAttribute[] = ["retention", "consentMaxAge", "doubleOptIn", "originDisclosure", "directMarketing"];

type Attributes = { readonly [A in PurposeAttribute]?: EventOf<"PurposeDeclared">["data"][A] };

/** What a purpose is from one change point (an instant in (at, position) order) to the next. */
interface PurposeState {
  readonly t: number;
  readonly pos: number;
  /** Its latest declaration (whether or not retired since). */
  readonly decl: Declaration | undefined;
  /** How many retirements of it or an ancestor came after that declaration. */
  readonly retired: number;
  readonly attrs: Attributes;
  /** The `retention` and `consentMaxAge` attributes, parsed once. */
  readonly retention: Duration | undefined;
  readonly consentMaxAge: Duration | undefined;
}

/** A purpose's states in (at, position) order, and its first declaration. */
interface Timeline {
  readonly first: Declaration | undefined;
  readonly states: readonly PurposeState[];
}

const UNDECLARED: PurposeState = Object.freeze({ t: -Infinity, pos: -Infinity, decl: undefined, retired: 0, attrs: {}, retention: undefined, consentMaxAge: undefined });

/** The purposes' timelines of one catalog version, made on first use. */
const TIMELINES = Symbol("purpose timelines");

function compile(v: View, p: string): Timeline {
  const family = [p, ...ancestors(p)];
  const entries: PurposeEntry[] = [];
  for (const q of family) for (const e of v.cat.purposes.get(q) ?? []) if (e.pos < v.size) entries.push(e);
  entries.sort((a, b) => a.t - b.t || a.pos - b.pos);
  const latestDecl = new Map<string, Declaration>();
  let first: Declaration | undefined;
  let retired = 0;
  const states: PurposeState[] = [];
  for (const e of entries) {
    const q = e.e.data.purpose;
    if (e.e.type === "PurposeDeclared") {
      latestDecl.set(q, e as Declaration);
      if (q === p) {
        first ??= e as Declaration;
        // Only retirements after the purpose's latest declaration count.
        retired = 0;
      }
    } else retired++;
    const attrs: Record<string, unknown> = {};
    for (const a of ATTRIBUTES) {
      for (const r of family) {
        const val = latestDecl.get(r)?.e.data[a];
        if (val !== undefined) {
          attrs[a] = val;
          break;
        }
      }
    }
    states.push({
      t: e.t,
      pos: e.pos,
      decl: latestDecl.get(p),
      retired,
      attrs,
      retention: parseDuration(attrs["retention"]),
      consentMaxAge: parseDuration(attrs["consentMaxAge"]),
    });
  }
  return { first, states };
}

function timelineOf(v: View, p: string): Timeline {
  const all = catalogSlot(v, TIMELINES, () => new Map<string, Timeline>());
  let tl = all.get(p);
  if (tl === undefined) {
    tl = compile(v, p);
    all.set(p, tl);
  }
  return tl;
}

/** What purpose `p` is at instant `i`. */
function stateAt(v: View, p: string, i: Instant): PurposeState {
  const states = timelineOf(v, p).states;
  const n = countUpTo(states, i);
  return n === 0 ? UNDECLARED : states[n - 1]!;
}

/** What a consent's effectiveness reads of a purpose from one change point of its timeline to the next. */
export interface ConsentTerms {
  /** Where these terms start, in (at, position) order; the first starts at -Infinity. */
  readonly t: number;
  readonly pos: number;
  readonly doubleOptIn: boolean;
  readonly consentMaxAge: Duration | undefined;
}

const TERMS = Symbol("consent terms per purpose");

/**
 * The `doubleOptIn` and `consentMaxAge` of `p` over time: one entry per
 * change point of its timeline (the first from -Infinity, before any
 * declaration), each holding until the next. Compiled once per catalog version.
 */
export function consentTermsOf(v: View, p: string): readonly ConsentTerms[] {
  const all = catalogSlot(v, TERMS, () => new Map<string, readonly ConsentTerms[]>());
  let terms = all.get(p);
  if (terms === undefined) {
    const out: ConsentTerms[] = [{ t: -Infinity, pos: -Infinity, doubleOptIn: false, consentMaxAge: undefined }];
    for (const st of timelineOf(v, p).states) out.push({ t: st.t, pos: st.pos, doubleOptIn: st.attrs.doubleOptIn === true, consentMaxAge: st.consentMaxAge });
    all.set(p, (terms = out));
  }
  return terms;
}

/** The latest declaration of `p` at instant `i` (whether or not retired since). */
export function declarationOf(v: View, p: string, i: Instant): Declaration | undefined {
  return stateAt(v, p, i).decl;
}

/**
 * True when `p` was first declared at or before the event at instant `i` (by
 * (at, position)): a consent or notice names only purposes that existed then,
 * so declaring a child later does not widen it.
 */
export function declaredBy(v: View, p: string, i: Instant): boolean {
  const d = timelineOf(v, p).first;
  return d !== undefined && within(d, v.size, i);
}

/** The retirements of `p` or an ancestor that are later than `p`'s latest declaration, at instant `i`. */
export function retirementsOf(v: View, p: string, i: Instant): PurposeEntry[] {
  const state = stateAt(v, p, i);
  if (state.retired === 0) return [];
  const decl = state.decl;
  const out: PurposeEntry[] = [];
  for (const q of [p, ...ancestors(p)]) {
    const list = v.cat.purposes.get(q);
    if (list === undefined) continue;
    for (const e of list) {
      if (e.e.type !== "PurposeRetired" || !within(e, v.size, i)) continue;
      if (decl === undefined || precedes(decl, e)) out.push(e);
    }
  }
  return out;
}

/** True when `p` is declared and in force at instant `i` (neither it nor an ancestor retired since). */
export function purposeInForce(v: View, p: string, i: Instant): boolean {
  const state = stateAt(v, p, i);
  return state.decl !== undefined && state.retired === 0;
}

/** A purpose attribute: from its own latest declaration if set, else the nearest ancestor's that sets it. */
export function attribute<A extends PurposeAttribute>(v: View, p: string, attr: A, i: Instant): EventOf<"PurposeDeclared">["data"][A] | undefined {
  return stateAt(v, p, i).attrs[attr] as EventOf<"PurposeDeclared">["data"][A] | undefined;
}

/** A duration attribute (`retention`, `consentMaxAge`), parsed: what the attribute says, as a duration. */
export function durationAttribute(v: View, p: string, attr: "retention" | "consentMaxAge", i: Instant): Duration | undefined {
  return stateAt(v, p, i)[attr];
}

/** A purpose's own `legalBases` from its latest declaration at `i` (empty when not declared): not inherited. */
export function legalBasesOf(v: View, p: string, i: Instant): readonly LegalBasis[] {
  return stateAt(v, p, i).decl?.e.data.legalBases ?? [];
}

const DURATIONS = Symbol("durations declared in the catalog");

/**
 * Every distinct `retention` and `consentMaxAge` any declaration of the
 * catalog sets, parsed: the clock-driven ends a purpose can give a value or
 * a consent (for a decision's `validUntil`).
 */
export function declaredDurations(v: View): { readonly retention: readonly Duration[]; readonly consentMaxAge: readonly Duration[] } {
  return catalogSlot(v, DURATIONS, () => {
    const seen = { retention: new Map<string, Duration>(), consentMaxAge: new Map<string, Duration>() };
    for (const list of v.cat.purposes.values()) {
      for (const e of list) {
        if (e.pos >= v.size || e.e.type !== "PurposeDeclared") continue;
        for (const attr of ["retention", "consentMaxAge"] as const) {
          const text = e.e.data[attr];
          const d = parseDuration(text);
          if (text !== undefined && d !== undefined) seen[attr].set(text, d);
        }
      }
    }
    return { retention: [...seen.retention.values()], consentMaxAge: [...seen.consentMaxAge.values()] };
  });
}
