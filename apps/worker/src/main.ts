import { ConfigurationError, loadConfiguration } from '../../../libs/configuration/src/configuration.js';
import { DatabaseUnreachableError } from '../../../libs/database/src/connect.js';
import { ALL_PROJECTIONS } from '../../../libs/projections/src/all-projections.js';
import { pino } from 'pino';
import { startProjectionWorker } from './projection-worker.js';

/**
 * A projection worker (cluster mode): no HTTP, only the projections. Several may run against one
 * PostgreSQL; each batch is applied by exactly one of them.
 */
async function main(): Promise<void> {
  const configuration = loadConfiguration();
  const logger = pino({ level: configuration.logLevel });
  // Its process id in the connection's name: an operator (or the cluster test) sees in
  // pg_stat_activity which worker holds which projection's batch.
  const worker = await startProjectionWorker(configuration, {
    applicationName: `branch-ledger-worker ${process.pid}`,
    migrate: true,
    onError: (error) => logger.error({ err: error }, 'projection batch failed'),
  });
  logger.info({ projections: ALL_PROJECTIONS.map((projection) => projection.name) }, 'projection worker started');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'projection worker stopping');
    await worker.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
