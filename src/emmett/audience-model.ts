/**
 * `audienceReadModel`: the projection and the query of the audience read
 * model (see ./audience.ts for how the projection works).
 */
import { canUse, isInvalidQuery, replay, subjectsUsableFor } from "../index.js";
import { positionSql, readSql, recordedOf, STREAM_EVENTS_SQL, type PgClientLike, type PgPoolLike } from "./audience-sql.js";
import { AudienceProjector, configOf, projectionOf, type AudienceDefinition, type AudienceProjection, type AudienceProjectionStats, type AudienceReadModelOptions, type ModelConfig } from "./audience.js";
import { replayRecorded } from "./streams.js";

/** Why `audience` gave no audience. */
export type AudienceErrorCode = "UNKNOWN_AUDIENCE" | "INVALID_QUERY" | "PROJECTION_BEHIND";

/** An audience that could not be given, and why: never an empty list that reads as "nobody". */
export interface AudienceError {
  readonly error: { readonly code: AudienceErrorCode; readonly message: string };
}

/** An audience from the read model. */
export interface AudienceAnswer {
  /** The subjects the use is allowed for at `at`, in code-unit order: `subjectsUsableFor` on the store replayed up to `position`. */
  readonly subjects: readonly string[];
  /** The highest global position the projection had folded: the answer is that of the store up to it. */
  readonly position: bigint;
  /** Subjects answered by their rows alone. */
  readonly fromRows: number;
  /** Rows decided again for `at` (decided for a later instant, or lapsed by `at`). */
  readonly redecided: number;
}

/** Options of {@link AudienceReadModel.audience}. */
export interface AudienceQueryOptions {
  /** The position the answer must include (your last append's global position): below it, a `PROJECTION_BEHIND` error instead of an older answer. */
  readonly minPosition?: bigint;
}

/** The audience read model: its Emmett projection and its query. Made by {@link audienceReadModel}. */
export interface AudienceReadModel {
  /** The registered audiences. */
  readonly audiences: readonly AudienceDefinition[];
  /** The Emmett projection that keeps the rows: run it with `postgreSQLProjector` / a consumer's `projector` (one per store). */
  readonly projection: AudienceProjection;
  /**
   * The audience `name` at `at` from the rows: the subjects allowed, at
   * the position the projection has folded, re-deciding the rows whose
   * window `[decided at, validUntil)` does not hold `at`.
   */
  audience(db: PgPoolLike, name: string, at: string, options?: AudienceQueryOptions): Promise<AudienceAnswer | AudienceError>;
  /** The projection's position as written in PostgreSQL (0n before it has folded anything). */
  position(db: PgPoolLike): Promise<bigint>;
  /** What this process's projection state holds. */
  stats(): AudienceProjectionStats;
}

function failure(code: AudienceErrorCode, message: string): AudienceError {
  return Object.freeze({ error: Object.freeze({ code, message }) });
}

async function readPosition(client: PgClientLike, config: ModelConfig): Promise<bigint> {
  const r = await client.query(positionSql(config.tables), [config.projectionName]);
  return r.rows.length === 0 ? 0n : BigInt(String(r.rows[0]!["position"]));
}

/** The stale subjects decided again at `at`, on the catalog and their streams up to `position` (as `readLedger` reads them). */
async function redecide(client: PgClientLike, config: ModelConfig, a: AudienceDefinition, subjects: readonly string[], at: string, position: bigint): Promise<string[]> {
  if (subjects.length === 0) return [];
  const streams = [config.catalogStream, ...subjects.map(config.naming)];
  const r = await client.query(STREAM_EVENTS_SQL, [config.partition, streams, String(position)]);
  const ledger = replayRecorded(r.rows.map(recordedOf));
  return subjects.filter((subject) => canUse(ledger, { subject, purpose: a.purpose, fields: a.fields, actor: a.actor, at }).allowed);
}

