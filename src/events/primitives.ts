import * as t from "io-ts";
import { isDottedId } from "../_internal/dotted.js";
import { parseDuration, parseTimestamp } from "../_internal/time.js";
import { copyJson } from "../_internal/json.js";

// Every primitive decodes to a plain `string` (not a branded type) so that the
// static event types stay easy to write by hand in users' code and tests. The
// codec's `name` is the phrase used in decode errors ("expected <name>").

function stringType(name: string, ok: (s: string) => boolean): t.Type<string, string, unknown> {
  return new t.Type<string, string, unknown>(
    name,
    (u): u is string => typeof u === "string" && ok(u),
    (u, c) => (typeof u === "string" && ok(u) ? t.success(u) : t.failure(u, c)),
    t.identity,
  );
}

/** A non-empty string: ids and id-like fields of wire format v1. */
export const NonEmptyString = stringType("a non-empty string", (s) => s.length > 0);

/** `YYYY-MM-DDThh:mm:ss(.sss)?Z`, a real calendar instant in UTC. */
export const Timestamp = stringType(
  "an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z",
  (s) => parseTimestamp(s) !== undefined,
);

/** An ISO 8601 duration `P(nY)(nM)(nW)(nD)(T(nH)(nM)(nS))` with at least one part. */
export const Duration = stringType("an ISO 8601 duration like P1Y or P30D", (s) => parseDuration(s) !== undefined);

/** A purpose: non-empty segments joined by single dots (`marketing.email`). */
export const PurposeId = stringType("a dotted purpose id like marketing.email", isDottedId);

/** A data category: non-empty segments joined by single dots (`contact.email`). */
export const CategoryId = stringType("a dotted category id like contact.email", isDottedId);

/** A non-empty array of `item`. */
export function nonEmptyArray<C extends t.Mixed>(item: C, what: string): t.Type<Array<t.TypeOf<C>>, Array<t.OutputOf<C>>, unknown> {
  const arr = t.array(item);
  const codec = new t.Type<Array<t.TypeOf<C>>, Array<t.OutputOf<C>>, unknown>(
    `a non-empty array of ${what}`,
    (u): u is Array<t.TypeOf<C>> => arr.is(u) && u.length > 0,
    (u, c) => {
      if (!Array.isArray(u) || u.length === 0) return t.failure(u, c);
      return arr.validate(u, c);
    },
    arr.encode,
  );
  // Read by the fast path (src/_internal/fastcodec.ts).
  return Object.assign(codec, { inner: arr, nonEmpty: true });
}

/** An array of `item` (possibly empty). */
export function arrayOf<C extends t.Mixed>(item: C, what: string): t.ArrayC<C> {
  return t.array(item, `an array of ${what}`);
}

/** A JSON value that must be present (`null` is a value); decoded into a frozen copy. */
export const PresentJsonValue = Object.assign(new t.Type<unknown, unknown, unknown>(
  "a JSON value (null is allowed, a missing value is not)",
  (u): u is unknown => u !== undefined && copyJson(u) !== undefined,
  (u, c) => {
    if (u === undefined) return t.failure(u, c);
    const copy = copyJson(u);
    return copy === undefined ? t.failure(u, c) : t.success(copy.value);
  },
  t.identity,
), { copies: true as const });

/** A 0-based log position. */
export const Position = new t.Type<number, number, unknown>(
  "a non-negative integer position",
  (u): u is number => typeof u === "number" && Number.isSafeInteger(u) && u >= 0,
  (u, c) => (typeof u === "number" && Number.isSafeInteger(u) && u >= 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

function keyofList<K extends string>(values: readonly K[], name: string): t.KeyofC<Record<K, null>> {
  const keys = {} as Record<K, null>;
  for (const v of values) keys[v] = null;
  return t.keyof(keys, name);
}

/** GDPR Art. 6(1)(a)–(f). */
export const LEGAL_BASES = [
  "consent",
  "contract",
  "legal-obligation",
  "vital-interests",
  "public-task",
  "legitimate-interests",
] as const;
/** A lawful basis for processing, GDPR Art. 6(1)(a)–(f). */
export type LegalBasis = (typeof LEGAL_BASES)[number];
/** Codec of {@link LegalBasis}. */
export const LegalBasis = keyofList(LEGAL_BASES, `one of ${LEGAL_BASES.join(", ")}`);

const NON_CONSENT_BASES = LEGAL_BASES.filter((b) => b !== "consent");
/** A legal basis other than consent (what `LegalBasisRecorded` records). */
export const NonConsentBasis = keyofList(
  NON_CONSENT_BASES as Exclude<LegalBasis, "consent">[],
  `one of ${NON_CONSENT_BASES.join(", ")} (consent is recorded with ConsentGranted)`,
);

/** How a consent was captured; the last four are not an active act of will (GDPR Recital 32, CJEU C-673/17). */
export const CONSENT_METHODS = [
  "opt-in",
  "double-opt-in",
  "signature",
  "recorded-verbal",
  "pre-ticked",
  "implied",
  "hidden",
  "bundled",
] as const;
/** How a consent was captured. */
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
/** Codec of {@link ConsentMethod}. */
export const ConsentMethod = keyofList(CONSENT_METHODS, `one of ${CONSENT_METHODS.join(", ")}`);

/** The kinds of source; `subject` and `form` mean data entered by the person themself. */
export const SOURCE_KINDS = ["manual", "form", "import", "social-network", "social-app", "api", "subject"] as const;
/** The kind of a registered source. */
export type SourceKind = (typeof SOURCE_KINDS)[number];
/** Codec of {@link SourceKind}. */
export const SourceKind = keyofList(SOURCE_KINDS, `one of ${SOURCE_KINDS.join(", ")}`);

/** What happens to a linked account's facts when its employee departs. */
export const DEPARTURE_AGREEMENTS = ["erase", "keep-company-contacts", "keep"] as const;
/** The agreement recorded when an employee links their own account. */
export type DepartureAgreement = (typeof DEPARTURE_AGREEMENTS)[number];
/** Codec of {@link DepartureAgreement}. */
export const DepartureAgreement = keyofList(DEPARTURE_AGREEMENTS, `one of ${DEPARTURE_AGREEMENTS.join(", ")}`);
