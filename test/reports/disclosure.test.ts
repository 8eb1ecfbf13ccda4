import { describe, expect, it } from "vitest";
import { canUse, disclosureDue, LawfulCrmError, replay } from "../../src/index.js";
import { AT, history } from "./history.js";
import { must } from "../must.js";

const cat = (id: string, type: string, at: string, data: Record<string, unknown>) => ({ id, type, at, data });
const fact = (id: string, at: string, subject: string, f: string, source: string, field = "employer") => ({
  id,
  type: "FactRecorded",
  at,
  subject,
  data: { fact: f, field, value: `${f}-value`, category: "professional.employer", source, purposes: ["sales"], basis: "legitimate-interests" },
});
const base = [
  cat("p1", "PurposeDeclared", "2024-01-01T00:00:00Z", { purpose: "sales", description: "Sales", legalBases: ["legitimate-interests"] }),
  cat("s1", "SourceRegistered", "2024-01-01T00:00:00Z", { source: "linkedin", kind: "social-network", assessment: "A1" }),
  cat("s2", "SourceRegistered", "2024-01-01T00:00:00Z", { source: "form", kind: "form", assessment: "A2" }),
  cat("s3", "SourceRegistered", "2024-01-01T00:00:00Z", { source: "self", kind: "subject", assessment: "A3" }),
  cat("s4", "SourceRegistered", "2024-01-01T00:00:00Z", { source: "import", kind: "import", assessment: "A4" }),
];

