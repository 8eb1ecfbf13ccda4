/** Die deutschen Begründungen je Reason-Code, wie eine Datenschutzbeauftragte sie schreibt. */
import type { ConsentFailureWhy, ErasureMessages, QueryProblem, ReasonMessages, SpecialConditionProblem, UnknownSourceProblem, UnlawfulCollectionProblem } from "../types.js";
import { BASIS_NAMES, list, q } from "./words.js";

function queryProblem(p: QueryProblem): string {
  switch (p.kind) {
    case "not-object":
      return "Die Anfrage muss ein Objekt { subject, purpose, fields, actor, at } sein.";
    case "subject":
      return "subject muss eine nicht leere Zeichenkette sein.";
    case "purpose":
      return `purpose muss eine Zweckkennung in Punktschreibweise wie marketing.email sein; angegeben: ${p.got}.`;
    case "fields":
      return "fields muss eine nicht leere Liste von Feldnamen sein.";
    case "field":
      return "Jedes Feld muss eine nicht leere Zeichenkette sein.";
    case "actor":
      return "actor muss ein Objekt { id, roles } sein.";
    case "actor-id":
      return "actor.id muss eine nicht leere Zeichenkette sein.";
    case "actor-roles":
      return "actor.roles muss eine Liste von Rollennamen sein.";
    case "at":
      return `at muss ein Zeitstempel nach ISO 8601 in UTC wie 2024-03-01T09:30:00Z sein; angegeben: ${p.got}.`;
    case "unreadable":
      return `${p.what} konnte nicht gelesen werden: ${p.thrown !== undefined ? `beim Lesen wurde ${p.thrown} ausgelöst` : "es ist tiefer als 512 Ebenen verschachtelt (oder verweist auf sich selbst)"}.`;
  }
}

function unknownSource(p: UnknownSourceProblem): string {
  switch (p.kind) {
    case "unregistered":
      return `Die Quelle ${q(p.source)} war bei der Erfassung am ${p.at} nicht registriert oder nicht in Kraft`;
    case "correction-unregistered":
      return `Die Berichtigung, auf der der aktuelle Wert beruht, stammt aus ${q(p.source)}; diese Quelle war am ${p.at} nicht registriert oder nicht in Kraft`;
    case "account-not-linked":
      return `Das angegebene Konto ${q(p.account)} war bei der Erfassung nicht mit der Quelle ${q(p.source)} verknüpft`;
  }
}

function unlawful(p: UnlawfulCollectionProblem): string {
  switch (p.kind) {
    case "basis-not-declared":
      return `Keiner der Erhebungszwecke (${p.purposes.map(q).join(", ")}) sah bei der Erfassung die Rechtsgrundlage ${q(BASIS_NAMES[p.basis] ?? p.basis)} vor`;
    case "import-consent-missing":
      return `Die Quelle ${q(p.source)} darf Daten nur mit Einwilligung der Person für ${q(p.purpose)} übernehmen, und bei der Erfassung lag keine solche Einwilligung vor`;
    case "consent-missing":
      return "Der Wert wurde auf Grundlage einer Einwilligung erfasst, doch bei der Erfassung deckte keine wirksame Einwilligung die Erhebungszwecke ab";
  }
}

/** „…; sie ist daher für „Zweck“ nicht wirksam.“ */
const notEffective = (purpose: string): string => `; sie ist daher für ${q(purpose)} nicht wirksam.`;

