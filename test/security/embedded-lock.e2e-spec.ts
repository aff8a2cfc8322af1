import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signToken } from '../../libs/identity/src/tokens.js';
import { TEST_JWT_SECRET } from '../service-under-test.js';
import { freePort } from '../../scripts/bench/service-process.js';

// Issue 7 defect 9: PGlite is one process. With the built service running embedded on a data
// directory, the CLI's `rebuild all` and `demo` (and a second server) on the same directory must
// refuse with one line saying the directory is in use and what to do, exit 1, and leave the files
// alone: the server keeps answering with the same history, and starts again cleanly afterwards.

const API = fileURLToPath(new URL('../../dist/apps/api/src/main.js', import.meta.url));
const CLI = fileURLToPath(new URL('../../dist/apps/cli/src/main.js', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** Node's own warnings are not the program's output. */
const programLines = (output: string) =>
  output.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('(node:') && !line.startsWith('(Use `node'));

/**
 * Runs a program to its end (or `timeoutMs`, then kills it). Asynchronously: a blocked event loop
 * would let the server's idle keep-alive sockets close under the test's fetch.
 */
function run(args: string[], environment: Record<string, string>, timeoutMs: number): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

interface RunningServer {
  process: ChildProcess;
  url: string;
  output: () => string;
}

function startServer(environment: Record<string, string>, port: number): Promise<RunningServer> {
  const child = spawn(process.execPath, [API], { env: { ...environment, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms: ${output}`)), START_TIMEOUT_MS);
    const check = () => {
      if (output.includes('GraphQL API on')) {
        clearTimeout(timer);
        resolve({ process: child, url: `http://127.0.0.1:${port}/graphql`, output: () => output });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening: ${output}`));
    });
  });
}

async function stopServer(server: RunningServer | undefined): Promise<number | null> {
  if (!server || server.process.exitCode !== null) return server?.process.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
  server.process.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000));
  const outcome = await Promise.race([exited, timeout]);
  if (outcome === 'timeout') {
    server.process.kill('SIGKILL');
    return exited;
  }
  return outcome;
}

describe('embedded mode: the data directory is locked (issue 7)', () => {
  let dataDir: string;
  let environment: Record<string, string>;
  let server: RunningServer | undefined;
  let token: string;

  async function graphql(query: string, variables: Record<string, unknown> = {}) {
    try {
      const response = await fetch(server!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: unknown[] };
    } catch (error) {
      throw new Error(`the server did not answer (exit code ${server!.process.exitCode}): ${String(error)}; its output: ${server!.output()}`);
    }
  }

  /** Every event recorded, as the integrity check counts them. */
  async function eventCount(): Promise<number> {
    const response = await graphql('{ verifyIntegrity { ok eventsChecked } }');
    expect(response.errors).toBeUndefined();
    expect(response.data.verifyIntegrity.ok).toBe(true);
    return response.data.verifyIntegrity.eventsChecked;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'branch-ledger-lock-'));
    environment = { PATH: process.env.PATH ?? '', PGLITE_DATA_DIR: dataDir, AUTH_JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'silent' };
    token = await signToken({ subject: 'lock-test', role: 'MUNICIPAL_ADMIN' }, TEST_JWT_SECRET);
    server = await startServer(environment, await freePort());
    const registered = await graphql('mutation { registerUniversity(input: { id: "10001", name: "北京大学" }) { streamId } }');
    expect(registered.errors).toBeUndefined();
  }, 90_000);

  afterAll(async () => {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it.each([
    ['rebuild all', [CLI, 'rebuild', 'all']],
    ['demo', [CLI, 'demo']],
  ])('`%s` beside the running server prints one line naming the data directory in use and what to do, exits 1, and touches nothing', async (_name, args) => {
    const before = await eventCount();
    const result = await run(args, environment, 60_000);
    const lines = programLines(result.output);
    expect({ status: result.status, lines: lines.length }).toEqual({ status: 1, lines: 1 });
    expect(lines[0]).toMatch(/in use|locked/i);
    expect(lines[0]).toMatch(/stop|--url/i);
    expect(lines[0]).toContain(dataDir);
    expect(await eventCount()).toBe(before);
  }, 90_000);

  it('a second server on the same data directory refuses the same way', async () => {
    const before = await eventCount();
    // a second server that does start keeps running: 20 s is ample for a refusal
    const result = await run([API], { ...environment, PORT: String(await freePort()) }, 20_000);
    const lines = programLines(result.output);
    expect({ status: result.status, lines: lines.length }).toEqual({ status: 1, lines: 1 });
    expect(lines[0]).toMatch(/in use|locked/i);
    expect(await eventCount()).toBe(before);
  }, 90_000);

  it('the server still writes, and after a stop starts again cleanly on the same files with the whole history', async () => {
    const written = await graphql('mutation { registerUniversity(input: { id: "10002", name: "清华大学" }) { streamId } }');
    expect(written.errors).toBeUndefined();
    const before = await eventCount();
    const exit = await stopServer(server);
    expect(exit === 0 || exit === null).toBe(true);
    server = await startServer(environment, await freePort());
    expect(server.output()).not.toMatch(/start-up failed|Aborted/);
    expect(await eventCount()).toBe(before);
    // the read models catch up after a start: give them a few seconds
    let ids: string[] = [];
    for (let attempt = 0; attempt < 50 && ids.length < 2; attempt += 1) {
      const universities = await graphql('{ universities { id } }');
      ids = (universities.data?.universities ?? []).map((u: { id: string }) => u.id).sort();
      if (ids.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(ids).toEqual(['10001', '10002']);
  }, 120_000);
});
