import { randomUUID } from 'node:crypto';
import { constraintOf, sqlStateOf, SqlState, type SqlClient } from '../../database/src/sql-client.js';
import {
  PartialDuplicateAppendError,
  START_CURSOR,
  StreamVersionConflictError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type JsonObject,
  type NewEvent,
  type ReadAllBatch,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamHead,
} from './event-store.port.js';
import { eventHash } from './hash-chain.js';
import { UpcasterRegistry } from './upcasters.js';

const NOTIFY_CHANNEL = 'events_appended';
const HEAD_CACHE_LIMIT = 50_000;
const MAX_HEAD_REFRESHES = 5;

interface EventRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  version: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: StoredEvent['metadata'];
  occurred_at: Date;
  recorded_at: Date;
  university_id: string | null;
  hash: string;
  previous_hash: string | null;
}

const EVENT_COLUMNS = `global_position, transaction_id::text AS transaction_id, event_id::text AS event_id, stream_id,
  version, type, schema_version, data, metadata, occurred_at, recorded_at, university_id, hash, previous_hash`;

// One round trip per append: the stream row moves only from the version the hashes were chained
// on, and the events are inserted only when it did. Zero rows back means the stream moved on.
const APPEND_TO_NEW_STREAM = `
WITH head AS (
  INSERT INTO streams (stream_id, version, university_id, last_hash) VALUES ($1, $2, $3, $4)
  ON CONFLICT (stream_id) DO NOTHING
  RETURNING stream_id
)
INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at,
  university_id, hash, previous_hash)
SELECT e.event_id, head.stream_id, e.version, e.type, e.schema_version, e.data, e.metadata, e.occurred_at,
  e.recorded_at, $3, e.hash, e.previous_hash
FROM head, jsonb_to_recordset($5::jsonb) AS e(event_id uuid, version bigint, type text, schema_version int,
  data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz, hash text, previous_hash text)
ORDER BY e.version
RETURNING global_position, transaction_id::text AS transaction_id`;

const APPEND_TO_EXISTING_STREAM = `
WITH head AS (
  UPDATE streams SET version = $2, last_hash = $4 WHERE stream_id = $1 AND version = $6
  RETURNING stream_id
)
INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at,
  university_id, hash, previous_hash)
SELECT e.event_id, head.stream_id, e.version, e.type, e.schema_version, e.data, e.metadata, e.occurred_at,
  e.recorded_at, $3, e.hash, e.previous_hash
FROM head, jsonb_to_recordset($5::jsonb) AS e(event_id uuid, version bigint, type text, schema_version int,
  data jsonb, metadata jsonb, occurred_at timestamptz, recorded_at timestamptz, hash text, previous_hash text)
ORDER BY e.version
RETURNING global_position, transaction_id::text AS transaction_id`;

export interface PostgresEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** Wake cross-process subscribers with NOTIFY after appends (PostgreSQL only). */
  notify?: boolean;
  clock?: () => Date;
}

/**
 * The event store over PostgreSQL, through `pg` or PGlite alike.
 *
 * It remembers the head (version and hash) of the streams it has recently read or written, so an
 * append chains its hashes without a read and costs one round trip; a stale head shows up as a
 * conflict, is refreshed, and the append is retried when the caller's expectation allows it.
 */
export class PostgresEventStore implements EventStore {
  private readonly heads = new Map<string, { version: number; hash: string }>();
  private readonly listeners = new Set<() => void>();
  private readonly upcasters: UpcasterRegistry;
  private readonly clock: () => Date;
  private notifyScheduled = false;
  private stopListening?: () => Promise<void>;

  constructor(
    private readonly sql: SqlClient,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.clock = options.clock ?? (() => new Date());
  }

