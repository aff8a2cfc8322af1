import { parseArgs } from 'node:util';
import { ConfigurationError, loadConfiguration } from '../../../libs/configuration/src/configuration.js';
import { connectDatabase, DatabaseUnreachableError } from '../../../libs/database/src/connect.js';
import { migrate } from '../../../libs/database/src/migrations.js';
import { isRole, ROLES } from '../../../libs/identity/src/caller.js';
import { signToken } from '../../../libs/identity/src/tokens.js';
import { embeddedJwtSecret } from '../../../libs/runtime/src/jwt-secret.js';
import { DEMO_USAGE, DemoIncompleteError, DemoUsageError, runDemo } from './demo/demo-command.js';
import { runRebuild } from './rebuild-command.js';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  migrate                      apply pending SQL migrations
  token --role ROLE [--university ID] [--unit ID] [--branch ID] [--subject SUB] [--expires 12h]
                               print a signed JWT for local use (roles: ${ROLES.join(', ')})
  rebuild <name…|all>          rebuild projections into new tables and switch them in (progress bar)
${DEMO_USAGE}`;

async function runMigrate(): Promise<void> {
  const configuration = loadConfiguration();
  const sql = await connectDatabase({
    databaseUrl: configuration.databaseUrl,
    pgliteDataDir: configuration.databaseUrl ? undefined : configuration.dataDir,
  });
  try {
    const outcome = await migrate(sql);
    process.stdout.write(
      outcome.applied.length === 0
        ? `database is up to date (version ${outcome.version})\n`
        : `applied ${outcome.applied.length} migration(s); database at version ${outcome.version}\n`,
    );
  } finally {
    await sql.close();
  }
}

async function runToken(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      university: { type: 'string' },
      unit: { type: 'string' },
      branch: { type: 'string' },
      subject: { type: 'string' },
      expires: { type: 'string' },
    },
  });
  if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const configuration = loadConfiguration();
  const secret = configuration.jwtSecret ?? embeddedJwtSecret(configuration.dataDir).secret;
  const token = await signToken(
    {
      subject: values.subject ?? `local-${values.role.toLowerCase()}`,
      role: values.role,
      universityId: values.university,
      unitId: values.unit,
      branchId: values.branch,
      expiresIn: values.expires,
    },
    secret,
  );
  process.stdout.write(`${token}\n`);
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return runMigrate();
    case 'token':
      return runToken(rest);
    case 'demo':
      return runDemo(rest).catch((error: unknown) => {
        throw error instanceof DemoUsageError ? new UsageError(error.message) : error;
      });
    case 'rebuild':
      return runRebuild(loadConfiguration(), rest);
    default:
      throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof ConfigurationError || error instanceof DatabaseUnreachableError || error instanceof DemoIncompleteError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
