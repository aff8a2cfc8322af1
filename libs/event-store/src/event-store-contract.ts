import { randomUUID } from 'node:crypto';
import { CatchUpSubscription, type CheckpointStore } from './catch-up-subscription.js';
import {
  PartialDuplicateAppendError,
  START_CURSOR,
  StreamVersionConflictError,
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from './event-store.port.js';

/**
 * What the contract suite needs from an adapter: a fresh store over data of its own. Another
 * adapter (KurrentDB through its official client) passes the same suite by supplying one of these;
 * nothing in the suite knows how a store keeps its events.
 */
export interface EventStoreAdapterUnderTest {
  name: string;
  /**
   * Whether appends through different stores really run at the same time. PGlite is one session:
   * its "concurrent" appends take turns and never race; PostgreSQL's do, on connections of their own.
   */
  appendsRace: boolean;
  open(): Promise<EventStoreUnderTest>;
}

export interface EventStoreUnderTest {
  store: EventStore;
  /** Checkpoints kept where the adapter keeps them. */
  checkpoints: CheckpointStore;
  /** Another store over the same data with state of its own, as a second process would open it. */
  openAnotherStore(): Promise<EventStore>;
  close(): Promise<void>;
}

const metadataOf = (universityId: string | null = 'university-contract'): EventMetadata => ({ actor: 'contract-suite', universityId });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function events(count: number, type = 'MeetingHeld', firstNumber = 1): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({ eventId: randomUUID(), type, data: { number: firstNumber + index } }));
}

function stream(kind = 'branch'): string {
  return `${kind}-${randomUUID()}`;
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(5);
  }
}

