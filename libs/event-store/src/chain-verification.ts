import type { SqlExecutor } from '../../database/src/sql-client.js';
import type { StoredEvent } from './event-store.port.js';
import { eventHash } from './hash-chain.js';
import { chainRowBatches, chainRowHash, streamRanges, type ChainRow, type StreamRange } from './chain-rows.js';
import { joinParts, logOrderPass, streamsOf, type LogOrderReading } from './log-order-pass.js';
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

/** One place where a chain does not hold. */
export interface ChainBreak {
  streamId: string;
  problem: ChainProblem;
  /** The event at which it shows; absent for a stream head that has no events left. */
  event?: StoredEvent;
  /** For a version gap: the versions missing before `event`. */
  missingVersions?: { from: number; to: number };
  /** One line naming the break for a person. */
  description: string;
}

export interface ChainInspection {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /**
   * In (stream, version) order: for each broken stream its first altered or unlinked event, every
   * gap in its versions, and a head that is not its last event; then heads left without events.
   */
  breaks: ChainBreak[];
}

export interface ChainInspectionOptions {
  /** Stop at the first break (what `verifyIntegrity` answers) instead of walking the whole scope. */
  stopAtFirstBreak?: boolean;
  /** Called after each batch with the number of events checked so far. */
  onProgress?: (eventsChecked: number) => void;
  /**
   * Walk the streams in this many ranges side by side (each on its own connection of a pool): the
   * database reads and Node hashes in parallel. Ignored when stopping at the first break.
   */
  parallelism?: number;
  /**
   * How the whole-log walk reads the log: `copy` (a binary COPY stream, where the client offers it:
   * PostgreSQL) or `queries` (batches of rows: PGlite). Both give the same inspection.
   */
  reading?: LogOrderReading;
  /** Where the compiled hashing worker is, or `false` to hash in this thread (see log-order-pass.ts). */
  workerScript?: URL | false;
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

/**
 * The first break only, in (stream, version) order: the answer of GraphQL `verifyIntegrity`.
 * A view of {@link inspectChains}, which the CLI's `verify` runs over the whole scope.
 */
export async function verifyChains(sql: SqlExecutor, scope: ChainVerificationScope = {}): Promise<ChainVerification> {
  const inspection = await inspectChains(sql, scope, { stopAtFirstBreak: true });
  const first = inspection.breaks[0];
  const counts = { streamsChecked: inspection.streamsChecked, eventsChecked: inspection.eventsChecked };
  if (!first) return { ok: true, ...counts };
  return { ok: false, ...counts, firstBroken: first.event, problem: first.problem, brokenStreamId: first.streamId };
}

interface HeadedChainRow extends ChainRow {
  head_version: string | null;
  head_hash: string | null;
}

interface StreamInProgress {
  streamId: string;
  lastVersion: number;
  lastHash: string;
  lastPosition: string;
  headVersion: number | null;
  headHash: string | null;
  /** An altered or unlinked event has been reported for this stream (only its first is). */
  brokenLink: boolean;
}

/** A break found by a walk, completed with its stored event once every walk is over. */
interface FoundBreak {
  streamId: string;
  problem: ChainProblem;
  position?: string;
  missingVersions?: { from: number; to: number };
  detail: string;
}

/** Walks the streams of one range in (stream, version) order. */
async function walkRange(
  sql: SqlExecutor,
  scope: ChainVerificationScope,
  range: StreamRange,
  stopAtFirstBreak: boolean,
  onBatch: (events: number) => void,
): Promise<{ streamsChecked: number; eventsChecked: number; pending: FoundBreak[] }> {
  let streamsChecked = 0;
  let eventsChecked = 0;
  const pending: FoundBreak[] = [];
  let stream: StreamInProgress | undefined;
  const stopping = () => stopAtFirstBreak && pending.length > 0;

  const checkHead = (finished: StreamInProgress) => {
    if (finished.headVersion === finished.lastVersion && finished.headHash === finished.lastHash) return;
    pending.push({
      streamId: finished.streamId,
      problem: 'stream-head-mismatch',
      position: finished.lastPosition,
      detail:
        finished.headVersion === null
          ? `has events up to version ${finished.lastVersion} but no stream head: the stream was added behind the store`
          : `its head says version ${finished.headVersion} but its last stored event is version ${finished.lastVersion}` +
            (finished.headVersion === finished.lastVersion ? ' with another hash' : '') +
            ': events were removed or added behind the store',
    });
  };

  walk: for await (const rows of chainRowBatches(sql, { ...scope, withHeads: true, streams: range })) {
    for (const row of rows as HeadedChainRow[]) {
      const version = Number(row.version);
      if (stream?.streamId !== row.stream_id) {
        if (stream) {
          checkHead(stream);
          if (stopping()) break walk;
        }
        streamsChecked += 1;
        stream = undefined;
      }
      eventsChecked += 1;
      const expectedVersion = stream ? stream.lastVersion + 1 : 1;
      let brokenLink = stream?.brokenLink ?? false;
      if (version !== expectedVersion) {
        const missingVersions = version > expectedVersion ? { from: expectedVersion, to: version - 1 } : undefined;
        pending.push({
          streamId: row.stream_id,
          problem: 'version-gap',
          position: row.global_position,
          missingVersions,
          detail: missingVersions
            ? `${missingVersions.from === missingVersions.to ? `version ${missingVersions.from} is` : `versions ${missingVersions.from}–${missingVersions.to} are`} missing before version ${version}: a row was deleted`
            : `version ${version} comes where version ${expectedVersion} should`,
        });
        if (stopping()) break walk;
      } else if (!brokenLink && row.previous_hash !== (stream ? stream.lastHash : null)) {
        pending.push({
          streamId: row.stream_id,
          problem: 'previous-hash-mismatch',
          position: row.global_position,
          detail: `version ${version} does not link to the hash of version ${version - 1}`,
        });
        brokenLink = true;
        if (stopping()) break walk;
      }
      if (!brokenLink && chainRowHash(row, row.previous_hash) !== row.hash) {
        pending.push({
          streamId: row.stream_id,
          problem: 'hash-mismatch',
          position: row.global_position,
          detail: `the stored hash of version ${version} is not the hash of its stored fields: the row was altered`,
        });
        brokenLink = true;
        if (stopping()) break walk;
      }
      stream = {
        streamId: row.stream_id,
        lastVersion: version,
        lastHash: row.hash,
        lastPosition: row.global_position,
        headVersion: row.head_version === null ? null : Number(row.head_version),
        headHash: row.head_hash,
        brokenLink,
      };
    }
    onBatch(rows.length);
  }
  if (stream && !stopping()) checkHead(stream);
  return { streamsChecked, eventsChecked, pending };

}

/**
 * The whole walk, read in log order (global positions, in `parallelism` ranges side by side) rather
 * than stream by stream: a range read of the primary key instead of an index walk that visits the
 * heap pages of the log in the order of its streams. Each event's hash is checked where it is read
 * ({@link logOrderPass}, shared with the store digest); each part keeps, per stream, its first and
 * last event, and the parts are joined in position order to check the links between them, the
 * versions and the heads. A stream that shows anything out of order (a version not after the one
 * before, a link or hash that does not hold, a head that is not its last event, events read out of
 * version order) is then walked again alone by {@link walkRange} in version order, so its breaks
 * are named exactly as the ordered walk names them; a log that holds is read once.
 */
async function walkInLogOrder(
  sql: SqlExecutor,
  scope: ChainVerificationScope,
  options: ChainInspectionOptions,
  onBatch: (events: number) => void,
): Promise<{ streamsChecked: number; eventsChecked: number; pending: FoundBreak[] }> {
  const inScope = headScopeConditions(scope);
  const { rows: headRows } = await sql.query<{ stream_id: string; version: string; last_hash: string }>(
    `SELECT streams.stream_id, streams.version, streams.last_hash FROM streams WHERE true ${inScope.sql}`,
    inScope.params,
  );
  const heads = new Map(headRows.map((row) => [row.stream_id, { version: Number(row.version), hash: row.last_hash }]));
  const pass = await logOrderPass(sql, {
    universityId: scope.universityId,
    parallelism: options.parallelism ?? 1,
    batchSize: scope.batchSize,
    onBatch,
    reading: options.reading,
    workerScript: options.workerScript,
  });
  const suspects = pass.suspects;
  const streams = streamsOf(pass.parts);
  for (const [streamId, last] of joinParts(pass.parts, suspects)) {
    const head = heads.get(streamId);
    if (!head || head.version !== last.version || head.hash !== last.hash) suspects.add(streamId);
  }
  const pending: FoundBreak[] = [];
  // In stream id order, as the ordered walk reports them.
  for (const streamId of [...suspects].sort()) {
    const again = await walkRange(sql, { streamId, batchSize: scope.batchSize }, {}, false, () => undefined);
    pending.push(...again.pending);
  }
  return { streamsChecked: streams.size, eventsChecked: pass.events, pending };
}

/**
 * Walks the stored log stream by stream, in version order, recomputing every hash and checking
 * that each event links to the one before it, that versions run 1, 2, 3… without a hole, and that
 * the `streams` head is the last event. Reads the events as stored (never upcast), in
 * keyset-paginated batches read ahead of the hashing: a whole walk in log order
 * ({@link walkInLogOrder}), the first break and a single stream in stream order.
 */
export async function inspectChains(
  sql: SqlExecutor,
  scope: ChainVerificationScope = {},
  options: ChainInspectionOptions = {},
): Promise<ChainInspection> {
  let eventsSoFar = 0;
  const onBatch = (events: number) => {
    eventsSoFar += events;
    options.onProgress?.(eventsSoFar);
  };
  const stopAtFirstBreak = options.stopAtFirstBreak === true;
  let walks: { streamsChecked: number; eventsChecked: number; pending: FoundBreak[] }[];
  if (stopAtFirstBreak || scope.streamId !== undefined) {
    // Stopping at the first break is a single ordered walk; one stream is read by its index anyway.
    const ranges = stopAtFirstBreak ? [{}] : await streamRanges(sql, options.parallelism ?? 1);
    walks = await Promise.all(ranges.map((range) => walkRange(sql, scope, range, stopAtFirstBreak, onBatch)));
  } else {
    walks = [await walkInLogOrder(sql, scope, options, onBatch)];
  }
  const streamsChecked = walks.reduce((sum, walk) => sum + walk.streamsChecked, 0);
  const eventsChecked = walks.reduce((sum, walk) => sum + walk.eventsChecked, 0);
  const pending = walks.flatMap((walk) => walk.pending);
  const breaks: ChainBreak[] = [];
  const stopping = () => options.stopAtFirstBreak === true && pending.length > 0;

  if (!stopping()) {
    const inScope = headScopeConditions(scope);
    const headsWithoutEvents = await sql.query<{ stream_id: string; version: string }>(
      `SELECT streams.stream_id, streams.version FROM streams
       WHERE NOT EXISTS (SELECT 1 FROM events WHERE events.stream_id = streams.stream_id) ${inScope.sql}
       ORDER BY streams.stream_id ${options.stopAtFirstBreak ? 'LIMIT 1' : ''}`,
      inScope.params,
    );
    for (const orphan of headsWithoutEvents.rows) {
      pending.push({
        streamId: orphan.stream_id,
        problem: 'stream-head-mismatch',
        detail: `its head says version ${orphan.version} but no event of it is stored: the events were removed behind the store`,
      });
    }
  }

  const events = await storedEventsAt(sql, pending.flatMap((found) => (found.position ? [found.position] : [])));
  for (const found of pending) {
    const event = found.position ? events.get(found.position) : undefined;
    const at = event ? `@${event.version} (position ${event.globalPosition}, event ${event.eventId})` : '';
    breaks.push({
      streamId: found.streamId,
      problem: found.problem,
      event,
      missingVersions: found.missingVersions,
      description: `${found.streamId}${at}: ${found.detail}`,
    });
  }
  return { ok: breaks.length === 0, streamsChecked, eventsChecked, breaks };
}

async function storedEventsAt(sql: SqlExecutor, positions: string[]): Promise<Map<string, StoredEvent>> {
  if (positions.length === 0) return new Map();
  const { rows } = await sql.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position = ANY($1::bigint[])`, [positions]);
  return new Map(rows.map((row) => [String(row.global_position), toStoredEvent(row)]));
}

function headScopeConditions(scope: ChainVerificationScope): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (scope.streamId !== undefined) {
    params.push(scope.streamId);
    conditions.push(`AND streams.stream_id = $${params.length}`);
  }
  if (scope.universityId !== undefined) {
    params.push(scope.universityId);
    conditions.push(`AND streams.university_id = $${params.length}`);
  }
  return { sql: conditions.join(' '), params };
}
