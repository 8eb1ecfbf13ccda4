/**
 * Deterministic synthetic CRM history for the bench (wire format v1).
 *
 * Same options, same bytes, on any machine: a seeded PRNG (sfc32), no
 * `Math.random`, no clock (timestamps are computed from fixed epoch
 * constants; `Date` is only used to format them). The history is:
 *
 * - a catalog: purposes with a hierarchy (marketing, marketing.email,
 *   marketing.phone, sales, support, analytics) with legal bases, retention,
 *   double opt-in, consent max age, origin disclosure; notices; sources
 *   (web-form, crm-manual, linkedin, xing, facebook-app needing consent for
 *   marketing to import, csv-import); access policies for the roles
 *   marketer / sales / support; employees' linked LinkedIn and XING accounts
 *   and a few departures;
 * - per subject, a realistic mix: an acquisition opening (web-form double
 *   opt-in, social-network enrichment, a Facebook app with import consent,
 *   a CSV import, manual entry), then facts from several sources, consents
 *   (mostly double opt-in with confirmations, a few pre-ticked), withdrawals,
 *   corrections, erasures, contracts (legal basis) and their end,
 *   objections, restrictions, SubjectInformed and recorded uses.
 *
 * Every event is valid and referentially sound (a correction or erasure
 * names a live fact of the subject, a confirmation or withdrawal names an
 * existing consent, a LegalBasisEnded an existing reference), so a replay
 * has zero rejects; `selfCheck` asserts that. The log is ordered by `at`
 * (ties keep generation order), as a CRM's event store would emit it.
 */

import { closeSync, openSync, writeSync } from "node:fs";

// ------------------------------------------------------------------ PRNG

/** sfc32: small, fast, well distributed; seeded by one 32-bit number. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
}

// ------------------------------------------------------------------ time

const MS_SEC = 1000;
const MS_HOUR = 3_600_000;
const MS_DAY = 86_400_000;
/** 2018-01-01T00:00:00Z */
const T_CATALOG = 1_514_764_800_000;
/** 2019-01-01T00:00:00Z: first subject. */
const T_FIRST = 1_546_300_800_000;
/** 2024-07-01T00:00:00Z: last subject's first contact. */
const T_LAST_START = 1_719_792_000_000;
/** 2024-12-31T00:00:00Z: end of the history. */
const T_END = 1_735_603_200_000;
/** The instant the bench asks its decisions at (after the whole history). */
export const QUERY_AT = "2025-01-01T00:00:00Z";

/** `YYYY-MM-DDThh:mm:ssZ` for epoch ms (whole seconds; no clock, no locale). */
export function iso(ms: number): string {
  const s = new Date(Math.floor(ms / MS_SEC) * MS_SEC).toISOString();
  return s.slice(0, 19) + "Z";
}
const d = (s: string): number => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));

// ------------------------------------------------------------------ catalog

type Json = Record<string, unknown>;

/** Employees with linked LinkedIn / XING accounts; `left` is the departure date, if any. */
const EMPLOYEES: { id: string; onDeparture: "erase" | "keep-company-contacts" | "keep"; left?: number }[] = [];
const AGREEMENTS = ["keep-company-contacts", "erase", "keep"] as const;
for (let k = 1; k <= 12; k++) {
  const id = `emp-${String(k).padStart(2, "0")}`;
  const left = k === 3 ? d("2020-09-30") : k === 7 ? d("2022-03-31") : k === 11 ? d("2023-11-30") : undefined;
  EMPLOYEES.push(left === undefined ? { id, onDeparture: AGREEMENTS[k % 3]! } : { id, onDeparture: AGREEMENTS[k % 3]!, left });
}

/** Notice versions, by notice: [version, published at, purposes]. */
const NOTICES: Record<string, [string, number, string[]][]> = {
  privacy: [
    ["1", d("2018-05-25"), ["marketing.email", "sales", "support"]],
    ["2", d("2021-03-01"), ["marketing", "sales", "support", "analytics"]],
  ],
  "fb-app": [["1", d("2018-05-25"), ["marketing"]]],
  "phone-script": [["1", d("2018-05-25"), ["marketing.phone"]]],
};