/** Die deutschen Begründungen. */
/** Warum eine Einwilligung, auf die sich eine Bedingung nach Art. 9 Abs. 2 lit. a stützt, nicht wirksam ist: ein Relativsatz („die …“). */
function einwilligungMangel(w: ConsentFailureWhy, purpose: string): string {
  switch (w.code) {
    case "CONSENT_NOT_ACTIVE":
      return `als „${w.method}“ erfasst wurde, was keine aktive Willensbekundung ist`;
    case "CONSENT_UNINFORMED":
      return `auf den Hinweis ${w.notice} in der Version ${w.version} hin erteilt wurde, der ${w.published ? `den Zweck ${purpose} nicht beschreibt` : "zu diesem Zeitpunkt nicht veröffentlicht war"}`;
    case "CONSENT_UNCONFIRMED":
      return "nie bestätigt wurde, obwohl der Zweck ein Double-Opt-in verlangt";
    case "CONSENT_WITHDRAWN":
      return `am ${w.at} widerrufen wurde`;
    case "CONSENT_EXPIRED":
      return w.expires !== undefined ? `am ${w.expires} abgelaufen ist` : `älter ist als das für den Zweck höchstzulässige Alter einer Einwilligung (${w.maxAge ?? ""})`;
  }
}

/** Warum eine Bedingung nach Art. 9 Abs. 2 DSGVO nicht greift: was die Bedingung tut oder nicht tut. */
function bedingungMangel(p: SpecialConditionProblem): string {
  switch (p.kind) {
    case "ended":
      return `wurde am ${p.at} beendet`;
    case "expired":
      return `galt nur bis ${p.until}`;
    case "category-not-covered":
      return `gilt für ${p.categories.map(q).join(", ")}, was ${q(p.category)} nicht umfasst`;
    case "purpose-not-covered":
      return `gilt für ${p.purposes.map(q).join(", ")}, was ${q(p.purpose)} nicht umfasst`;
    case "consent-missing":
      return `stützt sich auf die Einwilligung ${q(p.consent)}, die die Person zu diesem Zeitpunkt nicht erteilt hatte`;
    case "consent-not-covering":
      return `stützt sich auf die Einwilligung ${q(p.consent)}, die ${q(p.purpose)} nicht abdeckt`;
    case "consent-not-effective":
      return `stützt sich auf die Einwilligung ${q(p.consent)}, die ${einwilligungMangel(p.why, p.purpose)}`;
  }
}

/** Die eigenen Sätze der Löschliste (`erasureDue`). */
export const erasure: ErasureMessages = {
  RETENTION_EXPIRED: (p) =>
    `Der Wert von ${q(p.field)}, erfasst am ${p.recordedAt} für ${p.purposes.map(q).join(", ")}, ist seit ${p.since} über die Speicherfrist jedes Zwecks hinaus gespeichert, für den er erhoben wurde (Art. 5 Abs. 1 lit. e, Art. 17 Abs. 1 lit. a DSGVO).`,
  OBJECTED: (p) =>
    `Der Wert von ${q(p.field)} wurde nur für Direktwerbung erhoben (${p.purposes.map(q).join(", ")}), der die Person widersprochen hat (Art. 17 Abs. 1 lit. c, Art. 21 Abs. 2 DSGVO).`,
};

