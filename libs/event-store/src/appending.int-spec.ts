import { randomUUID } from 'node:crypto';
import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { verifyChains } from './chain-verification.js';
import {
  PartialDuplicateAppendError,
  StreamVersionConflictError,
  type AppendOptions,
  type ExpectedVersion,
} from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { createThrowawayEventStore, freshStreamId, numberedEvents, type ThrowawayEventStore } from './throwaway-event-store.js';

const asSecretary: AppendOptions['metadata'] = { actor: 'secretary-1', universityId: 'university-1' };

describe.each(backendsUnderTest())('appending to the event store on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = fixture.store;
  });
  afterAll(async () => {
    await fixture.drop();
  });

  async function storedRowsOf(streamId: string): Promise<number> {
    const { rows } = await fixture.sql.query<{ count: string }>('SELECT count(*) AS count FROM events WHERE stream_id = $1', [
      streamId,
    ]);
    return Number(rows[0]!.count);
  }

  describe('expected versions', () => {
    it('starts a stream at version 1 when it must not exist yet', async () => {
      const streamId = freshStreamId();
      const result = await store.append(streamId, numberedEvents(1), { expectedVersion: 'no-stream', metadata: asSecretary });

      expect(result).toMatchObject({ streamId, nextVersion: 1, written: true });
      expect(result.positions).toHaveLength(1);
      const [stored] = await store.readStream(streamId);
      expect(stored).toMatchObject({ version: 1, globalPosition: result.positions[0], cursor: result.lastCursor });
    });

    it('gives the events of one append consecutive versions and increasing positions', async () => {
      const streamId = freshStreamId();
      const events = numberedEvents(5);
      const result = await store.append(streamId, events, { expectedVersion: 'no-stream', metadata: asSecretary });

      expect(result.nextVersion).toBe(5);
      const stored = await store.readStream(streamId);
      expect(stored.map((event) => event.version)).toEqual([1, 2, 3, 4, 5]);
      expect(stored.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
      expect(stored.map((event) => event.globalPosition)).toEqual(result.positions);
      const positions = result.positions.map(BigInt);
      expect(positions.every((position, index) => index === 0 || position > positions[index - 1]!)).toBe(true);
    });

    it('appends after exactly the version the caller saw', async () => {
      const streamId = freshStreamId();
      await store.append(streamId, numberedEvents(2), { expectedVersion: 'no-stream', metadata: asSecretary });
      const result = await store.append(streamId, numberedEvents(3, { firstNumber: 3 }), { expectedVersion: 2, metadata: asSecretary });

      expect(result.nextVersion).toBe(5);
      expect((await store.readStream(streamId)).map((event) => event.data['number'])).toEqual([1, 2, 3, 4, 5]);
    });

    it('appends whatever the version with "any", which is also the default', async () => {
      const streamId = freshStreamId();
      const first = await store.append(streamId, numberedEvents(1), { expectedVersion: 'any', metadata: asSecretary });
      const second = await store.append(streamId, numberedEvents(2), { metadata: asSecretary });

      expect([first.nextVersion, second.nextVersion]).toEqual([1, 3]);
    });

    it.each<[string, number, ExpectedVersion, number]>([
      ['the stream must not exist but does', 2, 'no-stream', 2],
      ['the stream has moved on', 2, 1, 2],
      ['the stream is behind the expectation', 2, 5, 2],
      ['the stream does not exist', 0, 3, 0],
    ])('refuses with a typed conflict and writes nothing when %s', async (_, existing, expectedVersion, actual) => {
      const streamId = freshStreamId();
      if (existing > 0) await store.append(streamId, numberedEvents(existing), { metadata: asSecretary });
      const headBefore = await store.streamHead(streamId);

      const refused = store.append(streamId, numberedEvents(2), { expectedVersion, metadata: asSecretary });

      await expect(refused).rejects.toBeInstanceOf(StreamVersionConflictError);
      await expect(refused).rejects.toMatchObject({ streamId, expected: expectedVersion, actual });
      expect(await storedRowsOf(streamId)).toBe(existing);
      expect(await store.streamHead(streamId)).toEqual(headBefore);
    });
  });

  describe('atomicity', () => {
    it('writes none of the events when one of them cannot be stored, and the stream carries on', async () => {
      const streamId = freshStreamId();
      await store.append(streamId, numberedEvents(2), { metadata: asSecretary });
      const headBefore = await store.streamHead(streamId);
      // PostgreSQL refuses U+0000 inside jsonb: the third event fails after two were accepted.
      const batch = [...numberedEvents(2), { eventId: randomUUID(), type: 'MeetingHeld', data: { topic: 'nul \u0000 byte' } }];

      await expect(store.append(streamId, batch, { expectedVersion: 2, metadata: asSecretary })).rejects.toThrow();

      expect(await storedRowsOf(streamId)).toBe(2);
      expect(await store.findEvents(batch.map((event) => event.eventId!))).toEqual([]);
      expect(await store.streamHead(streamId)).toEqual(headBefore);
      const next = await store.append(streamId, numberedEvents(1), { expectedVersion: 2, metadata: asSecretary });
      expect(next.nextVersion).toBe(3);
      expect((await verifyChains(fixture.sql, { streamId })).ok).toBe(true);
    });

    it('writes none of the events when some of their ids are already stored elsewhere', async () => {
      const elsewhere = freshStreamId();
      const [taken] = numberedEvents(1);
      await store.append(elsewhere, [taken!], { metadata: asSecretary });
      const streamId = freshStreamId();
      const fresh = numberedEvents(1);

      await expect(store.append(streamId, [...fresh, taken!], { metadata: asSecretary })).rejects.toBeInstanceOf(
        PartialDuplicateAppendError,
      );

      expect(await storedRowsOf(streamId)).toBe(0);
      expect(await store.streamHead(streamId)).toBeNull();
      expect(await store.findEvents([fresh[0]!.eventId!])).toEqual([]);
    });

    it('refuses an empty append, ids that are not UUIDs, a missing actor and odd schema versions up front', async () => {
      const streamId = freshStreamId();
      await expect(store.append(streamId, [], { metadata: asSecretary })).rejects.toThrow(/at least one event/);
      await expect(
        store.append(streamId, [{ eventId: 'meeting-1', type: 'MeetingHeld', data: {} }], { metadata: asSecretary }),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(store.append(streamId, numberedEvents(1), { metadata: { actor: '' } })).rejects.toThrow(/actor/);
      await expect(
        store.append(streamId, [{ type: 'MeetingHeld', schemaVersion: 1.5, data: {} }], { metadata: asSecretary }),
      ).rejects.toThrow(/schema version/);
      expect(await store.streamHead(streamId)).toBeNull();
    });

    it('appends inside a caller transaction: nothing when it rolls back, everything when it commits', async () => {
      const streamId = freshStreamId();
      await store.append(streamId, numberedEvents(1), { metadata: asSecretary });

      const rolledBack = numberedEvents(2);
      await expect(
        fixture.sql.transaction(async (tx) => {
          await store.inTransaction(tx).append(streamId, rolledBack, { expectedVersion: 1, metadata: asSecretary });
          throw new Error('the command failed after appending');
        }),
      ).rejects.toThrow('the command failed after appending');
      expect(await store.findEvents(rolledBack.map((event) => event.eventId!))).toEqual([]);

      const committed = await fixture.sql.transaction((tx) =>
        store.inTransaction(tx).append(streamId, numberedEvents(2), { expectedVersion: 1, metadata: asSecretary }),
      );
      expect(committed.nextVersion).toBe(3);
      const next = await store.append(streamId, numberedEvents(1), { expectedVersion: 3, metadata: asSecretary });
      expect(next.nextVersion).toBe(4);
      expect((await verifyChains(fixture.sql, { streamId })).ok).toBe(true);
    });
  });

  describe('idempotency', () => {
    it('stores an event id once; appending it again returns the stored positions without writing', async () => {
      const streamId = freshStreamId();
      const events = numberedEvents(3);
      const first = await store.append(streamId, events, { expectedVersion: 'no-stream', metadata: asSecretary });

      const again = await store.append(streamId, events, { expectedVersion: 'no-stream', metadata: asSecretary });

      expect(again).toEqual({ ...first, written: false });
      expect(await storedRowsOf(streamId)).toBe(3);
    });

    it('recognises a retry whatever the expectation and whichever store instance receives it', async () => {
      const streamId = freshStreamId();
      const [event] = numberedEvents(1);
      const first = await store.append(streamId, [event!], { metadata: asSecretary });
      await store.append(streamId, numberedEvents(1), { metadata: asSecretary });
      const another = await fixture.openAnotherStore();

      for (const expectedVersion of ['any', 'no-stream', 0, 1, 2] as const) {
        const retried = await another.append(streamId, [event!], { expectedVersion, metadata: asSecretary });
        expect(retried).toEqual({ ...first, written: false });
      }
      const { rows } = await fixture.sql.query<{ count: string }>('SELECT count(*) AS count FROM events WHERE event_id = $1', [
        event!.eventId,
      ]);
      expect(rows[0]!.count).toBe('1');
    });
  });

  describe('metadata', () => {
    it('stores and serves every field of every event', async () => {
      const recordedAt = new Date('2024-03-01T09:30:00.123Z');
      const clocked = new PostgresEventStore(fixture.sql, { clock: () => recordedAt });
      const streamId = freshStreamId();
      const causationId = randomUUID();
      const backdated = new Date('2024-02-20T14:00:00.000Z');

      await clocked.append(
        streamId,
        [
          { eventId: randomUUID(), type: 'MeetingHeld', schemaVersion: 3, data: { topic: '主题党日' }, occurredAt: backdated },
          { eventId: randomUUID(), type: 'MeetingCorrected', data: { reason: 'typo' } },
        ],
        {
          metadata: {
            actor: 'secretary-7',
            universityId: 'university-3',
            correlationId: 'request-42',
            causationId,
            commandId: 'command-9',
          },
        },
      );

      const [meeting, correction] = await clocked.readStream(streamId);
      expect(meeting).toMatchObject({
        streamId,
        type: 'MeetingHeld',
        schemaVersion: 3,
        data: { topic: '主题党日' },
        occurredAt: backdated,
        recordedAt,
        universityId: 'university-3',
        metadata: { actor: 'secretary-7', universityId: 'university-3', correlationId: 'request-42', causationId, commandId: 'command-9' },
      });
      // Without an instant of its own, an event happened when it was recorded; the schema version defaults to 1.
      expect(correction).toMatchObject({ schemaVersion: 1, occurredAt: recordedAt, recordedAt });
    });

    it('serves absent metadata as null', async () => {
      const streamId = freshStreamId('policy');
      await store.append(streamId, numberedEvents(1), { metadata: { actor: 'admin' } });

      const [event] = await store.readStream(streamId);
      expect(event!.universityId).toBeNull();
      expect(event!.metadata).toMatchObject({ actor: 'admin', universityId: null, correlationId: null, causationId: null });
    });
  });

  describe('concurrent writers', () => {
    it('lets exactly one of two writers expecting the same version win; the other gets a conflict', async () => {
      const writerA = await fixture.openAnotherStore();
      const writerB = await fixture.openAnotherStore();
      const streamId = freshStreamId();
      await writerA.append(streamId, numberedEvents(1), { expectedVersion: 'no-stream', metadata: asSecretary });

      const rounds = 20;
      for (let version = 1; version <= rounds; version += 1) {
        // Both have read the head, as a command handler does before deciding.
        await Promise.all([writerA.readStream(streamId), writerB.readStream(streamId)]);
        const outcomes = await Promise.allSettled([
          writerA.append(streamId, numberedEvents(1), { expectedVersion: version, metadata: asSecretary }),
          writerB.append(streamId, numberedEvents(1), { expectedVersion: version, metadata: asSecretary }),
        ]);

        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const [refusal] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(refusal!.reason).toBeInstanceOf(StreamVersionConflictError);
        expect(refusal!.reason).toMatchObject({ expected: version, actual: version + 1 });
      }
      expect((await store.streamHead(streamId))!.version).toBe(rounds + 1);
      expect((await verifyChains(fixture.sql, { streamId })).ok).toBe(true);
    });

    it('lets exactly one of two writers start a stream that must not exist', async () => {
      const writerA = await fixture.openAnotherStore();
      const writerB = await fixture.openAnotherStore();
      for (let round = 0; round < 10; round += 1) {
        const streamId = freshStreamId();
        const outcomes = await Promise.allSettled([
          writerA.append(streamId, numberedEvents(2), { expectedVersion: 'no-stream', metadata: asSecretary }),
          writerB.append(streamId, numberedEvents(3), { expectedVersion: 'no-stream', metadata: asSecretary }),
        ]);

        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        expect(won).toHaveLength(1);
        const [refusal] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(refusal!.reason).toBeInstanceOf(StreamVersionConflictError);
        expect(await storedRowsOf(streamId)).toBe((won[0] as PromiseFulfilledResult<{ nextVersion: number }>).value.nextVersion);
      }
    });

    it('serialises many writers appending with "any" into one unbroken chain', async () => {
      const writers = await Promise.all(Array.from({ length: 4 }, () => fixture.openAnotherStore()));
      const streamId = freshStreamId();

      const results = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          writers[index % writers.length]!.append(streamId, numberedEvents(2), { expectedVersion: 'any', metadata: asSecretary }),
        ),
      );

      expect(results.map((result) => result.nextVersion).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 40 }, (_, index) => 2 * (index + 1)),
      );
      const verification = await verifyChains(fixture.sql, { streamId });
      expect(verification).toMatchObject({ ok: true, eventsChecked: 80 });
    });

    it('corrects a stale head cache: "any" retries on the stored head, an exact right version succeeds', async () => {
      const writerA = await fixture.openAnotherStore();
      const writerB = await fixture.openAnotherStore();
      const streamId = freshStreamId();
      await writerA.append(streamId, numberedEvents(1), { metadata: asSecretary });
      await writerB.readStream(streamId);
      // B now remembers version 1; A moves the stream on behind its back.
      const movedOn = await writerA.append(streamId, numberedEvents(1), { metadata: asSecretary });

      const anyVersion = await writerB.append(streamId, numberedEvents(1), { expectedVersion: 'any', metadata: asSecretary });
      expect(anyVersion.nextVersion).toBe(3);
      const [third] = await store.readStream(streamId, { fromVersion: 3 });
      expect(third!.previousHash).toBe((await store.readStream(streamId, { fromVersion: 2 }))[0]!.hash);
      expect(movedOn.nextVersion).toBe(2);

      await writerA.append(streamId, numberedEvents(1), { metadata: asSecretary });
      // B remembers version 3, the stream is at 4: an exact expectation of 4 is right and must succeed.
      const exact = await writerB.append(streamId, numberedEvents(1), { expectedVersion: 4, metadata: asSecretary });
      expect(exact.nextVersion).toBe(5);
      // And a stale exact expectation is still a conflict.
      await expect(
        writerA.append(streamId, numberedEvents(1), { expectedVersion: 4, metadata: asSecretary }),
      ).rejects.toMatchObject({ name: 'StreamVersionConflictError', actual: 5 });
      expect((await verifyChains(fixture.sql, { streamId })).ok).toBe(true);
    });
  });
});
