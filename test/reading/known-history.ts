import { ServiceUnderTest } from '../service-under-test.js';

/** Runs one mutation with its input; returns the CommandResult. */
export type RunMutation = (mutation: string, input: Record<string, unknown>) => Promise<Record<string, any>>;

/**
 * A mutation runner with a token: it throws on any error and remembers the last position recorded,
 * for read-your-writes (`atLeastPosition`).
 */
export function mutationRunner(service: () => ServiceUnderTest, token: () => string): RunMutation & { lastPosition: () => string } {
  let lastPosition = '0';
  const run = async (mutation: string, input: Record<string, unknown>) => {
    const response = await service().graphql(
      `mutation ($input: ${inputTypeOf(mutation)}!) { ${mutation}(input: $input) { streamId version positions id } }`,
      { input },
      token(),
    );
    if (response.errors) throw new Error(`${mutation}: ${JSON.stringify(response.errors)}`);
    const result = response.data![mutation];
    lastPosition = result.positions[result.positions.length - 1];
    return result;
  };
  return Object.assign(run, { lastPosition: () => lastPosition });
}

/**
 * A small history whose figures are worked out by hand in the read-model tests: university 10001
 * with units u-a and u-b; teacher branches T1 (secretary p1, associate professor, not an academic
 * backbone) and T2 (secretary p4, lecturer, academic backbone), student branch S1; two training
 * sessions in 2019; case C1 (T2) closed and case C2 (S1) overdue; T1's meetings with a retraction
 * and a correction.
 */
