/** The access report's consents: each with its notice, confirmations, withdrawals and worth per purpose. */
import { formatTimestamp } from "../_internal/time.js";
import { defined } from "../_internal/values.js";
import { consentCovers, consentFailures, expiryOf, noticeOf, withdrawalsOf } from "../consent/index.js";
import { byTimePos, within, type ConsentState, type ReadContext, type SubjectState } from "../ledger/index.js";
import type { ConsentPurposeState, ReportedConsent } from "./accessTypes.js";

/** What consent `k` is worth for its purpose `p` at the report's instant, as `canUse` judges it. */
function purposeState(c: ReadContext, s: SubjectState, k: ConsentState, p: string): ConsentPurposeState {
  const { v, i } = c;
  const problems: { code: string; detail: string }[] = [];
  if (!consentCovers(v, k, p)) problems.push({ code: "PURPOSE_NOT_DECLARED", detail: `the purpose ${p} was not declared when the consent was given` });
  for (const f of consentFailures(v, s, k, p, i, "use")) problems.push({ code: f.code, detail: f.detail });
  const exp = expiryOf(v, k, p, i);
  return defined({ purpose: p, effective: problems.length === 0, problems, expiresAt: exp === undefined ? undefined : formatTimestamp(exp.at) }) as ConsentPurposeState;
}

/** One consent of the person. */
function reportConsent(c: ReadContext, s: SubjectState, k: ConsentState): ReportedConsent {
  const { v, size, i } = c;
  const g = k.grant;
  const d = g.e.data;
  const withdrawals = withdrawalsOf(v, s, k, i, d.purposes).sort(byTimePos);
  const byPurpose = d.purposes.map((p) => purposeState(c, s, k, p));
  const n = byPurpose.filter((p) => p.effective).length;
  return defined({
    consent: d.consent,
    eventId: g.e.id,
    givenAt: g.e.at,
    purposes: [...d.purposes],
    notice: d.notice,
    noticeVersion: d.noticeVersion,
    noticePublishedAt: noticeOf(v, k)?.e.at,
    method: d.method,
    channel: d.channel,
    evidence: d.evidence,
    expires: d.expires,
    confirmations: k.confirmations.filter((x) => within(x, size, i)).map((x) => ({ at: x.e.at, evidence: x.e.data.evidence, eventId: x.e.id })),
    withdrawals: withdrawals.map(
      (w) =>
        defined({
          at: w.e.at,
          channel: w.e.data.channel,
          purposes: w.e.data.purposes === undefined ? undefined : [...w.e.data.purposes],
          evidence: w.e.data.evidence,
          eventId: w.e.id,
        }) as ReportedConsent["withdrawals"][number],
    ),
    byPurpose,
    status: n === byPurpose.length ? "effective" : n === 0 ? "not-effective" : "partly-effective",
  }) as ReportedConsent;
}

/** Every consent of `s` given by the report's instant, in (at, position) order. */
export function reportConsents(c: ReadContext, s: SubjectState): ReportedConsent[] {
  const consents = [...s.consents.values()].filter((k) => within(k.grant, c.size, c.i)).sort((a, b) => byTimePos(a.grant, b.grant));
  return consents.map((k) => reportConsent(c, s, k));
}
