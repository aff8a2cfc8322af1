import { BASELINE_POLICY_2018_1 } from '../../libs/policy/src/baseline-policy/baseline-2018-1.js';
import type { Organization, OrganizationFixture } from './organization-fixture.js';

type Input = Record<string, unknown>;

/** What one call of a mutation needs: its valid input and where it writes. */
export interface Scenario {
  /** A valid input, without commandId and expectedVersion. */
  input: Input;
  streamId: string;
  /** The branch written to (a BRANCH_SECRETARY token of this branch is "its own branch"). */
  branchId?: string;
  /** CommandResult.id the mutation answers: the id of what it creates, else null. */
  createdId: string | null;
}

/** Who besides MUNICIPAL_ADMIN may make the call of `arrange` (DOMAIN.md §1). */
export interface Writers {
  /** UNIVERSITY_ADMIN of the organization. */
  universityAdmin: boolean;
  /** UNIT_ADMIN of `org.unitId` (where every scenario writes). */
  unitAdmin: boolean;
  /** BRANCH_SECRETARY of the scenario's branch. */
  secretary: boolean;
}

export interface MutationCase {
  mutation: string;
  /** The event type the call records (exactly one event). */
  event: string;
  takesExpectedVersion: boolean;
  /** Sets up a fresh scenario inside `org` (fresh ids, every precondition met). */
  arrange(f: OrganizationFixture, org: Organization): Promise<Scenario>;
  /** The scenario's valid input, made malformed: answered BAD_USER_INPUT. */
  malformed(input: Input): Input;
  /** Domain rules the mutation checks: an input (on a freshly arranged scenario) that breaks each. */
  rules: { rule: string; arrange(f: OrganizationFixture, org: Organization): Promise<Input> }[];
  writers: Writers;
  /** Why the scope differs from what a reader would guess. */
  scopeNote?: string;
}

const FUTURE = '2099-01-01';
const NOBODY: Writers = { universityAdmin: false, unitAdmin: false, secretary: false };
const UNIVERSITY: Writers = { universityAdmin: true, unitAdmin: false, secretary: false };
const UNIT: Writers = { universityAdmin: true, unitAdmin: true, secretary: false };
const SECRETARY: Writers = { universityAdmin: true, unitAdmin: true, secretary: true };

/** A mutation on an existing branch: the branch is arranged first. */
function onBranch(build: (f: OrganizationFixture, org: Organization, branchId: string) => Promise<Input> | Input) {
  return async (f: OrganizationFixture, org: Organization): Promise<Scenario> => {
    const branchId = await f.branch(org);
    return { input: await build(f, org, branchId), streamId: `branch-${branchId}`, branchId, createdId: null };
  };
}

/** A rule broken on a fresh branch. */
function ruleOnBranch(rule: string, build: (f: OrganizationFixture, org: Organization, branchId: string) => Promise<Input> | Input) {
  return { rule, arrange: async (f: OrganizationFixture, org: Organization) => build(f, org, await f.branch(org)) };
}

/** A rule broken on a dissolved branch. */
function onDissolvedBranch(build: (branchId: string, org: Organization) => Input) {
  return { rule: 'BRANCH_DISSOLVED', arrange: async (f: OrganizationFixture, org: Organization) => build(await f.dissolvedBranch(org), org) };
}

const secretaryInput = (personId: string) => ({ personId, title: 'ASSOCIATE_PROFESSOR', academicBackbone: true });

/** The baseline rule set, republishable under a new version string. */
const BASELINE_RULES = BASELINE_POLICY_2018_1.rules.map((rule) => ({
  code: rule.code,
  layer: rule.layer,
  universityId: rule.universityId,
  params: rule.params,
}));

