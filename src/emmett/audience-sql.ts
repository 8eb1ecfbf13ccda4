/**
 * The audience read model's tables and statements, over any client with
 * node-postgres' `query(text, values)` (a `pg.Client`, a `pg.PoolClient`, the
 * client of an Emmett projection's transaction). No import of `pg` or of
 * `@event-driven-io/emmett-postgresql`: the subpath stays loadable without them.
 */

/** What the read model needs of a PostgreSQL client: node-postgres' `query`. */
export interface PgClientLike {
  /** Runs one statement with its parameters (`$1`, `$2`, …) and resolves to its rows. */
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** A pool of clients (`pg.Pool`): `audience` takes one client for its read-only transaction. */
export interface PgPoolLike {
  /** Takes a client from the pool; its `release` gives it back. */
  connect(): Promise<PgPooledClientLike>;
}

/** A client taken from a {@link PgPoolLike}. */
export interface PgPooledClientLike extends PgClientLike {
  /** Gives the client back to the pool. */
  release(): void;
}

/**
 * One row of the read model: the decision at `decidedAt` and its
 * `validUntil`, and, followed from window to window (each decision's
 * `validUntil` is where the next one is made), the span `[decidedAt,
 * coveredUntil)` those windows cover and the one interval of it where the use
 * is allowed. A query at an instant inside the span reads the row; outside
 * it, decides again.
 */
export interface AudienceRow {
  /** The decision at `decidedAt`. */
  readonly allowed: boolean;
  /** Epoch ms of the instant decided at. */
  readonly decidedAt: number;
  /** Epoch ms of that decision's `validUntil`; undefined when nothing time-driven is ahead. */
  readonly validUntil: number | undefined;
  /** Epoch ms where the windows followed end; undefined: they reach the end of time. */
  readonly coveredUntil: number | undefined;
  /** The allowed interval inside the span (epoch ms); `allowedFrom` undefined: allowed nowhere in it. */
  readonly allowedFrom: number | undefined;
  readonly allowedUntil: number | undefined;
}

/** Table names of one read model (quoted identifiers). */
export interface Tables {
  readonly rows: string;
  readonly position: string;
  /** Unquoted base name, for index names. */
  readonly base: string;
}

/** A table base name PostgreSQL takes as is: lower-case letters, digits, `_`. */
export const TABLE_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

export function tablesOf(base: string): Tables {
  return { rows: `"${base}"`, position: `"${base}_position"`, base };
}

/** The tables and indexes, created when missing. */
export function createSql(t: Tables): string {
  return `
CREATE TABLE IF NOT EXISTS ${t.rows} (
  audience TEXT NOT NULL,
  subject TEXT NOT NULL,
  allowed BOOLEAN NOT NULL,
  decided_at BIGINT NOT NULL,
  valid_until BIGINT,
  covered_until BIGINT,
  allowed_from BIGINT,
  allowed_until BIGINT,
  PRIMARY KEY (audience, subject)
);
CREATE INDEX IF NOT EXISTS "${t.base}_allowed" ON ${t.rows} (audience, allowed_from) INCLUDE (allowed_until, subject) WHERE allowed_from IS NOT NULL;
CREATE INDEX IF NOT EXISTS "${t.base}_decided" ON ${t.rows} (audience, decided_at);
CREATE INDEX IF NOT EXISTS "${t.base}_covered" ON ${t.rows} (audience, covered_until) WHERE covered_until IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${t.position} (
  projection TEXT PRIMARY KEY,
  position BIGINT NOT NULL,
  events BIGINT NOT NULL
);
DO $$ BEGIN
  -- Emmett 0.42 indexes emt_messages by stream only: the projection reads by global position.
  IF to_regclass('emt_messages') IS NOT NULL THEN
    CREATE INDEX IF NOT EXISTS lawful_crm_emt_messages_position ON emt_messages (partition, global_position);
  END IF;
END $$;`;
}

/** Upserts rows (parallel arrays) and sets the projection's position, in one statement. */
export function upsertSql(t: Tables): string {
  return `
WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[])
    AS x(audience, subject, allowed, decided_at, valid_until, covered_until, allowed_from, allowed_until)
), up AS (
  INSERT INTO ${t.rows} (audience, subject, allowed, decided_at, valid_until, covered_until, allowed_from, allowed_until)
  SELECT * FROM input
  ON CONFLICT (audience, subject) DO UPDATE SET allowed = EXCLUDED.allowed, decided_at = EXCLUDED.decided_at, valid_until = EXCLUDED.valid_until,
    covered_until = EXCLUDED.covered_until, allowed_from = EXCLUDED.allowed_from, allowed_until = EXCLUDED.allowed_until
)
INSERT INTO ${t.position} (projection, position, events) VALUES ($9, $10, $11)
ON CONFLICT (projection) DO UPDATE SET position = EXCLUDED.position, events = EXCLUDED.events`;
}

/** The rows of `audience` that put a subject in it at `at` by themselves, and those that must be decided again. */
export function readSql(t: Tables): { fresh: string; stale: string } {
  return {
    // Allowed at `at`: the allowed interval lies inside the span the row covers.
    // One JSON array rather than a row per person: the driver parses one value.
    fresh: `SELECT coalesce(json_agg(subject), '[]'::json) AS subjects FROM ${t.rows}
             WHERE audience = $1 AND allowed_from IS NOT NULL AND allowed_from <= $2 AND (allowed_until IS NULL OR allowed_until > $2)`,
    // `at` outside the span: decided for a later instant than asked, or past the windows followed.
    stale: `SELECT subject FROM ${t.rows} WHERE audience = $1 AND decided_at > $2
            UNION SELECT subject FROM ${t.rows} WHERE audience = $1 AND covered_until IS NOT NULL AND covered_until <= $2`,
  };
}

export function positionSql(t: Tables): string {
  return `SELECT position, events FROM ${t.position} WHERE projection = $1`;
}

/** Rows of audiences no longer registered. */
export function dropOthersSql(t: Tables): string {
  return `DELETE FROM ${t.rows} WHERE NOT (audience = ANY($1::text[]))`;
}

/** The recorded events of the given streams up to a global position, in its order (Emmett 0.42's `emt_messages`). */
export const STREAM_EVENTS_SQL = `
SELECT stream_id, stream_position, global_position, message_type, message_data, message_metadata
  FROM emt_messages
 WHERE partition = $1 AND is_archived = FALSE AND stream_id = ANY($2::text[]) AND global_position <= $3
 ORDER BY global_position`;

/** Every recorded event up to a global position, in its order. */
export const ALL_EVENTS_SQL = `
SELECT stream_id, stream_position, global_position, message_type, message_data, message_metadata
  FROM emt_messages
 WHERE partition = $1 AND is_archived = FALSE AND global_position <= $2
 ORDER BY global_position`;

/** A row of `emt_messages` as a recorded Emmett event (what `fromEmmettEvent` and `replayRecorded` read). */
export function recordedOf(row: Record<string, unknown>): { type: string; data: unknown; metadata: Record<string, unknown> } {
  const meta = typeof row["message_metadata"] === "object" && row["message_metadata"] !== null ? (row["message_metadata"] as Record<string, unknown>) : {};
  return {
    type: String(row["message_type"]),
    data: row["message_data"],
    metadata: { ...meta, streamName: row["stream_id"], streamPosition: BigInt(String(row["stream_position"])), globalPosition: BigInt(String(row["global_position"])) },
  };
}

/** How long to wait for the appends in progress to end before folding (ms); past it, the next call folds them. */
const MAX_WAIT_MS = 2_000;

/** The events after one global position up to another, in its order (Emmett 0.42's `emt_messages`). */
export const RANGE_SQL = `
SELECT stream_id, stream_position, global_position, message_type, message_data, message_metadata
  FROM emt_messages
 WHERE partition = $1 AND is_archived = FALSE AND global_position > $2 AND global_position <= $3
 ORDER BY global_position
 LIMIT $4`;

/**
 * A global position up to which the store is final: no transaction in
 * progress can still commit an event at or below it. Emmett's append takes
 * its transaction id (pg_current_xact_id()) before its global positions
 * (a sequence, emt_global_message_position), so once every transaction
 * older than the snapshot's xmax, read after the sequence, has ended, every
 * position the sequence had handed out is committed or rolled back. Our own
 * transaction (it may have written rows) is not waited for. If appends stay
 * in progress past MAX_WAIT_MS, the position does not move this time.
 */
export async function horizonOf(client: PgClientLike, position: bigint): Promise<bigint> {
  const seq = await client.query("SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS s FROM emt_global_message_position");
  const s = BigInt(String(seq.rows[0]!["s"]));
  if (s <= position) return position;
  const xmax = String((await client.query("SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS x")).rows[0]!["x"]);
  for (let waited = 0; ; waited += 5) {
    const r = await client.query(
      "SELECT NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot()) AS x WHERE x < $1::xid8 AND x IS DISTINCT FROM pg_current_xact_id_if_assigned()) AS done",
      [xmax],
    );
    if (r.rows[0]!["done"] === true) return s;
    if (waited >= MAX_WAIT_MS) return position;
    await new Promise((done) => setTimeout(done, 5));
  }
}
