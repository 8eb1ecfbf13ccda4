/** Reading a lawful-use query: what a malformed one is denied with (fail closed). */
import { isDottedId } from "../_internal/dotted.js";
import { guarded, type Read } from "../_internal/guard.js";
import { readProps } from "../_internal/read.js";
import { parseTimestamp } from "../_internal/time.js";
import { englishQueryProblem, type QueryProblem } from "../locale/index.js";
import { denyAll, distinct, q, reason } from "./reason.js";
import { say, unreadableProblem } from "./say.js";
import type { Decision } from "./types.js";

/** A checked query: the raw query after validation. */
export interface CheckedQuery {
  readonly subject: string;
  readonly purpose: string;
  readonly fields: string[];
  readonly actorId: string;
  readonly roles: readonly string[];
  readonly at: string;
  readonly t: number;
}

/** A value of a malformed query, for a sentence: quoted as JSON when a string, else its type. */
const got = (x: unknown): string => (typeof x === "string" ? q(x) : typeof x);

/**
 * Reads a caller's query once, under guard (a getter or Proxy trap may
 * throw): a plain copy of its members, or what could not be read. Check and
 * answer the copy, never the caller's object.
 */
export function readQuery(query: unknown): Read<unknown> {
  if (typeof query !== "object" || query === null) return { ok: true, value: query };
  return readProps(query, { subject: true, purpose: true, fields: true, actor: { id: true, roles: true }, at: true }, "query");
}

/** {@link checkQuery} of a query read by {@link readQuery}, guarded against a caller's object the copy kept as it is. */
export function checkRead(read: unknown): CheckedQuery | QueryProblem {
  const r = guarded(() => checkQuery(read), "query");
  return r.ok ? r.value : unreadableProblem(r);
}

/** Validates a query read by {@link readQuery}; what is wrong when it is malformed (`QueryProblem`, put in words by the catalogue). */
export function checkQuery(query: unknown): CheckedQuery | QueryProblem {
  if (typeof query !== "object" || query === null) return { kind: "not-object" };
  const o = query as Record<string, unknown>;
  const subject = o["subject"];
  if (typeof subject !== "string" || subject === "") return { kind: "subject" };
  const purpose = o["purpose"];
  if (!isDottedId(purpose)) return { kind: "purpose", got: got(purpose) };
  const fields = o["fields"];
  if (!Array.isArray(fields) || fields.length === 0) return { kind: "fields" };
  if (!fields.every((f) => typeof f === "string" && f !== "")) return { kind: "field" };
  const actor = o["actor"];
  if (typeof actor !== "object" || actor === null) return { kind: "actor" };
  const a = actor as Record<string, unknown>;
  if (typeof a["id"] !== "string" || a["id"] === "") return { kind: "actor-id" };
  const roles = a["roles"];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) return { kind: "actor-roles" };
  const at = o["at"];
  const t = parseTimestamp(at);
  if (t === undefined) return { kind: "at", got: got(at) };
  return {
    subject,
    purpose,
    fields: distinct(fields as string[]),
    actorId: a["id"] as string,
    roles: [...(roles as string[])],
    at: at as string,
    t,
  };
}

/** True when `checkQuery` found the query malformed. */
export function isQueryProblem(x: CheckedQuery | QueryProblem): x is QueryProblem {
  return "kind" in x;
}

/** What is wrong with a query, in English (for `InvalidQuery` values, which are for programmers). */
export function queryProblemText(problem: QueryProblem): string {
  return englishQueryProblem(problem);
}

/** The INVALID_QUERY decision for a malformed `query`: it keeps what it can read of the query's head and fields. */
export function invalidDecision(query: unknown, problem: QueryProblem): Decision {
  const o = typeof query === "object" && query !== null ? (query as Record<string, unknown>) : {};
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");
  const fields = Array.isArray(o["fields"]) ? (o["fields"] as unknown[]).filter((f): f is string => typeof f === "string") : [];
  return denyAll({ subject: str("subject"), purpose: str("purpose"), at: str("at") }, [...new Set(fields)], reason("INVALID_QUERY", say().INVALID_QUERY({ problem }), []));
}
