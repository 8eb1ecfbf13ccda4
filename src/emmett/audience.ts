/**
 * The audience read model: for each audience the application registers
 * (purpose, fields, actor), one row per subject in PostgreSQL with the
 * decision and how long it holds, kept by an Emmett projection; and
 * `audience(name, at)`, an indexed query that re-decides only the rows whose
 * window does not cover `at`.
 *
 * Why an asynchronous projection (Emmett's `postgreSQLProjector` in a
 * consumer) and not an inline one: a decision needs the subject's whole
 * history and the catalog, and a catalog event changes rows of every
 * subject. Inline, each append's transaction would have to read all that and
 * rewrite every row on a catalog change, and two processes appending at once
 * would each decide without the other's events. One projector (Emmett's
 * processor lock keeps it to one) folds the store in the order of the global
 * position into one ledger held in memory, exactly the replayed store, and
 * writes the rows it changes with its position in the same transaction as
 * Emmett's checkpoint.
 */
import { BigMap, BigSet } from "../_internal/bigmap.js";
import { apply, canUse, CATALOG_EVENT_TYPES, isInvalidQuery, LawfulCrmError, replay, subjectsUsableFor, type Actor, type Ledger } from "../index.js";
import {
  ALL_EVENTS_SQL,
  horizonOf,
  RANGE_SQL,
  createSql,
  dropOthersSql,
  positionSql,
  recordedOf,
  TABLE_NAME,
  tablesOf,
  upsertSql,
  type AudienceRow,
  type PgClientLike,
  type Tables,
} from "./audience-sql.js";
import { fromEmmettEvent, type EmmettEventLike } from "./events.js";
import { CATALOG_STREAM, subjectStream, type StreamNaming } from "./streams.js";

/** An audience the application registers: the query of `subjectsUsableFor` without its instant. */
export interface AudienceDefinition {
  /** The audience's name, as `audience(name, at)` asks for it. */
  readonly name: string;
  readonly purpose: string;
  readonly fields: readonly string[];
  readonly actor: Actor;
}

/** Options of {@link audienceReadModel}. */
export interface AudienceReadModelOptions extends StreamNaming {
  /** The audiences to keep; at least one, names unique. */
  readonly audiences: readonly AudienceDefinition[];
  /** The projection's name (Emmett's projector id is made from it); default `lawful_crm_audience`. */
  readonly projectionName?: string;
  /** The rows' table (`<table>` and `<table>_position`); lower-case letters, digits and `_`; default `lawful_crm_audience`. */
  readonly table?: string;
  /**
   * Which streams hold lawful-crm events; default: the catalog stream and
   * the streams named `lawful_crm_subject-…`. Give it with a `subjectStream`
   * of your own. Events of other streams are not folded.
   */
  readonly ownsStream?: (streamName: string) => boolean;
  /** Emmett's partition of the store; default `emt:default`. */
  readonly partition?: string;
}

/** What the projection's state holds, for monitoring and tests. */
export interface AudienceProjectionStats {
  /** The highest global position folded (0n before the first event). */
  readonly position: bigint;
  /** lawful-crm events folded. */
  readonly events: number;
  /** Subjects with rows. */
  readonly subjects: number;
  /** Decisions made since the process started (each audience of each subject re-decided). */
  readonly decisions: number;
  /** Rows written since the process started. */
  readonly rowsWritten: number;
}

/** The context Emmett's PostgreSQL projector gives a projection's `handle`, `init` and `truncate`: the transaction's client. */
export interface AudienceProjectionContext {
  readonly connection: { readonly client: unknown };
}

/**
 * The projection, in Emmett's `PostgreSQLProjectionDefinition` shape: give
 * it to `postgreSQLProjector({ projection })` or a consumer's
 * `projector({ projection })` (`@event-driven-io/emmett-postgresql`).
 */
export interface AudienceProjection {
  readonly name: string;
  readonly kind: string;
  readonly version: number;
  /** Every type: a lawful-crm stream's event of an unknown type is a reject the ledger must see. */
  readonly canHandle: string[];
  /** Folds a batch of events and writes the rows they change, with the position, in the batch's transaction. */
  handle(events: readonly EmmettEventLike[], context: AudienceProjectionContext): Promise<void>;
  /** Creates the read model's tables and indexes when missing. */
  init(options: { readonly context: AudienceProjectionContext }): Promise<void>;
  /** Empties the rows and this projection's position (a rebuild from the start follows). */
  truncate(context: AudienceProjectionContext): Promise<void>;
}

