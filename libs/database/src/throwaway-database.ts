import { randomBytes } from 'node:crypto';
import { PgSqlClient } from './pg-sql-client.js';
import { PgliteSqlClient } from './pglite-sql-client.js';
import { migrate } from './migrations.js';
import type { SqlClient } from './sql-client.js';

export type Backend = 'postgres' | 'pglite';

/** The backends a test file runs against: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function backendsUnderTest(): Backend[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

/** The backend for tests that run once: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function preferredBackend(): Backend {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export interface ThrowawayDatabase {
  sql: SqlClient;
  /** Connection string of the fresh PostgreSQL database (undefined on PGlite). */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database named after a random
 * suffix (dropped afterwards), or an in-memory PGlite.
 */
export async function createThrowawayDatabase(backend: Backend, options: { migrated?: boolean } = {}): Promise<ThrowawayDatabase> {
  if (backend === 'pglite') {
    const sql = await PgliteSqlClient.open();
    if (options.migrated !== false) await migrate(sql);
    return { sql, drop: () => sql.close() };
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is needed for PostgreSQL tests');
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new PgSqlClient({ connectionString: adminUrl, maxConnections: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const sql = new PgSqlClient({ connectionString: url.toString(), maxConnections: 40 });
  if (options.migrated !== false) await migrate(sql);
  return {
    sql,
    url: url.toString(),
    drop: async () => {
      await sql.close();
      const cleaner = new PgSqlClient({ connectionString: adminUrl, maxConnections: 1 });
      await cleaner.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleaner.close();
    },
  };
}
