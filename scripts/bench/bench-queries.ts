import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';
import { signToken } from '../../libs/identity/src/tokens.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { benchOptions, copyOfBenchDataSet, openBenchDataSet } from './beijing-data-set.js';
import { GraphQLLoadClient } from './graphql-load-client.js';
import { startServerProcess } from './service-process.js';

/**
 * npm run bench:queries [-- --branches N] [--seconds S] [--writes-per-second W] [--service-cpu-profile DIR] [--mix query,…]
 *                       [--projections thread|on]
 *
 * The dashboards as portals and the Municipal Committee meet them, at Beijing scale: the service
 * in its own process with its projections running, while a writer records W meetings a second
 * (default 20, end-of-month load) on branches of the largest university, dated in the year the
 * dashboards read, so that every figure has to follow the writes.
 *
 * In one run, one process, the same clients:
 * - the floor: a constant query (`{ __typename }`) through the same stack, closed loop, 32 clients;
 * - the dashboard mix (the four figures and a 50-branch page of one university), closed loop, 32 clients;
 *   the two in turns, five slices each, so that both meet the same machine;
 * - one university's figures at 300 queries/s offered, open loop (latency from the scheduled send time);
 * - city-wide figures (no universityId) at 100 queries/s offered, open loop;
 * - the written university's figures at 50 queries/s offered, open loop: its answers are computed
 *   again after each of its writes, where the other universities' are shared between theirs.
 * Requests to the written university are listed apart in every phase.
 */
const CLIENTS = 32;
/** The closed loops' phases, floor and mix, measured in turns of this many slices each. */
const CLOSED_LOOP_SLICES = 5;
const YEAR = 2019;
const TIMEOUT_MS = 10_000;

const UNIVERSITY_FIGURES: Record<string, string> = {
  rectificationLedger: `query ($u: ID) { rectificationLedger(year: ${YEAR}, universityId: $u) { policyVersion summary { listed converted open overdue conversionRate targetMet } entries { caseId status } } }`,
  trainingCoverage: `query ($u: ID) { trainingCoverage(year: ${YEAR}, universityId: $u) { policyVersion secretaries { inOffice trained rate } committeeMembers { inOffice trained rate } byUnit { unitId secretaries { rate } committeeMembers { rate } } } }`,
  dualLeaderStats: `query ($u: ID) { dualLeaderStats(year: ${YEAR}, universityId: $u) { policyVersion teacherBranches withDualLeader rate electionsHeld trend { year rate } byUnit { unitId rate } } }`,
  complianceSummary: `query ($u: ID) { complianceSummary(year: ${YEAR}, universityId: $u) { policyVersion branches fullyCompliant averageScore } }`,
};
const BRANCH_PAGE = `query ($u: ID) { branches(filter: { universityId: $u }, first: 50) { totalCount edges { node { id name kind memberCount secretary { personId name dualLeader } } } } }`;
const CITY_FIGURES: Record<string, string> = {
  rectificationLedger: `{ rectificationLedger(year: ${YEAR}) { policyVersion summary { listed converted open overdue conversionRate targetMet } } }`,
  trainingCoverage: `{ trainingCoverage(year: ${YEAR}) { policyVersion secretaries { inOffice trained rate } committeeMembers { inOffice trained rate } } }`,
  dualLeaderStats: `{ dualLeaderStats(year: ${YEAR}) { policyVersion teacherBranches withDualLeader rate electionsHeld trend { year rate } } }`,
  complianceSummary: `{ complianceSummary(year: ${YEAR}) { policyVersion branches fullyCompliant averageScore } }`,
};
const FLOOR = '{ __typename }';
/** Queries a second at the university the writer records meetings for. */
const WRITTEN_RATE = 50;
const RECORD_MEETING = `mutation ($input: RecordMeetingInput!) { recordMeeting(input: $input) { positions } }`;

interface Outcome {
  ms: number;
  ok: boolean;
  /** Open loop: when it was due, in ms from the phase's start (are the slow ones together, or apart?). */
  dueAt?: number;
}