function noticeVersionAt(notice: string, t: number): string {
  let v = "1";
  for (const [ver, at] of NOTICES[notice]!) if (at <= t) v = ver;
  return v;
}

interface Emitted {
  t: number;
  line: string;
  type: string;
}

function catalog(id: () => string): Emitted[] {
  const out: Emitted[] = [];
  const ev = (t: number, type: string, data: Json, by = "dpo") => {
    out.push({ t, type, line: JSON.stringify({ id: id(), type, at: iso(t), by, data }) });
  };
  const t0 = T_CATALOG;
  ev(t0, "PurposeDeclared", { purpose: "marketing", description: "Direct marketing", legalBases: ["consent"], directMarketing: true });
  ev(t0, "PurposeDeclared", { purpose: "marketing.email", description: "Newsletter and offers by e-mail", legalBases: ["consent"], doubleOptIn: true, originDisclosure: true });
  ev(t0, "PurposeDeclared", { purpose: "marketing.phone", description: "Offers by phone", legalBases: ["consent"], consentMaxAge: "P2Y", originDisclosure: true });
  ev(t0, "PurposeDeclared", { purpose: "sales", description: "Customer relationship and contracts", legalBases: ["contract", "legitimate-interests"], retention: "P5Y" });
  ev(t0, "PurposeDeclared", { purpose: "support", description: "Customer support", legalBases: ["contract", "legitimate-interests"], retention: "P3Y" });
  ev(t0, "PurposeDeclared", { purpose: "analytics", description: "Aggregate analytics", legalBases: ["legitimate-interests", "consent"], retention: "P2Y" });
  ev(t0 + MS_DAY, "PurposeCompatibilityAssessed", { from: "sales", to: "analytics", compatible: true, rationale: "pseudonymised aggregates only (Art. 6(4))" });
  ev(t0 + MS_DAY, "PurposeCompatibilityAssessed", { from: "sales", to: "marketing", compatible: false, rationale: "direct marketing needs consent" });
  for (const [notice, versions] of Object.entries(NOTICES)) {
    for (const [version, at, purposes] of versions) ev(at, "NoticePublished", { notice, version, purposes, language: "de", textHash: `sha256:${notice}-${version}` });
  }
  const tSrc = d("2018-05-01");
  ev(tSrc, "SourceRegistered", { source: "web-form", kind: "form", assessment: "DPIA-2018-01" });
  ev(tSrc, "SourceRegistered", { source: "crm-manual", kind: "manual", assessment: "DPIA-2018-02" });
  ev(tSrc, "SourceRegistered", { source: "linkedin", kind: "social-network", assessment: "DPIA-2018-03" });
  ev(tSrc, "SourceRegistered", { source: "xing", kind: "social-network", assessment: "DPIA-2018-04" });
  ev(tSrc, "SourceRegistered", { source: "facebook-app", kind: "social-app", assessment: "DPIA-2018-05", importConsentPurpose: "marketing" });
  ev(tSrc, "SourceRegistered", { source: "csv-import", kind: "import", assessment: "DPIA-2018-06" });
  ev(tSrc, "AccessPolicyGranted", { policy: "pol-marketer", role: "marketer", purposes: ["marketing", "analytics"], categories: ["contact", "identity"] });
  ev(tSrc, "AccessPolicyGranted", { policy: "pol-sales", role: "sales", purposes: ["sales", "marketing.phone"], categories: ["contact", "identity", "professional"] });
  ev(tSrc, "AccessPolicyGranted", { policy: "pol-support", role: "support", purposes: ["support"], categories: ["contact", "identity"] });
  for (const e of EMPLOYEES) {
    ev(tSrc + MS_DAY, "AccountLinked", { account: `li-${e.id}`, employee: e.id, source: "linkedin", onDeparture: e.onDeparture });
    ev(tSrc + MS_DAY, "AccountLinked", { account: `xi-${e.id}`, employee: e.id, source: "xing", onDeparture: e.onDeparture });
  }
  for (const e of EMPLOYEES) if (e.left !== undefined) ev(e.left, "EmployeeDeparted", { employee: e.id }, "hr");
  return out;
}

