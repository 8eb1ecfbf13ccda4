/** Das Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO) auf Deutsch. */
import type { ProcessingRecordMessages } from "../recordTypes.js";
import { BASIS_NAMES } from "./words.js";

/** `Art. 30(1)(g), 32(1)` zitiert wie im deutschen Recht: `Art. 30 Abs. 1 lit. g, Art. 32 Abs. 1 DSGVO` (sonst unverändert). */
export function zitat(article: string): string {
  const parts = article.replace(/^Art\. /, "").split(", ");
  const out: string[] = [];
  for (const part of parts) {
    const m = /^(\d+)(?:\((\d+)\))?(?:\(([a-z])\))?$/.exec(part);
    if (m === null) return article;
    out.push(`Art. ${m[1]}${m[2] !== undefined ? ` Abs. ${m[2]}` : ""}${m[3] !== undefined ? ` lit. ${m[3]}` : ""}`);
  }
  return `${out.join(", ")} DSGVO`;
}

/** Die deutschen Sätze des Verzeichnisses von Verarbeitungstätigkeiten. */
export const processingRecord: ProcessingRecordMessages = {
  title: "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO)",
  asOf: (p) => `Stand: ${p.time} (${p.at}). Aus dem Ereignisprotokoll abgeleitet; die mit \`{{…}}\` gekennzeichneten Teile ergänzt der Verantwortliche.`,
  gap: (p) => `> **Lücke:** Daten oder Einwilligungen nennen Zwecke, die nie festgelegt wurden: ${p.purposes}.`,
  retired: " (aufgegeben)",
  hints: {
    controller: "Name und Kontaktdaten des Verantwortlichen und gegebenenfalls des gemeinsam mit ihm Verantwortlichen, des Vertreters des Verantwortlichen sowie eines etwaigen Datenschutzbeauftragten.",
    securityMeasures: "Eine allgemeine Beschreibung der technischen und organisatorischen Maßnahmen (TOM).",
    dataSubjectCategories: "Die Kategorien betroffener Personen (Kunden, Interessenten, Newsletter-Abonnenten, …).",
    recipients: "Die Kategorien von Empfängern, gegenüber denen die Daten offengelegt werden, einschließlich Empfängern in Drittländern.",
    transfers: "Übermittlungen an ein Drittland oder eine internationale Organisation samt den geeigneten Garantien; oder „keine“.",
  },
  labels: {
    controller: "Verantwortlicher",
    securityMeasures: "Technische und organisatorische Maßnahmen",
    description: "Beschreibung",
    retiredAt: "Aufgegeben",
    legalBases: "Rechtsgrundlagen",
    retention: "Löschfrist",
    rules: "Regeln",
    categories: "Kategorien personenbezogener Daten",
    sources: "Quellen",
    access: "Rollen mit Zugriff",
    dataSubjects: "Kategorien betroffener Personen",
    recipients: "Empfänger",
    transfers: "Übermittlungen in Drittländer",
    specialCategories: "Besondere Kategorien personenbezogener Daten (Art. 9 DSGVO)",
    specialConditions: "Herangezogene Bedingungen (Art. 9 Abs. 2 DSGVO)",
  },
  article: zitat,
  legalBasis: (p) => `${BASIS_NAMES[p.basis] ?? p.basis}${p.article === undefined ? "" : ` (${zitat(p.article)}, ${p.gdpr ?? ""})`}`,
  yes: "ja",
  none: "keine",
  retention: (p) => `${p.duration} (${p.words}) ab Erfassung`,
  notDeclared: "nicht festgelegt",
  directMarketing: "Direktwerbung",
  doubleOptIn: "Double-Opt-in erforderlich",
  consentMaxAge: (p) => `Einwilligung gilt höchstens ${p.duration}`,
  originDisclosure: "Herkunft der Daten wird bei Verwendung mitgeteilt",
  noneHeld: "keine gespeichert",
  specialCategory: (p) => `${p.category} (${p.values} ${p.values === 1 ? "Wert" : "Werte"})`,
  specialCondition: (p) => `${p.condition} für ${p.categories.join(", ")} (${p.persons} ${p.persons === 1 ? "Person" : "Personen"})`,
  category: (p) => `${p.category} (${p.values} ${p.values === 1 ? "Wert" : "Werte"}, ${p.persons} ${p.persons === 1 ? "Person" : "Personen"})`,
  source: (p) => `${p.source} (${p.kind ?? "nicht registriert"}${p.assessment !== undefined ? `, Bewertung ${p.assessment}` : ""}${p.registered ? "" : ", nicht in Kraft"})`,
  access: (p) => `${p.role} (Richtlinie ${p.policy}: ${p.categories.join(", ") || "keine Kategorien"})`,
};
