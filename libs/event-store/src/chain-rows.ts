import type { SqlExecutor } from '../../database/src/sql-client.js';
import { createHash } from 'node:crypto';
import { canonicalJson, canonicalJsonOfJsonbText, canonicalString } from './canonical-json.js';
import type { JsonObject } from './event-store.port.js';

/**
 * An `events` row with only what the hash covers: what a chain walk reads. Narrower than an
 * EventRow (no transaction id, metadata reduced to the three hashed members), which is most of
 * what makes a walk of the whole log faster than reading it as events.
 */
export interface ChainRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  version: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  actor: string;
  correlation_id: string | null;
  causation_id: string | null;
  /** ISO-8601 UTC as the hash has it (…T…Z, milliseconds), or with microseconds when the row holds any. */
  occurred_at: string;
  recorded_at: string;
  university_id: string | null;
  hash: string;
  previous_hash: string | null;
}

export interface ChainWalkScope {
  /** Only this stream. */
  streamId?: string;
  /** Only the streams registered to this university. */
  universityId?: string;
  /** Only events at or below this global position. */
  upToPosition?: string;
  /** Rows fetched per round trip; memory stays bounded by it whatever the size of the log. */
  batchSize?: number;
}

export interface ChainRowsWithHeads {
  /** Each row also carries its stream's head (`head_version`, `head_hash`), read in the same statement. */
  withHeads?: boolean;
  /** Only the streams in this range of ids (`from` included, `before` excluded), for walks split in parts. */
  streams?: StreamRange;
}

export interface StreamRange {
  from?: string;
  before?: string;
}

/**
 * Up to `parts` ranges of stream ids covering every stream, cut at quantiles of the events (one
 * branch holds hundreds of events, a person a handful), so that walks of the parts, side by side
 * on separate connections, take about as long. A large log is sampled (1 % of its pages).
 */
export async function streamRanges(sql: SqlExecutor, parts: number): Promise<StreamRange[]> {
  if (parts <= 1) return [{}];
  const { rows: sizes } = await sql.query<{ estimate: number | null }>(`SELECT reltuples AS estimate FROM pg_class WHERE relname = 'events'`);
  // reltuples is -1 until the table is first analyzed: sample then too rather than sort the whole log.
  const estimate = Number(sizes[0]?.estimate ?? -1);
  const sampled = estimate < 0 || estimate > 1_000_000 ? 'TABLESAMPLE SYSTEM (1)' : '';
  const quantiles = Array.from({ length: parts - 1 }, (_, index) => (index + 1) / parts);
  const { rows } = await sql.query<{ cuts: string[] | null }>(
    `SELECT percentile_disc($1::float8[]) WITHIN GROUP (ORDER BY stream_id) AS cuts FROM events ${sampled}`,
    [quantiles],
  );
  const cuts = [...new Set((rows[0]?.cuts ?? []).filter((cut): cut is string => cut !== null))];
  return [undefined, ...cuts].map((from, index) => ({ from, before: cuts[index] }));
}

const CHAIN_COLUMNS = `events.global_position, events.event_id::text AS event_id, events.stream_id, events.version,
  events.type, events.schema_version, events.data, events.metadata->>'actor' AS actor,
  events.metadata->>'correlationId' AS correlation_id, events.metadata->>'causationId' AS causation_id,
  ${isoInstant('events.occurred_at')} AS occurred_at, ${isoInstant('events.recorded_at')} AS recorded_at,
  events.university_id, events.hash, events.previous_hash`;

/**
 * An instant as the hash writes it, formatted by the database: parsing a timestamptz into a Date
 * and printing it again costs more than the rest of a row. A row with microseconds (the store
 * writes milliseconds) keeps them, so it cannot hash as its millisecond neighbour.
 */
function isoInstant(column: string): string {
  return `regexp_replace(to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '000$', '') || 'Z'`;
}

/**
 * The hash DOMAIN.md §3 defines (SHA-256 of the RFC 8785 JSON of the hashed fields), of a row
 * linked to `previousHash` (the stored link, or a recomputed one). The members are written in
 * JCS order by hand: the same text `hash-chain.ts` hashes, without building the object.
 */
