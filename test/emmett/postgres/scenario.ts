/**
 * The commands the two-process test sends, shared by the test and its worker
 * processes. The commands of one person conflict: they reuse the same
 * consent and fact ids, so that an update decided on a stale ledger is one
 * that replay would reject (a second `ConsentGranted k1`, a correction of an
 * erased fact) or that the rules refuse (a fact resting on a withdrawn
 * consent). Every command is either appended once or refused with its codes.
 */
import { canUse, profile, type Ledger } from "../../../src/index.js";
import type { LawfulCrmEmmettCommand } from "../../../src/emmett/index.js";

export const PEOPLE = ["anna", "ben", "carl", "dora"] as const;
const T0 = "2024-01-01T00:00:00Z";

export const CATALOG: LawfulCrmEmmettCommand[] = [
  { type: "declarePurpose", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
  { type: "publishNotice", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
  { type: "registerSource", at: T0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { type: "grantAccess", at: T0, data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
];

/** The k-th command of a worker, drawn from a small PRNG (mulberry32) seeded by the worker. */
export function commandsOf(worker: number, count: number): LawfulCrmEmmettCommand[] {
  let a = 0x9e3779b9 ^ (worker * 7919);
  const next = (n: number): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
  const out: LawfulCrmEmmettCommand[] = [];
  for (let k = 0; k < count; k++) {
    const subject = PEOPLE[next(PEOPLE.length)]!;
    const consent = `k${next(2)}`;
    const by = `w${worker}-${k}`;
    switch (next(6)) {
      case 0:
        out.push({ type: "grantConsent", subject, by, data: { consent, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: by } });
        break;
      case 1:
        out.push({ type: "withdrawConsent", subject, by, data: { consent, channel: "web" } });
        break;
      case 2:
        out.push({ type: "recordFact", subject, by, data: { fact: `f${next(2)}`, field: "email", value: `${subject}+${by}@example.org`, category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" } });
        break;
      case 3:
        out.push({ type: "correctFact", subject, by, data: { fact: `f${next(2)}`, value: `${subject}+${by}@example.org`, source: "web" } });
        break;
      case 4:
        out.push({ type: "eraseFact", subject, by, data: { fact: `f${next(2)}`, reason: "asked" } });
        break;
      default:
        out.push({ type: "restrictProcessing", subject, by, data: { reason: by } });
    }
  }
  return out;
}

/** What a caller sees of one person in a ledger: the profile and a decision, far in the future (every event counts). */
export function answersFor(ledger: Ledger, subject: string): unknown {
  const at = "2100-01-01T00:00:00Z";
  return {
    profile: profile(ledger, subject, { at }),
    decision: canUse(ledger, { subject, purpose: "marketing", fields: ["email"], actor: { id: "mia", roles: ["marketer"] }, at }),
    incomplete: ledger.incomplete.filter((m) => m.scope === "catalog" || m.subject === subject).length,
  };
}

/** One line a worker prints per command. */
export interface Outcome {
  readonly worker: number;
  readonly k: number;
  readonly subject: string;
  readonly type: string;
  /** Appended: the ids of the events, and the stream versions before and after. */
  readonly appended?: { readonly ids: string[]; readonly from: string; readonly to: string; readonly answers: unknown };
  /** Refused: the refusal codes and sentences. */
  readonly refused?: { readonly codes: string[]; readonly messages: string[] };
}
