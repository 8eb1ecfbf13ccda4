/**
 * Merges over Emmett streams (issue 14): the merge goes to the survivor's
 * stream (with a copy in the stream of `from`, which replay skips as an exact
 * duplicate); the handler and readLedger read, for a subject, the streams of
 * every subject merged into it, following chains; a command about a subject
 * merged away is refused; eraseSubject of a survivor reaches every subject
 * merged into it. With the handler's cache and without.
 */
import { getInMemoryEventStore } from "@event-driven-io/emmett";
import { describe, expect, test } from "vitest";
import { canUse, eraseSubject, isInvalidQuery, mergedSubjects } from "../../src/index.js";
import { LawfulCrmCommandHandler, readLedger, subjectStream, type LawfulCrmEmmettCommand } from "../../src/emmett/index.js";

const T0 = "2024-01-01T00:00:00Z";
const T1 = "2024-02-01T00:00:00Z";
const M = "2024-03-01T00:00:00Z";
const AFTER = "2024-04-01T00:00:00Z";
const ask = (subject: string, at = AFTER) => ({ subject, purpose: "marketing", fields: ["email"], actor: { id: "u", roles: ["marketer"] }, at });
const setup: LawfulCrmEmmettCommand[] = [
  { type: "declarePurpose", at: T0, data: { purpose: "marketing", description: "Newsletter", legalBases: ["consent"] } },
  { type: "publishNotice", at: T0, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
  { type: "registerSource", at: T0, data: { source: "web", kind: "form", assessment: "DPIA-1" } },
  { type: "grantAccess", at: T0, data: { policy: "m", role: "marketer", purposes: ["marketing"], categories: ["contact"] } },
];
const consent = (subject: string, id: string): LawfulCrmEmmettCommand => ({
  type: "grantConsent",
  subject,
  at: T1,
  data: { consent: id, purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "form-1" },
});
const email = (subject: string, fact: string): LawfulCrmEmmettCommand => ({
  type: "recordFact",
  subject,
  at: T1,
  data: { fact, field: "email", value: `${subject}@example.org`, category: "contact.email", source: "web", purposes: ["marketing"], basis: "consent" },
});
const mergeInto = (subject: string, from: string, at = M): LawfulCrmEmmettCommand => ({ type: "mergeSubjects", subject, at, data: { from, reason: "same person" } });

describe.each([true, false])("merges over Emmett streams (cache: %s)", (cache) => {
  async function seeded() {
    const eventStore = getInMemoryEventStore();
    let n = 0;
    const handle = LawfulCrmCommandHandler({ now: () => AFTER, newId: () => `e-${++n}`, ...(cache ? {} : { cache: false as const }) });
    await handle(eventStore, setup);
    await handle(eventStore, [consent("anna-web", "k1"), email("anna-web", "f1")]);
    await handle(eventStore, { type: "raiseObjection", subject: "anna", at: T1, data: { purposes: ["sales"], channel: "letter" } });
    return { eventStore, handle };
  }

  test("the merge goes to the survivor's stream; readLedger of the survivor reads from's stream; from is MERGED", async () => {
    const { eventStore, handle } = await seeded();
    const r = await handle(eventStore, mergeInto("anna", "anna-web"));
    expect(r.streamName).toBe(subjectStream("anna"));
    expect(r.newEvents.map((e) => e.type)).toEqual(["SubjectsMerged"]);
    const ledger = await readLedger(eventStore, { subjects: ["anna"] });
    expect(mergedSubjects(ledger, "anna")).toEqual(["anna-web"]);
    expect(ledger.rejected).toEqual([]);
    expect(canUse(ledger, ask("anna")).allowed).toBe(true);
    const alone = await readLedger(eventStore, { subjects: ["anna-web"] });
    expect(canUse(alone, ask("anna-web")).reasons.map((x) => x.code)).toEqual(["MERGED"]);
  });

  test("a command about the survivor may name from's fact; one about from is refused; a merge that clashes is refused", async () => {
    const { eventStore, handle } = await seeded();
    await handle(eventStore, mergeInto("anna", "anna-web"));
    await handle(eventStore, { type: "correctFact", subject: "anna", at: AFTER, data: { fact: "f1", value: "new@example.org", source: "web" } });
    await expect(handle(eventStore, { type: "raiseObjection", subject: "anna-web", at: AFTER, data: { purposes: ["marketing"], channel: "letter" } })).rejects.toMatchObject({
      codes: ["WOULD_BE_REJECTED"],
    });
    await handle(eventStore, [consent("bob", "k1")]);
    await expect(handle(eventStore, mergeInto("bob", "anna"))).rejects.toMatchObject({ codes: ["WOULD_BE_REJECTED"] });
    await expect(handle(eventStore, { type: "grantConsent", subject: "anna", at: AFTER, data: { consent: "k1", purposes: ["marketing"], notice: "privacy", noticeVersion: "1", method: "opt-in", channel: "web", evidence: "f" } })).rejects.toMatchObject({
      codes: ["WOULD_BE_REJECTED"],
    });
  });

  test("chains are followed, and eraseSubject of the last survivor erases and forgets every merged subject", async () => {
    const { eventStore, handle } = await seeded();
    await handle(eventStore, mergeInto("anna", "anna-web"));
    await handle(eventStore, [consent("carl", "k9"), email("carl", "f9")]);
    await handle(eventStore, mergeInto("carl", "anna", AFTER));
    const ledger = await readLedger(eventStore, { subjects: ["carl"] });
    expect(mergedSubjects(ledger, "carl")).toEqual(["anna", "anna-web"]);
    expect(canUse(ledger, ask("carl", "2024-05-01T00:00:00Z")).fields[0]?.basis?.eventIds).toEqual(["e-5"]);
    const plan = eraseSubject(ledger, "carl", { at: "2024-05-01T00:00:00Z" });
    if (isInvalidQuery(plan)) throw new Error(plan.error.message);
    expect(plan.forget.subjects).toEqual(["carl", "anna", "anna-web"]);
    expect(plan.events.map((e) => [e.subject, e.data.field])).toEqual([["carl", "email"]]);
    await handle(eventStore, plan.events.map((e) => ({ type: "eraseFact", subject: e.subject, at: e.at, data: e.data }) as LawfulCrmEmmettCommand));
    const after = await readLedger(eventStore, { subjects: ["carl"] });
    expect(canUse(after, ask("carl", "2024-06-01T00:00:00Z")).reasons.map((x) => x.code)).toEqual(["ERASED"]);
  });
});
