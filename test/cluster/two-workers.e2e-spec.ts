import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../libs/database/src/throwaway-database.js';
import type { NewEvent } from '../../libs/event-store/src/event-store.port.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { seedBaselinePolicy } from '../../libs/runtime/src/baseline-policy-seed.js';
import { until } from './until.js';

const worker = fileURLToPath(new URL('../../dist/apps/worker/src/main.js', import.meta.url));
const BRANCHES = 120;
const MEETINGS_PER_BRANCH = 150;

/**
 * Cluster mode needs a PostgreSQL server (PGlite is one in-process session), so this runs with
 * DATABASE_URL, as CI does.
 */
const withServer = process.env.DATABASE_URL ? describe : describe.skip;

withServer('two projection workers on one PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createThrowawayDatabase('postgres');
    store = new PostgresEventStore(database.sql);
    await seedBaselinePolicy(store);
    for (let branch = 0; branch < BRANCHES; branch += 1) {
      const branchId = `b${branch}`;
      const events: NewEvent[] = [
        {
          type: 'BranchEstablished',
          data: { branchId, universityId: '10001', unitId: 'u1', name: `支部${branch}`, kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 },
        },
      ];
      for (let meeting = 0; meeting < MEETINGS_PER_BRANCH; meeting += 1) {
        const day = `2019-${String((meeting % 12) + 1).padStart(2, '0')}-${String((meeting % 28) + 1).padStart(2, '0')}`;
        events.push({
          type: 'MeetingHeld',
          data: {
            meetingId: `m${meeting}`, kinds: ['COMMITTEE'], heldOn: day, place: null, expected: 9, present: 9, absentees: [],
            hostPersonId: null, recorderPersonId: null, topic: '支委会', resolutions: [],
          },
        });
      }
      await store.append(`branch-${branchId}`, events, { expectedVersion: 'no-stream', metadata: { actor: 'test', universityId: '10001' } });
    }
  }, 120_000);

  afterAll(async () => {
    for (const child of workers) child.kill('SIGKILL');
    await store.close();
    await database.drop();
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [worker], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url!, AUTH_JWT_SECRET: 'cluster-test', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    workers.push(child);
    return child;
  }

  async function generation(name: string, status: string) {
    const { rows } = await database.sql.query<{ generation: number; position: string; cursor: string }>(
      'SELECT generation, position, cursor FROM projection_generations WHERE name = $1 AND status = $2',
      [name, status],
    );
    return rows[0];
  }

  /** The process id of the worker whose connection holds the advisory lock on `key` now (workers name their connections after it). */
  async function workerHolding(key: string): Promise<number | undefined> {
    const { rows } = await database.sql.query<{ application_name: string }>(
      `SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
         AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($1)::bigint`,
      [key],
    );
    const match = /^branch-ledger-worker (\d+)$/.exec(rows[0]?.application_name ?? '');
    return match ? Number(match[1]) : undefined;
  }

  it('survives a worker killed mid-rebuild: the other finishes, every figure is right', async () => {
    const first = startWorker();
    const second = startWorker();
    const head = Number((await database.sql.query<{ head: string }>('SELECT max(global_position) AS head FROM events')).rows[0]!.head);
    const initial = await until('the first build', async () => {
      const live = await generation('meetings', 'LIVE');
      return live && Number(live.position) >= head ? live : undefined;
    });

    const runner = new ProjectionRunner(database.sql, store, ALL_PROJECTIONS);
    const requested = await runner.requestRebuild('meetings');
    // The worker caught applying a batch of the rebuild (holding its generation's lock) is the one killed.
    const holder = await until(
      'a worker applying a batch of the rebuild',
      async () => {
        const building = await generation('meetings', 'BUILDING');
        if (!building || Number(building.position) >= head) return undefined;
        const pid = await workerHolding(`projection:meetings:${requested.generation}`);
        return pid !== undefined && Number(building.position) > 0 ? pid : undefined;
      },
      60_000,
      2,
    );
    const [killed, survivor] = holder === first.pid ? [first, second] : [second, first];
    expect([first.pid, second.pid]).toContain(holder);
    expect(killed.pid).toBe(holder);
    const positionAtKill = Number((await generation('meetings', 'BUILDING'))!.position);
    killed.kill('SIGKILL');

    const rebuilt = await until('the survivor to finish the rebuild', async () => {
      const live = await generation('meetings', 'LIVE');
      return live && live.generation === requested.generation ? live : undefined;
    });
    expect(survivor.exitCode).toBeNull();
    expect(killed.signalCode).toBe('SIGKILL');
    expect(positionAtKill).toBeLessThan(head);
    expect(rebuilt.generation).toBeGreaterThan(initial.generation);

    const table = `meetings_g${rebuilt.generation}`;
    const { rows } = await database.sql.query<{ meetings: string; branches: string; duplicates: string }>(
      `SELECT count(*) AS meetings, count(DISTINCT branch_id) AS branches,
              count(*) - count(DISTINCT (branch_id, meeting_id)) AS duplicates FROM ${table}`,
    );
    expect(rows[0]).toEqual({ meetings: String(BRANCHES * MEETINGS_PER_BRANCH), branches: String(BRANCHES), duplicates: '0' });
    const perMonth = await database.sql.query<{ month: string; held: string }>(
      `SELECT to_char(held_on, 'MM') AS month, count(*) AS held FROM ${table} GROUP BY 1 ORDER BY 1`,
    );
    const expectedPerMonth = Array.from({ length: 12 }, (_, month) =>
      BRANCHES * Array.from({ length: MEETINGS_PER_BRANCH }, (__, meeting) => meeting).filter((meeting) => meeting % 12 === month).length,
    );
    expect(perMonth.rows.map((row) => Number(row.held))).toEqual(expectedPerMonth);
  }, 120_000);
});
