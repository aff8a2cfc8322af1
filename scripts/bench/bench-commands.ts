/**
 * The command path under load: the real service (Nest + Apollo over the event store) started by
 * this run in a process of its own (as deployed; `--in-process` shares this one) on the local
 * PostgreSQL, and 32 HTTP clients in this process, each recording
 * meetings (`recordMeeting`) on branches of its own, for a fixed duration after a warm-up.
 * Prints mutations/s and latency percentiles against the targets: ≥ 800 mutations/s, p99 ≤ 50 ms.
 *
 * The branches are prepared with their 2018-2020 histories (the Beijing-scale generator, appended
 * in bulk), so every command reads and folds a stream of realistic length; `--fresh` prepares
 * branches that hold only their establishment.
 *
 * Runs in a scratch database that it creates and drops. DATABASE_URL names the server
 * (default postgres://postgres@127.0.0.1:5432/postgres); PROJECTIONS=off runs the service as a
 * cluster's API process (projections in workers), the default runs them in-process as `npm start` does.
 *
 *   npm run bench:commands -- [--clients 32] [--seconds 15] [--warmup 3] [--branches 1024] [--fresh]
 *                              [--in-process] [--cpu-profile FILE]   (a V8 CPU profile of the load alone, for DevTools)
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../../apps/api/src/create-app.js';
import { shanghaiToday } from '../../libs/domain/src/shanghai-calendar.js';
import { loadBeijingScale } from '../../apps/cli/src/demo/bulk-loader.js';
import { beijingOrganizationPlan, type BranchPlan } from '../../apps/cli/src/demo/organization-plan.js';
import type { Configuration } from '../../libs/configuration/src/configuration.js';
import { signToken } from '../../libs/identity/src/tokens.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { projectionStatuses } from '../../libs/projections/src/projection-engine/projection-status.js';
import type { SqlExecutor } from '../../libs/database/src/sql-client.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { openRuntime, type Runtime } from '../../libs/runtime/src/open-runtime.js';
import { startServerProcess } from './service-process.js';

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET = { mutationsPerSecond: 800, p99Ms: 50 };
const SEED = 'bench';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    branches: { type: 'string', default: '1024' },
    fresh: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const WARM_UP_SECONDS = Number(values.warmup);
const BRANCHES = Math.max(Number(values.branches), CLIENTS);

interface Sample {
  startedAt: number;
  milliseconds: number;
  ok: boolean;
}

async function main(): Promise<void> {
  const scratchName = `bench_commands_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratchName}`);
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${scratchName}`;
  const secret = randomBytes(24).toString('hex');
  const configuration: Configuration = {
    databaseUrl: scratchUrl.toString(),
    dataDir: path.join(tmpdir(), scratchName),
    port: 0,
    jwtSecret: secret,
    logLevel: 'silent',
    projections: process.env.PROJECTIONS === 'off' ? 'off' : 'on',
  };
  let runtime: Runtime | undefined;
  let closeApp: (() => Promise<void>) | undefined;
  try {
    runtime = await openRuntime(configuration, { applicationName: 'bench-commands' });
    const branches = await prepareBranches(runtime);
    const streamLength = await averageStreamLength(runtime, branches);
    let url: string;
    if (values['in-process']) {
      const app = await createApp(runtime);
      await app.listen(0, '127.0.0.1');
      closeApp = () => app.close();
      url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    } else {
      // The service in its own process, as it is deployed: the clients do not share its event loop.
      await runtime.close();
      runtime = undefined;
      const server = await startServerProcess({
        databaseUrl: configuration.databaseUrl!,
        secret: configuration.jwtSecret!,
        projections: configuration.projections,
      });
      closeApp = server.stop;
      url = server.url;
    }
    if (values.fresh) await establishThroughApi(url, secret, branches);
    const tokens = await Promise.all(
      branches.map((branch) => signToken({ subject: `bench-secretary-${branch.id}`, role: 'BRANCH_SECRETARY', universityId: branch.universityId, branchId: branch.id }, secret)),
    );

    if (configuration.projections === 'on') {
      // Measure the steady state: the service builds its read models from the prepared history first.
      const started = Date.now();
      await projectionsCaughtUp(scratchUrl.toString());
      log(`read models built from the prepared history in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    log(`${CLIENTS} clients recording meetings on ${branches.length} branches (${streamLength.toFixed(0)} events per stream to begin with), projections ${configuration.projections}`);
    log(`warming up for ${WARM_UP_SECONDS} s, then measuring for ${SECONDS} s`);
    const samples = await profiled(values['cpu-profile'], () => drive(url, branches, tokens));
    printTable(samples, streamLength, configuration.projections);
  } finally {
    await (closeApp ? closeApp() : runtime?.close())?.catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/**
 * The branches the clients write to: with their 2018-2020 histories appended in bulk (the default),
 * or only planned here and established through the API afterwards (`--fresh`).
 */
