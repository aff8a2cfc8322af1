import { stateFrom } from '../decider.js';
import { deciderSpecification } from '../decider-specification.js';
import { AlreadyExistsError, InvalidInputError, NotFoundError, RuleViolatedError } from '../domain-errors.js';
import type {
  BranchCommand,
  ChangeCommitteeData,
  CorrectMeetingData,
  HoldElectionData,
  OpenRectificationCaseData,
  RecordMeetingData,
} from './branch-commands.js';
import type { EstablishedBranchState } from './branch-decider.js';
import { branchDecider, memberCountOn } from './branch-decider.js';
import type {
  BranchEstablishedData,
  BranchEvent,
  ElectionHeldData, MeetingHeldData, RectificationCaseOpenedData } from './branch-events.js';

const spec = deciderSpecification(branchDecider);

const branchId = 'b1';
const today = '2018-06-30';

// ---------- given events ----------

const establishedData: BranchEstablishedData = {
  branchId,
  universityId: '10001',
  unitId: 'physics',
  name: '物理学院教工第一党支部',
  kind: 'TEACHER',
  establishedOn: '2018-01-10',
  memberCount: 12,
};
const established: BranchEvent = { type: 'BranchEstablished', data: establishedData };
const smallBranch: BranchEvent = { type: 'BranchEstablished', data: { ...establishedData, memberCount: 5 } };
const dissolved: BranchEvent = { type: 'BranchDissolved', data: { on: '2018-05-01', reason: '撤销', mergedInto: null } };
const memberCount = (on: string, count: number): BranchEvent => ({ type: 'MemberCountReported', data: { on, count } });

const electionData: ElectionHeldData = {
  heldOn: '2018-03-01',
  termYears: 3,
  termEndsOn: '2021-03-01',
  secretary: { personId: 'sec', title: 'PROFESSOR', academicBackbone: true },
  deputySecretaryIds: ['dep'],
  committeeMemberIds: ['m1', 'm2', 'm3'],
  approvedOn: '2018-03-10',
};
const elected: BranchEvent = { type: 'ElectionHeld', data: electionData };
const electedSmall: BranchEvent = {
  type: 'ElectionHeld',
  data: { ...electionData, deputySecretaryIds: ['dep'], committeeMemberIds: [] },
};

const meetingData: MeetingHeldData = {
  meetingId: 'mt1',
  kinds: ['THEMED_PARTY_DAY', 'PARTY_LECTURE'],
  heldOn: '2018-05-20',
  place: '物理楼 101',
  expected: 12,
  present: 10,
  absentees: [
    { personId: 'p7', reason: '出差' },
    { personId: null, reason: '病假' },
  ],
  hostPersonId: 'sec',
  recorderPersonId: 'm1',
  topic: '学习党章',
  resolutions: ['按月开展主题党日'],
};
const meetingHeld: BranchEvent = { type: 'MeetingHeld', data: meetingData };
const meetingRetracted: BranchEvent = { type: 'MeetingRetracted', data: { meetingId: 'mt1', reason: '重复录入' } };

const screened = (year: number, outcome: 'NORMAL' | 'LAGGING' | 'WEAK_LAX', on = `${year}-04-01`): BranchEvent => ({
  type: 'BranchScreened',
  data: { year, on, outcome, categories: outcome === 'NORMAL' ? [] : ['RULES_ON_PAPER_ONLY'] },
});

const caseData: RectificationCaseOpenedData = {
  caseId: 'c1',
  year: 2018,
  categories: ['RULES_ON_PAPER_ONLY'],
  problems: ['三会一课不规范'],
  causes: ['书记精力不足'],
  measures: ['建立月度提醒'],
  liaisonLeaderId: 'leader',
  responsiblePersonId: 'sec',
  deadline: '2018-12-31',
  openedOn: '2018-04-10',
};
const caseOpened = (caseId = 'c1'): BranchEvent => ({ type: 'RectificationCaseOpened', data: { ...caseData, caseId } });
const accepted = (caseId = 'c1', passed = true): BranchEvent => ({
  type: 'RectificationAccepted',
  data: { caseId, on: '2018-05-10', passed, score: passed ? 92 : 55, acceptedBy: '校党委组织部', note: null },
});
const caseClosed = (caseId = 'c1'): BranchEvent => ({ type: 'RectificationCaseClosed', data: { caseId, on: '2018-05-15' } });
const caseReopened = (caseId = 'c1'): BranchEvent => ({
  type: 'RectificationCaseReopened',
  data: { caseId, on: '2018-06-01', reason: '回头看发现反弹' },
});
const healthChecked: BranchEvent = {
  type: 'HealthCheckRecorded',
  data: {
    year: 2018,
    on: '2018-04-20',
    findings: [
      { findingId: 'f1', area: 'VENUE', description: '缺少活动场所' },
      { findingId: 'f2', area: 'SYSTEMS', description: '制度不全' },
    ],
  },
};
const findingResolved: BranchEvent = {
  type: 'FindingResolved',
  data: { findingId: 'f1', on: '2018-05-01', note: '启用党员之家' },
};

// ---------- commands ----------

