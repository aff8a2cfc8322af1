import type { GraphQLResponse, ServiceUnderTest } from '../service-under-test.js';
import { OrganizationFixture, type Organization } from '../recording/organization-fixture.js';

/**
 * Every id and name of university B carries this mark, so a response that leaks anything of B can
 * be found by searching for it.
 */
export const B_MARK = 'ZZB';

/** One university as the isolation tests see it: both have a unit `u1` (unit ids are unique per university only). */
export interface Tenant extends Organization {
  name: string;
  unitName: string;
  /** A teacher branch of 9 in unit u1, with an elected secretary, deputy and committee member registered in this university. */
  branchId: string;
  branchName: string;
  /** A branch in unit u2. */
  secondBranchId: string;
  secretaryId: string;
  secretaryName: string;
  deputyId: string;
  deputyName: string;
  memberId: string;
  memberName: string;
  /** Registered, holding no office. */
  personId: string;
  personName: string;
  /** A UNIVERSITY training session of this university. */
  sessionId: string;
  /** An open rectification case on `branchId` (2018). */
  caseId: string;
  meetingId: string;
  /** BRANCH_SECRETARY of `branchId`. */
  secretaryToken: string;
  portalToken: string;
}

export interface TwoUniversities {
  a: Tenant;
  b: Tenant;
  /** Sets up A's scenarios (ids without B's mark). */
  fa: OrganizationFixture;
  /** Sets up B's scenarios: every id it makes carries `bRun`. */
  fb: OrganizationFixture;
  /** The random run tag inside every id `fb` makes. */
  bRun: string;
  municipalToken: string;
  inspectorToken: string;
  /** The global position of the last set-up event. */
  lastPosition: string;
}

const secretaryInput = (personId: string) => ({ personId, title: 'ASSOCIATE_PROFESSOR', academicBackbone: true });

async function tenant(f: OrganizationFixture, universityId: string, label: string): Promise<Tenant & { last: string }> {
  // names carry `<label>name`, never a fragment of an id, so a leaked name is told apart from an echoed id
  const called = `${label}name`;
  const name = `${called} University 大学`;
  await f.must('registerUniversity', { id: universityId, name });
  const unitName = `${called} 学院一`;
  await f.must('registerUnit', { universityId, unitId: 'u1', name: unitName });
  await f.must('registerUnit', { universityId, unitId: 'u2', name: `${called} 学院二` });
  const org: Organization = {
    universityId,
    unitId: 'u1',
    otherUnitId: 'u2',
    adminToken: await f.token({ role: 'UNIVERSITY_ADMIN', universityId }),
    unitAdminToken: await f.token({ role: 'UNIT_ADMIN', universityId, unitId: 'u1' }),
  };
  const person = async (role: string) => {
    const personId = f.id(`${label}-person`);
    const personName = `${called}-${role}-姓名`;
    await f.must('registerPerson', { personId, universityId, name: personName });
    return { personId, personName };
  };
  const secretary = await person('secretary');
  const deputy = await person('deputy');
  const member = await person('member');
  const bystander = await person('bystander');
  const branchId = f.id(`${label}-branch`);
  const branchName = `${called} 教工党支部`;
  await f.must('establishBranch', {
    branchId, universityId, unitId: 'u1', name: branchName, kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 9,
  });
  const secondBranchId = f.id(`${label}-branch`);
  await f.must('establishBranch', {
    branchId: secondBranchId, universityId, unitId: 'u2', name: `${called} 学生党支部`, kind: 'STUDENT', establishedOn: '2018-03-01', memberCount: 6,
  });
  await f.must('holdElection', {
    branchId, heldOn: '2018-04-01', secretary: secretaryInput(secretary.personId), deputySecretaryIds: [deputy.personId],
    committeeMemberIds: [member.personId],
  });
  const meetingId = f.id(`${label}-meeting`);
  await f.must('recordMeeting', {
    branchId, meetingId, kinds: ['COMMITTEE'], heldOn: '2018-05-10', expected: 9, present: 9, topic: `${called} committee`,
  });
  await f.must('screenBranch', { branchId, year: 2018, on: '2018-06-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'] });
  const caseId = f.id(`${label}-case`);
  await f.must('openRectificationCase', {
    branchId, caseId, year: 2018, categories: ['RULES_ON_PAPER_ONLY'], problems: [`${called} problem`], measures: [`${called} measure`],
    deadline: '2018-12-31', responsiblePersonId: bystander.personId,
  });
  const sessionId = f.id(`${label}-session`);
  await f.must('holdTrainingSession', {
    sessionId, organizer: 'UNIVERSITY', universityId, title: `${called} training`, startsOn: '2018-07-02', endsOn: '2018-07-03', hours: 8,
  });
  // the deputy and the member are trained, the secretary is not: coverage lists the secretary's name as untrained
  const attended = await f.must('recordTrainingAttendance', {
    sessionId, attendees: [
      { personId: deputy.personId, branchId, role: 'DEPUTY_SECRETARY' },
      { personId: member.personId, branchId, role: 'COMMITTEE_MEMBER' },
    ],
  });
  return {
    ...org,
    name,
    unitName,
    branchId,
    branchName,
    secondBranchId,
    secretaryId: secretary.personId,
    secretaryName: secretary.personName,
    deputyId: deputy.personId,
    deputyName: deputy.personName,
    memberId: member.personId,
    memberName: member.personName,
    personId: bystander.personId,
    personName: bystander.personName,
    sessionId,
    caseId,
    meetingId,
    secretaryToken: await f.token({ role: 'BRANCH_SECRETARY', universityId, branchId }),
    portalToken: await f.token({ role: 'PORTAL', universityId }),
    last: attended.positions.at(-1)!,
  };
}

