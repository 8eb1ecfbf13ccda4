/**
 * fast-check generators of realistic CRM histories and of queries at
 * interesting instants, for the differential test against the naive model.
 *
 * Ids and values come from small pools so that rules interact: a handful of
 * subjects, facts, consents, purposes (a hierarchy, plus `market` which is
 * not an ancestor of `marketing`), sources, accounts, roles. A history is a
 * catalog set-up followed by a mix of every event type, back-dated events,
 * same-instant ties, exact duplicates, conflicting reuses of ids, malformed
 * and unknown events, voids (including an operator's repair of the rejects)
 * and departures.
 */
import fc from "fast-check";
import { plus, walk, ms } from "./model.js";

// ------------------------------------------------------------------ pools

export const SUBJECTS = ["s1", "s2"] as const;
/** The subjects merges name (issue 14): a third one makes chains (s3 into s2, then s2 into s1) possible. */
export const MERGE_SUBJECTS = ["s1", "s2", "s3"] as const;
export const PURPOSES = ["marketing", "marketing.email", "marketing.email.news", "marketing.phone", "sales", "market"] as const;
export const CATEGORIES = ["contact", "contact.email", "contact.phone", "profile", "profile.health"] as const;
export const FIELDS = ["email", "phone", "job"] as const;
export const SOURCES = ["crm", "form", "linkedin", "fbapp"] as const;
export const ACCOUNTS = ["acc1", "acc2"] as const;
export const EMPLOYEES = ["emp1", "emp2"] as const;
export const ROLES = ["mkt", "sales", "ops"] as const;
export const POLICIES = ["p1", "p2", "p3"] as const;
export const NOTICES = ["n1"] as const;
export const VERSIONS = ["v1", "v2"] as const;
export const REFS = ["r1", "r2"] as const;
/** Categories declared special (GDPR Art. 9(1)): a parent, a child, and one beside the contact data. */
export const SPECIAL_CATEGORIES = ["profile", "profile.health", "contact.phone"] as const;
/** References of conditions of Art. 9(2): a namespace apart from those of legal bases. */
export const CONDITION_REFS = ["sc1", "sc2"] as const;
/** Points of Art. 9(2) other than (a), explicit consent, which names a consent. */
const OTHER_CONDITIONS = ["A9-2-b", "A9-2-c", "A9-2-e", "A9-2-h", "A9-2-j"] as const;
const BASES = ["consent", "contract", "legal-obligation", "vital-interests", "public-task", "legitimate-interests"] as const;
const NON_CONSENT = BASES.filter((b) => b !== "consent");
const METHODS = ["opt-in", "double-opt-in", "signature", "recorded-verbal", "pre-ticked", "implied", "hidden", "bundled"] as const;
const KINDS = ["manual", "form", "import", "social-network", "social-app", "api", "subject"] as const;
const AGREEMENTS = ["erase", "keep-company-contacts", "keep"] as const;
/** Durations whose arithmetic hits the calendar's corners (month ends, 29 February). */
export const DURATIONS = ["P1D", "P1W", "P29D", "P1M", "P1Y", "PT12H", "P0D", "P1Y1M", "P2Y", "P10Y"] as const;
/** The instants events happen at: month ends, a leap day, same-day ties, a millisecond before the set-up. */
export const TIMES = [
  "2023-12-31T23:59:59.999Z",
  "2024-01-01T00:00:00Z",
  "2024-01-31T00:00:00Z",
  "2024-02-29T00:00:00Z",
  "2024-02-29T12:00:00Z",
  "2024-03-01T00:00:00Z",
  "2024-03-31T00:00:00Z",
  "2024-06-30T00:00:00Z",
  "2025-02-28T00:00:00Z",
  "2025-03-01T00:00:00Z",
] as const;
const SETUP_AT = "2024-01-01T00:00:00Z";

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const someOf = <T>(xs: readonly T[], max = 3) => fc.shuffledSubarray([...xs], { minLength: 1, maxLength: max });
/** Absent (undefined) one time in `freq`. */
const opt = <T>(a: fc.Arbitrary<T>, freq = 3) => fc.option(a, { nil: undefined, freq });
/** Drops undefined members (optional fields absent rather than undefined). */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

// ------------------------------------------------------------------ bodies

/**
 * An event body. Fields referring to earlier facts, consents and references
 * carry `ref` (an index resolved against what the log has so far), so that
 * most corrections, erasures, confirmations and withdrawals name something
 * real and some dangle.
 */
export interface Body {
  type: string;
  subject?: string;
  data: Record<string, unknown>;
  ref?: number;
  /** The ids in `data` are given (the lawful path): do not resolve them. */
  fixed?: boolean;
}

const rec = (type: string, data: fc.Arbitrary<Record<string, unknown>>, subject = false): fc.Arbitrary<Body> =>
  subject
    ? fc.record({ type: fc.constant(type), subject: pick(SUBJECTS), data: data.map(compact), ref: fc.nat() })
    : fc.record({ type: fc.constant(type), data: data.map(compact) });

/** A declaration; `durations` are the retentions and consent ages it may set. */
const declarationArb = (durations: readonly string[]) =>
  rec(
    "PurposeDeclared",
    fc.record({
      purpose: pick(PURPOSES),
      description: fc.constant("a purpose"),
      legalBases: fc.oneof(fc.constant(["consent"]), someOf(BASES, 3)),
      retention: opt(pick(durations), 4),
      consentMaxAge: opt(pick(durations), 5),
      doubleOptIn: opt(fc.boolean(), 4),
      originDisclosure: opt(fc.boolean(), 3),
      directMarketing: opt(fc.boolean(), 3),
    }),
  );
const declareArb = declarationArb(DURATIONS);
const sourceArb = rec(
  "SourceRegistered",
  fc.record({
    source: pick(SOURCES),
    kind: pick(KINDS),
    assessment: fc.constant("DPIA-1"),
    importConsentPurpose: opt(pick(PURPOSES), 4),
  }),
);
const noticeArb = rec("NoticePublished", fc.record({ notice: pick(NOTICES), version: pick(VERSIONS), purposes: someOf(PURPOSES, 3) }));
const policyArb = rec(
  "AccessPolicyGranted",
  fc.record({
    policy: pick(POLICIES),
    role: pick(ROLES),
    purposes: someOf(PURPOSES, 2),
    categories: fc.oneof(fc.constant(["contact"]), fc.shuffledSubarray([...CATEGORIES], { maxLength: 2 })),
  }),
);
const linkArb = rec(
  "AccountLinked",
  fc.record({ account: pick(ACCOUNTS), employee: pick(EMPLOYEES), source: pick(SOURCES), onDeparture: pick(AGREEMENTS) }),
);

/** The catalog set-up a company makes before its contacts arrive. */
const setupBodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 5, arbitrary: declareArb },
  { weight: 3, arbitrary: sourceArb },
  { weight: 2, arbitrary: noticeArb },
  { weight: 3, arbitrary: policyArb },
  { weight: 1, arbitrary: linkArb },
);
/** The set-up around a lawful path: the same, with retentions and consent ages of years (the short ones come from the twists). */
const lawfulSetupBodyArb: fc.Arbitrary<Body> = fc.oneof(
  { weight: 5, arbitrary: declarationArb(["P2Y", "P10Y"]) },
  { weight: 3, arbitrary: sourceArb },
  { weight: 2, arbitrary: noticeArb },
  { weight: 3, arbitrary: policyArb },
  { weight: 1, arbitrary: linkArb },
);