/** Emmett's projector filters with `canHandle.includes(type)`: this list includes every type. */
class EveryType extends Array<string> {
  override includes(): boolean {
    return true;
  }
}

const catalogTypes: ReadonlySet<string> = new Set(CATALOG_EVENT_TYPES);
const ALL = Symbol("all subjects");
const CHUNK = 5_000;
const READ_CHUNK = 20_000;
/** How many decision windows a row follows from its instant on. */
const MAX_WINDOWS = 8;

const ms = (t: number | undefined): string | null => (t === undefined ? null : String(t));

function sameRow(a: AudienceRow, b: AudienceRow): boolean {
  return a.allowed === b.allowed && a.decidedAt === b.decidedAt && a.validUntil === b.validUntil && a.coveredUntil === b.coveredUntil && a.allowedFrom === b.allowedFrom && a.allowedUntil === b.allowedUntil;
}

function clientOf(context: AudienceProjectionContext): PgClientLike {
  const c = context?.connection?.client as PgClientLike | undefined;
  if (c === undefined || typeof c.query !== "function") throw new LawfulCrmError("INVALID_ARGUMENT", "the audience projection needs the PostgreSQL client of Emmett's projection context (context.connection.client).");
  return c;
}

function instantOf(raw: Record<string, unknown>): number | undefined {
  const at = raw["at"];
  if (typeof at !== "string") return undefined;
  const t = Date.parse(at);
  return Number.isFinite(t) ? t : undefined;
}

/** The audiences, checked: unique non-empty names, each a well-formed audience query. */
export function checkAudiences(audiences: readonly AudienceDefinition[]): readonly AudienceDefinition[] {
  if (!Array.isArray(audiences) || audiences.length === 0) throw new LawfulCrmError("INVALID_ARGUMENT", "audienceReadModel: audiences must be a non-empty array of { name, purpose, fields, actor }.");
  const names = new Set<string>();
  for (const a of audiences) {
    if (typeof a?.name !== "string" || a.name === "") throw new LawfulCrmError("INVALID_ARGUMENT", "audienceReadModel: every audience needs a non-empty name.");
    if (names.has(a.name)) throw new LawfulCrmError("INVALID_ARGUMENT", `audienceReadModel: the audience name ${JSON.stringify(a.name)} is registered twice.`);
    names.add(a.name);
    const r = subjectsUsableFor(replay([]), { purpose: a.purpose, fields: a.fields, actor: a.actor, at: "2024-01-01T00:00:00Z" });
    if (isInvalidQuery(r)) throw new LawfulCrmError("INVALID_ARGUMENT", `audienceReadModel: audience ${JSON.stringify(a.name)}: ${r.error.message}`);
  }
  return Object.freeze(audiences.map((a) => Object.freeze({ ...a, fields: Object.freeze([...a.fields]) })));
}

/** Resolved options shared by the projection and the query. */
export interface ModelConfig {
  readonly audiences: readonly AudienceDefinition[];
  readonly projectionName: string;
  readonly tables: Tables;
  readonly catalogStream: string;
  readonly naming: (subject: string) => string;
  readonly ownsStream: (stream: string) => boolean;
  readonly partition: string;
}

export function configOf(options: AudienceReadModelOptions): ModelConfig {
  const table = options.table ?? "lawful_crm_audience";
  if (!TABLE_NAME.test(table)) throw new LawfulCrmError("INVALID_ARGUMENT", `audienceReadModel: table must be lower-case letters, digits and _ (at most 41), got ${JSON.stringify(table)}.`);
  if (options.subjectStream !== undefined && options.ownsStream === undefined) {
    throw new LawfulCrmError("INVALID_ARGUMENT", "audienceReadModel: with a subjectStream of your own, say which streams are lawful-crm's with ownsStream.");
  }
  const catalogStream = options.catalogStream ?? CATALOG_STREAM;
  return {
    audiences: checkAudiences(options.audiences),
    projectionName: options.projectionName ?? "lawful_crm_audience",
    tables: tablesOf(table),
    catalogStream,
    naming: options.subjectStream ?? subjectStream,
    ownsStream: options.ownsStream ?? ((s: string) => s === catalogStream || s.startsWith(subjectStream(""))),
    partition: options.partition ?? "emt:default",
  };
}

/**
 * The projection's state: the store folded in global order (the replayed
 * store), the instants decisions are made at, and the rows as last written.
 */
