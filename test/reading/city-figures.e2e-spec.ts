import type { ServiceUnderTest } from '../service-under-test.js';
import { startWithKnownHistory, untilApplied, type RunMutation } from './known-history.js';

/**
 * The Municipal Committee's city-wide figures (no universityId) are the universities' figures
 * added up: counts summed, the compliance average weighted by branches. Three universities with
 * different data, all with a unit `u1` (unit ids are unique only within a university): the
 * city-wide byUnit keeps them apart, each with its own name.
 */
describe('city-wide figures', () => {
  let service: ServiceUnderTest;
  let admin: string;
  let position: string;

  beforeAll(async () => {
    let run: Awaited<ReturnType<typeof startWithKnownHistory>>['run'];
    // 10001 from the known history (units u-a, u-b), and two more below.
    ({ service, admin, run } = await startWithKnownHistory());
    await recordTwoMoreUniversities(run);
    position = run.lastPosition();
    await untilApplied(service, admin, position);
  }, 180_000);

  afterAll(async () => {
    await service.stop();
  });

  const UNIVERSITIES = ['10001', '10002', '10003'];
  const FIGURES = `query ($u: ID, $p: String) {
    rectificationLedger(year: 2019, universityId: $u, atLeastPosition: $p) { summary { listed converted open overdue conversionRate } }
    trainingCoverage(year: 2019, universityId: $u, atLeastPosition: $p) { secretaries { inOffice trained } committeeMembers { inOffice trained }
      byUnit { universityId unitId unitName secretaries { inOffice trained } committeeMembers { inOffice trained } } }
    dualLeaderStats(year: 2019, universityId: $u, atLeastPosition: $p) { teacherBranches withDualLeader electionsHeld electionsMeetingRequirement
      byUnit { universityId unitId unitName teacherBranches withDualLeader } }
    complianceSummary(year: 2019, universityId: $u, atLeastPosition: $p) { branches fullyCompliant averageScore }
  }`;

  async function figures(universityId: string | null): Promise<Record<string, any>> {
    const response = await service.graphql(FIGURES, { u: universityId, p: position }, admin);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  }

  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

  it('adds up the universities, figure by figure', async () => {
    const city = await figures(null);
    const each = await Promise.all(UNIVERSITIES.map((universityId) => figures(universityId)));
    const summed = (pick: (figures: Record<string, any>) => number) => sum(each.map(pick));

    for (const field of ['listed', 'converted', 'open', 'overdue']) {
      expect({ field, city: city.rectificationLedger.summary[field] }).toEqual({ field, city: summed((f) => f.rectificationLedger.summary[field]) });
    }
    expect(city.rectificationLedger.summary.conversionRate).toBeCloseTo(
      summed((f) => f.rectificationLedger.summary.converted) / summed((f) => f.rectificationLedger.summary.listed),
    );
    for (const group of ['secretaries', 'committeeMembers']) {
      for (const field of ['inOffice', 'trained']) {
        expect({ group, field, city: city.trainingCoverage[group][field] }).toEqual({ group, field, city: summed((f) => f.trainingCoverage[group][field]) });
      }
    }
    for (const field of ['teacherBranches', 'withDualLeader', 'electionsHeld', 'electionsMeetingRequirement']) {
      expect({ field, city: city.dualLeaderStats[field] }).toEqual({ field, city: summed((f) => f.dualLeaderStats[field]) });
    }
    for (const field of ['branches', 'fullyCompliant']) {
      expect({ field, city: city.complianceSummary[field] }).toEqual({ field, city: summed((f) => f.complianceSummary[field]) });
    }
    // The city's average is over all its branches: each university's weighs by its branches.
    const weighted = summed((f) => f.complianceSummary.averageScore * f.complianceSummary.branches) / city.complianceSummary.branches;
    expect(city.complianceSummary.averageScore).toBeCloseTo(weighted, 10);

    // Different data in every university (else a city figure equal to one university's would pass).
    const contributing = (pick: (figures: Record<string, any>) => number) => each.filter((f) => pick(f) > 0).length;
    expect(contributing((f) => f.rectificationLedger.summary.listed)).toBe(3);
    expect(contributing((f) => f.trainingCoverage.secretaries.trained)).toBeGreaterThanOrEqual(2);
    expect(contributing((f) => f.trainingCoverage.committeeMembers.inOffice)).toBe(3);
    expect(contributing((f) => f.dualLeaderStats.withDualLeader)).toBeGreaterThanOrEqual(2);
    expect(contributing((f) => f.dualLeaderStats.electionsHeld)).toBe(3);
    expect(new Set(each.map((f) => f.complianceSummary.averageScore)).size).toBe(3);
    expect(new Set(each.map((f) => JSON.stringify(f.rectificationLedger.summary))).size).toBe(3);
  });

  it('lists each university\'s units apart in the city-wide byUnit, named, adding up to the totals', async () => {
    const city = await figures(null);
    const units = (byUnit: any[]) => byUnit.map(({ universityId, unitId, unitName }) => ({ universityId, unitId, unitName }));
    expect(units(city.trainingCoverage.byUnit)).toEqual([
      { universityId: '10001', unitId: 'u-a', unitName: '数学学院' },
      { universityId: '10001', unitId: 'u-b', unitName: '物理学院' },
      { universityId: '10002', unitId: 'u1', unitName: '法学院' },
      { universityId: '10003', unitId: 'u-a', unitName: '化学学院' },
      { universityId: '10003', unitId: 'u1', unitName: '历史学院' },
    ]);
    expect(units(city.dualLeaderStats.byUnit)).toEqual([
      { universityId: '10001', unitId: 'u-a', unitName: '数学学院' },
      { universityId: '10001', unitId: 'u-b', unitName: '物理学院' },
      { universityId: '10002', unitId: 'u1', unitName: '法学院' },
      { universityId: '10003', unitId: 'u-a', unitName: '化学学院' },
    ]);
    for (const group of ['secretaries', 'committeeMembers']) {
      expect(sum(city.trainingCoverage.byUnit.map((unit: any) => unit[group].inOffice))).toBe(city.trainingCoverage[group].inOffice);
      expect(sum(city.trainingCoverage.byUnit.map((unit: any) => unit[group].trained))).toBe(city.trainingCoverage[group].trained);
    }
    expect(sum(city.dualLeaderStats.byUnit.map((unit: any) => unit.teacherBranches))).toBe(city.dualLeaderStats.teacherBranches);
    expect(sum(city.dualLeaderStats.byUnit.map((unit: any) => unit.withDualLeader))).toBe(city.dualLeaderStats.withDualLeader);

    // A university's own view names its own u-a, never another's.
    const own = await figures('10003');
    expect(units(own.dualLeaderStats.byUnit)).toEqual([{ universityId: '10003', unitId: 'u-a', unitName: '化学学院' }]);
  });
});

