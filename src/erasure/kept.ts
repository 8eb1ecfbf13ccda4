/**
 * What keeps a value that is otherwise due for erasure (GDPR Art. 17(3)(b)):
 * a legal obligation or a public task established for the subject for one
 * of the value's collection purposes, or for a purpose a compatibility
 * assessment makes compatible with them (the proof of a consent kept under
 * a legal obligation is such a case).
 */
import { covers } from "../_internal/dotted.js";
import { basisInForce } from "../bases/index.js";
import { latest, within, type FactState, type Instant, type SubjectState, type View } from "../ledger/index.js";
import { compatibility } from "../purposes/index.js";
import type { ErasureKeptItem } from "./types.js";

type KeepingBasis = ErasureKeptItem["basis"]["legalBasis"];
const KEEPING: readonly KeepingBasis[] = ["legal-obligation", "public-task"];

/** The `to` purposes of the compatibility assessments in force at `i`. */
function assessedTargets(v: View, i: Instant): string[] {
  const out: string[] = [];
  for (const list of v.cat.compat.values()) {
    const a = latest(list, v.size, i);
    if (a !== undefined) out.push(a.e.data.to);
  }
  return out;
}

/**
 * The events that link basis purpose `p` to data collected for `purposes`:
 * none needed when `p` covers a collection purpose; the positive assessments
 * when `p` (or a purpose under it that an assessment names) is compatible by
 * the decisions' rule; undefined when nothing links them.
 */
function link(v: View, purposes: readonly string[], p: string, targets: readonly string[], i: Instant): string[] | undefined {
  if (purposes.some((c) => covers(p, c))) return [];
  // Any purpose under `p` compatible with the data is compatible either as `p` itself or as the `to` of an assessment under `p`.
  for (const x of [p, ...targets.filter((g) => covers(p, g))]) {
    const compat = compatibility(v, purposes, x, i);
    if (compat.compatible) return compat.positive;
  }
  return undefined;
}

/** The legal obligation or public task that keeps fact `f` of `s` at `i`, with its events; undefined when none does. */
export function keptBy(v: View, s: SubjectState, f: FactState, i: Instant): ErasureKeptItem["basis"] | undefined {
  const purposes = f.rec.e.data.purposes;
  let targets: string[] | undefined;
  for (const basis of KEEPING) {
    const ids: string[] = [];
    for (const b of s.bases) {
      if (b.e.data.basis !== basis || !within(b, v.size, i) || !basisInForce(v, s, b, i)) continue;
      for (const p of b.e.data.purposes) {
        const via = link(v, purposes, p, (targets ??= assessedTargets(v, i)), i);
        if (via === undefined) continue;
        ids.push(b.e.id, ...via);
      }
    }
    if (ids.length > 0) return { legalBasis: basis, eventIds: [...new Set(ids)] };
  }
  return undefined;
}
