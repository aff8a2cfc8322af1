import type { Configuration } from '../../configuration/src/configuration.js';
import { connectDatabase } from '../../database/src/connect.js';
import { migrate } from '../../database/src/migrations.js';
import type { SqlClient } from '../../database/src/sql-client.js';
import { PostgresEventStore } from '../../event-store/src/postgres-event-store.js';
import { embeddedJwtSecret } from './jwt-secret.js';
import { seedBaselinePolicy } from './baseline-policy-seed.js';

/** What every process (API, worker, CLI) needs before it can do anything: a migrated database and the store. */
export interface Runtime {
  configuration: Configuration;
  sql: SqlClient;
  eventStore: PostgresEventStore;
  jwtSecret: string;
  /** True when the secret was generated at this start (embedded mode, first start). */
  jwtSecretGenerated: boolean;
  close(): Promise<void>;
}

export async function openRuntime(
  configuration: Configuration,
  options: { applicationName?: string; migrate?: boolean } = {},
): Promise<Runtime> {
  const sql = await connectDatabase({
    databaseUrl: configuration.databaseUrl,
    pgliteDataDir: configuration.databaseUrl ? undefined : configuration.dataDir,
    applicationName: options.applicationName,
  });
  try {
    if (options.migrate !== false) await migrate(sql);
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
  const eventStore = new PostgresEventStore(sql);
  await eventStore.listenForOtherProcesses();
  if (options.migrate !== false) await seedBaselinePolicy(eventStore);
  const { secret, generated } = configuration.jwtSecret
    ? { secret: configuration.jwtSecret, generated: false }
    : embeddedJwtSecret(configuration.dataDir);
  return {
    configuration,
    sql,
    eventStore,
    jwtSecret: secret,
    jwtSecretGenerated: generated,
    close: async () => {
      await eventStore.close();
      await sql.close();
    },
  };
}
