/** The catalog's state in the store: its events by key, each list in (at, position) order. */
import type { EventOf, LedgerEvent } from "../events/index.js";
import { append, isLate, NONE, sortByTime, TimeListMap } from "./lists.js";
import type { CatalogState, Entry, RejectRecord } from "./types.js";

/** The catalog's indexes. */
export class Catalog implements CatalogState {
  readonly purposes = new TimeListMap<string, Entry<EventOf<"PurposeDeclared"> | EventOf<"PurposeRetired">>>();
  readonly compat = new TimeListMap<string, Entry<EventOf<"PurposeCompatibilityAssessed">>>();
  readonly notices = new TimeListMap<string, Entry<EventOf<"NoticePublished">>>();
  readonly sources = new TimeListMap<string, Entry<EventOf<"SourceRegistered"> | EventOf<"SourceRetired">>>();
  readonly policies = new TimeListMap<string, Entry<EventOf<"AccessPolicyGranted"> | EventOf<"AccessPolicyRevoked">>>();
  readonly accounts = new TimeListMap<string, Entry<EventOf<"AccountLinked">>>();
  readonly departures = new TimeListMap<string, Entry<EventOf<"EmployeeDeparted">>>();
  readonly voids: Entry<EventOf<"EventVoided">>[] = [];
  private sp: Entry<EventOf<"SpecialCategoryDeclared">>[] = NONE;
  private spLate = false;
  private evs: Entry<LedgerEvent>[] = NONE;
  private late = false;
  readonly rejects: RejectRecord[] = [];
  /** Accepted catalog events (voids included): a version number for what is compiled from the catalog. */
  version = 0;
  /** The highest log position of an accepted catalog event (-1 when none). */
  lastPos = -1;

  get events(): readonly Entry<LedgerEvent>[] {
    if (this.late) {
      sortByTime(this.evs);
      this.late = false;
    }
    return this.evs;
  }

  /** Every `SpecialCategoryDeclared` (GDPR Art. 9(1)), in (at, position) order: empty for most catalogs, so decisions skip the special-category check. */
  get specials(): readonly Entry<EventOf<"SpecialCategoryDeclared">>[] {
    if (this.spLate) {
      sortByTime(this.sp);
      this.spLate = false;
    }
    return this.sp;
  }

  /** Files an accepted catalog event under its key (purpose, source, policy...). */
  add(entry: Entry): void {
    const c = this;
    const e = entry.e;
    switch (e.type) {
      case "PurposeDeclared":
      case "PurposeRetired":
        c.purposes.add(e.data.purpose, entry as never);
        break;
      case "PurposeCompatibilityAssessed":
        c.compat.add(`${e.data.from}\u0000${e.data.to}`, entry as never);
        break;
      case "NoticePublished":
        c.notices.add(`${e.data.notice}\u0000${e.data.version}`, entry as never);
        break;
      case "SourceRegistered":
      case "SourceRetired":
        c.sources.add(e.data.source, entry as never);
        break;
      case "AccessPolicyGranted":
      case "AccessPolicyRevoked":
        c.policies.add(e.data.policy, entry as never);
        break;
      case "AccountLinked":
        c.accounts.add(e.data.account, entry as never);
        break;
      case "EmployeeDeparted":
        c.departures.add(e.data.employee, entry as never);
        break;
      case "SpecialCategoryDeclared": {
        const x = entry as Entry<EventOf<"SpecialCategoryDeclared">>;
        if (isLate(c.sp, x)) c.spLate = true;
        c.sp = append(c.sp, x);
        break;
      }
      default:
        break;
    }
    c.addEvent(entry);
  }

  addEvent(x: Entry<LedgerEvent>): void {
    if (isLate(this.evs, x)) this.late = true;
    this.evs = append(this.evs, x);
    this.version++;
    if (x.pos > this.lastPos) this.lastPos = x.pos;
  }
}

