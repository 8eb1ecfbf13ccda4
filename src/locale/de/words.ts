/** Deutsche Wörter, Datumsangaben und der Text von `explain`. */
import type { CivilTime, DateMessages, DurationUnit, ExplainMessages, WordMessages } from "../types.js";

const MONATE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];
const pad = (n: number): string => String(n).padStart(2, "0");

/** `a, b und c`. */
export function list(xs: readonly string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} und ${xs[xs.length - 1]}`;
}

/** Ein Wert in deutschen Anführungszeichen. */
export const q = (s: string): string => `„${s}“`;

const UNITS: Readonly<Record<DurationUnit, readonly [string, string]>> = {
  year: ["Jahr", "Jahre"],
  month: ["Monat", "Monate"],
  week: ["Woche", "Wochen"],
  day: ["Tag", "Tage"],
  hour: ["Stunde", "Stunden"],
  minute: ["Minute", "Minuten"],
  second: ["Sekunde", "Sekunden"],
};

/** Die Rechtsgrundlagen kurz, für Begründungen (Art. 6 Abs. 1 DSGVO). */
export const BASIS_NAMES: Readonly<Record<string, string>> = {
  consent: "Einwilligung",
  contract: "Vertrag",
  "legal-obligation": "rechtliche Verpflichtung",
  "vital-interests": "lebenswichtige Interessen",
  "public-task": "Aufgabe im öffentlichen Interesse",
  "legitimate-interests": "berechtigte Interessen",
};

/** Deutsche Wörter. */
export const words: WordMessages = {
  list,
  unit: (n, unit) => `${n} ${UNITS[unit][n === 1 ? 0 : 1]}`,
  noTime: "keine Dauer",
  legalBasis: {
    consent: "Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)",
    contract: "Vertrag mit Ihnen oder vorvertragliche Maßnahmen auf Ihre Anfrage (Art. 6 Abs. 1 lit. b DSGVO)",
    "legal-obligation": "rechtliche Verpflichtung, der wir unterliegen (Art. 6 Abs. 1 lit. c DSGVO)",
    "vital-interests": "Schutz lebenswichtiger Interessen einer Person (Art. 6 Abs. 1 lit. d DSGVO)",
    "public-task": "Wahrnehmung einer Aufgabe im öffentlichen Interesse (Art. 6 Abs. 1 lit. e DSGVO)",
    "legitimate-interests": "unsere berechtigten Interessen, abgewogen gegen Ihre Interessen (Art. 6 Abs. 1 lit. f DSGVO)",
  },
  consentMethod: {
    "opt-in": "Sie haben aktiv ein Kästchen angekreuzt oder Ihre Zustimmung angeklickt",
    "double-opt-in": "Sie haben zugestimmt und dies über einen von uns gesandten Link bestätigt",
    signature: "Sie haben unterschrieben",
    "recorded-verbal": "Sie haben mündlich zugestimmt, und wir haben dies aufgezeichnet",
    "pre-ticked": "ein Kästchen war bereits vorausgewählt (dies ist keine wirksame Einwilligung)",
    implied: "sie wurde aus Ihrem Verhalten abgeleitet (dies ist keine wirksame Einwilligung)",
    hidden: "sie war in anderem Text versteckt (dies ist keine wirksame Einwilligung)",
    bundled: "sie war an andere Bedingungen gekoppelt (dies ist keine wirksame Einwilligung)",
  },
  sourceKind: {
    subject: "von Ihnen selbst mitgeteilt",
    form: "ein von Ihnen ausgefülltes Formular",
    manual: "von unseren Beschäftigten eingegeben",
    import: "aus einer anderen Liste oder einem anderen System übernommen",
    "social-network": "ein soziales Netzwerk",
    "social-app": "eine Social-Media-App",
    api: "ein anderes System, über eine Schnittstelle",
  },
  consentProblem: {
    CONSENT_NOT_ACTIVE: "sie wurde nicht durch eine aktive Handlung erteilt",
    CONSENT_UNINFORMED: "der Ihnen angezeigte Hinweis beschrieb diesen Zweck nicht",
    CONSENT_UNCONFIRMED: "sie wurde nie bestätigt, obwohl dieser Zweck eine Bestätigung verlangt",
    CONSENT_WITHDRAWN: "Sie haben sie widerrufen",
    CONSENT_EXPIRED: "sie ist abgelaufen",
    PURPOSE_NOT_DECLARED: "diesen Zweck gab es noch nicht, als Sie sie erteilt haben",
  },
  specialCondition: {
    "A9-2-a": "Ihre ausdrückliche Einwilligung (Art. 9 Abs. 2 lit. a DSGVO)",
    "A9-2-b": "Pflichten und Rechte aus dem Arbeitsrecht und dem Recht der sozialen Sicherheit und des Sozialschutzes (Art. 9 Abs. 2 lit. b DSGVO)",
    "A9-2-c": "der Schutz lebenswichtiger Interessen, wenn Sie nicht einwilligen können (Art. 9 Abs. 2 lit. c DSGVO)",
    "A9-2-d": "die Tätigkeit einer Organisation ohne Gewinnerzielungsabsicht, der Sie angehören oder mit der Sie regelmäßig Kontakt haben (Art. 9 Abs. 2 lit. d DSGVO)",
    "A9-2-e": "Daten, die Sie selbst offensichtlich öffentlich gemacht haben (Art. 9 Abs. 2 lit. e DSGVO)",
    "A9-2-f": "die Geltendmachung, Ausübung oder Verteidigung von Rechtsansprüchen (Art. 9 Abs. 2 lit. f DSGVO)",
    "A9-2-g": "ein erhebliches öffentliches Interesse auf gesetzlicher Grundlage (Art. 9 Abs. 2 lit. g DSGVO)",
    "A9-2-h": "Gesundheitsvorsorge, medizinische Versorgung oder Sozialfürsorge (Art. 9 Abs. 2 lit. h DSGVO)",
    "A9-2-i": "das öffentliche Interesse im Bereich der öffentlichen Gesundheit (Art. 9 Abs. 2 lit. i DSGVO)",
    "A9-2-j": "Archivzwecke, wissenschaftliche oder historische Forschung oder Statistik im öffentlichen Interesse (Art. 9 Abs. 2 lit. j DSGVO)",
  },
  erasureGround: {
    COLLECTION_CONSENT_WITHDRAWN: "die Einwilligung, auf der seine Erhebung beruhte, wurde widerrufen oder ist abgelaufen",
    OWNER_DEPARTED: "er kam über das Konto einer bei uns beschäftigten Person, die uns verlassen hat",
    UNLAWFUL_COLLECTION: "er wurde nicht rechtmäßig erhoben",
    RETENTION_EXPIRED: "die Frist, für die wir ihn speichern dürfen, ist abgelaufen",
    OBJECTED: "Sie haben der Direktwerbung widersprochen, für die er gespeichert war",
  },
};

/** Deutsche Datumsangaben: `1. Februar 2024, 09:05 Uhr UTC`. */
export const dates: DateMessages = {
  day: (t: CivilTime) => `${t.day}. ${MONATE[t.month - 1]} ${t.year}`,
  time: (t: CivilTime) => `${t.day}. ${MONATE[t.month - 1]} ${t.year}, ${pad(t.hour)}:${pad(t.minute)}${t.second === 0 ? "" : `:${pad(t.second)}`} Uhr ${t.zone}`,
};

/** Der deutsche Text von `explain`. */
export const explain: ExplainMessages = {
  verdict: (p) => `${p.allowed ? "ZULÄSSIG" : "UNZULÄSSIG"}: Verwendung von ${p.fields.join(", ") || "(keine Felder)"} zu ${q(p.subject)} für ${q(p.purpose)} am ${p.at}`,
  allowedOn: (p) => `zulässig auf der Rechtsgrundlage ${BASIS_NAMES[p.basis] ?? p.basis} (Ereignisse: ${p.eventIds.join(", ") || "keine"})`,
  events: (ids) => `Ereignisse: ${ids.join(", ")}`,
  discloseOrigin: (p) => `der Person ist mitzuteilen, dass ihre Daten aus ${p.sources.join(", ")} stammen (Art. 14 Abs. 2 lit. f DSGVO).`,
};
