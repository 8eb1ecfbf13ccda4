/**
 * The codecs of the special categories of personal data (GDPR Art. 9) and
 * the conditions of Art. 9(2) that lift the prohibition, added to wire
 * format v1 additively (issue 14): older logs replay unchanged.
 */
import * as t from "io-ts";
import { CategoryId, NonEmptyString, nonEmptyArray, PurposeId, Timestamp } from "./primitives.js";
import { catalogEvent, checked, data, subjectEvent } from "./envelope.js";

/**
 * The conditions of GDPR Art. 9(2), points (a) to (j), as the EU-GDPR
 * vocabulary of DPV names them (`eu-gdpr:A9-2-a` ...): (a) explicit consent,
 * (b) employment and social security law, (c) vital interests, (d) a
 * not-for-profit body's members, (e) data manifestly made public by the
 * person, (f) legal claims, (g) substantial public interest, (h) health or
 * social care, (i) public health, (j) archiving, research and statistics.
 */
export const SPECIAL_CONDITIONS = ["A9-2-a", "A9-2-b", "A9-2-c", "A9-2-d", "A9-2-e", "A9-2-f", "A9-2-g", "A9-2-h", "A9-2-i", "A9-2-j"] as const;
/** A condition of GDPR Art. 9(2) (`A9-2-a` explicit consent ... `A9-2-j` research). */
export type SpecialCondition = (typeof SPECIAL_CONDITIONS)[number];

const conditionKeys = {} as Record<SpecialCondition, null>;
for (const c of SPECIAL_CONDITIONS) conditionKeys[c] = null;
/** Codec of {@link SpecialCondition}. */
export const SpecialCondition = t.keyof(conditionKeys, `one of ${SPECIAL_CONDITIONS.join(", ")} (GDPR Art. 9(2) as DPV names its points)`);

/** The condition that rests on the person's explicit consent, and so names one (Art. 9(2)(a)). */
export const EXPLICIT_CONSENT: SpecialCondition = "A9-2-a";

/** Declares a data category (and its dotted descendants) a special category of personal data (GDPR Art. 9(1)). */
export const SpecialCategoryDeclared = catalogEvent(
  "SpecialCategoryDeclared",
  data("SpecialCategoryDeclared data", { category: CategoryId, description: t.string }, {}),
);

/** Records a condition of GDPR Art. 9(2) for a subject: for categories, for purposes, under a reference. */
export const SpecialConditionRecorded = subjectEvent(
  "SpecialConditionRecorded",
  checked(
    data(
      "SpecialConditionRecorded data",
      {
        condition: SpecialCondition,
        categories: nonEmptyArray(CategoryId, "dotted category ids"),
        purposes: nonEmptyArray(PurposeId, "strings"),
        reference: NonEmptyString,
      },
      { consent: NonEmptyString, until: Timestamp },
    ),
    // Art. 9(2)(a) rests on the person's explicit consent, which must be named; no other point does.
    (d) =>
      d.condition === EXPLICIT_CONSENT && d.consent === undefined
        ? { key: "consent", expected: "the id of the person's explicit consent (required with A9-2-a)", actual: undefined }
        : d.condition !== EXPLICIT_CONSENT && d.consent !== undefined
          ? { key: "consent", expected: `no consent (only A9-2-a, explicit consent, names one; this is ${d.condition})`, actual: d.consent }
          : undefined,
  ),
);

/** Ends every earlier condition of Art. 9(2) of the subject with this reference. */
export const SpecialConditionEnded = subjectEvent(
  "SpecialConditionEnded",
  data("SpecialConditionEnded data", { reference: NonEmptyString }, {}),
);

/** A decoded `SpecialCategoryDeclared` event. */
export type SpecialCategoryDeclared = t.TypeOf<typeof SpecialCategoryDeclared>;
/** A decoded `SpecialConditionRecorded` event. */
export type SpecialConditionRecorded = t.TypeOf<typeof SpecialConditionRecorded>;
/** A decoded `SpecialConditionEnded` event. */
export type SpecialConditionEnded = t.TypeOf<typeof SpecialConditionEnded>;
