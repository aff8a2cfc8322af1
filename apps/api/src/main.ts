import { ConfigurationError, loadConfiguration } from '../../../libs/configuration/src/configuration.js';
import { DatabaseUnreachableError } from '../../../libs/database/src/connect.js';
import { signToken } from '../../../libs/identity/src/tokens.js';
import { openRuntime } from '../../../libs/runtime/src/open-runtime.js';
import { consoleLink } from './console/console-assets.js';
import { createApp } from './create-app.js';

async function main(): Promise<void> {
  const configuration = loadConfiguration();
  const runtime = await openRuntime(configuration, { applicationName: 'branch-ledger-api' });
  const app = await createApp(runtime);
  await app.listen(configuration.port);
  const url = `http://localhost:${configuration.port}/graphql`;
  const mode = configuration.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${configuration.dataDir}`;
  process.stdout.write(`GraphQL API on ${url} (${mode}); console on http://localhost:${configuration.port}/console/\n`);
  if (!configuration.jwtSecret) {
    // A newcomer can try the API at once: a municipal-admin token signed with the generated secret.
    const token = await signToken({ subject: 'local-admin', role: 'MUNICIPAL_ADMIN', expiresIn: '30d' }, runtime.jwtSecret);
    process.stdout.write(`Municipal-admin token (30 days), send as "Authorization: Bearer <token>":\n${token}\n`);
    process.stdout.write(`Inspection console, signed in as the municipal admin:\n${consoleLink(configuration.port, token)}\n`);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`start-up failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
