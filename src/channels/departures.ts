import { badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { cmp } from "../_internal/values.js";
import type { DepartureAgreement } from "../events/index.js";
import { latest, readAt, within, type Ledger } from "../ledger/index.js";
import { erasedAt } from "../facts/index.js";
import { departureOf, departureRemoves, linkAtRecording } from "../provenance/index.js";

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

/**
 * For an employee, the accounts they linked and per subject the facts that
 * the departure agreement makes unusable and due for erasure, so that a CRM
 * can run the clean-up and record `FactErased` events for them. Until the
 * departure is recorded nothing is due: the facts are still usable, and
 * erasing them would destroy lawful data. A malformed `at` (or an employee
 * that is not a string) is answered with an `INVALID_QUERY` value
 * (`isInvalidQuery`), never with an empty impact that reads as "nothing to do".
 *
 * @example
 * ```ts
 * import { departureImpact, isInvalidQuery, replay } from "lawful-crm";
 * const at = "2024-01-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "xing", kind: "social-network", assessment: "DPIA-1" } },
 *   { id: "a1", type: "AccountLinked", at, data: { account: "xing:bob", employee: "emp-bob", source: "xing", onDeparture: "keep-company-contacts" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "c-1", data: { fact: "f1", field: "phone", value: "+49 30 1234567", category: "contact.phone",
 *     source: "xing", account: "xing:bob", purposes: ["sales"], basis: "legitimate-interests" } },
 *   { id: "d1", type: "EmployeeDeparted", at: "2024-05-31T00:00:00Z", data: { employee: "emp-bob" } },
 * ]);
 * const impact = departureImpact(ledger, "emp-bob", { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(impact)) throw new Error(impact.error.message);
 * for (const f of impact.facts) console.log("to erase:", f.subject, f.field); //=> to erase: c-1 phone
 * ```
 */
export function departureImpact(ledger: Ledger, employee: string, options: { readonly at: string }): DepartureImpact | InvalidQuery {
  const c = readAt(ledger, options, "departureImpact");
  if ("error" in c) return c;
  if (typeof employee !== "string") return invalidQuery(badString("departureImpact", "employee", employee));
  const { store, size, v, i } = c;
  const dep = departureOf(v, employee, i);
  const accounts: { account: string; source: string; onDeparture: DepartureAgreement; linkedAt: string; eventId: string }[] = [];
  for (const [account, list] of store.catalog.accounts) {
    const link = latest(list, size, i);
    if (link === undefined || link.e.data.employee !== employee) continue;
    accounts.push({ account, source: link.e.data.source, onDeparture: link.e.data.onDeparture, linkedAt: link.e.at, eventId: link.e.id });
  }
  accounts.sort((a, b) => cmp(a.account, b.account));
  const facts: DepartedFact[] = [];
  let kept = 0;
  // "the facts that the agreement now makes unusable": none before the departure.
  for (const s of dep === undefined ? [] : store.subjects.values()) {
    for (const f of s.facts.values()) {
      const acc = f.rec.e.data.account;
      if (acc === undefined || !within(f.rec, size, i) || erasedAt(f, size, i) !== undefined) continue;
      // As for OWNER_DEPARTED: the link (employee and agreement) in force at the recording.
      const link = linkAtRecording(v, f);
      if (link === undefined || link.e.data.employee !== employee) continue;
      const agreement = link.e.data.onDeparture;
      const company = f.rec.e.data.companyContact === true;
      if (!departureRemoves(agreement, company)) {
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
          agreement === "erase"
            ? `employee ${employee} left; agreement for account ${acc}: erase its contacts`
            : `employee ${employee} left; agreement for account ${acc}: keep only company contacts`,
      });
    }
  }
  facts.sort((a, b) => cmp(a.subject, b.subject) || cmp(a.fact, b.fact));
  const out: Record<string, unknown> = { employee, at: c.at };
  if (dep !== undefined) out["departed"] = Object.freeze({ at: dep.e.at, eventId: dep.e.id });
  out["accounts"] = Object.freeze(accounts.map((a) => Object.freeze(a)));
  out["facts"] = Object.freeze(facts.map((f) => Object.freeze(f)));
  out["kept"] = kept;
  return Object.freeze(out) as unknown as DepartureImpact;
}
