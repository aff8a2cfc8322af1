import { createWriteStream, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { shanghaiToday } from '../../libs/domain/src/shanghai-calendar.js';
import { inspectChains } from '../../libs/event-store/src/chain-verification.js';
import { plainLogOrderScan } from '../../libs/event-store/src/log-order-pass.js';
import { storeDigest } from '../../libs/event-store/src/store-digest.js';
import { writeEventArchive } from '../../libs/inspection/src/event-archive/event-archive.js';
import { ledgerWorkbook } from '../../libs/inspection/src/ledger-workbook/ledger-workbook.js';
import { workbookFigures } from '../../libs/inspection/src/ledger-workbook/workbook-figures.js';
import type { PolicyVersion } from '../../libs/policy/src/policy-model/policy-version.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { withAsOfView } from '../../libs/projections/src/as-of/as-of-view.js';
import { LiveGenerations } from '../../libs/projections/src/projection-engine/live-generations.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { RECTIFICATION_LEDGER_READS, rectificationLedger } from '../../libs/projections/src/rectification-ledger/ledger-query.js';
import { benchOptions, openBenchDataSet } from './beijing-data-set.js';

/**
 * npm run bench:audit [-- --branches N] [--fresh]
 *
 * What an inspection costs at Beijing scale: chain verification (SHA-256 over RFC 8785 JSON of
 * every event) beside a plain scan of the same rows with the same statement in the same run, the
 * store digest, the largest university's workbook (XLSX) and event archive (NDJSON), and an `asOf`
 * ledger query for one university-year.
 */
/** Each figure as soon as it is measured (the table follows at the end). */
const progress = (line: string) => process.stdout.write(`  ${line}\n`);

/** Position ranges read side by side (the CLI's choice on PostgreSQL). */
const PARTS = 3;

async function main(): Promise<void> {
  const runtime = await openBenchDataSet(benchOptions(process.argv.slice(2)));
  const { sql } = runtime;
  const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
  // CPU of this process, every thread (the hashing workers too); PostgreSQL's is not in it.
  const cpuSeconds = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  };
  const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
  const total = Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
  process.stdout.write(`events in the store: ${total.toLocaleString('en')}\n`);

  // The read models the workbook reads, caught up before anything is measured.
  const catchUp = process.hrtime.bigint();
  await new ProjectionRunner(sql, runtime.eventStore, ALL_PROJECTIONS, { batchSize: 5000 }).runUntilIdle();
  process.stdout.write(`read models caught up in ${seconds(catchUp).toFixed(1)} s\n`);

  // Baseline: the verifier's own statements on the same ranges (log order, binary COPY), rows read
  // and delimited, nothing canonicalized or hashed. Both walk the store in the same parts side by
  // side, as `verify` does on PostgreSQL. Then session 2's baseline, the same rows through queries.
  progress(`load average ${load()}`);
  const scanStarted = process.hrtime.bigint();
  let cpuStarted = cpuSeconds();
  const scanned = await plainLogOrderScan(sql, { parallelism: PARTS, reading: 'copy' });
  const scanSeconds = seconds(scanStarted);
  progress(`plain scan (COPY): ${scanned} rows in ${scanSeconds.toFixed(1)} s, Node CPU ${(cpuSeconds() - cpuStarted).toFixed(1)} s`);
  const queryScanStarted = process.hrtime.bigint();
  const queryScanned = await plainLogOrderScan(sql, { parallelism: PARTS, reading: 'queries' });
  const queryScanSeconds = seconds(queryScanStarted);
  progress(`plain scan (queries): ${queryScanned} rows in ${queryScanSeconds.toFixed(1)} s`);

  const verifyStarted = process.hrtime.bigint();
  cpuStarted = cpuSeconds();
  const verification = await inspectChains(sql, {}, { parallelism: PARTS });
  const verifySeconds = seconds(verifyStarted);
  progress(`verification: ${verification.eventsChecked} events in ${verifySeconds.toFixed(1)} s, Node CPU ${(cpuSeconds() - cpuStarted).toFixed(1)} s`);
  if (!verification.ok) throw new Error(`the bench store does not verify: ${verification.breaks[0]!.description}`);

  const digestStarted = process.hrtime.bigint();
  cpuStarted = cpuSeconds();
  const digest = await storeDigest(sql, { parallelism: PARTS });
  const digestSeconds = seconds(digestStarted);
  progress(`digest: ${digest.events} events in ${digestSeconds.toFixed(1)} s, Node CPU ${(cpuSeconds() - cpuStarted).toFixed(1)} s; load average ${load()}`);

  const { rows: largest } = await sql.query<{ university_id: string; events: string }>(
    `SELECT university_id, count(*) AS events FROM events WHERE university_id IS NOT NULL GROUP BY university_id ORDER BY count(*) DESC LIMIT 1`,
  );
  const universityId = largest[0]!.university_id;
  const universityEvents = Number(largest[0]!.events);
  const year = 2019;
  const versions = (await runtime.eventStore.readStream('policy'))
    .filter((event) => event.type === 'PolicyVersionPublished')
    .map((event) => event.data as unknown as PolicyVersion);
  const live = new LiveGenerations(sql, runtime.eventStore);
  const today = shanghaiToday();

  const xlsxFile = path.join(tmpdir(), `bench-audit-${process.pid}.xlsx`);
  const xlsxStarted = process.hrtime.bigint();
  const figures = await workbookFigures(sql, runtime.eventStore, live, versions, { universityId, year, today });
  await writeFile(xlsxFile, await ledgerWorkbook(figures));
  const xlsxSeconds = seconds(xlsxStarted);
  const xlsxBytes = statSync(xlsxFile).size;
  progress(`xlsx: ${xlsxSeconds.toFixed(2)} s`);
  rmSync(xlsxFile);

  const ndjsonFile = path.join(tmpdir(), `bench-audit-${process.pid}.ndjson`);
  const ndjsonStarted = process.hrtime.bigint();
  const out = createWriteStream(ndjsonFile);
  const archived = await writeEventArchive(sql, { universityId }, out);
  out.end();
  await finished(out);
  const ndjsonSeconds = seconds(ndjsonStarted);
  const ndjsonBytes = statSync(ndjsonFile).size;
  progress(`ndjson: ${archived.events} events in ${ndjsonSeconds.toFixed(1)} s`);
  rmSync(ndjsonFile);

  // asOf: the university's events recorded by the end of the year's last recorded day, replayed
  // into the read models the ledger reads (what the rectificationLedger query's as-of view replays).
  const { rows: instants } = await sql.query<{ at: Date }>(`SELECT max(recorded_at) AS at FROM events WHERE university_id = $1`, [universityId]);
  const asOf = new Date(instants[0]!.at);
  const asOfTimes: number[] = [];
  let asOfEntries = 0;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const started = process.hrtime.bigint();
    const ledger = await withAsOfView(sql, runtime.eventStore, RECTIFICATION_LEDGER_READS, { asOf, universityId }, (tx, tables, policy) =>
      rectificationLedger(tx, tables, { year, scope: { universityId }, today, versions: policy }),
    );
    asOfTimes.push(seconds(started) * 1000);
    asOfEntries = ledger.entries.length;
  }
  const asOfMs = [...asOfTimes].sort((a, b) => a - b)[1]!;

  const rate = (events: number, elapsed: number) => `${Math.round(events / elapsed).toLocaleString('en')} events/s`;
  const verifyRate = verification.eventsChecked / verifySeconds;
  const table = [
    ['figure', 'value', 'target', 'verdict'],
    ['plain scan (same COPY statements, no hashing)', `${rate(scanned, scanSeconds)} (${scanSeconds.toFixed(1)} s)`, '', ''],
    ['plain scan through queries (session 2 baseline)', `${rate(queryScanned, queryScanSeconds)} (${queryScanSeconds.toFixed(1)} s)`, '', ''],
    [
      'verification (SHA-256 + RFC 8785)',
      `${rate(verification.eventsChecked, verifySeconds)} (${verifySeconds.toFixed(1)} s)`,
      '>= 200,000 events/s',
      verifyRate >= 200_000 ? 'met' : 'MISSED',
    ],
    ['verification / plain scan', `${((verifyRate / (scanned / scanSeconds)) * 100).toFixed(0)} %`, '', ''],
    ['digest of the whole store', `${digestSeconds.toFixed(1)} s, ${rate(digest.events, digestSeconds)} (${digest.streams.toLocaleString('en')} streams)`, '', ''],
    [`XLSX, university ${universityId} ${year}`, `${xlsxSeconds.toFixed(2)} s, ${figures.ledger.entries.length} ledger rows, ${(xlsxBytes / 1024).toFixed(0)} KiB`, '', ''],
    [`NDJSON, university ${universityId}`, `${ndjsonSeconds.toFixed(1)} s, ${rate(archived.events, ndjsonSeconds)}, ${(ndjsonBytes / 1024 / 1024).toFixed(0)} MiB`, '', ''],
    [`asOf ledger, ${universityId} ${year} (${universityEvents.toLocaleString('en')} events)`, `${asOfMs.toFixed(0)} ms (median of 3), ${asOfEntries} entries`, '<= 500 ms', asOfMs <= 500 ? 'met' : 'MISSED'],
  ];
  const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
  process.stdout.write(`digest: ${digest.digest} ${digest.position} ${digest.events}\n`);
  await runtime.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
