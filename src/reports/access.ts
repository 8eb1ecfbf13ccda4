/** The access report (GDPR Art. 15): its parts are built in values.ts, consents.ts, rights.ts, purposes.ts, sources.ts and timeline.ts. */
import { badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { deepFreeze, defined } from "../_internal/values.js";
import { incompleteRejects, knownSubject, readAt, subjectAt, within, type Ledger } from "../ledger/index.js";
import { mergedNote } from "../profile/index.js";
import { subjectErasure } from "../erasure/index.js";
import { recordedUses } from "../uses/index.js";
import type { AccessReport, ReportedReject } from "./accessTypes.js";
import { reportConsents } from "./consents.js";
import { reportPurposes } from "./purposes.js";
import { reportBases, reportObjections, reportRestriction } from "./rights.js";
import { reportSources } from "./sources.js";
import { reportSpecialConditions } from "./special.js";
import { reportMergedFrom } from "./merged.js";
import { timelineOf } from "./timeline.js";
import { reportValues } from "./values.js";

export type {
  AccessReport,
  ReportedReject,
  ReportedValue,
  ValueOrigin,
  ValueCorrection,
  ValueRetention,
  ReportedConsent,
  ConsentPurposeState,
  ReportedLegalBasis,
  ReportedSpecialCondition,
  ReportedMerge,
  ReportedObjection,
  ReportedRestriction,
  ReportedPurpose,
  ReportedSource,
  ReportedDisclosure,
  TimelineItem,
  TimelineKind,
} from "./accessTypes.js";

/**
 * Everything the controller holds about a person as it stood at `at` (GDPR
 * Art. 15): every value with its category, origin (source, kind, reference,
 * linked account), collection purposes and basis, its history of corrections
 * and erasures, and when its retention ends (or, for a value on the
 * erasure work list, since when it is due for erasure); every consent with its notice,
 * method, channel, evidence reference, confirmations, withdrawals and expiry;
 * legal bases, the conditions of Art. 9(2) for special categories of data,
 * objections, restriction; the purposes involved with their
 * retention; every recorded use; the sources and whether the person was told
 * of them; and a timeline. A pure function of the ledger: only events with
 * `at` ≤ `at` count. Sealed values (read without the vault) and forgotten
 * values (key shredded) are shown as such, never decrypted here.
 *
 * @example
 * ```ts
 * import { accessReport, isInvalidQuery, renderAccessReport, replay } from "lawful-crm";
 * const at = "2024-02-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "linkedin", kind: "social-network", assessment: "DPIA-1" } },
 *   { id: "f1", type: "FactRecorded", at, subject: "anna", data: { fact: "f1", field: "employer", value: "ACME GmbH",
 *     category: "professional.employer", source: "linkedin", purposes: ["sales"], basis: "legitimate-interests" } },
 * ]);
 * const report = accessReport(ledger, "anna", { at: "2024-06-01T00:00:00Z" });
 * if (isInvalidQuery(report)) throw new Error(report.error.message);
 * console.log(report.values.map((v) => `${v.field}: ${v.origin?.source}`)); //=> [ 'employer: linkedin' ]
 * const html = renderAccessReport(report, "html"); // send this to the person
 * ```
 */
export function accessReport(ledger: Ledger, subject: string, options: { readonly at: string }): AccessReport | InvalidQuery {
  const c = readAt(ledger, options, "accessReport");
  if ("error" in c) return c;
  if (typeof subject !== "string") return invalidQuery(badString("accessReport", "subject", subject));
  const { store, size, i } = c;
  // issue 14: a survivor is its merged history; a subject merged away holds nothing, and says where it went.
  const merged = mergedNote(ledger, subject, c.t);
  const s = merged === undefined ? subjectAt(store, size, subject, c.t) : undefined;
  const incomplete = (merged !== undefined ? [] : incompleteRejects(store, size, subject, c.t, s)).map((r) => defined({ position: r.position, id: r.id, code: r.code }) as ReportedReject);
  const known = knownSubject(s, size, i);
  if (s === undefined || !known) {
    return deepFreeze({
      subject,
      at: c.at,
      known: false,
      incomplete,
      values: [],
      consents: [],
      legalBases: [],
      specialConditions: [],
      objections: [],
      restriction: { restricted: false, history: [] },
      purposes: [],
      mergedFrom: [],
      ...(merged === undefined ? {} : { merged }),
      uses: [],
      sources: [],
      disclosures: [],
      timeline: [],
    });
  }
  // What the erasure work list holds for the person: only for a complete history (erasureDue judges no other).
  const due = incomplete.length > 0 ? [] : subjectErasure(c, s).due;
  const values = reportValues(ledger, c, s, new Map(due.map((x) => [x.fact, { since: x.since, reasons: x.reasons.map((r) => r.code) }])));
  const consents = reportConsents(c, s);
  const legalBases = reportBases(c, s);
  const objections = reportObjections(c, s);
  const uses = recordedUses(s, size, -Infinity, c.t);
  const purposeNames: string[] = [];
  for (const f of s.facts.values()) if (within(f.rec, size, i)) purposeNames.push(...f.rec.e.data.purposes);
  for (const k of consents) purposeNames.push(...k.purposes);
  for (const b of legalBases) purposeNames.push(...b.purposes);
  for (const o of objections) purposeNames.push(...o.purposes.map((p) => p.purpose));
  for (const u of uses) purposeNames.push(u.purpose);
  const disclosures = s.informed
    .filter((x) => within(x, size, i))
    .map((x) => ({ at: x.e.at, eventId: x.e.id, notice: x.e.data.notice, noticeVersion: x.e.data.noticeVersion, sources: [...x.e.data.sources] }));
  return deepFreeze({
    subject,
    at: c.at,
    known: true,
    incomplete,
    values,
    consents,
    legalBases,
    specialConditions: reportSpecialConditions(c, s),
    objections,
    restriction: reportRestriction(c, s),
    purposes: reportPurposes(c, purposeNames),
    mergedFrom: reportMergedFrom(c, s),
    uses: uses.map((u) => ({ ...u, roles: [...u.roles], fields: [...u.fields], bases: u.bases.map((b) => ({ ...b, eventIds: [...b.eventIds] })) })),
    sources: reportSources(c, s),
    disclosures,
    timeline: timelineOf(c, s),
  });
}
