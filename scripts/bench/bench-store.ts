/**
 * Event store throughput on the local PostgreSQL, each figure beside a plain baseline measured in
 * the same run on a bare table with the same columns as `events` holding the same rows:
 *
 *   (a) batched appends (100 events each, many streams, a few appenders) vs one plain COPY
 *   (b) single-event appends from 16 writers on distinct streams vs plain single-row INSERTs from 16 writers
 *   (c) readAll in batches vs a plain SELECT of every row, JSON parsed
 *
 * Each workload runs ROUNDS times, alternating with its baseline on emptied tables, and each figure
 * is the best of its rounds, so that other work on the machine skews the ratios less. A context
 * line adds a COPY into a table with the indexes of `events`: how much of the gap to a bare COPY
 * is index upkeep the schema requires rather than the store.
 *
 * Runs in a scratch database that it creates and drops. DATABASE_URL names the server
 * (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { migrate } from '../../libs/database/src/migrations.js';
import { PgSqlClient } from '../../libs/database/src/pg-sql-client.js';
import type { AppendOptions, EventMetadata, JsonObject, NewEvent } from '../../libs/event-store/src/event-store.port.js';
import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';

const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const BATCHED = { events: 200_000, eventsPerAppend: 100, streams: 400, appenders: 4 };
const SINGLE = { events: 20_000, writers: 16 };
const READ_BATCH = 1_000;
const WARM_UP_EVENTS = 10_000;
const ROUNDS = 3;

const COLUMNS = [
  'global_position', 'transaction_id', 'event_id', 'stream_id', 'version', 'type', 'schema_version', 'data',
  'metadata', 'occurred_at', 'recorded_at', 'university_id', 'hash', 'previous_hash',
] as const;

interface EventsTableRow {
  global_position: string;
  transaction_id: string;
  event_id: string;
  stream_id: string;
  version: string;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: JsonObject;
  occurred_at: Date;
  recorded_at: Date;
  university_id: string | null;
  hash: string;
  previous_hash: string | null;
}

interface Figure {
  name: string;
  events: number;
  storeSeconds: number;
  baselineName: string;
  baselineSeconds: number;
  target: { eventsPerSecond?: number; ratio: number };
}

/** Seconds each measurement took in one round. */
interface RoundTimings {
  batchedAppends: number;
  copy: number;
  indexedCopy: number;
  readAll: number;
  plainScan: number;
  singleAppends: number;
  singleInserts: number;
}