export function chainRowHash(row: ChainRow, previousHash: string | null): string {
  return hashOfFields(row, canonicalJson(row.data), previousHash);
}

/** {@link chainRowHash} of a row read in log order, its payload as jsonb text. */
export function logRowHash(row: LogOrderRow): string {
  return hashOfFields(row, canonicalJsonOfJsonbText(row.data), row.previous_hash);
}

function hashOfFields(row: Omit<ChainRow, 'data'>, canonicalData: string, previousHash: string | null): string {
  const text =
    `{"actor":${nullableString(row.actor)},"causationId":${nullableString(row.causation_id)}` +
    `,"correlationId":${nullableString(row.correlation_id)},"data":${canonicalData}` +
    `,"eventId":${canonicalString(row.event_id)},"occurredAt":"${row.occurred_at}","previousHash":${nullableString(previousHash)}` +
    `,"recordedAt":"${row.recorded_at}","schemaVersion":${canonicalJson(row.schema_version)},"streamId":${canonicalString(row.stream_id)}` +
    `,"type":${canonicalString(row.type)},"universityId":${nullableString(row.university_id)},"version":${canonicalJson(Number(row.version))}}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function nullableString(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : canonicalString(value);
}

/** `AND …` conditions restricting `events` to the scope, numbering their parameters from `firstParameter`. */
export function eventScopeConditions(scope: ChainWalkScope, firstParameter: number): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = () => `$${firstParameter + params.length - 1}`;
  if (scope.streamId !== undefined) {
    params.push(scope.streamId);
    conditions.push(`AND events.stream_id = ${next()}`);
  }
  if (scope.universityId !== undefined) {
    params.push(scope.universityId);
    conditions.push(`AND EXISTS (SELECT 1 FROM streams WHERE streams.stream_id = events.stream_id AND streams.university_id = ${next()})`);
  }
  if (scope.upToPosition !== undefined) {
    params.push(scope.upToPosition);
    conditions.push(`AND events.global_position <= ${next()}::bigint`);
  }
  return { sql: conditions.join(' '), params };
}

/**
 * The rows in scope in (stream, version) order, a batch at a time. The next batch is asked for as
 * soon as a batch arrives, so the database reads it while the caller hashes this one: on a
 * two-core machine that keeps both PostgreSQL and Node busy.
 */
export async function* chainRowBatches(sql: SqlExecutor, scope: ChainWalkScope & ChainRowsWithHeads = {}): AsyncGenerator<ChainRow[]> {
  const batchSize = scope.batchSize ?? 5000;
  const inScope = eventScopeConditions(scope, 4);
  const range = scope.streams ?? {};
  for (const [bound, operator] of [[range.from, '>='], [range.before, '<']] as const) {
    if (bound === undefined) continue;
    inScope.params.push(bound);
    inScope.sql += ` AND events.stream_id ${operator} $${3 + inScope.params.length}`;
  }
  const heads = scope.withHeads
    ? `, streams.version AS head_version, streams.last_hash AS head_hash FROM events LEFT JOIN streams ON streams.stream_id = events.stream_id`
    : ' FROM events';
  const text = `SELECT ${CHAIN_COLUMNS}${heads}
    WHERE (events.stream_id, events.version) > ($1, $2) ${inScope.sql}
    ORDER BY events.stream_id, events.version LIMIT $3`;
  const fetch = (after: [string, string]) =>
    sql.query<ChainRow>(text, [after[0], after[1], batchSize, ...inScope.params]).then((result) => result.rows);
  let pending: Promise<ChainRow[]> | undefined = fetch(['', '0']);
  try {
    while (pending) {
      const rows: ChainRow[] = await pending;
      const last = rows[rows.length - 1];
      pending = rows.length === batchSize && last ? fetch([last.stream_id, last.version]) : undefined;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // A caller that stops early leaves a batch in flight: let it settle rather than reject unheard.
    await pending?.catch(() => undefined);
  }
}

/** How many events the scope holds (the total of a progress bar). */
export async function countEventsInScope(sql: SqlExecutor, scope: ChainWalkScope = {}): Promise<number> {
  const inScope = eventScopeConditions(scope, 1);
  const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE true ${inScope.sql}`, inScope.params);
  return Number(rows[0]!.n);
}