// ------------------------------------------------------------------ subjects

const FIRST = ["anna", "ben", "clara", "deniz", "elif", "felix", "greta", "hannes", "ida", "jonas", "katrin", "lukas", "mia", "noah", "olga", "paul", "rita", "sven", "tanja", "yusuf"];
const LAST = ["schmidt", "mueller", "schneider", "fischer", "weber", "meyer", "wagner", "becker", "hoffmann", "koch", "yilmaz", "nowak", "richter", "klein"];
const COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "tyrell", "cyberdyne", "soylent", "wonka"];
const TITLES = ["CEO", "CTO", "Head of Sales", "Buyer", "Office Manager", "Engineer", "Procurement Lead", "Marketing Manager"];
const CATEGORY: Record<string, string> = {
  email: "contact.email",
  phone: "contact.phone",
  name: "identity.name",
  employer: "professional.employer",
  title: "professional.title",
};
const STAFF = ["u-01", "u-02", "u-03", "u-04", "u-05", "u-06", "u-07", "u-08"];
const USES: [string, string[], string][] = [
  ["marketing.email", ["email", "name"], "marketer"],
  ["marketing.email", ["email"], "marketer"],
  ["marketing.phone", ["phone", "name"], "sales"],
  ["sales", ["email", "phone", "employer"], "sales"],
  ["sales", ["name", "title"], "sales"],
  ["support", ["email", "phone"], "support"],
  ["analytics", ["employer"], "marketer"],
];

/** Subject event types after the opening, with weights (per 100). */
const MIX: [string, number][] = [
  ["FactRecorded", 25],
  ["FactCorrected", 9],
  ["FactErased", 2],
  ["ConsentGranted", 8],
  ["ConsentConfirmed", 5],
  ["ConsentWithdrawn", 3],
  ["LegalBasisRecorded", 4],
  ["LegalBasisEnded", 1],
  ["ObjectionRaised", 1],
  ["ObjectionWithdrawn", 0.5],
  ["ProcessingRestricted", 0.5],
  ["RestrictionLifted", 0.5],
  ["SubjectInformed", 4],
  ["UseRecorded", 36.5],
];
const MIX_TOTAL = MIX.reduce((a, [, w]) => a + w, 0);

interface Consent {
  id: string;
  purposes: string[];
  doi: boolean;
  confirmed: boolean;
  withdrawn: boolean;
}

/** What the generator remembers about one subject, to keep every event referentially valid. */
class SubjectGen {
  private facts = 0;
  private consentsN = 0;
  private refsN = 0;
  /** Live (unerased) fact ids by field. */
  private live = new Map<string, string[]>();
  private consents: Consent[] = [];
  private refs: string[] = [];
  private sources = new Set<string>();
  private objected = false;
  private restricted = false;
  private readonly first: string;
  private readonly last: string;
  private company: string;

  constructor(
    private readonly rng: Rng,
    private readonly subject: string,
    private readonly id: () => string,
    private readonly out: Emitted[],
  ) {
    this.first = rng.pick(FIRST);
    this.last = rng.pick(LAST);
    this.company = rng.pick(COMPANIES);
  }

  private emit(t: number, type: string, data: Json, by?: string): void {
    const e: Json = { id: this.id(), type, at: iso(t), subject: this.subject };
    if (by !== undefined) e["by"] = by;
    e["data"] = data;
    this.out.push({ t, type, line: JSON.stringify(e) });
  }

