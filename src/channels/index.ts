import { parseTimestamp } from "../_internal/time.js";
import {
  accountLink,
  correctionAt,
  departureOf,
  erasedAt,
  queryInstant,
  sourceInForce,
  sourceRegistration,
  within,
  latest,
  type FieldState,
  type Instant,
  type View,
} from "../_internal/view.js";
import { consentFailureReasons, fieldReasons, standAloneReason, subjectContext } from "../decisions/canUse.js";
import { REASON_CODES, type Reason, type ReasonCode } from "../decisions/types.js";
import type { DepartureAgreement, SourceKind } from "../events/primitives.js";
import { storeOf, type Ledger } from "../ledger/ledger.js";
import type { Store } from "../ledger/store.js";
import type { FactState, SubjectState } from "../ledger/types.js";

/** A fact affected by an employee's departure. */
export interface DepartedFact {
  readonly subject: string;
  readonly fact: string;
  readonly field: string;
  readonly account: string;
  readonly companyContact: boolean;
  /** The `FactRecorded` event. */
  readonly eventId: string;
  /** A reason to put in the `FactErased` event that cleans it up. */
  readonly erasureReason: string;
}

/** What an employee's departure means for the facts that came through their linked accounts. */
export interface DepartureImpact {
  readonly employee: string;
  readonly at: string;
  /** The departure, when recorded by `at`. */
  readonly departed?: { readonly at: string; readonly eventId: string };
  /** The accounts linked to the employee by `at`, with their agreements. */
  readonly accounts: readonly {
    readonly account: string;
    readonly source: string;
    readonly onDeparture: DepartureAgreement;
    readonly linkedAt: string;
    readonly eventId: string;
  }[];
  /**
   * Facts (not yet erased) that the agreement now makes unusable and due for
   * erasure: empty until the departure is recorded by `at`.
   */
  readonly facts: readonly DepartedFact[];
  /** How many facts the agreement keeps after the departure (`keep`, or company contacts under `keep-company-contacts`); 0 before it. */
  readonly kept: number;
}

function instantOf(at: string | undefined, fn: string): Instant | string {
  const t = parseTimestamp(at);
  return t === undefined ? `${fn}: at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z` : queryInstant(t);
}

/**
 * For an employee, the accounts they linked and per subject the facts that
 * the departure agreement makes unusable and due for erasure, so that a CRM
 * can run the clean-up and record `FactErased` events for them. Until the
 * departure is recorded nothing is due: the facts are still usable, and
 * erasing them would destroy lawful data.
 *
 * @example
 * ```ts
 * import { departureImpact } from "lawful-crm";
 * const impact = departureImpact(ledger, "emp-bob", { at: "2024-06-01T00:00:00Z" });
 * for (const f of impact.facts) console.log(f.subject, f.field, f.erasureReason);
 * ```
 */
export function departureImpact(ledger: Ledger, employee: string, options: { readonly at: string }): DepartureImpact {
  const store = storeOf(ledger);
  const size = ledger.size;
  const v: View = { cat: store.catalog, size };
  const i = instantOf(options?.at, "departureImpact");
  if (typeof i === "string") return Object.freeze({ employee, at: typeof options?.at === "string" ? options.at : "", accounts: [], facts: [], kept: 0 });
  const dep = departureOf(v, employee, i);
  const accounts: { account: string; source: string; onDeparture: DepartureAgreement; linkedAt: string; eventId: string }[] = [];
  for (const [account, list] of store.catalog.accounts) {
    const link = latest(list, size, i);
    if (link === undefined || link.e.data.employee !== employee) continue;
    accounts.push({ account, source: link.e.data.source, onDeparture: link.e.data.onDeparture, linkedAt: link.e.at, eventId: link.e.id });
  }
  accounts.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const facts: DepartedFact[] = [];
  let kept = 0;
  // "the facts that the agreement now makes unusable": none before the departure.
  for (const s of dep === undefined ? [] : store.subjects.values()) {
    for (const f of s.facts.values()) {
      const acc = f.rec.e.data.account;
      if (acc === undefined || !within(f.rec, size, i) || erasedAt(f, size, i) !== undefined) continue;
      // As for OWNER_DEPARTED: the link (employee and agreement) in force at the recording.
      const link = accountLink(v, acc, f.rec);
      if (link === undefined || link.e.data.employee !== employee) continue;
      const a = { onDeparture: link.e.data.onDeparture };
      const company = f.rec.e.data.companyContact === true;
      const goes = a.onDeparture === "erase" || (a.onDeparture === "keep-company-contacts" && !company);
      if (!goes) {
        kept++;
        continue;
      }
      facts.push({
        subject: s.id,
        fact: f.rec.e.data.fact,
        field: f.rec.e.data.field,
        account: acc,
        companyContact: company,
        eventId: f.rec.e.id,
        erasureReason:
          a.onDeparture === "erase"
            ? `employee ${employee} left; agreement for account ${acc}: erase its contacts`
            : `employee ${employee} left; agreement for account ${acc}: keep only company contacts`,
      });
    }
  }
  facts.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : 0));
  const out: Record<string, unknown> = { employee, at: options.at };
  if (dep !== undefined) out["departed"] = Object.freeze({ at: dep.e.at, eventId: dep.e.id });
  out["accounts"] = Object.freeze(accounts.map((a) => Object.freeze(a)));
  out["facts"] = Object.freeze(facts.map((f) => Object.freeze(f)));
  out["kept"] = kept;
  return Object.freeze(out) as unknown as DepartureImpact;
}

/** The reasons that deny using one fact for purpose `u` at `i`, access left out. Internal. */
export function judgeFact(store: Store, size: number, s: SubjectState, f: FactState, u: string, i: Instant, at: string): Reason[] {
  const alone = standAloneReason(store, size, s.id, u, at, i.t);
  if (alone !== undefined) return [alone];
  const v: View = { cat: store.catalog, size };
  const ctx = subjectContext(v, s, u, i);
  const erased = erasedAt(f, size, i);
  const fs: FieldState =
    erased === undefined
      ? { recorded: [f], current: f, correction: correctionAt(f, size, i), erasures: [] }
      : { recorded: [f], current: undefined, correction: undefined, erasures: [erased] };
  return [...ctx.subjectLevel, ...fieldReasons(v, s, f.rec.e.data.field, fs, u, i, ctx.established, ctx.hasEffectiveConsent, at, () => consentFailureReasons(v, s, u, i))];
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
  const v: View = { cat: store.catalog, size };
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

