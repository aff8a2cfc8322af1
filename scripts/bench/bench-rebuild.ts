import { readFileSync } from 'node:fs';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import type { Projection } from '../../libs/projections/src/projection-engine/projection.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { projectionStatuses } from '../../libs/projections/src/projection-engine/projection-status.js';
import { benchOptions, openBenchDataSet } from './beijing-data-set.js';

/**
 * npm run bench:rebuild [-- --branches N] [--fresh]
 *
 * Rebuilds every projection from the Beijing-scale data set and prints events/s, wall time and
 * peak memory, beside the raw speed of reading the same events (a keyset SELECT of the events
 * table with JSON parsing) measured in the same run. Per projection: the events it applied and the
 * time spent in its apply (its JS and its SQL, inside the joint batches' transactions) and in its
 * switch-time index build.
 */
async function main(): Promise<void> {
  const runtime = await openBenchDataSet(benchOptions(process.argv.slice(2)));
  const { sql } = runtime;
  const total = Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
  process.stdout.write(`events in the store: ${total.toLocaleString('en')}\n`);

  // Baseline: the plain scan, 5,000 rows a statement, rows parsed (pg parses jsonb into objects).
  let scanned = 0;
  let after = 0;
  const scanStarted = process.hrtime.bigint();
  for (;;) {
    const { rows } = await sql.query<{ global_position: string; data: unknown; metadata: unknown }>(
      `SELECT global_position, transaction_id::text, event_id, stream_id, version, type, schema_version, data, metadata,
              occurred_at, recorded_at, university_id, hash, previous_hash
       FROM events WHERE global_position > $1 ORDER BY global_position LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) break;
    scanned += rows.length;
    after = Number(rows[rows.length - 1]!.global_position);
  }
  const scanSeconds = Number(process.hrtime.bigint() - scanStarted) / 1e9;
  const scanRate = scanned / scanSeconds;

  // The rebuild: a new generation of every projection, built here until each has gone live.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const timings = new Map<string, ProjectionTiming>();
  const timed = ALL_PROJECTIONS.map((projection) => timedProjection(projection, timings));
  const runner = new ProjectionRunner(sql, runtime.eventStore, timed, { batchSize: 5000, retiredGraceMs: 0 });
  await runner.runUntilIdle(); // the projections exist and are live before the measured rebuild
  timings.clear();
  const postgres = new PostgresCpu(sql);
  await postgres.sample();
  postgres.startInterval();
  const nodeCpuBefore = process.cpuUsage();
  const rebuildStarted = process.hrtime.bigint();
  for (const projection of timed) await runner.requestRebuild(projection.name);
  for (;;) {
    await runner.tick();
    const statuses = await projectionStatuses(sql, runtime.eventStore, timed);
    const failed = statuses.find((status) => status.state === 'FAILED');
    if (failed) throw new Error(`${failed.name} failed at ${failed.failedPosition}: ${failed.error}`);
    if (statuses.every((status) => status.state !== 'REBUILDING')) break;
  }
  const rebuildSeconds = Number(process.hrtime.bigint() - rebuildStarted) / 1e9;
  const nodeCpu = process.cpuUsage(nodeCpuBefore);
  const postgresCpu = await postgres.stop();
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const rebuildRate = total / rebuildSeconds;
  const ratio = rebuildRate / scanRate;

  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const table = [
    ['figure', 'value', 'target', 'verdict'],
    ['plain scan (SELECT + JSON)', `${Math.round(scanRate).toLocaleString('en')} events/s`, '', ''],
    ['rebuild of all projections', `${Math.round(rebuildRate).toLocaleString('en')} events/s`, `>= ${Math.round(0.6 * scanRate).toLocaleString('en')} events/s`, ratio >= 0.6 ? 'met' : 'MISSED'],
    ['rebuild / plain scan', `${(ratio * 100).toFixed(0)} %`, '>= 60 %', ratio >= 0.6 ? 'met' : 'MISSED'],
    ['rebuild wall time', `${rebuildSeconds.toFixed(1)} s`, '', ''],
    ['peak RSS', mib(peakRss), '<= 1 GiB', peakRss <= 1024 ** 3 ? 'met' : 'MISSED'],
    // CPU seconds move less than wall time when other work shares the machine.
    ['rebuild CPU: Node', `${((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)} s`, '', ''],
    ['rebuild CPU: PostgreSQL backends', Number.isNaN(postgresCpu) ? 'n/a' : `${postgresCpu.toFixed(1)} s`, '', ''],
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
  process.stdout.write(
    '\nper projection (apply: its JS and SQL; at head: its steps at the head of the log; indexes: its index build at the switch)\n',
  );
  const perProjection = [
    ['projection', 'events', 'apply', 'events/s of apply', 'at head', 'indexes'],
    ...timed.map(({ name }) => {
      const timing = timings.get(name) ?? { events: 0, applySeconds: 0, indexSeconds: 0, atHeadSeconds: 0 };
      return [
        name,
        timing.events.toLocaleString('en'),
        `${timing.applySeconds.toFixed(1)} s`,
        timing.applySeconds > 0 ? Math.round(timing.events / timing.applySeconds).toLocaleString('en') : '',
        timing.atHeadSeconds > 0 ? `${timing.atHeadSeconds.toFixed(1)} s` : '',
        `${timing.indexSeconds.toFixed(1)} s`,
      ];
    }),
  ];
  const projectionWidths = perProjection[0]!.map((_, column) => Math.max(...perProjection.map((row) => row[column]!.length)));
  for (const row of perProjection) {
    process.stdout.write(`${row.map((cell, column) => cell.padEnd(projectionWidths[column]!)).join('  ')}\n`);
  }
  await runtime.close();
}

/**
 * CPU seconds this process's PostgreSQL backends (its pool's connections) used since the first
 * sample, read from /proc when the server runs on this machine (NaN when it cannot be read). Sampled
 * every second, as the pool closes idle connections: a backend's last second may be missed.
 */
class PostgresCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private unreadable = false;
  private started = false;

  constructor(private readonly sql: { query<Row>(text: string): Promise<{ rows: Row[] }> }) {}

  async sample(): Promise<void> {
    const { rows } = await this.sql.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = current_setting('application_name') AND datname = current_database()`,
    );
    for (const { pid } of rows) {
      let ticks: number;
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks = Number(fields[11]) + Number(fields[12]);
      } catch (error) {
        // A backend gone meanwhile (the pool closes idle connections) is skipped; no access at all is no figure.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.unreadable = true;
        continue;
      }
      // A backend first seen after the start was opened since: all of its time counts.
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : ticks);
      this.last.set(pid, ticks);
    }
    this.started = true;
  }

  startInterval(): void {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 1000);
  }

  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sample();
    if (this.unreadable) return Number.NaN;
    let ticks = 0;
    for (const [pid, last] of this.last) ticks += last - this.first.get(pid)!;
    return ticks / 100;
  }
}