  private value(field: string): unknown {
    const r = this.rng;
    switch (field) {
      case "email":
        return r.chance(0.7) ? `${this.first}.${this.last}@${this.company}.example` : `${this.first[0]}${this.last}${r.int(100)}@mail.example`;
      case "phone":
        return `+49 ${30 + r.int(70)} ${1_000_000 + r.int(9_000_000)}`;
      case "name":
        return `${this.first[0]!.toUpperCase()}${this.first.slice(1)} ${this.last[0]!.toUpperCase()}${this.last.slice(1)}`;
      case "employer":
        if (r.chance(0.2)) this.company = r.pick(COMPANIES);
        return `${this.company[0]!.toUpperCase()}${this.company.slice(1)} GmbH`;
      default:
        return r.pick(TITLES);
    }
  }

  /** An active, unwithdrawn consent covering `p` (the generator's own approximation). */
  private hasConsentFor(p: string): boolean {
    return this.consents.some((c) => !c.withdrawn && c.purposes.some((q) => q === p || p.startsWith(q + ".")));
  }

  private account(t: number, source: string): string {
    const live = EMPLOYEES.filter((e) => e.left === undefined || e.left > t);
    return `${source === "linkedin" ? "li" : "xi"}-${this.rng.pick(live).id}`;
  }

  recordFact(t: number, field: string, source: string, purposes: string[], basis: string, extra: Json = {}): void {
    const fact = `f${++this.facts}`;
    const data: Json = { fact, field, value: this.value(field), category: CATEGORY[field], source };
    if (source === "linkedin" || source === "xing") {
      data["sourceRef"] = `${this.first[0]}${this.last}${this.rng.int(1000)}`;
      data["account"] = this.account(t, source);
      if (this.rng.chance(0.6)) data["companyContact"] = true;
    }
    Object.assign(data, extra);
    data["purposes"] = purposes;
    data["basis"] = basis;
    this.emit(t, "FactRecorded", data, source === "web-form" || source === "facebook-app" ? undefined : this.rng.pick(STAFF));
    const l = this.live.get(field);
    if (l === undefined) this.live.set(field, [fact]);
    else l.push(fact);
    this.sources.add(source);
  }

  grantConsent(t: number, purposes: string[], method: string, notice: string, channel: string): Consent {
    const c: Consent = { id: `k${++this.consentsN}`, purposes, doi: method === "double-opt-in", confirmed: false, withdrawn: false };
    // Pre-ticked and other inactive methods are recorded, never effective.
    if (method !== "pre-ticked") this.consents.push(c);
    else this.consents.push({ ...c, withdrawn: true });
    this.emit(t, "ConsentGranted", {
      consent: c.id,
      purposes,
      notice,
      noticeVersion: noticeVersionAt(notice, t),
      method,
      channel,
      evidence: `${channel}-${this.rng.next().toString(36)}`,
    });
    return c;
  }

  confirm(t: number, c: Consent): void {
    c.confirmed = true;
    this.emit(t, "ConsentConfirmed", { consent: c.id, evidence: `doi-${this.rng.next().toString(36)}` });
  }

