import { signToken } from '../../libs/identity/src/tokens.js';
import { openBenchDataSet } from './beijing-data-set.js';
import { GraphQLLoadClient } from './graphql-load-client.js';
import { startServerProcess } from './service-process.js';

/**
 * npm run bench:page [-- --seconds S] [--clients C]
 *
 * What each field of a 50-branch `branches` page costs the service: the same page asked with more
 * and more fields (the page alone; member counts; secretaries with their dual-leader verdicts; their
 * names), closed loop, beside a constant query, the service in its own process (projections off: a
 * cluster's API process, so nothing but the requests runs in it). Per variant: requests a second
 * and the service's CPU milliseconds a request (from /proc), which moves far less than wall time
 * when other work shares the machine. The Beijing-scale set, as bench:queries; the service with
 * NODE_ENV=production, as deployed; keep-alive connections (graphql-load-client.ts).
 */
const VARIANTS: Record<string, string> = {
  'floor { __typename }': '{ __typename }',
  'page: id name kind': '{ id name kind }',
  '+ memberCount': '{ id name kind memberCount }',
  '+ secretary { personId dualLeader }': '{ id name kind memberCount secretary { personId dualLeader } }',
  '+ secretary name (the dashboard page)': '{ id name kind memberCount secretary { personId name dualLeader } }',
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
  const seconds = flag('--seconds', 5);
  const clients = flag('--clients', 8);
  const runtime = await openBenchDataSet({ fresh: false });
  const { rows } = await runtime.sql.query<{ id: string }>(
    `SELECT university_id AS id FROM events WHERE type = 'BranchEstablished' GROUP BY 1 ORDER BY count(*) DESC, 1 OFFSET 1 LIMIT 1`,
  );
  const universityId = rows[0]!.id;
  const secret = runtime.jwtSecret;
  const server = await startServerProcess({
    databaseUrl: runtime.configuration.databaseUrl!,
    secret,
    projections: 'off',
    // As deployed (docker/Dockerfile): graphql-js and Express skip their development checks.
    environment: { RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: 'production' },
  });
  const token = await signToken({ subject: 'bench-portal', role: 'PORTAL', universityId }, secret);
  const client = new GraphQLLoadClient({ connections: clients, timeoutMs: 10_000 });
  const send = async (query: string) => {
    const { answer } = await client.post(server.url, token, query, { u: universityId });
    if (answer.errors) throw new Error(JSON.stringify(answer.errors).slice(0, 300));
  };
  process.stdout.write(`university ${universityId}, ${clients} clients, ${seconds} s a variant\n`);
  process.stdout.write(`${'variant'.padEnd(40)}  ${'per s'.padStart(6)}  CPU ms/req\n`);
  for (const [name, fields] of Object.entries(VARIANTS)) {
    const query = fields === '{ __typename }' ? fields : `query ($u: ID) { branches(filter: { universityId: $u }, first: 50) { totalCount edges { node ${fields} } } }`;
    // Warm: the page's shared answers computed, the code paths compiled.
    for (let index = 0; index < 200; index += 1) await send(query);
    const cpuBefore = server.cpuMs();
    const started = Date.now();
    let count = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (Date.now() - started < seconds * 1000) {
          await send(query);
          count += 1;
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    process.stdout.write(`${name.padEnd(40)}  ${(count / elapsed).toFixed(0).padStart(6)}  ${((server.cpuMs() - cpuBefore) / count).toFixed(2)}\n`);
  }
  await server.stop();
  await client.close();
  await runtime.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
