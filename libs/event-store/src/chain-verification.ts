import type { SqlExecutor } from '../../database/src/sql-client.js';
import type { StoredEvent } from './event-store.port.js';
import { eventHash } from './hash-chain.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './stored-event-rows.js';

export interface ChainVerificationScope {
  /** Only this stream. */
  streamId?: string;
  /** Only the streams registered to this university. */
  universityId?: string;
  /** Events fetched per round trip; memory stays bounded by it whatever the size of the log. */
  batchSize?: number;
}

export type ChainProblem =
  /** The stored hash is not the hash of the stored fields: the row was altered. */
  | 'hash-mismatch'
  /** The event does not point at the hash of the event before it. */
  | 'previous-hash-mismatch'
  /** A version is missing (or repeated) before this event. */
  | 'version-gap'
  /** The stream's head (version, last hash) is not its last stored event: events were removed or added behind the store. */
  | 'stream-head-mismatch';

export interface ChainVerification {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first event, in (stream, version) order, at which the chain does not hold. */
  firstBroken?: StoredEvent;
  problem?: ChainProblem;
  /** The stream of the break; set also when there is no event to show (a stream head without events). */
  brokenStreamId?: string;
}

/** The hash DOMAIN.md §3 defines, of an event as stored (its own `previousHash`, payload as stored). */
export function storedEventHash(event: StoredEvent): string {
  return eventHash({
    previousHash: event.previousHash,
    eventId: event.eventId,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    universityId: event.universityId,
    correlationId: event.metadata.correlationId ?? null,
    causationId: event.metadata.causationId ?? null,
  });
}

interface VerifiedRow extends EventRow {
  head_version: string | null;
  head_hash: string | null;
}

interface StreamInProgress {
  streamId: string;
  last: StoredEvent;
  headVersion: number | null;
  headHash: string | null;
}

/**
 * Walks the stored log stream by stream, in version order, recomputing every hash and checking
 * that each event links to the one before it, that versions run 1, 2, 3… without a hole, and that
 * the `streams` head is the last event. Reads the events as stored (never upcast) in keyset-paginated
 * batches, and stops at the first break.
 */
export async function verifyChains(sql: SqlExecutor, scope: ChainVerificationScope = {}): Promise<ChainVerification> {
  const batchSize = scope.batchSize ?? 1000;
  const eventsInScope = scopeConditions(scope, 'events.stream_id', 4);
  const batchQuery = `
    SELECT ${EVENT_COLUMNS}, streams.version AS head_version, streams.last_hash AS head_hash
    FROM events LEFT JOIN streams ON streams.stream_id = events.stream_id
    WHERE (events.stream_id, events.version) > ($1, $2) ${eventsInScope.sql}
    ORDER BY events.stream_id, events.version
    LIMIT $3`;

  let streamsChecked = 0;
  let eventsChecked = 0;
  let stream: StreamInProgress | undefined;
  const broken = (problem: ChainProblem, event: StoredEvent): ChainVerification => ({
    ok: false, streamsChecked, eventsChecked, firstBroken: event, problem, brokenStreamId: event.streamId,
  });
  const headMatches = (finished: StreamInProgress) =>
    finished.headVersion === finished.last.version && finished.headHash === finished.last.hash;

  let after: [string, number] = ['', 0];
  for (;;) {
    const { rows } = await sql.query<VerifiedRow>(batchQuery, [after[0], after[1], batchSize, ...eventsInScope.params]);
    for (const row of rows) {
      const event = toStoredEvent(row);
      if (stream?.streamId !== event.streamId) {
        if (stream && !headMatches(stream)) return broken('stream-head-mismatch', stream.last);
        streamsChecked += 1;
        stream = undefined;
      }
      eventsChecked += 1;
      const expectedVersion = stream ? stream.last.version + 1 : 1;
      const expectedPreviousHash = stream ? stream.last.hash : null;
      if (event.version !== expectedVersion) return broken('version-gap', event);
      if (event.previousHash !== expectedPreviousHash) return broken('previous-hash-mismatch', event);
      if (storedEventHash(event) !== event.hash) return broken('hash-mismatch', event);
      stream = {
        streamId: event.streamId,
        last: event,
        headVersion: row.head_version === null ? null : Number(row.head_version),
        headHash: row.head_hash,
      };
    }
    if (rows.length < batchSize) break;
    after = [stream!.streamId, stream!.last.version];
  }
  if (stream && !headMatches(stream)) return broken('stream-head-mismatch', stream.last);

  const streamsInScope = scopeConditions(scope, 'streams.stream_id', 1);
  const headWithoutEvents = await sql.query<{ stream_id: string }>(
    `SELECT streams.stream_id FROM streams
     WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.stream_id = streams.stream_id) ${streamsInScope.sql}
     ORDER BY streams.stream_id LIMIT 1`,
    streamsInScope.params,
  );
  const orphan = headWithoutEvents.rows[0];
  if (orphan) {
    return { ok: false, streamsChecked, eventsChecked, problem: 'stream-head-mismatch', brokenStreamId: orphan.stream_id };
  }
  return { ok: true, streamsChecked, eventsChecked };
}

/** `AND …` conditions for the scope, numbering their parameters from `firstParameter`. */
function scopeConditions(
  scope: ChainVerificationScope,
  streamIdColumn: string,
  firstParameter: number,
): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (scope.streamId !== undefined) {
    params.push(scope.streamId);
    conditions.push(`AND ${streamIdColumn} = $${firstParameter + params.length - 1}`);
  }
  if (scope.universityId !== undefined) {
    params.push(scope.universityId);
    conditions.push(`AND streams.university_id = $${firstParameter + params.length - 1}`);
  }
  return { sql: conditions.join(' '), params };
}
