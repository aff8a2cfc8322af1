import { sqlStateOf, SqlState, type SqlClient, type SqlExecutor } from '../../database/src/sql-client.js';
import { eventHash } from './hash-chain.js';
import { analyzeStore } from './postgres-event-store.js';
import { archivedEventSchema, type ArchivedEvent } from './verbatim-export.js';

/** The archive is not loaded: the reason names the line. Nothing has been written. */
export class ArchiveRefusedError extends Error {
  override readonly name = 'ArchiveRefusedError';
}

export interface ArchiveImport {
  events: number;
  streams: number;
  /** The highest global position loaded ("0" for an empty archive). */
  position: string;
}

export interface ArchiveImportOptions {
  /** Called as lines are checked (first pass) and loaded (second pass). */
  onProgress?: (pass: 'checking' | 'loading', events: number) => void;
  batchSize?: number;
}

/** The lines of the archive, from the start each time it is called (the import reads it twice). */
export type ArchiveLines = () => AsyncIterable<string>;

interface StreamTail {
  version: number;
  hash: string;
  universityId: string | null;
}

/**
 * Loads an event archive into an empty database, keeping every event's id, stream, version,
 * global position, recorded time and hash, and the log's order. A first pass checks every line
 * and every chain (versions 1, 2, 3…, links, hashes recomputed); a file that does not verify is
 * refused before anything is written. The second pass loads it in one transaction.
 */
export async function importArchive(sql: SqlClient, lines: ArchiveLines, options: ArchiveImportOptions = {}): Promise<ArchiveImport> {
  const { rows } = await sql.query<{ stored: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM streams) AS stored',
  );
  if (rows[0]!.stored) throw new ArchiveRefusedError('an archive is imported into an empty database only: this one already stores events');

  const checked = await checkArchive(lines, options);
  const batchSize = options.batchSize ?? 2000;
  let loaded = 0;
  try {
    await sql.transaction(async (tx) => {
      // Commit order is (transaction, position). Lines whose positions stop increasing began a later
      // transaction in the original log: each such run gets an earlier transaction id than the next,
      // the last run this transaction's own, so the order survives the single atomic load.
      let run = 0;
      let previousPosition = 0n;
      let batch: ArchivedEvent[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await insertEvents(tx, batch, checked.runs - 1 - run);
        loaded += batch.length;
        batch = [];
        options.onProgress?.('loading', loaded);
      };
      for await (const event of parsedLines(lines)) {
        const position = BigInt(event.globalPosition);
        if (position <= previousPosition) {
          await flush();
          run += 1;
        }
        previousPosition = position;
        batch.push(event);
        if (batch.length >= batchSize) await flush();
      }
      await flush();
      await insertStreams(tx, checked.streams);
      if (checked.maxPosition > 0n) {
        await tx.query(`SELECT setval(pg_get_serial_sequence('events', 'global_position'), $1::bigint)`, [String(checked.maxPosition)]);
      }
    });
  } catch (error) {
    if (sqlStateOf(error) === SqlState.uniqueViolation) {
      throw new ArchiveRefusedError(`the archive repeats an event id or a global position (${error instanceof Error ? error.message : String(error)}); nothing was imported`);
    }
    throw error;
  }
  // Bulk-loaded tables: give the planner their real sizes before anyone queries them.
  await analyzeStore(sql);
  return { events: loaded, streams: checked.streams.size, position: String(checked.maxPosition) };
}

interface CheckedArchive {
  streams: Map<string, StreamTail>;
  runs: number;
  maxPosition: bigint;
}

