/**
 * usableFields and subjectsUsableFor on the cases mutation testing found
 * unpinned: the obligations of the usable fields when another field is
 * denied, and the code-unit order of the audience whatever the order in which
 * subjects entered the log.
 */
import { describe, expect, test } from "vitest";
import { replay, subjectsUsableFor, usableFields } from "../../src/index.js";
import { base, consent, declare, fact, NOW, S, type Ev } from "./helpers.js";

const actor = { id: "u-1", roles: ["staff"] };

describe("usableFields", () => {
  test("an allowed part of a denied use carries that part's obligations (DISCLOSE_ORIGIN of the usable field)", () => {
    const events: Ev[] = [
      ...base(),
      declare("re-mkt", "2024-01-01T00:00:01Z", "marketing", ["consent"], { directMarketing: true, originDisclosure: true }),
      consent("k1", "2024-02-01T00:00:00Z", { consent: "k1" }),
      fact("r1", "2024-02-02T00:00:00Z", { fact: "f1", source: "linkedin" }),
    ];
    const r = usableFields(replay(events), { subject: S, purpose: "marketing.email", fields: ["email", "phone"], actor, at: NOW });
    expect(r.decision.allowed).toBe(false);
    expect(r.decision.obligations).toEqual([]);
    expect(r.usable).toEqual(["email"]);
    expect(r.denied.map((d) => [d.field, d.reasons.map((x) => x.code)])).toEqual([["phone", ["NO_DATA"]]]);
    expect(r.obligations).toEqual([{ code: "DISCLOSE_ORIGIN", field: "email", sources: ["linkedin"] }]);
  });
});

describe("subjectsUsableFor", () => {
  test("lists the audience in code-unit order, not in the order the subjects entered the log", () => {
    const subjects = ["zoe", "Zed", "anna", "bob"];
    const events: Ev[] = [...base()];
    subjects.forEach((subject, k) => {
      events.push(consent(`k-${subject}`, `2024-02-0${k + 1}T00:00:00Z`, { consent: `k-${subject}`, subject }));
      events.push(fact(`r-${subject}`, `2024-02-0${k + 2}T00:00:00Z`, { fact: `f-${subject}`, subject }));
    });
    const audience = subjectsUsableFor(replay(events), { purpose: "marketing.email", fields: ["email"], actor, at: NOW });
    expect(audience).toEqual(["Zed", "anna", "bob", "zoe"]);
  });
});
