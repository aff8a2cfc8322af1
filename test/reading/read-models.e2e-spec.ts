import type { ServiceUnderTest } from '../service-under-test.js';
import { startWithKnownHistory } from './known-history.js';

/**
 * The read models over HTTP, built from a known history: the figures DOMAIN.md §5 defines, on the
 * default deciding day (the year's last day, today being later) and on an onDate.
 */
describe('read models', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let run: Awaited<ReturnType<typeof startWithKnownHistory>>['run'];

  async function query<T = Record<string, any>>(text: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
    const response = await service.graphql<T>(text, { ...variables, p: run.lastPosition() }, token);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  }

  beforeAll(async () => {
    ({ service, admin, run } = await startWithKnownHistory());
  }, 120_000);

  afterAll(async () => {
    await service.stop();
  });

  it('serves branches with their officers in office, member count and term', async () => {
    const { branch } = await query(
      `query ($p: String) { branch(id: "T1", atLeastPosition: $p) { id name kind status universityId unitId memberCount
         secretary { personId name role since title academicBackbone dualLeader }
         officers { personId role } lastElectionOn termEndsOn electionOverdue version } }`,
    );
    expect(branch).toMatchObject({
      id: 'T1', kind: 'TEACHER', status: 'ACTIVE', universityId: '10001', unitId: 'u-a', memberCount: 9,
      secretary: { personId: 'p1', name: '同志1', role: 'SECRETARY', since: '2018-03-01', title: 'ASSOCIATE_PROFESSOR', academicBackbone: false, dualLeader: true },
      lastElectionOn: '2018-03-01', termEndsOn: '2021-03-01', electionOverdue: true,
    });
    expect(branch.officers.map((officer: { personId: string }) => officer.personId).sort()).toEqual(['p1', 'p2', 'p3']);
    expect(branch.version).toBeGreaterThan(1);
  });

  it('pages through branches with a cursor and a total', async () => {
    const first = await query(`query ($p: String) { branches(filter: {universityId: "10001"}, first: 2, atLeastPosition: $p) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
    expect(first.branches.totalCount).toBe(3);
    expect(first.branches.edges.map((edge: any) => edge.node.id)).toEqual(['S1', 'T1']);
    expect(first.branches.pageInfo.hasNextPage).toBe(true);
    const second = await query(`query ($after: String) { branches(filter: {universityId: "10001"}, first: 2, after: $after) {
      pageInfo { hasNextPage } edges { node { id } } } }`, { after: first.branches.pageInfo.endCursor });
    expect(second.branches.edges.map((edge: any) => edge.node.id)).toEqual(['T2']);
    expect(second.branches.pageInfo.hasNextPage).toBe(false);
    const teachers = await query(`{ branches(filter: {kind: TEACHER}) { totalCount } }`);
    expect(teachers.branches.totalCount).toBe(2);
  });

  it('lists universities with their units', async () => {
    const { universities } = await query(`query ($p: String) { universities(atLeastPosition: $p) { id name units { id name universityId } } }`);
    expect(universities).toEqual([
      { id: '10001', name: '北京大学', units: [
        { id: 'u-a', name: '数学学院', universityId: '10001' },
        { id: 'u-b', name: '物理学院', universityId: '10001' },
      ] },
    ]);
  });

  it('counts training-rotation coverage of the officers in office on the deciding day', async () => {
    const { trainingCoverage } = await query(`query ($p: String) { trainingCoverage(year: 2019, universityId: "10001", atLeastPosition: $p) {
      year universityId policyVersion secretaries { inOffice trained rate } committeeMembers { inOffice trained rate }
      untrained { personId name branchId role } byUnit { unitId secretaries { inOffice trained } committeeMembers { inOffice trained } } } }`);
    expect(trainingCoverage.secretaries).toEqual({ inOffice: 3, trained: 2, rate: 2 / 3 });
    expect(trainingCoverage.committeeMembers).toEqual({ inOffice: 5, trained: 1, rate: 1 / 5 });
    expect(trainingCoverage.policyVersion).toBe('2018.1');
    expect(trainingCoverage.untrained.map((officer: any) => officer.personId).sort()).toEqual(['p3', 'p5', 'p6', 'p7', 'p8']);
    expect(trainingCoverage.untrained.find((officer: any) => officer.personId === 'p6')).toEqual({ personId: 'p6', name: '同志6', branchId: 'S1', role: 'SECRETARY' });
    const named = await query(`{ trainingCoverage(year: 2019, universityId: "10001") { byUnit { universityId unitId unitName } }
      dualLeaderStats(year: 2019, universityId: "10001") { byUnit { universityId unitId unitName } } }`);
    // Each unit named from the organization read model.
    const units = [{ universityId: '10001', unitId: 'u-a', unitName: '数学学院' }, { universityId: '10001', unitId: 'u-b', unitName: '物理学院' }];
    expect(named.trainingCoverage.byUnit).toEqual(units);
    expect(named.dualLeaderStats.byUnit).toEqual(units);
    expect(trainingCoverage.byUnit).toEqual([
      { unitId: 'u-a', secretaries: { inOffice: 2, trained: 1 }, committeeMembers: { inOffice: 4, trained: 1 } },
      { unitId: 'u-b', secretaries: { inOffice: 1, trained: 1 }, committeeMembers: { inOffice: 1, trained: 0 } },
    ]);
    const before = await query(`{ trainingCoverage(year: 2019, universityId: "10001", onDate: "2019-04-15") { secretaries { inOffice trained } } }`);
    // On 2019-04-15 only T1 (since 2018) and S1 (since 2019-04-01) have secretaries.
    expect(before.trainingCoverage.secretaries).toEqual({ inOffice: 2, trained: 1 });
  });

  it('computes dual-leader statistics under 2018.1 with a trend from 2018', async () => {
    const { dualLeaderStats } = await query(`query ($p: String) { dualLeaderStats(year: 2019, universityId: "10001", atLeastPosition: $p) {
      year teacherBranches withDualLeader rate electionsHeld electionsMeetingRequirement policyVersion
      byUnit { unitId teacherBranches withDualLeader rate } trend { year rate } } }`);
    expect(dualLeaderStats).toEqual({
      year: 2019, teacherBranches: 2, withDualLeader: 2, rate: 1, electionsHeld: 1, electionsMeetingRequirement: 1, policyVersion: '2018.1',
      byUnit: [
        { unitId: 'u-a', teacherBranches: 1, withDualLeader: 1, rate: 1 },
        { unitId: 'u-b', teacherBranches: 1, withDualLeader: 1, rate: 1 },
      ],
      trend: [{ year: 2018, rate: 0.5 }, { year: 2019, rate: 1 }],
    });
  });

  it('derives ledger statuses on the deciding day and the conversion summary', async () => {
    const { rectificationLedger } = await query(`query ($p: String) { rectificationLedger(year: 2019, universityId: "10001", atLeastPosition: $p) {
      year universityId policyVersion summary { listed converted open overdue conversionRate target targetMet }
      entries { caseId branchId branchName unitId status steps { on kind note } acceptedOn acceptancePassed acceptanceScore acceptedBy closedOn reopenedOn missedFinalDeadline liaisonLeaderId deadline categories problems measures } } }`);
    expect(rectificationLedger.summary).toEqual({ listed: 2, converted: 1, open: 1, overdue: 1, conversionRate: 0.5, target: 0.9, targetMet: false });
    const byCase = Object.fromEntries(rectificationLedger.entries.map((entry: any) => [entry.caseId, entry]));
    expect(byCase.C1).toMatchObject({
      branchId: 'T2', branchName: '物理教工支部', unitId: 'u-b', status: 'CLOSED', acceptedOn: '2019-09-01', acceptancePassed: true,
      acceptanceScore: 92, acceptedBy: '校党委组织部', closedOn: '2019-09-15', reopenedOn: null, missedFinalDeadline: false, liaisonLeaderId: 'p1',
      steps: [{ on: '2019-04-01', kind: 'RULES_ESTABLISHED', note: '制定制度' }],
    });
    expect(byCase.C2).toMatchObject({ status: 'OVERDUE', deadline: '2019-06-30' });

    const april = await query(`{ rectificationLedger(year: 2019, onDate: "2019-04-15") { summary { converted overdue } entries { caseId status } } }`);
    expect(Object.fromEntries(april.rectificationLedger.entries.map((entry: any) => [entry.caseId, entry.status]))).toEqual({ C1: 'IN_PROGRESS', C2: 'OPEN' });
    const september = await query(`{ rectificationLedger(year: 2019, onDate: "2019-09-10") { entries { caseId status } } }`);
    expect(september.rectificationLedger.entries.find((entry: any) => entry.caseId === 'C1').status).toBe('ACCEPTED');

    const overdueOnly = await query(`{ rectificationLedger(year: 2019, status: OVERDUE) { summary { listed } entries { caseId } } }`);
    expect(overdueOnly.rectificationLedger.entries).toEqual([{ caseId: 'C2' }]);
    expect(overdueOnly.rectificationLedger.summary.listed).toBe(2);

    const afterFinalDeadline = await query(`{ rectificationLedger(year: 2019, onDate: "2021-01-05") { entries { caseId missedFinalDeadline } } }`);
    expect(Object.fromEntries(afterFinalDeadline.rectificationLedger.entries.map((entry: any) => [entry.caseId, entry.missedFinalDeadline]))).toEqual({ C1: false, C2: true });

    const empty = await query(`{ rectificationLedger(year: 2018) { summary { listed conversionRate targetMet } entries { caseId } } }`);
    expect(empty.rectificationLedger).toEqual({ summary: { listed: 0, conversionRate: null, targetMet: true }, entries: [] });
  });

  it('measures branch compliance per rule and period, counting corrections and not retractions', async () => {
    const { branchCompliance } = await query(`query ($p: String) { branchCompliance(branchId: "T1", year: 2019, atLeastPosition: $p) {
      branchId year score policyVersion rules { rule period required held met exempt policyVersion } } }`);
    const figure = (rule: string, period: string) => branchCompliance.rules.find((r: any) => r.rule === rule && r.period === period);
    expect(figure('MEETING_FREQUENCY:COMMITTEE', '2019-03')).toMatchObject({ required: 1, held: 1, met: true, exempt: false });
    expect(figure('MEETING_FREQUENCY:COMMITTEE', '2019-04')).toMatchObject({ held: 0, met: false });
    expect(figure('MEETING_FREQUENCY:COMMITTEE', '2019-05')).toMatchObject({ held: 1, met: true });
    expect(figure('MEETING_FREQUENCY:STUDY', '2019-05')).toMatchObject({ held: 0, met: false });
    expect(figure('SECRETARY_TRAINING', '2019')).toMatchObject({ required: 1, held: 1, met: true });
    expect(figure('COMMITTEE_TRAINING', '2019')).toMatchObject({ required: 2, held: 1, met: false });
    expect(figure('DUAL_LEADER', '2019')).toMatchObject({ required: 1, held: 1, met: true });
    expect(branchCompliance.score).toBeGreaterThan(0);
    expect(branchCompliance.score).toBeLessThan(1);

    const student = await query(`{ branchCompliance(branchId: "S1", year: 2019) { rules { rule period exempt } } }`);
    const exempt = student.branchCompliance.rules.filter((r: any) => r.rule === 'MEETING_FREQUENCY:COMMITTEE' && r.exempt).map((r: any) => r.period);
    expect(exempt).toEqual(['2019-01', '2019-02', '2019-07', '2019-08']);
    expect(student.branchCompliance.rules.some((r: any) => r.rule === 'DUAL_LEADER')).toBe(false);

    const summary = await query(`{ complianceSummary(year: 2019, universityId: "10001") { universityId year branches fullyCompliant averageScore policyVersion } }`);
    expect(summary.complianceSummary).toMatchObject({ universityId: '10001', year: 2019, branches: 3, fullyCompliant: 0, policyVersion: '2018.1' });
    expect(summary.complianceSummary.averageScore).toBeGreaterThan(0);
  });

  it('scopes reads: a portal sees its university only, a unit admin its unit', async () => {
    const otherPortal = await service.token({ role: 'PORTAL', universityId: '10003' });
    const refused = await service.graphql(`{ rectificationLedger(year: 2019, universityId: "10001") { year } }`, {}, otherPortal);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ownList = await service.graphql(`{ branches { totalCount } universities { id } }`, {}, otherPortal);
    expect(ownList.data).toEqual({ branches: { totalCount: 0 }, universities: [] });
    const unitAdmin = await service.token({ role: 'UNIT_ADMIN', universityId: '10001', unitId: 'u-b' });
    const coverage = await query(`{ trainingCoverage(year: 2019) { secretaries { inOffice } } }`, {}, unitAdmin);
    expect(coverage.trainingCoverage.secretaries.inOffice).toBe(1);
    // Outside the scope reads as an id that exists nowhere (DOMAIN.md §1).
    const foreignBranch = await service.graphql(`{ branch(id: "T1") { id } }`, {}, unitAdmin);
    expect(foreignBranch.errors).toBeUndefined();
    expect(foreignBranch.data?.branch).toBeNull();
    const noToken = await service.graphql(`{ universities { id } }`);
    expect(noToken.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reports projection status to the Municipal Committee', async () => {
    const { projections } = await query(`{ projections { name version state position headPosition lag progress policyVersion } }`);
    expect(projections.map((projection: any) => projection.name)).toEqual(
      expect.arrayContaining(['organization', 'meetings', 'training', 'rectification-ledger', 'dual-leader']),
    );
    const portal = await service.token({ role: 'PORTAL', universityId: '10001' });
    const refused = await service.graphql(`{ projections { name } }`, {}, portal);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