async function checkArchive(lines: ArchiveLines, options: ArchiveImportOptions): Promise<CheckedArchive> {
  const streams = new Map<string, StreamTail>();
  let runs = 0;
  let previousPosition = 0n;
  let maxPosition = 0n;
  let count = 0;
  let lineNumber = 0;
  for await (const event of parsedLines(lines, () => lineNumber++)) {
    count += 1;
    const position = BigInt(event.globalPosition);
    if (runs === 0 || position <= previousPosition) runs += 1;
    previousPosition = position;
    if (position > maxPosition) maxPosition = position;
    const tail = streams.get(event.streamId);
    const at = `line ${lineNumber}: ${event.streamId}@${event.version}`;
    const expectedVersion = tail ? tail.version + 1 : 1;
    if (event.version !== expectedVersion) throw new ArchiveRefusedError(`${at}: version ${expectedVersion} was expected; the chain does not verify`);
    if (event.previousHash !== (tail ? tail.hash : null)) throw new ArchiveRefusedError(`${at}: does not link to the hash of the event before it`);
    if (archivedEventHash(event) !== event.hash) throw new ArchiveRefusedError(`${at}: its hash is not the hash of its fields; the event was altered`);
    streams.set(event.streamId, { version: event.version, hash: event.hash, universityId: tail ? tail.universityId : event.universityId });
    if (count % 10_000 === 0) options.onProgress?.('checking', count);
  }
  options.onProgress?.('checking', count);
  return { streams, runs, maxPosition };
}

/** The hash DOMAIN.md §3 defines, of an archived event. */
export function archivedEventHash(event: ArchivedEvent): string {
  return eventHash({
    previousHash: event.previousHash,
    eventId: event.eventId,
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredAt: new Date(event.occurredAt),
    recordedAt: new Date(event.recordedAt),
    actor: event.metadata.actor,
    universityId: event.universityId,
    correlationId: (event.metadata.correlationId as string | null | undefined) ?? null,
    causationId: (event.metadata.causationId as string | null | undefined) ?? null,
  });
}

async function* parsedLines(lines: ArchiveLines, onLine: () => void = () => undefined): AsyncGenerator<ArchivedEvent> {
  let lineNumber = 0;
  for await (const line of lines()) {
    lineNumber += 1;
    onLine();
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new ArchiveRefusedError(`line ${lineNumber}: not JSON`);
    }
    const event = archivedEventSchema.safeParse(parsed);
    if (!event.success) {
      const issue = event.error.issues[0]!;
      throw new ArchiveRefusedError(`line ${lineNumber}: ${issue.path.join('.') || 'the line'} ${issue.message}`);
    }
    yield event.data as ArchivedEvent;
  }
}

async function insertEvents(tx: SqlExecutor, events: ArchivedEvent[], transactionsBeforeLast: number): Promise<void> {
  const column = <T>(pick: (event: ArchivedEvent) => T) => events.map(pick);
  await tx.query(
    `INSERT INTO events (global_position, transaction_id, event_id, stream_id, version, type, schema_version, data, metadata,
                         occurred_at, recorded_at, university_id, hash, previous_hash)
     SELECT position, (pg_current_xact_id()::text::bigint - $14::bigint)::text::xid8, event_id, stream_id, version, type,
            schema_version, data, metadata, occurred_at, recorded_at, university_id, hash, previous_hash
     FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[],
                 $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[])
          AS archived(position, event_id, stream_id, version, type, schema_version, data, metadata,
                      occurred_at, recorded_at, university_id, hash, previous_hash)`,
    [
      column((event) => event.globalPosition),
      column((event) => event.eventId),
      column((event) => event.streamId),
      column((event) => event.version),
      column((event) => event.type),
      column((event) => event.schemaVersion),
      column((event) => JSON.stringify(event.data)),
      column((event) => JSON.stringify(event.metadata)),
      column((event) => event.occurredAt),
      column((event) => event.recordedAt),
      column((event) => event.universityId),
      column((event) => event.hash),
      column((event) => event.previousHash),
      transactionsBeforeLast,
    ],
  );
}

async function insertStreams(tx: SqlExecutor, streams: Map<string, StreamTail>): Promise<void> {
  const entries = [...streams];
  for (let start = 0; start < entries.length; start += 5000) {
    const slice = entries.slice(start, start + 5000);
    await tx.query(
      `INSERT INTO streams (stream_id, version, university_id, last_hash)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[])`,
      [slice.map(([id]) => id), slice.map(([, tail]) => tail.version), slice.map(([, tail]) => tail.universityId), slice.map(([, tail]) => tail.hash)],
    );
  }
}
