import { parseTimestamp } from "../_internal/time.js";
import { judgeFact, REASON_CODES, type ReasonCode } from "../decisions/index.js";
import type { SourceKind } from "../events/index.js";
import { queryInstant, storeOf, viewOf, within, type Instant, type Ledger } from "../ledger/index.js";
import { erasedAt } from "../facts/index.js";
import { sourceInForce, sourceRegistration } from "../provenance/index.js";

function instantOf(at: string | undefined, fn: string): Instant | string {
  const t = parseTimestamp(at);
  return t === undefined ? `${fn}: at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z` : queryInstant(t);
}

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
 * @example
 * ```ts
 * import { assessSource } from "lawful-crm";
 * const a = assessSource(ledger, "facebook-app", { at: "2024-06-01T00:00:00Z" });
 * console.log(a.registration?.assessment, a.facts, a.unusable, a.byReason);
 * ```
 */
export function assessSource(ledger: Ledger, source: string, options: { readonly at: string }): SourceAssessment {
  const store = storeOf(ledger);
  const size = ledger.size;
  const v = viewOf(store, size);
  const i = instantOf(options?.at, "assessSource");
  const empty = { source, at: typeof options?.at === "string" ? options.at : "", registered: false, importNeedsConsent: false, purposes: [], facts: 0, erased: 0, unusable: 0, byReason: {} };
  if (typeof i === "string") return Object.freeze(empty);
  const reg = sourceRegistration(v, source, i);
  const inForce = sourceInForce(v, source, i);
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
        const rs = judgeFact(store, size, s, f, p, i, options.at);
        if (rs.length === 0) usableSomewhere = true;
        for (const r of rs) codes.add(r.code);
      }
      if (!usableSomewhere) unusable++;
      for (const c of codes) byReason.set(c, (byReason.get(c) ?? 0) + 1);
    }
  }
  const counts: Partial<Record<ReasonCode, number>> = {};
  for (const c of REASON_CODES) {
    const n = byReason.get(c);
    if (n !== undefined) counts[c] = n;
  }
  const out: Record<string, unknown> = { source, at: options.at, registered: inForce !== undefined };
  if (reg !== undefined) {
    const r: Record<string, unknown> = { kind: reg.e.data.kind, assessment: reg.e.data.assessment };
    if (reg.e.data.importConsentPurpose !== undefined) r["importConsentPurpose"] = reg.e.data.importConsentPurpose;
    r["at"] = reg.e.at;
    r["eventId"] = reg.e.id;
    out["registration"] = Object.freeze(r);
  }
  out["importNeedsConsent"] = reg?.e.data.importConsentPurpose !== undefined;
  out["purposes"] = Object.freeze([...purposes].sort());
  out["facts"] = facts;
  out["erased"] = erased;
  out["unusable"] = unusable;
  out["byReason"] = Object.freeze(counts);
  return Object.freeze(out) as unknown as SourceAssessment;
}

