import { badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { judgeFact, REASON_CODES, type ReasonCode } from "../decisions/index.js";
import type { SourceKind } from "../events/index.js";
import { deepFreeze, defined } from "../_internal/values.js";
import { readAt, within, type Ledger, type ReadContext } from "../ledger/index.js";
import { erasedAt } from "../facts/index.js";
import { sourceInForce, sourceRegistration } from "../provenance/index.js";

/** The report a data protection officer reads before switching a channel on. */
export interface SourceAssessment {
  readonly source: string;
  readonly at: string;
  /** True when a registration is in force at `at`. */
  readonly registered: boolean;
  /** The latest registration by `at` (in force or retired since). */
  readonly registration?: {
    readonly kind: SourceKind;
    readonly assessment: string;
    readonly importConsentPurpose?: string;
    readonly at: string;
    readonly eventId: string;
  };
  /** True when importing from it needs the person's consent for `importConsentPurpose`. */
  readonly importNeedsConsent: boolean;
  /** The collection purposes of the facts recorded from it, sorted. */
  readonly purposes: readonly string[];
  /** Facts recorded from it by `at`. */
  readonly facts: number;
  /** Of those, erased by `at`. */
  readonly erased: number;
  /** Of those not erased, how many are unusable for every purpose they were collected for. */
  readonly unusable: number;
  /** Per reason code, how many facts it denies for at least one of their collection purposes. */
  readonly byReason: Readonly<Partial<Record<ReasonCode, number>>>;
}

/**
 * A channel onboarding check: a source's registration and assessment
 * reference, which purposes it feeds, whether its import needs consent, how
 * many facts came from it, and how many of those are unusable now for the
 * purposes they were collected for and why (counts by reason code, judged as
 * `canUse` with access checks left out).
 *
 * A malformed `at` (or a source that is not a string) is answered with an
 * `INVALID_QUERY` value (`isInvalidQuery`), never with an empty assessment.
 *
 * @example
 * ```ts
 * import { assessSource, isInvalidQuery, replay } from "lawful-crm";
 * const at = "2024-01-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "marketing", description: "Marketing", legalBases: ["consent"] } },
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "facebook-app", kind: "social-app", assessment: "DPIA-FB-1", importConsentPurpose: "marketing" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "finn", data: { fact: "f1", field: "email", value: "finn@example.net", category: "contact.email",
 *     source: "facebook-app", purposes: ["marketing"], basis: "consent" } }, // imported without his consent
 * ]);
 * const a = assessSource(ledger, "facebook-app", { at: "2024-06-01T00:00:00Z" });
 * if (!isInvalidQuery(a)) console.log("assessed in", a.registration?.assessment, "facts:", a.facts, "unusable:", a.unusable, a.byReason);
 * //=> assessed in DPIA-FB-1 facts: 1 unusable: 1 { UNLAWFUL_COLLECTION: 1, NO_LEGAL_BASIS: 1 }
 * ```
 */
export function assessSource(ledger: Ledger, source: string, options: { readonly at: string }): SourceAssessment | InvalidQuery {
  const c = readAt(ledger, options, "assessSource");
  if ("error" in c) return c;
  if (typeof source !== "string") return invalidQuery(badString("assessSource", "source", source));
  const { v, i } = c;
  const reg = sourceRegistration(v, source, i);
  const counted = countFacts(c, source);
  return deepFreeze(
    defined({
      source,
      at: c.at,
      registered: sourceInForce(v, source, i) !== undefined,
      registration:
        reg === undefined
          ? undefined
          : defined({ kind: reg.e.data.kind, assessment: reg.e.data.assessment, importConsentPurpose: reg.e.data.importConsentPurpose, at: reg.e.at, eventId: reg.e.id }),
      importNeedsConsent: reg?.e.data.importConsentPurpose !== undefined,
      ...counted,
    }) as SourceAssessment,
  );
}

/** The facts recorded from `source` by the instant of `c`: how many, erased, unusable for every collection purpose, and why. */
function countFacts(c: ReadContext, source: string): Pick<SourceAssessment, "purposes" | "facts" | "erased" | "unusable" | "byReason"> {
  const { store, size, i } = c;
  const purposes = new Set<string>();
  let facts = 0;
  let erased = 0;
  let unusable = 0;
  const byReason = new Map<ReasonCode, number>();
  for (const s of store.subjects.values()) {
    for (const f of s.facts.values()) {
      if (f.rec.e.data.source !== source || !within(f.rec, size, i)) continue;
      facts++;
      for (const p of f.rec.e.data.purposes) purposes.add(p);
      if (erasedAt(f, size, i) !== undefined) {
        erased++;
        continue;
      }
      const codes = new Set<ReasonCode>();
      let usableSomewhere = false;
      for (const p of f.rec.e.data.purposes) {
        const rs = judgeFact(store, size, s, f, p, i, c.at);
        if (rs.length === 0) usableSomewhere = true;
        for (const r of rs) codes.add(r.code);
      }
      if (!usableSomewhere) unusable++;
      for (const code of codes) byReason.set(code, (byReason.get(code) ?? 0) + 1);
    }
  }
  // Counts in the order of REASON_CODES, for a stable JSON.
  const counts: Partial<Record<ReasonCode, number>> = {};
  for (const code of REASON_CODES) {
    const n = byReason.get(code);
    if (n !== undefined) counts[code] = n;
  }
  return { purposes: [...purposes].sort(), facts, erased, unusable, byReason: counts };
}