  /** The acquisition opening: how the contact entered the CRM. Returns the events emitted. */
  opening(times: number[]): number {
    const r = this.rng;
    const x = r.float();
    const n = times.length;
    let k = 0;
    const next = () => (k < n ? times[k++]! : undefined);
    const t0 = next()!;
    if (x < 0.35) {
      // Web form with double opt-in for the newsletter.
      const c = this.grantConsent(t0, ["marketing.email"], r.chance(0.97) ? "double-opt-in" : "pre-ticked", "privacy", "web");
      const t1 = next();
      if (t1 === undefined) return k;
      this.recordFact(t1, "email", "web-form", ["marketing.email"], "consent");
      const t2 = next();
      if (t2 === undefined) return k;
      if (c.doi && r.chance(0.9)) this.confirm(t2, c);
      else this.recordFact(t2, "name", "web-form", ["marketing.email"], "consent");
    } else if (x < 0.6) {
      // Enriched from an employee's LinkedIn / XING network.
      const src = r.chance(0.6) ? "linkedin" : "xing";
      this.recordFact(t0, "name", src, ["sales"], "legitimate-interests");
      const t1 = next();
      if (t1 === undefined) return k;
      this.recordFact(t1, "employer", src, ["sales"], "legitimate-interests");
    } else if (x < 0.7) {
      // A Facebook app: importing needs consent for marketing first.
      this.grantConsent(t0, ["marketing"], "opt-in", "fb-app", "facebook");
      const t1 = next();
      if (t1 === undefined) return k;
      this.recordFact(t1, "email", "facebook-app", ["marketing"], "consent");
    } else if (x < 0.8) {
      // A trade-fair CSV import.
      this.recordFact(t0, "email", "csv-import", ["sales"], "legitimate-interests");
      const t1 = next();
      if (t1 === undefined) return k;
      this.recordFact(t1, "phone", "csv-import", ["sales"], "legitimate-interests");
    } else {
      // A customer entered by hand, with a contract.
      this.recordFact(t0, "name", "crm-manual", ["sales", "support"], "contract");
      const t1 = next();
      if (t1 === undefined) return k;
      this.refs.push(`ctr-${++this.refsN}`);
      this.emit(t1, "LegalBasisRecorded", { basis: "contract", purposes: ["sales", "support"], reference: this.refs[this.refs.length - 1] });
    }
    return k;
  }

  /** One event of the mix at `t`; falls back to a fact or a use when the drawn type has nothing to act on. */
  step(t: number): void {
    const r = this.rng;
    let x = r.float() * MIX_TOTAL;
    let type = MIX[MIX.length - 1]![0];
    for (const [ty, w] of MIX) {
      if (x < w) {
        type = ty;
        break;
      }
      x -= w;
    }
    const liveFields = [...this.live].filter(([, ids]) => ids.length > 0);
    switch (type) {
      case "FactCorrected":
      case "FactErased": {
        if (liveFields.length === 0) return this.fact(t);
        const [field, ids] = r.pick(liveFields);
        if (type === "FactCorrected") {
          const fact = r.pick(ids);
          const src = r.chance(0.8) ? "crm-manual" : "web-form";
          this.emit(t, "FactCorrected", { fact, value: this.value(field), source: src }, src === "crm-manual" ? r.pick(STAFF) : undefined);
          this.sources.add(src);
        } else if (r.chance(0.5)) {
          const fact = ids.pop()!;
          this.emit(t, "FactErased", { fact, reason: "Art. 17 request" }, r.pick(STAFF));
        } else {
          ids.length = 0;
          this.emit(t, "FactErased", { field, reason: "Art. 17 request" }, r.pick(STAFF));
        }
        return;
      }
      case "ConsentGranted": {
        const y = r.float();
        if (y < 0.55) this.grantConsent(t, ["marketing.email"], y < 0.52 ? "double-opt-in" : "pre-ticked", "privacy", "web");
        else if (y < 0.8) this.grantConsent(t, ["marketing.phone"], r.chance(0.5) ? "recorded-verbal" : "opt-in", "phone-script", "phone");
        else if (y < 0.9) this.grantConsent(t, ["marketing"], "opt-in", "fb-app", "facebook");
        else this.grantConsent(t, ["analytics"], "opt-in", "privacy", "web");
        return;
      }
      case "ConsentConfirmed": {
        const open = this.consents.filter((c) => c.doi && !c.confirmed);
        if (open.length === 0) return this.use(t);
        this.confirm(t, r.pick(open));
        return;
      }
      case "ConsentWithdrawn": {
        if (this.consents.length === 0) return this.use(t);
        if (r.chance(0.7)) {
          const c = r.pick(this.consents);
          c.withdrawn = true;
          this.emit(t, "ConsentWithdrawn", { consent: c.id, channel: "unsubscribe-link" });
        } else {
          const p = r.pick(["marketing", "marketing.email", "marketing.phone"]);
          for (const c of this.consents) if (c.purposes.some((q) => q.startsWith(p) || p.startsWith(q))) c.withdrawn = true;
          this.emit(t, "ConsentWithdrawn", { purposes: [p], channel: "email" });
        }
        return;
      }
      case "LegalBasisRecorded": {
        const ref = `ctr-${++this.refsN}`;
        this.refs.push(ref);
        const data: Json = { basis: "contract", purposes: ["sales", "support"], reference: ref };
        if (r.chance(0.3)) data["until"] = iso(t + (365 + r.int(3 * 365)) * MS_DAY);
        this.emit(t, "LegalBasisRecorded", data);
        return;
      }
      case "LegalBasisEnded": {
        if (this.refs.length === 0) return this.use(t);
        this.emit(t, "LegalBasisEnded", { reference: this.refs.splice(r.int(this.refs.length), 1)[0] });
        return;
      }
      case "ObjectionRaised":
        this.objected = true;
        this.emit(t, "ObjectionRaised", { purposes: [r.chance(0.8) ? "marketing" : "analytics"], channel: "email" });
        return;
      case "ObjectionWithdrawn":
        if (!this.objected) return this.use(t);
        this.objected = false;
        this.emit(t, "ObjectionWithdrawn", { purposes: ["marketing", "analytics"].slice(0, 1 + r.int(2)), channel: "letter", evidence: `letter-${r.int(100000)}` });
        return;
      case "ProcessingRestricted":
        if (this.restricted) return this.use(t);
        this.restricted = true;
        this.emit(t, "ProcessingRestricted", { reason: "accuracy contested" }, r.pick(STAFF));
        return;
      case "RestrictionLifted":
        if (!this.restricted) return this.use(t);
        this.restricted = false;
        this.emit(t, "RestrictionLifted", {}, r.pick(STAFF));
        return;
      case "SubjectInformed": {
        const sources = [...this.sources].filter((s) => s !== "web-form");
        this.emit(t, "SubjectInformed", { notice: "privacy", noticeVersion: noticeVersionAt("privacy", t), sources });
        return;
      }
      case "UseRecorded":
        return this.use(t);
      default:
        return this.fact(t);
    }
  }