/**
 * 10002 (unit u1 法学院): a teacher branch with a professor secretary and a committee, trained; a
 * student branch screened lagging whose case was accepted and closed. 10003 (u-a 化学学院, the same
 * unit id as 10001's 数学学院; u1 历史学院): a teacher branch with a lecturer secretary (not a dual
 * leader), a student branch with a trained secretary, a weak-lax case still in progress and one
 * overdue; a few committee meetings.
 */
async function recordTwoMoreUniversities(run: RunMutation): Promise<void> {
  await run('registerUniversity', { id: '10002', name: '中国人民大学' });
  await run('registerUnit', { universityId: '10002', unitId: 'u1', name: '法学院' });
  await run('registerUniversity', { id: '10003', name: '清华大学' });
  await run('registerUnit', { universityId: '10003', unitId: 'u-a', name: '化学学院' });
  await run('registerUnit', { universityId: '10003', unitId: 'u1', name: '历史学院' });
  for (const [personId, universityId] of [['q1', '10002'], ['q2', '10002'], ['q3', '10002'], ['q4', '10002'], ['r1', '10003'], ['r2', '10003'], ['r3', '10003'], ['r4', '10003']]) {
    await run('registerPerson', { personId, universityId, name: `同志${personId}` });
  }
  await run('establishBranch', { branchId: 'B-T', universityId: '10002', unitId: 'u1', name: '法学教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 });
  await run('establishBranch', { branchId: 'B-S', universityId: '10002', unitId: 'u1', name: '法学学生支部', kind: 'STUDENT', establishedOn: '2018-01-01', memberCount: 5 });
  await run('holdElection', {
    branchId: 'B-T', heldOn: '2019-02-20', secretary: { personId: 'q1', title: 'PROFESSOR', academicBackbone: false },
    deputySecretaryIds: ['q2'], committeeMemberIds: ['q3'],
  });
  await run('holdElection', { branchId: 'B-S', heldOn: '2018-09-01', secretary: { personId: 'q4', title: 'OTHER', academicBackbone: false } });
  await run('establishBranch', { branchId: 'C-T', universityId: '10003', unitId: 'u-a', name: '化学教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
  await run('establishBranch', { branchId: 'C-S', universityId: '10003', unitId: 'u1', name: '历史学生支部', kind: 'STUDENT', establishedOn: '2018-01-01', memberCount: 5 });
  await run('establishBranch', { branchId: 'C-S2', universityId: '10003', unitId: 'u1', name: '历史研究生支部', kind: 'STUDENT', establishedOn: '2018-01-01', memberCount: 5 });
  await run('holdElection', { branchId: 'C-T', heldOn: '2019-06-01', secretary: { personId: 'r1', title: 'LECTURER', academicBackbone: false }, deputySecretaryIds: ['r2'] });
  await run('holdElection', { branchId: 'C-S', heldOn: '2018-10-01', secretary: { personId: 'r3', title: 'OTHER', academicBackbone: false }, deputySecretaryIds: ['r4'] });

  await run('holdTrainingSession', { sessionId: 'M2', organizer: 'MUNICIPAL', title: '示范培训班（二期）', startsOn: '2019-10-10', endsOn: '2019-10-11', hours: 12 });
  await run('recordTrainingAttendance', {
    sessionId: 'M2',
    attendees: [
      { personId: 'q1', branchId: 'B-T', role: 'SECRETARY' },
      { personId: 'q3', branchId: 'B-T', role: 'COMMITTEE_MEMBER' },
      { personId: 'r3', branchId: 'C-S', role: 'SECRETARY' },
    ],
  });

  await run('screenBranch', { branchId: 'B-S', year: 2019, on: '2019-03-01', outcome: 'LAGGING', categories: ['WEAK_COHESION'] });
  await run('openRectificationCase', { branchId: 'B-S', caseId: 'D1', year: 2019, categories: ['WEAK_COHESION'], problems: ['活动少'], measures: ['定期活动'], deadline: '2019-08-31' });
  await run('acceptRectification', { branchId: 'B-S', caseId: 'D1', on: '2019-08-01', passed: true, score: 88, acceptedBy: '校党委组织部' });
  await run('closeRectificationCase', { branchId: 'B-S', caseId: 'D1', on: '2019-08-15' });
  await run('screenBranch', { branchId: 'C-S', year: 2019, on: '2019-03-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'] });
  await run('openRectificationCase', { branchId: 'C-S', caseId: 'E1', year: 2019, categories: ['RULES_ON_PAPER_ONLY'], problems: ['三会一课不落实'], measures: ['建立台账'], deadline: '2020-03-31' });
  await run('recordRectificationStep', { branchId: 'C-S', caseId: 'E1', on: '2019-05-01', kind: 'PROGRESS_NOTE', note: '推进中' });
  await run('screenBranch', { branchId: 'C-S2', year: 2019, on: '2019-03-01', outcome: 'LAGGING', categories: ['OTHER'] });
  await run('openRectificationCase', { branchId: 'C-S2', caseId: 'E2', year: 2019, categories: ['OTHER'], problems: ['组织生活不规范'], measures: ['整改'], deadline: '2019-07-31' });

  for (const month of ['03', '04', '05', '06']) {
    await run('recordMeeting', { branchId: 'B-T', kinds: ['COMMITTEE', 'STUDY'], heldOn: `2019-${month}-10`, expected: 3, present: 3, topic: '支委会' });
  }
  await run('recordMeeting', { branchId: 'C-T', kinds: ['COMMITTEE'], heldOn: '2019-09-10', expected: 2, present: 2, topic: '支委会' });
}