export const reasons: ReasonMessages = {
  INVALID_QUERY: (p) => `Die Anfrage ist fehlerhaft: ${queryProblem(p.problem)}`,
  HISTORY_INCOMPLETE: (p) =>
    `Die Historie dieser Person${p.catalog ? " oder des Katalogs" : ""} ist unvollständig: ${p.rejected === 1 ? "1 zurückgewiesenes Ereignis ist" : `${p.rejected} zurückgewiesene Ereignisse sind`} nicht für ungültig erklärt; auf dieser Grundlage ist keine verlässliche Entscheidung möglich (Art. 5 Abs. 2 DSGVO).`,
  UNKNOWN_SUBJECT: (p) => `Zur betroffenen Person ${q(p.subject)} ist bis ${p.at} nichts erfasst.`,
  UNKNOWN_PURPOSE: (p) => `Der Zweck ${q(p.purpose)} wurde bis ${p.at} nicht festgelegt; eine Verarbeitung ohne festgelegten Zweck ist unzulässig (Art. 5 Abs. 1 lit. b DSGVO).`,
  PURPOSE_RETIRED: (p) => `Der Zweck ${q(p.purpose)} wurde${p.retiredAt !== undefined ? ` am ${p.retiredAt}` : ""} aufgegeben und ist zu diesem Zeitpunkt nicht mehr in Kraft.`,
  ACCESS_DENIED: (p) =>
    "field" in p
      ? `Keine geltende Zugriffsrichtlinie für die Rollen von ${q(p.actor)} deckt den Zweck ${q(p.purpose)} und die Kategorie ${q(p.category)} des Feldes ${q(p.field)} ab (Art. 5 Abs. 1 lit. f, Art. 32 DSGVO).`
      : `Keine geltende Zugriffsrichtlinie für die Rollen ${p.roles.length > 0 ? p.roles.map(q).join(", ") : "(keine)"} von ${q(p.actor)} deckt den Zweck ${q(p.purpose)} und die Kategorien der angefragten Daten ab (Art. 5 Abs. 1 lit. f, Art. 32 DSGVO).`,
  RESTRICTED: (p) => `Die Verarbeitung der Daten dieser Person ist seit ${p.since} eingeschränkt (Art. 18 DSGVO); die Einschränkung wurde nicht aufgehoben.`,
  OBJECTED: (p) =>
    p.directMarketing
      ? `Die Person hat der Verarbeitung zum Zweck der Direktwerbung für ${p.objected.map(q).join(", ")} widersprochen (Art. 21 Abs. 2 DSGVO); der Widerspruch erstreckt sich auf ${q(p.purpose)} und gilt uneingeschränkt.`
      : `Die Person hat der Verarbeitung für ${p.objected.map(q).join(", ")} widersprochen (Art. 21 DSGVO); der Widerspruch betrifft ${q(p.purpose)}, und weder ein Vertrag noch eine rechtliche Verpflichtung noch lebenswichtige Interessen begründen die Verarbeitung.`,
  NO_DATA: (p) => `Für ${q(p.field)} ist bis ${p.at} kein Wert zu dieser Person erfasst.`,
  ERASED: (p) => `Sämtliche Werte von ${q(p.field)} wurden gelöscht (Art. 17 DSGVO).`,
  UNKNOWN_SOURCE: (p) => `Die Herkunft von ${q(p.field)} ist nicht nachvollziehbar (Art. 14 Abs. 2 lit. f, Art. 15 Abs. 1 lit. g DSGVO). ${p.problems.map(unknownSource).join(". ")}.`,
  UNLAWFUL_COLLECTION: (p) =>
    `Der Wert von ${q(p.field)} wurde rechtswidrig erhoben (Art. 6 Abs. 1 DSGVO). ${p.problems.map(unlawful).join(". ")}. Eine später erteilte Einwilligung heilt dies nicht; erfassen Sie die Angabe erneut, sobald eine Rechtsgrundlage besteht.`,
  OWNER_DEPARTED: (p) =>
    `Der Wert von ${q(p.field)} stammt über das Konto ${q(p.account)} der beschäftigten Person ${q(p.employee)}, die am ${p.leftAt} ausgeschieden ist; ${
      p.agreement === "erase"
        ? "laut Vereinbarung sind diese Kontakte zu löschen."
        : "laut Vereinbarung bleiben nur als Unternehmenskontakte gekennzeichnete Kontakte erhalten, und dieser ist nicht so gekennzeichnet."
    }`,
  COLLECTION_CONSENT_WITHDRAWN: (p) =>
    `Der Wert von ${q(p.field)} wird auf Grundlage einer Einwilligung gespeichert, die nicht mehr wirksam ist (widerrufen oder abgelaufen); er darf nur noch zur Erfüllung einer rechtlichen Verpflichtung oder zur Wahrnehmung einer Aufgabe im öffentlichen Interesse verwendet werden und ist zu löschen (Art. 17 Abs. 1 lit. b DSGVO). Erfassen Sie ihn auf einer derzeit bestehenden Rechtsgrundlage neu.`,
  PURPOSE_INCOMPATIBLE: (p) =>
    `Der Wert von ${q(p.field)} wurde für ${p.collectedFor.map(q).join(", ")} erhoben, was ${q(p.purpose)} nicht umfasst; ${
      p.assessedIncompatible ? "eine Vereinbarkeitsprüfung hat die Verwendung als unvereinbar bewertet" : "keine Vereinbarkeitsprüfung erlaubt die Verwendung"
    }, und die Person hat nicht eingewilligt (Art. 5 Abs. 1 lit. b, Art. 6 Abs. 4 DSGVO).`,
  NO_LEGAL_BASIS: (p) =>
    `Für ${q(p.purpose)} (${list(p.bases.map((b) => BASIS_NAMES[b] ?? b))}) besteht zu diesem Zeitpunkt keine Rechtsgrundlage für diese Person (Art. 6 Abs. 1 DSGVO).`,
  CONSENT_NOT_ACTIVE: (p) => `Die Einwilligung ${q(p.consent)} wurde als ${q(p.method)} erfasst, also nicht durch eine aktive, unmissverständliche Willensbekundung (Art. 4 Nr. 11 DSGVO)${notEffective(p.purpose)}`,
  CONSENT_UNINFORMED: (p) =>
    `Die Einwilligung ${q(p.consent)} wurde auf den Hinweis ${p.notice} in Version ${p.version} hin erteilt, ${p.published ? `der den Zweck ${p.purpose} nicht beschreibt` : "der zu diesem Zeitpunkt noch nicht veröffentlicht war"}; sie erfolgte also nicht in informierter Weise (Art. 4 Nr. 11 DSGVO) und ist daher für ${q(p.purpose)} nicht wirksam.`,
  CONSENT_UNCONFIRMED: (p) => `Die Einwilligung ${q(p.consent)} wurde nie bestätigt, obwohl der Zweck ein Double-Opt-in verlangt${notEffective(p.purpose)}`,
  CONSENT_WITHDRAWN: (p) => `Die Einwilligung ${q(p.consent)} wurde am ${p.withdrawnAt} widerrufen (Art. 7 Abs. 3 DSGVO)${notEffective(p.purpose)}`,
  CONSENT_EXPIRED: (p) =>
    `Die Einwilligung ${q(p.consent)} ${"expires" in p ? `ist am ${p.expires} abgelaufen` : `ist älter als die für den Zweck festgelegte Höchstdauer ${p.maxAge}`}${notEffective(p.purpose)}`,
  RETENTION_EXPIRED: (p) => `Der Wert von ${q(p.field)}, erfasst am ${p.recordedAt}, hat zu diesem Zeitpunkt seine Speicherfrist überschritten (Art. 5 Abs. 1 lit. e DSGVO).`,
  MERGED: (p) => `Der Datensatz ${q(p.from)} wurde am ${p.at} mit ${q(p.into)} zusammengeführt: Seine Daten werden seither als Teil der Daten von ${q(p.into)} beurteilt.`,
  NO_SPECIAL_CONDITION: (p) => {
    const clauses = p.conditions.map((c) => `die Bedingung ${c.condition} (Aktenzeichen ${q(c.reference)}) ${c.problems.map(bedingungMangel).join(" und ")}`);
    const why = clauses.length === 0 ? "ist für diese Person keine Bedingung nach Art. 9 Abs. 2 DSGVO erfasst" : `greift keine Bedingung nach Art. 9 Abs. 2 DSGVO: ${clauses.join("; ")}`;
    return `Der Wert von ${q(p.field)} gehört zur Kategorie ${q(p.category)}, seit ${p.since} eine besondere Kategorie personenbezogener Daten (festgelegt als ${q(p.declaredAs)}, Art. 9 Abs. 1 DSGVO); für seine Verwendung für ${q(p.purpose)} ${why}.`;
  },
};
