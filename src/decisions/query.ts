/** Reading a lawful-use query: what a malformed one is denied with (fail closed). */
import { isDottedId } from "../_internal/dotted.js";
import { guarded, type Read } from "../_internal/guard.js";
import { readProps } from "../_internal/read.js";
import { parseTimestamp } from "../_internal/time.js";
import { denyAll, distinct, q, reason } from "./reason.js";
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

/**
 * Reads a caller's query once, under guard (a getter or Proxy trap may
 * throw): a plain copy of its members, or a sentence saying what could not
 * be read. Check and answer the copy, never the caller's object.
 */
export function readQuery(query: unknown): Read<unknown> {
  if (typeof query !== "object" || query === null) return { ok: true, value: query };
  return readProps(query, { subject: true, purpose: true, fields: true, actor: { id: true, roles: true }, at: true }, "query");
}

/** {@link checkQuery} of a query read by {@link readQuery}, guarded against a caller's object the copy kept as it is. */
export function checkRead(read: unknown): CheckedQuery | string {
  const r = guarded(() => checkQuery(read), "query");
  return r.ok ? r.value : `${r.message}.`;
}

/** Validates a query read by {@link readQuery}; a sentence naming what is wrong when it is malformed. */
export function checkQuery(query: unknown): CheckedQuery | string {
  if (typeof query !== "object" || query === null) return "the query must be an object { subject, purpose, fields, actor, at }.";
  const o = query as Record<string, unknown>;
  const subject = o["subject"];
  if (typeof subject !== "string" || subject === "") return "subject must be a non-empty string.";
  const purpose = o["purpose"];
  if (!isDottedId(purpose)) return `purpose must be a dotted purpose id like marketing.email, got ${typeof purpose === "string" ? q(purpose) : typeof purpose}.`;
  const fields = o["fields"];
  if (!Array.isArray(fields) || fields.length === 0) return "fields must be a non-empty array of field names.";
  if (!fields.every((f) => typeof f === "string" && f !== "")) return "every field must be a non-empty string.";
  const actor = o["actor"];
  if (typeof actor !== "object" || actor === null) return "actor must be an object { id, roles }.";
  const a = actor as Record<string, unknown>;
  if (typeof a["id"] !== "string" || a["id"] === "") return "actor.id must be a non-empty string.";
  const roles = a["roles"];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === "string")) return "actor.roles must be an array of role names.";
  const at = o["at"];
  const t = parseTimestamp(at);
  if (t === undefined) return `at must be an ISO 8601 UTC timestamp like 2024-03-01T09:30:00Z, got ${typeof at === "string" ? q(at) : typeof at}.`;
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

/** The INVALID_QUERY decision for a malformed `query`: it keeps what it can read of the query's head and fields. */
export function invalidDecision(query: unknown, why: string): Decision {
  const o = typeof query === "object" && query !== null ? (query as Record<string, unknown>) : {};
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : "");
  const fields = Array.isArray(o["fields"]) ? (o["fields"] as unknown[]).filter((f): f is string => typeof f === "string") : [];
  return denyAll({ subject: str("subject"), purpose: str("purpose"), at: str("at") }, [...new Set(fields)], reason("INVALID_QUERY", `The query is malformed: ${why}`, []));
}