  /** Starts listening for appends made by other processes (PostgreSQL LISTEN/NOTIFY). */
  async listenForOtherProcesses(): Promise<void> {
    if (this.stopListening || this.sql.backend !== 'postgres') return;
    this.stopListening = await this.sql.listen(NOTIFY_CHANNEL, () => this.wakeListeners());
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedVersion ?? 'any';
    for (const event of events) {
      if (event.eventId !== undefined && !isUuid(event.eventId)) throw new TypeError(`event id ${event.eventId} is not a UUID`);
    }
    let head = this.heads.get(streamId);
    let headIsFresh = false;
    if (!head) {
      head = (await this.loadHead(streamId)) ?? undefined;
      headIsFresh = true;
    }

    for (let attempt = 0; attempt <= MAX_HEAD_REFRESHES; attempt += 1) {
      const current = head?.version ?? 0;
      const expectationHolds = expected === 'any' || (expected === 'no-stream' ? current === 0 : current === expected);
      if (!expectationHolds) {
        // The remembered head is only a hint: judge the expectation on the stored one.
        if (headIsFresh) return this.conflictOrStored(streamId, events, expected, current);
      } else {
        const written = await this.tryAppend(streamId, events, options, head);
        if (written) return written;
      }
      head = (await this.loadHead(streamId)) ?? undefined;
      headIsFresh = true;
    }
    return this.conflictOrStored(streamId, events, expected, head?.version ?? 0);
  }

  /** One conditional insert; null when the stream was not at the head the hashes were chained on. */
  private async tryAppend(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    head: { version: number; hash: string } | undefined,
  ): Promise<AppendResult | null> {
    const current = head?.version ?? 0;
    const rows = this.chain(streamId, events, options, head, this.clock());
    const last = rows[rows.length - 1]!;
    const universityId = options.metadata.universityId ?? null;
    try {
      const result =
        current === 0
          ? await this.sql.query<{ global_position: string; transaction_id: string }>(APPEND_TO_NEW_STREAM, [
              streamId, last.version, universityId, last.hash, JSON.stringify(rows),
            ])
          : await this.sql.query<{ global_position: string; transaction_id: string }>(APPEND_TO_EXISTING_STREAM, [
              streamId, last.version, universityId, last.hash, JSON.stringify(rows), current,
            ]);
      if (result.rows.length !== rows.length) return null;
      this.rememberHead(streamId, last.version, last.hash);
      this.announceAppend();
      const lastRow = result.rows[result.rows.length - 1]!;
      return {
        streamId,
        nextVersion: last.version,
        positions: result.rows.map((row) => String(row.global_position)),
        lastCursor: `${lastRow.transaction_id}:${lastRow.global_position}`,
        written: true,
      };
    } catch (error) {
      if (sqlStateOf(error) !== SqlState.uniqueViolation) throw error;
      if (constraintOf(error) === 'events_event_id_key') {
        const stored = await this.storedResult(streamId, events);
        if (stored) return stored;
      }
      // A concurrent writer took the version (events_stream_version or streams_pkey).
      return null;
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const params: unknown[] = [streamId, options.fromVersion ?? 1];
    let recordedFilter = '';
    if (options.recordedAtOrBefore) {
      params.push(options.recordedAtOrBefore.toISOString());
      recordedFilter = 'AND recorded_at <= $3';
    }
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ${recordedFilter} ORDER BY version`,
      params,
    );
    const events = rows.map(toStoredEvent);
    const last = events[events.length - 1];
    if (last && !options.recordedAtOrBefore) this.rememberHead(streamId, last.version, last.hash);
    return options.raw ? events : events.map((event) => this.upcasters.upcast(event));
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllBatch> {
    const after = options.after ?? START_CURSOR;
    const [transactionId, position] = parseCursor(after);
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id, global_position
       LIMIT $3`,
      [transactionId, position, options.limit ?? 1000],
    );
    const events = rows.map(toStoredEvent);
    const cursor = events.length > 0 ? events[events.length - 1]!.cursor : after;
    return { events: options.raw ? events : events.map((event) => this.upcasters.upcast(event)), cursor };
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    const head = await this.loadHead(streamId);
    return head ? { streamId, ...head } : null;
  }

  async findEvents(eventIds: readonly string[]): Promise<StoredEvent[]> {
    const uuids = eventIds.filter(isUuid);
    if (uuids.length === 0) return [];
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY stream_id, version`,
      [uuids],
    );
    return rows.map(toStoredEvent);
  }

  async headCursor(): Promise<string> {
    const { rows } = await this.sql.query<{ transaction_id: string; global_position: string }>(
      `SELECT transaction_id::text AS transaction_id, global_position FROM events
       WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? `${row.transaction_id}:${row.global_position}` : START_CURSOR;
  }