describe("disclosureDue: the Art. 14(3) work list", () => {
  it("lists, for the rich history, each undisclosed third-party source with its due date and whether it is overdue", () => {
    const list = must(disclosureDue(replay(history), { at: AT }));
    expect(list.at).toBe(AT);
    expect(list.items.map((i) => [i.subject, i.source, i.kind, i.first.eventId, i.due, i.overdue, i.fields, i.eventIds])).toEqual([
      ["anna", "crm-manual", "manual", "a06", "2024-04-01T09:00:00Z", true, ["employer"], ["a06"]],
      ["ben", "linkedin", "social-network", "b01", "2024-04-01T09:00:00Z", true, ["employer"], ["b01"]],
      ["anna", "xing", "social-network", "a07", "2024-04-02T09:00:00Z", true, ["phone"], ["a07"]],
      ["carl", "xing", "social-network", "k01", "2024-07-01T09:00:00Z", false, ["phone"], ["k01"]],
    ]);
    expect(list.overdue).toBe(3);
    // anna's linkedin was disclosed (a09); her form and self-service data are her own; carl's self-service too.
    expect(list.items.some((i) => i.source === "linkedin" && i.subject === "anna")).toBe(false);
    expect(list.items.some((i) => i.source === "newsletter-form" || i.source === "self-service")).toBe(false);
  });

  it("does not depend on any advertising use: the same list with no use, no consent, no origin-disclosure purpose", () => {
    const list = must(disclosureDue(replay([...base, fact("e1", "2024-03-10T12:00:00Z", "x", "f1", "linkedin")]), { at: "2024-03-20T00:00:00Z" }));
    expect(list.items).toEqual([
      { subject: "x", source: "linkedin", kind: "social-network", first: { at: "2024-03-10T12:00:00Z", eventId: "e1" }, due: "2024-04-10T12:00:00Z", overdue: false, fields: ["employer"], eventIds: ["e1"] },
    ]);
  });

  it("due is one month after the first recording, with calendar arithmetic (clamped month ends), overdue from the due instant on", () => {
    const l = replay([...base, fact("e1", "2024-01-31T10:00:00Z", "x", "f1", "linkedin"), fact("e2", "2023-01-31T10:00:00Z", "y", "f2", "import")]);
    const at = (t: string) => must(disclosureDue(l, { at: t })).items;
    expect(at("2024-02-01T00:00:00Z").map((i) => [i.subject, i.due])).toEqual([
      ["y", "2023-02-28T10:00:00Z"],
      ["x", "2024-02-29T10:00:00Z"],
    ]);
    expect(at("2024-02-29T09:59:59Z").find((i) => i.subject === "x")!.overdue).toBe(false);
    expect(at("2024-02-29T10:00:00Z").find((i) => i.subject === "x")!.overdue).toBe(true);
    // Before the recording, nothing is due.
    expect(must(disclosureDue(l, { at: "2023-01-01T00:00:00Z" })).items).toEqual([]);
  });

  it("the first recording or correction from the source counts, by (at, position); every later one is listed", () => {
    const l = replay([
      ...base,
      fact("e1", "2024-03-01T00:00:00Z", "x", "f1", "form"),
      { id: "e2", type: "FactCorrected", at: "2024-03-05T00:00:00Z", subject: "x", data: { fact: "f1", value: "v2", source: "import" } },
      fact("e3", "2024-03-02T00:00:00Z", "x", "f2", "import", "phone"),
    ]);
    const [item] = must(disclosureDue(l, { at: "2024-04-01T00:00:00Z" })).items;
    expect(item).toMatchObject({ source: "import", first: { eventId: "e3", at: "2024-03-02T00:00:00Z" }, due: "2024-04-02T00:00:00Z", overdue: false, fields: ["employer", "phone"], eventIds: ["e3", "e2"] });
  });

  it("a SubjectInformed naming the source takes it off the list, from its instant", () => {
    const l = replay([
      ...base,
      fact("e1", "2024-03-01T00:00:00Z", "x", "f1", "linkedin"),
      { id: "i1", type: "SubjectInformed", at: "2024-03-15T00:00:00Z", subject: "x", data: { notice: "n", noticeVersion: "1", sources: ["linkedin"] } },
    ]);
    expect(must(disclosureDue(l, { at: "2024-03-14T00:00:00Z" })).items).toHaveLength(1);
    expect(must(disclosureDue(l, { at: "2024-03-15T00:00:00Z" })).items).toEqual([]);
  });

  it("an unregistered source counts as not the person's own; the person's own kinds never do; erased data still counts", () => {
    const l = replay([
      ...base,
      fact("e1", "2024-03-01T00:00:00Z", "x", "f1", "mystery"),
      fact("e2", "2024-03-01T00:00:00Z", "x", "f2", "self", "email"),
      fact("e3", "2024-03-01T00:00:00Z", "y", "f3", "linkedin"),
      { id: "e4", type: "FactErased", at: "2024-03-02T00:00:00Z", subject: "y", data: { fact: "f3", reason: "r" } },
    ]);
    expect(must(disclosureDue(l, { at: "2024-05-01T00:00:00Z" })).items.map((i) => [i.subject, i.source, i.kind ?? null])).toEqual([
      ["x", "mystery", null],
      ["y", "linkedin", "social-network"],
    ]);
  });

  it("names the same sources as DISCLOSE_ORIGIN for a current value", () => {
    const l = replay([
      cat("p1", "PurposeDeclared", "2024-01-01T00:00:00Z", { purpose: "sales", description: "Sales", legalBases: ["legitimate-interests"], originDisclosure: true }),
      ...base.slice(1),
      cat("pol", "AccessPolicyGranted", "2024-01-01T00:00:00Z", { policy: "p", role: "r", purposes: ["sales"], categories: ["professional"] }),
      fact("e1", "2024-03-01T00:00:00Z", "x", "f1", "linkedin"),
      { id: "e2", type: "FactCorrected", at: "2024-03-05T00:00:00Z", subject: "x", data: { fact: "f1", value: "v2", source: "import" } },
      { id: "b1", type: "LegalBasisRecorded", at: "2024-03-01T00:00:00Z", subject: "x", data: { basis: "legitimate-interests", purposes: ["sales"], reference: "LIA" } },
    ]);
    const at = "2024-03-10T00:00:00Z";
    const d = canUse(l, { subject: "x", purpose: "sales", fields: ["employer"], actor: { id: "u", roles: ["r"] }, at });
    expect(d.allowed).toBe(true);
    expect([...d.obligations[0]!.sources].sort()).toEqual(must(disclosureDue(l, { at })).items.map((i) => i.source).sort());
  });

  it("rejects an invalid instant", () => {
    expect(disclosureDue(replay([]), { at: "yesterday" })).toMatchObject({ error: { code: "INVALID_QUERY" } });
  });
});