/** A chain row as a walk in log order reads it: the payload as jsonb's text, instants as the hash has them. */
export interface LogOrderRow extends Omit<ChainRow, 'data'> {
  data: string;
}

const LOG_ORDER_COLUMNS = `events.global_position, events.event_id::text AS event_id, events.stream_id, events.version,
  events.type, events.schema_version, events.data::text AS data, events.metadata->>'actor' AS actor,
  events.metadata->>'correlationId' AS correlation_id, events.metadata->>'causationId' AS causation_id,
  ${microsecondInstant('events.occurred_at')} AS occurred_at, ${microsecondInstant('events.recorded_at')} AS recorded_at,
  events.university_id, events.hash, events.previous_hash`;

/** The instant to the microsecond, …T…Z left to Node: cheaper for the database than {@link isoInstant}. */
function microsecondInstant(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`;
}

/**
 * The rows in scope with global positions in `(after, upTo]`, in log order, a batch at a time:
 * a range read of the primary key, each heap page read once (a walk in stream order reads the
 * pages of the log in the order of its streams, over and over). The payload comes as jsonb text
 * (never parsed into objects) and the instants as the hash writes them. As {@link chainRowBatches},
 * the next batch is asked for as soon as one arrives.
 */
export async function* logOrderRowBatches(
  sql: SqlExecutor,
  scope: ChainWalkScope & { after: string; upTo: string },
): AsyncGenerator<LogOrderRow[]> {
  const batchSize = scope.batchSize ?? 5000;
  const inScope = eventScopeConditions(scope, 4);
  const text = `SELECT ${LOG_ORDER_COLUMNS} FROM events
    WHERE events.global_position > $1::bigint AND events.global_position <= $2::bigint ${inScope.sql}
    ORDER BY events.global_position LIMIT $3`;
  let lastRaw = '';
  let lastIso = '';
  // Most rows of an append share their instants: each distinct one is formatted once.
  const iso = (raw: string) => {
    if (raw !== lastRaw) {
      lastRaw = raw;
      lastIso = `${raw.endsWith('000') ? raw.slice(0, -3) : raw}Z`;
    }
    return lastIso;
  };
  const fetch = (after: string) =>
    sql.query<LogOrderRow>(text, [after, scope.upTo, batchSize, ...inScope.params]).then((result) => {
      for (const row of result.rows) {
        row.occurred_at = iso(row.occurred_at);
        row.recorded_at = iso(row.recorded_at);
      }
      return result.rows;
    });
  let pending: Promise<LogOrderRow[]> | undefined = fetch(scope.after);
  try {
    while (pending) {
      const rows: LogOrderRow[] = await pending;
      const last = rows[rows.length - 1];
      pending = rows.length === batchSize && last ? fetch(last.global_position) : undefined;
      if (rows.length > 0) yield rows;
    }
  } finally {
    await pending?.catch(() => undefined);
  }
}

/**
 * Up to `parts` ranges of global positions `(after, upTo]` covering the log as it is now (or its
 * events at or below `upTo`), of about as many positions each (positions are dense: a sequence,
 * with a few holes).
 */
export async function positionRanges(sql: SqlExecutor, parts: number, upTo?: string): Promise<{ after: string; upTo: string }[]> {
  const { rows } = await sql.query<{ low: string | null; high: string | null }>(
    'SELECT (min(global_position) - 1)::text AS low, max(global_position)::text AS high FROM events',
  );
  const low = BigInt(rows[0]?.low ?? '0');
  const stored = BigInt(rows[0]?.high ?? '0');
  const bound = upTo === undefined ? stored : BigInt(upTo);
  const high = bound < stored ? (bound > low ? bound : low) : stored;
  const count = BigInt(Math.max(1, parts));
  const cuts = Array.from({ length: Number(count) + 1 }, (_, index) => low + ((high - low) * BigInt(index)) / count);
  return cuts.slice(1).map((upTo, index) => ({ after: String(cuts[index]), upTo: String(upTo) })).filter((range) => range.after !== range.upTo || parts <= 1);
}
