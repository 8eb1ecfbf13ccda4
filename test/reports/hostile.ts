/**
 * A history whose every free-text string carries markup that a careless
 * renderer would execute or interpret: HTML tags, attribute breakers,
 * Markdown links, emphasis, table pipes and line breaks. Ids that must be
 * dotted ids (purposes, categories) carry tags too, since the wire format
 * only constrains their dots.
 */
export const XSS = `<script>document.title="pwned";alert(1)</script>`;
export const IMG = `<img src=x onerror="document.title='pwned'">`;
export const MD = `[click](javascript:alert(1)) **bold** | pipe | \`code\` _x_ # h ~~s~~ &amp; \\`;
export const NL = "line one\nline two\r\n## heading";
export const HOSTILE = `${XSS}${IMG}"'&${MD}${NL}`;

const h = (tag: string) => `${tag}${HOSTILE}`;
const T0 = "2024-01-02T09:00:00Z";
export const HOSTILE_AT = "2024-06-15T00:00:00Z";
export const HOSTILE_SUBJECT = h("subject");
const PURPOSE = `news.<b>${XSS}</b>`;
const CATEGORY = `contact.<i>${IMG}</i>`;

/**
 * The hostile history with `h(tag)` as its free text, `purpose` and
 * `category` as its dotted ids and `subject` as its subject: the property
 * tests put generated values there (bidirectional controls, ...).
 */
export function hostileHistoryWith(h: (tag: string) => string, purpose: string, category: string, subject: string): Record<string, unknown>[] {
  const PURPOSE = purpose;
  const CATEGORY = category;
  const HOSTILE_SUBJECT = subject;
  return [
    { id: "h01", type: "PurposeDeclared", at: T0, data: { purpose: PURPOSE, description: h("description"), legalBases: ["consent", "contract"], retention: "P1Y" } },
    { id: "h02", type: "NoticePublished", at: T0, data: { notice: h("notice"), version: h("version"), purposes: [PURPOSE], language: "en" } },
    { id: "h03", type: "SourceRegistered", at: T0, data: { source: h("source"), kind: "social-network", assessment: h("assessment") } },
    { id: "h04", type: "AccountLinked", at: T0, data: { account: h("account"), employee: h("employee"), source: h("source"), onDeparture: "keep" } },
    { id: "h05", type: "ConsentGranted", at: "2024-02-01T09:00:00Z", subject: HOSTILE_SUBJECT, data: { consent: h("consent"), purposes: [PURPOSE], notice: h("notice"), noticeVersion: h("version"), method: "opt-in", channel: h("channel"), evidence: h("evidence") } },
    { id: "h06", type: "FactRecorded", at: "2024-02-01T09:00:00Z", subject: HOSTILE_SUBJECT, by: h("by"), data: { fact: h("fact"), field: h("field"), value: h("value"), category: CATEGORY, source: h("source"), sourceRef: h("sourceRef"), account: h("account"), purposes: [PURPOSE], basis: "consent" } },
    { id: "h07", type: "FactRecorded", at: "2024-02-02T09:00:00Z", subject: HOSTILE_SUBJECT, data: { fact: "f-json", field: "json", value: { html: XSS, list: [IMG, MD] }, category: CATEGORY, source: h("source"), purposes: [PURPOSE], basis: "consent" } },
    { id: "h08", type: "FactCorrected", at: "2024-02-03T09:00:00Z", subject: HOSTILE_SUBJECT, by: h("corrector"), data: { fact: "f-json", value: h("corrected"), source: h("source"), sourceRef: h("correctionRef") } },
    { id: "h09", type: "FactRecorded", at: "2024-02-04T09:00:00Z", subject: HOSTILE_SUBJECT, data: { fact: "f-gone", field: "gone", value: h("erased-value"), category: CATEGORY, source: h("source"), purposes: [PURPOSE], basis: "consent" } },
    { id: "h10", type: "FactErased", at: "2024-02-05T09:00:00Z", subject: HOSTILE_SUBJECT, data: { fact: "f-gone", reason: h("erasure-reason") } },
    { id: "h11", type: "ConsentConfirmed", at: "2024-02-06T09:00:00Z", subject: HOSTILE_SUBJECT, data: { consent: h("consent"), evidence: h("confirmation") } },
    { id: "h12", type: "LegalBasisRecorded", at: "2024-02-07T09:00:00Z", subject: HOSTILE_SUBJECT, data: { basis: "contract", purposes: [PURPOSE], reference: h("reference") } },
    { id: "h13", type: "ObjectionRaised", at: "2024-02-08T09:00:00Z", subject: HOSTILE_SUBJECT, data: { purposes: [PURPOSE], channel: h("objection-channel") } },
    { id: "h14", type: "ProcessingRestricted", at: "2024-02-09T09:00:00Z", subject: HOSTILE_SUBJECT, data: { reason: h("restriction") } },
    { id: "h15", type: "SubjectInformed", at: "2024-02-10T09:00:00Z", subject: HOSTILE_SUBJECT, data: { notice: h("notice"), noticeVersion: h("version"), sources: [h("source")] } },
    { id: "h16", type: "UseRecorded", at: "2024-02-11T09:00:00Z", subject: HOSTILE_SUBJECT, data: { purpose: PURPOSE, fields: [h("field")], actor: h("actor"), roles: [h("role")] } },
    { id: "h17", type: "ConsentWithdrawn", at: "2024-02-12T09:00:00Z", subject: HOSTILE_SUBJECT, data: { consent: h("consent"), channel: h("withdrawal-channel"), evidence: h("withdrawal-evidence") } },
];
}

export const hostileHistory: Record<string, unknown>[] = hostileHistoryWith(h, PURPOSE, CATEGORY, HOSTILE_SUBJECT);
