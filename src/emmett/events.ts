/**
 * Wire-format events as Emmett events and back.
 */
import type { Event } from "@event-driven-io/emmett";
import type { EventType, LedgerEvent } from "../index.js";

/** Where a wire-format event's envelope goes in an Emmett event. */
export type LawfulCrmEventMetadata = {
  readonly id: string;
  readonly at: string;
  /** Present on subject events only. */
  readonly subject?: string;
  readonly by?: string;
  readonly v?: 1;
};

/** A lawful-crm event as an Emmett event: the wire format's `type` and `data`, the envelope in `metadata`. */
export type LawfulCrmEmmettEvent = Event<EventType, Record<string, unknown>, LawfulCrmEventMetadata>;

/** Any Emmett event as a store returns it (its metadata may carry the store's own keys too). */
export interface EmmettEventLike {
  readonly type: string;
  readonly data: unknown;
  readonly metadata?: unknown;
}

/**
 * A wire-format event as an Emmett event: `type` and `data` as they are, the
 * envelope (`id`, `at`, `subject`, `by`, `v`) in `metadata`.
 *
 * @example
 * ```ts
 * import { toEmmettEvent } from "lawful-crm/emmett";
 * const e = toEmmettEvent({ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } });
 * console.log(e); //=> { type: 'SourceRetired', data: { source: 'xing' }, metadata: { id: 'e1', at: '2024-01-01T00:00:00Z' } }
 * ```
 */
export function toEmmettEvent(event: LedgerEvent): LawfulCrmEmmettEvent {
  const e = event as LedgerEvent & { readonly subject?: string; readonly by?: string; readonly v?: 1 };
  const metadata: { id: string; at: string; subject?: string; by?: string; v?: 1 } = { id: e.id, at: e.at };
  if (e.subject !== undefined) metadata.subject = e.subject;
  if (e.by !== undefined) metadata.by = e.by;
  if (e.v !== undefined) metadata.v = e.v;
  return { type: e.type, data: e.data as Record<string, unknown>, metadata };
}

/**
 * An Emmett event (as appended, or as read back with the store's metadata)
 * as the raw wire-format event `{ id, type, at, subject?, by?, v?, data }`.
 * It is not validated here: `replay` / `apply` decode it and keep it as
 * rejected if it is not a valid event, so this never throws.
 *
 * @example
 * ```ts
 * import { getInMemoryEventStore } from "@event-driven-io/emmett";
 * import { replay } from "lawful-crm";
 * import { CATALOG_STREAM, fromEmmettEvent, toEmmettEvent } from "lawful-crm/emmett";
 * const eventStore = getInMemoryEventStore();
 * await eventStore.appendToStream(CATALOG_STREAM, [toEmmettEvent({ id: "e1", type: "SourceRetired", at: "2024-01-01T00:00:00Z", data: { source: "xing" } })]);
 * const { events } = await eventStore.readStream(CATALOG_STREAM);
 * const ledger = replay(events.map(fromEmmettEvent));
 * console.log("accepted:", ledger.accepted); //=> accepted: 1
 * ```
 */
export function fromEmmettEvent(event: EmmettEventLike): Record<string, unknown> {
  const m = typeof event.metadata === "object" && event.metadata !== null ? (event.metadata as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  if (m["id"] !== undefined) out["id"] = m["id"];
  out["type"] = event.type;
  if (m["at"] !== undefined) out["at"] = m["at"];
  if (m["subject"] !== undefined) out["subject"] = m["subject"];
  if (m["by"] !== undefined) out["by"] = m["by"];
  if (m["v"] !== undefined) out["v"] = m["v"];
  out["data"] = event.data;
  return out;
}