  private fact(t: number): void {
    const r = this.rng;
    const field = r.pick(["email", "email", "phone", "name", "employer", "title"]);
    switch (field) {
      case "email":
        if (this.hasConsentFor("marketing.email") && r.chance(0.5)) return this.recordFact(t, "email", "web-form", ["marketing.email"], "consent");
        if (this.hasConsentFor("marketing") && r.chance(0.3)) return this.recordFact(t, "email", "facebook-app", ["marketing"], "consent");
        return this.recordFact(t, "email", r.chance(0.5) ? "csv-import" : "crm-manual", ["sales", "support"], "legitimate-interests");
      case "phone":
        return this.recordFact(t, "phone", r.chance(0.7) ? "crm-manual" : "csv-import", ["sales", "support"], "legitimate-interests");
      case "name":
        return this.recordFact(t, "name", r.pick(["crm-manual", "linkedin", "xing"]), ["sales"], "legitimate-interests");
      default:
        return this.recordFact(t, field, r.pick(["linkedin", "xing", "crm-manual"]), ["sales"], "legitimate-interests");
    }
  }

  use(t: number): void {
    const r = this.rng;
    const [purpose, fields, role] = r.pick(USES);
    this.emit(t, "UseRecorded", { purpose, fields, actor: r.pick(STAFF), roles: [role] });
  }
}

// ------------------------------------------------------------------ generate

export interface GenerateOptions {
  /** Number of subjects (default 100,000). */
  readonly subjects?: number;
  /** Total number of events, catalog included (default 1,000,000); split evenly over the subjects. */
  readonly events?: number;
  /** Subject events per subject; overrides `events` when given. */
  readonly eventsPerSubject?: number;
  /** PRNG seed (default 20240601). */
  readonly seed?: number;
  /**
   * What follows a subject's first 10 events: `"mix"` (default) continues the
   * realistic mix, so facts and consents grow with the history; `"uses"`
   * records only uses, so the subject's state stays that of 10 events while
   * its history grows.
   */
  readonly tail?: "mix" | "uses";
}

