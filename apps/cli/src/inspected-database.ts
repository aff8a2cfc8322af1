import { Presets, SingleBar } from 'cli-progress';
import type { Configuration } from '../../../libs/configuration/src/configuration.js';
import { connectDatabase } from '../../../libs/database/src/connect.js';
import { migrate } from '../../../libs/database/src/migrations.js';
import type { SqlClient } from '../../../libs/database/src/sql-client.js';

/**
 * The configured database, migrated, for the inspection commands. Unlike a service start it
 * records nothing (no baseline policy): verifying or importing a copy must not change it.
 */
export async function openInspectedDatabase(configuration: Configuration): Promise<SqlClient> {
  const sql = await connectDatabase({
    databaseUrl: configuration.databaseUrl,
    pgliteDataDir: configuration.databaseUrl ? undefined : configuration.dataDir,
    applicationName: 'branch-ledger-cli',
  });
  try {
    await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
  return sql;
}

/** Walks of the whole log run in parts side by side on PostgreSQL; PGlite is one session, so one part. */
export function partsFor(sql: SqlClient): number {
  return sql.backend === 'postgres' ? WALK_PARTS : 1;
}

const WALK_PARTS = 3;

export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

/** A progress bar on stderr when it is a terminal; nothing otherwise (stdout stays the answer). */
export function progressBar(label: string, total: number): ProgressReporter {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} events | {eta_formatted} left`, stream: process.stderr },
    Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0);
  return {
    update: (done) => bar.update(Math.min(done, Math.max(total, 1))),
    stop: () => bar.stop(),
  };
}
