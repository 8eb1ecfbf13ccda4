import { badString, invalidQuery, type InvalidQuery } from "../_internal/invalid.js";
import { cmp, deepFreeze } from "../_internal/values.js";
import { decodeEvent, type EventOf } from "../events/index.js";
import { factsOf, mergedIds, readAt, subjectAt, survivorAt, type FactState, type Ledger } from "../ledger/index.js";
import { mergedNote, type MergedInto } from "../profile/index.js";
import { erasedAt } from "../facts/index.js";
import { sealedFieldsOf } from "./markers.js";

/** An event that holds personal values of the subject, and which of its fields do. */
export interface HeldValue {
  readonly eventId: string;
  readonly type: string;
  readonly at: string;
  /** Among `value`, `sourceRef`, `evidence`: the fields present in it. */
  readonly fields: readonly string[];
}

/** A fact the erasure events cannot erase, and why. */
export interface NotErased {
  readonly fact: string;
  readonly field: string;
  /** Its `FactRecorded` event. */
  readonly eventId: string;
  readonly reason: string;
}

/** What a full erasure request of one subject takes (GDPR Art. 17). */
export interface SubjectErasure {
  readonly subject: string;
  readonly at: string;
  /** The `FactErased` events to append, one per field with a value at `at`, by field name. */
  readonly events: readonly EventOf<"FactErased">[];
  /** What must be forgotten once the events are appended. */
  readonly forget: {
    /** The subject whose vault key to destroy: `await vault.forget(subject)`. */
    readonly subject: string;
    /**
     * Every subject whose vault key to destroy: `subject` and each subject
     * merged into it (issue 14; values stay sealed under the key of the
     * subject they were recorded for).
     */
    readonly subjects: readonly string[];
    /**
     * Every accepted event of the subject in the ledger (whatever its `at`)
     * that holds a personal value. Sealed, they become unreadable with the key;
     * written without a vault, they must be purged from storage and backups by
     * other means.
     */
    readonly values: readonly HeldValue[];
    /** Positions of rejected items about the subject: the ledger keeps raw copies of them. */
    readonly rejected: readonly number[];
  };
  /** Facts the events do not erase (recorded after `at`, or already bound to a later erasure replay would not let them precede). */
  readonly notErased: readonly NotErased[];
  /**
   * Present when the subject asked about was merged into another by `at`
   * (issue 14): the plan is then that of its survivor, the same person.
   */
  readonly merged?: MergedInto;
}

/** Options of {@link eraseSubject}. */
export interface EraseSubjectOptions {
  /** When the erasure takes effect (business time). */
  readonly at: string;
  /** Ids for the events; by default `<subject>/erasure/<field>/<at>` (made unique against the log). */
  readonly newId?: () => string;
  /** Who records the erasure (`by` of the events). */
  readonly by?: string;
  /** The reason written in the events; by default "erasure request of the data subject (GDPR Art. 17)". */
  readonly reason?: string;
}

/**
 * A full erasure request in an immutable log: the `FactErased` events that
 * erase every value of the subject held at `at` (one per field, so older
 * facts of the field cannot come back), and what must be forgotten — the
 * subject's vault key and the events that hold the subject's personal values.
 * Decisions follow the `FactErased` events (time travel stays exact: before
 * `at` the values were held); forgetting the key makes the values unreadable
 * in the stored events, while provenance, consents, purposes and uses remain
 * for accountability. Pure: no clock, and ids are derived unless `newId` is
 * given. A malformed `at`, a `by` or `reason` that is not a string, or a
 * `newId` that does not give a valid id is answered with an `INVALID_QUERY`
 * value (`isInvalidQuery`), never an exception.
 *
 * @example
 * ```ts
 * import { createMemoryVault, eraseSubject, isInvalidQuery, replay, sealEvents } from "lawful-crm";
 * const vault = createMemoryVault();
 * const log: unknown[] = await sealEvents([{ id: "f1", type: "FactRecorded", at: "2024-01-01T00:00:00Z", subject: "anna", data: { fact: "f1",
 *   field: "email", value: "anna@example.org", category: "contact.email", source: "import", purposes: ["sales"], basis: "contract" } }], vault);
 * const plan = eraseSubject(replay(log), "anna", { at: "2024-07-01T00:00:00Z", by: "dpo" });
 * if (isInvalidQuery(plan)) throw new Error(plan.error.message);
 * const stored = await sealEvents(plan.events, vault); // FactErased holds no personal field: unchanged
 * log.push(...stored);
 * await vault.forget(plan.forget.subject);
 * console.log("erased:", plan.events.map((e) => e.data.field), "key forgotten:", plan.forget.subject); //=> erased: [ 'email' ] key forgotten: anna
 * ```
 */