const factArb = rec(
  "FactRecorded",
  fc.record({
    field: pick(FIELDS),
    value: fc.oneof(fc.constantFrom("a@x.org", "b@y.org", "+49 30 1"), fc.integer({ min: 0, max: 3 }), fc.constant(null), fc.constant({ v: [1] })),
    category: pick(CATEGORIES),
    source: pick(SOURCES),
    sourceRef: opt(fc.constant("ref-1"), 2),
    account: opt(pick(ACCOUNTS), 3),
    purposes: someOf(PURPOSES, 2),
    basis: fc.oneof({ weight: 3, arbitrary: fc.constant("consent") }, { weight: 2, arbitrary: pick(BASES) }),
    companyContact: opt(fc.boolean(), 2),
  }),
  true,
);

/** The body of any event type of wire format v1 (after the set-up). */
export const bodyArb: fc.Arbitrary<Body> = fc.oneof(
  // catalog
  { weight: 2, arbitrary: declareArb },
  { weight: 1, arbitrary: rec("PurposeRetired", fc.record({ purpose: pick(PURPOSES) })) },
  {
    weight: 1,
    arbitrary: rec(
      "PurposeCompatibilityAssessed",
      fc.record({ from: pick(PURPOSES), to: pick(PURPOSES), compatible: fc.boolean(), rationale: fc.constant("Art. 6(4)") }),
    ),
  },
  { weight: 1, arbitrary: noticeArb },
  { weight: 1, arbitrary: sourceArb },
  { weight: 1, arbitrary: rec("SourceRetired", fc.record({ source: pick(SOURCES) })) },
  { weight: 1, arbitrary: policyArb },
  { weight: 1, arbitrary: rec("AccessPolicyRevoked", fc.record({ policy: pick(POLICIES) })) },
  { weight: 1, arbitrary: linkArb },
  { weight: 1, arbitrary: rec("EmployeeDeparted", fc.record({ employee: pick(EMPLOYEES) })) },
  // subject
  { weight: 8, arbitrary: factArb },
  {
    weight: 2,
    arbitrary: rec("FactCorrected", fc.record({ value: fc.constantFrom("c@z.org", "fixed"), source: pick(SOURCES), sourceRef: opt(fc.constant("t-7"), 2) }), true),
  },
  { weight: 1, arbitrary: rec("FactErased", fc.record({ reason: fc.constant("Art. 17") }), true) },
  { weight: 1, arbitrary: rec("FactErased", fc.record({ field: pick(FIELDS), reason: fc.constant("Art. 17") }), true) },
  {
    weight: 6,
    arbitrary: rec(
      "ConsentGranted",
      fc.record({
        purposes: someOf(PURPOSES, 2),
        notice: pick(NOTICES),
        noticeVersion: pick(VERSIONS),
        method: fc.oneof({ weight: 4, arbitrary: pick(METHODS.slice(0, 4)) }, { weight: 1, arbitrary: pick(METHODS.slice(4)) }),
        channel: fc.constant("web"),
        evidence: fc.constant("ev-1"),
        expires: opt(pick(TIMES), 4),
      }),
      true,
    ),
  },
  { weight: 2, arbitrary: rec("ConsentConfirmed", fc.record({ evidence: fc.constant("click-1") }), true) },
  {
    weight: 2,
    arbitrary: rec(
      "ConsentWithdrawn",
      fc.oneof(
        fc.record({ channel: fc.constant("mail"), byId: fc.constant(true) }),
        fc.record({ channel: fc.constant("mail"), byId: fc.constant(true), purposes: someOf(PURPOSES, 2) }),
        fc.record({ channel: fc.constant("mail"), purposes: someOf(PURPOSES, 2), evidence: opt(fc.constant("letter"), 2) }),
      ),
      true,
    ),
  },
  {
    weight: 2,
    arbitrary: rec(
      "LegalBasisRecorded",
      fc.record({ basis: pick(NON_CONSENT), purposes: someOf(PURPOSES, 2), reference: pick(REFS), until: opt(pick(TIMES), 3) }),
      true,
    ),
  },
  { weight: 1, arbitrary: rec("LegalBasisEnded", fc.record({}), true) },
  // Special categories of data (issue 14): a declaration, conditions (explicit consent names a consent), their ends.
  { weight: 1, arbitrary: rec("SpecialCategoryDeclared", fc.record({ category: pick(SPECIAL_CATEGORIES), description: fc.constant("Art. 9(1)") })) },
  {
    weight: 2,
    arbitrary: rec(
      "SpecialConditionRecorded",
      fc.record({
        explicit: fc.boolean(),
        condition: pick(OTHER_CONDITIONS),
        categories: someOf([...SPECIAL_CATEGORIES, "contact"], 2),
        purposes: someOf(PURPOSES, 2),
        reference: pick(CONDITION_REFS),
        until: opt(pick(TIMES), 3),
      }),
      true,
    ),
  },
  { weight: 1, arbitrary: rec("SpecialConditionEnded", fc.record({}), true) },
  // Merges of duplicate subjects (issue 14): valid ones, chains through s3, and invalid ones (a subject into
  // itself, a from merged already, clashing ids) — with a few events about s3 so that it can be merged.
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant("SubjectsMerged"),
      subject: pick(MERGE_SUBJECTS),
      data: fc.record({ from: pick(MERGE_SUBJECTS), reason: fc.constant("same person") }),
      ref: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: factArb.map((b) => ({ ...b, subject: "s3" })) },
  { weight: 1, arbitrary: rec("ObjectionRaised", fc.record({ purposes: someOf(PURPOSES, 2), channel: fc.constant("letter") }), true) },
  {
    weight: 1,
    arbitrary: rec("ObjectionWithdrawn", fc.record({ purposes: someOf(PURPOSES, 2), channel: fc.constant("letter"), evidence: fc.constant("signed") }), true),
  },
  { weight: 1, arbitrary: rec("ProcessingRestricted", fc.record({ reason: fc.constant("dispute") }), true) },
  { weight: 1, arbitrary: rec("RestrictionLifted", fc.record({ reason: opt(fc.constant("settled"), 2) }), true) },
  {
    weight: 1,
    arbitrary: rec(
      "SubjectInformed",
      fc.record({ notice: pick(NOTICES), noticeVersion: pick(VERSIONS), sources: fc.shuffledSubarray([...SOURCES], { maxLength: 2 }) }),
      true,
    ),
  },
  {
    weight: 1,
    arbitrary: rec(
      "UseRecorded",
      fc.record({ purpose: pick(PURPOSES), fields: someOf(FIELDS, 2), actor: fc.constant("u1"), roles: fc.shuffledSubarray([...ROLES], { maxLength: 2 }) }),
      true,
    ),
  },
);

// ------------------------------------------------------------------ steps

type Step =
  | { kind: "setup"; body: Body; late: boolean }
  | { kind: "event"; body: Body; time: number; by: boolean; fresh: number }
  | { kind: "duplicate"; of: number; reverse: boolean; extra: boolean }
  | { kind: "conflict"; of: number; body: Body; time: number }
  | { kind: "broken"; body: Body; time: number; how: number }
  | { kind: "garbage"; value: unknown; withId: boolean }
  | { kind: "void"; of: number; time: number; how: number };

const timeIdx = fc.nat(TIMES.length - 1);

const eventStepArb = fc.record({ kind: fc.constant("event" as const), body: bodyArb, time: timeIdx, by: fc.boolean(), fresh: fc.nat(19) });
const duplicateStepArb = fc.record({ kind: fc.constant("duplicate" as const), of: fc.nat(), reverse: fc.boolean(), extra: fc.boolean() });
/** Steps of a clean history: valid events and exact duplicates (some references still dangle). */
const cleanStepArb: fc.Arbitrary<Step> = fc.oneof({ weight: 30, arbitrary: eventStepArb }, { weight: 1, arbitrary: duplicateStepArb });
/** Steps of a noisy history: also conflicting reuses, malformed and unknown events, garbage and stray voids. */
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 60, arbitrary: fc.record({ kind: fc.constant("event" as const), body: bodyArb, time: timeIdx, by: fc.boolean(), fresh: fc.nat(19) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), of: fc.nat(), reverse: fc.boolean(), extra: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("conflict" as const), of: fc.nat(), body: bodyArb, time: timeIdx }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("broken" as const), body: bodyArb, time: timeIdx, how: fc.nat(9) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("garbage" as const),
      value: fc.oneof(
        fc.constantFrom<unknown>(null, 42, "event", [], [1, 2], {}, { type: "PurposeInvented", at: SETUP_AT }, { type: "ThingHappened", subject: "s1", at: "2024-03-01T00:00:00Z", data: {} }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      withId: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("void" as const), of: fc.nat(), time: timeIdx, how: fc.nat(2) }) },
);

