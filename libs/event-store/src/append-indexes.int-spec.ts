import { backendsUnderTest } from '../../database/src/throwaway-database.js';
import { createThrowawayEventStore, freshStreamId, numberedEvents, type ThrowawayEventStore } from './throwaway-event-store.js';

/**
 * Every index of `events` is written on every append: each must serve a query. The commandId
 * expression index (migration 002) served none and is dropped by 008; a repeated command is found
 * by its derived event ids (events_event_id_key), which must stay.
 */
describe.each(backendsUnderTest())('the indexes every append maintains on %s', (backend) => {
  let fixture: ThrowawayEventStore;

  beforeAll(async () => {
    fixture = await createThrowawayEventStore(backend);
  });
  afterAll(async () => {
    await fixture.drop();
  });

  it('are the ones the store and its readers use, without the commandId expression index', async () => {
    const { rows } = await fixture.sql.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' ORDER BY indexname`,
    );
    expect(rows.map((row) => row.indexname)).toEqual([
      'events_commit_order',
      'events_event_id_key',
      'events_pkey',
      'events_stream_prefix',
      'events_stream_version',
      'events_university_recorded',
      'events_university_type',
    ]);
  });

  it('still finds a repeated append by its event ids, whatever the commandId it carries', async () => {
    const streamId = freshStreamId();
    const events = numberedEvents(2);
    const metadata = { actor: 'secretary-1', universityId: 'university-1', commandId: 'c-1' };
    const first = await fixture.store.append(streamId, events, { expectedVersion: 'no-stream', metadata });
    const another = await fixture.openAnotherStore();
    const repeat = await another.append(streamId, events, { expectedVersion: 'no-stream', metadata });

    expect(repeat).toMatchObject({ written: false, nextVersion: 2, positions: first.positions });
    expect((await fixture.store.readStream(streamId)).length).toBe(2);
  });
});