export class AudienceProjector {
  private loaded = false;
  private ledger: Ledger = replay([]);
  private position = 0n;
  private events = 0;
  /** Latest instant of a catalog event / of each subject's events (epoch ms). */
  private catalogAt = -Infinity;
  // Per subject (and audience): BigMap, since a V8 Map holds at most 2^24 entries.
  private readonly subjectAt = new BigMap<string, number>();
  private readonly rows = new BigMap<string, AudienceRow>();
  private decisions = 0;
  private rowsWritten = 0;

  constructor(private readonly config: ModelConfig) {}

  stats(): AudienceProjectionStats {
    return { position: this.position, events: this.events, subjects: this.subjectAt.size, decisions: this.decisions, rowsWritten: this.rowsWritten };
  }

  async init(context: AudienceProjectionContext): Promise<void> {
    await clientOf(context).query(createSql(this.config.tables));
  }

  async truncate(context: AudienceProjectionContext): Promise<void> {
    const client = clientOf(context);
    await client.query(createSql(this.config.tables));
    await client.query(`DELETE FROM ${this.config.tables.rows}`);
    await client.query(`DELETE FROM ${this.config.tables.position} WHERE projection = $1`, [this.config.projectionName]);
    this.reset();
    this.loaded = true;
  }

  private reset(): void {
    this.ledger = replay([]);
    this.position = 0n;
    this.events = 0;
    this.catalogAt = -Infinity;
    this.subjectAt.clear();
    this.rows.clear();
  }

  /**
   * Emmett's projector calls this for each message it delivers; the
   * message is only the signal that the store moved on. Emmett 0.42's
   * consumer delivers in the order of the transaction id and skips a
   * message whose global position is at or below its checkpoint, so an
   * append that took a lower position but committed later never reaches a
   * projection (the bench lost 8 % of its events with 16 writers at once).
   * So the projection reads the store itself, in the order of the global
   * position, up to a position no transaction in progress can still fill
   * (see {@link horizonOf}), and folds everything up to it.
   */
  async handle(_events: readonly EmmettEventLike[], context: AudienceProjectionContext): Promise<void> {
    const client = clientOf(context);
    if (!this.loaded) await this.load(client);
    const horizon = await horizonOf(client, this.position);
    if (horizon <= this.position) return;
    let affected: BigSet<string> | typeof ALL = new BigSet<string>();
    for (;;) {
      const r = await client.query(RANGE_SQL, [this.config.partition, String(this.position), String(horizon), READ_CHUNK]);
      for (const row of r.rows) {
        const e = recordedOf(row);
        if (!this.config.ownsStream(String(e.metadata["streamName"]))) continue;
        const hit = this.fold(fromEmmettEvent(e));
        if (hit === ALL) affected = ALL;
        else if (affected !== ALL) affected.add(hit);
      }
      if (r.rows.length < READ_CHUNK) break;
      this.position = BigInt(String(r.rows[r.rows.length - 1]!["global_position"]));
    }
    this.position = horizon;
    const subjects = affected === ALL ? [...this.subjectAt.keys()] : [...affected];
    await this.write(client, this.decide(subjects));
  }

  /** Folds one event; the subject whose rows it can change, or ALL. */
  private fold(raw: Record<string, unknown>): string | typeof ALL {
    const before = this.ledger.rejected.length;
    this.ledger = apply(this.ledger, raw);
    this.events++;
    const t = instantOf(raw);
    const subject = raw["subject"];
    const type = raw["type"];
    const isSubjectEvent = typeof subject === "string" && subject !== "" && typeof type === "string" && !catalogTypes.has(type);
    if (typeof subject === "string" && subject !== "" && !this.subjectAt.has(subject)) this.subjectAt.set(subject, -Infinity);
    if (isSubjectEvent) {
      if (t !== undefined) this.subjectAt.set(subject, Math.max(this.subjectAt.get(subject)!, t));
    } else if (t !== undefined) this.catalogAt = Math.max(this.catalogAt, t);
    // A catalog event, a reject (it marks the history incomplete) or an
    // event without a subject can change any subject's answer.
    if (!isSubjectEvent || this.ledger.rejected.length > before) return ALL;
    return subject;
  }

  /** The rows of `subjects` that differ from those last written, decided on the ledger at its position. */
  private decide(subjects: readonly string[]): BigMap<string, AudienceRow> {
    const changed = new BigMap<string, AudienceRow>();
    for (const subject of subjects) {
      const latest = Math.max(this.catalogAt, this.subjectAt.get(subject) ?? -Infinity);
      // Decided at the latest instant of the catalog and the subject: a
      // query about the present then reads the row.
      const decidedAt = Number.isFinite(latest) ? latest : 0;
      for (const a of this.config.audiences) {
        const row = this.windows(subject, a, decidedAt);
        const key = `${a.name}\u0000${subject}`;
        const old = this.rows.get(key);
        if (old !== undefined && sameRow(old, row)) continue;
        this.rows.set(key, row);
        changed.set(key, row);
      }
    }
    return changed;
  }