export async function recordKnownHistory(run: RunMutation): Promise<void> {
  await run('registerUniversity', { id: '10001', name: '北京大学' });
  await run('registerUnit', { universityId: '10001', unitId: 'u-a', name: '数学学院' });
  await run('registerUnit', { universityId: '10001', unitId: 'u-b', name: '物理学院' });
  for (let index = 1; index <= 8; index += 1) {
    await run('registerPerson', { personId: `p${index}`, universityId: '10001', name: `同志${index}` });
  }
  await run('establishBranch', { branchId: 'T1', universityId: '10001', unitId: 'u-a', name: '数学教工一支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 9 });
  await run('establishBranch', { branchId: 'T2', universityId: '10001', unitId: 'u-b', name: '物理教工支部', kind: 'TEACHER', establishedOn: '2018-01-01', memberCount: 5 });
  await run('establishBranch', { branchId: 'S1', universityId: '10001', unitId: 'u-a', name: '数学本科生支部', kind: 'STUDENT', establishedOn: '2018-01-01', memberCount: 20 });
  await run('holdElection', {
    branchId: 'T1', heldOn: '2018-03-01', secretary: { personId: 'p1', title: 'ASSOCIATE_PROFESSOR', academicBackbone: false },
    deputySecretaryIds: ['p2'], committeeMemberIds: ['p3'],
  });
  await run('holdElection', {
    branchId: 'T2', heldOn: '2019-05-01', secretary: { personId: 'p4', title: 'LECTURER', academicBackbone: true }, deputySecretaryIds: ['p5'],
  });
  await run('holdElection', {
    branchId: 'S1', heldOn: '2019-04-01', secretary: { personId: 'p6', title: 'OTHER', academicBackbone: false },
    deputySecretaryIds: ['p7'], committeeMemberIds: ['p8'],
  });
  await run('holdTrainingSession', { sessionId: 'M1', organizer: 'MUNICIPAL', title: '示范培训班', startsOn: '2019-06-01', endsOn: '2019-06-03', hours: 16 });
  await run('recordTrainingAttendance', {
    sessionId: 'M1',
    attendees: [
      { personId: 'p1', branchId: 'T1', role: 'SECRETARY' },
      { personId: 'p2', branchId: 'T1', role: 'DEPUTY_SECRETARY' },
    ],
  });
  await run('holdTrainingSession', { sessionId: 'U1', organizer: 'UNIVERSITY', universityId: '10001', title: '集中轮训', startsOn: '2019-09-01', endsOn: '2019-09-02', hours: 8 });
  await run('recordTrainingAttendance', { sessionId: 'U1', attendees: [{ personId: 'p4', branchId: 'T2', role: 'SECRETARY' }] });
  await run('screenBranch', { branchId: 'T2', year: 2019, on: '2019-03-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'] });
  await run('openRectificationCase', {
    branchId: 'T2', caseId: 'C1', year: 2019, categories: ['RULES_ON_PAPER_ONLY'], problems: ['三会一课不落实'],
    measures: ['建立台账'], liaisonLeaderId: 'p1', deadline: '2019-10-31',
  });
  await run('recordRectificationStep', { branchId: 'T2', caseId: 'C1', on: '2019-04-01', kind: 'RULES_ESTABLISHED', note: '制定制度' });
  await run('acceptRectification', { branchId: 'T2', caseId: 'C1', on: '2019-09-01', passed: true, score: 92, acceptedBy: '校党委组织部' });
  await run('closeRectificationCase', { branchId: 'T2', caseId: 'C1', on: '2019-09-15' });
  await run('screenBranch', { branchId: 'S1', year: 2019, on: '2019-03-01', outcome: 'LAGGING', categories: ['WEAK_COHESION'] });
  await run('openRectificationCase', {
    branchId: 'S1', caseId: 'C2', year: 2019, categories: ['WEAK_COHESION'], problems: ['凝聚力弱'], measures: ['谈心谈话'], deadline: '2019-06-30',
  });
  await run('recordMeeting', { branchId: 'T1', meetingId: 'm-mar', kinds: ['COMMITTEE'], heldOn: '2019-03-12', expected: 3, present: 3, topic: '支委会' });
  await run('recordMeeting', { branchId: 'T1', meetingId: 'm-apr', kinds: ['COMMITTEE', 'STUDY'], heldOn: '2019-04-12', expected: 3, present: 3, topic: '支委会' });
  await run('retractMeeting', { branchId: 'T1', meetingId: 'm-apr', reason: '重复录入' });
  await run('recordMeeting', { branchId: 'T1', meetingId: 'm-may', kinds: ['STUDY'], heldOn: '2019-05-10', expected: 9, present: 8, topic: '集中学习' });
  await run('correctMeeting', { branchId: 'T1', meetingId: 'm-may', reason: '类型录错', kinds: ['COMMITTEE'] });
}

export function inputTypeOf(mutation: string): string {
  return `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Input`;
}

/** A service on a fresh database holding the known history, with a municipal-admin token. */
export async function startWithKnownHistory(): Promise<{
  service: ServiceUnderTest;
  admin: string;
  run: ReturnType<typeof mutationRunner>;
}> {
  const service = await ServiceUnderTest.start();
  const admin = await service.token({ role: 'MUNICIPAL_ADMIN' });
  const run = mutationRunner(
    () => service,
    () => admin,
  );
  await recordKnownHistory(run);
  // Every test starts on the whole history, however busy the machine.
  await untilApplied(service, admin, run.lastPosition());
  return { service, admin, run };
}

/**
 * Runs a test's own projection runner until the service's read models include `position`. One
 * run may stop short: the visible head trails a commit while any older transaction of the
 * database server is still open (other suites share it), so it runs again until they do.
 */
export async function catchUp(runner: { runUntilIdle(): Promise<void> }, service: ServiceUnderTest, token: string, position: string): Promise<void> {
  await untilApplied(service, token, position, () => runner.runUntilIdle());
}

/**
 * Waits until the service's read models include `position`: read-your-writes answers
 * NOT_YET_CONSISTENT after its wait, and on a shared machine the projections may need longer, so it
 * asks again (up to 60 s), running `step` first each time when given.
 */
export async function untilApplied(service: ServiceUnderTest, token: string, position: string, step?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await step?.();
    const reached = await service.graphql('query ($p: String) { universities(atLeastPosition: $p) { id } }', { p: position }, token);
    if (!reached.errors) return;
    if (reached.errors.some((error) => error.extensions?.code !== 'NOT_YET_CONSISTENT') || Date.now() > deadline) {
      throw new Error(`the projections did not reach ${position}: ${JSON.stringify(reached.errors)}`);
    }
  }
}
