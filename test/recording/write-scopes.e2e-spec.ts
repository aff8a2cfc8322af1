import { ServiceUnderTest } from '../service-under-test.js';
import { OrganizationFixture, type Organization } from './organization-fixture.js';
import { MUTATION_CASES, type MutationCase, type Scenario } from './mutation-cases.js';
import { expectRefused } from './refusal-expectations.js';

// Who may write what, as DOMAIN.md §1 divides the work. Every mutation is called by every kind of
// caller: an allowed call records its event, a refused one is FORBIDDEN and records nothing.

const CALLERS = [
  'MUNICIPAL_ADMIN',
  'UNIVERSITY_ADMIN',
  'UNIVERSITY_ADMIN of another university',
  'UNIT_ADMIN',
  'UNIT_ADMIN of another unit',
  'BRANCH_SECRETARY',
  'BRANCH_SECRETARY of another branch',
  'INSPECTOR',
  'PORTAL',
] as const;
type Caller = (typeof CALLERS)[number];

function mayWrite(c: MutationCase, caller: Caller, scenario: Scenario): boolean {
  switch (caller) {
    case 'MUNICIPAL_ADMIN':
      return true;
    case 'UNIVERSITY_ADMIN':
      return c.writers.universityAdmin;
    case 'UNIT_ADMIN':
      return c.writers.unitAdmin;
    case 'BRANCH_SECRETARY':
      return c.writers.secretary && scenario.branchId !== undefined;
    default:
      return false;
  }
}

