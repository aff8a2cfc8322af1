import { PostgresEventStore } from '../../libs/event-store/src/postgres-event-store.js';
import { ALL_PROJECTIONS } from '../../libs/projections/src/all-projections.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-engine/projection-runner.js';
import { ServiceUnderTest } from '../service-under-test.js';
import { PersonRegistry } from '../../apps/api/src/people/person-registry.js';
import type { SqlClient } from '../../libs/database/src/sql-client.js';
import { CountingSqlClient } from './counting-sql-client.js';
import { catchUp, mutationRunner, type RunMutation } from './known-history.js';

/** Past the read models' state and the universities' stamps (ANSWER_POSITION_FRESHNESS_MS, 100 ms). */
const STAMPS_EXPIRE_MS = 150;

const FIGURES = `query ($u: ID) {
  complianceSummary(year: 2019, universityId: $u) { branches fullyCompliant averageScore policyVersion }
  trainingCoverage(year: 2019, universityId: $u) { secretaries { inOffice trained } byUnit { unitId unitName secretaries { trained } } untrained { personId name } }
  dualLeaderStats(year: 2019, universityId: $u) { teacherBranches withDualLeader trend { year rate } byUnit { unitId rate } }
  rectificationLedger(year: 2019, universityId: $u) { summary { listed converted open } entries { caseId status } }
}`;

/**
 * One university's answers are shared until that university changes (its change stamps), not
 * until anything anywhere is written: a write to another university leaves them standing and
 * costs them no figure read; a write to it, or one recorded for no university (attendance at a
 * MUNICIPAL session), shows without atLeastPosition once the projections have applied it.
 */
