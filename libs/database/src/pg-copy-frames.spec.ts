import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { CopyFramesQuery } from './pg-copy-frames.js';

const message = (code: string, body: Buffer) => {
  const header = Buffer.alloc(5);
  header[0] = code.charCodeAt(0);
  header.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
};

/** A connection whose socket is fed by hand; what `pg` would have read is collected. */
function fakeConnection() {
  const socket = Object.assign(new EventEmitter(), { pause: () => undefined, resume: () => undefined });
  const toPg: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => toPg.push(chunk));
  const sent: string[] = [];
  const connection = { stream: socket, query: (text: string) => sent.push(text) } as unknown as pg.Connection;
  return { socket, connection, toPg, sent };
}

async function collect(query: CopyFramesQuery): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const batch of query.chunks()) chunks.push(...batch);
  return Buffer.concat(chunks);
}

describe('CopyFramesQuery', () => {
  const frames = Buffer.concat([
    message('H', Buffer.from([1, 0, 1, 0, 1])),
    ...Array.from({ length: 40 }, (_, index) => message('d', Buffer.alloc(index % 7, index))),
    message('N', Buffer.from('notice\0')),
    message('d', Buffer.from('last')),
  ]);
  const after = Buffer.concat([message('C', Buffer.from('COPY 41\0')), message('Z', Buffer.from('I'))]);

  it.each([1, 2, 3, 4, 5, 6, 7, 13, 64, 100_000])('hands on every byte before CopyDone and the rest to pg, in chunks of %i bytes', async (size) => {
    const { socket, connection, toPg, sent } = fakeConnection();
    const query = new CopyFramesQuery('COPY x TO STDOUT');
    query.submit(connection);
    expect(sent).toEqual(['COPY x TO STDOUT']);
    const bytes = Buffer.concat([frames, message('c', Buffer.alloc(0)), after]);
    const collected = collect(query);
    for (let at = 0; at < bytes.length; at += size) socket.emit('data', bytes.subarray(at, at + size));
    query.handleCommandComplete();
    query.handleReadyForQuery();
    expect((await collected).equals(frames)).toBe(true);
    expect(Buffer.concat(toPg).equals(after)).toBe(true);
    expect(socket.listenerCount('data')).toBe(1);
  });

  it.each([1, 3, 5, 64])('hands an ErrorResponse and what follows to pg (chunks of %i bytes), and throws its error', async (size) => {
    const { socket, connection, toPg } = fakeConnection();
    const query = new CopyFramesQuery('COPY x TO STDOUT');
    query.submit(connection);
    const failure = Buffer.concat([message('E', Buffer.from('SERROR\0Mdivision by zero\0\0')), message('Z', Buffer.from('I'))]);
    const collected = collect(query);
    const bytes = Buffer.concat([frames, failure]);
    for (let at = 0; at < bytes.length; at += size) socket.emit('data', bytes.subarray(at, at + size));
    query.handleError(new Error('division by zero'));
    await expect(collected).rejects.toThrow('division by zero');
    expect(Buffer.concat(toPg).equals(failure)).toBe(true);
  });
});
