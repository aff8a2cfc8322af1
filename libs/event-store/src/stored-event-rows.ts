import type { JsonObject, StoredEvent } from './event-store.port.js';

/** An `events` row as both backends serve it (int8 as text, timestamptz as Date, jsonb parsed). */
export interface EventRow {
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

/**
 * The select list that yields an {@link EventRow}. `transaction_id` and `event_id` come out as text
 * under their own names, so an ORDER BY or WHERE on them must say `events.` to mean the column
 * (a bare name in ORDER BY means the output column: xids would sort as text, 1000 before 999).
 */
export const EVENT_COLUMNS = `events.global_position, events.transaction_id::text AS transaction_id,
  events.event_id::text AS event_id, events.stream_id, events.version, events.type, events.schema_version,
  events.data, events.metadata, events.occurred_at, events.recorded_at, events.university_id, events.hash,
  events.previous_hash`;

export function toStoredEvent(row: EventRow): StoredEvent {
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
