import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { ServiceUnderTest } from '../service-under-test.js';
import { ReadModels } from '../../apps/api/src/reading/read-models.js';
import { CountingSqlClient } from './counting-sql-client.js';
import { catchUp, mutationRunner } from './known-history.js';

const BRANCHES = 60;
/** Past every read-side cache (live generations 500 ms, policy catalog 250 ms): each request measured cold. */
const CACHES_EXPIRE_MS = 600;

/**
 * A page of `branches` costs a constant few statements, batched per request, and only for the
 * fields asked: 50 branches with secretaries, officers and names as few as 10.
 */
describe('the cost of a branches page', () => {
  let service: ServiceUnderTest;
  let counting: CountingSqlClient;
  let admin: string;
  let run: ReturnType<typeof mutationRunner>;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ projections: 'off' }, {}, (sql) => (counting = new CountingSqlClient(sql)));
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    run = mutationRunner(() => service, () => admin);
    await run('registerUniversity', { id: '10001', name: '北京大学' });
    await run('registerUnit', { universityId: '10001', unitId: 'u1', name: '数学学院' });
    for (let index = 0; index < BRANCHES; index += 1) {
      const id = String(index).padStart(3, '0');
      await run('registerPerson', { personId: `s${id}`, universityId: '10001', name: `书记${id}` });
      await run('registerPerson', { personId: `d${id}`, universityId: '10001', name: `副书记${id}` });
      await run('establishBranch', { branchId: `B${id}`, universityId: '10001', unitId: 'u1', name: `支部${id}`, kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
      await run('holdElection', {
        branchId: `B${id}`, heldOn: '2019-03-01', secretary: { personId: `s${id}`, title: 'PROFESSOR', academicBackbone: false }, deputySecretaryIds: [`d${id}`],
      });
      if (index % 2 === 0) await run('reportMemberCount', { branchId: `B${id}`, on: '2019-06-01', count: 6 });
    }
    // The projections run outside the service (and outside the count), on the plain client.
    const store = new PostgresEventStore(service.database.sql);
    await catchUp(new ProjectionRunner(service.database.sql, store, ALL_PROJECTIONS), service, admin, run.lastPosition());
    await store.close();
  }, 240_000);

  afterAll(async () => {
    await service.stop();
  });

  /** One request, cold (nothing shared from an earlier one) unless `warm`, with the statements it issued. */
  async function measured(query: string, warm = false): Promise<{ data: Record<string, any>; statements: string[] }> {
    await new Promise((resolve) => setTimeout(resolve, CACHES_EXPIRE_MS));
    if (!warm) service.app.get(ReadModels).forgetAnswers();
    counting.statements.length = 0;
    counting.recording = true;
    const response = await service.graphql(query, {}, admin);
    counting.recording = false;
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return { data: response.data!, statements: [...counting.statements] };
  }

  /**
   * A request's own statements. Beside them, what short caches keep (the live generations and the
   * universities' change stamps, the policy head) is read again whenever a cache has expired, which
   * on a slow machine can happen twice in one request.
   */
  const freshness = /FROM events|FROM projection_generations|FROM streams WHERE stream_id = \$1/;
  const pageCost = (statements: string[]) => statements.filter((statement) => !freshness.test(statement));
  const touching = (statements: string[], table: RegExp) => statements.filter((statement) => table.test(statement));
  const FULL = (first: number) => `{ branches(first: ${first}) { totalCount edges { node {
    id name memberCount lastElectionOn termEndsOn electionOverdue version
    secretary { personId name role title dualLeader } officers { personId name role } } } } }`;

  it('serves a 50-branch page with secretaries, officers and names correctly', async () => {
    const { data } = await measured(FULL(50));
    const nodes = data.branches.edges.map((edge: any) => edge.node);
    expect(data.branches.totalCount).toBe(BRANCHES);
    expect(nodes).toHaveLength(50);
    nodes.forEach((node: any, index: number) => {
      const id = String(index).padStart(3, '0');
      expect(node).toEqual({
        id: `B${id}`, name: `支部${id}`, memberCount: index % 2 === 0 ? 6 : 5, lastElectionOn: '2019-03-01', termEndsOn: '2022-03-01',
        electionOverdue: true, version: index % 2 === 0 ? 3 : 2,
        secretary: { personId: `s${id}`, name: `书记${id}`, role: 'SECRETARY', title: 'PROFESSOR', dualLeader: true },
        officers: [{ personId: `s${id}`, name: `书记${id}`, role: 'SECRETARY' }, { personId: `d${id}`, name: `副书记${id}`, role: 'DEPUTY_SECRETARY' }],
      });
    });
  });

  it('costs the same few statements for 50 branches as for 10, one per kind of fact', async () => {
    const fifty = await measured(FULL(50));
    const ten = await measured(FULL(10));
    // The page, its count and one statement per kind of fact.
    expect(pageCost(fifty.statements).length).toBeLessThanOrEqual(6);
    expect(pageCost(fifty.statements).length).toBe(pageCost(ten.statements).length);
    // One statement each for the officers, the member counts, the names and the stream versions.
    for (const kind of [/officer_events/, /member_counts/, /person_registry WHERE/, /stream_id = ANY/]) {
      expect(touching(fifty.statements, kind)).toHaveLength(1);
      expect(touching(ten.statements, kind)).toHaveLength(1);
    }
  });

  it('reads no officers, counts, names or versions for a page that asks none', async () => {
    const { data, statements } = await measured(`{ branches(first: 50) { totalCount edges { node { id name kind status } } } }`);
    expect(data.branches.edges).toHaveLength(50);
    expect(pageCost(statements)).toHaveLength(2);
    expect(touching(statements, /officer_events|member_counts|person_registry WHERE|stream_id = ANY/)).toEqual([]);
  });

  it('reads only what the fields asked need', async () => {
    const counts = await measured(`{ branches(first: 50) { edges { node { id memberCount } } } }`);
    expect(touching(counts.statements, /member_counts/)).toHaveLength(1);
    expect(touching(counts.statements, /officer_events|person_registry WHERE|stream_id = ANY/)).toEqual([]);

    const officers = await measured(`{ branches(first: 50) { edges { node { id secretary { personId role dualLeader } officers { personId role } } } } }`);
    expect(officers.data.branches.edges[7].node.secretary).toEqual({ personId: 's007', role: 'SECRETARY', dualLeader: true });
    expect(touching(officers.statements, /officer_events/)).toHaveLength(1);
    // No name asked, none read.
    expect(touching(officers.statements, /member_counts|person_registry WHERE|stream_id = ANY/)).toEqual([]);
  });

  it("answers a kept page's fields from what its rows were first served with: the same values, no fact asked for again", async () => {
    const cold = await measured(FULL(50));
    const readModels = service.app.get(ReadModels);
    const answer = readModels.answer.bind(readModels);
    const asked: unknown[] = [];
    readModels.answer = ((question: unknown[], ...rest: [never, never, never]) => {
      asked.push(question[0]);
      return answer(question, ...rest);
    }) as typeof readModels.answer;
    try {
      const warm = await measured(FULL(50), true);
      const again = await measured(FULL(50), true);
      expect(warm.data).toEqual(cold.data);
      expect(again.data).toEqual(cold.data);
      // The page itself is asked for (its key says whether the university changed); its officers,
      // member counts and names come with its rows.
      expect(asked).toEqual(['branches', 'branches']);
    } finally {
      readModels.answer = answer;
    }
  });

  it('shares a page, its officers and their names until the university changes, then reads them again', async () => {
    const page = `{ branches(filter: { universityId: "10001" }, first: 50) { edges { node { id memberCount secretary { personId name } } } } }`;
    const cold = await measured(page);
    expect(touching(cold.statements, /officer_events/)).toHaveLength(1);
    const warm = await measured(page, true);
    expect(warm.data).toEqual(cold.data);
    // Only what the answers are keyed by: the names are shared too, until an erasure (migration 009).
    expect(touching(warm.statements, /officer_events|member_counts|_branches_g\d|person_registry WHERE/)).toEqual([]);

    await run('registerPerson', { personId: 'n007', universityId: '10001', name: '新书记007' });
    await run('replaceSecretary', { branchId: 'B007', on: '2019-09-01', secretary: { personId: 'n007', title: 'LECTURER', academicBackbone: false }, reason: '工作调动' });
    const store = new PostgresEventStore(service.database.sql);
    await catchUp(new ProjectionRunner(service.database.sql, store, ALL_PROJECTIONS), service, admin, run.lastPosition());
    await store.close();
    const changed = await measured(page, true);
    expect(changed.data.branches.edges[7].node.secretary).toEqual({ personId: 'n007', name: '新书记007' });
    expect(touching(changed.statements, /officer_events/)).toHaveLength(1);
  });
});
