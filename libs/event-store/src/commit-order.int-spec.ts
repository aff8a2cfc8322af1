import { randomInt } from 'node:crypto';
import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { CatchUpSubscription, SqlCheckpointStore } from './catch-up-subscription.js';
import { verifyChains } from './chain-verification.js';
import { START_CURSOR, type StoredEvent } from './event-store.port.js';
import { compareCursors, PostgresEventStore } from './postgres-event-store.js';
import { createThrowawayEventStore, eventually, numberedEvents, type ThrowawayEventStore } from './throwaway-event-store.js';

/**
 * PostgreSQL hands out positions when rows are inserted but makes them visible when transactions
 * commit, so commits land out of position order. A reader must still see every event once, in one
 * order. On PostgreSQL the writers hold their transactions open for a random while on separate
 * connections; PGlite is one session and cannot interleave commits, but the contract is the same.
 */
const scales = {
  postgres: { writers: 8, totalEvents: 10_000, maxEventsPerAppend: 20, maxHoldMs: 20, streams: 200 },
  pglite: { writers: 8, totalEvents: 1_000, maxEventsPerAppend: 20, maxHoldMs: 2, streams: 40 },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(backendsUnderTest())('commit order on %s', (backend) => {
  const scale = scales[backend];
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;
  let checkpoints: SqlCheckpointStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = fixture.store;
    checkpoints = new SqlCheckpointStore(fixture.sql);
  });
  afterAll(async () => {
    await fixture.drop();
  });

  function recordingSubscription(consumer: string, received: StoredEvent[]): CatchUpSubscription {
    return new CatchUpSubscription(store, checkpoints, {
      consumer,
      batchSize: 200,
      // The writers append inside their own transactions, which announce nothing: polling finds them.
      pollIntervalMs: 5,
      handle: async (events) => {
        received.push(...events);
      },
    });
  }

  it(`delivers ${scale.totalEvents} events from ${scale.writers} concurrent writers exactly once, in read order`, async () => {
    const appendedIds = new Set<string>();
    /** Lowest position of each transaction, in the order the commits were acknowledged. */
    const committedLowestPositions: bigint[] = [];
    let eventsToWrite = scale.totalEvents;

    async function writer(): Promise<void> {
      while (eventsToWrite > 0) {
        const count = Math.min(randomInt(1, scale.maxEventsPerAppend + 1), eventsToWrite);
        eventsToWrite -= count;
        const events = numberedEvents(count);
        const streamId = `branch-${randomInt(scale.streams)}`;
        const result = await fixture.sql.transaction(async (tx) => {
          const appended = await store.inTransaction(tx).append(streamId, events, {
            expectedVersion: 'any',
            metadata: { actor: 'secretary-1', universityId: 'university-1' },
          });
          await sleep(randomInt(scale.maxHoldMs + 1));
          return appended;
        });
        committedLowestPositions.push(BigInt(result.positions[0]!));
        for (const event of events) appendedIds.add(event.eventId!);
      }
    }

    const live: StoredEvent[] = [];
    const liveSubscription = recordingSubscription('live', live);
    const beforeRestart: StoredEvent[] = [];
    const afterRestart: StoredEvent[] = [];
    const firstRun = recordingSubscription('restarted', beforeRestart);
    const secondRun = recordingSubscription('restarted', afterRestart);
    await liveSubscription.start();
    await firstRun.start();

    const writing = Promise.all(Array.from({ length: scale.writers }, () => writer()));
    await eventually(() => beforeRestart.length >= scale.totalEvents / 3, 'the first run is a third of the way', 30_000);
    await firstRun.stop();
    await sleep(20);
    await secondRun.start();
    await writing;

    const everyoneHasEverything = () =>
      live.length >= scale.totalEvents && beforeRestart.length + afterRestart.length >= scale.totalEvents;
    // A reader that skips late commits never gets there; the assertions below then say what it lost.
    await eventually(everyoneHasEverything, 'both consumers have every event', 15_000).catch(() => undefined);
    // Anything delivered twice would arrive now, after the last event.
    await sleep(50);
    await Promise.all([liveSubscription.stop(), secondRun.stop()]);

    expect(appendedIds.size).toBe(scale.totalEvents);
    const delivered = new Set([...live, ...beforeRestart, ...afterRestart].map((event) => event.eventId));
    expect([...appendedIds].filter((eventId) => !delivered.has(eventId))).toEqual([]);
    const inReadOrder = await readWholeLog();
    expect(inReadOrder.map((event) => event.eventId).sort()).toEqual([...appendedIds].sort());
    assertStrictlyIncreasingCursors(inReadOrder);

    for (const received of [live, [...beforeRestart, ...afterRestart]]) {
      expect(received).toHaveLength(scale.totalEvents);
      assertStrictlyIncreasingCursors(received);
      expect(received.map((event) => event.eventId)).toEqual(inReadOrder.map((event) => event.eventId));
    }
    expect(beforeRestart.length).toBeGreaterThan(0);
    expect(afterRestart.length).toBeGreaterThan(0);
    expect(await checkpoints.load('restarted')).toBe(inReadOrder.at(-1)!.cursor);

    expect(await verifyChains(fixture.sql)).toMatchObject({ ok: true, eventsChecked: scale.totalEvents });
    if (backend === 'postgres') {
      // The test proves something only if commits really landed out of position order.
      expect(commitsBehindAHigherPosition(committedLowestPositions)).toBeGreaterThan(0);
    }
  });

  async function readWholeLog(): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let cursor = START_CURSOR;
    for (;;) {
      const batch = await store.readAll({ after: cursor, limit: 1000 });
      if (batch.events.length === 0) return events;
      events.push(...batch.events);
      cursor = batch.cursor;
    }
  }
});

function assertStrictlyIncreasingCursors(events: StoredEvent[]): void {
  const firstOutOfOrder = events.findIndex((event, index) => index > 0 && compareCursors(events[index - 1]!.cursor, event.cursor) >= 0);
  expect(firstOutOfOrder).toBe(-1);
}

/** Transactions that committed after another one whose events had higher positions. */
function commitsBehindAHigherPosition(lowestPositionsInCommitOrder: bigint[]): number {
  let highestCommitted = -1n;
  let late = 0;
  for (const lowest of lowestPositionsInCommitOrder) {
    if (lowest < highestCommitted) late += 1;
    if (lowest > highestCommitted) highestCommitted = lowest;
  }
  return late;
}
