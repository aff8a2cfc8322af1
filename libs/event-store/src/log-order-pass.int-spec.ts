import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { inspectChains, type ChainInspectionOptions } from './chain-verification.js';
import { logOrderPass } from './log-order-pass.js';
import { COPY_COLUMNS, CopyRowHasher, isoOfMicroseconds, LogOrderPart, writeIsoInstant } from './log-order-hashing.js';
import type { SqlExecutor } from '../../database/src/sql-client.js';
import { storeDigest, visibleHeadPosition } from './store-digest.js';
import { createThrowawayEventStore, untilReadable, type ThrowawayEventStore } from './throwaway-event-store.js';
import type { JsonObject } from './event-store.port.js';

/** The worker the built code runs (the test set-up builds the project before the tests). */
const BUILT_WORKER = new URL('../../../dist/libs/event-store/src/log-order-hash-worker.js', import.meta.url);

/**
 * Payloads that take every branch of the byte-level canonical JSON: members that jsonb orders by
 * length and RFC 8785 by name, nested objects and arrays, numbers jsonb prints otherwise than
 * JSON.stringify, two- to four-byte characters, and what takes the text path (escapes, names
 * from U+E000 on, a supplementary character in a name).
 */
const PAYLOADS: JsonObject[] = [
  { number: 1 },
  { zeta: 1, a: { yy: [1, 2, { c: true, bb: null, a: false }], x: {} }, mm: [], kinds: ['PARTY_GROUP'] },
  { topic: '第1党小组：党小组传达支部工作安排', place: '实验楼会议室', present: 8, 人数: 3, 会议: { 地点: '党员之家', 时间: '2019-08-13' } },
  { decimals: [1.5, 0.1, -0.25, 1e-7, 123456789.125], large: 12345678901234567890, huge: 1e21, negative: -42, zero: 0, trailing: 2.5 },
  { quote: 'say "hi"', backslash: 'C:\\path', newline: 'a\nb', tab: '\t', control: '\u0001' },
  { '\ue000private': 1, 'émoji🙂': 'x', a: 2 },
  { '🙂': 1, '\uffff': 2 },
  { nested: [[[]], [{}], [{ b: 1, a: [{ dd: 1, c: 2 }] }]], emoji: '🙂😀', mixed: 'a中b' },
];

function events(count: number, offset: number): { eventId: string; type: string; data: JsonObject }[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: randomUUID(),
    type: index % 2 === 0 ? 'MeetingHeld' : 'Type "quoted"',
    data: { ...PAYLOADS[(offset + index) % PAYLOADS.length]!, n: offset + index },
  }));
}

