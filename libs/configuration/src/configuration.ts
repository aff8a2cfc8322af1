import { z } from 'zod';
import { DEFAULT_MAX_LIFETIME_SECONDS, parseLifetime } from '../../identity/src/tokens.js';

/** Start-up configuration, from the environment. */
export interface Configuration {
  /** postgres:// URL (server mode); undefined: embedded PGlite. */
  databaseUrl?: string;
  /** Where embedded mode keeps PGlite's files and its generated JWT secret. */
  dataDir: string;
  port: number;
  /** HS256 secret; undefined means "generate one under dataDir and print a token" (set it in production). */
  jwtSecret?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Where this API process's projections run: `thread` on a worker thread of their own (the
   * default with PostgreSQL: the event loop that answers portals never applies a batch), `on` on
   * the event loop itself (the default, and the only choice, with the embedded PGlite, one session
   * in one thread), `off` for API processes of a cluster whose projections run in worker processes.
   */
  projections: 'on' | 'off' | 'thread';
  // Optional for processes that build a configuration by hand (tests, benches, the CLI's in-process service).
  /** Longest accepted bearer-token lifetime (`exp - iat`), in seconds; default 30 days. */
  maxTokenLifetimeSeconds?: number;
  /** Requests per minute per token subject (per client address without a token); 0 or absent: no limit. */
  rateLimitPerMinute?: number;
  /** NODE_ENV=production: no introspection, no landing page. */
  production?: boolean;
  /** Browser origins of portals allowed to call the API cross-origin (CORS); none when undefined. */
  corsOrigins?: string[];
  /** How long a read with `atLeastPosition` waits for the projections before NOT_YET_CONSISTENT; default 5000 ms. */
  readYourWritesTimeoutMs?: number;
  /**
   * BENCH_BASELINE=1: serves the benchmark-only `benchBaseline` mutation (one row into a scratch
   * table), the floor the command path is measured against. Refused with NODE_ENV=production.
   */
  benchBaseline?: boolean;
}

/** One readable line naming the variable at fault; start-up prints it and exits non-zero. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** `https://portal.example.edu.cn` or `http://localhost:5173`: a scheme, a host, a port at most. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const environmentSchema = z.object({
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
        } catch {
          return false;
        }
      }, 'must be a postgres://user@host:port/database URL')
      .optional(),
  ),
  PGLITE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  AUTH_JWT_SECRET: z.preprocess(emptyAsUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  PROJECTIONS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off', 'thread']).optional()),
  AUTH_MAX_TOKEN_LIFETIME: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => parseLifetime(value) !== null, 'must be a lifetime such as 30d, 12h or 3600')
      .optional(),
  ),
  RATE_LIMIT_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(1_000_000).default(1200)),
  READ_YOUR_WRITES_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(60_000).default(5000)),
  NODE_ENV: z.preprocess(emptyAsUndefined, z.string().optional()),
  BENCH_BASELINE: z.preprocess(emptyAsUndefined, z.enum(['0', '1']).optional()),
  CORS_ORIGINS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()))
      .refine((origins) => origins.every(isOrigin), 'must be comma-separated origins such as https://portal.example.edu.cn (no path, no trailing slash)')
      .optional(),
  ),
});

export function loadConfiguration(environment: NodeJS.ProcessEnv = process.env): Configuration {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const given = environment[variable];
    throw new ConfigurationError(
      `configuration error: ${variable} ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`,
    );
  }
  const env = parsed.data;
  if (env.BENCH_BASELINE === '1' && env.NODE_ENV === 'production') {
    // A benchmark's scratch mutation has no place in a deployed service: refuse to start rather than serve it.
    throw new ConfigurationError('configuration error: BENCH_BASELINE=1 is for benchmarks and cannot be set with NODE_ENV=production');
  }
  if (env.PROJECTIONS === 'thread' && !env.DATABASE_URL) {
    // PGlite is one session owned by one thread: a second thread can neither share it nor open its files.
    throw new ConfigurationError('configuration error: PROJECTIONS=thread needs DATABASE_URL (the embedded database runs its projections with PROJECTIONS=on)');
  }
  return {
    databaseUrl: env.DATABASE_URL,
    dataDir: env.PGLITE_DATA_DIR,
    port: env.PORT,
    jwtSecret: env.AUTH_JWT_SECRET,
    logLevel: env.LOG_LEVEL,
    projections: env.PROJECTIONS ?? (env.DATABASE_URL ? 'thread' : 'on'),
    maxTokenLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME ? parseLifetime(env.AUTH_MAX_TOKEN_LIFETIME)! : DEFAULT_MAX_LIFETIME_SECONDS,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    readYourWritesTimeoutMs: env.READ_YOUR_WRITES_TIMEOUT_MS,
    production: env.NODE_ENV === 'production',
    ...(env.CORS_ORIGINS ? { corsOrigins: env.CORS_ORIGINS } : {}),
    ...(env.BENCH_BASELINE === '1' ? { benchBaseline: true } : {}),
  };
}
