import { badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { cmp, deepFreeze, defined } from "../_internal/values.js";
import type { LegalBasis } from "../events/index.js";
import { currentValue, fieldState, valueSetBy } from "../facts/index.js";
import { readAt, subjectAt, type Ledger } from "../ledger/index.js";
import { mergedNote, type MergedInto } from "../profile/index.js";
import { isOwnDataKind, sourceInForce } from "../provenance/index.js";
import { valueState } from "./common.js";

/** One value the person provided, in a portable form. */
export interface PortableFact {
  readonly field: string;
  readonly value: unknown;
  readonly category: string;
  /** When the person provided the current value (its recording, or the correction that set it). */
  readonly providedAt: string;
  /** The source it was entered through (of kind `subject` or `form`). */
  readonly source: string;
  readonly purposes: readonly string[];
  /** The basis it is held on: `consent` or `contract` (Art. 20(1)(a)). */
  readonly basis: LegalBasis;
}

/** The data a person may take to another controller (GDPR Art. 20). */
export interface PortabilityExport {
  /** The format of this document: `lawful-crm.portability/1`. */
  readonly format: "lawful-crm.portability/1";
  readonly subject: string;
  readonly at: string;
  /** Sorted by field. */
  readonly facts: readonly PortableFact[];
  /** Fields that qualify but whose value can no longer be read (forgotten), or was read without its vault (sealed). */
  readonly unavailable: readonly { readonly field: string; readonly state: "forgotten" | "sealed" }[];
  /** Present when the subject was merged into another by `at` (issue 14): its data is exported with its survivor's. */
  readonly merged?: MergedInto;
}

/**
 * The person's data for portability (GDPR Art. 20), as structured JSON: the
 * current values the person provided themself — set by a recording or
 * correction from a source of kind `subject` or `form` (registration in force
 * at that event) — that are held on consent or contract (Art. 20(1)(a), the
 * fact's `basis`). A value the controller corrected from another source is
 * not the person's own and is left out. Forgotten values are listed under
 * `unavailable`.
 *
 * @example
 * ```ts
 * import { isInvalidQuery, portabilityExport, replay } from "lawful-crm";
 * const at = "2024-02-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "anna", data: { fact: "f1", field: "email", value: "anna@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 * ]);
 * const data = portabilityExport(ledger, "anna", { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(data)) throw new Error(data.error.message);
 * const json = JSON.stringify(data, null, 2); // hand this to the person, or to the controller they name
 * console.log(data.facts.map((f) => `${f.field}: ${f.value}`)); //=> [ 'email: anna@example.org' ]
 * ```
 */
export function portabilityExport(ledger: Ledger, subject: string, options: { readonly at: string }): PortabilityExport | InvalidQuery {
  const c = readAt(ledger, options, "portabilityExport");
  if ("error" in c) return c;
  if (typeof subject !== "string") return invalidQuery(badString("portabilityExport", "subject", subject));
  const { store, size, v, i } = c;
  // issue 14: a survivor exports its merged history; a subject merged away nothing, and says where it went.
  const merged = mergedNote(ledger, subject, c.t);
  const s = merged === undefined ? subjectAt(store, size, subject, c.t) : undefined;
  const facts: PortableFact[] = [];
  const unavailable: { field: string; state: "forgotten" | "sealed" }[] = [];
  if (s !== undefined) {
    for (const field of [...s.factsByField.keys()].sort(cmp)) {
      const fs = fieldState(s, field, size, i);
      const f = fs.current;
      if (f === undefined) continue;
      const d = f.rec.e.data;
      if (d.basis !== "consent" && d.basis !== "contract") continue;
      const setBy = valueSetBy(fs)!;
      const source = setBy.e.data.source;
      // GDPR Art. 20(1): only what the person provided themself.
      if (!isOwnDataKind(sourceInForce(v, source, setBy)?.e.data.kind)) continue;
      const value = currentValue(fs);
      const state = valueState(value);
      if (state !== "readable") {
        unavailable.push({ field, state });
        continue;
      }
      facts.push(defined({ field, value, category: d.category, providedAt: setBy.e.at, source, purposes: [...d.purposes], basis: d.basis }) as PortableFact);
    }
  }
  return deepFreeze({ format: "lawful-crm.portability/1" as const, subject, at: c.at, facts, unavailable, ...(merged === undefined ? {} : { merged }) });
}
