/**
 * Data that came through an employee's linked account (a social network
 * login, a mailbox): judged against the link in force at its recording, and
 * after the employee leaves, against the agreement made for that account.
 */
import type { DepartureAgreement, EventOf } from "../events/index.js";
import { earliest, latest, type Entry, type FactState, type Instant, type View } from "../ledger/index.js";

type Link = Entry<EventOf<"AccountLinked">>;

/** The account link in force at `i`, if any. */
export function accountLink(v: View, account: string, i: Instant): Link | undefined {
  return latest(v.cat.accounts.get(account), v.size, i);
}

/** True when `account` is linked for `source` at `i`: otherwise data naming it cannot be traced to its origin. */
export function accountLinkedFor(v: View, account: string, source: string, i: Instant): boolean {
  const link = accountLink(v, account, i);
  return link !== undefined && link.e.data.source === source;
}

/** The first departure of an employee by `i`, if any. */
export function departureOf(v: View, employee: string, i: Instant): Entry<EventOf<"EmployeeDeparted">> | undefined {
  return earliest(v.cat.departures.get(employee), v.size, i);
}

/** The link of the account a fact came through, as in force at its recording (the agreement that binds it). */
export function linkAtRecording(v: View, f: FactState): Link | undefined {
  const account = f.rec.e.data.account;
  return account === undefined ? undefined : accountLink(v, account, f.rec);
}

/**
 * True when, once the employee has left, `agreement` removes a contact:
 * `erase` removes all, `keep-company-contacts` all but those marked as
 * company contacts, `keep` none.
 */
export function departureRemoves(agreement: DepartureAgreement, companyContact: boolean): boolean {
  return agreement === "erase" || (agreement === "keep-company-contacts" && !companyContact);
}

/** Why a fact became unusable when the employee whose account it came through left. */
interface OwnerDeparture {
  readonly link: Link;
  readonly departure: Entry<EventOf<"EmployeeDeparted">>;
  readonly agreement: DepartureAgreement;
}

/** The departure by `i` that makes fact `f` unusable under its account's agreement, if any. */
export function ownerDeparture(v: View, f: FactState, i: Instant): OwnerDeparture | undefined {
  const link = linkAtRecording(v, f);
  if (link === undefined) return undefined;
  const departure = departureOf(v, link.e.data.employee, i);
  const agreement = link.e.data.onDeparture;
  if (departure === undefined || !departureRemoves(agreement, f.rec.e.data.companyContact === true)) return undefined;
  return { link, departure, agreement };
}