interface ProjectionTiming {
  events: number;
  applySeconds: number;
  indexSeconds: number;
  /** Its steps at the head (Projection.atHead: ready-figures' first computation of every row), its live generation's included. */
  atHeadSeconds: number;
}

/** The projection as it is, with the time spent in its apply, its steps at the head and its index build added up by name. */
function timedProjection(projection: Projection, timings: Map<string, ProjectionTiming>): Projection {
  const timing = () => {
    const found = timings.get(projection.name) ?? { events: 0, applySeconds: 0, indexSeconds: 0, atHeadSeconds: 0 };
    timings.set(projection.name, found);
    return found;
  };
  const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
  const { createIndexes, atHead } = projection;
  return {
    ...projection,
    ...(atHead
      ? {
          atHead: async (tx, tables, context) => {
            const started = process.hrtime.bigint();
            const more = await atHead.call(projection, tx, tables, context);
            timing().atHeadSeconds += seconds(started);
            return more;
          },
        }
      : {}),
    createTables: (tx, tables) => projection.createTables(tx, tables),
    apply: async (tx, events, tables, context) => {
      const started = process.hrtime.bigint();
      await projection.apply(tx, events, tables, context);
      timing().applySeconds += seconds(started);
      timing().events += events.length;
    },
    createIndexes: async (tx, tables) => {
      const started = process.hrtime.bigint();
      await createIndexes?.call(projection, tx, tables);
      timing().indexSeconds += seconds(started);
    },
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
