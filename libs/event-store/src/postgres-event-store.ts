import { randomUUID } from 'node:crypto';
import { constraintOf, sqlStateOf, SqlState, type SqlClient, type SqlExecutor } from '../../database/src/sql-client.js';
import {
  PartialDuplicateAppendError,
  type AppendListener,
  START_CURSOR,
  StreamVersionConflictError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type LogHead,
  type ReadAllBatch,
  type ReadAllOptions,
  type ReadRecordedBatch,
  type ReadRecordedOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamHead,
} from './event-store.port.js';
import {
  appendStatement,
  type AppendedSummary,
  type AppendStatement,
  type ChainedAppend,
  type ChainedEvent,
} from './append-statements.js';
import { AppendBatcher, type AppendBatchingLimits } from './append-batching.js';
import { canonicalJson } from './canonical-json.js';
import { hasherForAppend } from './hash-chain.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './stored-event-rows.js';
import { UpcasterRegistry } from './upcasters.js';

const NOTIFY_CHANNEL = 'events_appended';
const HEAD_CACHE_LIMIT = 50_000;
const MAX_HEAD_REFRESHES = 5;

export interface PostgresEventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** Wake cross-process subscribers with NOTIFY after appends (PostgreSQL only). */
  notify?: boolean;
  clock?: () => Date;
  /**
   * Group commit of concurrent appends (see AppendBatcher); false sends every append alone. Not
   * used inside a caller's transaction.
   */
  appendBatching?: AppendBatchingLimits | false;
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
  private readonly listeners = new Set<AppendListener>();
  private readonly upcasters: UpcasterRegistry;
  private readonly clock: () => Date;
  /** Absent when the store runs inside a caller's transaction: nothing to listen on, nothing committed to announce. */
  private readonly client?: SqlClient;
  /** The burst of appends the next NOTIFY announces (one NOTIFY for all of it). */
  private announcing?: { types: Set<string>; upTo: string };
  /** Names this store's own NOTIFYs, so its listener skips what it has already announced in process. */
  private readonly instanceId = randomUUID();
  private stopListening?: () => Promise<void>;
  private readonly batcher?: AppendBatcher;

  constructor(
    private readonly sql: SqlClient | SqlExecutor,
    private readonly options: PostgresEventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.clock = options.clock ?? (() => new Date());
    if ('transaction' in sql) this.client = sql;
    if (this.client && options.appendBatching !== false) this.batcher = new AppendBatcher(this.client, options.appendBatching || undefined);
  }

  /**
   * The same store over the caller's open transaction: its appends commit or roll back with it.
   * It keeps a head cache of its own, so a rollback leaves no head behind that was never stored.
   * As any failed statement does, an append of an event id already stored aborts that transaction.
   */
  inTransaction(tx: SqlExecutor): PostgresEventStore {
    return new PostgresEventStore(tx, { ...this.options, notify: false });
  }

  /** Starts listening for appends made by other processes (PostgreSQL LISTEN/NOTIFY). */
  async listenForOtherProcesses(): Promise<void> {
    if (this.stopListening || this.client?.backend !== 'postgres') return;
    this.stopListening = await this.client.listen(NOTIFY_CHANNEL, (payload) => {
      const announced = parseAnnouncement(payload);
      // Its own appends were announced in this process when they were made.
      if (announced?.from === this.instanceId) return;
      this.wakeListeners(announced?.types, announced?.upTo);
    });
  }

  async append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    if (typeof options.metadata?.actor !== 'string' || options.metadata.actor === '') {
      throw new TypeError('an append needs the actor who records it');
    }
    const expected = options.expectedVersion ?? 'any';
    for (const event of events) {
      if (event.eventId !== undefined && !isUuid(event.eventId)) throw new TypeError(`event id ${event.eventId} is not a UUID`);
      if (event.schemaVersion !== undefined && !(Number.isInteger(event.schemaVersion) && event.schemaVersion >= 1)) {
        throw new TypeError(`schema version ${event.schemaVersion} of ${event.type} is not a positive integer`);
      }
    }
    const result = await this.appendOptimistically(streamId, events, options, expected);
    if (result.written) this.announceAppend(events.map((event) => event.type), result.lastCursor);
    return result;
  }

  private async appendOptimistically(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
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
        const written = await this.tryAppend(this.sql, streamId, events, options, head);
        if (written) return written;
      }
      head = (await this.loadHead(streamId)) ?? undefined;
      headIsFresh = true;
    }
    // "any" promises an append, not a conflict: a writer that keeps losing the race to busier ones
    // takes the stream's lock instead of racing again.
    if (expected === 'any') return this.appendHoldingStreamLock(streamId, events, options);
    return this.conflictOrStored(streamId, events, expected, head?.version ?? 0);
  }

  private async appendHoldingStreamLock(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const appendUnderLock = async (tx: SqlExecutor): Promise<AppendResult> => {
      for (;;) {
        const { rows } = await tx.query<{ version: string; last_hash: string }>(
          'SELECT version, last_hash FROM streams WHERE stream_id = $1 FOR UPDATE',
          [streamId],
        );
        const head = rows[0] ? { version: Number(rows[0].version), hash: rows[0].last_hash } : undefined;
        const written = await this.tryAppend(tx, streamId, events, options, head);
        // Only a stream created by another writer since the SELECT gets here; the next turn locks it.
        if (written) return written;
      }
    };
    try {
      return this.client ? await this.client.transaction(appendUnderLock) : await appendUnderLock(this.sql);
    } catch (error) {
      if (!this.client || constraintOf(error) !== 'events_event_id_key') throw error;
      // Answered after the rollback: the failed statement has aborted the locking transaction.
      const stored = await this.storedResult(streamId, events);
      if (stored) return stored;
      throw error;
    }
  }

  /**
   * One conditional insert over `executor`; null when the stream was not at the head the hashes were
   * chained on. A duplicate event id is answered here only outside a transaction of the store's own
   * (inside one, the failed statement has aborted it, so it is left to the caller).
   */
  private async tryAppend(
    executor: SqlExecutor,
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    head: { version: number; hash: string } | undefined,
  ): Promise<AppendResult | null> {
    const { chained, next } = this.prepareAppend(streamId, events, options, head);
    try {
      // Outside a transaction, concurrent appends share statements; one its group could not
      // write (null) is sent alone, to get the outcome it would have had by itself.
      const grouped = executor === this.client && this.batcher ? await this.batcher.append(chained) : null;
      const summary = grouped ?? (await this.runAppend(executor, appendStatement(chained)));
      if (summary.appended !== events.length) return null;
      this.rememberHead(streamId, next.version, next.hash);
      const positions = summary.positions!.split(',');
      return {
        streamId,
        nextVersion: next.version,
        positions,
        lastCursor: `${summary.transaction_id}:${positions[positions.length - 1]}`,
        written: true,
      };
    } catch (error) {
      if (sqlStateOf(error) !== SqlState.uniqueViolation || executor !== this.client) throw error;
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
    let filters = '';
    if (options.recordedAtOrBefore) {
      params.push(options.recordedAtOrBefore.toISOString());
      filters += ` AND recorded_at <= $${params.length}`;
    }
    if (options.toVersion !== undefined) {
      params.push(options.toVersion);
      filters += ` AND version <= $${params.length}`;
    }
    const limit = options.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
    // The command path's read (the events after a remembered version, most often none) is
    // prepared: planning it cost more than running it. The rarer filtered reads are planned each time.
    const plain = filters === '' && limit === '';
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2${filters} ORDER BY version ${limit}`,
      params,
      plain ? { preparedAs: 'event_store_read_stream' } : undefined,
    );
    const events = rows.map(toStoredEvent);
    const last = events[events.length - 1];
    const wholeStream = !options.recordedAtOrBefore && options.limit === undefined && options.toVersion === undefined;
    if (last && wholeStream) this.rememberHead(streamId, last.version, last.hash);
    return options.raw ? events : events.map((event) => this.upcasters.upcast(event));
  }

  async readAll(options: ReadAllOptions = {}): Promise<ReadAllBatch> {
    const after = options.after ?? START_CURSOR;
    const [transactionId, position] = parseCursor(after);
    const limit = options.limit ?? 1000;
    if (options.types) return this.readAllOfTypes(after, options.types, limit, options.raw);
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE (events.transaction_id, events.global_position) > ($1::xid8, $2::bigint)
         AND events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id, events.global_position
       LIMIT $3`,
      [transactionId, position, limit],
      { preparedAs: 'event_store_read_all' },
    );
    const events = rows.map(toStoredEvent);
    const last = events[events.length - 1];
    return {
      events: options.raw ? events : events.map((event) => this.upcasters.upcast(event)),
      cursor: last?.cursor ?? after,
      position: last?.globalPosition ?? position,
      // Fewer than asked for: every visible event after `after` was read.
      reachedHead: events.length < limit,
    };
  }

  /**
   * One statement, one snapshot: the wanted events and the visible head are read together, so a
   * reader that skips the other types can move its cursor to the head without skipping an event
   * committed in between.
   */
  private async readAllOfTypes(after: string, types: readonly string[], limit: number, raw = false): Promise<ReadAllBatch> {
    const [transactionId, position] = parseCursor(after);
    const { rows } = await this.sql.query<EventRow & { kind: 'event' | 'head' }>(READ_ALL_OF_TYPES, [transactionId, position, types, limit], {
      preparedAs: 'event_store_read_all_of_types',
    });
    const events: StoredEvent[] = [];
    let head: { cursor: string; position: string } | undefined;
    for (const row of rows) {
      if (row.kind === 'head') head = { cursor: `${row.transaction_id}:${row.global_position}`, position: String(row.global_position) };
      else events.push(raw ? toStoredEvent(row) : this.upcasters.upcast(toStoredEvent(row)));
    }
    const last = events[events.length - 1];
    if (events.length === limit) return { events, cursor: last!.cursor, position: last!.globalPosition, reachedHead: false };
    const reached = last?.cursor ?? after;
    // Everything wanted up to the head was read: resume from the head itself (never from behind where the read began).
    if (head && compareCursors(head.cursor, reached) > 0) return { events, cursor: head.cursor, position: head.position, reachedHead: true };
    return { events, cursor: reached, position: last?.globalPosition ?? position, reachedHead: true };
  }

  async readRecorded(options: ReadRecordedOptions): Promise<ReadRecordedBatch> {
    const limit = options.limit ?? 5000;
    const after = options.after ?? '0';
    if (!/^\d+$/.test(after)) throw new Error(`not a recorded-read cursor: ${after}`);
    const sharedStreams = (options.sharedStreamPrefixes ?? []).map((prefix) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`);
    const params: unknown[] = [options.recordedAtOrBefore.toISOString(), after, options.types ?? null, limit];
    const recordedBy = `recorded_at <= $1 AND global_position > $2 AND ($3::text[] IS NULL OR type = ANY($3::text[]))`;
    const page = (where: string) => `(SELECT ${EVENT_COLUMNS} FROM events WHERE ${recordedBy} AND ${where} ORDER BY global_position LIMIT $4)`;
    let text: string;
    if (options.universityId === undefined || options.universityId === null) {
      text = page('true');
    } else {
      // One read per index (the university's events by type, the shared streams by prefix): the
      // single statement with an OR across the two could only scan the whole log.
      params.push(options.universityId);
      const arms = [page('university_id = $5')];
      if (sharedStreams.length > 0) {
        const prefixes = sharedStreams.map((pattern) => `stream_id LIKE $${params.push(pattern)}`).join(' OR ');
        arms.push(page(`university_id IS DISTINCT FROM $5 AND (${prefixes})`));
      }
      text = `${arms.join(' UNION ALL ')} ORDER BY global_position LIMIT $4`;
    }
    const { rows } = await this.sql.query<EventRow>(text, params);
    const events = rows.map((row) => this.upcasters.upcast(toStoredEvent(row)));
    return { events, cursor: events[events.length - 1]?.globalPosition ?? after, done: events.length < limit };
  }

  async streamHead(streamId: string): Promise<StreamHead | null> {
    const { rows } = await this.sql.query<{ version: string; last_hash: string; university_id: string | null }>(
      'SELECT version, last_hash, university_id FROM streams WHERE stream_id = $1',
      [streamId],
    );
    const row = rows[0];
    return row ? { streamId, version: Number(row.version), hash: row.last_hash, universityId: row.university_id } : null;
  }

  async streamVersions(streamIds: readonly string[]): Promise<Map<string, number>> {
    if (streamIds.length === 0) return new Map();
    const { rows } = await this.sql.query<{ stream_id: string; version: string }>(
      'SELECT stream_id, version FROM streams WHERE stream_id = ANY($1::text[])',
      [streamIds],
    );
    return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
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
       WHERE events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
    );
    const row = rows[0];
    return row ? `${row.transaction_id}:${row.global_position}` : START_CURSOR;
  }

  async logHead(): Promise<LogHead> {
    const { rows } = await this.sql.query<{ highest: string | null; cursor: string | null }>(
      `SELECT (SELECT max(global_position) FROM events)::text AS highest,
              (SELECT transaction_id::text || ':' || global_position FROM events
               WHERE events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
               ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1) AS cursor`,
    );
    const cursor = rows[0]?.cursor ?? START_CURSOR;
    return { cursor, position: parseCursor(cursor)[1], highestPosition: rows[0]?.highest ?? '0' };
  }

  async cursorAt(globalPosition: string): Promise<string | null> {
    if (!/^\d+$/.test(globalPosition)) return null;
    const { rows } = await this.sql.query<{ cursor: string }>(
      `SELECT transaction_id::text || ':' || global_position AS cursor FROM events WHERE global_position = $1`,
      [globalPosition],
    );
    return rows[0]?.cursor ?? null;
  }

  compareCursors(a: string, b: string): number {
    return compareCursors(a, b);
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * After a bulk load: gives the planner the log's real size and spread. A table bulk-loaded and
   * never analyzed (autovacuum off, or not yet round) is planned from a guessed size: stream reads
   * then run as parallel bitmap scans that launch workers for a handful of rows.
   */
  async analyze(): Promise<void> {
    await analyzeStore(this.sql);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.stopListening?.();
    this.stopListening = undefined;
  }

  /**
   * The chained events and the head they leave. The statement text is built only when it is sent
   * (alone, or with other streams' appends in one statement: see AppendBatcher).
   */
  private prepareAppend(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    head: { version: number; hash: string } | undefined,
  ): { chained: ChainedAppend; next: { version: number; hash: string } } {
    const chained = this.chain(streamId, events, options, head, this.clock());
    const last = chained.events[chained.events.length - 1]!;
    return { chained, next: { version: last.version, hash: last.hash } };
  }

  private async runAppend(executor: SqlExecutor, statement: AppendStatement): Promise<AppendedSummary> {
    const { rows } = await executor.query<AppendedSummary>(statement.text, statement.values, { preparedAs: statement.name });
    return rows[0]!;
  }

  /**
   * Versions and hashes for the events. Each payload is serialized once, canonically, and that text
   * is both hashed and sent: what is stored is exactly what was hashed.
   */
  private chain(
    streamId: string,
    events: readonly NewEvent[],
    options: AppendOptions,
    head: { version: number; hash: string } | undefined,
    recordedAt: Date,
  ): ChainedAppend {
    let previousHash = head?.hash ?? null;
    let version = head?.version ?? 0;
    const { actor, universityId = null, correlationId = null, causationId = null } = options.metadata;
    const hash = hasherForAppend({ streamId, recordedAt, actor, universityId, correlationId, causationId });
    const recordedAtIso = recordedAt.toISOString();
    const chained = events.map((event): ChainedEvent => {
      version += 1;
      const eventId = event.eventId ?? randomUUID();
      const schemaVersion = event.schemaVersion ?? 1;
      const occurredAt = event.occurredAt ?? recordedAt;
      const data = canonicalJson(event.data);
      const eventHash = hash({ previousHash, eventId, version, type: event.type, schemaVersion, occurredAt }, data);
      const link = previousHash;
      previousHash = eventHash;
      return {
        eventId, version, type: event.type, schemaVersion, data,
        occurredAt: occurredAt === recordedAt ? recordedAtIso : occurredAt.toISOString(),
        hash: eventHash, previousHash: link,
      };
    });
    return {
      streamId,
      universityId,
      metadataJson: JSON.stringify({ ...options.metadata, universityId, correlationId, causationId }),
      recordedAt: recordedAtIso,
      events: chained,
      chainedOn: head,
    };
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
      { preparedAs: 'event_store_load_head' },
    );
    const row = rows[0];
    if (!row) {
      this.heads.delete(streamId);
      return null;
    }
    const head = { version: Number(row.version), hash: row.last_hash };
    // The stored head is authoritative: it replaces a remembered one even when that one claims a higher version.
    this.rememberHead(streamId, head.version, head.hash, { authoritative: true });
    return head;
  }

  private rememberHead(streamId: string, version: number, hash: string, { authoritative = false } = {}): void {
    const known = this.heads.get(streamId);
    // A read that raced an append of ours may bring an older head back; keep the newer one.
    if (!authoritative && known && known.version > version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, { version, hash });
    if (this.heads.size > HEAD_CACHE_LIMIT) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  private announceAppend(types: readonly string[], upTo: string): void {
    this.wakeListeners([...new Set(types)], upTo);
    if (this.options.notify === false || this.client?.backend !== 'postgres') return;
    if (this.announcing) {
      for (const type of types) this.announcing.types.add(type);
      if (compareCursors(upTo, this.announcing.upTo) > 0) this.announcing.upTo = upTo;
      return;
    }
    // One NOTIFY for a burst of appends, outside the append's transaction: a NOTIFY inside it would
    // serialize every commit on PostgreSQL's notification queue lock. It names the types and the
    // last cursor, so that other processes wake only what handles them and know what to wait for.
    this.announcing = { types: new Set(types), upTo };
    setTimeout(() => {
      const burst = this.announcing!;
      this.announcing = undefined;
      const payload: Announcement = { from: this.instanceId, types: [...burst.types], upTo: burst.upTo };
      this.sql.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', $1)`, [JSON.stringify(payload)]).catch(() => undefined);
    }, 5).unref();
  }

  private wakeListeners(types?: readonly string[], upTo?: string): void {
    for (const listener of this.listeners) listener(types, upTo);
  }
}

