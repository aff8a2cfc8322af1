import type { SqlExecutor } from '../../../database/src/sql-client.js';
import { START_CURSOR, type StoredEvent } from '../../../event-store/src/event-store.port.js';
import { toStoredEvent, type EventRow } from '../../../event-store/src/stored-event-rows.js';
import type { UpcasterRegistry } from '../../../event-store/src/upcasters.js';

export interface FeedBatch {
  events: StoredEvent[];
  /** Where the next read resumes: after the last event returned, or the visible head when all were read. */
  cursor: string;
  /** Global position of `cursor` (for lag). */
  position: string;
  /** True when this read reached the visible head. */
  reachedHead: boolean;
}

/** A row of the feed: an event, or the visible head (event columns null). */
type FeedRow = EventRow & { kind: 'event' | 'head' };

// One statement, one snapshot: the batch of wanted events and the visible head are read together,
// so a reader that skips the unwanted types can move its cursor to the head without skipping an
// event committed in between. Only transactions older than every open one are visible (gap safety).
const READ_FEED = `
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

/** Reads the events of some types, in commit-safe log order, for projections. */
export async function readFeed(
  sql: SqlExecutor,
  options: { after: string; types: readonly string[]; limit: number; upcasters?: UpcasterRegistry },
): Promise<FeedBatch> {
  const [transactionId, position] = splitCursor(options.after);
  const { rows } = await sql.query<FeedRow>(READ_FEED, [transactionId, position, options.types, options.limit]);
  const events: StoredEvent[] = [];
  let head: { cursor: string; position: string } | undefined;
  for (const row of rows) {
    const cursor = `${row.transaction_id}:${row.global_position}`;
    if (row.kind === 'head') {
      head = { cursor, position: String(row.global_position) };
      continue;
    }
    const event = toStoredEvent(row);
    events.push(options.upcasters ? options.upcasters.upcast(event) : event);
  }
  const last = events[events.length - 1];
  if (events.length < options.limit) {
    // Everything wanted up to the head was read: resume from the head itself.
    if (head && (!last || compareCursor(head.cursor, last.cursor) > 0)) {
      return { events, cursor: head.cursor, position: head.position, reachedHead: true };
    }
    return {
      events,
      cursor: last?.cursor ?? options.after,
      position: last?.globalPosition ?? positionOf(options.after),
      reachedHead: true,
    };
  }
  return { events, cursor: last!.cursor, position: last!.globalPosition, reachedHead: false };
}

function splitCursor(cursor: string): [string, string] {
  const match = /^(\d+):(\d+)$/.exec(cursor || START_CURSOR);
  if (!match) throw new Error(`not a cursor: ${cursor}`);
  return [match[1]!, match[2]!];
}

function positionOf(cursor: string): string {
  return splitCursor(cursor)[1];
}

export function compareCursor(a: string, b: string): number {
  const [ta, pa] = splitCursor(a).map(BigInt) as [bigint, bigint];
  const [tb, pb] = splitCursor(b).map(BigInt) as [bigint, bigint];
  if (ta !== tb) return ta < tb ? -1 : 1;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}