export function eraseSubject(ledger: Ledger, subject: string, options: EraseSubjectOptions): SubjectErasure | InvalidQuery {
  const c = readAt(ledger, options, "eraseSubject", { by: true, reason: true, newId: true });
  if ("error" in c) return c;
  if (typeof subject !== "string") return invalidQuery(badString("eraseSubject", "subject", subject));
  // The caller's options as read once by readAt (a getter may throw, or answer differently the next time).
  options = c.options as unknown as EraseSubjectOptions;
  const wrong = (["by", "reason"] as const).find((k) => options[k] !== undefined && typeof options[k] !== "string");
  if (wrong !== undefined) return invalidQuery(`eraseSubject(): options.${wrong} must be a string.`);
  if (options.newId !== undefined && typeof options.newId !== "function") return invalidQuery("eraseSubject(): options.newId must be a function returning a new id.");
  const { store, size, i } = c;
  // issue 14: a subject merged away is the same person as its survivor: the request is the survivor's. A survivor is
  // erased with every subject merged into it, whatever the merges' instants (its field erasures reach their facts).
  const merged = mergedNote(ledger, subject, c.t);
  const asked = subject;
  subject = survivorAt(store, size, subject, c.t);
  const members = mergedIds(store, size, subject);
  const s = members.length === 1 ? store.subjects.get(subject) : subjectAt(store, size, subject, Infinity);
  const events: EventOf<"FactErased">[] = [];
  const notErased: NotErased[] = [];
  const values: HeldValue[] = [];
  const used = new Set<string>();
  const idFor = (field: string): string => {
    if (options.newId !== undefined) return options.newId();
    const base = `${subject}/erasure/${field}/${c.at}`;
    // An id is taken when an item of this snapshot carries it (the store may hold newer items).
    const taken = (x: string) => {
      const pos = store.ids.find(x);
      return pos !== -1 && pos < size;
    };
    let id = base;
    for (let n = 2; taken(id) || used.has(id); n++) id = `${base}#${n}`;
    used.add(id);
    return id;
  };
  if (s !== undefined) {
    for (const field of [...s.factsByField.keys()].sort(cmp)) {
      const facts = factsOf(s, field).filter((f) => f.rec.pos < size);
      const pending: FactState[] = [];
      for (const f of facts) {
        if (f.rec.t > c.t) {
          notErased.push({ fact: f.rec.e.data.fact, field, eventId: f.rec.e.id, reason: `recorded for ${f.rec.e.at}, after the erasure's instant: erase it at that instant or later` });
        } else if (erasedAt(f, size, i) === undefined) pending.push(f);
      }
      if (pending.length === 0) continue;
      // Replay accepts an erasure of a field only if the field has a fact with no erasure at all in the log.
      const acceptable = facts.some((f) => f.erasures.every((x) => x.pos >= size));
      if (!acceptable) {
        for (const f of pending) {
          const later = f.erasures.find((x) => x.pos < size)!;
          notErased.push({ fact: f.rec.e.data.fact, field, eventId: f.rec.e.id, reason: `already erased by event ${later.e.id} dated ${later.e.at}, after the erasure's instant; replay would reject another erasure of it` });
        }
        continue;
      }
      const ev: Record<string, unknown> = { id: idFor(field), type: "FactErased", at: c.at, subject };
      if (options.by !== undefined) ev["by"] = options.by;
      ev["data"] = { field, reason: options.reason ?? "erasure request of the data subject (GDPR Art. 17)" };
      const decoded = decodeEvent(ev);
      if (decoded._tag === "Left") return invalidQuery(`eraseSubject(): the erasure event would not decode: ${decoded.left.message}`);
      events.push(decoded.right as EventOf<"FactErased">);
    }
    for (const e of s.events) {
      if (e.pos >= size) continue;
      const fields = sealedFieldsOf(e.e.type).filter((f) => (e.e.data as Record<string, unknown>)[f] !== undefined);
      if (fields.length > 0) values.push({ eventId: e.e.id, type: e.e.type, at: e.e.at, fields });
    }
  }
  const rejected = store.rejects.filter((r) => r.position < size && r.subject !== undefined && members.includes(r.subject)).map((r) => r.position);
  const plan = { subject: asked, at: c.at, events, forget: { subject, subjects: members, values, rejected }, notErased };
  return deepFreeze(merged === undefined ? plan : { ...plan, merged });
}
