import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { ServiceUnderTest, type GraphQLResponse } from '../service-under-test.js';
import { catchUp, mutationRunner } from './known-history.js';

/** What the service waits for a position here: short, so that a test observes the timeout. */
const WAIT_MS = 300;

/** Every query that takes atLeastPosition (each asked in its own request: one refusal must not hide another). */
const READS: Record<string, string> = {
  universities: 'universities(atLeastPosition: $p) { id }',
  university: 'university(id: "10001", atLeastPosition: $p) { id }',
  branch: 'branch(id: "B1", atLeastPosition: $p) { id name }',
  branches: 'branches(atLeastPosition: $p) { totalCount edges { node { id name } } }',
  rectificationLedger: 'rectificationLedger(year: 2019, atLeastPosition: $p) { policyVersion }',
  trainingCoverage: 'trainingCoverage(year: 2019, atLeastPosition: $p) { policyVersion }',
  dualLeaderStats: 'dualLeaderStats(year: 2019, atLeastPosition: $p) { teacherBranches policyVersion }',
  branchCompliance: 'branchCompliance(branchId: "B1", year: 2019, atLeastPosition: $p) { policyVersion }',
  complianceSummary: 'complianceSummary(year: 2019, atLeastPosition: $p) { branches policyVersion }',
};
const FIELDS = Object.keys(READS);

/**
 * A service that runs no projections (the tests run the real runner on the same database when they
 * want them to catch up), with university 10001, its unit u1 and branch B1 recorded.
 */
