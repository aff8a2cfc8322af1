import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { storedEventHash, verifyChains } from './chain-verification.js';
import type { AppendOptions } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { createThrowawayEventStore, freshStreamId, untilReadable, type ThrowawayEventStore } from './throwaway-event-store.js';
import { UpcasterRegistry } from './upcasters.js';

const asSecretary: AppendOptions['metadata'] = { actor: 'secretary-1', universityId: 'university-1' };

// Schema 1 counted members in one figure; schema 2 splits full and probationary members; schema 3 adds the date.
const upcasters = new UpcasterRegistry()
  .register('MemberCountReported', 1, (data) => ({ fullMembers: data['members']!, probationaryMembers: 0 }))
  .register('MemberCountReported', 2, (data) => ({ ...data, asOf: null }));

describe.each(backendsUnderTest())('upcasting on %s', (backend) => {
  let fixture: ThrowawayEventStore;
  let store: PostgresEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
    store = new PostgresEventStore(fixture.sql, { upcasters });
  });
  afterAll(async () => {
    await fixture.drop();
  });

  it('serves a payload upgraded by its upcaster, and as stored when read raw', async () => {
    const oneStep = new PostgresEventStore(fixture.sql, {
      upcasters: new UpcasterRegistry().register('MemberCountReported', 1, (data) => ({
        fullMembers: data['members']!,
        probationaryMembers: 0,
      })),
    });
    const streamId = freshStreamId();
    await oneStep.append(streamId, [{ type: 'MemberCountReported', schemaVersion: 1, data: { members: 23 } }], {
      metadata: asSecretary,
    });

    const [upgraded] = await oneStep.readStream(streamId);
    expect(upgraded).toMatchObject({ schemaVersion: 2, data: { fullMembers: 23, probationaryMembers: 0 } });
    const [stored] = await oneStep.readStream(streamId, { raw: true });
    expect(stored).toMatchObject({ schemaVersion: 1, data: { members: 23 } });
    expect(await verifyChains(fixture.sql, { streamId })).toMatchObject({ ok: true, eventsChecked: 1 });
  });

  it('runs upcasters in sequence up to the newest schema, leaving newer payloads and other types alone', async () => {
    const streamId = freshStreamId();
    const appended = await store.append(
      streamId,
      [
        { type: 'MemberCountReported', schemaVersion: 1, data: { members: 23 } },
        { type: 'MemberCountReported', schemaVersion: 2, data: { fullMembers: 20, probationaryMembers: 4 } },
        { type: 'MemberCountReported', schemaVersion: 3, data: { fullMembers: 21, probationaryMembers: 4, asOf: '2024-01-01' } },
        { type: 'MeetingHeld', schemaVersion: 1, data: { members: 'not a member count' } },
      ],
      { metadata: asSecretary },
    );

    const upgraded = await store.readStream(streamId);
    expect(upgraded.map((event) => [event.schemaVersion, event.data])).toEqual([
      [3, { fullMembers: 23, probationaryMembers: 0, asOf: null }],
      [3, { fullMembers: 20, probationaryMembers: 4, asOf: null }],
      [3, { fullMembers: 21, probationaryMembers: 4, asOf: '2024-01-01' }],
      [1, { members: 'not a member count' }],
    ]);

    const raw = await store.readStream(streamId, { raw: true });
    expect(raw.map((event) => [event.schemaVersion, event.data])).toEqual([
      [1, { members: 23 }],
      [2, { fullMembers: 20, probationaryMembers: 4 }],
      [3, { fullMembers: 21, probationaryMembers: 4, asOf: '2024-01-01' }],
      [1, { members: 'not a member count' }],
    ]);

    await untilReadable(store, appended.lastCursor);
    const fromLog = await store.readAll({ limit: 10 });
    expect(fromLog.events[0]).toMatchObject({ schemaVersion: 3, data: { fullMembers: 23 } });
    const rawFromLog = await store.readAll({ limit: 10, raw: true });
    expect(rawFromLog.events[0]).toMatchObject({ schemaVersion: 1, data: { members: 23 } });
  });

  it('leaves the hash chain on the payload as stored', async () => {
    const streamId = freshStreamId();
    await store.append(streamId, [{ type: 'MemberCountReported', schemaVersion: 1, data: { members: 9 } }], {
      metadata: asSecretary,
    });

    const [upgraded] = await store.readStream(streamId);
    const [stored] = await store.readStream(streamId, { raw: true });
    expect(upgraded!.hash).toBe(stored!.hash);
    expect(storedEventHash(stored!)).toBe(stored!.hash);
    // Hashing the upgraded form would not verify: the chain is over what was stored.
    expect(storedEventHash(upgraded!)).not.toBe(stored!.hash);
    expect(await verifyChains(fixture.sql, { streamId })).toMatchObject({ ok: true, eventsChecked: 1 });
  });

  it('refuses two upcasters for the same type and schema version', () => {
    expect(() => new UpcasterRegistry().register('X', 1, (data) => data).register('X', 1, (data) => data)).toThrow(
      /already registered/,
    );
  });
});