export const MUTATION_CASES: MutationCase[] = [
  // ---------- organizations ----------
  {
    mutation: 'registerUniversity',
    event: 'UniversityRegistered',
    takesExpectedVersion: false,
    arrange: async (f) => {
      const id = f.id('uni');
      return { input: { id, name: '北京某大学' }, streamId: `university-${id}`, createdId: id };
    },
    malformed: (input) => ({ ...input, name: '   ' }),
    rules: [],
    writers: NOBODY,
  },
  {
    mutation: 'registerUnit',
    event: 'UnitRegistered',
    takesExpectedVersion: true,
    arrange: async (f, org) => {
      const unitId = f.id('unit');
      return { input: { universityId: org.universityId, unitId, name: '计算机学院党委' }, streamId: `university-${org.universityId}`, createdId: unitId };
    },
    malformed: (input) => ({ ...input, name: '' }),
    rules: [],
    writers: UNIVERSITY,
  },
  {
    mutation: 'establishBranch',
    event: 'BranchEstablished',
    takesExpectedVersion: false,
    arrange: async (f, org) => {
      const branchId = f.id('branch');
      return {
        input: {
          branchId, universityId: org.universityId, unitId: org.unitId, name: '软件工程系教师党支部', kind: 'TEACHER',
          establishedOn: '2018-03-01', memberCount: 12,
        },
        streamId: `branch-${branchId}`,
        createdId: branchId,
      };
    },
    malformed: (input) => ({ ...input, memberCount: -1 }),
    rules: [
      {
        rule: 'DATE_IN_FUTURE',
        arrange: async (f, org) => ({
          branchId: f.id('branch'), universityId: org.universityId, unitId: org.unitId, name: 'Future branch', kind: 'STUDENT',
          establishedOn: FUTURE, memberCount: 3,
        }),
      },
    ],
    writers: UNIT,
  },
  {
    mutation: 'renameBranch',
    event: 'BranchRenamed',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, name: '软件工程系第一教师党支部' })),
    malformed: (input) => ({ ...input, name: 'x'.repeat(201) }),
    rules: [onDissolvedBranch((branchId) => ({ branchId, name: 'Too late' }))],
    writers: UNIT,
  },
  {
    mutation: 'moveBranch',
    event: 'BranchMoved',
    takesExpectedVersion: true,
    arrange: onBranch((_f, org, branchId) => ({ branchId, unitId: org.otherUnitId, on: '2018-09-01' })),
    malformed: (input) => ({ ...input, unitId: '' }),
    rules: [
      ruleOnBranch('BEFORE_ESTABLISHMENT', (_f, org, branchId) => ({ branchId, unitId: org.otherUnitId, on: '2018-01-01' })),
      ruleOnBranch('DATE_IN_FUTURE', (_f, org, branchId) => ({ branchId, unitId: org.otherUnitId, on: FUTURE })),
      onDissolvedBranch((branchId, org) => ({ branchId, unitId: org.otherUnitId, on: '2018-09-01' })),
    ],
    writers: UNIVERSITY,
    scopeNote: 'a unit admin may not move its branch into a unit outside its scope',
  },
  {
    mutation: 'dissolveBranch',
    event: 'BranchDissolved',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, org, branchId) => ({
      branchId, on: '2018-10-01', reason: '专业调整，合并', mergedInto: await f.branch(org),
    })),
    malformed: (input) => ({ ...input, reason: '' }),
    rules: [
      onDissolvedBranch((branchId) => ({ branchId, on: '2018-10-01', reason: 'again' })),
      ruleOnBranch('BRANCH_DISSOLVED', async (f, org, branchId) => ({
        branchId, on: '2018-10-01', reason: 'merge into a dissolved one', mergedInto: await f.dissolvedBranch(org),
      })),
    ],
    writers: UNIT,
  },
  {
    mutation: 'reportMemberCount',
    event: 'MemberCountReported',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, on: '2018-09-01', count: 8 })),
    malformed: (input) => ({ ...input, count: -3 }),
    rules: [ruleOnBranch('BEFORE_ESTABLISHMENT', (_f, _org, branchId) => ({ branchId, on: '2018-01-01', count: 8 }))],
    writers: UNIT,
  },

  // ---------- officers ----------
  {
    mutation: 'holdElection',
    event: 'ElectionHeld',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, org, branchId) => ({
      branchId, heldOn: '2018-04-01', termYears: 3, secretary: secretaryInput(await f.person(org)),
      deputySecretaryIds: [await f.person(org)], approvedOn: '2018-04-10',
    })),
    // one person in two roles
    malformed: (input) => ({ ...input, deputySecretaryIds: [(input.secretary as { personId: string }).personId] }),
    rules: [
      // 5 members: a secretary and at most one deputy, no committee members
      ruleOnBranch('COMMITTEE_SIZE', async (f, org, branchId) => ({
        branchId, heldOn: '2018-04-01', secretary: secretaryInput(await f.person(org)), committeeMemberIds: [await f.person(org), await f.person(org)],
      })),
      ruleOnBranch('TERM_YEARS', async (f, org, branchId) => ({
        branchId, heldOn: '2018-04-01', termYears: 9, secretary: secretaryInput(await f.person(org)),
      })),
      ruleOnBranch('BEFORE_ESTABLISHMENT', async (f, org, branchId) => ({
        branchId, heldOn: '2017-04-01', secretary: secretaryInput(await f.person(org)),
      })),
    ],
    writers: SECRETARY,
  },
  {
    mutation: 'replaceSecretary',
    event: 'SecretaryReplaced',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, org, branchId) => {
      await f.election(branchId, await f.person(org));
      return { branchId, on: '2018-09-01', secretary: secretaryInput(await f.person(org)), reason: '工作调动' };
    }),
    malformed: (input) => ({ ...input, reason: '   ' }),
    rules: [
      ruleOnBranch('OFFICER_CHANGE', async (f, org, branchId) => {
        const sitting = await f.person(org);
        await f.election(branchId, sitting);
        return { branchId, on: '2018-09-01', secretary: secretaryInput(sitting), reason: 'the same person' };
      }),
    ],
    writers: UNIT,
  },
  {
    mutation: 'changeCommittee',
    event: 'CommitteeChanged',
    takesExpectedVersion: true,
    arrange: async (f, org) => {
      const branchId = await f.branch(org, { memberCount: 9 });
      await f.must('holdElection', {
        branchId, heldOn: '2018-04-01', secretary: secretaryInput(await f.person(org)), deputySecretaryIds: [await f.person(org)],
        committeeMemberIds: [await f.person(org)],
      });
      return {
        input: { branchId, on: '2018-09-01', addIds: [await f.person(org)], reason: '补选委员' },
        streamId: `branch-${branchId}`,
        branchId,
        createdId: null,
      };
    },
    malformed: (input) => ({ ...input, addIds: [], removeIds: [] }),
    rules: [
      ruleOnBranch('OFFICER_CHANGE', async (f, org, branchId) => ({ branchId, on: '2018-09-01', removeIds: [await f.person(org)], reason: 'not in office' })),
      ruleOnBranch('COMMITTEE_SIZE', async (f, org, branchId) => ({
        branchId, on: '2018-09-01', addIds: [await f.person(org)], reason: 'a committee member in a branch of 5',
      })),
    ],
    writers: UNIT,
  },

  // ---------- meetings and plans ----------
  {
    mutation: 'recordMeeting',
    event: 'MeetingHeld',
    takesExpectedVersion: true,
    arrange: async (f, org) => {
      const branchId = await f.branch(org);
      const meetingId = f.id('meeting');
      return {
        input: {
          branchId, meetingId, kinds: ['THEMED_PARTY_DAY', 'PARTY_LECTURE'], heldOn: '2018-05-20', place: '党员之家', expected: 5,
          present: 4, absentees: [{ personId: await f.person(org), reason: '出差' }], hostPersonId: await f.person(org),
          recorderPersonId: await f.person(org), topic: '学习十九大精神', resolutions: ['每月开展主题党日'],
        },
        streamId: `branch-${branchId}`,
        branchId,
        createdId: meetingId,
      };
    },
    malformed: (input) => ({ ...input, present: 6 }),
    rules: [
      ruleOnBranch('DATE_IN_FUTURE', (_f, _org, branchId) => ({ branchId, kinds: ['COMMITTEE'], heldOn: FUTURE, expected: 5, present: 5, topic: 'x' })),
      ruleOnBranch('BEFORE_ESTABLISHMENT', (_f, _org, branchId) => ({
        branchId, kinds: ['COMMITTEE'], heldOn: '2018-01-05', expected: 5, present: 5, topic: 'x',
      })),
      onDissolvedBranch((branchId) => ({ branchId, kinds: ['COMMITTEE'], heldOn: '2018-07-05', expected: 5, present: 5, topic: 'x' })),
    ],
    writers: SECRETARY,
  },
  {
    mutation: 'correctMeeting',
    event: 'MeetingCorrected',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => ({ branchId, meetingId: await f.meeting(branchId), reason: '出席人数记错', present: 3 })),
    malformed: (input) => ({ ...input, kinds: [] }),
    rules: [
      ruleOnBranch('MEETING_RETRACTED', async (f, _org, branchId) => {
        const meetingId = await f.meeting(branchId);
        await f.must('retractMeeting', { branchId, meetingId, reason: 'never held' });
        return { branchId, meetingId, reason: 'fix', present: 2 };
      }),
    ],
    writers: SECRETARY,
  },
  {
    mutation: 'retractMeeting',
    event: 'MeetingRetracted',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => ({ branchId, meetingId: await f.meeting(branchId), reason: '重复录入' })),
    malformed: (input) => ({ ...input, reason: '' }),
    rules: [
      ruleOnBranch('MEETING_RETRACTED', async (f, _org, branchId) => {
        const meetingId = await f.meeting(branchId);
        await f.must('retractMeeting', { branchId, meetingId, reason: 'duplicate' });
        return { branchId, meetingId, reason: 'again' };
      }),
    ],
    writers: SECRETARY,
  },
  {
    mutation: 'adoptAnnualPlan',
    event: 'AnnualPlanAdopted',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({
      branchId, year: 2018, months: [
        { month: 3, study: '学习党章', activity: '植树' },
        { month: 4, study: '学习条例', activity: '参观' },
      ],
    })),
    malformed: (input) => ({ ...input, months: [{ month: 13, study: 'a', activity: 'b' }] }),
    rules: [onDissolvedBranch((branchId) => ({ branchId, year: 2018, months: [{ month: 3, study: 'a', activity: 'b' }] }))],
    writers: SECRETARY,
  },

  // ---------- reviews ----------
  {
    mutation: 'rateBranch',
    event: 'BranchRated',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, year: 2018, stars: 4 })),
    malformed: (input) => ({ ...input, stars: 6 }),
    rules: [
      ruleOnBranch('RATING_CAPPED_BY_SCREENING', async (f, _org, branchId) => {
        await f.screening(branchId, 2018, 'LAGGING');
        return { branchId, year: 2018, stars: 3 };
      }),
    ],
    writers: UNIT,
  },
  {
    mutation: 'recordHealthCheck',
    event: 'HealthCheckRecorded',
    takesExpectedVersion: true,
    arrange: onBranch((f, _org, branchId) => ({
      branchId, year: 2018, on: '2018-09-01', findings: [
        { findingId: f.id('finding'), area: 'VENUE', description: '缺少活动场所' },
        { findingId: f.id('finding'), area: 'SYSTEMS', description: '制度未上墙' },
      ],
    })),
    malformed: (input) => {
      const findings = input.findings as { findingId: string }[];
      return { ...input, findings: [findings[0], { ...findings[1], findingId: findings[0]!.findingId }] };
    },
    rules: [ruleOnBranch('DATE_IN_FUTURE', (f, _org, branchId) => ({
      branchId, year: 2018, on: FUTURE, findings: [{ findingId: f.id('finding'), area: 'TEAM', description: 'x' }],
    }))],
    writers: UNIT,
  },
  {
    mutation: 'resolveFinding',
    event: 'FindingResolved',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => ({ branchId, findingId: await f.finding(branchId), on: '2018-10-01', note: '已落实活动室' })),
    malformed: (input) => ({ ...input, note: '' }),
    rules: [
      ruleOnBranch('FINDING_ALREADY_RESOLVED', async (f, _org, branchId) => {
        const findingId = await f.finding(branchId);
        await f.must('resolveFinding', { branchId, findingId, on: '2018-10-01', note: 'done' });
        return { branchId, findingId, on: '2018-10-02', note: 'again' };
      }),
    ],
    writers: UNIT,
  },
  {
    mutation: 'reviewSecretary',
    event: 'SecretaryReviewed',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, year: 2018, grade: 'FAIRLY_GOOD' })),
    malformed: (input) => ({ ...input, year: 1800 }),
    rules: [onDissolvedBranch((branchId) => ({ branchId, year: 2018, grade: 'GOOD' }))],
    writers: UNIT,
  },

  // ---------- screening and the rectification ledger ----------
  {
    mutation: 'screenBranch',
    event: 'BranchScreened',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({
      branchId, year: 2018, on: '2018-03-15', outcome: 'WEAK_LAX', categories: ['SECRETARY_VACANT', 'RULES_ON_PAPER_ONLY'],
    })),
    malformed: (input) => ({ ...input, categories: ['SECRETARY_VACANT', 'SECRETARY_VACANT'] }),
    rules: [ruleOnBranch('DATE_IN_FUTURE', (_f, _org, branchId) => ({ branchId, year: 2018, on: FUTURE, outcome: 'NORMAL' }))],
    writers: UNIVERSITY,
  },
  {
    mutation: 'openRectificationCase',
    event: 'RectificationCaseOpened',
    takesExpectedVersion: true,
    arrange: async (f, org) => {
      const branchId = await f.branch(org);
      await f.screening(branchId, 2018, 'WEAK_LAX');
      const caseId = f.id('case');
      return {
        input: {
          branchId, caseId, year: 2018, categories: ['RULES_ON_PAPER_ONLY'], problems: ['三会一课流于形式'], causes: ['书记精力不足'],
          measures: ['校领导联系帮扶', '每月督查'], liaisonLeaderId: await f.person(org), responsiblePersonId: await f.person(org), deadline: '2018-12-31',
        },
        streamId: `branch-${branchId}`,
        branchId,
        createdId: caseId,
      };
    },
    malformed: (input) => ({ ...input, problems: [] }),
    rules: [
      ruleOnBranch('CASE_REQUIRES_WEAK_SCREENING', async (f, _org, branchId) => {
        await f.screening(branchId, 2018, 'NORMAL');
        return { branchId, year: 2018, categories: ['OTHER'], problems: ['p'], measures: ['m'], deadline: '2018-12-31' };
      }),
      ruleOnBranch('ONE_OPEN_CASE_PER_BRANCH', async (f, _org, branchId) => {
        await f.openCase(branchId);
        return { branchId, year: 2018, categories: ['OTHER'], problems: ['p'], measures: ['m'], deadline: '2018-12-31' };
      }),
    ],
    writers: UNIVERSITY,
  },
  {
    mutation: 'recordRectificationStep',
    event: 'RectificationStepRecorded',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => ({
      branchId, caseId: await f.openCase(branchId), on: '2018-08-01', kind: 'SECRETARY_REPLACED', note: '选优配强书记',
    })),
    malformed: (input) => ({ ...input, note: 'x'.repeat(4001) }),
    rules: [
      ruleOnBranch('CASE_CLOSED', async (f, _org, branchId) => ({
        branchId, caseId: await f.closedCase(branchId), on: '2018-12-01', kind: 'PROGRESS_NOTE',
      })),
    ],
    writers: SECRETARY,
  },
  {
    mutation: 'acceptRectification',
    event: 'RectificationAccepted',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => ({
      branchId, caseId: await f.openCase(branchId), on: '2018-11-01', passed: true, score: 92.5, acceptedBy: '校党委组织部', note: '验收通过',
    })),
    malformed: (input) => ({ ...input, score: 101 }),
    rules: [
      ruleOnBranch('CASE_CLOSED', async (f, _org, branchId) => ({
        branchId, caseId: await f.closedCase(branchId), on: '2018-12-01', passed: true, acceptedBy: '校党委组织部',
      })),
    ],
    writers: UNIVERSITY,
  },
  {
    mutation: 'closeRectificationCase',
    event: 'RectificationCaseClosed',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => {
      const caseId = await f.openCase(branchId);
      await f.acceptance(branchId, caseId, true);
      return { branchId, caseId, on: '2018-11-15' };
    }),
    malformed: (input) => ({ ...input, caseId: '' }),
    rules: [
      ruleOnBranch('CLOSE_REQUIRES_PASSED_ACCEPTANCE', async (f, _org, branchId) => {
        const caseId = await f.openCase(branchId);
        await f.acceptance(branchId, caseId, false);
        return { branchId, caseId, on: '2018-11-15' };
      }),
      ruleOnBranch('CASE_CLOSED', async (f, _org, branchId) => ({ branchId, caseId: await f.closedCase(branchId), on: '2018-11-20' })),
    ],
    writers: UNIVERSITY,
  },
  {
    mutation: 'reopenRectificationCase',
    event: 'RectificationCaseReopened',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, _org, branchId) => ({ branchId, caseId: await f.closedCase(branchId), on: '2018-12-01', reason: '回头看发现反弹' })),
    malformed: (input) => ({ ...input, reason: '' }),
    rules: [
      ruleOnBranch('REOPEN_REQUIRES_CLOSED_CASE', async (f, _org, branchId) => ({
        branchId, caseId: await f.openCase(branchId), on: '2018-12-01', reason: 'not closed',
      })),
    ],
    writers: UNIVERSITY,
  },

  // ---------- training ----------
  {
    mutation: 'holdTrainingSession',
    event: 'TrainingSessionHeld',
    takesExpectedVersion: false,
    arrange: async (f, org) => {
      const sessionId = f.id('session');
      return {
        input: {
          sessionId, organizer: 'UNIVERSITY', universityId: org.universityId, title: '党支部书记集中轮训', startsOn: '2018-07-02',
          endsOn: '2018-07-04', hours: 16.5,
        },
        streamId: `training-session-${sessionId}`,
        createdId: sessionId,
      };
    },
    malformed: (input) => ({ ...input, endsOn: '2018-07-01' }),
    rules: [
      {
        rule: 'DATE_IN_FUTURE',
        arrange: async (f, org) => ({
          sessionId: f.id('session'), organizer: 'UNIVERSITY', universityId: org.universityId, title: 'later', startsOn: FUTURE,
          endsOn: '2099-01-03', hours: 8,
        }),
      },
    ],
    writers: UNIVERSITY,
    scopeNote: 'a UNIVERSITY session; unit sessions are the unit admin\'s (training scope tests)',
  },
  {
    mutation: 'recordTrainingAttendance',
    event: 'TrainingAttendanceRecorded',
    takesExpectedVersion: true,
    arrange: async (f, org) => {
      const sessionId = await f.session('UNIVERSITY', org);
      const branchId = await f.branch(org);
      return {
        input: {
          sessionId, attendees: [
            { personId: await f.person(org), branchId, role: 'SECRETARY' },
            { personId: await f.person(org), branchId, role: 'DEPUTY_SECRETARY' },
          ],
        },
        streamId: `training-session-${sessionId}`,
        createdId: null,
      };
    },
    malformed: (input) => ({ ...input, attendees: [] }),
    rules: [
      {
        rule: 'ATTENDEE_ONCE_PER_SESSION',
        arrange: async (f, org) => {
          const sessionId = await f.session('UNIVERSITY', org);
          const branchId = await f.branch(org);
          const personId = await f.person(org);
          return { sessionId, attendees: [{ personId, branchId, role: 'SECRETARY' }, { personId, branchId, role: 'COMMITTEE_MEMBER' }] };
        },
      },
    ],
    writers: UNIVERSITY,
    scopeNote: 'at a UNIVERSITY session; the other organizers are covered by the training scope tests',
  },

  // ---------- the university's and units' own records ----------
  {
    mutation: 'recordBranchWorkStudy',
    event: 'BranchWorkStudied',
    takesExpectedVersion: true,
    arrange: async (_f, org) => ({
      input: { universityId: org.universityId, unitId: org.unitId, on: '2018-06-01', topic: '专题研究党支部标准化建设' },
      streamId: `university-${org.universityId}`,
      createdId: null,
    }),
    malformed: (input) => ({ ...input, topic: '' }),
    rules: [{ rule: 'DATE_IN_FUTURE', arrange: async (_f, org) => ({ universityId: org.universityId, unitId: org.unitId, on: FUTURE, topic: 't' }) }],
    writers: UNIT,
  },
  {
    mutation: 'recordPartyMembersHome',
    event: 'PartyMembersHomeBuilt',
    takesExpectedVersion: true,
    arrange: async (_f, org) => ({
      input: { universityId: org.universityId, unitId: org.unitId, on: '2018-06-01' },
      streamId: `university-${org.universityId}`,
      createdId: null,
    }),
    malformed: (input) => ({ ...input, unitId: '' }),
    rules: [{ rule: 'DATE_IN_FUTURE', arrange: async (_f, org) => ({ universityId: org.universityId, unitId: org.unitId, on: FUTURE }) }],
    writers: UNIT,
  },

  // ---------- other branch work ----------
  {
    mutation: 'assignLiaison',
    event: 'LiaisonAssigned',
    takesExpectedVersion: true,
    arrange: onBranch(async (f, org, branchId) => ({ branchId, liaisonLeaderId: await f.person(org), on: '2018-05-01' })),
    malformed: (input) => ({ ...input, liaisonLeaderId: '' }),
    rules: [ruleOnBranch('BEFORE_ESTABLISHMENT', async (f, org, branchId) => ({ branchId, liaisonLeaderId: await f.person(org), on: '2018-01-01' }))],
    writers: UNIT,
  },
  {
    mutation: 'recordPersonnelReview',
    event: 'PersonnelReviewRecorded',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, on: '2018-06-01', matter: 'PROMOTION', note: '职称评审政治把关' })),
    malformed: (input) => ({ ...input, note: 'x'.repeat(4001) }),
    rules: [ruleOnBranch('DATE_IN_FUTURE', (_f, _org, branchId) => ({ branchId, on: FUTURE, matter: 'HIRING' }))],
    writers: UNIT,
  },
  {
    mutation: 'allocateFunds',
    event: 'FundsAllocated',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, year: 2018, amountYuan: 5000 })),
    malformed: (input) => ({ ...input, amountYuan: -1 }),
    rules: [onDissolvedBranch((branchId) => ({ branchId, year: 2018, amountYuan: 100 }))],
    writers: UNIT,
  },
  {
    mutation: 'recordFundsUse',
    event: 'FundsUsed',
    takesExpectedVersion: true,
    arrange: onBranch((_f, _org, branchId) => ({ branchId, year: 2018, on: '2018-06-01', amountYuan: 1200.5, purpose: '购买学习资料' })),
    malformed: (input) => ({ ...input, purpose: '' }),
    rules: [ruleOnBranch('DATE_IN_FUTURE', (_f, _org, branchId) => ({ branchId, year: 2018, on: FUTURE, amountYuan: 1, purpose: 'p' }))],
    writers: UNIT,
  },

  // ---------- people and policy ----------
  {
    mutation: 'registerPerson',
    event: 'PersonRegistered',
    takesExpectedVersion: false,
    arrange: async (f, org) => {
      const personId = f.id('person');
      return { input: { personId, universityId: org.universityId, name: '李四' }, streamId: `person-${personId}`, createdId: personId };
    },
    malformed: (input) => ({ ...input, name: '' }),
    rules: [],
    writers: UNIVERSITY,
  },
  {
    mutation: 'publishPolicy',
    event: 'PolicyVersionPublished',
    takesExpectedVersion: false,
    arrange: async (f) => {
      const version = f.id('2018.test');
      return { input: { version, effectiveFrom: '2018-01-18', rules: BASELINE_RULES }, streamId: 'policy', createdId: version };
    },
    // an incomplete rule set: no TERM rule
    malformed: (input) => ({ ...input, rules: (input.rules as { code: string }[]).filter((rule) => rule.code !== 'TERM') }),
    rules: [],
    writers: NOBODY,
  },
];

/** Every mutation of the contract, erasePerson (its own file) included. */
export const CONTRACT_MUTATIONS = [...MUTATION_CASES.map((c) => c.mutation), 'erasePerson'];
