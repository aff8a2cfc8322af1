import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { CatchUpSubscription, SqlCheckpointStore } from './catch-up-subscription.js';
import { START_CURSOR, type AppendOptions, type StoredEvent } from './event-store.port.js';
import { compareCursors, PostgresEventStore } from './postgres-event-store.js';
import {
  createThrowawayEventStore,
  eventually,
  freshStreamId,
  numberedEvents,
  untilReadable,
  type ThrowawayEventStore,
} from './throwaway-event-store.js';

const asSecretary: AppendOptions['metadata'] = { actor: 'secretary-1', universityId: 'university-1' };
/** Long enough that only a wake-up, never the fallback poll, can explain a prompt delivery. */
const NO_POLLING_MS = 60_000;

describe.each(backendsUnderTest())('catch-up subscriptions on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;
  let checkpoints: SqlCheckpointStore;
  const running: CatchUpSubscription[] = [];

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = fixture.store;
    checkpoints = new SqlCheckpointStore(fixture.sql);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((subscription) => subscription.stop()));
  });
  afterAll(async () => {
    await fixture.drop();
  });

  /** A subscription that records what it is handed; started from the consumer's checkpoint. */
  async function subscribe(consumer: string, options: { batchSize?: number; pollIntervalMs?: number; on?: PostgresEventStore } = {}) {
    const received: StoredEvent[] = [];
    const subscription = new CatchUpSubscription(options.on ?? store, checkpoints, {
      consumer,
      batchSize: options.batchSize ?? 10,
      pollIntervalMs: options.pollIntervalMs ?? NO_POLLING_MS,
      handle: async (events) => {
        received.push(...events);
      },
    });
    running.push(subscription);
    await subscription.start();
    return { subscription, received };
  }

  /** Starts the consumer after everything already in the log, so a test sees only its own events. */
  async function startAfterEverythingSoFar(consumer: string): Promise<void> {
    const head = await store.headCursor();
    await checkpoints.save(consumer, head);
  }

  it('catches up from the start of the log in batches, in read order', async () => {
    let lastCursor = START_CURSOR;
    for (const streamId of [freshStreamId(), freshStreamId(), freshStreamId()]) {
      lastCursor = (await store.append(streamId, numberedEvents(9), { metadata: asSecretary })).lastCursor;
    }
    await untilReadable(store, lastCursor);
    const everything = (await store.readAll({ limit: 10_000 })).events;

    const { subscription, received } = await subscribe('catching-up', { batchSize: 4 });
    await eventually(() => received.length >= everything.length, 'the subscription has caught up');

    expect(received.map((event) => event.eventId)).toEqual(everything.map((event) => event.eventId));
    await eventually(() => subscription.position === lastCursor, 'the position reached the head');
    expect(await checkpoints.load('catching-up')).toBe(lastCursor);
  });

  it('goes live: events appended after it caught up arrive without waiting for a poll', async () => {
    await startAfterEverythingSoFar('live');
    const { received } = await subscribe('live');
    const streamId = freshStreamId();

    const events = numberedEvents(3);
    for (const event of events) await store.append(streamId, [event], { metadata: asSecretary });

    await eventually(() => received.length === 3, 'the live events arrived', 5_000);
    expect(received.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
  });

  (backend === 'postgres' ? it : it.skip)('wakes on appends made by another process (NOTIFY)', async () => {
    await startAfterEverythingSoFar('woken-by-notify');
    const listening = await fixture.openAnotherStore();
    await listening.listenForOtherProcesses();
    const { received } = await subscribe('woken-by-notify', { on: listening });
    // The writer is another store on another pool: only NOTIFY can tell the listener.
    const writer = await fixture.openAnotherStore();

    const appended = await writer.append(freshStreamId(), numberedEvents(2), { metadata: asSecretary });

    await eventually(() => received.length === 2, 'the notified events arrived', 5_000);
    expect(received.map((event) => event.globalPosition)).toEqual(appended.positions);
  });

  it('reads the log once for an append it was told of, not again and again after delivering it', async () => {
    await startAfterEverythingSoFar('one-read-an-append');
    let reads = 0;
    const counted = Object.create(store, {
      readAll: { value: (options: Parameters<PostgresEventStore['readAll']>[0]) => ((reads += 1), store.readAll(options)) },
    }) as PostgresEventStore;
    const { received } = await subscribe('one-read-an-append', { on: counted });
    await new Promise((resolve) => setTimeout(resolve, 100));
    reads = 0;

    await store.append(freshStreamId(), numberedEvents(2), { metadata: asSecretary });
    await eventually(() => received.length === 2, 'the append arrived', 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // The read that delivered it, at most one more that found the head: no back-off of reads
    // looking for an append already delivered (it once cost about fifteen reads an append).
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
  });

  (backend === 'postgres' ? it : it.skip)('is told by another process which types it appended and up to where; never by its own NOTIFY', async () => {
    const listening = await fixture.openAnotherStore();
    await listening.listenForOtherProcesses();
    const told: { types?: readonly string[]; upTo?: string }[] = [];
    const stop = listening.onAppended((types, upTo) => told.push({ types, upTo }));
    const writer = await fixture.openAnotherStore();

    const appended = await writer.append(freshStreamId(), numberedEvents(2), { metadata: asSecretary });
    await eventually(() => told.length > 0, 'the NOTIFY arrived', 5_000);
    expect(told).toEqual([{ types: ['MeetingHeld'], upTo: appended.lastCursor }]);

    // Its own appends are told once, in process, with their types: its NOTIFY does not wake it again.
    told.length = 0;
    const own = await listening.append(freshStreamId(), numberedEvents(1), { metadata: asSecretary });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(told).toEqual([{ types: ['MeetingHeld'], upTo: own.lastCursor }]);
    stop();
  });

  (backend === 'postgres' ? it : it.skip)(
    'delivers an announced append hidden behind an older open transaction as soon as that one ends',
    async () => {
      await startAfterEverythingSoFar('behind-an-older-transaction');
      const { received } = await subscribe('behind-an-older-transaction');
      let olderTransactionEnded = false;
      let appendedPositions: string[] = [];

      await fixture.sql.transaction(async (older) => {
        // Takes a transaction id older than the append's, and announces nothing when it ends.
        await older.query('SELECT pg_current_xact_id()');
        appendedPositions = (await store.append(freshStreamId(), numberedEvents(2), { metadata: asSecretary })).positions;
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(received).toEqual([]);
        olderTransactionEnded = true;
      });

      await eventually(() => received.length === 2, 'the hidden events arrived', 2_000);
      expect(olderTransactionEnded).toBe(true);
      expect(received.map((event) => event.globalPosition)).toEqual(appendedPositions);
    },
  );

  it('keeps a checkpoint per consumer', async () => {
    await startAfterEverythingSoFar('fast-consumer');
    await startAfterEverythingSoFar('slow-consumer');
    const fast = await subscribe('fast-consumer');
    const slow = await subscribe('slow-consumer');
    const streamId = freshStreamId();
    const first = await store.append(streamId, numberedEvents(4), { metadata: asSecretary });
    await eventually(() => fast.received.length === 4 && slow.received.length === 4, 'both consumers have the first events');
    await eventually(() => slow.subscription.position === first.lastCursor, 'the slow consumer moved');

    await slow.subscription.stop();
    const second = await store.append(streamId, numberedEvents(3), { metadata: asSecretary });
    await eventually(() => fast.received.length === 7, 'the fast consumer has the later events');
    await eventually(() => fast.subscription.position === second.lastCursor, 'the fast consumer moved');

    expect(await checkpoints.load('fast-consumer')).toBe(second.lastCursor);
    expect(await checkpoints.load('slow-consumer')).toBe(first.lastCursor);
    expect(await checkpoints.load('never-started')).toBeNull();
  });

  it('resumes from its checkpoint after a restart, without losing or repeating events', async () => {
    await startAfterEverythingSoFar('restarted');
    const streamId = freshStreamId();
    const before = numberedEvents(5);
    const whileStopped = numberedEvents(6);
    const afterRestart = numberedEvents(2);

    const firstRun = await subscribe('restarted', { batchSize: 2 });
    await store.append(streamId, before, { metadata: asSecretary });
    await eventually(() => firstRun.received.length === 5, 'the first run has its events');
    await firstRun.subscription.stop();
    await store.append(streamId, whileStopped, { metadata: asSecretary });

    const secondRun = await subscribe('restarted', { batchSize: 2 });
    await store.append(streamId, afterRestart, { metadata: asSecretary });
    await eventually(() => secondRun.received.length >= 8, 'the second run caught up and went live');

    const delivered = [...firstRun.received, ...secondRun.received];
    expect(delivered.map((event) => event.eventId)).toEqual([...before, ...whileStopped, ...afterRestart].map((event) => event.eventId));
    expect(compareCursors(secondRun.received[0]!.cursor, firstRun.received.at(-1)!.cursor)).toBe(1);
  });

  it('stops on a failing handler without moving past the failed batch, which a restart delivers again', async () => {
    await startAfterEverythingSoFar('failing');
    const streamId = freshStreamId();
    const handled: string[] = [];
    const errors: unknown[] = [];
    const failing = new CatchUpSubscription(store, checkpoints, {
      consumer: 'failing',
      batchSize: 3,
      pollIntervalMs: NO_POLLING_MS,
      onError: (error) => errors.push(error),
      handle: async (events) => {
        if (events.some((event) => event.data['number'] === 5)) throw new Error('projection failed on event 5');
        handled.push(...events.map((event) => event.eventId));
      },
    });
    running.push(failing);
    await failing.start();
    const events = numberedEvents(6);
    const appended = await store.append(streamId, events, { metadata: asSecretary });

    await eventually(() => errors.length === 1, 'the handler failure was reported');
    expect(failing.error).toEqual(new Error('projection failed on event 5'));
    expect(handled).toEqual(events.slice(0, 3).map((event) => event.eventId));
    const afterFirstBatch = (await store.readStream(streamId))[2]!.cursor;
    expect(await checkpoints.load('failing')).toBe(afterFirstBatch);

    const restarted = await subscribe('failing', { batchSize: 3 });
    await eventually(() => restarted.received.length === 3, 'the failed batch was delivered again');
    expect(restarted.received.map((event) => event.eventId)).toEqual(events.slice(3).map((event) => event.eventId));
    await eventually(() => restarted.subscription.position === appended.lastCursor, 'the restart reached the head');
  });
});