async function main(): Promise<void> {
  const scratchName = `bench_store_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratchName}`);
  const scratchUrl = new URL(serverUrl);
  scratchUrl.pathname = `/${scratchName}`;
  const sql = new PgSqlClient({ connectionString: scratchUrl.toString(), maxConnections: 20, applicationName: 'bench-store' });
  const plain = new pg.Pool({ connectionString: scratchUrl.toString(), max: 20, application_name: 'bench-store-baseline' });
  // Dropping the scratch database ends the idle connections the pool may still hold.
  plain.on('error', () => undefined);
  const started = Date.now();
  try {
    await migrate(sql);
    // The bare baseline tables: the columns of `events` and their NOT NULLs, no index, no default.
    await sql.exec(`CREATE TABLE plain_batched (LIKE events); CREATE TABLE plain_single (LIKE events);`);
    // Not a target's baseline: shows how much of the gap to a bare COPY is the indexes `events` must keep.
    await sql.exec(`CREATE TABLE indexed_batched (LIKE events INCLUDING INDEXES);`);

    log('warming up');
    await warmUp(new PostgresEventStore(sql, { notify: false }), plain);
    // Each figure is the best of its rounds: other work on the machine only ever slows a run down.
    const rounds: RoundTimings[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) rounds.push(await runRound(sql, plain, round));
    const best = (pick: (timings: RoundTimings) => number) => Math.min(...rounds.map(pick));

    printTable([
      {
        name: '(a) batched appends', events: BATCHED.events, storeSeconds: best((t) => t.batchedAppends),
        baselineName: 'COPY', baselineSeconds: best((t) => t.copy), target: { eventsPerSecond: 40_000, ratio: 0.6 },
      },
      {
        name: '(b) single appends', events: SINGLE.events, storeSeconds: best((t) => t.singleAppends),
        baselineName: 'INSERT', baselineSeconds: best((t) => t.singleInserts), target: { eventsPerSecond: 5_000, ratio: 0.6 },
      },
      {
        name: '(c) readAll', events: BATCHED.events, storeSeconds: best((t) => t.readAll),
        baselineName: 'SELECT', baselineSeconds: best((t) => t.plainScan), target: { ratio: 0.9 },
      },
    ]);
    const indexedCopyRate = BATCHED.events / best((t) => t.indexedCopy);
    const batchedRate = BATCHED.events / best((t) => t.batchedAppends);
    console.log(
      `context: COPY into a table with the indexes of events: ${Math.round(indexedCopyRate).toLocaleString('en-US')} ev/s; ` +
        `batched appends reach ${((batchedRate / indexedCopyRate) * 100).toFixed(0)}% of it`,
    );
    const load = os.loadavg().map((average) => average.toFixed(1)).join(' ');
    const totalSeconds = (Date.now() - started) / 1000;
    console.log(
      `best of ${ROUNDS} rounds; PostgreSQL at ${new URL(serverUrl).host}; ${os.cpus().length} CPUs, ` +
        `load average ${load}; whole run ${totalSeconds.toFixed(1)} s`,
    );
  } finally {
    await plain.end().catch(() => undefined);
    await sql.close().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** Every workload once against its baseline, on empty tables and a store with nothing cached. */
async function runRound(sql: PgSqlClient, plain: pg.Pool, round: number): Promise<RoundTimings> {
  await plain.query('TRUNCATE events, streams, checkpoints, plain_batched, plain_single, indexed_batched');
  await settle(plain);
  const store = new PostgresEventStore(sql, { notify: false });

  log(`round ${round}: (a) ${BATCHED.events} events in appends of ${BATCHED.eventsPerAppend}, ${BATCHED.appenders} appenders`);
  const batchedAppends = await appendBatched(store);
  let batchedRows = await storedRows(plain);
  await settle(plain);
  log(`round ${round}: (a) baseline: COPY of the same ${batchedRows.length} rows`);
  const copy = await copyRows(plain, 'plain_batched', batchedRows);
  await settle(plain);
  log(`round ${round}: (a) context: COPY of the same rows into a table with the indexes of events`);
  const indexedCopy = await copyRows(plain, 'indexed_batched', batchedRows);
  batchedRows = [];
  await settle(plain);

  log(`round ${round}: (c) readAll in batches of ${READ_BATCH}`);
  const [readAll, readCount] = await readWholeLog(store);
  log(`round ${round}: (c) baseline: one plain SELECT of the same rows`);
  const [plainScan, scanCount] = await scanPlainTable(plain, 'plain_batched');
  if (readCount !== BATCHED.events || scanCount !== BATCHED.events) {
    throw new Error(`read ${readCount} events and scanned ${scanCount} rows, expected ${BATCHED.events}`);
  }
  await settle(plain);

  log(`round ${round}: (b) ${SINGLE.events} single-event appends, ${SINGLE.writers} writers on distinct streams`);
  const singleAppends = await appendSingly(store);
  const singleRows = await storedRows(plain, 'single-');
  await settle(plain);
  log(`round ${round}: (b) baseline: ${singleRows.length} single-row INSERTs, ${SINGLE.writers} writers`);
  const singleInserts = await insertRowsSingly(plain, 'plain_single', singleRows);
  await store.close();
  return { batchedAppends, copy, indexedCopy, readAll, plainScan, singleAppends, singleInserts };
}

// ---------------------------------------------------------------------------------------------
// The workloads

const appendMetadata = (universityIndex: number): EventMetadata => ({
  actor: `secretary-${universityIndex}`,
  universityId: `university-${universityIndex % 90}`,
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
});

/** A meeting record the size of the real ones, person ids only. */
function meetingHeld(number: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'MeetingHeld',
    schemaVersion: 1,
    occurredAt: new Date(Date.UTC(2024, number % 12, (number % 28) + 1, 8, 30)),
    data: {
      meetingId: randomUUID(),
      date: `2024-${String((number % 12) + 1).padStart(2, '0')}-${String((number % 28) + 1).padStart(2, '0')}`,
      place: '党员之家 (Room 301)',
      kinds: number % 3 === 0 ? ['THEMED_PARTY_DAY', 'PARTY_LECTURE'] : ['GENERAL_ASSEMBLY'],
      expected: 24,
      present: 22,
      absentees: [
        { personId: `person-${number % 997}`, reason: '出差' },
        { personId: `person-${(number + 7) % 997}`, reason: '病假' },
      ],
      hostPersonId: `person-${number % 31}`,
      recorderPersonId: `person-${number % 37}`,
      topic: `学习贯彻第${number % 50}次专题会议精神`,
      resolutions: ['落实三会一课', '开展谈心谈话'],
    },
  };
}