describe('write scopes (DOMAIN.md §1)', () => {
  let service: ServiceUnderTest;
  let f: OrganizationFixture;
  let org: Organization;
  let elsewhere: Organization;
  /** A branch of `org` that no scenario writes to (another secretary's branch). */
  let otherBranchId: string;

  beforeAll(async () => {
    service = await ServiceUnderTest.start();
    f = await OrganizationFixture.create(service);
    org = await f.university();
    elsewhere = await f.university();
    otherBranchId = await f.branch(org);
  });
  afterAll(async () => {
    await service?.stop();
  });

  function tokenOf(caller: Caller, scenario: Scenario): Promise<string> {
    const universityId = org.universityId;
    switch (caller) {
      case 'MUNICIPAL_ADMIN':
        return Promise.resolve(f.municipalToken);
      case 'UNIVERSITY_ADMIN':
        return Promise.resolve(org.adminToken);
      case 'UNIVERSITY_ADMIN of another university':
        return Promise.resolve(elsewhere.adminToken);
      case 'UNIT_ADMIN':
        return Promise.resolve(org.unitAdminToken);
      case 'UNIT_ADMIN of another unit':
        return f.token({ role: 'UNIT_ADMIN', universityId, unitId: org.otherUnitId });
      case 'BRANCH_SECRETARY':
        return f.token({ role: 'BRANCH_SECRETARY', universityId, unitId: org.unitId, branchId: scenario.branchId ?? otherBranchId });
      case 'BRANCH_SECRETARY of another branch':
        return f.token({ role: 'BRANCH_SECRETARY', universityId, unitId: org.unitId, branchId: otherBranchId });
      case 'INSPECTOR':
        return f.token({ role: 'INSPECTOR' });
      case 'PORTAL':
        return f.token({ role: 'PORTAL', universityId });
    }
  }

  describe.each(MUTATION_CASES.map((c) => [c.mutation, c] as const))('%s', (mutation, c: MutationCase) => {
    /** Shared by the refused callers: a refusal records nothing, so the scenario stays fresh. */
    let shared: Scenario;
    beforeAll(async () => {
      shared = await c.arrange(f, org);
    });

    it.each(CALLERS.map((caller) => [caller]))('%s', async (caller) => {
      if (mayWrite(c, caller, shared)) {
        const scenario = await c.arrange(f, org);
        const token = await tokenOf(caller, scenario);
        const response = await f.call(mutation, scenario.input, token);
        expect(response.errors).toBeUndefined();
        expect(response.data![mutation]!.streamId).toBe(scenario.streamId);
        const [event] = (await f.eventsOfStream(scenario.streamId)).slice(-1);
        expect(event!.type).toBe(c.event);
      } else {
        const token = await tokenOf(caller, shared);
        await expectRefused(f, () => f.call(mutation, shared.input, token), 'FORBIDDEN');
      }
    });
  });

  describe('only the municipal admin', () => {
    it.each([
      ['registerUniversity'],
      ['publishPolicy'],
    ])('%s: every other role is FORBIDDEN', async (mutation) => {
      const c = MUTATION_CASES.find((candidate) => candidate.mutation === mutation)!;
      const scenario = await c.arrange(f, org);
      for (const caller of CALLERS.filter((who) => who !== 'MUNICIPAL_ADMIN')) {
        await expectRefused(f, async () => f.call(mutation, scenario.input, await tokenOf(caller, scenario)), 'FORBIDDEN');
      }
    });
  });

  describe('a unit admin', () => {
    it('may not record a university-level study of branch work (no unitId), nor another unit\'s', async () => {
      const universityStudy = { universityId: org.universityId, on: '2018-06-01', topic: '校党委专题研究' };
      await expectRefused(f, () => f.call('recordBranchWorkStudy', universityStudy, org.unitAdminToken), 'FORBIDDEN');
      await expectRefused(
        f,
        () => f.call('recordBranchWorkStudy', { ...universityStudy, unitId: org.otherUnitId }, org.unitAdminToken),
        'FORBIDDEN',
      );
      await f.must('recordBranchWorkStudy', universityStudy, org.adminToken);
    });

    it('may not build another unit\'s 党员之家 nor establish a branch in another unit', async () => {
      await expectRefused(
        f,
        () => f.call('recordPartyMembersHome', { universityId: org.universityId, unitId: org.otherUnitId, on: '2018-06-01' }, org.unitAdminToken),
        'FORBIDDEN',
      );
      const branch = {
        universityId: org.universityId, unitId: org.otherUnitId, name: 'x', kind: 'TEACHER', establishedOn: '2018-03-01', memberCount: 3,
      };
      await expectRefused(f, () => f.call('establishBranch', branch, org.unitAdminToken), 'FORBIDDEN');
    });

    it('loses a branch that moved out of its unit and gains one that moved in', async () => {
      const leaving = await f.branch(org);
      const arriving = await f.branch(org, { unitId: org.otherUnitId });
      await f.must('moveBranch', { branchId: leaving, unitId: org.otherUnitId, on: '2018-09-01' }, org.adminToken);
      await f.must('moveBranch', { branchId: arriving, unitId: org.unitId, on: '2018-09-01' }, org.adminToken);
      await expectRefused(f, () => f.call('renameBranch', { branchId: leaving, name: 'gone' }, org.unitAdminToken), 'FORBIDDEN');
      await f.must('renameBranch', { branchId: arriving, name: 'ours now' }, org.unitAdminToken);
    });

    it('records rectification steps but neither screens nor opens, accepts, closes or reopens a case', async () => {
      const branchId = await f.branch(org);
      await expectRefused(
        f,
        () => f.call('screenBranch', { branchId, year: 2018, on: '2018-03-15', outcome: 'WEAK_LAX' }, org.unitAdminToken),
        'FORBIDDEN',
      );
      await f.screening(branchId, 2018, 'WEAK_LAX');
      const open = { branchId, year: 2018, categories: ['OTHER'], problems: ['p'], measures: ['m'], deadline: '2018-12-31' };
      await expectRefused(f, () => f.call('openRectificationCase', open, org.unitAdminToken), 'FORBIDDEN');
      const caseId = (await f.must('openRectificationCase', open, org.adminToken)).id!;
      await f.must('recordRectificationStep', { branchId, caseId, on: '2018-08-01', kind: 'RULES_ESTABLISHED' }, org.unitAdminToken);
      const accept = { branchId, caseId, on: '2018-11-01', passed: true, acceptedBy: '院系党委' };
      await expectRefused(f, () => f.call('acceptRectification', accept, org.unitAdminToken), 'FORBIDDEN');
      await f.must('acceptRectification', accept, org.adminToken);
      await expectRefused(f, () => f.call('closeRectificationCase', { branchId, caseId, on: '2018-11-15' }, org.unitAdminToken), 'FORBIDDEN');
      await f.must('closeRectificationCase', { branchId, caseId, on: '2018-11-15' }, org.adminToken);
      const reopen = { branchId, caseId, on: '2018-12-01', reason: '回头看' };
      await expectRefused(f, () => f.call('reopenRectificationCase', reopen, org.unitAdminToken), 'FORBIDDEN');
      await f.must('reopenRectificationCase', reopen, org.adminToken);
    });
  });

  describe('a branch secretary', () => {
    it('writes its own branch\'s elections, meetings (record, correct, retract), plans and steps, and nothing else there', async () => {
      const branchId = await f.branch(org);
      const caseId = await f.openCase(branchId);
      const secretary = await f.token({ role: 'BRANCH_SECRETARY', universityId: org.universityId, branchId });
      await f.must('holdElection', {
        branchId, heldOn: '2018-04-01', secretary: { personId: await f.person(org), title: 'LECTURER', academicBackbone: true },
      }, secretary);
      const meetingId = (await f.must('recordMeeting', {
        branchId, kinds: ['COMMITTEE'], heldOn: '2018-05-02', expected: 5, present: 5, topic: 't',
      }, secretary)).id!;
      await f.must('correctMeeting', { branchId, meetingId, reason: 'typo', topic: 'corrected' }, secretary);
      await f.must('retractMeeting', { branchId, meetingId, reason: 'double entry' }, secretary);
      await f.must('adoptAnnualPlan', { branchId, year: 2019, months: [{ month: 1, study: 's', activity: 'a' }] }, secretary);
      await f.must('recordRectificationStep', { branchId, caseId, on: '2018-09-01', kind: 'PROGRESS_NOTE', note: 'n' }, secretary);
      const refused: [string, Record<string, unknown>][] = [
        ['renameBranch', { branchId, name: 'mine' }],
        ['reportMemberCount', { branchId, on: '2018-09-01', count: 6 }],
        ['replaceSecretary', { branchId, on: '2018-09-01', secretary: { personId: 'p', title: 'OTHER', academicBackbone: false }, reason: 'r' }],
        ['rateBranch', { branchId, year: 2018, stars: 1 }],
        ['allocateFunds', { branchId, year: 2018, amountYuan: 100 }],
        ['acceptRectification', { branchId, caseId, on: '2018-11-01', passed: true, acceptedBy: 'me' }],
        ['registerPerson', { universityId: org.universityId, name: 'n' }],
      ];
      for (const [mutation, input] of refused) await expectRefused(f, () => f.call(mutation, input, secretary), 'FORBIDDEN');
    });
  });

  describe('training sessions and attendance', () => {
    let unitBranch: string;
    let otherUnitBranch: string;
    let foreignBranch: string;
    // Attendees are registered in their branch's university (DOMAIN.md §1): a fresh one per call.
    const registered = new Map<string, string[]>();
    const attendee = (branchId: string, role = 'SECRETARY') => {
      const personId = registered.get(branchId === foreignBranch ? elsewhere.universityId : org.universityId)!.pop()!;
      return { personId, branchId, role };
    };

    beforeAll(async () => {
      unitBranch = await f.branch(org);
      otherUnitBranch = await f.branch(org, { unitId: org.otherUnitId });
      foreignBranch = await f.branch(elsewhere);
      for (const scope of [org, elsewhere]) {
        const people: string[] = [];
        for (let index = 0; index < 30; index += 1) people.push(await f.person(scope));
        registered.set(scope.universityId, people);
      }
    });

    function session(organizer: 'MUNICIPAL' | 'UNIVERSITY' | 'UNIT', scope: Organization = org) {
      return {
        sessionId: f.id('session'),
        organizer,
        ...(organizer !== 'MUNICIPAL' ? { universityId: scope.universityId } : {}),
        ...(organizer === 'UNIT' ? { unitId: scope.unitId } : {}),
        title: 'rotation', startsOn: '2018-07-02', endsOn: '2018-07-03', hours: 8,
      };
    }

    it('holds MUNICIPAL sessions as the municipal admin only', async () => {
      for (const token of [org.adminToken, org.unitAdminToken, await f.token({ role: 'INSPECTOR' })]) {
        await expectRefused(f, () => f.call('holdTrainingSession', session('MUNICIPAL'), token), 'FORBIDDEN');
      }
      await f.must('holdTrainingSession', session('MUNICIPAL'));
    });

    it('holds UNIT sessions as that unit\'s admin or its university\'s admin', async () => {
      await f.must('holdTrainingSession', session('UNIT'), org.unitAdminToken);
      await f.must('holdTrainingSession', session('UNIT'), org.adminToken);
      const otherUnitAdmin = await f.token({ role: 'UNIT_ADMIN', universityId: org.universityId, unitId: org.otherUnitId });
      const secretary = await f.token({ role: 'BRANCH_SECRETARY', universityId: org.universityId, branchId: unitBranch });
      for (const token of [otherUnitAdmin, elsewhere.adminToken, secretary]) {
        await expectRefused(f, () => f.call('holdTrainingSession', session('UNIT'), token), 'FORBIDDEN');
      }
      await expectRefused(f, () => f.call('holdTrainingSession', session('UNIVERSITY'), org.unitAdminToken), 'FORBIDDEN');
    });

    it('records MUNICIPAL attendance as the municipal admin, or a university admin for its own people only', async () => {
      const sessionId = await f.session('MUNICIPAL');
      await f.must('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch), attendee(foreignBranch)] });
      await f.must('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch), attendee(otherUnitBranch)] }, org.adminToken);
      await f.must('recordTrainingAttendance', { sessionId, attendees: [attendee(foreignBranch)] }, elsewhere.adminToken);
      await expectRefused(
        f,
        () => f.call('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch), attendee(foreignBranch)] }, org.adminToken),
        'FORBIDDEN',
      );
      const secretary = await f.token({ role: 'BRANCH_SECRETARY', universityId: org.universityId, branchId: unitBranch });
      for (const token of [org.unitAdminToken, secretary, await f.token({ role: 'INSPECTOR' }), await f.token({ role: 'PORTAL', universityId: org.universityId })]) {
        await expectRefused(f, () => f.call('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch)] }, token), 'FORBIDDEN');
      }
    });

    it('records UNIVERSITY attendance as that university\'s admin, for branches of that university', async () => {
      const sessionId = await f.session('UNIVERSITY', org);
      await f.must('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch), attendee(otherUnitBranch, 'COMMITTEE_MEMBER')] }, org.adminToken);
      await expectRefused(f, () => f.call('recordTrainingAttendance', { sessionId, attendees: [attendee(foreignBranch)] }, org.adminToken), 'FORBIDDEN');
      for (const token of [org.unitAdminToken, elsewhere.adminToken]) {
        await expectRefused(f, () => f.call('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch)] }, token), 'FORBIDDEN');
      }
    });

    it('records UNIT attendance as that unit\'s admin for its own branches, or as the university admin', async () => {
      const sessionId = await f.session('UNIT', org);
      await f.must('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch)] }, org.unitAdminToken);
      await expectRefused(
        f,
        () => f.call('recordTrainingAttendance', { sessionId, attendees: [attendee(unitBranch), attendee(otherUnitBranch)] }, org.unitAdminToken),
        'FORBIDDEN',
      );
      await f.must('recordTrainingAttendance', { sessionId, attendees: [attendee(otherUnitBranch)] }, org.adminToken);
      const otherUnitAdmin = await f.token({ role: 'UNIT_ADMIN', universityId: org.universityId, unitId: org.otherUnitId });
      for (const token of [otherUnitAdmin, elsewhere.adminToken]) {
        await expectRefused(f, () => f.call('recordTrainingAttendance', { sessionId, attendees: [attendee(otherUnitBranch)] }, token), 'FORBIDDEN');
      }
    });
  });
});
