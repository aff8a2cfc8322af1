import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sqlLiteral, type SqlExecutor } from '../../database/src/sql-client.js';
import { logOrderRowBatches, logRowHash, positionRanges } from './chain-rows.js';
import { COPY_COLUMNS, CopyRowHasher, LogOrderPart, type LogOrderPartSummary } from './log-order-hashing.js';
import type { HashWorkerReply, HashWorkerRequest } from './log-order-hash-worker.js';

/**
 * One pass over the log in position order, every row's hash recomputed where it is read: what the
 * verifier of the whole log and the store digest share. The log is cut into `parallelism` position
 * ranges read side by side; each range folds into per-stream segments (its first and last event of
 * each stream) and names the streams that showed anything out of order. {@link joinParts} then joins
 * the ranges in position order.
 *
 * Two ways to read, with the same result:
 * - `copy` (PostgreSQL): `COPY (SELECT …) TO STDOUT (FORMAT binary)` streamed, each row hashed from its
 *   bytes ({@link CopyRowHasher}), in a worker thread per range when the compiled worker is at hand
 *   (the database and the hashing then run on separate cores);
 * - `queries` (PGlite, which copies to a blob rather than a stream; or any client without
 *   `copyOut`): keyset-paginated batches of rows, each hashed by {@link logRowHash}.
 */
export type LogOrderReading = 'copy' | 'queries';

export interface LogOrderPassOptions {
  /** Only the streams registered to this university. */
  universityId?: string;
  /** Only events at or below this global position (the visible head when absent). */
  upTo?: string;
  /** Position ranges read side by side (each on its own connection of a pool). */
  parallelism?: number;
  /** Rows per round trip of the `queries` reading. */
  batchSize?: number;
  /** Called as rows are hashed, with how many since the last call. */
  onBatch?: (events: number) => void;
  /** `copy` where the client streams COPY output, `queries` otherwise; `queries` can be asked for anywhere. */
  reading?: LogOrderReading;
  /**
   * The compiled worker script that hashes a range of the `copy` reading off the main thread: by
   * default the `log-order-hash-worker.js` beside this module when it exists (the built service,
   * CLI and benchmarks), so the hashing runs in this thread under the TypeScript test runner; `false`
   * hashes in this thread.
   */
  workerScript?: URL | false;
}

export interface LogOrderPass {
  /** In position order. */
  parts: LogOrderPartSummary[];
  /** Streams to walk again in version order. */
  suspects: Set<string>;
  events: number;
}

/** Positions per COPY statement: each statement stays short of statement_timeout whatever the size of the log. */
const COPY_STATEMENT_POSITIONS = 250_000n;
/** Bytes handed to a worker and not yet hashed, beyond which the reading waits for it. */
const WORKER_BACKLOG_BYTES = 8 << 20;
/** Bytes gathered into one message to a worker. */
const WORKER_MESSAGE_BYTES = 512 << 10;

const DEFAULT_WORKER = new URL('./log-order-hash-worker.js', import.meta.url);

export async function logOrderPass(sql: SqlExecutor, options: LogOrderPassOptions = {}): Promise<LogOrderPass> {
  const ranges = await positionRanges(sql, options.parallelism ?? 1, options.upTo);
  const onBatch = options.onBatch ?? (() => undefined);
  const reading: LogOrderReading = readingOf(sql, options.reading);
  let parts: LogOrderPartSummary[];
  if (reading === 'copy') {
    if (!sql.copyOut && !sql.copyOutFrames) throw new Error('this SQL client cannot stream COPY output: read with queries');
    const workerScript = options.workerScript ?? (existsSync(fileURLToPath(DEFAULT_WORKER)) ? DEFAULT_WORKER : false);
    parts = await Promise.all(
      ranges.map((range) => {
        const statements = copyStatements(range, options.universityId);
        return workerScript ? copyInWorker(sql, statements, workerScript, onBatch) : copyInThread(sql, statements, onBatch);
      }),
    );
  } else {
    parts = await Promise.all(
      ranges.map(async (range) => {
        const part = new LogOrderPart();
        for await (const rows of logOrderRowBatches(sql, { ...range, universityId: options.universityId, batchSize: options.batchSize })) {
          for (const row of rows) part.add(row.stream_id, Number(row.version), row.previous_hash, row.hash, logRowHash(row) === row.hash);
          onBatch(rows.length);
        }
        return part.summary();
      }),
    );
  }
  const suspects = new Set<string>();
  for (const part of parts) for (const streamId of part.suspects) suspects.add(streamId);
  return { parts, suspects, events: parts.reduce((sum, part) => sum + part.events, 0) };
}

