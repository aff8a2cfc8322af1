import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from '../../database/src/throwaway-database.js';
import { inspectChains, verifyChains } from './chain-verification.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { storeDigest } from './store-digest.js';
import { createThrowawayEventStore, numberedEvents, untilReadable, type ThrowawayEventStore } from './throwaway-event-store.js';
import { archivedEventBatches, type ArchivedEvent } from './verbatim-export.js';
import { ArchiveRefusedError, importArchive, type ArchiveLines } from './verbatim-import.js';

const meta = { actor: 'secretary-1', universityId: 'university-1' };

const linesOf = (events: ArchivedEvent[]): ArchiveLines =>
  async function* () {
    for (const event of events) yield JSON.stringify(event);
  };

async function archiveOf(sql: ThrowawayEventStore['sql'], universityId?: string): Promise<ArchivedEvent[]> {
  const events: ArchivedEvent[] = [];
  for await (const batch of archivedEventBatches(sql, { universityId, batchSize: 3 })) events.push(...batch);
  return events;
}

describe.each(backendsUnderTest())('the event archive and the chain inspection on %s', (backend) => {
  let source: ThrowawayEventStore;
  const targets: ThrowawayDatabase[] = [];
  let archive: ArchivedEvent[];

  async function emptyDatabase(): Promise<ThrowawayDatabase> {
    const database = await createThrowawayDatabase(backend);
    targets.push(database);
    return database;
  }

  beforeAll(async () => {
    source = await createThrowawayEventStore(backend);
    await source.store.append('branch-1', numberedEvents(3), { metadata: meta });
    await source.store.append('branch-2', numberedEvents(2), { metadata: { ...meta, universityId: 'university-2' } });
    const last = await source.store.append('branch-1', numberedEvents(2, { firstNumber: 4 }), { metadata: meta });
    await untilReadable(source.store, last.lastCursor, 60_000);
    archive = await archiveOf(source.sql);
  }, 120_000);

  afterAll(async () => {
    for (const target of targets) await target.drop();
    await source.drop();
  });

  it('exports the events in commit order exactly as stored, a university its own', async () => {
    expect(archive.map((event) => `${event.streamId}@${event.version}`)).toEqual([
      'branch-1@1', 'branch-1@2', 'branch-1@3', 'branch-2@1', 'branch-2@2', 'branch-1@4', 'branch-1@5',
    ]);
    const stored = await source.store.readStream('branch-2', { raw: true });
    expect(archive[3]).toEqual({
      globalPosition: stored[0]!.globalPosition, eventId: stored[0]!.eventId, streamId: 'branch-2', version: 1, type: 'MeetingHeld',
      schemaVersion: 1, data: { number: 1 }, metadata: stored[0]!.metadata, occurredAt: stored[0]!.occurredAt.toISOString(),
      recordedAt: stored[0]!.recordedAt.toISOString(), universityId: 'university-2', hash: stored[0]!.hash, previousHash: null,
    });
    expect((await archiveOf(source.sql, 'university-2')).map((event) => event.eventId)).toEqual(archive.slice(3, 5).map((event) => event.eventId));
  });

  it('imports into an empty database keeping ids, positions, order and hashes, with an equal digest', async () => {
    const target = await emptyDatabase();
    const imported = await importArchive(target.sql, linesOf(archive));
    expect(imported).toEqual({ events: 7, streams: 2, position: archive[6]!.globalPosition });
    expect(await storeDigest(target.sql)).toEqual(await storeDigest(source.sql));
    expect(await archiveOf(target.sql)).toEqual(archive);
    expect(await verifyChains(target.sql)).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 7 });

    // The store carries on from the imported heads: the next append chains on and takes the next position.
    const store = new PostgresEventStore(target.sql);
    const next = await store.append('branch-2', numberedEvents(1), { metadata: meta });
    expect(next.nextVersion).toBe(3);
    expect(BigInt(next.positions[0]!)).toBeGreaterThan(BigInt(archive[6]!.globalPosition));
    expect((await verifyChains(target.sql)).ok).toBe(true);
    await store.close();
  });

  it('analyzes what it loaded, so the first queries are planned on the real sizes', async () => {
    const target = await emptyDatabase();
    await importArchive(target.sql, linesOf(archive));
    const { rows } = await target.sql.query<{ relname: string; reltuples: number }>(
      `SELECT relname, reltuples FROM pg_class WHERE relname IN ('events', 'streams') AND relkind = 'r' ORDER BY relname`,
    );
    // reltuples is -1 until a table is first analyzed (or vacuumed).
    expect(rows.map((row) => [row.relname, Number(row.reltuples)])).toEqual([
      ['events', 7],
      ['streams', 2],
    ]);
  });

  it('keeps the commit order when positions were not committed in order', async () => {
    // branch-2's two events committed before branch-1's third although they hold later positions.
    const reordered = [archive[0]!, archive[1]!, archive[3]!, archive[4]!, archive[2]!, archive[5]!, archive[6]!];
    const target = await emptyDatabase();
    await importArchive(target.sql, linesOf(reordered));
    const store = new PostgresEventStore(target.sql);
    const { rows } = await target.sql.query<{ cursor: string }>(
      `SELECT transaction_id::text || ':' || global_position AS cursor FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    await untilReadable(store, rows[0]!.cursor, 60_000);
    const { events } = await store.readAll({ limit: 100 });
    expect(events.map((event) => event.eventId)).toEqual(reordered.map((event) => event.eventId));
    expect(events.map((event) => event.globalPosition)).toEqual(reordered.map((event) => event.globalPosition));
    await store.close();
  });

  it.each([
    ['an altered payload', (events: ArchivedEvent[]) => events.map((event, index) => (index === 4 ? { ...event, data: { number: 99 } } : event)), /line 5: branch-2@2: its hash/],
    ['a missing event', (events: ArchivedEvent[]) => events.filter((_, index) => index !== 1), /line 2: branch-1@3: version 2 was expected/],
    ['a broken link', (events: ArchivedEvent[]) => events.map((event, index) => (index === 6 ? { ...event, previousHash: 'f'.repeat(64) } : event)), /line 7: branch-1@5: does not link/],
    ['a repeated position', (events: ArchivedEvent[]) => events.map((event, index) => (index === 3 ? { ...event, globalPosition: events[0]!.globalPosition } : event)), /repeats an event id or a global position/],
    ['a line that is not an event', (events: ArchivedEvent[]) => [...events.slice(0, 2), { hello: 'world' } as unknown as ArchivedEvent], /line 3: /],
  ])('refuses an archive with %s and writes nothing', async (_, tamper, reason) => {
    const target = await emptyDatabase();
    const refusal = importArchive(target.sql, linesOf(tamper(archive)));
    await expect(refusal).rejects.toThrow(ArchiveRefusedError);
    await expect(refusal).rejects.toThrow(reason);
    const { rows } = await target.sql.query<{ events: string; streams: string }>(
      'SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM streams) AS streams',
    );
    expect(rows[0]).toEqual({ events: '0', streams: '0' });
  });

  it('refuses to import into a database that already stores events', async () => {
    await expect(importArchive(source.sql, linesOf(archive))).rejects.toThrow('empty database');
  });

  it('reports every broken stream and gap, where verifyIntegrity stops at the first', async () => {
    const target = await emptyDatabase();
    await importArchive(target.sql, linesOf(archive));
    await target.sql.query(`UPDATE events SET data = '{"number": 42}' WHERE stream_id = 'branch-1' AND version = 2`);
    await target.sql.query(`UPDATE events SET recorded_at = recorded_at + interval '1 microsecond' WHERE stream_id = 'branch-2' AND version = 1`);
    await target.sql.query(`DELETE FROM events WHERE stream_id = 'branch-1' AND version = 4`);
    const progress: number[] = [];

    // Read through queries (as on PGlite), so that progress comes batch by batch; the COPY reading
    // reports chunk by chunk and gives the same inspection (log-order-pass.int-spec.ts).
    const inspection = await inspectChains(target.sql, { batchSize: 2 }, { reading: 'queries', onProgress: (checked) => progress.push(checked) });

    expect(inspection).toMatchObject({ ok: false, streamsChecked: 2, eventsChecked: 6 });
    expect(inspection.breaks.map((found) => [found.streamId, found.problem, found.event?.version, found.missingVersions])).toEqual([
      ['branch-1', 'hash-mismatch', 2, undefined],
      ['branch-1', 'version-gap', 5, { from: 4, to: 4 }],
      ['branch-2', 'hash-mismatch', 1, undefined],
    ]);
    expect(progress).toEqual([2, 4, 6]);
    // Walked in parts side by side: the same breaks, in the same order; the same digest.
    const inParts = await inspectChains(target.sql, { batchSize: 2 }, { parallelism: 3 });
    expect(inParts).toEqual(inspection);
    expect(await storeDigest(target.sql, { parallelism: 2, batchSize: 2 })).toEqual(await storeDigest(target.sql));
    expect(await verifyChains(target.sql)).toMatchObject({ ok: false, problem: 'hash-mismatch', brokenStreamId: 'branch-1', eventsChecked: 2 });
  });
});
