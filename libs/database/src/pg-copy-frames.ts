import type { Socket } from 'node:net';
import type pg from 'pg';

/**
 * A `COPY … TO STDOUT` statement whose output is handed on as the protocol's own bytes: the
 * messages the server sends (CopyOutResponse, then one CopyData a row, maybe a notice between),
 * socket chunk by socket chunk, up to and without its CopyDone. Nothing is parsed here but the
 * messages' headers (to find where copy-out mode ends), nothing copied, no buffer made a message:
 * the reading costs the thread that owns the connection next to nothing, and whoever takes the
 * bytes (a worker thread, log-order-hashing.ts) reads the messages where they lie.
 *
 * Like pg-copy-streams, it takes the connection's socket over from `pg` while the COPY streams and
 * hands back what follows CopyDone (CommandComplete, ReadyForQuery) or, at an ErrorResponse, that
 * message and what follows, so `pg` settles the statement and reports its error.
 */
export class CopyFramesQuery implements pg.Submittable {
  private socket: Socket | undefined;
  private pgData: ((chunk: Buffer) => void) | undefined;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private paused = false;
  private finished = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  /** Bytes of the current message not seen yet. */
  private remaining = 0;
  /** A message header cut by the end of a socket chunk. */
  private readonly header = Buffer.alloc(5);
  private headerLength = 0;
  private handedBack = false;

  constructor(
    private readonly text: string,
    private readonly highWaterBytes = 4 << 20,
  ) {}

  submit(connection: pg.Connection): void {
    const socket = (connection as unknown as { stream: Socket }).stream;
    const listeners = socket.listeners('data') as ((chunk: Buffer) => void)[];
    if (listeners.length !== 1) throw new Error('a COPY needs the connection to itself');
    this.socket = socket;
    this.pgData = listeners[0]!;
    socket.removeListener('data', this.pgData);
    socket.on('data', this.onData);
    connection.query(this.text);
  }

  handleError(error: Error): void {
    this.failure = error;
    this.finished = true;
    this.wake?.();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    this.finished = true;
    this.wake?.();
  }

  /** The chunks as they come, batched as they are waiting when the reader asks. */
  async *chunks(): AsyncGenerator<Buffer[]> {
    for (;;) {
      if (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.queue.length);
        this.queued = 0;
        if (this.paused) {
          this.paused = false;
          this.socket?.resume();
        }
        yield batch;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.finished) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  private readonly onData = (chunk: Buffer): void => {
    const end = chunk.length;
    let at = 0;
    while (at < end) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, end - at);
        at += take;
        this.remaining -= take;
        continue;
      }
      // A message header: its code and its length (which counts itself, not the code).
      let code: number;
      let length: number;
      const headerAt = at;
      if (this.headerLength > 0 || end - at < 5) {
        const take = Math.min(5 - this.headerLength, end - at);
        chunk.copy(this.header, this.headerLength, at, at + take);
        this.headerLength += take;
        at += take;
        if (this.headerLength < 5) {
          // The rest of the header comes with the next chunk: what comes before it goes on now.
          this.enqueue(chunk.subarray(0, headerAt));
          return;
        }
        code = this.header[0]!;
        length = this.header.readUInt32BE(1);
      } else {
        code = chunk[at]!;
        length = chunk.readUInt32BE(at + 1);
        at += 5;
      }
      const cut = this.headerLength > 0;
      const headerBytes = cut ? Buffer.from(this.header) : undefined;
      this.headerLength = 0;
      if (code === 0x63 /* CopyDone */ || code === 0x45 /* ErrorResponse */) {
        this.enqueue(chunk.subarray(0, cut ? 0 : headerAt));
        const rest = code === 0x63 ? chunk.subarray(at) : cut ? Buffer.concat([headerBytes!, chunk.subarray(at)]) : chunk.subarray(headerAt);
        this.handBack(rest);
        return;
      }
      if (cut) {
        // The header held back from the chunk before goes on first, then this chunk from the message's body.
        this.enqueue(headerBytes!);
        this.remaining = length - 4;
        this.onData(chunk.subarray(at));
        return;
      }
      this.remaining = length - 4;
    }
    this.enqueue(chunk);
  };

  private enqueue(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    if (this.queued > this.highWaterBytes && !this.paused) {
      this.paused = true;
      this.socket!.pause();
    }
    this.wake?.();
  }

  private handBack(rest: Buffer): void {
    if (this.handedBack) return;
    this.handedBack = true;
    const socket = this.socket!;
    socket.removeListener('data', this.onData);
    socket.on('data', this.pgData!);
    if (this.paused) {
      this.paused = false;
      socket.resume();
    }
    if (rest.length > 0) this.pgData!(rest);
  }
}