interface Measured {
  name: string;
  outcomes: Map<string, Outcome[]>;
  seconds: number;
  offered?: number;
  /** The service process's CPU time over the phase (writer and projections included). */
  serviceCpuMs: number;
  /** The service's event-loop delay p99 and max over the phase (its /metrics, prom-client's sampler; the worst slice's), and its GC time. */
  service: { loopP99Ms: number; loopMaxMs: number; gcMs: number };
  /** Open loop: how late the generator sent its latest send (counted in every latency, and not the service's). */
  worstSendLagMs?: number;
  /** The generator's own event-loop delay max and GC time, and the machine's steal time (the hypervisor's), over the phase. */
  generator: GeneratorFigures;
}

interface GeneratorFigures {
  loopMaxMs: number;
  gcMs: number;
  stealMs: number | null;
}

/** Slices of one closed-loop phase measured apart (see CLOSED_LOOP_SLICES), as one. */
function joined(name: string, slices: readonly Measured[]): Measured {
  const outcomes = new Map<string, Outcome[]>();
  for (const slice of slices) for (const [label, list] of slice.outcomes) outcomes.set(label, [...(outcomes.get(label) ?? []), ...list]);
  const steals = slices.map((slice) => slice.generator.stealMs);
  return {
    name,
    outcomes,
    seconds: slices.reduce((sum, slice) => sum + slice.seconds, 0),
    serviceCpuMs: slices.reduce((sum, slice) => sum + slice.serviceCpuMs, 0),
    service: {
      loopP99Ms: Math.max(...slices.map((slice) => slice.service.loopP99Ms)),
      loopMaxMs: Math.max(...slices.map((slice) => slice.service.loopMaxMs)),
      gcMs: slices.reduce((sum, slice) => sum + slice.service.gcMs, 0),
    },
    generator: {
      loopMaxMs: Math.max(...slices.map((slice) => slice.generator.loopMaxMs)),
      gcMs: slices.reduce((sum, slice) => sum + slice.generator.gcMs, 0),
      stealMs: steals.some((steal) => steal === null) ? null : steals.reduce((sum: number, steal) => sum + steal!, 0),
    },
  };
}

/**
 * What the load generator itself went through over a phase: a tail that the service's own event loop
 * does not show is the generator's or the machine's (a vCPU the hypervisor took away: steal time).
 */
class GeneratorGauges {
  private gcMs = 0;
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gcMs += entry.duration;
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  start(): () => GeneratorFigures {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const gcBefore = this.gcMs;
    const stealBefore = stealMs();
    return () => {
      delay.disable();
      const steal = stealMs();
      return { loopMaxMs: delay.max / 1e6, gcMs: this.gcMs - gcBefore, stealMs: steal === null || stealBefore === null ? null : steal - stealBefore };
    };
  }

  stop(): void {
    this.observer.disconnect();
  }
}

