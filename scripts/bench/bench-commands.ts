/**
 * The command path under load: the real service (Nest + Apollo over the event store) started by
 * this run in a process of its own (as deployed; `--in-process` shares this one) on the local
 * PostgreSQL, and HTTP clients in this process recording meetings (`recordMeeting`).
 *
 * Phases, all against the same service process:
 *   1. closed loop: 32 clients, each waiting for its answer before it sends again, on branches of
 *      its own, for a fixed duration after a warm-up (peak throughput);
 *   2. baseline: the same closed loop on `benchBaseline` (BENCH_BASELINE=1, benchmark only), a bare
 *      mutation inserting one row through the same HTTP, token, Apollo and CommandBus stack: the
 *      floor, so the figure of 1. is read as a share of what this machine can do at all;
 *   3. open loop: offered rates (200, 400, 800 mutations/s by default) for 20 s each. Sends are
 *      scheduled on a timer whatever the answers do, and latency runs from the scheduled send time,
 *      so a stalled service shows up as latency instead of as a client that politely waits
 *      (coordinated omission).
 * Targets: closed loop ≥ 60 % of the baseline, p99 ≤ 50 ms at 400/s offered, no errors.
 *
 * Data sets:
 *   default    a scratch database that it creates and drops, with 1,024 branches prepared with their
 *              2018-2020 histories (the Beijing-scale generator, bulk path); `--fresh` prepares
 *              branches holding only their establishment, through the API.
 *   --beijing  the Beijing-scale data set (DOMAIN.md §7, `branch_ledger_bench`, generated once by
 *              scripts/bench/beijing-data-set.ts): copied into a scratch database for the run
 *              (so the shared set never grows), 40 branches of one university, projections off
 *              (an API process of a cluster) unless PROJECTIONS=on.
 * DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/postgres); PROJECTIONS=off
 * runs the service as a cluster's API process, the default (scratch set) runs them in-process as `npm start` does.
 * Run it under `flock /tmp/bench.lock` when other benchmarks share the machine.
 *
 *   npm run bench:commands -- [--beijing] [--clients 32] [--seconds 15] [--warmup 3] [--branches 1024|40]
 *        [--rates 200,400,800] [--rate-seconds 20] [--fresh] [--in-process]
 *        [--cpu-profile FILE]            (a V8 CPU profile of this process during the load, for DevTools)
 *        [--service-cpu-profile DIR]     (`node --cpu-prof` of the service process, written when it stops)
 *        [--analyze]                     (--beijing: ANALYZE the copy first, for a set generated before bulk loads did)
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
import { beijingOrganizationPlan } from '../../apps/cli/src/demo/organization-plan.js';
import type { Configuration } from '../../libs/configuration/src/configuration.js';
import { signToken } from '../../libs/identity/src/tokens.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { projectionStatuses } from '../../libs/projections/src/projection-engine/projection-status.js';
import type { SqlExecutor } from '../../libs/database/src/sql-client.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { openRuntime } from '../../libs/runtime/src/open-runtime.js';
import { copyOfBenchDataSet, openBenchDataSet } from './beijing-data-set.js';
import { GraphQLLoadClient, type GraphQLAnswer } from './graphql-load-client.js';
import { startServerProcess } from './service-process.js';

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET = { shareOfBaseline: 0.6, p99Ms: 50, p99AtRate: 400 };
const SEED = 'bench';
const BEIJING_BRANCHES = 40;
/** Far above what a run sends per token: the limiter stays on the path without refusing the load. */
const RATE_LIMIT_PER_MINUTE = '1000000';

