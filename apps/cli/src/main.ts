import { parseArgs } from 'node:util';
import { loadConfiguration } from '../../../libs/configuration/src/configuration.js';
import { connectDatabase } from '../../../libs/database/src/connect.js';
import { migrate } from '../../../libs/database/src/migrations.js';
import { isRole, ROLES } from '../../../libs/identity/src/caller.js';
import { signToken } from '../../../libs/identity/src/tokens.js';
import { embeddedJwtSecret } from '../../../libs/runtime/src/jwt-secret.js';
import { runRebuild } from './rebuild-command.js';
import { DigestPositionError } from '../../../libs/event-store/src/store-digest.js';
import { runDigest } from './digest-command.js';
import { runVerify } from './verify-command.js';
import { ExportUsageError, runExport } from './export-command.js';
import { ImportUsageError, runImport } from './import-command.js';

// The demo pulls in the whole API: loaded only when asked for, so the other commands start quickly.
const demoCommand = () => import('./demo/demo-command.js');

const usage = async () => `usage: npm run cli -- <command> [options]

commands:
  migrate                      apply pending SQL migrations
  token --role ROLE [--university ID] [--unit ID] [--branch ID] [--subject SUB] [--expires 12h]
                               print a signed JWT for local use (roles: ${ROLES.join(', ')})
  rebuild <name…|all>          rebuild projections into new tables and switch them in (progress bar)
  verify [--university ID]     recompute every hash chain (progress bar); names each break; exit 1 when broken
  digest [--at POSITION]       the store digest; last line: <64-hex digest> <position> <events>
  export --format ndjson [--university ID] --out FILE
                               the events exactly as stored (hashes included), in commit order
  export --format xlsx --university ID --year Y --out FILE
                               the university's workbook: 整顿台账, 轮训, 双带头人
  export --format docx --branch ID --year Y --out FILE
                               the branch work manual (党支部工作手册) as a Word document
  import FILE                  an ndjson export into an empty database; refused unless every chain verifies
${(await demoCommand()).DEMO_USAGE}`;

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

/** node:util parseArgs refuses unknown options and missing values with these codes. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return runMigrate();
    case 'token':
      return runToken(rest);
    case 'demo': {
      const { runDemo, DemoUsageError } = await demoCommand();
      return runDemo(rest).catch((error: unknown) => {
        throw error instanceof DemoUsageError ? new UsageError(error.message) : error;
      });
    }
    case 'rebuild':
      return runRebuild(loadConfiguration(), rest);
    case 'verify':
      return runVerify(loadConfiguration(), rest);
    case 'digest':
      return runDigest(loadConfiguration(), rest).catch((error: unknown) => {
        throw error instanceof DigestPositionError ? new UsageError(error.message) : error;
      });
    case 'export':
      return runExport(loadConfiguration(), rest);
    case 'import':
      return runImport(loadConfiguration(), rest);
    default:
      throw new UsageError(command ? `unknown command: ${command}` : 'no command given');
  }
}

main(process.argv.slice(2)).catch(async (error: unknown) => {
  const misused = error instanceof ExportUsageError || error instanceof ImportUsageError || isParseArgsError(error);
  if (error instanceof UsageError || misused) {
    process.stderr.write(`${(error as Error).message}\n\n${await usage()}`);
    process.exit(2);
  }
  // Configuration, unreachable database, an incomplete demo: the message is the whole story.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