  /**
   * The row of one audience and subject: decisions from `decidedAt` on, each
   * made where the one before stops holding (its `validUntil`), for at most
   * MAX_WINDOWS windows, and while the allowed instants stay one interval.
   */
  private windows(subject: string, a: AudienceDefinition, decidedAt: number): AudienceRow {
    const ask = (t: number) => {
      this.decisions++;
      const d = canUse(this.ledger, { subject, purpose: a.purpose, fields: a.fields, actor: a.actor, at: new Date(t).toISOString() });
      return { allowed: d.allowed, until: d.validUntil === undefined ? undefined : Date.parse(d.validUntil) };
    };
    const first = ask(decidedAt);
    let allowedFrom = first.allowed ? decidedAt : undefined;
    let allowedUntil = first.allowed ? first.until : undefined;
    let closed = false; // the allowed interval has ended: a later allowed window would be a second one
    let end = first.until;
    let allowed = first.allowed;
    for (let k = 1; k < MAX_WINDOWS && end !== undefined; k++) {
      const next = ask(end);
      if (next.allowed && (closed || (allowedFrom !== undefined && !allowed))) break;
      if (next.allowed) {
        allowedFrom ??= end;
        allowedUntil = next.until;
      } else if (allowedFrom !== undefined) closed = true;
      allowed = next.allowed;
      end = next.until;
    }
    return { allowed: first.allowed, decidedAt, validUntil: first.until, coveredUntil: end, allowedFrom, allowedUntil };
  }

  /** Writes the changed rows and the position, in chunks, in the caller's transaction. */
  private async write(client: PgClientLike, changed: BigMap<string, AudienceRow>): Promise<void> {
    const entries = [...changed.entries()];
    const sql = upsertSql(this.config.tables);
    for (let k = 0; k === 0 || k < entries.length; k += CHUNK) {
      const chunk = entries.slice(k, k + CHUNK);
      const audience: string[] = [];
      const subject: string[] = [];
      for (const [key] of chunk) {
        const cut = key.indexOf("\u0000");
        audience.push(key.slice(0, cut));
        subject.push(key.slice(cut + 1));
      }
      await client.query(sql, [
        audience,
        subject,
        chunk.map(([, r]) => r.allowed),
        chunk.map(([, r]) => String(r.decidedAt)),
        chunk.map(([, r]) => ms(r.validUntil)),
        chunk.map(([, r]) => ms(r.coveredUntil)),
        chunk.map(([, r]) => ms(r.allowedFrom)),
        chunk.map(([, r]) => ms(r.allowedUntil)),
        this.config.projectionName,
        String(this.position),
        this.events,
      ]);
    }
    this.rowsWritten += entries.length;
  }

  /**
   * After a start: folds the store up to the position written last (every
   * event up to it, in global order) and writes every row again, so that
   * the rows are those of the replayed store at that position whatever a
   * crash or an earlier version left.
   */
  private async load(client: PgClientLike): Promise<void> {
    const { tables, projectionName, partition, audiences } = this.config;
    await client.query(createSql(tables));
    this.reset();
    const pos = await client.query(positionSql(tables), [projectionName]);
    const position = pos.rows.length === 0 ? 0n : BigInt(String(pos.rows[0]!["position"]));
    if (position > 0n) {
      const r = await client.query(ALL_EVENTS_SQL, [partition, String(position)]);
      for (const row of r.rows) {
        const e = recordedOf(row);
        if (this.config.ownsStream(String(e.metadata["streamName"]))) this.fold(fromEmmettEvent(e));
      }
    }
    this.position = position;
    await client.query(dropOthersSql(tables), [audiences.map((a) => a.name)]);
    await this.write(client, this.decide([...this.subjectAt.keys()]));
    this.loaded = true;
  }
}

export function projectionOf(config: ModelConfig, state: AudienceProjector): AudienceProjection {
  const canHandle = new EveryType();
  return {
    name: config.projectionName,
    kind: "lawful-crm:audience",
    version: 1,
    canHandle,
    handle: (events, context) => state.handle(events, context),
    init: (options) => state.init(options.context),
    truncate: (context) => state.truncate(context),
  };
}