/** How an operator repairs rejects at the end of the log: which reject, and by id, position or both. */
interface Repair {
  of: number;
  how: number;
  time: number;
}

const idOf = (x: unknown): string | undefined =>
  typeof x === "object" && x !== null && typeof (x as { id?: unknown }).id === "string" && (x as { id: string }).id !== "" ? (x as { id: string }).id : undefined;

function reverseKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reverseKeys) as T;
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) out[k] = reverseKeys((v as Record<string, unknown>)[k]);
    return out as T;
  }
  return v;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Resolves a body into raw event fields: fresh fact/consent ids, references to earlier facts, consents and bases. */
function resolve(body: Body, i: number, fresh: number, items: unknown[]): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = { ...body.data };
  const subject = body.subject;
  // What a subject may name: its own, and (issue 14) what merges recorded earlier brought into it.
  const scope = new Set([subject]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const x of items as any[]) {
      if (x?.type === "SubjectsMerged" && scope.has(x.subject) && typeof x.data?.from === "string" && !scope.has(x.data.from)) {
        scope.add(x.data.from);
        grew = true;
      }
    }
  }
  const earlier = (type: string, key: string): string[] =>
    items
      .filter((x): x is Record<string, any> => typeof x === "object" && x !== null && (x as any).type === type && scope.has((x as any).subject))
      .map((x) => x.data?.[key])
      .filter((v): v is string => typeof v === "string");
  if (body.fixed === true) return { type: body.type, ...(subject === undefined ? {} : { subject }), data };
  // A reference names something earlier in the log; 1 in 12 dangles. With nothing to name, the
  // event is usually dropped (undefined), sometimes kept dangling (a referential reject).
  const r = body.ref ?? 0;
  let drop = false;
  const refTo = (list: string[], dangling: string) => {
    if (list.length === 0) drop = r % 3 !== 0;
    return list.length === 0 || r % 12 === 0 ? dangling : list[r % list.length]!;
  };
  switch (body.type) {
    case "FactRecorded": {
      const known = earlier("FactRecorded", "fact");
      // Now and then the id of another subject's fact: allowed in v1, a clash when the two are merged (issue 14).
      const others = (items as any[]).filter((x) => x?.type === "FactRecorded" && x.subject !== subject && typeof x.data?.fact === "string").map((x) => x.data.fact as string);
      data["fact"] = fresh === 0 && known.length > 0 ? known[0]! : fresh === 1 && others.length > 0 ? others[0]! : `f${i}`;
      break;
    }
    case "ConsentGranted": {
      const known = earlier("ConsentGranted", "consent");
      data["consent"] = fresh === 0 && known.length > 0 ? known[0]! : `c${i}`;
      break;
    }
    case "FactCorrected":
      data["fact"] = refTo(earlier("FactRecorded", "fact"), "f-none");
      break;
    case "FactErased":
      if (data["field"] === undefined) data["fact"] = refTo(earlier("FactRecorded", "fact"), "f-none");
      else if (!items.some((x: any) => x?.type === "FactRecorded" && x.subject === subject && x.data?.field === data["field"])) drop = r % 3 !== 0;
      break;
    case "ConsentConfirmed":
      data["consent"] = refTo(earlier("ConsentGranted", "consent"), "c-none");
      break;
    case "ConsentWithdrawn":
      if (data["byId"] === true) data["consent"] = refTo(earlier("ConsentGranted", "consent"), "c-none");
      delete data["byId"];
      break;
    case "LegalBasisEnded":
      data["reference"] = refTo(earlier("LegalBasisRecorded", "reference"), "r-none");
      break;
    case "SpecialConditionRecorded":
      // Half the conditions are explicit consent (A9-2-a), naming an earlier consent of the subject (1 in 12 dangles).
      if (data["explicit"] === true) {
        data["condition"] = "A9-2-a";
        data["consent"] = refTo(earlier("ConsentGranted", "consent"), "c-none");
      }
      delete data["explicit"];
      break;
    case "SpecialConditionEnded":
      data["reference"] = refTo(earlier("SpecialConditionRecorded", "reference"), "sc-none");
      break;
    case "SubjectsMerged": {
      // Mostly a subject that has events and is not the survivor (a valid merge when the times allow); 1 in 6 as drawn.
      const known = [...new Set((items as any[]).filter((x) => typeof x?.subject === "string" && x.subject !== subject && x.type !== "SubjectsMerged").map((x) => x.subject as string))];
      if (r % 6 !== 0 && known.length > 0) data["from"] = known[r % known.length]!;
      // 1 in 3: extend a chain, merging an earlier merge's survivor into this subject (s3 into s2, then s2 into s1).
      const survivors = (items as any[]).filter((x) => x?.type === "SubjectsMerged" && x.subject !== subject && x.data?.from !== subject).map((x) => x.subject as string);
      if (r % 3 === 1 && survivors.length > 0) data["from"] = survivors[r % survivors.length]!;
      break;
    }
  }
  if (drop) return undefined;
  const out: Record<string, unknown> = { type: body.type };
  if (subject !== undefined) out["subject"] = subject;
  out["data"] = data;
  return out;
}

/**
 * Builds the raw log from steps (log order = step order). A `clean` log keeps
 * no reject: an item the foundation walk would reject where it stands (a
 * dangling reference, a reused fact id, a confirmation of a consent that is
 * not there) is left out.
 */