const { values } = parseArgs({
  options: {
    beijing: { type: 'boolean', default: false },
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    branches: { type: 'string' },
    rates: { type: 'string', default: '200,400,800' },
    'rate-seconds': { type: 'string', default: '20' },
    fresh: { type: 'boolean', default: false },
    analyze: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
    'service-cpu-profile': { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const WARM_UP_SECONDS = Number(values.warmup);
const RATES = values.rates.split(',').filter(Boolean).map(Number);
const RATE_SECONDS = Number(values['rate-seconds']);
const BRANCHES = Number(values.branches ?? (values.beijing ? BEIJING_BRANCHES : 1024));
if (values.beijing && values.fresh) throw new Error('--fresh prepares a scratch set; the Beijing-scale set is generated once by beijing-data-set.ts');
if (!values.beijing && BRANCHES < CLIENTS) throw new Error(`--branches ${BRANCHES}: at least one branch per client (${CLIENTS})`);

/** A branch the clients write to, with the token of its secretary. */
interface Target {
  branchId: string;
  universityId: string;
  token: string;
}

interface Sample {
  milliseconds: number;
  ok: boolean;
}

interface PhaseResult {
  name: string;
  seconds: number;
  samples: Sample[];
  errors: string[];
  /** Open loop: the rate offered, and how far behind its schedule the client itself sent at worst. */
  offered?: number;
  sent?: number;
  worstSendLagMs?: number;
}

interface Prepared {
  databaseUrl: string;
  branches: { id: string; universityId: string; unitId?: string; name?: string; kind?: string; establishedOn?: string; members?: number }[];
  streamLength: number;
  describe: string;
  drop: () => Promise<void>;
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const secret = randomBytes(24).toString('hex');
  const projections: 'on' | 'off' = (process.env.PROJECTIONS as 'on' | 'off' | undefined) ?? (values.beijing ? 'off' : 'on');
  let prepared: Prepared | undefined;
  let closeApp: (() => Promise<void>) | undefined;
  try {
    prepared = values.beijing ? await prepareBeijing(admin) : await prepareScratch(admin, secret);
    const configuration: Configuration = {
      databaseUrl: prepared.databaseUrl,
      dataDir: path.join(tmpdir(), 'bench-commands'),
      port: 0,
      jwtSecret: secret,
      logLevel: 'silent',
      projections,
      rateLimitPerMinute: Number(RATE_LIMIT_PER_MINUTE),
      benchBaseline: true,
    };
    let url: string;
    if (values['in-process']) {
      const runtime = await openRuntime(configuration, { applicationName: 'bench-commands' });
      const app = await createApp(runtime);
      await app.listen(0, '127.0.0.1');
      closeApp = () => app.close();
      url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
    } else {
      // The service in its own process, as it is deployed: the clients do not share its event loop.
      const server = await startServerProcess({
        databaseUrl: prepared.databaseUrl,
        secret,
        projections,
        environment: { BENCH_BASELINE: '1', RATE_LIMIT_PER_MINUTE },
        cpuProfileDir: values['service-cpu-profile'],
      });
      closeApp = server.stop;
      url = server.url;
    }
    if (values.fresh) await establishThroughApi(url, secret, prepared.branches);
    const targets: Target[] = await Promise.all(
      prepared.branches.map(async (branch) => ({
        branchId: branch.id,
        universityId: branch.universityId,
        token: await signToken({ subject: `bench-secretary-${branch.id}`, role: 'BRANCH_SECRETARY', universityId: branch.universityId, branchId: branch.id }, secret),
      })),
    );

    if (projections === 'on') {
      // Measure the steady state: the service builds its read models from the prepared history first.
      const started = Date.now();
      await projectionsCaughtUp(prepared.databaseUrl);
      log(`read models built from the prepared history in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    log(`${prepared.describe}: ${CLIENTS} clients on ${targets.length} branches (${prepared.streamLength.toFixed(0)} events per stream to begin with), projections ${projections}`);
    const run = randomBytes(3).toString('hex');
    const results = await profiled(values['cpu-profile'], async () => {
      const phases: PhaseResult[] = [];
      log(`closed loop: warming up for ${WARM_UP_SECONDS} s, then measuring for ${SECONDS} s`);
      phases.push(await closedLoop('recordMeeting', url, targets, recordMeeting(`${run}-closed`)));
      log(`baseline (benchBaseline, one INSERT): warming up for ${WARM_UP_SECONDS} s, then measuring for ${SECONDS} s`);
      phases.push(await closedLoop('benchBaseline', url, targets, baseline));
      for (const rate of RATES) {
        log(`open loop: ${rate} recordMeeting/s offered for ${RATE_SECONDS} s`);
        phases.push(await openLoop(`recordMeeting @ ${rate}/s`, url, targets, rate, recordMeeting(`${run}-open${rate}`)));
      }
      return phases;
    });
    printReport(results, prepared, projections);
  } finally {
    await closeApp?.().catch(() => undefined);
    await prepared?.drop().catch(() => undefined);
    await admin.end();
  }
}

/**
 * The scratch set: branches with their 2018-2020 histories appended in bulk (the default), or only
 * planned here and established through the API afterwards (`--fresh`).
 */
async function prepareScratch(admin: pg.Client, secret: string): Promise<Prepared> {
  const scratchName = `bench_commands_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${scratchName}`);
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${scratchName}`;
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  };
  const configuration: Configuration = {
    databaseUrl: scratchUrl.toString(),
    dataDir: path.join(tmpdir(), scratchName),
    port: 0,
    jwtSecret: secret,
    logLevel: 'silent',
    projections: 'off',
  };
  const plan = beijingOrganizationPlan(SEED, BRANCHES);
  const branches = plan.universities
    .flatMap((university) => university.units.flatMap((unit) => unit.branches))
    .filter((branch) => !branch.features.dissolve)
    .map((branch) => ({ ...branch, unitId: branch.unitId }));
  const runtime = await openRuntime(configuration, { applicationName: 'bench-commands' });
  try {
    if (!values.fresh) {
      const started = Date.now();
      const report = await loadBeijingScale(runtime, { seed: SEED, branches: BRANCHES, appenders: 4, today: shanghaiToday(), progress: false });
      log(`prepared ${report.branches} branches with their 2018-2020 histories (${report.events.toLocaleString('en-US')} events) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const streamLength = values.fresh ? 1 : await averageStreamLength(runtime.sql, branches.map((branch) => branch.id));
    const events = await eventCount(runtime.sql);
    return { databaseUrl: scratchUrl.toString(), branches, streamLength, describe: `scratch set (${events})`, drop };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  } finally {
    await runtime.close().catch(() => undefined);
  }
}

/**
 * The Beijing-scale set, copied for the run (`copyOfBenchDataSet`): the meetings this run records
 * never reach the shared set that the read-side benchmarks measure, and a set generated before bulk
 * loads ran ANALYZE is measured as it is.
 */
async function prepareBeijing(admin: pg.Client): Promise<Prepared> {
  const shared = await openBenchDataSet({ fresh: false });
  const source = new URL(shared.configuration.databaseUrl!).pathname.slice(1);
  await shared.close();
  const copy = await copyOfBenchDataSet(admin, source, 'bench_commands_beijing');
  log(`copied ${source} into ${copy.name} in ${copy.seconds.toFixed(1)} s`);
  const { drop } = copy;
  const client = new pg.Client({ connectionString: copy.url });
  await client.connect();
  try {
    const sql = executorOf(client);
    if (values.analyze) {
      const analyzing = Date.now();
      await client.query('ANALYZE');
      log(`analyzed the copy in ${((Date.now() - analyzing) / 1000).toFixed(1)} s`);
    }
    // The first university with enough branches still active; the ids sort as the plan numbers them.
    const { rows: universities } = await client.query<{ university_id: string }>(
      `SELECT university_id FROM streams WHERE stream_id LIKE 'branch-%' GROUP BY university_id HAVING count(*) >= $1 ORDER BY university_id LIMIT 1`,
      [BRANCHES + 10],
    );
    const universityId = universities[0]?.university_id;
    if (!universityId) throw new Error(`no university of ${source} has ${BRANCHES} branches`);
    const { rows: streams } = await client.query<{ stream_id: string }>(
      `SELECT s.stream_id FROM streams s WHERE s.university_id = $1 AND s.stream_id LIKE 'branch-%'
         AND NOT EXISTS (SELECT 1 FROM events e WHERE e.stream_id = s.stream_id AND e.type = 'BranchDissolved')
       ORDER BY s.stream_id LIMIT $2`,
      [universityId, BRANCHES],
    );
    const branches = streams.map((row) => ({ id: row.stream_id.slice('branch-'.length), universityId }));
    await explainCommandPath(client, streams[0]!.stream_id);
    const streamLength = await averageStreamLength(sql, branches.map((branch) => branch.id));
    const statistics = await client.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'events'`);
    const analyzed = Number(statistics.rows[0]?.reltuples ?? -1) >= 0 ? 'analyzed' : 'never analyzed';
    return {
      databaseUrl: copy.url,
      branches,
      streamLength,
      describe: `Beijing-scale set (${await eventCount(sql)}, events ${analyzed}), university ${universityId}`,
      drop,
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * How PostgreSQL plans the statements a recordMeeting runs, on this data set as it stands: the
 * stream read after a remembered version (most often no row), the head lookup, the idempotency
 * lookup by event id. A parallel plan or a sequential scan here is what the load pays for.
 */
async function explainCommandPath(client: pg.Client, streamId: string): Promise<void> {
  const statements: [string, string, unknown[]][] = [
    ['stream read', `SELECT * FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`, [streamId, 100_000]],
    ['stream head', `SELECT version, last_hash FROM streams WHERE stream_id = $1`, [streamId]],
    ['event ids', `SELECT * FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY stream_id, version`, [['00000000-0000-4000-8000-000000000000']]],
  ];
  for (const [name, text, params] of statements) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS ON, TIMING OFF) ${text}`, params);
    const plan = rows.map((row) => row['QUERY PLAN'].trim());
    log(`plan of the ${name}: ${plan.join(' | ')}`);
  }
}

/** `--fresh`: the university, its units and the branches, through the mutations. */
async function establishThroughApi(url: string, secret: string, branches: Prepared['branches']): Promise<void> {
  const token = await signToken({ subject: 'bench-municipal', role: 'MUNICIPAL_ADMIN' }, secret);
  const call = (mutation: string, type: string, input: object) =>
    graphql(url, token, `mutation($input: ${type}!) { ${mutation}(input: $input) { version } }`, { input });
  const universities = new Map<string, Set<string>>();
  for (const branch of branches) universities.set(branch.universityId, (universities.get(branch.universityId) ?? new Set()).add(branch.unitId!));
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

function executorOf(client: pg.Client): SqlExecutor {
  return {
    query: async (text, params) => {
      const result = await client.query(text, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
    exec: async (script) => {
      await client.query(script);
    },
  };
}

async function averageStreamLength(sql: SqlExecutor, branchIds: string[]): Promise<number> {
  const { rows } = await sql.query<{ average: string }>('SELECT avg(version) AS average FROM streams WHERE stream_id = ANY($1::text[])', [
    branchIds.map((id) => `branch-${id}`),
  ]);
  return Number(rows[0]?.average ?? 0);
}

async function eventCount(sql: SqlExecutor): Promise<string> {
  const { rows } = await sql.query<{ events: string; branches: string }>(
    `SELECT (SELECT max(global_position) FROM events) AS events, (SELECT count(*) FROM streams WHERE stream_id LIKE 'branch-%') AS branches`,
  );
  return `${Number(rows[0]?.events ?? 0).toLocaleString('en-US')} events, ${Number(rows[0]?.branches ?? 0).toLocaleString('en-US')} branches`;
}

const RECORD_MEETING = `mutation Record($input: RecordMeetingInput!) { recordMeeting(input: $input) { version positions } }`;
const BENCH_BASELINE = `mutation Baseline($input: JSON) { benchBaseline(input: $input) { version positions } }`;

/** What one send is: the operation, its variables, and whether its answer is a success. */
type Operation = (target: Target, sequence: number) => { query: string; input: object; field: string };

function meetingInput(target: Target, sequence: number, commandId: string): object {
  const month = 1 + (sequence % 12);
  return {
    commandId,
    branchId: target.branchId,
    kinds: sequence % 3 === 0 ? ['THEMED_PARTY_DAY', 'STUDY'] : ['COMMITTEE'],
    heldOn: `2021-${String(month).padStart(2, '0')}-${String(1 + (sequence % 28)).padStart(2, '0')}`,
    place: '党员之家',
    expected: 24,
    present: 22,
    absentees: [{ reason: '出差' }, { reason: '病假' }],
    topic: '学习贯彻党的十九届五中全会精神',
    resolutions: ['落实“三会一课”制度'],
  };
}

/** Every send a new commandId (unique to the run and phase): each is a first call, never a repeat. */
function recordMeeting(prefix: string): Operation {
  return (target, sequence) => ({ query: RECORD_MEETING, input: meetingInput(target, sequence, `bench-${prefix}-${sequence}`), field: 'recordMeeting' });
}

/** The same body as a meeting, so parsing and transport cost the same; the mutation ignores it. */
const baseline: Operation = (target, sequence) => ({ query: BENCH_BASELINE, input: meetingInput(target, sequence, `baseline-${sequence}`), field: 'benchBaseline' });

async function send(url: string, target: Target, operation: ReturnType<Operation>, errors: string[]): Promise<boolean> {
  try {
    const answer = await graphql(url, target.token, operation.query, { input: operation.input });
    const ok = Boolean(answer.data?.[operation.field]);
    if (!ok && errors.length < 10) errors.push(JSON.stringify(answer.errors?.[0] ?? answer).slice(0, 300));
    return ok;
  } catch (error) {
    // fetch says only "fetch failed": the reason (refused, reset, timed out) is its cause.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    if (errors.length < 10) errors.push(error instanceof Error ? `${error.message}${cause}` : String(error));
    return false;
  }
}

/** Runs `work` under the V8 CPU profiler when a file is named (the load, not the preparation). */
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

/**
 * Each client sends, waits for the answer, and sends again, on branches of its own in turn (with
 * more clients than branches, a branch is shared and its appends may race, as they would).
 */
async function closedLoop(name: string, url: string, targets: Target[], operation: Operation): Promise<PhaseResult> {
  const start = performance.now();
  const measureFrom = start + WARM_UP_SECONDS * 1000;
  const stopAt = measureFrom + SECONDS * 1000;
  const samples: Sample[] = [];
  const errors: string[] = [];
  let sequence = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const mine = targets.length >= CLIENTS ? targets.filter((_, index) => index % CLIENTS === client) : [targets[client % targets.length]!];
      for (let turn = 0; performance.now() < stopAt; turn += 1) {
        const target = mine[turn % mine.length]!;
        const startedAt = performance.now();
        const ok = await send(url, target, operation(target, sequence++), errors);
        const finishedAt = performance.now();
        if (finishedAt >= measureFrom && finishedAt <= stopAt) samples.push({ milliseconds: finishedAt - startedAt, ok });
      }
    }),
  );
  return { name, seconds: SECONDS, samples, errors };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Sends on a fixed schedule (`rate` a second, round robin over the branches) without waiting for
 * answers; each latency is measured from the time the send was scheduled, not from when the client
 * got round to it, so neither a slow service nor a lagging client hides queueing.
 */
async function openLoop(name: string, url: string, targets: Target[], rate: number, operation: Operation): Promise<PhaseResult> {
  const interval = 1000 / rate;
  const total = Math.round(rate * RATE_SECONDS);
  const samples: Sample[] = [];
  const errors: string[] = [];
  const inFlight: Promise<void>[] = [];
  let worstSendLagMs = 0;
  const start = performance.now() + 20;
  for (let index = 0; index < total; index += 1) {
    const scheduled = start + index * interval;
    const wait = scheduled - performance.now();
    // Timers fire late by a millisecond or so: every send that came due meanwhile goes out at once.
    if (wait >= 1) await sleep(wait);
    worstSendLagMs = Math.max(worstSendLagMs, performance.now() - scheduled);
    const target = targets[index % targets.length]!;
    inFlight.push(
      send(url, target, operation(target, index), errors).then((ok) => {
        samples.push({ milliseconds: performance.now() - scheduled, ok });
      }),
    );
  }
  await Promise.all(inFlight);
  return { name, seconds: Math.max(RATE_SECONDS, (performance.now() - start) / 1000), samples, errors, offered: rate, sent: total, worstSendLagMs };
}

/** The load generator's connections (graphql-load-client.ts). */
const clientConnections = new GraphQLLoadClient({ connections: 128, timeoutMs: 30_000 });

async function graphql(url: string, token: string, query: string, variables: object): Promise<GraphQLAnswer> {
  return (await clientConnections.post(url, token, query, variables)).answer;
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

interface Figures {
  rate: number;
  ok: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function figuresOf(result: PhaseResult): Figures {
  const ok = result.samples.filter((sample) => sample.ok);
  // Latency of every answer, errors included: a fast refusal must not pass for a fast mutation.
  const latencies = result.samples.map((sample) => sample.milliseconds).sort((a, b) => a - b);
  return {
    rate: ok.length / result.seconds,
    ok: ok.length,
    failed: result.samples.length - ok.length,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
  };
}

function printReport(results: PhaseResult[], prepared: Prepared, projections: string): void {
  const ms = (value: number) => value.toFixed(1);
  const header = ['workload', 'offered/s', 'seconds', 'mutations', 'served/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'send lag ms'];
  const rows = results.map((result) => {
    const figures = figuresOf(result);
    return [
      result.name, result.offered ? String(result.offered) : `closed ${CLIENTS}`, result.seconds.toFixed(0), figures.ok.toLocaleString('en-US'),
      Math.round(figures.rate).toLocaleString('en-US'), ms(figures.p50), ms(figures.p95), ms(figures.p99), ms(figures.max), String(figures.failed),
      result.worstSendLagMs === undefined ? '' : ms(result.worstSendLagMs),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log('');
  console.log(`${prepared.describe}; ${prepared.branches.length} branches of ${prepared.streamLength.toFixed(0)} events on average; projections ${projections}; PostgreSQL at ${new URL(serverUrl).host}`);
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(format(row));
  console.log('');
  const closed = figuresOf(results.find((result) => result.name === 'recordMeeting')!);
  const floor = figuresOf(results.find((result) => result.name === 'benchBaseline')!);
  const share = closed.rate / floor.rate;
  const atTarget = results.find((result) => result.offered === TARGET.p99AtRate);
  const p99AtTarget = atTarget ? figuresOf(atTarget).p99 : Number.NaN;
  const errors = results.reduce((sum, result) => sum + figuresOf(result).failed, 0);
  const met = share >= TARGET.shareOfBaseline && (!atTarget || p99AtTarget <= TARGET.p99Ms) && errors === 0;
  console.log(
    `${met ? 'targets met' : 'targets MISSED'}: closed loop ${Math.round(closed.rate)}/s = ${(share * 100).toFixed(0)} % of the baseline's ${Math.round(floor.rate)}/s ` +
      `(≥ ${TARGET.shareOfBaseline * 100} %); p99 at ${TARGET.p99AtRate}/s offered ${ms(p99AtTarget)} ms (≤ ${TARGET.p99Ms}); errors ${errors} (0)`,
  );
  for (const result of results) for (const error of result.errors) console.log(`  ${result.name} error: ${error}`);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => clientConnections.close());

/** Waits until every projection has a live generation at the head of the log. */
async function projectionsCaughtUp(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const sql = executorOf(client);
      const statuses = await projectionStatuses(sql, new PostgresEventStore(sql), ALL_PROJECTIONS);
      if (statuses.every((status) => status.state === 'LIVE')) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await client.end();
  }
}
