import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The built service (`dist/apps/api/src/main.js`) in a process of its own on a free port, as it is
 * deployed, so a benchmark's clients do not share its event loop. Resolves once /health answers 200.
 */
export async function startServerProcess(settings: {
  databaseUrl: string;
  secret: string;
  projections: 'on' | 'off' | 'thread';
  /** More variables for the service (BENCH_BASELINE, RATE_LIMIT_PER_MINUTE). */
  environment?: Record<string, string>;
  /** Writes a V8 CPU profile of the service's whole life into this folder (`node --cpu-prof`). */
  cpuProfileDir?: string;
}): Promise<{ url: string; pid: number; cpuMs: () => number; stop: () => Promise<void> }> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../apps/api/src/main.js', import.meta.url));
  // --cpu-prof writes its file only on a normal exit: the preload exits on SIGTERM before Nest re-raises it.
  const exitOnSignal = fileURLToPath(new URL('./exit-on-signal.js', import.meta.url));
  const profiling = settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`, '--import', exitOnSignal] : [];
  const child = spawn(process.execPath, [...profiling, main], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: settings.databaseUrl,
      AUTH_JWT_SECRET: settings.secret,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      PROJECTIONS: settings.projections,
      ...settings.environment,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    const healthy = await fetch(`${base}/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (attempt > 300 || child.exitCode !== null) throw new Error('the service process did not start');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid!;
  return {
    url: `${base}/graphql`,
    pid,
    cpuMs: () => processCpuMs(pid),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** A TCP port free on 127.0.0.1 now (the OS picks it), for a process about to listen on it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * CPU time a process has used so far (user and system, from /proc; 0 where there is none): what a
 * phase costs the service, which moves far less than wall time when other work shares the machine.
 */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, the unit of /proc's CPU times, 100 on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