function build(setup: Step[], steps: Step[], repairs: Repair[], clean = false): unknown[] {
  const items: unknown[] = [];
  const all = [...setup, ...steps];
  all.forEach((s, i) => {
    const before = items.length;
    step(s, i);
    if (clean && items.length > before && walk(items).at(-1)!.status === "rejected") items.pop();
  });
  function step(s: Step, i: number): void {
    switch (s.kind) {
      case "setup":
        items.push({ id: `e${i}`, at: s.late ? TIMES[3] : SETUP_AT, ...(resolve(s.body, i, 1, items) ?? { type: s.body.type, subject: s.body.subject, data: s.body.data }) });
        break;
      case "event": {
        const body = resolve(s.body, i, s.fresh, items);
        if (body === undefined) break;
        const e: Record<string, unknown> = { id: `e${i}`, at: TIMES[s.time], ...body };
        if (s.by) e["by"] = "clerk-1";
        items.push(e);
        break;
      }
      case "duplicate": {
        const withId = items.filter((x) => idOf(x) !== undefined);
        if (withId.length === 0) break;
        let copy = clone(withId[s.of % withId.length]);
        if (s.reverse) copy = reverseKeys(copy);
        // An ignored extra field: still an exact duplicate of a valid event.
        if (s.extra && typeof copy === "object" && copy !== null && !Array.isArray(copy)) (copy as Record<string, unknown>)["x-note"] = "re-sent";
        items.push(copy);
        break;
      }
      case "conflict": {
        const withId = items.filter((x) => idOf(x) !== undefined);
        if (withId.length === 0) break;
        items.push({ ...(resolve(s.body, i, 1, items) ?? { type: s.body.type, subject: s.body.subject, data: s.body.data }), id: idOf(withId[s.of % withId.length]), at: TIMES[s.time] });
        break;
      }
      case "broken": {
        const e: Record<string, unknown> = { id: `e${i}`, at: TIMES[s.time], ...(resolve(s.body, i, 1, items) ?? { type: s.body.type, subject: s.body.subject, data: s.body.data }) };
        const d = e["data"] as Record<string, unknown>;
        switch (s.how) {
          case 0:
            e["at"] = "2024-02-30T00:00:00Z";
            break;
          case 1:
            e["at"] = "2024-03-01T00:00:00"; // no Z
            break;
          case 2:
            e["at"] = "2024-06-30T23:59:60Z"; // leap second
            break;
          case 3:
            e["data"] = { ...d, purposes: [] };
            if (!("purposes" in d)) delete e["data"];
            break;
          case 4:
            e["type"] = `${String(e["type"])}V2`; // an unknown type, same envelope
            break;
          case 5:
            e["v"] = 2;
            break;
          case 6:
            if ("subject" in e) delete e["subject"];
            else e["subject"] = "s1";
            break;
          case 7:
            e["data"] = { ...d, purpose: "marketing.", purposes: ["a..b"], source: 7 };
            break;
          case 8:
            delete e["at"];
            break;
          default:
            e["id"] = "";
            break;
        }
        items.push(e);
        break;
      }
      case "garbage": {
        const v = s.value;
        items.push(s.withId ? (typeof v === "object" && v !== null && !Array.isArray(v) ? { ...v, id: `g${i}` } : { id: `g${i}`, junk: v }) : v);
        break;
      }
      case "void": {
        // A void naming an arbitrary earlier item: often a mistake (itself rejected).
        if (items.length === 0) break;
        const position = s.of % items.length;
        const target = idOf(items[position]);
        const data: Record<string, unknown> = { reason: "dealt with" };
        if (s.how !== 0 || target === undefined) data["position"] = position;
        if (s.how !== 1 && target !== undefined) data["event"] = target;
        items.push({ id: `e${i}`, type: "EventVoided", at: TIMES[s.time], data });
        break;
      }
    }
  }
  // The operator's repair: voids naming rejected items, by id, by position or both.
  repairs.forEach((r, k) => {
    const rejected = walk(items).filter((x) => x.status === "rejected");
    if (rejected.length === 0) return;
    const target = rejected[r.of % rejected.length]!;
    const data: Record<string, unknown> = { reason: "re-recorded correctly" };
    if (r.how !== 0 || target.id === undefined) data["position"] = target.pos;
    if (r.how !== 1 && target.id !== undefined) data["event"] = target.id;
    items.push({ id: `v${k}`, type: "EventVoided", at: TIMES[r.time], data });
  });
  return items;
}

export interface HistoryOptions {
  /** Maximum number of steps after the set-up. */
  readonly maxSteps?: number;
  /** Only lawful or only wild histories (default: both, one in two). */
  readonly kind?: "lawful" | "wild";
  /**
   * Lawful histories whose path always takes a twist that puts its value on the erasure work list (a
   * withdrawal, an objection, a departure, a shorter retention, an ended basis ...), half the time followed
   * by the value's erasure: for the erasure work list's tests (test/model/erasure.test.ts).
   */
  readonly erasure?: boolean;
}

/** What the lawful path of a history is about: queries ask about it most of the time. */
export interface Target {
  subject: string;
  purpose: string;
  /** The path's first field. */
  field: string;
  /** The fields the path records (one or two). */
  fields: string[];
  role: string;
  /**
   * A lawful history (see {@link historyArb}): its queries keep to the target,
   * mostly at or after `from`, the instant of the path's last recording.
   */
  lawful: boolean;
  from?: string;
  /** What happened to the lawful path after its recording, if anything. */
  twist?: string;
}

/** A source registered nowhere, for twists that bring data from an unknown source. */
const STRANGER = "scraper";

/** What happens to a lawful path after its use became allowed, so that each reason code has a lawful path to deny. */
const TWISTS = [
  "erase-field",
  "erase-fact",
  "withdraw-consent",
  "withdraw-purpose",
  "object",
  "restrict",
  "retire-purpose",
  "revoke-policy",
  "depart",
  "end-basis",
  "inform",
  "foreign-fact",
  "correct",
  "redeclare",
  "retire-source",
  "assess",
  "reconsent",
  "end-condition",
  "declare-special",
] as const;
type Twist = (typeof TWISTS)[number];
/** How often each twist happens: more often those whose reason codes nothing else in a lawful history gives. */
const TWIST_WEIGHTS: Partial<Record<Twist, number>> = { object: 3, "retire-purpose": 2, "erase-field": 2, "erase-fact": 3, "withdraw-consent": 2, "withdraw-purpose": 3, reconsent: 4, "end-condition": 2, "declare-special": 2 };
/** How a consent given again after a withdrawal is flawed: not at all, its method, its notice, its confirmation, its expiry. */
const RECONSENT = ["good", "method", "notice", "unconfirmed", "expires"] as const;

/** How a twisted purpose is declared again: without the basis, short retention or consent age, double opt-in, another disclosure rule. */
const REDECLARE = ["no-basis", "retention", "max-age", "double-opt-in", "disclosure", "direct-marketing"] as const;

/**
 * The lawful path: the events a company records so that one use is allowed
 * (a declared purpose, a notice, a registered source, an access policy, a
 * consent or another basis, the fact itself), each present most of the time
 * and with variations, so that random noise around it decides the outcome.
 *
 * `lawful` paths are the lawful histories' own: complete (one piece in eight
 * missing one time in thirteen), the consent method one that counts,
 * retentions and consent ages long, double opt-in mostly confirmed, most
 * sources not the person's own (so that `DISCLOSE_ORIGIN` applies), one or
 * two fields, half the time recorded at the consent's very instant. Then, two
 * times in five, one twist happens (an erasure, a withdrawal, an objection, a
 * restriction, a retirement, a revoked policy, a departure, an ended basis,
 * a disclosure, a value from an unknown source, a correction, a changed
 * declaration, a new consent with a flaw...), mostly after the recording,
 * sometimes at the grant's instant or back-dated, and sometimes lifted again
 * later: queries before it are allowed, after it denied for one reason, or
 * allowed still.
 */
/** The twists that put a lawful path's value on the erasure work list, or keep it there. */
const ERASURE_TWISTS: readonly Twist[] = ["withdraw-consent", "withdraw-purpose", "reconsent", "object", "depart", "redeclare", "end-basis", "end-condition"];

