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
