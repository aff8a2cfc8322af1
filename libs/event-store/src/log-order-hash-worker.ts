import { parentPort } from 'node:worker_threads';
import { CopyRowHasher, LogOrderPart, type LogOrderPartSummary } from './log-order-hashing.js';

/**
 * A worker thread of the log-order pass (log-order-pass.ts): hashes the binary COPY output of one
 * position range, chunk by chunk as the main thread reads it, and answers with the range's segments.
 */
/** `chunk`: the COPY's output (`copyOut`); `frames`: the protocol's bytes (`copyOutFrames`). */
export type HashWorkerRequest = { kind: 'chunk' | 'frames'; bytes: Uint8Array } | { kind: 'end' };

export type HashWorkerReply =
  | { kind: 'hashed'; bytes: number; rows: number }
  | { kind: 'done'; summary: LogOrderPartSummary }
  | { kind: 'failed'; message: string };

const port = parentPort;
if (port) {
  const part = new LogOrderPart();
  const hasher = new CopyRowHasher(part);
  port.on('message', (request: HashWorkerRequest) => {
    try {
      if (request.kind !== 'end') {
        const bytes = request.bytes;
        const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const rows = request.kind === 'frames' ? hasher.pushFrames(chunk) : hasher.push(chunk);
        port.postMessage({ kind: 'hashed', bytes: bytes.byteLength, rows } satisfies HashWorkerReply);
      } else {
        if (!hasher.finished) throw new Error('a COPY ended inside a row');
        port.postMessage({ kind: 'done', summary: part.summary() } satisfies HashWorkerReply);
      }
    } catch (error) {
      port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies HashWorkerReply);
    }
  });
}
