/**
 * A realistic channel history (issue 4), written as data with the builders of
 * test/decisions/helpers.ts, shared by the channel tests.
 *
 * Catalog at T0: purposes marketing (consent, direct marketing),
 * marketing.email (consent), sales (contract, legitimate-interests); notice
 * privacy v1; sources crm (manual), linkedin and xing (social-network),
 * facebook-app (social-app, import needs consent for marketing); policies
 * marketer (marketing × contact) and sales (sales × contact, professional).
 *
 * Two sales employees link accounts on LINKED:
 * - anna: acc-anna-xing (xing, erase), acc-anna-li (linkedin, keep-company-contacts)
 * - ben:  acc-ben-xing (xing, erase), acc-ben-li (linkedin, keep-company-contacts)
 * anna departs on DEP; ben stays.
 */
import { basis, consent, declare, departed, fact, grantPolicy, link, notice, source, withdraw, T0, type Ev } from "../decisions/helpers.js";

export const LINKED = "2024-01-10T00:00:00Z";
export const ARRIVE = "2024-02-01T00:00:00Z";
export const ARRIVE2 = "2024-02-15T00:00:00Z";
/** Queries before the departure. */
export const BEFORE = "2024-03-01T00:00:00Z";
/** The consent behind c-fb-gone's import is withdrawn. */
export const WITHDRAWN = "2024-03-15T00:00:00Z";
/** anna leaves. */
export const DEP = "2024-04-01T00:00:00Z";
/** Queries after the departure. */
export const AFTER = "2024-05-01T00:00:00Z";

export const catalog = (): Ev[] => [
  declare("p-mkt", T0, "marketing", ["consent"], { directMarketing: true }),
  declare("p-email", T0, "marketing.email", ["consent"]),
  declare("p-sales", T0, "sales", ["contract", "legitimate-interests"]),
  notice("n-1", T0, "privacy", "1", ["marketing", "sales"]),
  source("src-crm", T0, "crm", "manual"),
  source("src-li", T0, "linkedin", "social-network"),
  source("src-xing", T0, "xing", "social-network"),
  source("src-fb", T0, "facebook-app", "social-app", { importConsentPurpose: "marketing" }),
  grantPolicy("pol-mkt", T0, "marketing-team", "marketer", ["marketing"], ["contact"]),
  grantPolicy("pol-sales", T0, "sales-team", "sales", ["sales"], ["contact", "professional"]),
  link("l-anna-xing", LINKED, "acc-anna-xing", "anna", "xing", "erase"),
  link("l-anna-li", LINKED, "acc-anna-li", "anna", "linkedin", "keep-company-contacts"),
  link("l-ben-xing", LINKED, "acc-ben-xing", "ben", "xing", "erase"),
  link("l-ben-li", LINKED, "acc-ben-li", "ben", "linkedin", "keep-company-contacts"),
];

/** A sales contact through a social account: e-mail for sales on legitimate interests, with its LIA recorded. */
const social = (subject: string, src: string, account: string, companyContact?: boolean): Ev[] => [
  fact(`r-${subject}`, ARRIVE, {
    subject,
    fact: `f-${subject}`,
    source: src,
    account,
    purposes: ["sales"],
    basis: "legitimate-interests",
    ...(companyContact === undefined ? {} : { companyContact }),
  }),
  basis(`b-${subject}`, ARRIVE, "legitimate-interests", ["sales"], `LIA-${subject}`, undefined, subject),
];

export const contacts = (): Ev[] => [
  // Through anna's XING (erase).
  ...social("c-anna-xing", "xing", "acc-anna-xing"),
  // Through anna's LinkedIn (keep-company-contacts): one company contact, one not.
  ...social("c-anna-li-co", "linkedin", "acc-anna-li", true),
  ...social("c-anna-li", "linkedin", "acc-anna-li", false),
  // Through ben's accounts (ben stays).
  ...social("c-ben-xing", "xing", "acc-ben-xing"),
  ...social("c-ben-li", "linkedin", "acc-ben-li"),
  // A contact with an e-mail through anna's XING and a phone typed into the CRM.
  ...social("c-mixed", "xing", "acc-anna-xing"),
  fact("r-c-mixed-phone", ARRIVE, { subject: "c-mixed", fact: "f-c-mixed-phone", field: "phone", value: "+49 30 1234", category: "contact.phone", source: "crm", purposes: ["sales"], basis: "legitimate-interests" }),
  // Facebook app: consent for marketing given before the import.
  consent("k-fb-ok", ARRIVE, { subject: "c-fb-ok", consent: "k-fb-ok", purposes: ["marketing"] }),
  fact("r-c-fb-ok", ARRIVE2, { subject: "c-fb-ok", fact: "f-c-fb-ok", source: "facebook-app", purposes: ["marketing"], basis: "consent" }),
  // Facebook app: imported without consent; consent given only afterwards.
  fact("r-c-fb-none", ARRIVE, { subject: "c-fb-none", fact: "f-c-fb-none", source: "facebook-app", purposes: ["marketing"], basis: "consent" }),
  consent("k-fb-late", ARRIVE2, { subject: "c-fb-none", consent: "k-fb-late", purposes: ["marketing"] }),
  // Facebook app: imported with consent, which is withdrawn later.
  consent("k-fb-gone", ARRIVE, { subject: "c-fb-gone", consent: "k-fb-gone", purposes: ["marketing"] }),
  fact("r-c-fb-gone", ARRIVE2, { subject: "c-fb-gone", fact: "f-c-fb-gone", source: "facebook-app", purposes: ["marketing"], basis: "consent" }),
  withdraw("w-fb-gone", WITHDRAWN, { consent: "k-fb-gone" }, "c-fb-gone"),
];

export const departure = (): Ev[] => [departed("dep-anna", DEP, "anna")];

/** The whole history, in log order. */
export const history = (): Ev[] => [...catalog(), ...contacts(), ...departure()];
