import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PgliteSqlClient } from '../../libs/database/src/pglite-sql-client.js';
import { migrate } from '../../libs/database/src/migrations.js';
import type { SqlClient } from '../../libs/database/src/sql-client.js';
import { backendsUnderTest, createThrowawayDatabase, type Backend, type ThrowawayDatabase } from '../../libs/database/src/throwaway-database.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { untilReadable } from '../../libs/event-store/src/throwaway-event-store.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/apps/cli/src/main.js');

interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A database the CLI opens in its own process: a PostgreSQL database by URL, or a PGlite data
 * directory. A PGlite directory is never open in two processes at once: the test opens it only
 * between CLI runs.
 */
interface CliDatabase {
  env: Record<string, string>;
  withSql<T>(work: (sql: SqlClient) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

async function cliDatabase(backend: Backend, directory: string, name: string): Promise<CliDatabase> {
  if (backend === 'pglite') {
    const dataDir = path.join(directory, name);
    return {
      env: { PGLITE_DATA_DIR: dataDir, DATABASE_URL: '' },
      withSql: async (work) => {
        const sql = await PgliteSqlClient.open(dataDir);
        try {
          await migrate(sql);
          return await work(sql);
        } finally {
          await sql.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const database: ThrowawayDatabase = await createThrowawayDatabase('postgres', { migrated: false });
  return {
    env: { DATABASE_URL: database.url!, PGLITE_DATA_DIR: path.join(directory, 'unused') },
    withSql: async (work) => {
      await migrate(database.sql);
      return work(database.sql);
    },
    drop: () => database.drop(),
  };
}

async function cli(database: CliDatabase, ...args: string[]): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...database.env, LOG_LEVEL: 'silent' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function digestLine(outcome: CliOutcome): { digest: string; position: string; events: number } {
  expect(outcome).toMatchObject({ code: 0 });
  const last = outcome.stdout.trimEnd().split('\n').at(-1)!;
  const match = /^([0-9a-f]{64}) (\d+) (\d+)$/.exec(last);
  expect(match).not.toBeNull();
  return { digest: match![1]!, position: match![2]!, events: Number(match![3]) };
}

const meta = { actor: 'secretary-1', universityId: '10001' };
const events = (count: number, label: string) =>
  Array.from({ length: count }, (_, index) => ({ type: 'MeetingRecorded', data: { label, number: index + 1, topic: '三会一课' } }));

describe.each(backendsUnderTest())('the inspection commands on %s', (backend) => {
  let directory: string;
  let source: CliDatabase;
  const others: CliDatabase[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'inspection-cli-'));
    source = await cliDatabase(backend, directory, 'source');
    await source.withSql(async (sql) => {
      const store = new PostgresEventStore(sql);
      await store.append('branch-A', events(3, 'a'), { metadata: meta });
      await store.append('branch-B', events(4, 'b'), { metadata: meta });
      await store.append('branch-C', events(3, 'c'), { metadata: { ...meta, universityId: '10002' } });
      const last = await store.append('branch-A', events(2, 'a-later'), { metadata: meta });
      // A transaction open elsewhere on the cluster holds back what readers see: wait it out.
      await untilReadable(store, last.lastCursor, 120_000);
      await store.close();
    });
  }, 120_000);

  afterAll(async () => {
    for (const database of [source, ...others]) await database?.drop();
    rmSync(directory, { recursive: true, force: true });
  });

  async function another(name: string): Promise<CliDatabase> {
    const database = await cliDatabase(backend, directory, name);
    others.push(database);
    return database;
  }

  it('verifies, digests, exports and imports an intact store into an empty database with the same digest', async () => {
    const verified = await cli(source, 'verify');
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.stdout).toContain('ok: 12 events in 3 streams verified');
    expect((await cli(source, 'verify', '--university', '10002')).stdout).toContain('ok: 3 events in 1 streams verified');

    const before = digestLine(await cli(source, 'digest'));
    expect(before).toMatchObject({ position: '12', events: 12 });
    expect(digestLine(await cli(source, 'digest', '--at', '12'))).toEqual(before);
    const earlier = digestLine(await cli(source, 'digest', '--at', '7'));
    expect(earlier.events).toBe(7);
    expect(earlier.digest).not.toBe(before.digest);

    const archive = path.join(directory, 'whole-store.ndjson');
    expect(await cli(source, 'export', '--format', 'ndjson', '--out', archive)).toMatchObject({ code: 0 });
    const lines = readFileSync(archive, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(12);
    expect(lines.map((line) => line.globalPosition)).toEqual(Array.from({ length: 12 }, (_, index) => String(index + 1)));

    const copy = await another('copy');
    const imported = await cli(copy, 'import', archive);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toContain('imported 12 events in 3 streams');
    expect(digestLine(await cli(copy, 'digest'))).toEqual(before);
    expect(digestLine(await cli(copy, 'digest', '--at', '7'))).toEqual(earlier);
    expect((await cli(copy, 'verify')).code).toBe(0);
    await copy.withSql(async (sql) => {
      const { rows } = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE stream_id = 'policy'`);
      expect(rows[0]!.n).toBe('0'); // no baseline seeded on the way: the archive brings its own
    });

    // The copy refuses a second load: an archive is imported into an empty database only.
    const again = await cli(copy, 'import', archive);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('empty database');
  }, 600_000);

  it('refuses an archive whose chain does not verify, writing nothing', async () => {
    const archive = path.join(directory, 'tampered.ndjson');
    expect((await cli(source, 'export', '--format', 'ndjson', '--out', archive)).code).toBe(0);
    const lines = readFileSync(archive, 'utf8').trimEnd().split('\n');
    const fifth = JSON.parse(lines[4]!);
    fifth.data.topic = '改过的';
    lines[4] = JSON.stringify(fifth);
    writeFileSync(archive, `${lines.join('\n')}\n`);

    const target = await another('refusing');
    const refused = await cli(target, 'import', archive);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`line 5: ${fifth.streamId}@${fifth.version}`);
    expect(digestLine(await cli(target, 'digest'))).toMatchObject({ position: '0', events: 0 });
  }, 300_000);

  it('names an edited, a deleted and an inserted event, and the digest changes with each', async () => {
    const noted = digestLine(await cli(source, 'digest'));
    const digestAtNoted = async () => digestLine(await cli(source, 'digest', '--at', noted.position)).digest;

    await source.withSql((sql) => sql.query(`UPDATE events SET data = jsonb_set(data, '{topic}', '"改过的"') WHERE stream_id = 'branch-A' AND version = 2`));
    const afterEdit = await digestAtNoted();
    expect(afterEdit).not.toBe(noted.digest);

    const deleted = await source.withSql(async (sql) => {
      const { rows } = await sql.query<{ global_position: string }>(
        `DELETE FROM events WHERE stream_id = 'branch-B' AND version = 2 RETURNING global_position`,
      );
      return rows[0]!.global_position;
    });
    const afterDeletion = await digestAtNoted();
    expect(afterDeletion).not.toBe(afterEdit);

    // A forged event slipped into the deleted row's place, as branch-C's fourth.
    await source.withSql((sql) =>
      sql.query(
        `INSERT INTO events (global_position, event_id, stream_id, version, type, schema_version, data, metadata, occurred_at, recorded_at, university_id, hash, previous_hash)
         SELECT $1, '00000000-0000-4000-8000-000000000001', stream_id, 4, type, schema_version, data, metadata, occurred_at, recorded_at, university_id, repeat('a', 64), hash
         FROM events WHERE stream_id = 'branch-C' AND version = 3`,
        [deleted],
      ),
    );
    const afterInsertion = await digestAtNoted();
    expect(afterInsertion).not.toBe(afterDeletion);
    expect(afterInsertion).not.toBe(noted.digest);

    const verified = await cli(source, 'verify');
    expect(verified.code).toBe(1);
    const broken = verified.stdout.split('\n').filter((line) => line.startsWith('BROKEN '));
    expect(broken).toEqual([
      expect.stringMatching(/^BROKEN hash-mismatch branch-A@2 .*the row was altered$/),
      expect.stringMatching(/^BROKEN version-gap branch-B@3 .*version 2 is missing before version 3/),
      expect.stringMatching(/^BROKEN hash-mismatch branch-C@4 .*event 00000000-0000-4000-8000-000000000001/),
      expect.stringMatching(/^BROKEN stream-head-mismatch branch-C@4 .*head says version 3 but its last stored event is version 4/),
    ]);
    expect(verified.stdout).toContain('BROKEN: 4 problem(s) in 3 stream(s)');
  }, 600_000);

  it('refuses a bad digest position and bad arguments with usage errors', async () => {
    const notANumber = await cli(source, 'digest', '--at', 'yesterday');
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toContain('not "yesterday"');
    expect((await cli(source, 'digest', '--at', '999999')).stderr).toContain('beyond the visible head');
    expect((await cli(source, 'export', '--format', 'pdf', '--out', path.join(directory, 'x'))).code).toBe(2);
    expect((await cli(source, 'import', path.join(directory, 'missing.ndjson'))).code).toBe(2);
  }, 300_000);
});
