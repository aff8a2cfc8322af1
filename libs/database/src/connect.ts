import { mkdirSync } from 'node:fs';
import { PgSqlClient } from './pg-sql-client.js';
import { PgliteSqlClient } from './pglite-sql-client.js';
import type { SqlClient } from './sql-client.js';

export interface DatabaseSettings {
  /** postgres:// URL for server mode; absent for the embedded PGlite. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; absent keeps them in memory. */
  pgliteDataDir?: string;
  maxConnections?: number;
  applicationName?: string;
}

export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

/** Opens the configured backend and proves it answers. */
export async function connectDatabase(settings: DatabaseSettings): Promise<SqlClient> {
  if (!settings.databaseUrl) {
    if (settings.pgliteDataDir) mkdirSync(settings.pgliteDataDir, { recursive: true });
    return PgliteSqlClient.open(settings.pgliteDataDir);
  }
  const client = new PgSqlClient({
    connectionString: settings.databaseUrl,
    maxConnections: settings.maxConnections,
    applicationName: settings.applicationName,
  });
  try {
    await client.query('SELECT 1');
  } catch (error) {
    await client.close().catch(() => undefined);
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new DatabaseUnreachableError(`cannot reach the database at ${redact(settings.databaseUrl)}: ${reason}`);
  }
  return client;
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