async function warmUp(store: PostgresEventStore, plain: pg.Pool): Promise<void> {
  const perAppend = BATCHED.eventsPerAppend;
  for (let done = 0; done < WARM_UP_EVENTS; done += perAppend) {
    const events = Array.from({ length: perAppend }, (_, index) => meetingHeld(done + index));
    await store.append(`warm-up-${done % 10}`, events, { metadata: appendMetadata(done) });
  }
  const rows = await storedRows(plain);
  await copyRows(plain, 'plain_batched', rows);
  await scanPlainTable(plain, 'plain_batched');
  await readWholeLog(store);
  await plain.query('TRUNCATE events, streams, plain_batched');
}

async function appendBatched(store: PostgresEventStore): Promise<number> {
  const appendsPerStream = BATCHED.events / BATCHED.eventsPerAppend / BATCHED.streams;
  // Prepared ahead: a caller has its events in hand before it appends them.
  const work = Array.from({ length: BATCHED.appenders }, () => [] as { streamId: string; events: NewEvent[]; options: AppendOptions }[]);
  let number = 0;
  for (let round = 0; round < appendsPerStream; round += 1) {
    for (let stream = 0; stream < BATCHED.streams; stream += 1) {
      const events = Array.from({ length: BATCHED.eventsPerAppend }, () => meetingHeld((number += 1)));
      work[stream % BATCHED.appenders]!.push({
        streamId: `branch-${stream}`,
        events,
        options: { expectedVersion: round === 0 ? 'no-stream' : round * BATCHED.eventsPerAppend, metadata: appendMetadata(stream) },
      });
    }
  }
  return timed(async () => {
    await Promise.all(
      work.map(async (appends) => {
        for (const { streamId, events, options } of appends) await store.append(streamId, events, options);
      }),
    );
  });
}

async function appendSingly(store: PostgresEventStore): Promise<number> {
  const perWriter = SINGLE.events / SINGLE.writers;
  const work = Array.from({ length: SINGLE.writers }, (_, writer) =>
    Array.from({ length: perWriter }, (_, index) => meetingHeld(writer * perWriter + index)),
  );
  return timed(async () => {
    await Promise.all(
      work.map(async (events, writer) => {
        const streamId = `single-${writer}`;
        for (const [index, event] of events.entries()) {
          await store.append(streamId, [event], {
            expectedVersion: index === 0 ? 'no-stream' : index,
            metadata: appendMetadata(writer),
          });
        }
      }),
    );
  });
}

