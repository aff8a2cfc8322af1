import { parseArgs } from 'node:util';
import { shanghaiToday } from '../../../../libs/domain/src/shanghai-calendar.js';
import { loadConfiguration, type Configuration } from '../../../../libs/configuration/src/configuration.js';
import { ALL_PROJECTIONS } from '../../../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../../../libs/projections/src/projection-engine/projection-runner.js';
import { openRuntime, type Runtime } from '../../../../libs/runtime/src/open-runtime.js';
import { fixedTokenSource, recordThroughApi, startInProcessService, type ApiLoadReport, type ApiTarget } from './api-loader.js';
import { loadBeijingScale, type BulkReport } from './bulk-loader.js';
import { demoDataSet } from './demo-data-set.js';
import { BEIJING_BRANCHES, demoOrganizationPlan } from './organization-plan.js';

export const DEMO_USAGE = `  demo [--seed S] [--concurrency 8] [--batch 10] [--url URL --token JWT]
                               load the demo data set through the GraphQL mutations: 3 universities,
                               6 units, 60 branches, 2018-2020 (in-process on the configured database,
                               or against a running server with a MUNICIPAL_ADMIN token)
  demo --scale beijing [--branches N] [--appenders 4] [--seed S]
                               the Beijing-scale set (about 90 universities, ${BEIJING_BRANCHES.toLocaleString('en-US')} branches,
                               ~5 million events) appended in bulk straight to the event store
`;

/** A mistake in the demo's options (the CLI prints it with the usage). */
export class DemoUsageError extends Error {
  override readonly name = 'DemoUsageError';
}

/** Thrown after the summary when something was refused, so that the process exits non-zero. */
export class DemoIncompleteError extends Error {
  override readonly name = 'DemoIncompleteError';
}

const DEFAULT_SEED = '2018';

export async function runDemo(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      batch: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      scale: { type: 'string' },
      branches: { type: 'string' },
      appenders: { type: 'string' },
      'no-progress': { type: 'boolean' },
    },
  });
  const seed = values.seed ?? DEFAULT_SEED;
  const scale = values.scale ?? 'demo';
  const progress = !values['no-progress'] && Boolean(process.stderr.isTTY);
  if (scale !== 'demo' && scale !== 'beijing') throw new DemoUsageError('--scale must be demo or beijing');
  if (scale === 'beijing') {
    if (values.url || values.token) throw new DemoUsageError('--scale beijing appends straight to the configured database; --url and --token do not apply');
    const branches = values.branches === undefined ? undefined : positiveInteger(values.branches, '--branches');
    const appenders = values.appenders === undefined ? 4 : positiveInteger(values.appenders, '--appenders');
    return runBeijingScale({ seed, branches, appenders, progress });
  }
  if (values.branches || values.appenders) throw new DemoUsageError('--branches and --appenders go with --scale beijing');
  if (Boolean(values.url) !== Boolean(values.token)) throw new DemoUsageError('--url and --token go together');
  const concurrency = values.concurrency === undefined ? 8 : positiveInteger(values.concurrency, '--concurrency');
  const batch = values.batch === undefined ? 10 : positiveInteger(values.batch, '--batch');
  return runDemoThroughApi({ seed, concurrency, batch, progress, url: values.url, token: values.token });
}

async function runDemoThroughApi(options: { seed: string; concurrency: number; batch: number; progress: boolean; url?: string; token?: string }): Promise<void> {
  const today = shanghaiToday();
  const organizations = demoOrganizationPlan(options.seed);
  const dataSet = demoDataSet(organizations, today);
  let target: ApiTarget;
  let finish = async () => {};
  if (options.url && options.token) {
    target = { url: options.url, tokens: fixedTokenSource(options.token) };
  } else {
    // The service in this process records; its read models catch up once, after the load (below).
    const runtime = await openRuntime({ ...quietConfiguration(), projections: 'off' }, { applicationName: 'branch-ledger-demo' });
    const service = await startInProcessService(runtime).catch(async (error: unknown) => {
      await runtime.close();
      throw error;
    });
    target = service.target;
    finish = async () => {
      try {
        const seconds = await catchUpReadModels(runtime);
        log(`read models caught up in ${seconds.toFixed(1)} s`);
      } finally {
        await service.stop();
      }
    };
  }
  const first = organizations.universities[0]!;
  if (await isRegistered(target, first.id)) {
    await finish();
    log(`the demo data set is already loaded (university ${first.id} is registered): nothing to do`);
    return;
  }
  let report: ApiLoadReport;
  try {
    log(
      `recording the demo data set (seed ${options.seed}) through ${target.url}: ${options.concurrency} requests in flight, up to ${options.batch} mutations per request`,
    );
    report = await recordThroughApi(dataSet, target, { seed: options.seed, concurrency: options.concurrency, batch: options.batch, progress: options.progress });
  } finally {
    await finish();
  }
  const universities = organizations.universities;
  const people = dataSet.phases[1]!.lanes.filter((lane) => lane[0]?.command.type === 'RegisterPerson').length;
  printApiSummary(report, {
    heading: `demo data set, seed ${options.seed}: ${universities.length} universities, ${universities.reduce((sum, u) => sum + u.units.length, 0)} units, ${organizations.branchCount} branches, ${people} people, 2018-2020`,
    target: target.url,
  });
  if (report.failures.length > 0) throw new DemoIncompleteError(`${report.failures.length} mutation(s) failed`);
}

