/** Die Auskunft nach Art. 15 DSGVO auf Deutsch, in der Sprache, in der man einer betroffenen Person schreibt. */
import type { AccessReportMessages } from "../reportTypes.js";

/** Wie oft, in Worten bis zwölf. */
const ZAHLWORT: Readonly<Record<number, string>> = {
  0: "noch nie",
  1: "einmal",
  2: "zweimal",
  3: "dreimal",
  4: "viermal",
  5: "fünfmal",
  6: "sechsmal",
  7: "siebenmal",
  8: "achtmal",
  9: "neunmal",
  10: "zehnmal",
  11: "elfmal",
  12: "zwölfmal",
};

/** „eine Angabe“ / „3 Angaben“. */
const angaben = (n: number, capital = false): string => (n === 1 ? `${capital ? "E" : "e"}ine Angabe` : `${n} Angaben`);

/** Die deutschen Sätze der Auskunft. */
export const accessReport: AccessReportMessages = {
  frame: {
    title: "Ihre bei uns gespeicherten personenbezogenen Daten",
    htmlTitle: (p) => `Ihre personenbezogenen Daten — ${p.subject}`,
    intro: (p) => [
      "Diese Auskunft führt alles auf, was wir mit Stand vom ",
      { strong: p.time },
      " über Sie gespeichert haben: jede Angabe, woher wir sie haben, zu welchem Zweck und auf welcher Rechtsgrundlage wir sie speichern, wie lange, wer sie verwendet hat, und die Einwilligungen, die Sie erteilt haben. Sie haben darauf einen Anspruch nach Art. 15 der Datenschutz-Grundverordnung (DSGVO). Unser Zeichen für Sie: ",
      { strong: p.subject },
      ".",
    ],
    incomplete: (p) =>
      p.count === 1
        ? "Unsere Unterlagen über Sie enthalten einen Eintrag, den wir noch nicht verarbeiten konnten. Bis er geklärt ist, kann diese Auskunft unvollständig sein, und wir verwenden Ihre Daten nicht."
        : `Unsere Unterlagen über Sie enthalten ${p.count} Einträge, die wir noch nicht verarbeiten konnten. Bis sie geklärt sind, kann diese Auskunft unvollständig sein, und wir verwenden Ihre Daten nicht.`,
    nothingHeld: "Wir haben keine Daten über Sie gespeichert.",
    pleaseNote: "Bitte beachten Sie:",
    footer: (p) => `Auskunft mit Stand vom ${p.time} (${p.at}). Jede Aussage darin beruht auf unseren Aufzeichnungen der Ereignisse, die Sie betreffen.`,
    markdownFooter: (p) => `Auskunft mit Stand vom ${p.time} (${p.at}).`,
    legend: { consent: "Einwilligung", stop: "Widerruf, Widerspruch, Ablauf", use: "Verwendung Ihrer Daten", data: "Ihre Daten", other: "Sonstiges" },
    emptyTimeline: "Bisher keine Einträge.",
    none: "Keine.",
    mergedInto: (p) => `Dieser Datensatz wurde am ${p.time} mit einem anderen Datensatz zu Ihrer Person (${p.into}) zusammengeführt: Was wir über Sie speichern, steht in der Auskunft zu jenem Datensatz.`,
  },
  headings: {
    inShort: "Auf einen Blick",
    values: "Die Angaben, die wir über Sie speichern",
    consents: "Ihre Einwilligungen",
    legalBases: "Weitere Rechtsgrundlagen, auf die wir uns stützen",
    objections: "Ihre Widersprüche und Einschränkungen",
    purposes: "Zu welchen Zwecken wir Ihre Daten verarbeiten",
    uses: "Wer Ihre Daten verwendet hat",
    sources: "Woher Ihre Daten stammen",
    timeline: "Zeitlicher Verlauf",
    rights: "Ihre Rechte",
    mergedFrom: "Mit diesem Datensatz zusammengeführte Datensätze",
    specialConditions: "Bedingungen für besondere Kategorien Ihrer Daten, auf die wir uns stützen",
  },
  summary: {
    heldNone: "Wir speichern derzeit keinen Wert über Sie.",
    held: (p) => `Wir speichern ${angaben(p.count)} über Sie: ${p.fields}.`,
    erased: (p) => `${angaben(p.count, true)} über Sie ${p.count === 1 ? "wurde" : "wurden"} gelöscht: ${p.fields}.`,
    forgotten: (p) =>
      p.count === 1
        ? `Wir bewahren den Nachweis auf, dass ein Wert existierte (${p.fields}), doch niemand kann ihn mehr lesen.`
        : `Wir bewahren den Nachweis auf, dass ${p.count} Werte existierten (${p.fields}), doch niemand kann sie mehr lesen.`,
    noConsents: "Sie haben uns keine Einwilligung erteilt.",
    consents: (p) =>
      `Sie haben uns ${p.count === 1 ? "eine Einwilligung" : `${p.count} Einwilligungen`} erteilt; ${p.inEffect === 0 ? "keine ist" : p.inEffect === 1 ? "eine ist" : `${p.inEffect} sind`} derzeit wirksam.`,
    objectedTo: (p) => `Ihr Widerspruch ist wirksam für: ${p.purposes}.`,
    restrictedSince: (p) => `Die Verarbeitung Ihrer Daten ist seit dem ${p.day} eingeschränkt.`,
    uses: (p) => `Ihre Daten wurden ${ZAHLWORT[p.count] ?? `${p.count}-mal`} verwendet${p.count === 0 ? "" : " (jede Verwendung ist unten aufgeführt)"}.`,
    undisclosed: (p) =>
      `Über ${p.count === 1 ? "eine Quelle" : `${p.count} Quellen`} Ihrer Daten haben wir Sie noch nicht informiert: ${p.sources} (siehe „Woher Ihre Daten stammen“ unten).`,
  },
  value: {
    labels: {
      value: "Wert",
      category: "Art der Daten",
      origin: "Herkunft",
      corrected: "Zuletzt berichtigt",
      purposes: "Zweck der Speicherung",
      basis: "Rechtsgrundlage",
      retention: "Speicherdauer",
      history: "Verlauf",
    },
    erasedValue: "gelöscht — wir speichern keinen Wert mehr",
    forgottenValue: "unlesbar gemacht (durch Vernichtung des Schlüssels gelöscht)",
    sealedValue: "verschlüsselt (diese Ausfertigung der Auskunft wurde ohne den Schlüssel erstellt)",
    originFrom: (p) => `${p.source}, am ${p.time}`,
    recordedBy: (p) => `, erfasst von ${p.by}`,
    reference: "; Referenz: ",
    throughAccount: (p) => `; über das Konto ${p.account}${p.employee !== undefined ? `, das ${p.employee} (bei uns beschäftigt) zugeordnet ist` : ""}`,
    unregisteredSeparator: "; ",
    unregistered: "diese Quelle war bei uns nicht registriert, als der Wert erfasst wurde",
    correctedOn: (p) => `am ${p.time}, aus ${p.source}`,
    retentionEnded: (p) => [{ strong: `die Speicherfrist ist am ${p.day} abgelaufen` }, ` (${p.periods}); der Wert ist zu löschen.`],
    retentionUntil: (p) => [`bis spätestens ${p.day}`, ` (${p.periods}).`],
    retentionOpen: (p) => `keine feste Frist: gespeichert, solange er für ${p.purposes} erforderlich ist.`,
    historyErased: (p) => `: gelöscht. Angegebener Grund: ${p.reason}`,
    historyRecorded: ": erfasst",
    historyCorrected: ": berichtigt",
    historyAs: " als ",
    historyValueErased: " (dieser Wert wurde inzwischen gelöscht)",
    historyFrom: (p) => `, aus ${p.source}`,
    dueForErasure: (p) => [{ strong: `seit dem ${p.day} zu löschen` }, ` (${p.grounds}); wir müssen ihn jetzt löschen.`],
  },
  consent: {
    title: (p) => `Einwilligung ${p.consent}`,
    labels: {
      given: "Erteilt",
      purposes: "Für",
      shown: "Was Ihnen angezeigt wurde",
      proof: "Nachweis, den wir aufbewahren",
      confirmed: "Bestätigt",
      withdrawn: "Widerrufen",
      expires: "Gültig bis",
      statusNow: "Aktueller Stand",
    },
    given: (p) => `am ${p.time} (Kanal: ${p.channel}): ${p.method}`,
    shown: (p) =>
      `unser Hinweis ${p.notice}, Version ${p.version}${p.published !== undefined ? ` (veröffentlicht am ${p.published})` : " (wir können nicht belegen, dass diese Version zu diesem Zeitpunkt veröffentlicht war)"}`,
    confirmed: (p) => `am ${p.time}; Nachweis: `,
    withdrawn: (p) => `am ${p.time} (Kanal: ${p.channel})${p.purposes !== undefined ? `, für ${p.purposes}` : ""}`,
    withdrawnProof: "; Nachweis: ",
    inEffect: "wirksam",
    inEffectUntil: (p) => ` bis ${p.time}`,
    notInEffect: "nicht wirksam",
  },
  tables: {
    noOtherBases: "Keine außer Ihren Einwilligungen.",
    basesHead: ["Rechtsgrundlage", "Für", "Unser Aktenzeichen", "Seit", "Bis", "Derzeit wirksam"],
    basisEnded: (p) => `beendet am ${p.day}`,
    noEndDate: "unbefristet",
    yes: "ja",
    no: "nein",
    objection: (p) => `Am ${p.time} haben Sie der Verwendung für ${p.purpose} widersprochen (Kanal: ${p.channel}): `,
    objectionInForce: "wirksam — wir verwenden Ihre Daten hierfür nicht",
    objectionLifted: (p) => `am ${p.day} von Ihnen zurückgenommen`,
    objectionEnded: "nicht mehr wirksam",
    noObjections: "Sie haben keiner Verwendung Ihrer Daten widersprochen.",
    restrictedNow: (p) => [{ strong: `Die Verarbeitung Ihrer Daten ist seit dem ${p.time} eingeschränkt` }, ` (angegebener Grund: ${p.reason}). Solange dies gilt, verwenden wir Ihre Daten nicht.`],
    restrictedBefore: (p) =>
      `Die Verarbeitung Ihrer Daten war in der Vergangenheit eingeschränkt (${p.changes.map((h) => `${h.restricted ? "eingeschränkt" : "aufgehoben"} am ${h.day}`).join(", ")}); derzeit ist sie nicht eingeschränkt.`,
    notRestricted: "Die Verarbeitung Ihrer Daten ist nicht eingeschränkt.",
    purposesHead: ["Zweck", "Bedeutung", "Mögliche Rechtsgrundlagen", "Speicherdauer"],
    noLongerPursued: " (wird nicht mehr verfolgt)",
    undeclaredPurpose: "kein von uns festgelegter Zweck",
    noFixedPeriod: "keine feste Frist",
    noUses: "Es ist keine Verwendung Ihrer Daten verzeichnet.",
    usesHead: ["Wann", "Wer", "Wofür", "Welche Angaben", "Rechtsgrundlage"],
    sourcesHead: ["Quelle", "Art der Quelle", "Erstmals erhalten", "Angaben", "Ihnen mitgeteilt"],
    unknownKind: "unbekannt",
    ownData: "von Ihnen selbst angegeben",
    toldOn: (p) => `am ${p.day}`,
    notYetTold: "noch nicht",
    merged: (p) =>
      `Ein zweiter Datensatz zu Ihrer Person (${p.subject}) wurde am ${p.time} mit diesem zusammengeführt: ${p.values === 1 ? "ein Wert" : `${p.values} Werte`} und ${p.consents === 1 ? "eine Einwilligung" : `${p.consents} Einwilligungen`} stammen daraus (${p.ids ?? "sonst nichts"}).`,
    specialHead: ["Bedingung", "Für Daten über", "Für", "Unser Aktenzeichen", "Seit", "Bis", "Derzeit wirksam"],
    specialCondition: (p) => (p.consent !== undefined ? `${p.condition} (Einwilligung ${p.consent})` : p.condition),
  },
  timeline: {
    "data-recorded": (p) => `Wir haben ${p.field !== undefined ? `Ihre Angabe ${p.field}` : "Ihre Daten"} erfasst; erhalten von ${p.source}.`,
    "data-corrected": (p) => `Wir haben ${p.field !== undefined ? `Ihre Angabe ${p.field}` : "Ihre Daten"} berichtigt; der neue Wert stammt von ${p.source}.`,
    "data-erased": (p) => `Wir haben ${p.field !== undefined ? `Ihre Angabe ${p.field}` : "Ihre Daten"} gelöscht. Angegebener Grund: ${p.reason}`,
    "consent-given": (p) => `Sie haben Ihre Einwilligung (${p.consent}) für ${p.purposes} erteilt (Kanal: ${p.channel}).`,
    "consent-confirmed": (p) => `Sie haben Ihre Einwilligung (${p.consent}) bestätigt.`,
    "consent-withdrawn": (p) =>
      p.consent !== undefined
        ? `Sie haben Ihre Einwilligung (${p.consent})${p.purposes !== undefined ? ` für ${p.purposes}` : ""} widerrufen (Kanal: ${p.channel}).`
        : `Sie haben Ihre Einwilligung für ${p.purposes ?? ""} widerrufen (Kanal: ${p.channel}).`,
    "consent-expired": (p) => `Ihre Einwilligung (${p.consent}) für ${p.purposes} ist abgelaufen.`,
    "basis-recorded": (p) => `Wir haben festgehalten, dass wir Ihre Daten für ${p.purposes} verarbeiten; Rechtsgrundlage: ${p.basis} (Aktenzeichen ${p.reference}).`,
    "basis-ended": (p) => `Die Rechtsgrundlage mit dem Aktenzeichen ${p.reference} ist entfallen.`,
    "objection-raised": (p) => `Sie haben der Verwendung Ihrer Daten für ${p.purposes} widersprochen (Kanal: ${p.channel}).`,
    "objection-lifted": (p) => `Sie haben Ihren Widerspruch gegen ${p.purposes} zurückgenommen (Kanal: ${p.channel}).`,
    restricted: (p) => `Die Verarbeitung Ihrer Daten wurde eingeschränkt. Angegebener Grund: ${p.reason}`,
    "restriction-lifted": (p) => `Die Einschränkung der Verarbeitung wurde aufgehoben${p.reason !== undefined ? `. Angegebener Grund: ${p.reason}` : "."}`,
    informed: (p) => `Wir haben Ihnen mitgeteilt, woher Ihre Daten stammen: ${p.sources}.`,
    use: (p) => `${p.actor}${p.roles.length > 0 ? ` (${p.roles.join(", ")})` : ""} hat Ihre Angaben ${p.fields} für ${p.purpose} verwendet.`,
    "special-condition-recorded": (p) =>
      `Wir haben als Bedingung für die Verarbeitung Ihrer Daten der Kategorien ${p.categories} für ${p.purposes} festgehalten: ${p.condition} (Aktenzeichen ${p.reference}).`,
    "special-condition-ended": (p) => `Die Bedingung für besondere Kategorien Ihrer Daten mit dem Aktenzeichen ${p.reference} ist entfallen.`,
    "subjects-merged": (p) => `Wir haben festgestellt, dass ein zweiter Datensatz Daten über Sie enthielt, und ihn mit diesem zusammengeführt. Angegebener Grund: ${p.reason}`,
  },
  rights: {
    correction: { title: "Berichtigung", text: " — ist hier etwas unrichtig, teilen Sie es uns mit, und wir berichtigen es (Art. 16 DSGVO)." },
    erasure: {
      title: "Löschung",
      text: " — Sie können verlangen, dass wir Ihre Daten löschen; wir machen sie dann unlesbar und bewahren nur den Nachweis auf, dass sie existierten und gelöscht wurden (Art. 17 DSGVO).",
    },
    restriction: { title: "Einschränkung der Verarbeitung", text: " — solange Sie etwas bestreiten, können Sie verlangen, dass wir Ihre Daten nicht verwenden (Art. 18 DSGVO)." },
    portability: { title: "Datenübertragbarkeit", text: " — Sie können die Daten, die Sie uns bereitgestellt haben, in einem maschinenlesbaren Format erhalten (Art. 20 DSGVO)." },
    objection: {
      title: "Widerspruch",
      text: " — Sie können jeder Verwendung widersprechen, die auf unseren berechtigten Interessen beruht, und der Direktwerbung jederzeit (Art. 21 DSGVO).",
    },
    withdrawal: {
      title: "Widerruf der Einwilligung",
      text: " — Sie können eine Einwilligung jederzeit widerrufen; der Widerruf wirkt für die Zukunft, nicht für die Vergangenheit (Art. 7 Abs. 3 DSGVO).",
    },
    complaint: { title: "Beschwerde", text: " — Sie können sich bei einer Datenschutz-Aufsichtsbehörde beschweren (Art. 77 DSGVO)." },
  },
};