const holdElection = (data: Partial<HoldElectionData> = {}): BranchCommand => ({
  type: 'HoldElection',
  data: {
    branchId,
    heldOn: '2018-03-01',
    termYears: 3,
    secretary: { personId: 'sec', title: 'PROFESSOR', academicBackbone: true },
    deputySecretaryIds: ['dep'],
    committeeMemberIds: ['m1', 'm2', 'm3'],
    approvedOn: '2018-03-10',
    today,
    ...data,
  },
});
const changeCommittee = (data: Partial<ChangeCommitteeData>): BranchCommand => ({
  type: 'ChangeCommittee',
  data: { branchId, on: '2018-04-01', reason: '补选', today, ...data },
});
const recordMeeting = (data: Partial<RecordMeetingData> = {}): BranchCommand => ({
  type: 'RecordMeeting',
  data: {
    branchId,
    meetingId: 'mt1',
    kinds: ['THEMED_PARTY_DAY', 'PARTY_LECTURE'],
    heldOn: '2018-05-20',
    place: '物理楼 101',
    expected: 12,
    present: 10,
    absentees: [{ personId: 'p7', reason: '出差' }, { reason: '病假' }],
    hostPersonId: 'sec',
    recorderPersonId: 'm1',
    topic: '学习党章',
    resolutions: ['按月开展主题党日'],
    today,
    ...data,
  },
});
const correctMeeting = (data: Partial<CorrectMeetingData>): BranchCommand => ({
  type: 'CorrectMeeting',
  data: { branchId, meetingId: 'mt1', reason: '人数录错', today, ...data },
});
const openCase = (data: Partial<OpenRectificationCaseData> = {}): BranchCommand => ({
  type: 'OpenRectificationCase',
  data: {
    branchId,
    caseId: 'c1',
    year: 2018,
    categories: ['RULES_ON_PAPER_ONLY'],
    problems: ['三会一课不规范'],
    causes: ['书记精力不足'],
    measures: ['建立月度提醒'],
    liaisonLeaderId: 'leader',
    responsiblePersonId: 'sec',
    deadline: '2018-12-31',
    today: '2018-04-10',
    ...data,
  },
});
const rate = (stars: number, year = 2018): BranchCommand => ({ type: 'RateBranch', data: { branchId, year, stars } });
const closeCase = (caseId = 'c1'): BranchCommand => ({
  type: 'CloseRectificationCase',
  data: { branchId, caseId, on: '2018-06-20', today },
});
const reopenCase = (caseId = 'c1'): BranchCommand => ({
  type: 'ReopenRectificationCase',
  data: { branchId, caseId, on: '2018-06-25', reason: '回头看', today },
});

/** One valid command of each kind on an active branch, for the checks every command shares. */
const everyCommand: { [T in Exclude<BranchCommand['type'], 'EstablishBranch'>]: Extract<BranchCommand, { type: T }> } = {
  RenameBranch: { type: 'RenameBranch', data: { branchId, name: '新名称' } },
  MoveBranch: { type: 'MoveBranch', data: { branchId, unitId: 'chemistry', on: '2018-06-01', today } },
  DissolveBranch: { type: 'DissolveBranch', data: { branchId, on: '2018-06-01', reason: '撤销', today } },
  ReportMemberCount: { type: 'ReportMemberCount', data: { branchId, on: '2018-06-01', count: 13, today } },
  HoldElection: holdElection() as Extract<BranchCommand, { type: 'HoldElection' }>,
  ReplaceSecretary: {
    type: 'ReplaceSecretary',
    data: { branchId, on: '2018-06-01', secretary: { personId: 'x', title: 'LECTURER', academicBackbone: false }, reason: '调离', today },
  },
  ChangeCommittee: changeCommittee({ addIds: ['x'] }) as Extract<BranchCommand, { type: 'ChangeCommittee' }>,
  RecordMeeting: recordMeeting() as Extract<BranchCommand, { type: 'RecordMeeting' }>,
  CorrectMeeting: correctMeeting({ present: 9 }) as Extract<BranchCommand, { type: 'CorrectMeeting' }>,
  RetractMeeting: { type: 'RetractMeeting', data: { branchId, meetingId: 'mt1', reason: '重复' } },
  AdoptAnnualPlan: {
    type: 'AdoptAnnualPlan',
    data: { branchId, year: 2018, months: [{ month: 1, study: '学习', activity: '活动' }] },
  },
  RateBranch: { type: 'RateBranch', data: { branchId, year: 2018, stars: 4 } },
  RecordHealthCheck: {
    type: 'RecordHealthCheck',
    data: { branchId, year: 2018, on: '2018-06-01', findings: [], today },
  },
  ResolveFinding: { type: 'ResolveFinding', data: { branchId, findingId: 'f1', on: '2018-06-01', note: '整改', today } },
  ReviewSecretary: { type: 'ReviewSecretary', data: { branchId, year: 2018, grade: 'GOOD' } },
  ScreenBranch: { type: 'ScreenBranch', data: { branchId, year: 2018, on: '2018-06-01', outcome: 'NORMAL', today } },
  OpenRectificationCase: openCase() as Extract<BranchCommand, { type: 'OpenRectificationCase' }>,
  RecordRectificationStep: {
    type: 'RecordRectificationStep',
    data: { branchId, caseId: 'c1', on: '2018-06-01', kind: 'PROGRESS_NOTE', today },
  },
  AcceptRectification: {
    type: 'AcceptRectification',
    data: { branchId, caseId: 'c1', on: '2018-06-01', passed: true, acceptedBy: '校党委组织部', today },
  },
  CloseRectificationCase: closeCase() as Extract<BranchCommand, { type: 'CloseRectificationCase' }>,
  ReopenRectificationCase: reopenCase() as Extract<BranchCommand, { type: 'ReopenRectificationCase' }>,
  AssignLiaison: { type: 'AssignLiaison', data: { branchId, liaisonLeaderId: 'leader', on: '2018-06-01', today } },
  RecordPersonnelReview: {
    type: 'RecordPersonnelReview',
    data: { branchId, on: '2018-06-01', matter: 'PROMOTION', today },
  },
  AllocateFunds: { type: 'AllocateFunds', data: { branchId, year: 2018, amountYuan: 5000 } },
  RecordFundsUse: {
    type: 'RecordFundsUse',
    data: { branchId, year: 2018, on: '2018-06-01', amountYuan: 800, purpose: '购买学习资料', today },
  },
};

