import { backendsUnderTest, createThrowawayDatabase, type ThrowawayDatabase } from '../../../database/src/throwaway-database.js';
import { shanghaiToday } from '../../../domain/src/shanghai-calendar.js';
import { PostgresEventStore } from '../../../event-store/src/postgres-event-store.js';
import { seedBaselinePolicy } from '../../../runtime/src/baseline-policy-seed.js';
import { ALL_PROJECTIONS } from '../all-projections.js';
import { LiveGenerations } from '../projection-engine/live-generations.js';
import { publishedPolicyVersions } from '../projection-engine/policy-stream.js';
import { projectionStatuses } from '../projection-engine/projection-status.js';
import { ProjectionRunner } from '../projection-engine/projection-runner.js';
import { figureSource, readyYear } from './ready-figures-query.js';

const YEARS_KEPT = Number(shanghaiToday().slice(0, 4)) - 2018 + 1;

const established = (branchId: string, unitId: string) => ({
  type: 'BranchEstablished',
  data: { branchId, universityId: '10001', unitId, name: branchId, kind: 'STAFF', establishedOn: '2018-01-01', memberCount: 5 },
});
const meeting = (meetingId: string, heldOn: string | null) => ({
  type: 'MeetingHeld',
  data: {
    meetingId, kinds: ['COMMITTEE'], heldOn, place: null, expected: 5, present: 5, absentees: [], hostPersonId: null,
    recorderPersonId: null, topic: 't', resolutions: [],
  },
});

describe.each(backendsUnderTest())('figures kept ready on %s', (backend) => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;
  const metadata = { actor: 'test', universityId: '10001' };
  const count = async (table: string) => Number((await database.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  /** Runs until every projection is at the head of the log or stopped by an event. */
  const caughtUp = async (runner: ProjectionRunner) => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      await runner.runUntilIdle();
      const statuses = await projectionStatuses(database.sql, store, ALL_PROJECTIONS);
      if (statuses.every((status) => status.state === 'FAILED' || (status.state === 'LIVE' && status.lag === 0))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the projections did not catch up');
  };

  beforeEach(async () => {
    database = await createThrowawayDatabase(backend);
    store = new PostgresEventStore(database.sql);
    await seedBaselinePolicy(store);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('computes every branch-year once the generation reaches the head, and sums them per unit', async () => {
    await store.append('branch-a', [established('a', 'u1'), ...Array.from({ length: 12 }, (_, i) => meeting(`m${i}`, `2019-${String(i + 1).padStart(2, '0')}-03`))], { metadata });
    await store.append('branch-b', [established('b', 'u1')], { metadata });
    await store.append('branch-c', [established('c', 'u2')], { metadata });
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { batchSize: 4, batchesPerTurn: 1 });
    // Catching up (batches of 4 events, not at the head): nothing is computed, nor marked, batch after batch.
    let factsWhileCatchingUp = 0;
    // (On PostgreSQL the log's visible head waits for older transactions anywhere on the server.)
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && factsWhileCatchingUp === 0; ) {
      await runner.tick();
      const exists = await database.sql.query(`SELECT 1 FROM pg_tables WHERE tablename = 'fact_meetings_g1'`);
      if (exists.rows.length === 0) continue;
      factsWhileCatchingUp = (await count('fact_branches_g1')) + (await count('fact_meetings_g1'));
      if (factsWhileCatchingUp > 0) {
        expect(await count('branch_year_figures_g1')).toBe(0);
        expect(await count('figures_to_compute_g1')).toBe(0);
      }
    }
    expect(factsWhileCatchingUp).toBeGreaterThan(0);
    await caughtUp(runner);
    expect(await count('figures_to_compute_g1')).toBe(0);
    expect(await count('branch_year_figures_g1')).toBe(3 * YEARS_KEPT);

    const live = new LiveGenerations(database.sql, store);
    const source = await figureSource(live, await publishedPolicyVersions(store));
    expect(source.ready?.generation).toBe(1);
    const figures = (await readyYear(database.sql, source, { universityId: '10001' }, 2019, shanghaiToday()))!;
    const units = await figures.units();
    expect(units.map((unit) => [unit.unit_id, unit.active_branches]).sort()).toEqual([
      ['u1', 2],
      ['u2', 1],
    ]);
    // Branch a met all twelve monthly committee meetings of 2019; b and c none.
    const { rows } = await database.sql.query<{ branch_id: string; rules: { rule: string; met: boolean }[] }>(
      `SELECT branch_id, rules::json AS rules FROM branch_year_figures_g1 WHERE year = 2019 ORDER BY branch_id`,
    );
    const committeeMet = (rules: { rule: string; met: boolean }[]) =>
      rules.filter((rule) => rule.rule === 'MEETING_FREQUENCY:COMMITTEE' && rule.met).length;
    expect(rows.map((row) => [row.branch_id, committeeMet(row.rules)])).toEqual([
      ['a', 12],
      ['b', 0],
      ['c', 0],
    ]);
    expect(figures.totals.active_branches).toBe(3);
    const unitScores = units.find((unit) => unit.unit_id === 'u1')!.score_sum;
    const { rows: scores } = await database.sql.query<{ total: number }>(
      `SELECT sum(score) AS total FROM branch_year_figures_g1 WHERE year = 2019 AND unit_id = 'u1'`,
    );
    expect(unitScores).toBeCloseTo(Number(scores[0]!.total), 12);
  });

  it('goes live only once its figures are computed, even when no batch ever reached it', async () => {
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS);
    // Nothing but the policy in the log: the generation applies no batch, and its work at the head is still done.
    await caughtUp(runner);
    const source = await figureSource(new LiveGenerations(database.sql, store), await publishedPolicyVersions(store));
    expect(source.ready?.generation).toBe(1);
    const { rows: state } = await database.sql.query<{ key: string }>(`SELECT key FROM figures_state_g1`);
    expect(state.map((row) => row.key)).toEqual(['day']);
    expect((await readyYear(database.sql, source, {}, 2019, shanghaiToday()))?.totals.active_branches).toBe(0);
    await store.append('branch-a', [established('a', 'u1'), meeting('m1', '2019-03-01')], { metadata });
    await caughtUp(runner);
    const figures = await readyYear(database.sql, source, { universityId: '10001' }, 2019, shanghaiToday());
    expect(figures?.totals.active_branches).toBe(1);
    expect(await count('branch_year_figures_g1')).toBe(YEARS_KEPT);
  });

  it('is not served once it has failed: the fact read models answer instead', async () => {
    await store.append('branch-a', [established('a', 'u1'), meeting('ok', '2019-03-01')], { metadata });
    await store.append('branch-a', [meeting('poison', null)], { metadata });
    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS, { onError: () => undefined });
    await caughtUp(runner);
    const statuses = await projectionStatuses(database.sql, store, ALL_PROJECTIONS);
    expect(statuses.find((status) => status.name === 'ready-figures')).toMatchObject({ state: 'FAILED' });
    const source = await figureSource(new LiveGenerations(database.sql, store), await publishedPolicyVersions(store));
    expect(source.ready).toBeNull();
    expect(await readyYear(database.sql, source, {}, 2019, shanghaiToday())).toBeNull();
  });
});
