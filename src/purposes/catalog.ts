/**
 * Purposes of processing (GDPR Art. 5(1)(b)): which are declared, which are
 * in force, and the attributes they carry down their hierarchy.
 */
import { ancestors } from "../_internal/dotted.js";
import type { EventOf, LegalBasis } from "../events/index.js";
import { precedes, within, type Entry, type Instant, type View } from "../ledger/index.js";

type PurposeEntry = Entry<EventOf<"PurposeDeclared"> | EventOf<"PurposeRetired">>;
type Declaration = Entry<EventOf<"PurposeDeclared">>;

/** The latest declaration of `p` at instant `i` (whether or not retired since). */
export function declarationOf(v: View, p: string, i: Instant): Declaration | undefined {
  const list = v.cat.purposes.get(p);
  if (list === undefined) return undefined;
  for (let k = list.length - 1; k >= 0; k--) {
    const e = list[k]!;
    if (e.e.type === "PurposeDeclared" && within(e, v.size, i)) return e as Declaration;
  }
  return undefined;
}

/** The first declaration of `p` ever (in the snapshot): "first declared". */
function firstDeclaration(v: View, p: string): Declaration | undefined {
  const list = v.cat.purposes.get(p);
  if (list === undefined) return undefined;
  for (const e of list) if (e.e.type === "PurposeDeclared" && e.pos < v.size) return e as Declaration;
  return undefined;
}

/**
 * True when `p` was first declared at or before the event at instant `i` (by
 * (at, position)): a consent or notice names only purposes that existed then,
 * so declaring a child later does not widen it.
 */
export function declaredBy(v: View, p: string, i: Instant): boolean {
  const d = firstDeclaration(v, p);
  return d !== undefined && within(d, v.size, i);
}

/** The retirements of `p` or an ancestor that are later than `p`'s latest declaration, at instant `i`. */
export function retirementsOf(v: View, p: string, i: Instant): PurposeEntry[] {
  const decl = declarationOf(v, p, i);
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
  return declarationOf(v, p, i) !== undefined && retirementsOf(v, p, i).length === 0;
}

/** The attributes a purpose declaration may carry, inherited down the hierarchy. */
type PurposeAttribute = "retention" | "consentMaxAge" | "doubleOptIn" | "originDisclosure" | "directMarketing";

/** A purpose attribute: from its own latest declaration if set, else the nearest ancestor's that sets it. */
export function attribute<A extends PurposeAttribute>(v: View, p: string, attr: A, i: Instant): EventOf<"PurposeDeclared">["data"][A] | undefined {
  for (const q of [p, ...ancestors(p)]) {
    const d = declarationOf(v, q, i);
    const val = d?.e.data[attr];
    if (val !== undefined) return val;
  }
  return undefined;
}

/** A purpose's own `legalBases` from its latest declaration at `i` (empty when not declared): not inherited. */
export function legalBasesOf(v: View, p: string, i: Instant): readonly LegalBasis[] {
  return declarationOf(v, p, i)?.e.data.legalBases ?? [];
}
