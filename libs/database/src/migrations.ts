import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import Postgrator from 'postgrator';
import type { SqlClient, SqlExecutor } from './sql-client.js';

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
      ...(await postgratorTarget(tx)),
      migrationPattern: path.join(directory, '*.sql'),
      driver: 'pg',
      schemaTable: 'schema_migrations',
      execQuery: (query: string) => tx.query(query),
      execSqlScript: (script: string) => tx.exec(script),
    });
    const applied = await postgrator.migrate();
    const version = await postgrator.getDatabaseVersion();
    return { applied: applied.map((migration) => migration.filename), version: Number(version) };
  });
}

/** Postgrator finds its table by database and schema name; give it the ones this connection uses. */
async function postgratorTarget(sql: SqlExecutor): Promise<{ database: string; currentSchema: string }> {
  const { rows } = await sql.query<{ database: string; schema: string }>(
    'SELECT current_database() AS database, current_schema() AS schema',
  );
  return { database: rows[0]!.database, currentSchema: rows[0]!.schema };
}

/** Highest migration present on disk, for the health check. */
export async function pendingMigrations(client: SqlClient, directory = migrationsDirectory): Promise<number> {
  const postgrator = new Postgrator({
    ...(await postgratorTarget(client)),
    migrationPattern: path.join(directory, '*.sql'),
    driver: 'pg',
    schemaTable: 'schema_migrations',
    execQuery: (query: string) => client.query(query),
  });
  const [max, current] = await Promise.all([postgrator.getMaxVersion(), postgrator.getDatabaseVersion()]);
  return Math.max(0, Number(max) - Number(current ?? 0));
}