/** Whether the target already holds this university (a second `npm run demo` on the same store). */
async function isRegistered(target: ApiTarget, universityId: string): Promise<boolean> {
  const token = await target.tokens({ subject: 'demo-loader', role: 'MUNICIPAL_ADMIN' });
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'query ($id: ID!) { auditTrail(streamId: $id, first: 1) { edges { cursor } } }', variables: { id: `university-${universityId}` } }),
  });
  const body = (await response.json()) as { data?: { auditTrail?: { edges: unknown[] } } };
  return (body.data?.auditTrail?.edges.length ?? 0) > 0;
}

async function runBeijingScale(options: { seed: string; branches?: number; appenders: number; progress: boolean }): Promise<void> {
  const configuration = quietConfiguration();
  const runtime = await openRuntime(configuration, { applicationName: 'branch-ledger-demo-bulk' });
  let report: BulkReport;
  try {
    log(
      `appending the Beijing-scale set (seed ${options.seed}, ${(options.branches ?? BEIJING_BRANCHES).toLocaleString('en-US')} branches) to ${configuration.databaseUrl ? 'PostgreSQL' : `PGlite at ${configuration.dataDir}`}, ${options.appenders} appends in flight`,
    );
    report = await loadBeijingScale(runtime, { ...options, today: shanghaiToday() });
  } finally {
    await runtime.close();
  }
  printBulkSummary(report);
  if (report.refusals.length > 0) throw new DemoIncompleteError(`${report.refusals.length} command(s) refused by the deciders`);
}

/**
 * Brings every projection up to date with the log in large batches. A service that runs its
 * projections while it records re-runs them after every append, which on the embedded PGlite
 * costs far more than the mutation itself; one pass after the load costs seconds.
 */
export async function catchUpReadModels(runtime: Runtime): Promise<number> {
  const started = process.hrtime.bigint();
  await new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, { batchSize: 5000 }).runUntilIdle();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The configured database and secret; request logs only when LOG_LEVEL asks for them. */
function quietConfiguration(): Configuration {
  const configuration = loadConfiguration();
  return process.env.LOG_LEVEL ? configuration : { ...configuration, logLevel: 'warn' };
}

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new DemoUsageError(`${option} must be a positive integer`);
  return value;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const number = (value: number) => value.toLocaleString('en-US');

function table(header: string[], rows: string[][], alignRight: boolean[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (alignRight[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(format)].join('\n');
}

export function printApiSummary(report: ApiLoadReport, context: { heading: string; target: string }): void {
  const rows = [...report.byMutation.entries()].map(([mutation, count]) => [mutation, number(count.recorded), number(count.failed)]);
  const recorded = rows.reduce((sum, row) => sum + Number(row[1]!.replaceAll(',', '')), 0);
  rows.push(['total', number(recorded), number(report.failures.length)]);
  const lines = [
    '',
    context.heading,
    '',
    table(['mutation', 'recorded', 'failed'], rows, [false, true, true]),
    '',
    ...report.phases.map((phase) => `  ${phase.name}: ${number(phase.mutations)} mutations in ${phase.seconds.toFixed(1)} s`),
    `${number(report.mutations)} mutations (${number(report.requests)} requests), ${number(report.events)} events in ${report.seconds.toFixed(1)} s: ${number(Math.round(report.mutations / report.seconds))} mutations/s through ${context.target}`,
  ];
  if (report.failures.length > 0) {
    lines.push('', `${report.failures.length} failed; the first ones:`);
    for (const failure of report.failures.slice(0, 15)) {
      lines.push(`  ${failure.mutation} on ${failure.streamId}: ${failure.code}${failure.rule ? ` ${failure.rule}` : ''} — ${failure.message}`);
    }
  }
  console.log(lines.join('\n'));
}

export function printBulkSummary(report: BulkReport): void {
  const byType = [...report.eventsByType.entries()].sort((a, b) => b[1] - a[1]).map(([type, count]) => [type, number(count)]);
  const lines = [
    '',
    `Beijing-scale data set: ${number(report.universities)} universities, ${number(report.units)} units, ${number(report.branches)} branches, ${number(report.people)} people, 2018-2020`,
    '',
    table(['event type', 'events'], byType, [false, true]),
    '',
    `${number(report.events)} events in ${number(report.appends)} appends, ${report.seconds.toFixed(1)} s: ${number(Math.round(report.events / report.seconds))} events/s`,
  ];
  if (report.refusals.length > 0) {
    lines.push('', `${report.refusals.length} command(s) refused by the deciders; the first ones:`);
    for (const refusal of report.refusals.slice(0, 15)) lines.push(`  ${refusal.command} on ${refusal.streamId}: ${refusal.message}`);
  }
  console.log(lines.join('\n'));
}
