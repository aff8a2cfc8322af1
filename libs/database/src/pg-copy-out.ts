import type { Readable } from 'node:stream';
import { to as copyTo } from 'pg-copy-streams';

/**
 * pg-copy-streams' COPY TO stream with a leaner reading of the protocol: the server sends one
 * CopyData message a row, and the library's reading (through its buffer list: a peek, two reads and a
 * take a message) costs the main thread about as much as delimiting the rows. This reads the
 * messages of each socket chunk in place and passes their contents on as one buffer; everything else
 * (taking over the connection, handing it back at CopyDone or at an error, the row count) is the
 * library's.
 */
interface CopyToInternals extends Readable {
  _buffer: { push(chunk: Buffer): void };
  _detach(): void;
  _cleanup(): void;
}

type CopyToConstructor = new (text: string, options?: object) => CopyToInternals;

const COPY_DATA = 0x64;
const ERROR_RESPONSE = 0x45;
/** Messages that may come between CopyData messages, and are skipped (as the library does). */
const INTERSPERSED = new Set([0x48 /* CopyOutResponse */, 0x53 /* ParameterStatus */, 0x4e /* NoticeResponse */, 0x41 /* NotificationResponse */]);

const CopyStreamQuery = Object.getPrototypeOf(copyTo('COPY (SELECT 1) TO STDOUT')).constructor as CopyToConstructor;

class LeanCopyStreamQuery extends CopyStreamQuery {
  /** Bytes of a message header (or of a message to skip) cut by the end of a chunk. */
  private rest: Buffer | undefined;
  /** Bytes of the current CopyData message still to come. */
  private remaining = 0;

  // Called by the library for each chunk read from the connection; answers whether to read on.
  _parse(chunk: Buffer): boolean {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = undefined;
    const end = buf.length;
    const contents: Buffer[] = [];
    let at = 0;
    let finished: 'done' | 'error' | undefined;
    while (at < end) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, end - at);
        contents.push(buf.subarray(at, at + take));
        at += take;
        this.remaining -= take;
        continue;
      }
      if (end - at < 5) {
        this.rest = buf.subarray(at);
        break;
      }
      const code = buf[at]!;
      if (code === COPY_DATA) {
        this.remaining = buf.readUInt32BE(at + 1) - 4;
        at += 5;
        continue;
      }
      if (code === ERROR_RESPONSE) {
        // Left to pg, which reports it to the query.
        finished = 'error';
        break;
      }
      const length = 1 + buf.readUInt32BE(at + 1);
      if (end - at < length) {
        this.rest = buf.subarray(at);
        break;
      }
      at += length;
      if (!INTERSPERSED.has(code)) {
        // CopyDone (0x63), or any other message: copy-out mode is over.
        finished = 'done';
        break;
      }
    }
    let drained = true;
    if (contents.length > 0) drained = this.push(contents.length === 1 ? contents[0]! : Buffer.concat(contents));
    if (finished) {
      if (at < end) this._buffer.push(buf.subarray(at));
      this._detach();
      if (finished === 'done') {
        this.push(null);
        this._cleanup();
      }
    }
    // Once handed back, the connection is pg's: nothing more is read from it here.
    return finished ? false : drained;
  }
}

/** A COPY … TO STDOUT statement to hand to `client.query`, its output read as a stream of buffers. */
export function leanCopyTo(statement: string): Readable {
  return new LeanCopyStreamQuery(statement) as unknown as Readable;
}