/**
 * The rows of the same pass read and nothing else: the same statements on the same ranges, rows
 * delimited (COPY) or parsed by the driver (queries), nothing canonicalized or hashed. What the
 * benchmark sets verification against.
 */
export async function plainLogOrderScan(sql: SqlExecutor, options: Pick<LogOrderPassOptions, 'parallelism' | 'reading' | 'batchSize'> = {}): Promise<number> {
  const ranges = await positionRanges(sql, options.parallelism ?? 1);
  const reading: LogOrderReading = readingOf(sql, options.reading);
  const counts = await Promise.all(
    ranges.map(async (range) => {
      let rows = 0;
      if (reading === 'copy') {
        const scanner = new CopyRowHasher();
        for (const statement of copyStatements(range, undefined)) {
          for await (const { framed, chunks } of copyChunks(sql, statement)) {
            rows += pushChunks(scanner, framed, chunks);
          }
        }
      } else {
        for await (const batch of logOrderRowBatches(sql, { ...range, batchSize: options.batchSize })) rows += batch.length;
      }
      return rows;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0);
}

/**
 * Each stream's last event (version, stored hash) across the parts, for the streams whose parts
 * join: the first part that holds the stream starts at version 1 with no link, and each next part
 * starts at the version after the last one and links to its hash. A stream that does not join is
 * added to `suspects` and left out. In the order the parts first name the streams.
 */
export function joinParts(parts: LogOrderPartSummary[], suspects: Set<string>): Map<string, { version: number; hash: string }> {
  const joined = new Map<string, { version: number; hash: string }>();
  const streams = new Set<string>();
  for (const part of parts) for (const streamId of part.segments.keys()) streams.add(streamId);
  for (const streamId of streams) {
    if (suspects.has(streamId)) continue;
    let last: { version: number; hash: string | null } = { version: 0, hash: null };
    let holds = true;
    for (const part of parts) {
      const segment = part.segments.get(streamId);
      if (!segment) continue;
      if (segment.firstVersion !== last.version + 1 || segment.firstPreviousHash !== last.hash) {
        holds = false;
        break;
      }
      last = { version: segment.lastVersion, hash: segment.lastHash };
    }
    if (holds && last.hash !== null) joined.set(streamId, { version: last.version, hash: last.hash });
    else suspects.add(streamId);
  }
  return joined;
}

/** Every stream any part holds. */
export function streamsOf(parts: LogOrderPartSummary[]): Set<string> {
  const streams = new Set<string>();
  for (const part of parts) for (const streamId of part.segments.keys()) streams.add(streamId);
  return streams;
}

function copyStatements(range: { after: string; upTo: string }, universityId: string | undefined): string[] {
  const inUniversity =
    universityId === undefined
      ? ''
      : ` AND EXISTS (SELECT 1 FROM streams WHERE streams.stream_id = events.stream_id AND streams.university_id = ${sqlLiteral(universityId)})`;
  const statements: string[] = [];
  const upTo = BigInt(range.upTo);
  for (let after = BigInt(range.after); after < upTo; after += COPY_STATEMENT_POSITIONS) {
    const until = after + COPY_STATEMENT_POSITIONS < upTo ? after + COPY_STATEMENT_POSITIONS : upTo;
    statements.push(
      `COPY (SELECT ${COPY_COLUMNS} FROM events WHERE events.global_position > ${after} AND events.global_position <= ${until}${inUniversity}
        ORDER BY events.global_position) TO STDOUT (FORMAT binary)`,
    );
  }
  return statements;
}

/** How a pass reads when not told: COPY where the client streams it, else queries. */
function readingOf(sql: SqlExecutor, asked: LogOrderReading | undefined): LogOrderReading {
  return asked ?? (sql.copyOut || sql.copyOutFrames ? 'copy' : 'queries');
}

/** Hands a batch of {@link copyChunks} to the hasher the way it was read; returns the rows completed. */
function pushChunks(hasher: CopyRowHasher, framed: boolean, chunks: readonly Buffer[]): number {
  let rows = 0;
  for (const chunk of chunks) rows += framed ? hasher.pushFrames(chunk) : hasher.push(chunk);
  return rows;
}

/**
 * A COPY's output in batches of chunks: the protocol's bytes where the client hands them on
 * (`copyOutFrames`, read by {@link CopyRowHasher.pushFrames}), else the output itself (`copyOut`).
 */
async function* copyChunks(sql: SqlExecutor, statement: string): AsyncGenerator<{ framed: boolean; chunks: Buffer[] }> {
  if (sql.copyOutFrames) {
    for await (const chunks of sql.copyOutFrames(statement)) yield { framed: true, chunks };
  } else {
    for await (const chunk of sql.copyOut!(statement)) yield { framed: false, chunks: [chunk] };
  }
}

async function copyInThread(sql: SqlExecutor, statements: string[], onBatch: (events: number) => void): Promise<LogOrderPartSummary> {
  const part = new LogOrderPart();
  const hasher = new CopyRowHasher(part);
  for (const statement of statements) {
    for await (const { framed, chunks } of copyChunks(sql, statement)) {
      onBatch(pushChunks(hasher, framed, chunks));
    }
  }
  if (!hasher.finished) throw new Error('a COPY ended inside a row');
  return part.summary();
}

/**
 * The COPY of a range read here and hashed in a worker thread: the chunks are gathered into
 * buffers of {@link WORKER_MESSAGE_BYTES} (one copy), each transferred to the worker as it fills, at
 * most {@link WORKER_BACKLOG_BYTES} ahead of the hashing, and the worker answers with the part's
 * segments. A message to the worker costs tens of microseconds, a socket chunk holds a dozen rows or
 * so: the gathering keeps that cost off the rows.
 */
async function copyInWorker(
  sql: SqlExecutor,
  statements: string[],
  script: URL,
  onBatch: (events: number) => void,
): Promise<LogOrderPartSummary> {
  const worker = new Worker(script);
  let backlog = 0;
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const summary = new Promise<LogOrderPartSummary>((resolve, reject) => {
    const fail = (error: Error) => {
      failure = error;
      wake?.();
      reject(error);
    };
    worker.on('message', (reply: HashWorkerReply) => {
      if (reply.kind === 'hashed') {
        backlog -= reply.bytes;
        onBatch(reply.rows);
        if (backlog <= WORKER_BACKLOG_BYTES) wake?.();
      } else if (reply.kind === 'done') {
        resolve(reply.summary);
      } else {
        fail(new Error(reply.message));
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the hashing worker stopped (exit code ${code})`)));
  });
  summary.catch(() => undefined);
  let staging: Uint8Array | undefined;
  let staged = 0;
  let stagedKind: 'chunk' | 'frames' = 'frames';
  const send = (bytes: Uint8Array, kind: 'chunk' | 'frames') => {
    backlog += bytes.byteLength;
    worker.postMessage({ kind, bytes } satisfies HashWorkerRequest, [bytes.buffer as ArrayBuffer]);
  };
  const flush = () => {
    if (staging && staged > 0) send(staging.subarray(0, staged), stagedKind);
    staging = undefined;
    staged = 0;
  };
  try {
    for (const statement of statements) {
      for await (const { framed, chunks } of copyChunks(sql, statement)) {
        if (failure) throw failure;
        const kind = framed ? 'frames' : 'chunk';
        if (kind !== stagedKind) flush();
        stagedKind = kind;
        for (const chunk of chunks) {
          if (staging && staged + chunk.length > staging.byteLength) flush();
          if (!staging) staging = new Uint8Array(Math.max(WORKER_MESSAGE_BYTES, chunk.length));
          staging.set(chunk, staged);
          staged += chunk.length;
        }
        if (staged >= WORKER_MESSAGE_BYTES / 2) flush();
        while (backlog > WORKER_BACKLOG_BYTES && !failure) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    }
    flush();
    worker.postMessage({ kind: 'end' } satisfies HashWorkerRequest);
    return await summary;
  } finally {
    await worker.terminate();
  }
}
