/**
 * The sentences of the record of processing activities (GDPR Art. 30). The
 * record is Markdown: values arrive escaped for Markdown, and a catalogue's
 * text is written as it is (it may use Markdown itself).
 */

/**
 * What to write in each part only the controller can supply.
 *
 * @example
 * ```ts
 * import { germanMessages, type PlaceholderHints } from "lawful-crm";
 * const hints: PlaceholderHints = germanMessages.processingRecord.hints;
 * console.log(hints.securityMeasures); //=> Eine allgemeine Beschreibung der technischen und organisatorischen Maßnahmen (TOM).
 * ```
 */
export interface PlaceholderHints {
  readonly controller: string;
  readonly securityMeasures: string;
  readonly dataSubjectCategories: string;
  readonly recipients: string;
  readonly transfers: string;
}

/**
 * Every sentence of `renderProcessingRecord`.
 *
 * @example
 * ```ts
 * import { germanMessages, type ProcessingRecordMessages } from "lawful-crm";
 * const record: ProcessingRecordMessages = germanMessages.processingRecord;
 * console.log(record.article("Art. 30(1)(g), 32(1)")); //=> Art. 30 Abs. 1 lit. g, Art. 32 Abs. 1 DSGVO
 * ```
 */
export interface ProcessingRecordMessages {
  readonly title: string;
  /** `at` as recorded, `time` in words. */
  readonly asOf: (p: { readonly at: string; readonly time: string }) => string;
  /** A warning: data or consents name `purposes` never declared. */
  readonly gap: (p: { readonly purposes: string }) => string;
  readonly retired: string;
  readonly hints: PlaceholderHints;
  readonly labels: {
    readonly controller: string;
    readonly securityMeasures: string;
    readonly description: string;
    readonly retiredAt: string;
    readonly legalBases: string;
    readonly retention: string;
    readonly rules: string;
    readonly categories: string;
    readonly sources: string;
    readonly access: string;
    readonly dataSubjects: string;
    readonly recipients: string;
    readonly transfers: string;
    /** GDPR Art. 9: the special categories held for the purpose, and the conditions of Art. 9(2) relied on. */
    readonly specialCategories: string;
    readonly specialConditions: string;
  };
  /** A GDPR article as the record names it (`Art. 30(1)(a)`), in the catalogue's citation style. */
  readonly article: (article: string) => string;
  /** A legal basis by its id, with its article and EU GDPR identifier when the record has them. */
  readonly legalBasis: (p: { readonly basis: string; readonly article?: string; readonly gdpr?: string }) => string;
  readonly yes: string;
  readonly none: string;
  /** `duration` as declared (ISO 8601), `words` in words. */
  readonly retention: (p: { readonly duration: string; readonly words: string }) => string;
  readonly notDeclared: string;
  readonly directMarketing: string;
  readonly doubleOptIn: string;
  /** A rule of the purpose: consent lasts at most `duration`. */
  readonly consentMaxAge: (p: { readonly duration: string }) => string;
  readonly originDisclosure: string;
  readonly noneHeld: string;
  /** A category of data held, with the number of values and of persons. */
  readonly category: (p: { readonly category: string; readonly values: number; readonly persons: number }) => string;
  /** A special category held for the purpose, with the number of values. */
  readonly specialCategory: (p: { readonly category: string; readonly values: number }) => string;
  /** A condition of Art. 9(2) relied on, for `categories`, by `persons` persons. */
  readonly specialCondition: (p: { readonly condition: string; readonly categories: readonly string[]; readonly persons: number }) => string;
  /** A source of the data: its kind, assessment, and whether it is registered. */
  readonly source: (p: { readonly source: string; readonly kind?: string; readonly assessment?: string; readonly registered: boolean }) => string;
  /** A role with access, its policy and the categories it grants. */
  readonly access: (p: { readonly role: string; readonly policy: string; readonly categories: readonly string[] }) => string;
}
