import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/apps/api/src/main.js', import.meta.url));

/** Starts the built service with `environment` and returns how it ended. */
function startWith(environment: Record<string, string>) {
  const result = spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...environment },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr.trim() };
}

describe('starting with bad configuration', () => {
  it('exits non-zero with one line naming DATABASE_URL when it is not a URL', () => {
    const { status, stderr } = startWith({ DATABASE_URL: 'nonsense', AUTH_JWT_SECRET: 'x' });
    expect(status).not.toBe(0);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^configuration error: DATABASE_URL/);
  });

  it('exits non-zero with one line when the database cannot be reached', () => {
    const { status, stderr } = startWith({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', AUTH_JWT_SECRET: 'x' });
    expect(status).not.toBe(0);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^cannot reach the database at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
  });

  it('exits non-zero with one line for a bad port', () => {
    const { status, stderr } = startWith({ PORT: '-1' });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/^configuration error: PORT/);
  });
});
