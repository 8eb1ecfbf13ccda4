/** Informed consent (GDPR Art. 4(11), 7(2)): the notice the person saw must describe the purpose. */
import { covers } from "../_internal/dotted.js";
import type { EventOf } from "../events/index.js";
import { latest, type ConsentState, type Entry, type View } from "../ledger/index.js";
import { declaredBy } from "../purposes/index.js";

/** The publication of the notice version consent `c` was given on, published at or before the consent, if any. */
export function noticeOf(v: View, c: ConsentState): Entry<EventOf<"NoticePublished">> | undefined {
  const d = c.grant.e.data;
  return latest(v.cat.notices.get(`${d.notice}\u0000${d.noticeVersion}`), v.size, c.grant);
}

/**
 * Whether consent `c` was informed for `u`: its notice version was published
 * at or before it and describes `u` (by name, or by an ancestor when `u` was
 * already declared at the publication).
 */
export function informedBy(
  v: View,
  c: ConsentState,
  u: string,
): { ok: true; eventIds: string[] } | { ok: false; eventIds: string[]; detail: string; published: boolean } {
  const d = c.grant.e.data;
  const pub = noticeOf(v, c);
  if (pub === undefined) {
    return { ok: false, eventIds: [], detail: `was given on notice ${d.notice} version ${d.noticeVersion}, which had not been published by then`, published: false };
  }
  const ps = pub.e.data.purposes;
  if (ps.includes(u)) return { ok: true, eventIds: [pub.e.id] };
  const declared = declaredBy(v, u, pub);
  if (declared && ps.some((p) => covers(p, u))) return { ok: true, eventIds: [pub.e.id] };
  return {
    ok: false,
    eventIds: [pub.e.id],
    detail: `was given on notice ${d.notice} version ${d.noticeVersion}, which does not describe the purpose ${u}`,
    published: true,
  };
}

/** True when consent `c` was informed for `u` (what {@link informedBy} says, without its sentence). */
export function isInformed(v: View, c: ConsentState, u: string): boolean {
  const pub = noticeOf(v, c);
  if (pub === undefined) return false;
  const ps = pub.e.data.purposes;
  return ps.includes(u) || (declaredBy(v, u, pub) && ps.some((p) => covers(p, u)));
}
