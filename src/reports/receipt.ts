import { badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { formatTimestamp } from "../_internal/time.js";
import { deepFreeze, defined } from "../_internal/values.js";
import { consentCovers, consentFailures, expiryOf, INACTIVE_METHODS as INACTIVE, withdrawalOf } from "../consent/index.js";
import { attribute, declarationOf } from "../purposes/index.js";
import { LEGAL_BASIS_IDENTIFIERS } from "../vocabularies/index.js";
import { byTimePos, latest, mergedAt, readAt, subjectAt, within, type ConsentState, type Instant, type Ledger, type SubjectState, type View } from "../ledger/index.js";

/** The controller a consent receipt names (the ledger does not know it). */
export type ReceiptController =
  | string
  | {
      /** The key of the controller in `dpv:hasEntity`, e.g. `company:acme`. */
      readonly id: string;
      readonly name?: string;
      readonly address?: string;
      readonly contact?: { readonly email?: string; readonly telephone?: string; readonly url?: string };
    };

/** One state of a consent for a purpose, in DPV terms. */
export interface ReceiptStatus {
  /** A DPV consent status (`dpv:ConsentGiven`, `dpv:RenewedConsentGiven`, `dpv:ConsentWithdrawn`, `dpv:ConsentExpired`, `dpv:ConsentInvalidated`), with the consent type when given. */
  readonly "@type": readonly string[];
  readonly "dpv:isIndicatedAtTime": string;
  /** Where or how it happened: the channel, or `expiry` for a computed expiry. */
  readonly "dpv:isExercisedAt": string;
  readonly "dpv:hasDuration"?: { readonly "@type": readonly string[]; readonly "rdf:value": string };
  /** The event of the ledger it comes from (absent for a computed expiry). */
  readonly "lawful-crm:eventId"?: string;
  readonly "lawful-crm:evidence"?: string;
  readonly "lawful-crm:method"?: string;
}

/** A consent as a consent record of ISO/IEC TS 27560, in the DPV JSON form (`dpv-27560:record-2`). */
export interface ConsentReceipt {
  readonly "dct:conformsTo": "dpv-27560:record-2";
  /** The record's identifier: the `ConsentGranted` event id (unique in the log). */
  readonly "dpv:hasIdentifier": string;
  /** The consent id of the ledger. */
  readonly "dct:identifier": string;
  readonly "dpv:hasDataSubject": { readonly "@type": readonly ["dpv:DataSubject"]; readonly "dpv:hasIdentifier": string };
  readonly "dct:created": string;
  /** The instants of later state changes up to the receipt's instant. */
  readonly "dct:modified"?: readonly string[];
  readonly "dct:creator": string;
  /** The notice's language, when the notice declared a two-letter one. */
  readonly "dct:language"?: string;
  /** The instant the record describes the consent at (the `at` asked for). */
  readonly "lawful-crm:asOf": string;
  readonly "dpv:hasNotice": readonly {
    readonly "@type": readonly ["dpv:ConsentNotice"];
    readonly "dpv:hasIdentifier": string;
    readonly "dct:hasVersion": string;
    /** When that version was published, if it was by the consent. */
    readonly "dct:date"?: string;
    readonly "lawful-crm:textHash"?: string;
  }[];
  readonly "dpv:hasProcess": readonly {
    readonly "@type": "dpv:Process";
    readonly "dpv:hasPurpose": readonly ReceiptPurpose[];
    readonly "dpv:hasDataController": readonly string[];
    readonly "dpv:hasLegalBasis": readonly string[];
    /** One nested process per purpose of the consent, each with its state history. */
    readonly "dpv:hasProcess": readonly {
      readonly "@type": "dpv:Process";
      readonly "dpv:hasPurpose": readonly ReceiptPurpose[];
      readonly "dpv:hasConsentStatus": readonly ReceiptStatus[];
      /** True when the consent is effective for this purpose at the receipt's instant (as `canUse` judges it). */
      readonly "lawful-crm:effective": boolean;
      readonly "lawful-crm:problems": readonly string[];
    }[];
  }[];
  readonly "dpv:hasEntity": Readonly<Record<string, unknown>>;
  /** How the consent was captured and through which channel, as the ledger recorded it. */
  readonly "lawful-crm:method": string;
  readonly "lawful-crm:channel": string;
  /** The reference to the proof of consent (may be sealed or forgotten). */
  readonly "lawful-crm:evidence": string;
}

/** A purpose in a receipt: the ledger's purpose id and its declared description. */
export interface ReceiptPurpose {
  readonly "@type": readonly ["dpv:Purpose"];
  readonly "dct:identifier": string;
  readonly "skos:prefLabel": string;
}

const CONSENT_TYPE: Readonly<Record<string, string | undefined>> = {
  "opt-in": "dpv:ExpressedConsent",
  "double-opt-in": "dpv:ExpressedConsent",
  "recorded-verbal": "dpv:ExpressedConsent",
  signature: "dpv:ExplicitlyExpressedConsent",
  implied: "dpv:ImpliedConsent",
};
const CONSENT_IDS = LEGAL_BASIS_IDENTIFIERS.consent;

/** One state of the consent for a purpose, placed in the (t, position) order. */
interface StatusItem {
  readonly t: number;
  readonly pos: number;
  readonly status: ReceiptStatus;
}

/**
 * The states of consent `k` for purpose `p` as of instant `i` (query time
 * `t`), in time order: given (or invalidated, for an inactive method),
 * each confirmation, the withdrawal, and the expiry when it came first.
 */
function statusesFor(v: View, s: SubjectState, k: ConsentState, p: string, i: Instant, t: number): StatusItem[] {
  const g = k.grant;
  const d = g.e.data;
  const size = v.size;
  const consentType = CONSENT_TYPE[d.method];
  const maxAge = attribute(v, p, "consentMaxAge", i);
  const duration =
    d.expires !== undefined
      ? { "@type": ["dpv:UntilTimeDuration"], "rdf:value": d.expires }
      : maxAge !== undefined
        ? { "@type": ["dpv:TemporalDuration"], "rdf:value": maxAge }
        : undefined;
  const items: StatusItem[] = [
    {
      t: g.t,
      pos: g.pos,
      status: defined({
        "@type": INACTIVE.has(d.method) ? ["dpv:ConsentInvalidated", ...(consentType !== undefined ? [consentType] : [])] : ["dpv:ConsentGiven", consentType ?? "dpv:ExpressedConsent"],
        "dpv:isIndicatedAtTime": g.e.at,
        "dpv:isExercisedAt": d.channel,
        "dpv:hasDuration": duration,
        "lawful-crm:eventId": g.e.id,
        "lawful-crm:evidence": d.evidence,
        "lawful-crm:method": d.method,
      }) as ReceiptStatus,
    },
  ];
  for (const x of k.confirmations) {
    if (!within(x, size, i)) continue;
    items.push({
      t: x.t,
      pos: x.pos,
      status: { "@type": ["dpv:RenewedConsentGiven", "dpv:ExpressedConsent"], "dpv:isIndicatedAtTime": x.e.at, "dpv:isExercisedAt": "confirmation", "lawful-crm:eventId": x.e.id, "lawful-crm:evidence": x.e.data.evidence },
    });
  }
  const w = withdrawalOf(v, s, k, p, i);
  if (w !== undefined) {
    items.push({
      t: w.t,
      pos: w.pos,
      status: defined({ "@type": ["dpv:ConsentWithdrawn"], "dpv:isIndicatedAtTime": w.e.at, "dpv:isExercisedAt": w.e.data.channel, "lawful-crm:eventId": w.e.id, "lawful-crm:evidence": w.e.data.evidence }) as ReceiptStatus,
    });
  }
  const exp = expiryOf(v, k, p, i);
  if (exp !== undefined && exp.at <= t && (w === undefined || exp.at < w.t)) {
    items.push({ t: exp.at, pos: -1, status: { "@type": ["dpv:ConsentExpired"], "dpv:isIndicatedAtTime": formatTimestamp(exp.at), "dpv:isExercisedAt": "expiry" } });
  }
  return items.sort(byTimePos);
}

/** A purpose as DPV names it: its id and its declared description. */
function purposeOf(v: View, p: string, i: Instant): ReceiptPurpose {
  return { "@type": ["dpv:Purpose"], "dct:identifier": p, "skos:prefLabel": declarationOf(v, p, i)?.e.data.description || p };
}

/**
 * Per purpose of consent `k`, its process with the consent's states and
 * whether it is effective (with the codes of what is wrong); and the
 * instants at which the record changed after it was given, in time order.
 */
function processesFor(v: View, s: SubjectState, k: ConsentState, i: Instant, t: number) {
  const modified = new Map<number, string>();
  const nested = k.grant.e.data.purposes.map((p) => {
    const items = statusesFor(v, s, k, p, i, t);
    for (const x of items.slice(1)) modified.set(x.t, x.status["dpv:isIndicatedAtTime"]);
    const problems: string[] = [];
    if (!consentCovers(v, k, p)) problems.push("PURPOSE_NOT_DECLARED");
    for (const f of consentFailures(v, s, k, p, i, "use")) problems.push(f.code);
    return {
      "@type": "dpv:Process" as const,
      "dpv:hasPurpose": [purposeOf(v, p, i)],
      "dpv:hasConsentStatus": items.map((x) => x.status),
      "lawful-crm:effective": problems.length === 0,
      "lawful-crm:problems": problems,
    };
  });
  return { nested, modified: [...modified.entries()].sort((a, b) => a[0] - b[0]).map((x) => x[1]) };
}

/** The controller as a `dpv:hasEntity` value: what the caller gave of its name, address and contact. */
function controllerEntity(ctl: ReceiptController | undefined): Record<string, unknown> {
  const entity: Record<string, unknown> = { "@type": ["dpv:Organisation", "dpv:DataController"] };
  if (typeof ctl !== "object") return entity;
  if (ctl.name !== undefined) entity["dpv:hasName"] = ctl.name;
  if (ctl.address !== undefined) entity["dpv:hasAddress"] = ctl.address;
  if (ctl.contact !== undefined) {
    const contact: Record<string, string> = {};
    if (ctl.contact.email !== undefined) contact["schema:email"] = ctl.contact.email;
    if (ctl.contact.telephone !== undefined) contact["schema:telephone"] = ctl.contact.telephone;
    if (ctl.contact.url !== undefined) contact["schema:url"] = ctl.contact.url;
    entity["dpv:hasContact"] = contact;
  }
  return entity;
}

/**
 * A consent as a consent record of ISO/IEC TS 27560 in the DPV JSON form
 * (`dct:conformsTo: dpv-27560:record-2`, as in the public example in
 * shared/fixtures/consent-records), with the fields the ledger can fill:
 * identifier, data subject, the controller the caller names (creator and data
 * controller), purposes, notice and version, legal basis (consent, GDPR
 * Art. 6(1)(a)), method, channel, evidence, timestamps, and per purpose the
 * state history as of `at` (given, confirmed, withdrawn, expired). Fields
 * only the controller knows (personal data categories, processing operations,
 * storage, recipients, jurisdiction) are left out. `undefined` when the
 * subject has no such consent by `at`.
 *
 * @example
 * ```ts
 * import { consentReceipt, isInvalidQuery, replay } from "lawful-crm";
 * const at = "2024-02-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
 *   { id: "n1", type: "NoticePublished", at, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
 *   { id: "c1", type: "ConsentGranted", at, subject: "anna", data: { consent: "k1", purposes: ["marketing"], notice: "privacy",
 *     noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" } },
 * ]);
 * const r = consentReceipt(ledger, "anna", "k1", { at: "2024-06-01T00:00:00Z", controller: { id: "company:acme", name: "ACME GmbH" } });
 * if (r !== undefined && !isInvalidQuery(r)) console.log("receipt", r["dct:identifier"], "conforms to", r["dct:conformsTo"]); //=> receipt k1 conforms to dpv-27560:record-2
 * const json = JSON.stringify(r, null, 2); // the DPV JSON record
 * ```
 */
export function consentReceipt(
  ledger: Ledger,
  subject: string,
  consentId: string,
  options: { readonly at: string; readonly controller: ReceiptController },
): ConsentReceipt | InvalidQuery | undefined {
  const c = readAt(ledger, options, "consentReceipt", {
    controller: { id: true, name: true, address: true, contact: { email: true, telephone: true, url: true } },
  });
  if ("error" in c) return c;
  if (typeof subject !== "string") return invalidQuery(badString("consentReceipt", "subject", subject));
  if (typeof consentId !== "string") return invalidQuery(badString("consentReceipt", "consentId", consentId));
  const ctl = c.options["controller"] as ReceiptController | undefined;
  const controllerId = typeof ctl === "string" ? ctl : ctl?.id;
  if (typeof controllerId !== "string" || controllerId === "") {
    return invalidQuery("consentReceipt(): options.controller must be a non-empty string or an object with a non-empty id.");
  }
  const { store, size, v, i } = c;
  // issue 14: a survivor holds the consents merged into it; a subject merged away holds none.
  const s = mergedAt(store, size, subject, c.t) === undefined ? subjectAt(store, size, subject, c.t) : undefined;
  const k = s?.consents.get(consentId);
  if (s === undefined || k === undefined || !within(k.grant, size, i)) return undefined;
  const g = k.grant;
  const d = g.e.data;
  const pub = latest(v.cat.notices.get(`${d.notice}\u0000${d.noticeVersion}`), size, g);
  const { nested, modified } = processesFor(v, s, k, i, c.t);
  const entity = controllerEntity(ctl);
  const language = pub?.e.data.language;
  return deepFreeze(
    defined({
      "dct:conformsTo": "dpv-27560:record-2" as const,
      "dpv:hasIdentifier": g.e.id,
      "dct:identifier": d.consent,
      "dpv:hasDataSubject": { "@type": ["dpv:DataSubject"] as const, "dpv:hasIdentifier": subject },
      "dct:created": g.e.at,
      "dct:modified": modified.length > 0 ? modified : undefined,
      "dct:creator": controllerId,
      "dct:language": language !== undefined && /^[a-z]{2}$/.test(language) ? language : undefined,
      "lawful-crm:asOf": c.at,
      "dpv:hasNotice": [
        defined({
          "@type": ["dpv:ConsentNotice"] as const,
          "dpv:hasIdentifier": d.notice,
          "dct:hasVersion": d.noticeVersion,
          "dct:date": pub?.e.at,
          "lawful-crm:textHash": pub?.e.data.textHash,
        }),
      ],
      "dpv:hasProcess": [
        {
          "@type": "dpv:Process" as const,
          "dpv:hasPurpose": d.purposes.map((p) => purposeOf(v, p, i)),
          "dpv:hasDataController": [controllerId],
          // GDPR Art. 6(1)(a), in DPV's and its EU GDPR extension's terms: dpv:Consent, eu-gdpr:A6-1-a.
          "dpv:hasLegalBasis": [...CONSENT_IDS.dpv, CONSENT_IDS.gdpr],
          "dpv:hasProcess": nested,
        },
      ],
      "dpv:hasEntity": { [controllerId]: entity },
      "lawful-crm:method": d.method,
      "lawful-crm:channel": d.channel,
      "lawful-crm:evidence": d.evidence,
    }) as unknown as ConsentReceipt,
  );
}