function pathArb(lawful: boolean, erasure = false): fc.Arbitrary<{ steps: Step[]; target: Target }> {
  return fc
    .record({
      subject: pick(SUBJECTS),
      purpose: pick(PURPOSES),
      parent: fc.boolean(),
      fields: lawful ? fc.shuffledSubarray([...FIELDS], { minLength: 1, maxLength: 2 }) : pick(FIELDS).map((f) => [f]),
      category: pick(CATEGORIES),
      role: pick(ROLES),
      source: lawful ? fc.oneof({ weight: 3, arbitrary: pick(["crm", "linkedin", "fbapp"]) }, { weight: 1, arbitrary: pick(SOURCES) }) : pick(SOURCES),
      kind: lawful ? fc.oneof({ weight: 4, arbitrary: pick(KINDS.filter((k) => k !== "subject" && k !== "form")) }, { weight: 1, arbitrary: pick(KINDS) }) : pick(KINDS),
      basis: fc.oneof({ weight: 3, arbitrary: fc.constant("consent") }, { weight: 2, arbitrary: pick(NON_CONSENT) }),
      factBasis: fc.oneof({ weight: lawful ? 6 : 3, arbitrary: fc.constant("same") }, { weight: 1, arbitrary: pick(BASES) }),
      attrs: lawful
        ? fc.record({
            retention: opt(fc.oneof({ weight: 6, arbitrary: pick(["P2Y", "P10Y"]) }, { weight: 1, arbitrary: pick(DURATIONS) }), 3),
            consentMaxAge: opt(fc.oneof({ weight: 6, arbitrary: pick(["P2Y", "P10Y"]) }, { weight: 1, arbitrary: pick(DURATIONS) }), 2),
            doubleOptIn: opt(fc.boolean(), 2),
            originDisclosure: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(undefined) }),
            directMarketing: opt(fc.boolean(), 2),
          })
        : fc.record({
            retention: opt(fc.oneof({ weight: 3, arbitrary: pick(["P2Y", "P10Y"]) }, { weight: 1, arbitrary: pick(DURATIONS) }), 3),
            consentMaxAge: opt(fc.oneof({ weight: 3, arbitrary: pick(["P2Y", "P10Y"]) }, { weight: 1, arbitrary: pick(DURATIONS) }), 4),
            doubleOptIn: opt(fc.boolean(), 2),
            originDisclosure: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(undefined) }),
            directMarketing: opt(fc.boolean(), 2),
          }),
      importConsent: fc.nat(4).map((n) => n === 0),
      method: lawful
        ? fc.oneof({ weight: 20, arbitrary: pick(METHODS.slice(0, 4)) }, { weight: 1, arbitrary: pick(METHODS.slice(4)) })
        : fc.oneof({ weight: 6, arbitrary: pick(METHODS.slice(0, 4)) }, { weight: 1, arbitrary: pick(METHODS.slice(4)) }),
      expires: lawful
        ? fc.oneof({ weight: 10, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: pick(TIMES.slice(7)) }, { weight: 1, arbitrary: pick(TIMES) })
        : opt(fc.oneof({ weight: 3, arbitrary: pick(TIMES.slice(7)) }, { weight: 1, arbitrary: pick(TIMES) }), 5),
      confirm: lawful ? fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.nat(3).map((n) => n > 0),
      informed: fc.nat(3).map((n) => n === 0),
      account: opt(
        fc.record({
          account: pick(ACCOUNTS),
          employee: pick(EMPLOYEES),
          onDeparture: pick(AGREEMENTS),
          companyContact: opt(fc.boolean(), 2),
          departs: lawful ? fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.boolean(),
        }),
        2,
      ),
      present: fc.array(fc.nat(9), { minLength: 8, maxLength: 8 }),
      // On a lawful path one piece in eight is missing one time in thirteen (a single draw: fast-check
      // biases small integers, so eight draws of "0 in 33" would leave a piece out a third of the time).
      missing: lawful ? fc.oneof({ weight: 12, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 7 }) }) : fc.constant(-1),
      sameInstant: fc.boolean(),
      // The value's category is special (GDPR Art. 9(1)) on a quarter of the paths: declared (its own category or its
      // top segment), with a condition of Art. 9(2) for it (explicit consent when the path has a consent), mostly
      // covering the use, sometimes not (another purpose, or a category beside it), sometimes with an `until`.
      special: fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        {
          weight: 1,
          arbitrary: fc.record({
          parent: fc.boolean(),
          explicit: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
          condition: pick(OTHER_CONDITIONS),
          condition_present: lawful ? fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.nat(3).map((n) => n > 0),
          miss: lawful ? fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) }) : fc.nat(3),
          until: fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }) }),
        }),
        },
      ),
      times: fc.array(
        lawful ? fc.integer({ min: 1, max: 5 }) : fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 7 }) }, { weight: 1, arbitrary: timeIdx }),
        { minLength: 3, maxLength: 3 },
      ),
      twist: lawful
        ? fc.oneof(
            { weight: erasure ? 0 : 3, arbitrary: fc.constant(undefined) },
            {
              weight: 2,
              arbitrary: fc.record({
                what: erasure ? fc.oneof(...ERASURE_TWISTS.map((t) => ({ weight: t === "object" ? 3 : 1, arbitrary: fc.constant(t) }))) : fc.oneof(...TWISTS.map((t) => ({ weight: TWIST_WEIGHTS[t] ?? 1, arbitrary: fc.constant(t) }))),
                // Mostly after the recording (by 1 to 5 steps of TIMES), sometimes at the very instant of the
                // grant (a same-instant tie that log order breaks), or at or before the recording (back-dated).
                time: fc.oneof(
                  { weight: 6, arbitrary: fc.constantFrom<number | "grant">(1, 2, 3, 4, 5) },
                  { weight: 3, arbitrary: fc.constant<number | "grant">("grant") },
                  { weight: 2, arbitrary: fc.constantFrom<number | "grant">(-9, -3, -1, 0) },
                ),
                lift: fc.option(fc.constantFrom(1, 2, 3, 4), { nil: undefined, freq: 2 }),
                near: fc.boolean(),
                variant: fc.nat(11),
              }),
            },
          )
        : fc.constant(undefined),
    })
    .map((r) => {
      const U = r.purpose;
      const parent = r.parent && U.includes(".") ? U.slice(0, U.lastIndexOf(".")) : U;
      // Each piece present 90% of the time (less: fast-check biases towards 0); on a lawful path all but `missing`.
      const has = (k: number) => (lawful ? k !== r.missing : r.present[k]! > 0);
      const [tc, later, tb] = [...r.times].sort((a, b) => a - b) as [number, number, number];
      // On a lawful path, half the time the form that records the value records the consent at the same
      // instant (a same-instant tie that log order breaks: the consent first).
      const tf = lawful && r.sameInstant ? tc : later;
      const factBasis = r.factBasis === "same" ? r.basis : r.factBasis;
      const cat = (type: string, data: Record<string, unknown>): Step => ({ kind: "setup", late: false, body: { type, data: compact(data), fixed: true } });
      const at = (time: number, type: string, data: Record<string, unknown>, subject?: string): Step => ({
        kind: "event",
        time,
        by: false,
        fresh: 1,
        body: { type, ...(subject === undefined ? {} : { subject }), data: compact(data), fixed: true },
      });
      const sub = (time: number, type: string, data: Record<string, unknown>): Step => at(time, type, data, r.subject);
      const steps: Step[] = [];
      const bases = factBasis === r.basis ? [r.basis] : [r.basis, factBasis];
      const declaration = { purpose: U, description: "the use", legalBases: bases, ...r.attrs };
      if (has(0)) steps.push(cat("PurposeDeclared", declaration));
      if (has(1)) steps.push(cat("NoticePublished", { notice: "n1", version: "v1", purposes: [parent] }));
      if (has(2))
        steps.push(cat("SourceRegistered", { source: r.source, kind: r.kind, assessment: "DPIA-7", importConsentPurpose: r.importConsent ? U : undefined }));
      const policy = { policy: "p-path", role: r.role, purposes: [parent], categories: [r.category.split(".")[0]!] };
      if (has(3)) steps.push(cat("AccessPolicyGranted", policy));
      const consent = has(4) && (r.basis === "consent" || factBasis === "consent" || r.importConsent);
      if (consent)
        steps.push(sub(tc, "ConsentGranted", { consent: "c-path", purposes: [U], notice: "n1", noticeVersion: "v1", method: r.method, channel: "web", evidence: "form-1", expires: r.expires }));
      if (r.confirm) steps.push(sub(tc, "ConsentConfirmed", { consent: "c-path", evidence: "click" }));
      const recorded = has(5) && r.basis !== "consent";
      if (recorded) steps.push(sub(tc, "LegalBasisRecorded", { basis: r.basis, purposes: [parent], reference: "r-path" }));
      const acc = r.account;
      if (acc !== undefined && has(7)) steps.push(cat("AccountLinked", { account: acc.account, employee: acc.employee, source: r.source, onDeparture: acc.onDeparture }));
      if (has(6)) {
        const via = acc === undefined ? {} : { account: acc.account, companyContact: acc.companyContact };
        r.fields.forEach((field, k) =>
          steps.push(
            sub(tf, "FactRecorded", {
              fact: k === 0 ? "f-path" : `f-path${k + 1}`,
              field,
              value: "path@x.org",
              category: r.category,
              source: r.source,
              purposes: [U],
              basis: factBasis,
              ...via,
            }),
          ),
        );
      }
      const sp = r.special;
      const spCategory = sp === undefined ? undefined : sp.parent ? r.category.split(".")[0]! : r.category;
      if (sp !== undefined) {
        steps.push(cat("SpecialCategoryDeclared", { category: spCategory, description: "Art. 9(1)" }));
        if (sp.condition_present) {
          const explicit = sp.explicit && consent;
          steps.push(
            sub(tc, "SpecialConditionRecorded", {
              condition: explicit ? "A9-2-a" : sp.condition,
              categories: [sp.miss === 2 ? (r.category.startsWith("profile") ? "contact" : "profile") : spCategory],
              purposes: [sp.miss === 1 ? (U === "sales" ? "marketing" : "sales") : parent],
              reference: "sc-path",
              consent: explicit ? "c-path" : undefined,
              until: sp.until === undefined ? undefined : TIMES[Math.min(TIMES.length - 1, tf + sp.until)],
            }),
          );
        }
      }
      if (acc?.departs === true) steps.push(at(tb, "EmployeeDeparted", { employee: acc.employee }));
      if (r.informed) steps.push(sub(tb, "SubjectInformed", { notice: "n1", noticeVersion: "v1", sources: [r.source] }));
      const tw = r.twist;
      if (tw !== undefined) {
        const time = tw.time === "grant" ? tc : Math.max(0, Math.min(TIMES.length - 1, tf + tw.time));
        const later = tw.lift === undefined ? undefined : Math.min(TIMES.length - 1, time + tw.lift);
        const purpose = tw.near ? U : parent;
        const other = PURPOSES[tw.variant % PURPOSES.length]!;
        const twisted = twistSteps(tw.what, tw.variant);
        function twistSteps(what: Twist, v: number): Step[] {
          switch (what) {
            case "erase-field":
              return [sub(time, "FactErased", { field: r.fields[0], reason: "Art. 17" })];
            case "erase-fact":
              return [sub(time, "FactErased", { fact: "f-path", reason: "Art. 17" })];
            case "withdraw-consent":
              // Sometimes the weekly clean-up erases the value later (the erasure work list names that erasure before it).
              return consent
                ? [
                    sub(time, "ConsentWithdrawn", { consent: "c-path", channel: "mail", purposes: v % 2 === 0 ? undefined : [purpose] }),
                    ...(later !== undefined && v % 3 !== 2 ? [sub(later, "FactErased", { fact: "f-path", reason: "Art. 17(1)(b)" })] : []),
                  ]
                : [];
            case "withdraw-purpose":
              return [sub(time, "ConsentWithdrawn", { purposes: [v % 3 === 0 ? other : purpose], channel: "mail", evidence: "letter" })];
            case "object":
              return [
                // A third of the time the purpose is (re-)declared direct marketing: the objection is absolute (Art. 21(2)).
                ...(v % 3 === 1 || (erasure && v % 3 === 0) ? [at(time, "PurposeDeclared", { ...declaration, directMarketing: true })] : []),
                sub(time, "ObjectionRaised", { purposes: [v % 4 === 0 ? other : purpose], channel: "letter" }),
                ...(later === undefined ? [] : [sub(later, "ObjectionWithdrawn", { purposes: [parent], channel: "letter", evidence: "signed" })]),
              ];
            case "restrict":
              return [
                sub(time, "ProcessingRestricted", { reason: "dispute" }),
                ...(later === undefined ? [] : [sub(later, "RestrictionLifted", { reason: "settled" })]),
              ];
            case "retire-purpose":
              return [
                at(time, "PurposeRetired", { purpose: v % 4 === 0 ? other : purpose }),
                ...(later === undefined ? [] : [at(later, "PurposeDeclared", declaration)]),
              ];
            case "revoke-policy":
              return [at(time, "AccessPolicyRevoked", { policy: "p-path" }), ...(later === undefined ? [] : [at(later, "AccessPolicyGranted", policy)])];
            case "depart":
              return acc === undefined ? [] : [at(time, "EmployeeDeparted", { employee: acc.employee })];
            case "end-basis":
              return recorded ? [sub(time, "LegalBasisEnded", { reference: "r-path" })] : [];
            case "inform":
              return [sub(time, "SubjectInformed", { notice: "n1", noticeVersion: v % 2 === 0 ? "v1" : "v2", sources: v % 3 === 0 ? [STRANGER] : [r.source] })];
            case "foreign-fact":
              return [
                sub(time, "FactRecorded", {
                  fact: "f-twist",
                  field: r.fields[0],
                  value: "other@x.org",
                  category: r.category,
                  source: v % 2 === 0 ? STRANGER : SOURCES[v % SOURCES.length],
                  purposes: [v % 3 === 0 ? other : U],
                  basis: factBasis,
                }),
              ];
            case "correct":
              return [sub(time, "FactCorrected", { fact: "f-path", value: "fixed@x.org", source: v % 3 === 0 ? STRANGER : v % 3 === 1 ? r.source : SOURCES[v % SOURCES.length] })];
            case "redeclare": {
              const how = REDECLARE[v % REDECLARE.length]!;
              const changed: Record<string, unknown> = { ...declaration };
              if (how === "no-basis") changed["legalBases"] = [r.basis === "vital-interests" ? "public-task" : "vital-interests"];
              else if (how === "retention") changed["retention"] = v % 2 === 0 ? "P1D" : "P29D";
              else if (how === "max-age") changed["consentMaxAge"] = v % 2 === 0 ? "P1D" : "P1M";
              else if (how === "double-opt-in") changed["doubleOptIn"] = true;
              else if (how === "disclosure") changed["originDisclosure"] = r.attrs.originDisclosure !== true;
              else changed["directMarketing"] = r.attrs.directMarketing !== true;
              return [at(time, "PurposeDeclared", changed), ...(later === undefined ? [] : [at(later, "PurposeDeclared", declaration)])];
            }
            case "retire-source":
              return [at(time, "SourceRetired", { source: r.source })];
            case "end-condition":
              // The condition of Art. 9(2) ends (and is sometimes recorded again); without one, the category becomes special.
              return sp?.condition_present === true
                ? [
                    sub(time, "SpecialConditionEnded", { reference: "sc-path" }),
                    ...(later === undefined ? [] : [sub(later, "SpecialConditionRecorded", { condition: sp.condition, categories: [spCategory], purposes: [parent], reference: "sc-path" })]),
                  ]
                : [at(time, "SpecialCategoryDeclared", { category: r.category, description: "Art. 9(1)" })];
            case "declare-special":
              // The value's category is declared special after the fact: without a condition the use stops; with one recorded later it resumes.
              return [
                at(time, "SpecialCategoryDeclared", { category: v % 2 === 0 ? r.category : r.category.split(".")[0]!, description: "Art. 9(1)" }),
                ...(later === undefined
                  ? []
                  : [sub(later, "SpecialConditionRecorded", { condition: OTHER_CONDITIONS[v % OTHER_CONDITIONS.length], categories: [r.category], purposes: [U], reference: "sc-late" })]),
              ];
            case "assess":
              return [at(time, "PurposeCompatibilityAssessed", { from: parent, to: other, compatible: v % 3 !== 0, rationale: "Art. 6(4)" })];
            case "reconsent": {
              // The person withdraws and consents again: the fact collected on the first consent stays
              // withdrawn (COLLECTION_CONSENT_WITHDRAWN) even when the new one is sound.
              const flaw = RECONSENT[v % RECONSENT.length]!;
              const again = later ?? Math.min(TIMES.length - 1, time + 1);
              return [
                ...(!consent ? [] : v % 2 === 0 ? [sub(time, "ConsentWithdrawn", { consent: "c-path", channel: "mail" })] : [sub(time, "ConsentWithdrawn", { purposes: [purpose], channel: "mail" })]),
                sub(again, "ConsentGranted", {
                  consent: "c-again",
                  purposes: [purpose],
                  notice: "n1",
                  noticeVersion: flaw === "notice" ? "v2" : "v1",
                  method: flaw === "method" ? METHODS[4 + (v % 4)] : "double-opt-in",
                  channel: "web",
                  evidence: "form-2",
                  expires: flaw === "expires" ? TIMES[again] : undefined,
                }),
                ...(flaw === "unconfirmed" ? [at(time, "PurposeDeclared", { ...declaration, doubleOptIn: true })] : [sub(again, "ConsentConfirmed", { consent: "c-again", evidence: "click" })]),
              ];
            }
          }
        }
        steps.push(...twisted);
        // The weekly clean-up at work: the value erased later (before that instant the list names this erasure).
        if (erasure && later !== undefined && tw.variant % 2 === 0 && !twisted.some((x) => x.kind === "event" && x.body.type === "FactErased")) {
          steps.push(sub(later, "FactErased", { fact: "f-path", reason: "Art. 17(1)" }));
        }
      }
      return {
        steps,
        target: {
          subject: r.subject,
          purpose: U,
          field: r.fields[0]!,
          fields: r.fields,
          role: r.role,
          lawful,
          ...(has(6) ? { from: TIMES[tf] } : {}),
          ...(tw === undefined ? {} : { twist: tw.what }),
        },
      };
    });
}