/** Commands dated by a field: the same command moved after today and before the establishment. */
const datedCommands: [string, (on: string) => BranchCommand, BranchEvent[]][] = [
  ['MoveBranch', (on) => ({ type: 'MoveBranch', data: { branchId, unitId: 'chemistry', on, today } }), []],
  ['DissolveBranch', (on) => ({ type: 'DissolveBranch', data: { branchId, on, reason: '撤销', today } }), []],
  ['ReportMemberCount', (on) => ({ type: 'ReportMemberCount', data: { branchId, on, count: 13, today } }), []],
  ['HoldElection', (on) => holdElection({ heldOn: on, approvedOn: null }), []],
  [
    'ReplaceSecretary',
    (on) => ({
      type: 'ReplaceSecretary',
      data: { branchId, on, secretary: { personId: 'x', title: 'OTHER', academicBackbone: false }, reason: '调离', today },
    }),
    [elected],
  ],
  ['ChangeCommittee', (on) => changeCommittee({ on, addIds: ['x'] }), [elected]],
  ['RecordMeeting', (on) => recordMeeting({ heldOn: on }), []],
  ['CorrectMeeting', (on) => correctMeeting({ heldOn: on }), [meetingHeld]],
  [
    'RecordHealthCheck',
    (on) => ({ type: 'RecordHealthCheck', data: { branchId, year: 2018, on, findings: [], today } }),
    [],
  ],
  [
    'ResolveFinding',
    (on) => ({ type: 'ResolveFinding', data: { branchId, findingId: 'f1', on, note: '整改', today } }),
    [healthChecked],
  ],
  [
    'ScreenBranch',
    (on) => ({ type: 'ScreenBranch', data: { branchId, year: 2018, on, outcome: 'WEAK_LAX', today } }),
    [],
  ],
  [
    'RecordRectificationStep',
    (on) => ({ type: 'RecordRectificationStep', data: { branchId, caseId: 'c1', on, kind: 'TRAINING', today } }),
    [screened(2018, 'WEAK_LAX'), caseOpened()],
  ],
  [
    'AcceptRectification',
    (on) => ({
      type: 'AcceptRectification',
      data: { branchId, caseId: 'c1', on, passed: true, acceptedBy: '校党委组织部', today },
    }),
    [screened(2018, 'WEAK_LAX'), caseOpened()],
  ],
  [
    'CloseRectificationCase',
    (on) => ({ type: 'CloseRectificationCase', data: { branchId, caseId: 'c1', on, today } }),
    [screened(2018, 'WEAK_LAX'), caseOpened(), accepted()],
  ],
  [
    'ReopenRectificationCase',
    (on) => ({ type: 'ReopenRectificationCase', data: { branchId, caseId: 'c1', on, reason: '回头看', today } }),
    [screened(2018, 'WEAK_LAX'), caseOpened(), accepted(), caseClosed()],
  ],
  [
    'AssignLiaison',
    (on) => ({ type: 'AssignLiaison', data: { branchId, liaisonLeaderId: 'leader', on, today } }),
    [],
  ],
  [
    'RecordPersonnelReview',
    (on) => ({ type: 'RecordPersonnelReview', data: { branchId, on, matter: 'HIRING', today } }),
    [],
  ],
  [
    'RecordFundsUse',
    (on) => ({ type: 'RecordFundsUse', data: { branchId, year: 2018, on, amountYuan: 100, purpose: '资料', today } }),
    [],
  ],
];

const officersOf = (events: BranchEvent[]) => (stateFrom(branchDecider, events) as EstablishedBranchState).officers;

