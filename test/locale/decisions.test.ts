/**
 * The language changes sentences only (issue 13): a decision in German has
 * the same codes, fields, event ids, validity and obligations as in English,
 * with German sentences; the JSON forms (access report, processing record,
 * consent receipt) do not depend on a language at all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canUse, explain, recordUse, replay, usableFields, type Decision } from "../../src/index.js";
import { historyArb } from "../arbitraries.js";
import { AT, history } from "../reports/history.js";

/** A decision without its sentences. */
function withoutMessages(d: Decision): unknown {
  const strip = (rs: Decision["reasons"]) => rs.map(({ message: _m, ...rest }) => rest);
  return { ...d, reasons: strip(d.reasons), fields: d.fields.map((f) => ({ ...f, reasons: strip(f.reasons) })) };
}

const QUERIES = ["marketing", "marketing.email", "sales", "support", "undeclared"].flatMap((purpose) =>
  ["anna", "ben", "nobody"].map((subject) => ({ subject, purpose, fields: ["email", "phone", "employer", "city"], actor: { id: "u-1", roles: ["sales", "marketer"] }, at: AT })),
);

describe("decisions in another language", () => {
  const ledger = replay(history);

  it("keep their codes, fields, event ids and every other field; only the sentences change", () => {
    let reasons = 0;
    for (const q of QUERIES) {
      const en = canUse(ledger, q);
      const de = canUse(ledger, q, { locale: "de" });
      expect(withoutMessages(de)).toEqual(withoutMessages(en));
      expect(Object.isFrozen(de) && Object.isFrozen(de.reasons)).toBe(true);
      de.reasons.forEach((r, k) => {
        expect(r.message).not.toBe(en.reasons[k]!.message);
        expect(r.message).not.toMatch(/GDPR| the /);
        reasons++;
      });
      // Without a locale, or with "en", the decision is the English one.
      expect(canUse(ledger, q, { locale: "en" })).toEqual(en);
      expect(canUse(ledger, q, {})).toEqual(en);
    }
    expect(reasons).toBeGreaterThan(10);
  });

  it("leave the next decision in English: the language holds for one call only", () => {
    const q = QUERIES[0]!;
    const en = canUse(ledger, q);
    canUse(ledger, q, { locale: "de" });
    expect(canUse(ledger, q)).toEqual(en);
    // Even when the call throws (an unknown locale is a programmer error).
    expect(() => canUse(ledger, q, { locale: "xx" as never })).toThrow();
    expect(canUse(ledger, q)).toEqual(en);
  });

  it("hold for any history (fast-check): same decision but for the sentences", () => {
    fc.assert(
      fc.property(historyArb({ maxLength: 30 }), fc.constantFrom(...QUERIES), (items, q) => {
        const l = replay(items as never);
        const query = { ...q, subject: "s1", at: "2024-06-01T00:00:00Z" };
        const en = canUse(l, query);
        const de = canUse(l, query, { locale: "de" });
        expect(withoutMessages(de)).toEqual(withoutMessages(en));
        for (const r of de.reasons) expect(r.message).not.toMatch(/GDPR/);
      }),
      { numRuns: 150 },
    );
  });

  it("reach recordUse: a denied use returns its decision with German reasons", () => {
    const r = recordUse(ledger, { ...QUERIES[0]!, fields: ["nothing"] }, { locale: "de", newId: () => "u" });
    expect(r._tag).toBe("Left");
    if (r._tag === "Left") expect(r.left.reasons.map((x) => x.message)).toContain(`Für „nothing“ ist bis ${AT} kein Wert zu dieser Person erfasst.`);
  });

  it("reach usableFields and a malformed query, and explain frames them in the same language", () => {
    const de = usableFields(ledger, { ...QUERIES[0]!, fields: ["email", "phone"] }, { locale: "de" });
    expect(de.denied.length).toBeGreaterThan(0);
    for (const d of de.denied) for (const r of d.reasons) expect(r.message).toMatch(/DSGVO|Einwilligung|erfasst/);
    const bad = canUse(ledger, { ...QUERIES[0]!, at: "yesterday" }, { locale: "de" });
    expect(bad.reasons.map((r) => [r.code, r.message])).toEqual([
      ["INVALID_QUERY", 'Die Anfrage ist fehlerhaft: at muss ein Zeitstempel nach ISO 8601 in UTC wie 2024-03-01T09:30:00Z sein; angegeben: "yesterday".'],
    ]);
    expect(explain(bad, { locale: "de" }).split("\n")[0]).toBe("UNZULÄSSIG: Verwendung von email, phone, employer, city zu „anna“ für „marketing“ am yesterday");
  });
});

describe("options read once, under guard (issue 10): a locale whose getter throws", () => {
  const ledger = replay(history);
  const q = QUERIES[0]!;
  const throwing = (thrown: unknown) =>
    Object.defineProperty({}, "locale", {
      enumerable: true,
      get() {
        throw thrown;
      },
    }) as { locale: "de" };

  it("makes canUse, usableFields and recordUse answer INVALID_QUERY quoting the exception, never throw", () => {
    const d = canUse(ledger, q, throwing(new Error("boom-locale")));
    expect(d.allowed).toBe(false);
    expect(d.reasons.map((r) => [r.code, r.message])).toEqual([["INVALID_QUERY", "The query is malformed: canUse(): options.locale could not be read: reading it threw Error: boom-locale."]]);
    // What could be read of the query still heads the decision.
    expect([d.subject, d.purpose, d.at, d.fields.map((f) => f.field)]).toEqual([q.subject, q.purpose, q.at, q.fields]);
    expect(usableFields(ledger, q, throwing("boom")).decision.reasons[0]!.message).toBe("The query is malformed: usableFields(): options.locale could not be read: reading it threw boom.");
    const r = recordUse(ledger, q, throwing(new TypeError("boom-use")));
    expect(r._tag === "Left" && r.left.reasons[0]!.message).toBe("The query is malformed: recordUse(): options.locale could not be read: reading it threw TypeError: boom-use.");
  });

  it("reads the options once: a Proxy's traps run once per member, and a getter's value is the one used", () => {
    let reads = 0;
    const options = new Proxy({ locale: "de" }, { get: (t, k) => (k === "locale" && reads++, Reflect.get(t, k)) });
    const d = canUse(ledger, q, options as { locale: "de" });
    expect(reads).toBe(1);
    expect(d).toEqual(canUse(ledger, q, { locale: "de" }));
  });

  it("makes the renderers and explain throw LawfulCrmError (a programmer error), naming the option", () => {
    const d = canUse(ledger, q);
    expect(() => explain(d, throwing(new Error("x")))).toThrow(/explain\(\): options\.locale could not be read: reading it threw Error: x/);
  });

  it("a query that throws when read is INVALID_QUERY in the language asked for", () => {
    const roles = { enumerable: true, get: (): never => { throw new Error("boom"); } };
    const hostile = { ...q, actor: Object.defineProperty({ id: "u-1" }, "roles", roles) as { id: string; roles: string[] } };
    expect(canUse(ledger, hostile, { locale: "de" }).reasons.map((r) => r.message)).toEqual([
      "Die Anfrage ist fehlerhaft: query.actor.roles konnte nicht gelesen werden: beim Lesen wurde Error: boom ausgelöst.",
    ]);
    expect(canUse(ledger, hostile).reasons.map((r) => r.message)).toEqual(["The query is malformed: query.actor.roles could not be read: reading it threw Error: boom."]);
  });
});