export interface Generated {
  /** One JSON event per line, `\n`-separated, no trailing newline. */
  readonly ndjson: string;
  readonly events: number;
  readonly catalogEvents: number;
  readonly subjects: readonly string[];
  /** Events by type. */
  readonly counts: Readonly<Record<string, number>>;
  /** UTF-8 bytes of the NDJSON (ASCII only, so also its length). */
  readonly bytes: number;
  readonly queryAt: string;
}

/** Formats subject number `i` as an id. */
export const subjectId = (i: number): string => `c-${String(i).padStart(6, "0")}`;

/** The history as separate lines (no line feeds), in log order, with what `Generated` says of them. */
export interface GeneratedLines extends Omit<Generated, "ndjson"> {
  readonly lines: readonly string[];
}

/**
 * Generates the history. Deterministic: the same options give the same
 * NDJSON, byte for byte.
 */
export function generate(opts: GenerateOptions = {}): Generated {
  const { lines, ...rest } = generateLines(opts);
  return { ndjson: lines.join("\n"), ...rest };
}

/**
 * The same history as {@link generate}, as an array of lines: for histories
 * whose NDJSON does not fit in one string (V8 caps a string at about 512 MiB,
 * some 2.5M events), written to a file by {@link writeNdjsonFile}.
 */
export function generateLines(opts: GenerateOptions = {}): GeneratedLines {
  const nSubjects = opts.subjects ?? 100_000;
  const rng = new Rng(opts.seed ?? 20240601);
  let seq = 0;
  const id = () => `e${(++seq).toString(36)}`;
  const cat = catalog(id);
  const catalogEvents = cat.length;
  const totalSubjectEvents =
    opts.eventsPerSubject !== undefined ? opts.eventsPerSubject * nSubjects : Math.max(nSubjects, (opts.events ?? 1_000_000) - catalogEvents);
  const base = Math.floor(totalSubjectEvents / nSubjects);
  const extra = totalSubjectEvents - base * nSubjects;

  const all: Emitted[] = cat;
  const subjects: string[] = [];
  for (let s = 0; s < nSubjects; s++) {
    const subject = subjectId(s);
    subjects.push(subject);
    const n = base + (s < extra ? 1 : 0);
    // First contact spread over 2019-01 .. 2024-06; the opening within minutes; the rest spread until the end.
    const start = T_FIRST + Math.floor(rng.float() * (T_LAST_START - T_FIRST));
    const times: number[] = [];
    const opening = Math.min(n, 3);
    for (let k = 0, t = start; k < opening; k++, t += (1 + rng.int(15)) * 60 * MS_SEC) times.push(t);
    const rest: number[] = [];
    const from = start + MS_HOUR;
    for (let k = opening; k < n; k++) rest.push(from + Math.floor(rng.float() * (T_END - from)));
    rest.sort((a, b) => a - b);
    const g = new SubjectGen(rng, subject, id, all);
    const used = g.opening(times);
    // The opening may use fewer than 3 slots; the unused ones go to the mix.
    const mixTimes = times.slice(used).concat(rest);
    for (let k = 0; k < mixTimes.length; k++) {
      if (opts.tail === "uses" && used + k >= 10) g.use(mixTimes[k]!);
      else g.step(mixTimes[k]!);
    }
  }

  // Log order: by `at` (whole seconds), ties in generation order (a stable sort).
  const order = new Uint32Array(all.length);
  for (let k = 0; k < order.length; k++) order[k] = k;
  const ts = new Float64Array(all.length);
  for (let k = 0; k < all.length; k++) ts[k] = Math.floor(all[k]!.t / MS_SEC);
  const sorted = Array.from(order).sort((a, b) => ts[a]! - ts[b]! || a - b);
  const lines: string[] = new Array(sorted.length);
  const counts: Record<string, number> = {};
  let bytes = 0;
  for (let k = 0; k < sorted.length; k++) {
    const e = all[sorted[k]!]!;
    lines[k] = e.line;
    bytes += e.line.length + 1;
    counts[e.type] = (counts[e.type] ?? 0) + 1;
  }
  return { lines, events: lines.length, catalogEvents, subjects, counts, bytes: bytes - 1, queryAt: QUERY_AT };
}