/** Inserts `extra` into `base` at the given slots, keeping each list's own order. */
function interleave<T>(base: T[], extra: T[], slots: number[]): T[] {
  const out = [...base];
  extra.forEach((x, k) => {
    const at = Math.min(out.length, (slots[k] ?? 0) % (out.length + 1));
    out.splice(at, 0, x);
  });
  return out;
}

/**
 * A history of the given kind. `wild`: the lawful path with each piece
 * present 90 % of the time, up to 20 steps of noise (two in five histories
 * with conflicting reuses, malformed events, garbage and stray voids) and the
 * operator's repairs. `lawful`: the lawful path complete, then one twist half
 * the time, and a little clean noise (up to 6 steps: every event type, exact
 * duplicates, back-dated events, ties; nothing malformed).
 */
function historyOf(lawful: boolean, opts: HistoryOptions): fc.Arbitrary<{ log: unknown[]; target: Target }> {
  const max = opts.maxSteps ?? 20;
  return fc
    .record({
      path: pathArb(lawful, opts.erasure === true),
      // Some set-up events come late (on the leap day), so that facts can precede their source's registration.
      setup: fc.array(fc.record({ kind: fc.constant("setup" as const), body: lawful ? lawfulSetupBodyArb : setupBodyArb, late: fc.nat(5).map((n) => n === 0) }), {
        minLength: lawful ? 0 : 1,
        maxLength: lawful ? 3 : 8,
      }),
      steps: lawful
        ? fc.array(cleanStepArb, { maxLength: Math.min(6, max), size: "max" })
        : fc.oneof(
            { weight: 3, arbitrary: fc.array(cleanStepArb, { maxLength: max, size: "max" }) },
            { weight: 2, arbitrary: fc.array(stepArb, { maxLength: max, size: "max" }) },
          ),
      slots: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
      repairs: fc.array(fc.record({ of: fc.nat(), how: fc.nat(2), time: timeIdx }), { maxLength: lawful ? 1 : 4, size: "max" }),
      order: fc.oneof(
        { weight: 2, arbitrary: fc.constant<"log" | "sorted">("log") },
        { weight: 1, arbitrary: fc.constant<"log" | "sorted">("sorted") },
      ),
    })
    .map(({ path, setup, steps, slots, repairs, order }) => {
      const pathSetup = path.steps.filter((s) => s.kind === "setup");
      const pathEvents = path.steps.filter((s) => s.kind !== "setup");
      // The path's own events keep their order; noise goes around and between them.
      let ev = interleave(pathEvents, steps, slots);
      if (order === "sorted") {
        // Log order that agrees with business time (stable: ties keep log order).
        ev = [...ev].sort((a, b) => ("time" in a ? a.time : 0) - ("time" in b ? b.time : 0));
      }
      return { log: build([...setup, ...pathSetup], ev, repairs, lawful), target: path.target };
    });
}