async function prepareBranches(runtime: Runtime): Promise<BranchPlan[]> {
  const plan = beijingOrganizationPlan(SEED, BRANCHES);
  const branches = plan.universities.flatMap((university) => university.units.flatMap((unit) => unit.branches)).filter((branch) => !branch.features.dissolve);
  if (!values.fresh) {
    const started = Date.now();
    const report = await loadBeijingScale(runtime, { seed: SEED, branches: BRANCHES, appenders: 4, today: shanghaiToday(), progress: false });
    log(`prepared ${report.branches} branches with their 2018-2020 histories (${report.events.toLocaleString('en-US')} events) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return branches;
}

/** `--fresh`: the university, its units and the branches, through the mutations. */
async function establishThroughApi(url: string, secret: string, branches: BranchPlan[]): Promise<void> {
  const token = await signToken({ subject: 'bench-municipal', role: 'MUNICIPAL_ADMIN' }, secret);
  const call = (mutation: string, type: string, input: object) =>
    graphql(url, token, `mutation($input: ${type}!) { ${mutation}(input: $input) { version } }`, { input });
  const universities = new Map<string, Set<string>>();
  for (const branch of branches) universities.set(branch.universityId, (universities.get(branch.universityId) ?? new Set()).add(branch.unitId));
  for (const [universityId, units] of universities) {
    await call('registerUniversity', 'RegisterUniversityInput', { id: universityId, name: `高校${universityId}` });
    for (const unitId of units) await call('registerUnit', 'RegisterUnitInput', { universityId, unitId, name: unitId });
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < branches.length) {
        const branch = branches[next++]!;
        await call('establishBranch', 'EstablishBranchInput', {
          branchId: branch.id, universityId: branch.universityId, unitId: branch.unitId, name: branch.name, kind: branch.kind,
          establishedOn: branch.establishedOn, memberCount: branch.members,
        });
      }
    }),
  );
  log(`established ${branches.length} branches through the API`);
}

async function averageStreamLength(runtime: Runtime, branches: BranchPlan[]): Promise<number> {
  if (values.fresh) return 1;
  const { rows } = await runtime.sql.query<{ average: string }>('SELECT avg(version) AS average FROM streams WHERE stream_id = ANY($1::text[])', [
    branches.map((branch) => `branch-${branch.id}`),
  ]);
  return Number(rows[0]?.average ?? 0);
}

const RECORD_MEETING = `mutation Record($input: RecordMeetingInput!) { recordMeeting(input: $input) { version positions } }`;

/** Runs `work` under the V8 CPU profiler when a file is named (warm-up and measurement, not the preparation). */
async function profiled<T>(file: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    log(`CPU profile of the load written to ${file}`);
  }
}

/** Each client records on its own branches in turn, so that no two requests race on one stream. */
async function drive(url: string, branches: BranchPlan[], tokens: string[]): Promise<{ measured: Sample[]; seconds: number; errors: string[] }> {
  const start = performance.now();
  const measureFrom = start + WARM_UP_SECONDS * 1000;
  const stopAt = measureFrom + SECONDS * 1000;
  const samples: Sample[] = [];
  const errors: string[] = [];
  let sequence = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const mine = branches.map((branch, index) => ({ branch, token: tokens[index]! })).filter((_, index) => index % CLIENTS === client);
      for (let turn = 0; performance.now() < stopAt; turn += 1) {
        const { branch, token } = mine[turn % mine.length]!;
        sequence += 1;
        const month = 1 + (sequence % 12);
        const input = {
          commandId: `bench-${client}-${turn}`,
          branchId: branch.id,
          kinds: sequence % 3 === 0 ? ['THEMED_PARTY_DAY', 'STUDY'] : ['COMMITTEE'],
          heldOn: `2021-${String(month).padStart(2, '0')}-${String(1 + (sequence % 28)).padStart(2, '0')}`,
          place: '党员之家',
          expected: 24,
          present: 22,
          absentees: [{ reason: '出差' }, { reason: '病假' }],
          topic: '学习贯彻党的十九届五中全会精神',
          resolutions: ['落实“三会一课”制度'],
        };
        const startedAt = performance.now();
        let ok = false;
        try {
          const answer = await graphql(url, token, RECORD_MEETING, { input });
          ok = Boolean(answer.data?.recordMeeting);
          if (!ok && errors.length < 10) errors.push(JSON.stringify(answer.errors?.[0] ?? answer).slice(0, 300));
        } catch (error) {
          if (errors.length < 10) errors.push(error instanceof Error ? error.message : String(error));
        }
        const finishedAt = performance.now();
        if (finishedAt >= measureFrom && finishedAt <= stopAt) samples.push({ startedAt, milliseconds: finishedAt - startedAt, ok });
      }
    }),
  );
  return { measured: samples, seconds: SECONDS, errors };
}

interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Node's fetch: its global dispatcher (undici) keeps the connections alive between requests. */
async function graphql(url: string, token: string, query: string, variables: object): Promise<GraphQLAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLAnswer;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function printTable(result: { measured: Sample[]; seconds: number; errors: string[] }, streamLength: number, projections: string): void {
  const ok = result.measured.filter((sample) => sample.ok);
  const failed = result.measured.length - ok.length;
  const latencies = ok.map((sample) => sample.milliseconds).sort((a, b) => a - b);
  const rate = ok.length / result.seconds;
  const p50 = percentile(latencies, 0.5);
  const p95 = percentile(latencies, 0.95);
  const p99 = percentile(latencies, 0.99);
  const max = latencies[latencies.length - 1] ?? Number.NaN;
  const ms = (value: number) => value.toFixed(1);
  const header = ['workload', 'clients', 'seconds', 'mutations', 'mutations/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'];
  const row = ['recordMeeting', String(CLIENTS), String(result.seconds), ok.length.toLocaleString('en-US'), Math.round(rate).toLocaleString('en-US'), ms(p50), ms(p95), ms(p99), ms(max), String(failed)];
  const targets = ['target', '', '', '', `≥ ${TARGET.mutationsPerSecond}`, '', '', `≤ ${TARGET.p99Ms}`, '', '0'];
  const widths = header.map((title, column) => Math.max(title.length, row[column]!.length, targets[column]!.length));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log('');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  console.log(format(row));
  console.log(format(targets));
  console.log('');
  const met = rate >= TARGET.mutationsPerSecond && p99 <= TARGET.p99Ms && failed === 0;
  console.log(
    `${met ? 'targets met' : 'targets MISSED'}: ${Math.round(rate)} mutations/s (≥ ${TARGET.mutationsPerSecond}), p99 ${ms(p99)} ms (≤ ${TARGET.p99Ms}); ` +
      `branch streams of ${streamLength.toFixed(0)} events to begin with; projections ${projections}; PostgreSQL at ${new URL(serverUrl).host}`,
  );
  for (const error of result.errors) console.log(`  error: ${error}`);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

/** Waits until every projection has a live generation at the head of the log. */
async function projectionsCaughtUp(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const sql: SqlExecutor = {
        query: async (text, params) => {
          const result = await client.query(text, params as unknown[]);
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
        exec: async (script) => {
          await client.query(script);
        },
      };
      const statuses = await projectionStatuses(sql, new PostgresEventStore(sql), ALL_PROJECTIONS);
      if (statuses.every((status) => status.state === 'LIVE')) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}