  onAppended(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.stopListening?.();
    this.stopListening = undefined;
  }

  private chain(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    head: { version: number; hash: string } | undefined,
    recordedAt: Date,
  ) {
    let previousHash = head?.hash ?? null;
    let version = head?.version ?? 0;
    const { actor, universityId = null, correlationId = null, causationId = null } = options.metadata;
    return events.map((event) => {
      version += 1;
      const eventId = event.eventId ?? randomUUID();
      const schemaVersion = event.schemaVersion ?? 1;
      const occurredAt = event.occurredAt ?? recordedAt;
      const hash = eventHash({
        previousHash, eventId, streamId, version, type: event.type, schemaVersion, data: event.data,
        occurredAt, recordedAt, actor, universityId, correlationId, causationId,
      });
      const row = {
        event_id: eventId,
        version,
        type: event.type,
        schema_version: schemaVersion,
        data: event.data,
        metadata: withoutUndefined({ ...options.metadata, universityId, correlationId, causationId }),
        occurred_at: occurredAt.toISOString(),
        recorded_at: recordedAt.toISOString(),
        hash,
        previous_hash: previousHash,
      };
      previousHash = hash;
      return row;
    });
  }

  /** A retried append of events already stored answers with what was stored; anything else is a conflict. */
  private async conflictOrStored(
    streamId: string,
    events: readonly NewEvent[],
    expected: AppendOptions['expectedVersion'] & {},
    actual: number,
  ): Promise<AppendResult> {
    const stored = await this.storedResult(streamId, events);
    if (stored) return stored;
    throw new StreamVersionConflictError(streamId, expected, actual);
  }

  private async storedResult(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
    const ids = events.map((event) => event.eventId).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return null;
    const stored = await this.findEvents(ids);
    if (stored.length === 0) return null;
    if (stored.length !== events.length || stored.some((event) => event.streamId !== streamId)) {
      throw new PartialDuplicateAppendError(streamId, stored.map((event) => event.eventId));
    }
    const last = stored[stored.length - 1]!;
    return {
      streamId,
      nextVersion: last.version,
      positions: stored.map((event) => event.globalPosition),
      lastCursor: last.cursor,
      written: false,
    };
  }

  private async loadHead(streamId: string): Promise<{ version: number; hash: string } | null> {
    const { rows } = await this.sql.query<{ version: string; last_hash: string }>(
      'SELECT version, last_hash FROM streams WHERE stream_id = $1',
      [streamId],
    );
    const row = rows[0];
    if (!row) {
      this.heads.delete(streamId);
      return null;
    }
    const head = { version: Number(row.version), hash: row.last_hash };
    this.rememberHead(streamId, head.version, head.hash);
    return head;
  }

  private rememberHead(streamId: string, version: number, hash: string): void {
    const known = this.heads.get(streamId);
    if (known && known.version > version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { version, hash });
    if (this.heads.size > HEAD_CACHE_LIMIT) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  private announceAppend(): void {
    this.wakeListeners();
    if (this.options.notify === false || this.sql.backend !== 'postgres' || this.notifyScheduled) return;
    // One NOTIFY for a burst of appends, outside the append's transaction: a NOTIFY inside it would
    // serialize every commit on PostgreSQL's notification queue lock.
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      this.sql.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`).catch(() => undefined);
    }, 5).unref();
  }

  private wakeListeners(): void {
    for (const listener of this.listeners) listener();
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    globalPosition: String(row.global_position),
    cursor: `${row.transaction_id}:${row.global_position}`,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredAt: new Date(row.occurred_at),
    recordedAt: new Date(row.recorded_at),
    universityId: row.university_id,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

function parseCursor(cursor: string): [string, string] {
  const match = /^(\d+):(\d+)$/.exec(cursor);
  if (!match) throw new Error(`not an event store cursor: ${cursor}`);
  return [match[1]!, match[2]!];
}

/** Compares two cursors in log order. */
export function compareCursors(a: string, b: string): number {
  const [ta, pa] = parseCursor(a).map(BigInt) as [bigint, bigint];
  const [tb, pb] = parseCursor(b).map(BigInt) as [bigint, bigint];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}