async function readWholeLog(store: PostgresEventStore): Promise<[number, number]> {
  let count = 0;
  const seconds = await timed(async () => {
    let cursor: string | undefined;
    for (;;) {
      const batch = await store.readAll({ after: cursor, limit: READ_BATCH });
      if (batch.events.length === 0) return;
      count += batch.events.length;
      cursor = batch.cursor;
    }
  });
  return [seconds, count];
}

// ---------------------------------------------------------------------------------------------
// The baselines

/** The rows the store wrote, as a baseline writer would hold them in memory. */
async function storedRows(plain: pg.Pool, streamIdPrefix = ''): Promise<EventsTableRow[]> {
  const { rows } = await plain.query<EventsTableRow>(
    `SELECT ${COLUMNS.join(', ')} FROM events WHERE starts_with(stream_id, $1) ORDER BY global_position`,
    [streamIdPrefix],
  );
  return rows;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL as \N. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]!) : text;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

async function copyRows(plain: pg.Pool, table: string, rows: EventsTableRow[]): Promise<number> {
  const client = await plain.connect();
  try {
    return await timed(async () => {
      const rowsAsText = function* () {
        let chunk = '';
        for (const row of rows) {
          chunk += COLUMNS.map((column) => copyField(row[column])).join('\t') + '\n';
          if (chunk.length > 1 << 16) {
            yield chunk;
            chunk = '';
          }
        }
        if (chunk) yield chunk;
      };
      await pipeline(Readable.from(rowsAsText()), client.query(copyFrom(`COPY ${table} (${COLUMNS.join(', ')}) FROM STDIN`)));
    });
  } finally {
    client.release();
  }
}

async function insertRowsSingly(plain: pg.Pool, table: string, rows: EventsTableRow[]): Promise<number> {
  const insert = `INSERT INTO ${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})`;
  const perWriter = Math.ceil(rows.length / SINGLE.writers);
  return timed(async () => {
    await Promise.all(
      Array.from({ length: SINGLE.writers }, async (_, writer) => {
        const client = await plain.connect();
        try {
          for (const row of rows.slice(writer * perWriter, (writer + 1) * perWriter)) {
            await client.query(
              insert,
              COLUMNS.map((column) => (column === 'data' || column === 'metadata' ? JSON.stringify(row[column]) : row[column])),
            );
          }
        } finally {
          client.release();
        }
      }),
    );
  });
}

async function scanPlainTable(plain: pg.Pool, table: string): Promise<[number, number]> {
  let count = 0;
  const seconds = await timed(async () => {
    const { rows } = await plain.query(`SELECT ${COLUMNS.join(', ')} FROM ${table}`);
    count = rows.length;
  });
  return [seconds, count];
}

// ---------------------------------------------------------------------------------------------

/** Between phases: flush dirty pages and refresh statistics, so one phase does not pay for another. */
async function settle(plain: pg.Pool): Promise<void> {
  await plain.query('CHECKPOINT');
  await plain.query('VACUUM ANALYZE');
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function printTable(figures: Figure[]): void {
  const header = ['workload', 'events', 'store ev/s', 'baseline', 'baseline ev/s', 'ratio', 'target', 'met'];
  const lines = figures.map((figure) => {
    const storeRate = figure.events / figure.storeSeconds;
    const baselineRate = figure.events / figure.baselineSeconds;
    const ratio = storeRate / baselineRate;
    const targets = [
      ...(figure.target.eventsPerSecond ? [`≥ ${figure.target.eventsPerSecond.toLocaleString('en-US')} ev/s`] : []),
      `≥ ${Math.round(figure.target.ratio * 100)}%`,
    ];
    const met = storeRate >= (figure.target.eventsPerSecond ?? 0) && ratio >= figure.target.ratio;
    return [
      figure.name,
      figure.events.toLocaleString('en-US'),
      Math.round(storeRate).toLocaleString('en-US'),
      figure.baselineName,
      Math.round(baselineRate).toLocaleString('en-US'),
      `${(ratio * 100).toFixed(0)}%`,
      targets.join(', '),
      met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  console.log('');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
  console.log('');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
