/**
 * The purpose filter of a subject's consents (src/_internal/dotted.ts): a
 * decision skips a subject's consents when the filter holds none of a
 * purpose's covering bits, so an id that covers the purpose must always
 * share a bit with it (a miss would deny a use a consent allows).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { coveringBits, covers, idBit } from "../src/_internal/dotted.js";
import { canUse, replay } from "../src/index.js";

const segment = fc.stringMatching(/^[a-z0-9_-]{1,6}$/);
const dotted = fc.array(segment, { minLength: 1, maxLength: 4 }).map((xs) => xs.join("."));

describe("the purpose filter of a subject's consents", () => {
  it("every id that covers a purpose shares a bit with it: itself and each ancestor", () => {
    fc.assert(
      fc.property(dotted, fc.array(segment, { maxLength: 3 }), (p, more) => {
        const u = [p, ...more].join(".");
        expect(covers(p, u)).toBe(true);
        expect(idBit(p) & coveringBits(u)).not.toBe(0);
      }),
    );
  });

  it("one bit per id, at most one more per ancestor", () => {
    fc.assert(
      fc.property(dotted, (u) => {
        const bit = idBit(u);
        expect(bit & (bit - 1)).toBe(0);
        expect(bit).toBeGreaterThan(0);
        const n = u.split(".").length;
        let count = 0;
        for (let b = coveringBits(u); b !== 0; b &= b - 1) count++;
        expect(count).toBeGreaterThanOrEqual(1);
        expect(count).toBeLessThanOrEqual(n);
      }),
    );
  });

  it("a consent to a parent purpose still allows the child, and one to a sibling does not", () => {
    const at = "2024-03-01T00:00:00Z";
    const history = (consentTo: string) => [
      { id: "p1", type: "PurposeDeclared", at, data: { purpose: "marketing", description: "Marketing", legalBases: ["consent"] } },
      { id: "p2", type: "PurposeDeclared", at, data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } },
      { id: "p3", type: "PurposeDeclared", at, data: { purpose: "marketing.phone", description: "Calls", legalBases: ["consent"] } },
      { id: "s1", type: "SourceRegistered", at, data: { source: "web-form", kind: "form", assessment: "DPIA-1" } },
      { id: "g1", type: "AccessPolicyGranted", at, data: { policy: "g1", role: "marketing", purposes: ["marketing"], categories: ["contact"] } },
      { id: "n1", type: "NoticePublished", at, data: { notice: "privacy", version: "1", purposes: ["marketing"] } },
      { id: "k1", type: "ConsentGranted", at, subject: "c-1", data: { consent: "k1", purposes: [consentTo], notice: "privacy", noticeVersion: "1", method: "double-opt-in", channel: "web", evidence: "form-1" } },
      { id: "f1", type: "FactRecorded", at, subject: "c-1", data: { fact: "f1", field: "email", value: "c1@example.org", category: "contact.email", source: "web-form", purposes: ["marketing.email"], basis: "consent" } },
    ];
    const ask = (consentTo: string) =>
      canUse(replay(history(consentTo)), { subject: "c-1", purpose: "marketing.email", fields: ["email"], actor: { id: "u-1", roles: ["marketing"] }, at: "2024-03-02T00:00:00Z" });
    expect(ask("marketing").allowed).toBe(true);
    expect(ask("marketing.email").allowed).toBe(true);
    const sibling = ask("marketing.phone");
    expect(sibling.allowed).toBe(false);
    expect(sibling.reasons.map((r) => r.code)).toContain("NO_LEGAL_BASIS");
  });
});