describe('answers shared per university', () => {
  let service: ServiceUnderTest;
  let counting: CountingSqlClient;
  let admin: string;
  let run: RunMutation & { lastPosition: () => string };
  let runner: ProjectionRunner;
  let store: PostgresEventStore;

  beforeAll(async () => {
    service = await ServiceUnderTest.start({ projections: 'off' }, {}, (sql) => (counting = new CountingSqlClient(sql)));
    admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
    run = mutationRunner(() => service, () => admin);
    for (const [university, name] of [['10001', '北京大学'], ['10002', '清华大学']] as const) {
      await run('registerUniversity', { id: university, name });
      await run('registerUnit', { universityId: university, unitId: 'u1', name: `${name}数学学院` });
      await run('registerPerson', { personId: `s-${university}`, universityId: university, name: `书记${university}` });
      await run('establishBranch', { branchId: `T-${university}`, universityId: university, unitId: 'u1', name: '教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
      await run('holdElection', { branchId: `T-${university}`, heldOn: '2018-03-01', secretary: { personId: `s-${university}`, title: 'PROFESSOR', academicBackbone: true } });
    }
    // The projections run outside the service, on the plain client, when the test says so.
    store = new PostgresEventStore(service.database.sql);
    runner = new ProjectionRunner(service.database.sql, store, ALL_PROJECTIONS);
    await caughtUp();
  }, 240_000);

  afterAll(async () => {
    await store.close();
    await service.stop();
  });

  /** The projections have applied everything recorded, and what an answer is keyed by has been read again. */
  async function caughtUp(): Promise<void> {
    await catchUp(runner, service, admin, run.lastPosition());
    await new Promise((resolve) => setTimeout(resolve, STAMPS_EXPIRE_MS));
  }

  /** One university's figures (all of Beijing's without `universityId`), with the statements the request issued. */
  async function figures(universityId?: string): Promise<{ data: Record<string, any>; statements: string[] }> {
    counting.statements.length = 0;
    counting.recording = true;
    const response = await service.graphql(FIGURES, universityId ? { u: universityId } : {}, admin);
    counting.recording = false;
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return { data: response.data!, statements: [...counting.statements] };
  }

  const readingFigures = (statements: string[]) => statements.filter((statement) => /_figures_g\d|fact_\w+_g\d|_g\d+\b/.test(statement));

  async function openCase(universityId: string, caseId: string): Promise<void> {
    await run('screenBranch', { branchId: `T-${universityId}`, year: 2019, on: '2019-03-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'] });
    await run('openRectificationCase', {
      branchId: `T-${universityId}`, caseId, year: 2019, categories: ['RULES_ON_PAPER_ONLY'], problems: ['三会一课不落实'], measures: ['建立台账'], deadline: '2019-10-31',
    });
  }

  it('keeps one university answers standing while another university is written to, reading no figure again', async () => {
    const before = await figures('10001');
    expect(before.data.rectificationLedger.summary.listed).toBe(0);
    expect(readingFigures(before.statements).length).toBeGreaterThan(0);

    await openCase('10002', 'C-10002');
    await caughtUp();

    const after = await figures('10001');
    expect(after.data).toEqual(before.data);
    // Only what the answer is keyed by (the live generations, the university's stamps) was read.
    expect(readingFigures(after.statements)).toEqual([]);
    expect(after.statements.some((statement) => statement.includes('projection_university_changes'))).toBe(true);

    const other = await figures('10002');
    expect(other.data.rectificationLedger.summary.listed).toBe(1);
    expect(other.data.rectificationLedger.entries).toEqual([{ caseId: 'C-10002', status: expect.any(String) }]);
    // All of Beijing follows any write.
    expect((await figures()).data.rectificationLedger.summary.listed).toBe(1);
  });

  it('shows a write to the university itself without atLeastPosition, once the projections have applied it', async () => {
    expect((await figures('10001')).data.rectificationLedger.summary.listed).toBe(0);
    await openCase('10001', 'C-10001');
    await caughtUp();
    const after = await figures('10001');
    expect(after.data.rectificationLedger.summary.listed).toBe(1);
    expect(after.data.rectificationLedger.entries).toEqual([{ caseId: 'C-10001', status: expect.any(String) }]);
    expect(readingFigures(after.statements).length).toBeGreaterThan(0);
    expect((await figures()).data.rectificationLedger.summary.listed).toBe(2);
  });

  it('shows an event recorded for no university (attendance at a MUNICIPAL session) in the university it concerns', async () => {
    const before = await figures('10001');
    expect(before.data.trainingCoverage.secretaries).toEqual({ inOffice: 1, trained: 0 });

    await run('holdTrainingSession', { sessionId: 'M1', organizer: 'MUNICIPAL', title: '示范培训班', startsOn: '2019-06-01', endsOn: '2019-06-03', hours: 16 });
    await run('recordTrainingAttendance', { sessionId: 'M1', attendees: [{ personId: 's-10001', branchId: 'T-10001', role: 'SECRETARY' }] });
    await caughtUp();

    const after = await figures('10001');
    expect(after.data.trainingCoverage.secretaries).toEqual({ inOffice: 1, trained: 1 });
    expect(after.data.trainingCoverage.byUnit).toEqual([{ unitId: 'u1', unitName: '北京大学数学学院', secretaries: { trained: 1 } }]);
    expect(after.data.trainingCoverage.untrained).toEqual([]);
    // The other university's coverage is computed again too (its key moved), and is unchanged.
    expect((await figures('10002')).data.trainingCoverage.secretaries).toEqual({ inOffice: 1, trained: 0 });
  });

  it('shows an erasure at once in a shared answer that names the person', async () => {
    const before = await figures('10002');
    expect(before.data.trainingCoverage.untrained).toEqual([{ personId: 's-10002', name: '书记10002' }]);
    const erased = await service.graphql(`mutation { erasePerson(personId: "s-10002", reason: "本人申请") }`, {}, admin);
    expect(erased.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, STAMPS_EXPIRE_MS));
    expect((await figures('10002')).data.trainingCoverage.untrained).toEqual([{ personId: 's-10002', name: null }]);
  });

  // Two sessions at once: PostgreSQL only (PGlite's one session would wait for the open transaction).
  (process.env.DATABASE_URL ? it : it.skip)('shows an erasure that began before another and committed after it (the key counts erasures as they commit)', async () => {
    const PAGE = `{ branches(filter: { universityId: "10001" }) { edges { node { id secretary { personId name } } } } }`;
    const secretaryOf = async () => (await service.graphql(PAGE, {}, admin)).data!.branches.edges[0].node.secretary;
    await run('registerPerson', { personId: 'other-10001', universityId: '10001', name: '另一人' });
    expect(await secretaryOf()).toEqual({ personId: 's-10001', name: '书记10001' });
    // The late erasure's transaction starts first (its erased_at is the earlier instant) and commits last.
    await service.database.sql.transaction(async (late) => {
      await late.query('SELECT now()');
      const erased = await service.graphql(`mutation { erasePerson(personId: "other-10001", reason: "本人申请") }`, {}, admin);
      expect(erased.errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, STAMPS_EXPIRE_MS));
      // Served and kept after the first erasure, before the late one commits.
      expect(await secretaryOf()).toEqual({ personId: 's-10001', name: '书记10001' });
      await new PersonRegistry(late as unknown as SqlClient).erase('s-10001', 'test');
    });
    await new Promise((resolve) => setTimeout(resolve, STAMPS_EXPIRE_MS));
    expect(await secretaryOf()).toEqual({ personId: 's-10001', name: null });
  });
});
