import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from '../../../database/src/throwaway-database.js';
import { PostgresEventStore } from '../../../event-store/src/postgres-event-store.js';
import { ALL_PROJECTIONS } from '../all-projections.js';
import { projectionStatuses } from './projection-status.js';
import { ProjectionRunner } from './projection-runner.js';
import type { Projection } from './projection.js';

const established = (branchId: string) => ({
  type: 'BranchEstablished',
  data: { branchId, universityId: '10001', unitId: 'u1', name: branchId, kind: 'STAFF', establishedOn: '2018-01-01', memberCount: 5 },
});
const meeting = (meetingId: string, heldOn: string | null) => ({
  type: 'MeetingHeld',
  data: {
    meetingId, kinds: ['COMMITTEE'], heldOn, place: null, expected: 5, present: 5, absentees: [], hostPersonId: null,
    recorderPersonId: null, topic: 't', resolutions: [],
  },
});

describe.each(backendsUnderTest())('the projection runner on %s', (backend) => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;
  const metadata = { actor: 'test', universityId: '10001' };

  beforeEach(async () => {
    database = await createThrowawayDatabase(backend);
    store = new PostgresEventStore(database.sql);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  const count = async (table: string) => Number((await database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  it('builds a first generation from the log in batches and moves its checkpoint with each batch', async () => {
    await store.append('branch-a', [established('a'), ...Array.from({ length: 25 }, (_, i) => meeting(`m${i}`, '2019-03-01'))], { metadata });
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { batchSize: 4, batchesPerTurn: 1 });
    await runner.tick();
    const partial = await database.sql.query<{ position: string; status: string }>(
      `SELECT position, status FROM projection_generations WHERE name = 'meetings'`,
    );
    expect(partial.rows[0]!.status).toBe('BUILDING');
    expect(await count('meetings_g1')).toBe(4);
    await runner.runUntilIdle();
    expect(await count('meetings_g1')).toBe(25);
    const statuses = await projectionStatuses(database.sql, store, ALL_PROJECTIONS);
    expect(statuses.every((status) => status.state === 'LIVE' && status.lag === 0)).toBe(true);
  });

  it('rebuilds several projections from one read of the log, each applying only its own events, none failing', async () => {
    await store.append('branch-a', [established('a'), ...Array.from({ length: 30 }, (_, i) => meeting(`m${i}`, '2019-03-01'))], { metadata });
    await store.append('branch-b', [established('b'), ...Array.from({ length: 12 }, (_, i) => meeting(`n${i}`, '2019-05-01'))], { metadata });
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { batchSize: 5, onError: (error) => errors.push(error) });
    await runner.runUntilIdle();
    const everyType = new Set(ALL_PROJECTIONS.flatMap((projection) => projection.eventTypes));
    let jointReads = 0;
    let eventsReadAlone = 0;
    const readAll = store.readAll.bind(store);
    store.readAll = async (options) => {
      const batch = await readAll(options);
      if (options?.types?.length === everyType.size) jointReads += 1;
      else eventsReadAlone += batch.events.length;
      return batch;
    };
    for (const projection of ALL_PROJECTIONS) await runner.requestRebuild(projection.name);
    await runner.runUntilIdle();
    store.readAll = readAll;
    expect(errors).toEqual([]);
    const statuses = await projectionStatuses(database.sql, store, ALL_PROJECTIONS);
    expect(statuses.map((status) => [status.name, status.state])).toEqual(ALL_PROJECTIONS.map((projection) => [projection.name, 'LIVE']));
    expect(await count('meetings_g2')).toBe(42);
    // The rebuild read the log once, jointly (all the projections' types at once: 45 events in
    // batches of 5); no projection read any event on its own (the live ones only found the head).
    expect(jointReads).toBeGreaterThanOrEqual(9);
    expect(eventsReadAlone).toBe(0);
  });

  it('stops only the projection an event breaks, at that event, with the error', async () => {
    await store.append('branch-a', [established('a'), meeting('ok-1', '2019-03-01')], { metadata });
    const poison = await store.append('branch-a', [meeting('poison', null)], { metadata });
    await store.append('branch-b', [established('b'), meeting('ok-2', '2019-04-01')], { metadata });
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { onError: () => undefined });
    await runner.runUntilIdle();
    const statuses = await projectionStatuses(database.sql, store, ALL_PROJECTIONS);
    const meetings = statuses.find((status) => status.name === 'meetings')!;
    expect(meetings).toMatchObject({ state: 'FAILED', failedPosition: poison.positions[0] });
    expect(meetings.error).toMatch(/null value|not-null|violates/i);
    // Everything before the poison event was kept.
    expect(await count('meetings_g1')).toBe(1);
    // The others went on to the end of the log.
    expect(statuses.find((status) => status.name === 'organization')).toMatchObject({ state: 'LIVE', lag: 0 });
    expect(await count('branches_g1')).toBe(2);
  });

  it('rebuilds into a new generation while the old one stays live, then switches and drops the old tables', async () => {
    await store.append('branch-a', [established('a'), meeting('m1', '2019-03-01')], { metadata });
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { retiredGraceMs: 0, batchSize: 1, batchesPerTurn: 1 });
    await runner.runUntilIdle();
    const rebuild = await runner.requestRebuild('meetings');
    expect(rebuild.generation).toBe(2);
    const during = await database.sql.query<{ generation: number; status: string }>(
      `SELECT generation, status FROM projection_generations WHERE name = 'meetings' ORDER BY generation`,
    );
    expect(during.rows).toEqual([
      { generation: 1, status: 'LIVE' },
      { generation: 2, status: 'BUILDING' },
    ]);
    await runner.runUntilIdle();
    await runner.tick();
    const after = await database.sql.query<{ generation: number; status: string; dropped: boolean }>(
      `SELECT generation, status, dropped_at IS NOT NULL AS dropped FROM projection_generations WHERE name = 'meetings' ORDER BY generation`,
    );
    expect(after.rows).toEqual([
      { generation: 1, status: 'RETIRED', dropped: true },
      { generation: 2, status: 'LIVE', dropped: false },
    ]);
    expect(await count('meetings_g2')).toBe(1);
    const oldTable = await database.sql.query(`SELECT 1 FROM pg_tables WHERE tablename = 'meetings_g1'`);
    expect(oldTable.rows).toHaveLength(0);
  });

  const secondaryIndexes = async (tables: readonly string[]) =>
    (
      await database.sql.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE tablename = ANY($1::text[]) AND indexname NOT LIKE '%_pkey' ORDER BY indexname`,
        [tables],
      )
    ).rows.map((row) => row.indexname);
  const INDEXED_TABLES = (generation: number) => [`branches_g${generation}`, `training_attendance_g${generation}`, `ledger_cases_g${generation}`];
  const INDEXES = (generation: number) => [
    `branches_g${generation}_scope`,
    `ledger_cases_g${generation}_by_year`,
    `training_attendance_g${generation}_by_person`,
  ];

  it('gives the first generation, built on an empty store, its secondary indexes before it goes live', async () => {
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS);
    await runner.runUntilIdle();
    expect(await secondaryIndexes(INDEXED_TABLES(1))).toEqual(INDEXES(1));
    const analyzed = await database.sql.query<{ relname: string }>(
      `SELECT relname FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) AND last_analyze IS NOT NULL`,
      [INDEXED_TABLES(1)],
    );
    expect(analyzed.rows).toHaveLength(3);
    // Applied while live: the rows go through the indexes already there.
    await store.append('branch-a', [established('a')], { metadata });
    await runner.runUntilIdle();
    expect(await count('branches_g1')).toBe(1);
    expect(await secondaryIndexes(INDEXED_TABLES(1))).toEqual(INDEXES(1));
  });

  it('builds a new generation without its secondary indexes and adds them at the switch', async () => {
    await store.append('branch-a', [established('a'), meeting('m1', '2019-03-01')], { metadata });
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { retiredGraceMs: 0, batchSize: 1, batchesPerTurn: 1 });
    await runner.runUntilIdle();
    for (const name of ['organization', 'training', 'rectification-ledger']) await runner.requestRebuild(name);
    const building = await database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE tablename = ANY($1::text[])`, [
      INDEXED_TABLES(2),
    ]);
    expect(Number(building.rows[0]!.n)).toBe(3);
    expect(await secondaryIndexes(INDEXED_TABLES(2))).toEqual([]);
    await runner.runUntilIdle();
    const live = await database.sql.query<{ name: string; generation: number }>(
      `SELECT name, generation FROM projection_generations WHERE status = 'LIVE' AND name IN ('organization', 'training', 'rectification-ledger')`,
    );
    expect(live.rows.every((row) => row.generation === 2)).toBe(true);
    expect(await secondaryIndexes(INDEXED_TABLES(2))).toEqual(INDEXES(2));
    expect(await count('branches_g2')).toBe(1);
  });

  it("gives a live generation its steps at the head after a batch that deferred work to them, not after every batch", async () => {
    const headSteps: number[] = [];
    let applied = 0;
    /** Defers to the head only for a meeting whose topic asks it to. */
    const deferring: Projection = {
      name: 'deferring',
      codeVersion: 1,
      readsPolicy: false,
      eventTypes: ['MeetingHeld'],
      tables: ['seen'],
      async createTables(sql, t) {
        await sql.exec(`CREATE TABLE ${t.seen} (event_id text PRIMARY KEY)`);
      },
      async apply(sql, events, t, context) {
        for (const event of events) {
          await sql.query(`INSERT INTO ${t.seen} (event_id) VALUES ($1)`, [event.eventId]);
          if ((event.data as { topic?: string }).topic === 'defer') context.deferToHead?.();
        }
        applied += events.length;
      },
      async atHead() {
        headSteps.push(Date.now());
        return false;
      },
    };
    const runner = new ProjectionRunner(database.sql, store, [deferring], { pollIntervalMs: 60_000 });
    runner.start();
    try {
      await until(async () => (await projectionStatuses(database.sql, store, [deferring]))[0]?.state === 'LIVE');
      // Five batches that defer nothing, inside one periodic check (a second) at most.
      headSteps.length = 0;
      for (let index = 0; index < 5; index += 1) {
        await store.append('branch-a', [meeting(`quiet-${index}`, '2019-03-01')], { metadata });
        await until(async () => applied === index + 1);
      }
      expect(headSteps.length).toBeLessThanOrEqual(1);

      // One that defers: its steps run right after it.
      headSteps.length = 0;
      const deferredAt = Date.now();
      await store.append('branch-a', [{ ...meeting('loud', '2019-03-01'), data: { ...meeting('loud', '2019-03-01').data, topic: 'defer' } }], { metadata });
      await until(async () => headSteps.length > 0);
      expect(headSteps[0]! - deferredAt).toBeLessThan(500);
    } finally {
      await runner.stop();
    }
  });
});

/** Resolves once `condition` holds (checked every 10 ms, for up to 5 s). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