/**
 * A generated raw history and the target of its lawful path: lawful
 * histories (a complete lawful path, maybe one twist, a little clean noise)
 * one time in two, wild ones (every kind of noise) otherwise. The lawful half
 * is what makes a quarter of the differential's decisions allowed and a tenth
 * carry obligations (test/model/coverage.test.ts); the wild half keeps the
 * back-dated events, ties, duplicates, conflicting reuses, malformed events
 * and voids.
 */
export function historyArb(opts: HistoryOptions = {}): fc.Arbitrary<{ log: unknown[]; target: Target }> {
  if (opts.kind !== undefined) return historyOf(opts.kind === "lawful", opts);
  return fc.oneof({ weight: 1, arbitrary: historyOf(true, opts) }, { weight: 1, arbitrary: historyOf(false, opts) });
}

// ------------------------------------------------------------------ queries

const iso = (t: number) => new Date(t).toISOString();

/**
 * The interesting instants of a history: each event's at, a millisecond before and after, every
 * expiry and `until`, and (unless `withEnds` is false) the ends of every duration and a far future.
 */
export function instantsOf(log: readonly unknown[], withEnds = true): string[] {
  const ats = new Set<string>();
  const ends = new Set<string>();
  const starts = new Set<string>();
  for (const x of log) {
    if (typeof x !== "object" || x === null) continue;
    const e = x as Record<string, any>;
    if (ms(e.at) !== undefined) {
      ats.add(e.at);
      if (e.type === "FactRecorded" || e.type === "ConsentGranted") starts.add(e.at);
    }
    const d = e.data;
    if (typeof d === "object" && d !== null) {
      for (const k of ["expires", "until"]) if (ms(d[k]) !== undefined) ats.add(d[k]);
      for (const k of ["retention", "consentMaxAge"]) if (typeof d[k] === "string" && /^P/.test(d[k])) ends.add(d[k]);
    }
  }
  const out = new Set<string>();
  for (const a of ats) {
    const t = ms(a)!;
    out.add(a);
    out.add(iso(t - 1));
    out.add(iso(t + 1));
  }
  for (const s of withEnds ? starts : [])
    for (const d of ends) {
      try {
        const t = plus(s, d);
        out.add(iso(t));
        out.add(iso(t - 1));
      } catch {
        /* a duration that is not one (a broken event): skip */
      }
    }
  if (withEnds) out.add("2030-01-01T00:00:00Z");
  return [...out].sort();
}

/**
 * A use query against a history: mostly well-formed, sometimes malformed.
 * Against a lawful history (see {@link historyArb}) the queries keep to the
 * target (its subject, purpose, fields and role) and mostly ask at or after
 * the path's recording, where the use can be allowed.
 */