/** The machine's steal time so far, every CPU's (Linux /proc/stat, in USER_HZ = 100 ticks a second); null elsewhere. */
function stealMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    return Number(fields[8]) * 10;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const index = argv.indexOf(name);
    return index >= 0 ? Number(argv[index + 1]) : fallback;
  };
  const seconds = flag('--seconds', 15);
  const writesPerSecond = flag('--writes-per-second', 20);
  const runtime = await openBenchDataSet(benchOptions(argv));
  process.stdout.write('building the read models (the figures kept ready included) before the service starts\n');
  const building = Date.now();
  await new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, { batchSize: 5000 }).runUntilIdle();
  process.stdout.write(`read models caught up in ${((Date.now() - building) / 1000).toFixed(1)} s\n`);

  const universities = (
    await runtime.sql.query<{ id: string; branches: string }>(
      `SELECT university_id AS id, count(*) AS branches FROM events WHERE type = 'BranchEstablished' GROUP BY 1 ORDER BY 2 DESC, 1`,
    )
  ).rows.map((row) => row.id);
  const written = universities[0]!;
  const { rows: writtenBranches } = await runtime.sql.query<{ id: string }>(
    `SELECT data->>'branchId' AS id FROM events WHERE type = 'BranchEstablished' AND university_id = $1
       AND (data->>'establishedOn') < '${YEAR}-01-01'
       AND NOT EXISTS (SELECT 1 FROM events d WHERE d.type = 'BranchDissolved' AND d.stream_id = events.stream_id)
     ORDER BY global_position LIMIT 40`,
    [written],
  );
  const secret = runtime.jwtSecret;
  // The run writes into a copy of the set: 20 meetings a second on the same 40 branches, kept in the
  // shared set, made every later run's writes dearer (each recomputes its branch-year from all of
  // the branch's meetings of the year: some 1,700 more a run).
  const source = new URL(runtime.configuration.databaseUrl!).pathname.slice(1);
  await runtime.close();
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  const scratch = await copyOfBenchDataSet(admin, source, 'bench_queries');
  process.stdout.write(`copied ${source} into ${scratch.name} for the run in ${scratch.seconds.toFixed(1)} s\n`);
  const portalTokens = new Map(
    await Promise.all(universities.map(async (id) => [id, await signToken({ subject: `portal-${id}`, role: 'PORTAL', universityId: id }, secret)] as const)),
  );
  const municipal = await signToken({ subject: 'bench-municipal', role: 'MUNICIPAL_ADMIN' }, secret);
  const writerToken = await signToken({ subject: 'bench-writer', role: 'UNIVERSITY_ADMIN', universityId: written }, secret);

  // The service as deployed: its own process, its projections running (they keep the figures
  // following the writer) where PROJECTIONS puts them by default with PostgreSQL, on a thread of
  // their own; `--projections on` runs them on the event loop, for comparison.
  const profileFlag = argv.indexOf('--service-cpu-profile');
  const projectionsFlag = argv.indexOf('--projections');
  const projections = projectionsFlag >= 0 ? argv[projectionsFlag + 1] : 'thread';
  if (projections !== 'thread' && projections !== 'on') throw new Error('--projections is thread or on');
  process.stdout.write(`the service's projections: PROJECTIONS=${projections}\n`);
  const server = await startServerProcess({
    databaseUrl: scratch.url,
    secret,
    projections,
    // As deployed (docker/Dockerfile): graphql-js and Express skip their development checks.
    environment: { RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production' },
    ...(profileFlag >= 0 ? { cpuProfileDir: argv[profileFlag + 1]! } : {}),
  });
  // As many connections as requests may be in flight: a request never waits for a connection of the generator's.
  const client = new GraphQLLoadClient({ connections: 256, timeoutMs: TIMEOUT_MS });

  let firstRefusal: string | undefined;
  const send = async (query: string, variables: Record<string, unknown>, token: string): Promise<boolean> => {
    try {
      const { status, answer } = await client.post(server.url, token, query, variables);
      if (answer.errors) firstRefusal ??= JSON.stringify(answer.errors).slice(0, 300);
      return status === 200 && !answer.errors;
    } catch (error) {
      firstRefusal ??= String(error);
      return false;
    }
  };

  // The writer: an open loop of meetings dated in the year read, spread over 40 branches.
  // --writes-per-second 0: no writer (the quiet baseline of the same figures).
  let writing = writesPerSecond > 0;
  let writes = 0;
  let writeErrors = 0;
  const writer = (async () => {
    const started = Date.now();
    const pending: Promise<void>[] = [];
    for (let sequence = 0; writing; sequence += 1) {
      const due = started + (sequence * 1000) / writesPerSecond;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const branchId = writtenBranches[sequence % writtenBranches.length]!.id;
      const month = 1 + (sequence % 12);
      pending.push(
        send(
          RECORD_MEETING,
          {
            input: {
              branchId,
              kinds: sequence % 2 === 0 ? ['COMMITTEE'] : ['STUDY'],
              heldOn: `${YEAR}-${String(month).padStart(2, '0')}-${String(1 + (sequence % 28)).padStart(2, '0')}`,
              expected: 20,
              present: 18,
              topic: '月末集中录入',
            },
          },
          writerToken,
        ).then((ok) => {
          writes += 1;
          if (!ok) writeErrors += 1;
        }),
      );
    }
    await Promise.all(pending);
  })();

  /** The service's event-loop delay since the last read (prom-client resets its sampler at each scrape) and its GC seconds so far. */
  const serviceGauges = async (): Promise<{ loopP99Ms: number; loopMaxMs: number; gcSeconds: number }> => {
    const text = await client.text(server.url.replace(/\/graphql$/, '/metrics'));
    const value = (pattern: RegExp) => [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
    return {
      loopP99Ms: value(/^nodejs_eventloop_lag_p99_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/gm) * 1000,
      loopMaxMs: value(/^nodejs_eventloop_lag_max_seconds(?:\{[^}]*\})? ([\d.e+-]+)$/gm) * 1000,
      gcSeconds: value(/^nodejs_gc_duration_seconds_sum(?:\{[^}]*\})? ([\d.e+-]+)$/gm),
    };
  };
  const gaugesSince = async (before: { gcSeconds: number }) => {
    const after = await serviceGauges();
    return { loopP99Ms: after.loopP99Ms, loopMaxMs: after.loopMaxMs, gcMs: (after.gcSeconds - before.gcSeconds) * 1000 };
  };

  const record = (outcomes: Map<string, Outcome[]>, name: string, outcome: Outcome) => {
    const list = outcomes.get(name) ?? [];
    list.push(outcome);
    outcomes.set(name, list);
  };

  const generatorGauges = new GeneratorGauges();
  const closedLoop = async (
    name: string,
    pick: (turn: number, client: number) => [string, string, Record<string, unknown>, string],
    sliceSeconds: number,
  ): Promise<Measured> => {
    const outcomes = new Map<string, Outcome[]>();
    const generator = generatorGauges.start();
    const gaugesBefore = await serviceGauges();
    const cpuBefore = server.cpuMs();
    const deadline = Date.now() + sliceSeconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let turn = 0; Date.now() < deadline; turn += 1) {
          const [label, query, variables, token] = pick(turn, client);
          const begun = process.hrtime.bigint();
          const ok = await send(query, variables, token);
          record(outcomes, label, { ms: Number(process.hrtime.bigint() - begun) / 1e6, ok });
        }
      }),
    );
    const serviceCpuMs = server.cpuMs() - cpuBefore;
    return { name, outcomes, seconds: Number(process.hrtime.bigint() - started) / 1e9, serviceCpuMs, service: await gaugesSince(gaugesBefore), generator: generator() };
  };

  /** Sends at a fixed rate whatever the answers do; each latency counts from the send's scheduled time. */
  const openLoop = async (name: string, rate: number, pick: (sequence: number) => [string, string, Record<string, unknown>, string]): Promise<Measured> => {
    const outcomes = new Map<string, Outcome[]>();
    const generator = generatorGauges.start();
    const gaugesBefore = await serviceGauges();
    const cpuBefore = server.cpuMs();
    const started = performance.now();
    const total = Math.round(rate * seconds);
    const inFlight: Promise<void>[] = [];
    let worstSendLagMs = 0;
    for (let sequence = 0; sequence < total; sequence += 1) {
      const due = started + (sequence * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      worstSendLagMs = Math.max(worstSendLagMs, performance.now() - due);
      const [label, query, variables, token] = pick(sequence);
      inFlight.push(send(query, variables, token).then((ok) => record(outcomes, label, { ms: performance.now() - due, ok, dueAt: due - started })));
    }
    await Promise.all(inFlight);
    const serviceCpuMs = server.cpuMs() - cpuBefore;
    return { name, outcomes, seconds: (performance.now() - started) / 1000, offered: rate, serviceCpuMs, service: await gaugesSince(gaugesBefore), worstSendLagMs, generator: generator() };
  };

  const universityAt = (index: number) => universities[index % universities.length]!;
  // The written university's answers apart: they follow its writes, the others' are shared between them.
  const labelFor = (name: string, id: string) => (id === written ? `${name} · written university` : name);
  const figureNames = Object.keys(UNIVERSITY_FIGURES);
  // `--mix a,b`: the closed-loop mix restricted to some of its queries (to see which one costs what).
  const mixFlag = argv.indexOf('--mix');
  const dashboard = mixFlag >= 0 ? argv[mixFlag + 1]!.split(',') : [...figureNames, 'branches'];

  // Warm-up: every dashboard once per university (as the portals' first visits of the day), and the city.
  for (const id of universities) {
    await Promise.all(dashboard.map((name) => send(name === 'branches' ? BRANCH_PAGE : UNIVERSITY_FIGURES[name]!, { u: id }, portalTokens.get(id)!)));
  }
  await Promise.all(Object.values(CITY_FIGURES).map((query) => send(query, {}, municipal)));

  // What the writer and the projections following it cost the service with no reader: the part of
  // each phase's CPU that is not its requests'.
  const quietCpuBefore = server.cpuMs();
  const quietStarted = performance.now();
  await new Promise((resolve) => setTimeout(resolve, Math.min(seconds, 5) * 1000));
  const writerCpuPerSecond = (server.cpuMs() - quietCpuBefore) / ((performance.now() - quietStarted) / 1000);

  const results: Measured[] = [];
  // The floor and the mix take turns, a slice each, so that both meet the same machine: steal time
  // (the hypervisor's) moved by seconds between two 15 s phases measured one after the other.
  const floorSlices: Measured[] = [];
  const mixSlices: Measured[] = [];
  for (let slice = 0; slice < CLOSED_LOOP_SLICES; slice += 1) {
    floorSlices.push(await closedLoop('floor', (turn, client) => {
      const id = universityAt(turn * 7 + client);
      return ['__typename', FLOOR, {}, portalTokens.get(id)!];
    }, seconds / CLOSED_LOOP_SLICES));
    mixSlices.push(await closedLoop('mix', (turn, client) => {
      const name = dashboard[(turn + client) % dashboard.length]!;
      const id = universityAt(turn * 7 + client);
      return [labelFor(name, id), name === 'branches' ? BRANCH_PAGE : UNIVERSITY_FIGURES[name]!, { u: id }, portalTokens.get(id)!];
    }, seconds / CLOSED_LOOP_SLICES));
  }
  results.push(joined('floor: { __typename }, closed loop', floorSlices));
  results.push(joined('dashboard mix, closed loop', mixSlices));
  results.push(await openLoop('one university\'s figures, 300/s offered', 300, (sequence) => {
    const name = figureNames[sequence % figureNames.length]!;
    const id = universityAt(sequence * 13);
    return [labelFor(name, id), UNIVERSITY_FIGURES[name]!, { u: id }, portalTokens.get(id)!];
  }));
  results.push(await openLoop('city-wide figures, 100/s offered', 100, (sequence) => {
    const name = figureNames[sequence % figureNames.length]!;
    return [name, CITY_FIGURES[name]!, {}, municipal];
  }));
  // The university written to: its answers are computed again after each of its writes (the others' stand).
  results.push(await openLoop(`the written university's figures, ${WRITTEN_RATE}/s offered`, WRITTEN_RATE, (sequence) => {
    const name = figureNames[sequence % figureNames.length]!;
    return [name, UNIVERSITY_FIGURES[name]!, { u: written }, portalTokens.get(written)!];
  }));
  writing = false;
  await writer;

  const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const lines: string[][] = [['phase / query', 'count', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'CPU ms/req', 'loop p99/max, GC ms', 'send lag ms', 'generator loop max/GC, steal ms']];
  const summary = new Map<string, { rate: number; p99: number; errors: number }>();
  for (const measured of results) {
    const all = [...measured.outcomes.values()].flat();
    const line = (label: string, outcomes: Outcome[], cpuPerRequest = '', eventLoop = '', sendLag = '', generator = '') => {
      const sorted = outcomes.map((outcome) => outcome.ms).sort((a, b) => a - b);
      const errors = outcomes.filter((outcome) => !outcome.ok).length;
      lines.push([label, String(outcomes.length), (outcomes.length / measured.seconds).toFixed(0), percentile(sorted, 50).toFixed(1),
        percentile(sorted, 95).toFixed(1), percentile(sorted, 99).toFixed(1), (sorted.at(-1) ?? 0).toFixed(1), String(errors), cpuPerRequest, eventLoop, sendLag, generator]);
      return { rate: outcomes.length / measured.seconds, p99: percentile(sorted, 99), errors };
    };
    // The service's CPU for the phase less what the writer costs it alone, per request.
    const requestsCpu = measured.serviceCpuMs - writerCpuPerSecond * measured.seconds;
    summary.set(
      measured.name,
      line(
        measured.name,
        all,
        all.length > 0 ? (requestsCpu / all.length).toFixed(2) : '',
        `${measured.service.loopP99Ms.toFixed(0)}/${measured.service.loopMaxMs.toFixed(0)}/${measured.service.gcMs.toFixed(0)}`,
        measured.worstSendLagMs?.toFixed(1) ?? '',
        `${measured.generator.loopMaxMs.toFixed(0)}/${measured.generator.gcMs.toFixed(0)}, ${measured.generator.stealMs === null ? 'n/a' : measured.generator.stealMs.toFixed(0)}`,
      ),
    );
    if (measured.outcomes.size > 1) for (const [label, outcomes] of measured.outcomes) line(`  ${label}`, outcomes);
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((row) => row[column]!.length)));
  process.stdout.write(`${universities.length} universities; writer: ${writes} meetings recorded at ${writesPerSecond}/s offered (${writeErrors} errors) on ${writtenBranches.length} branches of ${written}\n`);
  process.stdout.write(`service CPU with the writer alone: ${writerCpuPerSecond.toFixed(0)} ms/s (CPU ms/req below is each phase's service CPU less that, per request; loop: the service's event-loop delay p99 and max over the phase, and its GC time; send lag: the generator's worst lateness in sending, open loops; generator: its own event-loop delay max and GC, and the machine's steal time over the phase)\n`);
  if (firstRefusal) process.stdout.write(`first error: ${firstRefusal}\n`);
  for (const row of lines) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
  // Where each open loop's tail lies: the slowest answers, by when they were due.
  for (const measured of results.filter((phase) => phase.offered !== undefined)) {
    const slowest = [...measured.outcomes.entries()]
      .flatMap(([label, outcomes]) => outcomes.map((outcome) => ({ label, ...outcome })))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .sort((a, b) => a.dueAt! - b.dueAt!);
    process.stdout.write(`slowest of ${measured.name}: ${slowest.map((outcome) => `${outcome.ms.toFixed(0)} ms at ${(outcome.dueAt! / 1000).toFixed(2)} s (${outcome.label})`).join(', ')}\n`);
  }
  const floor = summary.get(results[0]!.name)!;
  const mix = summary.get(results[1]!.name)!;
  const university = summary.get(results[2]!.name)!;
  const city = summary.get(results[3]!.name)!;
  const writtenUniversity = summary.get(results[4]!.name)!;
  const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
  const ratio = mix.rate / floor.rate;
  process.stdout.write(
    [
      `dashboard mix ${mix.rate.toFixed(0)}/s vs floor ${floor.rate.toFixed(0)}/s: ${(ratio * 100).toFixed(0)} % (target >= 60 %: ${verdict(ratio >= 0.6)})`,
      `one university at 300/s: p99 ${university.p99.toFixed(1)} ms (target <= 25 ms: ${verdict(university.p99 <= 25)})`,
      `city-wide at 100/s: p99 ${city.p99.toFixed(1)} ms (target <= 50 ms: ${verdict(city.p99 <= 50)})`,
      `the written university at ${WRITTEN_RATE}/s: p99 ${writtenUniversity.p99.toFixed(1)} ms (no target; its answers follow ${writesPerSecond} writes/s)`,
      `errors or timeouts: ${[...summary.values()].reduce((sum, entry) => sum + entry.errors, 0) + writeErrors} (target 0)`,
    ].join('\n') + '\n',
  );
  await server.stop();
  await client.close();
  generatorGauges.stop();
  await scratch.drop();
  await admin.end();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
