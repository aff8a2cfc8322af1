import { ConfigurationError, loadConfiguration } from './configuration.js';

describe('start-up configuration', () => {
  it('defaults to the embedded database on port 3000', () => {
    expect(loadConfiguration({})).toEqual({
      databaseUrl: undefined,
      dataDir: './data',
      port: 3000,
      jwtSecret: undefined,
      logLevel: 'info',
      projections: 'on',
      maxTokenLifetimeSeconds: 30 * 24 * 60 * 60,
      rateLimitPerMinute: 1200,
      readYourWritesTimeoutMs: 5000,
      production: false,
    });
  });

  it('takes a PostgreSQL URL with its secret', () => {
    const configuration = loadConfiguration({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ledger',
      AUTH_JWT_SECRET: 'a-secret',
      PORT: '8080',
      PROJECTIONS: 'off',
    });
    expect(configuration).toMatchObject({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/ledger', port: 8080, projections: 'off' });
  });

  it('runs on PostgreSQL without a secret too (one is generated under the data dir)', () => {
    expect(loadConfiguration({ DATABASE_URL: 'postgres://localhost/x' })).toMatchObject({ databaseUrl: 'postgres://localhost/x', jwtSecret: undefined });
  });

  it('runs the projections on a thread of their own with PostgreSQL, on the event loop with PGlite, unless PROJECTIONS says', () => {
    expect(loadConfiguration({ DATABASE_URL: 'postgres://localhost/x' }).projections).toBe('thread');
    expect(loadConfiguration({}).projections).toBe('on');
    expect(loadConfiguration({ DATABASE_URL: 'postgres://localhost/x', PROJECTIONS: 'on' }).projections).toBe('on');
    expect(loadConfiguration({ DATABASE_URL: 'postgres://localhost/x', PROJECTIONS: 'off' }).projections).toBe('off');
  });

  it('reads the token lifetime, the rate limit and production mode', () => {
    expect(loadConfiguration({ AUTH_MAX_TOKEN_LIFETIME: '12h', RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production' })).toMatchObject({
      maxTokenLifetimeSeconds: 12 * 3600,
      rateLimitPerMinute: 0,
      production: true,
    });
  });

  it('reads how long read-your-writes waits', () => {
    expect(loadConfiguration({ READ_YOUR_WRITES_TIMEOUT_MS: '250' }).readYourWritesTimeoutMs).toBe(250);
  });

  it('allows no cross-origin caller unless CORS_ORIGINS lists them', () => {
    expect(loadConfiguration({}).corsOrigins).toBeUndefined();
    expect(loadConfiguration({ CORS_ORIGINS: 'https://portal.pku.edu.cn, http://localhost:5173' }).corsOrigins).toEqual([
      'https://portal.pku.edu.cn',
      'http://localhost:5173',
    ]);
  });

  it.each([
    [{ DATABASE_URL: 'nonsense' }, /^configuration error: DATABASE_URL .*"nonsense"/],
    [{ DATABASE_URL: 'mysql://localhost/x', AUTH_JWT_SECRET: 's' }, /DATABASE_URL/],
    [{ PORT: 'eighty' }, /^configuration error: PORT/],
    [{ PORT: '70000' }, /^configuration error: PORT/],
    [{ LOG_LEVEL: 'loud' }, /^configuration error: LOG_LEVEL/],
    [{ PROJECTIONS: 'maybe' }, /^configuration error: PROJECTIONS/],
    [{ PROJECTIONS: 'thread' }, /^configuration error: PROJECTIONS=thread needs DATABASE_URL/],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /^configuration error: RATE_LIMIT_PER_MINUTE/],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, /^configuration error: RATE_LIMIT_PER_MINUTE/],
    [{ READ_YOUR_WRITES_TIMEOUT_MS: 'soon' }, /^configuration error: READ_YOUR_WRITES_TIMEOUT_MS/],
    [{ READ_YOUR_WRITES_TIMEOUT_MS: '3600000' }, /^configuration error: READ_YOUR_WRITES_TIMEOUT_MS/],
    [{ AUTH_MAX_TOKEN_LIFETIME: 'forever' }, /^configuration error: AUTH_MAX_TOKEN_LIFETIME/],
    [{ CORS_ORIGINS: 'https://portal.example.edu.cn/' }, /^configuration error: CORS_ORIGINS .*origins/],
    [{ CORS_ORIGINS: 'https://a.example.cn,portal.example.cn' }, /^configuration error: CORS_ORIGINS/],
    [{ CORS_ORIGINS: '*' }, /^configuration error: CORS_ORIGINS/],
    [{ BENCH_BASELINE: '1', NODE_ENV: 'production' }, /^configuration error: BENCH_BASELINE/],
    [{ BENCH_BASELINE: 'yes' }, /^configuration error: BENCH_BASELINE/],
  ])('refuses %p with one line naming the variable', (environment, message) => {
    expect(() => loadConfiguration(environment)).toThrow(ConfigurationError);
    expect(() => loadConfiguration(environment)).toThrow(message);
  });

  it('serves the benchmark baseline only when BENCH_BASELINE=1 asks for it', () => {
    expect(loadConfiguration({}).benchBaseline).toBeUndefined();
    expect(loadConfiguration({ BENCH_BASELINE: '1' }).benchBaseline).toBe(true);
  });
});