/**
 * Writes the history of `opts` to `file` as NDJSON, each line ending in a
 * line feed (so the file is `generate(opts).ndjson` plus a final `\n`), in
 * batches of a few MiB: the lines are held, the text never is as one string.
 * Returns what was written.
 */
export function writeNdjsonFile(file: string, opts: GenerateOptions = {}): Omit<Generated, "ndjson"> & { readonly fileBytes: number } {
  const { lines, ...rest } = generateLines(opts);
  const fd = openSync(file, "w");
  let fileBytes = 0;
  try {
    let batch: string[] = [];
    let batchChars = 0;
    const flush = (): void => {
      if (batch.length === 0) return;
      const buf = Buffer.from(batch.join("\n") + "\n", "utf8");
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
      fileBytes += buf.length;
      batch = [];
      batchChars = 0;
    };
    for (const line of lines) {
      batch.push(line);
      batchChars += line.length + 1;
      if (batchChars >= 4 * 2 ** 20) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { ...rest, fileBytes };
}

/** Splits NDJSON into lines. */
export function lines(ndjson: string): string[] {
  return ndjson.length === 0 ? [] : ndjson.split("\n");
}

/**
 * The self-check run at bench start: every event of a sample decodes
 * (wire format v1) and a replay of the first `sample` events (a prefix, so
 * references stay valid) has zero rejects. Throws otherwise.
 */
export async function selfCheck(ndjson: string, sample = 10_000): Promise<{ decoded: number; replayed: number }> {
  const { decodeEvent, replay } = await import("../src/index.js");
  const ls = lines(ndjson);
  const prefix = ls.slice(0, sample).map((l) => JSON.parse(l) as unknown);
  // Decode the prefix and a strided sample of the rest.
  const stride = Math.max(1, Math.floor(ls.length / sample));
  const probe = prefix.concat(ls.filter((_, k) => k >= sample && k % stride === 0).map((l) => JSON.parse(l) as unknown));
  for (const [k, e] of probe.entries()) {
    const r = decodeEvent(e);
    if (r._tag === "Left") throw new Error(`bench self-check: sample event ${k} does not decode: ${r.left.message}\n${JSON.stringify(e)}`);
  }
  const ledger = replay(prefix);
  if (ledger.rejected.length > 0 || ledger.accepted !== prefix.length) {
    const r = ledger.rejected[0];
    throw new Error(
      `bench self-check: replay of the first ${prefix.length} events has ${ledger.rejected.length} rejects and ${ledger.duplicates.length} duplicates` +
        (r !== undefined ? `; first: #${r.position} ${r.code}: ${r.reason}` : ""),
    );
  }
  return { decoded: probe.length, replayed: prefix.length };
}

// `npx tsx bench/generate.ts [subjects] [events]` prints a sample and the mix.
if (import.meta.url === `file://${process.argv[1]}`) {
  const subjects = Number(process.argv[2] ?? 1000);
  const events = Number(process.argv[3] ?? subjects * 10);
  const g = generate({ subjects, events });
  const ls = lines(g.ndjson);
  console.log(ls.slice(g.catalogEvents, g.catalogEvents + 8).join("\n"));
  console.log({ events: g.events, catalog: g.catalogEvents, bytesPerLine: +(g.bytes / g.events).toFixed(1), counts: g.counts });
  console.log(await selfCheck(g.ndjson));
}