/** The behaviour every adapter of the {@link EventStore} port must show, through the port alone. */
export function describeEventStoreContract(adapter: EventStoreAdapterUnderTest): void {
  describe(`the event store contract on ${adapter.name}`, () => {
    let fixture: EventStoreUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      fixture = await adapter.open();
      store = fixture.store;
    });
    afterAll(async () => {
      await fixture.close();
    });

    /** Resolves once every reader can see the log up to `cursor` (an open transaction elsewhere holds it back). */
    async function readable(cursor: string): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (store.compareCursors(await store.headCursor(), cursor) < 0) {
        if (Date.now() > deadline) throw new Error(`${cursor} never became readable`);
        await sleep(5);
      }
    }

    /**
     * A cursor after everything appended so far, once readers can see it (a transaction still open
     * anywhere on the server holds back what a reader sees, by design), so a test reads only its own.
     */
    async function startHere(): Promise<string> {
      const marker = await store.append(stream('marker'), events(1, 'ContractMarker'), { metadata: metadataOf() });
      await readable(marker.lastCursor);
      return marker.lastCursor;
    }

    describe('appending', () => {
      it('starts a stream at version 1 and gives one append consecutive versions and increasing positions', async () => {
        const streamId = stream();
        const result = await store.append(streamId, events(3), { expectedVersion: 'no-stream', metadata: metadataOf() });
        expect(result).toMatchObject({ streamId, nextVersion: 3, written: true });
        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.version)).toEqual([1, 2, 3]);
        expect(stored.map((event) => event.globalPosition)).toEqual(result.positions);
        expect(BigInt(result.positions[0]!) < BigInt(result.positions[1]!)).toBe(true);
        expect(result.lastCursor).toBe(stored[2]!.cursor);
      });

      it('appends after exactly the version expected and refuses any other with a typed conflict, writing nothing', async () => {
        const streamId = stream();
        await store.append(streamId, events(2), { metadata: metadataOf() });
        await expect(store.append(streamId, events(1), { expectedVersion: 1, metadata: metadataOf() })).rejects.toEqual(
          new StreamVersionConflictError(streamId, 1, 2),
        );
        await expect(store.append(streamId, events(1), { expectedVersion: 'no-stream', metadata: metadataOf() })).rejects.toBeInstanceOf(
          StreamVersionConflictError,
        );
        await expect(store.append(stream(), events(1), { expectedVersion: 3, metadata: metadataOf() })).rejects.toBeInstanceOf(
          StreamVersionConflictError,
        );
        expect((await store.append(streamId, events(1), { expectedVersion: 2, metadata: metadataOf() })).nextVersion).toBe(3);
        expect((await store.append(streamId, events(1), { expectedVersion: 'any', metadata: metadataOf() })).nextVersion).toBe(4);
        expect((await store.readStream(streamId)).map((event) => event.version)).toEqual([1, 2, 3, 4]);
      });

      it('stores an event id once: a retry returns what was stored and writes nothing, whichever store receives it', async () => {
        const streamId = stream();
        const once = events(2);
        const first = await store.append(streamId, once, { expectedVersion: 'no-stream', metadata: metadataOf() });
        const another = await fixture.openAnotherStore();
        const retried = await another.append(streamId, once, { expectedVersion: 'no-stream', metadata: metadataOf() });
        expect(retried).toEqual({ ...first, written: false });
        expect(await store.readStream(streamId)).toHaveLength(2);
        await expect(store.append(streamId, [once[0]!, ...events(1)], { metadata: metadataOf() })).rejects.toBeInstanceOf(
          PartialDuplicateAppendError,
        );
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it(
        !adapter.appendsRace
          ? 'lets one of two writers expecting the same version win (they take turns on one session here: no real race)'
          : 'lets exactly one of two racing writers expecting the same version win',
        async () => {
          const streamId = stream();
          await store.append(streamId, events(1), { metadata: metadataOf() });
          const other = await fixture.openAnotherStore();
          await other.streamHead(streamId);
          const outcomes = await Promise.allSettled([
            store.append(streamId, events(1), { expectedVersion: 1, metadata: metadataOf() }),
            other.append(streamId, events(1), { expectedVersion: 1, metadata: metadataOf() }),
          ]);
          expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
          const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
          expect(refused.reason).toBeInstanceOf(StreamVersionConflictError);
          expect((await store.streamHead(streamId))?.version).toBe(2);
        },
      );
    });

    describe('reading streams', () => {
      it('reads one stream in version order: from a version, up to a version, a page of it', async () => {
        const streamId = stream();
        await store.append(streamId, events(3), { metadata: metadataOf() });
        await store.append(stream(), events(2), { metadata: metadataOf() });
        await store.append(streamId, events(2, 'MeetingHeld', 4), { metadata: metadataOf() });
        const versions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(streamId, options)).map((event) => [event.version, event.data['number']]);
        expect(await versions({})).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]);
        expect(await versions({ fromVersion: 4 })).toEqual([[4, 4], [5, 5]]);
        expect(await versions({ toVersion: 2 })).toEqual([[1, 1], [2, 2]]);
        expect(await versions({ fromVersion: 2, limit: 2 })).toEqual([[2, 2], [3, 3]]);
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('serves stream heads with their tenant, the versions of many streams at once, and events by id', async () => {
        const [first, second, absent] = [stream(), stream(), stream()];
        const appended = events(3);
        await store.append(first, appended, { metadata: metadataOf('university-heads') });
        await store.append(second, events(1), { metadata: metadataOf(null) });
        const stored = await store.readStream(first);
        expect(await store.streamHead(first)).toEqual({ streamId: first, version: 3, hash: stored[2]!.hash, universityId: 'university-heads' });
        expect((await store.streamHead(second))?.universityId).toBeNull();
        expect(await store.streamHead(absent)).toBeNull();
        expect(await store.streamVersions([first, absent, second])).toEqual(new Map([[first, 3], [second, 1]]));
        expect(await store.streamVersions([])).toEqual(new Map());
        const found = await store.findEvents([appended[2]!.eventId!, randomUUID(), appended[0]!.eventId!]);
        expect(found.map((event) => event.version)).toEqual([1, 3]);
      });
    });

    describe('reading the whole log', () => {
      it('reads in pages after a cursor, in one order, each page ending where the next resumes', async () => {
        const start = await startHere();
        const appended: string[] = [];
        let last = start;
        for (const streamId of [stream(), stream(), stream()]) {
          const result = await store.append(streamId, events(4), { metadata: metadataOf() });
          appended.push(...result.positions);
          last = result.lastCursor;
        }
        await readable(last);
        const sizes: number[] = [];
        let cursor = start;
        const read: StoredEvent[] = [];
        for (;;) {
          const batch = await store.readAll({ after: cursor, limit: 5 });
          sizes.push(batch.events.length);
          read.push(...batch.events);
          if (batch.events.length > 0) expect(batch.cursor).toBe(batch.events.at(-1)!.cursor);
          expect(batch.position).toBe(batch.events.at(-1)?.globalPosition ?? (await store.logHead()).position);
          cursor = batch.cursor;
          if (batch.reachedHead) break;
        }
        expect(sizes).toEqual([5, 5, 2]);
        expect(read.map((event) => event.globalPosition)).toEqual(appended);
        for (let index = 1; index < read.length; index += 1) expect(store.compareCursors(read[index - 1]!.cursor, read[index]!.cursor)).toBe(-1);
        expect(cursor).toBe(last);
      });

      it('reads only the types asked for, and moves past the others to the visible head', async () => {
        const start = await startHere();
        const streamId = stream();
        await store.append(streamId, [...events(2, 'BranchEstablished'), ...events(3), ...events(1, 'MeetingRetracted')], { metadata: metadataOf() });
        const tail = await store.append(streamId, events(4, 'BranchEstablished'), { metadata: metadataOf() });
        await readable(tail.lastCursor);

        const wanted = await store.readAll({ after: start, types: ['MeetingHeld', 'MeetingRetracted'], limit: 10 });
        expect(wanted.events.map((event) => event.type)).toEqual(['MeetingHeld', 'MeetingHeld', 'MeetingHeld', 'MeetingRetracted']);
        expect(wanted).toMatchObject({ cursor: tail.lastCursor, position: tail.positions.at(-1), reachedHead: true });

        const page = await store.readAll({ after: start, types: ['MeetingHeld'], limit: 2 });
        expect(page.events).toHaveLength(2);
        expect(page).toMatchObject({ cursor: page.events[1]!.cursor, reachedHead: false });
        const rest = await store.readAll({ after: page.cursor, types: ['MeetingHeld'], limit: 2 });
        expect(rest.events).toHaveLength(1);
        expect(rest).toMatchObject({ cursor: tail.lastCursor, reachedHead: true });
        expect(await store.readAll({ after: tail.lastCursor, types: ['MeetingHeld'] })).toMatchObject({
          events: [],
          cursor: tail.lastCursor,
          reachedHead: true,
        });
      });

      it('names the head: the last readable cursor, its position, the highest position, the cursor at a position', async () => {
        await startHere();
        const result = await store.append(stream(), events(2), { metadata: metadataOf() });
        await readable(result.lastCursor);
        expect(await store.logHead()).toEqual({ cursor: result.lastCursor, position: result.positions[1], highestPosition: result.positions[1] });
        expect(await store.headCursor()).toBe(result.lastCursor);
        expect(await store.cursorAt(result.positions[1]!)).toBe(result.lastCursor);
        const first = await store.cursorAt(result.positions[0]!);
        expect(store.compareCursors(first!, result.lastCursor)).toBe(-1);
        expect(store.compareCursors(result.lastCursor, first!)).toBe(1);
        expect(store.compareCursors(first!, first!)).toBe(0);
        expect(store.compareCursors(START_CURSOR, first!)).toBe(-1);
        expect(await store.cursorAt('999999999999')).toBeNull();
      });
    });

    describe('reading as of an instant', () => {
      it('serves what was recorded by then: one university and the shared streams, of the types asked, in pages', async () => {
        const university = `university-${randomUUID()}`;
        const branch = stream();
        const session = stream('training-session');
        await store.append(branch, events(2), { metadata: metadataOf(university) });
        await store.append(session, events(1, 'TrainingSessionHeld'), { metadata: metadataOf(null) });
        await store.append(stream(), events(1), { metadata: metadataOf(`university-${randomUUID()}`) });
        await store.append(branch, events(1, 'BranchEstablished'), { metadata: metadataOf(university) });
        await sleep(5);
        const asOf = new Date();
        await sleep(5);
        await store.append(branch, events(1, 'MeetingHeld', 3), { metadata: metadataOf(university) });

        const recorded = async (limit: number) => {
          const read: StoredEvent[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await store.readRecorded({
              recordedAtOrBefore: asOf,
              universityId: university,
              sharedStreamPrefixes: ['training-session-'],
              types: ['MeetingHeld', 'TrainingSessionHeld'],
              after,
              limit,
            });
            read.push(...page.events);
            after = page.cursor;
            if (page.done) return read;
          }
        };
        const expected = [
          [branch, 'MeetingHeld', 1],
          [branch, 'MeetingHeld', 2],
          [session, 'TrainingSessionHeld', 1],
        ];
        const described = (read: StoredEvent[]) => read.map((event) => [event.streamId, event.type, event.data['number']]);
        expect(described(await recorded(100))).toEqual(expected);
        expect(described(await recorded(1))).toEqual(expected);
        expect((await store.readRecorded({ recordedAtOrBefore: new Date('2000-01-01T00:00:00Z') })).events).toEqual([]);
        expect((await store.readStream(branch, { recordedAtOrBefore: asOf })).map((event) => event.version)).toEqual([1, 2, 3]);
      });
    });

    describe('subscriptions and checkpoints', () => {
      it('catches up from a checkpoint, goes live on appends, and resumes after a restart without loss or repeat', async () => {
        const consumer = `consumer-${randomUUID()}`;
        expect(await fixture.checkpoints.load(consumer)).toBeNull();
        expect(await fixture.checkpoints.save(consumer, await startHere())).toBe(true);
        const received: StoredEvent[] = [];
        const subscribe = () =>
          new CatchUpSubscription(store, fixture.checkpoints, {
            consumer,
            types: ['MeetingHeld'],
            batchSize: 2,
            pollIntervalMs: 50,
            handle: async (batch) => {
              received.push(...batch);
            },
          });
        const streamId = stream();
        const first = subscribe();
        await first.start();
        const before = events(3);
        await store.append(streamId, [...before, ...events(2, 'BranchEstablished')], { metadata: metadataOf() });
        await until(() => received.length === 3, 'the live events arrived', 20_000);
        await first.stop();
        const whileStopped = events(2);
        const last = await store.append(streamId, whileStopped, { metadata: metadataOf() });
        const second = subscribe();
        await second.start();
        await until(() => received.length === 5, 'the restarted subscription caught up', 20_000);
        await until(() => second.position === last.lastCursor, 'the checkpoint reached the head');
        await second.stop();
        expect(received.map((event) => event.eventId)).toEqual([...before, ...whileStopped].map((event) => event.eventId));
        expect(await fixture.checkpoints.load(consumer)).toBe(last.lastCursor);
      });

      it('moves a checkpoint only from where the batch was read (compare-and-set)', async () => {
        const consumer = `consumer-${randomUUID()}`;
        const { lastCursor } = await store.append(stream(), events(2), { metadata: metadataOf() });
        expect(await fixture.checkpoints.save(consumer, START_CURSOR, { expected: null })).toBe(true);
        expect(await fixture.checkpoints.save(consumer, lastCursor, { expected: null })).toBe(false);
        expect(await fixture.checkpoints.save(consumer, lastCursor, { expected: lastCursor })).toBe(false);
        expect(await fixture.checkpoints.load(consumer)).toBe(START_CURSOR);
        expect(await fixture.checkpoints.save(consumer, lastCursor, { expected: START_CURSOR })).toBe(true);
        expect(await fixture.checkpoints.load(consumer)).toBe(lastCursor);
      });
    });

    describe('gap safety', () => {
      it(
        !adapter.appendsRace
          ? 'a subscriber sees every event of several writers exactly once, in order (one session here: the writers take turns)'
          : 'a subscriber sees every event of several racing writers exactly once, in order',
        async () => {
          const consumer = `consumer-${randomUUID()}`;
          await fixture.checkpoints.save(consumer, await startHere());
          const received: StoredEvent[] = [];
          const subscription = new CatchUpSubscription(store, fixture.checkpoints, {
            consumer,
            batchSize: 50,
            pollIntervalMs: 5,
            handle: async (batch) => {
              received.push(...batch);
            },
          });
          await subscription.start();
          const writers = await Promise.all(Array.from({ length: 4 }, () => fixture.openAnotherStore()));
          const appended = new Set<string>();
          await Promise.all(
            writers.map(async (writer, index) => {
              for (let round = 0; round < 25; round += 1) {
                const batch = events(1 + ((round + index) % 3));
                await writer.append(`branch-gap-${index}-${round % 5}`, batch, { metadata: metadataOf() });
                for (const event of batch) appended.add(event.eventId!);
                if (round % 4 === index) await sleep(1);
              }
            }),
          );
          await until(() => received.length >= appended.size, 'every event arrived', 20_000).catch(() => undefined);
          await sleep(50);
          await subscription.stop();
          expect(received.map((event) => event.eventId).sort()).toEqual([...appended].sort());
          expect(new Set(received.map((event) => event.eventId)).size).toBe(received.length);
          for (let index = 1; index < received.length; index += 1) {
            expect(store.compareCursors(received[index - 1]!.cursor, received[index]!.cursor)).toBe(-1);
          }
        },
        30_000,
      );
    });
  });
}