async function serviceWithBranchB1(): Promise<{ service: ServiceUnderTest; admin: string; run: ReturnType<typeof mutationRunner> }> {
  const service = await ServiceUnderTest.start({ projections: 'off', readYourWritesTimeoutMs: WAIT_MS });
  const admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
  const run = mutationRunner(() => service, () => admin);
  await run('registerUniversity', { id: '10001', name: '北京大学' });
  await run('registerUnit', { universityId: '10001', unitId: 'u1', name: '数学学院' });
  await run('establishBranch', { branchId: 'B1', universityId: '10001', unitId: 'u1', name: '数学教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
  return { service, admin, run };
}

/**
 * Read-your-writes that never lies (issue 9): this process runs no projections, the test runs the
 * real runner on the same database when it wants them to catch up, so a position can be left
 * unreached on purpose.
 */
describe('read-your-writes', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let runner: ProjectionRunner;
  let run: ReturnType<typeof mutationRunner>;

  beforeAll(async () => {
    ({ service, admin, run } = await serviceWithBranchB1());
    await run('registerUniversity', { id: '10002', name: '中国人民大学' });
    await run('registerUnit', { universityId: '10002', unitId: 'v1', name: '经济学院' });
    await run('establishBranch', { branchId: 'R1', universityId: '10002', unitId: 'v1', name: '经济教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
    runner = new ProjectionRunner(service.runtime.sql, service.runtime.eventStore, ALL_PROJECTIONS);
    await catchUp(runner, service, admin, run.lastPosition());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  /** Every read with the position, side by side: each one's data and error. */
  async function readEvery(position: string, token = admin): Promise<Record<string, GraphQLResponse>> {
    const answers = await Promise.all(
      FIELDS.map((field) => service.graphql(`query ($p: String) { ${READS[field]} }`, { p: position }, token)),
    );
    return Object.fromEntries(FIELDS.map((field, index) => [field, answers[index]!]));
  }

  function codes(responses: Record<string, GraphQLResponse>): Record<string, string | undefined> {
    return Object.fromEntries(Object.entries(responses).map(([field, response]) => [field, response.errors?.[0]?.extensions?.code]));
  }

  function dataOf(responses: Record<string, GraphQLResponse>): Record<string, any> {
    for (const [field, response] of Object.entries(responses)) if (response.errors) throw new Error(`${field}: ${JSON.stringify(response.errors)}`);
    return Object.fromEntries(Object.entries(responses).map(([field, response]) => [field, response.data![field]]));
  }

  const every = (code: string) => Object.fromEntries(FIELDS.map((field) => [field, code]));

  it('answers every read once the position is applied', async () => {
    const served = dataOf(await readEvery(run.lastPosition()));
    expect(served.branch).toEqual({ id: 'B1', name: '数学教工支部' });
  });

  it('refuses with NOT_YET_CONSISTENT, never older data, while the position is not applied; then serves the write', async () => {
    const applied = run.lastPosition();
    // Warm the kept answers on the state before the write: they must not be served after it.
    const warm = dataOf(await readEvery(applied));
    expect(warm.dualLeaderStats.teacherBranches).toBe(2);

    await run('renameBranch', { branchId: 'B1', name: '数学教工第一支部' });
    await run('establishBranch', { branchId: 'B2', universityId: '10001', unitId: 'u1', name: '数学教工二支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
    const written = run.lastPosition();

    const started = Date.now();
    const refused = await readEvery(written);
    const waited = Date.now() - started;
    expect(codes(refused)).toEqual(every('NOT_YET_CONSISTENT'));
    for (const response of Object.values(refused)) {
      // Nothing older was served in its place (a nullable field is null beside its error).
      expect(Object.values(response.data ?? {}).filter((value) => value !== null)).toEqual([]);
      expect(response.errors).toHaveLength(1);
      const error = response.errors![0]!;
      expect(error.extensions).toMatchObject({ code: 'NOT_YET_CONSISTENT', position: written, readModelsPosition: applied, retryable: true });
      expect(error.message).toContain(written);
      // A refusal names positions only: no stream, no university, no branch.
      expect(error.message).not.toMatch(/branch|university|10001|B1|B2/i);
    }
    expect(waited).toBeGreaterThanOrEqual(WAIT_MS);
    expect(waited).toBeLessThan(WAIT_MS + 5_000);

    await catchUp(runner, service, admin, written);
    const served = dataOf(await readEvery(written));
    expect(served.branch.name).toBe('数学教工第一支部');
    expect(served.branches.totalCount).toBe(3);
    expect(served.dualLeaderStats.teacherBranches).toBe(3);
    expect(served.complianceSummary.branches).toBe(3);
  });

  it('refuses a position beyond anything recorded with BAD_USER_INPUT, at once', async () => {
    const beyond = String(BigInt(run.lastPosition()) + 1000n);
    const started = Date.now();
    const refused = await readEvery(beyond);
    // Refused without waiting for the projections (the wait alone would take WAIT_MS).
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
    expect(codes(refused)).toEqual(every('BAD_USER_INPUT'));
  });

  it.each(['abc', '-1', '1e3', '12345678901234567890', ' 7', ''])('refuses the malformed position %p with BAD_USER_INPUT', async (position) => {
    expect(codes(await readEvery(position))).toEqual(every('BAD_USER_INPUT'));
  });

  it("waits for another university's position like any other and reveals nothing of it", async () => {
    const portal = await service.token({ role: 'PORTAL', universityId: '10002' });
    await run('renameBranch', { branchId: 'B1', name: '数学教工支部（新）' });
    const foreign = run.lastPosition();
    const READ = `query ($p: String) { branches(atLeastPosition: $p) { edges { node { id name } } } }`;
    const theirs = await service.graphql(READ, { p: foreign }, portal);
    const owner = await service.graphql(READ, { p: foreign }, admin);
    // The same refusal, word for word, as for the university that wrote it.
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_YET_CONSISTENT');
    expect(theirs.errors![0]!.message).toBe(owner.errors![0]!.message);
    expect(theirs.errors![0]!.extensions).toEqual(owner.errors![0]!.extensions);

    await catchUp(runner, service, admin, foreign);
    const served = await service.graphql(READ, { p: foreign }, portal);
    expect(served.errors).toBeUndefined();
    expect(served.data!.branches.edges).toEqual([{ node: { id: 'R1', name: '经济教工支部' } }]);
    const foreignBranch = await service.graphql(`query ($p: String) { branch(id: "B1", atLeastPosition: $p) { id } }`, { p: foreign }, portal);
    expect(foreignBranch).toMatchObject({ data: { branch: null } });
    expect(foreignBranch.errors).toBeUndefined();
  });
});

/**
 * Just after a start, the projections' first build is under way and nothing is live: a position
 * waited for then was once taken as reached by the projections already live (none, or some), and
 * `branch` answered null for a branch just established.
 */
describe('read-your-writes before every projection has gone live', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let run: ReturnType<typeof mutationRunner>;

  beforeAll(async () => {
    ({ service, admin, run } = await serviceWithBranchB1());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  const READ = 'query ($p: String) { branch(id: "B1", atLeastPosition: $p) { id name } }';

  it('refuses with NOT_YET_CONSISTENT (applied: 0) until every projection is live, then serves the write', async () => {
    const written = run.lastPosition();
    const none = await service.graphql(READ, { p: written }, admin);
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_YET_CONSISTENT', position: written, readModelsPosition: '0' });
    expect(none.data?.branch ?? null).toBeNull();

    // The organization alone built and live (it holds the branch): the others have applied nothing yet.
    const organization = ALL_PROJECTIONS.filter((projection) => projection.name === 'organization');
    await new ProjectionRunner(service.runtime.sql, service.runtime.eventStore, organization).runUntilIdle();
    const some = await service.graphql(READ, { p: written }, admin);
    expect(some.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_YET_CONSISTENT', position: written, readModelsPosition: '0' });

    await catchUp(new ProjectionRunner(service.runtime.sql, service.runtime.eventStore, ALL_PROJECTIONS), service, admin, written);
    const served = await service.graphql(READ, { p: written }, admin);
    expect(served.errors).toBeUndefined();
    expect(served.data!.branch).toEqual({ id: 'B1', name: '数学教工支部' });
  });
});
