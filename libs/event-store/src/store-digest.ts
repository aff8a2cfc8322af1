import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../../database/src/sql-client.js';
import { canonicalJson } from './canonical-json.js';
import { chainRowBatches, chainRowHash, streamRanges, type StreamRange } from './chain-rows.js';

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
  /** Walk the streams in this many ranges side by side (each on its own connection of a pool). */
  parallelism?: number;
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
 * Walks every stream's events at or below the position in version order and recomputes the chain
 * from its first event: each hash from the event's stored fields and the hash recomputed before it
 * (never the stored link). So the head hash of an untouched stream is its stored last hash, and an
 * altered, removed or added event anywhere in a stream changes its head. Each stream contributes
 * the line `["<stream id>",<version>,"<head hash>"]\n` (RFC 8785 JSON); the lines are sorted by
 * the UTF-8 bytes of the stream id and hashed together.
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
  const walkRange = async (range: StreamRange) => {
    const lines: { streamId: Buffer; line: string }[] = [];
    let stream: { id: string; version: number; hash: string } | undefined;
    const close = () => {
      if (stream) lines.push({ streamId: Buffer.from(stream.id, 'utf8'), line: `${canonicalJson([stream.id, stream.version, stream.hash])}\n` });
    };
    for await (const rows of chainRowBatches(sql, { upToPosition: position, batchSize: options.batchSize, streams: range })) {
      for (const row of rows) {
        if (stream?.id !== row.stream_id) {
          close();
          stream = undefined;
        }
        const hash = chainRowHash(row, stream ? stream.hash : null);
        stream = { id: row.stream_id, version: Number(row.version), hash };
      }
      events += rows.length;
      options.onProgress?.(events);
    }
    close();
    return lines;
  };
  const lines = (await Promise.all((await streamRanges(sql, options.parallelism ?? 1)).map(walkRange))).flat();
  lines.sort((a, b) => Buffer.compare(a.streamId, b.streamId));
  const digest = createHash('sha256');
  for (const { line } of lines) digest.update(line, 'utf8');
  return { digest: digest.digest('hex'), position: String(BigInt(position)), events, streams: lines.length };
}