async function query(db: PgPoolLike, config: ModelConfig, name: string, at: string, options: AudienceQueryOptions): Promise<AudienceAnswer | AudienceError> {
  const a = config.audiences.find((x) => x.name === name);
  if (a === undefined) return failure("UNKNOWN_AUDIENCE", `audience(): no audience named ${JSON.stringify(name)} is registered (registered: ${config.audiences.map((x) => JSON.stringify(x.name)).join(", ")}).`);
  const check = subjectsUsableFor(replay([]), { purpose: a.purpose, fields: a.fields, actor: a.actor, at });
  if (isInvalidQuery(check)) return failure("INVALID_QUERY", check.error.message.replace("subjectsUsableFor()", "audience()"));
  const t = Date.parse(at);
  const client = await db.connect();
  try {
    // One snapshot: the position and the rows it wrote together.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const position = await readPosition(client, config);
    if (options.minPosition !== undefined && position < options.minPosition) {
      return failure("PROJECTION_BEHIND", `audience(): the projection has folded the store up to global position ${position}, not yet up to ${options.minPosition}; ask again once it has caught up.`);
    }
    const sql = readSql(config.tables);
    const fresh = await client.query(sql.fresh, [name, String(t)]);
    const stale = await client.query(sql.stale, [name, String(t)]);
    const again = await redecide(client, config, a, stale.rows.map((r) => String(r["subject"])), at, position);
    const fromRows = (fresh.rows[0]?.["subjects"] ?? []) as string[];
    const subjects = [...fromRows, ...again].sort();
    return Object.freeze({ subjects: Object.freeze(subjects), position, fromRows: fromRows.length, redecided: stale.rows.length });
  } finally {
    await client.query("COMMIT").catch(() => undefined);
    client.release();
  }
}

/**
 * The audience read model for the audiences you register: an Emmett
 * projection (`@event-driven-io/emmett-postgresql`'s `postgreSQLProjector`
 * runs it) keeping one row per audience and subject with the decision, the
 * instant it was made for and its `validUntil`, and `audience(db, name, at)`,
 * an indexed query answering exactly as `subjectsUsableFor` on the store
 * replayed up to the projection's position (which it reports). A subject
 * event re-decides that subject; a catalog event or a reject re-decides every
 * subject. Rows whose window does not hold `at` (a time-travel query, a
 * decision that lapsed) are decided again from the store up to that position.
 * Needs node-postgres' `pg.Pool` (or anything with `connect()`) for the query.
 *
 * @example
 * ```ts fragment
 * // Not run by the docs test: it needs a PostgreSQL server (examples/emmett-postgresql.ts runs the same on one).
 * import { getPostgreSQLEventStore, postgreSQLEventStoreConsumer } from "@event-driven-io/emmett-postgresql";
 * import pg from "pg";
 * import { audienceReadModel, LawfulCrmCommandHandler } from "lawful-crm/emmett";
 * const url = process.env["LAWFUL_CRM_PG_URL"]!;
 * const model = audienceReadModel({ audiences: [
 *   { name: "newsletter", purpose: "marketing.email", fields: ["email"], actor: { id: "campaign-bot", roles: ["marketer"] } },
 * ] });
 * const eventStore = getPostgreSQLEventStore(url);
 * await LawfulCrmCommandHandler()(eventStore, { type: "declarePurpose", data: { purpose: "marketing.email", description: "Newsletter", legalBases: ["consent"] } });
 * // Catch up once (a service keeps the consumer running instead).
 * const consumer = postgreSQLEventStoreConsumer({ connectionString: url, stopWhen: { noMessagesLeft: true } });
 * consumer.projector({ projection: model.projection });
 * await consumer.start();
 * await consumer.close();
 * const pool = new pg.Pool({ connectionString: url });
 * const answer = await model.audience(pool, "newsletter", new Date().toISOString());
 * if ("error" in answer) throw new Error(answer.error.message);
 * console.log(answer.subjects, "as of global position", answer.position);
 * await pool.end();
 * await eventStore.close();
 * ```
 */
export function audienceReadModel(options: AudienceReadModelOptions): AudienceReadModel {
  const config = configOf(options);
  const state = new AudienceProjector(config);
  return Object.freeze({
    audiences: config.audiences,
    projection: projectionOf(config, state),
    audience: (db: PgPoolLike, name: string, at: string, queryOptions: AudienceQueryOptions = {}) => query(db, config, name, at, queryOptions),
    position: async (db: PgPoolLike) => {
      const client = await db.connect();
      try {
        return await readPosition(client, config);
      } finally {
        client.release();
      }
    },
    stats: () => state.stats(),
  });
}
