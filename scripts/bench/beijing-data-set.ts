import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Configuration } from '../../libs/configuration/src/configuration.js';
import { openRuntime, type Runtime } from '../../libs/runtime/src/open-runtime.js';
import { loadBeijingScale } from '../../apps/cli/src/demo/bulk-loader.js';
import { shanghaiToday } from '../../libs/domain/src/shanghai-calendar.js';

/**
 * The Beijing-scale data set (DOMAIN.md §7) that the read-side benchmarks share: kept in its own
 * database (`branch_ledger_bench`, or BENCH_DATABASE) and generated once through the bulk path, since
 * five million events take a few minutes to produce. `--fresh` throws it away and starts again;
 * `--branches N` sizes it down for a quick run.
 */
export interface BenchDataSetOptions {
  fresh: boolean;
  branches?: number;
}

export function benchOptions(argv: readonly string[]): BenchDataSetOptions {
  const branchesFlag = argv.indexOf('--branches');
  return {
    fresh: argv.includes('--fresh'),
    branches: branchesFlag >= 0 ? Number(argv[branchesFlag + 1]) : undefined,
  };
}

export async function openBenchDataSet(options: BenchDataSetOptions): Promise<Runtime> {
  const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = process.env.BENCH_DATABASE || (options.branches ? `branch_ledger_bench_${options.branches}` : 'branch_ledger_bench');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (options.fresh) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const configuration: Configuration = {
    databaseUrl: url.toString(),
    dataDir: './data-bench-unused',
    port: 0,
    jwtSecret: 'bench-secret',
    logLevel: 'silent',
    projections: 'off',
  };
  const runtime = await openRuntime(configuration, { applicationName: 'branch-ledger-bench' });
  // Whether any branch is stored, not how many: a count of 4.8 million rows can outlast the statement timeout.
  const { rows } = await runtime.sql.query(`SELECT 1 FROM events WHERE stream_id LIKE 'branch-%' LIMIT 1`);
  if (rows.length === 0) {
    process.stdout.write(`generating the Beijing-scale data set in ${name} (once; reused by later runs)\n`);
    const report = await loadBeijingScale(runtime, {
      seed: 'beijing',
      branches: options.branches,
      appenders: 4,
      today: shanghaiToday(),
      progress: process.stdout.isTTY === true,
    });
    process.stdout.write(
      `generated ${report.events.toLocaleString('en')} events for ${report.branches.toLocaleString('en')} branches in ${report.seconds.toFixed(1)} s\n`,
    );
  }
  return runtime;
}

/**
 * A copy of the Beijing-scale set for one run (`prefix_<random>`), so that what the run writes never
 * reaches the shared set: FILE_COPY copies the files rather than writing 6 GB through the WAL, and
 * needs the source idle. The copy keeps the source's planner statistics (or their absence).
 */
export async function copyOfBenchDataSet(
  admin: pg.Client,
  source: string,
  prefix: string,
): Promise<{ name: string; url: string; seconds: number; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const started = Date.now();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source} STRATEGY FILE_COPY`);
  const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    seconds: (Date.now() - started) / 1000,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
