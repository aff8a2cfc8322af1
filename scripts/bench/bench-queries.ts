import { Agent, fetch } from 'undici';
import { signToken } from '../../libs/identity/src/tokens.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { benchOptions, openBenchDataSet } from './beijing-data-set.js';
import { startServerProcess } from './service-process.js';

/**
 * npm run bench:queries [-- --branches N] [--seconds S]
 *
 * 32 concurrent portal clients issue the dashboard queries over HTTP against the Beijing-scale
 * data (each client a university's portal token), with the service (its own process, projections
 * off as in the cluster) and the clients in this run.
 */
const CLIENTS = 32;
const YEAR = 2019;

const DASHBOARD: Record<string, string> = {
  rectificationLedger: `query ($u: ID!) { rectificationLedger(year: ${YEAR}, universityId: $u) { policyVersion summary { listed converted conversionRate targetMet } entries { caseId status } } }`,
  trainingCoverage: `query ($u: ID!) { trainingCoverage(year: ${YEAR}, universityId: $u) { policyVersion secretaries { inOffice trained rate } committeeMembers { inOffice trained rate } byUnit { unitId secretaries { rate } } } }`,
  dualLeaderStats: `query ($u: ID!) { dualLeaderStats(year: ${YEAR}, universityId: $u) { policyVersion teacherBranches withDualLeader rate trend { year rate } byUnit { unitId rate } } }`,
  complianceSummary: `query ($u: ID!) { complianceSummary(year: ${YEAR}, universityId: $u) { policyVersion branches fullyCompliant averageScore } }`,
  branches: `query ($u: ID!) { branches(filter: { universityId: $u }, first: 50) { totalCount edges { node { id name kind memberCount secretary { personId name dualLeader } } } } }`,
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const secondsFlag = argv.indexOf('--seconds');
  const seconds = secondsFlag >= 0 ? Number(argv[secondsFlag + 1]) : 15;
  const runtime = await openBenchDataSet(benchOptions(argv));
  await new ProjectionRunner(runtime.sql, runtime.eventStore, ALL_PROJECTIONS, { batchSize: 5000 }).runUntilIdle();
  const universities = (await runtime.sql.query<{ id: string }>(
    `SELECT DISTINCT university_id AS id FROM events WHERE type = 'UniversityRegistered'`,
  )).rows.map((row) => row.id);
  const tokens = new Map(
    await Promise.all(
      universities.map(async (id) => [id, await signToken({ subject: `portal-${id}`, role: 'PORTAL', universityId: id }, runtime.jwtSecret)] as const),
    ),
  );

  // The service in its own process, as deployed (an API process of the cluster: projections off).
  const server = await startServerProcess({ databaseUrl: runtime.configuration.databaseUrl!, secret: runtime.jwtSecret, projections: 'off' });
  const url = server.url;
  const dispatcher = new Agent({ connections: CLIENTS, keepAliveTimeout: 30_000 });
  const names = Object.keys(DASHBOARD);

  const ask = async (name: string, universityId: string): Promise<number> => {
    const started = process.hrtime.bigint();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(universityId)}` },
      body: JSON.stringify({ query: DASHBOARD[name], variables: { u: universityId } }),
      dispatcher,
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors).slice(0, 300)}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };

  // Warm-up: every query once per university.
  for (const universityId of universities) await Promise.all(names.map((name) => ask(name, universityId)));

  const latencies = new Map<string, number[]>(names.map((name) => [name, []]));
  const deadline = Date.now() + seconds * 1000;
  let issued = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      let turn = client;
      while (Date.now() < deadline) {
        const name = names[turn % names.length]!;
        const universityId = universities[(turn * 7 + client) % universities.length]!;
        turn += 1;
        latencies.get(name)!.push(await ask(name, universityId));
        issued += 1;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const rows = [['query', 'count', 'p50 ms', 'p95 ms', 'p99 ms']];
  for (const [name, values] of latencies) {
    const sorted = values.sort((a, b) => a - b);
    rows.push([name, String(sorted.length), percentile(sorted, 50).toFixed(1), percentile(sorted, 95).toFixed(1), percentile(sorted, 99).toFixed(1)]);
  }
  rows.push(['all', String(all.length), percentile(all, 50).toFixed(1), percentile(all, 95).toFixed(1), percentile(all, 99).toFixed(1)]);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  process.stdout.write(`${universities.length} universities, ${CLIENTS} clients, ${seconds} s\n`);
  for (const row of rows) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}\n`);
  const rate = issued / elapsed;
  const p99 = percentile(all, 99);
  process.stdout.write(
    `throughput ${rate.toFixed(0)} queries/s (target >= 1,000: ${rate >= 1000 ? 'met' : 'MISSED'}); p99 ${p99.toFixed(1)} ms (target <= 25 ms: ${p99 <= 25 ? 'met' : 'MISSED'})\n`,
  );
  await server.stop();
  await dispatcher.close();
  await runtime.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
