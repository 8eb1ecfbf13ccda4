/**
 * ACCESS_DENIED (GDPR Art. 5(1)(f), 25, 32): the actor's roles need a policy
 * in force granting the purpose and each requested value's category.
 */
import { grantsCategory, policiesFor } from "../access/index.js";
import type { FieldState } from "../facts/index.js";
import type { EventOf } from "../events/index.js";
import type { Entry, Instant, View } from "../ledger/index.js";
import type { CheckedQuery } from "./query.js";
import { reason } from "./reason.js";
import { say } from "./say.js";
import type { Reason } from "./types.js";

/** The access judgement of a use: a subject-level denial when no requested value is covered, else the uncovered fields. */
interface AccessJudgement {
  readonly denied: Reason | undefined;
  readonly uncovered: ReadonlySet<string>;
}

/** Judges access for the requested fields in their states `states` at `i`. */
export function judgeAccess(v: View, cq: CheckedQuery, states: readonly { field: string; fs: FieldState }[], i: Instant): AccessJudgement {
  const u = cq.purpose;
  const withValue = states.filter((x) => x.fs.current !== undefined);
  if (withValue.length === 0) return ALL_COVERED;
  const policies = policiesFor(v, cq.roles, u, i);
  let uncovered: Set<string> | undefined;
  for (const x of withValue) if (!coversCategory(policies, x.fs.current!.rec.e.data.category)) (uncovered ??= new Set()).add(x.field);
  if (uncovered === undefined) return ALL_COVERED;
  if (uncovered.size !== withValue.length) return { denied: undefined, uncovered };
  // No requested value is covered: one subject-level reason instead of one per field.
  const denied = reason(
    "ACCESS_DENIED",
    say().ACCESS_DENIED({ actor: cq.actorId, purpose: u, roles: cq.roles }),
    withValue.map((x) => x.fs.current!.rec.e.id),
  );
  return { denied, uncovered: NONE };
}

/** Nothing uncovered: shared, never changed. */
const NONE: ReadonlySet<string> = new Set<string>();
const ALL_COVERED: AccessJudgement = { denied: undefined, uncovered: NONE };

/** True when one of `policies` grants `category`. */
function coversCategory(policies: readonly Entry<EventOf<"AccessPolicyGranted">>[], category: string): boolean {
  for (const p of policies) if (grantsCategory(p, category)) return true;
  return false;
}

/** ACCESS_DENIED for one field whose value's category no policy of the actor covers. */
export function fieldAccessReason(cq: CheckedQuery, field: string, fs: FieldState): Reason {
  return reason(
    "ACCESS_DENIED",
    say().ACCESS_DENIED({ actor: cq.actorId, purpose: cq.purpose, field, category: fs.current!.rec.e.data.category }),
    [fs.current!.rec.e.id],
    field,
  );
}
