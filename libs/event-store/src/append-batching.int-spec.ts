import { randomUUID } from 'node:crypto';
import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { verifyChains } from './chain-verification.js';
import { StreamVersionConflictError, type AppendOptions, type AppendResult } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { createThrowawayEventStore, freshStreamId, numberedEvents, type ThrowawayEventStore } from './throwaway-event-store.js';

const asSecretary: AppendOptions['metadata'] = { actor: 'secretary-1', universityId: 'university-1' };

/** The transaction an append committed in (the first half of its cursor). */
const transactionOf = (result: AppendResult) => result.lastCursor.split(':')[0];

/** What an append came to, its error included, observed from the start (no rejection left unhandled meanwhile). */
const outcomeOf = <T>(promise: Promise<T>): Promise<T | unknown> => promise.catch((error: unknown) => error);

/**
 * Group commit: with one append statement in flight at a time, the appends that arrive meanwhile
 * go together in the next statement, each still conditional on its own stream's head.
 */
describe.each(backendsUnderTest())('appends sharing a statement on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = new PostgresEventStore(fixture.sql, { appendBatching: { statementsInFlight: 1, appendsPerStatement: 64, eventsPerBatchedAppend: 16 } });
  });
  afterAll(async () => {
    await store.close();
    await fixture.drop();
  });

  /**
   * An append sent at once, alone, to a stream whose head the store knows (so nothing is read first):
   * the appends made while it runs wait for it and go together in the next statement.
   */
  async function firstInLine(on: PostgresEventStore): Promise<() => Promise<AppendResult>> {
    const streamId = freshStreamId();
    await on.append(streamId, numberedEvents(1), { expectedVersion: 'no-stream', metadata: asSecretary });
    return () => on.append(streamId, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary });
  }

  /** Holds the stream's head row locked (PostgreSQL) until released: an append to it waits meanwhile. */
  async function holdStreamRow(streamId: string): Promise<{ release: () => Promise<void> }> {
    const client = fixture.openAnotherClient();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const transaction = client.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM streams WHERE stream_id = $1 FOR UPDATE', [streamId]);
      locked();
      await released;
    });
    await holding;
    return {
      release: async () => {
        release();
        await transaction;
      },
    };
  }

  /** Streams of one event each, their heads known to the store (so the next appends are sent without a read). */
  async function establishedStreams(count: number): Promise<string[]> {
    const streams = Array.from({ length: count }, () => freshStreamId());
    for (const streamId of streams) await store.append(streamId, numberedEvents(1), { expectedVersion: 'no-stream', metadata: asSecretary });
    return streams;
  }

  it('writes concurrent appends to many streams in fewer statements, each with its versions, positions and hash chain', async () => {
    const streams = await establishedStreams(24);
    const results = await Promise.all(
      streams.map((streamId, index) =>
        store.append(streamId, numberedEvents(1 + (index % 3), { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary }),
      ),
    );

    // The first went alone; the others waited for it and went in one statement (one transaction).
    const transactions = new Set(results.map(transactionOf));
    expect(transactions.size).toBeLessThan(results.length);
    expect(transactionOf(results[1]!)).toBe(transactionOf(results[results.length - 1]!));
    for (const [index, streamId] of streams.entries()) {
      const result = results[index]!;
      const stored = await store.readStream(streamId);
      expect(result).toMatchObject({ streamId, nextVersion: 2 + (index % 3), written: true });
      expect(stored.map((event) => event.version)).toEqual(Array.from({ length: 2 + (index % 3) }, (_, n) => n + 1));
      expect(stored.map((event) => event.data['number'])).toEqual(stored.map((event) => event.version));
      expect(stored.slice(1).map((event) => event.globalPosition)).toEqual(result.positions);
      expect(stored[stored.length - 1]!.cursor).toBe(result.lastCursor);
      expect(stored.every((event) => event.universityId === 'university-1' && event.metadata.actor === 'secretary-1')).toBe(true);
    }
    const positions = results.flatMap((result) => result.positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect((await verifyChains(fixture.sql)).ok).toBe(true);
  });

  it('refuses only the append whose stream moved on; the others in its statement are written', async () => {
    const [moved, ...others] = await establishedStreams(6);
    // Another process appends to one of them: this store's remembered head is now stale.
    const another = await fixture.openAnotherStore({ appendBatching: false });
    await another.append(moved!, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary });

    const blocker = (await firstInLine(store))();
    const stale = outcomeOf(store.append(moved!, numberedEvents(1, { firstNumber: 99 }), { expectedVersion: 1, metadata: asSecretary }));
    const written = others.map((streamId) => store.append(streamId, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary }));

    await blocker;
    expect(await stale).toBeInstanceOf(StreamVersionConflictError);
    const results = await Promise.all(written);
    expect(new Set(results.map(transactionOf)).size).toBe(1);
    expect(results.every((result) => result.written && result.nextVersion === 2)).toBe(true);
    expect((await store.readStream(moved!)).map((event) => event.data['number'])).toEqual([1, 2]);
    expect((await verifyChains(fixture.sql)).ok).toBe(true);
  });

  it('creates new streams and extends existing ones in one statement; a stream that must not exist but does is refused', async () => {
    const [held, existing, taken] = await establishedStreams(3);
    // On PostgreSQL the first append waits on a row lock until every other append has queued behind
    // it (new streams read their head first); PGlite runs statements in order, so they queue anyway.
    const lock = backend === 'postgres' ? await holdStreamRow(held!) : undefined;
    const blocker = store.append(held!, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary });
    const fresh = [freshStreamId(), freshStreamId()];
    const created = fresh.map((streamId) => store.append(streamId, numberedEvents(2), { expectedVersion: 'no-stream', metadata: asSecretary }));
    const extended = store.append(existing!, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary });
    const refused = outcomeOf(store.append(taken!, numberedEvents(1), { expectedVersion: 'no-stream', metadata: asSecretary }));
    if (lock) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await lock.release();
    }

    await blocker;
    expect(await refused).toBeInstanceOf(StreamVersionConflictError);
    const results = await Promise.all(created);
    expect(results.map((result) => result.nextVersion)).toEqual([2, 2]);
    expect(transactionOf(results[0]!)).toBe(transactionOf(results[1]!));
    expect((await extended).nextVersion).toBe(2);
    if (lock) expect(transactionOf(await extended)).toBe(transactionOf(results[0]!));
    for (const streamId of fresh) expect((await store.readStream(streamId)).map((event) => event.version)).toEqual([1, 2]);
    expect((await store.readStream(taken!)).length).toBe(1);
    expect((await verifyChains(fixture.sql)).ok).toBe(true);
  });

  it('answers a repeated append (its event ids already stored) with what was stored, and still writes the others of its statement', async () => {
    const [repeated, ...others] = await establishedStreams(4);
    const events = numberedEvents(1, { firstNumber: 2 });
    const first = await store.append(repeated!, events, { expectedVersion: 1, metadata: asSecretary });
    // Another store, as a retried command on another process would: its append of the same events,
    // chained on the head it reads, trips the event id and aborts the statement it shares.
    const another = await fixture.openAnotherStore({ appendBatching: { statementsInFlight: 1, appendsPerStatement: 64, eventsPerBatchedAppend: 16 } });
    for (const streamId of [repeated!, ...others]) await another.readStream(streamId);

    const blocker = (await firstInLine(another))();
    const repeat = another.append(repeated!, events, { expectedVersion: 'any', metadata: asSecretary });
    const written = others.map((streamId) => another.append(streamId, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary }));

    await blocker;
    expect(await repeat).toMatchObject({ written: false, nextVersion: 2, positions: first.positions });
    const results = await Promise.all(written);
    expect(results.every((result) => result.written && result.nextVersion === 2)).toBe(true);
    expect((await store.readStream(repeated!)).map((event) => event.eventId)).toHaveLength(2);
    expect((await verifyChains(fixture.sql)).ok).toBe(true);
  });

  it('sends a second append of the same stream in a later statement, chained on the first', async () => {
    const [streamId] = await establishedStreams(1);
    const blocker = (await firstInLine(store))();
    const appends = Array.from({ length: 5 }, (_, index) =>
      store.append(streamId!, [{ eventId: randomUUID(), type: 'MeetingHeld', data: { number: index } }], { metadata: asSecretary }),
    );
    await blocker;
    const results = await Promise.all(appends);

    expect(results.map((result) => result.nextVersion).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
    expect((await store.readStream(streamId!)).map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await verifyChains(fixture.sql, { streamId: streamId! })).ok).toBe(true);
  });

  it('fails every append of a statement the server could not run only by itself: each is sent alone again', async () => {
    const streams = await establishedStreams(3);
    const blocker = (await firstInLine(store))();
    // PostgreSQL's jsonb holds no NUL: this payload is refused wherever it goes, the others are not.
    const unstorable = outcomeOf(store.append(streams[0]!, [{ type: 'MeetingHeld', data: { topic: 'a\u0000b' } }], { expectedVersion: 1, metadata: asSecretary }));
    const fine = streams.slice(1).map((streamId) => store.append(streamId, numberedEvents(1, { firstNumber: 2 }), { expectedVersion: 1, metadata: asSecretary }));

    await blocker;
    expect(await unstorable).toBeInstanceOf(Error);
    const results = await Promise.all(fine);
    expect(results.every((result) => result.written && result.nextVersion === 2)).toBe(true);
    expect((await store.readStream(streams[0]!)).length).toBe(1);
    expect((await verifyChains(fixture.sql)).ok).toBe(true);
  });
});
