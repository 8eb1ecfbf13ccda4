import * as E from "fp-ts/lib/Either.js";
import { uuidv7 } from "../_internal/ids.js";
import { readProps } from "../_internal/read.js";
import { parseTimestamp } from "../_internal/time.js";
import { badAt, badOptions, badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { decideUseIn, type Decision, type DecisionOptions, type UseQuery } from "../decisions/index.js";
import type { EventOf } from "../events/index.js";
import { queryInstant, storeOf, within, type Ledger, type SubjectState } from "../ledger/index.js";

/**
 * Checks a use with `canUse` and, only when it is allowed, returns the
 * `UseRecorded` event to append (accountability, GDPR Art. 5(2)): its actor
 * and roles, the fields, and each field's basis with the events it rests on.
 * A denied use produces no event and returns the decision, its reasons in
 * the language of `options.locale` (English by default).
 *
 * @example
 * ```ts
 * import { recordUse, replay } from "lawful-crm";
 * const at = "2024-03-01T00:00:00Z";
 * const ledger = replay([
 *   { id: "p1", type: "PurposeDeclared", at, data: { purpose: "sales", description: "Orders", legalBases: ["contract"] } },
 *   { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
 *   { id: "g1", type: "AccessPolicyGranted", at, data: { policy: "p1", role: "sales", purposes: ["sales"], categories: ["contact"] } },
 *   { id: "f1", type: "FactRecorded", at, subject: "c-1", data: { fact: "f1", field: "email", value: "c1@example.org",
 *     category: "contact.email", source: "web-form", purposes: ["sales"], basis: "contract" } },
 *   { id: "b1", type: "LegalBasisRecorded", at, subject: "c-1", data: { basis: "contract", purposes: ["sales"], reference: "order-42" } },
 * ]);
 * const query = { subject: "c-1", purpose: "sales", fields: ["email"], actor: { id: "u-1", roles: ["sales"] }, at: "2024-03-02T00:00:00Z" };
 * const r = recordUse(ledger, query, { newId: () => "use-1" });
 * if (r._tag === "Right") console.log("append:", r.right.type, r.right.data.bases); //=> append: UseRecorded [ { field: 'email', legalBasis: 'contract', eventIds: [ 'b1' ] } ]
 * else console.log("denied:", r.left.reasons.map((x) => x.code));
 * // A use of a field never recorded is denied, with its reason in German:
 * const phone = recordUse(ledger, { ...query, fields: ["phone"] }, { locale: "de" });
 * if (phone._tag === "Left") console.log(phone.left.reasons[0]?.message); //=> Für „phone“ ist bis 2024-03-02T00:00:00Z kein Wert zu dieser Person erfasst.
 * ```
 */
export function recordUse(
  ledger: Ledger,
  query: UseQuery,
  options: { readonly newId?: () => string } & DecisionOptions = {},
): E.Either<Decision, EventOf<"UseRecorded">> {
  // The options and the query are each read once, under guard: what throws when read is INVALID_QUERY.
  const { decision, checked, options: read } = decideUseIn(ledger, query, options, "recordUse()", { newId: true });
  if (!decision.allowed || checked === undefined) return E.left(decision);
  const newId = (read["newId"] as (() => string) | undefined) ?? uuidv7;
  const bases = decision.fields.map((f) => ({ field: f.field, legalBasis: f.basis!.legalBasis, eventIds: [...f.basis!.eventIds] }));
  const event: EventOf<"UseRecorded"> = {
    id: newId(),
    type: "UseRecorded",
    at: decision.at,
    subject: decision.subject,
    by: checked.actorId,
    data: {
      purpose: decision.purpose,
      fields: decision.fields.map((f) => f.field),
      actor: checked.actorId,
      roles: [...checked.roles],
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

/** The recorded uses of `s` in a snapshot of `size` items with `at` between `from` and `to` (epoch ms, inclusive), in time order. */
export function recordedUses(s: SubjectState | undefined, size: number, from: number, to: number): RecordedUse[] {
  const out: RecordedUse[] = [];
  if (s === undefined) return out;
  const until = queryInstant(to);
  for (const u of s.uses) {
    if (!within(u, size, until) || u.t < from) continue;
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
  return out;
}

/** A bound of `usesOf` as epoch ms: `unset` when absent, an {@link InvalidQuery} when malformed. */
function bound(options: Record<string, unknown>, key: "from" | "to", unset: number): number | InvalidQuery {
  const v = options[key];
  if (v === undefined) return unset;
  return parseTimestamp(v) ?? invalidQuery(badAt("usesOf", `options.${key}`, v));
}

/**
 * Every recorded use of a subject's data (who, when, which fields, purpose,
 * on which basis), in time order, optionally between `from` and `to`
 * (both inclusive). A malformed bound, options that are not an object, or a
 * subject that is not a string is answered with an `INVALID_QUERY` value
 * (`isInvalidQuery`), never with an empty list that reads as "never used".
 *
 * @example
 * ```ts
 * import { isInvalidQuery, replay, usesOf } from "lawful-crm";
 * const ledger = replay([
 *   { id: "u1", type: "UseRecorded", at: "2024-03-02T00:00:00Z", subject: "c-1", data: { actor: "u-1", roles: ["sales"], purpose: "sales",
 *     fields: ["email"], bases: [{ field: "email", legalBasis: "contract", eventIds: ["b1"] }] } },
 * ]);
 * const uses = usesOf(ledger, "c-1", { from: "2024-01-01T00:00:00Z" });
 * if (!isInvalidQuery(uses)) for (const u of uses) console.log(u.at, u.actor, u.purpose); //=> 2024-03-02T00:00:00Z u-1 sales
 * ```
 */
export function usesOf(ledger: Ledger, subject: string, options: { readonly from?: string; readonly to?: string } = {}): readonly RecordedUse[] | InvalidQuery {
  const given: unknown = options ?? {};
  if (typeof given !== "object") return invalidQuery(badOptions("usesOf", "{ from?, to? }", given));
  // Read once, under guard (a getter or Proxy trap may throw).
  const read = readProps(given, { from: true, to: true }, "usesOf(): options");
  if (!read.ok) return invalidQuery(`${read.message}.`);
  const o = read.value;
  const from = bound(o as Record<string, unknown>, "from", -Infinity);
  if (typeof from !== "number") return from;
  const to = bound(o as Record<string, unknown>, "to", Infinity);
  if (typeof to !== "number") return to;
  if (typeof subject !== "string") return invalidQuery(badString("usesOf", "subject", subject));
  return Object.freeze(recordedUses(storeOf(ledger).subjects.get(subject), ledger.size, from, to));
}
