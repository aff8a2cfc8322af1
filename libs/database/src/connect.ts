import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
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
  /** statement_timeout of server-mode connections; default one minute, so no statement runs away. */
  statementTimeoutMs?: number;
}

/** A statement that runs longer than this is cancelled by PostgreSQL (maintenance sets its own with SET LOCAL). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

/**
 * Another process holds the embedded data directory. PGlite is one process: a second one opening
 * the same files corrupts them, so it must not even try.
 */
export class DataDirectoryInUseError extends Error {
  override readonly name = 'DataDirectoryInUseError';
}

export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

/** Opens the configured backend and proves it answers. */
export async function connectDatabase(settings: DatabaseSettings): Promise<SqlClient> {
  if (!settings.databaseUrl) {
    if (!settings.pgliteDataDir) return PgliteSqlClient.open();
    mkdirSync(settings.pgliteDataDir, { recursive: true });
    const release = lockDataDirectory(settings.pgliteDataDir);
    try {
      const client = await PgliteSqlClient.open(settings.pgliteDataDir);
      const close = client.close.bind(client);
      client.close = async () => {
        await close();
        await release();
      };
      return client;
    } catch (error) {
      await release();
      throw error;
    }
  }
  const client = new PgSqlClient({
    connectionString: settings.databaseUrl,
    maxConnections: settings.maxConnections,
    applicationName: settings.applicationName,
    statementTimeoutMs: settings.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
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

/**
 * Takes the data directory for this process (a lock directory inside it, kept fresh while the
 * process lives, so one left by a crashed process goes stale and is taken over).
 */
function lockDataDirectory(dataDir: string): () => Promise<void> {
  try {
    const release = lockfile.lockSync(dataDir, {
      lockfilePath: join(dataDir, '.lock'),
      realpath: false,
      stale: 30_000,
      update: 5_000,
      // A lock refresh that fails (a stalled disk) must not kill the server; the next refresh retries.
      onCompromised: (error: Error) => process.stderr.write(`warning: the lock on ${dataDir} could not be refreshed: ${error.message}\n`),
    });
    return async () => {
      try {
        release();
      } catch {
        // Released already, or taken over after going stale: nothing of ours to remove.
      }
    };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    throw new DataDirectoryInUseError(
      `the data directory ${dataDir} is in use by another process (a running \`npm start\`?): stop it first, ` +
        'or run the command against the running server, e.g. `npm run demo -- --url http://localhost:3000/graphql --token <MUNICIPAL_ADMIN token>`',
    );
  }
}
