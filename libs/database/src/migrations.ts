import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import Postgrator from 'postgrator';
import type { SqlClient } from './sql-client.js';

/** Any number: it only has to be the same in every process that migrates this database. */
const MIGRATION_LOCK_KEY = 7_201_804_18;

/** The project's `migrations/` folder, found from the sources and from `dist/` alike. */
export const migrationsDirectory = findProjectFolder('migrations');

function findProjectFolder(name: string): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(directory, 'package.json')) || !existsSync(path.join(directory, name))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`no ${name}/ folder above ${fileURLToPath(import.meta.url)}`);
    directory = parent;
  }
  return path.join(directory, name);
}

export interface MigrationOutcome {
  applied: string[];
  version: number;
}

/**
 * Applies the SQL files of `migrations/` that this database has not seen, all in one transaction
 * under a transaction-scoped advisory lock, so two processes starting together migrate once and a
 * failing file leaves nothing half-applied.
 */
export async function migrate(client: SqlClient, directory = migrationsDirectory): Promise<MigrationOutcome> {
  return client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const postgrator = new Postgrator({
      migrationPattern: path.join(directory, '*.sql'),
      driver: 'pg',
      database: 'current',
      schemaTable: 'schema_migrations',
      execQuery: (query: string) => tx.query(query),
      execSqlScript: (script: string) => tx.exec(script),
    });
    const applied = await postgrator.migrate();
    const version = await postgrator.getDatabaseVersion();
    return { applied: applied.map((migration) => migration.filename), version: Number(version) };
  });
}

/** Highest migration present on disk, for the health check. */
export async function pendingMigrations(client: SqlClient, directory = migrationsDirectory): Promise<number> {
  const postgrator = new Postgrator({
    migrationPattern: path.join(directory, '*.sql'),
    driver: 'pg',
    database: 'current',
    schemaTable: 'schema_migrations',
    execQuery: (query: string) => client.query(query),
  });
  const [max, current] = await Promise.all([postgrator.getMaxVersion(), postgrator.getDatabaseVersion()]);
  return Math.max(0, Number(max) - Number(current ?? 0));
}