/** What a NOTIFY on the appends' channel says: who appended, which types, up to which cursor. */
interface Announcement {
  from: string;
  types: string[];
  upTo: string;
}

/** A NOTIFY's payload, when it is one this code sends (anything else: an append of unknown types). */
function parseAnnouncement(payload: string): Announcement | undefined {
  try {
    const parsed = JSON.parse(payload) as Partial<Announcement> | null;
    if (typeof parsed?.from !== 'string' || !Array.isArray(parsed.types) || typeof parsed.upTo !== 'string') return undefined;
    if (!parsed.types.every((type) => typeof type === 'string') || !/^\d+:\d+$/.test(parsed.upTo)) return undefined;
    return { from: parsed.from, types: parsed.types, upTo: parsed.upTo };
  } catch {
    return undefined;
  }
}

/** ANALYZE of the store's tables, for every path that loads them in bulk (see PostgresEventStore.analyze). */
export async function analyzeStore(sql: SqlExecutor): Promise<void> {
  await sql.exec('ANALYZE events; ANALYZE streams');
}

// Only transactions older than every open one are visible (gap safety).
const READ_ALL_OF_TYPES = `
WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
batch AS (
  SELECT e.* FROM events e, horizon
  WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
    AND e.transaction_id < horizon.xmin
    AND e.type = ANY($3::text[])
  ORDER BY e.transaction_id, e.global_position
  LIMIT $4
),
head AS (
  SELECT e.transaction_id, e.global_position FROM events e, horizon
  WHERE e.transaction_id < horizon.xmin
  ORDER BY e.transaction_id DESC, e.global_position DESC
  LIMIT 1
)
SELECT 'event' AS kind, global_position, transaction_id::text AS transaction_id, event_id::text AS event_id, stream_id,
  version, type, schema_version, data, metadata, occurred_at, recorded_at, university_id, hash, previous_hash
FROM batch
UNION ALL
SELECT 'head', global_position, transaction_id::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM head`;

function parseCursor(cursor: string): [string, string] {
  const match = /^(\d+):(\d+)$/.exec(cursor);
  if (!match) throw new Error(`not an event store cursor: ${cursor}`);
  return [match[1]!, match[2]!];
}

/** Compares two cursors in log order (the one implementation; the store's method delegates here). */
export function compareCursors(a: string, b: string): number {
  const [ta, pa] = parseCursor(a).map(BigInt) as [bigint, bigint];
  const [tb, pb] = parseCursor(b).map(BigInt) as [bigint, bigint];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}
