import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../libs/database/src/throwaway-database.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { signToken } from '../../libs/identity/src/tokens.js';
import { freePort } from '../../scripts/bench/service-process.js';
import { until } from './until.js';

const API = fileURLToPath(new URL('../../dist/apps/api/src/main.js', import.meta.url));
const SECRET = 'projection-thread-test';

/**
 * PROJECTIONS=thread, the default with PostgreSQL: the built service applies its projections on a
 * thread of its own, on connections of its own, and answers from what that thread applied.
 */
const withServer = process.env.DATABASE_URL ? describe : describe.skip;

withServer('the API process with its projections on a thread (the default with PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let store: PostgresEventStore;
  let api: ChildProcess;
  let url: string;
  let admin: string;
  let stderr = '';

  beforeAll(async () => {
    database = await createThrowawayDatabase('postgres');
    const port = await freePort();
    api = spawn(process.execPath, [API], {
      // No PROJECTIONS: the default is what is under test.
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url!, AUTH_JWT_SECRET: SECRET, PORT: String(port), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    api.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = `http://127.0.0.1:${port}`;
    await until('the service to answer', () => fetch(`${url}/health`).then((response) => response.ok, () => false));
    // The service migrated the database; the test writes to it as another process of the cluster would.
    store = new PostgresEventStore(database.sql);
    await store.listenForOtherProcesses();
    admin = await signToken({ subject: 'municipal', role: 'MUNICIPAL_ADMIN' }, SECRET);
  }, 60_000);

  afterAll(async () => {
    if (api.exitCode === null) api.kill('SIGKILL');
    await store?.close();
    await database.drop();
  });

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  }

  async function applicationNames(): Promise<string[]> {
    const { rows } = await database.sql.query<{ application_name: string }>(
      'SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()',
    );
    return rows.map((row) => row.application_name);
  }

  async function meetingsGenerations() {
    const { rows } = await database.sql.query<{ generation: number; status: string }>(
      `SELECT generation, status FROM projection_generations WHERE name = 'meetings' ORDER BY generation`,
    );
    return rows;
  }

  it('applies on connections of its own thread and serves what it applied (read-your-writes)', async () => {
    // The thread names its connections after the process that holds it.
    await until('the projection thread to connect', async () => (await applicationNames()).includes(`branch-ledger-projections ${api.pid}`));
    expect(await applicationNames()).toContain('branch-ledger-api');

    await store.append(
      'university-10001',
      [
        { type: 'UniversityRegistered', data: { universityId: '10001', name: '线程大学' } },
        { type: 'UnitRegistered', data: { universityId: '10001', unitId: 'u1', name: '经济学院' } },
      ],
      { expectedVersion: 'no-stream', metadata: { actor: 'test', universityId: '10001' } },
    );
    const appended = await store.append(
      'branch-T1',
      [
        {
          type: 'BranchEstablished',
          data: { branchId: 'T1', universityId: '10001', unitId: 'u1', name: '线程教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 },
        },
        {
          type: 'MeetingHeld',
          data: {
            meetingId: 'm1', kinds: ['COMMITTEE'], heldOn: '2019-03-05', place: null, expected: 9, present: 9, absentees: [],
            hostPersonId: null, recorderPersonId: null, topic: '支委会', resolutions: [],
          },
        },
      ],
      { expectedVersion: 'no-stream', metadata: { actor: 'test', universityId: '10001' } },
    );

    const served = await graphql<{ branch: { id: string; name: string } | null }>(
      'query ($p: String) { branch(id: "T1", atLeastPosition: $p) { id name } }',
      { p: appended.positions.at(-1) },
    );
    expect(served.errors).toBeUndefined();
    expect(served.data!.branch).toEqual({ id: 'T1', name: '线程教工支部' });

    const compliance = await graphql<{ branchCompliance: { branchId: string } }>(
      'query ($p: String) { branchCompliance(branchId: "T1", year: 2019, atLeastPosition: $p) { branchId } }',
      { p: appended.positions.at(-1) },
    );
    expect(compliance.errors).toBeUndefined();
    expect(compliance.data!.branchCompliance.branchId).toBe('T1');
  }, 60_000);

  it('hands a rebuild to the thread, which builds the new generation and switches it in', async () => {
    const before = await meetingsGenerations();
    const live = before.find((row) => row.status === 'LIVE')!;
    const requested = await graphql<{ rebuildProjection: { name: string; state: string } }>('mutation { rebuildProjection(name: "meetings") { name state } }');
    expect(requested.errors).toBeUndefined();
    expect(requested.data!.rebuildProjection.name).toBe('meetings');
    const rebuilt = await until('the rebuilt generation to go live', async () => {
      const rows = await meetingsGenerations();
      return rows.find((row) => row.status === 'LIVE' && row.generation > live.generation);
    });
    expect(rebuilt.generation).toBeGreaterThan(live.generation);

    const unknown = await graphql('mutation { rebuildProjection(name: "no-such-projection") { name } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 60_000);

  it('stops cleanly on SIGTERM: the thread finishes, its connections close, the process ends', async () => {
    const exited = new Promise<string>((resolve) => api.once('exit', (code, signal) => resolve(signal ?? String(code))));
    api.kill('SIGTERM');
    // Nest closes the application (the thread stops with it), then re-raises the signal.
    expect(['0', 'SIGTERM']).toContain(await exited);
    await until('the connections to close', async () => !(await applicationNames()).some((name) => name.startsWith('branch-ledger-')));
    expect(stderr).not.toMatch(/projection (error|thread)/);
  }, 30_000);
});