describe.each(backendsUnderTest())('the log-order pass on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  const readings: { name: string; options: Pick<ChainInspectionOptions, 'reading' | 'workerScript'>; through?: (sql: SqlExecutor) => SqlExecutor }[] = [
    { name: 'queries', options: { reading: 'queries' } },
  ];
  if (backend === 'postgres') {
    // The COPY's output without its protocol messages (`copyOut`, no `copyOutFrames`).
    const outputOnly = (sql: SqlExecutor): SqlExecutor => ({ query: sql.query.bind(sql), exec: sql.exec.bind(sql), copyOut: sql.copyOut!.bind(sql) });
    readings.push({ name: 'copy, in this thread', options: { reading: 'copy', workerScript: false } });
    readings.push({ name: 'copy of the output only, in this thread', options: { reading: 'copy', workerScript: false }, through: outputOnly });
    if (existsSync(BUILT_WORKER)) {
      readings.push({ name: 'copy, in worker threads', options: { reading: 'copy', workerScript: BUILT_WORKER } });
      readings.push({ name: 'copy of the output only, in worker threads', options: { reading: 'copy', workerScript: BUILT_WORKER }, through: outputOnly });
    }
  }
  const sqlOf = (reading: (typeof readings)[number]) => (reading.through ? reading.through(fixture.sql) : fixture.sql);

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    const streams = ['branch-A', 'branch-B', 'person-"q"', 'branch-é', 'branch-C'];
    let offset = 0;
    let last = '0';
    // Interleaved appends, so each stream's events lie in several parts of the log.
    for (let round = 0; round < 4; round += 1) {
      for (const [index, streamId] of streams.entries()) {
        const metadata =
          index === 2
            ? { actor: 'actor "with" quotes\\', correlationId: 'corr-1', causationId: 'cause-\u00e9' }
            : { actor: `secretary-${index}`, universityId: index === 4 ? undefined : `university-${index % 2}` };
        const appended = await fixture.store.append(streamId, events(2 + (round % 2), offset), { metadata });
        offset += 3;
        last = appended.lastCursor;
      }
    }
    await untilReadable(fixture.store, last, 60_000);
  }, 120_000);

  afterAll(async () => {
    await fixture.drop();
  });

  it('hashes every row of an intact log as the store wrote it, with every reading', async () => {
    const { rows } = await fixture.sql.query<{ n: string }>('SELECT count(*) AS n FROM events');
    for (const reading of readings) {
      const { name, options } = reading;
      const pass = await logOrderPass(sqlOf(reading), { ...options, parallelism: 3, batchSize: 4 });
      expect({ name, suspects: [...pass.suspects], events: pass.events }).toEqual({ name, suspects: [], events: Number(rows[0]!.n) });
      expect(await inspectChains(sqlOf(reading), {}, { ...options, parallelism: 2 })).toMatchObject({ ok: true, breaks: [] });
    }
    if (backend === 'pglite') await expect(logOrderPass(fixture.sql, { reading: 'copy' })).rejects.toThrow('cannot stream COPY output');
  });

  it('gives the same inspection and digests on a tampered store whichever way it reads', async () => {
    const sql = fixture.sql;
    const { rows: marks } = await sql.query<{ position: string }>(`SELECT global_position::text AS position FROM events WHERE stream_id = 'branch-B' AND version = 3`);
    const notedAt = marks[0]!.position;
    const before = await storeDigest(sql, { at: notedAt, reading: 'queries' });

    await sql.query(`UPDATE events SET data = jsonb_set(data, '{n}', '999') WHERE stream_id = 'branch-A' AND version = 2`);
    await sql.query(`UPDATE events SET recorded_at = recorded_at + interval '1 microsecond' WHERE stream_id = 'person-"q"' AND version = 5`);
    await sql.query(`DELETE FROM events WHERE stream_id = 'branch-é' AND version = 3`);
    await sql.query(
      `INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at, university_id, hash, previous_hash)
       SELECT '00000000-0000-4000-8000-000000000001', stream_id, 99, type, schema_version, data, metadata, occurred_at, recorded_at, university_id, repeat('a', 64), hash
       FROM events WHERE stream_id = 'branch-C' AND version = 2`,
    );

    // The digest of the whole store at its head once the insertion is visible to every reader.
    const { rows: tops } = await sql.query<{ position: string }>('SELECT max(global_position)::text AS position FROM events');
    const top = tops[0]!.position;
    for (let waited = 0; (await visibleHeadPosition(sql)) !== top; waited += 1) {
      if (waited > 500) throw new Error(`position ${top} never became visible`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    const reports = [];
    for (const reading of readings) {
      const { name, options } = reading;
      const sql = sqlOf(reading);
      const progress: number[] = [];
      const inspection = await inspectChains(sql, { batchSize: 3 }, { ...options, parallelism: 3, onProgress: (checked) => progress.push(checked) });
      const digests = [await storeDigest(sql, { ...options, at: top, parallelism: 2 }), await storeDigest(sql, { ...options, at: notedAt, batchSize: 5 })];
      const university = await inspectChains(sql, { universityId: 'university-1' }, options);
      expect(progress.at(-1)).toBe(inspection.eventsChecked);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      reports.push({ name, inspection, digests, university });
    }
    const [first, ...others] = reports;
    for (const other of others) expect({ ...other, name: first!.name }).toEqual(first);

    const { inspection, digests, university } = first!;
    expect(inspection.ok).toBe(false);
    expect(inspection.breaks.map((found) => [found.streamId, found.problem, found.event?.version, found.missingVersions])).toEqual([
      ['branch-A', 'hash-mismatch', 2, undefined],
      ['branch-C', 'version-gap', 99, { from: 11, to: 98 }],
      ['branch-C', 'hash-mismatch', 99, undefined],
      ['branch-C', 'stream-head-mismatch', 99, undefined],
      ['branch-é', 'version-gap', 4, { from: 3, to: 3 }],
      ['person-"q"', 'hash-mismatch', 5, undefined],
    ]);
    // Of university-1 (branch-B, branch-é), only branch-é is broken.
    expect(university.breaks.map((found) => [found.streamId, found.problem])).toEqual([['branch-é', 'version-gap']]);
    // The digest at the noted position changed with the edit of branch-A before it.
    expect(digests[1]!.position).toBe(notedAt);
    expect(digests[1]!.digest).not.toBe(before.digest);
    expect(digests[1]!.events).toBe(before.events);
    expect(digests[0]).toMatchObject({ position: top, events: 50, streams: 5 });
  });
});

