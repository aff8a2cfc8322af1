import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { START_CURSOR, type AppendOptions, type StoredEvent } from './event-store.port.js';
import { compareCursors, PostgresEventStore } from './postgres-event-store.js';
import {
  createThrowawayEventStore,
  freshStreamId,
  numberedEvents,
  untilReadable,
  type ThrowawayEventStore,
} from './throwaway-event-store.js';

const asSecretary: AppendOptions['metadata'] = { actor: 'secretary-1', universityId: 'university-1' };

describe.each(backendsUnderTest())('reading the event store on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = fixture.store;
  });
  afterAll(async () => {
    await fixture.drop();
  });

  describe('one stream', () => {
    it('reads only that stream, in version order, from the version asked for', async () => {
      const streamId = freshStreamId();
      const neighbour = freshStreamId();
      await store.append(streamId, numberedEvents(3), { metadata: asSecretary });
      await store.append(neighbour, numberedEvents(2), { metadata: asSecretary });
      await store.append(streamId, numberedEvents(2, { firstNumber: 4 }), { metadata: asSecretary });

      const whole = await store.readStream(streamId);
      expect(whole.map((event) => [event.version, event.data['number']])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
      expect(whole.every((event) => event.streamId === streamId)).toBe(true);
      expect((await store.readStream(streamId, { fromVersion: 4 })).map((event) => event.version)).toEqual([4, 5]);
      expect(await store.readStream(streamId, { fromVersion: 6 })).toEqual([]);
    });

    it('reads nothing from a stream that does not exist', async () => {
      expect(await store.readStream(freshStreamId())).toEqual([]);
      expect(await store.streamHead(freshStreamId())).toBeNull();
    });

    it('reads the stream as it stood at a recorded instant', async () => {
      let now = new Date('2024-05-01T08:00:00.000Z');
      const clocked = new PostgresEventStore(fixture.sql, { clock: () => now });
      const streamId = freshStreamId();
      await clocked.append(streamId, numberedEvents(2), { metadata: asSecretary });
      const firstRecorded = now;
      now = new Date('2024-05-02T08:00:00.000Z');
      await clocked.append(streamId, numberedEvents(1, { firstNumber: 3 }), { metadata: asSecretary });
      now = new Date('2024-05-03T08:00:00.000Z');
      await clocked.append(streamId, numberedEvents(1, { firstNumber: 4 }), { metadata: asSecretary });

      const versionsAsOf = async (instant: string) =>
        (await clocked.readStream(streamId, { recordedAtOrBefore: new Date(instant) })).map((event) => event.version);
      expect(await versionsAsOf('2024-04-30T23:59:59.999Z')).toEqual([]);
      expect(await versionsAsOf(firstRecorded.toISOString())).toEqual([1, 2]);
      expect(await versionsAsOf('2024-05-02T07:59:59.999Z')).toEqual([1, 2]);
      expect(await versionsAsOf('2024-05-02T08:00:00.000Z')).toEqual([1, 2, 3]);
      expect(await versionsAsOf('2024-06-01T00:00:00.000Z')).toEqual([1, 2, 3, 4]);
    });

    it('serves the head of a stream and the events stored under given ids', async () => {
      const streamId = freshStreamId();
      const events = numberedEvents(3);
      await store.append(streamId, events, { metadata: asSecretary });
      const stored = await store.readStream(streamId);

      expect(await store.streamHead(streamId)).toEqual({ streamId, version: 3, hash: stored[2]!.hash, universityId: 'university-1' });
      const found = await store.findEvents([events[2]!.eventId!, 'not-a-uuid', events[0]!.eventId!]);
      expect(found.map((event) => event.version)).toEqual([1, 3]);
      expect(await store.findEvents(['not-a-uuid'])).toEqual([]);
    });
  });

  describe('the whole log', () => {
    it('reads everything appended after a cursor in batches, in append order, with increasing cursors', async () => {
      const start = await store.headCursor();
      const streams = [freshStreamId(), freshStreamId(), freshStreamId()];
      const appendedIds: string[] = [];
      const appendedPositions: string[] = [];
      let lastCursor = start;
      for (let round = 0; round < 5; round += 1) {
        for (const streamId of streams) {
          const events = numberedEvents(round + 1);
          const result = await store.append(streamId, events, { metadata: asSecretary });
          appendedIds.push(...events.map((event) => event.eventId!));
          appendedPositions.push(...result.positions);
          lastCursor = result.lastCursor;
        }
      }
      await untilReadable(store, lastCursor);

      const read: StoredEvent[] = [];
      const batchSizes: number[] = [];
      let cursor = start;
      for (;;) {
        const batch = await store.readAll({ after: cursor, limit: 7 });
        if (batch.events.length === 0) {
          expect(batch.cursor).toBe(cursor);
          break;
        }
        expect(compareCursors(batch.cursor, cursor)).toBe(1);
        expect(batch.cursor).toBe(batch.events[batch.events.length - 1]!.cursor);
        batchSizes.push(batch.events.length);
        read.push(...batch.events);
        cursor = batch.cursor;
      }

      expect(read.map((event) => event.eventId)).toEqual(appendedIds);
      expect(read.map((event) => event.globalPosition)).toEqual(appendedPositions);
      expect(batchSizes).toEqual([7, 7, 7, 7, 7, 7, 3]);
      for (let index = 1; index < read.length; index += 1) {
        expect(compareCursors(read[index - 1]!.cursor, read[index]!.cursor)).toBe(-1);
      }
      expect(await store.headCursor()).toBe(cursor);
    });

    it('resumes after any cursor it served, without repeating or skipping', async () => {
      const start = await store.headCursor();
      const streamId = freshStreamId();
      const first = await store.append(streamId, numberedEvents(4), { metadata: asSecretary });
      const second = await store.append(streamId, numberedEvents(3, { firstNumber: 5 }), { metadata: asSecretary });
      await untilReadable(store, second.lastCursor);

      const afterFirst = await store.readAll({ after: first.lastCursor });
      expect(afterFirst.events.map((event) => event.globalPosition)).toEqual(second.positions);
      const fromStart = await store.readAll({ after: start, limit: 2 });
      const resumed = await store.readAll({ after: fromStart.cursor, limit: 100 });
      expect([...fromStart.events, ...resumed.events].map((event) => event.data['number'])).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(second.lastCursor).toBe(await store.headCursor());
    });

    it('reads from the start of the log without a cursor', async () => {
      const { events } = await store.readAll({ limit: 3 });
      const { rows } = await fixture.sql.query<{ global_position: string }>(
        'SELECT global_position FROM events ORDER BY transaction_id, global_position LIMIT 3',
      );
      expect(events.map((event) => event.globalPosition)).toEqual(rows.map((row) => row.global_position));
    });

    it('orders by transaction id as a number, not as text, across a change in its number of digits', async () => {
      const { rows } = await fixture.sql.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
      const nextPowerOfTen = 10 ** String(rows[0]!.xid).length;
      if (nextPowerOfTen - Number(rows[0]!.xid) > 2_000) {
        // PostgreSQL's transaction ids are far past the next power of ten: rows carrying ids on both
        // sides of the last one (older than every open transaction, so visible) stand in for the walk.
        await readsAcrossFabricatedTransactionIds(nextPowerOfTen / 10);
        return;
      }
      // PGlite's transaction ids start near 750: cheap to walk over a power of ten.
      const start = await store.headCursor();
      const streamId = freshStreamId();
      const appended: string[] = [];
      let last = start;
      while (Number(last.split(':')[0]) < nextPowerOfTen + 5) {
        const result = await store.append(streamId, numberedEvents(1), { metadata: asSecretary });
        appended.push(...result.positions);
        last = result.lastCursor;
      }
      await untilReadable(store, last);

      expect(await store.headCursor()).toBe(last);
      const read: string[] = [];
      let cursor = start;
      for (let batch = await store.readAll({ after: cursor, limit: 50 }); batch.events.length > 0; ) {
        read.push(...batch.events.map((event) => event.globalPosition));
        cursor = batch.cursor;
        batch = await store.readAll({ after: cursor, limit: 50 });
      }
      expect(read).toEqual(appended);
    });

    /** In a database of its own, so the fabricated rows lead no other test's log. */
    async function readsAcrossFabricatedTransactionIds(powerOfTen: number): Promise<void> {
      const own = await createThrowawayEventStore(backend);
      try {
        const streamId = freshStreamId();
        const transactionIds = [powerOfTen - 2, powerOfTen - 1, powerOfTen, powerOfTen + 1];
        // Inserted in reverse, so global positions run against transaction ids: only the xid order can explain the read order.
        for (const [index, transactionId] of [...transactionIds].reverse().entries()) {
          await own.sql.query(
            `INSERT INTO events (transaction_id, event_id, stream_id, version, type, schema_version, data, metadata,
                                 occurred_at, recorded_at, university_id, hash, previous_hash)
             VALUES ($1::text::xid8, gen_random_uuid(), $2, $3, 'MeetingHeld', 1, $4::jsonb, '{"actor":"test"}'::jsonb,
                     now(), now(), 'university-1', 'fabricated', NULL)`,
            [String(transactionId), streamId, index + 1, JSON.stringify({ xid: transactionId })],
          );
        }
        const read: number[] = [];
        let cursor = START_CURSOR;
        for (let batch = await own.store.readAll({ after: cursor, limit: 1 }); batch.events.length > 0; ) {
          read.push(Number(batch.events[0]!.data['xid']));
          cursor = batch.cursor;
          batch = await own.store.readAll({ after: cursor, limit: 1 });
        }
        expect(read).toEqual(transactionIds);
        expect(cursor.split(':')[0]).toBe(String(powerOfTen + 1));
        expect(await own.store.headCursor()).toBe(cursor);
        expect(compareCursors(`${powerOfTen - 1}:9`, `${powerOfTen}:1`)).toBe(-1);
      } finally {
        await own.drop();
      }
    }

    it('refuses a cursor it did not make', async () => {
      await expect(store.readAll({ after: 'position-12' })).rejects.toThrow(/not an event store cursor/);
    });
  });
});