export function queriesArb(log: readonly unknown[], target: Target, max = 4): fc.Arbitrary<unknown[]> {
  const instants = instantsOf(log);
  const random = fc.record({
    subject: fc.oneof({ weight: 6, arbitrary: pick(SUBJECTS) }, { weight: 1, arbitrary: fc.constant("s3") }, { weight: 1, arbitrary: fc.constant("s9") }),
    purpose: pick(PURPOSES),
    fields: someOf(FIELDS, 3),
    actor: fc.record({ id: fc.constant("u1"), roles: fc.oneof({ weight: 4, arbitrary: someOf(ROLES, 2) }, { weight: 1, arbitrary: fc.constant([]) }) }),
    at: pick(instants),
  });
  const late = instants.slice(Math.floor(instants.length / 2));
  // On a lawful history: the instants at or after the recording, and among them those of events
  // (not the ends of retentions and consent ages, which the other instants still reach).
  const after = target.from === undefined ? [] : instants.filter((i) => i >= target.from!);
  const ends = new Set(instantsOf(log, false));
  const eventsAfter = after.filter((i) => ends.has(i));
  const w = target.lawful ? 10 : 4;
  const onPath = fc.record({
    subject: fc.constant(target.subject),
    purpose: fc.oneof({ weight: w, arbitrary: fc.constant(target.purpose) }, { weight: 1, arbitrary: pick(PURPOSES) }),
    fields: target.lawful
      ? fc.oneof({ weight: 20, arbitrary: someOf(target.fields, target.fields.length) }, { weight: 1, arbitrary: someOf(FIELDS, 3) })
      : fc.oneof({ weight: 3, arbitrary: fc.constant([target.field]) }, { weight: 1, arbitrary: someOf(FIELDS, 3) }),
    actor: fc.record({ id: fc.constant("u1"), roles: fc.oneof({ weight: w, arbitrary: fc.constant([target.role]) }, { weight: 1, arbitrary: someOf(ROLES, 2) }) }),
    at:
      target.lawful && eventsAfter.length > 0
        ? fc.oneof({ weight: 1, arbitrary: pick(instants) }, { weight: 1, arbitrary: pick(after) }, { weight: 10, arbitrary: pick(eventsAfter) })
        : fc.oneof({ weight: 1, arbitrary: pick(instants) }, { weight: 2, arbitrary: pick(late) }),
  });
  const good = fc.oneof({ weight: target.lawful ? 10 : 2, arbitrary: onPath }, { weight: 1, arbitrary: random });
  const bad = fc.tuple(good, fc.nat(7), pick([".", "a..b", "marketing.", ""])).map(([q, how, purpose]) => {
    const b: Record<string, unknown> = { ...q };
    if (how === 0) b["at"] = "2024-02-30T00:00:00Z";
    else if (how === 1) b["at"] = "2024-03-01T00:00:00";
    else if (how === 2) b["at"] = "2024-06-30T23:59:60Z";
    else if (how === 3) b["purpose"] = purpose;
    else if (how === 4) b["fields"] = [];
    else if (how === 5) b["actor"] = { id: "", roles: [] };
    else if (how === 6) b["actor"] = { id: "u1", roles: "mkt" };
    else b["at"] = 1709251200000;
    return b;
  });
  // A lawful history is small and asks three times as many questions.
  return fc.array(fc.oneof({ weight: 19, arbitrary: good }, { weight: 1, arbitrary: bad }), { minLength: 1, maxLength: target.lawful ? 3 * max : max });
}

/** A history and queries against it. */
export function scenarioArb(opts: HistoryOptions & { queries?: number } = {}): fc.Arbitrary<{ log: unknown[]; queries: unknown[] }> {
  return historyArb(opts).chain(({ log, target }) => queriesArb(log, target, opts.queries ?? 4).map((queries) => ({ log, queries })));
}

// ------------------------------------------------------------------ arrival order

/** How the subject events of a log arrive: latest business time first, in a random order, or in any order at all. */
export type Arrival = "reverse" | "random" | "any";

const subjectOf = (x: unknown): string | undefined => {
  const s = typeof x === "object" && x !== null ? (x as { subject?: unknown }).subject : undefined;
  return typeof s === "string" && s !== "" ? s : undefined;
};

/**
 * The same log with its subject events arriving in another order; catalog
 * events, voids and garbage keep their positions, and the subject events
 * share the positions subject events had. `reverse`: latest `at` first (ties
 * in a random order), so that nearly every event is back-dated relative to
 * one that arrived before it; `random`: a random order. Both keep what an
 * event names after what it names (a correction, an erasure of a fact or a
 * field, a confirmation or withdrawal of a consent, the end of a basis, a
 * later copy of an id), so that the events are back-dated rather than
 * rejected. `any`: a random order, references or not.
 */
export function rearrive(log: readonly unknown[], arrival: Arrival, keys: readonly number[]): unknown[] {
  const slots = log.map((x, p) => (subjectOf(x) === undefined ? -1 : p)).filter((p) => p >= 0);
  const key = (p: number) => keys[p % Math.max(1, keys.length)] ?? 0;
  // What each subject event names, by its first earlier carrier in the log.
  const needs = new Map<number, number[]>();
  if (arrival !== "any")
    for (const p of slots) {
      const e = log[p] as Record<string, any>;
      const d = typeof e.data === "object" && e.data !== null ? e.data : {};
      const first = (ok: (y: Record<string, any>) => boolean) => slots.find((q) => q < p && subjectOf(log[q]) === e.subject && ok(log[q] as Record<string, any>));
      const named = [
        typeof e.id === "string" ? slots.find((q) => q < p && (log[q] as Record<string, any>).id === e.id) : undefined,
        d.fact === undefined || e.type === "FactRecorded" ? undefined : first((y) => y.type === "FactRecorded" && y.data?.fact === d.fact),
        d.field === undefined || e.type !== "FactErased" ? undefined : first((y) => y.type === "FactRecorded" && y.data?.field === d.field),
        d.consent === undefined || e.type === "ConsentGranted" ? undefined : first((y) => y.type === "ConsentGranted" && y.data?.consent === d.consent),
        e.type === "LegalBasisEnded" ? first((y) => y.type === "LegalBasisRecorded" && y.data?.reference === d.reference) : undefined,
        e.type === "SpecialConditionEnded" ? first((y) => y.type === "SpecialConditionRecorded" && y.data?.reference === d.reference) : undefined,
      ].filter((q): q is number => q !== undefined);
      needs.set(p, named);
    }
  const rank = (p: number) => (arrival === "reverse" ? -(ms((log[p] as { at?: unknown }).at) ?? 0) : key(p));
  // Kahn's order: among the events whose named events have arrived, the one of lowest rank (ties by key).
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < slots.length) {
    const ready = slots.filter((p) => !done.has(p) && (needs.get(p) ?? []).every((q) => done.has(q)));
    const next = ready.reduce((a, p) => (rank(p) < rank(a) || (rank(p) === rank(a) && key(p) < key(a)) ? p : a));
    order.push(next);
    done.add(next);
  }
  const out = [...log];
  slots.forEach((slot, k) => (out[slot] = log[order[k]!]));
  return out;
}

/** How many subject events of a log arrive after an event of the same subject with a later `at` (back-dated), of how many subject events. */
export function backdated(log: readonly unknown[]): { backdated: number; events: number } {
  const latest = new Map<string, number>();
  let n = 0;
  let events = 0;
  for (const x of log) {
    const subject = subjectOf(x);
    const t = ms((x as { at?: unknown } | undefined)?.at);
    if (subject === undefined || t === undefined) continue;
    events++;
    if (t < (latest.get(subject) ?? -Infinity)) n++;
    latest.set(subject, Math.max(latest.get(subject) ?? -Infinity, t));
  }
  return { backdated: n, events };
}

/** A history whose subject events arrive in another order (see {@link rearrive}), and queries against it. */
export function arrivalArb(opts: HistoryOptions & { queries?: number } = {}): fc.Arbitrary<{ log: unknown[]; queries: unknown[]; arrival: Arrival }> {
  return fc
    .record({
      history: historyArb(opts),
      arrival: fc.oneof(
        { weight: 2, arbitrary: fc.constant<Arrival>("reverse") },
        { weight: 2, arbitrary: fc.constant<Arrival>("random") },
        { weight: 1, arbitrary: fc.constant<Arrival>("any") },
      ),
      keys: fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
    })
    .chain(({ history, arrival, keys }) => {
      const log = rearrive(history.log, arrival, keys);
      return queriesArb(log, history.target, opts.queries ?? 4).map((queries) => ({ log, queries, arrival }));
    });
}