describe('branch decider', () => {
  describe('every command', () => {
    it.each(Object.values(everyCommand).map((command) => [command.type, command] as const))(
      '%s on a branch never established is NOT_FOUND',
      (_, command) => {
        spec.given([]).when(command).thenThrows(NotFoundError, /branch b1/);
      },
    );

    it.each(Object.values(everyCommand).map((command) => [command.type, command] as const))(
      '%s on a dissolved branch is BRANCH_DISSOLVED',
      (_, command) => {
        spec
          .given([established, elected, meetingHeld, healthChecked, screened(2018, 'WEAK_LAX'), caseOpened(), dissolved])
          .when(command)
          .thenThrows(RuleViolatedError, 'BRANCH_DISSOLVED');
      },
    );

    it.each(datedCommands)('%s dated after today is DATE_IN_FUTURE', (_, command, given) => {
      spec
        .given([established, ...given])
        .when(command('2018-07-01'))
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });

    it.each(datedCommands)('%s dated before the establishment is BEFORE_ESTABLISHMENT', (_, command, given) => {
      spec
        .given([established, ...given])
        .when(command('2018-01-09'))
        .thenThrows(RuleViolatedError, 'BEFORE_ESTABLISHMENT');
    });

    it.each(datedCommands)('%s dated on the establishment day or today is recorded', (_, command, given) => {
      for (const on of ['2018-01-10', today]) {
        spec
          .given([established, ...given])
          .when(command(on))
          .thenEvents((events) => expect(events).toHaveLength(1));
      }
    });
  });

  describe('EstablishBranch', () => {
    const establish = (establishedOn = '2018-01-10'): BranchCommand => ({
      type: 'EstablishBranch',
      data: { ...establishedData, establishedOn, today },
    });

    it('establishes the branch (党支部成立)', () => {
      spec.given([]).when(establish()).then([established]);
    });

    it('refuses a branch that exists, dissolved or not', () => {
      spec.given([established]).when(establish()).thenThrows(AlreadyExistsError);
      spec.given([established, dissolved]).when(establish()).thenThrows(AlreadyExistsError);
    });

    it('refuses an establishment dated after today', () => {
      spec
        .given([])
        .when(establish('2018-07-01'))
        .thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });
  });

  describe('RenameBranch', () => {
    it('records the new name', () => {
      spec.given([established]).when(everyCommand.RenameBranch).then([{ type: 'BranchRenamed', data: { name: '新名称' } }]);
    });
  });

  describe('MoveBranch', () => {
    it('records the unit it leaves and the unit it joins', () => {
      spec
        .given([established])
        .when(everyCommand.MoveBranch)
        .then([{ type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-06-01' } }]);
    });

    it('moves on from the unit of the previous move', () => {
      spec
        .given([established, { type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-03-01' } }])
        .when({ type: 'MoveBranch', data: { branchId, unitId: 'physics', on: '2018-06-01', today } })
        .then([{ type: 'BranchMoved', data: { fromUnitId: 'chemistry', toUnitId: 'physics', on: '2018-06-01' } }]);
    });

    it('keeps the university and the current unit in the state', () => {
      const state = stateFrom(branchDecider, [
        established,
        { type: 'BranchMoved', data: { fromUnitId: 'physics', toUnitId: 'chemistry', on: '2018-03-01' } },
      ]);
      expect(state).toMatchObject({ status: 'ACTIVE', universityId: '10001', unitId: 'chemistry' });
    });

    it('refuses a move to the unit it is in', () => {
      spec
        .given([established])
        .when({ type: 'MoveBranch', data: { branchId, unitId: 'physics', on: '2018-06-01', today } })
        .thenThrows(InvalidInputError);
    });
  });

  describe('DissolveBranch', () => {
    it('dissolves the branch (撤销) with mergedInto null', () => {
      spec
        .given([established])
        .when(everyCommand.DissolveBranch)
        .then([{ type: 'BranchDissolved', data: { on: '2018-06-01', reason: '撤销', mergedInto: null } }]);
    });

    it('merges it into another branch (合并)', () => {
      spec
        .given([established])
        .when({ type: 'DissolveBranch', data: { branchId, on: '2018-06-01', reason: '合并', mergedInto: 'b2', today } })
        .then([{ type: 'BranchDissolved', data: { on: '2018-06-01', reason: '合并', mergedInto: 'b2' } }]);
    });

    it('refuses merging a branch into itself', () => {
      spec
        .given([established])
        .when({ type: 'DissolveBranch', data: { branchId, on: '2018-06-01', reason: '合并', mergedInto: branchId, today } })
        .thenThrows(InvalidInputError);
    });
  });

  describe('ReportMemberCount', () => {
    it('records the member count (党员人数) as of a day', () => {
      spec
        .given([established])
        .when(everyCommand.ReportMemberCount)
        .then([{ type: 'MemberCountReported', data: { on: '2018-06-01', count: 13 } }]);
    });

    it('keeps the timeline: the latest report on or before a day, else the establishment count', () => {
      const state = stateFrom(branchDecider, [
        established,
        memberCount('2018-05-01', 6),
        memberCount('2018-03-01', 8),
        memberCount('2018-05-01', 9),
      ]) as EstablishedBranchState;
      expect(memberCountOn(state, '2018-02-28')).toBe(12);
      expect(memberCountOn(state, '2018-03-01')).toBe(8);
      expect(memberCountOn(state, '2018-04-30')).toBe(8);
      expect(memberCountOn(state, '2018-05-01')).toBe(9);
    });
  });

  describe('HoldElection (换届选举)', () => {
    it('records the election with its term end', () => {
      spec.given([established]).when(holdElection()).then([elected]);
    });

    it('records absent lists as empty and a missing approval as null', () => {
      spec
        .given([smallBranch])
        .when(holdElection({ deputySecretaryIds: undefined, committeeMemberIds: null, approvedOn: undefined, termYears: 5 }))
        .then([
          {
            type: 'ElectionHeld',
            data: { ...electionData, termYears: 5, termEndsOn: '2023-03-01', deputySecretaryIds: [], committeeMemberIds: [], approvedOn: null },
          },
        ]);
    });

    it('ends a term begun on 29 February on 28 February', () => {
      spec
        .given([{ type: 'BranchEstablished', data: { ...establishedData, establishedOn: '2015-01-01' } }])
        .when(holdElection({ heldOn: '2016-02-29', approvedOn: null }))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { termEndsOn: '2019-02-28' } }));
    });

    it('replaces every officer', () => {
      const officers = officersOf([
        established,
        elected,
        { type: 'ElectionHeld', data: { ...electionData, heldOn: '2018-06-01', secretary: { ...electionData.secretary, personId: 'm1' }, deputySecretaryIds: [], committeeMemberIds: ['n1', 'n2'] } },
      ]);
      expect(officers).toEqual({ secretaryId: 'm1', deputySecretaryIds: [], committeeMemberIds: ['n1', 'n2'] });
    });

    it.each([0, 6, 2.5])('refuses a term of %s years (TERM_YEARS)', (termYears) => {
      spec.given([established]).when(holdElection({ termYears })).thenThrows(RuleViolatedError, 'TERM_YEARS');
    });

    it('accepts 3 and 7 people with 7 members or more', () => {
      spec
        .given([established, memberCount('2018-02-01', 7)])
        .when(holdElection({ deputySecretaryIds: [], committeeMemberIds: ['m1', 'm2'] }))
        .thenEvents((events) => expect(events).toHaveLength(1));
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: ['m1', 'm2', 'm3', 'm4'] }))
        .thenEvents((events) => expect(events).toHaveLength(1));
    });

    it('refuses fewer than 3 people with 7 members or more (COMMITTEE_SIZE)', () => {
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['dep'], committeeMemberIds: [] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses more than 7 people (COMMITTEE_SIZE)', () => {
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: ['m1', 'm2', 'm3', 'm4', 'm5'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('accepts a secretary alone, or with one deputy, under 7 members', () => {
      spec.given([smallBranch]).when(holdElection({ deputySecretaryIds: [], committeeMemberIds: [] })).thenEvents((e) => expect(e).toHaveLength(1));
      spec.given([smallBranch]).when(holdElection({ committeeMemberIds: [] })).then([electedSmall]);
    });

    it('refuses two deputies under 7 members (COMMITTEE_SIZE)', () => {
      spec
        .given([smallBranch])
        .when(holdElection({ deputySecretaryIds: ['d1', 'd2'], committeeMemberIds: [] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses committee members under 7 members (COMMITTEE_SIZE)', () => {
      spec
        .given([smallBranch])
        .when(holdElection({ deputySecretaryIds: [], committeeMemberIds: ['m1'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('measures the member count in force on the election date', () => {
      const given = [established, memberCount('2018-03-01', 6), memberCount('2018-05-01', 20)];
      // 6 members in force on 2018-03-01 and 2018-04-30: a five-person committee is too big
      spec.given(given).when(holdElection()).thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
      spec.given(given).when(holdElection({ heldOn: '2018-04-30', approvedOn: null })).thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
      // the establishment count (12) before the first report, 20 from 2018-05-01
      spec.given(given).when(holdElection({ heldOn: '2018-02-28', approvedOn: null })).thenEvents((e) => expect(e).toHaveLength(1));
      spec.given(given).when(holdElection({ heldOn: '2018-05-01', approvedOn: null })).thenEvents((e) => expect(e).toHaveLength(1));
    });

    it('refuses a person in two roles', () => {
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['sec'] }))
        .thenThrows(InvalidInputError);
      spec
        .given([established])
        .when(holdElection({ deputySecretaryIds: ['dep'], committeeMemberIds: ['m1', 'dep', 'm3'] }))
        .thenThrows(InvalidInputError);
    });

    it('refuses a person named twice in one role', () => {
      spec
        .given([established])
        .when(holdElection({ committeeMemberIds: ['m1', 'm1', 'm3'] }))
        .thenThrows(InvalidInputError);
    });

    it('refuses an approval dated after today (DATE_IN_FUTURE)', () => {
      spec.given([established]).when(holdElection({ approvedOn: '2018-07-01' })).thenThrows(RuleViolatedError, 'DATE_IN_FUTURE');
    });
  });

  describe('ReplaceSecretary', () => {
    const replace = (personId: string): BranchCommand => ({
      type: 'ReplaceSecretary',
      data: {
        branchId,
        on: '2018-06-01',
        secretary: { personId, title: 'ASSOCIATE_PROFESSOR', academicBackbone: false },
        reason: '调离',
        today,
      },
    });

    it('records the new secretary and the previous one', () => {
      spec
        .given([established, elected])
        .when(replace('new'))
        .then([
          {
            type: 'SecretaryReplaced',
            data: {
              on: '2018-06-01',
              secretary: { personId: 'new', title: 'ASSOCIATE_PROFESSOR', academicBackbone: false },
              previousSecretaryId: 'sec',
              reason: '调离',
            },
          },
        ]);
    });

    it('records a null previous secretary when the post is vacant', () => {
      spec
        .given([established])
        .when(replace('new'))
        .thenEvents(([event]) => expect(event).toMatchObject({ data: { previousSecretaryId: null } }));
    });

    it('moves a deputy into the post: the deputy role is left, the previous secretary leaves office', () => {
      const replaced = branchDecider.decide(replace('dep'), stateFrom(branchDecider, [established, elected]));
      expect(officersOf([established, elected, ...replaced])).toEqual({
        secretaryId: 'dep',
        deputySecretaryIds: [],
        committeeMemberIds: ['m1', 'm2', 'm3'],
      });
    });

    it('refuses naming the sitting secretary (OFFICER_CHANGE)', () => {
      spec.given([established, elected]).when(replace('sec')).thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });
  });

  describe('ChangeCommittee (补选/调整)', () => {
    it('adds committee members and removes officers', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ addIds: ['n1'], removeIds: ['m1'] }))
        .then([{ type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: ['n1'], removeIds: ['m1'], reason: '补选' } }]);
      expect(
        officersOf([established, elected, { type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: ['n1'], removeIds: ['m1', 'dep'], reason: '补选' } }]),
      ).toEqual({ secretaryId: 'sec', deputySecretaryIds: [], committeeMemberIds: ['m2', 'm3', 'n1'] });
    });

    it('records absent lists as empty', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ removeIds: ['m3'], addIds: null }))
        .then([{ type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: [], removeIds: ['m3'], reason: '补选' } }]);
    });

    it('removing the secretary leaves the post vacant', () => {
      spec.given([established, elected]).when(changeCommittee({ removeIds: ['sec'] })).thenEvents((e) => expect(e).toHaveLength(1));
      expect(
        officersOf([established, elected, { type: 'CommitteeChanged', data: { on: '2018-04-01', addIds: [], removeIds: ['sec'], reason: '免职' } }]),
      ).toEqual({ secretaryId: null, deputySecretaryIds: ['dep'], committeeMemberIds: ['m1', 'm2', 'm3'] });
    });

    it('refuses removing someone not in office (OFFICER_CHANGE)', () => {
      spec.given([established, elected]).when(changeCommittee({ removeIds: ['nobody'] })).thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });

    it('refuses adding someone in office (OFFICER_CHANGE)', () => {
      spec.given([established, elected]).when(changeCommittee({ addIds: ['dep'] })).thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });

    it('refuses removing a secretary already replaced (OFFICER_CHANGE)', () => {
      spec
        .given([
          established,
          elected,
          { type: 'SecretaryReplaced', data: { on: '2018-04-01', secretary: { personId: 'new', title: 'OTHER', academicBackbone: false }, previousSecretaryId: 'sec', reason: '调离' } },
        ])
        .when(changeCommittee({ on: '2018-05-01', removeIds: ['sec'] }))
        .thenThrows(RuleViolatedError, 'OFFICER_CHANGE');
    });

    it('refuses growing the committee beyond 7 (COMMITTEE_SIZE)', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ addIds: ['n1', 'n2', 'n3'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses shrinking it below 3 with 7 members or more (COMMITTEE_SIZE)', () => {
      spec
        .given([established, elected])
        .when(changeCommittee({ removeIds: ['dep', 'm1', 'm2'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses adding committee members under 7 members (COMMITTEE_SIZE)', () => {
      spec
        .given([smallBranch, electedSmall])
        .when(changeCommittee({ addIds: ['n1'] }))
        .thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('measures the limits on the change date', () => {
      const given = [established, elected, memberCount('2018-05-01', 5)];
      spec.given(given).when(changeCommittee({ on: '2018-04-30', addIds: ['n1'] })).thenEvents((e) => expect(e).toHaveLength(1));
      spec.given(given).when(changeCommittee({ on: '2018-05-01', addIds: ['n1'] })).thenThrows(RuleViolatedError, 'COMMITTEE_SIZE');
    });

    it('refuses a change naming nobody', () => {
      spec.given([established, elected]).when(changeCommittee({})).thenThrows(InvalidInputError);
    });

    it('refuses a person both added and removed, or named twice', () => {
      spec.given([established, elected]).when(changeCommittee({ addIds: ['m1'], removeIds: ['m1'] })).thenThrows(InvalidInputError);
      spec.given([established, elected]).when(changeCommittee({ addIds: ['n1', 'n1'] })).thenThrows(InvalidInputError);
    });
  });

  describe('RecordMeeting', () => {
    it('records the meeting, absent fields as null or empty', () => {
      spec.given([established]).when(recordMeeting()).then([meetingHeld]);
      spec
        .given([established])
        .when(
          recordMeeting({ place: undefined, absentees: null, hostPersonId: undefined, recorderPersonId: null, resolutions: undefined }),
        )
        .then([
          {
            type: 'MeetingHeld',
            data: { ...meetingData, place: null, absentees: [], hostPersonId: null, recorderPersonId: null, resolutions: [] },
          },
        ]);
    });

    it('refuses a meeting id already used, even retracted', () => {
      spec.given([established, meetingHeld]).when(recordMeeting()).thenThrows(AlreadyExistsError);
      spec.given([established, meetingHeld, meetingRetracted]).when(recordMeeting()).thenThrows(AlreadyExistsError);
    });

    it('refuses more present than expected', () => {
      spec.given([established]).when(recordMeeting({ expected: 9, present: 10 })).thenThrows(InvalidInputError);
    });
  });

  describe('CorrectMeeting', () => {
    it('records the corrected fields, null for those unchanged', () => {
      spec
        .given([established, meetingHeld])
        .when(correctMeeting({ present: 11, kinds: ['COMMITTEE'] }))
        .then([
          {
            type: 'MeetingCorrected',
            data: { meetingId: 'mt1', reason: '人数录错', kinds: ['COMMITTEE'], heldOn: null, expected: null, present: 11, topic: null },
          },
        ]);
    });

    it('checks attendance against the corrected values', () => {
      spec.given([established, meetingHeld]).when(correctMeeting({ expected: 9 })).thenThrows(InvalidInputError);
      spec.given([established, meetingHeld]).when(correctMeeting({ present: 13 })).thenThrows(InvalidInputError);
      spec.given([established, meetingHeld]).when(correctMeeting({ expected: 14, present: 13 })).thenEvents((e) => expect(e).toHaveLength(1));
      const corrected: BranchEvent = {
        type: 'MeetingCorrected',
        data: { meetingId: 'mt1', reason: '人数录错', kinds: null, heldOn: null, expected: 8, present: 8, topic: null },
      };
      spec.given([established, meetingHeld, corrected]).when(correctMeeting({ present: 9 })).thenThrows(InvalidInputError);
    });

    it('refuses a correction changing nothing', () => {
      spec.given([established, meetingHeld]).when(correctMeeting({ heldOn: null })).thenThrows(InvalidInputError);
    });

    it('refuses a meeting never recorded', () => {
      spec.given([established]).when(correctMeeting({ present: 9 })).thenThrows(NotFoundError, /meeting mt1/);
    });

    it('refuses a retracted meeting (MEETING_RETRACTED)', () => {
      spec
        .given([established, meetingHeld, meetingRetracted])
        .when(correctMeeting({ present: 9 }))
        .thenThrows(RuleViolatedError, 'MEETING_RETRACTED');
    });
  });

  describe('RetractMeeting', () => {
    it('retracts a meeting', () => {
      spec.given([established, meetingHeld]).when(everyCommand.RetractMeeting).then([
        { type: 'MeetingRetracted', data: { meetingId: 'mt1', reason: '重复' } },
      ]);
    });

    it('refuses a meeting never recorded', () => {
      spec.given([established]).when(everyCommand.RetractMeeting).thenThrows(NotFoundError, /meeting mt1/);
    });

    it('refuses a meeting retracted already (MEETING_RETRACTED)', () => {
      spec
        .given([established, meetingHeld, meetingRetracted])
        .when(everyCommand.RetractMeeting)
        .thenThrows(RuleViolatedError, 'MEETING_RETRACTED');
    });
  });

  describe('AdoptAnnualPlan (一表)', () => {
    it('records the months', () => {
      spec.given([established]).when(everyCommand.AdoptAnnualPlan).then([
        { type: 'AnnualPlanAdopted', data: { year: 2018, months: [{ month: 1, study: '学习', activity: '活动' }] } },
      ]);
    });

    it('refuses a month planned twice', () => {
      spec
        .given([established])
        .when({
          type: 'AdoptAnnualPlan',
          data: { branchId, year: 2018, months: [{ month: 3, study: 'a', activity: 'b' }, { month: 3, study: 'c', activity: 'd' }] },
        })
        .thenThrows(InvalidInputError);
    });
  });

  describe('RateBranch (评星定级)', () => {
    it('records the stars', () => {
      spec.given([established]).when(rate(5)).then([{ type: 'BranchRated', data: { year: 2018, stars: 5 } }]);
    });

    it.each(['WEAK_LAX', 'LAGGING'] as const)('refuses 3 stars or more in a year screened %s (RATING_CAPPED_BY_SCREENING)', (outcome) => {
      spec.given([established, screened(2018, outcome)]).when(rate(3)).thenThrows(RuleViolatedError, 'RATING_CAPPED_BY_SCREENING');
    });

    it('accepts 2 stars in a weak year, and any rating in another year', () => {
      spec.given([established, screened(2018, 'WEAK_LAX')]).when(rate(2)).thenEvents((e) => expect(e).toHaveLength(1));
      spec.given([established, screened(2018, 'WEAK_LAX')]).when(rate(5, 2019)).thenEvents((e) => expect(e).toHaveLength(1));
    });

    it('follows the latest screening of the year', () => {
      spec
        .given([established, screened(2018, 'WEAK_LAX', '2018-03-01'), screened(2018, 'NORMAL', '2018-06-01')])
        .when(rate(4))
        .thenEvents((e) => expect(e).toHaveLength(1));
      // a screening recorded later but dated earlier does not replace the one in force
      spec
        .given([established, screened(2018, 'WEAK_LAX', '2018-06-01'), screened(2018, 'NORMAL', '2018-03-01')])
        .when(rate(4))
        .thenThrows(RuleViolatedError, 'RATING_CAPPED_BY_SCREENING');
    });
  });

  describe('RecordHealthCheck (体检)', () => {
    it('records the findings', () => {
      spec
        .given([established])
        .when({
          type: 'RecordHealthCheck',
          data: {
            branchId,
            year: 2018,
            on: '2018-04-20',
            findings: [
              { findingId: 'f1', area: 'VENUE', description: '缺少活动场所' },
              { findingId: 'f2', area: 'SYSTEMS', description: '制度不全' },
            ],
            today,
          },
        })
        .then([healthChecked]);
    });

    it('refuses a finding id already used', () => {
      spec
        .given([established, healthChecked])
        .when({
          type: 'RecordHealthCheck',
          data: { branchId, year: 2019, on: '2018-06-01', findings: [{ findingId: 'f2', area: 'TEAM', description: 'x' }], today },
        })
        .thenThrows(AlreadyExistsError);
    });

    it('refuses a finding id named twice', () => {
      spec
        .given([established])
        .when({
          type: 'RecordHealthCheck',
          data: {
            branchId,
            year: 2018,
            on: '2018-06-01',
            findings: [
              { findingId: 'f9', area: 'TEAM', description: 'x' },
              { findingId: 'f9', area: 'VENUE', description: 'y' },
            ],
            today,
          },
        })
        .thenThrows(InvalidInputError);
    });
  });

  describe('ResolveFinding', () => {
    it('resolves a finding', () => {
      spec.given([established, healthChecked]).when(everyCommand.ResolveFinding).then([
        { type: 'FindingResolved', data: { findingId: 'f1', on: '2018-06-01', note: '整改' } },
      ]);
    });

    it('refuses a finding never recorded', () => {
      spec.given([established]).when(everyCommand.ResolveFinding).thenThrows(NotFoundError, /finding f1/);
    });

    it('refuses a finding resolved already (FINDING_ALREADY_RESOLVED)', () => {
      spec
        .given([established, healthChecked, findingResolved])
        .when(everyCommand.ResolveFinding)
        .thenThrows(RuleViolatedError, 'FINDING_ALREADY_RESOLVED');
    });
  });

  describe('ReviewSecretary (述职评议考核)', () => {
    it('records the grade', () => {
      spec.given([established]).when(everyCommand.ReviewSecretary).then([{ type: 'SecretaryReviewed', data: { year: 2018, grade: 'GOOD' } }]);
    });
  });

  describe('ScreenBranch (排查)', () => {
    it('records the outcome, absent categories as empty', () => {
      spec.given([established]).when(everyCommand.ScreenBranch).then([
        { type: 'BranchScreened', data: { year: 2018, on: '2018-06-01', outcome: 'NORMAL', categories: [] } },
      ]);
      spec
        .given([established])
        .when({
          type: 'ScreenBranch',
          data: { branchId, year: 2018, on: '2018-04-01', outcome: 'WEAK_LAX', categories: ['RULES_ON_PAPER_ONLY'], today },
        })
        .then([screened(2018, 'WEAK_LAX')]);
    });
  });

  describe('OpenRectificationCase (列入台账)', () => {
    const weak = [established, screened(2018, 'WEAK_LAX')];

    it('opens a case today with its plan (一支一策)', () => {
      spec.given(weak).when(openCase()).then([caseOpened()]);
      spec.given([established, screened(2018, 'LAGGING')]).when(openCase()).then([caseOpened()]);
    });

    it('records absent optional fields as null or empty', () => {
      spec
        .given(weak)
        .when(openCase({ causes: undefined, liaisonLeaderId: null, responsiblePersonId: undefined }))
        .then([{ type: 'RectificationCaseOpened', data: { ...caseData, causes: [], liaisonLeaderId: null, responsiblePersonId: null } }]);
    });

    it('refuses a case id already used', () => {
      spec.given([...weak, caseOpened()]).when(openCase()).thenThrows(AlreadyExistsError);
      spec.given([...weak, caseOpened(), accepted(), caseClosed()]).when(openCase()).thenThrows(AlreadyExistsError);
    });

    it('refuses a branch not screened weak for the year (CASE_REQUIRES_WEAK_SCREENING)', () => {
      spec.given([established]).when(openCase()).thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
      spec.given([established, screened(2018, 'NORMAL')]).when(openCase()).thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
      spec.given([established, screened(2017, 'WEAK_LAX')]).when(openCase()).thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
      spec
        .given([established, screened(2018, 'WEAK_LAX', '2018-03-01'), screened(2018, 'NORMAL', '2018-04-01')])
        .when(openCase())
        .thenThrows(RuleViolatedError, 'CASE_REQUIRES_WEAK_SCREENING');
    });

    it('refuses a second case while one is not closed (ONE_OPEN_CASE_PER_BRANCH)', () => {
      spec
        .given([...weak, caseOpened(), screened(2019, 'WEAK_LAX', '2018-06-01')])
        .when(openCase({ caseId: 'c2', year: 2019 }))
        .thenThrows(RuleViolatedError, 'ONE_OPEN_CASE_PER_BRANCH');
      spec
        .given([...weak, caseOpened(), accepted(), caseClosed(), caseReopened()])
        .when(openCase({ caseId: 'c2' }))
        .thenThrows(RuleViolatedError, 'ONE_OPEN_CASE_PER_BRANCH');
    });

    it('opens another case once the previous one is closed', () => {
      spec
        .given([...weak, caseOpened(), accepted(), caseClosed()])
        .when(openCase({ caseId: 'c2', today }))
        .then([{ type: 'RectificationCaseOpened', data: { ...caseData, caseId: 'c2', openedOn: today } }]);
    });
  });

  describe('RecordRectificationStep', () => {
    const open = [established, screened(2018, 'WEAK_LAX'), caseOpened()];

    it('records a step on an open case', () => {
      spec.given(open).when(everyCommand.RecordRectificationStep).then([
        { type: 'RectificationStepRecorded', data: { caseId: 'c1', on: '2018-06-01', kind: 'PROGRESS_NOTE', note: null } },
      ]);
    });

    it('treats a SECRETARY_REPLACED step as a note: officers stay', () => {
      const step: BranchEvent = {
        type: 'RectificationStepRecorded',
        data: { caseId: 'c1', on: '2018-06-01', kind: 'SECRETARY_REPLACED', note: '选优配强' },
      };
      expect(officersOf([...open, elected, step])).toEqual(officersOf([...open, elected]));
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(everyCommand.RecordRectificationStep).thenThrows(NotFoundError, /case c1/);
    });

    it('refuses a closed case (CASE_CLOSED)', () => {
      spec
        .given([...open, accepted(), caseClosed()])
        .when(everyCommand.RecordRectificationStep)
        .thenThrows(RuleViolatedError, 'CASE_CLOSED');
    });

    it('records steps on a reopened case', () => {
      spec
        .given([...open, accepted(), caseClosed(), caseReopened()])
        .when(everyCommand.RecordRectificationStep)
        .thenEvents((e) => expect(e).toHaveLength(1));
    });
  });

  describe('AcceptRectification (验收)', () => {
    const open = [established, screened(2018, 'WEAK_LAX'), caseOpened()];

    it('records a passed or failed acceptance', () => {
      spec.given(open).when(everyCommand.AcceptRectification).then([
        { type: 'RectificationAccepted', data: { caseId: 'c1', on: '2018-06-01', passed: true, score: null, acceptedBy: '校党委组织部', note: null } },
      ]);
      spec
        .given(open)
        .when({
          type: 'AcceptRectification',
          data: { branchId, caseId: 'c1', on: '2018-06-01', passed: false, score: 58.5, acceptedBy: '校党委组织部', note: '未达标', today },
        })
        .then([
          { type: 'RectificationAccepted', data: { caseId: 'c1', on: '2018-06-01', passed: false, score: 58.5, acceptedBy: '校党委组织部', note: '未达标' } },
        ]);
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(everyCommand.AcceptRectification).thenThrows(NotFoundError, /case c1/);
    });

    it('refuses a closed case (CASE_CLOSED)', () => {
      spec
        .given([...open, accepted(), caseClosed()])
        .when(everyCommand.AcceptRectification)
        .thenThrows(RuleViolatedError, 'CASE_CLOSED');
    });
  });

  describe('CloseRectificationCase (销账)', () => {
    const open = [established, screened(2018, 'WEAK_LAX'), caseOpened()];

    it('closes a case after a passed acceptance', () => {
      spec.given([...open, accepted()]).when(closeCase()).then([
        { type: 'RectificationCaseClosed', data: { caseId: 'c1', on: '2018-06-20' } },
      ]);
    });

    it('closes a case whose passed acceptance was followed by a failed one', () => {
      spec.given([...open, accepted(), accepted('c1', false)]).when(closeCase()).thenEvents((e) => expect(e).toHaveLength(1));
    });

    it('refuses closing without a passed acceptance (CLOSE_REQUIRES_PASSED_ACCEPTANCE)', () => {
      spec.given(open).when(closeCase()).thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
      spec.given([...open, accepted('c1', false)]).when(closeCase()).thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
    });

    it('needs a new passed acceptance after a reopening', () => {
      const reopened = [...open, accepted(), caseClosed(), caseReopened()];
      spec.given(reopened).when(closeCase()).thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
      spec.given([...reopened, accepted()]).when(closeCase()).thenEvents((e) => expect(e).toHaveLength(1));
    });

    it('ignores an acceptance of another case', () => {
      spec
        .given([...open, accepted(), caseClosed(), screened(2018, 'LAGGING', '2018-05-20'), caseOpened('c2')])
        .when(closeCase('c2'))
        .thenThrows(RuleViolatedError, 'CLOSE_REQUIRES_PASSED_ACCEPTANCE');
    });

    it('refuses closing a closed case (CASE_CLOSED)', () => {
      spec.given([...open, accepted(), caseClosed()]).when(closeCase()).thenThrows(RuleViolatedError, 'CASE_CLOSED');
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(closeCase()).thenThrows(NotFoundError, /case c1/);
    });
  });

  describe('ReopenRectificationCase (回头看)', () => {
    const closed = [established, screened(2018, 'WEAK_LAX'), caseOpened(), accepted(), caseClosed()];

    it('reopens a closed case', () => {
      spec.given(closed).when(reopenCase()).then([
        { type: 'RectificationCaseReopened', data: { caseId: 'c1', on: '2018-06-25', reason: '回头看' } },
      ]);
    });

    it('refuses a case that is not closed (REOPEN_REQUIRES_CLOSED_CASE)', () => {
      spec
        .given([established, screened(2018, 'WEAK_LAX'), caseOpened()])
        .when(reopenCase())
        .thenThrows(RuleViolatedError, 'REOPEN_REQUIRES_CLOSED_CASE');
      spec.given([...closed, caseReopened()]).when(reopenCase()).thenThrows(RuleViolatedError, 'REOPEN_REQUIRES_CLOSED_CASE');
    });

    it('refuses reopening while another case is open (ONE_OPEN_CASE_PER_BRANCH)', () => {
      spec
        .given([...closed, caseOpened('c2')])
        .when(reopenCase())
        .thenThrows(RuleViolatedError, 'ONE_OPEN_CASE_PER_BRANCH');
    });

    it('refuses a case never opened', () => {
      spec.given([established]).when(reopenCase()).thenThrows(NotFoundError, /case c1/);
    });
  });

  describe('AssignLiaison (联系指导)', () => {
    it('records the liaison leader', () => {
      spec.given([established]).when(everyCommand.AssignLiaison).then([
        { type: 'LiaisonAssigned', data: { liaisonLeaderId: 'leader', on: '2018-06-01' } },
      ]);
    });
  });

  describe('RecordPersonnelReview (把好政治关、师德关)', () => {
    it('records the review, a missing note as null', () => {
      spec.given([established]).when(everyCommand.RecordPersonnelReview).then([
        { type: 'PersonnelReviewRecorded', data: { on: '2018-06-01', matter: 'PROMOTION', note: null } },
      ]);
    });
  });

  describe('AllocateFunds and RecordFundsUse (活动经费)', () => {
    it('records an allocation', () => {
      spec.given([established]).when(everyCommand.AllocateFunds).then([
        { type: 'FundsAllocated', data: { year: 2018, amountYuan: 5000 } },
      ]);
    });

    it('records a use', () => {
      spec.given([established]).when(everyCommand.RecordFundsUse).then([
        { type: 'FundsUsed', data: { year: 2018, on: '2018-06-01', amountYuan: 800, purpose: '购买学习资料' } },
      ]);
    });
  });

  /** The sample commands above are valid, so the shared NOT_FOUND and BRANCH_DISSOLVED checks are the only reason they fail there. */
  describe('every sample command decided on an active branch', () => {
    const given = [
      established,
      elected,
      meetingHeld,
      healthChecked,
      screened(2018, 'WEAK_LAX'),
      caseOpened(),
      accepted(),
    ];
    const decidable = Object.values(everyCommand).filter(
      (command) => !['RecordMeeting', 'RateBranch', 'OpenRectificationCase', 'ReopenRectificationCase'].includes(command.type),
    );

    it.each(decidable.map((command) => [command.type, command] as const))('%s records one event', (_, command) => {
      spec.given(given).when(command).thenEvents((events) => expect(events).toHaveLength(1));
    });
  });
});
