import * as E from "fp-ts/lib/Either.js";
import { uuidv7 } from "../_internal/ids.js";
import { parseTimestamp } from "../_internal/time.js";
import { decideUse, type Decision, type UseQuery } from "../decisions/index.js";
import type { EventOf } from "../events/index.js";
import { queryInstant, storeOf, within, type Ledger } from "../ledger/index.js";

/**
 * Checks a use with `canUse` and, only when it is allowed, returns the
 * `UseRecorded` event to append (accountability, GDPR Art. 5(2)): its actor
 * and roles, the fields, and each field's basis with the events it rests on.
 * A denied use produces no event and returns the decision.
 *
 * @example
 * ```ts
 * import { recordUse } from "lawful-crm";
 * const r = recordUse(ledger, query, { newId: () => "use-1" });
 * if (r._tag === "Right") appendToLog(r.right); else console.log(r.left.reasons);
 * ```
 */
export function recordUse(
  ledger: Ledger,
  query: UseQuery,
  options: { readonly newId?: () => string } = {},
): E.Either<Decision, EventOf<"UseRecorded">> {
  const decision = decideUse(ledger, query);
  if (!decision.allowed) return E.left(decision);
  const newId = options.newId ?? uuidv7;
  const bases = decision.fields.map((f) => ({ field: f.field, legalBasis: f.basis!.legalBasis, eventIds: [...f.basis!.eventIds] }));
  const event: EventOf<"UseRecorded"> = {
    id: newId(),
    type: "UseRecorded",
    at: decision.at,
    subject: decision.subject,
    by: query.actor.id,
    data: {
      purpose: decision.purpose,
      fields: decision.fields.map((f) => f.field),
      actor: query.actor.id,
      roles: [...query.actor.roles],
      bases,
    },
  };
  return E.right(event);
}

/** One recorded use of a subject's data. */
export interface RecordedUse {
  readonly eventId: string;
  readonly at: string;
  readonly actor: string;
  readonly roles: readonly string[];
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly bases: readonly { readonly field: string; readonly legalBasis: string; readonly eventIds: readonly string[] }[];
}

/**
 * Every recorded use of a subject's data (who, when, which fields, purpose,
 * on which basis), in time order, optionally between `from` and `to`
 * (both inclusive).
 *
 * @example
 * ```ts
 * import { usesOf } from "lawful-crm";
 * for (const u of usesOf(ledger, "c-1", { from: "2024-01-01T00:00:00Z" })) console.log(u.at, u.actor, u.purpose);
 * ```
 */
export function usesOf(ledger: Ledger, subject: string, options: { readonly from?: string; readonly to?: string } = {}): readonly RecordedUse[] {
  const store = storeOf(ledger);
  const s = store.subjects.get(subject);
  if (s === undefined) return Object.freeze([]);
  const o = options ?? {};
  // A malformed bound selects nothing rather than everything (fail closed).
  const from = o.from === undefined ? -Infinity : (parseTimestamp(o.from) ?? Infinity);
  const to = o.to === undefined ? Infinity : (parseTimestamp(o.to) ?? -Infinity);
  const out: RecordedUse[] = [];
  for (const u of s.uses) {
    if (!within(u, ledger.size, queryInstant(to)) || u.t < from) continue;
    const d = u.e.data;
    out.push(
      Object.freeze({
        eventId: u.e.id,
        at: u.e.at,
        actor: d.actor,
        roles: d.roles,
        purpose: d.purpose,
        fields: d.fields,
        bases: d.bases ?? [],
      }),
    );
  }
  return Object.freeze(out);
}
