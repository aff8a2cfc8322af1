import { z } from 'zod';
import type { SqlExecutor } from '../../database/src/sql-client.js';
import type { JsonObject } from './event-store.port.js';
import type { EventRow } from './stored-event-rows.js';

/**
 * One line of an event archive (NDJSON): an event exactly as stored, hashes included, members in
 * this order. The lines run in the log's commit order, the order readers and projections see.
 */
export interface ArchivedEvent {
  globalPosition: string;
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: JsonObject & { actor: string };
  occurredAt: string;
  recordedAt: string;
  universityId: string | null;
  hash: string;
  previousHash: string | null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const jsonObject = z.record(z.string(), z.unknown()) as unknown as z.ZodType<JsonObject>;

export const archivedEventSchema = z.strictObject({
  globalPosition: z.string().regex(/^[1-9]\d{0,18}$/),
  eventId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  streamId: z.string().min(1),
  version: z.number().int().min(1),
  type: z.string().min(1),
  schemaVersion: z.number().int().min(1),
  data: jsonObject,
  metadata: z.looseObject({ actor: z.string().min(1) }) as unknown as z.ZodType<JsonObject & { actor: string }>,
  occurredAt: z.string().regex(ISO_INSTANT),
  recordedAt: z.string().regex(ISO_INSTANT),
  universityId: z.string().nullable(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  previousHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});

export function archivedEvent(row: EventRow): ArchivedEvent {
  return {
    globalPosition: String(row.global_position),
    eventId: row.event_id,
    streamId: row.stream_id,
    version: Number(row.version),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata as ArchivedEvent['metadata'],
    occurredAt: new Date(row.occurred_at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
    universityId: row.university_id,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

export interface ArchiveScope {
  /** Only the events recorded for this university (`events.university_id`); the whole store when absent. */
  universityId?: string;
  batchSize?: number;
}

const ARCHIVE_COLUMNS = `events.global_position, events.transaction_id::text AS transaction_id,
  events.event_id::text AS event_id, events.stream_id, events.version, events.type, events.schema_version,
  events.data, events.metadata, events.occurred_at, events.recorded_at, events.university_id, events.hash,
  events.previous_hash`;

/**
 * The events in scope in commit order, as archive lines, a batch at a time, up to the log's head
 * as it stood when the export began (later appends are left for the next export). The next batch
 * is read while the caller writes this one.
 */
export async function* archivedEventBatches(sql: SqlExecutor, scope: ArchiveScope = {}): AsyncGenerator<ArchivedEvent[]> {
  const batchSize = scope.batchSize ?? 5000;
  const { rows: heads } = await sql.query<{ transaction_id: string; global_position: string }>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM events
     WHERE events.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
  );
  const head = heads[0];
  if (!head) return;
  const university = scope.universityId === undefined ? '' : 'AND events.university_id = $6';
  const text = `SELECT ${ARCHIVE_COLUMNS} FROM events
    WHERE (events.transaction_id, events.global_position) > ($1::xid8, $2::bigint)
      AND (events.transaction_id, events.global_position) <= ($3::xid8, $4::bigint) ${university}
    ORDER BY events.transaction_id, events.global_position LIMIT $5`;
  const fetch = (after: [string, string]) =>
    sql
      .query<EventRow>(text, [after[0], after[1], head.transaction_id, head.global_position, batchSize, ...(scope.universityId === undefined ? [] : [scope.universityId])])
      .then((result) => result.rows);
  let pending: Promise<EventRow[]> | undefined = fetch(['0', '0']);
  try {
    while (pending) {
      const rows: EventRow[] = await pending;
      const last = rows[rows.length - 1];
      pending = rows.length === batchSize && last ? fetch([last.transaction_id, String(last.global_position)]) : undefined;
      if (rows.length > 0) yield rows.map(archivedEvent);
    }
  } finally {
    await pending?.catch(() => undefined);
  }
}

/** How many events an archive of this scope holds (for a progress bar). */
export async function archivedEventCount(sql: SqlExecutor, scope: { universityId?: string | null }): Promise<number> {
  const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE $1::text IS NULL OR university_id = $1', [scope.universityId ?? null]);
  return Number(rows[0]!.n);
}