describe.each(backendsUnderTest().filter((backend) => backend === 'postgres'))('copyOut on %s', (backend) => {
  let fixture: ThrowawayEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
  });

  afterAll(async () => {
    await fixture.drop();
  });

  it('streams every byte of a COPY across many messages and socket reads', async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of fixture.sql.copyOut!(`COPY (SELECT g, repeat('é', g % 300) FROM generate_series(1, 20000) g) TO STDOUT`)) chunks.push(chunk);
    const expected = Array.from({ length: 20000 }, (_, index) => `${index + 1}\t${'é'.repeat((index + 1) % 300)}\n`).join('');
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
    expect((await fixture.sql.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('hands on the protocol messages of a COPY (copyOutFrames), read alike however they are cut', async () => {
    for (const streamId of ['branch-F', 'branch-G', 'branch-F']) await fixture.store.append(streamId, events(40, 0), { metadata: { actor: 'secretary-1' } });
    const statement = `COPY (SELECT ${COPY_COLUMNS} FROM events ORDER BY global_position) TO STDOUT (FORMAT binary)`;
    const frames: Buffer[] = [];
    for await (const batch of fixture.sql.copyOutFrames!(statement)) frames.push(...batch);
    const output: Buffer[] = [];
    for await (const chunk of fixture.sql.copyOut!(statement)) output.push(chunk);
    const whole = Buffer.concat(frames);
    const fold = (push: (hasher: CopyRowHasher) => number) => {
      const part = new LogOrderPart();
      const hasher = new CopyRowHasher(part);
      const rows = push(hasher);
      expect(hasher.finished).toBe(true);
      return { rows, summary: part.summary() };
    };
    const expected = fold((hasher) => hasher.push(Buffer.concat(output)));
    expect(expected.rows).toBe(120);
    expect(expected.rows).toBe(Number((await fixture.sql.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n));
    expect(expected.summary.suspects).toEqual([]);
    for (const size of [1, 2, 5, 6, 97, 4096, whole.length]) {
      const cut = fold((hasher) => {
        let rows = 0;
        for (let at = 0; at < whole.length; at += size) rows += hasher.pushFrames(whole.subarray(at, at + size));
        return rows;
      });
      expect({ size, ...cut }).toEqual({ size, ...expected });
    }
  });

  it.each(['copyOut', 'copyOutFrames'] as const)('reports an error raised halfway through %s, and the pool serves on', async (reading) => {
    const stream = (statement: string): AsyncIterable<Buffer | Buffer[]> => fixture.sql[reading]!(statement);
    const failing = async () => {
      for await (const chunk of stream(`COPY (SELECT 1 / (g - 5000) FROM generate_series(1, 6000) g) TO STDOUT`)) void chunk;
    };
    await expect(failing()).rejects.toThrow('division by zero');
    const stopped = async () => {
      for await (const chunk of stream(`COPY (SELECT g FROM generate_series(1, 100000) g) TO STDOUT`)) if (chunk.length > 0) break;
    };
    await stopped();
    expect((await fixture.sql.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});

describe('isoOfMicroseconds', () => {
  const split = (micros: bigint) => [Number(BigInt.asIntN(32, micros >> 32n)), Number(BigInt.asUintN(32, micros))] as const;
  const fromIso = (iso: string) => (BigInt(Date.parse(iso)) - 946_684_800_000n) * 1000n;

  it('writes an instant as to_char does, microseconds only when there are any', () => {
    expect(isoOfMicroseconds(...split(fromIso('2026-12-01T15:25:20.048Z')))).toBe('2026-12-01T15:25:20.048Z');
    expect(isoOfMicroseconds(...split(fromIso('2019-08-12T16:00:00.000Z') + 7n))).toBe('2019-08-12T16:00:00.000007Z');
    expect(isoOfMicroseconds(...split(fromIso('1999-12-31T23:59:59.999Z') + 1n))).toBe('1999-12-31T23:59:59.999001Z');
    expect(isoOfMicroseconds(...split(fromIso('1970-01-01T00:00:00.000Z')))).toBe('1970-01-01T00:00:00.000Z');
    // Far from 2000: beyond 2^53 microseconds, and years past 9999 as to_char's YYYY writes them.
    expect(isoOfMicroseconds(...split(fromIso('+012345-06-07T08:09:10.011Z') + 12n))).toBe('12345-06-07T08:09:10.011012Z');
    expect(() => isoOfMicroseconds(0x7fffffff, 0xffffffff)).toThrow('infinite');
  });

  it('is what the hasher writes digit by digit, the date cached by day (writeIsoInstant)', () => {
    const dates = new Map<number, Buffer>();
    const out = Buffer.alloc(64);
    const samples = [
      '2026-12-01T15:25:20.048Z', '2019-08-12T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2000-01-01T00:00:00.000Z',
      '1970-01-01T00:00:00.000Z', '1900-02-28T12:00:00.500Z', '2000-02-29T23:59:59.999Z', '+012345-06-07T08:09:10.011Z',
    ].map(fromIso);
    let seed = 42n;
    for (let index = 0; index < 5000; index += 1) {
      // Instants from 1850 to 2150 (as often before 2000 as after), many with microseconds, days recurring.
      seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 63n;
      const micros = (seed % (300n * 365n * 86_400_000_000n)) - 150n * 365n * 86_400_000_000n;
      samples.push(index % 3 === 0 ? micros - (micros % 1000n) : micros, samples[index % 8]! + BigInt(index % 1000));
    }
    for (const micros of samples) {
      const [high, low] = split(micros);
      const end = writeIsoInstant(high, low, out, 3, dates);
      expect(out.toString('latin1', 3, end)).toBe(isoOfMicroseconds(high, low));
    }
    expect(() => writeIsoInstant(0x7fffffff, 0xffffffff, out, 0, dates)).toThrow('infinite');
  });
});