/** Universities A and B set up through the API by the municipal admin, both with units u1 and u2. */
export async function twoUniversities(service: ServiceUnderTest): Promise<TwoUniversities> {
  const fa = await OrganizationFixture.create(service);
  const fb = await OrganizationFixture.create(service);
  const bRun = fb.id('probe').split('-')[1]!;
  const a = await tenant(fa, fa.id('uniA'), 'Alpha');
  const b = await tenant(fb, `${B_MARK}-uni-${bRun}`, B_MARK);
  await readModelsShow(service, fa.municipalToken, b.last, a, b);
  return {
    a,
    b,
    fa,
    fb,
    bRun,
    municipalToken: fa.municipalToken,
    inspectorToken: await fa.token({ role: 'INSPECTOR' }),
    lastPosition: b.last,
  };
}

/**
 * Waits until every projection has applied `position` (read-your-writes through `atLeastPosition`),
 * retrying NOT_YET_CONSISTENT for up to 60 s: this machine is shared.
 */
export async function projectionsReach(service: ServiceUnderTest, municipalToken: string, position: string): Promise<void> {
  if (position === '0') return;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await service.graphql('query ($p: String) { universities(atLeastPosition: $p) { id } }', { p: position }, municipalToken);
    if (!response.errors) return;
    const retryable = response.errors.every((error) => error.extensions?.code === 'NOT_YET_CONSISTENT');
    if (!retryable || Date.now() > deadline) throw new Error(`projections did not reach position ${position}: ${JSON.stringify(response.errors)}`);
  }
}

/**
 * Waits (at most 60 s: read-your-writes answers NOT_YET_CONSISTENT after 5 s, and this machine is shared) until every
 * read model shows both universities' set-up.
 */
async function readModelsShow(service: ServiceUnderTest, municipalToken: string, position: string, a: Tenant, b: Tenant): Promise<void> {
  const query = `query ($p: String) {
    universities(atLeastPosition: $p) { id units { id } }
    branches(first: 500, atLeastPosition: $p) { totalCount }
    rectificationLedger(year: 2018, atLeastPosition: $p) { entries { caseId } }
    trainingCoverage(year: 2018, atLeastPosition: $p) { untrained { personId } }
    dualLeaderStats(year: 2018, atLeastPosition: $p) { teacherBranches }
    complianceSummary(year: 2018, atLeastPosition: $p) { branches }
    ca: branchCompliance(branchId: "${a.branchId}", year: 2018, atLeastPosition: $p) { branchId }
    cb: branchCompliance(branchId: "${b.branchId}", year: 2018, atLeastPosition: $p) { branchId }
  }`;
  const deadline = Date.now() + 60_000;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await service.graphql(query, { p: position }, municipalToken);
    last = response;
    const data = response.data;
    if (
      data &&
      data.universities.filter((u: { units: unknown[] }) => u.units.length === 2).length === 2 &&
      data.branches.totalCount === 4 &&
      data.rectificationLedger.entries.length === 2 &&
      data.trainingCoverage.untrained.length === 2 &&
      data.dualLeaderStats.teacherBranches === 2 &&
      data.complianceSummary.branches === 4
    ) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the read models did not show the set-up within 60 s: ${JSON.stringify(last)}`);
}

/** What the store holds: the event count and a digest of the person registry. */
export async function storeState(service: ServiceUnderTest): Promise<{ events: number; registry: string }> {
  const events = await service.database.sql.query<{ count: number }>('SELECT count(*)::int AS count FROM events');
  const registry = await service.database.sql.query<{ digest: string }>(
    `SELECT count(*)::text || ':' || coalesce(md5(string_agg(
       person_id || '|' || university_id || '|' || coalesce(name, '') || '|' || coalesce(erased_at::text, ''), ',' ORDER BY person_id)), '') AS digest
     FROM person_registry`,
  );
  return { events: events.rows[0]!.count, registry: registry.rows[0]!.digest };
}

/**
 * The fragments of `response` that belong to B (they carry B's mark or B's run tag) and that the
 * caller did not send itself: what a refusal must never reveal.
 */
export function foreignFragments(world: TwoUniversities, request: string, response: GraphQLResponse | string): string[] {
  const text = typeof response === 'string' ? response : JSON.stringify(response);
  const pattern = new RegExp(`[\\p{L}\\p{N}_.\\-]*(?:${B_MARK}|${world.bRun})[\\p{L}\\p{N}_.\\-]*`, 'gu');
  const sent = (fragment: string) =>
    request.includes(fragment) || request.includes(fragment.replace(/^(branch|university|person|training-session)-/, ''));
  return [...new Set(text.match(pattern) ?? [])].filter((fragment) => !sent(fragment));
}
