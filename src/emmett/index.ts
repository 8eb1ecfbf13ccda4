/**
 * `lawful-crm/emmett`: run the lawful-crm write side on Emmett's event stores
 * (`@event-driven-io/emmett`, an optional peer dependency; only this subpath
 * imports it). The same code runs on the in-memory, SQLite and PostgreSQL
 * stores: it uses Emmett's `EventStore` interface only.
 *
 * - {@link emmettDecider}: the Decider in Emmett's shape; its `decide`
 *   returns Emmett events and throws one {@link CommandRefusedError} carrying
 *   every `CommandError`.
 * - {@link toEmmettEvent} / {@link fromEmmettEvent}: a wire-format event as
 *   an Emmett event `{ type, data, metadata: { id, at, subject?, by?, v? } }`
 *   and back, losing nothing.
 * - {@link LawfulCrmCommandHandler}: a command handler that keeps the catalog
 *   on its own stream and each subject on its own stream; a subject command
 *   reads the catalog too, and the log order replay needs is the store's
 *   global position.
 * - {@link ledgerCache}: the catalog read once and kept up to date by its
 *   position, with the subjects read through it; the handler keeps one per
 *   store, so a subject command's cost does not grow with the catalog.
 * - {@link audienceReadModel}: the audience read model, an Emmett projection
 *   in PostgreSQL keeping one row per audience and subject with the decision
 *   and its `validUntil`, and `audience(name, at)`, an indexed query that
 *   reports the position it answers at.
 * - {@link readLedger} / {@link replayRecorded}: the read side, a `Ledger`
 *   from streams or from recorded events ordered by global position.
 *
 * Uses only the public API of `lawful-crm`.
 *
 * @packageDocumentation
 * @module lawful-crm/emmett
 */
export { toEmmettEvent, fromEmmettEvent, type LawfulCrmEventMetadata, type LawfulCrmEmmettEvent, type EmmettEventLike } from "./events.js";
export {
  CommandRefusedError,
  emmettDecider,
  type EmmettDeciderOptions,
  type LawfulCrmEmmettCommand,
  type LawfulCrmEmmettDecider,
} from "./decider.js";
export { CATALOG_STREAM, subjectStream, replayRecorded, readLedger, type StreamNaming, type ReadLedgerOptions } from "./streams.js";
export { ledgerCache, type LedgerCache, type LedgerCacheOptions, type LedgerCacheStats, type CachedReadOptions } from "./cache.js";
export {
  LawfulCrmCommandHandler,
  type LawfulCrmCommandHandlerOptions,
  type LawfulCrmHandleOptions,
  type LawfulCrmHandleResult,
} from "./handler.js";
export {
  audienceReadModel,
  type AudienceReadModel,
  type AudienceAnswer,
  type AudienceError,
  type AudienceErrorCode,
  type AudienceQueryOptions,
} from "./audience-model.js";
export {
  type AudienceDefinition,
  type AudienceReadModelOptions,
  type AudienceProjection,
  type AudienceProjectionContext,
  type AudienceProjectionStats,
} from "./audience.js";
export type { PgClientLike, PgPoolLike, PgPooledClientLike } from "./audience-sql.js";
export { catchUp, recordGlobalLog, type CatchUpOptions, type CaughtUp, type GlobalLogBatch, type GlobalLogReader, type RecordedGlobalLog } from "./catchup.js";
