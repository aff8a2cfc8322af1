import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../../database/src/sql-client.js';
import { canonicalJson } from './canonical-json.js';
import { chainRowBatches, chainRowHash } from './chain-rows.js';
import { joinParts, logOrderPass, type LogOrderReading } from './log-order-pass.js';

/**
 * The store digest (存证摘要): one SHA-256 over the head hash of every stream as of a global
 * position. An inspector notes it with its position; the digest at that position is the same on
 * any later day, on any copy of the store, and changes with any edit, deletion or insertion of an
 * event at or below it. docs/INSPECTION.md gives the algorithm to recompute it from an export.
 */
export interface StoreDigest {
  /** 64 lowercase hex digits. */
  digest: string;
  /** The global position it is taken at (a decimal string; "0" for an empty store). */
  position: string;
  /** How many events are at or below the position. */
  events: number;
  streams: number;
}

export class DigestPositionError extends Error {
  override readonly name = 'DigestPositionError';
}

export interface StoreDigestOptions {
  /** A global position (decimal); the visible head of the log when absent. */
  at?: string;
  /** Called after each batch with the events digested so far. */
  onProgress?: (events: number) => void;
  batchSize?: number;
  /** Read the log in this many position ranges side by side (each on its own connection of a pool). */
  parallelism?: number;
  /** How the pass reads the log (see {@link inspectChains}); both give the same digest. */
  reading?: LogOrderReading;
  /** Where the compiled hashing worker is, or `false` to hash in this thread. */
  workerScript?: URL | false;
}

const POSITION = /^\d{1,19}$/;

/** The newest position every reader can see (commit-safe, as the store's head cursor). */
export async function visibleHeadPosition(sql: SqlExecutor): Promise<string> {
  const { rows } = await sql.query<{ position: string | null }>(
    `SELECT max(global_position)::text AS position FROM events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())`,
  );
  return rows[0]?.position ?? '0';
}

/**
 * The head of every stream as of the position, recomputed from its first event: each hash from the
 * event's stored fields and the hash recomputed before it (never the stored link). So the head hash
 * of an untouched stream is its stored last hash, and an altered, removed or added event anywhere in
 * a stream changes its head. Each stream contributes the line `["<stream id>",<version>,"<head
 * hash>"]\n` (RFC 8785 JSON); the lines are sorted by the UTF-8 bytes of the stream id and hashed
 * together.
 *
 * It takes the verifier's pass ({@link logOrderPass}: the log read once in position order, every
 * hash checked where it is read). A stream whose every event there hashes to its stored hash, links
 * to the stored hash before it and follows it in version, from version 1 with no link, has as its
 * recomputed head its last event's version and stored hash; any other stream is walked again alone
 * in version order and its chain recomputed event by event, as DOMAIN.md §3 and docs/INSPECTION.md
 * say.
 */
export async function storeDigest(sql: SqlExecutor, options: StoreDigestOptions = {}): Promise<StoreDigest> {
  const head = await visibleHeadPosition(sql);
  const position = options.at ?? head;
  if (!POSITION.test(position) || BigInt(position) > 9223372036854775807n) {
    throw new DigestPositionError(`a digest position is a global position (a non-negative integer), not ${JSON.stringify(position)}`);
  }
  if (BigInt(position) > BigInt(head)) {
    throw new DigestPositionError(`position ${position} is beyond the visible head of the log (${head}): its digest could still change`);
  }
  let events = 0;
  const pass = await logOrderPass(sql, {
    upTo: position,
    parallelism: options.parallelism,
    batchSize: options.batchSize,
    reading: options.reading,
    workerScript: options.workerScript,
    onBatch: (rows) => {
      events += rows;
      options.onProgress?.(events);
    },
  });
  const heads = joinParts(pass.parts, pass.suspects);
  for (const streamId of pass.suspects) heads.set(streamId, await recomputedHead(sql, streamId, position, options.batchSize));
  const lines: { streamId: Buffer; line: string }[] = [];
  for (const [streamId, last] of heads) {
    lines.push({ streamId: Buffer.from(streamId, 'utf8'), line: `${canonicalJson([streamId, last.version, last.hash])}\n` });
  }
  lines.sort((a, b) => Buffer.compare(a.streamId, b.streamId));
  const digest = createHash('sha256');
  for (const { line } of lines) digest.update(line, 'utf8');
  return { digest: digest.digest('hex'), position: String(BigInt(position)), events: pass.events, streams: lines.length };
}

/** A stream's chain recomputed in version order from its first event at or below the position: its last version and hash. */
async function recomputedHead(sql: SqlExecutor, streamId: string, position: string, batchSize?: number): Promise<{ version: number; hash: string }> {
  let last: { version: number; hash: string } | undefined;
  for await (const rows of chainRowBatches(sql, { streamId, upToPosition: position, batchSize })) {
    for (const row of rows) last = { version: Number(row.version), hash: chainRowHash(row, last ? last.hash : null) };
  }
  if (!last) throw new Error(`stream ${streamId} has no event at or below position ${position}`);
  return last;
}
